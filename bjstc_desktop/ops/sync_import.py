"""Import a sync package: verify, then read and apply in one transaction (design/sync.md
§Import, issue 15).

1. Verify: the pinned sender's signature over the whole file (sync/unseal.py), before
   any content is read.
2. Read and apply, in one store transaction and one pass over the payload: decrypt and
   read every frame as it streams past — the manifest bound to the outer layer first,
   every revision validated, its author known and its signature verified, nothing above
   this workstation's ceiling (sync/intake.py) — and hand the revisions to the store in
   bounded batches, each judged against the stored record and what its sender and
   author are trusted for (sync/admission.py): admitted, held back, held for the
   security administrator, or the package refused. Attachments are written as
   encrypted blobs as their frames arrive (ops/sync_import_blobs.py: one chunk in
   memory, fsynced on a thread, all durable before the commit). At the end of the pass the counts are checked, a
   record above the importer's level keys refuses the package, and the file is bound to
   its signature again (if it changed since it was verified, nothing commits); then
   attachments are linked and the records merged and applied — cases new here
   set-based (ops/sync_apply_fresh.py), the others one by one (ops/sync_apply.py).
   Memory holds one batch of revisions and one attachment, never the package.

Any refusal, cancel or failure rolls the transaction back and removes the blobs it
wrote, so it changes nothing; a refusal is audited; a second import of the same
(sender, package id) says "already imported". Progress and cancel: ops/sync_progress.py.
(Until issue 15 the package was decrypted twice: a check pass, then an apply pass.)"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import DataError
from sqlalchemy.exc import IntegrityError as DbIntegrityError

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.ops.heap import older_objects_frozen
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.ops.sync_apply import Calendars, apply_record
from bjstc_desktop.ops.sync_apply_fresh import FreshCase, apply_fresh, eligible
from bjstc_desktop.ops.sync_apply_registers import DUPLICATE, apply_register
from bjstc_desktop.ops.sync_import_blobs import BlobIntake, BlobRow
from bjstc_desktop.ops.sync_progress import Progress, Watch
from bjstc_desktop.store import atomicfile, diskspace
from bjstc_desktop.store.identity import public_keys
from bjstc_desktop.store.models import Case, NodeIdentity
from bjstc_desktop.store.sealing import keys_of, open_columns
from bjstc_desktop.store.sync_models import (
    SyncBlob,
    SyncConflict,
    SyncHead,
    SyncHeld,
    SyncJournal,
    SyncPeer,
    SyncRevision,
    SyncWantedBlob,
)
from bjstc_desktop.sync import audit_heads, canonical, dag, hlc
from bjstc_desktop.sync.admission import ADMIT, SKIP, RecordState, Trust, decide
from bjstc_desktop.sync.bulk import insert_many
from bjstc_desktop.sync.channels import apply_ack, channel_warnings
from bjstc_desktop.sync.dag import RevisionData, revision_doc
from bjstc_desktop.sync.frames import FrameReader
from bjstc_desktop.sync.intake import KnownNode, PackageCheck, RevisionBatches
from bjstc_desktop.sync.keysets import own_keys
from bjstc_desktop.sync.merge import Head, MergeView
from bjstc_desktop.sync.peers import TRUSTED, PeerRepository, scope_of
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.shapes import CASE, REGISTERS
from bjstc_desktop.sync.suites import BY_NAME
from bjstc_desktop.sync.unseal import Outer, PackageReader

# Tests inject a crash at each named step of the apply transaction through this hook.
FAULT: Callable[[str], None] | None = None
APPLY_STEPS = ("journal", "revisions", "blobs", "merge", "acks", "clock", "journal_write", "audit")
_COUNTS = ("new", "updated", "merged", "conflicts", "held_back", "held_for_review")
_ALL = (*_COUNTS, "deleted", "resolved")
_FRESH_BATCH = 400  # new cases looked up at a time
_FRESH_BYTES = 256 * 1024  # about this much of their stored bodies held at a time (as sync/intake.py's batches)
Linkable = dict[str, dict[str, tuple[str, bytes]]]  # record id → content hash → (blob name, key)


@dataclass
class SyncImportReport:
    """What an import did, in total and by module. `held_back` counts revisions not
    stored because of what their sender (or author) is trusted for, by reason in
    `held_back_reasons`; `held_for_review` those waiting for the security administrator
    (a fall in classification)."""

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
    held_for_review: int = 0
    deleted: int = 0
    resolved: int = 0
    by_module: dict[str, dict[str, int]] = field(default_factory=dict)
    held_back_reasons: dict[str, int] = field(default_factory=dict)
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
class _Verified:
    """A package whose signature verified with the key of a trusted sender, not imported yet."""

    reader: PackageReader
    sender: SyncPeer
    outer: Outer

    @property
    def package_id(self) -> str:
        """The package id, hex."""
        return self.outer.package_id.hex()


@dataclass
class _Received:
    """What the pass over the payload brought besides revisions."""

    check: PackageCheck
    blob_rows: dict[str, BlobRow] = field(default_factory=dict)  # sha-256 → (blob name, key, size)
    blob_records: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sha-256 → the records it came with

    @property
    def manifest(self) -> dict[str, Any]:
        """The manifest (checked against the outer layer)."""
        assert self.check.doc is not None
        return self.check.doc

    @property
    def mine(self) -> dict[str, Any]:
        """This workstation's line of the manifest."""
        assert self.check.mine is not None
        return self.check.mine


