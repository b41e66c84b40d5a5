"""The one writer of new cases (ops/new_cases.py, issue 15 points 1-2): what it computes
from the values in hand — each case's search document and its first revision body —
is exactly what the per-case path reads back from the rows it wrote (index_cases over
the ORM, sync/casebody.py case_bodies), for every case type, at 公开, 内部 and 秘密
(blind tokens), with receipt clocks, registered and unregistered parties, districts,
money, dates and repeated rows. Each case keeps its own revision and audit event, and
the audit chain verifies."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.modules import all_case_types
from bjstc_desktop.demo import demo_case
from bjstc_desktop.ops.cases import NewCase
from bjstc_desktop.ops.workflow import Move
from bjstc_desktop.store import audit
from bjstc_desktop.store.models import AuditEvent, Case, CaseClock, CaseParty, Organisation
from bjstc_desktop.store.repositories.case_index import index_cases
from bjstc_desktop.store.sync_models import SyncHead, SyncRevision
from bjstc_desktop.sync.casebody import case_bodies
from tests.conftest import Station
from tests.store.xlsx_lists import GOOD_USCC

LEVELS = (Level.PUBLIC, Level.INTERNAL, Level.SECRET)
CONTRACT = {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": GOOD_USCC,
            "contract_amount": "100万", "tech_amount": "80万"}


def _requests(rng: random.Random, per_type: int) -> list[NewCase]:
    """Demo-like new cases of every case type, at every level in turn."""
    today = dt.date(2026, 11, 30)
    out = []
    for n in range(per_type):
        for i, ct in enumerate(all_case_types()):
            out.append(demo_case(rng, ct, today, lambda i=i, n=n: LEVELS[(i + n) % len(LEVELS)]))
    return out


def _documents(s: Session) -> dict[str, list[tuple[int, str]]]:
    """Each case's search document as stored: its terms or blind tokens, by position (an
    FTS5 vocabulary on the file store, the tsvector's lexemes and positions on a hub)."""
    if s.get_bind().dialect.name == "postgresql":
        rows = s.execute(text("SELECT d.case_id, u.lexeme, p FROM case_search AS c "
                              "JOIN search_docs AS d ON d.doc_id = c.doc_id, "
                              "unnest(c.body) AS u(lexeme, positions, weights), unnest(u.positions) AS p"))
    else:
        s.execute(text("CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_vocab USING fts5vocab(main, case_search, instance)"))
        rows = s.execute(text("SELECT d.case_id, v.term, v.offset FROM temp.new_vocab AS v "
                              "JOIN search_docs AS d ON d.doc_id = v.doc"))
    docs: dict[str, list[tuple[int, str]]] = {}
    for case_id, term, offset in rows:
        docs.setdefault(case_id, []).append((offset, term))
    return {k: sorted(v) for k, v in docs.items()}


def _bodies(s: Session) -> dict[str, dict[str, Any]]:
    return {r.record_id: json.loads(r.body) for r in s.execute(select(SyncRevision)).scalars()}


def test_documents_and_revisions_from_values_equal_what_the_rows_read_back(station_copy: Station) -> None:
    with station_copy.open() as ws:
        ws.cases.create("tech_contract", "已登记卖方的合同", {**CONTRACT, "contract_no": "1101000000000001"})
        asked = [*_requests(random.Random(7), per_type=2),  # and the registered seller again, under another name
                 NewCase("tech_contract", "再次登记", {**CONTRACT, "contract_no": "1101000000000002", "seller": "冰雪"}),
                 NewCase("tech_contract", "涉密", {**CONTRACT, "contract_no": "1101000000000003", "seller": "冰雪"},
                         classification=Level.SECRET, secrecy_period="10年")]
        ids = ws.cases.create_many(asked, skip_refused=True)
        made = [i for i in ids if i is not None]
        assert len(made) > len(asked) * 0.8  # demo values pass their rules, bar a few invented combinations
        with ws.store.write() as s:
            cases = list(s.execute(select(Case)).scalars())
            assert {c.classification for c in cases} == {int(level) for level in LEVELS}
            assert s.execute(select(func.count()).select_from(CaseClock)).scalar_one() > 0  # receipt clocks
            links = list(s.execute(select(CaseParty)).scalars())
            assert any(p.party for p in links)  # classified cases naming an unregistered organisation
            assert s.execute(select(func.count()).select_from(Organisation)).scalar_one() > 0
            written_docs, written_bodies = _documents(s), _bodies(s)
            assert set(written_bodies) == {c.id for c in cases} == set(written_docs)
            read_back = case_bodies(s, cases)
            for case in cases:
                assert written_bodies[case.id] == read_back[case.id], case.case_type
            index_cases(s, cases)  # the per-case path: every document rebuilt from the rows
            rebuilt = _documents(s)
            for case in cases:
                assert written_docs[case.id] == rebuilt[case.id], (case.case_type, case.classification)
            events = list(s.execute(select(AuditEvent.target_id).where(AuditEvent.action == "case_create")).scalars())
            assert sorted(events) == sorted(c.id for c in cases)  # one event each
            assert audit.verify(s).ok


