"""The one OOXML helper: namespaces, content types, relationships and resolving their targets.

Used by the package layer (to find the main part), the .docx and .xlsx readers (to find styles,
numbering, shared strings and sheets) and the exports (to find sheets in a workbook they wrote).
No Chinese here and no file access: parts come in as parsed XML.
"""

from __future__ import annotations

__all__ = [
    "W_NS",
    "S_NS",
    "MC_NS",
    "R_NS",
    "PKG_REL_NS",
    "CT_NS",
    "OFFICE_DOCUMENT_RELS",
    "Relationship",
    "rels_part_for",
    "resolve_target",
    "parse_relationships",
    "relationships_by_id",
    "first_by_type",
    "norm_part",
    "classify_content_type",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

OFFICE_DOCUMENT_RELS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)

_WORD_CT = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
}
_EXCEL_CT = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml",
    "application/vnd.ms-excel.template.macroenabled.main+xml",
}
_GENERIC_CT = {"", "application/xml", "text/xml", "application/octet-stream"}


def norm_part(name: str) -> str:
    """The key a part name is looked up by (zip names are case-insensitive in OPC)."""
    return name.replace("\\", "/").lstrip("/").casefold()


def classify_content_type(ct: str) -> str:
    """'docx' | 'xlsx' | 'pptx' | 'xlsb' | 'generic' | 'other'."""
    base = ct.split(";", 1)[0].strip().casefold()
    if base in _WORD_CT:
        return "docx"
    if base in _EXCEL_CT:
        return "xlsx"
    if "presentationml" in base or "ms-powerpoint" in base:
        return "pptx"
    if "sheet.binary" in base:
        return "xlsb"
    if base in _GENERIC_CT:
        return "generic"
    return "other"


class Relationship:
    """One relationship of a part (a plain class: this module is imported at every start-up)."""

    __slots__ = ("id", "type", "target", "external")

    def __init__(self, id: str, type: str, target: str, external: bool = False):
        self.id = id
        self.type = type  # the full type URI
        self.target = target  # the part it points to, resolved from the package root ("" when external or unusable)
        self.external = external

    def __eq__(self, other) -> bool:
        return isinstance(other, Relationship) and (self.id, self.type, self.target, self.external) == (
            other.id, other.type, other.target, other.external)

    def __hash__(self) -> int:
        return hash((self.id, self.type, self.target, self.external))

    def __repr__(self) -> str:
        return f"Relationship({self.id!r}, {self.short_type!r} → {self.target!r}{', external' if self.external else ''})"

    @property
    def short_type(self) -> str:
        """The last segment of the type URI: "styles", "numbering", "worksheet", "officeDocument" …"""
        return self.type.rsplit("/", 1)[-1]


def rels_part_for(part: str) -> str:
    """``word/document.xml`` → ``word/_rels/document.xml.rels``; ``""`` (the package) → ``_rels/.rels``."""
    folder, _, name = part.strip("/").rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def resolve_target(source_part: str, target: str) -> str:
    """A relationship target, relative to the folder of ``source_part``, as a part name from the
    package root. Absolute targets start from the root; URLs, empty targets and targets that
    climb out of the package give ``""``."""
    target = (target or "").strip().replace("\\", "/")
    if not target or "://" in target:
        return ""
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        segments: list[str] = []
    else:
        segments = [p for p in source_part.strip("/").split("/")[:-1] if p]
    for seg in target.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if not segments:
                return ""  # climbs out of the package
            segments.pop()
        else:
            segments.append(seg)
    return "/".join(segments)


def parse_relationships(root, source_part: str = "") -> list[Relationship]:
    """The relationships of a parsed ``.rels`` part (``root``) belonging to ``source_part``
    (``""`` for the package's own ``_rels/.rels``), in document order."""
    out: list[Relationship] = []
    for rel in root.iter(f"{{{PKG_REL_NS}}}Relationship", "Relationship"):
        external = (rel.get("TargetMode") or "Internal").strip().casefold() == "external"
        raw = rel.get("Target") or ""
        target = "" if external else resolve_target(source_part, raw)
        out.append(Relationship(rel.get("Id") or "", (rel.get("Type") or "").strip(), target, external))
    return out


def relationships_by_id(rels: list[Relationship]) -> dict[str, Relationship]:
    out: dict[str, Relationship] = {}
    for r in rels:
        out.setdefault(r.id, r)
    return out


def first_by_type(rels: list[Relationship], short_type: str) -> str | None:
    """The target of the first internal relationship whose type ends in ``short_type``."""
    for r in rels:
        if not r.external and r.target and r.short_type == short_type:
            return r.target
    return None
