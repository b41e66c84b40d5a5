"""The grid typesetter: text into lines of at most 28 cells, justified to the type area.

reportlab's Paragraph neither justifies CJK lines nor keeps closing punctuation off a
line start (reference §3.4), so lines are broken here:

- a full-width character takes one cell (156/28 mm), drawn with a slight negative
  tracking because 3号 (16 pt) is wider than the cell; half-width runs (digits, Latin)
  take their measured width and are never split;
- 避头: no line starts with closing punctuation (，。、；：！？”’）》 …); 避尾: none ends
  with opening punctuation (“‘（《 …); "——" and "……" stay whole. The rule is kept by
  carrying characters down (推出), never by letting a mark hang outside the type area;
- every full line is justified to exactly the available width; a paragraph's last
  line keeps the grid pitch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.layout import CELL_PT, SIZE_3

OPENING = "“‘（《〈「『【〔〖［｛([{"
CLOSING = "，。、；：！？”’）》〉」』】〕〗］｝…—·%‰,.;:!?)]}"
_HALF_RUN = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,%&-_/+:#@'")
_PAIRS = ("——", "……")
_FULL = 0.85  # an advance of at least this many em is a full-width glyph


@dataclass(frozen=True)
class Run:
    """A piece of text in one role and size."""

    text: str
    role: str = "fangsong"
    size: float = SIZE_3


@dataclass(frozen=True)
class Glyph:
    """One character as it will be drawn: its face, size, advance and width in the line."""

    ch: str
    font: str
    size: float
    advance: float  # natural advance, pt
    width: float  # width it takes in the line, pt (one cell for a full-width glyph)
    full: bool


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


def shape(runs: Iterable[Run], fonts: FontSet) -> list[Glyph]:
    """Glyphs for styled runs, each character in its role's face or its fallback."""
    glyphs: list[Glyph] = []
    for run in runs:
        scale = CELL_PT / SIZE_3  # the same relative tracking at every size
        for ch in run.text:
            font = fonts.font_for(run.role, ch)
            advance = fonts.advance(font, ch) * run.size
            full = advance >= _FULL * run.size
            glyphs.append(Glyph(ch, font, run.size, advance, advance * scale if full else advance, full))
    return glyphs


def _units(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Unbreakable pieces: a half-width run, "——" or "……", or one character."""
    units: list[list[Glyph]] = []
    i = 0
    while i < len(glyphs):
        g = glyphs[i]
        if not g.full and g.ch in _HALF_RUN:
            j = i + 1
            while j < len(glyphs) and not glyphs[j].full and glyphs[j].ch in _HALF_RUN:
                j += 1
            units.append(glyphs[i:j])
            i = j
        elif i + 1 < len(glyphs) and g.ch + glyphs[i + 1].ch in _PAIRS:
            units.append(glyphs[i:i + 2])
            i += 2
        else:
            units.append([g])
            i += 1
    return units


def _may_break(before: list[Glyph], after: list[Glyph]) -> bool:
    return after[0].ch not in CLOSING and before[-1].ch not in OPENING


def break_lines(glyphs: list[Glyph], width: float, first_indent: float = 0.0,
                rest_indent: float = 0.0) -> list[tuple[float, list[Glyph]]]:
    """Greedy line breaking with 避头尾: (indent, glyphs) per line."""
    units = _units(glyphs)
    lines: list[tuple[float, list[Glyph]]] = []
    start, indent = 0, first_indent
    while start < len(units):
        used, end = indent, start
        while end < len(units):
            w = sum(g.width for g in units[end])
            if used + w > width + 1e-6 and end > start:
                break
            used += w
            end += 1
        if end < len(units):
            cut = end
            while cut > start + 1 and not _may_break(units[cut - 1], units[cut]):
                cut -= 1
            if _may_break(units[cut - 1], units[cut]) or cut > start + 1:
                end = cut
            if sum(g.width for u in units[start:end] for g in u) + indent > width + 1e-6:
                end = _split_oversized(units, start, width - indent)
        line = [g for u in units[start:end] for g in u]
        while line and line[-1].ch == " ":
            line.pop()
        lines.append((indent, line))
        start, indent = end, rest_indent
        while start < len(units) and units[start][0].ch == " ":
            start += 1
    return lines


def _split_oversized(units: list[list[Glyph]], start: int, width: float) -> int:
    """A half-width run wider than the line is cut between characters."""
    unit = units[start]
    used, k = 0.0, 0
    while k < len(unit) and used + unit[k].width <= width + 1e-6:
        used += unit[k].width
        k += 1
    k = max(k, 1)
    if k < len(unit):
        units[start:start + 1] = [unit[:k], unit[k:]]
    return start + 1


def set_line(glyphs: list[Glyph], width: float, indent: float, justify: bool) -> Line:
    """Place glyphs: a justified line ends exactly at `width`; gaps go between cells,
    never inside a half-width run."""
    natural = sum(g.width for g in glyphs)
    gaps = [i for i in range(1, len(glyphs)) if glyphs[i - 1].full or glyphs[i].full]
    extra = (width - indent - natural) / len(gaps) if (justify and gaps) else 0.0
    extra = max(extra, 0.0)
    xs, x = [], indent
    gap_set = set(gaps)
    for i, g in enumerate(glyphs):
        if i in gap_set:
            x += extra
        xs.append(x)
        x += g.width
    return Line(tuple(glyphs), tuple(xs), x, justify and bool(gaps))


def set_paragraph(glyphs: list[Glyph], width: float, first_indent: float = 0.0,
                  rest_indent: float = 0.0, justify: bool = True) -> list[Line]:
    """Break and set a paragraph: full lines justified, the last one on the grid pitch."""
    broken = break_lines(glyphs, width, first_indent, rest_indent)
    return [set_line(line, width, indent, justify and i < len(broken) - 1)
            for i, (indent, line) in enumerate(broken)]


def untracked(glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs at their natural advances, off the grid (a display line such as the mark)."""
    return [Glyph(g.ch, g.font, g.size, g.advance, g.advance, g.full) for g in glyphs]


def natural_width(glyphs: Iterable[Glyph]) -> float:
    """The width of glyphs set solid on the grid pitch."""
    return sum(g.width for g in glyphs)