def test_a_batch_of_moves_records_each_next_revision_over_its_head(station_copy: Station) -> None:
    """act_each (the demo's walks) and bulk actions: each moved case gets one new
    revision whose parent is its head and whose body is what its rows read back."""
    with station_copy.open() as ws:
        ids = [i for i in ws.cases.create_many([NewCase("tech_contract", f"合同{n}", {**CONTRACT,
                                                   "contract_no": f"11010000000001{n:02d}"}) for n in range(6)])
               if i is not None]
        done = ws.workflow.act_each(ids, lambda _c, actions, _f: [Move(a.action, "材料齐全予以审查") for a in actions
                                                        if a.action == "review"])
        assert all(r is not None for r in done)
        with ws.store.read() as s:
            cases = list(s.execute(select(Case).where(Case.id.in_(ids))).scalars())
            read_back = case_bodies(s, cases)
            for case in cases:
                revs = sorted(s.execute(select(SyncRevision).where(SyncRevision.record_id == case.id)).scalars(),
                              key=lambda r: r.gen)
                assert [r.gen for r in revs] == [1, 2]
                assert json.loads(revs[1].parents) == [revs[0].rev_id] == json.loads(revs[1].ancestry)
                assert json.loads(revs[1].body) == read_back[case.id]
                heads = list(s.execute(select(SyncHead.rev_id).where(SyncHead.record_id == case.id)).scalars())
                assert heads == [revs[1].rev_id]
            assert audit.verify(s).ok


def test_an_organisation_the_writer_registers_is_found_again_in_the_same_session(station_copy: Station) -> None:
    """write_cases registers a new organisation with a plain insert and keeps no mapped
    object for it (issue 15): the session's map forgets that it was unregistered, so a
    later link in the same transaction — the next batch, or a case applied one by one —
    finds the row the writer wrote instead of registering the USCC a second time."""
    from benchmarks.sync_data import contract_body
    from bjstc_desktop.ops.new_cases import CaseRecord, write_cases
    from bjstc_desktop.store.repositories.cases import known_organisations, organisation_link

    rng = random.Random(3)
    first, second = contract_body(1, rng, {}), contract_body(2, rng, {})
    uscc = first["parties"][0][1]
    second["fields"]["seller_uscc"], second["parties"] = uscc, [["卖方", uscc, "另一个名称"]]
    with station_copy.open() as ws, ws.store.write() as s:
        assert known_organisations(s, [uscc]).get(uscc) is None  # not registered here yet
        write_cases(s, [CaseRecord("01900000-0000-7000-8000-00000000a001", first)])
        write_cases(s, [CaseRecord("01900000-0000-7000-8000-00000000a002", second)])  # the next batch
        rows = s.execute(select(Organisation.id, Organisation.name).where(Organisation.uscc == uscc)).all()
        assert len(rows) == 1 and rows[0].name == first["parties"][0][2]
        linked = s.execute(select(CaseParty.organisation_id)).scalars().all()
        assert linked == [rows[0].id, rows[0].id]
        case = s.get(Case, "01900000-0000-7000-8000-00000000a002")
        org, sealed = organisation_link(s, case, uscc, "又一个名称")  # a case applied one by one
        assert sealed is None and org is not None and org.id == rows[0].id
        assert s.execute(select(func.count()).select_from(Organisation).where(Organisation.uscc == uscc)).scalar() == 1
