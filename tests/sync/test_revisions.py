"""Every case write leaves exactly one immutable revision in its own transaction; the
revision id is the hash of its content; ancestry and generations grow; the clock is
monotonic and a remote clock far ahead is flagged, not followed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.sync_models import SyncHead, SyncRevision
from bjstc_desktop.sync import dag
from bjstc_desktop.sync.casebody import case_body
from bjstc_desktop.sync.dag import RevisionData, compute_rev_id
from bjstc_desktop.sync.hlc import Hlc, observe, parse, tick
from tests.sync import forge
from tests.sync.conftest import CONTRACT, Office, make_office, receive, send


def _revisions(office: Office) -> list[SyncRevision]:
    with office.ws().store.read() as s:
        return list(s.execute(select(SyncRevision).order_by(SyncRevision.local_seq)).scalars())


def test_every_case_write_makes_one_revision_in_its_transaction(tmp_path: Path) -> None:
    a = make_office(tmp_path, "甲站")
    ws = a.ws()
    case = ws.cases.create("tech_contract", "修订", CONTRACT)
    assert len(_revisions(a)) == 1
    ws.cases.edit(case.id, fields={"tech_amount": "70万"})
    assert len(_revisions(a)) == 2
    ws.workflow.act(case.id, ws.workflow.actions(case.id)[0].action, opinion="同意")
    assert len(_revisions(a)) == 3
    f = tmp_path / "x.txt"
    f.write_bytes(b"x")
    ws.attachments.add(case.id, f)
    revs = _revisions(a)
    assert len(revs) == 4
    with pytest.raises(ValidationError):
        ws.cases.edit(case.id, fields={"seller_uscc": "not a uscc"})
    assert len(_revisions(a)) == 4  # a refused write leaves no revision
    assert [r.gen for r in revs] == [1, 2, 3, 4]
    for parent, child in zip(revs, revs[1:], strict=False):
        assert json.loads(child.parents) == [parent.rev_id]
        assert json.loads(child.ancestry)[0] == parent.rev_id
    assert [parse(r.hlc) for r in revs] == sorted(parse(r.hlc) for r in revs)
    with ws.store.read() as s:
        assert s.execute(select(func.count()).select_from(SyncHead)).scalar() == 1
        body = case_body(s, s.get(Case, case.id))
    assert json.loads(revs[-1].body) == body and body["attachments"] and len(body["timeline"]) == 4


def test_a_revision_id_is_the_hash_of_its_content(tmp_path: Path) -> None:
    a = make_office(tmp_path, "甲站")
    a.ws().cases.create("tech_contract", "散列", CONTRACT)
    [row] = _revisions(a)
    data = dag.revision_data(row)
    assert compute_rev_id(data.record_type, data.record_id, data.parents, data.gen, data.body, data.author_node,
                          data.author_name, data.hlc, data.deleted) == row.rev_id
    changed = dict(data.body, title="改过")
    assert compute_rev_id("case", data.record_id, (), 1, changed, data.author_node, data.author_name, data.hlc,
                          False) != row.rev_id


def test_a_body_applied_elsewhere_reads_back_identically(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    ws = a.ws()
    case = ws.cases.create("tech_contract", "往返", CONTRACT)
    ws.workflow.act(case.id, ws.workflow.actions(case.id)[0].action, opinion="同意受理")
    receive(b, send(a, b, tmp_path / "usb"))
    with a.ws().store.read() as s:
        mine = case_body(s, s.get(Case, case.id))
    with b.ws().store.read() as s:
        theirs = case_body(s, s.get(Case, case.id))
    assert mine == theirs
    assert b.ws().cases.show(case.id).due == a.ws().cases.show(case.id).due  # clocks travel with the case
    b.ws().cases.edit(case.id, title="乙接着办")  # B's revision descends from A's
    [_, second] = [r for r in _revisions(b) if r.record_id == case.id][-2:]
    assert json.loads(second.parents) == [[r for r in _revisions(a) if r.record_id == case.id][-1].rev_id]


def test_an_old_revision_arriving_after_its_descendant_is_history(tmp_path: Path) -> None:
    a = make_office(tmp_path, "甲站")
    case = a.ws().cases.create("tech_contract", "旧的", CONTRACT)
    a.ws().cases.edit(case.id, title="新的")
    first, second = _revisions(a)
    b = make_office(tmp_path, "乙站")
    with b.ws().store.write() as s:
        assert dag.insert(s, dag.revision_data(second))
        assert dag.insert(s, dag.revision_data(first))  # late, and only history
        assert not dag.insert(s, dag.revision_data(first))  # idempotent
        heads = [h.rev_id for h in dag.head_rows(s, case.id)]
    assert heads == [second.rev_id]


def test_the_clock_is_monotonic_and_not_poisoned() -> None:
    last = Hlc(1000, 5)
    assert tick(last, wall_ms=900) == Hlc(1000, 6)  # the wall clock went back: the counter moves
    assert tick(last, wall_ms=2000) == Hlc(2000, 0)
    future = Hlc(2000 + 5 * 365 * 86_400_000, 0)
    assert observe(last, future, wall_ms=2000) == (last, True)
    assert observe(last, Hlc(1500, 0), wall_ms=2000) == (Hlc(1500, 0), False)


def test_a_sender_clock_years_ahead_is_flagged(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    a.ws().cases.create("tech_contract", "钟快", CONTRACT)
    [doc] = forge.revision_docs(a)
    doc["hlc"] = "3000000000000-00000"
    path = forge.build(a, [b], tmp_path / "usb", revs=[forge.rehash(doc, a)])
    report = b.ws().sync.import_package(path)
    assert report.new == 1 and "clock_ahead" in report.warnings
    b.ws().cases.create("tech_contract", "本地", CONTRACT)
    assert parse(_revisions(b)[-1].hlc).ms < 3_000_000_000_000


def test_revision_data_knows_its_level_and_module() -> None:
    data = RevisionData("case", "x", "r", (), (), 1, "n", "o", "0000000000000-00000", False,
                        {"classification": 2, "module": "market"})
    assert (data.classification, data.module) == (2, "market")


def test_an_edit_never_erases_what_this_workstation_cannot_hold(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    b.ws().parties.create("91110000600037341L", "乙站登记的另一个名称")
    case = a.ws().cases.create("tech_contract", "名称不同", CONTRACT)
    receive(b, send(a, b, tmp_path / "usb"))
    b.ws().cases.edit(case.id, title="乙改了标题")
    mine = json.loads(_revisions(a)[-1].body)["parties"]
    theirs = json.loads([r for r in _revisions(b) if r.record_id == case.id][-1].body)["parties"]
    assert theirs == mine  # B's edit carries A's spelling of the party, not its own
    receive(a, send(b, a, tmp_path / "usb"))
    assert a.ws().cases.show(case.id).title == "乙改了标题" and a.ws().sync.conflicts() == []
