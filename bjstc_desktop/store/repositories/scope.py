"""Visibility of records that belong to no case (experts, 科研失信 records): the same
rule as Actor.may_see, with a scope of duty modules instead of one module. A record is
seen by a case handler cleared for its classification whose module scope meets its own
("" = every duty). Stored as ",programs,industry," so one LIKE finds a module."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, false, or_
from sqlalchemy.orm import InstrumentedAttribute

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Actor


def encode_scope(modules: Iterable[str]) -> str:
    """("programs", "industry") → ",programs,industry,"; () → "" (every duty)."""
    codes = [m for m in dict.fromkeys(modules) if m]
    return f",{','.join(codes)}," if codes else ""


def decode_scope(text: str | None) -> tuple[str, ...]:
    """The inverse of encode_scope."""
    return tuple(m for m in (text or "").split(",") if m)


def may_see_scoped(actor: Actor, level: int, scope: str | None) -> bool:
    """The visibility rule in Python (for one row already read)."""
    if not actor.role.handles_cases or not actor.modules or level > int(actor.clearance):
        return False
    modules = decode_scope(scope)
    return not modules or bool(set(modules) & actor.modules)


def scoped_visible(actor: Actor, level: InstrumentedAttribute[int], scope: InstrumentedAttribute[str]
                   ) -> ColumnElement[bool]:
    """The visibility rule in SQL."""
    if not actor.role.handles_cases or not actor.modules:
        return false()
    return and_(level <= int(actor.clearance),
                or_(scope == "", *(scope.like(f"%,{m},%") for m in sorted(actor.modules))))


def check_may_write_scoped(actor: Actor, level: Level, modules: Iterable[str], ceiling: Level) -> None:
    """Who may add or change such a record: a case handler, within his clearance and
    the workstation's ceiling, whose scope covers the record's (every duty: any scope)."""
    from bjstc_desktop.core.errors import PermissionDeniedError
    from bjstc_desktop.core.roles import check_may_handle_cases

    check_may_handle_cases(actor)
    if level > ceiling:
        raise PermissionDeniedError(f"本工作站最高只能处理“{ceiling.label}”级事项。",
                                    f"This workstation's ceiling is {ceiling.label}.")
    if level > actor.clearance:
        raise PermissionDeniedError(f"您的涉密等级为“{actor.clearance.label}”，不能登记“{level.label}”级记录。",
                                    f"Your clearance is {actor.clearance.label}; you cannot record a {level.label} item.")
    outside = [m for m in modules if m not in actor.modules]
    if outside:
        raise PermissionDeniedError(f"您的业务范围不包括：{'、'.join(outside)}。",
                                    f"Outside your module scope: {', '.join(outside)}.")
