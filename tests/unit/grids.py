"""Hand-built grids for the recognizer unit tests, written row by row as a clerk sees the table.

A cell "<" continues the merged area on its left, "^" the one above; any other text is a cell of its
own. The labels are written out here (not read from core.formats)."""

from __future__ import annotations

from core.model import Grid, GridCell, SourcePos


def grid(rows: list[list[str]], index: int = 1) -> Grid:
    width = max(len(r) for r in rows)
    out: list[list[GridCell]] = []
    for r, row in enumerate(rows):
        cells: list[GridCell] = []
        for c in range(width):
            text = row[c] if c < len(row) else ""
            if text == "<" and c > 0:
                cells.append(cells[c - 1])
            elif text == "^" and r > 0:
                cells.append(out[r - 1][c])
            else:
                cells.append(GridCell(text, SourcePos("docx", table=index, row=r + 1, col=c + 1), (r, c)))
        out.append(cells)
    return Grid(index, out, "docx")


T3_HEADER = [
    ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "<", "<", "申请人情况", "<", "<", "<", "<", "<", "<"],
    ["^", "^", "^", "自然人", "法人或其他组织", "<", "<", "<", "<", "总计"],
    ["^", "^", "^", "^", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "^"],
]


T4_HEADER = [
    ["行政复议", "<", "<", "<", "<", "行政诉讼", "<", "<", "<", "<", "<", "<", "<", "<", "<"],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "<", "<", "<", "<", "复议后起诉", "<", "<", "<", "<"],
    ["^", "^", "^", "^", "^", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
]
