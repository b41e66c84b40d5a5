"""The separation of three administrators and the bootstrap rule, rule by rule."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.classification import Level, parse_level
from bjstc_desktop.core.errors import PermissionDeniedError, ValidationError
from bjstc_desktop.core.roles import (
    Actor,
    Role,
    check_may_add_user,
    check_may_change_settings,
    check_may_create_case,
    check_may_handle_cases,
    check_may_read_audit,
    check_may_set_clearance,
    parse_role,
)

ALL = frozenset({"market", "policy"})


def actor(role: Role, clearance: Level = Level.SECRET, modules: frozenset[str] = ALL) -> Actor:
    return Actor("u1", role.value, role, clearance, modules)


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_administrators_handle_no_cases(role: Role) -> None:
    with pytest.raises(PermissionDeniedError):
        check_may_handle_cases(actor(role))
    assert not actor(role).may_see("market", Level.PUBLIC)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.APPROVER])
def test_officers_and_approvers_handle_cases_in_scope(role: Role) -> None:
    a = actor(role, Level.INTERNAL, frozenset({"market"}))
    check_may_handle_cases(a)
    assert a.may_see("market", Level.INTERNAL)
    assert not a.may_see("market", Level.SECRET)
    assert not a.may_see("policy", Level.PUBLIC)


def test_only_the_sysadmin_adds_accounts() -> None:
    for role in (Role.OFFICER, Role.APPROVER, Role.SECADMIN, Role.AUDITOR):
        with pytest.raises(PermissionDeniedError):
            check_may_add_user(actor(role), Role.OFFICER, None, None, Level.SECRET, secadmin_exists=False)
    check_may_add_user(actor(Role.SYSADMIN), Role.OFFICER, None, None, Level.SECRET, secadmin_exists=True)


def test_bootstrap_sysadmin_grants_clearance_until_a_secadmin_exists() -> None:
    sysadmin = actor(Role.SYSADMIN)
    check_may_add_user(sysadmin, Role.OFFICER, Level.SECRET, frozenset({"market"}), Level.SECRET, secadmin_exists=False)
    with pytest.raises(PermissionDeniedError):
        check_may_add_user(sysadmin, Role.OFFICER, Level.SECRET, None, Level.SECRET, secadmin_exists=True)
    with pytest.raises(PermissionDeniedError):
        check_may_add_user(sysadmin, Role.OFFICER, None, frozenset({"market"}), Level.SECRET, secadmin_exists=True)
    with pytest.raises(PermissionDeniedError):  # never above the ceiling, even in bootstrap
        check_may_add_user(sysadmin, Role.OFFICER, Level.CONFIDENTIAL, None, Level.SECRET, secadmin_exists=False)


def test_only_the_secadmin_sets_clearances_and_never_above_the_ceiling() -> None:
    check_may_set_clearance(actor(Role.SECADMIN), Level.SECRET, Level.SECRET)
    with pytest.raises(PermissionDeniedError):
        check_may_set_clearance(actor(Role.SECADMIN), Level.CONFIDENTIAL, Level.SECRET)
    for role in (Role.SYSADMIN, Role.AUDITOR, Role.OFFICER, Role.APPROVER):
        with pytest.raises(PermissionDeniedError):
            check_may_set_clearance(actor(role), Level.PUBLIC, Level.SECRET)


def test_only_the_auditor_reads_the_audit() -> None:
    check_may_read_audit(actor(Role.AUDITOR))
    for role in (Role.SYSADMIN, Role.SECADMIN, Role.OFFICER, Role.APPROVER):
        with pytest.raises(PermissionDeniedError):
            check_may_read_audit(actor(role))


def test_only_the_sysadmin_changes_settings() -> None:
    check_may_change_settings(actor(Role.SYSADMIN))
    for role in (Role.SECADMIN, Role.AUDITOR, Role.OFFICER):
        with pytest.raises(PermissionDeniedError):
            check_may_change_settings(actor(role))


def test_case_creation_obeys_scope_clearance_and_ceiling() -> None:
    officer = actor(Role.OFFICER, Level.SECRET, frozenset({"market"}))
    check_may_create_case(officer, "market", Level.SECRET, Level.SECRET)
    with pytest.raises(PermissionDeniedError):
        check_may_create_case(officer, "policy", Level.PUBLIC, Level.SECRET)
    with pytest.raises(PermissionDeniedError):
        check_may_create_case(officer, "market", Level.CONFIDENTIAL, Level.CONFIDENTIAL)
    with pytest.raises(PermissionDeniedError):
        check_may_create_case(actor(Role.OFFICER, Level.CONFIDENTIAL), "market", Level.CONFIDENTIAL, Level.SECRET)


def test_top_secret_is_never_accepted_and_labels_parse() -> None:
    with pytest.raises(ValidationError):
        parse_level("绝密")
    assert [parse_level(x) for x in ("公开", "内部", "秘密", "机密")] == list(Level)
    assert parse_role("安全审计员") is Role.AUDITOR
    with pytest.raises(ValidationError):
        parse_role("root")
