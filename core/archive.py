"""The local archive of checked reports: an SQLite database (standard library) in the user's
profile folder — never beside the program, never sent anywhere.

For every report checked it keeps the agency (as written and in the normal form the batch compares
names in), the year, the format, the file's name, path and SHA-256, every table value, the text of
each section (for W-copy) and a summary of the findings. When a report is checked with the archive
on, last year's report of the same agency is looked up and the cross-year checks run by themselves.

Safety: a schema version table and migrations (``MIGRATIONS``); WAL journal, one transaction per
write and a busy timeout, so two windows (two processes) can write at once; a damaged database file
is renamed aside (``archive.db.damaged-<time>``) and a new one started; a profile folder that cannot
be written turns the archive off with a notice (``Archive.notice``), never an exception.

``NIANBAO_PROFILE`` overrides the profile folder (the tests use a temporary one).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

from .fastdc import dataclass  # = dataclasses.dataclass, cheaper at import (start-up)
from .snapshot import Snapshot, file_sha256, snapshot_of
from .text import normalize_name

ORGANIZATION = "NianbaoChecker"  # the same folder names the window's QStandardPaths uses
APPLICATION = "nianbao-checker"
DB_NAME = "archive.db"
OFF_MARK = "archive.off"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 15000


def profile_dir() -> Path:
    """The per-user data folder (as Qt's AppLocalDataLocation resolves it for the window):
    ``%LOCALAPPDATA%\\NianbaoChecker\\nianbao-checker`` on Windows, ``~/.local/share/…`` elsewhere;
    ``NIANBAO_PROFILE`` when set."""
    env = os.environ.get("NIANBAO_PROFILE")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(Path.home(), "AppData", "Local")
    elif sys.platform == "darwin":
        base = os.path.join(Path.home(), "Library", "Application Support")
    else:
        base = os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share")
    return Path(base) / ORGANIZATION / APPLICATION


# ----- how a snapshot is stored ----------------------------------------------------------------
# As a Python literal (str/int/list/dict/None only), read back with ast.literal_eval — which never
# runs code — rather than JSON: ``ast`` is loaded anyway (dataclasses → inspect), ``json`` is not,
# and a single-file check keeps its start-up light. Version 1 stored JSON; both are read.


def encode(value) -> str:
    return repr(value)


def decode(text: str):
    import ast

    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        import json

        return json.loads(text)


# ----- schema ---------------------------------------------------------------------------------

V1 = """
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agency TEXT, year INTEGER, format TEXT, file TEXT NOT NULL, sha256 TEXT,
    checked_at TEXT NOT NULL, snapshot TEXT NOT NULL
);
INSERT INTO schema_version (version) VALUES (1);
"""


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """v2: the agency's normal form (for the lookup), the file name, the findings summary, and
    every table value and section text in tables of their own (v1 kept them only inside the JSON)."""
    conn.executescript("""
        ALTER TABLE reports ADD COLUMN agency_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE reports ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
        ALTER TABLE reports ADD COLUMN errors INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE reports ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE reports ADD COLUMN codes TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE cells (
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            tbl TEXT NOT NULL, row TEXT NOT NULL, col TEXT NOT NULL, value TEXT,
            PRIMARY KEY (report_id, tbl, row, col)
        );
        CREATE TABLE sections (
            report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
            section TEXT NOT NULL, text TEXT NOT NULL,
            PRIMARY KEY (report_id, section)
        );
        CREATE INDEX reports_agency_year ON reports (agency_key, year);
        CREATE INDEX reports_sha ON reports (sha256);
    """)
    rows = conn.execute("SELECT id, agency, file, snapshot FROM reports").fetchall()
    for rid, agency, file, snap in rows:
        try:
            s = Snapshot.from_dict(decode(snap))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
        conn.execute("UPDATE reports SET agency_key=?, file_name=?, errors=?, warnings=?, codes=? WHERE id=?",
                     (normalize_name(agency), Path(file).name, s.errors, s.warnings, encode(s.codes), rid))
        _write_details(conn, rid, s)


MIGRATIONS = {1: _v1_to_v2}  # from version → function bringing it to version + 1


def _write_details(conn: sqlite3.Connection, rid: int, s: Snapshot) -> None:
    conn.execute("DELETE FROM cells WHERE report_id=?", (rid,))
    conn.execute("DELETE FROM sections WHERE report_id=?", (rid,))
    conn.executemany("INSERT INTO cells (report_id, tbl, row, col, value) VALUES (?,?,?,?,?)",
                     [(rid, t, r, c, None if v is None else str(v)) for (t, r, c), v in s.values.items()])
    conn.executemany("INSERT INTO sections (report_id, section, text) VALUES (?,?,?)",
                     [(rid, k, "\n".join(v)) for k, v in s.sections.items()])


# ----- the archive --------------------------------------------------------------------------------


@dataclass
class Entry:
    id: int
    agency: str | None
    year: int | None
    format: str | None
    file: str
    sha256: str
    checked_at: str
    errors: int
    warnings: int

    @property
    def file_name(self) -> str:
        return Path(self.file).name

    def to_json(self) -> dict:
        return dict(self.__dict__)


class ArchiveOff(Exception):
    """The archive cannot be used (the message says why, in Chinese)."""


class Archive:
    """``Archive()`` opens (or creates) the archive of the profile; it never raises: when it cannot
    be used ``enabled`` is False and ``notice`` says why."""

    def __init__(self, folder: Path | None = None, *, respect_off: bool = True, full_check: bool = False):
        self.folder = Path(folder) if folder is not None else profile_dir()
        self.path = self.folder / DB_NAME
        self.notice: str | None = None
        self.conn: sqlite3.Connection | None = None
        self._full_check = full_check
        if respect_off and (self.folder / OFF_MARK).exists():
            self.notice = "本机档案已关闭（可用「python -m core archive on」重新打开）。"
            return
        try:
            self._open()
        except ArchiveOff as e:
            self.conn = None
            self.notice = str(e)

    # --- opening ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        # With WAL, NORMAL keeps the file consistent whatever happens (a power cut may lose the
        # last check's entry, never the archive) and spares each commit a wait for the disk.
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def _open(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ArchiveOff(f"无法在用户目录「{self.folder}」中建立本机档案（{_why(e)}），本次不使用档案，检查照常进行。")
        try:
            self.conn = self._connect()
            self._check_and_migrate()
        except sqlite3.DatabaseError as e:
            if _is_busy(e):
                raise ArchiveOff("本机档案正被另一个窗口长时间占用，本次不使用档案，检查照常进行。")
            if _is_readonly(e):
                raise ArchiveOff(f"用户目录「{self.folder}」不可写入，本次不使用档案，检查照常进行。")
            self._set_aside()
        except OSError as e:
            raise ArchiveOff(f"无法打开本机档案（{_why(e)}），本次不使用档案，检查照常进行。")

    def _check_and_migrate(self) -> None:
        """Open cheaply when the archive is current: the header and the schema are read (a damaged
        header or schema fails here), the version compared, nothing written. The whole file is
        checked (``PRAGMA quick_check``, which reads every page: ~26 ms for 300 reports, ~90 ms
        for 1000) only when the archive is created or migrated, or with ``full_check``; a page
        found damaged later, when it is read or written, sets the file aside then (``_damaged``)."""
        conn = self.conn
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()
        if not mode or str(mode[0]).lower() != "wal":  # pragma: no cover - a file system without WAL
            conn.execute("PRAGMA journal_mode=DELETE")
        if not self._full_check and self._version() == SCHEMA_VERSION:
            return
        ok = conn.execute("PRAGMA quick_check").fetchone()
        if not ok or ok[0] != "ok":
            raise sqlite3.DatabaseError("quick_check failed")
        conn.execute("BEGIN IMMEDIATE")
        try:
            has = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='schema_version'").fetchone()
            if not has:
                others = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
                if others:
                    raise sqlite3.DatabaseError("not an archive")
                for stmt in V1.split(";"):  # inside this transaction (executescript would commit)
                    if stmt.strip():
                        conn.execute(stmt)
            version = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 1
            if version > SCHEMA_VERSION:
                conn.execute("ROLLBACK")
                raise ArchiveOff("本机档案由更新版本的程序建立，本程序无法使用，检查照常进行。")
            while version < SCHEMA_VERSION:
                _run_script_in_tx(conn, MIGRATIONS[version])
                version += 1
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _version(self) -> int | None:
        """The schema version, or None when there is no version table (a new or foreign file)."""
        try:
            row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        except sqlite3.OperationalError as e:
            if "no such table" in str(e).lower():
                return None
            raise
        return row[0] if row else None

    def _set_aside(self) -> None:
        """A damaged file: rename it (and its WAL) aside and start a new, empty archive."""
        if self.conn is not None:
            try:
                self.conn.close()
            except sqlite3.Error:  # pragma: no cover
                pass
            self.conn = None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{DB_NAME}.damaged-{stamp}")
        n = 1
        while aside.exists():
            aside = self.path.with_name(f"{DB_NAME}.damaged-{stamp}-{n}")
            n += 1
        try:
            os.replace(self.path, aside)
            for ext in ("-wal", "-shm"):
                side = Path(str(self.path) + ext)
                if side.exists():
                    os.replace(side, Path(str(aside) + ext))
        except OSError as e:
            raise ArchiveOff(f"本机档案文件已损坏且无法移开（{_why(e)}），本次不使用档案，检查照常进行。")
        self.conn = self._connect()
        self._check_and_migrate()
        self.notice = f"本机档案文件已损坏，已另存为「{aside.name}」并新建了档案；您的报告文件不受影响。"
        self.aside = aside

    # --- use -------------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        return self.conn is not None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _write(self, fn):
        """Run ``fn(conn)`` in one immediate transaction; a failure turns the archive off."""
        for attempt in (1, 2):
            if self.conn is None:
                return None
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    out = fn(conn)
                    conn.execute("COMMIT")
                    return out
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as e:
                if attempt == 1 and self._damaged(e):
                    continue  # written into the new archive
                self.notice = f"写入本机档案失败（{_why(e)}），本次检查结果未存档。"
                return None
        return None  # pragma: no cover

    def record(self, snap: Snapshot) -> int | None:
        """Store a checked report (the same file, by hash, replaces its earlier entry). Returns its id.

        The same file checked again with the same results (a clerk rechecking an unchanged draft)
        is already stored as it would be: nothing is written, and the entry keeps its number and
        the time it was first checked. A write costs a check ~30 ms of waiting for the disk (the
        commit and the checkpoint when the archive is closed), more than the rest of the archive."""
        data = encode(snap.to_dict())
        if snap.sha256:
            same = self._read("SELECT id, snapshot FROM reports WHERE sha256=?", (snap.sha256,))
            if len(same) == 1 and same[0][1] == data:
                return same[0][0]

        def put(conn):
            if snap.sha256:
                for (old,) in conn.execute("SELECT id FROM reports WHERE sha256=?", (snap.sha256,)).fetchall():
                    conn.execute("DELETE FROM cells WHERE report_id=?", (old,))
                    conn.execute("DELETE FROM sections WHERE report_id=?", (old,))
                    conn.execute("DELETE FROM reports WHERE id=?", (old,))
            cur = conn.execute(
                "INSERT INTO reports (agency, agency_key, year, format, file, file_name, sha256, checked_at, errors,"
                " warnings, codes, snapshot) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (snap.agency, snap.agency_key, snap.year, snap.format, snap.file, snap.name, snap.sha256,
                 time.strftime("%Y-%m-%d %H:%M:%S"), snap.errors, snap.warnings,
                 encode(snap.codes), data))
            rid = cur.lastrowid
            _write_details(conn, rid, snap)
            return rid

        return self._write(put)

    def _read(self, sql: str, args=()) -> list[tuple]:
        if self.conn is None:
            return []
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as e:
            if not self._damaged(e):  # a damaged file set aside: the new archive is empty
                self.notice = f"读取本机档案失败（{_why(e)}）。"
            return []

    def _damaged(self, e: sqlite3.Error) -> bool:
        """A page found damaged in use (the cheap opening does not read them all): set the file
        aside and start a new archive, as a damaged file found at opening is. True when done."""
        if not _is_corrupt(e):
            return False
        try:
            self._set_aside()
        except (ArchiveOff, sqlite3.Error, OSError) as off:
            self.close()
            self.notice = str(off) if isinstance(off, ArchiveOff) else f"本机档案文件已损坏（{_why(off)}），本次不使用档案，检查照常进行。"
            return True
        return True

    def entries(self) -> list[Entry]:
        rows = self._read("SELECT id, agency, year, format, file, sha256, checked_at, errors, warnings FROM reports"
                          " ORDER BY agency_key, year, id")
        return [Entry(*r) for r in rows]

    def get(self, rid: int) -> Snapshot | None:
        rows = self._read("SELECT snapshot FROM reports WHERE id=?", (rid,))
        return Snapshot.from_dict(decode(rows[0][0]), archive_id=rid) if rows else None

    def forget(self, rid: int) -> bool:
        def drop(conn):
            conn.execute("DELETE FROM cells WHERE report_id=?", (rid,))
            conn.execute("DELETE FROM sections WHERE report_id=?", (rid,))
            return conn.execute("DELETE FROM reports WHERE id=?", (rid,)).rowcount > 0

        return bool(self._write(drop))

    def previous_for(self, snap: Snapshot) -> Snapshot | None:
        """Last year's report of the same agency (the latest checked one), or None."""
        if snap.year is None or not snap.agency_key:
            return None
        rows = self._read("SELECT id FROM reports WHERE agency_key=? AND year=? AND sha256<>? ORDER BY id DESC LIMIT 1",
                          (snap.agency_key, snap.year - 1, snap.sha256 or ""))
        return self.get(rows[0][0]) if rows else None

    def history(self, agency: str) -> list[Entry]:
        key = normalize_name(agency)
        rows = self._read("SELECT id, agency, year, format, file, sha256, checked_at, errors, warnings FROM reports"
                          " WHERE agency_key=? ORDER BY year, id", (key,))
        return [Entry(*r) for r in rows]


