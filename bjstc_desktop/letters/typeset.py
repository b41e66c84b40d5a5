"""The grid typesetter: text into lines of at most 28 cells, justified to the type area.

reportlab's Paragraph neither justifies CJK lines nor keeps closing punctuation off a
line start (reference §3.4), so lines are broken here:

- a full-width character takes one cell (156/28 mm), drawn with a slight negative
  tracking because 3号 (16 pt) is wider than the cell; half-width runs (digits, Latin)
  take their measured width;
- unbreakable units: a half-width run (an e-mail address or a web address may break
  after its "@", "." and "/"), "——" and "……" (one unit, never spaced apart), a number
  with the 号/年/月/日 after it (〔2026〕 is whole by 避头尾 already);
- 避头: no line starts with closing punctuation (，。、；：！？”’）》 …); 避尾: none ends
  with opening punctuation (“‘（《 …). The rule is kept by squeezing a closing mark at
  the line end to half a cell (挤进) or by carrying characters down (推出), never by
  letting a mark hang outside the type area;
- GB/T 15834 标点挤压: of two adjacent full-width marks the blank half of one is
  removed (》（ → 》（ without the wide gap, “（” inside “” likewise);
- a full line is justified to the available width only when no gap grows by more than
  MAX_JUSTIFY_EM of a character; otherwise it stays ragged;
- a paragraph never ends on a line holding a single character: the line above gives
  one up, or the paragraph is set a little tighter so the character comes up; a line
  left with one character before an unbreakable run too wide to join it gets one from
  the line above in the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.layout import CELL_PT, MAX_JUSTIFY_EM, SIZE_3, TRACK_TIGHT_PT

OPENING = "“‘（《〈「『【〔〖［｛([{"
CLOSING = "，。、；：！？”’）》〉」』】〕〗］｝…—·%‰,.;:!?)]}"
# Full-width marks whose ink sits in the left half of the em (closing) or the right half
# (opening) in every bundled face: they may lose the other half (标点挤压).
_SQUEEZE_CLOSING = set("，。、）》〉」』】〕〗”’")
_SQUEEZE_OPENING = set("（《〈「『【〔〖“‘")
_PUNCT = set(OPENING) | set(CLOSING) | set("：；！？")
_HALF_RUN = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,%&-_/+:#@'~=?")
_URL_BREAK_AFTER = set("@./")
_PAIRS = ("——", "……")
_BOUND_AFTER_NUMBER = set("号年月日")
_FULL = 0.85  # an advance of at least this many em is a full-width glyph


@dataclass(frozen=True)
class Run:
    """A piece of text in one role and size."""

    text: str
    role: str = "fangsong"
    size: float = SIZE_3


@dataclass(frozen=True)
class Glyph:
    """One character as it will be drawn: its face, size, advance, the width of its box
    in the line and where its origin sits in that box."""

    ch: str
    font: str
    size: float
    advance: float  # natural advance, pt
    width: float  # width it takes in the line, pt (one cell for a full-width glyph)
    full: bool
    origin: float | None = None  # glyph origin from the box's left edge; None: centred

    @property
    def offset(self) -> float:
        """Where the glyph's origin sits, from the left edge of its box."""
        return (self.width - self.advance) / 2 if self.origin is None else self.origin


@dataclass(frozen=True)
class Line:
    """A set line: each glyph with the x of its box, relative to the line's start."""

    glyphs: tuple[Glyph, ...]
    xs: tuple[float, ...]
    width: float  # from the start to the end of the last glyph's box
    justified: bool

    @property
    def text(self) -> str:
        """The characters of the line."""
        return "".join(g.ch for g in self.glyphs)


def is_punct(ch: str) -> bool:
    """A punctuation mark (it never counts as a character of its own on a line)."""
    return ch in _PUNCT


@dataclass(frozen=True)
class Shaped:
    """Styled runs as glyphs on the grid, before tracking and 标点挤压: looked up once,
    then set at whatever tracking the line breaker tries."""

    glyphs: tuple[Glyph, ...]
    _memo: dict[float, list[Glyph]] = field(default_factory=dict, compare=False, repr=False)

    def tracked(self, track_pt: float = 0.0) -> list[Glyph]:
        """The glyphs with every full-width cell widened by `track_pt` (narrowed when
        negative; in proportion at other sizes than 3号), adjacent marks squeezed."""
        done = self._memo.get(track_pt)
        if done is None:
            glyphs = list(self.glyphs)
            if track_pt:
                glyphs = [Glyph(g.ch, g.font, g.size, g.advance, g.width + track_pt * g.size / SIZE_3, True)
                          if g.full else g for g in glyphs]
            done = self._memo[track_pt] = squeeze_punctuation(glyphs)
        return list(done)


