"""The vocabulary in which duty modules declare their case types, as frozen data.

A module file (core/modules/<code>.py) declares `MODULE = Module(...)` holding its case
types; the generic engine (workflow, clocks, checks, forms, CLI) reads only these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class FieldKind(StrEnum):
    """Kinds of case fields (architecture §5). Each has one validator and one widget."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    INTEGER = "integer"
    MONEY = "money"  # integer 分 (fen)
    RATIO = "ratio"  # stored as a decimal string, e.g. "0.1250"
    DATE = "date"  # ISO date
    ENUM = "enum"  # one of `choices`
    BOOL = "bool"
    USCC = "uscc"  # 统一社会信用代码
    ORG_CODE = "org_code"  # 组织机构代码
    ID_NUMBER = "id_number"  # 公民身份号码
    DISTRICT = "district"  # GB/T 2260 code
    ISSN = "issn"
    DOC_NO = "doc_no"  # 发文字号
    HNTE_CERT = "hnte_cert"  # 高新技术企业证书编号
    CONTRACT_NO = "contract_no"  # 技术合同登记编号
    EXPORT_CODE = "export_code"  # 禁止/限制出口技术目录编号
    CN_NUMBER = "cn_number"  # CN 刊号
    PARTY = "party"  # organisation or person with a role
    ROWS = "rows"  # repeated rows with their own columns
    CHECKLIST = "checklist"  # attachment checklist items


@dataclass(frozen=True)
class FieldDef:
    """One field of a case type."""

    key: str
    label: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    columns: tuple[FieldDef, ...] = ()  # for ROWS
    party_role: str = ""  # for PARTY: 承担单位, 买方, 卖方, ...
    unit: str = ""  # display unit: 元, 万元, 人, %
    help: str = ""


class ClockEffect(StrEnum):
    """What a transition does to the case's statutory clock."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    EXTEND = "extend"


@dataclass(frozen=True)
class ClockDef:
    """A statutory period: `rule` names the rule-table entry that holds its length."""

    key: str
    label: str
    rule: str
    unit: str = "workday"  # workday | day | month | hour


@dataclass(frozen=True)
class Transition:
    """A legal move from one state to another, guarded by role, fields and opinion."""

    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...] = ("officer", "approver")
    required_fields: tuple[str, ...] = ()
    opinion_required: bool = False
    clock: str = ""  # key of the ClockDef it affects
    clock_effect: ClockEffect | None = None
    letters: tuple[str, ...] = ()  # letter template codes issued by this move


@dataclass(frozen=True)
class RuleDef:
    """A statutory number with its legal basis; seeded into the editable rule table."""

    key: str
    label: str
    value: str
    unit: str
    basis: str


@dataclass(frozen=True)
class CaseType:
    """A kind of case a duty handles, with everything the engine needs."""

    code: str
    name: str
    short: str  # used in the 案号, e.g. 技合 → 技合〔2026〕12号
    fields: tuple[FieldDef, ...]
    states: tuple[str, ...]
    transitions: tuple[Transition, ...] = ()
    clocks: tuple[ClockDef, ...] = ()
    rules: tuple[RuleDef, ...] = ()
    letters: tuple[str, ...] = ()
    module: str = ""  # filled in by the registry

    @property
    def initial_state(self) -> str:
        """The state a new case starts in."""
        return self.states[0]

    def field(self, key: str) -> FieldDef | None:
        """The field definition named `key`, if any."""
        for f in self.fields:
            if f.key == key:
                return f
        return None

    def actions_from(self, state: str) -> tuple[Transition, ...]:
        """The transitions legal from `state`."""
        return tuple(t for t in self.transitions if state in t.sources)


@dataclass(frozen=True)
class Module:
    """One of the commission's 13 duties: a tab, a 处室 scope, and its case types."""

    number: int
    code: str
    name: str
    name_en: str
    case_types: tuple[CaseType, ...] = field(default_factory=tuple)
