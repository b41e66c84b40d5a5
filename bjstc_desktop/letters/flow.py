"""Blocks of rows and their flow over pages.

Every element of the 主体 takes whole rows. A block is a paragraph or a group that
moves as one (the title with the 主送机关, a heading, the 附件说明 with the signature).
Pages are cut by a small dynamic programme over the rows, so that together:

- no page holds the 署名 and 成文日期 without 正文: the signature block takes at least
  two rows of text along (7.3.5.5: "此页无正文" is not allowed); the lines of its own
  附件说明 count among them, since the seal stands "上距正文（或附件说明）一行之内"
  (7.3.5.1), so only the rows the 附件说明 does not make up must come from the body;
  yet a signature page without body text is taken only where no spacing within the
  limits keeps two body lines with it (7.3.5.5 adjusts 行距 and 字距 first);
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

import bisect
import itertools
import math
from dataclasses import dataclass, field

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.pagemodel import Page
from bjstc_desktop.letters.typeset import (
    Line,
    Run,
    Shaped,
    lone_last_line,
    set_glyphs,
    set_paragraph,
    shaped,
)

# Costs of a layout, in "units of ugliness".
_PAGE = 6.0  # one more page
_SECOND_PAGE = 6.0  # more: a letter that could stay on one page
_PITCH = 4.0  # a page one line tighter or looser than the grid
_ADJUST = 1.0  # a paragraph set tighter or looser
_HOLE = 0.3  # an empty line at the foot of a page whose text goes on
_ADJUST_HARD = 30.0  # a paragraph set looser than the usual limit (the last resort for 字距)
_LAST_RESORT = 60.0  # a line squeezed in (or left out) beyond the usual pitches
_VIOLATION = 1000.0  # a rule that cannot be kept (never chosen while another layout exists)
# The signature on a page with its 附件说明 and no body line: lawful (7.3.5.1), but 7.3.5.5
# wants the spacing adjusted first, so it costs more than any layout within the limits.
_TEXT_FROM_NOTES = 900.0
_WINDOW = L.MAX_PAGE_LINES + 14  # the most rows a page may take (some set tighter)
_PITCH_MIN = L.MIN_PITCH_RATIO - 1e-6  # of the grid pitch
_PITCH_MAX = L.MAX_PITCH_RATIO + 1e-6
_USUAL_MAX = L.USUAL_MAX_PITCH_RATIO + 1e-6
_USUAL_MIN = L.USUAL_MIN_PITCH_RATIO - 1e-6


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
    signature takes two rows of text), less the `carries` rows of text the block opens
    with itself (the signature's 附件说明, GB/T 9704-2012 7.3.5.1: the seal stands
    "上距正文（或附件说明）一行之内", so those lines are text the signature keeps with it).
    `shrunk`/`stretched`: the same text in one row fewer
    or one more (字距 adjusted), when it can be set so, and what that costs."""

    rows: tuple[Row, ...]
    splittable: bool = False
    glue_next: int = 0
    glue_prev: int = 0
    shrunk: tuple[Row, ...] | None = None
    stretched: tuple[Row, ...] | None = None
    shrunk_cost: float = _ADJUST
    stretched_cost: float = _ADJUST
    carries: int = 0

    @property
    def glue_before(self) -> int:
        """Rows of what precedes that must share this block's first page."""
        return max(0, self.glue_prev - self.carries)


def paragraph_block(runs: list[Run], fonts: FontSet, first_indent_cells: float = 2, rest_indent: float = 0.0,
                    width: float = L.AREA_W_PT, x_pt: float = L.LEFT_PT, adjustable: bool = True,
                    splittable: bool = True, glue_next: int = 0) -> Block:
    """A paragraph set on the grid, with its tighter and looser settings."""
    first = first_indent_cells * L.CELL_PT
    glyphs = shaped(runs, fonts)
    lines = set_glyphs(glyphs, width, first, rest_indent)
    shrunk = stretched = None
    shrunk_cost = stretched_cost = _ADJUST
    if adjustable and len(lines) >= 2:
        shrunk, shrunk_cost = _variant(glyphs, width, first, rest_indent, len(lines) - 1,
                                       (-0.5 * L.TRACK_TIGHT_PT, -L.TRACK_TIGHT_PT))
        stretched, stretched_cost = _variant(glyphs, width, first, rest_indent, len(lines) + 1,
                                             (0.5 * L.TRACK_LOOSE_PT, L.TRACK_LOOSE_PT, L.TRACK_LOOSE_MAX_PT))

    def rows(ls: list[Line] | None) -> tuple[Row, ...] | None:
        return None if ls is None else tuple(Row(line, x_pt) for line in ls)

    return Block(rows(lines) or (), splittable, glue_next, 0, rows(shrunk), rows(stretched), shrunk_cost,
                 stretched_cost)


