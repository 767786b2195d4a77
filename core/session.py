"""The clerk's edits over a check result: apply one value or a set of suggestions, recheck, undo.

    session = CheckSession(check_path(path))
    changes = session.set_cell(("三", "new", "natural"), "12")     # {key: (old state, new state)}
    session.apply_states({k: old for k, (old, _) in changes.items()})   # undo
    plan = session.plan_all()          # the suggestions that together lower the error count
    session.apply(plan)                # the window shows ``plan`` first and asks
    export_result(session.original, out, kind, session.export_edits(kind))   # what an export writes
    session.set_copy_threshold(0.75)   # W-copy against another threshold (the edits are kept)

A *state* is the text the clerk gave a cell, or None for "as in the file". An edit back to the
file's value is no edit at all (not dirty). Every operation returns the changes it made as
``{key: (old state, new state)}``, so that a window can wrap it in an undo command that replays
the old states (``apply_states``).

For a workbook whose totals are formulas (=SUM(...)), the formulas are evaluated again after each
edit by the reader's own evaluator, so the totals follow the edit as Excel would; the cells that
changed that way are ``derived`` (shown as 「随公式自动更新」), not edits.

No Qt here: the window only wraps this in undo commands and workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .check import CheckResult
from .findings import ERROR, INFO, WARNING, Finding
from .formats.naming import cell_name
from .numbers import as_text

CellKey = tuple[str, str, str]
Changes = dict[CellKey, tuple["str | None", "str | None"]]


@dataclass(frozen=True)
class Suggestion:
    """One value the check suggests: cell ``key`` (named ``name``) from ``old`` to ``new``."""

    key: CellKey
    name: str
    old: str
    new: str
    finding: Finding


def _score(result: CheckResult) -> tuple[int, int, int]:
    """How bad a check is: errors first, then warnings, then notes."""
    return (result.count(ERROR), result.count(WARNING), result.count(INFO))


def _is_blank(cell) -> bool:
    return cell is None or cell.number.status == "blank"


class CheckSession:
    """A checked file and what the clerk changed in it (never the file itself)."""

    def __init__(self, original: CheckResult):
        self.original = original
        self.result = original
        self._edits: dict[CellKey, str] = {}
        self.derived: dict[CellKey, str] = {}  # cells whose value follows the workbook's formulas
        self._formulas = _Formulas(original) if original.document.kind == "xlsx" else None

    # --- state -----------------------------------------------------------------------------------
    @property
    def edits(self) -> dict[CellKey, str]:
        """The clerk's edits: cell key → text (cells back at the file's value are not in it)."""
        return dict(self._edits)

    @property
    def dirty(self) -> bool:
        return bool(self._edits)

    @property
    def path(self) -> Path:
        return Path(self.original.path)

    def file_text(self, key: CellKey) -> str | None:
        """The cell's text in the file (None if the file has no such cell)."""
        cell = self.original.report.cell(*key)
        return None if cell is None else cell.raw

    def text(self, key: CellKey) -> str:
        """What the cell holds now: the clerk's edit, else the value a formula gives it after the
        edits, else the file's text."""
        if key in self._edits:
            return self._edits[key]
        if key in self.derived:
            return self.derived[key]
        return self.file_text(key) or ""

    def same_as_file(self, key: CellKey, text: str | None) -> bool:
        orig = self.file_text(key)
        text = "" if text is None else str(text)
        return (orig is not None and text.strip() == orig.strip()) or (orig is None and not text.strip())

    def name(self, key: CellKey) -> str:
        return cell_name(self.original.report.format, *key)

    # --- editing ---------------------------------------------------------------------------------
    def changes_for(self, texts: dict[CellKey, str]) -> Changes:
        """What setting these cells to these texts would change: {key: (old state, new state)};
        cells whose text does not change are left out."""
        out: Changes = {}
        for key, text in texts.items():
            key = tuple(key)
            text = "" if text is None else as_text(text)
            old = self._edits.get(key)
            if text.strip() == self.text(key).strip():
                continue
            new = None if self.same_as_file(key, text) else text
            if new != old:
                out[key] = (old, new)
        return out

    def apply_states(self, states: dict[CellKey, "str | None"]) -> CheckResult:
        """Give cells these states (text, or None: as in the file) and check again."""
        for key, state in states.items():
            key = tuple(key)
            if state is None or self.same_as_file(key, state):
                self._edits.pop(key, None)
            else:
                self._edits[key] = state
        self.result = self._check(self._edits)
        return self.result

    def set_cell(self, key: CellKey, text: str) -> Changes:
        """Give one cell new text and check again; returns the changes (empty: nothing changed)."""
        changes = self.changes_for({tuple(key): text})
        if changes:
            self.apply_states({k: new for k, (_, new) in changes.items()})
        return changes

    def revert_all(self) -> Changes:
        changes: Changes = {k: (v, None) for k, v in self._edits.items()}
        if changes:
            self.apply_states({k: None for k in changes})
        return changes

    def recheck(self) -> CheckResult:
        self.result = self._check(self._edits)
        return self.result

    def _check(self, edits: dict[CellKey, str]) -> CheckResult:
        """The original with ``edits`` (and, for formulas, what they make of the totals)."""
        derived = self._formulas.derived(edits) if self._formulas is not None and edits else {}
        if edits is self._edits:
            self.derived = derived
        if not edits and not derived:
            return self.original
        return self.original.recheck({**derived, **edits})

    # --- last year's report ------------------------------------------------------------------------
    @property
    def copy_threshold(self) -> float | None:
        """The W-copy threshold (a fraction) of the comparison with last year's report; None without one."""
        cy = self.original.crossyear
        return None if cy is None else cy.threshold

    def set_copy_threshold(self, threshold: float) -> CheckResult:
        """Measure the text repeated from last year's report against ``threshold`` (a fraction, as
        ``check --copy-threshold`` gives it to ``with_previous``): the comparison is made again with
        it, the clerk's edits kept. Without a comparison nothing changes."""
        from .check import CROSSYEAR_CODES, with_previous

        cy = self.original.crossyear
        threshold = max(0.0, min(1.0, float(threshold)))
        if cy is None or threshold == cy.threshold:
            return self.result
        o = self.original
        base = CheckResult(o.path, o.document, o.report, [f for f in o.findings if f.code not in CROSSYEAR_CODES])
        self.original = with_previous(base, cy.previous, source=cy.source, copy_threshold=threshold)
        return self.recheck()

    # --- suggestions -----------------------------------------------------------------------------
    def suggestion(self, f: Finding) -> Suggestion | None:
        """The suggestion a finding makes, if it names a cell of the file and a new value for it."""
        if f is None or f.target is None or f.suggested is None:
            return None
        key = (f.target.table, f.target.row, f.target.col)
        if self.original.report.cell(*key) is None:
            return None
        new = as_text(f.suggested)
        old = self.text(key)
        if new.strip() == old.strip():
            return None
        return Suggestion(key, self.name(key), old, new, f)

    def apply_suggestion(self, f: Finding) -> Changes:
        s = self.suggestion(f)
        return self.set_cell(s.key, s.new) if s is not None else {}

    def plan_all(self, rounds: int = 4) -> list[Suggestion]:
        """The suggestions that, applied together, make the report better: each is tried on top of
        those already taken and kept only if the check gets better (fewer errors, else fewer
        warnings, else fewer notes); a suggestion computed from blank cells only is never taken, and
        the set as a whole must lower the count. Suggestions that appear once others are taken are
        tried in the next round. Nothing is applied: see ``apply``."""
        states = dict(self._edits)
        current = self.result
        start = _score(current)
        taken: dict[CellKey, Suggestion] = {}
        for _ in range(rounds):
            progressed = False
            for f in list(current.findings):
                s = self._candidate(f, current, states)
                if s is None or s.key in taken:
                    continue
                trial = dict(states)
                if self.same_as_file(s.key, s.new):
                    trial.pop(s.key, None)
                else:
                    trial[s.key] = s.new
                checked = self._check(trial)
                if _score(checked) < _score(current):
                    states, current = trial, checked
                    taken[s.key] = s
                    progressed = True
            if not progressed:
                break
        if not taken or _score(current) >= start:
            return []
        return list(taken.values())

    def _candidate(self, f: Finding, current: CheckResult, states: dict[CellKey, str]) -> Suggestion | None:
        if f.target is None or f.suggested is None:
            return None
        key = (f.target.table, f.target.row, f.target.col)
        if self.original.report.cell(*key) is None:
            return None
        new = as_text(f.suggested)
        report = current.report
        now = report.cell(*key)
        old = now.raw if now is not None else ""
        if new.strip() == old.strip():
            return None
        sources = [report.cell(*k) for k in self._sources(f, key)]
        if sources and all(_is_blank(c) for c in sources):
            return None  # a value computed from blank cells only is no figure to put in a cell
        return Suggestion(key, self.name(key), old, new, f)

    def _sources(self, f: Finding, key: CellKey) -> list[CellKey]:
        """The cells a suggested value is computed from: the other cells of its identities."""
        table = key[0]
        if f.rules:
            spec = self.original.report.format.table(table) if self.original.report.format else None
            cells = {k for ident in (spec.identities if spec else ()) if ident.code in f.rules
                     and key[1:] in ident.cells for k in ident.cells}
            return sorted((table, *k) for k in cells if (table, *k) != key)
        return [(c.table, c.row, c.col) for c in f.cells if (c.table, c.row, c.col) != key]

    def apply(self, suggestions: list[Suggestion]) -> Changes:
        """Apply a set of suggestions (as ``plan_all`` chose them) in one step."""
        changes = self.changes_for({s.key: s.new for s in suggestions})
        if changes:
            self.apply_states({k: new for k, (_, new) in changes.items()})
        return changes

    # --- what leaves ---------------------------------------------------------------------------
    def export_edits(self, kind: str) -> dict[CellKey, str]:
        """The values an export writes: the clerk's edits; for the new layouts also the totals
        the workbook's formulas give after them (the corrected copy keeps its formulas)."""
        if kind == "corrected":
            return dict(self._edits)
        return {**self.derived, **self._edits}


