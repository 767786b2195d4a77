"""Bad PDFs end in a ReadError with a Chinese message — bounded in time and memory, never a
traceback or a hang. Each case runs in a child process under a memory limit (1.5 GB address
space) and a generous wall-clock guard (a hang fails the test; no speed is asserted here — the
figures are in benchmarks/bench_pdf.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures import pdf_fixtures as F

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))
from pathlib import Path
from core.readers.pdf import read_pdf
from core.readers import ReadError
p = Path(sys.argv[1])
t = time.monotonic()
try:
    doc = read_pdf(p, p.read_bytes())
    out = {"ok": True, "paragraphs": [x.text for x in doc.paragraphs][:5], "notes": doc.notes, "grids": len(doc.grids)}
except ReadError as e:
    out = {"ok": False, "reason": e.reason, "message": e.message}
out["seconds"] = time.monotonic() - t
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out, ensure_ascii=False))
"""


def run_reader(path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=120,
                          env=env, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _chinese(msg: str) -> bool:
    return sum(1 for ch in msg if "\u4e00" <= ch <= "\u9fff") >= 8


BAD = {
    "truncated": lambda: F.truncated_pdf(F.text_pdf(["Report 2024", "Line two"]), 0.6),
    "garbage": F.garbage_pdf,
    "xref_loop": F.xref_loop_pdf,
    "flate_bomb": lambda: F.flate_bomb_pdf(1 << 30),
    # a small file (~70 KB): its stream's length is checked, and 70 KB can inflate past 64 MB
    "flate_bomb_small": lambda: F.flate_bomb_pdf(72 << 20),
    # deflated twice: a few KB that inflate to 1 GB through the second filter
    "flate_bomb_two_layers": lambda: F.flate_bomb_pdf(1 << 30, layers=2),
    "flate_bomb_three_layers": lambda: F.flate_bomb_pdf(1 << 30, layers=3),
    "huge_image": F.huge_image_pdf,
    "scanned": F.scanned_pdf,
    "password": lambda: F.encrypted_pdf("secret"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_pdf_gives_a_chinese_message(tmp_path, case):
    path = tmp_path / f"{case}.pdf"
    path.write_bytes(BAD[case]())
    out = run_reader(path)
    assert out["ok"] is False, out
    assert _chinese(out["message"]) and path.name in out["message"], out
    if case in ("scanned", "huge_image"):
        assert "扫描图片" in out["message"] and "OCR" in out["message"]
    if case == "password":
        assert "密码" in out["message"] and out["reason"] == "encrypted"
    if case.startswith("flate_bomb"):
        assert "异常巨大" in out["message"]


def test_owner_password_only_is_read(tmp_path):
    path = tmp_path / "owner.pdf"
    path.write_bytes(F.encrypted_pdf("", "owner-secret", ["Annual report 2024"]))
    out = run_reader(path)
    assert out["ok"] is True and out["paragraphs"] == ["Annual report 2024"]


def test_ten_thousand_pages_read_only_the_first_pages(tmp_path):
    path = tmp_path / "many.pdf"
    path.write_bytes(F.many_pages_pdf(10_000))
    out = run_reader(path)
    assert out["ok"] is True
    assert any("10000 页" in n and "只读取了前" in n for n in out["notes"])


def test_deeply_nested_objects(tmp_path):
    path = tmp_path / "deep.pdf"
    path.write_bytes(F.deep_nesting_pdf(100_000))
    out = run_reader(path)
    # PDFium caps nesting; the page itself is fine, its text is read
    assert out["ok"] is True and out["paragraphs"] == ["Deep"]


def test_empty_and_not_a_pdf(tmp_path):
    from core.readers import ReadError
    from core.readers.pdf import read_pdf

    for data in (b"", b"%PDF-1.4\n", b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF"):
        with pytest.raises(ReadError) as e:
            read_pdf(tmp_path / "x.pdf", data)
        assert _chinese(e.value.message)
