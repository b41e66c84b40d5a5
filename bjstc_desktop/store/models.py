"""SQLAlchemy 2.0 models of the store. Money is integer 分; dates are ISO dates;
times are UTC. Case content lives only in store.db (SQLCipher) and encrypted blobs."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from bjstc_desktop.core.clocks import moment_on
from bjstc_desktop.core.importprofiles import NATURAL_KEY_FIELDS
from bjstc_desktop.core.searchquery import case_no_sort_key
from bjstc_desktop.store.levelkeys import ContentKeys
from bjstc_desktop.store.sealing import sealed_model

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time in UTC (naive, as SQLite stores it)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def utc_on(day: dt.date) -> dt.datetime:
    """`core.clocks.moment_on(day)` in UTC (naive, as the timeline stores moments)."""
    return moment_on(day).astimezone(dt.UTC).replace(tzinfo=None)


def table(model: type[Base]) -> Table:
    """The table of a model, for plain Core SQL: a statement over it never configures
    the ORM's mappers (the start-up's reads, issue 15 point 4, go this way)."""
    return cast(Table, model.__table__)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so Alembic batch mode is stable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)



def declare_postgresql_options() -> None:
    """The models' options only PostgreSQL reads, declared when a hub engine is made (an
    embedded store never loads that dialect): the open-cases index is partial there too,
    as migration 0003 creates it."""
    index = next(ix for ix in table(Case).indexes if ix.name == "ix_cases_open_due")
    index.dialect_options["postgresql"]["where"] = text("closed_on IS NULL")


class User(Base):
    """An account: role, clearance (密级 level 0-3) and module scope (comma list)."""

    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    role: Mapped[str] = mapped_column(String(16))
    clearance: Mapped[int] = mapped_column(Integer, default=0)
    modules: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_passphrase: Mapped[bool] = mapped_column(Boolean, default=False)
    # The id of the user's one valid key slot in workstation.json: the file may hold a
    # second one while a change commits (store/slotchange.py); this decides.
    slot_id: Mapped[str | None] = mapped_column(String(36))
    # Security administrator and auditor only: the role key's signature over this account
    # (store/rolekeys.py), which someone holding only the data key cannot make.
    role_proof: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Officers and approvers: the public half of the X25519 key in their own slot, to
    # which the level keys they are cleared for are sealed (store/grants.py).
    kex_public: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Setting(Base):
    """A workstation setting (JSON value)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class NodeIdentity(Base):
    """This workstation's node keys for sync (private keys never leave store.db)."""

    __tablename__ = "node_identity"
    node_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    signing_private: Mapped[bytes] = mapped_column(LargeBinary)
    agreement_private: Mapped[bytes] = mapped_column(LargeBinary)
    # The gm-1 key set (two SM2 keys, as the signing and encryption certificates of
    # Chinese PKI): every node holds both suites' keys (docs/sync-format.md §3).
    gm_signing_private: Mapped[bytes] = mapped_column(LargeBinary)
    gm_encryption_private: Mapped[bytes] = mapped_column(LargeBinary)
    # The accredited ceiling (Level): workstation.json must agree, or nobody unlocks.
    ceiling: Mapped[int | None] = mapped_column(Integer)
    auditor_public: Mapped[bytes | None] = mapped_column(LargeBinary)
    secadmin_public: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


@sealed_model(content={"title": "", "knowers": None, "declassify_condition": None}, identity=("id",),
              level_attr="classification", level_from_case=False)
