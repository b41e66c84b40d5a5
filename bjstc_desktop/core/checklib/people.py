"""Checks on people: ages from ID numbers, academician nominators, expert panels."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from bjstc_desktop.core.checklib.base import (
    CheckContext,
    Outcome,
    as_text,
    check_function,
    pct,
    row_name,
)
from bjstc_desktop.core.validators.idcard import age_on


def reference_day(ctx: CheckContext) -> date | None:
    """The day ages are computed on: field `date_field` when filled in, else the rule
    `ref_day_rule` ("MM-DD") in the year of field `year_field`."""
    explicit = ctx.date_of(ctx.param("date_field", "")) if ctx.param("date_field") else None
    if explicit is not None:
        return explicit
    year = ctx.value(ctx.param("year_field", "")) if ctx.param("year_field") else None
    return ctx.rules.month_day(ctx.param("ref_day_rule"), int(year)) if year else None


@check_function("max_age")
def max_age(ctx: CheckContext) -> Outcome:
    """Everyone named (field `id_field`, or column `id_column` of ROWS `rows`) is at most
    the rule's age on the reference day (杰出青年中关村奖 ≤ 40, 科技新星 ≤ 35)."""
    what = ctx.param("rows") or ctx.param("id_field")
    if ctx.param("rows"):
        people = [(row_name(as_text(r.get(ctx.param("name_column", "name"))), i), r.get(ctx.param("id_column")))
                  for i, r in enumerate(ctx.rows(what), start=1)]
    else:
        people = [((ctx.label(what), ctx.label_en(what)), ctx.value(what))]
    ref = reference_day(ctx)
    lacking = [what] if not people or any(not number for _, number in people) else []
    if ref is None:
        lacking.append(ctx.param("date_field") or ctx.param("year_field"))
    if lacking or ref is None:  # ref None is always in lacking: the test narrows it for the checker
        return ctx.missing(*lacking)
    limit = ctx.rules.integer(ctx.param("max_rule"))
    ages = [(name, age_on(number, ref)) for name, number in people if number]  # lacking: every number is there
    over_zh = [f"{zh}（{age} 岁）" for (zh, _), age in ages if age > limit]
    over_en = [f"{en} ({age})" for (_, en), age in ages if age > limit]
    return Outcome(
        not over_zh,
        f"截至 {ref}，超过 {limit} 周岁：{'、'.join(over_zh)}。" if over_zh
        else f"截至 {ref}，{ctx.label(what)}均不超过 {limit} 周岁。",
        f"Over {limit} on {ref}: {', '.join(over_en)}." if over_en else f"Everyone is at most {limit} on {ref}.",
    )


@check_function("academician_nominators")
def academician_nominators(ctx: CheckContext) -> Outcome:
    """At least 3 academician nominators, 2 of them from the candidate's division; a
    candidate aged 65 or more (65周岁以上, the 65th birthday included) on 30 June of the
    election year needs 6, 4 from the division."""
    rows = ctx.rows(ctx.param("rows", "nominators"))
    column = ctx.param("division_column", "division")
    divisions = [as_text(r.get(column)) for r in rows]
    division = as_text(ctx.value(ctx.param("division_field", "division")))
    if not division and any(divisions):
        division = Counter(d for d in divisions if d).most_common(1)[0][0]
    n, same = len(rows), sum(1 for d in divisions if d and d == division)
    r = ctx.rules
    normal = (r.integer(ctx.param("min_rule")), r.integer(ctx.param("same_rule")))
    senior = (r.integer(ctx.param("senior_min_rule")), r.integer(ctx.param("senior_same_rule")))
    age_limit = r.integer(ctx.param("age_rule"))
    number = ctx.value(ctx.param("id_field", "candidate_id"))
    ref = reference_day(ctx)
    age = age_on(number, ref) if number and ref else None
    division_en = _division_en(ctx, division)
    counted_zh = f"提名院士 {n} 人，其中{division or '同一学部'} {same} 人"
    counted_en = f"{n} nominators, {same} from {division_en or 'one division'}"
    if age is None:
        if n >= senior[0] and same >= senior[1]:
            return Outcome(True, f"{counted_zh}；已满足 65 岁以上候选人的要求。", f"{counted_en}; enough at any age.")
        if n < normal[0] or same < normal[1]:
            return Outcome(False, f"{counted_zh}；至少须 {normal[0]} 人且同一学部至少 {normal[1]} 人。",
                           f"{counted_en}; at least {normal[0]} with {normal[1]} from the division required.")
        return Outcome(None, f"{counted_zh}；候选人年龄未知（缺身份证号或增选年度），无法判断是否适用 {age_limit} 岁以上的要求。",
                       f"{counted_en}; the candidate's age is unknown.")
    need = senior if age >= age_limit else normal
    return Outcome(
        n >= need[0] and same >= need[1],
        f"{counted_zh}；候选人 {ref} 年满 {age} 岁，须至少 {need[0]} 人且同一学部至少 {need[1]} 人。",
        f"{counted_en}; the candidate is {age} on {ref}, so {need[0]} with {need[1]} from the division are required.",
    )


