"""The 文件格式 measured in the PDF (reference §4): every element where GB/T 9704-2012 puts it.

Numbers: A4 210 x 297 mm; type area 28-184 mm across, 37-262 mm down; 22 lines at
225/22 = 10.227 mm; 28 cells of 156/28 mm; mark top 72 mm; red rule 4 mm under the
发文字号; 版记 rules 0.35/0.25 mm, the last on 262 mm; folio 7 mm under the type area,
odd pages right (x1 = 184 - 4.94 mm), even pages left (x0 = 28 + 4.94 mm).
"""

from __future__ import annotations

import re

import pytest

from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.render import render_pdf
from bjstc_desktop.letters.spec import Paragraph
from tests.letters.conftest import document_spec
from tests.letters.pdfmeasure import (
    CLOSING,
    OPENING,
    all_lines,
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
CELL = 156 / 28


@pytest.fixture(scope="module")
def pdf(document_pdf: bytes):  # type: ignore[no-untyped-def]
    return open_pdf(document_pdf)


def test_every_page_is_a4(pdf) -> None:  # type: ignore[no-untyped-def]
    for page in pdf.pages:
        assert mm(page.width) == pytest.approx(210, abs=0.01) and mm(page.height) == pytest.approx(297, abs=0.01)


def test_the_red_mark_starts_35_mm_below_the_type_area_and_stays_inside_it(pdf) -> None:  # type: ignore[no-untyped-def]
    page = pdf.pages[0]
    mark = red_chars(page)
    assert "".join(c["text"] for c in mark) == "北京市科学技术委员会文件"
    assert min(em_top_mm(page, c) for c in mark) == pytest.approx(72.0, abs=0.3)  # 37 + 35
    x0, x1 = mm(min(c["x0"] for c in mark)), mm(max(c["x1"] for c in mark))
    assert 28.0 - 0.05 <= x0 and x1 <= 184.0 + 0.05
    assert (x0 + x1) / 2 == pytest.approx(106.0, abs=0.3)  # centred on the type area
    assert all("NotoSerifSC-Bold" in c["fontname"] for c in mark)


def test_copy_number_secrecy_and_urgency_stack_in_the_top_left_corner(pdf) -> None:  # type: ignore[no-untyped-def]
    page = pdf.pages[0]
    top = text_lines(page, 16, bottom=70)
    assert [ln.text for ln in top] == ["000001", "机密★10年", "特急"]
    for i, line in enumerate(top):
        assert em_top_mm(page, line.chars[0]) == pytest.approx(37 + i * PITCH, abs=0.05)
        assert line.x0 == pytest.approx(28.0, abs=0.1)
    assert "WenQuanYi" in top[1].chars[0]["fontname"] and "WenQuanYi" in top[2].chars[0]["fontname"]  # 黑体


def test_the_red_rule_is_156_mm_wide_and_4_mm_under_the_document_number(pdf) -> None:  # type: ignore[no-untyped-def]
    page = pdf.pages[0]
    docno = find_line(text_lines(page), "京科发〔2026〕12号")
    assert re.fullmatch(r"[^〔〕]+〔\d{4}〕[1-9]\d*号", docno.text)
    assert (docno.x0 + docno.x1) / 2 == pytest.approx(106.0, abs=0.3)  # centred
    mark_bottom = max(em_bottom_mm(page, c) for c in red_chars(page))
    assert em_top_mm(page, docno.chars[0]) - mark_bottom >= 2 * PITCH - 0.01  # 下空二行
    red = [r for r in rules(page) if r.red]
    assert len(red) == 1
    rule = red[0]
    assert rule.x0 == pytest.approx(28.0, abs=0.05) and rule.x1 == pytest.approx(184.0, abs=0.05)
    assert rule.top_edge - em_bottom_mm(page, docno.chars[0]) == pytest.approx(4.0, abs=0.3)
    assert 0.3 <= rule.width <= 0.6


def test_title_two_lines_under_the_rule_and_addressee_one_line_under_the_title(pdf) -> None:  # type: ignore[no-untyped-def]
    page = pdf.pages[0]
    docno = find_line(text_lines(page), "京科发")
    titles = text_lines(page, 22)
    assert [t.text for t in titles] == ["北京市科学技术委员会关于做好", "2026年度技术合同认定登记工作的通知"]
    assert titles[0].baseline - docno.baseline == pytest.approx(3 * PITCH, abs=0.05)
    for t in titles:
        assert (t.x0 + t.x1) / 2 == pytest.approx(106.0, abs=0.4)
        assert all("NotoSerifSC-Bold" in c["fontname"] for c in t.chars)
    addressee = find_line(text_lines(page), "各区科学技术")
    assert addressee.baseline - titles[-1].baseline == pytest.approx(2 * PITCH, abs=0.05)
    assert addressee.x0 == pytest.approx(28.0, abs=0.1) and addressee.text.endswith("：")


def test_a_full_page_has_22_baselines_10_227_mm_apart(fonts: FontSet) -> None:
    long = document_spec(body=(Paragraph("为深入实施创新驱动发展战略，加快建设北京国际科技创新中心。" * 60),),
                         attachments=(), attachment_notes=())
    page = open_pdf(render_pdf(long, fonts, pdfa=False).pdf).pages[1]
    lines = text_lines(page, 16)
    assert len(lines) == 22
    steps = [b.baseline - a.baseline for a, b in zip(lines, lines[1:], strict=False)]
    assert all(s == pytest.approx(PITCH, abs=0.01) for s in steps)
    assert em_top_mm(page, lines[0].chars[0]) == pytest.approx(37.0, abs=0.05)
    assert em_bottom_mm(page, lines[-1].chars[0]) <= 262.0


def test_lines_have_at_most_28_cells_and_full_lines_fill_the_type_area(pdf) -> None:  # type: ignore[no-untyped-def]
    body = [(n, ln) for n, ln in all_lines(pdf) if 37 < ln.baseline < 262 and n < 5]
    assert len(body) > 50
    full = 0
    for _n, line in body:
        # 28 cells (a squeezed mark lets a 29th in); in a tightened paragraph (字距 -1 pt) the
        # glyph boxes, centred in their cells, may pass the cell's edges by 0.6 pt
        assert line.x0 >= 28.0 - 0.25
        assert line.x1 <= 184.0 + 0.25
        if line.x1 > 183.0:
            full += 1
            assert line.x1 == pytest.approx(184.0, abs=0.5)
    assert full > 25


def test_paragraphs_indent_two_cells(pdf) -> None:  # type: ignore[no-untyped-def]
    first = find_line(text_lines(pdf.pages[0]), "为深入实施")
    assert first.x0 == pytest.approx(28 + 2 * CELL, abs=0.1)
    heading = find_line(text_lines(pdf.pages[0]), "一、工作目标")
    assert heading.x0 == pytest.approx(28 + 2 * CELL, abs=0.1)
    assert "WenQuanYi" in heading.chars[0]["fontname"]  # 一、 in 黑体
    kai = find_line(text_lines(pdf.pages[0]), "明确登记范围")
    assert "LXGWWenKai" in kai.chars[0]["fontname"]  # （一） in 楷体


def test_line_start_and_line_end_rules_hold_in_the_punctuation_dense_paragraph(pdf) -> None:  # type: ignore[no-untyped-def]
    lines = [ln for _n, ln in all_lines(pdf)]
    dense = [ln for ln in lines if any(m in ln.text for m in ("“甲”", "《办法》", "——", "……", "253号"))]
    assert len(dense) >= 5
    for line in lines:
        assert line.text[0] not in CLOSING, line.text
        assert line.text[-1] not in OPENING, line.text


def test_signature_and_date_share_a_page_with_the_last_body_lines(pdf) -> None:  # type: ignore[no-untyped-def]
    found = [(n, ln) for n, ln in all_lines(pdf) if ln.text in ("北京市科学技术委员会", "2026年3月5日")]
    assert [ln.text for _n, ln in found] == ["北京市科学技术委员会", "2026年3月5日"]
    page_no = found[0][0]
    page = pdf.pages[page_no - 1]
    body = [ln for ln in text_lines(page) if ln.baseline < found[0][1].baseline]
    assert any(ln.text == "特此通知。" for ln in body)  # 正文 on the signature's page
    date = found[1][1]
    assert re.fullmatch(r"\d{4}年[1-9]\d?月[1-9]\d?日", date.text)  # no padding zeros
    assert date.x1 == pytest.approx(184 - 4 * CELL, abs=0.3)  # 右空四字
    sig = found[0][1]
    assert (sig.x0 + sig.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=0.3)  # 署名 centred over the date
    notes = find_line(text_lines(page), "附件：")
    assert date.baseline - notes.baseline >= 3 * PITCH - 0.01  # room for the seal, within a line of the text
    note = find_line(text_lines(page), "（此件公开发布）")
    assert note.baseline - date.baseline == pytest.approx(PITCH, abs=0.05)
    assert note.x0 == pytest.approx(28 + 2 * CELL, abs=0.1)


def test_attachment_notes_align_their_wrapped_names(pdf) -> None:  # type: ignore[no-untyped-def]
    lines = [ln for _n, ln in all_lines(pdf)]
    first, second = find_line(lines, "附件：1."), find_line(lines, "2.技术合同认定登记申请表")
    assert first.x0 == pytest.approx(28 + 2 * CELL, abs=0.1)
    assert second.x0 == pytest.approx(mm(first.chars[3]["x0"]), abs=0.1)  # "2." under "1."


def test_attachment_starts_a_page_with_its_label_and_title(pdf) -> None:  # type: ignore[no-untyped-def]
    page = next(p for p in pdf.pages if text_lines(p, None, bottom=262) and text_lines(p, None, bottom=262)[0].text == "附件")
    lines = text_lines(page, None, bottom=262)
    assert lines[0].text == "附件" and "WenQuanYi" in lines[0].chars[0]["fontname"]
    assert em_top_mm(page, lines[0].chars[0]) == pytest.approx(37.0, abs=0.05)
    assert lines[1].text == "2026年度技术合同登记机构名单"
    assert lines[1].baseline - lines[0].baseline == pytest.approx(2 * PITCH, abs=0.05)  # 第三行


def test_folios_sit_7_mm_under_the_type_area_odd_right_even_left(pdf) -> None:  # type: ignore[no-untyped-def]
    for n, page in enumerate(pdf.pages, start=1):
        folio = text_lines(page, 14, top=262)
        assert len(folio) == 1, n
        line = folio[0]
        assert line.text == f"—{n}—"
        assert em_top_mm(page, line.chars[0]) == pytest.approx(262 + 7, abs=0.3)
        assert all("NotoSerifSC-Regular" in c["fontname"] for c in line.chars)  # 4号宋体
        if n % 2:
            assert line.x1 == pytest.approx(184 - 4.94, abs=0.3)
        else:
            assert line.x0 == pytest.approx(28 + 4.94, abs=0.3)


def test_the_colophon_is_on_the_last_even_page_with_its_rules(pdf) -> None:  # type: ignore[no-untyped-def]
    last = pdf.pages[-1]
    assert len(pdf.pages) % 2 == 0
    black = [r for r in rules(last) if not r.red]
    assert [round(r.width, 2) for r in black] == [0.35, 0.25, 0.35]
    assert black[-1].centre == pytest.approx(262.0, abs=0.3)  # the last rule on the type area's bottom edge
    for r in black:
        assert r.x0 == pytest.approx(28.0, abs=0.05) and r.x1 == pytest.approx(184.0, abs=0.05)
    lines = text_lines(last, 14, bottom=262)
    cc, printed = lines
    assert cc.text.startswith("抄送：") and cc.text.endswith("。")
    assert cc.x0 == pytest.approx(28 + 4.94, abs=0.15)  # 左空一字 (4号)
    assert printed.text == "北京市科学技术委员会办公室2026年3月5日印发"
    assert printed.x1 == pytest.approx(184 - 4.94, abs=0.15)  # 右空一字
    assert black[0].centre < cc.baseline < black[1].centre < printed.baseline < black[2].centre
    for other in pdf.pages[:-1]:
        assert not [r for r in rules(other) if not r.red]


def test_no_seal_image_is_ever_drawn(pdf) -> None:  # type: ignore[no-untyped-def]
    assert all(not page.images for page in pdf.pages)
    assert all(not page.rects and not page.curves for page in pdf.pages)  # no drawn circle either


def test_a_long_joint_mark_is_condensed_to_the_type_area(fonts: FontSet) -> None:
    spec = document_spec(issuer=("北京市科学技术委员会", "中关村科技园区管理委员会"),
                         signature="北京市科学技术委员会、中关村科技园区管理委员会")
    pdf = open_pdf(render_pdf(spec, fonts, pdfa=False).pdf)
    page = pdf.pages[0]
    mark = red_chars(page)
    assert "".join(c["text"] for c in mark) == "北京市科学技术委员会中关村科技园区管理委员会文件"
    x0, x1 = mm(min(c["x0"] for c in mark)), mm(max(c["x1"] for c in mark))
    assert 28.0 - 0.05 <= x0 and x1 <= 184.0 + 0.05
    assert x1 - x0 > 150  # condensed to the width, not shrunk in height
    assert min(em_top_mm(page, c) for c in mark) == pytest.approx(72.0, abs=0.3)
    files = [c for c in mark if c["text"] in "文件"]
    names = [c for c in mark if c["text"] not in "文件"]
    assert min(c["x0"] for c in files) > max(c["x0"] for c in names)  # 文件 to the right of the names
    docno = find_line(text_lines(page), "京科发")  # the condensing stays with the mark
    assert docno.x1 - docno.x0 == pytest.approx(6 * CELL + 6 * 8 / 72 * 25.4, abs=0.3)  # 6 cells, 6 digits
    assert (docno.x0 + docno.x1) / 2 == pytest.approx(106.0, abs=0.3)


def test_an_upward_letter_puts_the_number_left_and_the_signer_right(fonts: FontSet) -> None:
    spec = document_spec(title="关于申请2026年度技术合同登记经费的请示", signers=("王喆",),
                         doc_no="京科发〔2026〕13号")
    page = open_pdf(render_pdf(spec, fonts, pdfa=False).pdf).pages[0]
    line = find_line(text_lines(page), "京科发〔2026〕13号")
    assert line.text == "京科发〔2026〕13号签发人：王喆"
    assert line.x0 == pytest.approx(28 + CELL, abs=0.15)  # 居左空一字
    assert line.x1 == pytest.approx(184 - CELL, abs=0.15)  # 居右空一字
    name = [c for c in line.chars if c["text"] in "王喆"]
    assert all("LXGWWenKai" in c["fontname"] for c in name)  # the signer's name in 楷体
