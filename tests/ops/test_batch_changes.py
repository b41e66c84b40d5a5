"""The unit of work in batches (issue 15 point 2): an Excel import writes its cases with
set-based statements in ONE transaction, each case with its own revision, audit event
and search document; a cancel or a failure anywhere leaves nothing; and the batch
stores exactly what the per-case path stores, at 公开 and sealed at 秘密."""

from __future__ import annotations

import collections
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from bjstc_desktop.core.classification import Level
from bjstc_desktop.ops import imports as imports_module
from bjstc_desktop.ops import new_cases as new_cases_module
from bjstc_desktop.ops.cases import NewCase
from bjstc_desktop.ops.imports import ImportCancelled
from bjstc_desktop.store import audit
from bjstc_desktop.store.models import (
    AuditEvent,
    Case,
    CaseClock,
    CaseField,
    CaseParty,
    Organisation,
    SearchDoc,
    TimelineEvent,
)
from bjstc_desktop.store.searchindex import on_hub
from bjstc_desktop.store.sync_models import SyncHead, SyncRevision
from bjstc_desktop.workstation import Workstation
from tests import insider
from tests.blobs_at_rest import sealed_blobs
from tests.conftest import Station, copy_station
from tests.store.xlsx_lists import CONTRACT_HEADERS, GOOD_USCC, OTHER_USCC, contract_row, write_xlsx

ROWS = 620  # more than one checkpoint (every 500 rows) and a part of the next


def _sheet(path: Path, rows: int) -> Path:
    # Two sellers shared by many rows: the organisations are registered once each.
    return write_xlsx(path, CONTRACT_HEADERS,
                      [contract_row(f"1101{n:012d}", name=f"技术开发合同{n}", uscc=(GOOD_USCC, OTHER_USCC)[n % 2])
                       for n in range(rows)])


def _count(ws: Workstation, model: Any) -> int:
    with ws.store.read() as s:
        return int(s.execute(select(func.count()).select_from(model)).scalar_one())


def _audit_actions(ws: Workstation) -> list[str]:
    with ws.store.read() as s:
        return list(s.execute(select(AuditEvent.action).order_by(AuditEvent.seq)).scalars())


