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
    """科普基地（科技场馆类）: each kind of venue (`kinds`: choice → rule prefix; 科技馆,
    博物馆·天文台…, 其他单位设立的场馆和科技创新平台) meets the area, visitors, open days
    and days free for pupils that its rules (`<prefix>_<measure>_rule`) set."""
    kind = as_text(ctx.value(ctx.param("venue_field")))
    kinds = dict(ctx.param("kinds", ())) or {ctx.param("science_center", "科技馆"): "center",
                                            ctx.param("other_venue", "专业场馆"): "venue"}
    prefix = kinds.get(kind)
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


def _limit_of(ctx: CheckContext, key: str, rule: str) -> int:
    """A rule's minimum in the unit of field `key` (万元 rules become 分 for money)."""
    f = ctx.case_type.field(key)
    return ctx.rules.wan_as_fen(rule) if f is not None and f.kind.value == "money" else ctx.rules.integer(rule)


@check_function("min_values")
def min_values(ctx: CheckContext) -> Outcome:
    """Each field of `limits` ((field, rule), ...) reaches its rule's minimum (科普研发类
    and 科技传播类 基地, 孵化器 and the like)."""
    short, short_en, have = [], [], []
    for key, rule in ctx.param("limits", ()):
        value = ctx.value(key)
        if value is None:
            return ctx.missing(key)
        need = _limit_of(ctx, key, rule)
        have.append(f"{ctx.label(key)} {ctx.show(key, value)}（不少于 {ctx.show(key, need)}）")
        if value < need:
            short.append(ctx.label(key))
            short_en.append(f"{ctx.label_en(key)} {ctx.show_en(key, value)} (at least {ctx.show_en(key, need)})")
    return Outcome(not short, "；".join(have) + "。" + (f"未达标：{'、'.join(short)}。" if short else ""),
                   f"Below the minimum: {'; '.join(short_en)}." if short else "All thresholds met.")


@check_function("fields_within_max")
def fields_within_max(ctx: CheckContext) -> Outcome:
    """No field of `limits` ((field, rule), ...) exceeds its rule's maximum (高企评分各项
    满分, 科技型中小企业的职工、收入和资产上限)."""
    over, over_en, filled = [], [], 0
    for key, rule in ctx.param("limits", ()):
        value = ctx.value(key)
        if value is None:
            continue
        filled += 1
        top = _limit_of(ctx, key, rule)
        if value > top:
            over.append(f"{ctx.label(key)} {ctx.show(key, value)}（上限 {ctx.show(key, top)}）")
            over_en.append(f"{ctx.label_en(key)} {ctx.show_en(key, value)} (maximum {ctx.show_en(key, top)})")
    if not filled:
        return ctx.missing(*(k for k, _ in ctx.param("limits", ())))
    return Outcome(not over, f"超过上限：{'、'.join(over)}。" if over else "各项均未超过上限。",
                   f"Above the maximum: {'; '.join(over_en)}." if over else "No value above its maximum.")


@check_function("value_in_rule")
def value_in_rule(ctx: CheckContext) -> Outcome:
    """Field `field` is one of the rule's words (院士候选人推荐渠道：院士提名、学术团体)."""
    key = ctx.param("field")
    value = as_text(ctx.value(key))
    if not value:
        return ctx.missing(key)
    allowed = ctx.rules.words(ctx.param("values_rule"))
    allowed_en = ", ".join(ctx.choice_en(key, a) for a in allowed)
    return Outcome(value in allowed, f"{ctx.label(key)}“{value}”；现行规定只有：{'、'.join(allowed)}。",
                   f"{ctx.label_en(key)} “{ctx.choice_en(key, value)}”; only {allowed_en} now.")


NATURAL_PERSON = ("自然人",)
FOREIGN_ORG = ("境外企业/机构",)
ID_KINDS = ("统一社会信用代码", "公民身份号码", "护照号码", "境外登记注册号")


