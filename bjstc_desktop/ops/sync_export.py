"""Export a sync package for one or more trusted peers (design/sync.md §Content)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import exists, select
from sqlalchemy.orm import InstrumentedAttribute

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import IntegrityError, NotFoundError, RefusedError
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.ops import sync_media
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store import audit
from bjstc_desktop.store.blobstore import BlobStore
from bjstc_desktop.store.checkpoint import Checkpoint
from bjstc_desktop.store.duty_models import Expert, IntegrityRecordRow
from bjstc_desktop.store.models import Attachment, Case, NodeIdentity
from bjstc_desktop.store.repositories.cases import visible_to
from bjstc_desktop.store.repositories.scope import may_see_scoped, scoped_visible
from bjstc_desktop.store.sync_models import SyncOutbox, SyncPeer, SyncRevision
from bjstc_desktop.store.wfile_update import current_file
from bjstc_desktop.sync import frames, limits
from bjstc_desktop.sync.authorship import RevisionSigner
from bjstc_desktop.sync.casebody import BODY_VERSION
from bjstc_desktop.sync.channels import build_ack
from bjstc_desktop.sync.dag import node_clock
from bjstc_desktop.sync.export import Plan, Target, plan_export, record_sent
from bjstc_desktop.sync.keysets import own_keys, peer_keys, peer_offer
from bjstc_desktop.sync.manifest import MANIFEST_FORMAT
from bjstc_desktop.sync.peers import PeerRepository, scope_of
from bjstc_desktop.sync.revisions import record_case_revision, record_register_revision
from bjstc_desktop.sync.seal import RecipientKey, Sealed, seal
from bjstc_desktop.sync.shapes import CASE
from bjstc_desktop.sync.suites import Suite, pick_or_refuse

Progress = Callable[[int, int], None]
_Register = TypeVar("_Register", Expert, IntegrityRecordRow)  # the shared registers (issue 17)


class ExportCancelled(RefusedError):
    """The officer cancelled the export; nothing was written."""

    def __init__(self) -> None:
        super().__init__("已取消导出，未写入任何文件。", "The export was cancelled; nothing was written.")


class _DamagedBlob(Exception):
    """An attachment's blob would not decrypt while the package was written."""

    def __init__(self, sha256: str) -> None:
        super().__init__(sha256)
        self.sha256 = sha256


