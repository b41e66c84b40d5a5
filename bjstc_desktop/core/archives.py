"""Filing (归档) of closed cases as 文书档案, after DA/T 22-2015《归档文件整理规则》, as
pure rules: what a filed case's 件 are, the 保管期限 of each from the rule table, the
档号 (全宗号-年度-保管期限-件号) and the 归档章 data.

One 件 per valid letter of the case (DA/T 22: a document is one 件), dated by the year it
was issued; a case without a valid letter is filed as one 件 of its own record (办理
记录), dated by the year it was filed. 件号 run in order within one 全宗, 年度 and 保管期限,
without gaps (the store allocates them like 发文字号).

Not verified: the codes Y/D30/D10, the four-digit 件号 and every 保管期限 are from
background knowledge of DA/T 22-2015 and 国家档案局令第8号, so they are rules with their
basis in the rule table, not constants; the 全宗号 is the one the archive assigns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bjstc_desktop.core.casetypes import LETTER_TEMPLATES, LETTER_TEMPLATES_EN, RuleDef
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.rulevalues import RuleBook

ARCHIVE_STATE = "归档"
CASE_RECORD = "case_record"  # the 件 of a case that issued no letter
CASE_RECORD_NAME = "办理记录"
PERMANENT, THIRTY, TEN = "永久", "30年", "10年"
RETENTIONS = (PERMANENT, THIRTY, TEN)
RETENTIONS_EN = {PERMANENT: "Permanent", THIRTY: "30 years", TEN: "10 years"}  # DA/T 22's 保管期限 in English
RETENTION_UNIT = "保管期限"  # the rule unit whose values are one of RETENTIONS

FONDS_RULE = "archive.fonds_no"
SEEDED_FONDS = "0000"  # what the seed holds until the 全宗号 the archive assigned is entered
WIDTH_RULE = "archive.item_no_width"
BLOCK_RULE = "archive.item_block"  # this workstation's 件号 block, "first-last"
CODE_RULES = {PERMANENT: "archive.code_permanent", THIRTY: "archive.code_30", TEN: "archive.code_10"}
RETENTION_PREFIX = "archive.retention."
DEFAULT_RETENTION_RULE = RETENTION_PREFIX + "default"

_DAT22 = "DA/T 22-2015《归档文件整理规则》（据背景知识，未与标准文本核对，可配置）"
_ORDER8 = ("国家档案局令第8号《机关文件材料归档范围和文书档案保管期限规定》：重要文件永久，一般文件定期30年，"
           "事务性文件定期10年；各文种的期限为本工作站初始设定，须按本委文书档案保管期限表核定")

# Each letter kind's 保管期限 (decisions and approvals permanently; notices of procedure
# ten years); a case type may have its own row, archive.retention.<type>.<letter>.
_LETTER_RETENTION = {
    "approval_decision": PERMANENT, "refusal_decision": PERMANENT, "reply_approval": PERMANENT,
    "project_approval_notice": PERMANENT, "tech_contract_certificate": PERMANENT, "issuing_notice": PERMANENT,
    "notice": THIRTY, "letter": THIRTY, "reply_letter": THIRTY, "consultation_letter": THIRTY,
    "disbursement_notice": THIRTY, "rectification_notice": THIRTY, "recovery_notice": THIRTY,
    "publicity_notice": THIRTY, "review_summary": THIRTY,
    "acceptance_notice": TEN, "non_acceptance_notice": TEN, "supplement_notice": TEN, "extension_notice": TEN,
    "expert_invitation": TEN,
}

ARCHIVE_RULES: tuple[RuleDef, ...] = (
    RuleDef(FONDS_RULE, "全宗号", SEEDED_FONDS, "text",
            "由档案馆核定（DA/T 13《档号编制规则》）；初始值 0000 须改为档案馆核定的全宗号", label_en="Fonds number"),
    RuleDef(WIDTH_RULE, "件号位数", "4", "位", _DAT22 + "：件号用4位阿拉伯数字，不足前面补0",
            label_en="Digits of the item number"),
    RuleDef(BLOCK_RULE, "本工作站件号段", "1-9999", "text",
            "几台工作站都归档时，由系统管理员为每台分配互不重叠的件号段（如 1-4999、5000-9999），"
            "各台在本段内按序编号，同步后档号不会重复；只有一台归档时保持 1-9999",
            label_en="This workstation's item number block"),
    RuleDef(CODE_RULES[PERMANENT], "保管期限代码（永久）", "Y", "text", _DAT22, label_en="Retention code (permanent)"),
    RuleDef(CODE_RULES[THIRTY], "保管期限代码（定期30年）", "D30", "text", _DAT22, label_en="Retention code (30 years)"),
    RuleDef(CODE_RULES[TEN], "保管期限代码（定期10年）", "D10", "text", _DAT22, label_en="Retention code (10 years)"),
    RuleDef(DEFAULT_RETENTION_RULE, "保管期限（未另行规定的文件）", THIRTY, RETENTION_UNIT, _ORDER8,
            label_en="Retention (documents not listed)"),
    RuleDef(RETENTION_PREFIX + CASE_RECORD, f"保管期限（{CASE_RECORD_NAME}）", THIRTY, RETENTION_UNIT, _ORDER8,
            label_en="Retention (handling record)"),
    *(RuleDef(RETENTION_PREFIX + code, f"保管期限（{LETTER_TEMPLATES.get(code, code)}）", period, RETENTION_UNIT, _ORDER8,
              label_en=f"Retention ({LETTER_TEMPLATES_EN.get(code, code)})")
      for code, period in _LETTER_RETENTION.items()),
)


def item_block(text: str) -> tuple[int, int]:
    """"1-4999" → (1, 4999): the 件号 this workstation may give (first ≥ 1, last ≥ first)."""
    first, sep, last = text.replace("–", "-").replace("－", "-").partition("-")
    try:
        block = (int(first.strip()), int(last.strip())) if sep else (0, 0)
    except ValueError:
        block = (0, 0)
    if not (1 <= block[0] <= block[1] <= 10**9):
        raise ValidationError(f"件号段“{text}”应写作“起-止”（如 1-4999），起号至少为 1。",
                              f"The item number block {text!r} should read FIRST-LAST (e.g. 1-4999), from 1.",
                              field=BLOCK_RULE)
    return block


_SPELLINGS = {"永久": PERMANENT, "30年": THIRTY, "定期30年": THIRTY, "30": THIRTY,
              "10年": TEN, "定期10年": TEN, "10": TEN}


def check_retention(value: str) -> str:
    """One of 永久/30年/10年 (定期30年 and a bare 30 are read too), or ValidationError."""
    found = _SPELLINGS.get(str(value).strip())
    if found is None:
        raise ValidationError(f"保管期限应为 永久、30年 或 10年，而不是“{value}”。",
                              f"A retention period is 永久, 30年 or 10年, not {value!r}.", field="retention")
    return found


def retention_rule_key(case_type: str, kind: str) -> str:
    """The rule of a case type's own 保管期限 for one letter kind."""
    return f"{RETENTION_PREFIX}{case_type}.{kind}"


