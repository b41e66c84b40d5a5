"""Blocks of rows and their flow over pages.

Every element of the 主体 takes whole rows. A block is a paragraph or a group that
moves as one (the title with the 主送机关, a heading, the 附件说明 with the signature).
Pages are cut by a small dynamic programme over the rows, so that together:

- no page holds the 署名 and 成文日期 without 正文: the signature block takes at least
  the two body rows before it along (7.3.5.5: "此页无正文" is not allowed);
- a paragraph split over two pages leaves at least two of its lines on each (no widow,
  no orphan); a heading never ends a page;
- a page whose text goes on leaves at most MAX_HOLE_LINES empty lines at its foot;
- and to get there, before lines move to another page, the 行距 of a page may change
  (21-24 lines instead of 22) and a paragraph wholly on it may be set a little tighter
  (one line fewer) or looser (one line more), within the limits in layout.py; every
  change and every page has a cost, and the cheapest layout wins.

The result is a plan (rows per page, the page's line pitch) that any writer can draw:
nothing here knows about reportlab.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.pagemodel import Page
from bjstc_desktop.letters.typeset import Line, Run, lone_last_line, set_paragraph, set_runs, shape

# Costs of a layout, in "units of ugliness".
_PAGE = 6.0  # one more page
_SECOND_PAGE = 6.0  # more: a letter that could stay on one page
_PITCH = 4.0  # a page one line tighter or looser than the grid
_ADJUST = 1.0  # a paragraph set tighter or looser
_HOLE = 0.3  # an empty line at the foot of a page whose text goes on
_LAST_RESORT = 60.0  # a line squeezed in beyond the usual tightest pitch
_VIOLATION = 1000.0  # a rule that cannot be kept (never chosen while another layout exists)
_PITCH_MIN = L.MIN_PITCH_RATIO - 1e-6  # of the grid pitch
_PITCH_MAX = L.MAX_PITCH_RATIO + 1e-6


@dataclass(frozen=True)
class Row:
    """One line of the flow; `line` None is a blank line."""

    line: Line | None
    x_pt: float = L.LEFT_PT
    colour: tuple[float, float, float] = L.BLACK
    rule_above_mm: float = 0.0  # a table's rules, in the leading above or below the row
    rule_below_mm: float = 0.0


BLANK = Row(None)


@dataclass(frozen=True)
class Block:
    """Rows that stay together unless `splittable` (then two at least on each page).

    `glue_next`: rows of what follows that must share this block's last page (a heading);
    `glue_prev`: rows of what precedes that must share this block's first page (the
    signature takes two body rows). `shrunk`/`stretched`: the same text in one row fewer
    or one more (字距 adjusted), when it can be set so."""

    rows: tuple[Row, ...]
    splittable: bool = False
    glue_next: int = 0
    glue_prev: int = 0
    shrunk: tuple[Row, ...] | None = None
    stretched: tuple[Row, ...] | None = None


def paragraph_block(runs: list[Run], fonts: FontSet, first_indent_cells: float = 2, rest_indent: float = 0.0,
                    width: float = L.AREA_W_PT, x_pt: float = L.LEFT_PT, adjustable: bool = True,
                    splittable: bool = True, glue_next: int = 0) -> Block:
    """A paragraph set on the grid, with its tighter and looser settings."""
    first = first_indent_cells * L.CELL_PT
    lines = set_runs(runs, fonts, width, first, rest_indent)
    shrunk = stretched = None
    if adjustable and len(lines) >= 2:
        shrunk = _variant(runs, fonts, width, first, rest_indent, len(lines) - 1, -L.TRACK_TIGHT_PT)
        stretched = _variant(runs, fonts, width, first, rest_indent, len(lines) + 1, L.TRACK_LOOSE_PT)

    def rows(ls: list[Line] | None) -> tuple[Row, ...] | None:
        return None if ls is None else tuple(Row(line, x_pt) for line in ls)

    return Block(rows(lines) or (), splittable, glue_next, 0, rows(shrunk), rows(stretched))


def _variant(runs: list[Run], fonts: FontSet, width: float, first: float, rest: float, wanted: int,
             limit: float) -> list[Line] | None:
    for step in (0.5, 1.0):
        lines = set_paragraph(shape(runs, fonts, limit * step), width, first, rest)
        if len(lines) == wanted and not lone_last_line(lines):
            return lines
    return None


def fixed_block(rows: list[Row], glue_next: int = 0, glue_prev: int = 0) -> Block:
    """Rows that never part (a title, the signature)."""
    return Block(tuple(rows), False, glue_next, glue_prev)


@dataclass
class PagePlan:
    """One page of a flow: its rows and their pitch."""

    rows: list[Row]
    top_mm: float  # em top of the first row
    pitch_mm: float
    lines: int  # rows the page holds at that pitch
    adjusted: list[str] = field(default_factory=list)  # what was changed, for the record

    def row_top_mm(self, i: int) -> float:
        """The em top of row `i` (0-based) of the page."""
        return self.top_mm + i * self.pitch_mm

    @property
    def next_top_mm(self) -> float:
        """The em top of the row after the last one."""
        return self.row_top_mm(len(self.rows))


def capacity(top_mm: float) -> int:
    """Rows of the grid pitch from `top_mm` down to the type area's last line."""
    last = L.line_top_mm(L.LINES)
    return max(1, int(math.floor((last - top_mm) / L.LINE_PITCH_MM + 1e-6)) + 1)