def shaped(runs: Iterable[Run], fonts: FontSet) -> Shaped:
    """Glyphs for styled runs, each character in its role's face or its fallback."""
    glyphs: list[Glyph] = []
    scale = CELL_PT / SIZE_3  # the same relative tracking at every size
    for run in runs:
        size = run.size
        for ch in run.text:
            font, advance_em = fonts.metrics(run.role, ch)
            advance = advance_em * size
            full = advance_em >= _FULL
            glyphs.append(Glyph(ch, font, size, advance, advance * scale if full else advance, full))
    return Shaped(tuple(glyphs))


def shape(runs: Iterable[Run], fonts: FontSet, track_pt: float = 0.0) -> list[Glyph]:
    """Glyphs for styled runs, each character in its role's face or its fallback.
    `track_pt` widens (or with a negative value narrows) every full-width cell; pairs of
    full-width punctuation are squeezed (GB/T 15834)."""
    return shaped(runs, fonts).tracked(track_pt)


def squeeze_punctuation(glyphs: list[Glyph]) -> list[Glyph]:
    """标点挤压: of two adjacent full-width marks, a closing one gives up its blank right
    half, or else an opening one following an opening one its blank left half."""
    out = list(glyphs)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if not (a.full and b.full) or a.ch + b.ch in _PAIRS:
            continue
        if a.ch in _SQUEEZE_CLOSING and (b.ch in _PUNCT):
            out[i] = replace(a, width=a.width / 2, origin=0.0)
        elif a.ch in _SQUEEZE_OPENING and b.ch in _SQUEEZE_OPENING:
            out[i + 1] = replace(b, width=b.width / 2, origin=b.width / 2 - b.advance)
    return out


def _squeezed_end(g: Glyph) -> Glyph:
    """A closing mark at a line's end set in half a cell (挤进)."""
    return replace(g, width=g.width / 2, origin=0.0)


def _is_url(run: str) -> bool:
    return "@" in run or "://" in run or run.lower().startswith("www.")


