"""A trusted peer gone rogue (issue 11, must-hold 1 and finding 8): it holds its own real
keys and forges packages from docs/sync-format.md. It is trusted for its ceiling and
module scope, not for anything it says — so it cannot declassify, relabel, overwrite or
delete a case outside its scope, claim another node's authorship, link content it does
not have, or deliver cases above the level it is trusted for."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.core.classification import Level, parse_level
from bjstc_desktop.core.errors import BjstcError, PermissionDeniedError
from bjstc_desktop.core.modules import MODULE_CODES, case_type
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import kdf
from bjstc_desktop.store.models import AuditEvent
from bjstc_desktop.sync.refusals import PackageRefused
from tests import insider
from tests.conftest import FAST_KDF, OFFICER_PASS
from tests.sync import forge
from tests.sync.conftest import CONTRACT, Office, dump, make_office, trust

TALENT = {"program": "北京市科技新星计划", "candidate_name": "王伟"}
SECRET_FILE = b"secret research result " * 400


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """R (甲站) receives. M (乙站) is trusted by R for the market module only; I (丙站)
    is trusted by R up to 内部 only; H (丁站) is an honest peer trusted for everything.
    R holds a talent case, a 秘密 market case with an attachment, and a 公开 market case
    it shares with M."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
        root = tmp_path_factory.mktemp("rogue")
        r, m, i, h = (make_office(root, n) for n in ("甲站", "乙站", "丙站", "丁站"))
        with r.open("admin") as ws:
            ws.accounts.add("nei", Role.OFFICER, OFFICER_PASS)
        with r.open("sec") as ws:
            ws.accounts.set_access("nei", Level.INTERNAL, frozenset(MODULE_CODES))
        trust(r, m, modules=frozenset({"market"}))
        trust(r, i, ceiling=Level.INTERNAL)
        trust(r, h)
        for x in (m, i, h):
            trust(x, r)
        secret_file = root / "秘密成果.pdf"
        secret_file.write_bytes(SECRET_FILE)
        ws = r.ws()
        ids = {
            "talent": ws.cases.create("talent_program", "青年人才计划申报", TALENT).id,
            "secret": ws.cases.create("tech_contract", "秘密合同", CONTRACT, classification=Level.SECRET,
                                     secrecy_period="10年").id,
            "shared": ws.cases.create("tech_contract", "公开合同", CONTRACT).id,
        }
        ws.attachments.add(ids["secret"], secret_file)
        usb = root / "usb"
        usb.mkdir()
        m.ws().sync.import_package(Path(ws.sync.export_package([m.node_id], usb, full=True).path))  # M has the market cases
        for o in (r, m, i, h):
            o.close()
        yield {"offices": (r, m, i, h), "ids": ids}


@pytest.fixture
def world(template: dict[str, object], tmp_path: Path) -> Iterator[dict[str, object]]:
    """A private copy of the template for one test."""
    offices = []
    for o in template["offices"]:  # type: ignore[attr-defined]
        shutil.copytree(o.data_dir, tmp_path / o.name)
        offices.append(replace(o, data_dir=tmp_path / o.name, sessions={}))
    (tmp_path / "usb").mkdir()
    r, m, i, h = offices
    yield {"r": r, "m": m, "i": i, "h": h, "ids": template["ids"], "usb": tmp_path / "usb"}


def _refused(office: Office, package: Path, reason: str) -> PackageRefused:
    before = dump(office)
    with pytest.raises(PackageRefused) as err:
        office.ws().sync.import_package(package)
    assert err.value.reason == reason, err.value.detail
    assert err.value.exit_code == 4 and err.value.zh and err.value.en
    assert dump(office) == before
    with office.ws("admin").store.read() as s:
        last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert last.action == "sync_import_refused" and f'"reason":"{reason}"' in last.details
    return err.value


def _level(office: Office, case_id: str) -> Level:
    return parse_level(office.ws().cases.show(case_id).classification)


# --- 1(a): a fall in classification waits for the security administrator -------------

