"""Accounts: add users, change and reset passphrases, set clearance and module scope."""

from __future__ import annotations

from dataclasses import dataclass

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import AuthenticationError, PermissionDeniedError, RefusedError
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.roles import (
    Role,
    check_may_add_user,
    check_may_manage_accounts,
    check_may_set_clearance,
)
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import devicebinding, keyslots
from bjstc_desktop.store.models import utcnow
from bjstc_desktop.store.repositories.users import UserRepository, to_actor
from bjstc_desktop.store.wfile_update import update_workstation_file


@dataclass(frozen=True)
class UserInfo:
    """An account as listed to the system administrator."""

    name: str
    role: str
    clearance: str
    modules: tuple[str, ...]
    active: bool
    must_change_passphrase: bool


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


class AccountOps(OpsContext):
    """Operations on accounts."""

    def add_user(self, name: str, role: Role, passphrase: str, clearance: Level | None = None,
                 modules: frozenset[str] | None = None, bind_device: bool = False) -> UserInfo:
        """Create an account with its own key slot (bootstrap rule of cli.md)."""
        name = name.strip()
        if not name or len(name) > 64 or any(c.isspace() for c in name):
            raise RefusedError("用户名不能为空、不能含空格，且不超过 64 个字符。",
                               "A user name must be 1-64 characters without spaces.")
        keyslots.check_new_passphrase(passphrase)
        with self.store.write() as s:
            repo = UserRepository(s)
            check_may_add_user(self.actor, role, clearance, modules, self.ceiling, repo.secadmin_exists())
            if repo.exists(name):
                raise RefusedError(f"用户“{name}”已存在。", f"User {name!r} already exists.")
            default_scope = frozenset(MODULE_CODES) if role.handles_cases and not repo.secadmin_exists() else frozenset()
            user = repo.add(name, role, clearance if clearance is not None else Level.PUBLIC,
                            modules if modules is not None else default_scope)
            slot = self._make_user_slot(name, passphrase, bind_device)
            self._audit(s, "user_add", "user", user.id, name=name, role=role.value,
                        clearance=Level(user.clearance).label, modules=user.modules,
                        device_bound=slot.device_bound)
            # The slot is written while the transaction is still open: if writing the file
            # fails, the account row rolls back with it.
            update_workstation_file(self.data_dir, lambda wf: wf.set_user_slot(slot))
            self.wfile.set_user_slot(slot)
            return _info(user)

    def _make_user_slot(self, name: str, passphrase: str, bind_device: bool) -> keyslots.KeySlot:
        device_secret = devicebinding.ensure_device_secret(self.wfile.node_id) if bind_device else None
        if bind_device and device_secret is None:
            zh, en = devicebinding.unavailable_reason()
            raise RefusedError(zh, en)
        return keyslots.make_slot(self.wfile.node_id, self.store.data_key, passphrase, kind="user", user=name,
                                  created_at=utcnow().isoformat(), device_secret=device_secret)

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
        """Change one's own passphrase, or (system administrator) reset another's; only
        that user's slot is rewritten. A reset forces a change at next login."""
        keyslots.check_new_passphrase(new_passphrase)
        is_self = name == self.actor.name
        if not is_self:
            check_may_manage_accounts(self.actor)
        with self.store.write() as s:
            user = UserRepository(s).by_name(name)
            old = self.wfile.user_slot(name)
            bind = bind_device if bind_device is not None else bool(old and old.device_bound)
            slot = self._make_user_slot(name, new_passphrase, bind)
            user.must_change_passphrase = not is_self
            user.updated_at = utcnow()
            self._audit(s, "passphrase_change" if is_self else "passphrase_reset", "user", user.id, name=name,
                        device_bound=slot.device_bound)
            update_workstation_file(self.data_dir, lambda wf: wf.set_user_slot(slot))
            self.wfile.set_user_slot(slot)
        if is_self:
            self.must_change_passphrase = False

    def set_access(self, name: str, clearance: Level, modules: frozenset[str]) -> UserInfo:
        """Set a user's clearance and module scope (security administrator)."""
        check_may_set_clearance(self.actor, clearance, self.ceiling)
        with self.store.write() as s:
            repo = UserRepository(s)
            user = repo.by_name(name)
            if Role(user.role) in (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR) and modules:
                raise PermissionDeniedError("管理员账户不能被授予业务范围（三员分立）。",
                                            "Administrator accounts cannot be given a module scope.")
            before = (Level(user.clearance).label, user.modules)
            repo.set_access(user, clearance, modules)
            self._audit(s, "access_set", "user", user.id, name=name, before=list(before),
                        after=[clearance.label, user.modules])
            return _info(user)

    def list_users(self) -> list[UserInfo]:
        """Every account (system and security administrators)."""
        if self.actor.role not in (Role.SYSADMIN, Role.SECADMIN):
            raise PermissionDeniedError("只有管理员可以查看账户列表。", "Only administrators list accounts.")
        with self.store.read() as s:
            return [_info(u) for u in UserRepository(s).all()]


def _info(user) -> UserInfo:  # type: ignore[no-untyped-def]
    actor = to_actor(user)
    return UserInfo(name=user.name, role=user.role, clearance=actor.clearance.label,
                    modules=tuple(sorted(actor.modules)), active=user.active,
                    must_change_passphrase=user.must_change_passphrase)
