"""Generate large stores quickly: bulk inserts of realistic cases (valid USCCs,
districts, amounts), their typed fields, a timeline step and search documents.

A million cases in minutes, written as the program writes them. Each row goes through
the store's own code for its format: `seal_values` seals the content of a case above
公开 with the level's key (store/sealing.py), `document_terms` makes its search document
(plain terms at 公开, blind tokens above: store/blindindex.py) from the same texts, in
the same order, as `index_cases` reads them back from the rows (store/repositories/
case_index.py), and each column value is turned into what SQLite stores by SQLAlchemy's
own bind processor for the column's type. Only the way the rows reach the database is
different: one prepared statement per table and `executemany` over large batches in
one transaction per batch, with `synchronous = OFF` and a large page cache on the
generating connection only. The tab counts are kept by the store's own triggers.

On an office hub's PostgreSQL (issue 19) the same rows arrive by COPY (psycopg's
`copy`), the search documents as the tsvector literals `searchindex.add` writes
(store/searchindex.py); into an empty hub the GIN index is dropped before the load and
made again by the migration's own statement after it, and the tables are then vacuumed
and analysed (what autovacuum would do some minutes later).

What the generator leaves out, on every store alike: sync revisions, audit events,
clocks and parties (the search and list paths measured never read them).
tests/benchmarks/test_scale.py checks that a generated store reads, searches, lists and
counts exactly as one written through the ORM and `index_cases`.

On a checkout without level keys (main before issue 11) `seal_values` and
`document_terms` do not exist: the same generator then writes every case plain, as
that program does, so `bench_search` can be run there as the baseline."""

from __future__ import annotations

import collections
import datetime as dt
import functools
import multiprocessing
import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, text

from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import all_case_types
from bjstc_desktop.core.searchquery import case_no_sort_key
from bjstc_desktop.core.validators import beijing_districts
from bjstc_desktop.demo import fake_id_number, fake_org_name, fake_person, fake_uscc
from bjstc_desktop.demo.values import TOPICS
from bjstc_desktop.store import searchindex, searchranges
from bjstc_desktop.store.engine import CACHE_KIB
from bjstc_desktop.store.models import Case, CaseField, SearchDoc, TimelineEvent, utcnow
from bjstc_desktop.store.store import Store

try:  # level keys (issue 11): content above 公开 sealed, its index blind tokens
    from bjstc_desktop.store.blindindex import document_terms
    from bjstc_desktop.store.sealing import seal_values
    LEVEL_KEYS = True
except ImportError:  # a checkout before level keys: the baseline writes every case plain
    from bjstc_desktop.core.searchtext import index_terms
    LEVEL_KEYS = False

NOTES = ("请承办处室提出意见", "已电话联系申请单位补正材料", "专家评审意见为同意", "材料齐全，拟予受理",
         "经核查情况属实", "建议纳入年度计划", "与区科委会商后办理")
LIKE_TABLE = "bench_like_text"
BATCH = 20_000
WORKERS = 2  # processes sealing and indexing while the main one writes
TOKEN_CACHE = 400_000  # blind tokens of common bigrams and prefixes, computed once each


@dataclass(frozen=True)
class CaseSpec:
    """What one generated case holds, before it is written (plain values)."""

    id: str
    case_type: str
    module: str
    case_no: str
    title: str
    state: str
    district: str
    district_name: str
    classification: int
    received_on: dt.date
    due_on: dt.date | None
    closed_on: dt.date | None
    uscc: str
    amount: int
    leader: str
    id_number: str
    note: str
    event_id: str  # the timeline step's (made here, in case order, like the case's id)

    def fields(self) -> list[tuple[str, str, str | None, int | None]]:
        """(key, kind, text value, int value), in key order: the order the ORM writes a
        case's new field rows in, and so the order `index_cases` reads them back."""
        return [("bench_amount", "money", None, self.amount), ("bench_id", "id_number", self.id_number, None),
                ("bench_leader", "text", self.leader, None), ("bench_uscc", "uscc", self.uscc, None)]

    def index_text(self) -> str:
        """The text `index_cases` reads back from this case's rows: title, 案号, district
        name, the text fields (each followed by its district name, none here), the opinions."""
        texts = [tv for _, _, tv, _ in self.fields() if tv]
        return " ".join(p for p in (self.title, self.case_no, self.district_name, *texts, self.note) if p)


