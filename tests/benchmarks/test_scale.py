"""The bulk generator of benchmarks/scale.py writes what the program writes.

Two copies of one workstation (same node, same level keys): in one the cases are
written by the generator (prepared statements, executemany, worker processes), in the
other the same cases go through the program's own write path: Case, CaseField and
TimelineEvent objects flushed by the ORM (whose events seal them, store/sealing.py) and
the search documents made by `index_cases` from the stored rows, as the repository's
`reindex` does. The read paths `bench_search` measures must not tell them apart:
searches, every list page in every order, tab counts, the rows as stored, and
`audit verify` still passes. The same on an office hub's PostgreSQL (issue 19 point 4),
where the generator writes by COPY and builds the GIN index once after the load."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from benchmarks import scale
from benchmarks.bench_search import WORDS
from bjstc_desktop.core.searchquery import CaseSort, SortKey
from bjstc_desktop.store import searchindex
from bjstc_desktop.store.models import Case, CaseField, TimelineEvent
from bjstc_desktop.store.repositories.case_index import index_cases
from bjstc_desktop.workstation import Workstation
from tests.conftest import AUDITOR_PASS, Station, copy_station, hub_available

N = 90
TODAY = dt.date(2026, 12, 7)
SPECS = list(scale.case_specs(N, seed=11, today=TODAY))


def _through_the_orm(ws: Workstation, specs: list[scale.CaseSpec]) -> None:
    """The same cases written as the program writes rows: ORM objects, then the index."""
    with ws.store.read() as s:
        user_id = s.execute(text("SELECT id FROM users WHERE name = 'zhang'")).scalar_one()
    with ws.store.write() as s:
        cases = []
        for spec in specs:
            case = Case(id=spec.id, case_no=spec.case_no, module=spec.module, case_type=spec.case_type,
                        title=spec.title, state=spec.state, handler_id=user_id, office="", district=spec.district,
                        classification=spec.classification, received_on=spec.received_on, due_on=spec.due_on,
                        closed_on=spec.closed_on, due_verified=True, created_by=user_id)
            s.add(case)
            cases.append(case)
            for key, kind, tv, iv in spec.fields():
                s.add(CaseField(case_id=spec.id, key=key, kind=kind, text_value=tv, int_value=iv))
            s.add(TimelineEvent(id=spec.event_id, case_id=spec.id, actor_id=user_id, action="create",
                                from_state=None, to_state=spec.state, opinion=spec.note))
        s.flush()
        index_cases(s, cases)


@pytest.fixture(params=["three", "three-hub"])
def pair(request: pytest.FixtureRequest, tmp_path: Path, _station_templates: dict[str, Station]) -> tuple[Station, Station]:
    """(generated, written through the ORM): the same workstation twice, the same cases;
    on the embedded store and on a hub (a database of the session's throw-away cluster)."""
    if request.param.endswith("-hub") and (os.environ.get("BJSTC_HUB_TESTS", "1") == "0" or not hub_available()):
        pytest.skip("the hub runs are left out (BJSTC_HUB_TESTS=0 or no PostgreSQL)")
    generated = copy_station(_station_templates[request.param], tmp_path / "generated")
    orm = copy_station(_station_templates[request.param], tmp_path / "orm")
    with generated.open() as ws:
        # small batches and two worker processes: the order of batches is the order of cases
        assert scale.write_cases(ws.store, iter(SPECS), batch=7, workers=2) == N
    with orm.open() as ws:
        _through_the_orm(ws, SPECS)
    return generated, orm


def _stored(ws: Workstation) -> dict[str, Any]:
    """The rows as stored: every column, ciphertext replaced by whether it is there (its
    nonce is random), the write times left out (they are the clock's)."""
    out: dict[str, Any] = {}
    with ws.store.read() as s:
        for table, order, skip in (("cases", "id", {"created_at", "updated_at"}),
                                   ("case_fields", "case_id, key", set()),
                                   ("timeline_events", "id", {"at"}),
                                   ("search_docs", "doc_id", set()),
                                   ("case_tallies", "module, classification", set())):
            result = s.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))
            cols = list(result.keys())
            out[table] = [{c: (v is not None if c == "sealed" else v) for c, v in zip(cols, row, strict=True)
                           if c not in skip} for row in result]
    out["case_search"] = _index(ws)
    return out


def _index(ws: Workstation) -> list[tuple[int, str, int]]:
    """The search index as stored: (document, term, position) of every entry. The FTS5
    table is contentless, so its entries are read through an fts5vocab table; a hub's
    tsvectors are unnested."""
    with ws.store.read() as s:
        if searchindex.on_hub(s):
            rows = s.execute(text("SELECT d.doc_id, t.lexeme, p FROM case_search AS d, unnest(d.body) AS t, "
                                  "unnest(t.positions) AS p ORDER BY 1, 3, 2")).all()
            return [tuple(r) for r in rows]
        s.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab "
                       "USING fts5vocab(main, case_search, instance)"))
        rows = s.execute(text("SELECT doc, term, \"offset\" FROM temp.bench_vocab ORDER BY doc, \"offset\", term")).all()
    return [tuple(r) for r in rows]


