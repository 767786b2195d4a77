"""Writes docs/RULES.md from the catalogue in core/findings.py, so the list of rules cannot drift from
the program: every code, its title, its severity, why it exists, and an example message produced by
the catalogue's own template (``core.findings.make``).

    python tools/gen_rules_doc.py            rewrite docs/RULES.md
    python tools/gen_rules_doc.py --check    exit 1 if docs/RULES.md is not what this would write

A code added to the catalogue without an entry in WHY below is written with 「（尚无说明）」 and
tests/test_install_docs.py fails until it is explained here.
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
          "anything else cannot be the figure the format asks for.",
    "S1": "第五十条 of the Regulation lists what the report must contain, and the unified format makes that six "
          "sections with fixed titles (§1, §3.1). A missing section — or a missing heading while its table is "
          "there — is an incomplete report.",
    "T1": "The three tables, with every row and column of the format version, are the statistical core of the "
          "report (§3.2–3.4). A table or a row that is missing cannot be checked.",
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
                "apart from those of other units (§3.1).",
    "W-year": "The year in the title should fit the report's content (dates in the text, the format used).",
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
    "I-old-format": "A pre-2019 report is recognised as such: only its internal sums are checked (§2).",
    "I-unknown": "Something could not be checked (a table found but not understood): said, so that silence is "
                 "never mistaken for a pass.",
    "I-read": "Something about reading the file the clerk should know (tracked changes read as accepted, a "
              "formula without a cached value …).",
}

# example values for each template (realistic figures, in the shape the rules give them)
EXAMPLES: dict[str, dict] = {
    "R1": dict(where="「自然人」列", lhs=389, rhs=388, diff=1,
               hint="若各分项无误，应将「四、结转下年度继续办理」改为 19。"),
    "R3": dict(where="「总计」列", stated=370, computed=372, diff=2,
               hint="若各分项无误，应将「（七）总计」改为 372。"),
    "R4": dict(where="「（一）予以公开」行", stated=374, computed=375, diff=1,
               hint="若各分项无误，应将「总计」改为 375。"),
    "R5": dict(where="「行政复议」", stated=425, computed=423, diff=2,
               hint="若各分项无误，应将表四「行政复议」的「总计」改为 423。"),
    "R-CELL": dict(cell_name="表三「（一）予以公开」行「商业企业」列", location="第2个表格第6行第5列", actual=15,
                   count=2, relations="「商业企业」列：（七）总计 = （一）至（六）各项办理结果之和（总计 43，各项相加 44）；"
                                      "「（一）予以公开」行：总计 = 自然人 + … + 其他（总计 374，各项相加 375）",
                   suggested=14),
    "P1": dict(description="申请答复数应等于八类答复之和", total_label="申请答复数", stated=205, computed=204, diff=1),
    "V1": dict(cell_name="表三「二、上年结转政府信息公开申请数量」行「自然人」列", location="第2个表格第5行第4列",
               raw="-3", problem="数量不能为负数"),
    "S1": dict(section="五", title="五、存在的主要问题及改进情况", hint=""),
    "T1": dict(what="表四缺少「复议后起诉」的五列数据。"),
    "F1": dict(year=2022, expected="2021年版格式", document="国办公开办函〔2021〕30号", actual="2019年版格式（试行）",
               detail="表二第二十条第（一）项的列是「本年新制作数量」「本年新公开数量」「对外公开总数量」。"),
    "W-blank": dict(table_name="表四", count=3, listing="「行政复议」的「其他结果」「尚未审结」「总计」"),
    "W-note": dict(cell_name="表二「行政规范性文件」行「本年制发件数」列", location="第1个表格第4行第2列",
                   raw="22（其中修订16件）", value=22),
    "W-number": dict(table_name="表三", count=2, kinds="全角数字、带单位", listing="「１２」「5件」"),
    "W-title": dict(what="第五部分标题", actual="5、 存在的问题及改进情况", expected="五、存在的主要问题及改进情况"),
    "W-order": dict(section="四", title="四、政府信息公开行政复议、行政诉讼情况", previous="三"),
    "W-decimals": dict(cell_name="表二「行政事业性收费」行「本年收费金额」列", location="第1个表格第11行第2列",
                       raw="1.51", decimals=2, suggested="1.5100"),
    "W-stray": dict(table_name="表三", row_name="3.补正后申请内容仍不明确", location="第2个表格第20行第2列", text="0"),
    "W-agency": dict(title="政府办公室2022年政府信息公开工作年度报告", problem="没有写明机关全称"),
    "W-year": dict(what="标题写的是 2021 年度，但正文说明的是 2022 年的工作（「2022年，区政府办公室……」）。"),
    "W-empty": dict(section="五", title="存在的主要问题及改进情况", problem="只写了「无」，应如实说明存在的问题和改进措施"),
    "W-topics": dict(topics="政府信息管理、监督保障"),
    "R8": dict(what="正文说「全年共收到政府信息公开申请75件」，表三「一、本年新收政府信息公开申请数量」总计为 74"
                    "（新收 74 + 上年结转 1 = 75，正文可能把结转计入了收到）。"),
    "W-placeholder": dict(where="第五部分", count=2),
    "R9": dict(),
    "W-terms": dict(terms="同意公开、不同意公开", location="第三部分第2段"),
    "R6": dict(what="表三「二、上年结转」「自然人」列为 3，上一年度报告「四、结转下年度继续办理」为 5。"),
    "R7": dict(what="表二「行政规范性文件」现行有效件数为 120，上一年度 112 + 本年制发 10 − 本年废止 4 = 118。"),
    "W-copy": dict(what="正文与上一年度报告有 78% 相同。"),
    "I-old-format": dict(year=2018),
    "I-unknown": dict(what="找到了表四，但无法判断各列的含义，未核对表四。"),
    "I-read": dict(what="文件中有未接受的修订，已按接受全部修订后的内容核对。"),
}

SEVERITY_EN = {"error": "error", "warning": "warning", "info": "information"}


def example_message(code: str) -> str:
    from core.findings import CATALOGUE, make

    kind = CATALOGUE[code]
    values = dict(EXAMPLES.get(code, {}))
    names = _fields(kind.template)
    for n in names:  # a field the example does not know is shown as a placeholder, never an exception
        values.setdefault(n, f"〈{n}〉")
    try:
        return make(code, **values).message
    except (KeyError, IndexError, ValueError):
        return kind.template


def _fields(template: str) -> list[str]:
    import string

    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def render() -> str:
    from core.findings import CATALOGUE, SEVERITY_ZH

    lines = [
        "# Rules — every finding the checker can report",
        "",
        "<!-- Generated by tools/gen_rules_doc.py from core/findings.py: do not edit by hand, run",
        "     `python tools/gen_rules_doc.py`. tests/test_install_docs.py fails when this file is out of date. -->",
        "",
        "Each finding has a stable code, a severity and a message in Chinese built from the template in",
        "[core/findings.py](../core/findings.py). **Errors** mean the numbers or the structure cannot all be",
        "right (the report must be corrected); **warnings** mean probably wrong or not standard (look and",
        "decide); **information** says what was and was not checked. The format, the tables and the",
        "identities the rules refer to are described in [FORMAT.md](FORMAT.md); the sources are listed",
        "in its §1.",
        "",
        "`nianbao-check check` exits with 1 when at least one error was found.",
        "",
        "| code | severity | title |",
        "|---|---|---|",
    ]
    for code, kind in CATALOGUE.items():
        lines.append(f"| [{code}](#{_anchor(code)}) | {SEVERITY_ZH[kind.severity]} ({SEVERITY_EN[kind.severity]}) "
                     f"| {kind.title} |")
    lines.append("")
    for code, kind in CATALOGUE.items():
        lines += [
            f"## {code}",
            "",
            f"**{kind.title}** — {SEVERITY_ZH[kind.severity]} ({SEVERITY_EN[kind.severity]})"
            + (f"; tags: {', '.join(kind.tags)}" if kind.tags else ""),
            "",
            WHY.get(code, MISSING),
            "",
            "Example:",
            "",
            f"> {example_message(code)}",
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
    print(f"wrote {OUT.relative_to(ROOT)} ({text.count(chr(10) + '## ')} codes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