class Case(Base):
    """The common columns of every case (design/modules.md); typed per-type fields
    live in CaseField. Above 公开 the title, 知悉范围 and 解密条件 are sealed with the
    level's key (store/sealing.py); what lists and counts need stays readable."""

    __tablename__ = "cases"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(64), unique=True)
    case_no_key: Mapped[str | None] = mapped_column(String(96))  # the 案号 as it sorts, set on every write
    module: Mapped[str] = mapped_column(String(32))
    case_type: Mapped[str] = mapped_column(String(48))
    title: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(32))
    handler_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    office: Mapped[str] = mapped_column(String(64), default="")
    district: Mapped[str | None] = mapped_column(String(16))
    classification: Mapped[int] = mapped_column(Integer, default=0)
    secrecy_period: Mapped[str | None] = mapped_column(String(16))  # e.g. "10年", "6月"
    declassify_condition: Mapped[str | None] = mapped_column(Text)
    knowers: Mapped[str | None] = mapped_column(Text)  # 知悉范围
    classified_on: Mapped[dt.date | None] = mapped_column(Date)
    classifier: Mapped[str | None] = mapped_column(String(64))  # 定密责任人
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    accepted_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    due_verified: Mapped[bool] = mapped_column(Boolean, default=True)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (
        # Keyset paging per tab: module, then newest first by id (UUIDv7 is time-ordered).
        Index("ix_cases_module_id", "module", "id"),
        # Sorted duty lists, keyset-paged on (sort value, id) within a module (0008).
        Index("ix_cases_module_state_id", "module", "state", "id"),
        Index("ix_cases_module_received_id", "module", "received_on", "id"),
        Index("ix_cases_module_due_id", "module", "due_on", "id"),
        Index("ix_cases_module_case_no_key_id", "module", "case_no_key", "id"),
        Index("ix_cases_district_id", "district", "id"),  # the search filter by district
        Index("ix_cases_module_class", "module", "classification"),  # counts per tab, index-only
        # Due soon / overdue across modules: open cases in due order, LIMIT stops early.
        # Partial on PostgreSQL too (declare_postgresql_options: a postgresql_ argument here
        # would load that dialect at every embedded start, ~30 ms; issue 15 point 4).
        Index("ix_cases_open_due", "due_on", "id", sqlite_where=text("closed_on IS NULL")),
        Index("ix_cases_handler_module_id", "handler_id", "module", "id"),  # 我承办的, per module
        Index("ix_cases_type", "case_type"),
    )


@event.listens_for(Case, "before_insert")
@event.listens_for(Case, "before_update")
def _set_case_no_key(_mapper: object, _connection: object, case: Case) -> None:
    """Keep the sortable form of the 案号 with it, whoever writes the case."""
    case.case_no_key = case_no_sort_key(case.case_no) if case.case_no else None


class CaseTally(Base):
    """Cases per module and classification, kept by triggers on `cases` (migration
    0008), so tab counts never scan the case table."""

    __tablename__ = "case_tallies"
    module: Mapped[str] = mapped_column(String(32), primary_key=True)
    classification: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


def _natural_token(row: CaseField, level: int, keys: ContentKeys) -> None:
    """A sealed value of an import profile's natural key keeps a keyed hash to be found by."""
    if level <= 0 or row.key not in NATURAL_KEY_FIELDS:
        row.token = None
        return
    value = row.text_value if row.text_value is not None else (
        row.date_value.isoformat() if row.date_value is not None else row.int_value)
    row.token = None if value is None else keys.natural_token(row.key, str(value))


@sealed_model(content={"text_value": None, "int_value": None, "date_value": None, "json_value": None},
              identity=("case_id", "key"), on_write=_natural_token)
class CaseField(Base):
    """One typed field value of a case (EAV with typed columns, so natural keys and
    money can be indexed and summed). Above 公开 the value is sealed; an import
    profile's natural key then keeps a keyed hash (`token`) to be found by."""

    __tablename__ = "case_fields"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    text_value: Mapped[str | None] = mapped_column(Text)
    int_value: Mapped[int | None] = mapped_column(Integer)
    date_value: Mapped[dt.date | None] = mapped_column(Date)
    json_value: Mapped[str | None] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    token: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_case_fields_key_text", "key", "text_value"),
        Index("ix_case_fields_key_int", "key", "int_value"),
        Index("ix_case_fields_key_token", "key", "token"),
    )


class CaseCounter(Base):
    """The last 案号 sequence per case type and year (no gaps, no duplicates)."""

    __tablename__ = "case_counters"
    case_type: Mapped[str] = mapped_column(String(48), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Organisation(Base):
    """An organisation, keyed by its 统一社会信用代码 where it has one."""

    __tablename__ = "organisations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    org_code: Mapped[str | None] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(Text)
    legal_type: Mapped[str] = mapped_column(String(32), default="")
    district: Mapped[str | None] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Person(Base):
    """A person, keyed by ID type and number; birth date and sex derived from it."""

    __tablename__ = "persons"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    id_type: Mapped[str] = mapped_column(String(16), default="居民身份证")
    id_number: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(128))
    sex: Mapped[str | None] = mapped_column(String(4))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    nationality: Mapped[str] = mapped_column(String(8), default="CHN")
    workplace_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("id_type", "id_number", name="uq_persons_id_type_number"),)


