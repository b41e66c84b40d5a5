"""Drawing what tests/letters/ofdread.py read from an OFD file as a PDF page by page, with
the OFD's own embedded fonts, so that the pages can be rasterised beside the letter's
PDF and compared pixel by pixel: the embedded subsets must hold the right outlines for
every character, at the right places, in the right colours."""

from __future__ import annotations

import hashlib
import io

import pypdfium2
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from tests.letters.ofdread import OfdFile


def _register(data: bytes) -> str:
    name = "ofd-embedded-" + hashlib.sha256(data).hexdigest()[:16]
    try:
        pdfmetrics.getFont(name)
    except KeyError:
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    return name


def ofd_as_pdf(ofd: OfdFile) -> bytes:
    """The OFD's pages drawn as a PDF (page box from the OFD, mm → pt)."""
    width, height = ofd.page_box[2] * mm, ofd.page_box[3] * mm
    names = {font_id: _register(font.data) for font_id, font in ofd.fonts.items()}
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), initialFontName=next(iter(names.values())))
    for page in range(ofd.pages):
        for s in (s for s in ofd.strokes if s.page == page):
            canvas.setStrokeColorRGB(*(c / 255 for c in s.colour))
            canvas.setLineWidth(s.width * mm)
            canvas.setLineCap({"Butt": 0, "Round": 1, "Square": 2}[s.cap])
            (x0, y0), (x1, y1) = s.points
            canvas.line(x0 * mm, height - y0 * mm, x1 * mm, height - y1 * mm)
        for g in (g for g in ofd.glyphs if g.page == page):
            text = canvas.beginText()
            text.setFont(names[g.font], g.size * mm)
            text.setFillColorRGB(*(c / 255 for c in g.fill))
            text.setHorizScale(g.hscale * 100)
            text.setTextOrigin(g.x * mm, height - g.y * mm)
            text.textOut(g.ch)
            canvas.drawText(text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def raster(pdf: bytes, dpi: int = 150) -> list[Image.Image]:
    """Each page of `pdf` as an 8-bit grey image at `dpi` (pdfium, as pdfplumber uses it)."""
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in doc]
    finally:
        doc.close()
