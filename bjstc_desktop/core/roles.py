"""Roles and the separation of three administrators (三员分立), as pure rules.

- officer 科员 and approver 处长 handle cases within their clearance and module scope;
- sysadmin 系统管理员 creates, locks and resets officers and approvers (no other
  accounts), manages settings, reads no case content and no audit;
- secadmin 安全保密管理员 sets clearances, module scopes and classification rules;
- auditor 安全审计员 reads, verifies, checkpoints and exports the audit trail only.

There is one account of each administrator role. The system administrator is made at
init; the security administrator and the auditor at init too, or later once each with
the recovery code (their role keys live in the recovery slot, see store/rolekeys.py).
Nobody resets or locks an administrator: a lost passphrase is recovered with the
recovery code. Until a security administrator exists, the system administrator may give
clearances (up to the workstation's ceiling) when adding officers; after that,
clearances and module scopes are the security administrator's alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import PermissionDeniedError, ValidationError


class Role(StrEnum):
    """The five roles; the value is the code used on the command line."""

    OFFICER = "officer"
    APPROVER = "approver"
    SYSADMIN = "sysadmin"
    SECADMIN = "secadmin"
    AUDITOR = "auditor"

    @property
    def label(self) -> str:
        """Chinese name of the role."""
        return _ROLE_LABELS[self]

    @property
    def label_en(self) -> str:
        """English name of the role."""
        return _ROLE_LABELS_EN[self]

    @property
    def handles_cases(self) -> bool:
        """Officers and approvers read and write case content; administrators never do."""
        return self in (Role.OFFICER, Role.APPROVER)


_ROLE_LABELS = {
    Role.OFFICER: "科员",
    Role.APPROVER: "处长",
    Role.SYSADMIN: "系统管理员",
    Role.SECADMIN: "安全保密管理员",
    Role.AUDITOR: "安全审计员",
}
_ROLE_LABELS_EN = {
    Role.OFFICER: "Officer",
    Role.APPROVER: "Division director",
    Role.SYSADMIN: "System administrator",
    Role.SECADMIN: "Security administrator",
    Role.AUDITOR: "Security auditor",
}


def parse_role(text: str) -> Role:
    """Parse a role code (officer, approver, ...) or its Chinese name."""
    value = (text or "").strip()
    for role in Role:
        if value in (role.value, role.label):
            return role
    raise ValidationError(
        f"角色“{value}”无效，应为 officer、approver、sysadmin、secadmin 或 auditor。",
        f"Unknown role {value!r}; use officer, approver, sysadmin, secadmin or auditor.",
        field="role",
    )


@dataclass(frozen=True)
class Actor:
    """Who is acting: the unlocked user as the rules see them."""

    user_id: str
    name: str
    role: Role
    clearance: Level
    modules: frozenset[str]  # module codes; empty means none

    def may_see(self, module: str, level: Level) -> bool:
        """The single visibility rule: case-handling role, clearance and module scope."""
        return self.role.handles_cases and level <= self.clearance and module in self.modules


def _deny(zh: str, en: str) -> PermissionDeniedError:
    return PermissionDeniedError(zh, en)


def check_may_handle_cases(actor: Actor) -> None:
    """Only officers and approvers touch case content (三员分立)."""
    if not actor.role.handles_cases:
        raise _deny(
            f"{actor.role.label}不能查看或办理案件内容（三员分立）。",
            f"A {actor.role.value} may not read or handle case content (separation of duties).",
        )


def check_may_create_case(actor: Actor, module: str, level: Level, ceiling: Level) -> None:
    """Refuse a case outside the actor's scope, above their clearance or the ceiling."""
    check_may_handle_cases(actor)
    if module not in actor.modules:
        raise _deny(
            f"您的业务范围不包括模块“{module}”。",
            f"Module {module!r} is outside your module scope.",
        )
    if level > ceiling:
        raise _deny(
            f"本工作站最高只能处理“{ceiling.label}”级事项，不能创建“{level.label}”级案件。",
            f"This workstation's ceiling is {ceiling.label}; a {level.label} case cannot be created.",
        )
    if level > actor.clearance:
        raise _deny(
            f"您的涉密等级为“{actor.clearance.label}”，不能创建“{level.label}”级案件。",
            f"Your clearance is {actor.clearance.label}; you cannot create a {level.label} case.",
        )


ADMIN_ROLES = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)


def check_may_manage_accounts(actor: Actor) -> None:
    """Accounts (add, reset passphrase, lock) are the system administrator's."""
    if actor.role is not Role.SYSADMIN:
        raise _deny("只有系统管理员可以管理账户。", "Only the system administrator manages accounts.")


