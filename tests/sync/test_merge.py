"""Merging, three-way and field by field: different fields merge by themselves; the
same field on both sides, or an edit against a delete, is a conflict that keeps both
values with the same provisional winner everywhere; a resolution is a revision with two
parents that replicates; old tombstones never resurrect or kill anything."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.store.sync_models import SyncRevision
from bjstc_desktop.sync.merge import Head, merge_view
from tests.sync.conftest import CONTRACT, Office, link, make_office, receive, send


def _body(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {"title": "t", "state": "受理", "classification": 0, "fields": {}, "clocks": {},
                               "parties": [], "timeline": {}, "attachments": {}, "case_type": "tech_contract",
                               "module": "market", "case_no": "n"}
    base.update(kw)
    return base


def test_pure_three_way_merge_of_disjoint_and_same_fields() -> None:
    base = _body(fields={"a": 1, "b": 1}, parties=[["卖方", "X", "x"]])
    mine = Head("f" * 64, 2, False, _body(fields={"a": 2, "b": 1}, title="mine", parties=[["卖方", "X", "x"], ["买方", "Y", "y"]],
                                          timeline={"e1": {}}, classification=1))
    theirs = Head("0" * 64, 2, False, _body(fields={"a": 1, "b": 3}, title="theirs", parties=[],
                                            timeline={"e2": {}}, classification=2))
    view = merge_view([theirs, mine], lambda a, b: base)
    assert view.winner is mine  # same generation: the higher revision id, on every node
    assert view.state["fields"] == {"a": 2, "b": 3}  # type: ignore[index]
    assert view.state["title"] == "mine"  # type: ignore[index]
    assert [(c.path, c.values) for c in view.conflicts] == [("title", [("f" * 64, "mine"), ("0" * 64, "theirs")])]
    assert view.state["classification"] == 2  # type: ignore[index]  # the higher level
    assert view.state["parties"] == [["买方", "Y", "y"]]  # type: ignore[index]  # removed on one side: out; added: in
    assert set(view.state["timeline"]) == {"e1", "e2"}  # type: ignore[index]


def test_edit_against_delete_is_a_conflict_and_the_live_side_shows() -> None:
    edit = Head("1" * 64, 2, False, _body(title="edited"))
    tomb = Head("2" * 64, 2, True, {})
    view = merge_view([tomb, edit], lambda a, b: _body())
    assert view.state is not None and view.state["title"] == "edited"
    assert [(c.path, [v for _, v in c.values]) for c in view.conflicts] == [("_deleted", ["kept", "deleted"])]
    assert merge_view([tomb], lambda a, b: None).state is None


def _revisions(office: Office) -> set[str]:
    with office.open() as ws, ws.store.read() as s:
        return set(s.execute(select(SyncRevision.rev_id)).scalars())


def _exchange(a: Office, b: Office, tmp: Path) -> None:
    pa, pb = send(a, b, tmp / "usb"), send(b, a, tmp / "usb")
    receive(b, pa)
    receive(a, pb)


def test_different_fields_merge_by_themselves_in_either_order(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "原标题", CONTRACT)
    receive(b, send(a, b, tmp_path / "usb"))
    with a.open() as ws:
        ws.cases.edit(case.id, fields={"tech_amount": "60万"})
    with b.open() as ws:
        ws.cases.edit(case.id, title="乙改的标题")
    _exchange(a, b, tmp_path)
    for office in (a, b):
        with office.open() as ws:
            view = ws.cases.show(case.id)
            assert (view.title, view.fields["tech_amount"]) == ("乙改的标题", 60_000_000)
            assert ws.sync.conflicts() == []
    assert _revisions(a) == _revisions(b)


def test_the_same_field_on_both_sides_is_a_conflict_resolved_once_for_everyone(
        pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "原标题", CONTRACT)
    receive(b, send(a, b, tmp_path / "usb"))
    with a.open() as ws:
        ws.cases.edit(case.id, title="甲的标题")
    with b.open() as ws:
        ws.cases.edit(case.id, title="乙的标题")
    _exchange(a, b, tmp_path)
    seen = {}
    for office in (a, b):
        with office.open() as ws:
            [conflict] = ws.sync.conflicts()
            seen[office.name] = conflict
            assert ws.cases.show(case.id).title == conflict.winner
    ca, cb = seen["甲站"], seen["乙站"]
    assert ca.id == cb.id and ca.winner == cb.winner  # the same provisional winner on every node
    assert (ca.mine, ca.theirs) == ("甲的标题", "乙的标题") and (cb.mine, cb.theirs) == ("乙的标题", "甲的标题")
    with a.open() as ws:
        ws.sync.resolve(ca.id, "新的统一标题")
        assert ws.cases.show(case.id).title == "新的统一标题" and ws.sync.conflicts() == []
        with ws.store.read() as s:
            newest = s.execute(select(SyncRevision).order_by(SyncRevision.local_seq.desc()).limit(1)).scalar_one()
            assert len(json.loads(newest.parents)) == 2
    receive(b, send(a, b, tmp_path / "usb"))
    with b.open() as ws:
        assert ws.cases.show(case.id).title == "新的统一标题" and ws.sync.conflicts() == []
    assert _revisions(a) == _revisions(b)
    for office in (a, b):  # who settled it is in the case's history, on both sides
        with office.open() as ws:
            steps = [(t.action, t.actor) for t in ws.cases.show(case.id).timeline]
            assert steps[-1] == ("sync_resolve", "zhang") and steps.count(("sync_resolve", "zhang")) == 1, steps
            assert all(actor for _, actor in steps), steps  # a step received from the other office names its officer


def test_take_mine_and_theirs(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "原", CONTRACT)
    receive(b, send(a, b, tmp_path / "usb"))
    with a.open() as ws:
        ws.cases.edit(case.id, fields={"tech_amount": "11万"}, title="甲")
    with b.open() as ws:
        ws.cases.edit(case.id, fields={"tech_amount": "22万"}, title="乙")
    _exchange(a, b, tmp_path)
    with b.open() as ws:
        conflicts = {c.field: c for c in ws.sync.conflicts()}
        assert set(conflicts) == {"title", "fields.tech_amount"}
        left = ws.sync.resolve(conflicts["title"].id, "theirs")  # waits for the case's other conflict
        assert left is not None and left.field == "fields.tech_amount"
        decided = {c.field: (c.decided, c.decision) for c in ws.sync.conflicts()}
        assert decided == {"title": (True, "甲"), "fields.tech_amount": (False, None)}
        assert ws.cases.show(case.id).title == conflicts["title"].winner  # nothing settled yet
        assert ws.sync.resolve(left.id, "mine") is None
        assert ws.sync.conflicts() == []
        shown = ws.cases.show(case.id)
        assert (shown.title, shown.fields["tech_amount"]) == ("甲", 22_000_000)
    receive(a, send(b, a, tmp_path / "usb"))
    with a.open() as ws:
        shown = ws.cases.show(case.id)
        assert (shown.title, shown.fields["tech_amount"]) == ("甲", 22_000_000) and ws.sync.conflicts() == []


def test_edit_against_delete_waits_for_an_officer(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "要删除吗", CONTRACT)
    receive(b, send(a, b, tmp_path / "usb"))
    with a.open() as ws:
        ws.cases.delete(case.id)
    with b.open() as ws:
        ws.cases.edit(case.id, title="乙还在办")
    _exchange(a, b, tmp_path)
    for office in (a, b):
        with office.open() as ws:
            [c] = ws.sync.conflicts()
            assert c.field == "_deleted" and ws.cases.show(case.id).title == "乙还在办"
    with a.open() as ws:
        ws.sync.resolve(c.id, "delete")
        assert ws.cases.list() == []
    receive(b, send(a, b, tmp_path / "usb"))
    with b.open() as ws:
        assert ws.cases.list() == [] and ws.sync.conflicts() == []


def test_a_later_delete_wins_and_an_old_package_never_resurrects(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "将被删除", CONTRACT)
    first = send(a, b, tmp_path / "usb")
    receive(b, first)
    with a.open() as ws:
        ws.cases.delete(case.id)
        again = ws.cases.create("tech_contract", "将被删除", CONTRACT)  # the same case made again
    receive(b, send(a, b, tmp_path / "usb"))
    with b.open() as ws:
        assert [c.id for c in ws.cases.list()] == [again.id]
    # an old copy of the first package, renamed: no resurrection, the new record untouched
    renamed = tmp_path / "copy.bjsync"
    renamed.write_bytes(first.read_bytes())
    assert receive(b, renamed).status == "already_imported"
    with a.open() as ws:  # a full re-send of everything, old revisions included
        full = ws.sync.export_package([b.node_id], tmp_path / "usb", full=True)
    report = receive(b, Path(full.path))
    assert report.new == report.updated == report.deleted == 0
    with b.open() as ws:
        assert [c.id for c in ws.cases.list()] == [again.id] and ws.sync.conflicts() == []


def test_classification_merges_to_the_higher_level(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "密级", CONTRACT, classification=Level.INTERNAL)
    receive(b, send(a, b, tmp_path / "usb"))
    with a.open() as ws, ws.store.write() as s:  # raised here (as a classification change would)
        from bjstc_desktop.store.models import Case
        from bjstc_desktop.sync.revisions import record_case_revision

        row = s.get(Case, case.id)
        row.classification, row.secrecy_period = int(Level.SECRET), "10年"
        record_case_revision(s, row, a.node_id, "zhang")
    with b.open() as ws:
        ws.cases.edit(case.id, title="乙同时改了标题")
    _exchange(a, b, tmp_path)
    for office in (a, b):
        with office.open() as ws:
            shown = ws.cases.show(case.id)
            assert (shown.classification, shown.title) == ("秘密", "乙同时改了标题")


def test_three_offices_edit_one_case_and_agree(tmp_path: Path) -> None:
    a, b, c = (make_office(tmp_path, n) for n in ("甲站", "乙站", "丙站"))
    link(a, b, c)
    with a.open() as ws:
        case = ws.cases.create("tech_contract", "三方", CONTRACT)
    for other in (b, c):
        receive(other, send(a, other, tmp_path / "usb"))
    for office, amount in ((a, "1万"), (b, "2万"), (c, "3万")):
        with office.open() as ws:
            ws.cases.edit(case.id, fields={"tech_amount": amount})
    for _ in range(2):
        for x in (a, b, c):
            for y in (a, b, c):
                if x is not y:
                    receive(y, send(x, y, tmp_path / "usb"))
    shown = set()
    for office in (a, b, c):
        with office.open() as ws:
            [conflict] = ws.sync.conflicts()
            assert len(conflict.values) == 3
            shown.add((conflict.id, conflict.winner, ws.cases.show(case.id).fields["tech_amount"]))
    assert len(shown) == 1
