"""Writes docs/RULES.md from the catalogue in core/findings.py, so the list of rules cannot drift from
the program: every code, its title, its severity, why it exists, and an example message produced by
the catalogue's own template (``core.findings.make``).

    python tools/gen_rules_doc.py            rewrite docs/RULES.md
    python tools/gen_rules_doc.py --check    exit 1 if docs/RULES.md is not what this would write

The explanations (WHY) are per family (``FindingType.family``: T1 for T1-none … T1-cells); a family
added to the catalogue without an entry in WHY is written with 「（尚无说明）」 and
tests/test_install_docs.py fails until it is explained here. Example messages are made by
``core.findings.make`` with example values by field name (FIELD_EXAMPLES, EXAMPLES per code), so a
template's new field needs at most an example value here.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "RULES.md"
MISSING = "（尚无说明）"

# why each kind of finding exists, and where the rule comes from (docs/FORMAT.md §…)
WHY: dict[str, str] = {
    "W-reports": "A file (a portal page that lists two years, a merged download) holds more than one report: "
                 "the first is checked and the others are named, never mixed into it (docs/FORMAT.md §5).",
    "I-outside": "A saved portal page or a page pasted into Word carries the site's navigation, breadcrumbs and "
                 "footer around the report: that text is kept and shown greyed, but not checked.",
    "X-pair": "Two reports checked as a pair must be the same agency's, for consecutive years, each in the "
              "format of its year; otherwise the carry-over check would compare unrelated figures.",
    "I-copy": "How much of each section's text repeats last year's report (the 2021 notice names copied "
              "content as a failure), below the warning threshold.",
    "I-previous": "Which report of last year the cross-year checks used (chosen by hand or found in the archive).",
    "R8-percent": "A percentage the text gives of the requests handled (（七）总计) must agree with the table.",
    "I-figures": "Figures the text states that could be matched to no table cell are listed for the clerk to check.",
    "R1": "Table 三 states its own identity in its corner cell: per column, requests received this year plus "
          "those carried in equal the requests handled plus those carried out (docs/FORMAT.md §4). If it "
          "fails, at least one of the four figures is wrong.",
    "R3": "（七）总计 means the total of the outcome rows （一）–（六） with their numbered sub-rows, per column "
          "(§4).",
    "R4": "The 总计 column of table 三 means 自然人 plus the five kinds of 法人或其他组织, per row (§4).",
    "R5": "In table 四, each 总计 (行政复议, 未经复议直接起诉, 复议后起诉) means 结果维持 + 结果纠正 + 其他结果 + "
          "尚未审结 (§4).",
    "R-CELL": "When one cell sits on the crossing of failing identities with the same difference, that one cell "
              "is the likely error: it is reported once, with the value that makes all of them hold, instead of "
              "as several R3/R4 findings (§4).",
    "P1": "The pre-2019 统计表 has its own sums (channels of requests, kinds of answers, outcomes of "
          "reconsideration and lawsuits, staff): they are the only arithmetic such a report can be checked on "
          "(§4).",
    "V1": "A count must be a whole number that is not negative, an amount a number that is not negative: "
          "anything else (words, a negative or a fractional count) cannot be the figure the format asks for.",
    "S1": "第五十条 of the Regulation lists what the report must contain, and the unified format makes that six "
          "sections with fixed titles (§1, §3.1). A missing section — or a missing heading while its table is "
          "there — is an incomplete report.",
    "T1": "The three tables, with every row and column of the format version, are the statistical core of the "
          "report (§3.2–3.4). No table at all, tables in no recognisable format version, a table, rows or cells "
          "missing: what is missing cannot be checked.",
    "F1": "国办公开办函〔2021〕30号 makes the 2021 format binding from report year 2021: a report for 2021 or "
          "later in the 2019 or pre-2019 layout does not follow it (§2).",
    "W-blank": "The format asks for a figure in every cell. A blank or a dash is read as 0 for the checks, but "
               "the clerk should write the 0.",
    "W-note": "Words in a number cell (「22（其中修订16件）」) make the figure ambiguous; the explanation belongs in "
              "the text.",
    "W-number": "Full-width digits, units and thousands separators are read, but they are not how the template "
                "is filled in (§5).",
    "W-title": "A section title or a table label worded differently from the template is recognised, but the "
               "published report should use the standard wording, which the message shows (§3).",
    "W-order": "The format fixes the order 一 to 六 (§3.1).",
    "W-decimals": "本年收费金额 is in 万元; the template's practice is four decimals (§3.2). Other precisions are "
                  "seen in real reports, so this is only a warning.",
    "W-stray": "Text in a label column where the template has none (a stray 「0」) is usually a typing slip (§5).",
    "W-agency": "The title should name the agency in full: a report titled 「政府办公室2022年…」 cannot be told "
                "apart from those of other units (§3.1); a report without a title line at all is worth the same "
                "warning.",
    "W-year": "The year in the title should fit the report: not later than this year, and the year the text "
              "of 一、总体情况 talks about.",
    "W-empty": "A section that is present but says nothing (or only 「无」, for 五) does not report what "
               "第五十条 asks for (§3.1).",
    "W-topics": "In practice 一、总体情况 covers five topics; a missing one is worth a look (§3.1). Practice, not "
                "a written rule: a warning.",
    "R8": "Figures quoted in the text (「收到申请75件」, 「办结」, 「结转」, the reconsideration and lawsuit totals) "
          "should be the figures of the tables; real reports often disagree (75 = 新收 + 结转 while the text "
          "says 新收).",
    "W-placeholder": "The standard template written by the program's export marks text still to be written with "
                     "「【待补充】」; a report must not be published with such marks left in.",
    "R9": "From 2021 on, a 信息处理费 may be charged under 国办函〔2020〕109号 and the 2021 template asks section 六 "
          "to say whether one was (§1, §3.1). A non-zero （六）2 (fee not paid) together with 「未收取」 is "
          "consistent.",
    "W-terms": "The text uses the pre-2019 categories of answers (同意公开, 不同意公开 …), which no longer match "
               "the current table 三 (§3.3).",
    "R6": "This year's 二、上年结转 should equal last year's 四、结转下年度继续办理, per column (§4). Needs last "
          "year's report.",
    "R7": "现行有效件数 should carry over: last year's figure plus this year's 制发 minus 废止 (§4). Revisions are "
          "often counted as 制发, so this fails on real data and is only a warning. Needs last year's report.",
    "W-copy": "A text that largely repeats last year's report (reports copying most of their text from year to "
              "year are known) is what the 2021 notice calls copied content. Needs last year's report.",
    "W-reports": "One file holding several annual reports (a portal page or a compilation) is checked for the "
                 "first report only; the others must be checked as files of their own.",
    "I-outside": "Text around the report (a portal page's navigation, a cover letter) is shown greyed and not "
                 "checked, so that it cannot produce findings about the report.",
    "X-pair": "The cross-year checks (R6, R7, W-copy) need last year's report of the same agency; a previous "
              "report of another agency or year is refused rather than compared.",
    "I-copy": "With last year's report given, the share of repeated text is shown for every section, also below "
              "the W-copy threshold.",
    "I-previous": "Says which previous report the cross-year checks used.",
    "R8-percent": "Percentages quoted in the text (「予以公开占 61%」) should follow from the table's figures; the "
                  "message shows the division.",
    "I-figures": "Figures in the text about requests, reconsideration or lawsuits that could not be matched to a "
                 "table cell are listed for a person to check, instead of being silently skipped.",
    "I-old-format": "A pre-2019 report is recognised as such: only its internal sums are checked (§2).",
    "I-unknown": "Something could not be checked (a relation whose cells hold no number, formulas without a "
                 "saved result): said, so that silence is never mistaken for a pass.",
    "I-read": "Something about reading the file the clerk should know: a part that could not be read, a suffix "
              "that does not match the content, a document or workbook cut at the reading limits.",
}

# example values for the templates' fields: by field name, then per code where a field reads differently
FIELD_EXAMPLES: dict[str, object] = {
    "where": "「自然人」列", "lhs": 389, "rhs": 388, "diff": 1, "stated": "填的是 370", "computed": 372,
    "hint": "若各分项无误，应改为 372。", "cell_name": "表三「（一）予以公开」行「商业企业」列",
    "location": "第2个表格第6行第5列", "count": 2, "suggested": 14, "raw": "-3", "expected_kind": "件数",
    "section": "五", "title": "五、存在的主要问题及改进情况", "table_found": "", "table": "四",
    "rows": "「复议后起诉」", "columns": "「尚未审结」「总计」", "year": 2022, "expected": "2021年版格式",
    "document": "国办公开办函〔2021〕30号", "actual": "2019年版格式（试行）",
    "detail": "判断依据：表二第二十条第（一）项的列是「本年新制作数量」「本年新公开数量」「对外公开总数量」。",
    "table_name": "表四", "listing": "「行政复议」的「其他结果」「尚未审结」", "value": 22, "kinds": "全角数字、带单位",
    "place": "第五部分", "label_kind": "标题", "previous": "三", "decimals": 2, "row_name": "3.补正后申请内容仍不明确",
    "text": "0", "agency": "区政府办公室", "today": 2025, "top": 2021, "duty": "该部分必须报告工作中存在的主要问题和改进情况。",
    "topics": "政府信息管理、监督保障", "carried_out": 1, "quote": "全年共收到政府信息公开申请75件",
    "what": "收到申请", "table_says": "表三「一、本年新收政府信息公开申请数量」「总计」为 74", "terms": "同意公开、不同意公开",
    "note": "文件中有未接受的修订，已按接受全部修订后的内容核对。", "part": "word/comments.xml", "reason": "XML 格式错误",
    "suffix": ".xlsx", "kind": "Word 文档（.docx）", "tables": 200, "cells": 100000, "sheets": 50, "sheet": "Sheet3",
    "cols": 200, "description": "申请答复数应等于八类答复之和", "total_label": "申请答复数",
    "relations": "「商业企业」列：（七）总计 = （一）至（六）各项办理结果之和（总计 43，各项相加 44）；"
                 "「（一）予以公开」行：总计 = 自然人 + … + 其他（总计 374，各项相加 375）",
}
EXAMPLES: dict[str, dict] = {
    "R6": {"cell_name": "表三「二、上年结转政府信息公开申请数量」行「商业企业」列", "actual": 3, "expected": 2,
           "previous": "北京市海淀区人民政府2023年政府信息公开工作年度报告.pdf", "previous_cell": "表三「四、结转下年度继续办理」行「商业企业」列",
           "previous_location": "第5页 表格第27行第3列", "hint": "若上年报告无误，应改为 2。"},
    "R7": {"cell_name": "表二「行政规范性文件」的「现行有效件数」", "actual": 140, "previous": "北京市海淀区人民政府2023年政府信息公开工作年度报告.pdf",
           "previous_value": 130, "issued": 8, "repealed": 0, "expected": 138, "diff": 2},
    "X-pair": {"previous": "北京市海淀区人民政府2023年政府信息公开工作年度报告.pdf", "problem": "是另一机关（北京市怀柔区人民政府）的报告"},
    "W-copy": {"section": "五", "title": "五、存在的主要问题及改进情况", "percent": 86, "previous": "北京市海淀区人民政府2023年政府信息公开工作年度报告.pdf",
               "repeated": 412, "chars": 479, "threshold": 60},
    "I-copy": {"previous": "北京市海淀区人民政府2023年政府信息公开工作年度报告.pdf", "listing": "一 35%、二 12%、五 86%、六 40%"},
    "I-previous": {"previous": "北京市海淀区人民政府2023年政府信息公开工作年度报告.pdf", "year": 2023, "source": "从本机档案中找到"},
    "R8-percent": {"where": "第一部分", "quote": "予以公开占 45.2%", "what": "予以公开", "stated": 45.2,
                   "cell_name": "表三「（一）予以公开」行「总计」列", "value": 374, "base_name": "「（七）总计」", "base": 800,
                   "computed": 46.8},
    "I-figures": {"count": 1, "listing": "第一部分「共受理申请 75 件」"},
    "I-outside": {"count": 27, "where": "报告标题之前和第六部分之后", "sample": "首页 > 政务公开 > 政府信息公开年报"},
    "R1": dict(hint="若各分项无误，应将「四、结转下年度继续办理」改为 19。"),
    "R3": dict(where="「总计」列", stated="填的是 370"),
    "R4": dict(where="「（一）予以公开」行", stated="填的是 374", computed=375, hint="若各分项无误，应将「总计」改为 375。"),
    "R5": dict(where="「行政复议」", stated="填的是 425", computed=423, diff=2,
               hint="若各分项无误，应将表四「行政复议」的「总计」改为 423。"),
    "R-CELL": dict(stated="填的是 15"),
    "P1": dict(stated="填的是 205", computed=204, hint=""),
    "V1": dict(raw="约二十", cell_name="表三「一、本年新收政府信息公开申请数量」行「自然人」列"),
    "V1-fraction": dict(raw="2.5", cell_name="表三「一、本年新收政府信息公开申请数量」行「自然人」列"),
    "V1-negative": dict(cell_name="表三「二、上年结转政府信息公开申请数量」行「自然人」列"),
    "T1-none": dict(where="文中"), "T1-format": dict(where="文中"),
    "T1-table": dict(table="四", title="政府信息公开行政复议、行政诉讼情况"),
    "T1-cells": dict(count=5),
    "W-blank": dict(count=3),
    "W-note": dict(cell_name="表二「行政规范性文件」行「本年制发件数」列", location="第1个表格第4行第2列",
                   raw="22（其中修订16件）"),
    "W-number": dict(table_name="表三", listing="「１２」「5件」"),
    "W-title": dict(actual="5、 存在的问题及改进情况", expected="五、存在的主要问题及改进情况"),
    "W-order": dict(section="四", title="四、政府信息公开行政复议、行政诉讼情况"),
    "W-decimals": dict(cell_name="表二「行政事业性收费」行「本年收费金额」列", location="第1个表格第11行第2列",
                       raw="1.51", suggested="1.5100"),
    "W-stray": dict(table_name="表三", location="第2个表格第20行第2列"),
    "W-agency": dict(title="2022年政府信息公开工作年度报告"),
    "W-agency-short": dict(title="政府办公室2022年政府信息公开工作年度报告", agency="政府办公室"),
    "W-year-future": dict(year=2031),
    "W-year-body": dict(year=2021, top=2022, count=9),
    "W-empty": dict(section="五", title="存在的主要问题及改进情况"),
    "W-empty-nil": dict(section="五", title="存在的主要问题及改进情况"),
    "R8-done": dict(where="第三部分", cell_name="表三「四、结转下年度继续办理」行「总计」"),
    "R8-figure": dict(where="第一部分", stated=75),
    "W-placeholder": dict(where="第五部分"),
    "W-terms": dict(location="第三部分第2段"),
    "I-old-format": dict(year=2018),
    "I-unknown-relations": dict(table_name="表三", count=3),
    "I-unknown-formulas": dict(table_name="表三", count=2, listing="H12、H13"),
    "I-read-cut": dict(rows=5000, max_cells=400000),
    "I-read-converted": dict(kind="Word 97-2003 (.doc)", via="LibreOffice", into="docx"),
    "W-reports": dict(count=2, listing="「北京市海淀区人民政府2024年…」「北京市海淀区人民政府2023年…」"),
    "I-outside": dict(count=12, where="报告标题之前", sample="首页 > 政务公开 > 年度报告"),
    "X-pair": dict(previous="2023年政府信息公开工作年度报告.docx", problem="是 2022 年度的报告，不是上一年度（2023 年度）的"),
    "I-copy": dict(previous="2023年政府信息公开工作年度报告.docx", listing="一 35%、五 72%、六 20%"),
    "I-previous": dict(previous="2023年政府信息公开工作年度报告.docx", year=2023, source="本机档案"),
    "R6": dict(previous="2023年政府信息公开工作年度报告.docx", cell_name="表三「二、上年结转政府信息公开申请数量」行「自然人」列", actual=3,
               previous_cell="「四、结转下年度继续办理」行「自然人」列", expected=5, previous_location="第2个表格第29行第4列",
               hint="若上年报告无误，本年应填 5。"),
    "R7": dict(previous="2023年政府信息公开工作年度报告.docx", cell_name="表二「行政规范性文件」行「现行有效件数」列", actual=120, previous_value=112, issued=10,
               repealed=4, expected=118, diff=2),
    "W-copy": dict(previous="2023年政府信息公开工作年度报告.docx", section="五", title="存在的主要问题及改进情况", percent=78, repeated=820, chars=1050, threshold=60),
    "R8-percent": dict(where="第三部分", quote="予以公开141件，占61%", what="予以公开", stated=61,
                       cell_name="表三「（一）予以公开」行「总计」", value=141, base_name="「（七）总计」", base=233,
                       computed="60.5"),
    "I-figures": dict(count=2, listing="「受理申请12件」（第三部分第1段）、「答复率100%」（第三部分第2段）"),
    "I-read-sheet-cut": dict(rows=100000),
}
# fields that are attributes of the finding itself: make() takes them as keyword arguments of their own
_OWN = ("location", "expected", "actual", "suggested", "section", "table")

SEVERITY_EN = {"error": "error", "warning": "warning", "info": "information"}


def example_message(code: str) -> str:
    from core.findings import CATALOGUE, make

    kind = CATALOGUE[code]
    wanted = dict(FIELD_EXAMPLES)
    wanted.update(EXAMPLES.get(code, {}))
    values = {f: wanted.get(f, f"〈{f}〉") for f in kind.fields}
    everything = dict(values)
    own = {k: values.pop(k) for k in _OWN if k in values}
    try:
        return make(code, **own, **values).message
    except (KeyError, TypeError):  # a field make() cannot take (its name is one of make's own arguments)
        return kind.template.format(**everything).replace("（）", "").strip()


def families() -> dict[str, list]:
    from core.findings import CATALOGUE

    out: dict[str, list] = {}
    for kind in CATALOGUE.values():
        out.setdefault(kind.family, []).append(kind)
    return out


def render() -> str:
    from core.findings import SEVERITY_ZH

    fams = families()
    codes = sum(len(v) for v in fams.values())
    lines = [
        "# Rules — every finding the checker can report",
        "",
        "<!-- Generated by tools/gen_rules_doc.py from core/findings.py: do not edit by hand, run",
        "     `python tools/gen_rules_doc.py`. tests/test_install_docs.py fails when this file is out of date. -->",
        "",
        "Each finding has a stable code, a severity and a message in Chinese built from the template in",
        "[core/findings.py](../core/findings.py). A rule with several kinds of failure has one code per kind,",
        "grouped in a *family* (T1-none … T1-cells are the family T1). **Errors** mean the numbers or the",
        "structure cannot all be right (the report must be corrected); **warnings** mean probably wrong or not",
        "standard (look and decide); **information** says what was and was not checked. The format, the",
        "tables and the identities the rules refer to are described in [FORMAT.md](FORMAT.md); the sources",
        "are listed in its §1.",
        "",
        "`nianbao-check check` exits with 1 when at least one error was found.",
        "",
        f"{len(fams)} families, {codes} codes:",
        "",
        "| family | codes | severity | title |",
        "|---|---|---|---|",
    ]
    for fam, kinds in fams.items():
        sev = "、".join(dict.fromkeys(SEVERITY_ZH[k.severity] for k in kinds))
        lines.append(f"| [{fam}](#{_anchor(fam)}) | {', '.join(k.code for k in kinds)} | {sev} | {kinds[0].title} |")
    lines.append("")
    for fam, kinds in fams.items():
        lines += [f"## {fam}", "", WHY.get(fam, MISSING), ""]
        for kind in kinds:
            lines += [
                f"### {kind.code}",
                "",
                f"**{kind.title}** — {SEVERITY_ZH[kind.severity]} ({SEVERITY_EN[kind.severity]})"
                + (f"; tags: {', '.join(kind.tags)}" if kind.tags else ""),
                "",
                f"> {example_message(kind.code)}",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


def _anchor(code: str) -> str:
    return code.lower()


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            sys.stderr.write("docs/RULES.md is out of date: run python tools/gen_rules_doc.py\n")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({text.count(chr(10) + '## ')} families, {text.count(chr(10) + '### ')} codes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
