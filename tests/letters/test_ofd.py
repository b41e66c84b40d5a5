"""Issue 18, point 1: every letter also as OFD (GB/T 33190-2016), from the same laid-out
pages as the PDF. Read back three ways: with ofdkit (an independent reader from PyPI),
with tests/letters/ofdread.py (written from the standard: glyph positions from
TextCode/DeltaX, paths, fonts, and the schema's required elements and order), and drawn
again from its own embedded fonts and compared with the PDF's pixels. Every glyph of
every template must sit where the PDF puts it, within 0.1 mm."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import ofdkit
import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

from bjstc_desktop.letters.fonts import FontSet, letter_fonts
from bjstc_desktop.letters.ofd.content import TOLERANCE_MM, delta_x, placed
from bjstc_desktop.letters.render import Rendered, render_letter
from bjstc_desktop.letters.spec import LetterSpec, Paragraph
from tests.letters import stress
from tests.letters.conftest import document_spec, letter_spec
from tests.letters.ofdraster import ofd_as_pdf, raster
from tests.letters.ofdread import OfdFile, OfdFormatError, expand_delta, read_ofd
from tests.letters.pdfmeasure import mm, open_pdf

LIMIT_MM = 0.1  # issue 18: every glyph within 0.1 mm of the PDF's
JOINT = ("北京市科学技术委员会", "中关村科技园区管理委员会")
PARTS = ["OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml", "Doc_0/DocumentRes.xml"]


def _specs() -> dict[str, LetterSpec]:
    specs = {
        "document": document_spec(),
        "letter": letter_spec(),
        "joint": document_spec(issuer=JOINT, signatures=JOINT, signature="、".join(JOINT)),
        # one name of 23 characters at 36 pt: condensed to fit the type area (HScale)
        "condensed": document_spec(issuer=("北京市科学技术委员会、中关村科技园区管理委员会",), mark_suffix=""),
        # a character beyond the BMP (one code point, two UTF-16 units) in a name
        "supplementary": letter_spec(body=(Paragraph("联系人：𠮷田，电话：010-66668888。"),)),
    }
    for i in stress.one_per_template():
        specs[f"template-{stress.pairs()[i][1]}"] = stress.letter(i)
    return specs


SPECS = _specs()


@cache
def _fonts() -> FontSet:
    return letter_fonts(prefer_licensed=False)


@cache
def rendered(name: str) -> Rendered:
    """The letter `name` laid out once and written both ways (cached per test process)."""
    return render_letter(SPECS[name], _fonts())


@dataclass(frozen=True)
class PdfGlyph:
    page: int
    ch: str
    x: float  # origin, mm from the left edge
    y: float  # baseline, mm from the top
    size: float  # pt
    fill: tuple[int, ...]


def pdf_glyphs(pdf: bytes) -> list[PdfGlyph]:
    """Every character pdfplumber finds, placed by its text matrix (the glyph origin)."""
    out = []
    with open_pdf(pdf) as doc:
        for n, page in enumerate(doc.pages):
            for c in page.chars:
                colour = c["non_stroking_color"] or (0,)
                fill = tuple(round(v * 255) for v in (colour * 3 if len(colour) == 1 else colour))
                out.append(PdfGlyph(n, c["text"], mm(c["matrix"][4]), mm(page.height - c["matrix"][5]),
                                    float(c["size"]), fill))
    return out


def _key(page: int, y: float, x: float) -> tuple[int, float, float]:
    return page, round(y, 1), round(x, 2)


def paired(pdf: bytes, ofd: OfdFile) -> Iterator[tuple[PdfGlyph, Any]]:
    """The PDF's and the OFD's glyphs, page by page in reading order, one for one."""
    a = sorted(pdf_glyphs(pdf), key=lambda g: _key(g.page, g.y, g.x))
    b = sorted(ofd.glyphs, key=lambda g: _key(g.page, g.y, g.x))
    assert len(a) == len(b), f"the PDF has {len(a)} glyphs, the OFD {len(b)}"
    yield from zip(a, b, strict=True)


@pytest.mark.parametrize("name", list(SPECS))
def test_every_glyph_sits_where_the_pdf_puts_it(name: str) -> None:
    letter = rendered(name)
    ofd = read_ofd(letter.ofd)
    assert ofd.pages == letter.pages
    worst = 0.0
    for p, o in paired(letter.pdf, ofd):
        assert (p.page, p.ch) == (o.page, o.ch), (p, o)
        worst = max(worst, abs(p.x - o.x), abs(p.y - o.y))
        assert abs(p.size - o.size * 72 / 25.4) < 0.01, (p, o)  # OFD sizes are in mm
        assert p.fill == o.fill, (p, o)
    assert worst <= LIMIT_MM, f"{name}: a glyph is {worst:.4f} mm from where the PDF has it"


def test_a_condensed_mark_keeps_its_positions_and_narrows_its_glyphs() -> None:
    ofd = read_ofd(rendered("condensed").ofd)
    mark = [g for g in ofd.glyphs if g.fill == (255, 0, 0)]
    assert mark and all(0.4 < g.hscale < 1.0 for g in mark)
    assert [g for g in ofd.glyphs if g.fill != (255, 0, 0) and g.hscale != 1.0] == []
    assert 28 - LIMIT_MM <= min(g.x for g in mark) and max(g.x for g in mark) <= 184  # inside the type area


def test_ofdkit_opens_it_and_reads_the_text_the_metadata_and_the_runs() -> None:
    """ofdkit (PyPI, independent of this project) reads what our reader reads."""
    for name in ("document", "letter", "joint"):
        letter, spec = rendered(name), SPECS[name]
        ours = read_ofd(letter.ofd)
        with ofdkit.open(letter.ofd) as doc:
            assert doc.warnings == [] and len(doc.pages) == letter.pages
            assert doc.info.title == spec.title and doc.info.subject == spec.doc_no
            assert doc.info.creation_date == spec.date.isoformat()
            assert doc.info.custom_data["发文字号"] == spec.doc_no
            assert doc.info.custom_data["标题"] == spec.title
            assert doc.info.custom_data["成文日期"] == spec.date.isoformat()
            assert doc.info.custom_data["密级"] == spec.secrecy.partition("★")[0]
            with open_pdf(letter.pdf) as pdf:
                for n, page in enumerate(doc.pages):
                    # the text layer: the same characters as the PDF's, in the same order
                    assert "".join(page.text().split()) == "".join(pdf.pages[n].extract_text().split())
                    # each run (TextCode) starts where our reader puts its first glyph
                    starts = [g for g in ours.glyphs if g.page == n]
                    for run in page.runs:
                        first = next(g for g in starts if g.ch == run.text[0] and abs(g.x - run.x) < 1e-6
                                     and abs(g.y - run.y) < 1e-6)
                        assert first.size == pytest.approx(run.size)


def test_the_custom_data_carry_the_gongwen_elements() -> None:
    document, letter = read_ofd(rendered("document").ofd), read_ofd(rendered("letter").ofd)
    assert document.custom == {"发文字号": "京科发〔2026〕12号", "标题": SPECS["document"].title,
                               "成文日期": "2026-03-05", "密级": "机密", "保密期限": "10年", "紧急程度": "特急",
                               "份号": "000001", "发文机关": "北京市科学技术委员会"}
    assert letter.custom == {"发文字号": "京科函〔2026〕7号", "标题": "关于商请支持技术合同认定登记工作的函",
                             "成文日期": "2026-03-05", "密级": "", "发文机关": "北京市科学技术委员会"}
    assert read_ofd(rendered("joint").ofd).custom["发文机关"] == "、".join(JOINT)
    assert document.doc_info["Title"] == SPECS["document"].title
    assert document.doc_info["Author"] == "北京市科学技术委员会"
    assert len(document.doc_info["DocID"]) == 32


def test_the_package_has_the_parts_of_the_standard_in_a_fixed_order() -> None:
    letter = rendered("document")
    ofd = read_ofd(letter.ofd)
    pages = [f"Doc_0/Pages/Page_{n}/Content.xml" for n in range(letter.pages)]
    fonts = [n for n in ofd.names if n.startswith("Doc_0/Res/font_")]
    assert ofd.names == PARTS + pages + ["Doc_0/Res/sRGB.icc"] + fonts
    assert len(fonts) == len(ofd.fonts) == 5 and ofd.page_box == (0, 0, 210, 297)
    # IDs: unique in the document, MaxUnitID the largest (Document.xsd: ST_ID, MaxUnitID)
    assert len(ofd.ids) == len(set(ofd.ids)) and max(ofd.ids) == ofd.max_unit_id
    space = next(iter(ofd.colour_spaces.values()))
    assert space["Type"] == "RGB" and space["Profile"] == "sRGB.icc" and int(space["ProfileData"]) > 0


def test_the_same_letter_gives_the_same_bytes() -> None:
    """The register keeps the OFD's hash: no time, no machine, no order left to chance."""
    spec = SPECS["document"]
    first, second = render_letter(spec, _fonts()).ofd, render_letter(spec, _fonts()).ofd
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0) and info.create_system == 3
            assert info.compress_type == zipfile.ZIP_DEFLATED and not info.extra and not info.comment


