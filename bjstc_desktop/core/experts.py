"""The expert pool (专家库) as pure rules: the record's fields, the discipline code table,
who must be avoided (回避), the draw of a panel at random with a recorded seed, the
replacement of a member, and the aggregate of the scores.

The draw is auditable by hand. Every candidate's place in the lottery is the SHA-256 of
"<seed>:<expert id>" (not Python's random module, whose algorithms may change between
versions): sort the eligible experts by it, take the first of each category the
composition requires, then fill the panel in the same order. The same seed and the same
eligible pool always give the same panel; the store records both.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from bjstc_desktop.core.casetypes import FieldDef, FieldKind, PanelDef, PanelQuota, RuleDef
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.i18n import pick
from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.core.rulevalues import RuleBook, RuleValueError

F, K = FieldDef, FieldKind

EXPERT_CATEGORIES = ("技术专家", "财务专家", "管理专家", "法律专家")
CATEGORIES_EN = {"技术专家": "technical experts", "财务专家": "financial experts", "管理专家": "management experts",
                 "法律专家": "legal experts"}


def category_en(category: str) -> str:
    """A category as an English message names it."""
    return CATEGORIES_EN.get(category, category)
ACTIVE, PAUSED, RETIRED = "在库", "暂停", "退出"
EXPERT_STATUSES = (ACTIVE, PAUSED, RETIRED)
SCORE_MAX = 100  # every score and item score is a whole number from 0 to 100

# The record's fields, so the form, the import wizard and the validators share them.
EXPERT_FIELDS: tuple[FieldDef, ...] = (
    F("name", "姓名", required=True, label_en="Name"),
    F("id_number", "身份证号", K.ID_NUMBER, required=True, label_en="ID number"),
    F("employer", "工作单位", required=True, label_en="Employer"),
    F("employer_uscc", "工作单位统一社会信用代码", K.USCC, label_en="Employer's USCC"),
    F("disciplines", "学科代码", required=True, help="GB/T 13745 学科代码，多个用逗号分隔，如 520,510",
      label_en="Discipline codes", help_en="GB/T 13745 discipline codes, separated by commas, e.g. 520,510"),
    F("category", "专家类别", K.ENUM, required=True, choices=EXPERT_CATEGORIES, label_en="Category",
      choices_en=("Technical expert", "Financial expert", "Management expert", "Legal expert")),
    F("professional_title", "职称", label_en="Professional title"),  # not "title": an import column named title is a case title
    F("phone", "联系电话", label_en="Phone"),
    F("email", "电子邮箱", label_en="E-mail"),
    F("status", "状态", K.ENUM, choices=EXPERT_STATUSES, label_en="Status",
      choices_en=("In the pool", "Paused", "Retired")),
)

# A declared relationship (关联关系) of an expert: an organisation or a person he must not review.
RELATION_FIELDS: tuple[FieldDef, ...] = (
    F("related_uscc", "关联单位统一社会信用代码", K.USCC),
    F("related_id", "关联人身份证号", K.ID_NUMBER),
    F("related_name", "关联单位或关联人名称"),
    F("relation", "关联关系", required=True, help="如：兼职、近亲属、师生、合作者"),
)

DEFAULT_PANEL_SIZE_RULE = "expert.panel_size"
RECENT_REVIEW_RULE = "expert.avoid_recent_years"
EXPERT_RULES: tuple[RuleDef, ...] = (
    RuleDef(DEFAULT_PANEL_SIZE_RULE, "评审专家组人数（不少于，未另行规定的事项）", "5", "人",
            "本委专家评审工作惯例（未核实，可配置）", label_en="Expert panel size (at least; where nothing else applies)"),
    RuleDef(RECENT_REVIEW_RULE, "近几年内评审过同一申请人的专家回避（年）", "3", "year",
            "科技部《科学技术评价办法》关于评审专家回避的原则；年限为本工作站初始设定（未核实，可配置）",
            label_en="Experts who reviewed the same applicant within this many years withdraw"),
)


# ----- the discipline code table --------------------------------------------------------------
@dataclass(frozen=True)
class Discipline:
    """One code of the discipline table and its group (门类)."""

    code: str
    name: str
    group: str
    name_en: str = ""


@cache
def discipline_table() -> tuple[Discipline, ...]:
    """resources/seed/disciplines.json (GB/T 13745 first-level disciplines, not verified)."""
    doc = json.loads((resources_dir() / "seed" / "disciplines.json").read_text(encoding="utf-8"))
    return tuple(Discipline(str(c["code"]), str(c["name"]), str(g["name"]), str(c.get("name_en", "")))
                 for g in doc["groups"] for c in g["codes"])


def discipline_name(code: str, language: str | None = None) -> str:
    """The name of a code (its first-level discipline's, for a finer code) in the officer's
    language (or `language`); "" if unknown."""
    by_code = {d.code: d for d in discipline_table()}
    found = by_code.get(code) or by_code.get(code.split(".")[0])
    return pick(found.name, found.name_en, language) if found else ""


def parse_disciplines(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """"520, 510" → ("520", "510"): each code known to the table (a finer code such as
    520.20 must start with a known first-level code), no repeats, at least one."""
    parts = [text] if isinstance(text, str) or text is None else list(text)
    codes: list[str] = []
    for part in parts:
        for word in str(part or "").replace("，", ",").replace("、", ",").replace(";", ",").split(","):
            word = word.strip()
            if word and word not in codes:
                codes.append(word)
    if not codes:
        raise ValidationError("请填写至少一个学科代码（GB/T 13745，如 520）。",
                              "Give at least one discipline code (GB/T 13745, e.g. 520).", field="disciplines")
    unknown = [c for c in codes if not discipline_name(c)]
    if unknown:
        raise ValidationError(f"学科代码表中没有：{'、'.join(unknown)}。",
                              f"Not in the discipline code table: {', '.join(unknown)}.", field="disciplines")
    return tuple(codes)


def matches_fields(expert_codes: Sequence[str], wanted: Sequence[str]) -> bool:
    """An expert fits the wanted fields when one of his codes equals one of them or lies
    under it (520.20 under 520); no wanted fields: every expert fits."""
    if not wanted:
        return True
    return any(code == w or code.startswith(w + ".") for code in expert_codes for w in wanted)


# ----- avoidance (回避) ------------------------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    """An organisation (its USCC) or a person (ID number) named by a case or a record."""

    kind: str  # "org" | "person"
    number: str
    name: str = ""
    label: str = ""  # the field it came from, as officers call it
    label_en: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """(kind, number): what two identities are compared by."""
        return self.kind, self.number


@dataclass(frozen=True)
class CaseParties:
    """Who a case concerns: `applicants` are its principal parties (an expert who
    reviewed one of them recently avoids it); `others` are co-applicants, partners and
    persons named in it."""

    applicants: tuple[Identity, ...]
    others: tuple[Identity, ...] = ()

    @property
    def all(self) -> tuple[Identity, ...]:
        """Every identity the case names."""
        return self.applicants + self.others


@dataclass(frozen=True)
class PastReview:
    """A review an expert took part in: whom it concerned, and when."""

    applicant: tuple[str, str]  # Identity.key
    reviewed_on: date


@dataclass(frozen=True)
class Candidate:
    """An expert as the draw sees him."""

    id: str
    name: str
    category: str
    disciplines: tuple[str, ...]
    employer_uscc: str | None = None
    id_number: str | None = None
    status: str = ACTIVE
    relations: tuple[tuple[str, str], ...] = ()  # Identity.key of declared relations
    past_reviews: tuple[PastReview, ...] = ()
    barred: bool = False  # a 失信 record in force bars him from reviewing (core/integrity.py)


# Reasons an expert is not in the pool of a draw, with their English for messages.
REASONS = {
    "status": ("不在库（暂停或退出）", "not active in the pool"),
    "field": ("学科不符", "outside the wanted fields"),
    "category": ("专家类别不适用", "of a category this panel does not take"),
    "employer": ("与申请人或当事方同一单位", "works for the applicant or a party"),
    "party": ("本人为当事人或合作者", "is a party or co-applicant himself"),
    "relation": ("声明有关联关系", "declared a relationship with a party"),
    "recent": ("近年评审过同一申请人", "reviewed the same applicant recently"),
    "declined": ("已谢绝或已回避本案", "declined or withdrew from this case"),
    "member": ("已在本案专家组中", "already on the panel"),
    "barred": ("有在效的科研失信记录", "has a research-misconduct record in force"),
}


@dataclass(frozen=True)
class Exclusion:
    """One expert left out of a draw and why (a key of REASONS)."""

    expert_id: str
    reason: str


def avoidance_reason(c: Candidate, parties: CaseParties, today: date, recent_years: int) -> str | None:
    """Why this expert must avoid the case (回避), or None."""
    orgs = {i.number for i in parties.all if i.kind == "org"}
    persons = {i.number for i in parties.all if i.kind == "person"}
    if c.employer_uscc and c.employer_uscc in orgs:
        return "employer"
    if c.id_number and c.id_number in persons:
        return "party"
    keys = {i.key for i in parties.all}
    if any(r in keys for r in c.relations):
        return "relation"
    applicants = {i.key for i in parties.applicants}
    since = _years_before(today, recent_years)
    if any(p.applicant in applicants and p.reviewed_on >= since for p in c.past_reviews):
        return "recent"
    return None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def screen(candidates: Iterable[Candidate], parties: CaseParties, fields: Sequence[str], today: date,
           recent_years: int, left_out: Mapping[str, str] | None = None, categories: Sequence[str] = ()
           ) -> tuple[list[Candidate], list[Exclusion]]:
    """Split the pool into the eligible (sorted by id) and the excluded with their
    reasons. `left_out`: expert id → reason for experts this case already had
    ("declined", "member"); `categories`: the only categories the panel takes (none:
    every category)."""
    eligible: list[Candidate] = []
    excluded: list[Exclusion] = []
    for c in sorted(candidates, key=lambda x: x.id):
        reason = (left_out or {}).get(c.id)
        if reason is None and c.status != ACTIVE:
            reason = "status"
        if reason is None and c.barred:
            reason = "barred"
        if reason is None and categories and c.category not in categories:
            reason = "category"
        if reason is None and not matches_fields(c.disciplines, fields):
            reason = "field"
        if reason is None:
            reason = avoidance_reason(c, parties, today, recent_years)
        if reason is None:
            eligible.append(c)
        else:
            excluded.append(Exclusion(c.id, reason))
    return eligible, excluded


# ----- composition ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PanelNeed:
    """What a panel must have: its size and, per category, the least number."""

    size: int
    minimum: tuple[tuple[str, int], ...] = ()

    def describe(self) -> tuple[str, str]:
        """(zh, en) of the requirement, as a message says it."""
        zh = f"专家组 {self.size} 人" + "".join(f"，{c}至少 {n} 人" for c, n in self.minimum if n)
        en = f"a panel of {self.size}" + "".join(f", at least {n} {category_en(c)}" for c, n in self.minimum if n)
        return zh, en


def panel_need(panel: PanelDef, rules: RuleBook, size: int | None = None) -> PanelNeed:
    """The need of a panel of `size` (default: the rule's least size): a share such as
    60% becomes the whole number of experts it takes (60% of 5 → 3, of 6 → 4)."""
    least = rules.integer(panel.size_rule)
    n = least if size is None else size
    if n < least:
        raise RefusedError(f"专家组不少于 {least} 人（规则“{rules.label(panel.size_rule)}”），不能只抽取 {n} 人。",
                           f"A panel has at least {least} experts; {n} is too few.")
    if n > 99:
        raise ValidationError("专家组人数不能超过 99 人。", "A panel cannot have more than 99 experts.", field="size")
    return PanelNeed(n, tuple((q.category, _quota_count(q, rules, n)) for q in panel.quotas))


def _quota_count(q: PanelQuota, rules: RuleBook, size: int) -> int:
    least = rules.integer(q.min_rule) if q.min_rule else 0
    if q.share_rule:
        share = rules.decimal(q.share_rule)
        least = max(least, math.ceil(share * size - Decimal("1e-9")))
    return least


def composition_problem(need: PanelNeed, categories: Sequence[str]) -> tuple[str, str] | None:
    """(zh, en) saying what a panel of these experts' categories lacks, or None."""
    if len(categories) < need.size:
        return (f"专家组现有 {len(categories)} 人，少于 {need.size} 人。",
                f"The panel has {len(categories)} experts, fewer than {need.size}.")
    have = Counter(categories)
    for category, n in need.minimum:
        if have[category] < n:
            return (f"{category}现有 {have[category]} 人，至少须 {n} 人。",
                    f"The panel has {have[category]} {category_en(category)}, at least {n} needed.")
    return None


# ----- the draw ------------------------------------------------------------------------------
def lottery_key(seed: str, expert_id: str) -> str:
    """A candidate's place in the draw: SHA-256 of "<seed>:<id>" in hex (smaller first)."""
    return hashlib.sha256(f"{seed}:{expert_id}".encode()).hexdigest()


def lottery_order(seed: str, pool: Iterable[Candidate]) -> list[Candidate]:
    """The pool in the order the seed gives."""
    return sorted(pool, key=lambda c: (lottery_key(seed, c.id), c.id))


class InfeasibleDraw(RefusedError):
    """The eligible pool cannot make the panel the rules ask for; nothing was drawn."""


def _summary(excluded: Sequence[Exclusion]) -> tuple[str, str]:
    counts = Counter(e.reason for e in excluded)
    if not counts:
        return "", ""
    zh = "；另有 " + "、".join(f"{n} 人因{REASONS[r][0]}" for r, n in counts.most_common()) + "被排除"
    en = "; excluded: " + ", ".join(f"{n} {REASONS[r][1]}" for r, n in counts.most_common())
    return zh, en


def draw_panel(pool: Sequence[Candidate], need: PanelNeed, seed: str,
               excluded: Sequence[Exclusion] = ()) -> list[Candidate]:
    """The panel drawn from the eligible `pool` with `seed`: the first experts of each
    required category in lottery order, then the panel filled up in the same order.
    InfeasibleDraw says plainly what is missing when the pool cannot make the panel."""
    required = sum(n for _, n in need.minimum)
    why_zh, why_en = _summary(excluded)
    want_zh, want_en = need.describe()
    if required > need.size:
        raise InfeasibleDraw(f"规则自相矛盾：{want_zh}，各类别最少人数之和 {required} 超过专家组人数。",
                             f"The rules contradict each other: {want_en}; the minimums add up to {required}.")
    order = lottery_order(seed, pool)
    chosen: list[Candidate] = []
    for category, n in need.minimum:
        of_kind = [c for c in order if c.category == category and c not in chosen]
        if len(of_kind) < n:
            raise InfeasibleDraw(
                f"无法组成专家组：要求{category}至少 {n} 人，符合条件的{category}只有 {len(of_kind)} 人{why_zh}。",
                f"No panel can be drawn: at least {n} {category_en(category)} required, only {len(of_kind)} "
                f"eligible{why_en}.")
        chosen.extend(of_kind[:n])
    rest = [c for c in order if c not in chosen]
    missing = need.size - len(chosen)
    if len(rest) < missing:
        raise InfeasibleDraw(
            f"无法组成专家组：要求{want_zh}，符合条件的专家只有 {len(pool)} 人{why_zh}。",
            f"No panel can be drawn: {want_en} required, only {len(pool)} eligible expert(s){why_en}.")
    chosen.extend(rest[:missing])
    return sorted(chosen, key=lambda c: order.index(c))


def draw_replacement(pool: Sequence[Candidate], staying: Sequence[str], need: PanelNeed, seed: str,
                     excluded: Sequence[Exclusion] = ()) -> Candidate:
    """The replacement for a member who left, drawn the same way: in the seed's lottery
    order, the first eligible expert of a category the staying members (`staying`: their
    categories) lack; when none is lacking, the first eligible expert."""
    have = Counter(staying)
    lacking = [cat for cat, n in need.minimum if have[cat] < n]
    order = lottery_order(seed, pool)
    fits = [c for c in order if not lacking or c.category in lacking]
    if not fits:
        why_zh, why_en = _summary(excluded)
        wanted_zh = "、".join(lacking) if lacking else "专家"
        raise InfeasibleDraw(f"无法补抽：没有符合条件的{wanted_zh}{why_zh}。",
                             f"No replacement can be drawn: no eligible "
                             f"{', '.join(category_en(c) for c in lacking) or 'expert'}{why_en}.")
    return fits[0]


# ----- scores --------------------------------------------------------------------------------
TWO_PLACES = Decimal("0.01")


def check_score(value: Any, label: str = "评分") -> int:
    """A whole-number score from 0 to SCORE_MAX, or ValidationError."""
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(f"{label}应为 0 至 {SCORE_MAX} 的整数，而不是“{value}”。",
                              f"{label}: a whole number from 0 to {SCORE_MAX}, not {value!r}.", field="score") from None
    if not 0 <= n <= SCORE_MAX:
        raise ValidationError(f"{label}应在 0 至 {SCORE_MAX} 之间。", f"{label} must lie between 0 and {SCORE_MAX}.",
                              field="score")
    return n


def weights(panel: PanelDef, rules: RuleBook) -> dict[str, Decimal]:
    """The items' weights; they must add up to 1 (a rule edited wrongly is reported)."""
    w = {i.key: rules.decimal(i.weight_rule) for i in panel.items}
    total = sum(w.values(), Decimal(0))
    if panel.items and abs(total - 1) > Decimal("0.0001"):
        raise RuleValueError(f"评分项权重之和为 {total}，应为 1，请在规则表中更正。",
                             f"The item weights add up to {total}, not 1; correct the rule table.")
    return w


def expert_total(panel: PanelDef, scores: Mapping[str, Any], rules: RuleBook) -> Decimal:
    """One expert's score: the weighted sum of his item scores ("weighted"), else his
    one score (key "score"). Every item must be scored."""
    if panel.method == "weighted":
        w = weights(panel, rules)
        absent = [i.label for i in panel.items if scores.get(i.key) in (None, "")]
        if absent:
            raise ValidationError(f"缺少评分项：{'、'.join(absent)}。", f"Items not scored: {', '.join(absent)}.",
                                  field="score")
        total = sum((w[i.key] * check_score(scores[i.key], i.label) for i in panel.items), Decimal(0))
        return total.quantize(TWO_PLACES, ROUND_HALF_UP)
    if scores.get("score") in (None, ""):
        raise ValidationError("请填写评分。", "A score is required.", field="score")
    return Decimal(check_score(scores["score"])).quantize(TWO_PLACES)


@dataclass(frozen=True)
class Aggregate:
    """The panel's aggregate score and how it was reached."""

    value: Decimal
    method: str
    scores: int  # how many experts' scores went in
    dropped: tuple[Decimal, ...] = ()  # trimmed mean: the highest and the lowest

    def describe(self) -> str:
        """The method and value as an officer reads them."""
        names = {"mean": "算术平均", "trimmed_mean": "去掉一个最高分和一个最低分后平均", "weighted": "加权平均"}
        return f"{names.get(self.method, self.method)} {self.value}（{self.scores} 位专家）"

    def describe_en(self) -> str:
        """The same in English."""
        names = {"mean": "mean", "trimmed_mean": "mean without the highest and the lowest", "weighted": "weighted mean"}
        return f"{names.get(self.method, self.method)} {self.value} ({self.scores} experts)"


def aggregate(method: str, totals: Sequence[Decimal]) -> Aggregate:
    """The panel's score from the experts' totals: their mean ("mean", "weighted"), or
    the mean after dropping one highest and one lowest ("trimmed_mean", which needs at
    least three scores). Rounded half up to two places."""
    if not totals:
        raise RefusedError("还没有专家评分。", "No expert has scored yet.")
    values = sorted(totals)
    dropped: tuple[Decimal, ...] = ()
    if method == "trimmed_mean":
        if len(values) < 3:
            raise RefusedError(f"去掉最高分和最低分须至少 3 位专家的评分，现有 {len(values)} 位。",
                               f"A trimmed mean needs at least 3 scores; there are {len(values)}.")
        dropped = (values[-1], values[0])
        values = values[1:-1]
    elif method not in ("mean", "weighted"):
        raise RefusedError(f"未知的汇总方法“{method}”。", f"Unknown aggregation method {method!r}.")
    mean = (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, ROUND_HALF_UP)
    return Aggregate(mean, method, len(totals), dropped)


# ----- the panel as the case's 评审专家 table ----------------------------------------------------
@dataclass(frozen=True)
class MemberLine:
    """A panel member as the case's table and the letters show him."""

    name: str
    employer: str
    category: str
    status: str  # 已抽取 | 已确认 | 已谢绝 | 回避 | 已替换
    reason: str
    total: Decimal | None
    opinion: str

    @property
    def active(self) -> bool:
        """Still on the panel (not declined, withdrawn or replaced)."""
        return self.status in MEMBER_ACTIVE


DRAWN, CONFIRMED, DECLINED, RECUSED, REPLACED = "已抽取", "已确认", "已谢绝", "回避", "已替换"
MEMBER_ACTIVE = (DRAWN, CONFIRMED)
MEMBER_STATUSES = (DRAWN, CONFIRMED, DECLINED, RECUSED, REPLACED)
MEMBER_STATUSES_EN = ("Drawn", "Accepted", "Declined", "Withdrew (conflict)", "Replaced")  # parallel


def member_status_en(status: str) -> str:
    """A panel member's status in English (the stored Chinese for one it does not know)."""
    return dict(zip(MEMBER_STATUSES, MEMBER_STATUSES_EN, strict=True)).get(status, status)


def table_rows(field: FieldDef, members: Sequence[MemberLine]) -> list[dict[str, Any]]:
    """The case's 评审专家 rows (a ROWS field) filled from the panel, by the columns the
    field has: with a 回避 column every member is listed (those who left marked), else
    only the members on the panel."""
    columns = {c.key for c in field.columns}
    rows = []
    for m in members:
        if "recused" not in columns and not m.active:
            continue
        values: dict[str, Any] = {
            "name": m.name, "workplace": m.employer, "specialty": m.category,
            "recused": not m.active, "recusal_reason": m.reason if not m.active else "",
            "score": int(m.total.quantize(Decimal(1), ROUND_HALF_UP)) if m.total is not None else None,
            "opinion": m.opinion,
        }
        rows.append({k: v for k, v in values.items() if k in columns and v not in (None, "")})
    return rows
