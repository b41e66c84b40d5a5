"""The 归档文件目录 as a printed table (A4 landscape, PDF/A-2b): a title, the columns of
the catalogue, rows that wrap inside their cells, the header repeated on every page and
the page number at the foot. Characters are drawn in the letters' faces with the same
per-character fallback, so a rare character in a name never prints as a blank box."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.pdfa import make_pdfa
from bjstc_desktop.letters.render import PRODUCER, _render_lock

SIZE = 10.5  # 五号
TITLE_SIZE = 18
LINE = SIZE * 1.45
PAD = 1.5 * mm
MARGIN = 15 * mm


@dataclass(frozen=True)
class CatalogueColumn:
    """A column: its header and its share of the table's width."""

    header: str
    weight: float


def _runs(text: str, fonts: FontSet, role: str) -> list[tuple[str, str]]:
    """`text` cut into runs of one face each."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        face = fonts.font_for(role, ch)
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + ch)
        else:
            runs.append((face, ch))
    return runs


def _width(text: str, fonts: FontSet, role: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in _runs(text, fonts, role))


def _wrap(text: str, fonts: FontSet, role: str, size: float, width: float) -> list[str]:
    """Lines of `text` no wider than `width` (cut between characters)."""
    lines, line = [], ""
    for ch in text.replace("\n", " "):
        if line and _width(line + ch, fonts, role, size) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    return [*lines, line] if line or not lines else lines


def _draw(c: Canvas, x: float, y: float, text: str, fonts: FontSet, role: str, size: float) -> None:
    for face, part in _runs(text, fonts, role):
        c.setFont(face, size)
        c.drawString(x, y, part)
        x += pdfmetrics.stringWidth(part, face, size)


def render_catalogue(title: str, subtitle: str, columns: Sequence[CatalogueColumn], rows: Sequence[Sequence[str]],
                     fonts: FontSet, marking: str = "") -> tuple[bytes, int]:
    """The catalogue as PDF/A-2b bytes and its page count."""
    with _render_lock:
        return _render(title, subtitle, columns, rows, fonts, marking)


def _render(title: str, subtitle: str, columns: Sequence[CatalogueColumn], rows: Sequence[Sequence[str]],
            fonts: FontSet, marking: str) -> tuple[bytes, int]:
    page_w, page_h = landscape(A4)
    table_w = page_w - 2 * MARGIN
    total = sum(col.weight for col in columns)
    widths = [table_w * col.weight / total for col in columns]
    buffer = io.BytesIO()
    # types-reportlab types initialFontName as a float; reportlab takes the font's name.
    c = Canvas(buffer, pagesize=(page_w, page_h), pageCompression=1, initialFontName=fonts.rl_name("fangsong"),  # type: ignore[arg-type]
               initialFontSize=SIZE, lang="zh-CN")
    c.setTitle(title)
    c.setAuthor(subtitle)
    c.setCreator("bjstc-desktop")
    c.setProducer(PRODUCER)
    pages = 0

    def row_height(cells: Sequence[str], role: str) -> tuple[list[list[str]], float]:
        wrapped = [_wrap(str(v), fonts, role, SIZE, w - 2 * PAD) for v, w in zip(cells, widths, strict=True)]
        return wrapped, max(len(x) for x in wrapped) * LINE + 2 * PAD

    def draw_row(y: float, wrapped: list[list[str]], height: float, role: str) -> float:
        x = MARGIN
        c.setLineWidth(0.5)
        for lines, w in zip(wrapped, widths, strict=True):
            c.rect(x, y - height, w, height)
            for k, line in enumerate(lines):
                _draw(c, x + PAD, y - PAD - (k + 1) * LINE + (LINE - SIZE) / 2, line, fonts, role, SIZE)
            x += w
        return y - height

    def new_page() -> float:
        nonlocal pages
        pages += 1
        top = page_h - MARGIN
        if marking:
            _draw(c, MARGIN, top - SIZE, marking, fonts, "hei", SIZE)
        tw = _width(title, fonts, "title", TITLE_SIZE)
        _draw(c, (page_w - tw) / 2, top - 2 * SIZE - TITLE_SIZE, title, fonts, "title", TITLE_SIZE)
        _draw(c, MARGIN, top - 3 * SIZE - TITLE_SIZE - 4 * mm, subtitle, fonts, "fangsong", SIZE)
        folio = f"第 {pages} 页"
        _draw(c, (page_w - _width(folio, fonts, "fangsong", SIZE)) / 2, MARGIN / 2, folio, fonts, "fangsong", SIZE)
        head, h = row_height([col.header for col in columns], "hei")
        return draw_row(top - 4 * SIZE - TITLE_SIZE - 6 * mm, head, h, "hei")

    y = new_page()
    if not rows:
        _draw(c, MARGIN + PAD, y - LINE, "（没有归档文件）", fonts, "fangsong", SIZE)
    for cells in rows:
        wrapped, h = row_height(cells, "fangsong")
        if y - h < MARGIN:
            c.showPage()
            y = new_page()
        y = draw_row(y, wrapped, h, "fangsong")
    c.showPage()
    c.save()
    return make_pdfa(buffer.getvalue(), title=title, author=subtitle, subject="归档文件目录"), pages
