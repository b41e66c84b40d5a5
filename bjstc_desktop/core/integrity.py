"""Research integrity (科研诚信/失信) as pure rules: a finding against an organisation
(USCC) or a person (ID number), when it is in force, whom and which duties it concerns,
the parties a case names, and the hits the 形式审查 check shows.

A record is in force from its first day to its last day, both included; a record whose
last day was yesterday no longer hits. A record with no last day stays in force until it
is revoked (撤销). Its scope is the duty modules it concerns (none named: all duties).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, RuleDef
from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.experts import CaseParties, Identity
from bjstc_desktop.core.fieldvalues import parse_value
from bjstc_desktop.core.resources import resources_dir

F, K = FieldDef, FieldKind

IN_FORCE, REVOKED = "有效", "撤销"
SUBJECT_KINDS = {"org": "单位", "person": "个人"}

BLOCKING_RULE = "integrity.blocking_measures"
EXPERT_BAN_RULE = "integrity.expert_ban_measures"
_BASIS = "国科发监〔2022〕221号《科研失信行为调查处理规则》第三十九条；哪些措施阻止受理为本工作站初始设定（未核实，可配置）"
INTEGRITY_RULES: tuple[RuleDef, ...] = (
    RuleDef(BLOCKING_RULE, "阻止受理的失信处理措施", "取消申报资格,列入严重失信名单", "list", _BASIS,
            label_en="Misconduct measures that block acceptance"),
    RuleDef(EXPERT_BAN_RULE, "不得担任评审专家的失信处理措施", "禁止担任评审专家,列入严重失信名单", "list", _BASIS,
            label_en="Misconduct measures that bar reviewing"),
)


@cache
def _measure_table() -> dict[str, Any]:
    return json.loads((resources_dir() / "seed" / "integrity_measures.json").read_text(encoding="utf-8"))


def measures() -> tuple[str, ...]:
    """The measures a record may name (resources/seed/integrity_measures.json)."""
    return tuple(str(m) for m in _measure_table()["measures"])


def measure_en(measure: str) -> str:
    """A measure's English name (the Chinese when the table has none)."""
    return str(_measure_table().get("measures_en", {}).get(measure, measure))


# The record's fields, so the form, the import wizard and the validators share them.
RECORD_FIELDS: tuple[FieldDef, ...] = (
    F("subject_kind", "对象类型", K.ENUM, required=True, choices=tuple(SUBJECT_KINDS.values()),
      label_en="Subject", choices_en=("Organisation", "Person")),
    F("name", "单位或个人名称", required=True, label_en="Name of the organisation or person"),
    F("number", "统一社会信用代码或身份证号", required=True, help="单位填统一社会信用代码，个人填身份证号",
      label_en="USCC or ID number", help_en="An organisation's USCC, a person's ID number"),
    F("source", "认定机关", required=True, label_en="Issued by"),
    F("decision_no", "处理决定文号", required=True, label_en="Decision number"),
    F("measure", "处理措施", K.ENUM, required=True, choices=measures(), label_en="Measure",
      choices_en=tuple(measure_en(m) for m in measures())),
    F("scope", "适用业务范围", help="业务模块代码，多个用逗号分隔；留空为全部业务", label_en="Duties it applies to",
      help_en="Duty codes separated by commas; empty: every duty"),
    F("start_on", "起始日期", K.DATE, required=True, label_en="From"),
    F("end_on", "截止日期", K.DATE, help="留空为长期有效，直至撤销", label_en="Until",
      help_en="Empty: in force until revoked"),
)


@dataclass(frozen=True)
class IntegrityRecord:
    """One finding as the rules see it."""

    id: str
    subject: Identity
    source: str
    decision_no: str
    measure: str
    scope: tuple[str, ...]  # module codes; empty: every duty
    start_on: date
    end_on: date | None = None
    status: str = IN_FORCE

    def in_force(self, day: date) -> bool:
        """In force on `day`: not revoked, and `day` within its first and last day."""
        return (self.status == IN_FORCE and self.start_on <= day
                and (self.end_on is None or day <= self.end_on))

    def concerns(self, module: str) -> bool:
        """Whether the record's scope covers duty `module`."""
        return not self.scope or module in self.scope


def subject_number(kind: str, text: str) -> str:
    """The subject's number checked as a USCC (org) or an ID number (person)."""
    field = F("number", "统一社会信用代码" if kind == "org" else "身份证号", K.USCC if kind == "org" else K.ID_NUMBER)
    return str(parse_value(field, text))