def case_specs(n: int, seed: int = 7, today: dt.date | None = None) -> Iterator[CaseSpec]:
    """`n` cases spread over every case type, the same for the same seed: a title
    (organisation + topic + type), a 案号 numbered per type, a district, a USCC, an
    amount, a person with an ID number, a note; 40 % of them 内部 or 秘密."""
    rng = random.Random(seed)
    types = all_case_types()
    districts = [(d.code, d.name) for d in beijing_districts()]
    today = today or dt.date.today()
    seq: dict[str, int] = {}
    for _ in range(n):
        ct = types[rng.randrange(len(types))]
        seq[ct.code] = seq.get(ct.code, 0) + 1
        title = f"{fake_org_name(rng)}{rng.choice(TOPICS)}{ct.name}"
        received = today - dt.timedelta(days=rng.randint(0, 700))
        district, district_name = rng.choice(districts)
        closed = rng.random() < 0.6
        state = rng.choice(ct.states)
        level = rng.choice((0, 0, 0, 1, 2))
        due = received + dt.timedelta(days=rng.randint(10, 60)) if rng.random() < 0.9 else None
        closed_on = received + dt.timedelta(days=rng.randint(5, 90)) if closed else None
        yield CaseSpec(id=uuid7(), case_type=ct.code, module=ct.module,
                       case_no=f"{ct.short}〔{today.year}〕{seq[ct.code]}号", title=title, state=state,
                       district=district, district_name=district_name, classification=level,
                       received_on=received, due_on=due, closed_on=closed_on, uscc=fake_uscc(rng),
                       amount=rng.randint(1, 10**9), leader=fake_person(rng), id_number=fake_id_number(rng),
                       note=rng.choice(NOTES), event_id=uuid7())


class _Writer:
    """One prepared INSERT per table, its values made by SQLAlchemy's bind processors
    (dates, times and booleans stored exactly as the ORM stores them) and the columns'
    own defaults for what a row leaves out."""

    def __init__(self, table: Table, dialect: Any) -> None:
        self.columns = [c for c in table.columns if not (c.primary_key and c.autoincrement is True
                                                           and c.name == "doc_id")]
        self.sql = (f"INSERT INTO {table.name} ({', '.join(c.name for c in self.columns)}) "
                    f"VALUES ({', '.join('?' for _ in self.columns)})")
        self.copy_sql = f"COPY {table.name} ({', '.join(c.name for c in self.columns)}) FROM STDIN"
        self.procs = [c.type._cached_bind_processor(dialect) for c in self.columns]
        self.defaults: list[Callable[[], Any] | None] = []
        for c in self.columns:
            d = c.default
            if d is None:
                self.defaults.append(None)
            elif d.is_callable:
                self.defaults.append(functools.partial(d.arg, None))
            else:
                self.defaults.append(functools.partial(lambda v: v, d.arg))

    def values(self, row: dict[str, Any]) -> tuple[Any, ...]:
        out = []
        for col, proc, default in zip(self.columns, self.procs, self.defaults, strict=True):
            if col.name in row:
                v = row[col.name]
            else:
                v = default() if default is not None else None
            if proc is not None and v is not None:
                v = proc(v)
                if isinstance(v, memoryview):  # sqlite3.Binary: the same BLOB as bytes, which pickle
                    v = v.tobytes()
            out.append(v)
        return tuple(out)


class _CachedTokens:
    """The store's content keys with `token` remembered per (level, kind, term): the same
    blind token the store makes, computed once for the bigrams thousands of cases share."""

    def __init__(self, keys: Any) -> None:
        self._keys = keys
        self.token = functools.lru_cache(maxsize=TOKEN_CACHE)(keys.token)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._keys, name)


