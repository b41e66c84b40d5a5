"""Import a sync package: verify → decrypt → validate → stage → one transaction
(design/sync.md §Import). Any refusal changes nothing (the attempt itself is audited);
a second import of the same package says "already imported"."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.ops.sync_apply import Calendars, apply_record, fill_waiting_attachments
from bjstc_desktop.store import blobs
from bjstc_desktop.store.identity import public_keys
from bjstc_desktop.store.models import Attachment, NodeIdentity
from bjstc_desktop.store.sealing import is_locked
from bjstc_desktop.store.sync_models import SyncBlob, SyncConflict, SyncJournal, SyncPeer
from bjstc_desktop.sync import dag, hlc, manifest, validate
from bjstc_desktop.sync.bulk import insert_many
from bjstc_desktop.sync.casebody import attachment_hashes
from bjstc_desktop.sync.channels import apply_ack, channel_warnings
from bjstc_desktop.sync.dag import RevisionData
from bjstc_desktop.sync.frames import FrameReader
from bjstc_desktop.sync.merge import Head, MergeView
from bjstc_desktop.sync.peers import PeerRepository, scope_of
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.suite import key_id
from bjstc_desktop.sync.unseal import PackageReader

# Tests inject a crash at each named step of the apply transaction through this hook.
FAULT: Callable[[str], None] | None = None
APPLY_STEPS = ("journal", "revisions", "blobs", "merge", "acks", "clock", "journal_write", "audit")
_COUNTS = ("new", "updated", "merged", "conflicts", "held_back")
_ALL = (*_COUNTS, "deleted", "resolved")


@dataclass
class ImportReport:
    """What an import did, in total and by module."""

    status: str  # imported | already_imported
    package_id: str
    sender: str
    sender_workstation: str
    channel_seq: int = 0
    new: int = 0
    updated: int = 0
    merged: int = 0
    conflicts: int = 0
    held_back: int = 0
    deleted: int = 0
    resolved: int = 0
    by_module: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def count(self, module: str, key: str, n: int = 1) -> None:
        """Add to a total and to its module's line."""
        setattr(self, key, getattr(self, key) + n)
        line = self.by_module.setdefault(module, dict.fromkeys(_ALL, 0))
        line[key] += n

    def as_json(self) -> dict[str, Any]:
        """cli.md: status, new, updated, merged, conflicts, held_back (and more)."""
        return dict(self.__dict__)


class AboveClearance(RefusedError):
    """A package holding records above the importer's level keys: nothing is imported
    (their content could not be sealed, and a partial import would mark the package
    done); an officer cleared for them imports it later."""

    def __init__(self, records: int) -> None:
        super().__init__(
            f"{records} 件高于您的密级的记录未导入，请由具有相应密级的人员导入此同步包。本次未导入任何内容。",
            f"{records} records are above your clearance and were not imported; an officer cleared for them must "
            "import this package. Nothing was imported.")
        self.records = records


class _AlreadyImported(Exception):
    """Another session imported the package between the checks and the transaction."""


def _step(name: str) -> None:
    if FAULT is not None:
        FAULT(name)


@dataclass
class _Staged:
    sender: SyncPeer
    outer_id: str
    file_sha: str
    manifest: dict[str, Any]
    mine: dict[str, Any]
    revisions: list[RevisionData]
    blob_rows: dict[str, tuple[str, bytes, int]]  # sha-256 → (blob name, key, size), already encrypted on disk
    written: list[Path]  # blob files this import wrote: removed again if it does not commit


def blob_levels(revisions: list[RevisionData], ceiling: int) -> dict[str, int]:
    """The level each received content's key is sealed at: the highest of the records
    in the package that name it; "" → for a content none names, the package's highest."""
    out: dict[str, int] = {"": max((r.classification for r in revisions), default=ceiling)}
    for r in revisions:
        for sha in attachment_hashes(r.body):  # bodies were validated on arrival
            out[sha] = max(out.get(sha, 0), int(r.classification))
    return out


