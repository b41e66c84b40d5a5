"""Each record's revision graph in the store: insert immutable revisions (idempotent),
keep the heads, find common ancestors, and give the merged view of a record. A
revision that arrives after one of its descendants never becomes a head again, so an
old revision (or an old tombstone) cannot bring anything back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bjstc_desktop.store.sync_models import SyncConflict, SyncHead, SyncNodeState, SyncRevision
from bjstc_desktop.sync import canonical, limits
from bjstc_desktop.sync.hlc import Hlc, parse, tick
from bjstc_desktop.sync.merge import Head, MergeView, merge_view, winner_order
from bjstc_desktop.sync.shapes import REGISTERS, scope_text, shape_of

REV_DOMAIN = b"bjstc-rev/1\x00"


@dataclass(frozen=True)
class RevisionData:
    """A revision as it travels and as it is stored."""

    record_type: str
    record_id: str
    rev_id: str
    parents: tuple[str, ...]
    ancestry: tuple[str, ...]
    gen: int
    author_node: str
    author_name: str
    hlc: str
    deleted: bool
    body: dict[str, Any]
    signature: str = ""  # the author node's signature (hex; sync.authorship), kept when forwarded
    # canonical.dumps(body) when it is known already (a received frame's own bytes), so
    # the body is not encoded again for its id and its row; b"" = not known
    body_json: bytes = field(default=b"", compare=False, repr=False)

    @property
    def body_text(self) -> str:
        """The body's canonical JSON as it is stored."""
        return (self.body_json or canonical.dumps(self.body)).decode("utf-8")

    @property
    def classification(self) -> int:
        """The record's level in this revision."""
        return int(self.body.get("classification", 0))

    @property
    def module(self) -> str:
        """A case's duty module, or a register's module scope (",a,b,"; "" = every duty)."""
        if self.record_type in REGISTERS:
            modules = self.body.get("modules")
            return scope_text(modules) if isinstance(modules, list) else ""
        return str(self.body.get("module", ""))

    @property
    def identity(self) -> tuple[str, str, str]:
        """(case type, module, case number): fixed by the record's first revision. A
        register's identity is its kind (its key is checked against its id on arrival)."""
        if self.record_type in REGISTERS:
            return (self.record_type, "", "")
        return (str(self.body.get("case_type", "")), self.module, str(self.body.get("case_no", "")))


def compute_rev_id(record_type: str, record_id: str, parents: tuple[str, ...] | list[str], gen: int,
                   body: dict[str, Any], author_node: str, author_name: str, hlc: str, deleted: bool,
                   body_json: bytes = b"") -> str:
    """SHA-256 over the canonical (record, sorted parents, generation, body, author,
    HLC, deleted) — identical edits made the same way get the same id everywhere.
    `body_json`: canonical.dumps(body) when the caller has it already (not encoded again)."""
    doc = {"record": [record_type, record_id], "parents": sorted(parents), "gen": gen, "body": body,
           "author": [author_node, author_name], "hlc": hlc, "deleted": deleted}
    data = canonical.dumps_with(doc, "body", body_json) if body_json else canonical.dumps(doc)
    return hashlib.sha256(REV_DOMAIN + data).hexdigest()


def _row_data(row: SyncRevision) -> RevisionData:
    return RevisionData(row.record_type, row.record_id, row.rev_id, tuple(json.loads(row.parents)),
                        tuple(json.loads(row.ancestry)), row.gen, row.author_node, row.author_name, row.hlc,
                        row.deleted, json.loads(row.body), row.signature or "")


def head_rows(s: Session, record_id: str) -> list[SyncRevision]:
    """The record's current heads."""
    q = (select(SyncRevision).join(SyncHead, SyncHead.rev_id == SyncRevision.rev_id)
         .where(SyncHead.record_id == record_id))
    return list(s.execute(q).scalars())


def insert(s: Session, rev: RevisionData, received_from: str | None = None) -> bool:
    """Store `rev` unless known; update the heads. Returns True when it was new."""
    if s.execute(select(SyncRevision.local_seq).where(SyncRevision.rev_id == rev.rev_id)).first():
        return False
    s.add(SyncRevision(rev_id=rev.rev_id, record_type=rev.record_type, record_id=rev.record_id,
                       parents=json.dumps(list(rev.parents)), ancestry=json.dumps(list(rev.ancestry)),
                       gen=rev.gen, author_node=rev.author_node, author_name=rev.author_name, hlc=rev.hlc,
                       deleted=rev.deleted, classification=rev.classification, module=rev.module,
                       body=rev.body_text, received_from=received_from,
                       signature=rev.signature or None))
    current = head_rows(s, rev.record_id)
    ancestors = set(rev.ancestry)
    is_head = True
    for h in current:
        if h.rev_id in ancestors:
            s.execute(delete(SyncHead).where(SyncHead.record_id == rev.record_id, SyncHead.rev_id == h.rev_id))
        elif rev.rev_id in set(json.loads(h.ancestry)):
            is_head = False  # arrived after a descendant: history, not a branch
    if is_head:
        s.add(SyncHead(record_id=rev.record_id, rev_id=rev.rev_id))
    s.flush()
    return True


def ancestry_of(parents: list[SyncRevision]) -> tuple[str, ...]:
    """Parents, then their ancestors, nearest first, without repeats, at most 1000."""
    out: dict[str, None] = {}
    for p in sorted(parents, key=lambda r: (-r.gen, r.rev_id)):
        out[p.rev_id] = None
    for p in sorted(parents, key=lambda r: (-r.gen, r.rev_id)):
        for a in json.loads(p.ancestry):
            out[a] = None
    return tuple(list(out)[: limits.MAX_ANCESTRY])


