"""The same insert-and-query workload on SQLCipher and on plain SQLite (goal ≤ 1.3x).

The baseline is the very same SQLite library (the one bundled in sqlcipher3) opened
without a key, so the ratio measures encryption, not a library version difference.

Both run the product's own code paths (repositories, search index, audit chain) through
the same SQLAlchemy engine set-up; only the driver and the key differ."""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import create_engine

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.fieldvalues import parse_fields
from bjstc_desktop.core.modules import MODULE_CODES, case_type
from bjstc_desktop.core.roles import Actor, Role
from bjstc_desktop.demo import fake_org_name, fake_uscc
from bjstc_desktop.store import audit, migrate
from bjstc_desktop.store import engine as engine_mod
from bjstc_desktop.store.engine import create_new_store
from bjstc_desktop.store.repositories.cases import CaseFilter, CaseRepository
from bjstc_desktop.store.repositories.users import UserRepository, to_actor
from bjstc_desktop.store.store import Store


def _plain_store(folder: Path) -> Store:
    path = folder / "plain.db"

    def creator() -> sqlcipher.Connection:
        # The same SQLite library (bundled in sqlcipher3) with no key: plain, unencrypted pages.
        conn = sqlcipher.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 15000")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA journal_mode = WAL")
        return conn

    eng = create_engine("sqlite://", creator=creator, module=sqlcipher)
    engine_mod._install_transaction_mode(eng)
    migrate.upgrade(eng)
    return Store(folder, b"", eng)


def _cipher_store(folder: Path) -> Store:
    key = os.urandom(32)
    eng = create_new_store(folder / "cipher.db", key)
    migrate.upgrade(eng)
    return Store(folder, key, eng)


def _workload(store: Store, cases: int, queries: int) -> dict[str, float]:
    rng = random.Random(11)
    with store.write() as s:
        user = UserRepository(s).add("zhang", Role.OFFICER, Level.SECRET, frozenset(MODULE_CODES))
        actor: Actor = to_actor(user)
    ct = case_type("tech_contract")
    t0 = time.perf_counter()
    for start in range(0, cases, 50):
        with store.write() as s:
            repo = CaseRepository(s, actor)
            for i in range(start, min(start + 50, cases)):
                seller = fake_org_name(rng)
                fields = parse_fields(ct, {"contract_type": "技术开发", "seller": seller,
                                           "seller_uscc": fake_uscc(rng), "contract_amount": "100万",
                                           "tech_amount": "80万"})
                case = repo.create(ct, f"{seller}冰雪技术开发合同{i}", Level.PUBLIC, fields, dt.date.today())
                repo.link_organisation(case, "卖方", fields["seller_uscc"], seller)
                repo.reindex(case)
                audit.append(s, actor_id=actor.user_id, actor_name=actor.name, action="case_create",
                             target_type="case", target_id=case.id)
    t_insert = time.perf_counter() - t0
    t0 = time.perf_counter()
    for q in range(queries):
        with store.read() as s:
            repo = CaseRepository(s, actor)
            page = repo.page(CaseFilter(module="market"), None, 100)
            repo.page(CaseFilter(module="market"), page[-1].id, 100)
            repo.count_by_module()
            repo.search(("冰雪", "技术开发", "中科", "合同")[q % 4], limit=50)
            repo.fields_of(page[q % len(page)])
    t_query = time.perf_counter() - t0
    return {"insert_s": t_insert, "query_s": t_query, "total_s": t_insert + t_query}


def run(quick: bool = False) -> dict[str, Any]:
    """Three alternating rounds of each; the medians' ratio is reported."""
    cases, queries, rounds = (1000, 100, 1) if quick else (5000, 400, 3)
    plain, cipher = [], []
    for _ in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            for make, sink in ((_plain_store, plain), (_cipher_store, cipher)):
                store = make(Path(tmp))
                sink.append(_workload(store, cases, queries))
                store.close()
    med = {k: {m: statistics.median(r[m] for r in runs) for m in ("insert_s", "query_s", "total_s")}
           for k, runs in (("sqlite", plain), ("sqlcipher", cipher))}
    ratio = med["sqlcipher"]["total_s"] / med["sqlite"]["total_s"]
    return {"benchmark": "store: SQLCipher vs plain SQLite, same workload", "cases": cases, "queries": queries,
            "rounds": rounds, "median": med, "ratio_total": round(ratio, 3),
            "ratio_insert": round(med["sqlcipher"]["insert_s"] / med["sqlite"]["insert_s"], 3),
            "ratio_query": round(med["sqlcipher"]["query_s"] / med["sqlite"]["query_s"], 3),
            "goal": "<= 1.3x", "goal_met": ratio <= 1.3}