@sealed_model(content={"organisation_id": None, "person_id": None, "party": None}, identity=("id",))
class CaseParty(Base):
    """A party of a case in a role (承担单位, 买方, 卖方, 候选人, ...). Above 公开 the link
    is sealed, and the organisation named only by a classified case is kept inside it
    (`party`: USCC and name) instead of in the shared organisation register."""

    __tablename__ = "case_parties"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("persons.id"), index=True)
    rank: Mapped[int] = mapped_column(Integer, default=0)
    party: Mapped[str | None] = mapped_column(Text)  # JSON [uscc, name] of an unregistered organisation
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


@sealed_model(content={"opinion": None, "details": "{}"}, identity=("id",))
class TimelineEvent(Base):
    """One step in a case's history: who, when, what, with the opinion (sealed above 公开)."""

    __tablename__ = "timeline_events"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(48))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str | None] = mapped_column(String(32))
    opinion: Mapped[str | None] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text, default="{}")
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


@sealed_model(content={"filename": "", "blob_key": b""}, identity=("id",))
class Attachment(Base):
    """An attachment: the file is an encrypted blob named by a keyed hash; its own
    key is kept here, inside the encrypted database, and above 公开 sealed with the
    level's key together with the file name. The content hash stays readable: sync
    finds contents by it (docs/security.md says what that lets a data-key holder confirm)."""

    __tablename__ = "attachments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    checklist_item: Mapped[str | None] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(Text)
    blob_name: Mapped[str] = mapped_column(String(64))
    blob_key: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


class AuditEvent(Base):
    """Append-only, hash-chained audit event: hash = SHA-256(prev_hash ‖ canonical body)."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    target_type: Mapped[str] = mapped_column(String(32), default="")
    target_id: Mapped[str] = mapped_column(String(64), default="")
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class CalendarDay(Base):
    """A day that differs from the Mon-Fri default: a holiday or a make-up working day."""

    __tablename__ = "calendar_days"
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String(24))
    holiday_name: Mapped[str] = mapped_column(String(32), default="")
    source_doc: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(64), default="seed")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CalendarYear(Base):
    """A year whose State Council holiday notice is loaded (deadlines in it are verified)."""

    __tablename__ = "calendar_years"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_doc: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(64), default="seed")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class RuleParameter(Base):
    """A statutory number (time limit, threshold, quota) with its legal basis."""

    __tablename__ = "rule_parameters"
    key: Mapped[str] = mapped_column(String(96), primary_key=True)
    label: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(16), default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[str] = mapped_column(String(64), default="seed")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SearchDoc(Base):
    """Maps a case to its document in the FTS5 index `case_search` (created by
    migration 0002 in raw SQL: virtual tables are outside the ORM)."""

    __tablename__ = "search_docs"
    doc_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)


# Tables that exist in the store but not in the ORM (FTS5 and its shadow tables; a
# hub's role map and audit origins, store/hubroles.py).
UNMAPPED_TABLE_PREFIXES = ("case_search", "hub_")


@sealed_model(content={"state": "{}"}, identity=("case_id", "key"))
class CaseClock(Base):
    """One statutory clock of a case (its pauses and extensions as JSON, sealed above
    公开: their reasons are opinions) and the due date it gives; the case's own due date
    is the earliest running deadline."""

    __tablename__ = "case_clocks"
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(48), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="limit")  # limit | period
    state: Mapped[str] = mapped_column(Text)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    due_verified: Mapped[bool] = mapped_column(Boolean, default=True)
    running: Mapped[bool] = mapped_column(Boolean, default=True)
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


class DocNumberCounter(Base):
    """The last 发文字号 sequence per 机关代字 and year: bumped in the transaction that
    registers the letter, so numbers have no gaps and no duplicates."""

    __tablename__ = "doc_number_counters"
    daizi: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


@sealed_model(content={"title": "", "signer": "", "file_name": "", "blob_key": b"", "sha256": "",
                       "ofd_blob_key": None, "ofd_sha256": None, "void_reason": None}, identity=("id",))
class Letter(Base):
    """The letter register: every issued letter with its 发文字号. A voided number stays,
    marked 作废, and is never given out again. A copy of the PDF is kept as a blob, and
    of the OFD made from the same pages (GB/T 33190; none for letters issued before 0009).
    A letter of a classified case has its title, signer, files' hashes and keys sealed at
    the case's level."""

    __tablename__ = "letters"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    daizi: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    template: Mapped[str] = mapped_column(String(48))
    format: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text)
    issued_on: Mapped[dt.date] = mapped_column(Date)
    signer: Mapped[str] = mapped_column(String(128), default="")
    issued_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    fonts: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the faces embedded
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(Text, default="")
    blob_name: Mapped[str] = mapped_column(String(64))
    blob_key: Mapped[bytes] = mapped_column(LargeBinary)
    ofd_sha256: Mapped[str | None] = mapped_column(String(64))
    ofd_size: Mapped[int | None] = mapped_column(Integer)
    ofd_blob_name: Mapped[str | None] = mapped_column(String(64))
    ofd_blob_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(8), default="有效")  # 有效 | 作废
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    voided_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (UniqueConstraint("daizi", "year", "seq", name="uq_letters_daizi_year_seq"),)