@check_function("party_identity")
def party_identity(ctx: CheckContext) -> Outcome:
    """A contract party's identifier follows its nature: an organisation registered in
    China has a USCC, a natural person an ID number (or a passport), a foreign
    organisation its foreign registration number. Fields: `nature_field`, `kind_field`,
    `country_field` (the codes of China in rule `domestic_rule`) and `by_kind`."""
    nature = as_text(ctx.value(ctx.param("nature_field")))
    kind = as_text(ctx.value(ctx.param("kind_field")))
    country = as_text(ctx.value(ctx.param("country_field")))
    domestic = ctx.rules.words(ctx.param("domestic_rule")) if ctx.param("domestic_rule") else ("142", "156")
    if nature in NATURAL_PERSON:
        allowed: tuple[str, ...] = ("公民身份号码", "护照号码")
    elif nature in FOREIGN_ORG or (country and country not in domestic):
        allowed = ("境外登记注册号",)
    else:
        allowed = ("统一社会信用代码",)
    kind = kind or allowed[0]
    nature_key, kind_key = ctx.param("nature_field"), ctx.param("kind_field")
    who, who_en = ctx.label(nature_key), ctx.label_en(nature_key)
    kinds_en = " or ".join(ctx.choice_en(kind_key, a) for a in allowed)
    if kind not in allowed:
        nature_en = ctx.choice_en(nature_key, nature) if nature else "domestic organisation"
        return Outcome(False, f"{who}为“{nature or '境内单位'}”，证件应为{'或'.join(allowed)}，不应为{kind}。",
                       f"{who_en} “{nature_en}” is identified by {kinds_en}, not {ctx.choice_en(kind_key, kind)}.")
    key = dict(ctx.param("by_kind", ())).get(kind)
    if key is None or ctx.value(key) is None:
        return Outcome(False, f"须填写{ctx.label(key) if key else kind}。",
                       f"{ctx.label_en(key) if key else ctx.choice_en(kind_key, kind)} is required.")
    return Outcome(True, f"以{kind}标识：{ctx.value(key)}。", f"Identified by {ctx.choice_en(kind_key, kind)}.")


@check_function("visit_limits")
def visit_limits(ctx: CheckContext) -> Outcome:
    """因公临时出国: at most the rule's countries per trip, transits included, and at most
    the rule's persons per delegation (the research-staff exemption is the CheckDef's
    `when`)."""
    countries = ctx.value(ctx.param("countries_field"))
    if countries is None:
        return ctx.missing(ctx.param("countries_field"))
    transits = ctx.value(ctx.param("transit_field")) or 0
    rows = ctx.rows(ctx.param("members_rows"))
    persons = len(rows) or ctx.value(ctx.param("count_field"))
    if not persons:
        return ctx.missing(ctx.param("members_rows"))
    max_c, max_p = ctx.rules.integer(ctx.param("max_countries_rule")), ctx.rules.integer(ctx.param("max_members_rule"))
    total = countries + transits
    return Outcome(
        total <= max_c and persons <= max_p,
        f"出访 {countries} 个国家（地区）、经停 {transits} 个，共 {total} 个（不超过 {max_c} 个）；"
        f"团组 {persons} 人（不超过 {max_p} 人）。",
        f"{total} countries incl. {transits} transit(s) (at most {max_c}); {persons} persons (at most {max_p}).",
    )


@check_function("fields_equal")
def fields_equal(ctx: CheckContext) -> Outcome | None:
    """Field `field` equals field `same_as` once both are filled in (更名后证书编号不变)."""
    a_key, b_key = ctx.param("field"), ctx.param("same_as")
    a, b = ctx.value(a_key), ctx.value(b_key)
    if a is None or b is None:
        return None
    return Outcome(a == b, f"{ctx.label(a_key)} {a} 应与{ctx.label(b_key)} {b} 相同。",
                   f"{ctx.label_en(a_key)} {a} should equal {ctx.label_en(b_key)} {b}.")


@check_function("prefix_by_choice")
def prefix_by_choice(ctx: CheckContext) -> Outcome | None:
    """Field `field` starts with the prefix that the value of `choice_field` calls for
    (`prefixes`: (choice, prefix), ...): 生产许可证 SCXK, 使用许可证 SYXK."""
    key, choice_key = ctx.param("field"), ctx.param("choice_field")
    code, choice = ctx.value(key), as_text(ctx.value(choice_key))
    prefix = dict(ctx.param("prefixes", ())).get(choice)
    if code is None or prefix is None:
        return None
    return Outcome(str(code).startswith(prefix),
                   f"{ctx.label(choice_key)}为“{choice}”，{ctx.label(key)}应以 {prefix} 开头（现为 {code}）。",
                   f"{ctx.label_en(choice_key)} “{ctx.choice_en(choice_key, choice)}” takes a "
                   f"{ctx.label_en(key)} starting with {prefix} (not {code}).")
