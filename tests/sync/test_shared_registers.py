"""The shared registers in sync packages (issue 17 point 4): experts (专家库), a case's
panel draws and scores, 科研失信 records and filed 件 (档号) travel like cases — the same
revisions, signatures, admission and merge — and obey clearance and module scope.

Written as the attacker would: a trusted peer with its own real keys forging packages
from docs/sync-format.md (tests/sync/forge.py). A (甲站) receives; M (乙站) is trusted
by A for the market module only; I (丙站) up to 内部 only; H (丁站) for everything."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.store import kdf
from bjstc_desktop.store.duty_models import ArchiveItem, Expert, IntegrityRecordRow
from bjstc_desktop.store.models import Case
from bjstc_desktop.sync.casebody import panel_and_archive
from bjstc_desktop.sync.keysets import own_keys
from bjstc_desktop.sync.peers import PeerRepository
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.registerbody import expert_body, integrity_body
from bjstc_desktop.sync.suites import BY_NAME
from bjstc_desktop.sync.unseal import PackageReader
from tests.conftest import FAST_KDF
from tests.store.duty_seed import APPLICANT, HNTE_SCORES, add_pool, hnte_in_review, id_number, uscc
from tests.sync import forge
from tests.sync.conftest import CONTRACT, Office, dump, make_office, trust

TODAY = dt.date.today()


def finding(**over: Any) -> dict[str, Any]:
    """A 失信 finding against the HNTE applicant, in force for a month."""
    values = {"subject_kind": "单位", "name": "北京高企科技有限公司", "number": APPLICANT, "source": "北京市科学技术委员会",
              "decision_no": "京科发〔2025〕1号", "measure": "取消申报资格", "start_on": "2025-01-01",
              "end_on": (TODAY + dt.timedelta(days=30)).isoformat()}
    return {**values, **over}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A holds a pool, a 秘密 expert, a 失信 record of every duty and one of the market
    module, an HNTE case whose panel is drawn and scored, and a 秘密 HNTE case with a
    drawn panel. M, I and H each imported A's full export."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
        root = tmp_path_factory.mktemp("shared")
        a, m, i, h = (make_office(root, n) for n in ("甲站", "乙站", "丙站", "丁站"))
        trust(a, m, modules=frozenset({"market"}))
        trust(a, i, ceiling=Level.INTERNAL)
        trust(a, h)
        for x in (m, i, h):
            trust(x, a)
        ws = a.ws()
        add_pool(ws, tech=10, finance=3)
        secret_expert = ws.experts.add({"name": "涉密专家", "id_number": id_number(700), "employer": "某所",
                                        "disciplines": "520", "category": "技术专家"}, classification=Level.SECRET).id
        case = hnte_in_review(ws)
        panel = ws.panels.draw(case, today=TODAY)
        for member in panel.members:
            ws.panels.score(case, member.expert_id, HNTE_SCORES, opinion="同意", today=TODAY)
        secret = ws.cases.create("hnte", "涉密高企认定", {"enterprise": "北京涉密科技有限公司",
                                                      "enterprise_uscc": uscc(2)}, classification=Level.SECRET,
                                secrecy_period="10年")
        for action in ("examine", "accept", "start_review", "expert_review"):
            ws.workflow.act(secret.id, action)
        secret_seed = ws.panels.draw(secret.id, today=TODAY).draws[0].seed
        office_wide = ws.integrity.add(finding()).id  # found after the case was accepted
        market_only = ws.integrity.add(finding(decision_no="京科发〔2025〕2号", scope="market")).id
        usb = root / "usb"
        usb.mkdir()
        for x in (m, i, h):
            x.ws().sync.import_package(Path(ws.sync.export_package([x.node_id], usb, full=True).path))
        for o in (a, m, i, h):
            o.close()
        yield {"offices": (a, m, i, h), "case": case, "secret": secret.id, "secret_seed": secret_seed,
               "secret_expert": secret_expert, "office_wide": office_wide, "market_only": market_only}


@pytest.fixture
def world(template: dict[str, Any], tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A private copy of the template for one test."""
    offices = []
    for o in template["offices"]:
        shutil.copytree(o.data_dir, tmp_path / o.name)
        offices.append(replace(o, data_dir=tmp_path / o.name, sessions={}))
    (tmp_path / "usb").mkdir()
    yield {**template, **dict(zip("amih", offices, strict=True)), "usb": tmp_path / "usb"}


