"""Accounts: add users, change, reset and recover passphrases, lock accounts, set
clearance and module scope, under the separation of three administrators (core/roles.py).

Every change of a key slot goes through store/slotchange.py, so the slot in
workstation.json and the account, flag and audit event in store.db change together or
not at all.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import (
    AuthenticationError,
    IntegrityError,
    PermissionDeniedError,
    RefusedError,
)
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.passphrase import check_new_passphrase
from bjstc_desktop.core.plaintext import check_plain
from bjstc_desktop.core.roles import (
    ADMIN_ROLES,
    Role,
    check_may_add_user,
    check_may_bootstrap_administrator,
    check_may_manage_account_of,
    check_may_set_clearance,
)
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store import (
    devicebinding,
    grants,
    hubroles,
    keyslots,
    levelkeys,
    rolekeys,
)
from bjstc_desktop.store.keybundle import KeyBundle
from bjstc_desktop.store.levelkeys import ContentKeys
from bjstc_desktop.store.models import NodeIdentity, User, utcnow
from bjstc_desktop.store.repositories.users import UserRepository, to_actor
from bjstc_desktop.store.rolekeys import ROLE_KEY, check_role_key
from bjstc_desktop.store.slotchange import slot_change
from bjstc_desktop.store.wfile_update import current_file

# The key a role's slot carries besides the data key.
MAX_NAME = 64


@dataclass(frozen=True)
class UserInfo:
    """An account as listed to the system administrator."""

    name: str
    role: str
    clearance: str
    modules: tuple[str, ...]
    active: bool
    must_change_passphrase: bool
    keys_missing: tuple[str, ...] = ()  # levels of his clearance whose key was not granted yet
    # On a hub, when the account was just added: its database role, and the SQL the
    # database administrator must run when the hub's owner could not create it.
    db_role: str = ""
    db_sql: str = ""


def parse_modules(text: str | None) -> frozenset[str] | None:
    """'policy,market' → the set; 'all' or '*' → every module; None stays None."""
    if text is None:
        return None
    items = {m.strip() for m in text.split(",") if m.strip()}
    if items & {"all", "*", "全部"}:
        return frozenset(MODULE_CODES)
    unknown = sorted(items - set(MODULE_CODES))
    if unknown:
        raise RefusedError(f"未知的业务模块：{'、'.join(unknown)}。", f"Unknown module(s): {', '.join(unknown)}.")
    return frozenset(items)


def check_user_name(name: str) -> str:
    """A user name as typed: 1-64 characters, no spaces, nothing invisible."""
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() for c in name):
        raise RefusedError("用户名不能为空、不能含空格，且不超过 64 个字符。",
                           "A user name must be 1-64 characters without spaces.")
    return check_plain(name, "用户名", "The user name", field="name")


def entitled_bundle(full: KeyBundle, role: Role, *, custodian: bool = False) -> KeyBundle:
    """What a slot of an account of `role` carries, cut from `full` (the maker's bundle
    or the recovery slot's): the data key; the role's own key for the two
    administrators; every level key for the key custodian (the security administrator,
    or the system administrator of a workstation that has none, `custodian`). Never
    more than the maker holds. An officer's own key-agreement key is added by the caller."""
    names = [ROLE_KEY[role]] if role in ROLE_KEY else []
    if role is Role.SECADMIN or custodian:
        names += [n for n in full.names() if n.startswith(levelkeys.PREFIX)]
    return full.only(names)


def with_new_kex(bundle: KeyBundle) -> tuple[KeyBundle, bytes]:
    """`bundle` with a fresh key-agreement key of its own (officers and approvers), and
    the public half for users.kex_public."""
    private, public = grants.new_kex()
    return bundle.with_key(grants.USER_KEX, private), public


class AccountOps(OpsPart):
    """Operations on accounts."""

    # ----- adding -------------------------------------------------------------------------
    def add(self, name: str, role: Role, passphrase: str, clearance: Level | None = None,
                 modules: frozenset[str] | None = None, bind_device: bool = False,
                 recovery_code: str | None = None) -> UserInfo:
        """Create an account with its own key slot. The system administrator creates
        officers and approvers; a security administrator or an auditor that init did
        not make is created once, with the recovery code (`recovery_code`)."""
        name = check_user_name(name)
        if role in ROLE_KEY:
            return self._bootstrap_administrator(name, role, passphrase, recovery_code, bind_device)
        with self.store.read() as s:
            repo = UserRepository(s)
            check_may_add_user(self.actor, role, clearance, modules, self.ceiling, repo.secadmin_exists())
            if repo.exists(name):
                raise RefusedError(f"用户“{name}”已存在。", f"User {name!r} already exists.")
        check_new_passphrase(passphrase)
        self._check_can_grant(clearance or Level.PUBLIC)
        bundle, public = with_new_kex(entitled_bundle(self.bundle, role))
        slot = self._make_user_slot(name, bundle, passphrase, bind_device)
        with slot_change(self.store, slot, self.mac_key, self._names_slot(name, slot.id)) as on_hub, \
                self.store.write(before_commit=on_hub) as s:
            repo = UserRepository(s)
            secadmin = repo.secadmin_exists()
            check_may_add_user(self.actor, role, clearance, modules, self.ceiling, secadmin)
            default_scope = frozenset(MODULE_CODES) if role.handles_cases and not secadmin else frozenset()
            user = repo.add(name, role, clearance if clearance is not None else Level.PUBLIC,
                            modules if modules is not None else default_scope)
            user.slot_id = slot.id
            user.kex_public = public
            granted = self._grant_in(s, user)
            enrolled = hubroles.enrol_account(s, user.id, name)
            self._audit(s, "user_add", "user", user.id, name=name, role=role.value,
                        clearance=Level(user.clearance).label, modules=user.modules,
                        device_bound=slot.device_bound, keys_granted=granted,
                        **({"db_role": enrolled.role} if enrolled else {}))
            info = _with_role(_info(user, s), enrolled)
        self._reload_wfile()
        return info

    def _bootstrap_administrator(self, name: str, role: Role, passphrase: str, recovery_code: str | None,
                                 bind_device: bool) -> UserInfo:
        with self.store.read() as s:
            check_may_bootstrap_administrator(self.actor, role, _role_ever_held(s, role))
            if UserRepository(s).exists(name):
                raise RefusedError(f"用户“{name}”已存在。", f"User {name!r} already exists.")
        if not recovery_code:
            raise RefusedError(
                f"建立{role.label}需要恢复码（环境变量 BJSTC_RECOVERY_CODE 或在终端中输入）。",
                f"Creating the {role.value} needs the recovery code (BJSTC_RECOVERY_CODE or typed in a terminal).")
        check_new_passphrase(passphrase)
        recovery = current_file(self.store).unlock_recovery(recovery_code)
        if recovery.data_key != self.store.data_key:
            raise IntegrityError("恢复码槽中的数据密钥与本工作站不符。", "The recovery slot's data key is not this workstation's.")
        with self.store.read() as s:
            node = s.get(NodeIdentity, self.wfile.node_id)
            assert node is not None
            role_key = check_role_key(node, role, recovery)
        slot = self._make_user_slot(name, entitled_bundle(recovery, role), passphrase, bind_device)
        with slot_change(self.store, slot, self.mac_key, self._names_slot(name, slot.id)) as on_hub, \
                self.store.write(before_commit=on_hub) as s:
            check_may_bootstrap_administrator(self.actor, role, _role_ever_held(s, role))
            if role is Role.SECADMIN:
                grants.verified(s, self.wfile.node_id, levelkeys.from_bundle(recovery.entries))
            user = UserRepository(s).add(name, role, Level.PUBLIC, frozenset())
            user.slot_id = slot.id
            user.role_proof = rolekeys.role_proof(role_key, self.wfile.node_id, user.id, name, role.value)
            enrolled = hubroles.enrol_account(s, user.id, name)
            self._audit(s, "administrator_bootstrap", "user", user.id, name=name, role=role.value,
                        via="recovery_code", device_bound=slot.device_bound,
                        **({"db_role": enrolled.role} if enrolled else {}))
            info = _with_role(_info(user, s), enrolled)
        self._reload_wfile()
        return info

    # ----- passphrases --------------------------------------------------------------------
    def _make_user_slot(self, name: str, bundle: KeyBundle, passphrase: str, bind_device: bool) -> keyslots.KeySlot:
        device_secret = devicebinding.ensure_device_secret(self.wfile.node_id) if bind_device else None
        if bind_device and device_secret is None:
            zh, en = devicebinding.unavailable_reason()
            raise RefusedError(zh, en)
        return keyslots.make_slot(self.wfile.node_id, bundle, passphrase, kind="user", user=name,
                                  created_at=utcnow().isoformat(), device_secret=device_secret)

    def _names_slot(self, name: str, slot_id: str) -> Callable[[], bool]:
        """For slotchange: does the store name `slot_id` as `name`'s valid slot?"""
        def committed() -> bool:
            with self.store.read() as s:
                return s.execute(select(User.slot_id).where(User.name == name)).scalar_one_or_none() == slot_id
        return committed

    def _reload_wfile(self) -> None:
        self.wfile = current_file(self.store)

    def require_current_passphrase(self) -> None:
        """Refuse to work while an administrator's reset is pending: the officer must
        first choose a passphrase only they know (`bjstc user passwd NAME`, or the
        dialog the GUI shows after login)."""
        if self.must_change_passphrase:
            raise AuthenticationError(
                f"系统管理员重置了 {self.actor.name} 的口令。请先设置只有您知道的新口令"
                f"（bjstc user passwd {self.actor.name}），再继续工作。",
                f"A system administrator reset the passphrase of {self.actor.name}. Set a new passphrase only "
                f"you know first (bjstc user passwd {self.actor.name}).")

    def change_passphrase(self, name: str, new_passphrase: str, bind_device: bool | None = None) -> None:
        """Change one's own passphrase, or (system administrator) reset an officer's or
        approver's; only that user's slot is rewritten. A reset forces a change at next
        login. Nobody resets an administrator: the recovery code does."""
        is_self = name == self.actor.name
        with self.store.read() as s:
            target = UserRepository(s).by_name(name)
            target_role, current_slot = Role(target.role), target.slot_id
        if not is_self:
            check_may_manage_account_of(self.actor, target_role, "重设口令", "reset")
        check_new_passphrase(new_passphrase)
        old = self.wfile.slot_by_id(current_slot or "")
        bind = bind_device if bind_device is not None else bool(old and old.device_bound)
        if is_self:
            bundle = self.bundle
        else:
            bundle = entitled_bundle(self.bundle, target_role)
        made = self._set_slot(name, bundle, new_passphrase, bind, must_change=not is_self,
                              action="passphrase_change" if is_self else "passphrase_reset", keys=self.store.content)
        if is_self:
            self.bundle = made
            self.must_change_passphrase = False

    def _set_slot(self, name: str, bundle: KeyBundle, passphrase: str, bind_device: bool, *, must_change: bool,
                  action: str, keys: ContentKeys) -> KeyBundle:
        """Give `name` a new slot for `passphrase`: the slot, the flag and the audit event
        commit together (store/slotchange.py). An officer's or approver's slot gets a new
        key-agreement key, and his grants are sealed again to it from `keys` (the level
        keys the one making the slot holds); grants that cannot be are deleted, for the
        security administrator to grant again."""
        with self.store.read() as s:
            handles_cases = Role(UserRepository(s).by_name(name).role).handles_cases
        public = None
        if handles_cases:
            bundle, public = with_new_kex(bundle.only(n for n in bundle.names() if n != grants.USER_KEX))
        slot = self._make_user_slot(name, bundle, passphrase, bind_device)
        with slot_change(self.store, slot, self.mac_key, self._names_slot(name, slot.id)) as on_hub, \
                self.store.write(before_commit=on_hub) as s:
            user = UserRepository(s).by_name(name)
            user.slot_id = slot.id
            user.must_change_passphrase = must_change
            user.updated_at = utcnow()
            details: dict[str, object] = {}
            if public is not None:
                had = grants.granted_levels(s, user)
                user.kex_public = public
                kept = grants.grant(s, self.wfile.node_id, user, [lv for lv in had if keys.holds(lv)], keys,
                                    self.actor.name)
                grants.keep_only(s, user.id, kept)
                details = {"keys_kept": kept, "keys_dropped": [lv for lv in had if lv not in kept]}
            self._audit(s, action, "user", user.id, name=name, device_bound=slot.device_bound, **details)
        self._reload_wfile()
        return bundle

    # ----- locking ------------------------------------------------------------------------
    def set_active(self, name: str, active: bool) -> UserInfo:
        """Lock (停用) or unlock (启用) an officer's or approver's account (system
        administrator). A locked account cannot unlock the workstation."""
        what = ("启用", "unlock") if active else ("停用", "lock")
        with self.store.write() as s:
            user = UserRepository(s).by_name(name)
            check_may_manage_account_of(self.actor, Role(user.role), *what)
            if user.active == active:
                raise RefusedError(f"账户“{name}”已经{what[0]}。", f"The account {name!r} is already {what[1]}ed.")
            user.active = active
            user.updated_at = utcnow()
            self._audit(s, "user_unlock" if active else "user_lock", "user", user.id, name=name)
            return _info(user, s)

    # ----- access -------------------------------------------------------------------------
    def set_access(self, name: str, clearance: Level, modules: frozenset[str]) -> UserInfo:
        """Set a user's clearance and module scope (security administrator), and with it
        the level keys he holds: the keys up to the clearance are sealed to his own
        key-agreement key, the grants above it deleted."""
        check_may_set_clearance(self.actor, clearance, self.ceiling)
        self._check_can_grant(clearance)
        with self.store.write() as s:
            repo = UserRepository(s)
            user = repo.by_name(name)
            if Role(user.role) in ADMIN_ROLES and modules:
                raise PermissionDeniedError("管理员账户不能被授予业务范围（三员分立）。",
                                            "Administrator accounts cannot be given a module scope.")
            before = (Level(user.clearance).label, user.modules)
            repo.set_access(user, clearance, modules)
            revoked = grants.revoke(s, user.id, int(clearance))
            granted = self._grant_in(s, user)
            self._audit(s, "access_set", "user", user.id, name=name, before=list(before),
                        after=[clearance.label, user.modules], keys_granted=granted, keys_revoked=revoked)
            return _info(user, s)

    def grant_keys(self, name: str) -> UserInfo:
        """Seal to `name` the level keys of the clearance he already has that he holds no
        grant of (after a passphrase reset, or after the key upgrade once he has logged
        in): the key custodian's (security administrator; system administrator while
        there is none)."""
        with self.store.write() as s:
            repo = UserRepository(s)
            self._check_custodian(repo.secadmin_exists())
            user = repo.by_name(name)
            if not Role(user.role).handles_cases:
                raise RefusedError("只有科员和处长持有密级密钥。", "Only officers and approvers hold level keys.")
            if user.kex_public is None:
                raise RefusedError(
                    f"用户“{name}”还没有自己的密钥：请他先登录一次，再授予。",
                    f"{name} has no key of his own yet: he must log in once before keys can be granted.")
            self._check_can_grant(Level(user.clearance))
            granted = self._grant_in(s, user)
            if not granted:
                raise RefusedError(f"用户“{name}”已持有其涉密等级的全部密钥。",
                                   f"{name} already holds every key of his clearance.")
            self._audit(s, "keys_grant", "user", user.id, name=name, keys_granted=granted)
            return _info(user, s)

    def _check_custodian(self, secadmin_exists: bool) -> None:
        if self.actor.role is Role.SECADMIN or (self.actor.role is Role.SYSADMIN and not secadmin_exists):
            return
        raise PermissionDeniedError("只有安全保密管理员可以授予密级密钥。",
                                    "Only the security administrator grants level keys.")

    def _check_can_grant(self, clearance: Level) -> None:
        """Refuse (nothing changed) a clearance whose keys the granter does not hold."""
        with self.store.read() as s:
            keyed = grants.keyed_levels(s)
        lacking = [lv for lv in sorted(keyed) if lv <= clearance and not self.store.content.holds(lv)]
        if lacking:
            label = Level(lacking[0]).label
            raise PermissionDeniedError(
                f"您没有“{label}”级密钥，不能授予该涉密等级（三员分立：由安全保密管理员授予）。",
                f"You do not hold the {label} key and cannot give that clearance (the security administrator does).")

    def _grant_in(self, s: Session, user: User) -> builtins.list[int]:
        """Seal the keys of `user`'s clearance he lacks (in the caller's transaction)."""
        if not Role(user.role).handles_cases:
            return []
        return grants.grant(s, self.wfile.node_id, user, grants.missing_levels(s, user), self.store.content,
                            self.actor.name)

    def list(self) -> builtins.list[UserInfo]:
        """Every account (system and security administrators)."""
        if self.actor.role not in (Role.SYSADMIN, Role.SECADMIN):
            raise PermissionDeniedError("只有管理员可以查看账户列表。", "Only administrators list accounts.")
        with self.store.read() as s:
            return [_info(u, s) for u in UserRepository(s).all()]


def _role_ever_held(session: Session, role: Role) -> bool:
    """True when any account, locked or not, has `role` (administrators exist once)."""
    return session.execute(select(func.count()).select_from(User).where(User.role == role.value)).scalar_one() > 0


def _info(user: User, session: Session) -> UserInfo:
    actor = to_actor(user)
    missing = grants.missing_levels(session, user) if actor.role.handles_cases else []
    return UserInfo(name=user.name, role=user.role, clearance=actor.clearance.label,
                    modules=tuple(sorted(actor.modules)), active=user.active,
                    must_change_passphrase=user.must_change_passphrase,
                    keys_missing=tuple(Level(lv).label for lv in missing))


def _with_role(info: UserInfo, enrolled: hubroles.Enrolment | None) -> UserInfo:
    """`info` with the new account's database role on a hub."""
    return info if enrolled is None else replace(info, db_role=enrolled.role, db_sql=enrolled.sql)