@contextlib.contextmanager
def _statements(ws: Workstation) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(ws.store.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(ws.store.engine, "before_cursor_execute", count)


def test_an_import_of_n_rows_leaves_n_cases_revisions_audit_events_and_search_documents(
        station_copy: Station, tmp_path: Path) -> None:
    path = _sheet(tmp_path / "list.xlsx", ROWS)
    with station_copy.open() as ws:
        before = _count(ws, AuditEvent)
        report = ws.imports.run(path, "tech_contracts")
        assert report.committed and report.new == ROWS
        assert _count(ws, Case) == ROWS
        assert _count(ws, SyncRevision) == ROWS and _count(ws, SyncHead) == ROWS
        assert _count(ws, SearchDoc) == ROWS and _count(ws, TimelineEvent) == ROWS
        assert _count(ws, Organisation) == 2
        with ws.store.read() as s:
            per_case = s.execute(select(SyncRevision.record_id, func.count()).group_by(SyncRevision.record_id)).all()
            assert {n for _, n in per_case} == {1} and len(per_case) == ROWS
            created = s.execute(select(AuditEvent.target_id).where(AuditEvent.action == "case_create")).scalars()
            assert sorted(created) == sorted(s.execute(select(Case.id)).scalars())
            assert audit.verify(s).ok
        actions = _audit_actions(ws)
        assert len(actions) == before + ROWS + 1  # one per case, then the import's own
        assert actions[-1] == "import_xlsx"
        with ws.store.read() as s:
            last = s.execute(select(CaseField.case_id).where(CaseField.key == "contract_no",
                                                             CaseField.text_value == f"1101{ROWS - 1:012d}")).scalar_one()
        assert last in [c.id for c in ws.cases.search(f"1101{ROWS - 1:012d}")]  # the last checkpoint's rows are indexed
    with station_copy.open() as ws, ws.store.read() as s:  # and the chain still checks after a reopen
        assert audit.verify(s).ok


def test_the_import_writes_set_based_not_a_statement_per_table_per_row(station_copy: Station,
                                                                          tmp_path: Path) -> None:
    """One import of 620 rows: about 40 statements per row on the per-case path (main
    before issue 15); a bounded number per checkpoint on the batch path."""
    path = _sheet(tmp_path / "list.xlsx", ROWS)
    with station_copy.open() as ws:
        with _statements(ws) as seen:
            ws.imports.run(path, "tech_contracts")
        writes = [s for s in seen if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
        assert len(seen) < ROWS // 2, (len(seen), sorted(collections.Counter(s[:50] for s in seen).items(), key=lambda kv: -kv[1])[:8], len(seen))
        assert len(writes) < 100


def test_a_cancel_after_a_checkpoint_leaves_nothing(station_copy: Station, tmp_path: Path) -> None:
    path = _sheet(tmp_path / "list.xlsx", ROWS)
    calls: list[int] = []
    read_checks = ROWS // 200 + 1

    def cancelled() -> bool:  # the read's checks, then one per row written: stop at row 560
        calls.append(1)
        return len(calls) >= read_checks + 560

    with station_copy.open() as ws:
        before = _audit_actions(ws)
        with pytest.raises(ImportCancelled):
            ws.imports.run(path, "tech_contracts", cancelled=cancelled)
        assert len(calls) == read_checks + 560
        for model in (Case, CaseField, CaseParty, CaseClock, TimelineEvent, SearchDoc, SyncRevision, SyncHead,
                      Organisation):
            assert _count(ws, model) == 0, model
        assert _audit_actions(ws) == before
        with ws.store.read() as s:
            assert s.execute(text("SELECT count(*) FROM case_search")).scalar_one() == 0
            assert audit.verify(s).ok


def test_a_failure_in_the_middle_of_a_batch_leaves_nothing(station_copy: Station, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = _sheet(tmp_path / "list.xlsx", ROWS)
    real = new_cases_module.record_first_revisions
    made: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> Any:
        made.append(1)
        if len(made) == 2:  # after the first checkpoint wrote 500 cases, the next 120 are in the store
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(new_cases_module, "record_first_revisions", failing)
    with station_copy.open() as ws:
        before = _audit_actions(ws)
        with pytest.raises(RuntimeError):
            ws.imports.run(path, "tech_contracts")
        for model in (Case, CaseField, TimelineEvent, SearchDoc, SyncRevision, Organisation):
            assert _count(ws, model) == 0, model
        assert _audit_actions(ws) == before


class _PerCase:
    """Stands in for `batch_changes`: every case change finishes on its own (the
    per-case path every single operation takes)."""

    def checkpoint(self) -> None:
        """Nothing waits."""


@contextlib.contextmanager
def _per_case(_session: Any, _ctx: Any) -> Iterator[_PerCase]:
    yield _PerCase()


def _stored(ws: Workstation) -> dict[str, Any]:
    """What the store holds for the imported cases, without ids and times: the opened
    values, which rows are sealed, the search documents as stored (terms or blind
    tokens) and the revision bodies."""
    with ws.store.read() as s:
        cases = {c.id: c for c in s.execute(select(Case)).scalars()}
        no = {cid: c.case_no for cid, c in cases.items()}
        out: dict[str, Any] = {}
        for c in cases.values():
            out[c.case_no] = {"title": c.title, "level": c.classification, "sealed": c.sealed is not None,
                              "due": str(c.due_on), "state": c.state}
        fields = sorted((no[f.case_id], f.key, f.text_value, f.int_value, str(f.date_value), f.json_value,
                         f.sealed is not None) for f in s.execute(select(CaseField)).scalars())
        parties = sorted((no[p.case_id], p.role, p.organisation_id is not None, p.party, p.sealed is not None)
                         for p in s.execute(select(CaseParty)).scalars())
        clocks = sorted((no[k.case_id], k.key, k.state, str(k.due_on), k.running)
                        for k in s.execute(select(CaseClock)).scalars())
        timeline = sorted((no[e.case_id], e.action, e.from_state, e.to_state, e.details, e.sealed is not None)
                          for e in s.execute(select(TimelineEvent)).scalars())
        # The index keeps no content: its terms (or blind tokens), position by position.
        terms: dict[str, list[tuple[int, str]]] = {}
        case_of = dict(s.execute(select(SearchDoc.doc_id, SearchDoc.case_id)).all())
        for doc, term, offset in insider.index_instances(lambda sql: s.execute(text(sql)), on_hub(s)):
            terms.setdefault(no[case_of[doc]], []).append((offset, term))
        docs = sorted((case_no, " ".join(t for _, t in sorted(found))) for case_no, found in terms.items())
        revisions = []
        for r in s.execute(select(SyncRevision)).scalars():
            body = json.loads(r.body)
            body["timeline"] = sorted(
                json.dumps({k: v for k, v in e.items() if k != "at"}, sort_keys=True, ensure_ascii=False)
                for e in body["timeline"].values())
            revisions.append((no[r.record_id], r.classification, r.module, r.gen, r.parents, r.sealed is not None,
                              json.dumps(body, sort_keys=True, ensure_ascii=False)))
        raw_sealed = sorted(no[cid] for cid, sealed in s.execute(text("SELECT id, sealed FROM cases")) if sealed)
        events = [(e.action, json.loads(e.details)) for e in s.execute(
            select(AuditEvent).where(AuditEvent.action == "case_create").order_by(AuditEvent.seq)).scalars()]
    return {"cases": out, "fields": fields, "parties": parties, "clocks": clocks, "timeline": timeline,
            "docs": docs, "revisions": sorted(revisions), "raw_sealed": raw_sealed,
            "events": events}


@pytest.mark.parametrize("level", [Level.PUBLIC, Level.SECRET], ids=["公开", "秘密"])
def test_the_batch_stores_exactly_what_the_per_case_path_stores(station_copy: Station, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 level: Level) -> None:
    path = _sheet(tmp_path / "list.xlsx", 12)
    twin = copy_station(station_copy, tmp_path / "twin")  # the same keys: blind tokens compare
    with station_copy.open() as ws:
        ws.imports.run(path, "tech_contracts", classification=level)
        batched = _stored(ws)
    monkeypatch.setattr(imports_module, "batch_changes", _per_case)
    with twin.open() as ws:
        ws.imports.run(path, "tech_contracts", classification=level)
        single = _stored(ws)
    assert len(batched["cases"]) == 12 and batched["revisions"] and batched["docs"]
    for part in batched:
        assert batched[part] == single[part], part
    if level is Level.SECRET:
        assert len(batched["raw_sealed"]) == 12
        assert all(sealed for *_, sealed in batched["fields"])
        assert all(sealed for *_, sealed in batched["revisions"])
        assert not any("技术开发合同" in body for _, body in batched["docs"])  # blind tokens only
    else:
        assert not batched["raw_sealed"]
        assert any("技术开发合同" in body or "技术" in body for _, body in batched["docs"])


BULK_CONTRACT = {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": GOOD_USCC,
                 "contract_amount": "100万", "tech_amount": "80万"}


def test_a_bulk_move_is_one_transaction_with_a_savepoint_per_case(station_copy: Station,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Bulk moves go through the batch unit: one write transaction for the lot, each case
    still with its own revision and audit event, and a case that fails undoes only
    itself (its savepoint and what it asked of the unit)."""
    with station_copy.open() as ws:
        ids = ws.cases.create_many([NewCase("tech_contract", f"成批合同{i}", BULK_CONTRACT) for i in range(30)])
        assert None not in ids
        ws.workflow.act(ids[7], "review")  # past 受理: "review" is refused for it alone
        with ws.store.read() as s:
            revisions_before = dict(s.execute(select(SyncRevision.record_id, func.count())
                                              .group_by(SyncRevision.record_id)).all())
            seq_before = s.execute(select(func.max(AuditEvent.seq))).scalar_one()
        writes: list[int] = []
        real_write = ws.store.write

        def counted(*args: Any, **kwargs: Any) -> Any:
            writes.append(1)
            return real_write(*args, **kwargs)

        monkeypatch.setattr(ws.store, "write", counted)
        result = ws.bulk.act([str(i) for i in ids], "review", opinion="材料齐全")
        monkeypatch.undo()
        assert len(writes) == 1  # one transaction for 30 cases (31 before: one per case and the summary)
        assert [o.ok for o in result.outcomes] == [i != 7 for i in range(30)]
        with ws.store.read() as s:
            revisions = dict(s.execute(select(SyncRevision.record_id, func.count())
                                       .group_by(SyncRevision.record_id)).all())
            events = s.execute(select(AuditEvent.action, AuditEvent.target_id)
                               .where(AuditEvent.seq > seq_before).order_by(AuditEvent.seq)).all()
            assert audit.verify(s).ok
        for i, case_id in enumerate(ids):
            assert revisions[case_id] == revisions_before[case_id] + (i != 7), i
        assert [t for a, t in events if a == "case_act"] == [c for i, c in enumerate(ids) if i != 7]
        assert events[-1][0] == "bulk_act"
        assert [ws.cases.show(str(i)).state for i in ids] == ["审核认定"] * 30
        assert {c.id for c in ws.cases.search("材料齐全")} >= {c for i, c in enumerate(ids) if i != 7}


def test_bulk_letters_are_one_transaction_and_leave_no_file_of_a_failed_or_rolled_back_letter(
        station_copy: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bulk letters (issue 15 point 2): one write transaction for the lot, a savepoint per
    letter. A letter that fails leaves neither its file nor its blobs, and the others
    are issued; a batch that fails as a whole leaves no file, no blob, no number used."""
    from bjstc_desktop.ops import letters as letters_module

    out = tmp_path / "out"
    out.mkdir()
    with station_copy.open() as ws:
        ids = [str(i) for i in ws.cases.create_many([NewCase("tech_contract", f"发函合同{i}", BULK_CONTRACT)
                                                for i in range(4)])]
        blobs_before = set(sealed_blobs(ws))  # files, or a hub's chunk rows (tests/blobs_at_rest.py)
        writes: list[int] = []
        real_write, real_register = ws.store.write, letters_module.LetterRepository.register
        calls: list[int] = []

        def counted(*args: Any, **kwargs: Any) -> Any:
            writes.append(1)
            return real_write(*args, **kwargs)

        def third_fails(self: Any, letter: Any) -> Any:
            calls.append(1)
            if len(calls) == 3:
                raise RuntimeError("the register refused this one")
            return real_register(self, letter)

        monkeypatch.setattr(ws.store, "write", counted)
        monkeypatch.setattr(letters_module.LetterRepository, "register", third_fails)
        result = ws.bulk.letters(ids, "notice", out, values={"body": "经审核，予以登记。"})
        monkeypatch.undo()
        assert len(writes) == 1
        assert [o.ok for o in result.outcomes] == [True, True, False, True]
        files = sorted(p.name for p in out.iterdir())
        assert files == sorted(Path(o.detail["path"]).name for o in result.succeeded) and len(files) == 3
        with ws.store.read() as s:
            assert s.execute(select(func.count()).select_from(letters_module.Letter)).scalar_one() == 3
            assert audit.verify(s).ok
        new_blobs = set(sealed_blobs(ws)) - blobs_before
        assert len(new_blobs) == 3 * 2  # the PDF and OFD copies of the three registered letters only

        def summary_fails(*_args: Any, **_kwargs: Any) -> None:
            raise RuntimeError("disk on fire")

        out2 = tmp_path / "out2"
        out2.mkdir()
        blobs_mid = set(sealed_blobs(ws))
        monkeypatch.setattr(type(ws.bulk), "_summary_audit", summary_fails)
        with pytest.raises(RuntimeError):
            ws.bulk.letters(ids, "notice", out2, values={"body": "经审核，予以登记。"})
        monkeypatch.undo()
        assert list(out2.iterdir()) == []
        assert set(sealed_blobs(ws)) == blobs_mid
        with ws.store.read() as s:
            assert s.execute(select(func.count()).select_from(letters_module.Letter)).scalar_one() == 3
