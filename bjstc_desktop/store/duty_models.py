"""The store's tables of the three duties every module shares (issue 17): the expert
pool with its declared relationships and review history, the panels drawn for cases,
科研失信 records, and the 件 of filed cases (文书档案). Imported by models.py so
Base.metadata holds them.

Visibility: an expert or a record has a classification and a scope of duty modules
("" = every duty); it is seen by a case handler cleared for it whose scope meets it.
Panels and 件 belong to a case and are seen exactly when the case is."""

from __future__ import annotations

import datetime as dt
import os

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from bjstc_desktop.store.levelkeys import ContentKeys
from bjstc_desktop.store.models import Base, utcnow
from bjstc_desktop.store.sealing import level_of_row, sealed_model

SUBJECT = "subject"  # the natural-token kind of an ID number or USCC (experts and 失信 subjects alike)


def _placeholder(_plain: object) -> str:
    """What a unique identifier column keeps while its value is sealed: unique, meaningless."""
    return "\u203b" + os.urandom(8).hex()


def subject_token(keys: ContentKeys, number: str) -> str:
    """The keyed hash an ID number or USCC is found by while sealed (store/levelkeys.py
    natural_token: a data-key holder can confirm a guessed number, never read one)."""
    return keys.natural_token(SUBJECT, number.strip().upper())


def _expert_token(row: Expert, level: int, keys: ContentKeys) -> None:
    row.token = subject_token(keys, row.id_number) if level > 0 and row.id_number else None


@sealed_model(content={"name": "", "id_number": _placeholder, "employer": "", "employer_uscc": None,
                       "professional_title": "", "phone": "", "email": "", "note": ""},
              identity=("id",), level_attr="classification", level_from_case=False, on_write=_expert_token)
class Expert(Base):
    """An expert of the pool (专家库), keyed by ID number. Above 公开 who he is (name, ID
    number, employer, title, contacts, note) is sealed at his classification; his ID
    number is then found by a keyed token."""

    __tablename__ = "experts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    id_number: Mapped[str] = mapped_column(String(32), unique=True)
    employer: Mapped[str] = mapped_column(Text, default="")
    employer_uscc: Mapped[str | None] = mapped_column(String(18), index=True)
    disciplines: Mapped[str] = mapped_column(Text, default="")  # comma list of GB/T 13745 codes
    category: Mapped[str] = mapped_column(String(16))
    professional_title: Mapped[str] = mapped_column(String(64), default="")  # 职称
    phone: Mapped[str] = mapped_column(String(64), default="")
    email: Mapped[str] = mapped_column(String(128), default="")
    status: Mapped[str] = mapped_column(String(8), default="在库")
    classification: Mapped[int] = mapped_column(Integer, default=0)
    modules: Mapped[str] = mapped_column(Text, default="")  # duty modules that use him; "" = all
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    token: Mapped[str | None] = mapped_column(String(32), index=True)


def _relation_level(row: ExpertRelation, session: Session | None, connection: Connection) -> int:
    return level_of_row(Expert, row.expert_id, session, connection)


def _review_level(row: ExpertReview, session: Session | None, connection: Connection) -> int:
    from bjstc_desktop.store.models import Case

    return max(level_of_row(Expert, row.expert_id, session, connection),
               level_of_row(Case, row.case_id, session, connection))


@sealed_model(content={"number": "", "name": "", "relation": ""}, identity=("id",), level_from_case=False,
              level_of=_relation_level)
class ExpertRelation(Base):
    """A relationship an expert declared (回避声明): an organisation or person he must
    not review; sealed at his classification (`level`, ops/experts.py keeps it so)."""

    __tablename__ = "expert_relations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # org | person
    number: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(Text, default="")
    relation: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)


@sealed_model(content={"applicant_number": "", "applicant_name": "", "note": ""}, identity=("id",),
              level_from_case=False, level_of=_review_level)
class ExpertReview(Base):
    """A review an expert took part in (his history): from a panel of this workstation
    (case_id set) or entered from earlier records. The applicant is sealed at the higher
    of the expert's and the case's level (`level`): a review on a 秘密 case names that
    case's applicant."""

    __tablename__ = "expert_reviews"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    applicant_kind: Mapped[str] = mapped_column(String(8))
    applicant_number: Mapped[str] = mapped_column(String(32))
    applicant_name: Mapped[str] = mapped_column(Text, default="")
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16), default="panel")  # panel | manual
    note: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_expert_reviews_applicant", "applicant_number", "reviewed_on"),)