class DamagedAttachmentError(IntegrityError):
    """An attachment to send is damaged here; the export can go without it
    (`skip_damaged`: the peer keeps waiting for that content)."""

    def __init__(self, case_nos: list[str]) -> None:
        names = "、".join(case_nos)
        super().__init__(f"案件 {names} 的附件文件已损坏，同步包未写入。可以跳过损坏的附件再导出"
                         "（命令行加 --skip-damaged；对方暂缺这些附件的内容），并从原件重新添加附件。",
                         f"An attachment of case(s) {', '.join(case_nos)} is damaged; no package was written. "
                         "Export again skipping damaged attachments (--skip-damaged on the command line; the "
                         "peer will lack their content) and attach the originals again.")
        self.case_nos = case_nos


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote and what it held back."""

    package_id: str
    path: str
    size: int
    sha256: str  # the file's hash in `hash_alg` (SM3 for a gm-1 package)
    records: int
    revisions: int
    attachments: int
    held_back: int
    full: bool
    recipients: list[dict[str, Any]] = field(default_factory=list)
    suite: str = "intl-1"
    hash_alg: str = "sha256"
    held_back_detail: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    damaged_skipped: list[str] = field(default_factory=list)  # cases whose damaged attachment was left out

    def as_json(self) -> dict[str, Any]:
        """cli.md: package_id, records, held_back, path (and more)."""
        return dict(self.__dict__)


def _targets(s: Any, names: list[str], offer: tuple[str, ...]) -> tuple[Suite, list[Target]]:
    """The recipients, addressed with their keys of the one suite the package is
    written in: the first of this workstation's `offer` that every recipient's card
    offers (sync/suites.py)."""
    repo = PeerRepository(s)
    rows: list[SyncPeer] = []
    for name in names:
        row = repo.get(name) or next((r for r in repo.all() if r.workstation == name), None)
        if row is None:
            raise NotFoundError(f"没有对端“{name}”，请先由安全保密管理员信任它。",
                                f"There is no peer {name!r}; the security administrator must trust it first.")
        if row.status != "trusted":
            raise RefusedError(f"对端“{row.workstation}”的信任已被撤销，不能向其导出。",
                               f"Peer {row.workstation!r} is revoked; nothing can be exported to it.")
        if row.node_id not in [r.node_id for r in rows]:
            rows.append(row)
    if not rows or len(rows) > limits.MAX_RECIPIENTS:
        raise RefusedError("请指定 1 到 32 个对端。", "Name 1 to 32 peers.")
    suite = pick_or_refuse(offer, {row.workstation: peer_offer(row) for row in rows})
    out = []
    for row in rows:
        keys = peer_keys(row, suite.suite_id)
        assert keys is not None  # a card offers gm-1 only with its gm-1 keys (sync/card.py)
        out.append(Target(row.node_id, row.workstation, keys.key_id, keys.kex_public, row.ceiling, scope_of(row),
                          row.next_seq, row.acked_upto))
    return suite, out


class SyncExportOps(OpsPart):
    """Writing packages."""

    def export_package(self, to: list[str], out: Path, full: bool = False, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None, skip_damaged: bool = False,
                    keep_channel: bool = True) -> ExportReport:
        """Write one package for the peers `to` (node ids or workstation names) at
        `out` (a file, or a folder to name it in). Incremental from what each peer
        acknowledged, or `full`. A damaged attachment stops the export naming its case
        (DamagedAttachmentError), or with `skip_damaged` goes without its content.
        `keep_channel=False` (a join's one package, ops/sync_join.py) records nothing of
        it but its audit event: no channel number taken, nothing marked sent."""
        check_may_handle_cases(self.actor)
        out = sync_media.check_output(out, folder_ok=True)  # no medium, no work
        if full:
            self._adopt_unrecorded()
        with self.store.read() as s:
            suite, targets = _targets(s, to, self.sync_suites)
            ident = s.get(NodeIdentity, self.wfile.node_id)
            assert ident is not None
            signer = RevisionSigner(ident.signing_private)
            plan = plan_export(s, targets, self._may_see, full, self.wfile.node_id,
                               signer.sign)
            acks = [build_ack(s, t.node_id) for t in targets]
            stamp = node_clock(s, self.wfile.node_id).text()
            head_seq, head_hash = audit.head(s)  # the trail as it stands before this export's own event
        package_id = os.urandom(16)
        if out.is_dir():
            out = out / f"bjstc-{self.wfile.node_id[:8]}-{package_id.hex()[:12]}.bjsync"
        checkpoint = Checkpoint.from_json(current_file(self.store).extra.get("audit_checkpoint"))
        mine = own_keys(ident, suite.suite_id)
        recipients = [RecipientKey(t.key_id, t.kex_public) for t in targets]
        skipped: list[str] = []
        while True:  # once more without each damaged attachment met, if the officer agreed to skip them
            manifest = self._manifest(package_id, targets, plan, acks, stamp, full,
                                      {"seq": head_seq, "hash": head_hash}, checkpoint.to_json() if checkpoint else None)
            payload, length = _payload(manifest, plan, self.blob_store, progress,
                                       cancelled)
            try:
                tmp, sealed = sync_media.write_temp(out, functools.partial(
                    seal, sign_private=mine.sign_private, sender_key_id=mine.public.key_id,
                    recipients=recipients, payload=payload, payload_length=length, package_id=package_id,
                    created_ms=int(dt.datetime.now(dt.UTC).timestamp() * 1000), suite_id=suite.suite_id))
                break
            except _DamagedBlob as bad:
                case_nos = self._cases_attaching(bad.sha256)
                if not skip_damaged:
                    raise DamagedAttachmentError(case_nos) from None
                skipped += case_nos
                del plan.blobs[bad.sha256]
        sync_media.read_back(tmp, out, sealed.file_hash, sealed.size, suite.prehash)
        try:
            with self.store.write() as s:
                self._record_export(s, package_id.hex(), targets, plan, out, sealed, suite, full, keep_channel)
        except BaseException:
            sync_media.discard(tmp)
            raise
        sync_media.publish(tmp, out)
        held = {t.node_id: plan.held.get(t.node_id, {}) for t in targets if plan.held.get(t.node_id)}
        return ExportReport(package_id.hex(), str(out), sealed.size, sealed.file_hash, len(plan.records),
                            plan.revisions, len(plan.blobs), plan.held_total(), full,
                            [{"node_id": t.node_id, "workstation": t.workstation, "channel_seq": t.next_seq,
                              "held_back": len(plan.held_records.get(t.node_id, ()))} for t in targets],
                            suite.name, sealed.hash_name, held, sorted(set(skipped)))

    def _cases_attaching(self, sha256: str) -> list[str]:
        """The numbers of the visible cases that carry this content as an attachment."""
        with self.store.read() as s:
            nos = s.execute(select(Case.case_no).join(Attachment, Attachment.case_id == Case.id)
                            .where(Attachment.sha256 == sha256, visible_to(self.actor))).scalars().all()
        return sorted(set(nos)) or [f"（附件 {sha256[:12]}）"]

    def _may_see(self, kind: str, module: str, level: int) -> bool:
        """Whether the exporting officer may see a record: a case by its module, a
        register by its module scope."""
        if kind == CASE:
            return self.actor.may_see(module, Level(level))
        return may_see_scoped(self.actor, level, module)

    def _adopt_unrecorded(self) -> None:
        """Cases, experts and 科研失信 records made before sync existed (or loaded in
        bulk) have no revision yet: give each visible one its first, so a full export
        can carry it."""
        self._adopt_register(Expert, Expert.modules)
        self._adopt_register(IntegrityRecordRow, IntegrityRecordRow.scope)
        while True:
            with self.store.write() as s:
                q = (select(Case).where(visible_to(self.actor), ~exists().where(SyncRevision.record_id == Case.id))
                     .limit(500))
                cases = list(s.execute(q).scalars())
                for case in cases:
                    record_case_revision(s, case, self.wfile.node_id, self.actor.name)
                if cases:
                    self._audit(s, "sync_adopt", "case", "", cases=len(cases))
            if len(cases) < 500:
                return


    def _adopt_register(self, model: type[_Register], scope: InstrumentedAttribute[str]) -> None:
        """_adopt_unrecorded for one register (`scope`: its duty-scope column)."""
        while True:
            with self.store.write() as s:
                q = (select(model).where(scoped_visible(self.actor, model.classification, scope),
                                         ~exists().where(SyncRevision.record_id == model.id)).limit(500))
                rows = list(s.execute(q).scalars())
                for row in rows:
                    record_register_revision(s, row, self.wfile.node_id, self.actor.name)
            if len(rows) < 500:
                break
    def _manifest(self, package_id: bytes, targets: list[Target], plan: Plan, acks: list[dict[str, Any]],
                  stamp: str, full: bool, audit_head: dict[str, Any],
                  audit_checkpoint: dict[str, Any] | None) -> dict[str, Any]:
        held = {t.node_id: {} for t in targets}  # type: dict[str, dict[str, int]]
        for node, reasons in plan.held.items():
            for by_module in reasons.values():
                for module, n in by_module.items():
                    held[node][module] = held[node].get(module, 0) + n
        return {
            "format": MANIFEST_FORMAT, "package_id": package_id.hex(),
            "sender": {"node_id": self.wfile.node_id, "workstation": self.wfile.workstation, "officer": self.actor.name},
            "recipients": [{"node_id": t.node_id, "key_id": t.key_id.hex(), "channel_seq": t.next_seq,
                            "basis": t.acked_upto if not full else 0, "held_back": held[t.node_id]} for t in targets],
            "upto": plan.upto, "full": full, "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "hlc": stamp, "schema": BODY_VERSION, "max_classification": plan.max_classification,
            "counts": {"records": len(plan.records), "revisions": plan.revisions, "tombstones": plan.tombstones,
                       "attachments": len(plan.blobs), "attachment_bytes": sum(b.size for b in plan.blobs.values())},
            "acks": acks, "audit_head": audit_head, "audit_checkpoint": audit_checkpoint,
        }

    def _record_export(self, s: Any, package_id: str, targets: list[Target], plan: Plan, out: Path, sealed: Sealed,
                       suite: Suite, full: bool, keep_channel: bool = True) -> None:
        for t in targets if keep_channel else ():
            peer = s.get(SyncPeer, t.node_id)
            if peer.next_seq != t.next_seq:  # another export took this number meanwhile
                raise RefusedError("另一个导出正在进行，请稍后重试。", "Another export ran meanwhile; try again.")
            peer.next_seq += 1
            s.add(SyncOutbox(package_id=package_id, peer_node=t.node_id, channel_seq=t.next_seq,
                             basis=0 if full else t.acked_upto, upto=plan.upto, blobs=json.dumps(sorted(plan.blobs))))
        if keep_channel:
            record_sent(s, plan, targets)
        self._audit(s, "sync_export", "package", package_id, to=[t.node_id for t in targets], file=out.name,
                    sha256=sealed.file_hash, hash_alg=sealed.hash_name, suite=suite.name, records=len(plan.records), revisions=plan.revisions, attachments=len(plan.blobs),
                    held_back={t.node_id: len(plan.held_records.get(t.node_id, ())) for t in targets}, full=full,
                    **({} if keep_channel else {"join": True}))

    def outbox(self) -> list[dict[str, Any]]:
        """Packages written, newest first, with their acknowledgement state."""
        with self.store.read() as s:
            rows = s.execute(select(SyncOutbox).order_by(SyncOutbox.created_at.desc()).limit(200)).scalars()
            return [{"package_id": r.package_id, "peer": r.peer_node, "channel_seq": r.channel_seq,
                     "acknowledged": r.acked, "created_at": r.created_at.isoformat(timespec="seconds") + "Z"}
                    for r in rows]


def _payload(manifest: dict[str, Any], plan: Plan, blob_store: BlobStore, progress: Progress | None,
             cancelled: Callable[[], bool] | None) -> tuple[Iterator[bytes], int]:
    """The plaintext frames as an iterator, and their exact total length."""
    head = frames.json_frame(frames.MANIFEST, manifest)
    count = 1 + len(plan.revision_frames)
    length = len(head) + sum(len(f) for f in plan.revision_frames)
    for b in plan.blobs.values():
        start = frames.blob_start(b.sha256, b.size, list(b.records))
        pieces = -(-b.size // limits.MAX_BLOB_DATA)
        count += 1 + pieces
        length += len(start) + pieces * limits.FRAME_HEADER.size + b.size
    length += len(frames.json_frame(frames.END, {"frames": count, "sha256": "0" * 64}))

    def generate() -> Iterator[bytes]:
        end = frames.EndWriter()
        done = 0

        def step(data: bytes) -> bytes:
            nonlocal done
            if cancelled is not None and cancelled():
                raise ExportCancelled()
            done += len(data)
            if progress is not None:
                progress(done, length)
            return end.add(data)

        yield step(head)
        for f in plan.revision_frames:
            yield step(f)
        for b in plan.blobs.values():
            yield step(frames.blob_start(b.sha256, b.size, list(b.records)))
            # Chunk by chunk (a blob's 1 MiB chunks are BLOB_DATA frames as they are): memory
            # holds one. A damaged blob is found at the chunk whose tag fails, or at its end by
            # its hash; what was written of the package by then is discarded (write_temp).
            try:
                for chunk in blob_store.read_chunks(None, b.blob_name, b.blob_key, b.sha256):
                    if chunk:
                        yield step(frames.frame(frames.BLOB_DATA, chunk))
            except IntegrityError:
                raise _DamagedBlob(b.sha256) from None
        yield end.end()

    return generate(), length