def snapshot(office: Office) -> dict[str, Any]:
    """What the shared registers say at `office`: every expert and 失信 record as its
    body, every case's panel and 件 (and title and state)."""
    with office.ws().store.read() as s:
        return {"experts": {e.id: expert_body(s, e) for e in s.execute(select(Expert)).scalars()},
                "integrity": {r.id: integrity_body(r) for r in s.execute(select(IntegrityRecordRow)).scalars()},
                "cases": {c.id: {"title": c.title, "state": c.state, **panel_and_archive(s, c.id)}
                          for c in s.execute(select(Case)).scalars()}}


def in_force(office: Office, record_id: str) -> bool:
    return next(r for r in office.ws().integrity.list() if r.id == record_id).in_force


def plaintext(office: Office, package: Path) -> bytes:
    """The package decrypted with `office`'s own keys (what it receives, byte for byte)."""
    ws = office.ws()
    ident = ws.peers.node_keys()
    reader = PackageReader(package)
    with ws.store.read() as s:
        outer = reader.verify(lambda suite, kid: PeerRepository(s).package_sender(suite, kid, ws.ctx.sync_suites)[1]
                              .sign_public, frozenset(BY_NAME[n].suite_id for n in ws.ctx.sync_suites))
    mine = own_keys(ident, outer.suite_id)
    out = bytearray()
    reader.decrypt(mine.public.key_id, mine.kex_private, out.extend)
    return bytes(out)


# --- the honest exchange ------------------------------------------------------------------

def _file_a_contract(office: Office, title: str) -> list[str]:
    with office.open() as ws:
        case = ws.cases.create("tech_contract", title, CONTRACT)
        ws.workflow.act(case.id, "review")
        ws.workflow.act(case.id, "refuse", "不予登记")
        return [i.archive_no for i in ws.archives.file(case.id).items]


def test_two_workstations_exchange_experts_a_scored_panel_a_finding_and_filed_cases_and_agree(world: dict) -> None:
    a, h, usb = world["a"], world["h"], world["usb"]
    with a.open("admin") as admin:
        admin.reference.set_rule("archive.item_block", "1-4999", "本委档案室分配（测试）")
    with h.open("admin") as admin:
        admin.reference.set_rule("archive.item_block", "5000-9999", "本委档案室分配（测试）")
    assert snapshot(h)["cases"][world["case"]] == snapshot(a)["cases"][world["case"]]  # the scored panel came
    # Both sides change things: H adds an expert and a finding, edits one of A's experts,
    # and each files a case in the same year and retention.
    with h.open() as ws:
        mine = ws.experts.add({"name": "丁站专家", "id_number": id_number(800), "employer": "丁站单位",
                               "disciplines": "520", "category": "技术专家"}).id
        ws.integrity.add(finding(decision_no="京科发〔2026〕9号", measure="通报批评"))
        some = ws.experts.list()[-1].id
        ws.experts.edit(some, {"phone": "010-12345678"})
    filed_a = _file_a_contract(a, "甲站归档合同")
    filed_h = _file_a_contract(h, "丁站归档合同")
    assert filed_a[0].endswith("-0001") and filed_h[0].endswith("-5000")
    h.ws().sync.import_package(forge_free_send(a, h, usb / "1"))
    a.ws().sync.import_package(forge_free_send(h, a, usb / "2"))
    h.ws().sync.import_package(forge_free_send(a, h, usb / "3"))
    left, right = snapshot(a), snapshot(h)
    assert left == right
    assert mine in left["experts"] and left["experts"][some]["phone"] == "010-12345678"
    assert len(left["integrity"]) == 3
    numbers = [i.archive_no for i in a.ws().archives.catalogue()]
    assert sorted(numbers) == sorted(filed_a + filed_h) and len(set(numbers)) == len(numbers)
    assert all(r.same for r in h.ws().panels.replay(world["case"]))  # the draw replays on the other node
    scored = h.ws().panels.panel(world["case"])
    assert scored.aggregate == a.ws().panels.panel(world["case"]).aggregate is not None
    # The received 失信 record hits at the other workstation's intake too.
    assert any(line.record_id == world["office_wide"] for line in h.ws().integrity.hits())
    # A filed case received is read-only there as well; the next 件 of A stays in its block.
    with pytest.raises(Exception, match="已归档"):
        a.ws().cases.edit(next(c for c, v in right["cases"].items() if v["title"] == "丁站归档合同"), title="改")
    assert _file_a_contract(a, "甲站再归档")[0].endswith("-0002")


