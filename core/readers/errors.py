"""Why a file cannot be read: :class:`ReadError` and the catalogue of read-failure reasons.

Every message a clerk may see when a file cannot be read is written here, once, as a template
with named fields. Raise one with ``raise ReadError.make(code, name=..., ext=..., **fields)``.

Two codes travel with an error:

- ``.code`` — the catalogue entry (one per kind of failure, e.g. ``"encrypted_xls"``);
- ``.reason`` — its family, the stable code batch reports and the window have always used
  (``"encrypted"``, ``"legacy_doc"``, … see :data:`REASONS`).

Fields every template may use without the caller passing them (derived from ``name``/``ext``/
``part``): ``name`` (the file's display name), ``subject`` (文件「…」, or, when the extension
claims another Office type, 文件「…」的扩展名虽是 .docx，但实际), ``app`` (Word/WPS or
Excel/WPS 表格), ``target`` (.docx / .xlsx), ``hint`` (how to save it as .docx/.xlsx),
``word_hint``, ``excel_hint``, ``noun`` (Word 文档 / Excel 工作簿) and ``where`` (which part of
which file).
"""

from __future__ import annotations

from .sniff import EXCELISH_SUFFIXES, OFFICE_SUFFIXES

__all__ = ["ReadError", "Reason", "CATALOGUE", "REASONS", "DERIVED_FIELDS", "KIND_NAMES", "mb", "template_fields"]

MiB = 1024 * 1024


class Reason:
    """One catalogue entry (a plain class: this module is imported at every start-up)."""

    __slots__ = ("reason", "template", "own_suffixes")

    def __init__(self, reason: str, template: str, own_suffixes: frozenset[str] | None = None):
        self.reason = reason  # the family (stable code, one of REASONS)
        self.template = template  # Chinese, with {named} fields
        self.own_suffixes = own_suffixes  # {subject} says "扩展名虽是…" unless ext is one of these

    def __repr__(self) -> str:
        return f"Reason({self.reason!r}, {self.template!r})"


def _r(reason: str, template: str, own: tuple[str, ...] | None = None) -> Reason:
    return Reason(reason, template, frozenset(own) if own is not None else None)


_SAVE_AGAIN = "请在 Word/WPS 或 Excel 中打开并另存为新文件后再检查。"

