"""Checks on dates: order, minimum periods, validity and reminders before expiry."""

from __future__ import annotations

from datetime import date

from bjstc_desktop.core.checklib.base import CheckContext, Outcome, as_text, check_function
from bjstc_desktop.core.workcalendar import add_months


def reminder(what_zh: str, what_en: str, expiry: date, today: date, days: int) -> Outcome:
    """Passed while more than `days` days remain before `expiry`."""
    left = (expiry - today).days
    if left < 0:
        return Outcome(False, f"{what_zh}已于 {expiry.isoformat()} 届满。", f"{what_en} expired on {expiry.isoformat()}.")
    if left <= days:
        return Outcome(False, f"{what_zh}将于 {expiry.isoformat()} 届满（还有 {left} 天），请及时处理。",
                       f"{what_en} expires on {expiry.isoformat()} ({left} days left).")
    return Outcome(True, f"{what_zh}至 {expiry.isoformat()}，还有 {left} 天。",
                   f"{what_en} runs to {expiry.isoformat()} ({left} days left).")


@check_function("date_order")
def date_order(ctx: CheckContext) -> Outcome:
    """Field `start` is not after field `end` (执行期, 申报起止, 建设期)."""
    start_key, end_key = ctx.param("start"), ctx.param("end")
    start, end = ctx.date_of(start_key), ctx.date_of(end_key)
    if start is None or end is None:
        return ctx.missing(*(k for k, v in ((start_key, start), (end_key, end)) if v is None))
    return Outcome(start <= end, f"{ctx.label(start_key)} {start} 不得晚于{ctx.label(end_key)} {end}。",
                   f"{ctx.label_en(start_key)} {start} must not be after {ctx.label_en(end_key)} {end}.")


@check_function("not_future")
def not_future(ctx: CheckContext) -> Outcome:
    """Field `field` (签订日期) is not after today."""
    key = ctx.param("field")
    d = ctx.date_of(key)
    if d is None:
        return ctx.missing(key)
    return Outcome(d <= ctx.today, f"{ctx.label(key)} {d} 不应晚于今天（{ctx.today}）。",
                   f"{ctx.label_en(key)} {d} should not be after today ({ctx.today}).")


@check_function("min_years_since")
def min_years_since(ctx: CheckContext) -> Outcome:
    """At least the rule's number of years from field `field` (注册日期, 应用起始日期) to
    field `reference` (申请日期), or to today when that is not filled in."""
    key = ctx.param("field")
    since = ctx.date_of(key)
    if since is None:
        return ctx.missing(key)
    ref_key = ctx.param("reference", "")
    ref = (ctx.date_of(ref_key) if ref_key else None) or ctx.today
    years = ctx.rules.integer(ctx.param("years_rule"))
    earliest = add_months(since, 12 * years)
    return Outcome(earliest <= ref, f"{ctx.label(key)} {since}，至 {ref} 须满 {years} 年（{earliest} 起）。",
                   f"{ctx.label_en(key)} {since} must be at least {years} year(s) before {ref} (from {earliest}).")


@check_function("min_period")
def min_period(ctx: CheckContext) -> Outcome:
    """From `start` to `end` spans at least the rule's days ("day") or working days
    ("workday", needs the calendar): 征求意见 不少于 30 日."""
    start_key, end_key, unit = ctx.param("start"), ctx.param("end"), ctx.param("unit", "day")
    start, end = ctx.date_of(start_key), ctx.date_of(end_key)
    if start is None or end is None:
        return ctx.missing(start_key, end_key)
    need = ctx.rules.integer(ctx.param("days_rule"))
    if unit == "workday":
        if ctx.calendar is None:
            return Outcome(None, "需要工作日历才能计算工作日。", "A working-day calendar is needed.")
        span, word_zh, word_en = ctx.calendar.workdays_between(start, end) + ctx.calendar.is_workday(start), "个工作日", "working days"
    else:
        span, word_zh, word_en = (end - start).days + 1, "日", "days"
    return Outcome(span >= need, f"{start} 至 {end} 共 {span} {word_zh}；要求不少于 {need} {word_zh}。",
                   f"{start} to {end} is {span} {word_en}; at least {need} required.")


@check_function("validity_within")
def validity_within(ctx: CheckContext) -> Outcome:
    """Field `end` (有效期至) is no later than `start` plus the rule's years."""
    start_key, end_key = ctx.param("start"), ctx.param("end")
    start, end = ctx.date_of(start_key), ctx.date_of(end_key)
    if start is None or end is None:
        return ctx.missing(start_key, end_key)
    years = ctx.rules.integer(ctx.param("years_rule"))
    latest = add_months(start, 12 * years)
    return Outcome(start <= end <= latest, f"{ctx.label(end_key)} {end}；有效期自 {start} 起不超过 {years} 年（{latest}）。",
                   f"{ctx.label_en(end_key)} {end} must be within {years} year(s) of {start} ({latest}).")


@check_function("expiry_reminder")
def expiry_reminder(ctx: CheckContext) -> Outcome:
    """Warn when date field `field` (有效期至) is within the rule's days or past."""
    key = ctx.param("field")
    expiry = ctx.date_of(key)
    if expiry is None:
        return ctx.missing(key)
    return reminder(ctx.label(key), ctx.label_en(key), expiry, ctx.today, ctx.rules.integer(ctx.param("days_rule")))


