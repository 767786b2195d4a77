"""政府信息公开工作年度报告核查 — the checking engine (no Qt here)."""

__version__ = "0.1.0"