@pytest.mark.parametrize("name", ["document", "supplementary"])
def test_fonts_are_embedded_subsets_with_the_faces_own_outlines_and_widths(name: str) -> None:
    fonts = _fonts()
    ofd = read_ofd(rendered(name).ofd)
    assert "𠮷" in {g.ch for g in ofd.glyphs} or name == "document"
    sources = {c.postscript: c for c in fonts.choices.values()}
    for font_id, font in ofd.fonts.items():
        drawn = {g.ch for g in ofd.glyphs if g.font == font_id}
        embedded = TTFont(io.BytesIO(font.data))
        source = TTFont(sources[font.name].path, fontNumber=sources[font.name].face_index, lazy=True)
        assert "glyf" in embedded and embedded["maxp"].numGlyphs < 2000 < source["maxp"].numGlyphs
        cmap, source_cmap = embedded.getBestCmap(), source.getBestCmap()
        assert drawn <= {chr(c) for c in cmap}, f"{font.name} lacks {drawn - {chr(c) for c in cmap}}"
        for ch in drawn:
            mine, theirs = cmap[ord(ch)], source_cmap[ord(ch)]
            assert embedded["hmtx"][mine] == source["hmtx"][theirs], (font.name, ch)
            a, b = embedded["glyf"][mine], source["glyf"][theirs]
            if a.isComposite():
                assert [c.glyphName for c in a.components] and b.isComposite()
            else:
                assert a.getCoordinates(embedded["glyf"])[0] == b.getCoordinates(source["glyf"])[0], (font.name, ch)