def retention_for(case_type: str, kind: str, rules: Mapping[str, str]) -> tuple[str, str]:
    """(保管期限, the rule it came from) of a 件 of `kind` (a letter template code or
    CASE_RECORD) in a case of `case_type`: the type's own rule, else the kind's, else the
    default."""
    for key in (retention_rule_key(case_type, kind), RETENTION_PREFIX + kind, DEFAULT_RETENTION_RULE):
        if key in rules:
            return check_retention(rules[key]), key
    raise RefusedError(f"规则表中没有保管期限规则“{DEFAULT_RETENTION_RULE}”。",
                       f"The rule table has no retention rule {DEFAULT_RETENTION_RULE!r}.")


@dataclass(frozen=True)
class Document:
    """A document of a case to be filed: a letter (its template code, 发文字号, 成文日期,
    pages) or the case's own record."""

    kind: str
    title: str
    year: int
    doc_no: str = ""
    issued_on: date | None = None
    pages: int = 0
    letter_id: str | None = None


@dataclass(frozen=True)
class PlannedItem:
    """A 件 about to be numbered: its document, 保管期限 and the series its 件号 comes from."""

    document: Document
    retention: str
    retention_rule: str
    fonds: str
    code: str

    @property
    def series(self) -> str:
        """The number series (one per 全宗号 and 保管期限; the year is its other key)."""
        return f"档/{self.fonds}/{self.code}"


def fonds_number(rules: RuleBook) -> str:
    """The 全宗号 from the rule table: 1 to 8 letters or digits."""
    fonds = rules.text(FONDS_RULE)
    if not fonds or len(fonds) > 8 or not fonds.isascii() or not fonds.isalnum():
        raise RefusedError(f"全宗号“{fonds}”无效：应为 1 至 8 位字母或数字，请在规则表中更正。",
                           f"The fonds number {fonds!r} is not 1 to 8 letters or digits; correct the rule table.")
    return fonds


def plan_items(case_type: str, documents: Sequence[Document], rules: RuleBook,
               values: Mapping[str, str]) -> list[PlannedItem]:
    """The 件 of a filed case in the order they get their 件号: by year, then date, then
    发文字号. `values` is the rule table (for the per-type retention rules)."""
    fonds = fonds_number(rules)
    items = []
    for doc in sorted(documents, key=lambda d: (d.year, d.issued_on or date.max, d.doc_no)):
        retention, rule = retention_for(case_type, doc.kind, values)
        items.append(PlannedItem(doc, retention, rule, fonds, rules.text(CODE_RULES[retention])))
    return items


def archive_number(fonds: str, year: int, code: str, item_no: int, width: int) -> str:
    """档号: 全宗号-年度-保管期限代码-件号, e.g. 0123-2026-Y-0001."""
    if item_no < 1 or item_no >= 10 ** width:
        raise RefusedError(f"件号 {item_no} 超出 {width} 位。", f"Item number {item_no} exceeds {width} digits.")
    return f"{fonds}-{year}-{code}-{item_no:0{width}d}"
