"""The 版头 of the 文件格式 (7.2) and of the 信函格式 (10.1).

Each function draws the header on the first page and returns the grid line on which the
title starts. The 发文机关标志 is red, in the title face, centred, and never wider than the
type area: a longer one is condensed (horizontal scaling), and a joint issue stacks the
names with "文件" to their right, centred against the stack (7.2.4).
"""

from __future__ import annotations

import math

from reportlab.lib.units import mm

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.pagemodel import Page, grid_baseline_mm
from bjstc_desktop.letters.spec import LetterSpec
from bjstc_desktop.letters.typeset import Line, Run, natural_width, set_line, shape, untracked


def solid(runs: list[Run], fonts: FontSet, grid: bool = True) -> Line:
    """Runs set on one line, unjustified: at the grid pitch, or at natural advances."""
    glyphs = shape(runs, fonts)
    if not grid:
        glyphs = untracked(glyphs)
    return set_line(glyphs, natural_width(glyphs), 0.0, False)


def _first_line_at_or_below(top_mm: float) -> int:
    line = 1
    while L.line_top_mm(line) < top_mm - 1e-6:
        line += 1
    return line


def _mark(page: Page, names: tuple[str, ...], suffix: str, top_mm: float, size: float, fonts: FontSet) -> float:
    """Draw the 发文机关标志 with its em top at `top_mm`; returns its bottom (mm)."""
    em_mm = size / mm
    if len(names) == 1:
        line = solid([Run(names[0] + suffix, "title", size)], fonts, grid=False)
        scale = min(1.0, L.AREA_W_PT / line.width)
        x = L.LEFT_PT + (L.AREA_W_PT - line.width * scale) / 2
        page.text(line, x, L.baseline_mm(top_mm, size), L.RED, scale * 100)
        return top_mm + em_mm
    lines = [solid([Run(n, "title", size)], fonts, grid=False) for n in names]
    widest = max(x.width for x in lines)
    lines = [set_line(list(x.glyphs), widest, 0.0, True, max_gap_em=math.inf) for x in lines]  # 分散对齐
    gap_v = L.MARK_LINE_GAP * em_mm
    height = len(names) * em_mm + (len(names) - 1) * gap_v
    tail = solid([Run(suffix, "title", size)], fonts, grid=False) if suffix else None
    gap_h = 0.5 * size if tail else 0.0
    total = widest + gap_h + (tail.width if tail else 0.0)
    scale = min(1.0, L.AREA_W_PT / total)
    x = L.LEFT_PT + (L.AREA_W_PT - total * scale) / 2
    for i, line in enumerate(lines):
        page.text(line, x, L.baseline_mm(top_mm + i * (em_mm + gap_v), size), L.RED, scale * 100)
    if tail is not None:
        tail_top = top_mm + (height - em_mm) / 2
        page.text(tail, x + (widest + gap_h) * scale, L.baseline_mm(tail_top, size), L.RED, scale * 100)
    return top_mm + height


def _corner_items(spec: LetterSpec) -> list[Run]:
    """份号, 密级和保密期限, 紧急程度: top down in this order (7.2.3)."""
    items = []
    if spec.copy_no:
        items.append(Run(spec.copy_no, "fangsong"))
    if spec.secrecy:
        items.append(Run(spec.secrecy, "hei"))
    if spec.urgency:
        items.append(Run(spec.urgency, "hei"))
    return items


def _signer_rows(spec: LetterSpec, fonts: FontSet) -> list[list[tuple[Line, float]]]:
    """签发人 (7.2.6): "签发人：" in 仿宋, the names in 楷体, two a line; a continuation
    line starts under the first name of the line above; the block stands 居右空一字."""
    label = solid([Run("签发人：", "fangsong")], fonts)
    names = [solid([Run(n, "kai")], fonts) for n in spec.signers]
    gap = L.CELL_PT
    lines = [names[i:i + 2] for i in range(0, len(names), 2)]
    widest = max(sum(n.width for n in pair) + gap * (len(pair) - 1) for pair in lines)
    x0 = L.LEFT_PT + L.AREA_W_PT - L.CELL_PT - widest  # where the first name of each line starts
    rows: list[list[tuple[Line, float]]] = []
    for k, pair in enumerate(lines):
        row: list[tuple[Line, float]] = [(label, x0 - label.width)] if k == 0 else []
        x = x0
        for name in pair:
            row.append((name, x))
            x += name.width + gap
        rows.append(row)
    return rows


