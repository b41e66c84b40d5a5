"""Sealed rows: content at a classified level is written to the database only as
ciphertext, and read back as plain values, without the code above the store noticing.

A model that holds content lists its content attributes in `__sealed__` (each with the
value the column keeps while the row is sealed) and has a `sealed` column. When a row
at a level above 公开 is inserted or updated, the ORM flush (`before_insert`,
`before_update`) packs those attributes into one JSON document, seals it with the
level's content key (store/levelkeys.py) with the table, the row's identity and the
level as associated data, and puts the blanks in the columns; after the flush the
object holds its plain values again. When such a row is loaded (`load`, `refresh`) the
document is opened and the plain values are set as the loaded state, so nothing is
written back unless something changes. Rows at 公开 keep their values in the columns.

The level of a case's own rows (fields, parties, timeline, clocks, attachments,
letters) is always the case's, read at flush time: a row cannot be written at another
level than its case. A row whose key the session does not hold stays "locked": its
content reads as the blanks, and any change to it is refused (PermissionDenied), so a
write can never replace content it could not read.

Reads that select columns instead of objects (list pages, exports, dashboards) see the
blanks and use `open_columns` or work on objects. Bulk writes that bypass the ORM
(benchmarks/scale.py, sync/bulk.py) call `seal_values`.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import flag_modified, set_committed_value
from sqlalchemy.orm.util import identity_key

from bjstc_desktop.core.errors import PermissionDeniedError
from bjstc_desktop.store.levelkeys import ContentKeys, missing_key

SESSION_KEYS = "bjstc_content_keys"
_PLAIN = "_bjstc_plain"
_LOCKED = "_bjstc_locked"
Blank = Any  # a constant, or a callable(target) giving the column's value while sealed


def keys_of(session: Session | None) -> ContentKeys:
    """The content keys a session works with (none outside an unlocked store)."""
    if session is None:
        return ContentKeys()
    keys = session.info.get(SESSION_KEYS)
    return keys() if callable(keys) else (keys or ContentKeys())


def _enc(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dt.datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    return value


def _dec(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        tag, text = next(iter(value.items()))
        if tag == "$b":
            return base64.b64decode(text)
        if tag == "$t":
            return dt.datetime.fromisoformat(text)
        if tag == "$d":
            return dt.date.fromisoformat(text)
    return value


def pack(values: dict[str, Any]) -> bytes:
    """The plaintext of a sealed row: its content attributes as JSON."""
    return json.dumps({k: _enc(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def unpack(data: bytes) -> dict[str, Any]:
    """The content attributes of an opened row."""
    return {k: _dec(v) for k, v in json.loads(data.decode("utf-8")).items()}


def identity_of(cls: type, values: Any) -> str:
    """The row identity bound into the associated data (`values`: object or mapping)."""
    get = values.get if isinstance(values, dict) else (lambda a: getattr(values, a))
    return "|".join(str(get(a)) for a in cls.__sealed_id__)  # type: ignore[attr-defined]


def _with_default(cls: type, attr: str, value: Any) -> Any:
    """A content value as the column would have stored it: the column's scalar default
    for an attribute never set (the insert would have applied it; sealed, it must be
    applied before the value goes into the document)."""
    if value is not None:
        return value
    column = cls.__table__.c.get(attr)  # type: ignore[attr-defined]
    default = column.default if column is not None else None
    return default.arg if default is not None and default.is_scalar else None


def seal_values(keys: ContentKeys, cls: type, row: dict[str, Any]) -> dict[str, Any]:
    """A row for a bulk insert with its content sealed when its level asks for it
    (`row` holds the level under the class's level attribute)."""
    level = int(row.get(cls.__level_attr__) or 0)  # type: ignore[attr-defined]
    if level <= 0:
        return {**row, "sealed": None}
    if cls.__on_write__ is not None:  # type: ignore[attr-defined]
        row = dict(row)
        cls.__on_write__(_RowView(row), level, keys)  # type: ignore[attr-defined]
    content = {a: _with_default(cls, a, row.get(a)) for a in cls.__sealed__}  # type: ignore[attr-defined]
    out = {**row, "sealed": keys.seal(level, cls.__tablename__, identity_of(cls, row), pack(content))}  # type: ignore[attr-defined]
    for attr, blank in cls.__sealed__.items():  # type: ignore[attr-defined]
        out[attr] = blank(row) if callable(blank) else blank
    return out


class _RowView:
    """A bulk-insert row (a dict) seen as an object by `on_write` hooks."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__["_row"] = row

    def __getattr__(self, name: str) -> Any:
        return self.__dict__["_row"].get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self.__dict__["_row"][name] = value


def open_columns(keys: ContentKeys, cls: type, level: int, identity: str, sealed: bytes | None) -> dict[str, Any] | None:
    """The content attributes of a row read as columns; None for an unsealed row."""
    if sealed is None or level <= 0:
        return None
    return unpack(keys.open(level, cls.__tablename__, identity, sealed))  # type: ignore[attr-defined]


def is_locked(target: object) -> bool:
    """True when `target` was loaded without the key of its level (content unknown)."""
    return bool(target.__dict__.get(_LOCKED))


# ----- the ORM events ------------------------------------------------------------------------
def _open(target: Any, session: Session | None) -> None:
    sealed = target.__dict__.get("sealed")
    if sealed is None:
        return
    cls = type(target)
    level = int(getattr(target, cls.__level_attr__) or 0)
    keys = keys_of(session)
    if not keys.holds(level):
        target.__dict__[_LOCKED] = True
        return
    plain = unpack(keys.open(level, cls.__tablename__, identity_of(cls, target), sealed))
    for attr in cls.__sealed__:
        set_committed_value(target, attr, plain.get(attr))
    target.__dict__.pop(_LOCKED, None)


def _session(target: Any, context: Any) -> Session | None:
    """The session a row is loaded into (a merge's refresh comes without a query context)."""
    return context.session if context is not None else object_session(target)


def level_of_row(cls: Any, row_id: str | None, session: Session | None, connection: Connection,
                 attr: str = "classification") -> int:
    """The level of another row (a case, an expert) as it is about to be written: from
    the session when it holds the row (a change not flushed yet counts), else stored."""
    if row_id is None:
        return 0
    if session is not None:
        held = session.identity_map.get(identity_key(cls, row_id))
        if held is not None:
            return int(getattr(held, attr) or 0)
    found = connection.execute(select(getattr(cls, attr)).where(cls.id == row_id)).scalar()
    return int(found or 0)


def _case_level(target: Any, session: Session | None, connection: Connection) -> int:
    """The level of the case a row belongs to, as it is about to be written."""
    from bjstc_desktop.store.models import Case

    return level_of_row(Case, target.case_id, session, connection)


def _before_write(_mapper: Any, connection: Connection, target: Any) -> None:
    cls = type(target)
    session = object_session(target)
    if cls.__level_from_case__ or cls.__level_of__ is not None:
        level = (cls.__level_of__(target, session, connection) if cls.__level_of__ is not None
                 else _case_level(target, session, connection))
        if target.level != level:
            target.level = level
    level = int(getattr(target, cls.__level_attr__) or 0)
    if cls.__on_write__ is not None and not is_locked(target):
        cls.__on_write__(target, level, keys_of(session))
    if is_locked(target):
        state = inspect(target)
        changed = [a for a in (*cls.__sealed__, cls.__level_attr__) if state.attrs[a].history.has_changes()]
        if changed or not keys_of(session).holds(level):
            raise missing_key(level)
        return
    if level <= 0:
        if target.sealed is not None:  # lowered to 公开: the plain values go back into the columns
            target.sealed = None
            for attr in cls.__sealed__:
                flag_modified(target, attr)
        return
    plain = {attr: _with_default(cls, attr, getattr(target, attr)) for attr in cls.__sealed__}
    target.sealed = keys_of(session).seal(level, cls.__tablename__, identity_of(cls, target), pack(plain))
    for attr, blank in cls.__sealed__.items():
        setattr(target, attr, blank(plain) if callable(blank) else blank)
    target.__dict__[_PLAIN] = plain


def _after_write(_mapper: Any, _connection: Connection, target: Any) -> None:
    plain = target.__dict__.pop(_PLAIN, None)
    if plain:
        for attr, value in plain.items():
            set_committed_value(target, attr, value)


LevelOf = Callable[[Any, "Session | None", Connection], int]


def sealed_model(*, content: dict[str, Blank], identity: tuple[str, ...], level_attr: str = "level",
                 level_from_case: bool = True, level_of: LevelOf | None = None,
                 on_write: Callable[[Any, int, ContentKeys], None] | None = None) -> Callable[[type], type]:
    """Class decorator: `content` attributes are sealed at levels above 公开 (with the
    value each column keeps meanwhile), `identity` names the row in the associated data,
    `level_attr` holds the level (followed from the case row when `level_from_case`, or
    given by `level_of(row, session, connection)` at each write);
    `on_write(row, level, keys)` runs before each write with the plain values."""
    def register(cls: type) -> type:
        cls.__level_of__ = level_of  # type: ignore[attr-defined]
        cls.__on_write__ = on_write  # type: ignore[attr-defined]
        cls.__sealed__ = dict(content)  # type: ignore[attr-defined]
        cls.__sealed_id__ = identity  # type: ignore[attr-defined]
        cls.__level_attr__ = level_attr  # type: ignore[attr-defined]
        cls.__level_from_case__ = level_from_case  # type: ignore[attr-defined]
        event.listen(cls, "load", lambda target, context: _open(target, _session(target, context)))
        event.listen(cls, "refresh", lambda target, context, _attrs: _open(target, _session(target, context)))
        event.listen(cls, "before_insert", _before_write)
        event.listen(cls, "before_update", _before_write)
        event.listen(cls, "after_insert", _after_write)
        event.listen(cls, "after_update", _after_write)
        SEALED_MODELS.append(cls)
        return cls
    return register


SEALED_MODELS: list[type] = []


def touch(rows: Iterable[Any]) -> None:
    """Mark rows to be sealed again at the next flush (their case's level changed)."""
    for row in rows:
        if is_locked(row):
            raise PermissionDeniedError("不能改变无法读取的内容的密级。", "Content that cannot be read cannot be re-classified.")
        flag_modified(row, "sealed")
