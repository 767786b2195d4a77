"""xmlsafe: no entities, no DTD, no network; messages name the part and the file."""

from __future__ import annotations

import pytest

try:
    import hostile
except ImportError:
    from tests import hostile  # type: ignore[no-redef]

from core.readers.errors import ReadError
from core.readers.xmlsafe import declares_entities, parse_xml


@pytest.mark.parametrize("enc", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_entity_declarations_found_in_every_encoding(enc):
    assert declares_entities('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'.encode(enc))
    assert not declares_entities("<a>无实体</a>".encode(enc))


@pytest.mark.parametrize(
    "payload, code",
    [
        (hostile.BILLION_LAUGHS, "xml_entities"),
        (hostile.XXE_FILE, "xml_entities"),
        (b"", "xml_empty"),
        (b"<a>\n<b></a>", "xml_syntax_line"),
        (b"<a>&undefined;</a>", "xml_syntax_line"),
    ],
)
def test_codes(payload, code):
    with pytest.raises(ReadError) as info:
        parse_xml(payload, part="xl/sharedStrings.xml", filename="表.xlsx")
    e = info.value
    assert e.code == code
    assert "xl/sharedStrings.xml" in e.message and "表.xlsx" in e.message


def test_line_number_is_given():
    with pytest.raises(ReadError) as info:
        parse_xml(b"<a>\n\n\n<b></a>", part="word/document.xml", filename="报告.docx")
    assert "第 4 行附近" in info.value.message


def test_no_file_or_network_access_from_a_dtd(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    root = parse_xml(f'<!DOCTYPE a SYSTEM "{secret.as_uri()}"><a>正文</a>'.encode())
    assert root.text == "正文"


def test_without_filename_says_which_part():
    with pytest.raises(ReadError) as info:
        parse_xml(b"<a>", part="docProps/app.xml")
    assert info.value.message.startswith("文件中的 docProps/app.xml 部分")


def test_text_input_is_accepted():
    assert parse_xml("<a>文字</a>").text == "文字"