class _Admission:
    """The apply pass's store side: each batch of revisions judged and stored."""

    def __init__(self, s: Any, report: SyncImportReport, sender: Trust, nodes: dict[str, KnownNode],
                 package_id: str) -> None:
        self.s, self.report, self.sender, self.nodes, self.package_id = s, report, sender, nodes, package_id
        self.touched: dict[str, str] = {}
        self.fresh: set[str] = set()
        self.latest = hlc.Hlc(0, 0)
        self.reasons: Counter[str] = Counter()

    def judge(self, rev: RevisionData, state: RecordState) -> bool:
        """Admit, hold back, or hold for the security administrator (sync/admission.py)."""
        author = self.nodes.get(rev.author_node)
        if author is None:  # its trust was removed since the check pass
            raise PackageRefused("unknown_author", f"{rev.rev_id} by {rev.author_node}")
        decision = decide(rev, state, self.sender, author.trust)
        if decision.verdict == ADMIT:
            self.latest = max(self.latest, hlc.parse(rev.hlc))
            return True
        if decision.verdict == SKIP:
            self.report.count(_line(rev), "held_back")
            self.reasons[decision.reason] += 1
            return False
        if self.s.get(SyncHeld, rev.rev_id) is None:
            self.s.add(SyncHeld(rev_id=rev.rev_id, record_id=rev.record_id, reason=decision.reason,
                                sender_node=self.sender.node_id, package_id=self.package_id,
                                from_level=decision.from_level, to_level=rev.classification,
                                frame=canonical.dumps(revision_doc(rev)).decode("utf-8")))
        self.report.count(_line(rev), "held_for_review")
        return False

    def store(self, batch: list[RevisionData]) -> None:
        """Store one batch of revisions."""
        stored = insert_many(self.s, batch, self.sender.node_id, self.judge)
        for rid, module in stored.touched.items():
            if rid in self.touched and rid not in stored.fresh:
                self.fresh.discard(rid)
            self.touched[rid] = module
        self.fresh |= stored.fresh


