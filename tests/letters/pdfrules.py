"""Every rule of issue 14 checked on a letter's PDF with pdfplumber (and pikepdf for the
font objects): what a secretary would reject, measured, never taken from the layout.

`check(pdf_bytes, spec)` returns the violations; the spec says what was meant to be
printed (the texts of the title, body, signature and date), the PDF what was.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.spec import FORMAT_LETTER, LetterSpec, chinese_date
from bjstc_desktop.letters.titles import break_points, shape_ok
from bjstc_desktop.letters.typeset import CLOSING, OPENING, is_punct
from tests.letters.pdfmeasure import (
    TextLine,
    em_bottom_mm,
    em_top_mm,
    mm,
    open_pdf,
    red_chars,
    rules,
    text_lines,
)

PITCH = L.LINE_PITCH_MM
CELL = L.CELL_MM
LAST_TOP = L.line_top_mm(L.LINES)
RULES = ("signature-alone", "hole", "orphan", "widow", "heading-at-foot", "lone-character", "title-word-break",
         "title-shape", "wide-gap", "squeezed-characters", "line-pitch", "line-start", "line-end", "split-number",
         "hao-alone", "split-pair", "split-latin", "text-layer", "text-missing", "subset-tags", "tounicode",
         "docno-position", "line-overlap", "colophon")


@dataclass(frozen=True)
class Violation:
    """A rule broken on a page (1-based)."""

    rule: str
    page: int
    detail: str


def _content(text: str) -> int:
    return sum(1 for c in text if not is_punct(c) and not c.isspace())


@dataclass
class _Page:
    n: int
    page: Any
    flow: list[TextLine]  # 3号 lines in the type area, under the header
    titles: list[TextLine]
    ruled: bool  # a table's rules in the type area


def _pages(pdf: Any, spec: LetterSpec) -> list[_Page]:
    out = []
    for n, page in enumerate(pdf.pages, start=1):
        header_bottom = 0.0
        if n == 1:
            titles = text_lines(page, L.SIZE_2)
            header_bottom = titles[0].baseline - 1 if titles else 0.0
        flow = [ln for ln in text_lines(page, L.SIZE_3, top=max(header_bottom, 37.0), bottom=262.0)]
        titles = text_lines(page, L.SIZE_2, bottom=262.0)
        black = [r for r in rules(page) if not r.red and 37 < r.centre < 262]
        colophon = bool(text_lines(page, L.SIZE_4, bottom=262.0))
        out.append(_Page(n, page, flow, titles, bool(black) and not colophon))
    return out


def _tabular(line: TextLine) -> bool:
    """A table row: columns apart by at least a cell."""
    size = float(line.chars[0]["size"])
    return any(b["x0"] - a["x1"] > 0.9 * size for a, b in itertools.pairwise(line.chars))


def _new_paragraph(line: TextLine, spec: LetterSpec) -> bool:
    """A line that starts something (a paragraph, the next 附件说明 item, a label, the
    署名 or the date), so nothing is split between it and the line above."""
    return (_indented(line) or bool(re.match(r"\d+\.", line.text)) or bool(re.fullmatch(r"附件\d*", line.text))
            or line.text in spec.signature_lines or _is_date(line, spec) or line.text.startswith("（"))


DATE_RIGHT = L.RIGHT_MM - L.DATE_RIGHT_CELLS * CELL  # 成文日期 右空四字 (7.3.5.1)


def _is_date(line: TextLine, spec: LetterSpec) -> bool:
    """The 成文日期: the date's text, 右空四字 (the same words in a table cell or a
    sentence of an attachment are not the date of the letter)."""
    return line.text == chinese_date(spec.date) and abs(line.x1 - DATE_RIGHT) < 0.3


def _x(line: TextLine) -> float:
    return line.x0 - 28.0


def _indented(line: TextLine) -> bool:
    return abs(_x(line) - 2 * CELL) < 0.3


def _continuation(line: TextLine) -> bool:
    return abs(_x(line)) < 0.3


def _pitch(lines: list[TextLine]) -> float:
    """The page's line pitch: the steps between baselines are whole multiples of it."""
    steps = [b.baseline - a.baseline for a, b in itertools.pairwise(lines)]
    steps = [s for s in steps if s > 1]
    if not steps:
        return PITCH
    least = min(steps)
    return min(s / max(1, round(s / least)) for s in steps)


