"""The hub's search reads its matches through the GIN index, never by walking
case_search's primary key (issue 19 point 4; store/searchindex.py `_NOT_BY_KEY`).

At 100,000 generated cases PostgreSQL's planner chose, for the newest matches of a common
word, a backward walk of the primary key testing each row's tsvector (31,000 rows for 海淀:
72-84 ms by EXPLAIN ANALYZE) over the GIN bitmap (~10 ms). A small test store does not
lead the planner there by its statistics, so the plans of every statement a search sends
that reads case_search are asked of the server with the other plans priced out: with
sequential scans off the window's newest matches come from the GIN index, and with
bitmap scans off too (the primary
key's walk is then the cheapest plan left to a statement that allows it) still no
statement may walk case_search's primary key newest first or read the window's range
by it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from benchmarks import scale
from tests.conftest import Station
from tests.hub.conftest import make_hub_station

QUERIES = ("海淀", "量子通信", "海淀 人工智能", "王伟")


def _search_statements(station: Station, query: str) -> list[tuple[str, Any]]:
    """The statements (and parameters) `ws.cases.search(query)` sends that read case_search."""
    sent: list[tuple[str, Any]] = []
    with station.open() as ws:
        def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
            if "case_search" in statement:
                sent.append((statement, parameters))

        event.listen(ws.store.engine, "before_cursor_execute", keep)
        assert ws.cases.search(query), query  # not vacuous: the word is in the generated cases
        event.remove(ws.store.engine, "before_cursor_execute", keep)
    return sent


def _window(sql: str) -> bool:
    """Whether `sql` asks for the window's newest matches (store/searchranges.py: a phrase's
    statement sorts its candidates, then stops at the window's size)."""
    return "ORDER BY doc_id + 0 DESC" in sql


def _plan(raw: Any, sql: str, params: Any) -> str:
    return "\n".join(row[0] for row in raw.execute("EXPLAIN " + sql, params).fetchall())


def test_search_finds_its_matches_by_the_gin_index(tmp_path: Path) -> None:
    station = make_hub_station(tmp_path / "hub")
    with station.open() as ws:
        specs = scale.case_specs(1_000, seed=5, today=dt.date(2026, 12, 7))
        assert scale.write_cases(ws.store, specs, batch=500) == 1_000
    for query in QUERIES:
        statements = _search_statements(station, query)
        assert any(_window(sql) for sql, _ in statements), "no window was asked for"
        with station.open() as ws, ws.store.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("SET enable_seqscan = off")
            for sql, params in statements:
                if _window(sql):  # the window: the newest matches, from the GIN index
                    plan = _plan(raw, sql, params)
                    assert "ix_case_search_body" in plan, f"{query}: {sql}\n{plan}"
            raw.execute("SET enable_bitmapscan = off")
            for sql, params in statements:
                plan = _plan(raw, sql, params)
                # neither the newest-first walk nor the window's range by the key (a merge join may still use it)
                assert "Backward using case_search_pkey" not in plan, f"{query}: {sql}\n{plan}"
                assert "Index Cond: (doc_id >=" not in plan, f"{query}: {sql}\n{plan}"
            raw.rollback()
        with station.open() as ws, ws.store.read() as s:  # the cases are all there to be found
            assert s.execute(text("SELECT count(*) FROM case_search")).scalar_one() == 1_000