class SyncImportOps(OpsContext):
    """Reading packages."""

    def sync_import(self, path: Path) -> ImportReport:
        """Import one package (officers and approvers)."""
        check_may_handle_cases(self.actor)
        try:
            staged, report = self._verify_and_stage(path)
        except PackageRefused as exc:
            with self.store.write() as s:
                self._audit(s, "sync_import_refused", "package", "", file=path.name, reason=exc.reason)
            raise
        except AboveClearance as exc:
            with self.store.write() as s:
                self._audit(s, "sync_import_held", "package", "", file=path.name, records=exc.records)
            raise
        if report is not None:
            return report
        return self._apply(staged)

    def _verify_and_stage(self, path: Path) -> tuple[Any, ImportReport | None]:
        reader = PackageReader(path)
        with self.store.read() as s:
            peers = PeerRepository(s)
            found: list[SyncPeer] = []

            def sender_public(kid: bytes) -> bytes:
                row = peers.sender_key(kid)
                found.append(row)
                return row.sign_public

            outer = reader.verify(sender_public)
            sender = found[0]
            s.expunge(sender)
            done = s.get(SyncJournal, outer.package_id.hex())
            ident = s.get(NodeIdentity, self.wfile.node_id)
            assert ident is not None
        if done is not None:
            return None, ImportReport("already_imported", outer.package_id.hex(), sender.node_id, sender.workstation,
                                      done.channel_seq)
        # Attachments go to encrypted blobs as they arrive (memory holds one at a time);
        # a refusal at any later point removes them again.
        written: list[Path] = []
        blob_rows: dict[str, tuple[str, bytes, int]] = {}

        def keep_blob(sha: str, content: bytes) -> None:
            blob_rows[sha] = self._store_blob(sha, content, written)

        reader_sink = FrameReader(blob_sink=keep_blob)
        sign_public, kex_public = public_keys(ident)
        try:
            try:
                reader.decrypt(key_id(sign_public, kex_public), ident.agreement_private, reader_sink.feed)
            except PackageRefused as exc:
                if exc.reason != "wrong_recipient":
                    raise
                names = self._recipient_names(outer.recipient_key_ids)
                raise PackageRefused("wrong_recipient", "", f"收件方：{names}。", f" It is for: {names}.") from None
            content = reader_sink.finish()
            assert content.manifest is not None
            revisions = [validate.revision(d) for d in content.revisions]
            mine = manifest.check(content.manifest, outer, sender.node_id, self.wfile.node_id, revisions,
                                  content.blob_sizes)
            if any(r.classification > int(self.ceiling) for r in revisions):
                raise PackageRefused("above_ceiling")
            above = sorted({r.record_id for r in revisions if not self.store.content.holds(r.classification)})
            if above:
                raise AboveClearance(len(above))
        except BaseException:
            for p in written:
                p.unlink(missing_ok=True)
            raise
        return _Staged(sender, outer.package_id.hex(), outer.file_sha256, content.manifest, mine,
                       revisions, blob_rows, written), None

    def _recipient_names(self, key_ids: tuple[bytes, ...]) -> str:
        """Who a package is for, by name where the peer is known here."""
        with self.store.read() as s:
            repo = PeerRepository(s)
            names = []
            for kid in key_ids:
                row = repo.by_key_id(kid)
                names.append(row.workstation if row is not None else kid.hex())
        return "、".join(names)

    def _apply(self, st: _Staged) -> ImportReport:
        sender, man = st.sender, st.manifest
        report = ImportReport("imported", st.outer_id, sender.node_id, sender.workstation, st.mine["channel_seq"])
        scope = scope_of(sender)
        written, blob_rows = st.written, st.blob_rows
        try:
            with self.store.write() as s:
                _step("journal")
                if s.get(SyncJournal, st.outer_id) is not None:  # imported meanwhile by another session
                    raise _AlreadyImported
                report.warnings += channel_warnings(s, sender.node_id, report.channel_seq)
                _step("revisions")
                admitted = []
                for rev in st.revisions:
                    if scope is not None and rev.module not in scope:  # outside what we exchange with this peer
                        report.count(rev.module, "held_back")
                    else:
                        admitted.append(rev)
                stored = insert_many(s, admitted, sender.node_id)
                touched = dict(stored.touched)
                latest = max((hlc.parse(r.hlc) for r in admitted), default=hlc.Hlc(0, 0))
                _step("blobs")
                levels = blob_levels(st.revisions, int(self.ceiling))
                for sha, (name, key, size) in blob_rows.items():
                    blob = s.merge(SyncBlob(sha256=sha, blob_name=name, blob_key=key, size=size,
                                            level=levels.get(sha, levels[""])))
                    for rid in fill_waiting_attachments(s, blob):
                        touched.setdefault(rid, "")
                _step("merge")
                self._merge_touched(s, touched, stored.fresh, report)
                _step("acks")
                peer = s.get(SyncPeer, sender.node_id)
                for ack in man["acks"]:
                    if ack["node_id"] == self.wfile.node_id:
                        apply_ack(s, peer, ack)
                _step("clock")
                last = dag.node_clock(s, self.wfile.node_id)
                clock, anomaly = hlc.observe(last, latest)
                dag.set_node_clock(s, self.wfile.node_id, clock)
                if anomaly:
                    report.warnings.append("clock_ahead")
                for module, n in st.mine["held_back"].items():
                    report.count(module, "held_back", n)
                _step("journal_write")
                s.add(SyncJournal(package_id=st.outer_id, sender_node=sender.node_id, channel_seq=report.channel_seq,
                                  file_sha256=st.file_sha, officer=self.actor.name,
                                  counts=json.dumps({k: getattr(report, k) for k in _ALL})))
                _step("audit")
                self._audit(s, "sync_import", "package", st.outer_id, sender=sender.node_id,
                            channel_seq=report.channel_seq, sha256=st.file_sha,
                            **{k: getattr(report, k) for k in _ALL}, warnings=report.warnings)
        except BaseException as exc:
            for p in written:
                p.unlink(missing_ok=True)
            if isinstance(exc, _AlreadyImported):
                return ImportReport("already_imported", st.outer_id, sender.node_id, sender.workstation,
                                    report.channel_seq)
            raise
        return report

    def _merge_touched(self, s: Any, touched: dict[str, str], fresh: dict[str, Any], report: ImportReport) -> None:
        calendars = Calendars(s)
        for rid in sorted(touched):
            if rid in fresh:  # new here, one head: its body is the state (no conflict can exist yet)
                rev = fresh[rid]
                head = Head(rev.rev_id, rev.gen, rev.deleted, rev.body, rev.author_node)
                view = MergeView(None if rev.deleted else rev.body, head, [head])
                outcome = apply_record(s, self.actor, rid, view, calendars)
                if outcome == "new":
                    report.count(rev.module, "new")
                continue
            before = set(s.execute(select(SyncConflict.id).where(SyncConflict.record_id == rid)).scalars())
            view = dag.merged(s, rid)
            outcome = apply_record(s, self.actor, rid, view, calendars)
            module = view.winner.body.get("module", touched[rid]) if view else touched[rid]
            dag.refresh_conflicts(s, rid, view)
            after = {c.conflict_id(rid) for c in view.conflicts} if view else set()
            if after - before:
                report.count(module, "conflicts")
            elif before and not after:
                report.count(module, "resolved")
            elif outcome == "new":
                report.count(module, "new")
            elif outcome in ("deleted", "kept"):
                report.count(module, "deleted")
                if outcome == "kept":
                    report.warnings.append("deletion_kept")
            elif outcome == "updated":
                report.count(module, "merged" if view is not None and len(view.heads) > 1 else "updated")

    def _store_blob(self, sha: str, content: bytes, written: list[Path]) -> tuple[str, bytes, int]:
        """Write one received attachment as an encrypted blob (before the transaction;
        the caller removes `written` again if the import does not commit). Content
        already here is not written again. Returns (blob name, key, size)."""
        folder = self.data_dir / "blobs"
        with self.store.read() as s:
            candidates = [*s.execute(select(Attachment).where(Attachment.sha256 == sha,
                                                              Attachment.blob_name.not_like("pending-%"))).scalars(),
                          s.get(SyncBlob, sha)]
            # only a copy whose key this session can read (not one sealed above the importer)
            known = next((k for k in candidates if k is not None and not is_locked(k) and k.blob_key), None)
            if known is not None and (folder / known.blob_name).exists():
                return known.blob_name, known.blob_key, len(content)
        stored = blobs.write_blob(folder, self.store.data_key, content)
        written.append(folder / stored.name)
        return stored.name, stored.key, stored.size