def check(data: bytes, spec: LetterSpec) -> list[Violation]:
    """Every violation in the letter `data` meant to print `spec`."""
    pdf = open_pdf(data)
    try:
        pages = _pages(pdf, spec)
        out: list[Violation] = []
        out += _signature(pages, spec)
        out += _pagination(pages, spec)
        out += _lines(pages, spec)
        out += _overlaps(pages)
        out += _titles(pages, spec)
        out += _text_layer(pdf, pages, spec)
        out += _docno(pages, spec)
        out += _colophon(pages, spec)
    finally:
        pdf.close()
    out += _fonts(data)
    return out


def _signature(pages: list[_Page], spec: LetterSpec) -> Iterator[Violation]:
    """The date, the 署名 and two lines of text on one page: body lines or lines of the
    附件说明, which count as the text the seal keeps to (GB/T 9704-2012 7.3.5.1: the seal
    stands "上距正文（或附件说明）一行之内")."""
    found = [(p, i) for p in pages for i, ln in enumerate(p.flow) if _is_date(ln, spec)]
    if len(found) != 1:
        yield Violation("signature-alone", 0, f"date line found {len(found)} times")
        return
    p, i = found[0]
    names = list(spec.signature_lines)
    first_sig = i - len(names)
    if first_sig < 0 or [ln.text for ln in p.flow[first_sig:i]] != names:
        yield Violation("signature-alone", p.n, "署名 not on the date's page, just above it")
        return
    above = p.flow[:first_sig]
    notes = next((k for k, ln in enumerate(above) if ln.text.startswith("附件：")), len(above))
    body, note_lines = above[:notes], above[notes:]
    if p.n == 1:
        addressee = spec.addressee.replace(" ", "")
        body = [ln for ln in body if ln.text not in addressee or not addressee]
    if len(body) + len(note_lines) < 2:
        yield Violation("signature-alone", p.n,
                        f"{len(body)} body line(s) and {len(note_lines)} 附件说明 line(s) with the signature")


def _page_flow_ends(pages: list[_Page], spec: LetterSpec) -> set[int]:
    """Pages after which the flow does not go on: the date's page, an attachment's last."""
    ends = set()
    for k, p in enumerate(pages):
        if any(_is_date(ln, spec) for ln in p.flow):
            ends.add(k)
        if k + 1 < len(pages):
            nxt = pages[k + 1]
            if not nxt.flow or re.fullmatch(r"附件\d*", nxt.flow[0].text):
                ends.add(k)
        else:
            ends.add(k)
    return ends


