"""The web-page reader on its own: grids from rowspan/colspan, cell text from <p>/<span>/<br>/&nbsp;,
reading order, encodings, .mht, and bad input (huge, deeply nested, broken encodings)."""

import time

import pytest

from core.model import Grid, Paragraph
from core.readers import ReadError
from core.readers import html as html_reader
from core.readers.html import decode, read_html, read_mht
from tests.fixtures.portal_fixtures import Portal, encode_page, portal_page, write_mht
from tests.fixtures.seeds import SEEDS


def _read(tmp_path, text: str, encoding="utf-8", name="p.html"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return read_html(p, p.read_bytes())


PAGE = """<html><head><meta charset="utf-8"><title>某区2023年政府信息公开工作年度报告_某区人民政府</title>
<script>document.write("一、总体情况")</script><style>p{color:red}</style></head>
<body><div>首页 &gt; 政务公开</div>
<p>一、总体情况</p><p>　　2023年，我区……</p>
<table border=1>
<tr><td colspan="3" rowspan="3"><p><span>（本列数据的勾稽关系为：</span><span>第一项加第二项之和，等于第三项加第四项之和）</span></p></td>
    <td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2"><p><span>自</span><br/><span>然</span><br/><span>人</span></p></td><td colspan="5">法人或其他组织</td><td rowspan=2>总计</td></tr>
<tr><td>商业<br>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan=3><p><span>一、本年新收</span><span>政府信息公开申请数量</span></p></td>
    <td><p>&nbsp;12</p></td><td>0&nbsp;&nbsp;</td><td><o:p>&nbsp;</o:p></td><td>\u3000</td><td>1</td><td>2</td><td>15</td></tr>
</table>
<p style="display:none">隐藏的文字</p>
<p>【打印本页】【关闭窗口】</p>
</body></html>"""


def test_table_merges_and_cell_text(tmp_path):
    doc = _read(tmp_path, PAGE)
    assert doc.kind == "html"
    grids = doc.grids
    assert len(grids) == 1
    g = grids[0]
    assert g.width == 10 and len(g.rows) == 4 and g.source == "html"
    # the 3x3 corner: one origin, every covered cell points to it with the same text
    corner = g.rows[0][0]
    assert corner.origin == (0, 0) and corner.text.startswith("（本列数据的勾稽关系为：第一项")
    assert all(g.rows[r][c].origin == (0, 0) and g.rows[r][c].text == corner.text for r in range(3) for c in range(3))
    assert g.rows[1][3].text == "自\n然\n人" and g.rows[2][3].origin == (1, 3)  # <br> = a line feed
    assert g.rows[2][4].text == "商业\n企业"
    assert g.rows[1][9].text == "总计" and g.rows[2][9].origin == (1, 9)
    row = [c.text for c in g.rows[3]]
    assert row[:3] == ["一、本年新收政府信息公开申请数量"] * 3
    assert row[3:] == ["12", "0", "", "", "1", "2", "15"]  # &nbsp; padding, <o:p>&nbsp;</o:p> and lone U+3000 blank
    assert g.rows[3][3].pos.describe() == "网页第1个表格第4行第4列"


def test_reading_order_title_scripts_hidden(tmp_path):
    doc = _read(tmp_path, PAGE)
    texts = [b.text if isinstance(b, Paragraph) else "<grid>" for b in doc.blocks]
    assert texts[0] == "某区2023年政府信息公开工作年度报告"  # the page's <title>, site name cut off
    assert texts[1:] == ["首页 > 政务公开", "一、总体情况", "2023年，我区……", "<grid>", "【打印本页】【关闭窗口】"]
    assert not any("document.write" in t or "color:red" in t or "隐藏" in t for t in texts)
    assert doc.blocks[2].pos.describe() == "网页正文第2段"


def test_layout_tables_hold_the_data_tables(tmp_path):
    page = ("<html><body><table><tr><td>导航 首页</td></tr><tr><td><table><tr><td width=200>左侧栏目</td><td>"
            "<p>一、总体情况</p><p>正文。</p><table><tr><td>行政复议</td><td>行政诉讼</td></tr>"
            "<tr><td>1</td><td>2</td></tr></table><p>五、存在的主要问题及改进情况</p></td></tr></table></td></tr>"
            "</table></body></html>")
    doc = _read(tmp_path, page)
    kinds = [("G" if isinstance(b, Grid) else b.text) for b in doc.blocks]
    assert kinds == ["导航 首页", "左侧栏目", "一、总体情况", "正文。", "G", "五、存在的主要问题及改进情况"]
    assert doc.grids[0].index == 1 and doc.grids[0].rows[1][1].text == "2"


def test_source_newlines_between_chinese_are_no_space(tmp_path):
    doc = _read(tmp_path, "<html><body><p>三、本年度\n    办理结果 共 12\n件</p></body></html>")
    assert doc.paragraphs[0].text == "三、本年度办理结果 共 12 件"


@pytest.mark.parametrize("declared,actual", [("gbk", "gbk"), ("gb2312", "gbk"), ("utf-8", "utf-8"),
                                             (None, "gbk"), (None, "utf-8"), ("utf-8", "gbk"), ("gbk", "utf-8")])
def test_encodings(tmp_path, declared, actual):
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">' if declared else ""
    text = f"<html><head>{meta}</head><body><p>政府信息公开工作年度报告 镕（GB18030）</p></body></html>"
    data = text.encode("gb18030" if actual == "gbk" else "utf-8")
    p = tmp_path / "e.html"
    p.write_bytes(data)
    doc = read_html(p, data)
    assert doc.paragraphs[0].text == "政府信息公开工作年度报告 镕（GB18030）"
    assert doc.notes == []


def test_bom_and_broken_bytes(tmp_path):
    assert decode("\ufeff<p>报告</p>".encode("utf-8"))[0] == "<p>报告</p>"
    assert decode("<p>报告</p>".encode("utf-16"))[0] == "<p>报告</p>"
    # a page that is neither UTF-8 nor GBK: read with replacement characters and a Chinese note
    data = "<html><body><p>年度报告</p>".encode("utf-8") + b"\xff\xfe\xfa\x80\x80" * 3 + b"</body></html>"
    p = tmp_path / "b.html"
    p.write_bytes(data)
    doc = read_html(p, data)
    assert "年度报告" in doc.paragraphs[0].text
    assert len(doc.notes) == 1 and "无法按" in doc.notes[0] and "编码" in doc.notes[0]


def test_word_save_as_web_page(tmp_path):
    page = portal_page(SEEDS["000"], portal=Portal(mso=True, encoding="gbk"))
    p = tmp_path / "w.htm"
    p.write_bytes(encode_page(page, Portal(encoding="gbk")))
    doc = read_html(p, p.read_bytes())
    assert doc.producer == "Microsoft Word"
    assert "1、 总体情况" in [b.text for b in doc.paragraphs]
    assert len(doc.grids) == 3


def test_mht(tmp_path):
    page = portal_page(SEEDS["004"], portal=Portal(encoding="gbk"))
    m = write_mht(encode_page(page, Portal(encoding="gbk")), tmp_path / "r.mht", "gb2312")
    raw = m.read_bytes()
    assert b"quoted-printable" in raw and b"=" in raw
    doc = read_mht(m, raw)
    assert doc.kind == "html"
    assert any(b.text == "2020年政府信息公开工作年度报告" for b in doc.paragraphs)
    assert len(doc.grids) == 3


def test_mht_without_a_page(tmp_path):
    data = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
            b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0K\r\n--b--\r\n")
    with pytest.raises(ReadError) as e:
        read_mht(tmp_path / "x.mht", data)
    assert "没有网页正文" in e.value.message


def test_nested_100000_deep_is_refused_quickly(tmp_path):
    for tag in ("div", "span", "table><tr><td"):
        open_, close = f"<{tag}>", ""
        data = ("<html><body>" + open_ * 100_000 + "x").encode()
        t = time.perf_counter()
        with pytest.raises(ReadError) as e:
            read_html(tmp_path / "deep.html", data)
        assert time.perf_counter() - t < 10
        assert "嵌套层次过深" in e.value.message


def test_too_large_is_refused(tmp_path, monkeypatch):
    # the limit itself (50 MiB) is a constant; a lowered limit shows the check without 200 MB in memory
    monkeypatch.setattr(html_reader, "MAX_BYTES", 1000)
    data = b"<html><body>" + b"<p>" + "报告".encode() * 1000 + b"</p></body></html>"
    for reader in (read_html, read_mht):
        with pytest.raises(ReadError) as e:
            reader(tmp_path / "big.html", data)
        assert "网页上限" in e.value.message and "MB" in e.value.message and e.value.code == "too_large_html"


def test_many_cells_are_cut_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setattr(html_reader, "MAX_CELLS", 50)
    rows = "".join(f"<tr><td>{i}</td><td>{i}</td></tr>" for i in range(40))
    doc = _read(tmp_path, "<html><body>" + f"<table>{rows}</table>" * 5 + "</body></html>")
    assert len(doc.grids) < 5 and any("过大" in n for n in doc.notes)


def test_huge_spans_stay_bounded(tmp_path):
    page = '<html><body><table><tr><td colspan="99999999" rowspan="99999999">x</td><td>y</td></tr><tr><td>1</td></tr></table></body></html>'
    doc = _read(tmp_path, page)
    g = doc.grids[0]
    assert g.width <= html_reader.MAX_COLS and len(g.rows) == 2


@pytest.mark.parametrize("data", [b"", b"   ", b"<html></html>", b"<html><body><script>x</script></body></html>"])
def test_empty_pages(tmp_path, data):
    with pytest.raises(ReadError) as e:
        read_html(tmp_path / "e.html", data)
    assert "空白网页" in e.value.message


def test_garbage_bytes_do_not_crash(tmp_path):
    import random

    rnd = random.Random(7)
    for _ in range(20):
        data = bytes(rnd.randrange(256) for _ in range(3000))
        try:
            read_html(tmp_path / "g.html", b"<html><body>" + data)
        except ReadError as e:
            assert e.message


def test_undecodable_page_is_refused(tmp_path):
    import random

    rnd = random.Random(3)
    data = b"<html><body><p>" + bytes(rnd.randrange(128, 256) for _ in range(20000)) + b"</p></body></html>"
    with pytest.raises(ReadError) as e:
        read_html(tmp_path / "u.html", data)
    assert e.value.code in ("html_undecodable", "html_empty") and "网页文件" in e.value.message


# ----- through the front door: the dispatcher sniffs the bytes and calls this reader ------------

def test_dispatch_reads_pages_and_mht(tmp_path):
    from core.check import check_path
    from core.readers import read_document

    page = portal_page(SEEDS["000"], portal=Portal(encoding="gbk"))
    for name in ("r.html", "r.htm", "r.shtml"):
        p = tmp_path / name
        p.write_bytes(encode_page(page, Portal(encoding="gbk")))
        assert read_document(p).kind == "html"
    m = write_mht(encode_page(page, Portal(encoding="gbk")), tmp_path / "r.mht", "gb2312")
    result = check_path(m)
    assert result.document.kind == "html" and result.report.agency == "北京市怀柔区人民政府"


def test_dispatch_200_mb_page_is_refused_quickly(tmp_path):
    """A 200 MB page (sparse on disk: no 200 MB written) ends with the size message before it is read."""
    from core.readers import read_document

    p = tmp_path / "huge.html"
    with open(p, "wb") as f:
        f.write(b"<html><body><table>")
        f.seek(200 * 1024 * 1024)
        f.write(b"</table></body></html>")
    t = time.perf_counter()
    with pytest.raises(ReadError) as e:
        read_document(p)
    assert time.perf_counter() - t < 5
    assert "上限" in e.value.message and "MB" in e.value.message


def test_dispatch_deep_page(tmp_path):
    from core.check import check_path

    p = tmp_path / "deep.html"
    p.write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"</body></html>")
    t = time.perf_counter()
    with pytest.raises(ReadError) as e:
        check_path(p)
    assert time.perf_counter() - t < 10 and "嵌套层次过深" in e.value.message and not e.value.unexpected
