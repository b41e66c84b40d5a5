"""A small OFD reader for the tests, written from GB/T 33190-2016 and not from our writer:
it follows the package from OFD.xml (§7.4) through DocRoot, Document.xml (§7.5), the
resource files (§7.9) and each page's Content.xml (§7.7), and gives every glyph's
position on the page as the standard defines it (§11.3: the TextCode's X/Y in the
object's coordinates, the Boundary's origin, DeltaX with its "g N d" shorthand, CTM),
every path's stroke and the embedded font files.

It also checks, while it reads, what a schema would: the required elements and
attributes of each part, in their order (OFD.xsd, Document.xsd, Page.xsd, Res.xsd),
and raises OfdFormatError naming what is missing.
"""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field

NS = "{http://www.ofdspec.org/2016}"


class OfdFormatError(AssertionError):
    """The file breaks GB/T 33190-2016."""


@dataclass(frozen=True)
class Glyph:
    """One character as placed: mm from the page's top-left corner, y = its baseline."""

    page: int
    ch: str
    x: float
    y: float
    size: float
    font: int
    fill: tuple[int, ...]
    hscale: float


@dataclass(frozen=True)
class Stroke:
    """A stroked PathObject, its points on the page (mm)."""

    page: int
    points: tuple[tuple[float, float], ...]
    width: float
    colour: tuple[int, ...]
    cap: str


@dataclass(frozen=True)
class Font:
    """A font resource: its name and the bytes of its file (empty when not embedded)."""

    id: int
    name: str
    data: bytes


@dataclass
class OfdFile:
    """What the reader found."""

    names: list[str]
    doc_info: dict[str, str]
    custom: dict[str, str]
    page_box: tuple[float, ...]
    pages: int
    glyphs: list[Glyph] = field(default_factory=list)
    strokes: list[Stroke] = field(default_factory=list)
    fonts: dict[int, Font] = field(default_factory=dict)
    max_unit_id: int = 0
    ids: list[int] = field(default_factory=list)
    colour_spaces: dict[int, dict[str, str]] = field(default_factory=dict)


def _children(node: ET.Element, tag: str) -> list[ET.Element]:
    return [c for c in node if c.tag == NS + tag]


def _one(node: ET.Element, tag: str, where: str) -> ET.Element:
    found = _children(node, tag)
    if len(found) != 1:
        raise OfdFormatError(f"{where}: expected one ofd:{tag}, found {len(found)}")
    return found[0]


def _attr(node: ET.Element, name: str, where: str) -> str:
    value = node.get(name)
    if value is None:
        raise OfdFormatError(f"{where}: ofd:{node.tag[len(NS):]} lacks the required attribute {name}")
    return value


def _order(node: ET.Element, sequence: list[str], where: str) -> None:
    """The children of `node` appear in the schema's sequence order (none unknown)."""
    rank = {tag: i for i, tag in enumerate(sequence)}
    last = -1
    for child in node:
        tag = child.tag[len(NS):] if child.tag.startswith(NS) else child.tag
        if tag not in rank:
            raise OfdFormatError(f"{where}: unexpected element {child.tag}")
        if rank[tag] < last:
            raise OfdFormatError(f"{where}: ofd:{tag} out of the schema's order")
        last = rank[tag]


def numbers(text: str) -> list[float]:
    """An ST_Array as floats."""
    return [float(t) for t in text.split()]


def expand_delta(text: str | None) -> list[float]:
    """DeltaX/DeltaY with the "g N d" shorthand expanded (§11.3, table 46)."""
    if not text:
        return []
    tokens = text.split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g":
            out.extend([float(tokens[i + 2])] * int(tokens[i + 1]))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _ctm(node: ET.Element) -> tuple[float, ...]:
    value = node.get("CTM")
    return tuple(numbers(value)) if value else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


class _Package:
    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = [i.filename for i in self.zip.infolist()]

    def resolve(self, base_file: str, loc: str) -> str:
        """An ST_Loc: absolute from the package root when it starts with /, else relative
        to the folder of the file that names it."""
        if loc.startswith("/"):
            return posixpath.normpath(loc.lstrip("/"))
        return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), loc))

    def xml(self, name: str) -> ET.Element:
        if name not in self.names:
            raise OfdFormatError(f"the package has no {name}")
        return ET.fromstring(self.zip.read(name))

    def read(self, name: str) -> bytes:
        if name not in self.names:
            raise OfdFormatError(f"the package has no {name}")
        return self.zip.read(name)


