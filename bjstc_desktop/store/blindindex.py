"""The search index of classified cases: blind tokens instead of words.

A 公开 case is indexed with its terms (core/searchtext.py: CJK bigrams and words). A
case above 公开 is indexed with *tokens*: ω + 64 bits of HMAC(the level's search key,
term), so the FTS5 table holds no word of it. Each document's tokens are a set, sorted
by value: no term frequency, no positions, no order, so nothing tells which bigram
followed which. For prefix queries (the last word typed in part, a lone character
alone) the document also carries a token for every prefix of each word and for the
first character of each Chinese term.

A query is matched as plain terms against 公开 documents and, for every level the user
holds a key of up to his clearance, as that level's tokens: (plain) OR (level 1 tokens)
OR (level 2 tokens). A phrase of bigrams (冰雪装备) matches a classified document that
holds all its bigrams, in any order. No plain term can start with ω, so a plain prefix
query never matches a token.

What the tokens leak to someone holding only the data key is in docs/security.md: for
each level, which documents share a (unknown) term, how many distinct terms a document
has, and how often each token occurs.
"""

from __future__ import annotations

from bjstc_desktop.core.searchtext import Clause, index_terms, is_cjk, query_clauses, render_clauses
from bjstc_desktop.store.levelkeys import ContentKeys

MAX_PREFIX = 24  # prefixes of longer words stop here (an 18-character ID number fits)
_TERM = "t"
_PREFIX = "p"


def _prefixes(term: str) -> list[str]:
    if is_cjk(term):
        return [term[0]]
    return [term[:k] for k in range(1, min(len(term), MAX_PREFIX) + 1)]


def document_terms(level: int, text: str, keys: ContentKeys) -> str:
    """What to index for `text` of a case at `level`: its terms at 公开, else tokens."""
    terms = index_terms(text)
    if level <= 0:
        return terms
    tokens = set()
    for term in set(terms.split()):
        tokens.add(keys.token(level, _TERM, term))
        tokens.update(keys.token(level, _PREFIX, p) for p in _prefixes(term))
    return " ".join(sorted(tokens))


def _blind(clauses: list[Clause], level: int, keys: ContentKeys) -> str:
    parts = []
    for c in clauses:
        if c.prefix:
            parts.append(f'"{keys.token(level, _PREFIX, c.terms[0][:MAX_PREFIX])}"')
        else:
            parts.extend(f'"{keys.token(level, _TERM, t)}"' for t in c.terms)
    return " AND ".join(parts)


def match_expression(query: str, keys: ContentKeys, clearance: int) -> str | None:
    """The MATCH expression of an officer's query over 公开 terms and the tokens of every
    level he holds up to `clearance`; None when the query has nothing searchable."""
    clauses = query_clauses(query)
    plain = render_clauses(clauses)
    if plain is None:
        return None
    levels = [lv for lv in keys.levels() if lv <= clearance]
    if not levels:
        return plain
    return " OR ".join([f"({plain})", *(f"({_blind(clauses, lv, keys)})" for lv in levels)])


def any_term_expression(terms: list[str], keys: ContentKeys, clearance: int) -> str | None:
    """A MATCH expression for classified documents holding any of `terms` whole (a USCC,
    an ID number) at the levels the user holds up to `clearance`; None when he holds none."""
    levels = [lv for lv in keys.levels() if lv <= clearance]
    tokens = [f'"{keys.token(lv, _TERM, t.lower())}"' for t in terms for lv in levels]
    return " OR ".join(tokens) if tokens else None
