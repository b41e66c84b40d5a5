"""Word boundaries in Chinese text, for breaking titles only between words (7.3.1:
"词意完整").

The segmenter is rjieba (the Rust port of jieba, MIT, wheels for every installer
target, dictionary built in: no file is read or written at run time). Its dictionary
learns the commission's own words from resources/letters/words.txt and the names of
Beijing's districts, so 中关村, 有限公司, 技术合同 or 延庆区 never end up in two lines.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.core.validators.districts import beijing_districts

if TYPE_CHECKING:
    import rjieba

_lock = threading.Lock()
_BOOST = 10_000_000  # a frequency that makes the segmenter prefer our words whole


@lru_cache(maxsize=1)
def _segmenter() -> rjieba.Jieba:
    import rjieba  # a compiled extension: imported when a title is first broken

    seg = rjieba.Jieba()
    for word in commission_words():
        seg.add_word(word, _BOOST, None)
    return seg


@lru_cache(maxsize=1)
def commission_words() -> tuple[str, ...]:
    """The words added to the segmenter: words.txt, then district names with and
    without their 区/县."""
    words: list[str] = []
    path = resources_dir() / "letters" / "words.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    for d in beijing_districts(include_historical=True):
        words.append(d.name)
        words.append(f"北京市{d.name}")
    return tuple(dict.fromkeys(words))


_NUMBERISH = re.compile(r"[0-9A-Za-z.%]+[号年月日度期届次项条款]?|〔\d{4}〕\d+号|[一二三四五六七八九十百]+[号年月日届次]")


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """`text` cut into words; numbers stay whole with their 号/年 and 〔2026〕12号 is
    one word."""
    with _lock:
        pieces = _segmenter().cut(text, False)
    return _rejoin(text, list(pieces))


def _rejoin(text: str, pieces: list[str]) -> tuple[str, ...]:
    """Merge pieces that a number or a document number spans."""
    bounds = set()
    pos = 0
    for p in pieces:
        pos += len(p)
        bounds.add(pos)
    for m in _NUMBERISH.finditer(text):
        for k in range(m.start() + 1, m.end()):
            bounds.discard(k)
    bounds.add(len(text))
    out, start = [], 0
    for b in sorted(bounds):
        if b > start:
            out.append(text[start:b])
            start = b
    return tuple(out)


def boundaries(text: str) -> set[int]:
    """Offsets between two words (0 < i < len(text))."""
    out, pos = set(), 0
    for w in words(text):
        pos += len(w)
        out.add(pos)
    out.discard(len(text))
    return out
