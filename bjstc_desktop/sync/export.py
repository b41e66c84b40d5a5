"""Plan a package for one or more trusted peers (docs/sync-format.md §Export).

Incremental by default: the revisions stored here since the oldest basis any recipient
acknowledged, plus the records waiting for them (held back before, or asked for).
`full` offers every record. A record goes only if every recipient may have it (its
level at or under each recipient's ceiling, its module in each recipient's scope) and
the exporting officer may see it; otherwise it is held back, counted by reason and
module, and kept waiting for that recipient. Cost grows with the changes, not with
the store: everything is found through indexes on local_seq and record id."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bjstc_desktop.store.levelkeys import missing_key
from bjstc_desktop.store.models import Attachment
from bjstc_desktop.store.sealing import is_locked
from bjstc_desktop.store.sync_models import (
    SyncHead,
    SyncPeerBlob,
    SyncPending,
    SyncRevision,
)
from bjstc_desktop.sync import frames, limits
from bjstc_desktop.sync.casebody import attachment_hashes
from bjstc_desktop.sync.channels import add_pending
from bjstc_desktop.sync.shapes import CASE, meets, modules_of, scope_text

_BATCH = 500


@dataclass(frozen=True)
class Target:
    """A recipient as the export sees it; `key_id` and `kex_public` are of the suite the
    package is written in."""

    node_id: str
    workstation: str
    key_id: bytes
    kex_public: bytes
    ceiling: int
    scope: frozenset[str] | None
    next_seq: int
    acked_upto: int


@dataclass(frozen=True)
class BlobSource:
    """Where an attachment's content is kept here, and the records of the package it
    is attached to here (the receiver links it to those only)."""

    sha256: str
    size: int
    blob_name: str
    blob_key: bytes
    records: tuple[str, ...] = ()


@dataclass
class Plan:
    """What one package will hold, and what was held back for whom."""

    upto: int
    basis: int
    revision_frames: list[bytes] = field(default_factory=list)
    revisions: int = 0
    tombstones: int = 0
    max_classification: int = 0
    records: set[str] = field(default_factory=set)
    blobs: dict[str, BlobSource] = field(default_factory=dict)
    blob_refs: dict[str, set[str]] = field(default_factory=dict)  # content hash → records sent that refer to it
    unsigned: int = 0  # revisions received before signatures existed: never forwarded
    held: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)  # node → reason → module → n
    held_records: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def held_total(self, node: str | None = None) -> int:
        """Records held back (for one recipient, or the most for any)."""
        counts = [len(v) for k, v in self.held_records.items() if node in (None, k)]
        return max(counts, default=0)


Signer = Callable[[str, list[str]], str]  # (rev id, ancestry) → this node's signature


def revision_frame(row: SyncRevision, signature: str) -> bytes:
    """The REVISION frame of a stored revision, with its author's signature (never one
    whose sealed body this session could not open: its body would go out blank)."""
    if is_locked(row):
        raise missing_key(row.classification)
    return frames.json_frame(frames.REVISION, {
        "type": row.record_type, "id": row.record_id, "rev": row.rev_id, "parents": json.loads(row.parents),
        "ancestry": json.loads(row.ancestry), "gen": row.gen,
        "author": {"node": row.author_node, "officer": row.author_name}, "hlc": row.hlc,
        "deleted": row.deleted, "body": json.loads(row.body), "sig": signature})


def signature_of(row: SyncRevision, me: str, sign: Signer) -> str | None:
    """The author's signature to send with a revision: the one it came with, or, for
    this node's own revisions, made now (Ed25519 is deterministic: always the same).
    None: a revision received before format 2, which cannot be forwarded."""
    if row.signature:
        return row.signature
    if row.author_node == me:
        return sign(row.rev_id, json.loads(row.ancestry))
    return None


def _batches(items: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(items)
    for i in range(0, len(items), _BATCH):
        yield items[i : i + _BATCH]


def plan_export(s: Session, targets: list[Target], may_see: Callable[[str, str, int], bool], full: bool, me: str,
                sign: Signer) -> Plan:
    """Choose the records and revisions for `targets` (read-only); `me` is this node,
    `sign` signs its own revisions."""
    upto = s.execute(select(func.max(SyncRevision.local_seq))).scalar() or 0
    basis = 0 if full else min(t.acked_upto for t in targets)
    plan = Plan(upto=upto, basis=basis)
    ids = [t.node_id for t in targets]
    pending = set(s.execute(select(SyncPending.record_id).where(SyncPending.peer_node.in_(ids))).scalars())
    if full:
        changed = set(s.execute(select(SyncRevision.record_id).distinct()).scalars())
    else:
        # No DISTINCT: SQLite would answer it by walking the whole record_id index; the
        # range on the primary key reads only the new revisions.
        changed = set(s.execute(select(SyncRevision.record_id).where(SyncRevision.local_seq > basis)).scalars())
    ceiling = min(t.ceiling for t in targets)
    for batch in _batches(changed | pending):
        heads = s.execute(select(SyncHead.record_id, SyncRevision.classification, SyncRevision.module,
                                 SyncRevision.record_type)
                          .join(SyncRevision, SyncRevision.rev_id == SyncHead.rev_id)
                          .where(SyncHead.record_id.in_(batch))).all()
        level: dict[str, int] = {}
        module: dict[str, str] = {}
        kinds: dict[str, str] = {}
        for rid, cls, mod, kind in heads:
            level[rid] = max(level.get(rid, 0), cls)
            # a register's heads may name different scopes: it goes where every one meets
            module[rid] = mod if rid not in module or kind == CASE else _common_scope(module[rid], mod)
            kinds[rid] = kind
        send = [rid for rid in batch
                if rid in level and _admit(plan, targets, rid, level[rid], module[rid], kinds[rid], may_see)]
        whole = [rid for rid in send if full or rid in pending]
        _take(s, plan, targets, whole, None, ceiling, full, me, sign)
        _take(s, plan, targets, [rid for rid in send if rid not in whole], basis, ceiling, full, me, sign)
    _find_blobs(s, plan, ids)
    return plan


def _common_scope(a: str, b: str) -> str:
    """Two register scopes as one that meets a recipient only where both do."""
    mods_a, mods_b = modules_of(a), modules_of(b)
    if mods_a is None or mods_b is None:
        return a if mods_b is None else b
    return scope_text(sorted(mods_a & mods_b)) or ",-,"  # disjoint scopes meet no recipient's


def _admit(plan: Plan, targets: list[Target], rid: str, level: int, module: str, kind: str,
           may_see: Callable[[str, str, int], bool]) -> bool:
    reasons = {}
    for t in targets:
        if level > t.ceiling:
            reasons[t.node_id] = "ceiling"
        elif not meets(t.scope, module):
            reasons[t.node_id] = "scope"
    if not may_see(kind, module, level):
        reasons = {t.node_id: "clearance" for t in targets}
    elif reasons:
        reasons = {t.node_id: reasons.get(t.node_id, "other_recipient") for t in targets}
    line = module if kind == CASE else kind  # a register is counted under its kind
    for node, reason in reasons.items():
        by_module = plan.held.setdefault(node, {}).setdefault(reason, {})
        by_module[line] = by_module.get(line, 0) + 1
        plan.held_records[node].add(rid)
    return not reasons


def _take(s: Session, plan: Plan, targets: list[Target], records: list[str], after: int | None, ceiling: int,
          full: bool, me: str, sign: Signer) -> None:
    if not records:
        return
    q = select(SyncRevision).where(SyncRevision.record_id.in_(records), SyncRevision.classification <= ceiling)
    if after is not None:
        q = q.where(SyncRevision.local_seq > after)
    nodes = {t.node_id for t in targets}
    for row in s.execute(q.order_by(SyncRevision.local_seq)).scalars():
        if not full and nodes <= {row.author_node, row.received_from}:
            continue  # every recipient wrote it or gave it to us
        signature = signature_of(row, me, sign)
        if signature is None:
            plan.unsigned += 1
            continue
        plan.revision_frames.append(revision_frame(row, signature))
        plan.revisions += 1
        plan.tombstones += int(row.deleted)
        plan.max_classification = max(plan.max_classification, row.classification)
        plan.records.add(row.record_id)
        if not row.deleted:
            for sha in attachment_hashes(json.loads(row.body)):
                plan.blob_refs.setdefault(sha, set()).add(row.record_id)


def _find_blobs(s: Session, plan: Plan, ids: list[str]) -> None:
    """The contents to send: those attached here to a record the package carries (a
    reference without content here — or attached only to another case — sends
    nothing), each naming those records, unless every recipient acknowledged it."""
    for batch in _batches(plan.blob_refs):
        acked: dict[str, int] = defaultdict(int)
        for sha in s.execute(select(SyncPeerBlob.sha256).where(SyncPeerBlob.peer_node.in_(ids),
                                                                 SyncPeerBlob.sha256.in_(batch))).scalars():
            acked[sha] += 1
        need = [sha for sha in batch if acked[sha] < len(ids)]
        linked: dict[str, list[Attachment]] = defaultdict(list)
        for a in s.execute(select(Attachment).where(Attachment.sha256.in_(need),
                                                    Attachment.blob_name.not_like("pending-%"))).scalars():
            if a.case_id in plan.blob_refs[a.sha256] and not is_locked(a):  # a key sealed above us: no use
                linked[a.sha256].append(a)
        for sha in need:
            if linked[sha]:
                src = linked[sha][0]
                records = sorted({a.case_id for a in linked[sha]})[: limits.MAX_BLOB_RECORDS]
                plan.blobs[sha] = BlobSource(sha, src.size, src.blob_name, src.blob_key, tuple(records))


def record_sent(s: Session, plan: Plan, targets: list[Target]) -> None:
    """After the package is written: records sent stop waiting, held ones start."""
    for t in targets:
        for batch in _batches(plan.records):
            s.execute(delete(SyncPending).where(SyncPending.peer_node == t.node_id, SyncPending.record_id.in_(batch)))
        for rid in plan.held_records.get(t.node_id, ()):
            add_pending(s, t.node_id, rid, "held")
