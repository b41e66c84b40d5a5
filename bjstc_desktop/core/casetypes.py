"""The vocabulary in which duty modules declare their case types, as frozen data.

A module file (core/modules/<code>.py) declares `MODULE = Module(...)` holding its case
types; the generic engine (workflow, clocks, checks, forms, CLI) reads only these.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


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
    ANIMAL_LICENCE = "animal_licence"  # 实验动物生产/使用许可证号
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
    unit: str = ""  # display unit: 元, 万元, 人, % (English: core/glossary.py UNITS)
    help: str = ""
    # English beside the Chinese (the registry fills any left empty from the module's
    # ENGLISH terms and core/glossary.py; tests/core/test_english.py fails on a gap).
    label_en: str = ""
    help_en: str = ""
    choices_en: tuple[str, ...] = ()  # parallel to `choices`
    party_role_en: str = ""

    def choice_en(self, value: str) -> str:
        """The English of one of `choices` ("" when it has none)."""
        for zh, en in zip(self.choices, self.choices_en, strict=False):
            if zh == value:
                return en
        return ""


class ClockEffect(StrEnum):
    """What a transition does to the case's statutory clock."""

    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    EXTEND = "extend"


# A field condition: ((field key, allowed values), ...), all of which must hold. Values
# are compared as text; a bool is "是"/"否", a missing value is "" (so "" in the allowed
# values admits cases where the field is not filled in).
When = tuple[tuple[str, tuple[str, ...]], ...]

# The letter templates (core codes) a transition may issue, with their Chinese names.
LETTER_TEMPLATES: dict[str, str] = {
    "acceptance_notice": "受理通知书",
    "non_acceptance_notice": "不予受理通知书",
    "supplement_notice": "补正材料通知书",
    "extension_notice": "延期通知书",
    "approval_decision": "准予决定书",
    "refusal_decision": "不予决定书",
    "reply_approval": "批复",
    "letter": "函",
    "notice": "通知",
    "tech_contract_certificate": "技术合同登记证明",
    "reply_letter": "答复函",
    "consultation_letter": "征求意见函",
    "disbursement_notice": "拨款通知",
    "rectification_notice": "整改通知",
    "recovery_notice": "追缴通知",
    "publicity_notice": "公示",
    "project_approval_notice": "立项通知",
    "issuing_notice": "印发通知",
    "disclosure_reply": "政府信息公开申请答复书",
    "petition_acceptance": "信访事项受理告知书",
    "petition_opinion": "信访事项处理意见书",
    "reconsideration_reply": "行政复议答复书",
    "defence_statement": "行政诉讼答辩状",
    "expert_invitation": "专家邀请函",
    "review_summary": "评审意见汇总表",
}
LETTER_TEMPLATES_EN: dict[str, str] = {
    "acceptance_notice": "Notice of acceptance",
    "non_acceptance_notice": "Notice of non-acceptance",
    "supplement_notice": "Notice to supplement materials",
    "extension_notice": "Notice of extension",
    "approval_decision": "Decision to approve",
    "refusal_decision": "Decision to refuse",
    "reply_approval": "Official reply (approval)",
    "letter": "Letter",
    "notice": "Notice",
    "tech_contract_certificate": "Technology contract registration certificate",
    "reply_letter": "Letter of reply",
    "consultation_letter": "Letter requesting comments",
    "disbursement_notice": "Notice of fund disbursement",
    "rectification_notice": "Notice to rectify",
    "recovery_notice": "Notice to recover funds",
    "publicity_notice": "Public notice",
    "project_approval_notice": "Notice of project approval",
    "issuing_notice": "Notice of issue",
    "disclosure_reply": "Reply to a request for government information",
    "petition_acceptance": "Notice accepting a petition",
    "petition_opinion": "Opinion on a petition",
    "reconsideration_reply": "Written reply in administrative reconsideration",
    "defence_statement": "Statement of defence in administrative litigation",
    "expert_invitation": "Letter inviting an expert",
    "review_summary": "Summary of the expert review",
}

# The letters every case type with an expert panel issues (core/experts.py fills them).
PANEL_LETTERS: tuple[str, ...] = ("expert_invitation", "review_summary")


@dataclass(frozen=True)
class ClockDef:
    """A statutory period: `rule` names the rule-table entry that holds its length.

    kind "limit" is a deadline the office must meet; kind "period" is a window that must
    run its full length before the transition that stops it (公示期). An extension adds
    the value of rule `extend_by`, or extends up to the total in rule `extend_to`.
    `starts_at_receipt` clocks start on the case's received date (the store starts
    them when the case is created); `when` limits the clock to cases whose fields match.
    A clock `within` another is a sub-step with its own limit inside the enclosing one
    (技术审查 inside 商务部门's 30 working days): it never runs past the enclosing clock's
    due date, and pausing, resuming or stopping the enclosing clock does the same to it.
    """

    key: str
    label: str
    rule: str
    unit: str = "workday"  # workday | day | month | hour
    kind: str = "limit"  # limit | period
    extend_by: str = ""
    extend_to: str = ""
    starts_at_receipt: bool = False
    when: When = ()
    within: str = ""
    label_en: str = ""


