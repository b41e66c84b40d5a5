"""A generated table in an attachment (a 三线表: a thick rule above the head, a thin one
under it, a thick one under the last row), on the grid like the body text: each cell
wraps inside its column, a table row takes as many grid rows as its tallest cell, and
a table row never breaks over two pages (the head stays with the first row)."""

from __future__ import annotations

import math

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.flow import Block, Row, fixed_block
from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.typeset import Glyph, Line, Run, set_runs, shape, units

_PAD_CELLS = 1.0  # between two columns
_THICK_MM = 0.5
_THIN_MM = 0.25


def column_widths(table: tuple[tuple[str, ...], ...], fonts: FontSet, width: float) -> list[float]:
    """Each column's width (pt): as wide as its widest cell, shared out when too wide,
    but never narrower than its widest unbreakable run (a number, a credit code) while
    another column can give up the cells: a number never splits (issue 14)."""
    cols = max(len(r) for r in table)
    natural = [0.0] * cols
    least = [0.0] * cols
    for row in table:
        for c, text in enumerate(row):
            glyphs = shape([Run(text)], fonts)
            natural[c] = max(natural[c], sum(g.width for g in glyphs), 2 * L.CELL_PT)
            least[c] = max([least[c]] + [sum(g.width for g in u) for u in units(glyphs)])
    room = width - _PAD_CELLS * L.CELL_PT * (cols - 1)
    if sum(natural) <= room:
        return natural
    # Narrow columns keep their width; the others share what is left, in proportion.
    fair = room / cols
    small = [w for w in natural if w <= fair]
    rest = room - sum(small)
    big = sum(w for w in natural if w > fair)
    widths = [w if w <= fair else max(2 * L.CELL_PT, int(rest * w / big / L.CELL_PT) * L.CELL_PT) for w in natural]
    need = [min(room, math.ceil(w / L.CELL_PT - 1e-6) * L.CELL_PT) for w in least]
    for c in range(cols):
        while widths[c] < need[c] - 1e-6:
            spare = [(widths[d] - max(need[d], 2 * L.CELL_PT), d) for d in range(cols) if d != c]
            most, donor = max(spare)
            if most < L.CELL_PT - 1e-6:
                break  # no column can give a cell: the run is cut where it must be
            widths[donor] -= L.CELL_PT
            widths[c] += L.CELL_PT
    return widths


def _merge(cells: list[tuple[Line, float]]) -> Line:
    glyphs: list[Glyph] = []
    xs: list[float] = []
    for line, x in cells:
        glyphs.extend(line.glyphs)
        xs.extend(x + v for v in line.xs)
    end = max((x + line.width for line, x in cells), default=0.0)
    return Line(tuple(glyphs), tuple(xs), end, False)


def table_blocks(table: tuple[tuple[str, ...], ...], fonts: FontSet) -> list[Block]:
    """One block per table row; the head glued to the first row."""
    widths = column_widths(table, fonts, L.AREA_W_PT)
    lefts = [sum(widths[:c]) + c * _PAD_CELLS * L.CELL_PT for c in range(len(widths))]
    blocks: list[Block] = []
    for r, row in enumerate(table):
        cells = [set_runs([Run(text, "hei" if r == 0 else "fangsong")], fonts, widths[c], justify=False)
                 for c, text in enumerate(row)]
        height = max(len(c) for c in cells)
        rows: list[Row] = []
        for k in range(height):
            parts = [(cell[k], lefts[c]) for c, cell in enumerate(cells) if k < len(cell)]
            line = _merge(parts)
            above = _THICK_MM if (r == 0 and k == 0) else 0.0
            below = 0.0
            if k == height - 1:
                below = _THIN_MM if r == 0 else (_THICK_MM if r == len(table) - 1 else 0.0)
            rows.append(Row(line, L.LEFT_PT, rule_above_mm=above, rule_below_mm=below))
        blocks.append(fixed_block(rows, glue_next=1 if r == 0 else 0))
    return blocks