def check_period(start_on: date, end_on: date | None) -> None:
    """Refuse a period that ends before it starts."""
    if end_on is not None and end_on < start_on:
        raise ValidationError(f"截止日期 {end_on} 早于起始日期 {start_on}。",
                              f"The last day {end_on} is before the first day {start_on}.", field="end_on")


def parse_scope(text: str | Iterable[str] | None, known: Sequence[str]) -> tuple[str, ...]:
    """"programs, industry" → ("programs", "industry"); "" or 全部 → () (every duty)."""
    words = [text] if isinstance(text, str) or text is None else list(text)
    codes: list[str] = []
    for word in words:
        for w in str(word or "").replace("，", ",").replace("、", ",").split(","):
            w = w.strip()
            if w and w not in ("全部", "all") and w not in codes:
                codes.append(w)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError(f"没有业务模块：{'、'.join(unknown)}（可选：{', '.join(known)}）。",
                              f"No module(s) {', '.join(unknown)}; one of: {', '.join(known)}.", field="scope")
    return tuple(codes)


# ----- who a case names -----------------------------------------------------------------------
def _identity(kind: FieldKind, value: Any, name: str, label: str, label_en: str = "") -> Identity | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return Identity("org" if kind is FieldKind.USCC else "person", value.strip(), name, label, label_en)


def case_parties(ct: CaseType, fields: Mapping[str, Any]) -> CaseParties:
    """The organisations and persons a case names: its principal parties (the USCC of a
    party field, the ID numbers among its own fields) and the others (co-applicants,
    partners: USCC and ID columns of its tables)."""
    principal: list[Identity] = []
    others: list[Identity] = []
    for f in ct.fields:
        if f.kind in (FieldKind.USCC, FieldKind.ID_NUMBER):
            owner = ct.field(f.key.removesuffix("_uscc").removesuffix("_id")) if f.key.endswith(("_uscc", "_id")) else None
            name = str(fields.get(owner.key) or "") if owner is not None else ""
            found = _identity(f.kind, fields.get(f.key), name, f.label, f.label_en)
            if found is not None:
                principal_kind = f.kind is FieldKind.ID_NUMBER or (owner is not None and owner.kind is FieldKind.PARTY)
                (principal if principal_kind else others).append(found)
        elif f.kind is FieldKind.ROWS:
            names = [c.key for c in f.columns if c.kind in (FieldKind.TEXT, FieldKind.PARTY)]
            for row in fields.get(f.key) or []:
                for c in f.columns:
                    if c.kind in (FieldKind.USCC, FieldKind.ID_NUMBER):
                        name = str(row.get(names[0]) or "") if names else ""
                        found = _identity(c.kind, row.get(c.key), name, f"{f.label}·{c.label}",
                                          f"{f.label_en or f.label}, {c.label_en or c.label}")
                        if found is not None:
                            others.append(found)
    return CaseParties(_unique(principal), tuple(i for i in _unique(others) if i.key not in
                                                 {p.key for p in principal}))


def _unique(items: Iterable[Identity]) -> tuple[Identity, ...]:
    seen: dict[tuple[str, str], Identity] = {}
    for i in items:
        seen.setdefault(i.key, i)
    return tuple(seen.values())


# ----- hits ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hit:
    """A party of a case found in a record in force."""

    party: Identity
    record: IntegrityRecord

    def describe(self) -> tuple[str, str]:
        """(zh, en) naming the party, the decision and the measure."""
        r = self.record
        until = f"至 {r.end_on}" if r.end_on else "长期"
        who = self.party.name or r.subject.name or self.party.number
        return (f"{self.party.label}“{who}”：{r.source}{r.decision_no}，{r.measure}（{r.start_on} 起{until}）",
                f"{self.party.label_en or self.party.label} {who}: {r.source} {r.decision_no}, {measure_en(r.measure)} "
                f"(from {r.start_on}{', until ' + str(r.end_on) if r.end_on else ''})")


def hits(records: Iterable[IntegrityRecord], parties: CaseParties, module: str, day: date) -> tuple[Hit, ...]:
    """Every (party, record) where the record is in force on `day` and concerns `module`."""
    by_key: dict[tuple[str, str], list[IntegrityRecord]] = {}
    for r in records:
        if r.in_force(day) and r.concerns(module):
            by_key.setdefault(r.subject.key, []).append(r)
    return tuple(Hit(p, r) for p in parties.all for r in by_key.get(p.key, ()))


@dataclass(frozen=True)
class IntegrityFacts:
    """What the store found for a case, for its checks: the hits the acting user may
    read, and how many more hits lie in records above his clearance or scope (they
    count, without their content)."""

    hits: tuple[Hit, ...] = ()
    hidden_blocking: int = 0
    hidden_other: int = 0