def _rows(spec: CaseSpec, user_id: str, keys: Any) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """The case, field and timeline rows of `spec`, sealed when its level asks for it."""
    level = spec.classification
    now = utcnow()
    case = {"id": spec.id, "case_no": spec.case_no, "case_no_key": case_no_sort_key(spec.case_no),
            "module": spec.module, "case_type": spec.case_type, "title": spec.title, "state": spec.state,
            "handler_id": user_id, "office": "", "district": spec.district, "classification": level,
            "received_on": spec.received_on, "due_on": spec.due_on, "closed_on": spec.closed_on,
            "due_verified": True, "created_by": user_id, "created_at": now, "updated_at": now}
    fields = [{"case_id": spec.id, "key": key, "kind": kind, "text_value": tv, "int_value": iv,
               "date_value": None, "json_value": None, "level": level} for key, kind, tv, iv in spec.fields()]
    event = {"id": spec.event_id, "case_id": spec.id, "at": now, "actor_id": user_id, "action": "create",
             "from_state": None, "to_state": spec.state, "opinion": spec.note, "details": "{}", "level": level}
    if LEVEL_KEYS:
        case = seal_values(keys, Case, case)
        fields = [seal_values(keys, CaseField, f) for f in fields]
        event = seal_values(keys, TimelineEvent, event)
    return case, fields, event


def _index_body(spec: CaseSpec, tokens: Any, hub: bool = False) -> str:
    """The case's search document as the store keeps it: FTS5's space-separated terms,
    or on a hub the tsvector literal of its terms (the writer adds its range, as `searchindex.add` does)."""
    if LEVEL_KEYS:
        body = str(document_terms(spec.classification, spec.index_text(), tokens))
    else:
        body = str(index_terms(spec.index_text()))
    return searchindex.terms_literal(body) if hub else body  # its range is added as it is written


def write_cases(store: Store, specs: Iterator[CaseSpec], user_name: str = "zhang", batch: int = BATCH,
                like_table: bool = False, workers: int = 0,
                progress: Callable[[int], None] | None = None) -> int:
    """Write the cases of `specs` in transactions of `batch` cases; returns how many.
    With `workers` the rows are sealed and indexed in that many forked processes while
    this one writes (they inherit the unlocked keys; nothing is written to disk but the
    store).
    With `like_table` the raw text of each case is also kept in a plain table, the
    baseline that bench_search scans with LIKE."""
    with store.read() as s:
        user_id = s.execute(text("SELECT id FROM users WHERE name = :n"), {"n": user_name}).scalar_one()
        dialect = s.get_bind().dialect
    keys = getattr(store, "content", None)
    tokens = _CachedTokens(keys) if LEVEL_KEYS else None
    if like_table:
        with store.write() as s:
            s.execute(text(f"CREATE TABLE IF NOT EXISTS {LIKE_TABLE} (case_id TEXT PRIMARY KEY, body TEXT)"))
    writers = (_Writer(Case.__table__, dialect), _Writer(CaseField.__table__, dialect),
               _Writer(TimelineEvent.__table__, dialect))
    hub = dialect.name == "postgresql"
    _PREPARE.update(user_id=user_id, keys=keys, tokens=tokens, writers=writers, hub=hub)
    done = 0
    pool = multiprocessing.get_context("fork").Pool(workers) if workers else None
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        write = _write_batch_hub if hub else _write_batch
        rebuild_index = _begin_hub_load(raw) if hub else _begin_embedded_load(raw)
        try:
            for ready in _prepared(_chunks(iter(specs), batch), pool):
                write(raw, ready, writers, like_table)
                done += len(ready.specs)
                if progress:
                    progress(done)
        finally:
            if pool:
                pool.terminate()
            _PREPARE.clear()
            if hub:
                _end_hub_load(raw, rebuild_index)
            else:
                _end_embedded_load(raw)
    return done


def _begin_embedded_load(raw: Any) -> bool:
    # generation only: a store that dies half-way is generated again (ready.json)
    raw.execute("PRAGMA synchronous = OFF")
    raw.execute("PRAGMA cache_size = -262144")
    return False