def _page_difference(a: Image.Image, b: Image.Image) -> int:
    """The largest grey difference between two 150 dpi pages seen at 50 dpi: pdfium puts
    each glyph on whole pixels, so a glyph 0.001 mm off may land one pixel over (at most
    85 at 50 dpi); a wrong glyph, a missing one or one 0.2 mm off differs by far more."""
    assert a.size == b.size
    return max(v for v, n in enumerate(ImageChops.difference(a.reduce(3), b.reduce(3)).histogram()) if n)


def _worst(a: bytes, b: bytes) -> int:
    pages_a, pages_b = raster(a), raster(b)
    assert len(pages_a) == len(pages_b)
    return max(_page_difference(x, y) for x, y in zip(pages_a, pages_b, strict=True))


@pytest.mark.parametrize("name", ["document", "letter", "condensed"])
def test_the_ofd_drawn_from_its_own_fonts_looks_like_the_pdf(name: str) -> None:
    letter = rendered(name)
    ofd = read_ofd(letter.ofd)
    worst = _worst(ofd_as_pdf(ofd), letter.pdf)
    assert worst <= 96, f"{name}: the OFD draws differently from the PDF (grey difference {worst})"
    # the comparison can fail: the body's face swapped for the title's is seen at once
    body = Counter(g.font for g in ofd.glyphs).most_common(1)[0][0]
    title = next(g.font for g in ofd.glyphs if g.fill == (255, 0, 0))
    assert body != title
    swapped = replace(ofd, glyphs=[replace(g, font=title if g.font == body else g.font) for g in ofd.glyphs])
    assert _worst(ofd_as_pdf(swapped), letter.pdf) > 150


