"""Sealed rows: content at a classified level is written to the database only as
ciphertext, and read back as plain values, without the code above the store noticing.

A model that holds content declares it with `sealed_model`: its content attributes
(each with the value the column keeps while the row is sealed), kept as its `Sealing`;
it has a `sealed` column. When a row
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

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Column, Table, event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import DeclarativeBase, Session, object_session
from sqlalchemy.orm.attributes import flag_modified, set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from bjstc_desktop.core.errors import PermissionDeniedError
from bjstc_desktop.store.levelkeys import ContentKeys, missing_key
from bjstc_desktop.store.sealedjson import pack, unpack

SESSION_KEYS = "bjstc_content_keys"
_PLAIN = "_bjstc_plain"
_LOCKED = "_bjstc_locked"
Blank = Any  # a constant, or a callable(target) giving the column's value while sealed
LevelOf = Callable[[Any, "Session | None", Connection], int]
OnWrite = Callable[[Any, int, ContentKeys], None]
Model = TypeVar("Model", bound=DeclarativeBase)


@dataclass(frozen=True, eq=False)
class Sealing:
    """How the rows of one model are sealed, as `sealed_model` declared it."""

    model: type[DeclarativeBase]
    table: Table
    content: Mapping[str, Blank]  # attribute → what its column keeps while the row is sealed
    identity: tuple[str, ...]  # the attributes naming the row in the associated data
    level_attr: str
    level_from_case: bool
    level_of: LevelOf | None
    on_write: OnWrite | None
    defaults: Mapping[str, Any]  # the scalar column defaults of content attributes

    @property
    def name(self) -> str:
        """The table name, bound into the associated data."""
        return self.table.name

    @property
    def level_column(self) -> Column[Any]:
        """The column holding the row's level, for queries."""
        return self.table.c[self.level_attr]

    @property
    def sealed_column(self) -> Column[Any]:
        """The column holding the sealed content, for queries."""
        return self.table.c["sealed"]


_SEALED: list[Sealing] = []  # in declaration order; read through sealed_models()
_BY_MODEL: dict[type, Sealing] = {}


def sealed_models() -> list[Sealing]:
    """How every model with sealed content is sealed, the deferred model files declared
    first (a list of those declared so far would miss the sync and duty tables)."""
    from bjstc_desktop.store.models import load_all

    load_all()
    return list(_SEALED)


def sealing_of(model: type) -> Sealing:
    """How `model`'s rows are sealed (KeyError: the model holds no sealed content)."""
    return _BY_MODEL[model]


def keys_of(session: Session | None) -> ContentKeys:
    """The content keys a session works with (none outside an unlocked store)."""
    if session is None:
        return ContentKeys()
    keys = session.info.get(SESSION_KEYS)
    return keys() if callable(keys) else (keys or ContentKeys())


def identity_of(spec: Sealing, values: Any) -> str:
    """The row identity bound into the associated data (`values`: object or mapping)."""
    get = values.get if isinstance(values, dict) else (lambda a: getattr(values, a))
    return "|".join(str(get(a)) for a in spec.identity)


def _with_default(spec: Sealing, attr: str, value: Any) -> Any:
    """A content value as the column would have stored it: the column's scalar default
    for an attribute never set (the insert would have applied it; sealed, it must be
    applied before the value goes into the document)."""
    return value if value is not None else spec.defaults.get(attr)


