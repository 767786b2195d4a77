"""A batch over a folder that holds several years: each unit's consecutive reports paired, and the
cross-year rules run on every pair from the snapshots the batch's workers made (no file is read
twice).

``pair_snapshots`` finds the pairs (same agency in the normal form the batch compares names in,
years N−1 and N); ``crossyear_pairs`` compares them, ``apply_crossyear`` adds the findings to the batch items of year N
(undoing an earlier pairing first), ``add_crossyear`` does both.
"""

from __future__ import annotations

from .snapshot import Snapshot

SOURCE_BATCH = "同一批检查的文件中"


def pair_snapshots(snaps: list[Snapshot | None]) -> list[tuple[int, int]]:
    """(index of this year's report, index of last year's) for every consecutive pair. When one
    agency has two reports of a year, the later one in the list is taken."""
    latest: dict[tuple[str, int], int] = {}
    for i, s in enumerate(snaps):
        if s is None or s.year is None or not s.agency_key:
            continue
        latest[(s.agency_key, s.year)] = i
    pairs = []
    for (key, year), i in sorted(latest.items(), key=lambda kv: kv[1]):
        j = latest.get((key, year - 1))
        if j is not None:
            pairs.append((i, j))
    return pairs


def crossyear_pairs(items, *, copy_threshold: float | None = None) -> list[tuple[int, int, object]]:
    """For batch items carrying a ``snapshot`` (dict): [(index of this year's item, index of last
    year's, CrossYear)] for each unit's consecutive reports. Changes nothing (a window runs it off
    its GUI thread and applies the result with :func:`apply_crossyear`)."""
    from .rules.crossyear import DEFAULT_COPY_THRESHOLD, compare

    snaps = [Snapshot.from_dict(it.snapshot) if getattr(it, "snapshot", None) else None for it in items]
    threshold = DEFAULT_COPY_THRESHOLD if copy_threshold is None else copy_threshold
    return [(i, j, compare(snaps[i], snaps[j], copy_threshold=threshold, source=SOURCE_BATCH))
            for i, j in pair_snapshots(snaps)]


def _undo(item) -> None:
    """Take away what an earlier pairing added to ``item`` (a batch re-checked, a file removed)."""
    added = getattr(item, "crossyear", None)
    if not added:
        return
    n = added["n"]
    if n:
        item.findings = list(item.findings)[:-n]
        if hasattr(item, "places"):
            item.places = list(item.places)[:-n]
        if hasattr(item, "cell_names"):
            item.cell_names = list(item.cell_names)[:-n]
    item.errors -= added["errors"]
    item.warnings -= added["warnings"]
    item.infos -= added["infos"]
    by_code = dict(getattr(item, "by_code", {}) or {})
    for code, k in added["by_code"].items():
        left = by_code.get(code, 0) - k
        if left > 0:
            by_code[code] = left
        else:
            by_code.pop(code, None)
    item.by_code = by_code
    item.crossyear = None
    item.previous = None


def apply_crossyear(items, pairs) -> list[tuple[object, object, object]]:
    """Add each pair's cross-year findings to this year's item (``findings``, places, cell names,
    counts), after undoing what an earlier pairing of the same items added; return
    [(item, previous item, CrossYear)]."""
    from collections import Counter

    from .findings import ERROR, INFO, WARNING
    from .formats import FORMATS
    from .formats.naming import cell_name

    for it in items:
        _undo(it)
    out = []
    for i, j, cy in pairs:
        item, prev = items[i], items[j]
        new = [f.to_json() for f in cy.findings]
        item.findings = list(item.findings) + new
        if hasattr(item, "places"):
            from .batch.items import place_of

            item.places = list(item.places) + [place_of(f) for f in new]
        if hasattr(item, "cell_names"):
            fmt = FORMATS.get(Snapshot.from_dict(item.snapshot).format)
            item.cell_names = list(item.cell_names) + ["；".join(cell_name(fmt, c["table"], c["row"], c["col"])
                                                                for c in f["cells"]) for f in new]
        counts = Counter(f.severity for f in cy.findings)
        item.errors += counts.get(ERROR, 0)
        item.warnings += counts.get(WARNING, 0)
        item.infos += counts.get(INFO, 0)
        by_code = dict(getattr(item, "by_code", {}) or {})
        codes = Counter(f.code for f in cy.findings)
        for code, k in codes.items():
            by_code[code] = by_code.get(code, 0) + k
        item.by_code = by_code
        item.crossyear = {"n": len(new), "errors": counts.get(ERROR, 0), "warnings": counts.get(WARNING, 0),
                          "infos": counts.get(INFO, 0), "by_code": dict(codes)}
        item.previous = prev.file
        out.append((item, prev, cy))
    return out


def add_crossyear(items, *, copy_threshold: float | None = None) -> list[tuple[object, object, object]]:
    """Both steps at once (the command line's batch): pair, compare, add to the items."""
    return apply_crossyear(items, crossyear_pairs(items, copy_threshold=copy_threshold))


__all__ = ["add_crossyear", "apply_crossyear", "crossyear_pairs", "pair_snapshots"]
