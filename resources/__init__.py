"""Bundled files: icons, sample reports (installed as the package ``nianbao_resources``; found by
core/resources.py from source, installed and frozen). No code lives here."""
