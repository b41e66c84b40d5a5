"""Laid-out pages: what goes where, before anything is drawn.

The composer fills these; the renderer draws them. Keeping the two apart lets the tests
check a layout without parsing a PDF, and keeps the reportlab calls in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.layout import BLACK, LEFT_PT, SIZE_3, baseline_mm, line_top_mm
from bjstc_desktop.letters.typeset import Line


def glyph_origins(line: Line, x_pt: float, horiz_scale: float = 100.0) -> list[float]:
    """Where each glyph of `line` starts (its origin, pt from the paper's left edge) when
    the line starts at `x_pt`: a full-width glyph sits centred in its cell, and a condensed
    line (`horiz_scale` < 100) draws its cells closer together. Both writers (PDF, OFD)
    place glyphs from this, so the two files agree glyph for glyph."""
    scale = horiz_scale / 100.0
    return [x_pt + (x + g.offset) * scale for x, g in zip(line.xs, line.glyphs, strict=True)]


def grid_baseline_mm(grid_line: int) -> float:
    """The baseline of grid line `grid_line` (1-based), mm from the paper top."""
    return baseline_mm(line_top_mm(grid_line), SIZE_3)


@dataclass(frozen=True)
class TextOp:
    """A set line: its start (pt from the paper's left edge) and baseline (mm from the top)."""

    line: Line
    x_pt: float
    baseline_mm: float
    colour: tuple[float, float, float] = BLACK
    horiz_scale: float = 100.0

    def origins_pt(self) -> list[float]:
        """Each glyph's origin, pt from the paper's left edge."""
        return glyph_origins(self.line, self.x_pt, self.horiz_scale)


@dataclass(frozen=True)
class RuleOp:
    """A horizontal rule, its centre line `centre_mm` below the paper's top."""

    x0_mm: float
    x1_mm: float
    centre_mm: float
    width_mm: float
    colour: tuple[float, float, float] = BLACK


@dataclass
class Page:
    """One page: its drawing operations and its folio (None: no page number)."""

    ops: list[TextOp | RuleOp] = field(default_factory=list)
    folio: int | None = None
    numbered: bool = True  # False for a blank page before a 版记 page, and that page (7.5)
    used_lines: set[int] = field(default_factory=set)  # grid lines taken by the header
    flow_bottom_mm: float = L.TOP_MM  # em top of the first free row under the flow
    pitch_mm: float = L.LINE_PITCH_MM  # the page's line pitch (7.3.5.5 may change it)
    adjusted: list[str] = field(default_factory=list)  # spacing changes made on this page

    def text(self, line: Line, x_pt: float, baseline: float, colour: tuple[float, float, float] = BLACK,
             horiz_scale: float = 100.0) -> None:
        """Add a set line."""
        self.ops.append(TextOp(line, x_pt, baseline, colour, horiz_scale))

    def on_grid(self, grid_line: int, line: Line, x_pt: float = LEFT_PT,
                colour: tuple[float, float, float] = BLACK) -> None:
        """Add a set line on grid line `grid_line`: the baselines of every size sit where
        a 3号 line's would, so a title or a heading keeps the page's grid."""
        self.ops.append(TextOp(line, x_pt, grid_baseline_mm(grid_line), colour))
        self.used_lines.add(grid_line)

    def rule(self, x0_mm: float, x1_mm: float, centre_mm: float, width_mm: float,
             colour: tuple[float, float, float] = BLACK) -> None:
        """Add a rule."""
        self.ops.append(RuleOp(x0_mm, x1_mm, centre_mm, width_mm, colour))
