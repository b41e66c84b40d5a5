"""Checks against statutory thresholds and conditions: USCC prefixes, secrecy periods,
conditional requirements, venue thresholds, points, visit durations, row states."""

from __future__ import annotations

from bjstc_desktop.core.checklib.base import CheckContext, Outcome, as_text, check_function
from bjstc_desktop.core.checklib.dates import reminder
from bjstc_desktop.core.validators import beijing_districts, functional_areas
from bjstc_desktop.core.workcalendar import add_months


@check_function("uscc_prefix")
def uscc_prefix(ctx: CheckContext) -> Outcome:
    """The USCC in `field` starts with one of the rule's prefixes (新型研发机构: 12 事业单位,
    52 民办非企业单位)."""
    key = ctx.param("field")
    code = ctx.value(key)
    if code is None:
        return ctx.missing(key)
    prefixes = ctx.rules.words(ctx.param("prefixes_rule"))
    return Outcome(code.startswith(prefixes), f"{ctx.label(key)}以“{code[:2]}”开头；应以 {'或'.join(prefixes)} 开头。",
                   f"{ctx.label_en(key)} starts with {code[:2]!r}; expected {' or '.join(prefixes)}.")


def _period_months(ctx: CheckContext) -> int | None:
    value = ctx.value(ctx.param("value_field"))
    if value is None:
        return None
    return value if as_text(ctx.value(ctx.param("unit_field"))) == "月" else 12 * value


def _max_years(ctx: CheckContext, level: str) -> int | None:
    rule = {"秘密": "secret_rule", "机密": "confidential_rule", "绝密": "top_rule"}.get(level)
    return ctx.rules.integer(ctx.param(rule)) if rule and ctx.param(rule) else None


@check_function("secrecy_period")
def secrecy_period(ctx: CheckContext) -> Outcome:
    """保密期限 within the level's maximum (秘密 ≤10, 机密 ≤20, 绝密 ≤30 years), or a
    解密条件 instead of a period."""
    level = as_text(ctx.value(ctx.param("level_field")))
    if not level:
        return ctx.missing(ctx.param("level_field"))
    level_en = ctx.choice_en(ctx.param("level_field"), level)
    limit = _max_years(ctx, level)
    months = _period_months(ctx)
    if months is None:
        if ctx.value(ctx.param("condition_field")):
            return Outcome(True, "以解密条件代替保密期限。", "A declassification condition replaces the period.")
        return Outcome(None, f"未填写保密期限或解密条件（未标明的按{level}最长期限 {limit} 年处理）。",
                       f"Neither a period nor a condition (unmarked means the {limit}-year maximum).")
    if limit is None:
        return Outcome(None, f"密级“{level}”没有法定最长期限。", f"No maximum period for {level_en}.")
    shown = f"{months // 12} 年" if months % 12 == 0 else f"{months} 个月"
    return Outcome(months <= 12 * limit, f"{level}保密期限 {shown}；{level}不超过 {limit} 年。",
                   f"Period {months} months; {level_en} allows at most {limit} years.")


@check_function("secrecy_expiry")
def secrecy_expiry(ctx: CheckContext) -> Outcome:
    """Remind before the 保密期限 (from 定密日期) runs out; unmarked periods count as the
    level's maximum."""
    start = ctx.date_of(ctx.param("start_field"))
    level = as_text(ctx.value(ctx.param("level_field")))
    if ctx.value(ctx.param("condition_field")) and _period_months(ctx) is None:
        return Outcome(True, "以解密条件解密，无固定到期日。", "Declassified on a condition; no fixed expiry.")
    months = _period_months(ctx)
    if months is None and level:
        limit = _max_years(ctx, level)
        months = None if limit is None else 12 * limit
    if start is None or months is None:
        return ctx.missing(ctx.param("start_field"), ctx.param("value_field"))
    expiry = add_months(start, months)
    return reminder("保密期限", "The classification period", expiry, ctx.today, ctx.rules.integer(ctx.param("days_rule")))


@check_function("required_when")
def required_when(ctx: CheckContext) -> Outcome:
    """Fields `fields` must be filled in (declare the condition as the CheckDef's `when`:
    技术转让 → 预计新增投入)."""
    absent = [k for k in ctx.param("fields") if ctx.value(k) is None]
    return Outcome(not absent, f"须填写：{'、'.join(ctx.label(k) for k in absent)}。" if absent else "条件必填项已填写。",
                   f"Required here: {', '.join(ctx.label_en(k) for k in absent)}." if absent
                   else "Conditional fields filled in.")


@check_function("must_not")
def must_not(ctx: CheckContext) -> Outcome:
    """Fails when the fields match `condition` (母公司已获认定且主营业务相同); the message is
    the CheckDef's `zh`/`en`."""
    hit = ctx.matches(ctx.param("condition"))
    return Outcome(not hit, ctx.param("zh") if hit else "不存在该情形。", ctx.param("en") if hit else "Not the case.")


@check_function("rows_all")
def rows_all(ctx: CheckContext) -> Outcome:
    """Every row's `column` is one of `values` (每个调查对象均已审核通过)."""
    rows_key, column, values = ctx.param("rows"), ctx.param("column"), tuple(ctx.param("values"))
    rows = ctx.rows(rows_key)
    if not rows:
        return ctx.missing(rows_key)
    pending = [str(i) for i, r in enumerate(rows, start=1) if as_text(r.get(column)) not in values]
    values_en = " or ".join(ctx.column_choice_en(rows_key, column, v) for v in values)
    name_en = ctx.label_en(rows_key)
    return Outcome(not pending, f"{ctx.label(rows_key)}第 {'、'.join(pending)} 行尚未{'/'.join(values)}。" if pending
                   else f"{ctx.label(rows_key)}均已{'/'.join(values)}。",
                   f"{name_en}: rows {', '.join(pending)} are not {values_en}." if pending
                   else f"{name_en}: every row is {values_en}.")


