"""The store's sync tables (design/sync.md): immutable revisions with their ancestry,
the heads of every record, open conflicts, trusted peers, the import journal, the
outbox and acknowledgements. Imported by models.py so Base.metadata holds them."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Boolean, DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bjstc_desktop.store.models import Attachment, Base, utcnow
from bjstc_desktop.store.sealing import sealed_model

# What a sealed revision body keeps readable: who the record is, never its content
# (the same keys as a tombstone's body, sync/casebody.py).
REVISION_IDENTITY = ("v", "case_type", "module", "case_no", "classification")


def body_identity(content: Any) -> str:
    """The readable part of a revision body while the rest is sealed."""
    body = json.loads(content["body"])
    return json.dumps({k: body[k] for k in REVISION_IDENTITY if k in body}, ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))

# Sync finds attachment contents by hash (travel once, asked for by hash): index it.
Index("ix_attachments_sha256", Attachment.sha256)


@sealed_model(content={"body": body_identity}, identity=("rev_id",), level_attr="classification",
              level_from_case=False)
class SyncRevision(Base):
    """One immutable revision of a syncable record; `local_seq` orders arrival here.
    Above 公开 the body is sealed at the revision's level; the column keeps the
    record's identity (type, module, 案号, level) readable."""

    __tablename__ = "sync_revisions"
    local_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rev_id: Mapped[str] = mapped_column(String(64), unique=True)
    record_type: Mapped[str] = mapped_column(String(16))
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    parents: Mapped[str] = mapped_column(Text)  # JSON list of rev ids
    ancestry: Mapped[str] = mapped_column(Text)  # JSON list, nearest first, at most 1000
    gen: Mapped[int] = mapped_column(Integer)
    author_node: Mapped[str] = mapped_column(String(36))
    author_name: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(19))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    classification: Mapped[int] = mapped_column(Integer)
    module: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)  # canonical JSON
    received_from: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The author node's signature (sync/authorship.py), kept to forward the revision
    # unchanged; None for this node's own revisions (signed when exported) and for
    # revisions received before format 2 (never forwarded).
    signature: Mapped[str | None] = mapped_column(String(128))
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


class SyncHead(Base):
    """A leaf of a record's revision graph (more than one: concurrent branches)."""

    __tablename__ = "sync_heads"
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rev_id: Mapped[str] = mapped_column(String(64), primary_key=True)


@sealed_model(content={"detail": "{}"}, identity=("id", "record_id"), level_from_case=False)
class SyncConflict(Base):
    """An open conflict on one field of a record (derived from its heads); its values
    are sealed at the highest level among the heads."""

    __tablename__ = "sync_conflicts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(96))
    detail: Mapped[str] = mapped_column(Text)  # JSON: values per head, winner, base
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


class SyncPeer(Base):
    """A peer node trusted (or revoked) by the security administrator."""

    __tablename__ = "sync_peers"
    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workstation: Mapped[str] = mapped_column(String(128))
    office: Mapped[str] = mapped_column(String(128), default="")
    ceiling: Mapped[int] = mapped_column(Integer)
    modules: Mapped[str | None] = mapped_column(Text)  # comma list; None: every module
    sign_public: Mapped[bytes] = mapped_column(LargeBinary)
    kex_public: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str] = mapped_column(String(16), unique=True)
    # Its gm-1 key set (None: its card predates gm-1) and the suites its card offers,
    # most preferred first ("gm-1,intl-1").
    gm_sign_public: Mapped[bytes | None] = mapped_column(LargeBinary)
    gm_kex_public: Mapped[bytes | None] = mapped_column(LargeBinary)
    gm_key_id: Mapped[str | None] = mapped_column(String(16), unique=True)
    suites: Mapped[str] = mapped_column(String(32), default="intl-1")
    fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(8), default="trusted")  # trusted | revoked
    trusted_by: Mapped[str] = mapped_column(String(64))
    trusted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    next_seq: Mapped[int] = mapped_column(Integer, default=1)  # our next channel seq to them
    acked_upto: Mapped[int] = mapped_column(Integer, default=0)  # local_seq they acknowledged


class SyncOutbox(Base):
    """A package we wrote for a peer: what it covered, and whether it was acknowledged."""

    __tablename__ = "sync_outbox"
    package_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    peer_node: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel_seq: Mapped[int] = mapped_column(Integer)
    basis: Mapped[int] = mapped_column(Integer)
    upto: Mapped[int] = mapped_column(Integer)
    blobs: Mapped[str] = mapped_column(Text, default="[]")
    acked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_sync_outbox_peer_seq", "peer_node", "channel_seq"),)


