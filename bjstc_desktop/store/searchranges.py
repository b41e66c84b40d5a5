"""Ranges of documents on a hub: every document of case_search carries the lexeme of its
range of 2^RANGE_BITS doc ids (`range 15`: it has a space, which no term of a document
has, and no position, so no phrase touches it; store/searchindex.py writes it), and the
window of a search's newest matches is read from the GIN index range by range. The
rank is computed over the query without the ranges.

A search ranks only the newest matches first (store/repositories/case_search.py). FTS5
walks its lists by doc id and stops; a GIN index hands over every match of its lists
unordered, and each costs a visit of its heap row (a phrase is checked there too). So
the query is ANDed with the newest ranges that should hold the matches needed, at the
density of matches found so far, then with older ranges, until enough are found; a
query whose remaining matches are few is asked once more without ranges.

Two costs are balanced. The GIN index walks the rarest lists of a query and skips
through the others; a range's list (4,096 documents) is shorter than a common word's,
so the ranges are walked, all of them: many ranges at once cost more than the word
(141 ranges for 海淀 人工智能 at a million: 577,000 entries, 325 ms). Without ranges,
every match of the whole hub is visited (海淀: 62,000). Hence at most MAX_SPAN ranges a
statement, and no ranges once at most REST_AT_ONCE matches are expected to remain.
"""

from __future__ import annotations

from operator import itemgetter

from sqlalchemy import text
from sqlalchemy.orm import Session

RANGE_BITS = 12  # 4,096 doc ids per range
MAX_SPAN = 16
REST_AT_ONCE = 8_000
# The matches are never found by walking case_search's primary key: with `ORDER BY doc_id
# DESC LIMIT` PostgreSQL's planner walked it backwards testing every row's tsvector
# (31,000 rows for the 2,000 newest of 海淀 at 100,000 cases: 72-84 ms), where the GIN
# bitmap finds them in ~10 ms. `doc_id + 0` is the same value that no index orders.
# Each match of the window is ranked as it is found, over the rows the statement has just
# read: the outer select ranks only what the LIMIT keeps (never the rest of the bitmap's
# matches), so no second statement looks the window's 2,000 documents up again by key to
# rank them (at a million cases that pass cost 9.7 ms of server CPU for 海淀, finding the
# window 4.7 ms; the two in one statement 11.0 ms).
_NEWEST = ("SELECT doc_id, -ts_rank(body, CAST(:r AS tsquery)) AS rank FROM "
           "(SELECT doc_id, body FROM case_search WHERE body @@ CAST(:q AS tsquery){below} "
           "ORDER BY doc_id + 0 DESC LIMIT :n) AS newest")


# A phrase (`<->`: a word of more than two characters, as bigrams) is checked on each
# candidate's tsvector, read from its row (often from TOAST): the GIN index cannot tell
# positions. So a phrase's window is found by its bigrams ANDed (which the index answers
# exactly, no row's tsvector read), newest first, and the phrase checked on those rows in
# that order only until the window is full (`OFFSET 0` keeps the planner from checking
# it on every candidate). The same window: the phrase still decides every member. At a
# million cases 海淀 人工智能 has 3,444 matches and a window of 2,000; they were all
# read and checked.
_NEWEST_PHRASE = ("SELECT doc_id, -ts_rank(body, CAST(:r AS tsquery)) AS rank FROM "
                  "(SELECT doc_id, body FROM (SELECT doc_id, body FROM case_search "
                  "WHERE body @@ CAST(:loose AS tsquery){below} ORDER BY doc_id + 0 DESC OFFSET 0) AS candidates "
                  "WHERE body @@ CAST(:q AS tsquery) LIMIT :n) AS newest")


def loosened(query: str) -> str:
    """The tsquery literal `query` with every phrase operator (`<->`, `<N>`) outside its
    quoted lexemes made `&`: true of every document `query` is true of (`query` as
    searchtext builds it has no negation; one with `!` is returned as it is)."""
    out: list[str] = []
    quoted = False
    i = 0
    while i < len(query):
        ch = query[i]
        if ch == "'":
            if quoted and query.startswith("''", i):  # a quote inside a lexeme
                out.append("''")
                i += 2
                continue
            quoted = not quoted
        elif not quoted and ch == "!":
            return query
        elif not quoted and ch == "<" and (end := query.find(">", i)) > i and \
                (query[i + 1:end] == "-" or query[i + 1:end].isdigit()):
            out.append("&")
            i = end + 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def newest_ranked(s: Session, query: str, need: int) -> list[tuple[int, float]]:
    """The `need` newest documents matching the tsquery `query`, newest first (fewer when
    fewer match), as (doc id, rank): minus its ts_rank over `query`, as
    store/searchindex.hits ranks (smaller is better)."""
    top = s.execute(text("SELECT max(doc_id) FROM search_docs")).scalar()
    if top is None:
        return []
    top = int(top)
    bits = RANGE_BITS
    found: list[tuple[int, float]] = []
    high = range_of(top)
    span = 1 if top - (high << bits) + 1 >= (1 << bits) // 2 else 2  # the newest range may be nearly empty

    loose = loosened(query)

    def read(q: str, loose_q: str, below: int | None) -> list[tuple[int, float]]:
        params: dict[str, object] = {"q": q, "r": query, "n": need - len(found)}
        if below is not None:
            params["below"] = below
        statement = _NEWEST
        if loose != query:
            statement = _NEWEST_PHRASE
            params["loose"] = loose_q
        sql = statement.format(below="" if below is None else " AND doc_id + 0 < :below")
        rows = s.execute(text(sql), params).all()
        # newest first: the outer select is not bound to keep its subquery's order
        return sorted(((int(d), float(r)) for d, r in rows), key=itemgetter(0), reverse=True)

    while True:
        low = max(0, high - span + 1)
        found += read(within(query, low, high), within(loose, low, high), None)
        if len(found) >= need or low == 0:
            return found
        searched, older = top - (low << bits) + 1, low << bits
        if len(found) * older <= REST_AT_ONCE * searched:  # few left at this density: the rest at once
            return found + read(query, loose, older)
        wanted = (need - len(found)) * searched * 5 // (4 * len(found))  # documents, a quarter more
        span = min(MAX_SPAN, max(1, -(-wanted >> bits)))
        high = low - 1


def lexeme(term: str) -> str:
    """`term` quoted as one lexeme of a tsvector or tsquery literal."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def range_of(doc_id: int) -> int:
    """The range of documents that `doc_id` belongs to."""
    return int(doc_id) >> RANGE_BITS


def range_literal(doc_id: int) -> str:
    """The lexeme of `doc_id`'s range, quoted for a tsvector or tsquery literal."""
    return lexeme(f"range {range_of(doc_id)}")


def within(query: str, low: int, high: int) -> str:
    """The tsquery `query` limited to the documents of ranges `low`..`high`."""
    ranges = " | ".join(lexeme(f"range {r}") for r in range(low, high + 1))
    return f"( {query} ) & ( {ranges} )"
