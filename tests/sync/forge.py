"""Build packages by hand with an office's real keys: for the refusal tests, which need
packages a correct exporter would never write (a trusted sender's bugs or insiders)."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bjstc_desktop.store.sync_models import SyncRevision
from bjstc_desktop.sync import canonical, frames, limits
from bjstc_desktop.sync.authorship import RevisionSigner
from bjstc_desktop.sync.dag import compute_rev_id
from bjstc_desktop.sync.export import revision_frame, signature_of
from bjstc_desktop.sync.keysets import own_keys
from bjstc_desktop.sync.manifest import counts_of
from bjstc_desktop.sync.seal import RecipientKey, seal
from bjstc_desktop.sync.suites import SUITES
from bjstc_desktop.sync.validate import revision as parse_revision
from tests.sync.conftest import Office


def keys(office: Office, suite_id: int = 1) -> tuple[bytes, bytes, bytes, bytes]:
    """(sign private, kex private, sign public, kex public) of an office, of one suite
    (1: Ed25519/X25519, 2: the two SM2 keys)."""
    mine = own_keys(office.ws().peers.node_keys(), suite_id)
    return mine.sign_private, mine.kex_private, mine.public.sign_public, mine.public.kex_public


def key_id(office: Office, suite_id: int = 1) -> bytes:
    """The office's key id in packages of one suite."""
    return SUITES[suite_id].key_id(*keys(office, suite_id)[2:])


def revision_docs(office: Office) -> list[dict[str, Any]]:
    """Every revision stored at `office`, as REVISION frame documents (with their
    authors' signatures, as the exporter writes them)."""
    signer = RevisionSigner(keys(office)[0])
    with office.ws().store.read() as s:
        rows = s.execute(select(SyncRevision).order_by(SyncRevision.local_seq)).scalars()
        return [json.loads(revision_frame(r, signature_of(r, office.node_id, signer.sign) or "0" * 128)[5:])
                for r in rows]


def rehash(doc: dict[str, Any], signer: Office | None = None) -> dict[str, Any]:
    """Give a changed revision document its matching id and, with `signer`, that
    office's author signature over it (a forger signs with its own real key); without,
    the old signature stays (and no longer matches)."""
    doc["rev"] = compute_rev_id(doc["type"], doc["id"], doc["parents"], doc["gen"], doc["body"],
                                doc["author"]["node"], doc["author"]["officer"], doc["hlc"], doc["deleted"])
    if signer is not None:
        doc["sig"] = RevisionSigner(keys(signer)[0]).sign(doc["rev"], doc["ancestry"])
    doc.setdefault("sig", "0" * 128)
    return doc


def verify_author_signature(doc: dict[str, Any], author: Office) -> None:
    """Assert that `doc` carries `author`'s valid signature (as docs/sync-format.md §7.2
    defines it, checked here independently of the program's own code)."""
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    signed = canonical.dumps({"rev": doc["rev"], "ancestry": doc["ancestry"]})
    Ed25519PublicKey.from_public_bytes(keys(author)[2]).verify(
        bytes.fromhex(doc["sig"]), b"bjstc-rev-sig/1\x00" + hashlib.sha256(signed).digest())


def audit_checkpoint(office: Office) -> dict[str, Any] | None:
    """The office's newest auditor-signed checkpoint, as its exporter puts it in a manifest."""
    from bjstc_desktop.store.keyslots import WorkstationFile

    return WorkstationFile.load(office.data_dir).extra.get("audit_checkpoint")


def audit_head(office: Office) -> dict[str, Any]:
    """The office's audit-chain head, as its exporter puts it in a manifest."""
    from bjstc_desktop.store import audit

    with office.ws().store.read() as s:
        seq, sha = audit.head(s)
    return {"seq": seq, "hash": sha}


def child(parent: dict[str, Any], author: Office, *, node: str | None = None, officer: str = "zhang",
          deleted: bool = False, signer: Office | None = None, **body: Any) -> dict[str, Any]:
    """A revision that fast-forwards `parent`: written by `author` (or claiming `node`),
    with `body` changed (a tombstone keeps only identity and level), signed by `signer`
    (default: the author office, with its own real key)."""
    new_body = {**parent["body"], **body}
    if deleted:
        new_body = {k: new_body[k] for k in ("v", "case_type", "module", "case_no", "classification")}
    doc = {"type": parent["type"], "id": parent["id"], "rev": "", "parents": [parent["rev"]],
           "ancestry": [parent["rev"], *parent["ancestry"]][: limits.MAX_ANCESTRY], "gen": parent["gen"] + 1,
           "author": {"node": node or author.node_id, "officer": officer},
           "hlc": f"{int(parent['hlc'][:13]) + 1000:013d}-00000", "deleted": deleted, "body": new_body}
    return rehash(doc, signer or author)


