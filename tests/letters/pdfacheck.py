"""A PDF/A-2b check for letters, written against the rules of ISO 19005-2 that a reportlab
letter could break. pikepdf's own validator (`pikepdf.pdfa`, an allow-list built from
the veraPDF profiles) needs extras the lock file does not carry yet; when it can be
imported, the tests run it too.

Checked: header and version; trailer ID, no encryption; XMP metadata (uncompressed,
pdfaid part 2 / conformance B) consistent with the document information dictionary;
an sRGB GTS_PDFA1 output intent; every font embedded (FontFile2), with ToUnicode, no
base-14 name, symbolic TrueType without /Encoding and with a single-table cmap; no
page transition, action, JavaScript, annotation or image; only DeviceRGB colour.
"""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET

import pikepdf

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
      "dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "xmp": "http://ns.adobe.com/xap/1.0/"}
BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats", "STSong", "MSung", "HeiseiMin")


def _xmp_value(root: ET.Element, tag: str) -> str | None:
    prefix, name = tag.split(":")
    for desc in root.iter(f"{{{NS['rdf']}}}Description"):
        attr = desc.get(f"{{{NS[prefix]}}}{name}")
        if attr is not None:
            return attr
        el = desc.find(f"{prefix}:{name}", NS)
        if el is not None:
            return "".join(el.itertext()).strip()
    return None


def _cmap_tables(font_program: bytes) -> list[tuple[int, int]]:
    count = struct.unpack(">H", font_program[4:6])[0]
    for i in range(count):
        tag, _sum, offset, _len = struct.unpack(">4sIII", font_program[12 + 16 * i:28 + 16 * i])
        if tag == b"cmap":
            n = struct.unpack(">H", font_program[offset + 2:offset + 4])[0]
            return [struct.unpack(">HH", font_program[offset + 4 + 8 * j:offset + 8 + 8 * j]) for j in range(n)]
    return []


def _font_problems(name: str, font: pikepdf.Dictionary) -> list[str]:
    problems = []
    base = str(font.get("/BaseFont", ""))
    if any(b in base for b in BASE14):
        problems.append(f"{name}: base font {base}")
    if font.get("/Subtype") != pikepdf.Name.TrueType:
        problems.append(f"{name}: not a TrueType font ({font.get('/Subtype')})")
        return problems
    if not re.match(r"^/[A-Z]{6}\+", base):
        problems.append(f"{name}: {base} is not a subset")
    if "/ToUnicode" not in font:
        problems.append(f"{name}: no ToUnicode")
    desc = font.get("/FontDescriptor")
    if desc is None or "/FontFile2" not in desc:
        problems.append(f"{name}: not embedded")
        return problems
    symbolic = int(desc.get("/Flags", 0)) & 4
    if symbolic and "/Encoding" in font:
        problems.append(f"{name}: symbolic TrueType with an /Encoding")
    tables = _cmap_tables(desc.FontFile2.read_bytes())
    if symbolic and len(tables) != 1 and (3, 0) not in tables:
        problems.append(f"{name}: cmap {tables}")
    if "/Widths" not in font:
        problems.append(f"{name}: no /Widths")
    return problems


def _xmp_problems(meta: pikepdf.Stream, info: pikepdf.Dictionary) -> list[str]:
    problems = []
    if "/Filter" in meta:
        problems.append("metadata stream is compressed")
    xmp = ET.fromstring(re.sub(rb"<\?xpacket[^>]*\?>", b"", meta.read_bytes()).strip())
    if _xmp_value(xmp, "pdfaid:part") != "2" or _xmp_value(xmp, "pdfaid:conformance") != "B":
        problems.append("pdfaid is not 2B")
    pairs = {"/Title": "dc:title", "/Author": "dc:creator", "/Subject": "dc:description",
             "/Producer": "pdf:Producer", "/Creator": "xmp:CreatorTool", "/Keywords": "pdf:Keywords"}
    for key, tag in pairs.items():
        if key in info and str(info[key]) != (_xmp_value(xmp, tag) or ""):
            problems.append(f"{key} differs from {tag}")
    if "/CreationDate" in info and not _xmp_value(xmp, "xmp:CreateDate"):
        problems.append("no xmp:CreateDate")
    return problems


def pdfa2b_problems(data: bytes) -> list[str]:
    """Every PDF/A-2b rule the letter breaks (empty: it conforms as far as checked)."""
    problems: list[str] = []
    if not re.match(rb"%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}", data[:20]):
        problems.append("header")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.is_encrypted:
            problems.append("encrypted")
        if "/ID" not in pdf.trailer or len(pdf.trailer.ID) != 2:
            problems.append("trailer without /ID")
        root = pdf.Root
        for key in ("/JavaScript", "/AA", "/OpenAction"):
            if key in root or ("/Names" in root and key in root.Names):
                problems.append(f"catalog has {key}")
        meta = root.get("/Metadata")
        if meta is None:
            problems.append("no XMP metadata")
        else:
            problems += _xmp_problems(meta, pdf.docinfo)
        intents = [i for i in root.get("/OutputIntents", []) if i.get("/S") == pikepdf.Name.GTS_PDFA1]
        if len(intents) != 1:
            problems.append("no single GTS_PDFA1 output intent")
        else:
            icc = intents[0].DestOutputProfile
            raw = icc.read_bytes()
            if int(icc.get("/N", 0)) != 3 or raw[36:40] != b"acsp" or raw[16:20] != b"RGB ":
                problems.append("output intent is not an RGB ICC profile")
        for n, page in enumerate(pdf.pages, start=1):
            for key in ("/Trans", "/AA", "/Annots"):
                if key in page.obj:
                    problems.append(f"page {n} has {key}")
            resources = page.obj.get("/Resources", pikepdf.Dictionary())
            for name, font in resources.get("/Font", pikepdf.Dictionary()).items():
                problems += _font_problems(f"page {n} {name}", font)
            if resources.get("/XObject"):
                problems.append(f"page {n} has XObjects (images)")
            for _operands, op in pikepdf.parse_content_stream(page):
                if str(op) in ("k", "K", "cs", "CS", "sh", "BI"):
                    problems.append(f"page {n} uses {op}")
    return sorted(set(problems))