@check_function("not_expired")
def not_expired(ctx: CheckContext) -> Outcome:
    """Date field `field` (调查制度有效期至) is today or later."""
    key = ctx.param("field")
    d = ctx.date_of(key)
    if d is None:
        return ctx.missing(key)
    return Outcome(d >= ctx.today, f"{ctx.label(key)} {d}；已过期的不得使用。",
                   f"{ctx.label_en(key)} {d}; an expired one may not be used.")


@check_function("rows_overdue")
def rows_overdue(ctx: CheckContext) -> Outcome:
    """No row (问题/整改事项) is past its `deadline` column while its `status` column is
    not one of `done`."""
    rows_key = ctx.param("rows")
    deadline, status, done = ctx.param("deadline"), ctx.param("status"), tuple(ctx.param("done"))
    late = [str(i) for i, r in enumerate(ctx.rows(rows_key), start=1)
            if r.get(deadline) and date.fromisoformat(r[deadline]) < ctx.today and as_text(r.get(status)) not in done]
    return Outcome(not late, f"{ctx.label(rows_key)}第 {'、'.join(late)} 行已过整改期限仍未完成。" if late
                   else f"{ctx.label(rows_key)}没有逾期未完成的事项。",
                   f"{ctx.label_en(rows_key)}: rows {', '.join(late)} are overdue." if late
                   else f"{ctx.label_en(rows_key)}: nothing overdue.")


@check_function("rows_within_period")
def rows_within_period(ctx: CheckContext) -> Outcome:
    """Every row's `row_start`..`row_end` lies within fields `start`..`end` (分会场活动)."""
    start, end = ctx.date_of(ctx.param("start")), ctx.date_of(ctx.param("end"))
    if start is None or end is None:
        return ctx.missing(ctx.param("start"), ctx.param("end"))
    rows_key, rs, re_ = ctx.param("rows"), ctx.param("row_start"), ctx.param("row_end")
    outside = [str(i) for i, r in enumerate(ctx.rows(rows_key), start=1)
               if any(r.get(c) and not start <= date.fromisoformat(r[c]) <= end for c in (rs, re_))]
    return Outcome(not outside, f"{ctx.label(rows_key)}第 {'、'.join(outside)} 行的日期超出 {start} 至 {end}。"
                   if outside else f"{ctx.label(rows_key)}均在 {start} 至 {end} 之内。",
                   f"{ctx.label_en(rows_key)}: rows {', '.join(outside)} fall outside {start} to {end}." if outside
                   else f"{ctx.label_en(rows_key)}: all within {start} to {end}.")


@check_function("min_days_since")
def min_days_since(ctx: CheckContext) -> Outcome:
    """At least the rule's number of calendar days from field `field` (注册日期) to field
    `reference` (申请日期), or to today: 高企“注册成立一年以上” is 365 days (工作指引)."""
    key = ctx.param("field")
    since = ctx.date_of(key)
    if since is None:
        return ctx.missing(key)
    ref_key = ctx.param("reference", "")
    ref = (ctx.date_of(ref_key) if ref_key else None) or ctx.today
    need = ctx.rules.integer(ctx.param("days_rule"))
    span = (ref - since).days
    return Outcome(span >= need, f"{ctx.label(key)} {since} 至 {ref} 共 {span} 日；须不少于 {need} 日。",
                   f"{ctx.label_en(key)} {since} to {ref} is {span} days; at least {need} required.")


@check_function("date_within")
def date_within(ctx: CheckContext) -> Outcome | None:
    """Field `field` (登记日期) lies within fields `start`..`end` (合同有效期); does not
    apply until `field` is filled in."""
    key = ctx.param("field")
    d = ctx.date_of(key)
    if d is None:
        return None
    start, end = ctx.date_of(ctx.param("start")), ctx.date_of(ctx.param("end"))
    if start is None or end is None:
        return ctx.missing(ctx.param("start"), ctx.param("end"))
    inside = start <= d <= end
    label_en = ctx.label_en(key)
    return Outcome(inside, f"{ctx.label(key)} {d} 在{start}至{end}之内。" if inside
                   else f"{ctx.label(key)} {d} 不在合同有效期 {start} 至 {end} 之内，请核实。",
                   f"{label_en} {d} is within {start} to {end}." if inside
                   else f"{label_en} {d} falls outside {start} to {end}; please check.")


@check_function("max_days_since")
def max_days_since(ctx: CheckContext) -> Outcome | None:
    """At most the rule's number of calendar days from field `field` (事项发生日期,
    书面答复日期) to field `reference` (申请日期, 请求复查日期); does not apply until the
    reference is filled in."""
    ref_key, key = ctx.param("reference"), ctx.param("field")
    ref = ctx.date_of(ref_key)
    if ref is None:
        return None
    since = ctx.date_of(key)
    if since is None:
        return ctx.missing(key)
    limit = ctx.rules.integer(ctx.param("days_rule"))
    span = (ref - since).days
    return Outcome(0 <= span <= limit,
                   f"{ctx.label(key)} {since} 至{ctx.label(ref_key)} {ref} 共 {span} 日；不得超过 {limit} 日。",
                   f"{ctx.label_en(key)} {since} to {ctx.label_en(ref_key)} {ref} is {span} days; "
                   f"at most {limit} allowed.")
