"""The local archive: migration from an older schema, two processes writing at once, a damaged
file, a profile folder that cannot be written, list / forget / off / on."""

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.engine_helpers import standard_spec
from tests.fixtures import build_docx
from tests.fixtures.years import break_carry_over, previous_year

ROOT = Path(__file__).resolve().parent.parent


def run(*args):
    return subprocess.run([sys.executable, "-m", "core", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=180)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("arch")
    this = standard_spec("000")
    prev = previous_year(this, 2022)
    return {"prev": build_docx(prev, d / "2021.docx"), "this": build_docx(this, d / "2022.docx"),
            "broken": build_docx(break_carry_over(this, "natural", 3), d / "2022-错.docx")}


def _snap(path):
    from core.check import check_path
    from core.snapshot import file_sha256, snapshot_of

    r = check_path(path)
    return snapshot_of(r.report, r.findings, file=path, sha256=file_sha256(path))


def test_profile_is_the_tests_own(tmp_path):
    from core.archive import profile_dir

    assert os.environ["NIANBAO_PROFILE"] == str(profile_dir())
    assert Path.home() not in profile_dir().parents or "pytest" in str(profile_dir())


def test_record_lookup_and_every_value_stored(files):
    from core.archive import Archive

    arch = Archive()
    assert arch.enabled and arch.notice is None
    assert arch.path.parent == Path(os.environ["NIANBAO_PROFILE"])
    rid = arch.record(_snap(files["prev"]))
    this = _snap(files["this"])
    prev = arch.previous_for(this)
    assert prev is not None and prev.archive_id == rid and prev.year == 2021
    assert prev.value("三", "carried_out", "natural") == Decimal(14)
    assert prev.value("二", "fees", "amount") == Decimal("3408.6815")
    n_cells = arch.conn.execute("SELECT count(*) FROM cells WHERE report_id=?", (rid,)).fetchone()[0]
    assert n_cells == len(prev.values) > 180
    secs = dict(arch.conn.execute("SELECT section, text FROM sections WHERE report_id=?", (rid,)).fetchall())
    assert "一" in secs and secs["一"]
    assert arch.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # the same file checked again replaces its entry
    arch.record(_snap(files["prev"]))
    assert len(arch.entries()) == 1
    # another agency's report of the year before is not last year's report
    other = _snap(files["this"])
    other.agency, other.year = "北京市密云区人民政府", 2023
    assert arch.previous_for(other) is None
    arch.close()


def _write_v1(db: Path, snaps) -> None:
    """An archive as version 1 of the program wrote it (schema written out here, not taken from core)."""
    conn = sqlite3.connect(db)
    conn.executescript("""
        CREATE TABLE schema_version (version INTEGER NOT NULL);
        CREATE TABLE reports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            agency TEXT, year INTEGER, format TEXT, file TEXT NOT NULL, sha256 TEXT,
            checked_at TEXT NOT NULL, snapshot TEXT NOT NULL
        );
        INSERT INTO schema_version (version) VALUES (1);
    """)
    for s in snaps:
        conn.execute("INSERT INTO reports (agency, year, format, file, sha256, checked_at, snapshot) VALUES (?,?,?,?,?,?,?)",
                     (s.agency, s.year, s.format, s.file, s.sha256, "2023-01-05 10:00:00",
                      json.dumps(s.to_dict(), ensure_ascii=False)))
    conn.commit()
    conn.close()


def test_migration_from_v1(files, tmp_path):
    from core.archive import SCHEMA_VERSION, Archive

    folder = tmp_path / "old-profile"
    folder.mkdir()
    _write_v1(folder / "archive.db", [_snap(files["prev"])])
    arch = Archive(folder)
    assert arch.enabled, arch.notice
    assert arch.conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION == 2
    (entry,) = arch.entries()
    assert entry.agency == "北京市怀柔区人民政府" and entry.year == 2021 and entry.warnings >= 0
    # the new columns and tables are filled from the old data
    key, name = arch.conn.execute("SELECT agency_key, file_name FROM reports").fetchone()
    assert key == "北京市怀柔区政府" and name == "2021.docx"
    assert arch.conn.execute("SELECT count(*) FROM cells").fetchone()[0] > 180
    prev = arch.previous_for(_snap(files["this"]))
    assert prev is not None and prev.value("三", "carried_out", "total") == Decimal(14)
    arch.close()
    # opening again is a no-op
    again = Archive(folder)
    assert again.enabled and len(again.entries()) == 1
    again.close()


def test_newer_schema_is_left_alone(tmp_path):
    from core.archive import Archive

    folder = tmp_path / "p"
    folder.mkdir()
    conn = sqlite3.connect(folder / "archive.db")
    conn.executescript("CREATE TABLE schema_version (version INTEGER); INSERT INTO schema_version VALUES (9);")
    conn.close()
    arch = Archive(folder)
    assert not arch.enabled and "更新版本" in arch.notice
    assert (folder / "archive.db").exists()


def _writer(args):
    folder, path, n, tag = args
    from core.archive import Archive
    from core.snapshot import Snapshot

    base = Snapshot.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    arch = Archive(Path(folder))
    ids = []
    for i in range(n):
        base.sha256 = f"{tag}-{i}"
        base.file = f"/x/{tag}-{i}.docx"
        ids.append(arch.record(base))
    notice = arch.notice
    arch.close()
    return ids, notice


def test_two_processes_writing_at_once(files, tmp_path):
    from core.archive import Archive

    snap_file = tmp_path / "snap.json"
    snap_file.write_text(json.dumps(_snap(files["prev"]).to_dict(), ensure_ascii=False), encoding="utf-8")
    folder = tmp_path / "shared"
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        out = pool.map(_writer, [(str(folder), str(snap_file), 15, "a"), (str(folder), str(snap_file), 15, "b")])
    for ids, notice in out:
        assert notice is None and all(isinstance(i, int) for i in ids)
    arch = Archive(folder)
    assert len(arch.entries()) == 30
    assert arch.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert arch.conn.execute("SELECT count(DISTINCT report_id) FROM cells").fetchone()[0] == 30
    arch.close()


def test_damaged_file_is_set_aside(files, tmp_path):
    from core.archive import Archive

    folder = tmp_path / "p"
    arch = Archive(folder)
    arch.record(_snap(files["prev"]))
    arch.close()
    db = folder / "archive.db"
    data = bytearray(db.read_bytes())
    data[:100] = b"\x00garbage" * 12 + b"\x00" * 4  # the header is gone
    db.write_bytes(bytes(data))
    for side in ("archive.db-wal", "archive.db-shm"):
        (folder / side).unlink(missing_ok=True)
    arch = Archive(folder)
    assert arch.enabled
    assert "已损坏" in arch.notice and "damaged" in arch.notice
    aside = list(folder.glob("archive.db.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes()[:20] == bytes(data[:20])  # kept, not deleted
    assert arch.entries() == []
    assert arch.record(_snap(files["prev"])) is not None
    arch.close()
    # the check itself goes on with a damaged archive
    db.write_bytes(b"not a database at all" * 100)
    r = run("check", files["this"])
    assert r.returncode == 0 and "Traceback" not in r.stderr


def test_damage_found_in_use_sets_the_file_aside(files, tmp_path):
    """Opening reads only the header and the schema (the whole-file check costs ~90 ms at 1000
    reports, on every check): a damaged page found later, by the lookup or the write, sets the
    file aside and starts a new archive then — nothing lost, the check goes on, the report stored."""
    from core.archive import Archive, check_with_archive

    folder = tmp_path / "p"
    arch = Archive(folder)
    snap = _snap(files["prev"])
    for i in range(40):  # a few hundred KB: many pages besides the first (the schema)
        snap.agency, snap.sha256 = f"单位{i}", f"x{i}"
        arch.record(snap)
    page = arch.conn.execute("PRAGMA page_size").fetchone()[0]
    version_page = arch.conn.execute("SELECT rootpage FROM sqlite_master WHERE name='schema_version'").fetchone()[0]
    arch.close()
    db = folder / "archive.db"
    data = bytearray(db.read_bytes())
    assert len(data) > 20 * page
    for number in range(2, len(data) // page + 1):  # every page but the schema's and the version's
        if number != version_page:
            start = (number - 1) * page
            data[start:start + page] = bytes((start + i) * 7 % 251 for i in range(page))
    db.write_bytes(bytes(data))
    for side in ("archive.db-wal", "archive.db-shm"):
        (folder / side).unlink(missing_ok=True)
    arch = Archive(folder)
    assert arch.enabled and arch.notice is None  # the header and the schema are sound
    result, arch = check_with_archive(files["this"], archive=arch)
    assert result.errors == 0 and result.crossyear is None
    assert arch.enabled and "已损坏" in arch.notice
    aside = list(folder.glob("archive.db.damaged-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == bytes(data)  # kept as it was
    entries = arch.entries()
    assert [e.file_name for e in entries] == [files["this"].name]  # stored in the new archive
    arch.close()
    full = Archive(folder, full_check=True)  # the archive command checks the whole file
    assert full.enabled and full.notice is None and len(full.entries()) == 1
    full.close()


def test_an_unchanged_recheck_writes_nothing(files, tmp_path):
    """The same file with the same results is stored already: no write (no wait for the disk), the
    same entry; a changed result replaces it, as before."""
    from core.archive import Archive

    arch = Archive(tmp_path / "p")
    snap = _snap(files["prev"])
    rid = arch.record(snap)
    changes = arch.conn.total_changes
    assert arch.record(_snap(files["prev"])) == rid and arch.conn.total_changes == changes
    assert [e.id for e in arch.entries()] == [rid]
    snap.errors += 1  # the same file, another result (e.g. last year's report found since)
    new = arch.record(snap)
    assert new != rid and [e.id for e in arch.entries()] == [new] and arch.entries()[0].errors == snap.errors
    arch.close()


def test_a_current_archive_is_opened_without_writing(files, tmp_path):
    """Opening a current archive takes no write lock (another window may hold it for a long write)."""
    from core.archive import Archive

    folder = tmp_path / "p"
    Archive(folder).close()
    holder = sqlite3.connect(str(folder / "archive.db"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        arch = Archive(folder)
        assert arch.enabled and arch.notice is None and arch.entries() == []
        arch.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_profile_that_cannot_be_written(files, tmp_path):
    from core.archive import Archive, check_with_archive

    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    arch = Archive(blocker / "profile")
    assert not arch.enabled and "档案" in arch.notice
    assert arch.record(_snap(files["prev"])) is None and arch.entries() == [] and arch.previous_for(_snap(files["this"])) is None
    result, arch = check_with_archive(files["this"], archive=arch)
    assert result.errors == 0 and result.crossyear is None


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_profile_folder(files, tmp_path):
    from core.archive import Archive

    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        arch = Archive(folder)
        assert not arch.enabled and arch.notice
    finally:
        folder.chmod(0o700)


def test_read_only_profile_through_the_cli(files, tmp_path):
    blocker = tmp_path / "f"
    blocker.write_text("x")
    env = dict(os.environ, NIANBAO_PROFILE=str(blocker / "p"))
    p = subprocess.run([sys.executable, "-m", "core", "check", str(files["this"])], cwd=ROOT, env=env,
                       capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert p.returncode == 0 and "本次不使用档案" in p.stderr and "Traceback" not in p.stderr


def test_cli_list_forget_off_on(files):
    assert run("check", files["prev"]).returncode == 0
    p = run("archive", "list", "--json")
    entries = json.loads(p.stdout)
    assert len(entries) == 1 and entries[0]["year"] == 2021
    p = run("archive", "list")
    assert "北京市怀柔区人民政府 2021 年度" in p.stdout and f"编号 {entries[0]['id']}" in p.stdout
    # off: no lookup, no recording
    assert "已关闭" in run("archive", "off").stdout
    p = run("check", "--json", files["broken"])
    assert p.returncode == 0 and "crossyear" not in json.loads(p.stdout)
    assert len(json.loads(run("archive", "list", "--json").stdout)) == 1
    assert "已打开" in run("archive", "on").stdout
    p = run("check", "--json", files["broken"])
    assert p.returncode == 1 and json.loads(p.stdout)["crossyear"]["previous"]["archive_id"] == entries[0]["id"]
    p = run("archive", "forget", entries[0]["id"])
    assert p.returncode == 0 and "已从本机档案中删除" in p.stdout
    assert files["prev"].exists()  # the report itself is untouched
    left = json.loads(run("archive", "list", "--json").stdout)
    assert [e["year"] for e in left] == [2022]
    p = run("archive", "forget", 999)
    assert p.returncode == 2 and "没有编号 999" in p.stderr
