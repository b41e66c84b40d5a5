"""The hub's search reads the window of newest matches out of the GIN index by ranges
of doc ids (issue 19 point 4; store/searchindex.py "Ranges of documents").

Each document carries the lexeme of its range; the window's statements AND the query
with the ranges they need. What must hold: the ranges change nothing a search finds
(every window start, every hit and rank, every search result equal to the statements
without ranges), every document carries its range however it was written, a hub made
before the ranges gets them at its migration, and the GIN index hands over only the
matches of the window's ranges (what makes it fast: not the whole list of a common
word). Ranges are made 32 doc ids wide here so that 1,000 cases span 32 of them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from benchmarks import scale
from bjstc_desktop.store import searchindex, searchranges
from bjstc_desktop.store.blindindex import match_expression
from bjstc_desktop.store.repositories import case_search
from bjstc_desktop.store.sealing import keys_of
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, Station
from tests.hub.conftest import make_hub_station
from tests.hub.office import make_office, require_hub

QUERIES = ("海淀", "量子通信", "海淀 人工智能", "王伟", "冰雪")
BITS = 5


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Station]:
    """A hub of 1,000 generated cases in ranges of 32, plus a few written by the program."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(searchranges, "RANGE_BITS", BITS)
        station = make_hub_station(tmp_path_factory.mktemp("ranges") / "hub")
        with station.open() as ws:
            specs = scale.case_specs(1_000, seed=7, today=dt.date(2026, 12, 7))
            assert scale.write_cases(ws.store, specs, batch=250) == 1_000
            for title in ("海淀区冰雪装备研发合同", "海淀区量子通信平台合同"):
                ws.cases.create("tech_contract", title, {"contract_type": "技术开发", "seller": "北京测试科技有限公司",
                                                         "seller_uscc": "91110000600037341L",
                                                         "contract_amount": "100万", "tech_amount": "80万"})
        yield station


@pytest.fixture(autouse=True)
def _narrow_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searchranges, "RANGE_BITS", BITS)


def _expression(ws: Workstation, words: str) -> str:
    with ws.store.read() as s:
        expr = match_expression(words, keys_of(s), int(ws.actor.clearance))
    assert expr is not None
    return expr


def _all_matches(s: Any, expr: str) -> list[int]:
    """Every matching doc id, newest first, by the statement without ranges."""
    sql = "SELECT doc_id FROM case_search WHERE body @@ CAST(:q AS tsquery) ORDER BY doc_id DESC"
    return list(s.execute(text(sql), {"q": searchindex.tsquery_literal(expr)}).scalars())


def test_every_document_carries_its_range_however_it_was_written(hub: Station) -> None:
    with hub.open() as ws, ws.store.read() as s:
        rows = s.execute(text("SELECT doc_id, tsvector_to_array(body) FROM case_search")).all()
    assert len(rows) == 1_002
    assert len({doc_id >> BITS for doc_id, _ in rows}) >= 30  # not vacuous: many ranges
    for doc_id, lexemes in rows:
        ranges = [x for x in lexemes if x.startswith("range ")]
        assert ranges == [f"range {doc_id >> BITS}"], (doc_id, ranges)


