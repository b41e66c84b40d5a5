"""Putting set lines and rules on the reportlab canvas.

A line is drawn as a few text runs: consecutive glyphs of one face whose spacing is
uniform become one `Tj` with a character spacing (`Tc`) that moves each glyph to its
cell, so the PDF stays small and text extraction keeps words together. A full-width
glyph is centred in its cell.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from bjstc_desktop.letters.layout import pt, y_pt
from bjstc_desktop.letters.pagemodel import glyph_origins
from bjstc_desktop.letters.typeset import Line

_EPS = 1e-4


def _subset_pieces(canvas: Canvas, font_name: str, run: str) -> list[str]:
    """`run` cut where reportlab switches from one subset of the face to the next."""
    font = pdfmetrics.getFont(font_name)
    split = getattr(font, "splitString", None)
    if split is None:
        return [run]
    pieces, start = [], 0
    # reportlab-stubs leave out Canvas._doc, the document whose subsets splitString fills.
    for _subset, chunk in split(run, canvas._doc):  # type: ignore[attr-defined]
        pieces.append(run[start:start + len(chunk)])
        start += len(chunk)
    return pieces or [run]


def draw_line(canvas: Canvas, line: Line, x_pt: float, baseline_pt: float,
              colour: tuple[float, float, float] = (0, 0, 0), horiz_scale: float = 100.0,
              used: set[str] | None = None) -> None:
    """Draw `line` with its start at `x_pt` and its baseline at `baseline_pt`; the names
    of the faces drawn are added to `used`."""
    glyphs = line.glyphs
    if not glyphs:
        return
    scale = horiz_scale / 100.0
    origins = glyph_origins(line, x_pt, horiz_scale)
    text = canvas.beginText()
    text.setFillColorRGB(*colour)
    if horiz_scale != 100.0:
        text.setHorizScale(horiz_scale)
    i = 0
    while i < len(glyphs):
        g = glyphs[i]
        j = i + 1
        spacing = None
        while j < len(glyphs) and glyphs[j].font == g.font and glyphs[j].size == g.size:
            step = (origins[j] - origins[j - 1]) / scale - glyphs[j - 1].advance
            if spacing is None:
                spacing = step
            elif abs(step - spacing) > _EPS:
                break
            j += 1
        run = "".join(x.ch for x in glyphs[i:j])
        k = i
        for piece in _subset_pieces(canvas, g.font, run):
            # Each 256-glyph subset of a face is a PDF font of its own: start every piece at
            # its own origin, so no reader has to carry Tc across a font change.
            text.setTextOrigin(origins[k], baseline_pt)
            text.setFont(g.font, g.size)
            text.setCharSpace(spacing or 0.0)
            text.textOut(piece)
            k += len(piece)
        if used is not None:
            used.add(g.font)
        i = j
    if horiz_scale != 100.0:
        # Tz is graphics state, not text-object state: without q/Q it would condense
        # every later line of the page.
        canvas.saveState()
        canvas.drawText(text)
        canvas.restoreState()
    else:
        canvas.drawText(text)


def rule(canvas: Canvas, x0_mm: float, x1_mm: float, top_mm: float, width_mm: float,
         colour: tuple[float, float, float] = (0, 0, 0)) -> None:
    """A horizontal rule whose top edge is `top_mm` below the paper top (stroked, so a
    measuring tool sees a line of that width)."""
    canvas.saveState()
    canvas.setStrokeColorRGB(*colour)
    canvas.setLineWidth(pt(width_mm))
    canvas.setLineCap(0)
    y = y_pt(top_mm + width_mm / 2)
    canvas.line(pt(x0_mm), y, pt(x1_mm), y)
    canvas.restoreState()