def forge_free_send(src: Office, dst: Office, out: Path) -> Path:
    """An honest export from `src` to `dst`."""
    out.mkdir(parents=True, exist_ok=True)
    return Path(src.ws().sync.export_package([dst.node_id], out).path)


def test_archive_numbers_from_overlapping_blocks_are_refused_not_doubled(world: dict) -> None:
    a, h, usb = world["a"], world["h"], world["usb"]
    _file_a_contract(a, "甲站归档合同")
    _file_a_contract(h, "丁站归档合同")  # both in the default block 1-9999: the same 档号
    package = forge_free_send(h, a, usb / "1")
    before = dump(a)
    with pytest.raises(PackageRefused) as err:
        a.ws().sync.import_package(package)
    assert err.value.reason == "malformed" and "档号" in err.value.zh and "block" in err.value.en
    assert dump(a) == before


# --- a peer scoped to another module --------------------------------------------------------

def test_a_market_scoped_peer_cannot_write_an_industry_cases_panel_or_scores(world: dict) -> None:
    a, m, usb = world["a"], world["m"], world["usb"]
    case = world["case"]
    before = snapshot(a)["cases"][case]
    head = forge.head_doc(a, case)
    members = {k: {**v, "scores": {"ip": 0, "conversion": 0, "rd_management": 0, "growth": 0}, "total": "0.00"}
               for k, v in head["body"]["panel_members"].items()}
    zeroed = forge.child(head, m, panel_members=members)
    report = a.ws().sync.import_package(forge.build(m, [a], usb, revs=[zeroed]))
    assert report.held_back == 1 and report.held_back_reasons == {"scope": 1} and report.updated == 0
    redrawn = forge.child(head, m, panel_draws={}, panel_members={})
    assert a.ws().sync.import_package(forge.build(m, [a], usb, revs=[redrawn])).held_back == 1
    assert snapshot(a)["cases"][case] == before


def test_a_market_scoped_peer_cannot_change_an_expert_of_every_duty(world: dict) -> None:
    a, m, usb = world["a"], world["m"], world["usb"]
    expert = a.ws().experts.list()[-1].id
    retired = forge.child(forge.head_doc(a, expert), m, status="退出")
    report = a.ws().sync.import_package(forge.build(m, [a], usb, revs=[retired]))
    assert report.held_back == 1 and report.held_back_reasons == {"scope": 1}
    assert next(e for e in a.ws().experts.list() if e.id == expert).status == "在库"


# --- 失信 records: no revocation without authority ----------------------------------------------