@check_function("district_coverage")
def district_coverage(ctx: CheckContext) -> Outcome:
    """The rows name every one of the 16 districts (and 经开区 when `with_bda`)."""
    rows_key, column = ctx.param("rows"), ctx.param("column", "district")
    wanted = list(beijing_districts()) + (list(functional_areas()) if ctx.param("with_bda") else [])
    present = {r.get(column) for r in ctx.rows(rows_key)}
    absent = [d for d in wanted if d.code not in present]
    return Outcome(not absent, f"{ctx.label(rows_key)}缺少：{'、'.join(d.name for d in absent)}。" if absent
                   else "各区均已填报。",
                   f"{ctx.label_en(rows_key)} lacks: {', '.join(d.name_en for d in absent)}." if absent
                   else "Every district is covered.")


@check_function("venue_thresholds")
def venue_thresholds(ctx: CheckContext) -> Outcome:
    """科普基地（科技场馆类）: a 科技馆 needs the area and visitors of its rules; another
    venue (博物馆、天文台…) its own area, visitors, open days and days free for pupils."""
    kind = as_text(ctx.value(ctx.param("venue_field")))
    prefix = {ctx.param("science_center", "科技馆"): "center", ctx.param("other_venue", "专业场馆"): "venue"}.get(kind)
    if prefix is None:
        return ctx.missing(ctx.param("venue_field"))
    kind_en = ctx.choice_en(ctx.param("venue_field"), kind)
    measures = [m for m in ("area", "visitors", "open_days", "student_days") if ctx.param(f"{prefix}_{m}_rule")]
    short, have = [], []
    for m in measures:
        key, need = ctx.param(f"{m}_field"), ctx.rules.integer(ctx.param(f"{prefix}_{m}_rule"))
        value = ctx.value(key)
        if value is None:
            return ctx.missing(key)
        have.append(f"{ctx.label(key)} {value}（≥{need}）")
        if value < need:
            short.append(key)
    return Outcome(not short, f"{kind}：{'；'.join(have)}。" + (f"未达标：{'、'.join(ctx.label(k) for k in short)}。"
                                                              if short else ""),
                   f"{kind_en}: not met: {', '.join(ctx.label_en(k) for k in short)}." if short
                   else f"{kind_en}: all thresholds met.")


@check_function("points_threshold")
def points_threshold(ctx: CheckContext) -> Outcome | None:
    """外国人来华工作许可: A 类 ≥ 85 points, B 类 ≥ 60 (C 类 has no points threshold)."""
    category = as_text(ctx.value(ctx.param("category_field")))
    rule = dict(ctx.param("rules_by_category", ())).get(category)
    if rule is None:
        return None
    points = ctx.value(ctx.param("points_field"))
    if points is None:
        return ctx.missing(ctx.param("points_field"))
    need = ctx.rules.integer(rule)
    return Outcome(points >= need, f"{category}积分 {points} 分；要求不低于 {need} 分。",
                   f"{ctx.choice_en(ctx.param('category_field'), category)}: {points} points; at least {need} required.")


@check_function("visit_duration")
def visit_duration(ctx: CheckContext) -> Outcome:
    """因公临时出国 stays: one country ≤ 5 days, two ≤ 8, three or more ≤ 10 (rules),
    counting the days of leaving and entering China."""
    start, end = ctx.date_of(ctx.param("start")), ctx.date_of(ctx.param("end"))
    countries = ctx.value(ctx.param("countries_field"))
    if start is None or end is None or not countries:
        return ctx.missing(ctx.param("start"), ctx.param("end"), ctx.param("countries_field"))
    rules = tuple(ctx.param("days_rules"))
    need = ctx.rules.integer(rules[min(countries, len(rules)) - 1])
    days = (end - start).days + 1
    return Outcome(days <= need, f"出访 {countries} 个国家（地区）共 {days} 天；不超过 {need} 天。",
                   f"{countries} countries in {days} days; at most {need} allowed.")


@check_function("export_category")
def export_category(ctx: CheckContext) -> Outcome:
    """A catalogue item ending in J is prohibited (禁止出口): the only possible opinion
    is not to agree to its export."""
    code = ctx.value(ctx.param("code_field"))
    if code is None:
        return ctx.missing(ctx.param("code_field"))
    refusing = as_text(ctx.value(ctx.param("conclusion_field"))) == ctx.param("refuse_value", "不同意出口")
    prohibited = code.endswith("J")
    return Outcome(not prohibited or refusing,
                   f"目录编号 {code} 属禁止出口技术，只能出具不同意出口的审查意见。" if prohibited
                   else f"目录编号 {code} 属限制出口技术。",
                   f"{code} is prohibited: the opinion can only refuse export." if prohibited
                   else f"{code} is a restricted item.")



@check_function("less_than")
def less_than(ctx: CheckContext) -> Outcome:
    """Integer field `field` is below the rule's value (连续被提名次数 < 3)."""
    key = ctx.param("field")
    value = ctx.value(key)
    if value is None:
        return ctx.missing(key)
    limit = ctx.rules.integer(ctx.param("limit_rule"))
    return Outcome(value < limit, f"{ctx.label(key)} {value}；应少于 {limit}。",
                   f"{ctx.label_en(key)} {value}; must be below {limit}.")
