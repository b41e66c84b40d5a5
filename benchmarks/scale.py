"""Generate large stores quickly: bulk inserts of realistic cases (valid USCCs,
districts, amounts), their typed fields and search documents."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from sqlalchemy import insert, text

from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import all_case_types
from bjstc_desktop.core.searchquery import case_no_sort_key
from bjstc_desktop.core.validators import beijing_districts
from bjstc_desktop.demo import fake_id_number, fake_org_name, fake_person, fake_uscc
from bjstc_desktop.demo.values import TOPICS
from bjstc_desktop.store.blindindex import document_terms
from bjstc_desktop.store.models import Case, CaseField, SearchDoc
from bjstc_desktop.store.sealing import seal_values
from bjstc_desktop.store.store import Store

NOTES = ("请承办处室提出意见", "已电话联系申请单位补正材料", "专家评审意见为同意", "材料齐全，拟予受理",
         "经核查情况属实", "建议纳入年度计划", "与区科委会商后办理")
LIKE_TABLE = "bench_like_text"


def bulk_cases(store: Store, n: int, user_name: str = "zhang", seed: int = 7, batch: int = 5000,
               like_table: bool = False) -> float:
    """Insert `n` cases spread over every case type; returns seconds taken.

    Each case has a title (organisation + topic + type), a 案号, a district (the case
    column, indexed also by name), a USCC, an amount, a person with an ID number and a
    note, all in its search document. With `like_table` the same raw text is also kept
    in a plain table, the baseline that bench_search scans with LIKE. Cases above 公开
    are sealed with the store's level keys and indexed with blind tokens, as the program
    writes them (store/sealing.py, store/blindindex.py)."""
    rng = random.Random(seed)
    types = all_case_types()
    start = time.perf_counter()
    with store.read() as s:
        user_id = s.execute(text("SELECT id FROM users WHERE name = :n"), {"n": user_name}).scalar_one()
    if like_table:
        with store.write() as s:
            s.execute(text(f"CREATE TABLE IF NOT EXISTS {LIKE_TABLE} (case_id TEXT PRIMARY KEY, body TEXT)"))
    districts = [(d.code, d.name) for d in beijing_districts()]
    today = dt.date.today()
    done = 0
    seq: dict[str, int] = {}
    while done < n:
        size = min(batch, n - done)
        cases, fields, docs, bodies, raws = [], [], [], [], []
        for _ in range(size):
            ct = types[rng.randrange(len(types))]
            seq[ct.code] = seq.get(ct.code, 0) + 1
            org = fake_org_name(rng)
            topic = rng.choice(TOPICS)
            cid = uuid7()
            title = f"{org}{topic}{ct.name}"
            case_no = f"{ct.short}〔{today.year}〕{seq[ct.code]}号"
            received = today - dt.timedelta(days=rng.randint(0, 700))
            district, district_name = rng.choice(districts)
            closed = rng.random() < 0.6
            cases.append({"id": cid, "case_no": case_no, "case_no_key": case_no_sort_key(case_no), "module": ct.module, "case_type": ct.code, "title": title,
                          "state": rng.choice(ct.states), "handler_id": user_id, "office": "",
                          "district": district, "classification": rng.choice((0, 0, 0, 1, 2)),
                          "received_on": received,
                          "due_on": received + dt.timedelta(days=rng.randint(10, 60)) if rng.random() < 0.9 else None,
                          "closed_on": received + dt.timedelta(days=rng.randint(5, 90)) if closed else None,
                          "due_verified": True, "created_by": user_id})
            uscc = fake_uscc(rng)
            person, id_number = fake_person(rng), fake_id_number(rng)
            level = cases[-1]["classification"]
            empty = {"text_value": None, "int_value": None, "date_value": None, "json_value": None, "level": level}
            fields.append({**empty, "case_id": cid, "key": "bench_uscc", "kind": "uscc", "text_value": uscc})
            fields.append({**empty, "case_id": cid, "key": "bench_amount", "kind": "money",
                           "int_value": rng.randint(1, 10**9)})
            fields.append({**empty, "case_id": cid, "key": "bench_leader", "kind": "text", "text_value": person})
            fields.append({**empty, "case_id": cid, "key": "bench_id", "kind": "id_number", "text_value": id_number})
            raw = " ".join((title, case_no, district_name, uscc, person, id_number, rng.choice(NOTES)))
            # as the program writes them: content above 公开 sealed, its index blind tokens
            bodies.append(document_terms(level, raw, store.content))
            raws.append(raw)
            docs.append(cid)
        cases = [seal_values(store.content, Case, c) for c in cases]
        fields = [seal_values(store.content, CaseField, f) for f in fields]
        with store.write() as s:
            s.execute(insert(Case), cases)
            s.execute(insert(CaseField), fields)
            ids = s.execute(insert(SearchDoc).returning(SearchDoc.doc_id, SearchDoc.case_id),
                            [{"case_id": c} for c in docs]).all()
            body_of = dict(zip(docs, bodies, strict=True))
            s.execute(text("INSERT INTO case_search(rowid, body) VALUES (:r, :b)"),
                      [{"r": d, "b": body_of[c]} for d, c in ids])
            if like_table:
                s.execute(text(f"INSERT INTO {LIKE_TABLE} (case_id, body) VALUES (:c, :b)"),
                          [{"c": c, "b": r} for c, r in zip(docs, raws, strict=True)])
        done += size
    return time.perf_counter() - start


def make_scaled_station(data_dir: Path, n: int, passphrase: str, like_table: bool = False) -> Path:
    """A workstation with an officer 'zhang' (all modules, 秘密) and `n` cases."""
    from bjstc_desktop.core.classification import Level
    from bjstc_desktop.core.modules import MODULE_CODES
    from bjstc_desktop.core.roles import Role
    from bjstc_desktop.workstation import Workstation

    Workstation.init(data_dir, "基准测试工作站", "admin", passphrase, ceiling=Level.SECRET)
    with Workstation.open(data_dir, "admin", passphrase) as ws:
        ws.add_user("zhang", Role.OFFICER, passphrase, Level.SECRET, frozenset(MODULE_CODES))
    with Workstation.open(data_dir, "zhang", passphrase) as ws:
        bulk_cases(ws.store, n, like_table=like_table)
        with ws.store.read() as s:
            assert s.execute(text("SELECT count(*) FROM cases")).scalar_one() == n
    return data_dir