def test_a_forged_revocation_does_not_lift_a_finding_of_every_duty(world: dict) -> None:
    a, m, h, usb = world["a"], world["m"], world["h"], world["usb"]
    record = world["office_wide"]
    head = forge.head_doc(a, record)
    revoked = forge.child(head, m, status="撤销", revoke_reason="决定已撤销")
    report = a.ws().sync.import_package(forge.build(m, [a], usb, revs=[revoked]))
    assert report.held_back == 1 and report.held_back_reasons == {"scope": 1}
    ended = forge.child(head, m, end_on=(TODAY - dt.timedelta(days=1)).isoformat())  # nor by ending it
    narrowed = forge.child(head, m, modules=["market"])  # nor by narrowing it to M's own module
    assert a.ws().sync.import_package(forge.build(m, [a], usb, revs=[ended, narrowed])).held_back == 2
    assert in_force(a, record)
    assert any(line.record_id == record for line in a.ws().integrity.hits())
    # Nor by claiming that an authorised node (H) or A itself wrote the revocation.
    for node in (h.node_id, a.node_id):
        claimed = forge.child(head, m, node=node, status="撤销", revoke_reason="冒充", signer=m)
        before = dump(a)
        with pytest.raises(PackageRefused) as err:
            a.ws().sync.import_package(forge.build(m, [a], usb, revs=[claimed]))
        assert err.value.reason == "forged_author" and dump(a) == before
    assert in_force(a, record)


def test_an_authorised_peer_may_revoke(world: dict) -> None:
    a, m, h, usb = world["a"], world["m"], world["h"], world["usb"]
    market = forge.child(forge.head_doc(a, world["market_only"]), m, status="撤销", revoke_reason="复议撤销")
    assert a.ws().sync.import_package(forge.build(m, [a], usb, revs=[market])).updated == 1  # within M's scope
    assert not in_force(a, world["market_only"])
    with h.open() as ws:  # H is trusted for every module: its officer's revocation is applied
        ws.integrity.revoke(world["office_wide"], "行政复议决定撤销")
    assert a.ws().sync.import_package(forge_free_send(h, a, usb / "h")).updated == 1
    assert not in_force(a, world["office_wide"])


# --- clearance --------------------------------------------------------------------------------

def test_a_lower_clearance_recipient_never_receives_a_secret_cases_panel(world: dict) -> None:
    a, i, usb = world["a"], world["i"], world["usb"]
    package = forge_free_send(a, i, usb / "full")
    content = plaintext(i, package)
    # Nor the 秘密 expert: a 公开 case's draw never had him in its pool (a panel is read
    # at its case's level), and his record is above I's ceiling.
    for secret in (world["secret"], world["secret_seed"], world["secret_expert"], "涉密", id_number(700)):
        assert secret.encode() not in content
    assert world["case"].encode() in content  # the 公开 case's panel goes
    with i.ws().store.read() as s:
        assert s.get(Case, world["secret"]) is None and s.get(Expert, world["secret_expert"]) is None
        assert not s.execute(select(ArchiveItem)).first()
    # Nor can I deliver a 秘密 panel of its own making to A, which trusts it for 内部 only.
    head = forge.head_doc(a, world["case"])
    raised = forge.child(head, i, classification=2, secrecy_period="10年")
    assert a.ws().sync.import_package(forge.build(i, [a], usb, revs=[raised])).held_back == 1


# --- merge: concurrent edits never lose one ----------------------------------------------------

