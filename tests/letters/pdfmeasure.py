"""Measuring a letter the way reference/letters-gbt9704.md §4 does: pdfplumber geometry in
millimetres from the paper's top-left corner, pypdf/pikepdf for the font objects.

pdfplumber's `top`/`bottom` of a character come from the font's ascent and descent, not
its em box, so positions here are taken from the text matrix: the baseline is
`page.height - matrix[5]`, and the em box spans 0.88 em above to 0.12 em below it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pdfplumber

MM = 72 / 25.4
CLOSING = "，。、；：！？”’）》〉」』】〕…"
OPENING = "“‘（《〈「『【〔"


def mm(points: float) -> float:
    """Points to millimetres."""
    return points / MM


def open_pdf(data: bytes) -> pdfplumber.PDF:
    """A pdfplumber document from bytes."""
    return pdfplumber.open(io.BytesIO(data))


def size_pt(char: dict[str, Any]) -> float:
    """The character's font size in points, rounded against float noise."""
    return round(float(char["size"]), 3)


def baseline_mm(page: Any, char: dict[str, Any]) -> float:
    """Baseline of `char`, mm from the paper's top edge."""
    return mm(page.height - char["matrix"][5])


def em_top_mm(page: Any, char: dict[str, Any]) -> float:
    """Top of the em box of `char`, mm from the paper's top edge."""
    return baseline_mm(page, char) - 0.88 * mm(size_pt(char))


def em_bottom_mm(page: Any, char: dict[str, Any]) -> float:
    """Bottom of the em box of `char`, mm from the paper's top edge."""
    return baseline_mm(page, char) + 0.12 * mm(size_pt(char))


@dataclass
class TextLine:
    """Characters sharing a baseline."""

    baseline: float  # mm from the top
    chars: list[dict[str, Any]]

    @property
    def text(self) -> str:
        """The characters left to right."""
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        """Left edge of the first character's box, mm."""
        return mm(self.chars[0]["x0"])

    @property
    def x1(self) -> float:
        """Right edge of the last character's box, mm."""
        return mm(self.chars[-1]["x1"])

    def cells(self) -> float:
        """Grid cells taken: a full-width character is one, a half-width one a half."""
        return sum(1.0 if (c["x1"] - c["x0"]) > 0.7 * size_pt(c) else 0.5 for c in self.chars)


def text_lines(page: Any, size: float | None = 16.0, top: float = 0.0, bottom: float = 297.0) -> list[TextLine]:
    """Lines of `size` (None: any) whose baselines lie between `top` and `bottom` (mm)."""
    groups: dict[float, list[dict[str, Any]]] = {}
    for c in page.chars:
        if c["text"].isspace() or (size is not None and abs(size_pt(c) - size) > 0.01):
            continue
        b = baseline_mm(page, c)
        if top <= b <= bottom:
            key = next((k for k in groups if abs(k - b) < 0.2), b)
            groups.setdefault(key, []).append(c)
    return [TextLine(b, sorted(cs, key=lambda c: c["x0"])) for b, cs in sorted(groups.items())]


@dataclass
class Rule:
    """A stroked horizontal line, mm."""

    x0: float
    x1: float
    centre: float  # from the paper top
    width: float  # stroke width
    colour: tuple[float, ...]

    @property
    def top_edge(self) -> float:
        """The stroke's upper edge."""
        return self.centre - self.width / 2

    @property
    def bottom_edge(self) -> float:
        """The stroke's lower edge."""
        return self.centre + self.width / 2

    @property
    def red(self) -> bool:
        """Pure red (DeviceRGB 1 0 0)."""
        return tuple(round(v, 3) for v in self.colour) == (1.0, 0.0, 0.0)


def rules(page: Any) -> list[Rule]:
    """Every horizontal line on the page, top down."""
    found = [Rule(mm(ln["x0"]), mm(ln["x1"]), mm(ln["top"]), mm(ln["linewidth"]), tuple(ln["stroking_color"] or ()))
             for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.01]
    return sorted(found, key=lambda r: r.centre)


def red_chars(page: Any) -> list[dict[str, Any]]:
    """Characters filled in pure red."""
    return [c for c in page.chars if tuple(round(v, 3) for v in (c["non_stroking_color"] or ())) == (1.0, 0.0, 0.0)]


def find_line(lines: list[TextLine], needle: str) -> TextLine:
    """The first line containing `needle`."""
    for line in lines:
        if needle in line.text:
            return line
    raise AssertionError(f"{needle!r} not found in {[x.text for x in lines]}")


def all_lines(pdf: pdfplumber.PDF, size: float | None = 16.0) -> Iterator[tuple[int, TextLine]]:
    """(page number, line) of every page."""
    for n, page in enumerate(pdf.pages, start=1):
        for line in text_lines(page, size):
            yield n, line
