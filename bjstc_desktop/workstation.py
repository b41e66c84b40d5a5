"""The application API: create, unlock and use a workstation as one user.

The CLI and the GUI call only this. Each operation checks the rules (core), works in
one store transaction and appends one audit event in that same transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import (
    AuthenticationError,
    IntegrityError,
    RefusedError,
)
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import MODULE_CODES, all_modules
from bjstc_desktop.core.roles import Actor, Role
from bjstc_desktop.ops.accounts import AccountOps
from bjstc_desktop.ops.admin import AdminOps
from bjstc_desktop.ops.attachments import AttachmentOps
from bjstc_desktop.ops.bulk import BulkOps
from bjstc_desktop.ops.cases import CaseOps
from bjstc_desktop.ops.dashboards import DashboardOps
from bjstc_desktop.ops.drafts import DraftOps
from bjstc_desktop.ops.exports import ExportOps
from bjstc_desktop.ops.imports import ImportOps
from bjstc_desktop.ops.letters import LetterOps
from bjstc_desktop.ops.parties import PartyOps
from bjstc_desktop.ops.reference import ReferenceOps
from bjstc_desktop.ops.search import SearchOps
from bjstc_desktop.ops.sync_ops import SyncOps
from bjstc_desktop.ops.workflow import WorkflowOps
from bjstc_desktop.store import audit, authlog, backup, devicebinding, keyslots, lockfile, migrate
from bjstc_desktop.store.engine import create_new_store
from bjstc_desktop.store.identity import create_identity, fingerprint, public_keys
from bjstc_desktop.store.models import NodeIdentity, utcnow
from bjstc_desktop.store.repositories.users import UserRepository, to_actor
from bjstc_desktop.store.seed import seed_calendar, seed_rules
from bjstc_desktop.store.store import Store
from bjstc_desktop.store.wfile_update import update_workstation_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InitResult:
    """What `init` reports once: the recovery code is never shown again."""

    node_id: str
    workstation: str
    fingerprint: str
    recovery_code: str
    device_bound: bool
    notice: tuple[str, str] | None  # (zh, en) when device binding was asked for but unavailable


def _prepare_dir(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    for sub in ("blobs", "backups", "logs"):
        (data_dir / sub).mkdir(exist_ok=True, mode=0o700)


class Workstation(ImportOps, BulkOps, AccountOps, CaseOps, WorkflowOps, PartyOps, AttachmentOps, ReferenceOps,
                  AdminOps, LetterOps, SyncOps, SearchOps, DashboardOps, ExportOps, DraftOps):
    """An unlocked workstation, acting as one user. Close it when done."""

    def __init__(self, data_dir: Path, store: Store, wfile: keyslots.WorkstationFile, actor: Actor,
                 store_lock: lockfile.FileLock, must_change_passphrase: bool = False) -> None:
        self.data_dir = data_dir
        self.store = store
        self.wfile = wfile
        self.actor = actor
        self._lock = store_lock
        self.must_change_passphrase = must_change_passphrase
        self._closed = False

    # ----- creating and opening ----------------------------------------------------------
    @classmethod
    def init(cls, data_dir: Path, name: str, admin: str, passphrase: str, office: str = "",
             ceiling: Level = Level.SECRET, bind_device: bool = False) -> InitResult:
        """Create a workstation with its first account (a system administrator)."""
        keyslots.check_new_passphrase(passphrase)
        if not name.strip():
            raise RefusedError("请给出工作站名称。", "A workstation name is required.")
        if not admin.strip() or any(c.isspace() for c in admin):
            raise RefusedError("管理员用户名不能为空或含空格。", "The administrator's user name is not valid.")
        if (data_dir / keyslots.FILE_NAME).exists():
            raise RefusedError(f"{data_dir} 中已经有一个工作站。", f"There is already a workstation in {data_dir}.")
        _prepare_dir(data_dir)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        leftovers = [p for p in ("store.db", "store.db-wal", "store.db-shm") if (data_dir / p).exists()]
        if leftovers:  # an init that died half-way: keep its files aside, never delete them
            aside = data_dir / "backups" / f"incomplete-init-{stamp}"
            aside.mkdir(parents=True)
            for p in leftovers:
                shutil.move(str(data_dir / p), str(aside / p))

        notice = None
        device_secret = None
        node_id = uuid7()
        if bind_device:
            device_secret = devicebinding.ensure_device_secret(node_id)
            if device_secret is None:
                notice = devicebinding.unavailable_reason()
        data_key = os.urandom(32)
        now = utcnow().isoformat()
        engine = create_new_store(data_dir / "store.db", data_key)
        try:
            migrate.upgrade(engine)
            store = Store(data_dir, data_key, engine)
            with store.write() as s:
                user = UserRepository(s).add(admin, Role.SYSADMIN, Level.PUBLIC, frozenset())
                ident = create_identity(s, node_id)
                fp = fingerprint(node_id, *public_keys(ident))
                seed_rules(s)
                seed_calendar(s)
                audit.append(s, actor_id=user.id, actor_name=admin, action="workstation_init",
                             target_type="workstation", target_id=node_id,
                             details={"workstation": name, "office": office, "ceiling": ceiling.label,
                                      "fingerprint": fp, "device_bound": device_secret is not None})
                anchor = audit.head(s)
            store.close()
        except BaseException:
            engine.dispose()
            for p in ("store.db", "store.db-wal", "store.db-shm"):
                (data_dir / p).unlink(missing_ok=True)
            raise
        recovery_code = keyslots.new_recovery_code()
        wfile = keyslots.WorkstationFile(
            path=data_dir / keyslots.FILE_NAME, node_id=node_id, workstation=name.strip(), office=office.strip(),
            ceiling=int(ceiling), created_at=now,
            slots=[
                keyslots.make_slot(node_id, data_key, passphrase, kind="user", user=admin, created_at=now,
                                   device_secret=device_secret),
                keyslots.make_slot(node_id, data_key, keyslots.normalise_recovery_code(recovery_code),
                                   kind="recovery", user=None, created_at=now),
            ],
            extra={"schema_version": migrate.head_revision(), "audit_anchor": {"seq": anchor[0], "hash": anchor[1]}},
        )
        wfile.save()  # last: until this file exists there is no workstation here
        return InitResult(node_id, wfile.workstation, fp, recovery_code, device_secret is not None, notice)

    @classmethod
    def open(cls, data_dir: Path, user: str, passphrase: str, *, wait_for_delay: bool = True) -> Workstation:
        """Unlock as `user`. Wrong passphrase: AuthenticationError after a growing delay;
        nothing in the store changes (the attempt is audited at the next success)."""
        wfile = keyslots.WorkstationFile.load(data_dir)
        delay = authlog.pending_delay(data_dir, user)
        if delay and wait_for_delay:
            time.sleep(delay)  # the CLI waits; the GUI counts down and calls with wait_for_delay=False
        try:
            data_key = wfile.unlock(user, passphrase, devicebinding.device_secret)
        except AuthenticationError:
            authlog.record_failure(data_dir, user)
            raise
        return cls._open_with_key(data_dir, wfile, user, data_key)

    @classmethod
    def _open_with_key(cls, data_dir: Path, wfile: keyslots.WorkstationFile, user: str, data_key: bytes,
                       via: str = "passphrase") -> Workstation:
        store = Store.open(data_dir, data_key)  # takes the lock exclusively if it must migrate
        try:
            lock = lockfile.open_shared(data_dir)
        except BaseException:
            store.close()
            raise
        try:
            failed = authlog.failures(data_dir, user)
            with store.write() as s:
                row = UserRepository(s).by_name(user)
                if not row.active:
                    raise AuthenticationError("此账户已停用。", "This account is disabled.")
                actor = to_actor(row)
                for t in failed:
                    audit.append(s, actor_id=None, actor_name=user, action="unlock_failed", target_type="user",
                                 target_id=row.id, details={"at": t})
                audit.append(s, actor_id=row.id, actor_name=user, action="unlock", target_type="user",
                             target_id=row.id, details={"via": via})
                must_change = row.must_change_passphrase
            authlog.take_failures(data_dir, user)
            if wfile.extra.get("schema_version") != migrate.head_revision():
                wfile = update_workstation_file(data_dir, lambda wf: wf.extra.update(schema_version=migrate.head_revision()))
        except BaseException:
            store.close()
            lock.release()
            raise
        return cls(data_dir, store, wfile, actor, lock, must_change)

    @classmethod
    def recover(cls, data_dir: Path, code: str, user: str, new_passphrase: str) -> None:
        """Set a new passphrase for `user` with the recovery code (the lost-passphrase path)."""
        keyslots.check_new_passphrase(new_passphrase)
        wfile = keyslots.WorkstationFile.load(data_dir)
        data_key = wfile.unlock_recovery(code)
        ws = cls._open_with_key(data_dir, wfile, user, data_key, via="recovery_code")
        try:
            slot = ws._make_user_slot(user, new_passphrase, bind_device=False)
            with ws.store.write() as s:
                UserRepository(s).by_name(user).must_change_passphrase = False
                ws._audit(s, "passphrase_recovered", "user", ws.actor.user_id, name=user)
                update_workstation_file(data_dir, lambda wf: wf.set_user_slot(slot))
        finally:
            ws.close()

    @staticmethod
    def restore(backup_file: Path, data_dir: Path, user: str, passphrase: str, *, replace: bool = False) -> str:
        """Restore a backup into `data_dir`. Refuses a file that is not a backup, or one
        that was altered; never overwrites an existing workstation unless `replace` (the
        old files are moved into backups/replaced-*/, never deleted). Returns node id."""
        header = backup.read_header(backup_file)
        try:
            import json

            inner = json.loads(backup.read_workstation_json(backup_file, header).decode("utf-8"))
            inner_file = keyslots.WorkstationFile(
                path=Path("workstation.json"), node_id=inner["node_id"], workstation=inner["workstation"],
                office=inner.get("office", ""), ceiling=int(inner["ceiling"]), created_at=inner["created_at"],
                slots=[keyslots.KeySlot.from_json(x) for x in inner["slots"]])
        except (ValueError, KeyError, TypeError) as exc:
            raise IntegrityError("备份中的工作站描述已损坏。", "The workstation description in the backup is damaged.") from exc
        data_key = inner_file.unlock(user, passphrase, devicebinding.device_secret)
        backup.verify_backup(backup_file, header, data_key)
        exists = (data_dir / keyslots.FILE_NAME).exists()
        if exists and not replace:
            raise RefusedError(
                f"{data_dir} 中已有工作站。恢复将替换它（原文件会移入 backups/），请确认后重试（--yes）。",
                f"There is a workstation in {data_dir}. Restoring replaces it (its files move to backups/); "
                "confirm and retry (--yes).",
            )
        _prepare_dir(data_dir)
        lock = lockfile.open_exclusive(data_dir, "恢复", "restored")
        try:
            staging = data_dir / f".restore-{uuid7()}"
            backup.extract_backup(backup_file, header, staging)
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
            if exists:
                backup.move_aside(data_dir, stamp)
            for name in ("store.db", "blobs"):
                if (staging / name).exists():
                    if name == "blobs" and (data_dir / "blobs").exists():
                        shutil.rmtree(data_dir / "blobs")
                    os.replace(staging / name, data_dir / name)
            os.replace(staging / "workstation.json", data_dir / "workstation.json")  # last
            shutil.rmtree(staging, ignore_errors=True)
        finally:
            lock.release()
        ws = Workstation.open(data_dir, user, passphrase)
        try:
            with ws.store.write() as s:
                ws._audit(s, "restore", "workstation", inner_file.node_id, backup=backup_file.name)
        finally:
            ws.close()
        return inner_file.node_id

    @staticmethod
    def describe(data_dir: Path) -> dict[str, str]:
        """What the login screen shows before unlocking: name, office, ceiling (public)."""
        wfile = keyslots.WorkstationFile.load(data_dir)
        return {"workstation": wfile.workstation, "office": wfile.office,
                "ceiling": Level(wfile.ceiling).label, "node_id": wfile.node_id}

    # ----- session -------------------------------------------------------------------------
    def verify_passphrase(self, passphrase: str) -> bool:
        """Re-check the current user's passphrase (unlocking after auto-lock); audited."""
        try:
            self.wfile.unlock(self.actor.name, passphrase, devicebinding.device_secret)
            ok = True
        except AuthenticationError:
            ok = False
        with self.store.write() as s:
            self._audit(s, "relock_unlock" if ok else "relock_unlock_failed", "user", self.actor.user_id)
        return ok

    def note_locked(self) -> None:
        """Record that the session locked itself (idle timeout)."""
        with self.store.write() as s:
            self._audit(s, "auto_lock", "user", self.actor.user_id)

    def close(self) -> None:
        """Record the audit head in workstation.json, then release the store."""
        if self._closed:
            return
        self._closed = True
        try:
            with self.store.read() as s:
                seq, digest = audit.head(s)

            def advance(wf: keyslots.WorkstationFile) -> None:
                old = wf.extra.get("audit_anchor") or {"seq": 0}
                if seq > int(old.get("seq", 0)):
                    wf.extra["audit_anchor"] = {"seq": seq, "hash": digest}

            update_workstation_file(self.data_dir, advance)
        except Exception:  # closing must always release the store, even on a read-only medium
            log.warning("audit anchor not updated at close")
        finally:
            self.store.close()
            self._lock.release()

    def __enter__(self) -> Workstation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- information ---------------------------------------------------------------------
    def identity(self) -> dict[str, str]:
        """Node id, workstation name and fingerprint."""
        with self.store.read() as s:
            ident = s.get(NodeIdentity, self.wfile.node_id)
            assert ident is not None
            fp = fingerprint(self.wfile.node_id, *public_keys(ident))
        return {"node_id": self.wfile.node_id, "workstation": self.wfile.workstation, "fingerprint": fp}

    def info(self) -> dict[str, Any]:
        """The `bjstc info` document (cli.md keys), counts as this user may see them."""
        counts = dict.fromkeys(MODULE_CODES, 0)
        counts.update(self.case_counts())
        return {
            **self.identity(), "office": self.wfile.office, "schema_version": migrate.current_revision(self.store.engine),
            "ceiling": Level(self.wfile.ceiling).label, "user": self.actor.name, "role": self.actor.role.value,
            "clearance": self.actor.clearance.label, "modules_in_scope": sorted(self.actor.modules),
            "counts": counts, "device_binding_available": devicebinding.binding_available(),
        }

    @staticmethod
    def modules() -> list[dict[str, Any]]:
        """The `bjstc modules` document: every module, case type, field, state and action,
        each name in Chinese and English."""
        return [
            {
                "number": m.number, "code": m.code, "name": m.name, "name_en": m.name_en,
                "case_types": [
                    {
                        "code": t.code, "name": t.name, "name_en": t.name_en,
                        "fields": [{"key": f.key, "label": f.label, "label_en": f.label_en, "kind": f.kind.value,
                                    "required": f.required} for f in t.fields],
                        "states": list(t.states),
                        "states_en": list(t.states_en),
                        "actions": [{"action": a.action, "label": a.label, "label_en": a.label_en, "from": list(a.sources),
                                     "to": a.target, "roles": list(a.roles)} for a in t.transitions],
                    }
                    for t in m.case_types
                ],
            }
            for m in all_modules()
        ]
