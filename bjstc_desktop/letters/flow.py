"""Rows on the grid and their flow over pages, and the breaking of titles.

Every element of the 主体 takes whole grid lines (22 a page). Rows joined by
`keep_with_next` move to the next page together: that is how the 署名 and 成文日期
always share a page with the last lines of the body (7.3.5.5: "此页无正文" is not allowed)
and how a heading never ends a page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.pagemodel import Page
from bjstc_desktop.letters.typeset import (
    CLOSING,
    OPENING,
    Glyph,
    Line,
    Run,
    set_line,
    set_paragraph,
    shape,
)


@dataclass(frozen=True)
class Row:
    """One grid line of the flow; `line` None is a blank line."""

    line: Line | None
    x_pt: float = L.LEFT_PT
    keep_with_next: bool = False
    colour: tuple[float, float, float] = L.BLACK


BLANK = Row(None)


def paragraph_rows(runs: list[Run], fonts: FontSet, first_indent_cells: float = 2, rest_indent: float = 0.0,
                   width: float = L.AREA_W_PT, x_pt: float = L.LEFT_PT) -> list[Row]:
    """A paragraph set on the grid: first line indented, full lines justified."""
    lines = set_paragraph(shape(runs, fonts), width, first_indent_cells * L.CELL_PT, rest_indent)
    return [Row(line, x_pt) for line in lines]


def centred_rows(lines: list[Line]) -> list[Row]:
    """Lines centred in the type area (titles)."""
    return [Row(line, L.LEFT_PT + (L.AREA_W_PT - line.width) / 2) for line in lines]


class Flow:
    """Places rows on pages, from a starting grid line of the first page."""

    def __init__(self, pages: list[Page], start_line: int) -> None:
        self.pages = pages
        self.line = start_line
        self.page_start = start_line

    @property
    def page(self) -> Page:
        """The page being filled."""
        return self.pages[-1]

    def new_page(self) -> None:
        """Continue on a fresh page."""
        self.pages.append(Page())
        self.line = self.page_start = 1

    def place(self, rows: list[Row]) -> None:
        """Place rows, keeping each `keep_with_next` chain on one page when it fits."""
        for chunk in _chunks(rows):
            fits = self.line + len(chunk) - 1 <= L.LINES
            if not fits and self.line > self.page_start and len(chunk) <= L.LINES:
                self.new_page()
            for row in chunk:
                if self.line > L.LINES:
                    self.new_page()
                if row.line is None and self.line == self.page_start and self.line == 1:
                    continue  # a blank never opens a page
                if row.line is not None:
                    self.page.on_grid(self.line, row.line, row.x_pt, row.colour)
                self.line += 1

    def lines_left(self) -> int:
        """Free grid lines left on the current page."""
        return L.LINES - self.line + 1


def _chunks(rows: list[Row]) -> list[list[Row]]:
    chunks: list[list[Row]] = []
    current: list[Row] = []
    for row in rows:
        current.append(row)
        if not row.keep_with_next:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return chunks


def keep_last(rows: list[Row], n: int) -> list[Row]:
    """Mark the last `n` rows to stay with what follows them."""
    out = list(rows)
    for i in range(max(0, len(out) - n), len(out)):
        r = out[i]
        out[i] = Row(r.line, r.x_pt, True, r.colour)
    return out


# ----- titles -------------------------------------------------------------------------------
_GOOD_AFTER = "的和与及、，》）”"
_GOOD_ENDINGS = ("会议", "时期", "关于", "印发", "做好")
# Words a title line should not end inside (a break costs as much as an unbalanced line).
_WORDS = frozenset("国际 科技 创新 技术 合同 管理 办法 规划 建设 中心 会议 认定 登记 工作 北京 通知 "
                   "有关 事项 项目 单位 企业 机构 资金 经费 政策 实施 意见 方案 计划 发展 研究 服务 "
                   "支持 专项 公司 申请 批复 决定 答复 建议 提案 资格 评审 验收 高新 人才 专家".split())
_PROTECT = (("《", "》"), ("〔", "〕"), ("“", "”"), ("（", "）"))


def _protected(text: str) -> set[int]:
    """Break positions inside 《》, 〔〕, “”, （） or a half-width run (not allowed)."""
    banned: set[int] = set()
    for open_, close in _PROTECT:
        start = text.find(open_)
        while start >= 0:
            end = text.find(close, start + 1)
            if end < 0:
                break
            if end - start <= 16:  # a long book title may break inside, a number never
                banned.update(range(start + 1, end + 1))
            start = text.find(open_, end + 1)
    for i in range(1, len(text)):
        if text[i - 1].isascii() and text[i].isascii() and text[i - 1].isalnum() and text[i].isalnum():
            banned.add(i)
    return banned


def title_lines(text: str, fonts: FontSet, size: float = L.SIZE_2, width: float = L.AREA_W_PT) -> list[Line]:
    """The title (2号小标宋) in as few lines as fit, balanced so the lines form a 梯形:
    none longer than the one above, breaks after 的/和/、 preferred, never inside a
    document number or a short book title, never against the 避头尾 rules."""
    glyphs = shape([Run(text, "title", size)], fonts)
    total = sum(g.width for g in glyphs)
    n = max(1, math.ceil(total / width - 1e-9))
    pieces = _split_balanced(glyphs, text, n, width) if n > 1 else [glyphs]
    return [set_line(p, sum(g.width for g in p), 0.0, False) for p in pieces]


def _split_balanced(glyphs: list[Glyph], text: str, n: int, width: float) -> list[list[Glyph]]:
    banned = _protected(text)
    widths = [g.width for g in glyphs]
    unit = max(widths)  # one character of the title's size: costs are counted in characters
    out: list[list[Glyph]] = []
    start = 0
    for remaining in range(n, 1, -1):
        rest = sum(widths[start:])
        target = rest / remaining
        best, best_cost = None, math.inf
        used = 0.0
        for i in range(start + 1, len(glyphs)):
            used += widths[i - 1]
            if used > width + 1e-6:
                break
            if i in banned or text[i] in CLOSING or text[i - 1] in OPENING:
                continue
            if rest - used > width * (remaining - 1) + 1e-6:
                continue
            cost = abs(used - target) / unit + (0.6 if used < target else 0.0)
            cost -= 1.2 if text[i - 1] in _GOOD_AFTER else (1.5 if text[:i].endswith(_GOOD_ENDINGS) else 0.0)
            cost += 1.5 if text[i - 1:i + 1] in _WORDS else 0.0
            cost += 2.0 if text[i - 1].isdigit() else 0.0  # never between a number and its unit
            if i >= 2 and text[i - 2].isdigit() and text[i - 1] in "年月日号" and text[i] in "度底初份":
                cost += 2.0  # keep 2026年度 whole
            if cost < best_cost:
                best, best_cost = i, cost
        if best is None:
            best = start + max(1, int(width // unit))
        out.append(glyphs[start:best])
        start = best
    out.append(glyphs[start:])
    return out