def _pagination(pages: list[_Page], spec: LetterSpec) -> Iterator[Violation]:
    ends = _page_flow_ends(pages, spec)
    for k, p in enumerate(pages):
        if not p.flow:
            continue
        pitch = _pitch(p.flow)
        if pitch < PITCH * L.MIN_PITCH_RATIO - 0.05 or pitch > PITCH * L.MAX_PITCH_RATIO + 0.05:
            yield Violation("line-pitch", p.n, f"{pitch:.2f} mm")
        if k in ends:
            continue
        last = p.flow[-1]
        free = int((LAST_TOP + 0.3 - em_top_mm(p.page, last.chars[0])) / pitch)
        if free > L.MAX_HOLE_LINES:
            yield Violation("hole", p.n, f"{free} empty lines at the foot")
        nxt = pages[k + 1]
        if p.ruled or nxt.ruled or not nxt.flow or _tabular(last) or _tabular(nxt.flow[0]):
            continue
        first = nxt.flow[0]
        lone_heading = (_indented(last) and _continuation(first) is False
                        and any(f in last.chars[0]["fontname"] for f in ("WenQuanYi", "WenKai"))
                        and last.x1 < 184 - CELL)
        if lone_heading:
            yield Violation("heading-at-foot", p.n, last.text)
        if not _continuation(first) or _x(last) > 2 * CELL + 0.3:
            continue
        # The paragraph goes on over the page break: two lines at least on each side.
        before = 1
        if _continuation(last):
            j = len(p.flow) - 2
            while j >= 0 and _continuation(p.flow[j]):
                before += 1
                j -= 1
            before += 1 if j >= 0 and _indented(p.flow[j]) else 0
        if before < 2:
            yield Violation("orphan", p.n, last.text)
        after = 1
        j = 1
        while j < len(nxt.flow) and _continuation(nxt.flow[j]) and not _is_date(nxt.flow[j], spec):
            after += 1
            j += 1
        if after < 2 and first.x1 < 184 - 0.5:
            yield Violation("widow", nxt.n, first.text)


def _lines(pages: list[_Page], spec: LetterSpec) -> Iterator[Violation]:
    flow = [(p.n, ln) for p in pages for ln in p.flow]
    for n, ln in flow:
        if _content(ln.text) < 2 and not ln.text.startswith("附件"):
            yield Violation("lone-character", n, ln.text)
    for p in pages:
        colophon = [ln for ln in text_lines(p.page, L.SIZE_4, bottom=262.0) if not ln.text.endswith("印发")]
        for ln in [x for x in p.flow if not _tabular(x)] + p.titles + colophon:
            size = float(ln.chars[0]["size"])
            for a, b in itertools.pairwise(ln.chars):
                gap = b["x0"] - a["x1"]
                if gap > 0.5 * size + 0.01:
                    yield Violation("wide-gap", p.n, f"{gap / size:.2f} em in {ln.text}")
                if (not is_punct(a["text"]) and not is_punct(b["text"]) and a["x1"] - a["x0"] > 0.8 * size
                        and b["x1"] - b["x0"] > 0.8 * size):
                    pitch = b["x0"] - a["x0"]
                    least = (L.CELL_PT - L.TRACK_TIGHT_PT) * size / L.SIZE_3 - 0.05
                    if pitch < least:
                        yield Violation("squeezed-characters", p.n, f"{pitch:.2f} pt in {ln.text}")
    ruled = {p.n for p in pages if p.ruled}
    expected = _expected_text(spec)
    for (n1, a), (n2, b) in itertools.pairwise(flow):
        if not a.text or not b.text or n1 in ruled or n2 in ruled or _tabular(a) or _tabular(b):
            continue
        if _new_paragraph(b, spec):
            continue
        if b.text[0] in CLOSING and not (_indented(b) and b.text[0] in "—…"):
            yield Violation("line-start", n2, b.text)
        if a.text[-1] in OPENING:
            yield Violation("line-end", n1, a.text)
        if a.text[-1].isdigit() and b.text[0].isdigit():
            yield Violation("split-number", n2, a.text[-3:] + "|" + b.text[:3])
        if a.text[-1].isdigit() and b.text[0] in "号年月日":
            yield Violation("hao-alone", n2, a.text[-3:] + "|" + b.text[:3])
        if (a.text[-1] + b.text[0]) in ("……", "——"):
            yield Violation("split-pair", n2, a.text[-3:] + "|" + b.text[:3])
        spaced = a.text[-3:] + " " + b.text[:3] in expected
        if a.text[-1].isascii() and a.text[-1].isalnum() and b.text[0].isascii() and b.text[0].isalnum() and not spaced:
            yield Violation("split-latin", n2, a.text[-6:] + "|" + b.text[:6])


