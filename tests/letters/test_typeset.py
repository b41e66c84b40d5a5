"""The grid typesetter on its own: 28 cells a line, justified full lines, 避头尾, half-width
runs kept whole, heading faces, balanced titles."""

from __future__ import annotations

import pytest

from bjstc_desktop.letters.compose import body_runs
from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.layout import AREA_W_PT, CELL_PT
from bjstc_desktop.letters.spec import Paragraph
from bjstc_desktop.letters.titles import title_lines
from bjstc_desktop.letters.typeset import (
    CLOSING,
    OPENING,
    Run,
    justifiable,
    set_paragraph,
    set_runs,
    shape,
)
from tests.letters.conftest import DENSE


def _lines(text: str, fonts: FontSet, indent: int = 2):  # type: ignore[no-untyped-def]
    return set_paragraph(shape([Run(text)], fonts), AREA_W_PT, indent * CELL_PT)


def test_a_plain_paragraph_has_28_cells_a_line_and_full_lines_fill_the_type_area(fonts: FontSet) -> None:
    lines = _lines("科技创新" * 30, fonts, indent=0)
    assert [len(ln.glyphs) for ln in lines] == [28, 28, 28, 28, 8]
    for line in lines[:-1]:
        assert line.justified and line.width == pytest.approx(AREA_W_PT, abs=1e-6)
    assert not lines[-1].justified and lines[-1].width == pytest.approx(8 * CELL_PT)


def test_the_first_line_is_indented_two_cells_and_continuations_are_flush_left(fonts: FontSet) -> None:
    lines = _lines("科技创新" * 10, fonts)
    assert lines[0].xs[0] == pytest.approx(2 * CELL_PT) and len(lines[0].glyphs) == 26
    assert lines[1].xs[0] == 0.0


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(fonts: FontSet) -> None:
    lines = _lines(DENSE * 3, fonts)
    assert len(lines) > 20
    for line in lines[1:]:
        assert line.text[0] not in CLOSING, line.text
    for line in lines[:-1]:
        assert line.text[-1] not in OPENING, line.text
        # pushed-out lines are stretched, unless a gap would grow too wide (then ragged)
        assert line.width == pytest.approx(AREA_W_PT, abs=1e-6) or not justifiable(list(line.glyphs), AREA_W_PT, 0.0)
    assert any(sum(1 if g.full else 0.5 for g in ln.glyphs) < 27.5 for ln in lines[1:-1])  # the rule acted


def test_a_comma_that_would_start_a_line_pulls_the_previous_character_down(fonts: FontSet) -> None:
    lines = _lines("科" * 28 + "，技术", fonts, indent=0)
    assert lines[0].text == "科" * 27 and lines[1].text == "科，技术"
    lines = _lines("科" * 27 + "（技术）", fonts, indent=0)
    assert lines[0].text == "科" * 27 and lines[1].text.startswith("（")


def test_a_line_before_a_run_that_will_not_fit_never_holds_a_single_character(fonts: FontSet) -> None:
    # Issue 14 (stress letter 1994): an 11-cell table cell wrapped "…冰雪科技|园，|9111…" with
    # "园，" alone on a middle line; the line above gives a character to it, as on a last line.
    text = "朝阳区延庆区冰雪科技园，91110000600037341L"
    cell = [ln.text for ln in set_runs([Run(text)], fonts, 11 * CELL_PT, justify=False)]
    assert "".join(cell) == text
    assert cell == ["朝阳区延庆区冰雪科", "技园，", "91110000600037341L"]
    # The same in a justified paragraph whose unbreakable run cannot share the line.
    lines = set_runs([Run("科" * 27 + "技，" + "A" * 60)], fonts, AREA_W_PT)
    body = [ln.text for ln in lines]
    assert "".join(body) == "科" * 27 + "技，" + "A" * 60
    assert all(sum(1 for c in t if c not in CLOSING) >= 2 for t in body), body
    # and a run wider than the line is cut, even as the paragraph's last piece
    assert all(ln.width <= AREA_W_PT + 1e-6 for ln in lines), [ln.width for ln in lines]


def test_dashes_ellipses_and_half_width_runs_are_never_split(fonts: FontSet) -> None:
    text = "科" * 27 + "——" + "技" * 26 + "……" + "术" * 24 + "20260305号"
    lines = _lines(text, fonts, indent=0)
    joined = [ln.text for ln in lines]
    assert "".join(joined) == text
    for a, b in zip(joined, joined[1:], strict=False):
        assert not (a.endswith("—") and b.startswith("—"))
        assert not (a.endswith("…") and b.startswith("…"))
        assert not (a[-1].isdigit() and b[0].isdigit())


def test_half_width_characters_take_their_measured_width(fonts: FontSet) -> None:
    glyphs = shape([Run("2026年ABC")], fonts)
    digits = [g for g in glyphs if g.ch.isascii()]
    assert all(not g.full and g.width == g.advance < 0.75 * 16 for g in digits)
    assert [g.full for g in glyphs if not g.ch.isascii()] == [True]


@pytest.mark.parametrize(("text", "faces"), [
    ("一、总体要求。正文继续。", ["hei", "fangsong"]),
    ("（二）工作安排", ["kai"]),
    ("3.材料要求。", ["fangsong"]),
    ("（4）其他事项。", ["fangsong"]),
    ("普通段落。", ["fangsong"]),
])
def test_heading_levels_are_set_in_their_faces(text: str, faces: list[str]) -> None:
    assert [r.role for r in body_runs(Paragraph(text))] == faces


def test_a_heading_face_is_really_used_for_its_characters(fonts: FontSet) -> None:
    glyphs = shape(body_runs(Paragraph("一、总体要求。正文")), fonts)
    assert glyphs[0].font == fonts.rl_name("hei") and glyphs[-1].font == fonts.rl_name("fangsong")
    glyphs = shape(body_runs(Paragraph("（一）工作安排")), fonts)
    assert {g.font for g in glyphs} == {fonts.rl_name("kai")}


def test_a_long_title_breaks_into_balanced_lines_without_splitting_a_number(fonts: FontSet) -> None:
    lines = title_lines("北京市科学技术委员会关于印发《北京市技术合同认定登记管理办法》（京科发〔2026〕12号）的通知", fonts)
    assert len(lines) == 3
    assert all(ln.width <= AREA_W_PT for ln in lines)
    texts = [ln.text for ln in lines]
    assert not any(t[0] in CLOSING for t in texts[1:]) and not any(t[-1] in OPENING for t in texts[:-1])
    assert any("〔2026〕12号" in t for t in texts)
    widths = [ln.width for ln in lines]
    assert max(widths) - min(widths) < 8 * CELL_PT  # balanced, not one long line and a stub