def _end_embedded_load(raw: Any) -> None:
    raw.execute("PRAGMA synchronous = NORMAL")
    raw.execute(f"PRAGMA cache_size = -{CACHE_KIB}")


def _begin_hub_load(raw: Any) -> bool:
    """Settings of the generating connection only; into an empty index the GIN index is
    dropped (made again in one pass by `_end_hub_load`: much faster than a million
    insertions into it). Whether it was dropped."""
    raw.execute("SET synchronous_commit = off")
    raw.execute("SET maintenance_work_mem = '256MB'")
    empty = raw.execute(f"SELECT NOT EXISTS (SELECT 1 FROM {searchindex.TABLE})").fetchone()[0]
    if empty:
        raw.execute(f"DROP INDEX IF EXISTS {_GIN_INDEX}")
    raw.commit()
    return bool(empty)


_GIN_INDEX = "ix_case_search_body"  # made by searchindex.create_table_sql("postgresql")


def _end_hub_load(raw: Any, rebuild_index: bool) -> None:
    """The GIN index made again by the migration's own statement, the doc id sequence
    moved past the ids written, the tables vacuumed and analysed."""
    raw.rollback()  # whatever a failed batch left
    if rebuild_index:
        create = [sql for sql in searchindex.create_table_sql("postgresql") if _GIN_INDEX in sql]
        assert len(create) == 1, "the hub's search index is no longer made as the generator expects"
        raw.execute(create[0])
    raw.execute("SELECT setval(pg_get_serial_sequence('search_docs', 'doc_id'), "
                "(SELECT coalesce(max(doc_id), 0) + 1 FROM search_docs), false)")
    raw.commit()
    raw.autocommit = True
    try:
        for table in ("cases", "case_fields", "timeline_events", "search_docs", searchindex.TABLE, "case_tallies"):
            raw.execute(f"VACUUM ANALYZE {table}")
    finally:
        raw.autocommit = False
    raw.execute("RESET synchronous_commit")
    raw.execute("RESET maintenance_work_mem")
    raw.commit()


@dataclass(frozen=True)
class _Batch:
    """A batch of cases turned into the values of their rows (sealed, indexed)."""

    specs: list[CaseSpec]
    cases: list[tuple[Any, ...]]
    fields: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    bodies: list[str]


_PREPARE: dict[str, Any] = {}  # what `_prepare` works with: set before the worker processes fork


def _prepare(chunk: list[CaseSpec]) -> _Batch:
    """The rows of a batch: CPU work only, done in worker processes when there are any."""
    user_id, keys, tokens, hub = _PREPARE["user_id"], _PREPARE["keys"], _PREPARE["tokens"], _PREPARE["hub"]
    w_case, w_field, w_event = _PREPARE["writers"]
    cases, fields, events, bodies = [], [], [], []
    for spec in chunk:
        case, rows, event = _rows(spec, user_id, keys)
        cases.append(w_case.values(case))
        fields.extend(w_field.values(f) for f in rows)
        events.append(w_event.values(event))
        bodies.append(_index_body(spec, tokens, hub))
    return _Batch(chunk, cases, fields, events, bodies)


def _prepared(chunks: Iterator[list[CaseSpec]], pool: Any) -> Iterator[_Batch]:
    """The batches prepared in order, at most two per worker ahead of the writer (so a
    million cases are never all in memory at once)."""
    if pool is None:
        yield from map(_prepare, chunks)
        return
    ahead: collections.deque[Any] = collections.deque()
    for chunk in chunks:
        ahead.append(pool.apply_async(_prepare, (chunk,)))
        if len(ahead) >= 2 * pool._processes:
            yield ahead.popleft().get()
    while ahead:
        yield ahead.popleft().get()


def _chunks(specs: Iterator[CaseSpec], batch: int) -> Iterator[list[CaseSpec]]:
    while chunk := [spec for _, spec in zip(range(batch), specs, strict=False)]:
        yield chunk


