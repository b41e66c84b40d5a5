"""Text to search terms, so two-character Chinese queries hit (王伟, 海淀, 冰雪).

FTS5's tokenizers do not split Chinese into words; like Lucene's CJKAnalyzer we index
overlapping bigrams of every run of CJK characters (a lone character stands as itself)
and leave other words to the unicode61 tokenizer.
"""

from __future__ import annotations

import re
import unicodedata

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+")


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_terms(text: str) -> str:
    """The space-separated terms to index for `text`."""
    text = unicodedata.normalize("NFKC", text or "")
    out: list[str] = []
    pos = 0
    for m in _CJK_RUN.finditer(text):
        out.extend(_WORD.findall(text[pos : m.start()]))
        out.extend(_bigrams(m.group()))
        pos = m.end()
    out.extend(_WORD.findall(text[pos:]))
    return " ".join(t.lower() for t in out)


def match_query(query: str) -> str | None:
    """An FTS5 MATCH expression for an officer's query (all parts must match), or None
    when the query has nothing searchable. Every term is quoted: no FTS syntax leaks in."""
    query = unicodedata.normalize("NFKC", query or "")
    clauses: list[str] = []
    pos = 0
    for m in _CJK_RUN.finditer(query):
        clauses.extend(_word_clauses(query[pos : m.start()]))
        run = m.group()
        if len(run) == 1:
            clauses.append(f'"{run}"*')
        else:
            clauses.append('"' + " ".join(_bigrams(run)) + '"')
        pos = m.end()
    clauses.extend(_word_clauses(query[pos:]))
    return " AND ".join(clauses) if clauses else None


def _word_clauses(text: str) -> list[str]:
    return [f'"{w.lower()}"*' for w in _WORD.findall(text)]
