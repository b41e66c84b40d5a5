"""Every refusal of design/sync.md §Import at a real workstation: exit 4, a plain
reason, nothing changed (the attempt is audited) — altered, cut, extended, unknown,
revoked or misattributed senders, a wrong recipient, malformed or oversize content,
content above the ceiling, a format or suite this program does not know."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.cli import main as bjstc
from bjstc_desktop.core.classification import Level
from bjstc_desktop.store import kdf
from bjstc_desktop.store.models import AuditEvent
from bjstc_desktop.sync import canonical, frames, limits
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.suite import Intl1
from tests.conftest import FAST_KDF, OFFICER_PASS
from tests.sync import forge
from tests.sync.conftest import CONTRACT, Office, blob_files, dump, make_office, receive, trust


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Office]]:
    with pytest.MonkeyPatch.context() as mp:  # module scope runs before the fast-KDF fixture
        mp.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
        yield _world(tmp_path_factory.mktemp("world"))


def _world(root: Path) -> dict[str, Office]:
    a, b, c = (make_office(root, n) for n in ("甲站", "乙站", "丙站"))
    d = make_office(root, "丁站", ceiling=Level.INTERNAL, clearance=Level.INTERNAL)
    e = make_office(root, "戊站")
    for x, y in ((a, b), (b, a), (a, c), (c, a), (b, c), (c, b), (a, d), (d, a), (e, b)):
        trust(x, y)
    f = root / "a.txt"
    f.write_bytes(b"attachment" * 1000)
    ws = a.ws()
    case = ws.cases.create("tech_contract", "基准案件", CONTRACT)
    ws.attachments.add(case.id, f)
    ws.cases.create("tech_contract", "秘密案件", CONTRACT, classification=Level.SECRET, secrecy_period="10年")
    receive(b, Path(ws.sync.export_package([b.node_id], _usb(root)).path))
    for o in (a, b, c, d, e):
        o.close()
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "root": root}  # type: ignore[dict-item]


def _usb(root: Path) -> Path:
    folder = root / "usb"
    folder.mkdir(exist_ok=True)
    return folder


def export(src: Office, dsts: list[Office], root: Path) -> bytes:
    report = src.ws().sync.export_package([d.node_id for d in dsts], _usb(root), full=True)
    return Path(report.path).read_bytes()


def _write(root: Path, data: bytes) -> Path:
    path = _usb(root) / f"t-{hashlib.sha256(data).hexdigest()[:12]}.bjsync"
    path.write_bytes(data)
    return path


def resigned(data: bytes, signer: Office, file_key: bytes | None = None) -> bytes:
    """`signer` strips the signature and signs with its own key id (recomputing the
    header MAC when it knows the file key, i.e. when it is a co-recipient)."""
    sign_private = forge.keys(signer)[0]
    head = data[:12] + forge.key_id(signer) + data[20:24]
    hl = int.from_bytes(data[20:24], "big")
    header = data[24 : 24 + hl]
    mac = Intl1.header_mac(file_key, head + header) if file_key else data[24 + hl : 24 + hl + 32]
    unsigned = head + header + mac + data[24 + hl + 32 : -64]
    return unsigned + Intl1.sign(sign_private, hashlib.sha256(unsigned).digest())


def _co_recipient_file_key(data: bytes, c: Office) -> bytes:
    kex_private = forge.keys(c)[1]
    mine = forge.key_id(c)
    count = data[24 + 48]
    for i in range(count):
        at = 24 + 49 + i * 88
        if data[at : at + 8] == mine:
            return Intl1.unwrap(kex_private, data[at + 8 : at + 40], data[at + 40 : at + 88])
    raise AssertionError("not a recipient")


PID = b"\x07" * 16  # the package id of hand-built frames: the manifest must name it


def _bad_revision(w: dict[str, Office], change: Callable[[dict], None], rehash: bool = True) -> list[dict]:
    docs = [d for d in forge.revision_docs(w["a"]) if d["body"].get("title") == "基准案件"][:1]
    change(docs[0])
    return [forge.rehash(docs[0])] if rehash else docs


def _bad_uscc(doc: dict) -> None:
    doc["body"]["fields"]["seller_uscc"] = "91110000600037341X"


CASES: dict[str, tuple[str, Callable[[dict[str, Office]], Path]]] = {
    "a flipped bit": ("altered", lambda w: _write(w["root"], (lambda d: d[:9000] + bytes([d[9000] ^ 4]) + d[9001:])(
        export(w["a"], [w["b"]], w["root"])))),
    "a truncated copy": ("altered", lambda w: _write(w["root"], export(w["a"], [w["b"]], w["root"])[:-100])),
    "a missing signature": ("altered", lambda w: _write(w["root"], export(w["a"], [w["b"]], w["root"])[:-64])),
    "trailing bytes": ("altered", lambda w: _write(w["root"], export(w["a"], [w["b"]], w["root"]) + b"\n")),
    "an unknown sender": ("unknown_sender", lambda w: _write(w["root"], export(w["e"], [w["b"]], w["root"]))),
    "a wrong recipient": ("wrong_recipient", lambda w: _write(w["root"], export(w["a"], [w["c"]], w["root"]))),
    "another trusted node's signature": ("header_altered", lambda w: _write(
        w["root"], resigned(export(w["a"], [w["b"]], w["root"]), w["c"]))),
    "a co-recipient re-signing": ("misattributed", lambda w: _write(w["root"], (lambda d: resigned(
        d, w["c"], _co_recipient_file_key(d, w["c"])))(export(w["a"], [w["b"], w["c"]], w["root"])))),
    "a manifest naming another sender": ("misattributed", lambda w: forge.build(
        w["a"], [w["b"]], _usb(w["root"]), sender={"node_id": w["c"].node_id, "workstation": "x", "officer": "y"})),
    "a manifest naming other recipients": ("misattributed", lambda w: forge.build(
        w["a"], [w["b"]], _usb(w["root"]), manifest_doc=forge.manifest(w["a"], [w["c"]], [], {}, b"\0" * 16))),
    "content above the ceiling": ("above_ceiling", lambda w: forge.build(
        w["a"], [w["d"]], _usb(w["root"]),
        revs=[d for d in forge.revision_docs(w["a"]) if d["body"].get("classification") == 2][:1])),
    "a revision that does not match its id": ("malformed", lambda w: forge.build(
        w["a"], [w["b"]], _usb(w["root"]), revs=_bad_revision(w, lambda d: d["body"].update(title="改"), rehash=False),
        skip_parse=True, counts={"records": 1, "revisions": 1, "tombstones": 0, "attachments": 0,
                                 "attachment_bytes": 0})),
    "a field value its validator refuses": ("malformed", lambda w: forge.build(
        w["a"], [w["b"]], _usb(w["root"]), revs=_bad_revision(w, _bad_uscc), skip_parse=True,
        counts={"records": 1, "revisions": 1, "tombstones": 0, "attachments": 0, "attachment_bytes": 0})),
    "counts that do not match": ("malformed", lambda w: forge.build(
        w["a"], [w["b"]], _usb(w["root"]), counts={"records": 5, "revisions": 0, "tombstones": 0, "attachments": 0,
                                                    "attachment_bytes": 0})),
    "an oversize frame": ("oversize", lambda w: forge.build(w["a"], [w["b"]], _usb(w["root"]), package_id=PID, body_frames=[
        frames.json_frame(frames.MANIFEST, forge.manifest(w["a"], [w["b"]], [], {}, PID)),
        bytes([frames.REVISION]) + (limits.MAX_REVISION + 1).to_bytes(4, "big") + b"x" * (limits.MAX_REVISION + 1)])),
    "an unknown frame": ("malformed", lambda w: forge.build(w["a"], [w["b"]], _usb(w["root"]), body_frames=[
        bytes([7, 0, 0, 0, 0])])),
    "a non-canonical manifest": ("malformed", lambda w: forge.build(w["a"], [w["b"]], _usb(w["root"]), body_frames=[
        frames.frame(frames.MANIFEST, b'{"format": 1}')])),
    "deeply nested content": ("malformed", lambda w: forge.build(w["a"], [w["b"]], _usb(w["root"]), body_frames=[
        frames.frame(frames.MANIFEST, canonical.dumps({"format": 1})[:-1] + b',"x":' + b"[" * 50 + b"]" * 50 + b"}")])),
    "an attachment that does not match its hash": ("malformed", lambda w: forge.build(
        w["a"], [w["b"]], _usb(w["root"]), package_id=PID, body_frames=[
            frames.json_frame(frames.MANIFEST, forge.manifest(w["a"], [w["b"]], [], {}, PID)),
            frames.blob_start("0" * 64, 3, [w["a"].node_id]), frames.frame(frames.BLOB_DATA, b"abc")])),
    # refused only after the attachment was decrypted and stored: the stored blob must go
    "a whole new attachment the manifest does not count": ("malformed", lambda w: forge.build(
        w["a"], [w["b"]], _usb(w["root"]),
        blobs={hashlib.sha256(b"never seen before" * 999).hexdigest(): b"never seen before" * 999},
        counts={"records": 0, "revisions": 0, "tombstones": 0, "attachments": 0, "attachment_bytes": 0})),
    "a newer format": ("format_unsupported", lambda w: forge.build(w["a"], [w["b"]], _usb(w["root"]),
                                                                    preamble={"version": 3})),
    "a newer body schema": ("format_unsupported", lambda w: forge.build(w["a"], [w["b"]], _usb(w["root"]),
                                                                         schema=3)),
    "an older format": ("format_too_old", lambda w: forge.build(w["a"], [w["b"]], _usb(w["root"]),
                                                                preamble={"version": 1})),
    "an unknown suite": ("suite_unsupported", lambda w: forge.build(w["a"], [w["b"]], _usb(w["root"]),
                                                                    preamble={"suite": 9})),
    "not a package": ("not_a_package", lambda w: _write(w["root"], b"PK\x03\x04 a zip file" * 10)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_refused_package_changes_nothing(world: dict[str, Office], case: str) -> None:
    expected, make = CASES[case]
    b = world["d" if expected == "above_ceiling" else "b"]
    path = make(world)
    before, files = dump(b), blob_files(b)
    with pytest.raises(PackageRefused) as err:
        b.ws().sync.import_package(path)
    assert err.value.reason == expected
    assert err.value.exit_code == 4 and err.value.zh and err.value.en
    assert dump(b) == before and blob_files(b) == files
    with b.ws("admin").store.read() as s:
        last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert last.action == "sync_import_refused" and f'"reason":"{expected}"' in last.details


def test_a_wrong_recipient_is_told_whom_the_package_is_for(world: dict[str, Office]) -> None:
    path = CASES["a wrong recipient"][1](world)
    with pytest.raises(PackageRefused) as err:
        world["b"].ws().sync.import_package(path)
    assert "不是发给本工作站" in err.value.zh and "丙站" in err.value.zh and "丙站" in err.value.en


def test_a_revoked_sender_is_refused(tmp_path: Path) -> None:
    a, b = make_office(tmp_path, "甲站"), make_office(tmp_path, "乙站")
    trust(a, b)
    trust(b, a)
    a.ws().cases.create("tech_contract", "撤销前", CONTRACT)
    package = Path(a.ws().sync.export_package([b.node_id], _usb(tmp_path)).path)
    b.ws("sec").peers.revoke(a.node_id)
    before = dump(b)
    with pytest.raises(PackageRefused) as err:
        b.ws().sync.import_package(package)
    assert err.value.reason == "revoked_sender" and dump(b) == before
    with pytest.raises(Exception) as refused:  # and nothing is written for it either
        b.ws().sync.export_package([a.node_id], _usb(tmp_path))
    assert "撤销" in refused.value.zh  # type: ignore[attr-defined]


def test_the_command_line_exits_4_with_a_plain_reason(world: dict[str, Office], capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    b = world["b"]
    path = CASES["a truncated copy"][1](world)
    b.close()
    monkeypatch.setenv("BJSTC_PASSPHRASE", OFFICER_PASS)
    rc = bjstc(["--data-dir", str(b.data_dir), "--user", "zhang", "sync", "import", str(path)])
    err = capsys.readouterr().err
    assert rc == 4 and "复制不完整" in err and "Traceback" not in err
    rc = bjstc(["--data-dir", str(b.data_dir), "--user", "zhang", "--lang", "en", "sync", "import", str(path)])
    assert rc == 4 and "copied incompletely" in capsys.readouterr().err