def _overlaps(pages: list[_Page]) -> Iterator[Violation]:
    """Lines whose em boxes touch: a tighter 行距 never brings two lines (of a 2号 title
    above all) so close that the characters of one reach into the other's (7.3.5.5
    adjusts the space between lines, it never removes it)."""
    for p in pages:
        lines = text_lines(p.page, None, top=37.0, bottom=262.0)
        for a, b in itertools.pairwise(lines):
            if a.x1 <= b.x0 or b.x1 <= a.x0:
                continue  # side by side (文件 beside a joint mark's names)
            bottom = max(em_bottom_mm(p.page, c) for c in a.chars)
            top = min(em_top_mm(p.page, c) for c in b.chars)
            if top < bottom - 0.01:
                yield Violation("line-overlap", p.n, f"{bottom - top:.2f} mm: {a.text[:12]} / {b.text[:12]}")


def _expected_text(spec: LetterSpec) -> str:
    parts = [spec.title, spec.addressee, *(p.text for p in spec.body), *spec.attachment_notes]
    for att in spec.attachments:
        parts += [att.title, *(p.text for p in att.paragraphs), *(c for row in att.table for c in row)]
    return "\n".join(parts)


def _titles(pages: list[_Page], spec: LetterSpec) -> Iterator[Violation]:
    expected = [spec.title] + [a.title for a in spec.attachments]
    groups: list[tuple[int, list[TextLine]]] = []
    for p in pages:
        if p.titles:
            groups.append((p.n, p.titles))
    for (n, lines), title in zip(groups, expected, strict=False):
        texts = [ln.text for ln in lines]
        if "".join(texts) != title.replace(" ", ""):
            yield Violation("text-missing", n, f"title {''.join(texts)!r} != {title!r}")
            continue
        if " " in title:
            continue  # offsets below count the drawn characters, which have no spaces
        allowed = set(break_points(title))
        pos = 0
        for t in texts[:-1]:
            pos += len(t)
            if pos not in allowed:
                yield Violation("title-word-break", n, f"{title[:pos]}|{title[pos:]}")
        widths = [ln.x1 - ln.x0 for ln in lines]
        if not shape_ok(widths, 0.5 * L.SIZE_2 / 72 * 25.4):
            yield Violation("title-shape", n, " / ".join(texts))


def _ordered_chars(page: Any) -> str:
    lines = text_lines(page, None)
    return "".join(c["text"] for ln in lines for c in ln.chars)


def _text_layer(pdf: Any, pages: list[_Page], spec: LetterSpec) -> Iterator[Violation]:
    expected = _expected_text(spec)
    for p in pages:
        extracted = (p.page.extract_text() or "").replace("\n", "").replace(" ", "")
        chars = _ordered_chars(p.page).replace(" ", "")
        if extracted != chars:
            i = next((k for k, (x, y) in enumerate(zip(extracted, chars, strict=False)) if x != y),
                     min(len(extracted), len(chars)))
            yield Violation("text-layer", p.n, f"extract {extracted[i - 5:i + 5]!r} != drawn {chars[i - 5:i + 5]!r}")
        mark = {c["text"] for c in red_chars(p.page)}
        spaced = p.page.extract_text() or ""
        tables = {ln.text for ln in p.flow if _tabular(ln)}
        for ln in spaced.split("\n"):
            if ln.replace(" ", "") in tables or "签发人" in ln or spec.doc_no in ln:
                continue  # columns of a table, names of the 签发人: spaced as typeset
            if mark and set(ln.replace(" ", "")) <= mark:
                continue  # the joint mark is spread (分散对齐) on purpose
            for m in re.finditer(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f—])", ln):
                typed = ln[m.start() - 1:m.end() + 1] in expected
                if not typed and not re.search(r"—\s*\d+\s*—", ln):
                    yield Violation("text-layer", p.n, f"a space no one typed: {ln[max(0, m.start() - 4):m.end() + 4]!r}")
    flow_text = "".join(ln.text for p in pages for ln in p.flow)
    for para in spec.body:
        text = para.text.replace(" ", "")
        if text and text not in flow_text.replace(" ", ""):
            yield Violation("text-missing", 0, text[:20])