def test_a_fast_forward_declassification_waits_for_the_security_administrator(world: dict) -> None:
    r, m, i = world["r"], world["m"], world["i"]
    secret = world["ids"]["secret"]
    head = forge.head_doc(r, secret)
    fall = forge.child(head, m, classification=0, secrecy_period=None, declassify_condition="项目已公开发表")
    report = r.ws().sync.import_package(forge.build(m, [r], world["usb"], revs=[fall]))
    assert report.status == "imported" and report.held_for_review == 1
    assert _level(r, secret) == Level.SECRET  # not applied
    assert secret not in {c.id for c in r.ws("nei").cases.list()}  # a 内部 officer still cannot read it
    with pytest.raises(BjstcError):
        r.ws("nei").cases.show(secret)
    to_internal = r.ws().sync.export_package([i.node_id], world["usb"], full=True)
    assert to_internal.held_back >= 1  # still 秘密: never exported to a 内部 peer

    # The officer does not decide it; the security administrator does, seeing the sender's basis.
    assert all(c.field != "classification" for c in r.ws().sync.conflicts())
    [held] = r.ws("sec").sync.conflicts()
    assert (held.field, held.mine, held.theirs) == ("classification", 2, 0)
    assert held.sender["node_id"] == m.node_id and held.sender["workstation"] == m.name
    assert held.basis["declassify_condition"] == "项目已公开发表"
    with pytest.raises(PermissionDeniedError):
        r.ws().sync.resolve(held.id, "theirs")
    assert _level(r, secret) == Level.SECRET
    r.ws("sec").sync.resolve(held.id, "theirs")
    assert _level(r, secret) == Level.PUBLIC
    assert r.ws("sec").sync.conflicts() == []
    assert r.ws("nei").cases.show(secret).title == "秘密合同"


def test_a_held_declassification_keeps_the_secret_case_sealed(world: dict) -> None:
    """Level keys: the held revision is the 秘密 case's content (it only claims 公开): it
    waits sealed at the case's level here, so a 内部 officer holding the files reads none
    of it, while the security administrator still sees the basis."""
    r, m = world["r"], world["m"]
    secret = world["ids"]["secret"]
    fall = forge.child(forge.head_doc(r, secret), m, classification=0, secrecy_period=None,
                       declassify_condition="项目已公开发表")
    assert r.ws().sync.import_package(forge.build(m, [r], world["usb"], revs=[fall])).held_for_review == 1
    key = insider.data_key(r.data_dir, "nei", OFFICER_PASS)
    [(frame, sealed, level)] = insider.sql(r.data_dir, key, "SELECT frame, sealed, from_level FROM sync_held")
    assert "秘密合同" not in frame and "项目已公开发表" not in frame and sealed and level == Level.SECRET
    [held] = r.ws("sec").sync.conflicts()
    assert held.basis["declassify_condition"] == "项目已公开发表"


def test_the_security_administrator_may_refuse_a_declassification(world: dict) -> None:
    r, m = world["r"], world["m"]
    secret = world["ids"]["secret"]
    fall = forge.child(forge.head_doc(r, secret), m, classification=1)
    r.ws().sync.import_package(forge.build(m, [r], world["usb"], revs=[fall]))
    [held] = r.ws("sec").sync.conflicts()
    r.ws("sec").sync.resolve(held.id, "mine")
    assert _level(r, secret) == Level.SECRET and r.ws("sec").sync.conflicts() == []
    # the refused revision never becomes history here: a later copy of it waits again
    r.ws().sync.import_package(forge.build(m, [r], world["usb"], revs=[fall]))
    assert len(r.ws("sec").sync.conflicts()) == 1 and _level(r, secret) == Level.SECRET


# --- 1(b), 1(c): scope is checked against the stored record, tombstones included ---------

def _as_market(body_owner: dict) -> dict:
    """Relabelled as a technology contract (module market), with a number of that type."""
    return {"case_type": "tech_contract", "module": "market", "case_no": "技合〔2026〕77号",
            "state": case_type("tech_contract").initial_state}


def test_a_market_scoped_peer_cannot_relabel_and_overwrite_a_talent_case(world: dict) -> None:
    r, m = world["r"], world["m"]
    talent = world["ids"]["talent"]
    head = forge.head_doc(r, talent)
    relabelled = forge.child(head, m, title="被篡改", fields=CONTRACT_STORED, clocks={},
                             **_as_market(head))
    err = _refused(r, forge.build(m, [r], world["usb"], revs=[relabelled]), "identity_changed")
    assert head["body"]["case_no"] in err.zh and head["body"]["case_no"] in err.en
    assert "业务模块" in err.zh and "module" in err.en
    keeps_number = forge.child(head, m, title="被篡改", fields=CONTRACT_STORED, clocks={},
                               **{**_as_market(head), "case_no": head["body"]["case_no"]})
    unparsed = forge.build(m, [r], world["usb"], revs=[keeps_number], skip_parse=True, max_classification=0,
                           counts={"records": 1, "revisions": 1, "tombstones": 0, "attachments": 0,
                                   "attachment_bytes": 0})
    _refused(r, unparsed, "malformed")  # 人才〔…〕 is not a number a technology contract can have
    assert r.ws().cases.show(talent).title == "青年人才计划申报"