@dataclass
class _Flat:
    rows: list[Row]
    block_of: list[int]
    starts: list[int]
    blocks: list[Block]
    illegal: dict[int, float]  # a break the rules forbid, and how bad breaking it would be
    locked: set[int]  # blocks that must keep their rows (a glue counts on them)


def _flatten(blocks: list[Block]) -> _Flat:
    rows: list[Row] = []
    block_of: list[int] = []
    starts: list[int] = []
    for b, block in enumerate(blocks):
        starts.append(len(rows))
        rows.extend(block.rows)
        block_of.extend([b] * len(block.rows))
    illegal: dict[int, float] = {}
    windows: set[int] = set()

    def forbid(positions: range | tuple[int, ...], weight: float) -> None:
        for i in positions:
            illegal[i] = max(illegal.get(i, 0.0), weight)

    for b, block in enumerate(blocks):
        s, n = starts[b], len(block.rows)
        if not block.splittable or n < 4:
            # a widow or an orphan, or a block cut: the signature's worst of all
            forbid(range(s + 1, s + n), 3.0 if block.glue_prev else (2.0 if block.glue_next else 1.0))
        else:
            forbid((s + 1, s + n - 1), 1.0)
        if block.glue_next:
            forbid(range(s + n, s + n + block.glue_next), 2.0)  # a heading or a title without text
            windows.update(range(s + n, s + n + block.glue_next))
        if block.glue_prev:
            # The worst of all: a page with the signature and not two lines of text.
            forbid(range(s - block.glue_prev + 1, s + 1), 3.0)
            windows.update(range(s - block.glue_prev, s))
    locked = {block_of[i] for i in windows if 0 <= i < len(rows) and len(blocks[block_of[i]].rows) <= 2}
    return _Flat(rows, block_of, starts, blocks, illegal, locked)


@dataclass(frozen=True)
class _Choice:
    cost: float
    lines: int
    shrink: tuple[int, ...]
    stretch: tuple[int, ...]


def _page_choice(flat: _Flat, p: int, q: int, cap: int, final: bool) -> _Choice | None:
    """The cheapest way to set rows [p, q) on one page of `cap` grid lines."""
    rows = flat.rows[p:q]
    lead = 0
    while p > 0 and lead < len(rows) and rows[lead].line is None:
        lead += 1  # a blank never opens a page
    h = len(rows) - lead
    whole = sorted({flat.block_of[i] for i in range(p, q)})
    whole = [b for b in whole if flat.starts[b] >= p and flat.starts[b] + len(flat.blocks[b].rows) <= q
             and b not in flat.locked]
    shrinkable = [b for b in whole if flat.blocks[b].shrunk is not None]
    stretchable = [b for b in whole if flat.blocks[b].stretched is not None]
    # Prefer to tighten the paragraphs with the shortest last lines, loosen the fullest.
    shrinkable.sort(key=lambda b: flat.blocks[b].rows[-1].line.width if flat.blocks[b].rows[-1].line else 0)
    stretchable.sort(key=lambda b: -(flat.blocks[b].rows[-1].line.width if flat.blocks[b].rows[-1].line else 0))
    best: _Choice | None = None
    for lines in range(max(1, cap - 2), cap + 10):
        if lines != cap:
            if cap == 1 or lines == 1:
                continue
            ratio = (cap - 1) / (lines - 1)
            if not _PITCH_MIN <= ratio <= _PITCH_MAX or lines > L.MAX_PAGE_LINES:
                continue
            if cap >= L.LINES and lines < L.MIN_PAGE_LINES:
                continue
        for s in range(len(shrinkable) + 1):
            for t in range(1 if s else len(stretchable) + 1):
                used = h - s + t
                if used > lines:
                    continue
                hole = lines - used
                cost = _PITCH * abs(lines - cap) ** 1.5 + _ADJUST * (s + t)
                if lines > cap and (cap - 1) / (lines - 1) < L.USUAL_MIN_PITCH_RATIO:
                    cost += _LAST_RESORT * (lines - cap)
                if not final:
                    cost += _HOLE * hole
                    if hole > L.MAX_HOLE_LINES:
                        cost += _VIOLATION * (hole - L.MAX_HOLE_LINES)
                if best is None or cost < best.cost:
                    best = _Choice(cost, lines, tuple(shrinkable[:s]), tuple(stretchable[:t]))
    return best