def _docno(pages: list[_Page], spec: LetterSpec) -> Iterator[Violation]:
    if spec.format == FORMAT_LETTER or not pages:
        return
    page = pages[0].page
    mark = red_chars(page)
    marker = "签发人" if spec.signers else spec.doc_no
    line = next((ln for ln in text_lines(page, L.SIZE_3, bottom=200) if marker in ln.text), None)
    if not mark or line is None:
        yield Violation("docno-position", 1, "no mark or no 发文字号")
        return
    gap = em_top_mm(page, line.chars[0]) - max(em_bottom_mm(page, c) for c in mark)
    if abs(gap - 2 * PITCH) > 0.15:
        yield Violation("docno-position", 1, f"{gap:.2f} mm under the mark, not {2 * PITCH:.2f}")


def _colophon(pages: list[_Page], spec: LetterSpec) -> Iterator[Violation]:
    """The 版记 (7.4): on the last page only, its last line at the foot of the type area,
    below everything else on the page; in the 文件格式 that page is even and the closing
    rule lies on the type area's bottom edge."""
    if not pages:
        return
    document = spec.format != FORMAT_LETTER
    for p in pages[:-1]:
        if text_lines(p.page, L.SIZE_4, top=37.0, bottom=262.5):
            yield Violation("colophon", p.n, "版记 lines before the last page")
    last = pages[-1]
    lines = text_lines(last.page, L.SIZE_4, top=37.0, bottom=262.5)
    expected = bool(spec.cc) or (document and bool(spec.printer))
    if not expected:
        if lines:
            yield Violation("colophon", last.n, "版记 lines no one declared")
        return
    if not lines:
        yield Violation("colophon", last.n, "no 版记 on the last page")
        return
    foot = max(em_bottom_mm(last.page, c) for c in lines[-1].chars)
    if not 262.0 - PITCH < foot <= 262.0 + 0.01:
        yield Violation("colophon", last.n, f"last 版记 line ends {foot:.2f} mm from the top, not at the foot")
    head = min(em_top_mm(last.page, c) for c in lines[0].chars)
    if document:
        if len(pages) % 2:
            yield Violation("colophon", last.n, "版记 on an odd page")
        black = [r for r in rules(last.page) if not r.red and r.centre > head - PITCH]
        if not black or abs(black[-1].centre - 262.0) > 0.3:
            yield Violation("colophon", last.n, "no closing rule on the type area's bottom edge")
        head = min([r.top_edge for r in black] + [head])
    above = [ln for ln in last.flow + last.titles if max(em_bottom_mm(last.page, c) for c in ln.chars) > head + 0.01]
    if above:
        yield Violation("colophon", last.n, f"{above[0].text[:12]} reaches into the 版记")


def _fonts(data: bytes) -> Iterator[Violation]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        tags: dict[str, str] = {}
        seen = set()
        for n, page in enumerate(pdf.pages, start=1):
            for _k, font in page.obj.get("/Resources", {}).get("/Font", {}).items():
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
                base = str(font.get("/BaseFont", ""))[1:]
                tag = base.split("+")[0]
                if tag in tags and tags[tag] != base + str(font.objgen):
                    yield Violation("subset-tags", n, f"{tag} used twice")
                tags[tag] = base + str(font.objgen)
                tounicode = font.get("/ToUnicode")
                if tounicode is None:
                    yield Violation("tounicode", n, f"{base} has none")
                elif re.search(rb"<[0-9A-Fa-f]{2}> <[0-9A-Fa-f]{5,6}>", tounicode.read_bytes()):
                    yield Violation("tounicode", n, f"{base}: a non-BMP entry is not UTF-16")


def mm_of(points: float) -> float:
    """Points to millimetres (re-exported for tests)."""
    return mm(points)