def test_the_red_mark_and_the_rules_are_vector_paths_in_their_exact_colours() -> None:
    for name in ("document", "letter"):
        letter = rendered(name)
        ofd = read_ofd(letter.ofd)
        with open_pdf(letter.pdf) as pdf:
            lines = sorted(((n, mm(line["x0"]), mm(line["x1"]), mm(line["top"]), mm(line["linewidth"]),
                             tuple(round(v * 255) for v in line["stroking_color"]))
                            for n, page in enumerate(pdf.pages) for line in page.lines), key=lambda t: (t[0], t[3]))
            assert all(page.images == [] for page in pdf.pages)
        strokes = sorted(ofd.strokes, key=lambda s: (s.page, s.points[0][1]))
        assert len(strokes) == len(lines) > 0
        for s, (page, x0, x1, top, width, colour) in zip(strokes, lines, strict=True):
            (sx0, sy), (sx1, sy1) = s.points
            assert s.page == page and sy == sy1 and s.cap == "Butt" and s.colour == colour
            assert abs(sx0 - x0) <= LIMIT_MM and abs(sx1 - x1) <= LIMIT_MM and abs(s.width - width) < 0.01
            assert abs(sy - top) <= LIMIT_MM  # pdfplumber's top of a stroked line is its centre
        red = [s for s in strokes if s.colour == (255, 0, 0)]
        assert red, f"{name}: no red rule"
        if name == "document":
            assert [(round(s.points[0][0], 4), round(s.points[1][0], 4), s.width) for s in red] == [(28, 184, 0.5)]
        else:  # 信函格式: two red double lines of 170 mm from x = 21 mm
            assert len(red) == 4 and {(round(s.points[0][0], 4), round(s.points[1][0], 4)) for s in red} == {(21, 191)}
        mark = [g for g in ofd.glyphs if g.fill == (255, 0, 0)]
        assert "".join(g.ch for g in mark).startswith("北京市科学技术委员会")


def test_positions_are_written_within_a_thousandth_of_a_millimetre() -> None:
    xs = [28 + k * 5.571428571 for k in range(28)] + [190.123456, 200.0]
    units = placed(xs)
    assert all(abs(u / 10_000 - x) <= TOLERANCE_MM + 1e-9 for u, x in zip(units, xs, strict=True))
    steps = [b - a for a, b in zip(units, units[1:], strict=False)]
    text = delta_x(steps)
    assert text.startswith("g ") and len(text.split()) < len(steps)
    assert [round(v * 10_000) for v in expand_delta(text)] == steps


def test_the_reader_refuses_a_file_that_breaks_the_schema() -> None:
    """The structural checks in ofdread can fail: a TextObject without its Font, DocInfo
    in the wrong order, DeltaX not one step per glyph, an element the schema lacks."""
    good = rendered("letter").ofd

    def patched(part: str, old: bytes, new: bytes, count: int = 1) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                dst.writestr(info, data.replace(old, new, count) if info.filename == part else data)
        return out.getvalue()

    page = "Doc_0/Pages/Page_0/Content.xml"
    cases = [patched(page, b' Font="', b' Fnt="'),
             patched("OFD.xml", b"<ofd:DocID>", b"<ofd:Title>x</ofd:Title><ofd:DocID>"),
             patched(page, b'DeltaX="', b'DeltaX="1 '),
             patched("Doc_0/Document.xml", b"ofd:MaxUnitID>", b"ofd:MaxUnitId>", 2)]
    for broken in cases:
        with pytest.raises(OfdFormatError):
            read_ofd(broken)
    read_ofd(good)