class SyncImportOps(OpsPart):
    """Reading packages."""

    def import_package(self, path: Path, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None,
                    finish: Callable[[Any, SyncImportReport], None] | None = None) -> SyncImportReport:
        """Import one package (officers and approvers). `progress(phase, done, total)`
        is called as the package is checked, applied and merged; when `cancelled()`
        turns true the import stops with SyncImportCancelled and nothing is imported.
        `finish(session, report)` runs in the import's own transaction after the merge, so
        what it writes commits with the package, and what it raises refuses it all (a hub's join: ops/sync_join.py)."""
        watch = Watch(progress, cancelled)
        check_may_handle_cases(self.actor)
        # Attachments are stored again (encrypted) and the records grow the store: room first.
        diskspace.require_free(self.data_dir, 2 * atomicfile.check_source(path, "同步包", "package").stat().st_size,
                               "导入同步包", "importing the package")
        try:
            verified, done = self._verify(path)
            if done is not None:
                return done
            assert verified is not None
            try:
                with older_objects_frozen():  # its collections walk what the import makes, not the whole heap
                    return self._import(verified, watch, finish)
            except (DbIntegrityError, DataError, OverflowError) as exc:  # content the store itself cannot hold
                raise PackageRefused("malformed", f"the store refused it: {type(exc).__name__}") from None
        except PackageRefused as exc:
            with self.store.write() as s:
                self._audit(s, "sync_import_refused", "package", "", file=path.name, reason=exc.reason,
                            detail=exc.detail)
            raise
        except AboveClearance as exc:
            with self.store.write() as s:
                self._audit(s, "sync_import_held", "package", "", file=path.name, records=exc.records)
            raise

    def _known_nodes(self, s: Any, ident: NodeIdentity) -> dict[str, KnownNode]:
        """Every node whose revisions can be checked here: this one and every peer
        (a revoked peer too: its revisions are recognised, then held back)."""
        me = self.wfile.node_id
        nodes = {me: KnownNode(Trust(me, self.wfile.workstation, int(self.ceiling), None, is_self=True),
                               public_keys(ident)[0])}
        for row in PeerRepository(s).all():
            nodes[row.node_id] = KnownNode(Trust(row.node_id, row.workstation, row.ceiling, scope_of(row),
                                                 revoked=row.status != TRUSTED), row.sign_public)
        return nodes

    def _verify(self, path: Path) -> tuple[_Verified | None, SyncImportReport | None]:
        """The sender's signature over the whole file, before any content is read."""
        reader = PackageReader(path)
        with self.store.read() as s:
            peers = PeerRepository(s)
            found: list[SyncPeer] = []

            def sender_public(suite_id: int, kid: bytes) -> bytes:
                row, keys = peers.package_sender(suite_id, kid, self.sync_suites)
                found.append(row)
                return keys.sign_public

            outer = reader.verify(sender_public, frozenset(BY_NAME[n].suite_id for n in self.sync_suites))
            sender = found[0]
            done = s.get(SyncJournal, (sender.node_id, outer.package_id.hex()))
            s.expunge(sender)
        if done is not None:
            return None, SyncImportReport("already_imported", outer.package_id.hex(), sender.node_id, sender.workstation,
                                      done.channel_seq)
        return _Verified(reader, sender, outer), None

    def _recipient_names(self, key_ids: tuple[bytes, ...], suite_id: int) -> str:
        """Who a package is for, by name where the peer is known here."""
        with self.store.read() as s:
            repo = PeerRepository(s)
            names = []
            for kid in key_ids:
                row = repo.by_key_id(kid, suite_id)
                names.append(row.workstation if row is not None else kid.hex())
        return "、".join(names)

    def _read_payload(self, s: Any, v: _Verified, ident: NodeIdentity, nodes: dict[str, KnownNode],
                      admission: _Admission, watch: Watch, intake: BlobIntake) -> _Received:
        """Decrypt the payload once: the manifest bound to the outer layer first, each
        revision validated, its author and level checked (sync/intake.py) and, when this
        workstation holds its level's key, handed to the store in bounded batches; each
        attachment written as an encrypted blob as it arrives (memory holds a chunk at a
        time). Then the counts; a record above the importer's keys refuses the package."""
        got = _Received(PackageCheck(v.outer, v.sender.node_id, self.wfile.node_id, nodes, int(self.ceiling)),
                        blob_rows=intake.rows)
        batches = RevisionBatches(admission.store)
        above: set[str] = set()

        def on_manifest(doc: dict[str, Any]) -> None:
            got.check.on_manifest(doc)
            admission.report.channel_seq = got.mine["channel_seq"]

        def on_revision(doc: dict[str, Any], size: int, body_json: bytes) -> None:
            rev = got.check.checked(doc, body_json)
            if rev.record_id in above or not self.store.content.holds(rev.classification):
                above.add(rev.record_id)  # its content could not be sealed here: the package waits (below)
            else:
                batches.add(rev, size)

        frames_in = FrameReader(blob_opener=intake.open, on_revision=on_revision, on_manifest=on_manifest)
        mine = own_keys(ident, v.outer.suite_id)
        try:
            v.reader.decrypt(mine.public.key_id, mine.kex_private,
                             watch.feeding("read", v.outer.payload_length, frames_in.feed))
        except PackageRefused as exc:
            if exc.reason != "wrong_recipient":
                raise
            names = self._recipient_names(v.outer.recipient_key_ids, v.outer.suite_id)
            raise PackageRefused("wrong_recipient", "", f"收件方：{names}。", f" It is for: {names}.") from None
        staged = frames_in.finish()
        got.check.finish(staged)
        above |= {rid for rid, level in got.check.levels.items() if not self.store.content.holds(level)}
        if above:
            raise AboveClearance(len(above))
        batches.flush()
        got.blob_records = staged.blob_records
        return got

    def _import(self, v: _Verified, watch: Watch,
                finish: Callable[[Any, SyncImportReport], None] | None = None) -> SyncImportReport:
        """The package in one store transaction, in one pass over its payload: checked,
        stored, merged and applied; any refusal, cancel or failure rolls it all back and
        removes the blobs it wrote. The file is bound to its signature at the end of the
        pass (sync/unseal.py): if it changed after the signature was checked, nothing
        commits."""
        sender = v.sender
        report = SyncImportReport("imported", v.package_id, sender.node_id, sender.workstation)
        intake: BlobIntake | None = None  # the blob files this import writes
        try:
            with self.store.write() as s:
                _step("journal")
                if s.get(SyncJournal, (sender.node_id, v.package_id)) is not None:  # imported meanwhile
                    raise _AlreadyImported
                ident = s.get(NodeIdentity, self.wfile.node_id)
                assert ident is not None  # written when the store was made; never deleted
                nodes = self._known_nodes(s, ident)
                if nodes[sender.node_id].trust.revoked:  # revoked since the signature was checked
                    raise PackageRefused("revoked_sender", sender.node_id)
                admission = _Admission(s, report, nodes[sender.node_id].trust, nodes, v.package_id)
                intake = BlobIntake(s, self.blob_store, self.blob_cipher)
                got = self._read_payload(s, v, ident, nodes, admission, watch, intake)
                report.warnings += channel_warnings(s, sender.node_id, report.channel_seq)
                report.held_back_reasons = dict(admission.reasons)
                _step("revisions")
                touched = admission.touched
                _step("blobs")
                linkable = self._store_blobs(s, got, touched)
                _step("merge")
                self._merge_touched(s, touched, admission.fresh, linkable, report, watch)
                _step("acks")
                peer = s.get(SyncPeer, sender.node_id)
                assert peer is not None  # the sender is among the peers; none is ever deleted
                for ack in got.manifest["acks"]:
                    if ack["node_id"] == self.wfile.node_id:
                        apply_ack(s, peer, ack)
                self._keep_audit_head(s, peer, report, got.manifest, v.package_id)
                _step("clock")
                last = dag.node_clock(s, self.wfile.node_id)
                clock, anomaly = hlc.observe(last, admission.latest)
                dag.set_node_clock(s, self.wfile.node_id, clock)
                if anomaly:
                    report.warnings.append("clock_ahead")
                for module, n in got.mine["held_back"].items():
                    report.count(module, "held_back", n)
                _step("journal_write")
                s.add(SyncJournal(sender_node=sender.node_id, package_id=v.package_id,
                                  channel_seq=report.channel_seq, suite=v.outer.suite_id,
                                  hash_alg=v.outer.hash_name, file_hash=v.outer.file_hash,
                                  officer=self.actor.name, counts=json.dumps({k: getattr(report, k) for k in _ALL})))
                if finish is not None:
                    finish(s, report)
                _step("audit")
                watch.tick("merge", len(touched), len(touched))  # the last chance to cancel
                self._audit(s, "sync_import", "package", v.package_id, sender=sender.node_id,
                            channel_seq=report.channel_seq, sha256=v.outer.file_hash,
                            hash_alg=v.outer.hash_name, suite=v.outer.suite_id,
                            **{k: getattr(report, k) for k in _ALL}, held_back_reasons=report.held_back_reasons,
                            warnings=report.warnings)
                intake.make_durable()  # every blob on disk before the rows naming them commit
        except BaseException as exc:
            if intake is not None:
                intake.discard()
            if isinstance(exc, _AlreadyImported):
                return SyncImportReport("already_imported", v.package_id, sender.node_id, sender.workstation,
                                    report.channel_seq)
            raise
        return report

    def _keep_audit_head(self, s: Any, peer: SyncPeer, report: SyncImportReport, man: dict[str, Any],
                         package_id: str) -> None:
        """Keep the sender's audit head and auditor checkpoint; a suspect one is an
        audit-integrity warning, recorded in this workstation's own audit trail."""
        head, checkpoint = man["audit_head"], audit_heads.checkpoint_of(man["audit_checkpoint"])
        kept, clash = audit_heads.observe(s, peer.node_id, peer.fingerprint, report.channel_seq, head, checkpoint,
                                          package_id)
        if kept.problem is None:
            return
        report.warnings.append(f"audit_{kept.problem}")
        seen = ({"seen_seq": clash.seq, "seen_hash": clash.hash, "seen_checkpoint": clash.checkpoint_n,
                 "seen_channel_seq": clash.channel_seq, "seen_package_id": clash.package_id} if clash else {})
        self._audit(s, f"sync_peer_audit_{kept.problem}", "peer", peer.node_id, peer=peer.node_id,
                    package_id=package_id, seq=head["seq"], hash=head["hash"], checkpoint=kept.checkpoint_n,
                    channel_seq=report.channel_seq, **seen)

    def _store_blobs(self, s: Any, ck: _Received, touched: dict[str, str]) -> Linkable:
        """Keep the attachment contents that came, and work out which records may link
        each: only the records the sender attached it to, in this package. A record
        whose attachment rows waited for one of them is applied again."""
        levels = ck.check.levels
        top = max(levels.values(), default=0)
        for sha, (name, key, size) in ck.blob_rows.items():
            # its key sealed at the highest level of the records it came with
            named = ck.blob_records.get(sha)
            level = max((levels.get(rid, top) for rid in named), default=top) if named else top
            s.merge(SyncBlob(sha256=sha, blob_name=name, blob_key=key, size=size, level=level))
        linkable: Linkable = {}
        for sha, records in ck.blob_records.items():
            name, key, _ = ck.blob_rows[sha]
            for rid in records:
                linkable.setdefault(rid, {})[sha] = (name, key)
        ids = sorted(linkable)
        for i in range(0, len(ids), 400):
            q = select(SyncWantedBlob.record_id, SyncWantedBlob.sha256).where(SyncWantedBlob.record_id.in_(ids[i : i + 400]))
            for rid, sha in s.execute(q):
                if sha in linkable[rid]:
                    touched.setdefault(rid, "")
        return linkable

    def _merge_touched(self, s: Any, touched: dict[str, str], fresh: set[str], linkable: Linkable,
                       report: SyncImportReport, watch: Watch) -> None:
        calendars = Calendars(s)
        types: dict[str, str] = {}
        ids = sorted(touched)
        for i in range(0, len(ids), 400):
            q = select(SyncRevision.record_id, SyncRevision.record_type).where(SyncRevision.record_id.in_(ids[i:i + 400]))
            types.update(s.execute(q.distinct()).all())
        # The registers first: a case's panel members refer to experts of the same package;
        # then the cases new here (a case already here may name one of them as its parent).
        registers = [rid for rid in ids if types.get(rid, CASE) in REGISTERS]
        new_cases = [rid for rid in ids if rid in fresh and types.get(rid, CASE) == CASE]
        new_set = set(new_cases)
        others = [rid for rid in ids if types.get(rid, CASE) not in REGISTERS and rid not in new_set]
        done = 0
        for rid in registers:
            watch.tick("merge", done, len(ids))
            self._merge_register(s, rid, types[rid], report)
            done += 1
        for i in range(0, len(new_cases), _FRESH_BATCH):
            watch.tick("merge", done, len(ids))
            self._merge_fresh(s, new_cases[i : i + _FRESH_BATCH], touched, linkable, calendars, report)
            done += len(new_cases[i : i + _FRESH_BATCH])
        for rid in others:
            watch.tick("merge", done, len(ids))
            self._merge_one(s, rid, touched[rid], rid in fresh, linkable.get(rid, {}), calendars, report)
            done += 1

    def _merge_fresh(self, s: Any, ids: list[str], touched: dict[str, str], linkable: Linkable,
                     calendars: Calendars, report: SyncImportReport) -> None:
        """Cases new here with one head: the plain ones written set-based
        (ops/sync_apply_fresh.py), the others one by one. Their bodies are read in groups
        of about `_FRESH_BYTES`, so memory holds a bounded part of the package however
        large its records."""
        size = func.length(SyncRevision.body) + func.coalesce(func.length(SyncRevision.sealed), 0)
        heads = s.execute(select(SyncHead.record_id, SyncHead.rev_id, size)
                          .join(SyncRevision, SyncHead.rev_id == SyncRevision.rev_id)
                          .where(SyncHead.record_id.in_(ids))).all()
        stored = set(s.execute(select(Case.id).where(Case.id.in_(ids))).scalars())  # a row without a revision
        group: list[str] = []
        held = 0
        for _record, rev, length in sorted(heads):
            if group and held + length > _FRESH_BYTES:
                self._merge_fresh_group(s, group, stored, touched, linkable, calendars, report)
                group, held = [], 0
            group.append(rev)
            held += length
        self._merge_fresh_group(s, group, stored, touched, linkable, calendars, report)

    def _merge_fresh_group(self, s: Any, revs: list[str], stored: set[str], touched: dict[str, str],
                           linkable: Linkable, calendars: Calendars, report: SyncImportReport) -> None:
        # The columns the state needs, not the mapped rows (their other columns are never
        # read here); a sealed body opened with its level's key, as the mapped row would be.
        keys = keys_of(s)
        q = select(SyncRevision.record_id, SyncRevision.rev_id, SyncRevision.deleted, SyncRevision.classification,
                   SyncRevision.body, SyncRevision.sealed).where(SyncRevision.rev_id.in_(revs))
        rows = {row.record_id: row for row in s.execute(q)}
        batch: list[FreshCase] = []
        for rid in sorted(rows):
            row = rows.pop(rid)
            opened = open_columns(keys, SyncRevision, row.classification, row.rev_id, row.sealed)
            state = None if row.deleted else json.loads(opened["body"] if opened is not None else row.body)
            del row, opened  # the stored body goes as soon as it is parsed
            if rid in stored or not eligible(state):
                self._merge_one(s, rid, touched[rid], True, linkable.get(rid, {}), calendars, report)
                continue
            assert state is not None  # eligible
            batch.append(FreshCase(rid, state, linkable.get(rid, {})))
            report.count(state.get("module", touched[rid]), "new")
        try:
            apply_fresh(s, self, batch)
        except (DbIntegrityError, DataError, OverflowError) as exc:  # e.g. an entry id another case holds
            raise PackageRefused("malformed", f"new cases: the store refused them ({type(exc).__name__})") from None

    def _merge_register(self, s: Any, rid: str, record_type: str, report: SyncImportReport) -> None:
        """Merge an expert's or a 科研失信 record's heads and apply the result."""
        before = set(s.execute(select(SyncConflict.id).where(SyncConflict.record_id == rid)).scalars())
        view = dag.merged(s, rid)
        try:
            outcome = apply_register(s, record_type, rid, view)
        except (DbIntegrityError, DataError, OverflowError) as exc:
            raise PackageRefused("malformed", f"{rid}: the store refused it ({type(exc).__name__})",
                                 f"（记录 {rid} 的内容无法保存）", f" (record {rid} cannot be stored)") from None
        dag.refresh_conflicts(s, rid, view)
        after = {c.conflict_id(rid) for c in view.conflicts} if view else set()
        if outcome == DUPLICATE:
            report.warnings.append("register_duplicate")
        elif after - before:
            report.count(record_type, "conflicts")
        elif before and not after:
            report.count(record_type, "resolved")
        elif outcome in ("new", "updated"):
            report.count(record_type, "merged" if outcome == "updated" and view and len(view.heads) > 1 else outcome)

    def _merge_one(self, s: Any, rid: str, module: str, fresh: bool, sent: dict[str, tuple[str, bytes]],
                   calendars: Calendars, report: SyncImportReport) -> None:
        """Merge one record's heads and apply the result to the tables."""
        before: set[str] = set()
        if fresh:  # new here, one head: its body is the state (no conflict can exist yet)
            [row] = dag.head_rows(s, rid)
            head = Head(row.rev_id, row.gen, row.deleted, json.loads(row.body), row.author_node)
            view: MergeView | None = MergeView(None if row.deleted else head.body, head, [head])
        else:
            before = set(s.execute(select(SyncConflict.id).where(SyncConflict.record_id == rid)).scalars())
            view = dag.merged(s, rid)
        if view is not None:
            module = view.winner.body.get("module", module)
        case_no = view.winner.body.get("case_no", rid) if view is not None else rid
        try:
            outcome = apply_record(s, self, rid, view, calendars, sent)
        except (DbIntegrityError, DataError, OverflowError) as exc:  # e.g. an entry id another case holds
            raise PackageRefused("malformed", f"{rid}: the store refused it ({type(exc).__name__})",
                                 f"（案件 {case_no} 的内容无法保存）", f" (case {case_no} cannot be stored)") from None
        if fresh:
            if outcome == "new":
                report.count(module, "new")
            return
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


def _line(rev: RevisionData) -> str:
    """The report line of a revision: a case's module, or the register's kind."""
    return rev.record_type if rev.record_type in REGISTERS else rev.module