class SyncJournal(Base):
    """A package imported here: a second import of the same (sender, id) changes
    nothing. Keyed by the sender too: the id is in the plain header, so one peer could
    otherwise make another peer's package look "already imported"."""

    __tablename__ = "sync_journal"
    sender_node: Mapped[str] = mapped_column(String(36), primary_key=True)
    package_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    channel_seq: Mapped[int] = mapped_column(Integer)
    suite: Mapped[int] = mapped_column(Integer, default=1)  # 1 intl-1, 2 gm-1
    hash_alg: Mapped[str] = mapped_column(String(8), default="sha256")  # sha256 | sm3: the hash of file_hash
    file_hash: Mapped[str] = mapped_column(String(64))
    officer: Mapped[str] = mapped_column(String(64))
    counts: Mapped[str] = mapped_column(Text, default="{}")
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_sync_journal_sender_seq", "sender_node", "channel_seq"),)


class SyncPending(Base):
    """A record to offer a peer again: held back earlier, or asked for."""

    __tablename__ = "sync_pending"
    peer_node: Mapped[str] = mapped_column(String(36), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reason: Mapped[str] = mapped_column(String(16))


class SyncPeerBlob(Base):
    """An attachment content a peer has acknowledged (it travels once)."""

    __tablename__ = "sync_peer_blobs"
    peer_node: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)


@sealed_model(content={"blob_key": b""}, identity=("sha256",), level_from_case=False)
class SyncBlob(Base):
    """An attachment content received by sync, by hash (its blob and key); the key is
    sealed at the highest level of the records in its package that name it."""

    __tablename__ = "sync_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    blob_name: Mapped[str] = mapped_column(String(64))
    blob_key: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


class SyncWantedBlob(Base):
    """An attachment a record refers to whose content has not arrived (asked for)."""

    __tablename__ = "sync_wanted_blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class SyncNodeState(Base):
    """This node's hybrid logical clock (kept so it never runs backwards)."""

    __tablename__ = "sync_node_state"
    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    hlc: Mapped[str] = mapped_column(String(19))


def held_identity(content: Any) -> str:
    """The readable part of a held revision's frame while the rest is sealed: who wrote
    it and when, and the record's identity (as a sealed revision body keeps it)."""
    doc = json.loads(content["frame"])
    body = doc.get("body") or {}
    return json.dumps({"author": doc.get("author"), "hlc": doc.get("hlc"),
                       "body": {k: body[k] for k in REVISION_IDENTITY if k in body}},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@sealed_model(content={"frame": held_identity}, identity=("rev_id",), level_attr="from_level", level_from_case=False)
class SyncHeld(Base):
    """A revision import did not apply but keeps for the security administrator: a
    fall in classification, shown with the sender and its basis until accepted or
    refused (sync/admission.py)."""

    __tablename__ = "sync_held"
    rev_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    sender_node: Mapped[str] = mapped_column(String(36))
    package_id: Mapped[str] = mapped_column(String(32))
    from_level: Mapped[int] = mapped_column(Integer)
    to_level: Mapped[int] = mapped_column(Integer)
    frame: Mapped[str] = mapped_column(Text)  # the REVISION frame's canonical JSON, signature included
    held_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # The frame is sealed at the level the record has here (the one the revision would
    # lower: its body is that record's content); the security administrator, the key
    # custodian, opens it. An importer without that level's key cannot hold it: refused.
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


class SyncPeerAuditHead(Base):
    """An audit-chain head (seq, hash) and auditor-signed checkpoint a peer's package
    carried; a suspect one is kept with `backwards` set and the `problem` named
    (sync/audit_heads.py)."""

    __tablename__ = "sync_peer_audit_heads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    peer_node: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    channel_seq: Mapped[int] = mapped_column(Integer)  # the package's place in the peer's writing order
    package_id: Mapped[str] = mapped_column(String(32))
    backwards: Mapped[bool] = mapped_column(Boolean, default=False)  # any problem below
    problem: Mapped[str | None] = mapped_column(String(32))  # sync/audit_heads.py: why it is suspect
    # The sender's newest auditor-signed checkpoint (store/checkpoint.py), as the package carried it.
    checkpoint: Mapped[str | None] = mapped_column(Text)
    cp_n: Mapped[int | None] = mapped_column(Integer)
    auditor_public: Mapped[str | None] = mapped_column(String(64))
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_sync_peer_audit_heads_peer_seq", "peer_node", "seq"),)
