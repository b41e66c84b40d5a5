"""The application API: create, unlock and use a workstation as one user.

The CLI and the GUI call only this. Each operation checks the rules (core), works in
one store transaction and appends one audit event in that same transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import (
    AuthenticationError,
    IntegrityError,
    MediaError,
    NotFoundError,
    RefusedError,
    StoreBusyError,
    ValidationError,
)
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import MODULE_CODES, all_modules
from bjstc_desktop.core.passphrase import check_new_passphrase
from bjstc_desktop.core.plaintext import check_plain
from bjstc_desktop.core.roles import Actor, Role
from bjstc_desktop.ops.accounts import (
    ROLE_KEY,
    AccountOps,
    check_role_key,
    check_user_name,
    entitled_bundle,
)
from bjstc_desktop.ops.admin import AdminOps, anchor_of
from bjstc_desktop.ops.archives import ArchiveOps
from bjstc_desktop.ops.attachments import AttachmentOps
from bjstc_desktop.ops.bulk import BulkOps
from bjstc_desktop.ops.cases import CaseOps
from bjstc_desktop.ops.dashboards import DashboardOps
from bjstc_desktop.ops.drafts import DraftOps
from bjstc_desktop.ops.experts import ExpertOps
from bjstc_desktop.ops.exports import ExportOps
from bjstc_desktop.ops.imports import ImportOps
from bjstc_desktop.ops.integrity import IntegrityOps
from bjstc_desktop.ops.keys import KeyOps, unlock_keys
from bjstc_desktop.ops.letters import LetterOps
from bjstc_desktop.ops.panels import PanelOps
from bjstc_desktop.ops.parties import PartyOps
from bjstc_desktop.ops.reference import ReferenceOps
from bjstc_desktop.ops.registers import RegistersOps
from bjstc_desktop.ops.search import SearchOps
from bjstc_desktop.ops.sync_ops import SyncOps
from bjstc_desktop.ops.workflow import WorkflowOps
from bjstc_desktop.store import (
    atomicfile,
    audit,
    authlog,
    backends,
    backup,
    devicebinding,
    grants,
    keybundle,
    keyslots,
    leftovers,
    levelkeys,
    lockfile,
    migrate,
    pending_audit,
    rolekeys,
    unlocking,
)
from bjstc_desktop.store.checkpoint import Checkpoint, make_checkpoint, read_facts
from bjstc_desktop.store.identity import create_identity, node_fingerprint
from bjstc_desktop.store.keybundle import KeyBundle
from bjstc_desktop.store.models import NodeIdentity, User, utcnow
from bjstc_desktop.store.pending_audit import PendingEvent
from bjstc_desktop.store.repositories.users import UserRepository, to_actor
from bjstc_desktop.store.seed import seed_calendar, seed_rules
from bjstc_desktop.store.slotchange import reconcile
from bjstc_desktop.store.store import Store
from bjstc_desktop.store.wfile_update import update_workstation_file
from bjstc_desktop.sync.suites import DEFAULT_OFFER, parse_offer

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
    auditor_key: str = ""  # fingerprint of the auditor's checkpoint key, to write down with the code


@dataclass(frozen=True)
class NewAccount:
    """An administrator made at init: name and passphrase (never stored)."""

    name: str
    passphrase: str


def _unlock_events(data_dir: Path, user: str, user_id: str, via: str, failed: list[str]) -> list[PendingEvent]:
    """The audit events of an unlock: the failed attempts since the last success, then the
    unlock itself (with the time it happened), after any spooled by earlier sessions."""
    now = utcnow().isoformat(timespec="microseconds")
    events = pending_audit.adopt_spooled(data_dir)
    events += [PendingEvent({"actor_id": None, "actor_name": user, "action": "unlock_failed", "target_type": "user",
                             "target_id": user_id, "details": {"at": t}}) for t in failed]
    events.append(PendingEvent({"actor_id": user_id, "actor_name": user, "action": "unlock", "target_type": "user",
                                "target_id": user_id, "details": {"via": via, "at": now}},
                               after_commit=lambda: authlog.take_failures(data_dir, user)))
    return events


def _prepare_dir(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    for sub in ("blobs", "backups", "logs"):
        (data_dir / sub).mkdir(exist_ok=True, mode=0o700)


def _check_init_names(name: str, office: str, admins: dict[Role, NewAccount]) -> None:
    check_plain(name, "工作站名称", "The workstation name")
    check_plain(office, "处室", "The office")
    if not name.strip() or len(name.strip()) > 128 or len(office.strip()) > 128:
        raise RefusedError("请给出工作站名称（不超过 128 字），处室不超过 128 字。",
                           "A workstation name (at most 128 characters) is required; the office at most 128.")
    for role, account in admins.items():
        try:
            check_user_name(account.name)
        except RefusedError:
            raise RefusedError(f"{role.label}的用户名不能为空或含空格。", f"The {role.value}'s user name is not valid.") from None
        check_new_passphrase(account.passphrase)
    names = [a.name.strip() for a in admins.values()]
    if len(set(names)) != len(names):
        raise RefusedError("三员须是三个不同的账户。", "The three administrators must be three different accounts.")


def _check_unlock(s: Session, wfile: keyslots.WorkstationFile, user: str, bundle: KeyBundle,
                  slot_id: str | None) -> User:
    """What must hold before anyone works: the public file agrees with what the store
    authenticates (ceiling, administrators' keys), the slot that opened is the user's
    valid one (`slot_id`; None for the recovery code), the account is active, and an
    administrator's slot holds the role key that matches the store and the account's
    role proof. Returns the user's row."""
    node = s.get(NodeIdentity, wfile.node_id)
    if node is None or node.ceiling is None:
        raise IntegrityError("数据库中缺少本工作站的身份记录，或它不是这个工作站的数据库。",
                             "The store has no identity record for this workstation, or is not its store.")
    if wfile.ceiling != node.ceiling:
        raise IntegrityError(
            f"workstation.json 中的最高密级（{_level_label(wfile.ceiling)}）与数据库中经认证的"
            f"最高密级（{Level(node.ceiling).label}）不符，工作站拒绝解锁。",
            f"The ceiling in workstation.json ({_level_label(wfile.ceiling)}) differs from the authenticated one "
            f"in the store ({Level(node.ceiling).label}); the workstation refuses to unlock.")
    keys = wfile.extra.get("admin_keys") or {}
    if keys != {"auditor": (node.auditor_public or b"").hex(), "secadmin": (node.secadmin_public or b"").hex()}:
        raise IntegrityError("workstation.json 中的管理员公钥与数据库不符。",
                             "The administrators' public keys in workstation.json differ from the store's.")
    try:
        row = UserRepository(s).by_name(user)
    except NotFoundError:
        raise keyslots.auth_failed() from None
    if slot_id is not None and row.slot_id != slot_id:
        raise keyslots.auth_failed()  # an old passphrase, or a slot whose change never committed
    if not row.active:
        raise AuthenticationError("此账户已停用。", "This account is disabled.")
    role = Role(row.role)
    if role in ROLE_KEY:
        private = check_role_key(node, role, bundle)
        if not rolekeys.role_proof_ok(rolekeys.public_key(private), wfile.node_id, row.id, row.name, row.role,
                                      row.role_proof):
            raise IntegrityError(f"{role.label}账户“{row.name}”没有有效的角色证明（可能是被插入的账户）。",
                                 f"The {role.value} account {row.name!r} has no valid role proof (it may have been "
                                 "inserted).")
    return row


def _level_label(value: int) -> str:
    try:
        return Level(value).label
    except ValueError:
        return str(value)


def _tidy_slots(data_dir: Path, store: Store, wfile: keyslots.WorkstationFile) -> None:
    """Drop key slots the store does not name (an interrupted passphrase change)."""
    def committed() -> dict[str, str]:
        with store.read() as s:
            return {n: i for n, i in s.execute(select(User.name, User.slot_id)) if i}
    if any(s.kind == "user" for s in wfile.slots):
        reconcile(data_dir, keyslots.mac_key(store.data_key), committed)


class Workstation(KeyOps, ImportOps, BulkOps, AccountOps, CaseOps, WorkflowOps, PartyOps, AttachmentOps, ReferenceOps,
                  AdminOps, LetterOps, SyncOps, SearchOps, DashboardOps, ExportOps, DraftOps, RegistersOps):
    """An unlocked workstation, acting as one user. Close it when done."""

    def __init__(self, data_dir: Path, store: Store, wfile: keyslots.WorkstationFile, actor: Actor,
                 store_lock: lockfile.FileLock, must_change_passphrase: bool = False,
                 bundle: KeyBundle | None = None) -> None:
        self.data_dir = data_dir
        self.store = store
        self.wfile = wfile
        self.actor = actor
        self.bundle = bundle or KeyBundle.of({keybundle.DATA: store.data_key})
        self._lock = store_lock
        self.must_change_passphrase = must_change_passphrase
        self._closed = False
        # The shared duties (issue 17) as sub-objects over this context, the way the API grows.
        self.experts = ExpertOps(self)
        self.panels = PanelOps(self)
        self.integrity = IntegrityOps(self)
        self.archives = ArchiveOps(self)

    # ----- creating and opening ----------------------------------------------------------
    @classmethod
    def init(cls, data_dir: Path, name: str, admin: str, passphrase: str, office: str = "",
             ceiling: Level = Level.SECRET, bind_device: bool = False, *,
             secadmin: NewAccount | None = None, auditor: NewAccount | None = None,
             suites: tuple[str, ...] = DEFAULT_OFFER, hub: str | None = None) -> InitResult:
        """Create a workstation with its system administrator and, when named, its
        security administrator and auditor (三员: else each is created once later with
        the recovery code). Makes the role keys, the first signed audit checkpoint and
        the authenticated ceiling. `suites` are the sync crypto suites it offers, most
        preferred first (kept in the authenticated workstation.json; sync/suites.py).
        `hub`: the store is the empty PostgreSQL database at this address (an office
        hub, docs/hub.md) instead of a store.db in `data_dir`."""
        try:
            suites = parse_offer(",".join(suites))
        except ValueError:
            raise ValidationError("密码套件无效。", "Invalid crypto suites.") from None
        admins = {Role.SYSADMIN: NewAccount(admin, passphrase)}
        admins.update({role: acc for role, acc in ((Role.SECADMIN, secadmin), (Role.AUDITOR, auditor)) if acc})
        _check_init_names(name, office, admins)
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
        role_keys = {keybundle.AUDITOR: rolekeys.new_role_key(), keybundle.SECADMIN: rolekeys.new_role_key()}
        level_keys = levelkeys.new_level_keys(int(ceiling))
        full = KeyBundle.of({keybundle.DATA: data_key, **role_keys, **level_keys})
        now = utcnow().isoformat()
        recovery_code = keyslots.new_recovery_code()
        # The key custodian holds every level key: the security administrator, or the
        # system administrator until there is one (store/grants.py).
        custodian = Role.SECADMIN if Role.SECADMIN in admins else Role.SYSADMIN
        slots = {role: keyslots.make_slot(node_id, entitled_bundle(full, role, custodian=role is custodian),
                                          acc.passphrase, kind="user", user=acc.name.strip(), created_at=now,
                                          device_secret=device_secret if role is Role.SYSADMIN else None)
                 for role, acc in admins.items()}
        recovery_slot = keyslots.make_slot(node_id, full, keyslots.normalise_recovery_code(recovery_code),
                                           kind="recovery", user=None, created_at=now)
        engine = backends.new_engine(data_dir, data_key, hub)
        try:
            migrate.upgrade(engine)
            store = Store(data_dir, data_key, engine)
            with store.write() as s:
                users = UserRepository(s)
                rows = {}
                for role, acc in admins.items():
                    rows[role] = row = users.add(acc.name.strip(), role, Level.PUBLIC, frozenset())
                    row.slot_id = slots[role].id
                    if role in ROLE_KEY:
                        row.role_proof = rolekeys.role_proof(role_keys[ROLE_KEY[role]], node_id, row.id, row.name,
                                                             role.value)
                ident = create_identity(s, node_id, int(ceiling),
                                        rolekeys.public_key(role_keys[keybundle.AUDITOR]),
                                        rolekeys.public_key(role_keys[keybundle.SECADMIN]))
                fp = node_fingerprint(ident)
                grants.record_checks(s, node_id, levelkeys.from_bundle(full.entries))
                seed_rules(s)
                seed_calendar(s)
                auditor_fp = rolekeys.key_fingerprint(rolekeys.public_key(role_keys[keybundle.AUDITOR]))
                audit.append(s, actor_id=rows[Role.SYSADMIN].id, actor_name=admin.strip(), action="workstation_init",
                             target_type="workstation", target_id=node_id,
                             details={"workstation": name.strip(), "office": office.strip(), "ceiling": ceiling.label,
                                      "fingerprint": fp, "device_bound": device_secret is not None,
                                      "sync_suites": list(suites),
                                      "administrators": {r.value: a.name.strip() for r, a in admins.items()},
                                      "auditor_key": auditor_fp})
                anchor = audit.head(s)
                first = make_checkpoint(role_keys[keybundle.AUDITOR], node_id, 1, anchor,
                                        utcnow().isoformat(timespec="seconds") + "Z", read_facts(s, node_id))
            store.close()
        except BaseException:
            backends.discard_new(engine)
            for p in ("store.db", "store.db-wal", "store.db-shm"):
                (data_dir / p).unlink(missing_ok=True)
            raise
        if hub is not None:
            backends.record_hub(data_dir, hub)
        wfile = keyslots.WorkstationFile(
            path=data_dir / keyslots.FILE_NAME, node_id=node_id, workstation=name.strip(), office=office.strip(),
            ceiling=int(ceiling), created_at=now, slots=[*slots.values(), recovery_slot],
            extra={"schema_version": migrate.head_revision(), "sync_suites": list(suites), "audit_anchor": {"seq": anchor[0], "hash": anchor[1]},
                   "audit_checkpoint": first.to_json(), "authlog": authlog.new_settings(),
                   "admin_keys": {"auditor": first.facts.auditor_public, "secadmin": first.facts.secadmin_public}},
        )
        wfile.save(keyslots.mac_key(data_key))  # last: until this file exists there is no workstation here
        return InitResult(node_id, wfile.workstation, fp, recovery_code, device_secret is not None, notice, auditor_fp)

    @classmethod
    def open(cls, data_dir: Path, user: str, passphrase: str, *, wait_for_delay: bool = True) -> Workstation:
        """Unlock as `user`. Wrong passphrase: AuthenticationError after a growing delay;
        nothing in the store changes (the attempt is audited at the next success)."""
        slot = unlocking.open_slot(data_dir, user, passphrase, wait_for_delay=wait_for_delay)
        return cls.open_unlocked(data_dir, user, passphrase, slot)

    @classmethod
    def open_unlocked(cls, data_dir: Path, user: str, passphrase: str, slot: unlocking.SlotOpened) -> Workstation:
        """The second half of `open`: the store opened with the key of a slot already
        opened by `unlocking.open_slot` (a start-up runs that half on a thread while the
        program loads)."""
        wfile, opened = slot.wfile, slot.opened
        ws = cls._open_with_key(data_dir, wfile, user, opened.bundle, slot_id=opened.slot.id)
        try:
            ws._keep_slot_in_step(passphrase, bool(opened.slot.device_bound))
        except (OSError, MediaError, StoreBusyError) as exc:
            # The slot change is atomic (store/slotchange.py) and only tidies keys (a key of
            # his own, a hand-over): the user works on and it is tried at his next unlock.
            log.warning("key slot not brought in step at unlock: %s", exc)
        except BaseException:
            ws.close()
            raise
        return ws

    @classmethod
    def _open_with_key(cls, data_dir: Path, wfile: keyslots.WorkstationFile, user: str, bundle: KeyBundle,
                       via: str = "passphrase", slot_id: str | None = None) -> Workstation:
        store = Store.open(data_dir, bundle.data_key)  # takes the lock exclusively if it must migrate
        try:
            lock = lockfile.open_shared(data_dir)
        except BaseException:
            store.close()
            raise
        try:
            wfile.check_mac(keyslots.mac_key(bundle.data_key))
            failed = authlog.failures(data_dir, user)
            with store.read() as s:
                row = _check_unlock(s, wfile, user, bundle, slot_id)
                held, clearance = unlock_keys(s, wfile.node_id, row, bundle)
                actor = dataclasses.replace(to_actor(row), clearance=clearance)
                must_change = row.must_change_passphrase
            store.hold_levels(held)
            # Unlocking never waits for the write lock: if another program writes, the
            # events go into this session's first write (or are spooled at close).
            store.audit_now_or_later(_unlock_events(data_dir, user, row.id, via, failed))
            leftovers.sweep(data_dir, store)
            _tidy_slots(data_dir, store, wfile)
            if wfile.extra.get("schema_version") != migrate.head_revision():
                wfile = update_workstation_file(data_dir, lambda wf: wf.extra.update(schema_version=migrate.head_revision()),
                                                keyslots.mac_key(bundle.data_key))
        except AuthenticationError:
            if slot_id is not None:
                authlog.record_failure(data_dir, user)
                _tidy_slots(data_dir, store, wfile)
            store.close()
            lock.release()
            raise
        except BaseException:
            store.close()
            lock.release()
            raise
        return cls(data_dir, store, wfile, actor, lock, must_change, bundle)

    @classmethod
    def recover(cls, data_dir: Path, code: str, user: str, new_passphrase: str) -> None:
        """Set a new passphrase for `user` with the recovery code (the lost-passphrase
        path, and the only one for the three administrators). The new slot carries what
        the account's role is entitled to, taken from the recovery slot."""
        check_new_passphrase(new_passphrase)
        wfile = keyslots.WorkstationFile.load(data_dir)
        recovery = wfile.unlock_recovery(code)
        ws = cls._open_with_key(data_dir, wfile, user, recovery, via="recovery_code")
        try:
            ws._set_slot(user, entitled_bundle(recovery, ws.actor.role), new_passphrase, False, must_change=False,
                         action="passphrase_recovered",
                         keys=levelkeys.ContentKeys(levelkeys.from_bundle(recovery.entries)))
        finally:
            ws.close()

    @staticmethod
    def restore(backup_file: Path, data_dir: Path, user: str, passphrase: str, *, replace: bool = False) -> str:
        """Restore a backup into `data_dir`. Refuses a file that is not a backup, or one
        that was altered; never overwrites an existing workstation unless `replace` (the
        old files are moved into backups/replaced-*/, never deleted). Checks for room
        first, removes its staging on any failure, and swaps the files in so that the old
        workstation still opens if it fails or is killed (store/backup.py). Returns node id."""
        header = backup.read_header(atomicfile.check_source(backup_file, "备份文件", "backup file"))
        try:
            inner_file = keyslots.WorkstationFile.from_bytes(Path(keyslots.FILE_NAME),
                                                             backup.read_workstation_json(backup_file, header))
        except IntegrityError as exc:
            raise IntegrityError("备份中的工作站描述已损坏。", "The workstation description in the backup is damaged.") from exc
        data_key = inner_file.unlock(user, passphrase, devicebinding.device_secret).bundle.data_key
        inner_file.check_mac(keyslots.mac_key(data_key))
        backup.verify_backup(backup_file, header, data_key)
        backup.finish_interrupted_restore(data_dir)
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
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
            backup.install_backup(backup_file, header, data_dir, stamp)
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
        """Re-check the current user's passphrase (unlocking after auto-lock); audited.
        Against the file and the store as they are now: a passphrase changed by another
        program since this session began is the one that counts, never the old one."""
        try:
            wfile = keyslots.WorkstationFile.load(self.data_dir)
            wfile.check_mac(self.mac_key)
            self.wfile = wfile
            opened = wfile.unlock(self.actor.name, passphrase, devicebinding.device_secret)
            with self.store.read() as s:
                ok = s.execute(select(User.slot_id).where(User.id == self.actor.user_id)).scalar_one_or_none() \
                    == opened.slot.id
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
        """Move the audit anchor to the head (only if the chain still passes through the
        old anchor), then release the store."""
        if self._closed:
            return
        self._closed = True
        try:
            update_workstation_file(self.data_dir, self._advance_anchor, self.mac_key)
        except Exception:  # closing must always release the store, even on a read-only medium
            log.warning("audit anchor not updated at close")
        finally:
            self.store.close()
            self._lock.release()

    def _advance_anchor(self, wf: keyslots.WorkstationFile) -> None:
        """Issue 13: an anchor moved without looking would bless a cut tail. Start from
        the recorded anchor (or, if it is gone, the signed checkpoint), check every event
        after it, and move only when all of them check out; otherwise keep it, so that
        `audit verify` keeps reporting the break however many sessions follow."""
        start = anchor_of(wf)
        if start is None:
            cp = Checkpoint.from_json(wf.extra.get("audit_checkpoint"))
            with self.store.read() as s:
                node = s.get(NodeIdentity, wf.node_id)
                public = node.auditor_public if node else None
            if cp is None or not public or not cp.signed_by(public):
                log.warning("audit anchor and checkpoint missing: anchor not set")
                return
            start = (cp.seq, cp.hash)
        with self.store.read() as s:
            head = audit.verify_since(s, *start)
        if head is None:
            log.warning("audit chain does not pass through the recorded anchor: anchor kept")
            return
        if head[0] > start[0] or anchor_of(wf) is None:
            wf.extra["audit_anchor"] = {"seq": head[0], "hash": head[1]}

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
            fp = node_fingerprint(ident)
        return {"node_id": self.wfile.node_id, "workstation": self.wfile.workstation, "fingerprint": fp}

    def info(self) -> dict[str, Any]:
        """The `bjstc info` document (cli.md keys), counts as this user may see them."""
        counts = dict.fromkeys(MODULE_CODES, 0)
        counts.update(self.case_counts())
        registers = self.registers_summary().as_json() if self.actor.role.handles_cases else None
        return {
            **self.identity(), "office": self.wfile.office, "schema_version": migrate.current_revision(self.store.engine),
            "ceiling": Level(self.wfile.ceiling).label, "user": self.actor.name, "role": self.actor.role.value,
            "clearance": self.actor.clearance.label, "modules_in_scope": sorted(self.actor.modules),
            "counts": counts, "device_binding_available": devicebinding.binding_available(),
            "registers": registers, "store": backends.describe(self.store.engine, self.data_dir),
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
