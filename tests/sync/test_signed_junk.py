"""Packages a trusted peer signs with its own key but fills with junk (issue 11,
must-hold 2; findings 6, 9 and 10): another peer's package id, impossible case numbers,
values the store cannot hold, and content made to exhaust memory. Each is refused with
exit 4, a refusal event and nothing changed; case numbers from peers never steer the
local allocator; and validation holds about two records in memory, not the package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.store.models import AuditEvent, TimelineEvent
from bjstc_desktop.sync import canonical, frames, limits, validate
from bjstc_desktop.sync.refusals import PackageRefused
from tests.sync import forge
from tests.sync.conftest import CONTRACT, Office, dump, peak_memory, usb

CONTRACT_STORED = {"contract_type": "技术开发", "seller": "北京测试科技有限公司", "seller_uscc": "91110000600037341L",
                   "contract_amount": 100000000, "tech_amount": 80000000}


def new_case(author: Office, title: str = "对方新建", **body: object) -> dict:
    """A first revision of a new technology-contract case, as `author`'s exporter writes it."""
    doc = {"type": "case", "id": uuid7(), "rev": "", "parents": [], "ancestry": [], "gen": 1,
           "author": {"node": author.node_id, "officer": "zhang"}, "hlc": "1767225600000-00000", "deleted": False,
           "body": {"v": 1, "case_type": "tech_contract", "module": "market", "case_no": "技合〔2026〕1号",
                    "classification": 0, "title": title, "state": "受理", "secrecy_period": None,
                    "declassify_condition": None, "knowers": None, "classified_on": None, "classifier": None,
                    "district": None, "office": "乙站处", "received_on": "2026-01-05", "accepted_on": None,
                    "closed_on": None, "parent_id": None, "fields": CONTRACT_STORED, "clocks": {}, "parties": [],
                    "timeline": {}, "attachments": {}, **body}}
    return forge.rehash(doc, author)


def _refusal_recorded(office: Office, reason: str) -> None:
    with office.ws("admin").store.read() as s:
        last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert last.action == "sync_import_refused" and f'"reason":"{reason}"' in last.details


# --- finding 6: the journal is keyed by sender and package id ---------------------------

def test_a_peer_cannot_squat_another_peers_package_id(tmp_path: Path, pair: tuple[Office, Office]) -> None:
    from tests.sync.conftest import link, make_office

    a, b = pair
    c = make_office(tmp_path, "丙站")
    link(a, b, c)
    a.ws().cases.create("tech_contract", "甲站的案件", CONTRACT)
    real = Path(a.ws().sync.export_package([b.node_id], usb(tmp_path)).path)
    package_id = real.read_bytes()[24:40]  # in the plain header, for anyone holding the medium
    squat = forge.build(c, [b], usb(tmp_path), package_id=package_id)
    assert b.ws().sync.import_package(squat).status == "imported"
    report = b.ws().sync.import_package(real)
    assert (report.status, report.new) == ("imported", 1)
    assert b.ws().sync.import_package(real).status == "already_imported"


# --- finding 9: signed junk is exit 4 with a refusal event ------------------------------

def _timeline_of_existing_case(b: Office) -> dict:
    with b.ws().store.read() as s:
        eid = s.execute(select(TimelineEvent.id).limit(1)).scalar_one()
    return {eid: {"at": "2026-01-05T09:00:00.000000", "actor": "zhang", "action": "受理", "from": None, "to": "受理",
                  "opinion": None, "details": {}}}


JUNK = {
    "a 29-digit case number": lambda a, b: [new_case(a, case_no="技合〔2026〕" + "9" * 29 + "号")],
    "the largest 64-bit case number": lambda a, b: [new_case(a, case_no="技合〔2026〕9223372036854775807号")],
    "a case number of another case type": lambda a, b: [new_case(a, case_no="人才〔2026〕3号")],
    "office null": lambda a, b: [new_case(a, office=None)],
    "a timeline id another case holds": lambda a, b: [new_case(a, timeline=_timeline_of_existing_case(b))],
    "one timeline id in two new cases": lambda a, b: (lambda t: [new_case(a, "一", timeline=t),
                                                                 new_case(a, "二", timeline=t)])(
        {uuid7(): {"at": "2026-01-05T09:00:00.000000", "actor": "zhang", "action": "登记", "from": None,
                   "to": "登记", "opinion": None, "details": {}}}),
    "one attachment id in two new cases": lambda a, b: (lambda x: [new_case(a, "一", attachments=x),
                                                                   new_case(a, "二", attachments=x)])(
        {uuid7(): {"sha256": "ab" * 32, "size": 3, "filename": "x.pdf", "item": None, "received_on": None}}),
    "a control character in the officer's name": lambda a, b: [
        forge.rehash({**new_case(a), "author": {"node": a.node_id, "officer": "zh\x1bang"}}, a)],
}