@pytest.mark.parametrize(("max_span", "rest_at_once"), [(16, 8_000), (2, 0), (64, 10**9)])
@pytest.mark.parametrize("words", QUERIES)
def test_the_window_is_what_the_statement_without_ranges_says(hub: Station, words: str, max_span: int,
                                                              rest_at_once: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its start and every doc id in it, with the ranges read as the program does, in
    short steps to the oldest, and at once after the first."""
    monkeypatch.setattr(searchranges, "MAX_SPAN", max_span)
    monkeypatch.setattr(searchranges, "REST_AT_ONCE", rest_at_once)
    with hub.open() as ws:
        expr = _expression(ws, words)
        with ws.store.read() as s:
            newest_first = _all_matches(s, expr)
            assert newest_first, words  # the words are in the generated cases
            for skip in sorted({0, 1, 2, 5, 17, 40, len(newest_first) // 2, len(newest_first) - 1}):
                if skip < len(newest_first):
                    found = searchindex.window(s, expr, skip)
                    assert found is not None and found.start == newest_first[skip], (words, skip)
                    assert found.ids == tuple(newest_first[: skip + 1]), (words, skip)
            assert searchindex.window(s, expr, len(newest_first)) is None
            assert searchindex.window(s, expr, len(newest_first) + 5) is None


@pytest.mark.parametrize("words", QUERIES)
def test_the_hits_of_a_window_are_those_without_ranges(hub: Station, words: str) -> None:
    with hub.open() as ws:
        expr = _expression(ws, words)
        with ws.store.read() as s:
            newest_first = _all_matches(s, expr)
            plain = ("SELECT doc_id, -ts_rank(body, CAST(:q AS tsquery)) FROM case_search "
                     "WHERE body @@ CAST(:q AS tsquery) AND doc_id >= :start")
            for skip in sorted({0, min(3, len(newest_first) - 1), len(newest_first) - 1}):
                found = searchindex.window(s, expr, skip)
                assert found is not None
                start = found.start
                got = s.execute(searchindex.hits(s, True, False), searchindex.hits_parameters(s, expr, found)).all()
                want = s.execute(text(plain), {"q": searchindex.tsquery_literal(expr), "start": start}).all()
                assert sorted(got) == sorted(want) and len(got) == skip + 1, (words, skip)
            every = s.execute(searchindex.hits(s, False, False), searchindex.hits_parameters(s, expr, None)).all()
            assert sorted(d for d, _ in every) == sorted(newest_first)


def test_the_window_ranks_each_match_as_ts_rank_over_the_query_without_ranges(hub: Station) -> None:
    """The ranks read with the window (store/searchranges.py `_NEWEST`) are those
    of the ranking statement they replaced: -ts_rank over the query without the ranges."""
    apart = 0
    with hub.open() as ws:
        for words in QUERIES:
            expr = _expression(ws, words)
            with ws.store.read() as s:
                newest_first = _all_matches(s, expr)
                found = searchindex.window(s, expr, len(newest_first) - 1)
                assert found is not None and len(found.ranks) == len(newest_first) >= 1
                plain = ("SELECT doc_id, -ts_rank(body, CAST(:q AS tsquery)) FROM case_search "
                         "WHERE doc_id = ANY(CAST(:ids AS bigint[]))")
                ids = "{" + ",".join(map(str, found.ids)) + "}"
                want = dict(s.execute(text(plain), {"q": searchindex.tsquery_literal(expr), "ids": ids}).all())
            assert dict(zip(found.ids, found.ranks, strict=True)) == want, words
            apart += len(set(want.values())) > 1
    assert apart  # not vacuous: some query's matches are ranked apart


def test_a_search_reads_the_documents_of_its_window_once(hub: Station, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's matches are ranked by the statements that find them, not looked up
    again in case_search by key to be ranked (a query with fewer matches than a window
    is ranked by its one statement without ranges)."""
    monkeypatch.setattr(case_search, "RANK_WINDOWS", (8, 40))  # windows that the 1,000 cases fill
    sent: list[str] = []
    with hub.open() as ws:
        def keep(_c: Any, _cur: Any, statement: str, *_rest: Any) -> None:
            if "case_search" in statement:
                sent.append(statement)

        event.listen(ws.store.engine, "before_cursor_execute", keep)
        for words in QUERIES:
            assert ws.cases.search(words), words
        event.remove(ws.store.engine, "before_cursor_execute", keep)
    assert any("ORDER BY doc_id + 0 DESC LIMIT" in sql for sql in sent)  # not vacuous: windows were read
    assert [sql for sql in sent if "ANY(" in sql.replace(" ", "")] == []


def test_search_results_show_what_the_cases_hold(hub: Station) -> None:
    """The results are read as list rows (case_lists.ListRow), not ORM cases: each view
    is the one built from the ORM case (sealed titles opened alike)."""
    from bjstc_desktop.ops.views import case_view
    from bjstc_desktop.store.models import Case
    from bjstc_desktop.store.repositories.users import user_names

    with hub.open() as ws:
        shown = {words: ws.cases.search(words) for words in QUERIES}
        with ws.store.read() as s:
            names = user_names(s)
            for words, views in shown.items():
                assert views, words
                for view in views:
                    case = s.get(Case, view.id)
                    assert case is not None
                    want = case_view(case, names.get(case.handler_id))
                    assert (view.title, view.case_no, view.state, view.classification, view.due, view.handler,
                            view.district, view.received_on) == (want.title, want.case_no, want.state,
                                                                 want.classification, want.due, want.handler,
                                                                 want.district, want.received_on), words
    # not vacuous: classified cases (their titles sealed, store/sealing.py) are among them
    assert len({v.classification for views in shown.values() for v in views}) > 1


def test_search_finds_what_it_found_without_ranges(hub: Station, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_search, "RANK_WINDOWS", (8, 40))  # windows that the 1,000 cases fill
    with hub.open() as ws:
        with_ranges = {q: [c.id for c in ws.cases.search(q)] for q in QUERIES}
        monkeypatch.setattr(searchranges, "within", lambda query, _low, _high: query)
        without = {q: [c.id for c in ws.cases.search(q)] for q in QUERIES}
    assert with_ranges == without
    assert all(with_ranges.values())


def _gin_rows(plan: Any) -> list[int]:
    """The actual rows of every scan of the GIN index in an EXPLAIN (ANALYZE, FORMAT JSON) plan."""
    found = []
    if plan.get("Index Name") == "ix_case_search_body":
        found.append(int(plan["Actual Rows"]))
    for child in plan.get("Plans", ()):
        found += _gin_rows(child)
    return found


def test_the_gin_index_hands_over_only_the_windows_ranges(hub: Station, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searchranges, "REST_AT_ONCE", 0)  # ranges to the end: 1,000 cases are few
    sent: list[tuple[str, dict[str, Any]]] = []
    with hub.open() as ws:
        expr = _expression(ws, "海淀")
        with ws.store.read() as s:
            newest_first = _all_matches(s, expr)
            assert len(newest_first) >= 40
            real = s.execute

            def keep(statement: Any, params: Any = None, *args: Any, **kwargs: Any) -> Any:
                if "ORDER BY doc_id + 0 DESC LIMIT" in str(statement):
                    sent.append((str(statement), dict(params)))
                return real(statement, params, *args, **kwargs)

            monkeypatch.setattr(s, "execute", keep)
            found = searchindex.window(s, expr, 4)
            monkeypatch.setattr(s, "execute", real)
            assert found is not None and sent
            assert all("'range " in params["q"] for _, params in sent)
            for sql, params in sent:
                s.execute(text("SET LOCAL enable_seqscan = off"))
                plan = s.execute(text("EXPLAIN (ANALYZE, FORMAT JSON) " + sql), params).scalar()
                plan = json.loads(plan) if isinstance(plan, str) else plan
                assert max(_gin_rows(plan[0]["Plan"])) < len(newest_first) / 4, (sql, params)


def test_a_hub_made_before_the_ranges_gets_them_at_its_migration(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    require_hub()
    monkeypatch.setattr(searchranges, "RANGE_BITS", 12)  # the migration's own width
    office = make_office(tmp_path / "office")
    with office.connect("owner-of-the-hub") as conn:  # as a hub at 0010_hub_blobs had them: no ranges
        conn.execute("UPDATE case_search SET body = ts_delete(body, 'range ' || (doc_id >> 12))")
        conn.execute("UPDATE alembic_version SET version_num = '0010_hub_blobs'")
        before = conn.execute("SELECT count(*) FROM case_search WHERE tsvector_to_array(body)::text LIKE '%range%'")
        assert before.fetchone() == (0,)
    with Workstation.open(office.data_dir, "admin", ADMIN_PASS, wait_for_delay=False) as ws:  # the owner's URL
        assert ws.actor.name == "admin"
    with office.connect("owner-of-the-hub") as conn:
        rows = conn.execute("SELECT doc_id, tsvector_to_array(body) FROM case_search").fetchall()
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0011_search_ranges",)
    assert len(rows) == len(office.cases)
    for doc_id, lexemes in rows:
        assert [x for x in lexemes if x.startswith("range ")] == [f"range {doc_id >> 12}"]
    with office.open("high") as ws:
        assert [c.id for c in ws.cases.search("合同乙方案")] == [office.cases["secret"]]


def test_a_search_sets_its_plans_once_for_its_own_read(hub: Station) -> None:
    with hub.open() as ws:
        expr = _expression(ws, "海淀")
        with ws.store.read() as s:
            sent: list[str] = []
            conn = s.connection()
            def keep(_c: Any, _cur: Any, statement: str, *_rest: Any) -> None:
                sent.append(statement)

            event.listen(conn, "before_cursor_execute", keep)
            found = searchindex.window(s, expr, 4)
            s.execute(searchindex.hits(s, True, True), {**searchindex.hits_parameters(s, expr, found), "top": 10})
            s.execute(searchindex.hits(s, True, False), searchindex.hits_parameters(s, expr, found))
            event.remove(conn, "before_cursor_execute", keep)
            assert sum("set_config" in x for x in sent) == 1
            assert s.execute(text("SHOW enable_hashjoin")).scalar() == "off"
        with ws.store.read() as s:  # the next read plans as the server is set
            assert s.execute(text("SHOW enable_hashjoin")).scalar() == "on"
            searchindex.hits_parameters(s, expr, None)
            assert s.execute(text("SHOW max_parallel_workers_per_gather")).scalar() == "0"


def test_a_phrase_is_loosened_to_its_lexemes_anded_outside_quotes_only() -> None:
    """A phrase's window is found by its bigrams ANDed, a query every phrase match also
    matches: each phrase operator outside a quoted lexeme becomes `&`; a lexeme that holds
    `<->` or `<1>` keeps it; a query with a negation is not loosened (`!a <-> b` is not
    implied by `!a & b`). That the windows found so are the same is shown by the window
    tests above, whose queries include phrases."""
    loosened = searchranges.loosened
    assert loosened("'海淀' & ( '人工' <-> '工智' <-> '智能' )") == "'海淀' & ( '人工' & '工智' & '智能' )"
    assert loosened("'a' <2> 'b' | 'c'") == "'a' & 'b' | 'c'"
    assert loosened("'a<->b' <-> 'it''s <1>'") == "'a<->b' & 'it''s <1>'"
    assert loosened("!'a' <-> 'b'") == "!'a' <-> 'b'"
    assert loosened("'冰雪' & 'ωabc'") == "'冰雪' & 'ωabc'"  # no phrase: the query itself
