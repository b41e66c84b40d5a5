"""The case search index on either store: FTS5 on the embedded SQLCipher store, a
tsvector column with a GIN index on a hub's PostgreSQL (issue 19).

Both hold the same documents (store/blindindex.py: CJK bigrams and words at 公开, blind
tokens above) and answer the same MATCH expressions, which blindindex builds in FTS5's
syntax: quoted phrases, a trailing * for a prefix, AND, OR and parentheses. On
PostgreSQL the expression becomes a tsquery (a phrase's terms joined by <->, a prefix
as :*), and the document a tsvector literal with each term's positions, so a phrase
matches only in order, as in FTS5. No text-search configuration is involved (nothing
is stemmed or dropped): the terms are stored and queried exactly as made.
Ranks: FTS5's bm25 and minus PostgreSQL's ts_rank, so on both a smaller rank is better.

Ranges of documents (a hub only): store/searchranges.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Float, Integer, TextualSelect, text
from sqlalchemy.orm import Session

from bjstc_desktop.store.searchranges import lexeme as _quote
from bjstc_desktop.store.searchranges import newest_ranked, range_literal

TABLE = "case_search"
_MAX_POSITIONS = 255  # PostgreSQL keeps at most 256 positions of one lexeme
_MAX_POSITION = 16383
_TOKEN = re.compile(r'"([^"]*)"(\*?)|(\()|(\))|\b(AND|OR)\b|(\S)')


def on_hub(s: Session) -> bool:
    """Whether `s` works on a hub's PostgreSQL."""
    return s.get_bind().dialect.name == "postgresql"


def tsvector_literal(body: str, doc_id: int) -> str:
    """The tsvector literal of document `doc_id` of space-separated terms: the terms
    with their positions, and the lexeme of its range without one."""
    terms = terms_literal(body)
    return f"{terms} {range_literal(doc_id)}" if terms else range_literal(doc_id)


def terms_literal(body: str) -> str:
    """The terms of a document of space-separated terms as a tsvector literal, with
    positions (without the range: `tsvector_literal` adds it)."""
    positions: dict[str, list[int]] = {}
    for i, term in enumerate(body.split(), start=1):
        found = positions.setdefault(term, [])
        if len(found) < _MAX_POSITIONS:
            found.append(min(i, _MAX_POSITION))
    return " ".join(f"{_quote(t)}:{','.join(str(p) for p in sorted(set(ps)))}" for t, ps in positions.items())


def tsquery_literal(expression: str) -> str:
    """The tsquery of an FTS5 MATCH expression as blindindex writes them."""
    out: list[str] = []
    for m in _TOKEN.finditer(expression):
        phrase, star, opened, closed, op, other = m.groups()
        if phrase is not None:
            terms = phrase.split()
            if not terms:
                raise ValueError("empty phrase in a search expression")
            quoted = [_quote(t) for t in terms]
            if star:
                quoted[-1] += ":*"
            out.append(quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")")
        elif opened:
            out.append("(")
        elif closed:
            out.append(")")
        elif op:
            out.append("&" if op == "AND" else "|")
        elif other:
            raise ValueError(f"unexpected {other!r} in a search expression")
    return " ".join(out)


def remove(s: Session, doc_ids: Sequence[int]) -> None:
    """Remove these documents from the index."""
    for i in range(0, len(doc_ids), 500):
        chunk = ",".join(str(int(d)) for d in doc_ids[i : i + 500])
        if on_hub(s):
            s.execute(text(f"DELETE FROM case_search WHERE doc_id IN ({chunk})"))
        else:
            s.execute(text(f"DELETE FROM case_search WHERE rowid IN ({chunk})"))


def add(s: Session, docs: Sequence[tuple[int, str]]) -> None:
    """Index (doc_id, body of space-separated terms) pairs."""
    if not docs:
        return
    if on_hub(s):
        s.execute(text("INSERT INTO case_search (doc_id, body) VALUES (:r, CAST(:b AS tsvector))"),
                  [{"r": d, "b": tsvector_literal(b, d)} for d, b in docs])
    else:
        # the driver's own executemany (qmark parameters): the pairs need no processing
        s.connection().exec_driver_sql("INSERT INTO case_search(rowid, body) VALUES (?, ?)", [tuple(d) for d in docs])


def _query(s: Session, expression: str) -> str:
    return tsquery_literal(expression) if on_hub(s) else expression


