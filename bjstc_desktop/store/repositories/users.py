"""Accounts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import NotFoundError, RefusedError
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.roles import Actor, Role
from bjstc_desktop.store.models import User, table, utcnow


def user_row(session: Session, *, name: str | None = None, user_id: str | None = None) -> Row[Any] | None:
    """The account called `name` (or with id `user_id`) as a plain row with the model's
    attribute names, or None. Plain SQL: the unlock reads it before anything configures
    the ORM's mappers (issue 15 point 4)."""
    users = table(User).c
    where = users.name == name if user_id is None else users.id == user_id
    return session.execute(select(*users).where(where)).first()


def slot_ids(session: Session) -> dict[str, str]:
    """Each account's valid key slot id by user name (plain SQL, read at every unlock)."""
    users = table(User).c
    return {n: i for n, i in session.execute(select(users.name, users.slot_id)) if i}


def to_actor(user: User | Row[Any]) -> Actor:
    """The rules' view of a stored user."""
    modules = frozenset(m for m in user.modules.split(",") if m)
    return Actor(user_id=user.id, name=user.name, role=Role(user.role), clearance=Level(user.clearance), modules=modules)


def user_names(session: Session) -> dict[str | None, str]:
    """Every account's name by id, for showing who handles or did what. Keyed by
    `str | None` so an unassigned case (handler_id None) looks up to nothing."""
    users = table(User).c  # plain SQL: every list page reads it
    return {uid: name for uid, name in session.execute(select(users.id, users.name))}


class UserRepository:
    """Read and write accounts (callers check who may)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def by_name(self, name: str) -> User:
        """The user called `name`."""
        user = self.session.execute(select(User).where(User.name == name)).scalar_one_or_none()
        if user is None:
            raise NotFoundError(f"没有用户“{name}”。", f"There is no user {name!r}.")
        return user

    def exists(self, name: str) -> bool:
        """True if a user called `name` exists."""
        return self.session.execute(select(func.count()).select_from(User).where(User.name == name)).scalar_one() > 0

    def secadmin_exists(self) -> bool:
        """True once a security administrator account exists (ends the bootstrap)."""
        users = table(User).c  # plain SQL: an administrator's unlock asks it
        q = select(func.count()).where(users.role == Role.SECADMIN.value, users.active.is_(True))
        return self.session.execute(q).scalar_one() > 0

    def add(self, name: str, role: Role, clearance: Level, modules: frozenset[str], display_name: str = "") -> User:
        """Create an account row."""
        if self.exists(name):
            raise RefusedError(f"用户“{name}”已存在。", f"User {name!r} already exists.")
        user = User(id=uuid7(), name=name, display_name=display_name or name, role=role.value,
                    clearance=int(clearance), modules=",".join(sorted(modules)))
        self.session.add(user)
        self.session.flush()
        return user

    def set_access(self, user: User, clearance: Level, modules: frozenset[str]) -> None:
        """Set a user's clearance and module scope."""
        user.clearance = int(clearance)
        user.modules = ",".join(sorted(modules))
        user.updated_at = utcnow()

    def all(self) -> list[User]:
        """Every account, by name."""
        return list(self.session.execute(select(User).order_by(User.name)).scalars())

    def count(self) -> int:
        """How many accounts there are."""
        return self.session.execute(select(func.count()).select_from(User)).scalar_one()
