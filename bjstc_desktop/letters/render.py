"""Drawing laid-out pages with reportlab, then making the file PDF/A-2b; and, from the
same laid-out pages, the OFD (letters/ofd): one layout, two writers.

`initialFontName` is a bundled TrueType face: without it reportlab puts a non-embedded
Helvetica into every page's resources, which PDF/A forbids (reference §3.4). Every face
is embedded as a subset with a ToUnicode map; STSong-Light is never used.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.compose import compose
from bjstc_desktop.letters.draw import draw_line, rule
from bjstc_desktop.letters.fonts import FontChoice, FontSet
from bjstc_desktop.letters.ofd import write_ofd
from bjstc_desktop.letters.pagemodel import Page, RuleOp
from bjstc_desktop.letters.pdfa import make_pdfa, repair_fonts
from bjstc_desktop.letters.spec import LetterSpec

PRODUCER = "bjstc-desktop letters (reportlab, pikepdf)"
# reportlab keeps each registered face's subset state in shared dictionaries: one letter
# at a time per process (the GUI issues on worker threads).
_render_lock = threading.Lock()


@dataclass(frozen=True)
class Rendered:
    """A finished letter: the PDF/A bytes, its page count, the faces it embeds, and the
    same pages as OFD when that was asked for (else empty)."""

    pdf: bytes
    pages: int
    fonts: tuple[FontChoice, ...]
    ofd: bytes = b""

    def fonts_record(self) -> list[dict[str, str]]:
        """The faces used, for the register (role, family, source, file)."""
        return [f.describe() for f in self.fonts]


def draw_pages(canvas: Canvas, pages: list[Page]) -> set[str]:
    """Draw every page; returns the reportlab names of the faces drawn."""
    used: set[str] = set()
    for page in pages:
        for op in page.ops:
            if isinstance(op, RuleOp):
                rule(canvas, op.x0_mm, op.x1_mm, op.centre_mm - op.width_mm / 2, op.width_mm, op.colour)
            else:
                draw_line(canvas, op.line, op.x_pt, L.y_pt(op.baseline_mm), op.colour, op.horiz_scale, used)
        canvas.showPage()
    return used


def render_pdf(spec: LetterSpec, fonts: FontSet, pdfa: bool = True) -> Rendered:
    """Lay out and draw `spec`; with `pdfa`, the bytes are PDF/A-2b."""
    with _render_lock:
        return _render(spec, fonts, pdfa, ofd=False)


def render_letter(spec: LetterSpec, fonts: FontSet) -> Rendered:
    """Lay out `spec` once and write it both as PDF/A-2b and as OFD."""
    with _render_lock:
        return _render(spec, fonts, pdfa=True, ofd=True)


def _render(spec: LetterSpec, fonts: FontSet, pdfa: bool, ofd: bool) -> Rendered:
    pages = compose(spec, fonts)
    buffer = io.BytesIO()
    # types-reportlab types initialFontName as a float; reportlab takes the font's name.
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=fonts.rl_name("fangsong"),  # type: ignore[arg-type]
                    initialFontSize=L.SIZE_3, lang="zh-CN")
    title = f"{spec.doc_no} {spec.title}"
    canvas.setTitle(title)
    canvas.setAuthor(spec.signature)
    canvas.setSubject(spec.doc_no)
    canvas.setCreator("bjstc-desktop")
    canvas.setProducer(PRODUCER)
    if spec.keywords:
        canvas.setKeywords(", ".join(spec.keywords))
    used = draw_pages(canvas, pages)
    canvas.save()
    data = buffer.getvalue()
    if pdfa:
        data = make_pdfa(data, title=title, author=spec.signature, subject=spec.doc_no)
    else:
        data = repair_fonts(data)
    choices = tuple(sorted((fonts.by_rl_name(n) for n in used), key=lambda c: c.role))
    return Rendered(data, len(pages), choices, write_ofd(pages, spec, fonts) if ofd else b"")