def _run_script_in_tx(conn: sqlite3.Connection, migration) -> None:
    """Run a migration inside the open transaction (statement by statement: executescript would
    commit)."""

    class _Tx:
        def __init__(self, c):
            self.c = c

        def executescript(self, script):
            for stmt in script.split(";"):
                if stmt.strip():
                    self.c.execute(stmt)

        def __getattr__(self, name):
            return getattr(self.c, name)

    migration(_Tx(conn))


def _why(e: BaseException) -> str:
    if isinstance(e, PermissionError):
        return "没有写入权限"
    if isinstance(e, (NotADirectoryError, FileExistsError)):
        return "路径被一个同名文件占用"
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    return "数据库错误"


def _is_busy(e: BaseException) -> bool:
    return "locked" in str(e).lower() or "busy" in str(e).lower()


def _is_corrupt(e: BaseException) -> bool:
    s = str(e).lower()
    return "malformed" in s or "not a database" in s or "quick_check failed" in s


def _is_readonly(e: BaseException) -> bool:
    s = str(e).lower()
    return "readonly" in s or "read-only" in s or "unable to open" in s


def set_enabled(on: bool, folder: Path | None = None) -> str:
    """Turn the archive on or off (a mark file in the profile folder). Returns a Chinese sentence."""
    folder = Path(folder) if folder is not None else profile_dir()
    mark = folder / OFF_MARK
    try:
        if on:
            if mark.exists():
                mark.unlink()
            return "本机档案已打开：检查报告时会自动存档，并与同一机关前一年的报告对比。"
        folder.mkdir(parents=True, exist_ok=True)
        mark.write_text("off\n", encoding="utf-8")
        return "本机档案已关闭：检查报告时不再存档，也不再自动对比上年报告（已存的记录保留）。"
    except OSError as e:
        return f"无法更改档案设置（{_why(e)}）。"