def _variant(glyphs: Shaped, width: float, first: float, rest: float, wanted: int,
             tracks: tuple[float, ...]) -> tuple[list[Line] | None, float]:
    """The paragraph in `wanted` lines at the mildest of `tracks` that sets it so, and
    the cost of that tracking (beyond the usual ±1 pt, the last resort's)."""
    for track in tracks:
        lines = set_paragraph(glyphs.tracked(track), width, first, rest)
        if len(lines) == wanted and not lone_last_line(lines):
            usual = -L.TRACK_TIGHT_PT - 1e-9 <= track <= L.TRACK_LOOSE_PT + 1e-9
            return lines, (_ADJUST if usual else _ADJUST_HARD)
        if (len(lines) - wanted) * (1 if track > 0 else -1) > 0:
            break  # already past the count wanted: more tracking only goes further
    return None, _ADJUST


def fixed_block(rows: list[Row], glue_next: int = 0, glue_prev: int = 0) -> Block:
    """Rows that never part (a title, the signature)."""
    return Block(tuple(rows), False, glue_next, glue_prev)


def min_step_mm(above: Row, below: Row) -> float:
    """The least distance between the tops of two consecutive rows, however tight the
    page: the lower row's characters never reach into the upper one's, with a tenth of
    the larger size between them (3号 rows: 17.6 pt, below the tightest pitch, so only a
    2号 title's lines, 24.2 pt apart, ever keep more than the page's pitch). Every row
    has its baseline where a 3号 row's would be (pagemodel.on_grid)."""
    a, b = _ink_size(above), _ink_size(below)
    if not a or not b:
        return 0.0
    under = L.EM_ASCENT * L.SIZE_3 + L.EM_DESCENT * a  # the upper row's em bottom, under its top
    over = L.EM_ASCENT * (b - L.SIZE_3)  # the lower row's em top, over its own top
    return (under + over + 0.1 * max(a, b)) / L.pt(1)


def _ink_size(row: Row) -> float:
    if row.line is None or not row.line.glyphs:
        return 0.0
    return max(g.size for g in row.line.glyphs)


@dataclass
class PagePlan:
    """One page of a flow: its rows and their pitch (a 2号 title's lines keep at least
    min_step_mm apart where the pitch is tighter)."""

    rows: list[Row]
    top_mm: float  # em top of the first row
    pitch_mm: float
    lines: int  # rows the page holds at that pitch
    adjusted: list[str] = field(default_factory=list)  # what was changed, for the record
    _tops: list[float] = field(init=False, repr=False, default_factory=list)

    def __post_init__(self) -> None:
        tops = [self.top_mm]
        for a, b in itertools.pairwise(self.rows):
            tops.append(tops[-1] + max(self.pitch_mm, min_step_mm(a, b)))
        self._tops = tops

    def row_top_mm(self, i: int) -> float:
        """The em top of row `i` (0-based) of the page."""
        if i < len(self._tops):
            return self._tops[i]
        return self._tops[-1] + (i - len(self._tops) + 1) * self.pitch_mm

    @property
    def next_top_mm(self) -> float:
        """The em top of the row after the last one."""
        return self.row_top_mm(len(self.rows)) if self.rows else self.top_mm


def capacity(top_mm: float) -> int:
    """Rows of the grid pitch from `top_mm` down to the type area's last line."""
    return _whole(room(top_mm))


def room(top_mm: float) -> float:
    """The rows' worth of room from `top_mm` down to the type area's last line, counting
    the first row, before it is rounded down: the first page's flow starts where the
    header ends, off the grid, and a page set tighter or looser spreads its rows over
    all of it (up to a line more than the grid pitch would give)."""
    last = L.line_top_mm(L.LINES)
    return max(1.0, round((last - top_mm) / L.LINE_PITCH_MM, 4) + 1)


def _whole(room: float) -> int:
    return int(math.floor(room + 1e-6))


@dataclass
class _Flat:
    rows: list[Row]
    block_of: list[int]
    starts: list[int]
    blocks: list[Block]
    illegal: dict[int, float]  # a break the rules forbid, and how bad breaking it would be
    costly: dict[int, float]  # a lawful break that costs more than adjusting the spacing
    locked: set[int]  # blocks that must keep their rows (a glue counts on all of them)
    wide_at: list[int]  # rows whose step to the next may exceed the tightest pitch (a title's) ...
    wide: list[float]  # ... and that step's least value (mm)