#: code → reason family + template. One entry per kind of failure.
CATALOGUE: dict[str, Reason] = {
    # ---- the file itself ------------------------------------------------------------
    "not_found": _r("not_found", "找不到文件「{name}」。请确认文件仍在原来的位置，没有被移动、改名或删除。"),
    "is_directory": _r("is_directory", "「{name}」是一个文件夹，不是文件。请打开文件夹，选择其中的 .docx 或 .xlsx 文件。"),
    "not_regular": _r("unsupported", "「{name}」不是普通文件（可能是设备或管道），无法检查。请选择 .docx 或 .xlsx 文件。"),
    "too_large": _r(
        "too_large",
        "文件「{name}」有 {size}，超过了本工具能检查的上限（{limit}）。"
        "请确认没有选错文件；如果是图片太多，可在 Word/WPS 中压缩图片后另存再检查。",
    ),
    "too_large_pdf": _r(
        "too_large",
        "PDF 文件「{name}」有 {size}，超过了本工具能检查的 PDF 上限（{limit}）。请确认没有选错文件，或提供年度报告的 .docx 文件。",
    ),
    "too_many_pages": _r(
        "too_large",
        "PDF 文件「{name}」有 {pages} 页，超过了本工具能检查的上限（{limit} 页）。请确认没有选错文件，或提供年度报告的 .docx 文件。",
    ),
    "too_large_html": _r(
        "too_large",
        "网页文件「{name}」有 {size}，超过了本工具能检查的网页上限（{limit}）。请确认没有选错文件，或提供年度报告的 .docx 文件。",
    ),
    "out_of_memory": _r("too_large", "文件「{name}」太大，电脑内存不足以读取它。请关闭其他程序后重试，或确认没有选错文件。"),
    "locked": _r(
        "locked", "文件「{name}」正被其他程序占用，暂时无法读取。请关闭 Word/WPS（或 Excel）中打开的这个文件后重试。"
    ),
    "permission": _r(
        "permission",
        "没有读取文件「{name}」的权限，或文件正被其他程序锁定。请关闭正在使用它的程序，或把文件复制到桌面后再检查。",
    ),
    "io_error": _r(
        "io_error", "读取文件「{name}」时出错（{error}）。请确认文件可以正常打开，或把它复制到本机桌面后再检查。"
    ),
    "empty": _r("empty", "文件「{name}」是空文件（0 字节），可能没有保存完整。请在 {app} 中重新保存后再检查。"),
    "unreadable": _r(
        "unsupported", "文件「{name}」无法读取，可能已损坏或格式不受支持。请在 {app} 中打开后另存为 {target} 再检查。"
    ),
    "unreadable_zip": _r(
        "damaged_zip", "文件「{name}」无法读取，可能已损坏或格式不受支持。请在 {app} 中打开后另存为 {target} 再检查。"
    ),
    "too_deep": _r("bad_xml", "文件「{name}」的内部结构嵌套过深，无法读取。"),
    # ---- OLE2 compound files (legacy Office binaries) ---------------------------------
    "encrypted_ooxml_word": _r(
        "encrypted",
        "文件「{name}」是设有打开密码的 Word 文档，本工具无法读取。请在 Word/WPS 中用密码打开，取消密码后另存为 .docx 再检查。",
    ),
    "encrypted_ooxml_excel": _r(
        "encrypted",
        "文件「{name}」是设有打开密码的 Excel 工作簿，本工具无法读取。请在 Excel/WPS 表格中用密码打开，取消密码后另存为 .xlsx 再检查。",
    ),
    "encrypted_ooxml": _r(
        "encrypted",
        "文件「{name}」是设有打开密码的 Office 文件，本工具无法读取。"
        "请在 Word/WPS 或 Excel 中用密码打开，取消密码后另存为 .docx 或 .xlsx 再检查。",
    ),
    "encrypted_doc": _r(
        "encrypted",
        "文件「{name}」是设有打开密码的 Word 97-2003 (.doc) 文档，本工具无法读取。"
        "请在 Word/WPS 中用密码打开，取消密码后另存为“Word 文档 (*.docx)”再检查。",
    ),
    "encrypted_wps": _r(
        "encrypted",
        "文件「{name}」是设有打开密码的 WPS 文字 (.wps) 文档，本工具无法读取。"
        "请在 Word/WPS 中用密码打开，取消密码后另存为“Word 文档 (*.docx)”再检查。",
    ),
    "encrypted_xls": _r(
        "encrypted",
        "文件「{name}」是设有打开密码的 Excel 97-2003 (.xls) 工作簿，本工具无法读取。"
        "请在 Excel/WPS 表格中用密码打开，取消密码后另存为“Excel 工作簿 (*.xlsx)”再检查。",
    ),
    "encrypted_et": _r(
        "encrypted",
        "文件「{name}」是设有打开密码的 WPS 表格 (.et) 工作簿，本工具无法读取。"
        "请在 Excel/WPS 表格中用密码打开，取消密码后另存为“Excel 工作簿 (*.xlsx)”再检查。",
    ),
    "legacy_doc": _r("legacy_doc", "{subject}是 Word 97-2003 (.doc) 格式，本工具只能检查 .docx。{word_hint}", (".doc", ".dot")),
    "wps": _r(
        "wps",
        "{subject}是 WPS 文字旧格式 (.wps)，本工具只能检查 .docx。请在 WPS 中打开它，另存为“Word 文档 (*.docx)”后再检查。",
        (".wps", ".wpt"),
    ),
    "legacy_xls": _r("legacy_xls", "{subject}是 Excel 97-2003 (.xls) 格式，本工具只能检查 .xlsx。{excel_hint}", (".xls", ".xlt")),
    "et": _r(
        "et",
        "{subject}是 WPS 表格格式 (.et)，本工具只能检查 .xlsx。请在 WPS 表格中打开它，另存为“Excel 工作簿 (*.xlsx)”后再检查。",
        (".et", ".ett"),
    ),
    "ppt": _r(
        "unsupported",
        "文件「{name}」是演示文稿（PowerPoint/WPS 演示），不是 Word 文档或 Excel 表格，本工具无法检查。请选择年度报告的 .docx 或 .xlsx 文件。",
    ),
    "ole2_other": _r(
        "unsupported",
        "文件「{name}」是旧版 Office 二进制格式（OLE 复合文档），本工具无法检查。请用 Word/WPS 或 Excel 打开它，另存为 .docx 或 .xlsx 后再检查。",
    ),
    # ---- other kinds of file, told apart by their bytes --------------------------------
    "pdf": _r(
        "pdf",
        "{subject}是 PDF 文件，无法按 Word/Excel 检查。请提供年度报告的原始 {target} 文件（PDF 可在 WPS/Word 中转换后另存为 {target}）。",
    ),
    "rtf": _r("rtf", "{subject}是 RTF 格式，本工具只能检查 .docx。{word_hint}"),
    # ---- old formats converted through the office suite on the PC (core/readers/convert.py) ----
    "no_converter": _r(
        "convert",
        "文件「{name}」是 {kind} 格式，要先转换为 {target} 才能检查，但本机没有找到可用于自动转换的办公软件"
        "（已查找：{looked_for}）。{hint}",
    ),
    "convert_failed": _r(
        "convert",
        "文件「{name}」是 {kind} 格式，本工具先要把它转换为 {target} 再检查，但转换没有成功：{why}"
        "请在 {app} 中打开它，另存为 {target} 后再检查。",
    ),
    "convert_timeout": _r(
        "convert",
        "文件「{name}」是 {kind} 格式，转换为 {target} 时{why}"
        "请在 {app} 中打开它，另存为 {target} 后再检查；如果办公软件弹出了对话框，请先关闭它。",
    ),
    "binary": _r(
        "not_ooxml", "{subject}是 {what}，不是 Word 文档或 Excel 表格，无法检查。请选择年度报告的 .docx 或 .xlsx 文件。"
    ),
    "unknown_binary": _r(
        "not_ooxml",
        "{subject}不是 Word 文档或 Excel 表格，无法识别其格式。请确认选对了文件，或在 {app} 中打开后另存为 {target} 再检查。",
    ),
    "mht": _r("html", "{subject}是“单个文件网页”(.mht) 格式，不是真正的 {noun}。{hint}"),
    "html_word": _r(
        "html", "{subject}是网页 (HTML) 格式（常见于系统导出或“另存为网页”的文件），不是真正的 Word 文档。{word_hint}"
    ),
    "html_excel": _r(
        "html", "{subject}是网页 (HTML) 格式（常见于系统导出或“另存为网页”的文件），不是真正的 Excel 工作簿。{excel_hint}"
    ),
    "word_xml": _r("unsupported", "{subject}是 Word XML 格式（“Word 2003 XML 文档”），本工具只能检查 .docx。{word_hint}"),
    "excel_xml": _r("unsupported", "{subject}是 Excel XML 格式（“XML 电子表格 2003”），本工具只能检查 .xlsx。{excel_hint}"),
    "xml_text": _r("not_ooxml", "{subject}是一个 XML 文本文件，不是 Word 文档或 Excel 表格。{hint}"),
    "text_word": _r(
        "text",
        "{subject}是纯文本文件，不是 Word 文档或 Excel 表格。请把内容粘贴到 Word/WPS 中，另存为“Word 文档 (*.docx)”后再检查。",
    ),
    "text_excel": _r(
        "text",
        "{subject}是纯文本文件，不是 Word 文档或 Excel 表格。请把内容导入 Excel/WPS 表格，另存为“Excel 工作簿 (*.xlsx)”后再检查。",
    ),
    # ---- zip containers ---------------------------------------------------------------
    "damaged_zip": _r(
        "damaged_zip",
        "文件「{name}」已损坏或不完整（可能是复制、下载或保存时中断），无法读取。"
        "请找到完好的原文件，或在 {app} 中打开修复后另存为 {target} 再检查。",
    ),
    "zip_bomb": _r(
        "zip_bomb",
        "文件「{name}」的内部结构异常（解压后体积或文件数量异常巨大，疑似“压缩炸弹”），为保护电脑已停止读取。"
        "请确认文件来源，或在 Word/WPS 中打开后另存为新文件再检查。",
    ),
    "size_lie": _r(
        "zip_bomb",
        "文件「{name}」内部数据解压后比声明的大小更大（可能已损坏，也可能是恶意构造的“压缩炸弹”），为保护电脑已停止读取。"
        "请在 Word/WPS 中打开后另存为新文件再检查，或确认文件来源。",
    ),
    "zip_empty": _r(
        "not_ooxml",
        "{subject}是一个空的压缩包，里面没有任何内容，无法检查。请选择年度报告的 .docx 或 .xlsx 文件。",
    ),
    "zip_encrypted": _r(
        "encrypted", "文件「{name}」是设有密码的压缩包，本工具无法读取。请选择未加密的 .docx 或 .xlsx 文件。"
    ),
    "member_encrypted": _r(
        "encrypted", "文件「{name}」内部设有压缩包密码，本工具无法读取。请在 {app} 中打开后另存为 {target} 再检查。"
    ),
    "compression": _r(
        "unsupported", "文件「{name}」使用了本工具不支持的压缩方式，无法读取。请在 {app} 中打开后另存为 {target} 再检查。"
    ),
    "missing_member": _r(
        "missing_part",
        "文件「{name}」缺少内部部件 {part}，文件可能已损坏或不完整。请在 {app} 中打开后另存为新文件再检查。",
    ),
    # ---- OPC: content types, relationships, the main part ------------------------------
    "no_main_part": _r(
        "missing_part",
        "文件「{name}」里找不到正文部分，文件可能已损坏或不完整。请在 {app} 中打开后另存为 {target} 再检查。",
    ),
    "main_part_absent": _r(
        "missing_part",
        "文件「{name}」缺少正文部分（{part}），文件可能已损坏或不完整。请在 {app} 中打开后另存为 {target} 再检查。",
    ),
    "no_content_types": _r(
        "missing_part",
        "文件「{name}」缺少 [Content_Types].xml，文件已损坏或不完整。请在 {app} 中打开修复后另存为 {target} 再检查。",
    ),
    "pptx": _r(
        "unsupported",
        "{subject}是演示文稿（PowerPoint/WPS 演示），不是 Word 文档或 Excel 表格，本工具无法检查。请选择年度报告的 .docx 或 .xlsx 文件。",
    ),
    "xlsb": _r("unsupported", "{subject}是 Excel 二进制工作簿 (.xlsb)，本工具只能检查 .xlsx。{excel_hint}"),
    "wrong_type": _r(
        "wrong_type",
        "文件「{name}」内部声明的类型不是 Word 文档或 Excel 工作簿，可能已损坏或由其他软件生成。请在 {app} 中打开后另存为 {target} 再检查。",
    ),
    "odf_text": _r("not_ooxml", "{subject}是 OpenDocument 文档 (.odt 等) 格式，本工具只能检查 .docx。{word_hint}"),
    "odf_sheet": _r("not_ooxml", "{subject}是 OpenDocument 表格 (.ods) 格式，本工具只能检查 .xlsx。{excel_hint}"),
    "epub": _r("not_ooxml", "{subject}是电子书 (EPUB)，不是 Word 文档或 Excel 表格，无法检查。"),
    "ofd": _r("not_ooxml", "{subject}是 OFD 版式文件，不是 Word 文档，无法检查。请提供年度报告的原始 .docx 文件。"),
    "plain_zip": _r(
        "not_ooxml",
        "{subject}是一个普通压缩包（.zip），不是 Word 文档或 Excel 表格。"
        "如果年度报告在压缩包里，请先解压，再选择其中的 .docx 或 .xlsx 文件。",
    ),
    "docx_no_body": _r("missing_part", "「{name}」中没有正文（document.xml 无 body），文件可能已损坏。"),
    "xlsx_no_sheet": _r("missing_part", "「{name}」中没有工作表，文件可能已损坏。"),
    # ---- for the PDF and web-page readers (core/readers/pdf*.py, html*.py) --------------
    "pdf_encrypted": _r(
        "encrypted",
        "PDF 文件「{name}」设有密码，本工具无法读取。请提供未加密的 PDF，或年度报告的 .docx 文件。",
    ),
    "pdf_damaged": _r(
        "damaged_pdf",
        "PDF 文件「{name}」已损坏或不完整，无法读取。请找到完好的原文件，或提供年度报告的 .docx 文件。",
    ),
    "pdf_no_text": _r(
        "scanned_pdf",
        "PDF 文件「{name}」是扫描图片，没有文字层，无法核对。请使用原始 Word/WPS 文件，或先做文字识别（OCR）后另存为 PDF。",
    ),
    "pdf_no_pages": _r("damaged_pdf", "PDF 文件「{name}」中没有任何页面，无法检查。请找到完好的原文件，或提供年度报告的 .docx 文件。"),
    "pdf_bomb": _r(
        "too_large",
        "PDF 文件「{name}」中有一段内容解压后异常巨大（超过 {limit}），可能是损坏或恶意构造的文件，已停止读取。"
        "请使用原始 Word/WPS 文件，或重新导出 PDF 后再检查。",
    ),
    "pdf_too_complex": _r(
        "too_large",
        "PDF 文件「{name}」第 {page} 页的内容过于复杂（对象数量异常），可能是损坏或恶意构造的文件，已停止读取。"
        "请使用原始 Word/WPS 文件检查。",
    ),
    "pdf_timeout": _r(
        "too_large",
        "PDF 文件「{name}」过于复杂，读取超过 {seconds} 秒仍未完成，已停止。请使用原始 Word/WPS 文件检查。",
    ),
    "html_undecodable": _r(
        "html",
        "网页文件「{name}」的文字编码无法识别，无法读取。请在 Word/WPS 中打开它，另存为“Word 文档 (*.docx)”后再检查。",
    ),
    "mht_damaged": _r(
        "html",
        "单个文件网页「{name}」已损坏或不完整，无法读取。请在 Word/WPS 中打开它，另存为“Word 文档 (*.docx)”后再检查。",
    ),
    "html_empty": _r("html", "网页文件「{name}」里没有可以检查的文字（空白网页，或只有图片和脚本）。请确认保存的是年度报告正文所在的网页。"),
    "html_too_deep": _r(
        "html",
        "网页文件「{name}」的标签嵌套层次过深（超过 255 层），不像正常的网页，已停止读取。"
        "请在浏览器中打开该网页，把报告全文复制到 Word/WPS 中另存为“Word 文档 (*.docx)”后再检查。",
    ),
    "html_broken": _r("html", "网页文件「{name}」内容已损坏，不是可以读取的网页。请重新保存该网页，或提供年度报告的 .docx 文件。"),
    "mht_no_page": _r(
        "html",
        "单个文件网页「{name}」里没有网页正文（只有图片等附件），无法检查。请在 Word/WPS 中打开它，另存为“Word 文档 (*.docx)”后再检查。",
    ),
    # ---- XML parts ----------------------------------------------------------------------
    "xml_empty": _r("bad_xml", "{where}是空的，文件可能已损坏。" + _SAVE_AGAIN),
    "xml_syntax": _r("bad_xml", "{where}不是格式正确的 XML，文件可能已损坏。" + _SAVE_AGAIN),
    "xml_syntax_line": _r("bad_xml", "{where}不是格式正确的 XML（第 {line} 行附近），文件可能已损坏。" + _SAVE_AGAIN),
    "xml_undecodable": _r("bad_xml", "{where}无法解析（编码或结构有误），文件可能已损坏。" + _SAVE_AGAIN),
    "xml_no_root": _r("bad_xml", "{where}没有内容，文件可能已损坏。"),
    "xml_entities": _r(
        "xml_entities",
        "{where}含有 XML 实体声明（可被用来攻击电脑的写法），为安全起见已停止读取。"
        "正常的 Word/Excel 文件不会这样，请确认文件来源，或在 Word/WPS 中打开后另存为新文件再检查。",
    ),
}

