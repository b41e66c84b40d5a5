"""Creating, opening, recovering and restoring a workstation: every step before a
session exists (and the checks each unlock makes). `Workstation.init/open/recover/
restore/describe` are the entry points; their bodies live here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import (
    AuthenticationError,
    IntegrityError,
    MediaError,
    RefusedError,
    StoreBusyError,
    ValidationError,
)
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.passphrase import check_new_passphrase
from bjstc_desktop.core.plaintext import check_plain
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.accounts import (
    ROLE_KEY,
    check_user_name,
    entitled_bundle,
)
from bjstc_desktop.ops.keys import unlock_keys
from bjstc_desktop.store import (
    atomicfile,
    audit,
    authlog,
    backends,
    backup,
    devicebinding,
    grants,
    hubfiles,
    hubroles,
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
from bjstc_desktop.store.checkpoint import make_checkpoint, read_facts
from bjstc_desktop.store.identity import create_identity, node_fingerprint, node_row
from bjstc_desktop.store.joined import JOINED_TO, joined_refusal
from bjstc_desktop.store.keybundle import KeyBundle
from bjstc_desktop.store.models import utcnow
from bjstc_desktop.store.repositories.users import UserRepository, slot_ids, to_actor, user_row
from bjstc_desktop.store.seed import seed_calendar, seed_rules
from bjstc_desktop.store.slotchange import reconcile
from bjstc_desktop.store.store import Store
from bjstc_desktop.store.unlockcheck import checked_rows
from bjstc_desktop.store.wfile_update import update_workstation_file
from bjstc_desktop.sync.suites import DEFAULT_OFFER, parse_offer

if TYPE_CHECKING:
    from bjstc_desktop.workstation.session import Workstation

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
    # On a hub: each administrator's database role, with the SQL the database
    # administrator must run when the owner role could not create it (store/hubroles.py).
    db_roles: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class NewAccount:
    """An administrator made at init: name and passphrase (never stored)."""

    name: str
    passphrase: str


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
                  slot_id: str | None) -> Row[Any]:
    """What must hold before anyone works (store/unlockcheck.py), over the rows of this
    session: plain SQL (identity.node_row, users.user_row), so an unlock configures none
    of the ORM's mappers (issue 15 point 4). Returns the user's row."""
    row = user_row(s, name=user)
    checked_rows(wfile, user, bundle, slot_id, node_row(s, wfile.node_id), row)
    assert row is not None  # checked_rows refuses an unknown account
    return row


def _tidy_slots(data_dir: Path, store: Store, wfile: keyslots.WorkstationFile) -> None:
    """Drop key slots the store does not name (an interrupted passphrase change)."""
    def committed() -> dict[str, str]:
        with store.read() as s:
            return slot_ids(s)
    if any(s.kind == "user" for s in wfile.slots) and not store.is_hub:  # a hub's row changes whole
        reconcile(data_dir, keyslots.mac_key(store.data_key), committed)


def init(data_dir: Path, name: str, admin: str, passphrase: str, office: str = "",
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
    db_roles: tuple[tuple[str, str], ...] = ()
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
            if hub is not None:
                db_roles = tuple((e.role, e.sql) for e in hubroles.set_up(s, [(r.id, r.name) for r in rows.values()]))
            anchor = audit.head(s)
            first = make_checkpoint(role_keys[keybundle.AUDITOR], node_id, 1, anchor,
                                    utcnow().isoformat(timespec="seconds") + "Z", read_facts(s, node_id))
            wfile = keyslots.WorkstationFile(
                path=data_dir / keyslots.FILE_NAME, node_id=node_id, workstation=name.strip(), office=office.strip(),
                ceiling=int(ceiling), created_at=now, slots=[*slots.values(), recovery_slot],
                extra={"schema_version": migrate.head_revision(), "sync_suites": list(suites),
                       "audit_anchor": {"seq": anchor[0], "hash": anchor[1]},
                       "audit_checkpoint": first.to_json(), "authlog": authlog.new_settings(),
                       "admin_keys": {"auditor": first.facts.auditor_public, "secadmin": first.facts.secadmin_public}},
            )
            if hub is not None:  # the hub's file is a row of its database, committed with it
                hubfiles.create(s, wfile, keyslots.mac_key(data_key))
        store.close()
    except BaseException:
        backends.discard_new(engine)
        for p in ("store.db", "store.db-wal", "store.db-shm"):
            (data_dir / p).unlink(missing_ok=True)
        raise
    if hub is not None:
        backends.record_hub(data_dir, hub)
    else:
        wfile.save(keyslots.mac_key(data_key))  # last: until this file exists there is no workstation here
    return InitResult(node_id, wfile.workstation, fp, recovery_code, device_secret is not None, notice, auditor_fp,
                      db_roles)


def open_workstation(cls: type[Workstation], data_dir: Path, user: str, passphrase: str, *,
                     wait_for_delay: bool = True) -> Workstation:
    """Unlock as `user`. Wrong passphrase: AuthenticationError after a growing delay;
    nothing in the store changes (the attempt is audited at the next success)."""
    slot = unlocking.open_slot(data_dir, user, passphrase, wait_for_delay=wait_for_delay)
    return open_unlocked(cls, data_dir, user, passphrase, slot)


def open_unlocked(cls: type[Workstation], data_dir: Path, user: str, passphrase: str, slot: unlocking.SlotOpened) -> Workstation:
    """The second half of `open`: the store opened with the key of a slot already
    opened by `unlocking.open_slot` (a start-up runs that half on a thread while the
    program loads)."""
    wfile, opened = slot.wfile, slot.opened
    ws = open_with_key(cls, data_dir, wfile, user, opened.bundle, slot_id=opened.slot.id)
    try:
        ws.keys._keep_slot_in_step(passphrase, bool(opened.slot.device_bound))
    except (OSError, MediaError, StoreBusyError) as exc:
        # The slot change is atomic (store/slotchange.py) and only tidies keys (a key of
        # his own, a hand-over): the user works on and it is tried at his next unlock.
        log.warning("key slot not brought in step at unlock: %s", exc)
    except BaseException:
        ws.close()
        raise
    return ws


def open_with_key(cls: type[Workstation], data_dir: Path, wfile: keyslots.WorkstationFile, user: str, bundle: KeyBundle,
                   via: str = "passphrase", slot_id: str | None = None) -> Workstation:
    if backends.hub_url(data_dir) is not None:
        _prepare_dir(data_dir)  # an officer's own machine: his local folder, private (docs/hub.md section 1)
    store = Store.open(data_dir, bundle.data_key)  # takes the lock exclusively if it must migrate
    try:
        lock = lockfile.open_shared(data_dir)
    except BaseException:
        store.close()
        raise
    try:
        wfile.check_mac(keyslots.mac_key(bundle.data_key))
        if isinstance(joined := wfile.extra.get(JOINED_TO), dict):  # moved into a hub: never works again
            raise joined_refusal(joined)
        failed = authlog.failures(data_dir, user)
        with store.read() as s:
            row = _check_unlock(s, wfile, user, bundle, slot_id)
            held, clearance = unlock_keys(s, wfile.node_id, row, bundle)
            actor = dataclasses.replace(to_actor(row), clearance=clearance)
            must_change = row.must_change_passphrase
        store.hold_levels(held)
        # Unlocking never waits for the write lock: if another program writes, the
        # events go into this session's first write (or are spooled at close).
        store.audit_now_or_later(pending_audit.unlock_events(data_dir, user, row.id, via, failed))
        leftovers.sweep(data_dir, store)
        _tidy_slots(data_dir, store, wfile)
        if wfile.extra.get("schema_version") != migrate.head_revision() and not store.is_hub:
            # (a hub's row records its schema when its owner migrates it: store/hubfiles.py)
            wfile = update_workstation_file(store, lambda wf: wf.extra.update(schema_version=migrate.head_revision()),
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


def recover(cls: type[Workstation], data_dir: Path, code: str, user: str, new_passphrase: str) -> None:
    """Set a new passphrase for `user` with the recovery code (the lost-passphrase
    path, and the only one for the three administrators). The new slot carries what
    the account's role is entitled to, taken from the recovery slot."""
    check_new_passphrase(new_passphrase)
    wfile = keyslots.WorkstationFile.load(data_dir)
    recovery = wfile.unlock_recovery(code)
    ws = open_with_key(cls, data_dir, wfile, user, recovery, via="recovery_code")
    try:
        ws.accounts._set_slot(user, entitled_bundle(recovery, ws.actor.role), new_passphrase, False, must_change=False,
                     action="passphrase_recovered",
                     keys=levelkeys.ContentKeys(levelkeys.from_bundle(recovery.entries)))
    finally:
        ws.close()


def restore(cls: type[Workstation], backup_file: Path, data_dir: Path, user: str, passphrase: str, *, replace: bool = False) -> str:
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
    ws = cls.open(data_dir, user, passphrase)
    try:
        with ws.store.write() as s:
            ws.ctx._audit(s, "restore", "workstation", inner_file.node_id, backup=backup_file.name)
    finally:
        ws.close()
    return inner_file.node_id


def describe(data_dir: Path) -> dict[str, str]:
    """What the login screen shows before unlocking: name, office, ceiling (public)."""
    return unlocking.describe(data_dir)