def _flatten(blocks: list[Block]) -> _Flat:
    rows: list[Row] = []
    block_of: list[int] = []
    starts: list[int] = []
    for b, block in enumerate(blocks):
        starts.append(len(rows))
        rows.extend(block.rows)
        block_of.extend([b] * len(block.rows))
    illegal: dict[int, float] = {}
    costly: dict[int, float] = {}
    windows: list[range] = []  # the rows each glue counts on

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
            windows.append(range(s + n, s + n + block.glue_next))
        if block.glue_before:
            # The worst of all: a page with the signature and not two lines of text.
            forbid(range(s - block.glue_before + 1, s + 1), 3.0)
            windows.append(range(s - block.glue_before, s))
        for i in range(s - block.glue_prev + 1, s - block.glue_before + 1):
            costly[i] = _TEXT_FROM_NOTES  # the 附件说明 makes up the text: only if nothing else will do
    # A block wholly inside the rows a glue counts on keeps its rows: set one row shorter,
    # it would leave the glue a row short. One that reaches out of them may change: the
    # rows it keeps still make up the count.
    locked = {b for b, block in enumerate(blocks) for w in windows
              if block.rows and starts[b] >= w.start and starts[b] + len(block.rows) <= w.stop}
    tightest = L.LINE_PITCH_MM * L.MIN_PITCH_RATIO
    steps = [(i, min_step_mm(a, b)) for i, (a, b) in enumerate(itertools.pairwise(rows))]
    wide = [(i, m) for i, m in steps if m > tightest]
    return _Flat(rows, block_of, starts, blocks, illegal, costly, locked, [i for i, _ in wide], [m for _, m in wide])


@dataclass(frozen=True)
class _Choice:
    cost: float
    lines: int
    shrink: tuple[int, ...]
    stretch: tuple[int, ...]
    pitch_mm: float


def _pitch_options(space: float) -> list[tuple[int, float]]:
    """(lines, cost) of every pitch a page with `space` rows of room (see room()) may
    take: the grid's, the usual range, then the last resort's, tighter or looser."""
    found = _PITCH_OPTIONS.get(space)
    if found is not None:
        return found
    cap = _whole(space)
    out = [(cap, 0.0)]
    if space > 1:
        lo = max(2, math.ceil(1 + (space - 1) / _PITCH_MAX - 1e-9))
        hi = min(L.MAX_PAGE_LINES, math.floor(1 + (space - 1) / _PITCH_MIN + 1e-9))
        for lines in range(lo, max(hi, cap) + 1):
            if lines != cap:
                out.append((lines, _pitch_cost(space, lines)))
    _PITCH_OPTIONS[space] = out
    return out


def _pitch_cost(space: float, lines: float) -> float:
    """What setting `lines` rows (a whole number, or the rows' worth of a pitch between
    two) where the grid sets its own costs."""
    cap = _whole(space)
    ratio = (space - 1) / (lines - 1)
    cost = _PITCH * abs(lines - cap) ** 1.5
    if ratio < _USUAL_MIN:
        cost += _LAST_RESORT * (lines - cap)
    if ratio > _USUAL_MAX or (cap >= L.LINES and lines < L.MIN_PAGE_LINES):
        cost += _LAST_RESORT * (cap - lines)
    return cost


_PITCH_OPTIONS: dict[float, list[tuple[int, float]]] = {}