def _opened(ws: Workstation) -> list[tuple[Any, ...]]:
    """Every case, field and timeline step read back as objects (sealed ones opened)."""
    with ws.store.read() as s:
        cases = [(c.id, c.title, c.classification, c.state, c.case_no) for c in s.execute(select(Case)).scalars()]
        fields = [(f.case_id, f.key, f.text_value, f.int_value) for f in s.execute(select(CaseField)).scalars()]
        events = [(e.case_id, e.opinion, e.level) for e in s.execute(select(TimelineEvent)).scalars()]
    return sorted(cases) + sorted(fields, key=repr) + sorted(events, key=repr)


def _reads(ws: Workstation) -> dict[str, Any]:
    """What bench_search measures, as the officer sees it."""
    spec = SPECS[17]
    queries = [*WORDS, spec.case_no, spec.uscc, spec.id_number, spec.uscc[:10], spec.leader, spec.note[:4]]
    out: dict[str, Any] = {"search": {q: [(v.id, v.title) for v in ws.cases.search(q)] for q in queries},
                           "counts": ws.cases.counts()}
    for module in sorted({s.module for s in SPECS}):
        for key in SortKey:
            for descending in (True, False):
                first = ws.cases.page(module=module, sort=CaseSort(key, descending), limit=4, today=TODAY)
                rest = ws.cases.page(module=module, sort=CaseSort(key, descending), cursor=first.cursor,
                                    limit=100, today=TODAY)
                out[f"{module} {key.value} {descending}"] = first.rows + rest.rows
    return out


def test_generated_store_reads_as_one_written_by_the_program(pair: tuple[Station, Station]) -> None:
    generated, orm = pair
    with generated.open() as g, orm.open() as o:
        assert _stored(g) == _stored(o)
        assert _opened(g) == _opened(o)
        reads = _reads(g)
        assert reads == _reads(o)
    # the queries are not vacuous: classified and 公开 cases are among the hits
    hit_ids = {i for hits in reads["search"].values() for i, _ in hits}
    levels = {s.classification for s in SPECS if s.id in hit_ids}
    assert levels == {0, 1, 2}
    assert all(reads["search"][q] for q in (SPECS[17].case_no, SPECS[17].uscc, SPECS[17].id_number))
    assert sum(reads["counts"].values()) == N


def test_generated_store_is_sealed_where_the_program_seals(pair: tuple[Station, Station]) -> None:
    """Above 公开 no title, field value, opinion or index word is left in the columns."""
    generated, _ = pair
    with generated.open() as ws, ws.store.read() as s:
        secret = [sp for sp in SPECS if sp.classification > 0]
        assert secret
        titles = set(s.execute(text("SELECT title FROM cases WHERE classification > 0")).scalars())
        assert titles == {""}
        plain = s.execute(text("SELECT count(*) FROM case_fields WHERE level > 0 AND (text_value IS NOT NULL "
                               "OR int_value IS NOT NULL)")).scalar_one()
        assert plain == 0
        level_of = dict(s.execute(text("SELECT d.doc_id, c.classification FROM search_docs d "
                                       "JOIN cases c ON c.id = d.case_id")).all())
    terms: dict[int, list[str]] = {}
    for doc, term, _ in _index(ws):
        terms.setdefault(doc, []).append(term)
    assert sorted(terms) == sorted(level_of) and len(terms) == N
    for doc, level in level_of.items():
        assert all(t.startswith("ω") for t in terms[doc]) == (level > 0), (doc, level, terms[doc][:5])


def test_generated_index_is_what_index_cases_makes(pair: tuple[Station, Station]) -> None:
    """Re-indexing every generated case with the program's own indexer changes nothing."""
    generated, _ = pair
    with generated.open() as ws:
        before = _index(ws)
        with ws.store.write() as s:
            index_cases(s, list(s.execute(select(Case)).scalars()))
        after = _index(ws)
    assert before == after
    assert len({doc for doc, _, _ in before}) == N


def test_audit_verifies_on_both(pair: tuple[Station, Station]) -> None:
    for station in pair:
        with station.open("shen", AUDITOR_PASS) as auditor:
            result = auditor.admin.verify_audit()
            assert result.ok, result.reason



def test_generated_hub_has_its_search_index_again(pair: tuple[Station, Station]) -> None:
    """Into an empty hub the generator drops the GIN index for the load and makes it again
    with the migration's own statement; the searches of `_reads` use it, and new doc ids
    continue after the generated ones."""
    generated, _ = pair
    with generated.open() as ws, ws.store.read() as s:
        if not searchindex.on_hub(s):
            pytest.skip("the GIN index is the hub's")
        made = s.execute(text("SELECT indexdef FROM pg_indexes WHERE tablename = 'case_search' "
                              "AND indexname = 'ix_case_search_body'")).scalar_one()
        assert "USING gin (body)" in made
        next_doc = s.execute(text("SELECT nextval(pg_get_serial_sequence('search_docs', 'doc_id'))")).scalar_one()
        assert next_doc == N + 1
