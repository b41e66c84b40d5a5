"""No query that touches every case when a duty tab opens, scrolls or sorts, or when a
search runs (issue 6.2): the statements the operations really send are captured and
SQLite's EXPLAIN QUERY PLAN must read `cases` only through an index range (SEARCH),
never SCAN it, and never sort it in a temporary B-tree. Planner statistics are taken
first (Store.close does so), as on a real workstation."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, text

from benchmarks.scale import bulk_cases
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.searchquery import CaseSort, SearchQuery, SortKey
from bjstc_desktop.workstation import Workstation
from tests.conftest import Station, make_station

TAB = "market"


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory) -> Station:
    """3,000 generated cases, with planner statistics."""
    st = make_station(tmp_path_factory.mktemp("plans") / "ws", officers={"zhang": (Level.SECRET, "all")})
    with st.open() as ws:
        bulk_cases(ws.store, 3000, batch=1000)
    with st.open() as ws:
        ws.store.optimize()
    return st


@contextmanager
def captured(ws: Workstation) -> Iterator[list[tuple[str, Any]]]:
    """The SELECT statements sent while the block runs, with their parameters."""
    seen: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(ws.store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(ws.store.engine, "before_cursor_execute", record)


def plans(ws: Workstation, action: Callable[[], object]) -> list[str]:
    """The query plan lines of every statement `action` sends that reads `cases`."""
    with captured(ws) as seen:
        action()
    lines: list[str] = []
    with ws.store.read() as s:
        conn = s.connection().connection.driver_connection
        for statement, parameters in seen:
            if not re.search(r"\bcases\b", statement):
                continue
            rows = conn.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            lines += [str(r[-1]) for r in rows]
            lines.append("--")
    assert lines, "the action read no cases"
    return lines


def assert_indexed(lines: list[str]) -> None:
    """`cases` is only ever searched through an index, and nothing is sorted afterwards."""
    bad = [ln for ln in lines if re.match(r"SCAN (cases|c)\b", ln) or "TEMP B-TREE" in ln]
    assert bad == [], "\n".join(lines)


def test_opening_and_scrolling_a_tab_reads_index_ranges(station: Station) -> None:
    with station.open() as ws:
        first = ws.cases.page(module=TAB)
        assert_indexed(plans(ws, lambda: ws.cases.page(module=TAB)))
        assert_indexed(plans(ws, lambda: ws.cases.page(module=TAB, cursor=first.cursor)))
        assert_indexed(plans(ws, lambda: ws.cases.page(module=TAB, case_type="tech_contract")))


@pytest.mark.parametrize("key", [k for k in SortKey if k is not SortKey.NEWEST])
@pytest.mark.parametrize("descending", [True, False])
def test_every_sort_reads_an_index_range(station: Station, key: SortKey, descending: bool) -> None:
    sort = CaseSort(key, descending)
    with station.open() as ws:
        first = ws.cases.page(module=TAB, sort=sort)
        lines = plans(ws, lambda: ws.cases.page(module=TAB, sort=sort))
        assert_indexed(lines)
        assert any("ix_cases_module_" in ln for ln in lines)
        assert_indexed(plans(ws, lambda: ws.cases.page(module=TAB, sort=sort, cursor=first.cursor)))
        tail = (None, first.rows[-1].id)  # the rows without a value (no due date), by id
        assert_indexed(plans(ws, lambda: ws.cases.page(module=TAB, sort=sort, cursor=tail)))


def test_tab_counts_do_not_read_the_cases(station: Station) -> None:
    with station.open() as ws:
        with captured(ws) as seen:
            ws.cases.counts()
        assert seen and not any(re.search(r"\bcases\b", s) for s, _ in seen)


def test_a_search_looks_cases_up_by_their_key(station: Station) -> None:
    with station.open() as ws:
        lines = plans(ws, lambda: ws.cases.search("海淀"))
        assert_indexed([ln for ln in lines if "TEMP B-TREE" not in ln])  # ranking sorts the hits, not the cases
        assert any(re.match(r"SEARCH (cases|c) USING INDEX sqlite_autoindex_cases_1 \(id=\?\)", ln) for ln in lines)
        assert not any("ix_cases_module_id (module=? AND id=?)" in ln for ln in lines)
        lines = plans(ws, lambda: ws.cases.search(query=SearchQuery(text="冰雪", module=TAB, state="受理")))
        assert any("sqlite_autoindex_cases_1 (id=?)" in ln for ln in lines)


def test_the_plans_are_read_from_a_store_with_statistics(station: Station) -> None:
    with station.open() as ws, ws.store.read() as s:
        assert s.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases'")).scalar_one() > 0


def test_the_workbench_walks_the_open_due_index(station: Station) -> None:
    """工作台's overdue list and count, and its upcoming list, read the open cases'
    due-date index in order: a backlog of any size costs a few hundred rows."""
    import datetime as dt

    with station.open() as ws:
        lines = plans(ws, lambda: ws.cases.due_summary(today=dt.date.today(), limit=50))
        assert_indexed(lines)
        searches = [ln for ln in lines if re.match(r"SEARCH (cases|c)\b", ln)]
        assert searches and all("ix_cases_open_due" in ln for ln in searches), "\n".join(lines)
