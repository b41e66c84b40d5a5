"""A LetterSpec laid out on pages: 版头, 主体, 附件, 版记 and folios where GB/T 9704 puts them.

主体 (7.3): title two lines under the red rule; 主送机关 one line under the title; the
body; 附件说明 one line under the body; then the seal space (two blank lines: the seal's
top stays within one line of the body), 署名 centred over 成文日期, which is 右空四字
(a joint letter: one 署名 per organ, the host first, each on its line, 7.3.5.2-3);
附注 on the next line. No seal image is ever drawn: the space is for the real seal.
附件 (7.3.7): each on pages of its own after the 正文 and before the 版记.
版记 (7.4): on the last side (an even page in the 文件格式), its last rule on the type
area's bottom edge. Folios (7.5): "— N —", odd pages right, even pages left.
Pages are cut by flow.plan_pages (keep-together, widows, holes, spacing adjustment).
"""

from __future__ import annotations

from reportlab.lib.units import mm

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.flow import (
    BLANK,
    Block,
    Row,
    draw_plan,
    fixed_block,
    paragraph_block,
    plan_pages,
)
from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.header import document_header, letter_header, solid
from bjstc_desktop.letters.pagemodel import Page
from bjstc_desktop.letters.spec import (
    FORMAT_LETTER,
    Attachment,
    LetterSpec,
    Paragraph,
    chinese_date,
)
from bjstc_desktop.letters.tables import table_blocks
from bjstc_desktop.letters.titles import title_lines
from bjstc_desktop.letters.typeset import Line, Run, set_runs, shape

KEEP_BODY_LINES = 2  # body lines that go with the signature when it moves to a new page


def body_runs(p: Paragraph) -> list[Run]:
    """A paragraph's runs: a heading in its face up to its first 。 (or whole)."""
    role = p.level_role()
    if role is None or role == "fangsong":
        return [Run(p.text)]
    stop = p.text.find("。")
    if 0 <= stop < len(p.text) - 1:
        return [Run(p.text[:stop + 1], role), Run(p.text[stop + 1:])]
    return [Run(p.text, role)]


def body_blocks(paragraphs: tuple[Paragraph, ...], fonts: FontSet) -> list[Block]:
    """Each paragraph a block; a heading standing alone stays with the next two lines."""
    blocks: list[Block] = []
    for p in paragraphs:
        heading = p.level_role() in ("hei", "kai") and "。" not in p.text[:-1]
        blocks.append(paragraph_block(body_runs(p), fonts, glue_next=KEEP_BODY_LINES if heading else 0))
    return blocks


def _attachment_note_rows(notes: tuple[str, ...], fonts: FontSet) -> list[Row]:
    """附件说明 (7.3.4): 左空二字 "附件：", numbered when several; wrapped names align
    with the name's first character; never a single character alone on a line."""
    label_w = sum(g.width for g in shape([Run("附件：")], fonts))
    rows: list[Row] = []
    for i, name in enumerate(notes, start=1):
        prefix = "附件：" if i == 1 else ""
        number = f"{i}." if len(notes) > 1 else ""
        indent = 2 * L.CELL_PT + (0 if i == 1 else label_w)
        number_w = sum(g.width for g in shape([Run(number)], fonts)) if number else 0.0
        lines = set_runs([Run(prefix + number + name)], fonts, L.AREA_W_PT, indent,
                         2 * L.CELL_PT + label_w + number_w)
        rows.extend(Row(line) for line in lines)
    return rows


def _signature_rows(spec: LetterSpec, fonts: FontSet, seal_lines: int = L.SEAL_BLANK_LINES) -> list[Row]:
    date = solid([Run(chinese_date(spec.date))], fonts)
    right = L.LEFT_PT + L.AREA_W_PT
    date_x = right - L.DATE_RIGHT_CELLS * L.CELL_PT - date.width  # 右空四字
    rows = [BLANK] * seal_lines
    for name in spec.signature_lines:
        line = solid([Run(name)], fonts)
        x = min(date_x + (date.width - line.width) / 2, right - line.width)  # 居中 over the date
        rows.append(Row(line, max(x, L.LEFT_PT)))
    rows.append(Row(date, date_x))
    if spec.note:
        note = spec.note if spec.note.startswith("（") else f"（{spec.note}）"
        rows.extend(Row(line) for line in set_runs([Run(note)], fonts, L.AREA_W_PT, 2 * L.CELL_PT))
    return rows


def _signature_block(spec: LetterSpec, fonts: FontSet) -> Block:
    """The 附件说明 (正文下空一行), the seal space, 署名, 成文日期 and 附注: one block that
    keeps two lines of text with it: the 附件说明's own lines count (the seal stands
    "上距正文（或附件说明）一行之内", GB/T 9704-2012 7.3.5.1), the body gives the rest."""
    notes: list[Row] = []
    if spec.attachment_notes:
        notes = [BLANK] + _attachment_note_rows(spec.attachment_notes, fonts)
    rows = notes + _signature_rows(spec, fonts)
    # Where space is short (7.3.5.5) the seal space may lose a line: the seal's top
    # then still stays within one line of the text.
    tighter = notes + _signature_rows(spec, fonts, L.SEAL_BLANK_LINES - 1)
    text_rows = sum(1 for row in notes if row.line is not None)
    return Block(tuple(rows), glue_prev=KEEP_BODY_LINES, shrunk=tuple(tighter), carries=text_rows)


