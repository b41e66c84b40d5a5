"""The numbers of GB/T 9704-2012, in millimetres, and their reportlab equivalents.

Every position in a letter derives from these (reference/letters-gbt9704.md §1):
A4; 天头 37 mm; 订口 28 mm; 版心 156 x 225 mm; 22 lines of 28 characters of 3号 (16 pt)
that fill the type area, so the grid pitch is 225/22 mm down and 156/28 mm across.

Vertical positions are measured from the top of the paper, as the standard and a ruler
do; `y_pt` turns them into reportlab's bottom-up points. The "em top" of a line is the
top of the ideographic em box, which sits 0.88 em above the baseline in the bundled
fonts (typo ascender 880 of 1000) and within 0.02 em of it in the licensed ones.
"""

from __future__ import annotations

from reportlab.lib.units import mm

PAGE_W_MM = 210.0
PAGE_H_MM = 297.0
TOP_MM = 37.0  # 天头 (5.2.1)
LEFT_MM = 28.0  # 订口 (5.2.1)
AREA_W_MM = 156.0  # 版心 width
AREA_H_MM = 225.0  # 版心 height
RIGHT_MM = LEFT_MM + AREA_W_MM  # 184 mm: the right edge of the type area
BOTTOM_MM = TOP_MM + AREA_H_MM  # 262 mm: the bottom edge of the type area
LINES = 22  # 5.2.3
CHARS = 28
LINE_PITCH_MM = AREA_H_MM / LINES  # 10.227 mm
CELL_MM = AREA_W_MM / CHARS  # 5.571 mm

# Font sizes (号 → pt, as Word and WPS use them).
SIZE_2 = 22.0  # 二号: title
SIZE_3 = 16.0  # 三号: almost everything
SIZE_4 = 14.0  # 四号: 版记, folio
EM_ASCENT = 0.88  # em-box top above the baseline, in em
EM_DESCENT = 0.12

# Adjusting 行距 and 字距 (7.3.5.5 allows it "when the space left cannot take the seal
# and the date"; 5.2.3 wants the lines to 撑满版心 and allows "适当调整" in special cases;
# neither gives numbers, so these are ours, as Word's 紧缩/加宽 1 磅 and a page of 20-27
# lines): used to keep the 署名 with the body, to avoid widows, orphans, holes and a
# paragraph ending on one character. The usual limits come first; the last-resort ones
# only where nothing else keeps every rule (flow.py prices them so).
TRACK_TIGHT_PT = 1.0  # a 3号 character's cell may narrow by this much ...
TRACK_LOOSE_PT = 1.0  # ... or widen by this much
TRACK_LOOSE_MAX_PT = 1.5  # ... and in the last resort widen by this much (a paragraph that must part 2 + 2)
MIN_PAGE_LINES = 20  # a full page may hold two lines fewer (looser) ...
MAX_PAGE_LINES = 31  # ... or more (tighter) than the grid's 22, down to the pitch below
USUAL_MIN_PITCH_RATIO = 0.8  # the line pitch stays within 80 % (23.2 pt: 1.45 x the 16 pt text) ...
MIN_PITCH_RATIO = 0.69  # ... and only where nothing else keeps the rules, 69 % (20 pt: 1.25 x the text)
USUAL_MAX_PITCH_RATIO = 1.15  # ... and 115 % of the grid's 28.99 pt (33.3 pt) ...
MAX_PITCH_RATIO = 1.3  # ... and in the last resort 130 % (37.7 pt, less than Word's 2倍行距 of 3号):
# a page whose text goes on is spread to fill the type area (撑满版心) rather than left with a hole
MAX_HOLE_LINES = 2  # empty lines a page may leave at its foot when the text goes on
MAX_JUSTIFY_EM = 0.18  # a justified gap never grows by more than this (well under half a character,
# and under the 3 pt at which text extraction would see a word space)

# 版头 (7.2)
MARK_TOP_MM = TOP_MM + 35.0  # 发文机关标志: top edge 35 mm below the type area's top
MARK_SIZE_PT = 36.0  # the issuer's choice; condensed when wider than the type area
MARK_LINE_GAP = 0.15  # between stacked joint names, in em
RULE_BELOW_DOCNO_MM = 4.0  # red rule 4 mm below the 发文字号 (7.2.7)
RED_RULE_WIDTH_MM = 0.5  # thickness is not in the standard; 0.35-0.5 mm in practice

# 信函格式 (10.1)
LETTER_MARK_TOP_MM = 30.0
LETTER_MARK_SIZE_PT = 30.0
LETTER_LINE_MM = 170.0  # both red double lines, centred on the type area
LETTER_LINE_LEFT_MM = LEFT_MM + (AREA_W_MM - LETTER_LINE_MM) / 2  # 21 mm
LETTER_RULE_BELOW_MARK_MM = 4.0
LETTER_BOTTOM_LINE_MM = 20.0  # lower edge of the second pair above the paper bottom
LETTER_THICK_MM = 1.5 / 72 * 25.4  # 1.5 pt over 0.75 pt with 0.1 mm between (practice)
LETTER_THIN_MM = 0.75 / 72 * 25.4
LETTER_PAIR_GAP_MM = 0.5
LETTER_ELEMENT_GAP_MM = SIZE_3 * 7 / 8 / 72 * 25.4  # 7/8 of a 3号 character: 4.94 mm

# 版记 (7.4) and folio (7.5)
COLOPHON_THICK_MM = 0.35
COLOPHON_THIN_MM = 0.25
FOLIO_GAP_MM = 7.0  # the folio's top 7 mm below the type area
FOLIO_INSET_MM = SIZE_4 / 72 * 25.4  # 空一字 of 4号: 4.94 mm
FOLIO_DASH = "\u2014"  # 一字线: always U+2014 (FandolFang lacks U+2015)

# Signature block (7.3.5.1): date 右空四字; the seal space above the 署名 is left blank.
DATE_RIGHT_CELLS = 4
SEAL_BLANK_LINES = 2

RED = (1.0, 0.0, 0.0)  # DeviceRGB under the sRGB output intent (PDF/A)
BLACK = (0.0, 0.0, 0.0)


def pt(value_mm: float) -> float:
    """Millimetres to PDF points."""
    return value_mm * mm


def y_pt(from_top_mm: float) -> float:
    """A distance from the paper's top edge (mm) as reportlab's y (points from the bottom)."""
    return (PAGE_H_MM - from_top_mm) * mm


def line_top_mm(line: int) -> float:
    """The em top of grid line `line` (1-based) of the type area, from the paper top."""
    return TOP_MM + (line - 1) * LINE_PITCH_MM


def baseline_mm(em_top_mm: float, size_pt: float) -> float:
    """The baseline of text of `size_pt` whose em box starts at `em_top_mm`."""
    return em_top_mm + EM_ASCENT * size_pt / mm


CELL_PT = pt(CELL_MM)
AREA_W_PT = pt(AREA_W_MM)
LEFT_PT = pt(LEFT_MM)