_DOCINFO = ["DocID", "Title", "Author", "Subject", "Abstract", "CreationDate", "ModDate", "DocUsage",
            "Cover", "Keywords", "Creator", "CreatorVersion", "CustomDatas"]
_COMMON = ["MaxUnitID", "PageArea", "PublicRes", "DocumentRes", "TemplatePage", "DefaultCS"]
_DOCUMENT = ["CommonData", "Pages", "Outlines", "Permissions", "Actions", "VPreferences", "Bookmarks",
             "Annotations", "CustomTags", "Attachments", "Extensions"]
_PAGE = ["Template", "PageRes", "Area", "Content", "Actions"]
_TEXT = ["Actions", "Clips", "FillColor", "StrokeColor", "CGTransform", "TextCode"]
_PATH = ["Actions", "Clips", "StrokeColor", "FillColor", "AbbreviatedData"]


def _doc_info(root: ET.Element) -> tuple[ET.Element, dict[str, str], dict[str, str]]:
    if root.tag != NS + "OFD":
        raise OfdFormatError(f"OFD.xml: the root is {root.tag}, not ofd:OFD")
    if _attr(root, "Version", "OFD.xml") != "1.0" or _attr(root, "DocType", "OFD.xml") != "OFD":
        raise OfdFormatError("OFD.xml: Version must be 1.0 and DocType OFD")
    body = _one(root, "DocBody", "OFD.xml")
    info = _one(body, "DocInfo", "OFD.xml")
    _order(info, _DOCINFO, "DocInfo")
    _one(info, "DocID", "DocInfo")
    fields = {c.tag[len(NS):]: (c.text or "") for c in info if c.tag not in (NS + "Keywords", NS + "CustomDatas")}
    custom: dict[str, str] = {}
    for datas in _children(info, "CustomDatas"):
        for item in _children(datas, "CustomData"):
            custom[_attr(item, "Name", "CustomData")] = item.text or ""
    return body, fields, custom


def _resources(pkg: _Package, doc: ET.Element, doc_path: str, out: OfdFile) -> None:
    common = _one(doc, "CommonData", "Document.xml")
    for tag in ("PublicRes", "DocumentRes"):
        for loc in _children(common, tag):
            res_path = pkg.resolve(doc_path, loc.text or "")
            res = pkg.xml(res_path)
            if res.tag != NS + "Res":
                raise OfdFormatError(f"{res_path}: the root is not ofd:Res")
            base = pkg.resolve(res_path, _attr(res, "BaseLoc", res_path)) + "/"
            for spaces in _children(res, "ColorSpaces"):
                for space in _children(spaces, "ColorSpace"):
                    attrs = dict(space.attrib)
                    if "Profile" in attrs:
                        attrs["ProfileData"] = str(len(pkg.read(pkg.resolve(base, attrs["Profile"]))))
                    out.colour_spaces[int(_attr(space, "ID", res_path))] = attrs
                    out.ids.append(int(space.get("ID", "0")))
            for fonts in _children(res, "Fonts"):
                for font in _children(fonts, "Font"):
                    font_id = int(_attr(font, "ID", res_path))
                    name = _attr(font, "FontName", res_path)
                    files = _children(font, "FontFile")
                    data = pkg.read(pkg.resolve(base, files[0].text or "")) if files else b""
                    out.fonts[font_id] = Font(font_id, name, data)
                    out.ids.append(font_id)


