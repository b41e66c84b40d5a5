"""The gm-1 suite in use (issue 18, must-hold 3 and 4): offices choose their suites at
init, the sender picks per peer, a GM node and a suite-1 node still talk, journals and
reports name the suite and its hash, attachments at rest on a GM workstation are SM4 —
and, as a trusted peer or a man in the middle would try it: a wrong SM2 signature, a
suite downgrade, a card whose GM key does not match, a package in a suite the recipient
never offered are each refused with a clear message in both languages, and nothing
changes (docs/sync-format.md §3.2, §3.3)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.core.errors import BjstcError, IntegrityError
from bjstc_desktop.store import blobs, gm, kdf
from bjstc_desktop.store.models import Attachment, AuditEvent
from bjstc_desktop.store.sync_models import SyncJournal, SyncPeer
from bjstc_desktop.sync import canonical, limits
from bjstc_desktop.sync.card import GM_CARD_DOMAIN, parse_card
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.suites import CHOICES
from tests import insider
from tests.conftest import FAST_KDF
from tests.sync import forge
from tests.sync.conftest import CONTRACT, Office, dump, link, make_office

ATTACHMENT = b"%PDF-1.4 scanned GM contract " * 300


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """G and H prefer gm-1 (and accept intl-1), N prefers intl-1 (and accepts gm-1), O
    offers intl-1 only, Q gm-1 only; every office trusts every other. G holds a case
    with an attachment."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
        root = tmp_path_factory.mktemp("gm")
        offices = {key: make_office(root, name, suites=CHOICES[choice]) for key, name, choice in (
            ("g", "国密甲站", "gm"), ("h", "国密乙站", "gm"), ("n", "国际站", "intl"), ("o", "仅国际站", "intl-only"),
            ("q", "仅国密站", "gm-only"))}
        link(*offices.values())
        ws = offices["g"].ws()
        case = ws.cases.create("tech_contract", "国密测试合同", CONTRACT)
        scan = root / "合同扫描件.pdf"
        scan.write_bytes(ATTACHMENT)
        ws.attachments.add(case.id, scan)
        for o in offices.values():
            o.close()
        yield {"offices": offices, "case": case.id}


@pytest.fixture
def world(template: dict[str, object], tmp_path: Path) -> Iterator[dict[str, object]]:
    """A private copy of the template for one test."""
    out: dict[str, object] = {}
    for key, o in template["offices"].items():  # type: ignore[attr-defined]
        shutil.copytree(o.data_dir, tmp_path / o.name)
        out[key] = replace(o, data_dir=tmp_path / o.name, sessions={})
    (tmp_path / "usb").mkdir()
    out["usb"], out["case"] = tmp_path / "usb", template["case"]
    yield out


def _export(src: Office, dsts: list[Office], usb: Path, full: bool = True) -> tuple[Path, object]:
    report = src.ws().sync.export_package([d.node_id for d in dsts], usb, full=full)
    return Path(report.path), report


def _suite_of(package: Path) -> int:
    return int.from_bytes(package.read_bytes()[10:12], "big")


def _refused(office: Office, package: Path, reason: str) -> PackageRefused:
    """The import is refused for `reason`, in both languages, exit 4, and nothing but
    the refusal's own audit event changed."""
    before = dump(office)
    with pytest.raises(PackageRefused) as err:
        office.ws().sync.import_package(package)
    assert err.value.reason == reason, err.value.detail
    assert err.value.exit_code == 4 and err.value.en and any("\u4e00" <= ch <= "\u9fff" for ch in err.value.zh)
    if reason.startswith("suite_"):
        assert "密码套件" in err.value.zh and "crypto suite" in err.value.en
    assert dump(office) == before
    with office.ws("admin").store.read() as s:
        last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert last.action == "sync_import_refused" and f'"reason":"{reason}"' in last.details
    return err.value


# --- choosing the suite ----------------------------------------------------------------