def document_header(page: Page, spec: LetterSpec, fonts: FontSet, mark_size: float = L.MARK_SIZE_PT) -> float:
    """The 文件格式 header; returns the em top (mm) of the title's first row."""
    for i, run in enumerate(_corner_items(spec)):
        page.on_grid(i + 1, solid([run], fonts))
    bottom = _mark(page, spec.issuer, spec.mark_suffix, L.MARK_TOP_MM, mark_size, fonts)
    top = bottom + 2 * L.LINE_PITCH_MM  # 下空二行: exactly two lines under the mark
    docno = solid([Run(spec.doc_no, "fangsong")], fonts)
    if spec.upward:
        signer_rows = _signer_rows(spec, fonts)
        for i, row in enumerate(signer_rows):
            for line, x in row:
                page.text(line, x, L.baseline_mm(top + i * L.LINE_PITCH_MM, L.SIZE_3))
        top += (len(signer_rows) - 1) * L.LINE_PITCH_MM  # the number stands on the last signer's line
        page.text(docno, L.LEFT_PT + L.CELL_PT, L.baseline_mm(top, L.SIZE_3))  # 居左空一字
    else:
        page.text(docno, L.LEFT_PT + (L.AREA_W_PT - docno.width) / 2, L.baseline_mm(top, L.SIZE_3))
    rule_top = top + L.SIZE_3 / mm + L.RULE_BELOW_DOCNO_MM
    page.rule(L.LEFT_MM, L.RIGHT_MM, rule_top + L.RED_RULE_WIDTH_MM / 2, L.RED_RULE_WIDTH_MM, L.RED)
    return top + 3 * L.LINE_PITCH_MM  # 红色分隔线下空二行: the title three lines under the number


def letter_header(page: Page, spec: LetterSpec, fonts: FontSet, mark_size: float = L.LETTER_MARK_SIZE_PT) -> float:
    """The 信函格式 header (10.1); returns the em top (mm) of the title's first row."""
    bottom = _mark(page, spec.issuer[:1], "", L.LETTER_MARK_TOP_MM, mark_size, fonts)  # host agency only
    x0, x1 = L.LETTER_LINE_LEFT_MM, L.LETTER_LINE_LEFT_MM + L.LETTER_LINE_MM
    thick_top = bottom + L.LETTER_RULE_BELOW_MARK_MM
    page.rule(x0, x1, thick_top + L.LETTER_THICK_MM / 2, L.LETTER_THICK_MM, L.RED)  # 上粗下细
    thin_top = thick_top + L.LETTER_THICK_MM + L.LETTER_PAIR_GAP_MM
    page.rule(x0, x1, thin_top + L.LETTER_THIN_MM / 2, L.LETTER_THIN_MM, L.RED)
    low_bottom = L.PAGE_H_MM - L.LETTER_BOTTOM_LINE_MM  # 上细下粗, 20 mm above the paper bottom
    page.rule(x0, x1, low_bottom - L.LETTER_THICK_MM / 2, L.LETTER_THICK_MM, L.RED)
    low_thin = low_bottom - L.LETTER_THICK_MM - L.LETTER_PAIR_GAP_MM - L.LETTER_THIN_MM / 2
    page.rule(x0, x1, low_thin, L.LETTER_THIN_MM, L.RED)
    first_top = thin_top + L.LETTER_THIN_MM + L.LETTER_ELEMENT_GAP_MM
    items = _corner_items(spec)
    for i, run in enumerate(items):
        top = first_top + i * L.LINE_PITCH_MM
        page.text(solid([run], fonts), L.LEFT_PT, L.baseline_mm(top, L.SIZE_3))
    docno = solid([Run(spec.doc_no, "fangsong")], fonts)
    page.text(docno, L.LEFT_PT + L.AREA_W_PT - docno.width, L.baseline_mm(first_top, L.SIZE_3))
    last_top = first_top + max(len(items) - 1, 0) * L.LINE_PITCH_MM
    return L.line_top_mm(_first_line_at_or_below(last_top + L.SIZE_3 / mm + 2 * L.LINE_PITCH_MM))


__all__ = ["document_header", "grid_baseline_mm", "letter_header", "solid"]
