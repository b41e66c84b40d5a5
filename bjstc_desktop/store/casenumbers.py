"""Which 案号 are taken, for the three places that give a case its number: a new case
(`CaseRepository.next_case_no`), a case arriving in a sync package (`sync_apply._create`)
and a batch of them (`new_cases.write_cases`).

On a workstation they ask `cases`. On a hub an officer's own database role sees only the
cases of his clearance and modules (the row policies of store/hubroles.py), so asking
`cases` misses a 秘密 case he cannot see: his new number, or a laptop's, would be the
hidden case's, and the unique index would refuse the insert (and so tell him the number
exists anyway). There they ask `hub_case_numbers` instead: the numbers alone, no row
policy, written only by a trigger on `cases` running as the hub's owner
(hubroles._numbers_register). A hub whose roles were never set up has no register; its
one role, the owner's, sees every case."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, column, select, table, text
from sqlalchemy.orm import Session

from bjstc_desktop.store.models import Case

REGISTER = "hub_case_numbers"
_REGISTER = table(REGISTER, column("case_no"))
_HAS_REGISTER = "bjstc_case_numbers_register"  # session.info: whether this store has the register
_CHUNK = 400  # numbers per IN (...) list: below SQLite's variable limit


def _number_column(session: Session) -> ColumnElement[Any]:
    if _HAS_REGISTER not in session.info:
        session.info[_HAS_REGISTER] = (
            session.get_bind().dialect.name == "postgresql"
            and session.execute(text(f"SELECT to_regclass('{REGISTER}')")).scalar() is not None)
    return _REGISTER.c.case_no if session.info[_HAS_REGISTER] else Case.__table__.c.case_no


def taken(session: Session, numbers: Iterable[str]) -> set[str]:
    """The numbers of `numbers` that some case of this store already carries, whether
    or not the session may see that case."""
    col = _number_column(session)
    wanted = sorted(set(numbers))
    out: set[str] = set()
    with session.no_autoflush:
        for i in range(0, len(wanted), _CHUNK):
            out |= set(session.execute(select(col).where(col.in_(wanted[i:i + _CHUNK]))).scalars())
    return out


def is_taken(session: Session, number: str) -> bool:
    """Whether some case of this store carries `number` (seen by the session or not)."""
    return bool(taken(session, [number]))


def taken_with_prefix(session: Session, prefix: str) -> set[str]:
    """Every number taken that starts with `prefix` (a type's year: 技合〔2026〕)."""
    col = _number_column(session)
    with session.no_autoflush:
        return set(session.execute(select(col).where(col >= prefix, col < prefix + "\uffff")).scalars())
