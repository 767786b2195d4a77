"""A batch over a folder that holds several years: each unit's consecutive reports paired, and the
cross-year rules run on every pair from the snapshots the batch's workers made (no file is read
twice).

``pair_snapshots`` finds the pairs (same agency in the normal form the batch compares names in,
years N−1 and N); ``add_crossyear`` adds the cross-year findings to the batch items of year N.
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


def add_crossyear(items, *, copy_threshold: float | None = None) -> list[tuple[object, object, object]]:
    """For batch items carrying a ``snapshot`` (dict): compare each unit's report with its report
    of the year before, append the findings to the item (``findings``, counts) and return
    [(item, previous item, CrossYear)]."""
    from collections import Counter

    from .findings import ERROR, INFO, WARNING
    from .formats import FORMATS
    from .rules.crossyear import DEFAULT_COPY_THRESHOLD, compare
    from .formats.naming import cell_name

    snaps = [Snapshot.from_dict(it.snapshot) if getattr(it, "snapshot", None) else None for it in items]
    out = []
    threshold = DEFAULT_COPY_THRESHOLD if copy_threshold is None else copy_threshold
    for i, j in pair_snapshots(snaps):
        item, prev = items[i], items[j]
        cy = compare(snaps[i], snaps[j], copy_threshold=threshold, source=SOURCE_BATCH)
        new = [f.to_json() for f in cy.findings]
        item.findings = list(item.findings) + new
        if hasattr(item, "places"):
            from .batch.items import place_of

            item.places = list(item.places) + [place_of(f) for f in new]
        if hasattr(item, "cell_names"):
            fmt = FORMATS.get(snaps[i].format)
            item.cell_names = list(item.cell_names) + ["；".join(cell_name(fmt, c["table"], c["row"], c["col"])
                                                                for c in f["cells"]) for f in new]
        counts = Counter(f.severity for f in cy.findings)
        item.errors += counts.get(ERROR, 0)
        item.warnings += counts.get(WARNING, 0)
        item.infos += counts.get(INFO, 0)
        by_code = dict(getattr(item, "by_code", {}) or {})
        for f in cy.findings:
            by_code[f.code] = by_code.get(f.code, 0) + 1
        item.by_code = by_code
        out.append((item, prev, cy))
    return out


__all__ = ["add_crossyear", "pair_snapshots"]