def check_may_manage_account_of(actor: Actor, target: Role, what_zh: str, what_en: str) -> None:
    """Resetting or locking an account: the system administrator's, and only for
    officers and approvers. Administrators recover with the recovery code."""
    check_may_manage_accounts(actor)
    if not target.handles_cases:
        raise _deny(
            f"系统管理员只能{what_zh}科员和处长的账户，不能{what_zh}{target.label}的账户（三员分立）。"
            "管理员遗失口令时用恢复码重设（bjstc user passwd 用户名 --recovery）。",
            f"The system administrator may {what_en} only officers' and approvers' accounts, not a "
            f"{target.value}'s (separation of duties). An administrator who lost a passphrase uses the "
            "recovery code (bjstc user passwd NAME --recovery).",
        )


def check_may_bootstrap_administrator(actor: Actor, role: Role, role_exists: bool) -> None:
    """The one-time creation, with the recovery code, of a security administrator or an
    auditor that init did not make."""
    check_may_manage_accounts(actor)
    if role not in (Role.SECADMIN, Role.AUDITOR):
        raise _deny("只能用恢复码建立安全保密管理员或安全审计员。",
                    "Only a security administrator or an auditor is created with the recovery code.")
    if role_exists:
        raise _deny(
            f"本工作站已有{role.label}，不能再建立第二个（三员分立）。",
            f"This workstation already has a {role.value}; a second one cannot be created (separation of duties).",
        )


def check_may_add_user(
    actor: Actor,
    role: Role,
    clearance: Level | None,
    modules: frozenset[str] | None,
    ceiling: Level,
    secadmin_exists: bool,
) -> None:
    """`user add` by the system administrator: officers and approvers only; the bootstrap
    rule of cli.md for their clearances."""
    check_may_manage_accounts(actor)
    if not role.handles_cases:
        raise _deny(
            f"系统管理员只能建立科员和处长账户，不能建立{role.label}账户（三员分立）。"
            "安全保密管理员和安全审计员在初始化时建立，或凭恢复码建立一次（见管理员手册）。",
            f"The system administrator creates only officers and approvers, not a {role.value} (separation "
            "of duties). The security administrator and the auditor are made at init, or once with the "
            "recovery code (see the admin guide).",
        )
    if clearance is not None and clearance > ceiling:
        raise _deny(
            f"涉密等级不能高于本工作站的最高密级“{ceiling.label}”。",
            f"A clearance cannot exceed this workstation's ceiling ({ceiling.label}).",
        )
    if secadmin_exists and (clearance is not None or modules is not None):
        raise _deny(
            "已设安全保密管理员：涉密等级和业务范围只能由安全保密管理员设定。",
            "A security administrator exists: only they set clearances and module scopes.",
        )


def check_may_set_clearance(actor: Actor, clearance: Level, ceiling: Level) -> None:
    """Clearances and module scopes are the security administrator's."""
    if actor.role is not Role.SECADMIN:
        raise _deny(
            "只有安全保密管理员可以设定涉密等级和业务范围。",
            "Only the security administrator sets clearances and module scopes.",
        )
    if clearance > ceiling:
        raise _deny(
            f"涉密等级不能高于本工作站的最高密级“{ceiling.label}”。",
            f"A clearance cannot exceed this workstation's ceiling ({ceiling.label}).",
        )


def check_may_read_audit(actor: Actor) -> None:
    """Only the auditor reads and exports the audit trail."""
    if actor.role is not Role.AUDITOR:
        raise _deny("只有安全审计员可以查看和导出审计记录。", "Only the auditor reads the audit trail.")


def check_may_change_settings(actor: Actor) -> None:
    """Workstation settings (auto-lock, language, calendar) are the system administrator's."""
    if actor.role is not Role.SYSADMIN:
        raise _deny("只有系统管理员可以修改工作站设置。", "Only the system administrator changes settings.")


def check_may_reassign(actor: Actor, current_handler_id: str | None) -> None:
    """Changing a case's 承办人: the 处长 (approver) of the duty may reassign any case
    they may see; an officer may only hand over a case they handle themselves."""
    check_may_handle_cases(actor)
    if actor.role is Role.APPROVER or current_handler_id == actor.user_id:
        return
    raise _deny("只有处长或本案承办人可以更改承办人。",
                "Only an approver (处长) or the case's own handler may change its handler.")


def check_may_take_over(handler: Actor, module: str, level: Level, active: bool) -> None:
    """The new 承办人 must be an active officer or approver who may see the case."""
    if not active or not handler.role.handles_cases:
        raise _deny(f"“{handler.name}”不是在岗的科员或处长，不能承办案件。",
                    f"{handler.name} is not an active officer or approver and cannot handle cases.")
    if not handler.may_see(module, level):
        raise _deny(f"“{handler.name}”的业务范围或涉密等级不允许承办此案件。",
                    f"The module scope or clearance of {handler.name} does not cover this case.")