def test_concurrent_edits_of_an_expert_and_of_scores_merge_or_wait_as_conflicts(world: dict) -> None:
    a, h, usb, case = world["a"], world["h"], world["usb"], world["case"]
    expert = a.ws().experts.list()[-1].id
    members = {m["expert"]: k for k, m in snapshot(a)["cases"][case]["panel_members"].items()}
    first, second, third = list(members)[:3]
    a.ws().experts.edit(expert, {"phone": "010-11111111"})
    h.ws().experts.edit(expert, {"phone": "010-22222222", "email": "dz@example.cn"})
    a.ws().panels.score(case, first, {**HNTE_SCORES, "ip": 10}, today=TODAY)
    h.ws().panels.score(case, second, {**HNTE_SCORES, "ip": 20}, today=TODAY)
    a.ws().panels.score(case, third, {**HNTE_SCORES, "ip": 30}, today=TODAY)
    h.ws().panels.score(case, third, {**HNTE_SCORES, "ip": 40}, today=TODAY)
    to_h, to_a = forge_free_send(a, h, usb / "1"), forge_free_send(h, a, usb / "2")
    h.ws().sync.import_package(to_h)
    a.ws().sync.import_package(to_a)
    left, right = snapshot(a), snapshot(h)
    assert left == right  # every node holding the same revisions shows the same state
    assert left["experts"][expert]["email"] == "dz@example.cn"  # changed on one side: taken
    panel = left["cases"][case]["panel_members"]
    assert panel[members[first]]["scores"]["ip"] == 10 and panel[members[second]]["scores"]["ip"] == 20
    queue = {c.field: c for c in a.ws().sync.conflicts()}
    phone, score = queue["phone"], queue[f"panel_members.{members[third]}"]
    assert {v["value"] for v in phone.values} == {"010-11111111", "010-22222222"}
    assert {v["value"]["scores"]["ip"] for v in score.values} == {30, 40}
    assert {c.field for c in h.ws().sync.conflicts()} == set(queue)
    for c in a.ws().sync.conflicts():
        a.ws().sync.resolve(c.id, "theirs" if c.field == "phone" else "mine")
    assert not a.ws().sync.conflicts()
    h.ws().sync.import_package(forge_free_send(a, h, usb / "3"))
    assert not h.ws().sync.conflicts()
    left, right = snapshot(a), snapshot(h)
    assert left == right and left["experts"][expert]["phone"] == "010-22222222"
    assert left["cases"][case]["panel_members"][members[third]]["scores"]["ip"] == 30


def test_lowering_a_secret_experts_level_waits_for_the_security_administrator(world: dict) -> None:
    a, h, usb = world["a"], world["h"], world["usb"]
    expert = world["secret_expert"]
    lowered = forge.child(forge.head_doc(a, expert), h, classification=0)
    report = a.ws().sync.import_package(forge.build(h, [a], usb, revs=[lowered]))
    assert report.held_for_review == 1 and report.by_module["expert"]["held_for_review"] == 1
    with a.ws().store.read() as s:
        assert s.get(Expert, expert).classification == int(Level.SECRET)
    [held] = a.ws("sec").sync.conflicts()
    assert held.case_id == expert and held.field == "classification" and "专家" in held.label
    a.ws("sec").sync.resolve(held.id, "theirs")
    with a.ws().store.read() as s:
        assert s.get(Expert, expert).classification == int(Level.PUBLIC)


def test_a_member_whose_expert_is_entered_twice_is_kept_through_the_receivers_edits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same person entered at two offices is not merged: the receiver keeps its own
    record, warns, and keeps the other office's panel member in the revisions."""
    monkeypatch.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
    a, b = make_office(tmp_path, "甲站"), make_office(tmp_path, "乙站")
    trust(a, b)
    trust(b, a)
    ws = a.ws()
    pool = add_pool(ws, tech=4, finance=1)  # exactly the five an HNTE panel needs
    twice = pool[0]
    b.ws().experts.add({"name": "乙站录入的同一人", "id_number": id_number(100), "employer": "单位100",
                        "disciplines": "520", "category": "技术专家"})
    case = hnte_in_review(ws)
    members = ws.panels.draw(case, today=TODAY).members
    assert twice in {m.expert_id for m in members} and len(members) == 5
    for m in members:
        ws.panels.score(case, m.expert_id, HNTE_SCORES, today=TODAY)
    usb = tmp_path / "usb"
    report = b.ws().sync.import_package(forge_free_send(a, b, usb / "1"))
    assert "register_duplicate" in report.warnings
    with b.ws().store.read() as s:
        assert s.get(Expert, twice) is None  # B's own record of him stays the one in force
    assert {m.expert_id for m in b.ws().panels.panel(case).members} == set(pool[1:])
    b.ws().cases.edit(case, title="乙站改过的标题")
    a.ws().sync.import_package(forge_free_send(b, a, usb / "2"))
    after = a.ws().panels.panel(case)
    assert {m.expert_id for m in after.members} == set(pool) and all(m.total for m in after.members)
    assert a.ws().cases.show(case).title == "乙站改过的标题"
    kept = forge.head_doc(b, case)["body"]["panel_members"]  # B's own revision carries him on
    assert twice in {m["expert"] for m in kept.values()}