@pytest.mark.parametrize("junk", sorted(JUNK))
def test_signed_junk_is_refused_with_exit_4_and_changes_nothing(pair: tuple[Office, Office], tmp_path: Path,
                                                                junk: str) -> None:
    a, b = pair
    b.ws().cases.create("tech_contract", "本站已有", CONTRACT)
    revs = JUNK[junk](a, b)
    package = forge.build(a, [b], usb(tmp_path), revs=revs, skip_parse=True,
                          counts={"records": len({r["id"] for r in revs}), "revisions": len(revs), "tombstones": 0,
                                  "attachments": 0, "attachment_bytes": 0}, max_classification=0)
    before = dump(b)
    with pytest.raises(PackageRefused) as err:
        b.ws().sync.import_package(package)
    assert err.value.reason == "malformed" and err.value.exit_code == 4
    assert dump(b) == before
    _refusal_recorded(b, "malformed")
    assert b.ws().cases.create("tech_contract", "之后新建", CONTRACT).case_no == "技合〔2026〕2号"


def test_a_peers_case_numbers_never_steer_the_local_allocator(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    b.ws().cases.create("tech_contract", "本站一号", CONTRACT)
    ahead = new_case(a, case_no="技合〔2026〕500号")
    clash = new_case(a, "占用本站下一号", case_no="技合〔2026〕2号")
    assert b.ws().sync.import_package(forge.build(a, [b], usb(tmp_path), revs=[ahead, clash])).new == 2
    assert b.ws().cases.create("tech_contract", "本站下一件", CONTRACT).case_no == "技合〔2026〕3号"


# --- finding 10: validation streams, holding about two records -----------------------------

def _big_case(author: Office, i: int, size: int) -> dict:
    """A case with a long need-to-know list (知悉范围): a large record."""
    return new_case(author, f"第{i}件", case_no=f"技合〔2026〕{i + 1}号", knowers="处室甲乙丙, " * (size // 8))


def test_import_memory_is_bounded_by_the_largest_record_not_the_package(pair: tuple[Office, Office],
                                                                        tmp_path: Path) -> None:
    a, b = pair
    size = 120_000  # characters of 知悉范围: ~250 KB of UTF-8 per revision frame
    count = 40  # ~10 MB of revisions in one package
    revs = [_big_case(a, i, size) for i in range(count)]
    package = forge.build(a, [b], usb(tmp_path), revs=revs)
    one = frames.frame(frames.REVISION, canonical.dumps(revs[0]))
    del revs
    record = peak_memory(lambda: validate.revision(canonical.loads(one[5:], limits.MAX_REVISION)))
    ws = b.ws()
    small = [forge.build(a, [b], usb(tmp_path), revs=[new_case(a, "小", case_no=f"技合〔2026〕{n}号")])
             for n in (900, 901)]
    ws.sync.import_package(small[0])  # caches warm up
    baseline = peak_memory(lambda: ws.sync.import_package(small[1]))  # what an import of one small record costs anyway
    report = None

    def run() -> None:
        nonlocal report
        report = ws.sync.import_package(package)

    peak = peak_memory(run)
    assert report is not None and report.new == count
    assert peak <= 2 * record + baseline + 1_000_000, (peak, record, baseline)


def test_a_package_of_empty_lists_is_refused_holding_one_frame(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    junk = canonical.dumps({"x": [[] for _ in range(limits.MAX_LIST)]})  # ~300 KB, ~6 MB as Python lists
    package_id = os.urandom(16)
    body = [frames.json_frame(frames.MANIFEST, forge.manifest(a, [b], [], {}, package_id))]
    body += [frames.frame(frames.REVISION, junk)] * 30
    package = forge.build(a, [b], usb(tmp_path), body_frames=body, package_id=package_id)
    ws = b.ws()
    one = peak_memory(lambda: canonical.loads(junk, limits.MAX_REVISION))

    def run() -> None:
        with pytest.raises(PackageRefused) as err:
            ws.sync.import_package(package)
        assert err.value.reason == "malformed"

    assert peak_memory(run) <= 2 * one + 4_000_000


def test_a_refusal_names_the_case_and_the_rule(pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    revs = [new_case(a, "二", case_no="技合〔2026〕8号", office=None)]
    package = forge.build(a, [b], usb(tmp_path), revs=revs, skip_parse=True, max_classification=0,
                          counts={"records": 1, "revisions": 1, "tombstones": 0, "attachments": 0, "attachment_bytes": 0})
    with pytest.raises(PackageRefused) as err:
        b.ws().sync.import_package(package)
    assert "技合〔2026〕8号" in err.value.zh and "承办处室" in err.value.zh
    assert "技合〔2026〕8号" in err.value.en and "office" in err.value.en