class LevelKeyCheck(Base):
    """One keyed level of this workstation and the public commitment to its key
    (store/levelkeys.py check_value): a key that does not match is refused."""

    __tablename__ = "level_keys"
    level: Mapped[int] = mapped_column(Integer, primary_key=True)
    check_value: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class LevelGrant(Base):
    """A level key sealed to one officer's or approver's key-agreement key (users.kex_public)
    by whoever holds it: the security administrator, the recovery code, or the system
    administrator before a security administrator exists (store/grants.py)."""

    __tablename__ = "level_grants"
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, primary_key=True)
    kex_public: Mapped[bytes] = mapped_column(LargeBinary)  # the key it is sealed to
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ImportMapping(Base):
    """A saved column mapping for one import profile and one source (the office that
    sends the list): header text → field key, as JSON."""

    __tablename__ = "import_mappings"
    profile: Mapped[str] = mapped_column(String(48), primary_key=True)
    source: Mapped[str] = mapped_column(String(128), primary_key=True)
    mapping: Mapped[str] = mapped_column(Text, default="{}")
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


@sealed_model(content={"title": "", "content": "{}"}, identity=("id",), level_attr="classification",
              level_from_case=False)
class Draft(Base):
    """An open form's unsaved input (a new case, an edit, a move's opinion), kept as the
    officer types so nothing is lost to a lock, a crash or a restart. Only its author
    reads it; it lives in store.db (SQLCipher) like every case content, never in a file.
    `content` is JSON of what was typed; `classification` and `module` are the case's,
    so a lowered clearance or a narrowed scope hides the draft as it hides the case."""

    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # case_new | case_edit | action
    subject: Mapped[str] = mapped_column(String(64))  # the case type (case_new) or the case id
    action: Mapped[str] = mapped_column(String(48), default="")  # the move (action)
    module: Mapped[str] = mapped_column(String(32))  # the duty: a lost scope hides the draft
    title: Mapped[str] = mapped_column(Text, default="")  # how the draft is listed
    classification: Mapped[int] = mapped_column(Integer, default=0)
    content: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)  # title and content above 公开

    __table_args__ = (Index("ix_drafts_user_id_kind_subject", "user_id", "kind", "subject"),)


# The duty and sync tables live in their own files. A start-up's first screen reads none
# of them (issue 15 point 4: declaring them is ~60 ms of a start), so they are imported
# where they are used; whatever needs every table (the migrations' environment, the
# sealed-model list that resealing walks) calls load_all(). No table here has a foreign
# key into them and no model a relationship, so the ORM works on these models alone.
# (Not imported from a Mapper "before_configured" hook: that runs under SQLAlchemy's
# configure lock, and a thread declaring a model meanwhile holds its module's import
# lock and waits for that lock: a deadlock.)
DEFERRED_MODELS = ("bjstc_desktop.store.duty_models", "bjstc_desktop.store.sync_models")


def load_all() -> None:
    """Declare every model (the deferred files too), so Base.metadata holds every table."""
    for name in DEFERRED_MODELS:
        importlib.import_module(name)


@event.listens_for(Session, "before_flush")
def _refuse_writes_to_filed_cases(session: Session, context: Any, instances: Any) -> None:
    # The filed-case backstop (store/filed_guard.py), registered with the models so that
    # no flush can precede it; its module (and the duty tables it reads) loads at the first flush.
    from bjstc_desktop.store.filed_guard import refuse_writes_to_filed_cases

    refuse_writes_to_filed_cases(session, context, instances)
