"""Laid-out pages as an OFD file (GB/T 33190-2016), the second writer of the page model.

The package (§7):

    OFD.xml                         the entry: DocInfo (with the 公文 custom data), DocRoot
    Doc_0/Document.xml              CommonData (page area A4, resources, default colour
                                    space), the page list
    Doc_0/PublicRes.xml             fonts and the sRGB colour space (BaseLoc Res)
    Doc_0/DocumentRes.xml           the document's own resources (none: no images)
    Doc_0/Pages/Page_N/Content.xml  page N (from 0): text objects and rule paths
    Doc_0/Res/sRGB.icc              the colour profile the PDF/A output intent uses too
    Doc_0/Res/font_ID.ttf           each face the letter draws, as a TrueType subset

Object IDs are unique in the document and given in order (colour space, fonts, pages,
then each page's layer and objects), MaxUnitID is the last. Nothing depends on the time
or the machine: the same pages give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.fonts import FontChoice, FontSet
from bjstc_desktop.letters.ofd.content import page_content
from bjstc_desktop.letters.ofd.docinfo import doc_info
from bjstc_desktop.letters.ofd.fontsubset import subset_face
from bjstc_desktop.letters.ofd.package import zip_parts
from bjstc_desktop.letters.ofd.xml import el, nums, to_bytes
from bjstc_desktop.letters.pagemodel import Page, TextOp
from bjstc_desktop.letters.pdfa import srgb_profile
from bjstc_desktop.letters.spec import LetterSpec

DOC = "Doc_0"
RES = "Res"
ICC = "sRGB.icc"


@dataclass
class _Ids:
    last: int = 0

    def next(self) -> int:
        self.last += 1
        return self.last


@dataclass
class _FontRes:
    """One embedded face: its ID, the face, the reportlab names drawing it, its characters."""

    id: int
    choice: FontChoice
    rl_names: list[str] = field(default_factory=list)
    chars: set[str] = field(default_factory=set)

    @property
    def file(self) -> str:
        return f"font_{self.id}.ttf"


@dataclass
class _Fonts:
    """The faces the pages draw, one OFD font per font file and face index."""

    fonts: FontSet
    ids: _Ids
    by_face: dict[tuple[Path, int], _FontRes] = field(default_factory=dict)
    by_name: dict[str, _FontRes] = field(default_factory=dict)

    def reserve(self, pages: list[Page]) -> None:
        """Give every face drawn an ID, in order of first use (before any page's IDs)."""
        for page in pages:
            for op in page.ops:
                if isinstance(op, TextOp):
                    for glyph in op.line.glyphs:
                        self.ref(glyph.font, glyph.ch)

    def ref(self, rl_name: str, text: str) -> int:
        """The ID of the OFD font drawing `text` in face `rl_name` (its characters noted)."""
        res = self.by_name.get(rl_name)
        if res is None:
            choice = self.fonts.by_rl_name(rl_name)
            key = (choice.path, choice.face_index)
            res = self.by_face.get(key)
            if res is None:
                res = self.by_face[key] = _FontRes(self.ids.next(), choice)
            res.rl_names.append(rl_name)
            self.by_name[rl_name] = res
        res.chars.update(text)
        return res.id


def _ofd_xml(spec: LetterSpec) -> bytes:
    root = el(None, "OFD", Version="1.0", DocType="OFD")
    body = el(root, "DocBody")
    doc_info(body, spec)
    el(body, "DocRoot", f"{DOC}/Document.xml")
    return to_bytes(root)


def _document_xml(page_ids: list[int], max_id: int, colour_space: int) -> bytes:
    root = el(None, "Document")
    common = el(root, "CommonData")
    el(common, "MaxUnitID", str(max_id))
    area = el(common, "PageArea")
    el(area, "PhysicalBox", nums(0, 0, L.PAGE_W_MM, L.PAGE_H_MM))
    el(common, "PublicRes", "PublicRes.xml")
    el(common, "DocumentRes", "DocumentRes.xml")
    el(common, "DefaultCS", str(colour_space))
    pages = el(root, "Pages")
    for n, page_id in enumerate(page_ids):
        el(pages, "Page", ID=str(page_id), BaseLoc=f"Pages/Page_{n}/Content.xml")
    return to_bytes(root)


def _public_res(colour_space: int, fonts: list[_FontRes]) -> bytes:
    root = el(None, "Res", BaseLoc=RES)
    spaces = el(root, "ColorSpaces")
    el(spaces, "ColorSpace", ID=str(colour_space), Type="RGB", BitsPerComponent="8", Profile=ICC)
    if fonts:
        table = el(root, "Fonts")
        for res in fonts:
            attrs = {"ID": str(res.id), "FontName": res.choice.postscript}
            if res.choice.family:
                attrs["FamilyName"] = res.choice.family
            font = el(table, "Font", **attrs)
            el(font, "FontFile", res.file)
    return to_bytes(root)


def _document_res() -> bytes:
    return to_bytes(el(None, "Res", BaseLoc=RES))


def write_ofd(pages: list[Page], spec: LetterSpec, fonts: FontSet) -> bytes:
    """The OFD bytes of the laid-out `pages` of `spec`. Callers hold the render lock (the
    font subsets read reportlab's faces)."""
    ids = _Ids()
    colour_space = ids.next()
    used = _Fonts(fonts, ids)
    used.reserve(pages)
    page_ids = [ids.next() for _ in pages]
    contents = [to_bytes(page_content(page, used.ref, ids.next)) for page in pages]
    faces = sorted(used.by_face.values(), key=lambda r: r.id)
    parts = [("OFD.xml", _ofd_xml(spec)),
             (f"{DOC}/Document.xml", _document_xml(page_ids, ids.last, colour_space)),
             (f"{DOC}/PublicRes.xml", _public_res(colour_space, faces)),
             (f"{DOC}/DocumentRes.xml", _document_res())]
    parts += [(f"{DOC}/Pages/Page_{n}/Content.xml", data) for n, data in enumerate(contents)]
    parts.append((f"{DOC}/{RES}/{ICC}", srgb_profile()))
    for res in faces:
        parts.append((f"{DOC}/{RES}/{res.file}", subset_face(res.rl_names[0], res.chars)))
    return zip_parts(parts)
