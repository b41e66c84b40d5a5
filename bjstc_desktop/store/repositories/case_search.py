"""Ranked case search: FTS5 (a tsvector on a hub: store/searchindex.py) over CJK bigrams (core/searchtext.py), best match first
(bm25), with the structured filters of a SearchQuery, and only ever over the cases the
acting user may see (the filters include `visible_to`).

A query that is exactly a 案号 or a 发文字号 goes straight to that case (ranking such a
query would score every document against its year and 号). A query with filters
and no text lists the matching cases, newest first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, Subquery, select

from bjstc_desktop.core.searchquery import CaseSort, SearchQuery
from bjstc_desktop.core.searchtext import match_query
from bjstc_desktop.store import searchindex
from bjstc_desktop.store.blindindex import match_expression
from bjstc_desktop.store.models import Case, Letter, SearchDoc
from bjstc_desktop.store.repositories.case_lists import (
    LIST_COLUMNS,
    ListRow,
    opened_rows,
    sorted_page,
)
from bjstc_desktop.store.repositories.cases import CASES, CaseFilter, CaseRepository
from bjstc_desktop.store.sealing import keys_of


def filter_of(query: SearchQuery) -> CaseFilter:
    """The list filter of a search's structured part."""
    return CaseFilter(module=query.module, case_type=query.case_type, state=query.state,
                      overdue_on=query.overdue_on, district=query.district,
                      received_from=query.received_from, received_to=query.received_to)


def search_cases(repo: CaseRepository, query: SearchQuery) -> Sequence[ListRow]:
    """The visible cases matching `query`, best first, at most `query.limit`, as list
    rows (case_lists.ListRow: what a result shows, sealed titles opened, no ORM case)."""
    flt = filter_of(query)
    words = query.text.strip()
    if match_query(words) is None:  # no words, or only punctuation: the filters alone
        if not query.has_filters():
            return []
        return sorted_page(repo, flt, CaseSort(), None, query.limit).rows
    found = _exact_numbers(repo, words, flt)
    if found and not any(ch.isspace() for ch in words):
        return found[: query.limit]  # a whole 案号 or 发文字号 names its case
    seen = {c.id for c in found}
    found += [c for c in ranked_rows(repo, words, flt, query.limit) if c.id not in seen]
    return found[: query.limit]


def _exact_numbers(repo: CaseRepository, words: str, flt: CaseFilter) -> list[ListRow]:
    """The case whose 案号 is `words`, and the case of the letter whose 发文字号 is `words`."""
    by_letter = select(Letter.case_id).where(Letter.number == words).scalar_subquery()
    q = (select(*LIST_COLUMNS, CASES.sealed)
         .where(*repo.filtered(flt, by_id=True), (CASES.case_no == words) | (CASES.id == by_letter)))
    return opened_rows(repo.session, repo.session.execute(q).all())


def ranked(repo: CaseRepository, words: str, flt: CaseFilter, limit: int) -> list[Case]:
    """`ranked_rows` as ORM cases (an export reads their fields and parties)."""
    return _ranked(repo, words, flt, limit, lambda hits: select(Case).select_from(hits),
                   lambda result: list(result.scalars()))


def ranked_rows(repo: CaseRepository, words: str, flt: CaseFilter, limit: int) -> list[ListRow]:
    """The visible cases whose search document matches every part of `words`, best first
    (as plain terms at 公开, as the blind tokens of each level the user holds above), as
    list rows read in the ranking statement itself (a result row needs no ORM case).

    bm25 has to score every match before the best can be picked, and a two-character
    query can match a tenth of a million cases. So only the newest RANK_WINDOWS[0]
    matches are scored first (the index walks its lists backwards, unscored, to find
    where they start), and of those only the best TOP_FACTOR x `limit` are looked up in
    the case table (random reads of an encrypted file are the real cost). Only when the
    filters leave fewer than `limit` is every match of the window looked up, and then
    the window widened, at last to every match."""
    return _ranked(repo, words, flt, limit, lambda hits: select(*LIST_COLUMNS, CASES.sealed).select_from(hits),
                   lambda result: opened_rows(repo.session, result.all()))


RANK_WINDOWS = (2_000, 20_000)
TOP_FACTOR = 3
Found = TypeVar("Found", Case, ListRow)


def _ranked(repo: CaseRepository, words: str, flt: CaseFilter, limit: int, reading: Callable[[Subquery], Select[Any]],
            rows_of: Callable[[Any], list[Found]]) -> list[Found]:
    """`ranked_rows`, each case read by `reading` (a select from the hits) and made a
    result by `rows_of` (of the executed statement)."""
    expr = match_expression(words, keys_of(repo.session), int(repo.actor.clearance))
    if expr is None:
        return []
    rows: list[Found] = []
    for size in (*RANK_WINDOWS, None):
        window = searchindex.window(repo.session, expr, size - 1) if size is not None else None
        rows = rows_of(_ranked_since(repo, expr, flt, limit, window, TOP_FACTOR * limit, reading))
        if len(rows) < limit:
            rows = rows_of(_ranked_since(repo, expr, flt, limit, window, None, reading))
        if window is None or len(rows) >= limit:
            break
    return rows


def _ranked_since(repo: CaseRepository, expr: str, flt: CaseFilter, limit: int, window: searchindex.Window | None,
                  top: int | None, reading: Callable[[Subquery], Select[Any]]) -> Any:
    hits = searchindex.hits(repo.session, window is not None, top is not None).subquery("hits")
    q = (reading(hits)
         .join(SearchDoc, SearchDoc.doc_id == hits.c.doc_id)
         .join(Case, Case.id == SearchDoc.case_id)
         .where(*repo.filtered(flt, by_id=True))
         .order_by(hits.c.rank, CASES.id.desc()).limit(limit))
    params = searchindex.hits_parameters(repo.session, expr, window)
    if top is not None:
        params["top"] = top
    return repo.session.execute(q, params)