@dataclass(frozen=True)
class ClockOp:
    """One more clock a transition affects (beside its main `clock`)."""

    clock: str
    effect: ClockEffect


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
    clock_ops: tuple[ClockOp, ...] = ()  # further clocks it affects
    when: When = ()  # only for cases whose fields match
    awaits: str = ""  # key of a "period" clock (公示期) that must have run out first
    label_en: str = ""

    @property
    def clock_effects(self) -> tuple[ClockOp, ...]:
        """Every (clock, effect) of this move: the main one first."""
        main = (ClockOp(self.clock, self.clock_effect),) if self.clock and self.clock_effect else ()
        return main + self.clock_ops


@dataclass(frozen=True)
class RuleDef:
    """A statutory number with its legal basis; seeded into the editable rule table."""

    key: str
    label: str
    value: str
    unit: str
    basis: str
    label_en: str = ""


@dataclass(frozen=True)
class CheckDef:
    """A computed check on a case's fields (core/checks.py holds the functions).

    `function` is the name of a registered check function (or the function itself);
    `params` are passed to it (parameters ending in "rule" name rule keys). A "block"
    check refuses the transitions in `actions` (every transition when empty) while it
    fails, and also a save when `on_save`; with `require_data` a check that cannot be
    decided for lack of data blocks as well. A "warn" check only informs. A check whose
    `when` does not match the fields does not apply to the case.
    """

    key: str
    label: str
    function: str | Callable[..., Any]
    severity: str = "warn"  # block | warn
    actions: tuple[str, ...] = ()
    on_save: bool = False
    require_data: bool = False
    params: tuple[tuple[str, Any], ...] = ()
    when: When = ()  # only for cases whose fields match (e.g. one award category)
    label_en: str = ""

    @property
    def blocks(self) -> bool:
        """True for a blocking check."""
        return self.severity == "block"

    def enforced_on(self, action: str | None) -> bool:
        """Whether this check guards `action` (None: saving the fields)."""
        if not self.blocks:
            return False
        if action is None:
            return self.on_save
        return not self.actions or action in self.actions


@dataclass(frozen=True)
class PanelQuota:
    """A composition rule of an expert panel: at least the number in rule `min_rule`
    of experts of `category`, and at least the share of the panel in rule `share_rule`
    (either may be empty)."""

    category: str
    min_rule: str = ""
    share_rule: str = ""


@dataclass(frozen=True)
class ScoreItem:
    """One scored item of a panel's form, weighted by the value of rule `weight_rule`."""

    key: str
    label: str
    weight_rule: str
    label_en: str = ""


@dataclass(frozen=True)
class PanelDef:
    """How a case type's expert panel is drawn and scored (core/experts.py): its size
    (rule `size_rule`, the least the panel may have), its composition, and the method
    that aggregates the experts' scores: "mean", "trimmed_mean" (the highest and the
    lowest dropped) or "weighted" (each expert scores `items`, weighted by rules). A
    move out of `review_state` to a state that is not final needs the aggregate. With
    `categories`, only experts of those categories sit on the panel."""

    size_rule: str
    quotas: tuple[PanelQuota, ...] = ()
    method: str = "mean"
    items: tuple[ScoreItem, ...] = ()
    review_state: str = "专家评审"
    categories: tuple[str, ...] = ()


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
    checks: tuple[CheckDef, ...] = ()
    due_field: str = ""  # a DATE field holding a deadline set from outside (交办时限)
    panel: PanelDef | None = None  # an expert panel is drawn for the case (专家评审)
    name_en: str = ""
    states_en: tuple[str, ...] = ()  # parallel to `states`

    def state_en(self, state: str) -> str:
        """The English name of one of `states` ("" when it has none)."""
        for zh, en in zip(self.states, self.states_en, strict=False):
            if zh == state:
                return en
        return ""

    @property
    def initial_state(self) -> str:
        """The state a new case starts in."""
        return self.states[0]

    @property
    def final_states(self) -> tuple[str, ...]:
        """States with no way out: a case that reaches one is closed."""
        return tuple(s for s in self.states if not self.actions_from(s))

    @functools.cached_property
    def _field_by_key(self) -> dict[str, FieldDef]:
        by_key: dict[str, FieldDef] = {}
        for f in self.fields:
            by_key.setdefault(f.key, f)  # the first of a key, as a scan in order finds it
        return by_key

    def field(self, key: str) -> FieldDef | None:
        """The field definition named `key`, if any (looked up, not scanned: a package's
        import asks this for every field of every case)."""
        return self._field_by_key.get(key)

    def clock(self, key: str) -> ClockDef | None:
        """The clock definition named `key`, if any."""
        return next((c for c in self.clocks if c.key == key), None)

    def rule(self, key: str) -> RuleDef | None:
        """The rule definition named `key`, if any."""
        return next((r for r in self.rules if r.key == key), None)

    def actions_from(self, state: str) -> tuple[Transition, ...]:
        """The transitions legal from `state`."""
        return tuple(t for t in self.transitions if state in t.sources)

    @property
    def all_letters(self) -> tuple[str, ...]:
        """Every letter template this type issues (declared or on a transition)."""
        codes = list(self.letters)
        for t in self.transitions:
            codes.extend(c for c in t.letters if c not in codes)
        if self.panel is not None:
            codes.extend(c for c in PANEL_LETTERS if c not in codes)
        return tuple(codes)


@dataclass(frozen=True)
class Module:
    """One of the commission's 13 duties: a tab, a 处室 scope, and its case types."""

    number: int
    code: str
    name: str
    name_en: str
    case_types: tuple[CaseType, ...] = field(default_factory=tuple)
