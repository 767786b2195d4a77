"""R8 extended: the figures the text states, matched to table cells (seed 004's 953 / 46 / 962 / 37),
contradictions reported with both figures, shares of （七）总计, unmatched counts listed."""

import pytest

from tests.engine_helpers import standard_spec
from tests.fixtures import SEEDS, build_docx


def _check(spec, path):
    from core.check import check_path

    return check_path(build_docx(spec, path))


def _replace_text(spec, old, new):
    hit = False
    for s in spec.sections:
        for i, p in enumerate(s.paragraphs):
            if old in p:
                s.paragraphs[i] = p.replace(old, new)
                hit = True
    assert hit, old
    return spec


def test_seed_004_figures_match_their_cells(tmp_path):
    from core.rules.figures import match_figures

    r = _check(SEEDS["004"].copy(), tmp_path / "s.docx")
    got = {(m.stated, m.figure.key, m.status) for m in match_figures(r.report) if m.figure}
    assert {(953, "new", "matched"), (46, "carried_in", "matched"), (962, "closed", "matched"),
            (37, "carried_out", "matched")} <= got
    assert not [f for f in r.findings if f.code in ("R8", "R8-figure", "R8-percent")]


def test_injected_contradiction_reported_with_both_figures(tmp_path):
    spec = _replace_text(SEEDS["004"].copy(), "结转下年度继续办理37件", "结转下年度继续办理39件")
    r = _check(spec, tmp_path / "c.docx")
    hits = [f for f in r.findings if f.code in ("R8", "R8-figure") and f.actual == 39]
    assert len(hits) == 1  # reported once, not by both the old and the extended rule
    assert "39" in hits[0].message and "37" in hits[0].message and hits[0].expected == 37


def test_contradiction_only_the_extended_rule_knows(tmp_path):
    """An outcome count (予以公开) is beyond the old phrase list: the extended rule reports it."""
    spec = _replace_text(SEEDS["004"].copy(), "继续办理37件。", "继续办理37件，其中予以公开265件。")
    r = _check(spec, tmp_path / "g.docx")
    # 其中… is a breakdown: a mismatch there is listed, not called a contradiction
    assert not [f for f in r.findings if f.code == "R8-figure"]
    spec = _replace_text(SEEDS["004"].copy(), "继续办理37件。", "继续办理37件；予以公开265件。")
    r = _check(spec, tmp_path / "g2.docx")
    f = [f for f in r.findings if f.code == "R8-figure"]
    assert len(f) == 1 and "265" in f[0].message and "261" in f[0].message and "予以公开" in f[0].message


def test_percentages_of_the_total(tmp_path):
    from core.rules.figures import match_figures

    # 261 / 962 = 27.13 %
    good = _replace_text(SEEDS["004"].copy(), "继续办理37件。", "继续办理37件；予以公开261件，占27.1%。")
    r = _check(good, tmp_path / "p.docx")
    assert not [f for f in r.findings if f.code == "R8-percent"]
    assert any(m.percent == "27.1" for m in match_figures(r.report))
    bad = _replace_text(SEEDS["004"].copy(), "继续办理37件。", "继续办理37件；予以公开261件，占31.5%。")
    r = _check(bad, tmp_path / "q.docx")
    f = [f for f in r.findings if f.code == "R8-percent"]
    assert len(f) == 1 and "31.5" in f[0].message and "27.1" in f[0].message and "962" in f[0].message


def test_review_and_litigation_figures(tmp_path):
    from core.rules.figures import match_figures

    spec = _replace_text(standard_spec("000"), "2022年全区共受理依申请266件",
                         "2022年全区共受理依申请266件，行政复议12件，行政诉讼53件")
    r = _check(spec, tmp_path / "r.docx")
    got = {(m.figure.key, m.stated, m.status) for m in match_figures(r.report) if m.figure}
    assert ("review", 12, "matched") in got and ("suit", 53, "matched") in got
    spec = _replace_text(standard_spec("000"), "2022年全区共受理依申请266件",
                         "2022年全区共受理依申请266件，行政复议15件")
    r = _check(spec, tmp_path / "r2.docx")
    assert [f for f in r.findings if f.code in ("R8", "R8-figure") and f.actual == 15 and "12" in f.message]


def test_unmatched_counts_are_listed(tmp_path):
    from core.rules.figures import match_figures

    # seed 002 breaks its 16 requests down by channel (其中当面申请1件…): parts, not listed
    r = _check(SEEDS["002"].copy(), tmp_path / "u.docx")
    assert not [f for f in r.findings if f.code == "I-figures"]
    assert {m.stated for m in match_figures(r.report) if m.status == "part"} >= {1, 3, 12}
    # a count about requests that no cell holds, stated on its own
    spec = _replace_text(SEEDS["004"].copy(), "继续办理37件。", "继续办理37件。全年转送其他机关申请5件。")
    r = _check(spec, tmp_path / "v.docx")
    info = [f for f in r.findings if f.code == "I-figures"]
    assert len(info) == 1 and info[0].severity == "info" and "转送其他机关申请5件" in info[0].message


@pytest.mark.parametrize("key", ["000", "003", "004"])
def test_seeds_raise_no_figure_warning(key, tmp_path):
    r = _check(standard_spec(key), tmp_path / f"{key}.docx")
    assert not [f.message for f in r.findings if f.code in ("R8-figure", "R8-percent")]
