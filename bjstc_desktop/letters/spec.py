"""What a letter says, element by element, in the terms of GB/T 9704-2012 §7 and §10.

A template merged with a case gives a LetterSpec; the composer lays it out. Nothing in
a spec is a position: where each element goes is the standard's business (compose.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

FORMAT_DOCUMENT = "文件"  # 文件格式 (7)
FORMAT_LETTER = "信函"  # 信函格式 (10.1)
FORMATS = (FORMAT_DOCUMENT, FORMAT_LETTER)

# Heading levels 一、（一）1.（1） (7.3.3) and the face of each.
HEADING_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[一二三四五六七八九十百]+、"), "hei"),
    (re.compile(r"^（[一二三四五六七八九十百]+）"), "kai"),
    (re.compile(r"^\d+[.．]"), "fangsong"),
    (re.compile(r"^（\d+）"), "fangsong"),
)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the body: indented two characters, continuation lines flush left.
    A heading (一、 or （一）) is set in its face up to its first 。, or whole."""

    text: str
    heading_role: str | None = None  # None: detected from the text

    def level_role(self) -> str | None:
        """The face of the heading this paragraph opens with, if any."""
        if self.heading_role is not None:
            return self.heading_role
        for pattern, role in HEADING_PATTERNS:
            if pattern.match(self.text):
                return role
        return None


@dataclass(frozen=True)
class Attachment:
    """An attachment printed after the body (7.3.7): "附件N", its title, then its text
    and/or a table (the first row is the table's head)."""

    title: str
    paragraphs: tuple[Paragraph, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class LetterSpec:
    """Every element of a letter, as text."""

    format: str
    issuer: tuple[str, ...]  # 发文机关 names; more than one for a joint letter
    doc_no: str  # 发文字号, e.g. 京科发〔2026〕12号
    title: str
    body: tuple[Paragraph, ...]
    signature: str  # 发文机关署名 (of a joint letter: the names joined with 、, for the metadata)
    date: dt.date  # 成文日期
    addressee: str = ""  # 主送机关, with its closing colon
    mark_suffix: str = "文件"  # after the name in the 发文机关标志 (文件格式 only)
    copy_no: str = ""  # 份号, six digits
    secrecy: str = ""  # 密级和保密期限, e.g. 机密★10年
    urgency: str = ""  # 紧急程度: 特急 or 加急
    signers: tuple[str, ...] = ()  # 签发人 (printed for 上行文: 请示, 报告)
    attachment_notes: tuple[str, ...] = ()  # 附件说明: the attachments' names
    attachments: tuple[Attachment, ...] = ()
    note: str = ""  # 附注, printed in parentheses
    cc: str = ""  # 抄送机关 (版记)
    printer: str = ""  # 印发机关 (版记, 文件格式 only)
    print_date: dt.date | None = None  # 印发日期
    keywords: tuple[str, ...] = field(default_factory=tuple)  # PDF metadata only
    signatures: tuple[str, ...] = ()  # joint issue: one 署名 per organ, the host first

    @property
    def signature_lines(self) -> tuple[str, ...]:
        """The 署名 as printed: one per issuing organ."""
        return self.signatures or (self.signature,)

    @property
    def upward(self) -> bool:
        """上行文 (请示, 报告): the 发文字号 goes left and the 签发人 right (7.2.5-6)."""
        return bool(self.signers)


def chinese_date(day: dt.date) -> str:
    """2026年3月5日: the full year, no padding zeros (7.3.5.4)."""
    return f"{day.year}年{day.month}月{day.day}日"
