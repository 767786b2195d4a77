import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def seed_docx(tmp_path_factory):
    """The five seeds rebuilt as .docx in the official layout: {"000": Path, ...}."""
    from tests.fixtures.docx_builder import build_docx
    from tests.fixtures.seeds import SEEDS

    folder = tmp_path_factory.mktemp("seeds")
    return {key: build_docx(spec, folder / f"seed{key}.docx") for key, spec in SEEDS.items()}


@pytest.fixture(autouse=True)
def _profile(tmp_path_factory, monkeypatch):
    """Every test gets its own profile folder (the archive lives there): nothing is ever written into
    the real profile, and no test sees another test's archive. Subprocesses inherit it."""
    monkeypatch.setenv("NIANBAO_PROFILE", str(tmp_path_factory.mktemp("profile")))