def _write_batch(raw: Any, prepared: _Batch, writers: tuple[_Writer, _Writer, _Writer], like_table: bool) -> None:
    """One transaction: the batch's cases, fields, timeline steps and search documents."""
    w_case, w_field, w_event = writers
    chunk, cases, fields, events, bodies = (prepared.specs, prepared.cases, prepared.fields, prepared.events,
                                            prepared.bodies)
    raw.execute("BEGIN IMMEDIATE")
    try:
        raw.executemany(w_case.sql, cases)
        raw.executemany(w_field.sql, fields)
        raw.executemany(w_event.sql, events)
        first = int(raw.execute("SELECT coalesce(max(doc_id), 0) + 1 FROM search_docs").fetchone()[0])
        raw.executemany(f"INSERT INTO {SearchDoc.__tablename__} (doc_id, case_id) VALUES (?, ?)",
                        [(first + i, spec.id) for i, spec in enumerate(chunk)])
        raw.executemany("INSERT INTO case_search(rowid, body) VALUES (?, ?)",
                        [(first + i, body) for i, body in enumerate(bodies)])
        if like_table:
            raw.executemany(f"INSERT INTO {LIKE_TABLE} (case_id, body) VALUES (?, ?)",
                            [(spec.id, spec.index_text()) for spec in chunk])
    except BaseException:
        raw.execute("ROLLBACK")
        raise
    raw.execute("COMMIT")


def _write_batch_hub(raw: Any, prepared: _Batch, writers: tuple[_Writer, _Writer, _Writer],
                     like_table: bool) -> None:
    """The same batch on a hub: one transaction, each table's rows by COPY."""
    chunk = prepared.specs
    with raw.transaction(), raw.cursor() as cur:
        for writer, rows in zip(writers, (prepared.cases, prepared.fields, prepared.events), strict=True):
            _copy(cur, writer.copy_sql, rows)
        first = int(cur.execute("SELECT coalesce(max(doc_id), 0) + 1 FROM search_docs").fetchone()[0])
        _copy(cur, "COPY search_docs (doc_id, case_id) FROM STDIN", [(first + i, s.id) for i, s in enumerate(chunk)])
        _copy(cur, f"COPY {searchindex.TABLE} (doc_id, body) FROM STDIN",
              [(first + i, f"{body} {searchranges.range_literal(first + i)}")
               for i, body in enumerate(prepared.bodies)])
        if like_table:
            _copy(cur, f"COPY {LIKE_TABLE} (case_id, body) FROM STDIN", [(s.id, s.index_text()) for s in chunk])


def _copy(cur: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
    with cur.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def bulk_cases(store: Store, n: int, user_name: str = "zhang", seed: int = 7, batch: int = BATCH,
               like_table: bool = False, workers: int = 0) -> float:
    """Insert `n` generated cases (`case_specs`); returns seconds taken (progress on stderr
    every 100,000 cases)."""
    start = time.perf_counter()

    def report(done: int) -> None:
        if done % 100_000 == 0 or done == n:
            print(f"generated {done:,} of {n:,} cases in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    write_cases(store, case_specs(n, seed), user_name, batch, like_table, workers, report)
    return time.perf_counter() - start


def make_scaled_station(data_dir: Path, n: int, passphrase: str, like_table: bool = False,
                        workers: int = WORKERS, hub: str | None = None) -> Path:
    """A workstation with an officer 'zhang' (all modules, 秘密) and `n` cases; with
    `hub` (a PostgreSQL URL of an empty database) a hub node instead."""
    from bjstc_desktop.core.classification import Level
    from bjstc_desktop.core.modules import MODULE_CODES
    from bjstc_desktop.core.roles import Role
    from bjstc_desktop.workstation import Workstation

    Workstation.init(data_dir, "基准测试工作站", "admin", passphrase, ceiling=Level.SECRET, hub=hub)
    with Workstation.open(data_dir, "admin", passphrase) as ws:
        ws.accounts.add("zhang", Role.OFFICER, passphrase, Level.SECRET, frozenset(MODULE_CODES))
    with Workstation.open(data_dir, "zhang", passphrase) as ws:
        bulk_cases(ws.store, n, like_table=like_table, workers=workers)
        with ws.store.read() as s:
            assert s.execute(text("SELECT count(*) FROM cases")).scalar_one() == n
    return data_dir