def test_a_market_scoped_peer_cannot_delete_a_talent_case(world: dict) -> None:
    r, m = world["r"], world["m"]
    talent = world["ids"]["talent"]
    head = forge.head_doc(r, talent)
    relabelled = forge.child(head, m, deleted=True, **{**_as_market(head), "state": head["body"]["state"]})
    _refused(r, forge.build(m, [r], world["usb"], revs=[relabelled]), "identity_changed")
    honest_label = forge.child(head, m, deleted=True)  # labelled talent: outside M's scope
    report = r.ws().sync.import_package(forge.build(m, [r], world["usb"], revs=[honest_label]))
    assert report.held_back == 1 and report.deleted == 0
    assert r.ws().cases.show(talent).title == "青年人才计划申报"


def test_a_case_number_never_changes(world: dict) -> None:
    r, m = world["r"], world["m"]
    shared = world["ids"]["shared"]
    renumbered = forge.child(forge.head_doc(r, shared), m, case_no="技合〔2026〕999号")
    _refused(r, forge.build(m, [r], world["usb"], revs=[renumbered]), "identity_changed")


# --- 1(d): authorship is a signature, kept when forwarded ------------------------------

def test_a_revision_claiming_another_nodes_authorship_is_refused(world: dict) -> None:
    r, m, h = world["r"], world["m"], world["h"]
    head = forge.head_doc(r, world["ids"]["shared"])
    as_h = forge.child(head, m, node=h.node_id, title="冒充丁站", signer=m)
    _refused(r, forge.build(m, [r], world["usb"], revs=[as_h]), "forged_author")
    as_r = forge.child(head, m, node=r.node_id, officer="zhang", title="冒充本站", signer=m)
    _refused(r, forge.build(m, [r], world["usb"], revs=[as_r]), "forged_author")


def test_an_officer_name_is_covered_by_the_authors_signature(world: dict) -> None:
    r, m = world["r"], world["m"]
    head = forge.head_doc(r, world["ids"]["shared"])
    signed = forge.child(head, m, title="改名", officer="zhang")
    renamed = {**signed, "author": {"node": m.node_id, "officer": "处长王"}}
    renamed = forge.rehash(renamed)  # a new id, but the signature was over the old one
    renamed["sig"] = signed.get("sig")
    _refused(r, forge.build(m, [r], world["usb"], revs=[renamed]), "forged_author")


def test_a_revision_by_a_node_this_workstation_does_not_know_is_refused(world: dict) -> None:
    r, m = world["r"], world["m"]
    head = forge.head_doc(r, world["ids"]["shared"])
    stranger = forge.child(head, m, node="01900000-0000-7000-8000-00000000dead", title="来路不明", signer=m)
    err = _refused(r, forge.build(m, [r], world["usb"], revs=[stranger]), "unknown_author")
    assert "01900000-0000-7000-8000-00000000dead" in err.en


def test_a_forwarded_revision_keeps_its_authors_signature(world: dict) -> None:
    r, m, h = world["r"], world["m"], world["h"]
    trust(h, m)
    trust(m, h)
    case = m.ws().cases.create("tech_contract", "乙站写、丁站转", CONTRACT)
    h.ws().sync.import_package(Path(m.ws().sync.export_package([h.node_id], world["usb"]).path))
    report = r.ws().sync.import_package(Path(h.ws().sync.export_package([r.node_id], world["usb"]).path))
    assert report.new == 1
    [doc] = [d for d in forge.revision_docs(r) if d["id"] == case.id]
    assert doc["author"]["node"] == m.node_id
    forge.verify_author_signature(doc, m)  # M's own signature, kept by the relay


# --- 1(e): attachments link only to content sent or already on the same case -------------

def test_a_hash_only_attachment_reference_links_nothing(world: dict) -> None:
    r, m, h = world["r"], world["m"], world["h"]
    shared, secret = world["ids"]["shared"], world["ids"]["secret"]
    sha = hashlib.sha256(SECRET_FILE).hexdigest()
    head = forge.head_doc(r, shared)
    planted = forge.child(head, m, attachments={"01900000-0000-7000-8000-0000000000a7": {
        "sha256": sha, "size": len(SECRET_FILE), "filename": "看看.pdf", "item": None, "received_on": None}})
    r.ws().sync.import_package(forge.build(m, [r], world["usb"], revs=[planted]))
    nei = r.ws("nei")
    [att] = nei.attachments.list(shared)
    with pytest.raises(BjstcError):
        nei.attachments.read(shared, att.id)
    # The same content arriving later with another case does not fill the planted row.
    same = world["usb"].parent / "同一内容.pdf"
    same.write_bytes(SECRET_FILE)
    own = h.ws().cases.create("tech_contract", "丁站自己的秘密合同", CONTRACT, classification=Level.SECRET,
                             secrecy_period="5年")
    h.ws().attachments.add(own.id, same)
    r.ws().sync.import_package(Path(h.ws().sync.export_package([r.node_id], world["usb"]).path))
    with pytest.raises(BjstcError):
        r.ws("nei").attachments.read(shared, att.id)
    assert r.ws().attachments.read(secret, r.ws().attachments.list(secret)[0].id)[1] == SECRET_FILE
    # Nor when one package carries both: H holds the 公开 case with the planted (unfilled)
    # reference and its own 秘密 case with the content; the content names only its own case.
    trust(h, m)
    h.ws().sync.import_package(Path(r.ws().sync.export_package([h.node_id], world["usb"], full=True).path))
    both = r.ws().sync.import_package(Path(h.ws().sync.export_package([r.node_id], world["usb"], full=True).path))
    assert both.status == "imported"
    with pytest.raises(BjstcError):
        r.ws("nei").attachments.read(shared, att.id)