@sealed_model(content={"reason": ""}, identity=("id",))
class PanelDraw(Base):
    """One draw for a case (the first, or a replacement) as it can be replayed: the
    seed, the eligible pool, who was left out and why, and who was drawn. The officer's
    reason is sealed at a classified case's level."""

    __tablename__ = "panel_draws"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))  # draw | replace
    seed: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    fields: Mapped[str] = mapped_column(Text, default="")  # the wanted discipline codes
    need: Mapped[str] = mapped_column(Text, default="[]")  # JSON [[category, least], ...]
    pool: Mapped[str] = mapped_column(Text, default="[]")  # JSON [[id, category], ...] of the eligible
    excluded: Mapped[str] = mapped_column(Text, default="[]")  # JSON [[id, reason], ...]
    chosen: Mapped[str] = mapped_column(Text, default="[]")  # JSON [id, ...]
    staying: Mapped[str] = mapped_column(Text, default="[]")  # replace: the staying members' categories
    reason: Mapped[str] = mapped_column(Text, default="")
    replaced_member_id: Mapped[str | None] = mapped_column(String(36))
    drawn_on: Mapped[dt.date] = mapped_column(Date)
    drawn_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (UniqueConstraint("case_id", "seq", name="uq_panel_draws_case_seq"),)


@sealed_model(content={"reason": "", "scores": "{}", "total": None, "opinion": ""}, identity=("id",))
class PanelMember(Base):
    """An expert on a case's panel: his status, his scores and total, his opinion (the
    last three and the reason sealed at a classified case's level)."""

    __tablename__ = "panel_members"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    expert_id: Mapped[str] = mapped_column(ForeignKey("experts.id"), index=True)
    draw_id: Mapped[str] = mapped_column(ForeignKey("panel_draws.id"))
    status: Mapped[str] = mapped_column(String(8), default="已抽取")
    reason: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(16))
    scores: Mapped[str] = mapped_column(Text, default="{}")  # JSON item → score
    total: Mapped[str | None] = mapped_column(String(16))  # decimal text, two places
    opinion: Mapped[str] = mapped_column(Text, default="")
    scored_on: Mapped[dt.date | None] = mapped_column(Date)
    invitation_no: Mapped[str | None] = mapped_column(String(64))  # the 专家邀请函's 发文字号
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (UniqueConstraint("case_id", "expert_id", name="uq_panel_members_case_expert"),)


def _record_tokens(row: IntegrityRecordRow, level: int, keys: ContentKeys) -> None:
    if level <= 0 or not row.number:
        row.token = row.key_token = None
        return
    row.token = subject_token(keys, row.number)
    row.key_token = keys.natural_token("integrity", f"{row.number}|{row.decision_no}|{row.measure}")


@sealed_model(content={"number": _placeholder, "name": "", "source": "", "decision_no": _placeholder, "note": "",
                       "revoke_reason": None},
              identity=("id",), level_attr="classification", level_from_case=False, on_write=_record_tokens)
class IntegrityRecordRow(Base):
    """A 科研失信 finding against an organisation (USCC) or a person (ID number). Above
    公开 the subject, the decision and the notes are sealed at its classification; the
    subject's number is then found by a keyed token, and the natural key by another."""

    __tablename__ = "integrity_records"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(8))  # org | person
    number: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")  # 认定机关
    decision_no: Mapped[str] = mapped_column(String(128))
    measure: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str] = mapped_column(Text, default="")  # duty modules; "" = every duty
    start_on: Mapped[dt.date] = mapped_column(Date)
    end_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="有效")  # 有效 | 撤销
    classification: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    token: Mapped[str | None] = mapped_column(String(32), index=True)
    key_token: Mapped[str | None] = mapped_column(String(32), index=True)

    __table_args__ = (UniqueConstraint("number", "decision_no", "measure", name="uq_integrity_records_key"),)


@sealed_model(content={"title": ""}, identity=("id",))
class ArchiveItem(Base):
    """A 件 of a filed case with its 档号 and the 归档章 data (全宗号, 年度, 保管期限,
    件号, 页数). The 题名 of a classified case's 件 is sealed at the case's level."""

    __tablename__ = "archive_items"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    letter_id: Mapped[str | None] = mapped_column(ForeignKey("letters.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(48))  # letter template code, or case_record
    fonds: Mapped[str] = mapped_column(String(8))
    year: Mapped[int] = mapped_column(Integer)
    retention: Mapped[str] = mapped_column(String(8))
    retention_code: Mapped[str] = mapped_column(String(8))
    item_no: Mapped[int] = mapped_column(Integer)
    archive_no: Mapped[str] = mapped_column(String(48), unique=True)
    title: Mapped[str] = mapped_column(Text)
    doc_no: Mapped[str] = mapped_column(String(64), default="")
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    filed_on: Mapped[dt.date] = mapped_column(Date)
    filed_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    level: Mapped[int] = mapped_column(Integer, default=0)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)

    __table_args__ = (UniqueConstraint("fonds", "year", "retention_code", "item_no", name="uq_archive_items_number"),)
