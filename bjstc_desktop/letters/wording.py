"""Titles composed from a case's facts, worded as an officer writes them.

A template says 关于{case.title}的批复; a case titled 关于延庆区冰雪科技园建设的请示
would give 关于关于延庆区冰雪科技园建设的请示的批复. An officer writes
关于延庆区冰雪科技园建设的批复: one 关于, one 的, the kind of the incoming document
dropped before the kind of the answer, and 《》 once around a document's name.
"""

from __future__ import annotations

import re

_KINDS = "请示|报告|申请|函|通知|意见|建议|提案|来函|报告书|申请书"
_ANSWERS = "批复|复函|答复|函|通知|意见|决定|公示|报告"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(关于)+关于"), "关于"),
    (re.compile(rf"的(?:{_KINDS})的({_ANSWERS})$"), r"的\1"),
    (re.compile(r"的的"), "的"),
    (re.compile(r"《+"), "《"),
    (re.compile(r"》+"), "》"),
    (re.compile(r"“《([^《》“”]*)》”"), r"《\1》"),
    (re.compile(r"《“([^《》“”]*)”》"), r"《\1》"),
)


def officer_title(text: str) -> str:
    """`text` with doubled 关于/的, a doubled document kind and doubled 《》 removed."""
    previous = None
    while previous != text:
        previous = text
        for pattern, repl in _RULES:
            text = pattern.sub(repl, text)
    return text.strip()


def attachment_name(text: str) -> str:
    """An attachment's name as the 附件说明 prints it: no 《》 around it, no closing mark
    after it (7.3.4)."""
    text = text.strip()
    if text.startswith("《") and text.endswith("》"):
        text = text[1:-1]
    return text.rstrip("。，；：、")