class _Formulas:
    """The workbook's formulas, evaluated again with the clerk's edits by the xlsx reader's own
    evaluator (SUM of ranges, sums and differences of cells — as the reader evaluates them)."""

    def __init__(self, result: CheckResult):
        self.values: dict[str, dict[tuple[int, int], dict]] = {}
        for grid in result.document.grids:
            if grid.sheet is None:
                continue
            sheet = self.values.setdefault(grid.sheet, {})
            for r, row in enumerate(grid.rows):
                for c, cell in enumerate(row):
                    if not grid.is_origin(r, c) or cell.pos is None or cell.pos.row is None:
                        continue
                    if cell.formula:
                        sheet[(cell.pos.row, cell.pos.col)] = {"text": None, "formula": cell.formula}
                    elif cell.text:
                        sheet[(cell.pos.row, cell.pos.col)] = {"text": cell.text, "formula": None}
        self.where: dict[CellKey, tuple[str, int, int]] = {}
        self.formula_cells: list[CellKey] = []
        for cell in result.report.all_cells():
            pos = cell.pos
            if pos is None or pos.kind != "xlsx" or pos.sheet not in self.values or pos.row is None or cell.parts:
                continue
            self.where[cell.key] = (pos.sheet, pos.row, pos.col)
            if cell.formula:
                self.formula_cells.append(cell.key)
        self._base = self._evaluate({}) if self.formula_cells else {}

    def _evaluate(self, edits: dict[CellKey, str]) -> dict[CellKey, Decimal | None]:
        from .readers.xlsx import evaluate_formulas  # the reader's evaluator: one way to read a formula

        values = {sheet: dict(cells) for sheet, cells in self.values.items()}
        for key, text in edits.items():
            at = self.where.get(key)
            if at is not None:
                values[at[0]][(at[1], at[2])] = {"text": text, "formula": None}
        keys = [k for k in self.formula_cells if k not in edits]
        got = evaluate_formulas(values, [self.where[k] for k in keys])
        return {k: got[self.where[k]] for k in keys}

    def derived(self, edits: dict[CellKey, str]) -> dict[CellKey, str]:
        """Formula cells whose value changes with ``edits``: key → the new value as text."""
        if not self.formula_cells or not any(k in self.where for k in edits):
            return {}
        now = self._evaluate(edits)
        return {k: as_text(v) for k, v in now.items() if v is not None and v != self._base.get(k)}


__all__ = ["CheckSession", "Suggestion"]