def _division_en(ctx: CheckContext, division: str) -> str:
    """The English of a 学部 (a choice of the division field or column)."""
    if not division:
        return ""
    f = ctx.case_type.field(ctx.param("division_field", "division"))
    rows = ctx.case_type.field(ctx.param("rows", "nominators"))
    column = next((c for c in (rows.columns if rows else ()) if c.key == ctx.param("division_column", "division")), None)
    for candidate in (f, column):
        if candidate is not None and candidate.choice_en(division):
            return candidate.choice_en(division)
    return division


@check_function("expert_panel")
def expert_panel(ctx: CheckContext) -> Outcome:
    """An expert group of at least 5, at least 60% technical and at least 1 financial
    (高企认定工作指引)."""
    rows_key, column = ctx.param("rows", "experts"), ctx.param("specialty_column", "specialty")
    rows = ctx.rows(rows_key)
    if not rows:
        return ctx.missing(rows_key)
    r = ctx.rules
    need_n, need_tech, need_fin = r.integer(ctx.param("min_rule")), r.decimal(ctx.param("tech_ratio_rule")), r.integer(ctx.param("finance_rule"))
    tech = sum(1 for x in rows if x.get(column) == ctx.param("tech_value", "技术专家"))
    fin = sum(1 for x in rows if x.get(column) == ctx.param("finance_value", "财务专家"))
    ratio = Decimal(tech) / len(rows)
    return Outcome(
        len(rows) >= need_n and ratio >= need_tech and fin >= need_fin,
        f"专家 {len(rows)} 人（技术专家 {tech} 人，占 {pct(ratio)}；财务专家 {fin} 人）；"
        f"要求不少于 {need_n} 人，技术专家不低于 {pct(need_tech)}，财务专家至少 {need_fin} 人。",
        f"{len(rows)} experts ({tech} technical = {pct(ratio)}, {fin} financial); need {need_n}, "
        f"{pct(need_tech)} technical, {need_fin} financial.",
    )


@check_function("conflict_of_interest")
def conflict_of_interest(ctx: CheckContext) -> Outcome:
    """An expert who recused himself (回避) has given no score."""
    rows_key = ctx.param("rows", "experts")
    recused, score = ctx.param("recused_column", "recused"), ctx.param("score_column", "score")
    bad = [row_name(as_text(x.get("name")), i) for i, x in enumerate(ctx.rows(rows_key), start=1)
           if x.get(recused) is True and x.get(score) is not None]
    return Outcome(not bad, f"已回避的专家不应评分：{'、'.join(zh for zh, _ in bad)}。" if bad else "回避专家均未评分。",
                   f"Recused experts must not score: {', '.join(en for _, en in bad)}." if bad
                   else "No recused expert scored.")
