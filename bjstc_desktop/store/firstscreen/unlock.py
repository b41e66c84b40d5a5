"""The unlock over the first screen's DB-API connection: every check the store's unlock
makes (workstation/opening.open_with_key), with the same functions on the same rows —
the schema and the last commit, the workstation file's MAC and a join to a hub, the
node's identity against the file, the account and its slot, the administrators' role
keys and proofs, the level keys against their commitments and grants — then the
unlock's audit events and the tidying of key slots left by an interrupted change.

Where the store's unlock would change something first (a schema to migrate, a slot to
renew, level keys to hand over, the file's schema note to update) this unlock declines
(`None`) before anything is shown, and the caller opens the full session instead."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import AuthenticationError
from bjstc_desktop.core.roles import Actor, Role
from bjstc_desktop.store import (
    authlog,
    grantkeys,
    keyslots,
    leftovers,
    lockfile,
    migrate,
    pending_audit,
)
from bjstc_desktop.store.firstscreen.connection import PlainStore
from bjstc_desktop.store.hubaddress import hub_url
from bjstc_desktop.store.joined import JOINED_TO, joined_refusal
from bjstc_desktop.store.keybundle import KeyBundle
from bjstc_desktop.store.slotchange import reconcile
from bjstc_desktop.store.unlockcheck import checked_rows


@dataclass
class FirstScreenSession:
    """An unlocked store as the first screen holds it: the connection (with the user's
    level keys), the shared lock on the store, who works and with which keys."""

    data_dir: Path
    db: PlainStore
    lock: lockfile.FileLock
    wfile: keyslots.WorkstationFile
    actor: Actor
    bundle: KeyBundle
    held: dict[int, bytes]
    must_change_passphrase: bool


def _schema(db: PlainStore) -> str | None:
    try:
        row = db.rows("SELECT version_num FROM alembic_version")
    except Exception:  # no table: an empty store, which the store's open refuses in its words
        return None
    return row[0][0] if row else None


def actor_of(row: Any, clearance: Level) -> Actor:
    """users.to_actor for a plain row, at the clearance the user's keys allow."""
    modules = frozenset(m for m in (row.modules or "").split(",") if m)
    return Actor(user_id=row.id, name=row.name, role=Role(row.role), clearance=clearance, modules=modules)


def unlock(data_dir: Path, wfile: keyslots.WorkstationFile, user: str, bundle: KeyBundle,
           slot_id: str) -> FirstScreenSession | None:
    """Unlock `user` over a DB-API connection, or None where the store's unlock must run
    (a hub, a schema to migrate, something to change first). Raises what the store's
    unlock raises for the same store (the same checks), and records a failed attempt
    the same way."""
    if hub_url(data_dir) is not None:
        return None
    db = PlainStore(data_dir, bundle.data_key)
    lock: lockfile.FileLock | None = None
    try:
        if _schema(db) != migrate.head_revision() or wfile.extra.get("schema_version") != migrate.head_revision():
            db.release()
            return None
        db.check_commit_mark()
        lock = lockfile.open_shared(data_dir)
        mac = keyslots.mac_key(bundle.data_key)
        wfile.check_mac(mac)
        if isinstance(joined := wfile.extra.get(JOINED_TO), dict):  # moved into a hub: never works again
            raise joined_refusal(joined)
        failed = authlog.failures(data_dir, user)
        with db.read() as conn:
            node = conn.execute("SELECT * FROM node_identity WHERE node_id = ?", (wfile.node_id,)).fetchone()
            row = conn.execute("SELECT * FROM users WHERE name = ?", (user,)).fetchone()
            checked_rows(wfile, user, bundle, slot_id, node, row)
            keyed = {int(lv): value for lv, value in conn.execute("SELECT level, check_value FROM level_keys")}
            held, clearance = grantkeys.held_levels(
                row, bundle, wfile.node_id, keyed,
                content_sealed=lambda: conn.execute("SELECT 1 FROM cases WHERE sealed IS NOT NULL LIMIT 1").fetchone()
                is not None,
                ceiling=lambda: node.ceiling,
                granted=lambda private: grantkeys.opened_grants(
                    conn.execute("SELECT level, sealed FROM level_grants WHERE user_id = ? AND level <= ?",
                                 (row.id, row.clearance)).fetchall(), private, wfile.node_id, row.id))
            slot_to_change = grantkeys.slot_to_remake(  # the store's unlock remakes it (KeyOps._keep_slot_in_step)
                Role(row.role), row.kex_public, bundle, lambda: bool(conn.execute(
                    "SELECT count(*) FROM users WHERE role = ? AND active = 1", (Role.SECADMIN.value,)).fetchone()[0]))
            committed_slots = {n: i for n, i in conn.execute("SELECT name, slot_id FROM users") if i}
        if slot_to_change is not None:
            db.release()
            lock.release()
            return None
        db.hold_levels(held)
        actor = actor_of(row, clearance)
        db.audit_now_or_later(pending_audit.unlock_events(data_dir, user, row.id, "passphrase", failed))
        leftovers.sweep_with(data_dir, db.named_blobs)
        if any(s.kind == "user" for s in wfile.slots):
            reconcile(data_dir, mac, lambda: committed_slots)
    except AuthenticationError:
        authlog.record_failure(data_dir, user)
        _tidy_after_failure(data_dir, db, bundle)
        db.release()
        if lock is not None:
            lock.release()
        raise
    except BaseException:
        db.release()
        if lock is not None:
            lock.release()
        raise
    return FirstScreenSession(data_dir, db, lock, wfile, actor, bundle, held,
                              bool(row.must_change_passphrase))


def _tidy_after_failure(data_dir: Path, db: PlainStore, bundle: KeyBundle) -> None:
    """As the store's unlock: a refused slot may be one an interrupted change left."""
    try:
        committed = {n: i for n, i in db.rows("SELECT name, slot_id FROM users") if i}
    except Exception:
        return
    reconcile(data_dir, keyslots.mac_key(bundle.data_key), lambda: committed)