def matching(s: Session, expression: str) -> list[str]:
    """Ids of the cases whose document matches `expression` (unfiltered)."""
    if on_hub(s):
        sql = ("SELECT d.case_id FROM case_search JOIN search_docs AS d ON d.doc_id = case_search.doc_id "
               "WHERE case_search.body @@ CAST(:e AS tsquery)")
    else:
        sql = ("SELECT d.case_id FROM case_search JOIN search_docs AS d "
               "ON d.doc_id = case_search.rowid WHERE case_search MATCH :e")
    return list(s.execute(text(sql), {"e": _query(s, expression)}).scalars())


@dataclass(frozen=True)
class Window:
    """The newest matches a search ranks first: from doc id `start` on; on a hub also
    every matching doc id of it and its rank (read once, by store/searchranges.py)."""

    start: int
    ids: tuple[int, ...] = ()
    ranks: tuple[float, ...] = ()


def window(s: Session, expression: str, skip: int) -> Window | None:
    """The window of the `skip`+1 newest matching documents (None: fewer match)."""
    if not on_hub(s):
        sql = "SELECT rowid FROM case_search WHERE case_search MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :n"
        found = s.execute(text(sql), {"q": expression, "n": skip}).scalar()
        return Window(int(found)) if found is not None else None
    _search_plans(s)
    found = newest_ranked(s, tsquery_literal(expression), skip + 1)
    if len(found) <= skip:
        return None
    ids, ranks = zip(*found[: skip + 1], strict=True)
    return Window(found[skip][0], ids, ranks)


def _search_plans(s: Session) -> None:
    """The plans of a search for the rest of this read (a hub). No parallel workers:
    starting them costs more than the few thousand rows a search reads (10-15 ms for a
    one-hit query). No hash or merge joins: the hits are joined to their cases by key,
    and the planner, guessing 15,000 hits for a prefix that has one, read all of
    search_docs to hash it (80 ms). Set once per transaction, in one statement (a
    search asks for them up to six times: its windows and their hits)."""
    transaction = s.get_transaction()
    if s.info.get(_PLANS_SET_IN) is transaction:
        return
    s.execute(text("SELECT set_config('max_parallel_workers_per_gather', '0', true), "
                   "set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)"))
    s.info[_PLANS_SET_IN] = transaction


_PLANS_SET_IN = "search plans set in"  # session.info key: the transaction whose plans are set


def hits(s: Session, since: bool, top: bool) -> TextualSelect:
    """The matching documents as (doc_id, rank), best (smallest) rank first when `top`,
    only the window's when `since`; parameters from `hits_parameters`, :top when `top`."""
    best = " ORDER BY rank LIMIT :top" if top else ""
    if on_hub(s) and since:  # the window's matches and their ranks: found once, by store/searchranges.py
        sql = f"SELECT doc_id, rank FROM unnest(CAST(:ids AS bigint[]), CAST(:ranks AS float8[])) AS hits(doc_id, rank){best}"
    elif on_hub(s):
        sql = f"SELECT doc_id, -ts_rank(body, CAST(:r AS tsquery)) AS rank FROM case_search WHERE body @@ CAST(:q AS tsquery){best}"
    else:
        where = " AND rowid >= :start" if since else ""
        sql = f"SELECT rowid AS doc_id, rank FROM case_search WHERE case_search MATCH :q{where}{best}"
    return text(sql).columns(doc_id=Integer, rank=Float)


def hits_parameters(s: Session, expression: str, found: Window | None) -> dict[str, object]:
    """The parameters of `hits` for an FTS5 `expression`, within `found` when given."""
    if not on_hub(s):
        return {"q": expression} if found is None else {"q": expression, "start": found.start}
    query = tsquery_literal(expression)
    _search_plans(s)
    if found is None:
        return {"q": query, "r": query}
    # Oldest first (the window is newest first), as the primary key handed them to the
    # ranking statement this replaced, so a top cuts ties where it did. One string each:
    # 2,000 ids dumped one by one cost 3 ms.
    return {"ids": "{" + ",".join(map(str, reversed(found.ids))) + "}",
            "ranks": "{" + ",".join(map(repr, reversed(found.ranks))) + "}"}


def create_table_sql(dialect: str) -> list[str]:
    """The statements that create the index (migration 0002)."""
    if dialect == "postgresql":
        return ["CREATE TABLE case_search (doc_id BIGINT PRIMARY KEY, body TSVECTOR NOT NULL)",
                "CREATE INDEX ix_case_search_body ON case_search USING GIN (body)"]
    # Contentless: the index holds tokens only; the text itself stays in the case tables.
    return ["CREATE VIRTUAL TABLE case_search USING fts5("
            "body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')"]