def heads_of(s: Session, record_id: str) -> tuple[list[Head], dict[str, set[str]], str]:
    """The heads as the merge sees them, each head's ancestry as a set, and the
    record's type."""
    rows = head_rows(s, record_id)
    heads = [Head(r.rev_id, r.gen, r.deleted, json.loads(r.body), r.author_node) for r in rows]
    return heads, {r.rev_id: set(json.loads(r.ancestry)) for r in rows}, rows[0].record_type if rows else ""


def merged(s: Session, record_id: str) -> MergeView | None:
    """The record's merged view (None: no revision of it is known here)."""
    heads, ancestry, record_type = heads_of(s, record_id)
    if not heads:
        return None
    bases: dict[tuple[str, str], dict[str, Any] | None] = {}

    def base_of(a: Head, b: Head) -> dict[str, Any] | None:
        key = (a.rev_id, b.rev_id)
        if key not in bases:
            common = ({a.rev_id} | ancestry[a.rev_id]) & ({b.rev_id} | ancestry[b.rev_id])
            best = None
            if common:
                q = (select(SyncRevision).where(SyncRevision.rev_id.in_(sorted(common)))
                     .order_by(SyncRevision.gen.desc(), SyncRevision.rev_id.desc()).limit(1))
                row = s.execute(q).scalar_one_or_none()  # the object: a sealed body opens on load
                best = row.body if row is not None else None
            bases[key] = json.loads(best) if best else None
        return bases[key]

    return merge_view(heads, base_of, shape_of(record_type))


def refresh_conflicts(s: Session, record_id: str, view: MergeView | None) -> int:
    """Store the record's open conflicts (replacing the old ones); returns how many."""
    old = {r.id: json.loads(r.detail) for r in
           s.execute(select(SyncConflict).where(SyncConflict.record_id == record_id)).scalars()}
    s.execute(delete(SyncConflict).where(SyncConflict.record_id == record_id))
    if view is None:
        return 0
    level = max((int(h.body.get("classification") or 0) for h in view.heads), default=0)
    for c in view.conflicts:
        cid = c.conflict_id(record_id)
        detail: dict[str, Any] = {"values": c.values, "base": c.base}
        if "decision" in old.get(cid, {}):  # an officer's decision waits for the record's other conflicts
            detail["decision"] = old[cid]["decision"]
        s.add(SyncConflict(id=cid, record_id=record_id, field=c.path, level=level,
                           detail=json.dumps(detail, ensure_ascii=False)))
    s.flush()
    return len(view.conflicts)


def has_conflicts(s: Session, record_id: str) -> bool:
    """True while the record has an open conflict."""
    return s.execute(select(SyncConflict.id).where(SyncConflict.record_id == record_id).limit(1)).first() is not None


def node_clock(s: Session, node_id: str) -> Hlc:
    """This node's last HLC (zero before the first)."""
    row = s.get(SyncNodeState, node_id)
    return parse(row.hlc) if row else Hlc(0, 0)


def set_node_clock(s: Session, node_id: str, value: Hlc) -> None:
    """Keep the node's HLC."""
    row = s.get(SyncNodeState, node_id)
    if row is None:
        s.add(SyncNodeState(node_id=node_id, hlc=value.text()))
    else:
        row.hlc = value.text()


def author(s: Session, *, node_id: str, officer: str, record_type: str, record_id: str, body: dict[str, Any],
           deleted: bool = False, parents: list[str] | None = None) -> RevisionData:
    """Make and store a new local revision. Its parents are every head, or only the
    provisional winner while the record has an open conflict (so an edit never settles
    a conflict by accident)."""
    if parents is None:
        rows = head_rows(s, record_id)
        if len(rows) > 1 and has_conflicts(s, record_id):
            heads = [Head(r.rev_id, r.gen, r.deleted, {}, r.author_node) for r in rows]
            parents = [winner_order(heads)[0].rev_id]
        else:
            parents = [r.rev_id for r in rows]
    parent_rows = list(s.execute(select(SyncRevision).where(SyncRevision.rev_id.in_(parents))).scalars())
    gen = 1 + max((p.gen for p in parent_rows), default=0)
    stamp = tick(node_clock(s, node_id))
    set_node_clock(s, node_id, stamp)
    parents_t = tuple(sorted(parents))
    rev_id = compute_rev_id(record_type, record_id, parents_t, gen, body, node_id, officer, stamp.text(), deleted)
    rev = RevisionData(record_type, record_id, rev_id, parents_t, ancestry_of(parent_rows), gen, node_id, officer,
                       stamp.text(), deleted, body)
    insert(s, rev)
    return rev


def revision_data(row: SyncRevision) -> RevisionData:
    """A stored revision as data."""
    return _row_data(row)


def revision_doc(rev: RevisionData) -> dict[str, Any]:
    """The REVISION frame's document of a revision (validate.revision reads it back)."""
    return {"type": rev.record_type, "id": rev.record_id, "rev": rev.rev_id, "parents": list(rev.parents),
            "ancestry": list(rev.ancestry), "gen": rev.gen, "author": {"node": rev.author_node, "officer": rev.author_name},
            "hlc": rev.hlc, "deleted": rev.deleted, "body": rev.body, "sig": rev.signature}
