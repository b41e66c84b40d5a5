"""A laid-out page as OFD page content (GB/T 33190-2016 §9 and §11-12): each set line a
few TextObjects, each rule a PathObject, all in one Body layer.

Coordinates are millimetres from the page's top-left corner, y downwards, which is how
the page model measures vertical positions already. Each glyph goes exactly where the
PDF writer puts it (pagemodel.glyph_origins): a TextObject holds consecutive glyphs of
one face and size; its TextCode gives the first glyph's origin (X, and the baseline as
Y) relative to the object's Boundary, and DeltaX the step to each next origin, with the
standard's "g N d" for N equal steps. Numbers have four decimals, and every written
position stays within TOLERANCE_MM (0.001 mm) of the layout's: a step repeats the one
before whenever that keeps within the bound (so a line of equal cells is one "g"), else
it is the rounded distance to the true position; rounding never accumulates. A condensed 发文机关标志 keeps its positions
and narrows its glyphs by HScale.

Rules are stroked paths of their own width with butt ends, as in the PDF: a Boundary of
the rule's length and width, the path along its middle. The path names its colour as
FillColor too: Fill is false so the standard ignores it, but readers exist (easyofd)
that stroke with the fill colour, and the red rule must stay red there as well.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.ofd.xml import PLACES, el, num, nums
from bjstc_desktop.letters.pagemodel import Page, RuleOp, TextOp
from bjstc_desktop.letters.typeset import Glyph

MM_PER_PT = 25.4 / 72
UNIT = 10 ** PLACES  # positions are whole multiples of 1/UNIT mm
TOLERANCE_MM = 0.001  # a hundredth of what the tests allow between the OFD and the PDF
# The Boundary reaches beyond the glyphs' advance boxes, so that no reader that clips to
# it cuts an ascender, a descender or an overhanging stroke (in em of the text size).
ASCENT_ROOM, DESCENT_ROOM, SIDE_ROOM = 1.2, 0.35, 0.25

FontRef = Callable[[str, str], int]  # (reportlab face name, text) -> the OFD font's ID


def rgb(colour: tuple[float, float, float]) -> str:
    """A colour of the page model (0..1 per channel) as an OFD RGB value (0..255)."""
    return " ".join(str(round(c * 255)) for c in colour)


def _units(mm: float) -> int:
    return round(mm * UNIT)


def _mm(units: int) -> str:
    return num(units / UNIT)


def delta_x(steps: Sequence[int]) -> str:
    """DeltaX for steps given in units: runs of three or more equal steps as "g N d"."""
    out: list[str] = []
    i = 0
    while i < len(steps):
        j = i
        while j < len(steps) and steps[j] == steps[i]:
            j += 1
        count = j - i
        out.append(f"g {count} {_mm(steps[i])}" if count >= 3 else " ".join([_mm(steps[i])] * count))
        i = j
    return " ".join(out)


def placed(xs_mm: Sequence[float]) -> list[int]:
    """Glyph positions in units, each within TOLERANCE_MM of `xs_mm`: the previous step
    repeated if that stays within the bound, else the true step rounded, else the true
    position rounded."""
    out: list[int] = []
    bound = TOLERANCE_MM * UNIT
    for i, x in enumerate(xs_mm):
        exact = x * UNIT
        candidates = [round(exact)]
        if i >= 1:
            candidates.insert(0, out[-1] + round(exact - xs_mm[i - 1] * UNIT))
        if i >= 2:
            candidates.insert(0, 2 * out[-1] - out[-2])
        out.append(next(c for c in candidates if abs(c - exact) <= bound))
    return out


def _runs(op: TextOp) -> list[tuple[list[Glyph], list[float]]]:
    """The line's glyphs cut where the face or the size changes, with their origins (pt)."""
    origins = op.origins_pt()
    glyphs = op.line.glyphs
    runs: list[tuple[list[Glyph], list[float]]] = []
    i = 0
    while i < len(glyphs):
        j = i + 1
        while j < len(glyphs) and glyphs[j].font == glyphs[i].font and glyphs[j].size == glyphs[i].size:
            j += 1
        runs.append((list(glyphs[i:j]), origins[i:j]))
        i = j
    return runs


def text_objects(layer: ET.Element, op: TextOp, font_ref: FontRef, next_id: Callable[[], int]) -> None:
    """The TextObjects of one set line."""
    hscale = op.horiz_scale / 100.0
    baseline = _units(op.baseline_mm)
    for glyphs, origins in _runs(op):
        first, last = glyphs[0], glyphs[-1]
        size_mm = first.size * MM_PER_PT
        xs = placed([o * MM_PER_PT for o in origins])
        left = xs[0] - _units(SIDE_ROOM * size_mm)
        right = xs[-1] + _units((last.advance * hscale + SIDE_ROOM * first.size) * MM_PER_PT)
        top = baseline - _units(ASCENT_ROOM * size_mm)
        height = _units((ASCENT_ROOM + DESCENT_ROOM) * size_mm)
        text = "".join(g.ch for g in glyphs)
        attrs = {"ID": str(next_id()),
                 "Boundary": " ".join(_mm(v) for v in (left, top, right - left, height)),
                 "Font": str(font_ref(first.font, text)), "Size": num(size_mm)}
        if hscale != 1.0:
            attrs["HScale"] = num(hscale)
        obj = el(layer, "TextObject", **attrs)
        el(obj, "FillColor", Value=rgb(op.colour))
        code = {"X": _mm(xs[0] - left), "Y": _mm(baseline - top)}
        if len(xs) > 1:
            code["DeltaX"] = delta_x([b - a for a, b in zip(xs, xs[1:], strict=False)])
        el(obj, "TextCode", text, **code)


def path_object(layer: ET.Element, op: RuleOp, next_id: Callable[[], int]) -> None:
    """A rule as a stroked PathObject."""
    length = op.x1_mm - op.x0_mm
    obj = el(layer, "PathObject", ID=str(next_id()),
             Boundary=nums(op.x0_mm, op.centre_mm - op.width_mm / 2, length, op.width_mm),
             LineWidth=num(op.width_mm), Stroke="true", Fill="false")
    el(obj, "StrokeColor", Value=rgb(op.colour))
    el(obj, "FillColor", Value=rgb(op.colour))  # unused (Fill is false), but some readers stroke with it
    el(obj, "AbbreviatedData", f"M 0 {num(op.width_mm / 2)} L {num(length)} {num(op.width_mm / 2)}")


def page_content(page: Page, font_ref: FontRef, next_id: Callable[[], int]) -> ET.Element:
    """The Content.xml root of one page."""
    root = el(None, "Page")
    area = el(root, "Area")
    el(area, "PhysicalBox", nums(0, 0, L.PAGE_W_MM, L.PAGE_H_MM))
    content = el(root, "Content")
    layer = el(content, "Layer", ID=str(next_id()), Type="Body")
    for op in page.ops:
        if isinstance(op, RuleOp):
            path_object(layer, op, next_id)
        elif op.line.glyphs:
            text_objects(layer, op, font_ref, next_id)
    return root