def head_doc(office: Office, record_id: str) -> dict[str, Any]:
    """The newest stored revision of a record at `office`."""
    docs = [d for d in revision_docs(office) if d["id"] == record_id]
    return max(docs, key=lambda d: (d["gen"], d["rev"]))


def manifest(src: Office, dsts: list[Office], revs: list[dict[str, Any]], blobs: dict[str, bytes],
             package_id: bytes, suite_id: int = 1, **patch: Any) -> dict[str, Any]:
    """A manifest as the exporter writes it."""
    datas = [parse_revision(d) for d in revs] if revs and "skip_parse" not in patch else []
    patch.pop("skip_parse", None)
    doc = {
        "format": 2, "package_id": package_id.hex(),
        "sender": {"node_id": src.node_id, "workstation": src.name, "officer": "zhang"},
        "recipients": [{"node_id": d.node_id, "key_id": key_id(d, suite_id).hex(), "channel_seq": 1, "basis": 0,
                        "held_back": {}} for d in dsts],
        "upto": 1, "full": False, "created": "2026-01-01T00:00:00Z", "hlc": "1767225600000-00000", "schema": 1,
        "max_classification": max((r.classification for r in datas), default=0),
        "counts": counts_of(datas, {k: len(v) for k, v in blobs.items()}), "acks": [],
        "audit_head": audit_head(src),
        "audit_checkpoint": audit_checkpoint(src),
    }
    doc.update(patch)
    return doc


def build(src: Office, dsts: list[Office], out: Path, *, revs: list[dict[str, Any]] | None = None,
          blobs: dict[str, bytes] | None = None, manifest_doc: dict[str, Any] | None = None,
          body_frames: list[bytes] | None = None, preamble: dict[str, int] | None = None,
          sign_as: Office | None = None, package_id: bytes | None = None, suite_id: int = 1,
          **patch: Any) -> Path:
    """Seal a package in suite `suite_id` from `src` to `dsts` with the given content,
    signed with `sign_as`'s key of that suite (default: the sender's)."""
    package_id = package_id or os.urandom(16)
    revs = revs or []
    blobs = blobs or {}
    doc = manifest_doc or manifest(src, dsts, revs, blobs, package_id, suite_id, **patch)
    if body_frames is None:
        body_frames = [frames.json_frame(frames.MANIFEST, doc)]
        body_frames += [frames.frame(frames.REVISION, canonical.dumps(r)) for r in revs]
        for sha, content in blobs.items():  # attached to every record the package carries
            body_frames += list(frames.blob_frames(sha, content, sorted({r["id"] for r in revs})))
    w = frames.EndWriter()
    payload = b"".join(w.add(f) for f in body_frames) + w.end()
    signer = sign_as or src
    sign_private, _, sign_public, kex_public = keys(signer, suite_id)
    suite = SUITES[suite_id]
    buf = io.BytesIO()
    seal(buf, sign_private=sign_private, sender_key_id=suite.key_id(sign_public, kex_public),
         recipients=[RecipientKey(key_id(d, suite_id), keys(d, suite_id)[3]) for d in dsts], payload=[payload],
         payload_length=len(payload), package_id=package_id, created_ms=0, suite_id=suite_id)
    data = buf.getvalue()
    if preamble:  # a preamble field changed by the (trusted) signer itself: re-sign
        head = bytearray(data[: limits.PREAMBLE_LEN])
        for name, value in preamble.items():
            at = {"version": 8, "suite": 10}[name]
            head[at : at + 2] = value.to_bytes(2, "big")
        unsigned = bytes(head) + data[limits.PREAMBLE_LEN : -64]
        prehash = suite.prehash()
        prehash.update(unsigned)
        data = unsigned + suite.sign(sign_private, prehash.digest())
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"forged-{package_id.hex()[:8]}.bjsync"
    path.write_bytes(data)
    return path