def units(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Unbreakable pieces: a half-width run (an address broken after @ . /), "——" or
    "……", a number with its 号/年/月/日 (so 〔2026〕12号 breaks, if at all, only after
    its 〕), or one character."""
    text = "".join(g.ch for g in glyphs)
    out: list[list[Glyph]] = []
    i = 0
    while i < len(glyphs):
        g = glyphs[i]
        if not g.full and g.ch in _HALF_RUN:
            j = i + 1
            while j < len(glyphs) and not glyphs[j].full and glyphs[j].ch in _HALF_RUN:
                j += 1
            run = text[i:j]
            if _is_url(run):
                start = i
                for k in range(i, j - 1):
                    if text[k] in _URL_BREAK_AFTER:
                        out.append(glyphs[start:k + 1])
                        start = k + 1
                out.append(glyphs[start:j])
                i = j
                continue
        elif i + 1 < len(glyphs) and text[i:i + 2] in _PAIRS:
            j = i + 2
        else:
            j = i + 1
        out.append(glyphs[i:j])
        i = j
    return _bind_numbers(out)


def _bind_numbers(us: list[list[Glyph]]) -> list[list[Glyph]]:
    """A 号/年/月/日 stays with the number before it, whatever run the number ends."""
    out: list[list[Glyph]] = []
    for u in us:
        if (out and len(u) == 1 and u[0].ch in _BOUND_AFTER_NUMBER and out[-1][-1].ch.isdigit()
                and not out[-1][-1].full):
            out[-1] = out[-1] + u
        else:
            out.append(u)
    return out


def _may_break(before: list[Glyph], after: list[Glyph]) -> bool:
    return after[0].ch not in CLOSING and before[-1].ch not in OPENING


def _width(units_: list[list[Glyph]]) -> float:
    return sum(g.width for u in units_ for g in u)


def _content(line: list[Glyph]) -> int:
    """Characters that are not punctuation or spaces."""
    return sum(1 for g in line if not is_punct(g.ch) and not g.ch.isspace())


def _break_at(us: list[list[Glyph]], start: int, end: int, room: float) -> tuple[int, bool]:
    """Where the line that starts at unit `start` ends (exclusive), given that units up
    to `end` fit; True when the line's last unit, a closing mark, is squeezed in."""
    if end >= len(us):
        return end, False
    nxt = us[end]
    if nxt[0].ch in CLOSING and len(nxt) == 1 and nxt[0].full and nxt[0].ch in _SQUEEZE_CLOSING:
        used = _width(us[start:end])
        after_ok = end + 1 >= len(us) or _may_break(nxt, us[end + 1])
        if after_ok and used + nxt[0].width / 2 <= room + 1e-6:  # 挤进: the mark fits in half a cell
            return end + 1, True
    cut = end
    while cut > start + 1 and not _may_break(us[cut - 1], us[cut]):
        cut -= 1
    if _may_break(us[cut - 1], us[cut]):
        return cut, False
    return end, False  # no legal break at all: keep what fits


def break_lines(glyphs: list[Glyph], width: float, first_indent: float = 0.0,
                rest_indent: float = 0.0, ragged_ok: bool = False) -> list[tuple[float, list[Glyph]]]:
    """Line breaking with 避头尾, 挤进/推出 and no lone last character: (indent, glyphs).
    The line above a lone character gives it company only if it can still be justified,
    unless `ragged_ok`."""
    us = units(glyphs)
    forced: dict[int, int] = {}
    breaks = _greedy(us, width, first_indent, rest_indent, forced)
    lines = _materialise(us, breaks, first_indent, rest_indent)
    k = 1
    while k < len(lines):
        if _content(lines[k][1]) < 2:
            # 推出: the line above gives up units until this line holds two characters:
            # the last line, or one left short by an unbreakable run too wide to join it
            # (a character and its comma before a number or an address).
            for give in range(1, 4):
                cap = breaks[k - 1][1] - give
                if cap <= breaks[k - 1][0]:
                    break
                alt = _greedy(us, width, first_indent, rest_indent, {**forced, k - 1: cap})
                cand = _materialise(us, alt, first_indent, rest_indent)
                if (len(cand) == len(lines) and _content(cand[k][1]) >= 2
                        and (ragged_ok or justifiable(cand[k - 1][1], width, cand[k - 1][0]))):
                    forced[k - 1] = cap
                    breaks, lines = alt, cand
                    break
        k += 1
    return lines


def _greedy(us: list[list[Glyph]], width: float, first_indent: float, rest_indent: float,
            forced: dict[int, int]) -> list[tuple[int, int, bool]]:
    """(start, end, squeezed end) of each line; `forced` caps the end of line n."""
    out: list[tuple[int, int, bool]] = []
    start, indent = 0, first_indent
    while start < len(us):
        room = width - indent
        used, end = 0.0, start
        while end < len(us):
            w = sum(g.width for g in us[end])
            if used + w > room + 1e-6 and end > start:
                break
            used += w
            end += 1
        cap = forced.get(len(out))
        if cap is not None and cap < end:
            end = cap
        squeezed = False
        if end < len(us):
            end, squeezed = _break_at(us, start, end, room)
        if _width(us[start:end]) > room + 1e-6 and end == start + 1:  # the paragraph's last unit too
            _split_oversized(us, start, room)
            end, squeezed = start + 1, False
        out.append((start, end, squeezed))
        start, indent = end, rest_indent
        while start < len(us) and us[start][0].ch == " ":
            start += 1
    return out


def _materialise(us: list[list[Glyph]], breaks: list[tuple[int, int, bool]], first_indent: float,
                 rest_indent: float) -> list[tuple[float, list[Glyph]]]:
    lines: list[tuple[float, list[Glyph]]] = []
    for n, (start, end, squeezed) in enumerate(breaks):
        line = [g for u in us[start:end] for g in u]
        if squeezed:
            line[-1] = _squeezed_end(line[-1])
        while line and line[-1].ch == " ":
            line.pop()
        lines.append((first_indent if n == 0 else rest_indent, line))
    return lines


def _split_oversized(us: list[list[Glyph]], start: int, width: float) -> None:
    """A half-width run wider than the line is cut between characters."""
    unit = us[start]
    used, k = 0.0, 0
    while k < len(unit) and used + unit[k].width <= width + 1e-6:
        used += unit[k].width
        k += 1
    k = max(k, 1)
    if k < len(unit):
        us[start:start + 1] = [unit[:k], unit[k:]]


def _gaps(glyphs: list[Glyph]) -> list[int]:
    """Where justification may add space: between cells, never inside a half-width run,
    "——", "……" or a space."""
    gaps = []
    for i in range(1, len(glyphs)):
        a, b = glyphs[i - 1], glyphs[i]
        if not (a.full or b.full) or a.ch + b.ch in _PAIRS:
            continue
        gaps.append(i)
    return gaps


def _room(glyphs: list[Glyph], gaps: list[int], max_gap_em: float) -> float:
    """The most a gap may grow: up to `max_gap_em` of blank between two glyphs' boxes,
    counting what a widened cell already leaves."""
    already = max((glyphs[i - 1].width - glyphs[i - 1].advance for i in gaps), default=0.0)
    return max_gap_em * glyphs[0].size - max(already, 0.0)


def justifiable(glyphs: list[Glyph], width: float, indent: float) -> bool:
    """Whether the line can be stretched to `width` within MAX_JUSTIFY_EM a gap."""
    gaps = _gaps(glyphs)
    if not glyphs:
        return False
    extra = width - indent - sum(g.width for g in glyphs)
    if extra <= 1e-6:
        return True
    return bool(gaps) and extra / len(gaps) <= _room(glyphs, gaps, MAX_JUSTIFY_EM) + 1e-6


def set_line(glyphs: list[Glyph], width: float, indent: float, justify: bool,
             max_gap_em: float = MAX_JUSTIFY_EM) -> Line:
    """Place glyphs: a justified line ends exactly at `width` (when no gap would grow by
    more than `max_gap_em` of a character: else it stays ragged)."""
    natural = sum(g.width for g in glyphs)
    gaps = _gaps(glyphs)
    extra = (width - indent - natural) / len(gaps) if (justify and gaps) else 0.0
    if extra > 0 and glyphs and extra > _room(glyphs, gaps, max_gap_em) + 1e-6:
        extra, justify = 0.0, False
    xs, x = [], indent
    gap_set = set(gaps)
    for i, g in enumerate(glyphs):
        if i in gap_set:
            x += extra
        xs.append(x)
        x += g.width
    return Line(tuple(glyphs), tuple(xs), x, justify and bool(gaps))


def set_paragraph(glyphs: list[Glyph], width: float, first_indent: float = 0.0,
                  rest_indent: float = 0.0, justify: bool = True, ragged_ok: bool = False) -> list[Line]:
    """Break and set a paragraph: full lines justified, the last one on the grid pitch."""
    broken = break_lines(glyphs, width, first_indent, rest_indent, ragged_ok or not justify)
    return [set_line(line, width, indent, justify and i < len(broken) - 1)
            for i, (indent, line) in enumerate(broken)]


def set_runs(runs: list[Run], fonts: FontSet, width: float, first_indent: float = 0.0,
             rest_indent: float = 0.0, justify: bool = True) -> list[Line]:
    """A paragraph from runs, never ending on a lone character (see set_glyphs)."""
    return set_glyphs(shaped(runs, fonts), width, first_indent, rest_indent, justify)


def set_glyphs(glyphs: Shaped, width: float, first_indent: float = 0.0, rest_indent: float = 0.0,
               justify: bool = True) -> list[Line]:
    """A paragraph never ending on a lone character: the line above gives one up; if it
    then could not be justified, the paragraph is set a little tighter (at most
    TRACK_TIGHT_PT a character) to bring the character up; failing that the line above
    gives one up and stays ragged."""
    lines = set_paragraph(glyphs.tracked(), width, first_indent, rest_indent, justify)
    if lone_last_line(lines):
        for step in (0.25, 0.5, 0.75, 1.0):
            tight = set_paragraph(glyphs.tracked(-TRACK_TIGHT_PT * step), width, first_indent, rest_indent, justify)
            if not lone_last_line(tight):
                return tight
        return set_paragraph(glyphs.tracked(), width, first_indent, rest_indent, justify, ragged_ok=True)
    return lines


def lone_last_line(lines: list[Line]) -> bool:
    """Whether a paragraph of several lines ends on a line of a single character."""
    return len(lines) > 1 and _content(list(lines[-1].glyphs)) < 2


def untracked(glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs at their natural advances, off the grid (a display line such as the mark)."""
    return [Glyph(g.ch, g.font, g.size, g.advance, g.advance, g.full) for g in glyphs]


def natural_width(glyphs: Iterable[Glyph]) -> float:
    """The width of glyphs set solid on the grid pitch."""
    return sum(g.width for g in glyphs)
