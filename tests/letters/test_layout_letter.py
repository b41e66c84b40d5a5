"""The 信函格式 (GB/T 9704-2012 §10.1) measured in the PDF: the mark 30 mm from the top,
170 mm red double lines (thick over thin 4 mm under the mark, thin over thick 20 mm
above the bottom edge), the 发文字号 flush right, no folio on page 1, a 版记 without rules."""

from __future__ import annotations

import pytest

from tests.letters.pdfmeasure import (
    em_bottom_mm,
    em_top_mm,
    find_line,
    mm,
    open_pdf,
    red_chars,
    rules,
    text_lines,
)

PITCH = 225 / 22


@pytest.fixture(scope="module")
def pdf(letter_pdf: bytes):  # type: ignore[no-untyped-def]
    return open_pdf(letter_pdf)


def test_the_mark_is_30_mm_from_the_top_and_centred(pdf) -> None:  # type: ignore[no-untyped-def]
    page = pdf.pages[0]
    mark = red_chars(page)
    assert "".join(c["text"] for c in mark) == "北京市科学技术委员会"  # no 文件 in a 函
    assert min(em_top_mm(page, c) for c in mark) == pytest.approx(30.0, abs=0.3)
    x0, x1 = mm(min(c["x0"] for c in mark)), mm(max(c["x1"] for c in mark))
    assert (x0 + x1) / 2 == pytest.approx(106.0, abs=0.3)


def test_two_red_double_lines_of_170_mm(pdf) -> None:  # type: ignore[no-untyped-def]
    page = pdf.pages[0]
    red = [r for r in rules(page) if r.red]
    assert len(red) == 4
    for r in red:
        assert r.x0 == pytest.approx(21.0, abs=0.05) and r.x1 - r.x0 == pytest.approx(170.0, abs=0.05)
    upper_thick, upper_thin, lower_thin, lower_thick = red
    assert upper_thick.width > upper_thin.width  # 上粗下细
    assert lower_thick.width > lower_thin.width and lower_thin.centre < lower_thick.centre  # 上细下粗
    mark_bottom = max(em_bottom_mm(page, c) for c in red_chars(page))
    assert upper_thick.top_edge - mark_bottom == pytest.approx(4.0, abs=0.3)
    assert lower_thick.bottom_edge == pytest.approx(297 - 20, abs=0.3)


def test_number_right_under_the_lines_and_title_two_lines_below(pdf) -> None:  # type: ignore[no-untyped-def]
    page = pdf.pages[0]
    thin = [r for r in rules(page) if r.red][1]
    docno = find_line(text_lines(page), "京科函〔2026〕7号")
    assert docno.x1 == pytest.approx(184.0, abs=0.1)  # flush right
    assert em_top_mm(page, docno.chars[0]) - thin.bottom_edge == pytest.approx(16 * 7 / 8 / 72 * 25.4, abs=0.3)
    title = text_lines(page, 22)[0]
    assert title.text == "关于商请支持技术合同认定登记工作的函"
    assert em_top_mm(page, title.chars[0]) - em_bottom_mm(page, docno.chars[0]) >= 2 * PITCH - 1.9


def test_no_folio_on_the_first_page_and_folios_after_it(pdf) -> None:  # type: ignore[no-untyped-def]
    assert text_lines(pdf.pages[0], 14, top=262) == []
    assert len(pdf.pages) >= 2
    for n, page in enumerate(pdf.pages[1:], start=2):
        folio = text_lines(page, 14, top=262)
        assert [f.text for f in folio] == [f"—{n}—"]


def test_the_colophon_of_a_letter_has_no_rules_and_no_printer(pdf) -> None:  # type: ignore[no-untyped-def]
    last = pdf.pages[-1]
    assert [r for r in rules(last) if not r.red] == []
    lines = text_lines(last, 14, bottom=262)
    assert [ln.text for ln in lines] == ["抄送：市财政局。"]
    assert em_bottom_mm(last, lines[0].chars[0]) <= 262.0
    assert lines[0].baseline > 250  # at the bottom of the type area
    assert "印发" not in "".join(c["text"] for c in last.chars)


def test_body_lines_keep_the_grid_on_page_two(pdf) -> None:  # type: ignore[no-untyped-def]
    lines = text_lines(pdf.pages[1], 16)
    assert len(lines) == 22
    assert em_top_mm(pdf.pages[1], lines[0].chars[0]) == pytest.approx(37.0, abs=0.05)
    assert all(b.baseline - a.baseline == pytest.approx(PITCH, abs=0.01) for a, b in zip(lines, lines[1:], strict=False))