def _attachment_blocks(i: int, count: int, att: Attachment, fonts: FontSet) -> list[Block]:
    """附件 (7.3.7): "附件N" in 黑体 on line 1, the title centred on line 3, the text."""
    label = "附件" + (str(i) if count > 1 else "")
    head = [Row(solid([Run(label, "hei")], fonts)), BLANK] + _centred(title_lines(att.title, fonts)) + [BLANK]
    blocks = [fixed_block(head, glue_next=KEEP_BODY_LINES)]
    blocks += body_blocks(att.paragraphs, fonts)
    if att.table:
        blocks += table_blocks(att.table, fonts)
    return blocks


def _centred(lines: list[Line]) -> list[Row]:
    return [Row(line, L.LEFT_PT + (L.AREA_W_PT - line.width) / 2) for line in lines]


def _head_block(spec: LetterSpec, fonts: FontSet) -> Block:
    rows = _centred(title_lines(spec.title, fonts))
    rows.append(BLANK)  # 标题下空一行
    if spec.addressee:
        rows.extend(Row(line) for line in set_runs([Run(spec.addressee)], fonts, L.AREA_W_PT))
    return fixed_block(rows, glue_next=1)  # 公文首页必须显示正文 (and no orphan: the paragraph's own rule)


Piece = tuple[Line, float]  # a set line and its x (pt)


def _colophon(spec: LetterSpec, fonts: FontSet) -> list[list[list[Piece]]]:
    """版记 elements (4号), each a list of rows: 抄送 (左右各空一字, wrapped lines aligned
    after the colon, ending with 。) and, in the 文件格式, 印发机关 (左空一字) with the
    印发日期 (右空一字) on one row."""
    size = L.SIZE_4
    one = size  # 一字 of 4号: 14 pt
    elements: list[list[list[Piece]]] = []
    if spec.cc:
        cc = spec.cc if spec.cc.endswith("。") else spec.cc + "。"
        label_w = sum(g.width for g in shape([Run("抄送：", size=size)], fonts))
        lines = set_runs([Run("抄送：" + cc, size=size)], fonts, L.AREA_W_PT - 2 * one, 0.0, label_w)
        elements.append([[(line, L.LEFT_PT + one)] for line in lines])
    if spec.printer and spec.format != FORMAT_LETTER:
        who = solid([Run(spec.printer, size=size)], fonts)
        when = solid([Run(chinese_date(spec.print_date or spec.date) + "印发", size=size)], fonts)
        elements.append([[(who, L.LEFT_PT + one), (when, L.LEFT_PT + L.AREA_W_PT - one - when.width)]])
    return elements


def _colophon_top(elements: list[list[list[Piece]]]) -> float:
    return L.BOTTOM_MM - sum(len(e) for e in elements) * L.LINE_PITCH_MM


def _draw_colophon(page: Page, spec: LetterSpec, elements: list[list[list[Piece]]]) -> None:
    """Rows from the bottom of the type area up; rules (文件格式 only): thick above the
    first element and on the type area's bottom edge, thin between elements (7.4.1)."""
    em = L.SIZE_4 / mm
    top = _colophon_top(elements)
    ruled = spec.format != FORMAT_LETTER
    if ruled:
        page.rule(L.LEFT_MM, L.RIGHT_MM, top, L.COLOPHON_THICK_MM)
    for k, element in enumerate(elements):
        for row in element:
            for line, x in row:
                page.text(line, x, L.baseline_mm(top + (L.LINE_PITCH_MM - em) / 2, L.SIZE_4))
            top += L.LINE_PITCH_MM
        if ruled:
            last = k == len(elements) - 1
            page.rule(L.LEFT_MM, L.RIGHT_MM, top, L.COLOPHON_THICK_MM if last else L.COLOPHON_THIN_MM)


def _place_colophon(pages: list[Page], spec: LetterSpec, fonts: FontSet) -> None:
    """The 版记 goes on the last side. In the 文件格式 that is an even page: an odd last
    page gets the 版记 on its back; an even page without room gets a blank page and a
    版记 page, both without folios (7.5)."""
    elements = _colophon(spec, fonts)
    if not elements:
        return
    fits = pages[-1].flow_bottom_mm <= _colophon_top(elements) + 0.01
    if spec.format == FORMAT_LETTER:
        if not fits:
            pages.append(Page())
    elif len(pages) % 2 == 1:
        pages.append(Page())
    elif not fits:
        pages.append(Page(numbered=False))
        pages.append(Page(numbered=False))
    _draw_colophon(pages[-1], spec, elements)


def _folios(pages: list[Page], fonts: FontSet, letter_format: bool) -> None:
    for n, page in enumerate(pages, start=1):
        if not page.numbered or (letter_format and n == 1):
            continue
        page.folio = n
        text = solid([Run(f"{L.FOLIO_DASH} {n} {L.FOLIO_DASH}", "song", L.SIZE_4)], fonts)
        inset = L.pt(L.FOLIO_INSET_MM)
        x = (L.LEFT_PT + L.AREA_W_PT - inset - text.width) if n % 2 else (L.LEFT_PT + inset)
        page.text(text, x, L.baseline_mm(L.BOTTOM_MM + L.FOLIO_GAP_MM, L.SIZE_4))


def compose(spec: LetterSpec, fonts: FontSet) -> list[Page]:
    """Lay out every page of the letter."""
    pages = [Page()]
    letter = spec.format == FORMAT_LETTER
    top = (letter_header if letter else document_header)(pages[0], spec, fonts)
    blocks = [_head_block(spec, fonts)] + body_blocks(spec.body, fonts) + [_signature_block(spec, fonts)]
    draw_plan(pages, plan_pages(blocks, top), new_first=False)
    for i, att in enumerate(spec.attachments, start=1):
        draw_plan(pages, plan_pages(_attachment_blocks(i, len(spec.attachments), att, fonts), L.TOP_MM),
                  new_first=True)
    _place_colophon(pages, spec, fonts)
    _folios(pages, fonts, letter)
    return pages
