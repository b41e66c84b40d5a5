"""Breaking a title (2号小标宋) into lines, as 7.3.1 asks: "回行时，要做到词意完整，
排列对称，长短适宜，间距恰当，标题排列应当使用梯形或菱形".

- lines break only between words (words.py), never inside a number, 〔2026〕12号 or a
  short 《》, never against the 避头尾 rules;
- as few lines as fit the type area;
- the line lengths form a 梯形 (each line no shorter, or each no longer, than the one
  above) or, from three lines, a 菱形 (longest in the middle) — never an hourglass;
- among those, the most balanced, with breaks after 关于/的/和/、 and before the
  document's kind preferred.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.typeset import CLOSING, OPENING, Glyph, Line, Run, set_line, shape
from bjstc_desktop.letters.words import boundaries

_GOOD_AFTER = ("关于", "的", "和", "与", "及", "、", "，", "》", "）", "”", "印发", "转发", "做好")
_MAX_LINES = 6
_WINDOW = 7  # characters a cut may stray from an even split
_PROTECT = (("《", "》", 10), ("〔", "〕", 8), ("“", "”", 10), ("（", "）", 10))


def protected(text: str) -> set[int]:
    """Offsets where a title may not break: inside a short 《》, 〔〕, “” or （）."""
    banned: set[int] = set()
    for open_, close, longest in _PROTECT:
        start = text.find(open_)
        while start >= 0:
            end = text.find(close, start + 1)
            if end < 0:
                break
            if end - start <= longest:
                banned.update(range(start + 1, end + 1))
            start = text.find(open_, end + 1)
    return banned


def break_points(text: str) -> list[int]:
    """Every offset where a title line may end."""
    banned = protected(text)
    return [i for i in sorted(boundaries(text))
            if i not in banned and text[i] not in CLOSING and text[i - 1] not in OPENING]


def shape_ok(widths: list[float], tolerance: float) -> bool:
    """梯形 (monotone) or 菱形 (rising then falling): never narrower in the middle."""
    if len(widths) <= 2:
        return True
    signs = []
    for a, b in itertools.pairwise(widths):
        d = b - a
        signs.append(0 if abs(d) <= tolerance else (1 if d > 0 else -1))
    nonzero = [s for s in signs if s]
    if all(s >= 0 for s in nonzero) or all(s <= 0 for s in nonzero):
        return True
    first_fall = next(i for i, s in enumerate(signs) if s < 0)
    return all(s <= 0 for s in signs[first_fall:]) and all(s >= 0 for s in signs[:first_fall])


def title_lines(text: str, fonts: FontSet, size: float = L.SIZE_2, width: float = L.AREA_W_PT) -> list[Line]:
    """The title in as few lines as fit, broken between words, as a 梯形 or 菱形."""
    glyphs = shape([Run(text, "title", size)], fonts)
    pieces = split_title(text, glyphs, width)
    return [set_line(p, sum(g.width for g in p), 0.0, False) for p in pieces]


def split_title(text: str, glyphs: list[Glyph], width: float) -> list[list[Glyph]]:
    """The glyphs of the title cut into its lines."""
    if len(glyphs) != len(text):
        raise ValueError("one glyph per character expected")
    prefix = [0.0]
    for g in glyphs:
        prefix.append(prefix[-1] + g.width)
    total = prefix[-1]
    if total <= width + 1e-6:
        return [glyphs]
    unit = max(g.width for g in glyphs)
    points = break_points(text)
    good = {i for i in points if text[:i].endswith(_GOOD_AFTER) or text[i:].startswith(("的通知", "的批复", "的函"))}
    n = max(2, math.ceil(total / width - 1e-9))
    tries = [(k, w) for k in range(n, _MAX_LINES + 1) for w in (_WINDOW, 2 * _WINDOW)]
    for n, window in tries:
        best, best_cost = None, math.inf
        for cuts in _candidates(points, prefix, n, unit, window):
            edges = (0, *cuts, len(text))
            widths = [prefix[b] - prefix[a] for a, b in itertools.pairwise(edges)]
            if max(widths) > width + 1e-6:
                continue
            if not shape_ok(widths, unit * 0.5):
                continue
            mean = total / n
            cost = sum(((w - mean) / unit) ** 2 for w in widths) / n
            cost += sum(0.0 if c in good else 1.0 for c in cuts)
            if min(widths) < 2.5 * unit:
                cost += 20.0  # a stub of two characters
            elif min(widths) < max(widths) / 3:
                cost += 4.0  # a line much shorter than the longest
            if cost < best_cost:
                best, best_cost = edges, cost
        if best is not None:
            return [glyphs[a:b] for a, b in itertools.pairwise(best)]
    return _greedy(glyphs, points, prefix, width) or _by_width(glyphs, width)


def _greedy(glyphs: list[Glyph], points: list[int], prefix: list[float], width: float) -> list[list[Glyph]] | None:
    """Very long titles: each line as full as word boundaries allow (no shape asked)."""
    out, start = [], 0
    while prefix[-1] - prefix[start] > width + 1e-6:
        fits = [i for i in points if i > start and prefix[i] - prefix[start] <= width + 1e-6]
        if not fits:
            return None
        out.append(glyphs[start:fits[-1]])
        start = fits[-1]
    out.append(glyphs[start:])
    return out


def _candidates(points: list[int], prefix: list[float], n: int, unit: float, window: float) -> Iterator[tuple[int, ...]]:
    """Cuts for n lines: each near where an even split would put it (within `window`
    characters' width), in order."""
    total = prefix[-1]
    near = [[i for i in points if abs(prefix[i] - total * k / n) <= window * unit] for k in range(1, n)]
    for cuts in itertools.product(*near):
        if all(a < b for a, b in itertools.pairwise(cuts)):
            yield cuts


def _by_width(glyphs: list[Glyph], width: float) -> list[list[Glyph]]:
    """No word-boundary break fits (one enormous word): cut where the line is full."""
    out: list[list[Glyph]] = []
    line: list[Glyph] = []
    used = 0.0
    for g in glyphs:
        if used + g.width > width + 1e-6 and line:
            out.append(line)
            line, used = [], 0.0
        line.append(g)
        used += g.width
    out.append(line)
    return out