def test_init_keeps_the_offer_in_the_authenticated_workstation_file_and_on_the_card(world: dict) -> None:
    g, o = world["g"], world["o"]
    doc = json.loads(insider.workstation_text(g.data_dir))
    assert doc["sync_suites"] == ["gm-1", "intl-1"]
    card = parse_card(g.card().read_bytes())
    assert card.suites == ("gm-1", "intl-1") and card.gm_keys is not None
    assert card.fingerprint == g.fingerprint  # init showed the fingerprint of the card it writes
    assert parse_card(o.card().read_bytes()).suites == ("intl-1",)
    # The offer is bound to the keys by both self-signatures: relabelled, the card is refused.
    doc = json.loads(g.card().read_bytes())
    doc["suites"] = "intl-1"
    with pytest.raises(IntegrityError) as err:
        parse_card(canonical.dumps(doc) + b"\n")
    assert "签名不符" in err.value.zh


def test_an_edited_offer_in_workstation_json_stops_the_unlock(world: dict) -> None:
    g = world["g"]
    doc = json.loads(insider.workstation_text(g.data_dir))
    doc["sync_suites"] = ["intl-1"]  # talk everyone down to intl-1, without the data key
    insider.write_workstation_bytes(g.data_dir, (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode())
    with pytest.raises(IntegrityError) as err:
        g.ws()
    assert "workstation.json" in err.value.zh and "altered" in err.value.en


def test_two_gm_nodes_exchange_in_gm1_and_the_journal_names_suite_and_sm3(world: dict) -> None:
    g, h, case = world["g"], world["h"], world["case"]
    package, report = _export(g, [h], world["usb"])
    data = package.read_bytes()
    assert _suite_of(package) == 2 and report.suite == "gm-1" and report.hash_alg == "sm3"
    assert report.sha256 == gm.sm3(data).hex()
    header_len = int.from_bytes(data[20:24], "big")
    assert header_len == limits.header_length(1, 137)  # one gm-1 recipient entry
    imported = h.ws().sync.import_package(package)
    assert imported.status == "imported" and imported.new == 1
    with h.ws().store.read() as s:
        row = s.execute(select(SyncJournal)).scalar_one()
        assert (row.suite, row.hash_alg, row.file_hash) == (2, "sm3", gm.sm3(data).hex())
    [att] = h.ws().attachments.list(case)
    assert h.ws().attachments.read(case, att.id) == ("合同扫描件.pdf", ATTACHMENT)


def test_a_gm_node_and_a_suite1_node_talk_each_in_the_senders_preferred_suite(world: dict) -> None:
    g, n = world["g"], world["n"]
    to_n, report = _export(g, [n], world["usb"])
    assert _suite_of(to_n) == 2 and report.suite == "gm-1"  # N accepts gm-1, G prefers it
    assert n.ws().sync.import_package(to_n).new == 1
    back, report = _export(n, [g], world["usb"])
    assert _suite_of(back) == 1 and report.suite == "intl-1" and report.hash_alg == "sha256"
    assert g.ws().sync.import_package(back).status == "imported"
    with g.ws().store.read() as s:
        row = s.execute(select(SyncJournal)).scalar_one()
        assert (row.suite, row.hash_alg) == (1, "sha256")


def test_a_gm_node_writes_intl1_for_a_peer_that_offers_only_intl1(world: dict) -> None:
    g, o = world["g"], world["o"]
    package, report = _export(g, [o], world["usb"])
    assert _suite_of(package) == 1 and report.suite == "intl-1"
    assert o.ws().sync.import_package(package).new == 1


def test_nodes_sharing_no_suite_and_recipients_needing_different_suites_are_refused_before_writing(
        world: dict) -> None:
    q, o, g, n = world["q"], world["o"], world["g"], world["n"]
    for src, dsts in ((q, [o]), (g, [n, o])):
        before = sorted(world["usb"].iterdir())
        with pytest.raises(BjstcError) as err:
            src.ws().sync.export_package([d.node_id for d in dsts], world["usb"], full=True)
        assert err.value.exit_code == 1 and "密码套件" in err.value.zh and "suite" in err.value.en
        assert sorted(world["usb"].iterdir()) == before  # nothing written
    assert "仅国际站" in err.value.zh and "intl-1" in err.value.en  # each recipient's suite is named
    with pytest.raises(BjstcError) as err:
        q.ws().sync.export_package([o.node_id], world["usb"])
    assert "仅国际站" in err.value.message("zh") and "share no crypto suite" in err.value.message("en")


# --- a trusted peer or a man in the middle, forging --------------------------------------

def test_a_gm_package_with_a_wrong_sm2_signature_is_refused(world: dict) -> None:
    g, h, n = world["g"], world["h"], world["n"]
    package, _ = _export(g, [h], world["usb"])
    data = bytearray(package.read_bytes())
    data[-40] ^= 1  # one bit of s
    package.write_bytes(bytes(data))
    _refused(h, package, "altered")
    # N, trusted by H, signs with its own SM2 key but names G's gm-1 key id.
    forged = forge.build(g, [h], world["usb"], sign_as=n, suite_id=2)
    data = bytearray(forged.read_bytes())
    data[12:20] = forge.key_id(g, 2)
    forged.write_bytes(bytes(data))
    _refused(h, forged, "altered")


def test_a_man_in_the_middle_relabelling_a_gm_package_as_intl1_is_refused(world: dict) -> None:
    g, h = world["g"], world["h"]
    package, _ = _export(g, [h], world["usb"])
    data = bytearray(package.read_bytes())
    data[10:12] = (1).to_bytes(2, "big")
    package.write_bytes(bytes(data))
    err = _refused(h, package, "suite_downgrade")
    assert "降级" in err.zh and "downgrade" in err.en and "gm-1" in err.en


def test_a_sender_talked_down_to_intl1_when_both_cards_call_for_gm1_is_refused(world: dict) -> None:
    """G signs with its own real intl-1 keys, a genuine package in every byte — but both
    cards prefer gm-1, so H must not take it in intl-1."""
    g, h = world["g"], world["h"]
    package = forge.build(g, [h], world["usb"], suite_id=1)
    err = _refused(h, package, "suite_downgrade")
    assert "intl-1" in err.en and "gm-1" in err.en


def test_a_package_in_a_suite_the_recipient_never_offered_is_refused(world: dict) -> None:
    g, o, q = world["g"], world["o"], world["q"]
    gm_to_o = forge.build(g, [o], world["usb"], suite_id=2)  # O offers intl-1 only
    err = _refused(o, gm_to_o, "suite_not_offered")
    assert "gm-1" in err.zh and "gm-1" in err.en
    intl_to_q = forge.build(g, [q], world["usb"], suite_id=1)  # Q offers gm-1 only
    err = _refused(q, intl_to_q, "suite_not_offered")
    assert "intl-1" in err.en


def _card_doc(office: Office) -> dict[str, str]:
    return json.loads(office.card().read_bytes())


def _write_card(path: Path, doc: dict[str, str]) -> Path:
    path.write_bytes(canonical.dumps(doc) + b"\n")
    return path


def test_a_card_whose_gm_key_does_not_match_is_refused_and_nothing_is_trusted(world: dict, tmp_path: Path) -> None:
    """An attacker on the way swaps the GM keys of N's card for his own (keeping the
    Ed25519 signature he cannot redo, or re-signing the GM part with his own SM2 key):
    N's officer reads out N's real fingerprint, and the card is refused either way."""
    g, n = world["g"], world["n"]
    mallory_private, mallory_public = gm.generate()
    attempts = {}
    doc = _card_doc(n)
    doc["gm_sign_public"] = mallory_public.hex()
    attempts["swapped, signatures kept"] = (_write_card(tmp_path / "a.card", doc), "签名不符")
    body = {k: v for k, v in doc.items() if k not in ("signature", "gm_signature")}
    doc["gm_signature"] = gm.sign(mallory_private, GM_CARD_DOMAIN + canonical.dumps(body)).hex()
    attempts["swapped, GM part re-signed"] = (_write_card(tmp_path / "b.card", doc), "签名不符")
    doc = _card_doc(n)
    doc["gm_signature"] = gm.sign(mallory_private, b"anything").hex()
    attempts["GM signature by another key"] = (_write_card(tmp_path / "c.card", doc), "国密")
    doc = _card_doc(n)
    doc["gm_kex_public"] = "04" + "11" * 64  # not a point of the curve
    attempts["GM key off the curve"] = (_write_card(tmp_path / "d.card", doc), "曲线")
    with g.ws("sec").store.read() as s:
        before = [(r.node_id, r.gm_key_id, r.fingerprint) for r in s.execute(select(SyncPeer)).scalars()]
    for name, (card, words) in attempts.items():
        with pytest.raises(IntegrityError) as err:
            g.ws("sec").peers.trust(card, n.fingerprint)
        assert err.value.exit_code == 4 and words in err.value.zh, name
        assert err.value.en.startswith("The identity card is not valid"), name
    with g.ws("sec").store.read() as s:
        assert [(r.node_id, r.gm_key_id, r.fingerprint) for r in s.execute(select(SyncPeer)).scalars()] == before


def test_the_gm_key_check_runs_on_each_key_and_the_gm_signature_is_checked_on_its_own(world: dict) -> None:
    n = world["n"]
    doc = _card_doc(n)
    body = {k: v for k, v in doc.items() if k not in ("signature", "gm_signature")}
    # The real card's SM2 signature verifies with the card's SM2 signing key, independently.
    assert gm.verify(bytes.fromhex(doc["gm_sign_public"]), GM_CARD_DOMAIN + canonical.dumps(body),
                     bytes.fromhex(doc["gm_signature"]))
    for key in ("gm_sign_public", "gm_kex_public"):
        bad = dict(doc, **{key: "05" + doc[key][2:]})  # not an uncompressed point
        with pytest.raises(IntegrityError) as err:
            parse_card(canonical.dumps(bad) + b"\n")
        assert "SM2" in err.value.zh and "GM keys" in err.value.en


# --- attachments at rest ------------------------------------------------------------------

def test_attachments_on_a_gm_workstation_are_sealed_with_sm4_and_on_a_suite1_one_with_chacha(world: dict) -> None:
    g, n, case = world["g"], world["n"], world["case"]
    with g.ws().store.read() as s:
        att = s.execute(select(Attachment).where(Attachment.case_id == case)).scalar_one()
    raw = (g.data_dir / "blobs" / att.blob_name).read_bytes()
    assert raw.startswith(blobs.SM4_MAGIC) and len(att.blob_key) == 16 and ATTACHMENT[:64] not in raw
    assert blobs.read_blob(g.data_dir / "blobs", att.blob_name, att.blob_key, att.sha256) == ATTACHMENT
    # Received on a workstation that prefers intl-1: ChaCha20-Poly1305 there.
    package, _ = _export(g, [n], world["usb"])
    n.ws().sync.import_package(package)
    with n.ws().store.read() as s:
        copy = s.execute(select(Attachment).where(Attachment.case_id == case)).scalar_one()
    assert (n.data_dir / "blobs" / copy.blob_name).read_bytes().startswith(blobs.MAGIC)
    assert len(copy.blob_key) == 32


def test_a_gm_blob_is_refused_when_altered_or_opened_with_a_key_of_the_other_cipher(tmp_path: Path) -> None:
    stored = blobs.write_blob(tmp_path, b"\x01" * 32, b"content " * 1000, cipher=blobs.SM4)
    path = tmp_path / stored.name
    assert blobs.read_blob(tmp_path, stored.name, stored.key, stored.sha256) == b"content " * 1000
    with pytest.raises(IntegrityError):
        blobs.read_blob(tmp_path, stored.name, stored.key * 2, stored.sha256)  # a 32-byte key: not an SM4 blob's
    data = bytearray(path.read_bytes())
    data[40] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(IntegrityError) as err:
        blobs.read_blob(tmp_path, stored.name, stored.key, stored.sha256)
    assert "改动" in err.value.zh
    path.write_bytes(blobs.MAGIC + bytes(data[len(blobs.SM4_MAGIC):]))  # relabelled as a ChaCha blob
    with pytest.raises(IntegrityError):
        blobs.read_blob(tmp_path, stored.name, stored.key, stored.sha256)


def test_a_forwarded_revision_keeps_its_ed25519_author_signature_across_suites(world: dict) -> None:
    """G → N in gm-1, N → O in intl-1: O checks G's authorship with G's pinned key,
    whatever suites the packages travelled in (docs/sync-format.md §3.3)."""
    g, n, o, case = world["g"], world["n"], world["o"], world["case"]
    n.ws().sync.import_package(_export(g, [n], world["usb"])[0])
    relay, _ = _export(n, [o], world["usb"])
    assert _suite_of(relay) == 1
    assert o.ws().sync.import_package(relay).new == 1
    assert o.ws().cases.show(case).title == "国密测试合同"
