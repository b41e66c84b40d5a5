"""Merge fields: `{reference}` in a template, filled from the case, its fields and parties.

A reference is one of
  case.title, case.case_no, case.type, case.received_on, case.accepted_on, case.due
  field.KEY             a case field, shown as officers see it (money in 元/万元, dates
                        as 2026年3月5日); field.KEY.last.COL for the last row of a table
  party.ROLE            the party of the case in that role (承担单位, 卖方, ...)
  recipient             who the letter goes to: the case's first party, else the person
                        or district the case names
  opinion               the opinion recorded on the move that issues this letter
  value.KEY             a value the officer gives when issuing (--set KEY=VALUE)
  date, issuer          the 成文日期 and the issuing body
Alternatives are separated by |, the first that has a value wins; "text" is a literal;
`ref>map` looks the value up in one of the template's maps. A value given when issuing
under a reference's own name (opinion=..., recipient=..., deadline=...) wins over the
case. A reference with no value is refused with its name: a letter never goes out with
a blank where a fact should be.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldKind
from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.fieldvalues import display_value
from bjstc_desktop.core.validators.districts import district
from bjstc_desktop.letters.spec import chinese_date

_REF = re.compile(r"\{([^{}]+)\}")
# Marks that close a clause or a sentence: one of them right after a reference makes the
# value's own closing marks redundant.
_CLOSING_MARKS = "。；，、！？："
# Chinese quotation marks one level in: double marks inside double become single, and back.
_ONE_LEVEL_IN = str.maketrans("“”‘’", "‘’“”")


def quote_depth(text: str) -> int:
    """How many quotation marks (“ or ‘) are open at the end of `text`."""
    depth = 0
    for ch in text:
        if ch in "“‘":
            depth += 1
        elif ch in "”’" and depth:
            depth -= 1
    return depth


# Fields that name who a letter goes to when a case has no party (in this order).
# What the officer is asked for when a template's value.KEY has no value.
VALUE_LABELS = {"body": "正文", "subject": "事由", "addressee": "主送机关", "deadline": "期限", "amount": "金额",
                "phone": "联系电话", "period": "公示期", "request_title": "来文标题", "title": "标题"}
RECIPIENT_FIELDS = ("applicant_name", "candidate_name", "proposer", "appellant", "from_district", "sponsor")


@dataclass(frozen=True)
class CaseContext:
    """What a template may draw on: one case as plain values (no store objects)."""

    case_id: str
    case_no: str
    title: str
    case_type: CaseType
    fields: dict[str, Any]
    parties: tuple[tuple[str, str], ...] = ()  # (role, name)
    opinions: tuple[tuple[str, str], ...] = ()  # (action, opinion), oldest first
    received_on: dt.date | None = None
    accepted_on: dt.date | None = None
    due_on: dt.date | None = None
    classification: int = 0
    secrecy_period: str | None = None


class MissingMergeFields(ValidationError):
    """A template needs facts the case does not have yet; `missing` names them."""

    def __init__(self, template: str, missing: list[str]) -> None:
        names = "、".join(missing)
        super().__init__(
            f"无法生成“{template}”：缺少 {names}。请先在案件中填写，或在签发时补充（--set 名称=内容）。",
            f"Cannot produce {template!r}: missing {', '.join(missing)}. Fill them in on the case, "
            "or give them when issuing (--set NAME=VALUE).",
            field=missing[0],
        )
        self.missing = missing


@dataclass
class Merger:
    """Fills references for one letter; collects every missing one before refusing."""

    ctx: CaseContext
    issue_date: dt.date
    issuer: str
    values: dict[str, str] = field(default_factory=dict)
    maps: dict[str, dict[str, str]] = field(default_factory=dict)
    issuing_actions: tuple[str, ...] = ()
    missing: list[str] = field(default_factory=list)

    def fill(self, text: str) -> str:
        """`text` with every reference filled; unfilled ones are recorded in `missing`.

        A value that ends a sentence itself (an officer's opinion, a requested item typed
        with its full stop) loses that mark where the template puts its own right after
        it: a letter never reads "……情况。。". A value set inside the template's own
        quotation marks has its quotation marks turned one level in (“”→‘’, ‘’→“”), as
        Chinese usage nests them: 关于“‘揭榜挂帅’项目”的通知, never “…“…”…”."""
        def filled(m: re.Match[str]) -> str:
            value = self._one(m.group(1))
            if m.end() < len(text) and text[m.end()] in _CLOSING_MARKS:
                value = value.rstrip(_CLOSING_MARKS)
            if quote_depth(text[:m.start()]) % 2 == 1:
                value = value.translate(_ONE_LEVEL_IN)
            return value
        return _REF.sub(filled, text)

    def has(self, expr: str) -> bool:
        """Whether the reference (or one of its alternatives) has a value."""
        return any(self._value(alt.strip()) not in (None, "") for alt in expr.split("|"))

    def _one(self, expr: str) -> str:
        alternatives = [a.strip() for a in expr.split("|")]
        for alt in alternatives:
            value = self._value(alt)
            if value not in (None, ""):
                return str(value)
        applicable = [a for a in alternatives if self._applies(a)] or alternatives
        label = self.label(applicable[0])
        if label not in self.missing:
            self.missing.append(label)
        return ""

    def _applies(self, ref: str) -> bool:
        """A field reference applies only to case types that have the field."""
        kind, _, rest = ref.partition(">")[0].strip().partition(".")
        return kind != "field" or self.ctx.case_type.field(rest.split(".")[0]) is not None

    def _value(self, ref: str) -> str | None:
        if len(ref) >= 2 and ref[0] == ref[-1] == '"':
            return ref[1:-1]
        ref, _, map_name = ref.partition(">")
        ref = ref.strip()
        given = (self.values.get(ref) or "").strip()  # the officer may supply or override any reference
        value = given or self._lookup(ref)
        if value is not None and map_name:
            return self.maps.get(map_name.strip(), {}).get(value)
        return value

    def _lookup(self, ref: str) -> str | None:
        kind, _, rest = ref.partition(".")
        c = self.ctx
        if kind == "case":
            dates = {"received_on": c.received_on, "accepted_on": c.accepted_on, "due": c.due_on}
            if rest in dates:
                day = dates[rest]
                return chinese_date(day) if day else None
            return {"title": c.title, "case_no": c.case_no, "type": c.case_type.name}.get(rest)
        if kind == "field":
            return self._field(rest)
        if kind == "party":
            return next((name for role, name in c.parties if role == rest and name), None)
        if kind == "value":
            return (self.values.get(rest) or "").strip() or None
        if ref == "recipient":
            return self._recipient()
        if ref == "opinion":
            mine = [o for a, o in c.opinions if a in self.issuing_actions and o]
            return mine[-1] if mine else None
        if ref == "date":
            return chinese_date(self.issue_date)
        if ref == "issuer":
            return self.issuer
        return None

    def _field(self, path: str) -> str | None:
        key, *rest = path.split(".")
        fdef = self.ctx.case_type.field(key)
        value = self.ctx.fields.get(key)
        if fdef is None or value in (None, "", []):
            return None
        if fdef.kind is FieldKind.ROWS:
            if len(rest) != 2 or rest[0] != "last" or not value:
                return None
            col = next((c for c in fdef.columns if c.key == rest[1]), None)
            cell = value[-1].get(rest[1])
            return None if col is None or cell in (None, "") else show(col.kind, col, cell)
        return show(fdef.kind, fdef, value)

    def _recipient(self) -> str | None:
        ct, fields = self.ctx.case_type, self.ctx.fields
        for f in ct.fields:
            if f.kind is FieldKind.PARTY and fields.get(f.key):
                return str(fields[f.key])
        if self.ctx.parties:
            return self.ctx.parties[0][1]
        for key in RECIPIENT_FIELDS:
            value = fields.get(key)
            if not value:
                continue
            fdef = ct.field(key)
            if fdef is not None and fdef.kind is FieldKind.DISTRICT:
                found = district(str(value))
                return f"{found.name}人民政府" if found else None
            return str(value)
        return None

    def label(self, ref: str) -> str:
        """The officer's name for a reference, for the refusal message."""
        ref = ref.partition(">")[0].strip()
        kind, _, rest = ref.partition(".")
        if kind == "field":
            fdef = self.ctx.case_type.field(rest.split(".")[0])
            return f"{fdef.label}（{ref}）" if fdef else f"字段 {rest}（{ref}）"
        names = {"case.due": "办理期限", "case.received_on": "收件日期", "case.accepted_on": "受理日期",
                 "recipient": "收文单位", "opinion": "办理意见"}
        if ref in names:
            return f"{names[ref]}（{ref}）"
        if kind == "party":
            return f"当事方“{rest}”（{ref}）"
        if kind == "value":
            return f"{VALUE_LABELS.get(rest, rest)}（{rest}）"
        return ref


def show(kind: FieldKind, fdef: Any, value: Any) -> str:
    """A field value as printed in a letter: dates in Chinese, money without a space."""
    if kind is FieldKind.DATE:
        return chinese_date(dt.date.fromisoformat(str(value)))
    text = display_value(fdef, value, "zh")  # a letter is Chinese whatever the screen language
    if kind is FieldKind.MONEY:
        text = text.replace(" ", "")
    if kind is FieldKind.DISTRICT:
        found = district(str(value))
        text = found.name if found else text
    return text