def _scalar_defaults(table: Table, attrs: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for attr in attrs:
        column = table.c.get(attr)
        if column is not None and isinstance(column.default, ScalarElementColumnDefault):
            out[attr] = column.default.arg
    return out


def seal_values(keys: ContentKeys, cls: type, row: dict[str, Any]) -> dict[str, Any]:
    """A row for a bulk insert with its content sealed when its level asks for it
    (`row` holds the level under the class's level attribute)."""
    spec = sealing_of(cls)
    level = int(row.get(spec.level_attr) or 0)
    if level <= 0:
        return {**row, "sealed": None}
    if spec.on_write is not None:
        row = dict(row)
        spec.on_write(_RowView(row), level, keys)
    content = {a: _with_default(spec, a, row.get(a)) for a in spec.content}
    out = {**row, "sealed": keys.seal(level, spec.name, identity_of(spec, row), pack(content))}
    for attr, blank in spec.content.items():
        out[attr] = blank(row) if callable(blank) else blank
    return out


def sealed_row(keys: ContentKeys, cls: type, row: dict[str, Any], level: int) -> dict[str, Any]:
    """`seal_values` for a writer that knows the row's `level` and hands `row` over: at
    公开 the same row, completed in place with no sealed content (seal_values would copy
    it), above it sealed at `level`."""
    if level <= 0:
        row["sealed"] = None
        return row
    return seal_values(keys, cls, row)


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
    return unpack(keys.open(level, sealing_of(cls).name, identity, sealed))


def is_locked(target: object) -> bool:
    """True when `target` was loaded without the key of its level (content unknown)."""
    return bool(target.__dict__.get(_LOCKED))


# ----- the ORM events ------------------------------------------------------------------------
def _open(target: Any, session: Session | None) -> None:
    sealed = target.__dict__.get("sealed")
    if sealed is None:
        return
    spec = sealing_of(type(target))
    level = int(getattr(target, spec.level_attr) or 0)
    keys = keys_of(session)
    if not keys.holds(level):
        target.__dict__[_LOCKED] = True
        return
    plain = unpack(keys.open(level, spec.name, identity_of(spec, target), sealed))
    for attr in spec.content:
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
        if held is None:  # inserted in this same flush (a batch flushes a case with its rows)
            held = session.info.get(_PENDING, {}).get((cls, row_id))
        if held is not None:
            return int(getattr(held, attr) or 0)
    found = connection.execute(select(getattr(cls, attr)).where(cls.id == row_id)).scalar()
    return int(found or 0)


_PENDING = "bjstc.sealing.pending"  # session.info during a flush: (class, id) → the object being inserted


@event.listens_for(Session, "before_flush")
def _note_pending(session: Session, _context: Any, _instances: Any) -> None:
    """Whatever the order the flush inserts its rows in, a row of a case inserted in the
    same flush is sealed at that case's level (never at 公开 for want of the case row)."""
    session.info[_PENDING] = {(type(o), o.id): o for o in session.new if isinstance(getattr(o, "id", None), str)}


@event.listens_for(Session, "after_flush_postexec")
def _forget_pending(session: Session, _context: Any) -> None:
    session.info.pop(_PENDING, None)


def _case_level(target: Any, session: Session | None, connection: Connection) -> int:
    """The level of the case a row belongs to, as it is about to be written."""
    from bjstc_desktop.store.models import Case

    return level_of_row(Case, target.case_id, session, connection)


def _before_write(_mapper: Any, connection: Connection, target: Any) -> None:
    spec = sealing_of(type(target))
    session = object_session(target)
    if spec.level_from_case or spec.level_of is not None:
        level = (spec.level_of(target, session, connection) if spec.level_of is not None
                 else _case_level(target, session, connection))
        if getattr(target, spec.level_attr) != level:
            setattr(target, spec.level_attr, level)
    level = int(getattr(target, spec.level_attr) or 0)
    if spec.on_write is not None and not is_locked(target):
        spec.on_write(target, level, keys_of(session))
    if is_locked(target):
        state = inspect(target)
        changed = [a for a in (*spec.content, spec.level_attr) if state.attrs[a].history.has_changes()]
        if changed or not keys_of(session).holds(level):
            raise missing_key(level)
        return
    if level <= 0:
        if target.sealed is not None:  # lowered to 公开: the plain values go back into the columns
            target.sealed = None
            for attr in spec.content:
                flag_modified(target, attr)
        return
    plain = {attr: _with_default(spec, attr, getattr(target, attr)) for attr in spec.content}
    target.sealed = keys_of(session).seal(level, spec.name, identity_of(spec, target), pack(plain))
    for attr, blank in spec.content.items():
        setattr(target, attr, blank(plain) if callable(blank) else blank)
    target.__dict__[_PLAIN] = plain


def _after_write(_mapper: Any, _connection: Connection, target: Any) -> None:
    plain = target.__dict__.pop(_PLAIN, None)
    if plain:
        for attr, value in plain.items():
            set_committed_value(target, attr, value)


def sealed_model(*, content: dict[str, Blank], identity: tuple[str, ...], level_attr: str = "level",
                 level_from_case: bool = True, level_of: LevelOf | None = None,
                 on_write: OnWrite | None = None) -> Callable[[type[Model]], type[Model]]:
    """Class decorator: `content` attributes are sealed at levels above 公开 (with the
    value each column keeps meanwhile), `identity` names the row in the associated data,
    `level_attr` holds the level (followed from the case row when `level_from_case`, or
    given by `level_of(row, session, connection)` at each write);
    `on_write(row, level, keys)` runs before each write with the plain values."""
    def register(cls: type[Model]) -> type[Model]:
        table = cls.__table__
        if not isinstance(table, Table):  # a model mapped to a join or a select has no one table to seal
            raise TypeError(f"{cls.__name__}: sealed_model needs a model mapped to a table")
        spec = Sealing(model=cls, table=table, content=dict(content), identity=identity, level_attr=level_attr,
                       level_from_case=level_from_case, level_of=level_of, on_write=on_write,
                       defaults=_scalar_defaults(table, content))
        event.listen(cls, "load", lambda target, context: _open(target, _session(target, context)))
        event.listen(cls, "refresh", lambda target, context, _attrs: _open(target, _session(target, context)))
        event.listen(cls, "before_insert", _before_write)
        event.listen(cls, "before_update", _before_write)
        event.listen(cls, "after_insert", _after_write)
        event.listen(cls, "after_update", _after_write)
        _SEALED.append(spec)
        _BY_MODEL[cls] = spec
        return cls
    return register


def touch(rows: Iterable[Any]) -> None:
    """Mark rows to be sealed again at the next flush (their case's level changed)."""
    for row in rows:
        if is_locked(row):
            raise PermissionDeniedError("不能改变无法读取的内容的密级。", "Content that cannot be read cannot be re-classified.")
        flag_modified(row, "sealed")