#: Every reason family :class:`ReadError` may carry.
REASONS = frozenset(r.reason for r in CATALOGUE.values()) | {"unsupported"}

#: Chinese names of the binary kinds ``sniff`` recognises (the ``what`` of code ``binary``).
KIND_NAMES = {
    "png": "PNG 图片",
    "jpeg": "JPEG 图片",
    "gif": "GIF 图片",
    "tiff": "TIFF 图片",
    "rar": "RAR 压缩包",
    "7z": "7z 压缩包",
    "gzip": "gzip 压缩包",
    "exe": "程序文件（.exe）",
    "elf": "程序文件",
}

_WORD_HINT = "请在 Word/WPS 中打开它，另存为“Word 文档 (*.docx)”后再检查。"
_EXCEL_HINT = "请在 Excel/WPS 表格中打开它，另存为“Excel 工作簿 (*.xlsx)”后再检查。"

DERIVED_FIELDS = frozenset({"name", "subject", "app", "target", "hint", "word_hint", "excel_hint", "noun", "where"})


def mb(n: int) -> str:
    return f"{n / MiB:.1f} MB"


def template_fields(template: str) -> set[str]:
    import string  # only tests and tools ask

    return {f for _lit, f, _spec, _conv in string.Formatter().parse(template) if f}