def is_enabled(folder: Path | None = None) -> bool:
    folder = Path(folder) if folder is not None else profile_dir()
    return not (folder / OFF_MARK).exists()


def check_with_archive(path, previous=None, *, archive: Archive | None = None, copy_threshold: float | None = None,
                       record: bool = True):
    """Check a file; with ``previous`` compare with it, else with last year's report of the same
    agency found in the archive; store the report in the archive. Returns ``(result, archive)``
    (``archive.notice`` tells the clerk when the archive could not be used)."""
    from .check import check_path, with_previous

    result = check_path(path)
    arch = archive if archive is not None else Archive()
    sha = file_sha256(path)
    this = snapshot_of(result.report, result.findings, file=Path(path), sha256=sha)
    if previous is not None:
        with_previous(result, previous, copy_threshold=copy_threshold, sha256=sha)
    elif arch.enabled:
        prev = arch.previous_for(this)
        if prev is not None:  # only now the cross-year rules are loaded (none found: never)
            from .rules.crossyear import SOURCE_ARCHIVE

            with_previous(result, prev, source=f"{SOURCE_ARCHIVE}，档案编号 {prev.archive_id}",
                          copy_threshold=copy_threshold, sha256=sha)
    if record and arch.enabled:
        arch.record(snapshot_of(result.report, result.findings, file=Path(path), sha256=sha))  # with cross-year findings
    return result, arch


__all__ = ["Archive", "Entry", "MIGRATIONS", "SCHEMA_VERSION", "V1", "check_with_archive", "is_enabled",
           "profile_dir", "set_enabled"]