def _page_choice(flat: _Flat, p: int, q: int, space: float, final: bool) -> _Choice | None:
    """The cheapest way to set rows [p, q) on one page with `space` rows of room."""
    lead = 0
    if p > 0:
        while p + lead < q and flat.rows[p + lead].line is None:
            lead += 1  # a blank never opens a page
    h = q - p - lead
    whole = [b for b in range(flat.block_of[p], flat.block_of[q - 1] + 1)
             if flat.starts[b] >= p and flat.starts[b] + len(flat.blocks[b].rows) <= q and b not in flat.locked]
    # Prefer the cheapest changes; then tighten the paragraphs with the shortest last
    # lines, loosen the fullest.
    shrinkable = sorted((b for b in whole if flat.blocks[b].shrunk is not None),
                        key=lambda b: (flat.blocks[b].shrunk_cost, _last_width(flat.blocks[b])))
    stretchable = sorted((b for b in whole if flat.blocks[b].stretched is not None),
                         key=lambda b: (flat.blocks[b].stretched_cost, -_last_width(flat.blocks[b])))
    shrink_sum = list(itertools.accumulate((flat.blocks[b].shrunk_cost for b in shrinkable), initial=0.0))
    stretch_sum = list(itertools.accumulate((flat.blocks[b].stretched_cost for b in stretchable), initial=0.0))
    lo, hi = bisect.bisect_left(flat.wide_at, p + lead), bisect.bisect_left(flat.wide_at, q - 1)
    wide = flat.wide[lo:hi]  # steps inside the page that a tight pitch cannot take
    best: _Choice | None = None
    for lines, pitch_cost in _pitch_options(space):
        used = float(h)
        pitch = _pitch_mm(space, lines)
        if wide:
            used += sum(max(0.0, m - pitch) for m in wide) / pitch
        s = t = 0
        if used > lines + 1e-9:
            s = math.ceil(used - lines - 1e-9)  # the fewest paragraphs set tighter that bring the rows on
            if s >= len(shrink_sum):
                continue
            cost = pitch_cost + shrink_sum[s]
        elif final:
            cost = pitch_cost
        else:
            hole = lines - used
            cost = math.inf
            for k in range(min(int(hole + 1e-9), len(stretch_sum) - 1) + 1):  # paragraphs set looser fill it
                left = hole - k
                c = stretch_sum[k] + _HOLE * left + _VIOLATION * max(0, math.floor(left + 1e-9) - L.MAX_HOLE_LINES)
                if c < cost:
                    cost, t = c, k
            cost += pitch_cost
        if best is None or cost < best.cost:
            best = _Choice(cost, lines, tuple(shrinkable[:s]), tuple(stretchable[:t]), pitch)
    fit = _fitted(space, h, wide, shrink_sum)
    if fit is not None and (best is None or fit[0] < best.cost):
        cost, s, pitch = fit
        best = _Choice(cost, math.ceil(1 + (space - 1) * L.LINE_PITCH_MM / pitch - 1e-9), tuple(shrinkable[:s]), (),
                       pitch)
    return best


def _fitted(space: float, h: int, wide: list[float], shrink_sum: list[float]) -> tuple[float, int, float] | None:
    """A page with a 2号 title's wide steps whose rows fill it only at a pitch between two
    whole counts of rows: that pitch, if the limits allow it, with the fewest paragraphs
    set tighter (cost, paragraphs tightened, pitch)."""
    if not wide:
        return None
    span = (space - 1) * L.LINE_PITCH_MM
    for s in range(len(shrink_sum)):
        steps = h - s - 1 - len(wide)
        if steps <= 0:
            return None
        pitch = (span - sum(wide)) / steps
        if pitch < L.LINE_PITCH_MM * _PITCH_MIN:
            continue
        if pitch >= min(wide):
            return None  # not a page the title makes tight: the whole counts serve it
        return _pitch_cost(space, 1 + span / pitch) + shrink_sum[s], s, pitch
    return None


def _pitch_mm(space: float, lines: int) -> float:
    """The grid's pitch where it sets `lines` rows in `space`; any other count of rows
    spread from the first row's place to the type area's last line."""
    if lines == _whole(space) or lines <= 1 or space <= 1:
        return L.LINE_PITCH_MM
    return L.LINE_PITCH_MM * (space - 1) / (lines - 1)


def _last_width(block: Block) -> float:
    line = block.rows[-1].line if block.rows else None
    return line.width if line is not None else 0.0


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
    rooms = {0: room(first_top_mm)}
    best: dict[int, tuple[float, int, _Choice | None]] = {0: (0.0, -1, None)}
    ends = starts[1:] + [n]
    for q in ends:
        forced = _VIOLATION * flat.illegal.get(q, 0.0) + flat.costly.get(q, 0.0)
        for p in range(q - 1, max(0, q - _WINDOW) - 1, -1):
            if q - p - (flat.block_of[q - 1] - flat.block_of[p] + 1) > L.MAX_PAGE_LINES + 2:
                break  # too many rows for a page even with every paragraph set tighter
            if p not in best:
                continue
            space = rooms.get(p, float(L.LINES))
            if q - p > space + 14 and p != q - 1:
                continue
            base = best[p][0] + _PAGE + forced + (_SECOND_PAGE if p == 0 and q < n else 0.0)
            if q in best and base > best[q][0]:
                continue  # no page costs less than nothing: this start cannot win
            choice = _page_choice(flat, p, q, space, q == n)
            if choice is None:
                continue
            cost = base + choice.cost
            if q not in best or cost <= best[q][0]:  # a tie goes to the earlier start, the fuller page
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
    return best[n][0], [_materialise(flat, p, q, choice, first_top_mm if p == 0 else L.TOP_MM,
                                                   rooms.get(p, float(L.LINES)))
                        for p, q, choice in cuts]


def _materialise(flat: _Flat, p: int, q: int, choice: _Choice, top: float, space: float) -> PagePlan:
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
    if choice.lines != _whole(space):
        adjusted.append(f"{choice.lines} lines")
    return PagePlan(rows, top, choice.pitch_mm, choice.lines, adjusted)


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