def test_content_sent_in_the_package_links(world: dict) -> None:
    r, m = world["r"], world["m"]
    shared = world["ids"]["shared"]
    content = b"a file the peer really has" * 100
    sha = hashlib.sha256(content).hexdigest()
    planted = forge.child(forge.head_doc(r, shared), m, attachments={"01900000-0000-7000-8000-0000000000a8": {
        "sha256": sha, "size": len(content), "filename": "真有.pdf", "item": None, "received_on": None}})
    r.ws().sync.import_package(forge.build(m, [r], world["usb"], revs=[planted], blobs={sha: content}))
    [att] = r.ws("nei").attachments.list(shared)
    assert r.ws("nei").attachments.read(shared, att.id) == ("真有.pdf", content)


# --- finding 8: a peer's trust ceiling applies to what it sends ----------------------------

def test_a_peer_trusted_for_internal_cannot_deliver_a_secret_case(world: dict) -> None:
    r, i = world["r"], world["i"]
    case = i.ws().cases.create("tech_contract", "丙站的秘密合同", CONTRACT, classification=Level.SECRET,
                              secrecy_period="10年")
    report = r.ws().sync.import_package(Path(i.ws().sync.export_package([r.node_id], world["usb"]).path))  # I trusts R for 秘密
    assert report.new == 0 and report.held_back == 1
    with pytest.raises(BjstcError):
        r.ws().cases.show(case.id)


def test_a_peer_trusted_for_internal_cannot_touch_a_stored_secret_case(world: dict) -> None:
    r, i = world["r"], world["i"]
    secret = world["ids"]["secret"]
    edit = forge.child(forge.head_doc(r, secret), i, title="丙站改的")
    report = r.ws().sync.import_package(forge.build(i, [r], world["usb"], revs=[edit]))
    assert report.held_back == 1 and report.updated == 0
    assert r.ws().cases.show(secret).title == "秘密合同"
    tomb = forge.child(forge.head_doc(r, secret), i, deleted=True)
    assert r.ws().sync.import_package(forge.build(i, [r], world["usb"], revs=[tomb])).deleted == 0
    assert r.ws().cases.show(secret).title == "秘密合同"


CONTRACT_STORED = {"contract_type": "技术开发", "seller": "北京测试科技有限公司", "seller_uscc": "91110000600037341L",
                   "contract_amount": 100000000, "tech_amount": 80000000}


def test_the_command_line_shows_a_held_declassification_to_the_security_administrator(
        world: dict, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.sync.test_cli_sync import Run

    r, m = world["r"], world["m"]
    secret = world["ids"]["secret"]
    fall = forge.child(forge.head_doc(r, secret), m, classification=0, declassify_condition="成果已公开")
    package = forge.build(m, [r], world["usb"], revs=[fall])
    r.close()
    run = Run(capsys, monkeypatch)
    rc, out, err = run(r, "sync", "import", str(package))
    assert rc == 0 and "等待安全保密管理员审核" in out + err
    assert run.json(r, "sync", "conflicts") == []  # not the officer's to decide
    [held] = run.json(r, "sync", "conflicts", user="sec")
    assert (held["mine"], held["theirs"], held["sender"]["workstation"]) == (2, 0, m.name)
    assert held["basis"]["declassify_condition"] == "成果已公开" and held["title"] == ""
    rc, out, err = run(r, "sync", "conflicts", user="sec")
    assert rc == 0 and "成果已公开" in out and m.name in out
    rc, _, err = run(r, "sync", "resolve", held["id"], "--take", "theirs")
    assert rc == 1 and "安全保密管理员" in err
    rc, _, _ = run(r, "sync", "resolve", held["id"], "--take", "theirs", user="sec")
    assert rc == 0
    assert parse_level(run.json(r, "case", "show", secret)["classification"]) == Level.PUBLIC
