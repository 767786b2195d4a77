"""XML hardening: every XML part is parsed here (no entities, no DTD, no network), and
openpyxl is checked to parse through defusedxml."""

from __future__ import annotations

from lxml import etree

from .errors import ReadError

__all__ = ["parse_xml", "harden_openpyxl", "declares_entities"]

_DOCTYPE_PATTERNS = [(b"<!DOCTYPE", b"<!ENTITY")] + [
    ("<!DOCTYPE".encode(enc), "<!ENTITY".encode(enc)) for enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
]


def declares_entities(data: bytes) -> bool:
    """True when a DOCTYPE declares an ENTITY (in any of the encodings XML allows)."""
    for doctype, entity in _DOCTYPE_PATTERNS:
        pos = data.find(doctype)
        if pos >= 0 and data.find(entity, pos) >= 0:
            return True
    return False


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_blank_text=False,
        recover=False,
    )


def parse_xml(data: bytes, part: str = "", filename: str = "") -> etree._Element:
    """Parse one XML part with a hardened lxml parser.

    ``part`` (e.g. ``"word/document.xml"``) and ``filename`` only make the message clearer.
    A DOCTYPE that declares an ENTITY raises ``ReadError('xml_entities')``; malformed XML
    raises ``ReadError('bad_xml')``.
    """
    where = {"name": filename, "part": part}
    if isinstance(data, str):  # be forgiving with callers; lxml rejects str with an encoding decl
        data = data.encode("utf-8")
    if declares_entities(data):
        raise ReadError.make("xml_entities", detail="DOCTYPE with ENTITY declarations", **where)
    if not data or not data.strip():
        raise ReadError.make("xml_empty", detail=f"empty XML part {part!r}", **where)
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        text = str(exc)
        low = text.lower()
        if "entity reference loop" in low or "amplification" in low:
            raise ReadError.make("xml_entities", detail=text, **where) from exc
        line = getattr(exc, "lineno", None)
        detail = f"XMLSyntaxError in {part!r}: {text}"
        if line:
            raise ReadError.make("xml_syntax_line", line=line, detail=detail, **where) from exc
        raise ReadError.make("xml_syntax", detail=detail, **where) from exc
    except (ValueError, LookupError, etree.ParserError, etree.LxmlError) as exc:
        raise ReadError.make("xml_undecodable", detail=f"{type(exc).__name__} in {part!r}: {exc}", **where) from exc
    if root is None:
        raise ReadError.make("xml_no_root", detail=f"no root in {part!r}", **where)
    # Defence in depth: an internal subset with entity declarations that slipped past the
    # byte check (unusual encoding) is still refused.
    try:
        dtd = root.getroottree().docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            raise ReadError.make("xml_entities", detail="internal DTD declares entities", **where)
    except ReadError:
        raise
    except Exception:  # pragma: no cover - lxml API differences
        pass
    return root


def harden_openpyxl() -> None:
    """Make sure openpyxl parses through defusedxml (and lxml without entity resolution).

    openpyxl picks defusedxml up at import time when it is importable and the environment
    variable ``OPENPYXL_DEFUSEDXML`` is not ``False``. Raises ``RuntimeError`` (a deployment
    error, not a file error) when that is not the case.
    """
    try:
        import defusedxml  # noqa: F401
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise RuntimeError("defusedxml 未安装：openpyxl 无法安全解析 XML，请重新安装本工具。") from exc
    import openpyxl
    import openpyxl.xml
    import openpyxl.xml.functions as functions

    problems = []
    if getattr(openpyxl.xml, "DEFUSEDXML", False) is not True:
        problems.append("openpyxl.xml.DEFUSEDXML is not True")
    if getattr(openpyxl, "DEFUSEDXML", True) is not True:
        problems.append("openpyxl.DEFUSEDXML is not True")
    iterparse = getattr(functions, "iterparse", None)
    if iterparse is None or not str(getattr(iterparse, "__module__", "")).startswith("defusedxml"):
        problems.append("openpyxl.xml.functions.iterparse is not defusedxml's")
    parser = getattr(functions, "safe_parser", None)
    if parser is not None and getattr(parser, "resolve_entities", False) not in (False, None):
        problems.append("openpyxl's lxml parser resolves entities")
    if problems:
        raise RuntimeError(
            "openpyxl 未通过 defusedxml 解析 XML（" + "; ".join(problems) + "）。"
            "请确认已安装 defusedxml，且没有把环境变量 OPENPYXL_DEFUSEDXML 设为 False。"
        )
