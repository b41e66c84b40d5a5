"""Text to search terms, so two-character Chinese queries hit (王伟, 海淀, 冰雪).

FTS5's tokenizers do not split Chinese into words; like Lucene's CJKAnalyzer we index
overlapping bigrams of every run of CJK characters (a lone character stands as itself)
and leave other words to the unicode61 tokenizer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
    # Lowered once as a whole: the terms are Latin letters and digits or CJK, whose
    # lower case does not depend on the neighbours (no final sigma), so this is the
    # same as lowering each term.
    return " ".join(out).lower()


@dataclass(frozen=True)
class Clause:
    """One part of a query that a document must match: one term, or the bigrams of a
    run of Chinese characters in order (a phrase); `prefix`: terms that start with it."""

    terms: tuple[str, ...]
    prefix: bool = False


def query_clauses(query: str) -> list[Clause]:
    """The parts of an officer's query, all of which must match.

    Only the last word is matched as a prefix (the officer may still be typing it: a USCC
    or ID number in part), and a lone Chinese character only when it is the whole query
    (王). Earlier parts match whole terms: a prefix such as "2026"* or "号"* would merge
    the lists of a million documents, which is what made 案号 queries slow."""
    query = unicodedata.normalize("NFKC", query or "")
    tokens: list[tuple[bool, str]] = []  # (is a CJK run, text) in order
    pos = 0
    for m in _CJK_RUN.finditer(query):
        tokens.extend((False, w) for w in _WORD.findall(query[pos : m.start()]))
        tokens.append((True, m.group()))
        pos = m.end()
    tokens.extend((False, w) for w in _WORD.findall(query[pos:]))
    clauses: list[Clause] = []
    for i, (cjk, tok) in enumerate(tokens):
        last = i == len(tokens) - 1
        if cjk and len(tok) > 1:
            clauses.append(Clause(tuple(_bigrams(tok))))
        elif cjk:
            clauses.append(Clause((tok,), prefix=len(tokens) == 1))
        else:
            clauses.append(Clause((tok.lower(),), prefix=last))
    return clauses


def render_clauses(clauses: list[Clause]) -> str | None:
    """The FTS5 MATCH expression of `clauses` over plain terms (every term quoted, so no
    FTS syntax leaks in); None when there is nothing to match."""
    parts = [('"' + " ".join(c.terms) + '"') + ("*" if c.prefix else "") for c in clauses]
    return " AND ".join(parts) if parts else None


def match_query(query: str) -> str | None:
    """An FTS5 MATCH expression for an officer's query (all parts must match), or None
    when the query has nothing searchable."""
    return render_clauses(query_clauses(query))


def is_cjk(term: str) -> bool:
    """True when a term is Chinese (a bigram or a lone character)."""
    return bool(_CJK_RUN.match(term))


def query_terms(query: str) -> list[str]:
    """The parts of an officer's query as they would appear in a text: each run of
    Chinese characters and each word, in lower case (for `mentions`)."""
    query = unicodedata.normalize("NFKC", query or "")
    return [t.lower() for t in (*_CJK_RUN.findall(query), *_WORD.findall(query))]


def mentions(text: str, terms: list[str]) -> bool:
    """True when `text` contains any of `terms` (as query_terms gives them)."""
    folded = unicodedata.normalize("NFKC", text or "").lower()
    return any(t in folded for t in terms)