def plan_pages(blocks: list[Block], first_top_mm: float) -> list[PagePlan]:
    """Cut the blocks into pages, the first starting at `first_top_mm` (em top of its
    first row), every other at the type area's top. When no layout keeps every rule, a
    paragraph too short to be split (three lines) is tried set one line looser, so that
    it may part two and two."""
    cost, plans = _plan(blocks, first_top_mm)
    if cost >= _VIOLATION:
        looser = [_loosened(b) for b in blocks]
        if looser != blocks:
            cost2, plans2 = _plan(looser, first_top_mm)
            if cost2 < cost:
                return plans2
    return plans


def _loosened(block: Block) -> Block:
    if block.splittable and len(block.rows) == 3 and block.stretched is not None and not block.glue_next:
        return Block(block.stretched, True, 0, block.glue_prev, block.rows, None)
    return block


def _plan(blocks: list[Block], first_top_mm: float) -> tuple[float, list[PagePlan]]:
    flat = _flatten(blocks)
    n = len(flat.rows)
    if n == 0:
        return 0.0, []
    # Every row may start a page, but a break the rules forbid costs a violation: the
    # cheapest layout never has one while a lawful one exists, and there always is one.
    starts = list(range(n))
    caps = {0: capacity(first_top_mm)}
    best: dict[int, tuple[float, int, _Choice | None]] = {0: (0.0, -1, None)}
    ends = starts[1:] + [n]
    for q in ends:
        forced = _VIOLATION * flat.illegal.get(q, 0.0)
        for p in starts:
            if p >= q or p not in best:
                continue
            cap = caps.get(p, L.LINES)
            if q - p > cap + 14 and p != q - 1:
                continue
            choice = _page_choice(flat, p, q, cap, q == n)
            if choice is None:
                continue
            cost = best[p][0] + _PAGE + choice.cost + forced + (_SECOND_PAGE if p == 0 and q < n else 0.0)
            if q not in best or cost < best[q][0]:
                best[q] = (cost, p, choice)
    if n not in best:
        return _VIOLATION * 10, _fallback(flat, first_top_mm)
    cuts: list[tuple[int, int, _Choice]] = []
    q = n
    while q > 0:
        _cost, p, choice = best[q]
        assert choice is not None
        cuts.append((p, q, choice))
        q = p
    cuts.reverse()
    return best[n][0], [_materialise(flat, p, q, choice, first_top_mm if p == 0 else L.TOP_MM, caps.get(p, L.LINES))
                        for p, q, choice in cuts]


def _materialise(flat: _Flat, p: int, q: int, choice: _Choice, top: float, cap: int) -> PagePlan:
    rows: list[Row] = []
    adjusted: list[str] = []
    i = p
    while i < q:
        b = flat.block_of[i]
        block = flat.blocks[b]
        if b in choice.shrink and block.shrunk is not None:
            rows.extend(block.shrunk)
            adjusted.append("tighter")
            i = flat.starts[b] + len(block.rows)
        elif b in choice.stretch and block.stretched is not None:
            rows.extend(block.stretched)
            adjusted.append("looser")
            i = flat.starts[b] + len(block.rows)
        else:
            rows.append(flat.rows[i])
            i += 1
    while p > 0 and rows and rows[0].line is None:
        rows.pop(0)
    pitch = L.LINE_PITCH_MM * ((cap - 1) / (choice.lines - 1) if choice.lines > 1 and cap > 1 else 1.0)
    if choice.lines != cap:
        adjusted.append(f"{choice.lines} lines")
    return PagePlan(rows, top, pitch, choice.lines, adjusted)


def _fallback(flat: _Flat, first_top_mm: float) -> list[PagePlan]:
    """A block taller than a page: cut where it must, on the grid."""
    pages: list[PagePlan] = []
    top, cap = first_top_mm, capacity(first_top_mm)
    rows = list(flat.rows)
    while rows:
        pages.append(PagePlan(rows[:cap], top, L.LINE_PITCH_MM, cap))
        rows = rows[cap:]
        while rows and rows[0].line is None:
            rows.pop(0)
        top, cap = L.TOP_MM, L.LINES
    return pages


def draw_plan(pages: list[Page], plans: list[PagePlan], new_first: bool) -> None:
    """Put planned rows on pages: the first plan on the last page unless `new_first`."""
    for k, plan in enumerate(plans):
        if k > 0 or new_first:
            pages.append(Page())
        page = pages[-1]
        for i, row in enumerate(plan.rows):
            top = plan.row_top_mm(i)
            if row.line is not None:
                page.text(row.line, row.x_pt, L.baseline_mm(top, L.SIZE_3), row.colour)
            leading = (plan.pitch_mm - L.SIZE_3 / L.pt(1)) / 2
            if row.rule_above_mm:
                page.rule(L.LEFT_MM, L.RIGHT_MM, top - leading, row.rule_above_mm)
            if row.rule_below_mm:
                page.rule(L.LEFT_MM, L.RIGHT_MM, top + L.SIZE_3 / L.pt(1) + leading, row.rule_below_mm)
        page.flow_bottom_mm = plan.next_top_mm
        page.pitch_mm = plan.pitch_mm
        page.adjusted = list(plan.adjusted)