def _text(obj: ET.Element, page: int, m: tuple[float, ...], out: OfdFile) -> None:
    where = f"page {page} TextObject {obj.get('ID')}"
    _order(obj, _TEXT, where)
    box = numbers(_attr(obj, "Boundary", where))
    font = int(_attr(obj, "Font", where))
    size = float(_attr(obj, "Size", where))
    if font not in out.fonts:
        raise OfdFormatError(f"{where}: font {font} is not a resource")
    hscale = float(obj.get("HScale", "1"))
    fill = tuple(int(v) for v in numbers(_children(obj, "FillColor")[0].get("Value", "0 0 0"))) \
        if _children(obj, "FillColor") else (0, 0, 0)
    local = _ctm(obj)
    x = y = None
    for code in _children(obj, "TextCode"):
        text = code.text or ""
        x = float(code.get("X", x if x is not None else "nan"))
        y = float(code.get("Y", y if y is not None else "nan"))
        dx, dy = expand_delta(code.get("DeltaX")), expand_delta(code.get("DeltaY"))
        if len(text) > 1 and len(dx) != len(text) - 1:
            raise OfdFormatError(f"{where}: {len(text)} characters but {len(dx)} DeltaX steps")
        gx, gy = x, y
        for i, ch in enumerate(text):
            if i:
                gx += dx[i - 1]
                gy += dy[i - 1] if dy else 0.0
            px, py = _apply(local, gx, gy)
            px, py = _apply(m, px + box[0], py + box[1])
            out.glyphs.append(Glyph(page, ch, px, py, size, font, fill, hscale))


def _path(obj: ET.Element, page: int, m: tuple[float, ...], out: OfdFile) -> None:
    where = f"page {page} PathObject {obj.get('ID')}"
    _order(obj, _PATH, where)
    box = numbers(_attr(obj, "Boundary", where))
    data = _one(obj, "AbbreviatedData", where).text or ""
    tokens = data.split()
    points: list[tuple[float, float]] = []
    i = 0
    while i < len(tokens):
        op = tokens[i]
        if op in ("M", "L"):
            px, py = _apply(_ctm(obj), float(tokens[i + 1]), float(tokens[i + 2]))
            points.append(_apply(m, px + box[0], py + box[1]))
            i += 3
        else:
            raise OfdFormatError(f"{where}: path operator {op} not expected in a letter")
    if obj.get("Stroke", "true") == "true":
        colour = tuple(int(v) for v in numbers(_children(obj, "StrokeColor")[0].get("Value", "0 0 0"))) \
            if _children(obj, "StrokeColor") else (0, 0, 0)
        out.strokes.append(Stroke(page, tuple(points), float(obj.get("LineWidth", "0.353")), colour,
                                  obj.get("Cap", "Butt")))


def _block(node: ET.Element, page: int, m: tuple[float, ...], out: OfdFile) -> None:
    for obj in node:
        tag = obj.tag[len(NS):]
        out.ids.append(int(_attr(obj, "ID", f"page {page} {tag}")))
        if tag == "TextObject":
            _text(obj, page, m, out)
        elif tag == "PathObject":
            _path(obj, page, m, out)
        elif tag == "PageBlock":
            _block(obj, page, m, out)
        else:
            raise OfdFormatError(f"page {page}: {tag} not expected in a letter")


def read_ofd(data: bytes) -> OfdFile:
    """Read `data` (an OFD file) as the standard defines it."""
    pkg = _Package(data)
    body, fields, custom = _doc_info(pkg.xml("OFD.xml"))
    doc_path = pkg.resolve("OFD.xml", _one(body, "DocRoot", "OFD.xml").text or "")
    doc = pkg.xml(doc_path)
    if doc.tag != NS + "Document":
        raise OfdFormatError(f"{doc_path}: the root is not ofd:Document")
    _order(doc, _DOCUMENT, doc_path)
    common = _one(doc, "CommonData", doc_path)
    _order(common, _COMMON, "CommonData")
    max_id = int(_one(common, "MaxUnitID", "CommonData").text or "0")
    box = tuple(numbers(_one(_one(common, "PageArea", "CommonData"), "PhysicalBox", "PageArea").text or ""))
    page_nodes = _children(_one(doc, "Pages", doc_path), "Page")
    out = OfdFile(pkg.names, fields, custom, box, len(page_nodes), max_unit_id=max_id)
    _resources(pkg, doc, doc_path, out)
    for n, node in enumerate(page_nodes):
        out.ids.append(int(_attr(node, "ID", "Pages")))
        path = pkg.resolve(doc_path, _attr(node, "BaseLoc", "Pages"))
        page = pkg.xml(path)
        if page.tag != NS + "Page":
            raise OfdFormatError(f"{path}: the root is not ofd:Page")
        _order(page, _PAGE, path)
        for content in _children(page, "Content"):
            for layer in _children(content, "Layer"):
                out.ids.append(int(_attr(layer, "ID", path)))
                _block(layer, n, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), out)
    return out
