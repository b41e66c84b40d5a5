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
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import Float, Integer, TextualSelect, text
from sqlalchemy.orm import Session

TABLE = "case_search"
_MAX_POSITIONS = 255  # PostgreSQL keeps at most 256 positions of one lexeme
_MAX_POSITION = 16383
_TOKEN = re.compile(r'"([^"]*)"(\*?)|(\()|(\))|\b(AND|OR)\b|(\S)')


def on_hub(s: Session) -> bool:
    """Whether `s` works on a hub's PostgreSQL."""
    return s.get_bind().dialect.name == "postgresql"


def _quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(body: str) -> str:
    """The tsvector literal of a document of space-separated terms, with positions."""
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
                  [{"r": d, "b": tsvector_literal(b)} for d, b in docs])
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


# On a hub the matches are found by the GIN index only, never by walking the primary key:
# with `ORDER BY doc_id DESC LIMIT` or `doc_id >= :start` PostgreSQL's planner walked
# case_search backwards by its key and tested every row's tsvector against the query
# (31,000 rows read for the 2,000 newest of 海淀 at 100,000 cases: 72-84 ms by EXPLAIN
# ANALYZE), where the GIN bitmap finds the 6,000 matches and sorts their ids in ~10 ms.
# `doc_id + 0` is the same value that no index orders, so the bitmap is the only plan.
_NOT_BY_KEY = "doc_id + 0"


def window_start(s: Session, expression: str, skip: int) -> int | None:
    """The doc id of the `skip`+1-th newest matching document (None: fewer match)."""
    if on_hub(s):
        sql = (f"SELECT doc_id FROM case_search WHERE body @@ CAST(:q AS tsquery) "
               f"ORDER BY {_NOT_BY_KEY} DESC LIMIT 1 OFFSET :n")
    else:
        sql = "SELECT rowid FROM case_search WHERE case_search MATCH :q ORDER BY rowid DESC LIMIT 1 OFFSET :n"
    found = s.execute(text(sql), {"q": _query(s, expression), "n": skip}).scalar()
    return int(found) if found is not None else None


def hits(s: Session, since: bool, top: bool) -> TextualSelect:
    """The matching documents as (doc_id, rank), best (smallest) rank first when `top`;
    parameters :q (from `query_parameter`), :start when `since`, :top when `top`."""
    if on_hub(s):
        where = f" AND {_NOT_BY_KEY} >= :start" if since else ""
        best = " ORDER BY rank LIMIT :top" if top else ""
        sql = (f"SELECT doc_id, -ts_rank(body, CAST(:q AS tsquery)) AS rank FROM case_search "
               f"WHERE body @@ CAST(:q AS tsquery){where}{best}")
    else:
        where = " AND rowid >= :start" if since else ""
        best = " ORDER BY rank LIMIT :top" if top else ""
        sql = f"SELECT rowid AS doc_id, rank FROM case_search WHERE case_search MATCH :q{where}{best}"
    return text(sql).columns(doc_id=Integer, rank=Float)


def query_parameter(s: Session, expression: str) -> str:
    """The :q parameter of `hits` for an FTS5 `expression`."""
    return _query(s, expression)


def create_table_sql(dialect: str) -> list[str]:
    """The statements that create the index (migration 0002)."""
    if dialect == "postgresql":
        return ["CREATE TABLE case_search (doc_id BIGINT PRIMARY KEY, body TSVECTOR NOT NULL)",
                "CREATE INDEX ix_case_search_body ON case_search USING GIN (body)"]
    # Contentless: the index holds tokens only; the text itself stays in the case tables.
    return ["CREATE VIRTUAL TABLE case_search USING fts5("
            "body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')"]