def _derived(entry: Reason, name: str, ext: str, part: str) -> dict[str, str]:
    excel = ext in EXCELISH_SUFFIXES
    claimed_wrong = True if entry.own_suffixes is None else ext not in entry.own_suffixes
    if claimed_wrong and ext in OFFICE_SUFFIXES:
        subject = f"文件「{name}」的扩展名虽是 {ext}，但实际"
    else:
        subject = f"文件「{name}」"
    f = f"文件「{name}」" if name else "文件"
    return {
        "name": name,
        "subject": subject,
        "app": "Excel/WPS 表格" if excel else "Word/WPS",
        "target": ".xlsx" if excel else ".docx",
        "hint": _EXCEL_HINT if excel else _WORD_HINT,
        "word_hint": _WORD_HINT,
        "excel_hint": _EXCEL_HINT,
        "noun": "Excel 工作簿" if excel else "Word 文档",
        "where": f"{f}中的 {part} 部分" if part else f,
    }


class ReadError(Exception):
    """A file that cannot be read.

    ``.message`` is plain Chinese for a clerk; ``.reason`` is a stable family code (see
    :data:`REASONS`); ``.code`` the catalogue entry; ``.fields`` what filled its template;
    ``.detail`` an optional technical note (English) for logs, never shown to the clerk.
    ``.unexpected`` is True only when an unforeseen exception was turned into this error at an
    outer boundary (the original is chained as ``__cause__``).
    """

    def __init__(self, reason: str, message: str, *, detail: str = "", unexpected: bool = False, code: str = ""):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.detail = detail
        self.unexpected = unexpected
        self.code = code or reason
        self.fields: dict[str, object] = {}

    @classmethod
    def make(
        cls, code: str, *, name: str = "", ext: str = "", part: str = "", detail: str = "", unexpected: bool = False, **fields
    ) -> "ReadError":
        """The catalogue's message ``code`` for the file ``name`` (extension ``ext``)."""
        entry = CATALOGUE[code]
        values: dict[str, object] = _derived(entry, name, (ext or "").casefold(), part)
        values.update(fields)
        if part:
            values.setdefault("part", part)
        err = cls(entry.reason, entry.template.format_map(values), detail=detail, unexpected=unexpected, code=code)
        err.fields = dict(fields, name=name, ext=ext, part=part)
        return err

    def __reduce__(self):
        # picklable (a batch hands errors from worker processes back to the parent)
        return (_rebuild, (type(self), self.reason, self.message, self.detail, self.unexpected, self.code, self.fields))

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message

    def __repr__(self) -> str:
        return f"ReadError({self.reason!r}, {self.message!r})"


def _rebuild(cls, reason, message, detail, unexpected, code, fields):
    err = cls(reason, message, detail=detail, unexpected=unexpected, code=code)
    err.fields = fields
    return err
