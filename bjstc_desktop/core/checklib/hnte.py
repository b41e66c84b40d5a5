"""The statutory conditions of 高新技术企业认定 (国科发火〔2016〕32号 第十一条) and its
annual-report duty, computed from the three years of financial rows.

Parameters name the ROWS field (`rows`) and the rule keys (`*_rule`). Money in the rows
is integer 分; ratios are compared exactly as decimals.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bjstc_desktop.core.checklib.base import (
    CheckContext,
    Outcome,
    check_function,
    pct,
    wan,
)


def _years(ctx: CheckContext) -> list[dict[str, Any]]:
    """The (at most three) latest yearly rows, oldest first."""
    rows = ctx.rows(ctx.param("rows", "financials"))
    if rows and all("year" in r for r in rows):
        rows.sort(key=lambda r: r["year"])
    return rows[-3:]


def _column_sum(ctx: CheckContext, rows: list[dict[str, Any]], column: str) -> int | None:
    values = [v for r in rows if (v := r.get(column)) is not None]
    return None if not rows or len(values) < len(rows) else sum(values)


def _missing(ctx: CheckContext, *columns: str) -> Outcome:
    return ctx.missing_columns(ctx.param("rows", "financials"), *columns)


@check_function("hnte_tech_staff_ratio")
def tech_staff_ratio(ctx: CheckContext) -> Outcome:
    """科技人员占企业当年职工总数的比例不低于 10%（latest year's row)."""
    rows = _years(ctx)
    latest = rows[-1] if rows else {}
    staff, employees = latest.get("tech_staff"), latest.get("employees")
    if staff is None or not employees:
        return _missing(ctx, "tech_staff", "employees")
    need = ctx.rules.decimal(ctx.param("min_rule"))
    ratio = Decimal(staff) / Decimal(employees)
    return Outcome(
        ratio >= need,
        f"科技人员 {staff} 人，占职工总数 {employees} 人的 {pct(ratio)}；要求不低于 {pct(need)}。",
        f"S&T staff {staff} of {employees} employees = {pct(ratio)}; at least {pct(need)} required.",
    )


@check_function("hnte_rd_ratio")
def rd_ratio(ctx: CheckContext) -> Outcome:
    """近三个会计年度研发费用总额占同期销售收入总额的比例，按最近一年销售收入分档：
    ≤5000万 5%，5000万–2亿 4%，>2亿 3%."""
    rows = _years(ctx)
    sales, rd = _column_sum(ctx, rows, "sales_revenue"), _column_sum(ctx, rows, "rd_expense")
    if sales is None or rd is None:
        return _missing(ctx, "sales_revenue", "rd_expense")
    if sales == 0:
        return Outcome(None, "销售收入合计为零，无法计算研发费用比例。", "Sales total zero; the R&D ratio is undefined.")
    latest = rows[-1]["sales_revenue"]
    r = ctx.rules
    if latest <= r.wan_as_fen(ctx.param("tier1_sales_rule")):
        need = r.decimal(ctx.param("tier1_ratio_rule"))
    elif latest <= r.wan_as_fen(ctx.param("tier2_sales_rule")):
        need = r.decimal(ctx.param("tier2_ratio_rule"))
    else:
        need = r.decimal(ctx.param("tier3_ratio_rule"))
    ratio = Decimal(rd) / Decimal(sales)
    return Outcome(
        ratio >= need,
        f"近{len(rows)}年研发费用 {wan(rd)}，占销售收入 {wan(sales)} 的 {pct(ratio)}；"
        f"最近一年销售收入 {wan(latest)}，要求不低于 {pct(need)}。",
        f"R&D {wan(rd, 'en')} over {len(rows)} years is {pct(ratio)} of sales {wan(sales, 'en')}; "
        f"latest-year sales {wan(latest, 'en')} require at least {pct(need)}.",
    )


@check_function("hnte_domestic_rd_ratio")
def domestic_rd_ratio(ctx: CheckContext) -> Outcome:
    """在中国境内发生的研发费用总额占全部研发费用总额的比例不低于 60%."""
    rows = _years(ctx)
    rd, domestic = _column_sum(ctx, rows, "rd_expense"), _column_sum(ctx, rows, "domestic_rd_expense")
    if rd is None or domestic is None:
        return _missing(ctx, "rd_expense", "domestic_rd_expense")
    if rd == 0:
        return Outcome(None, "研发费用合计为零，无法计算境内研发比例。", "R&D total zero; the ratio is undefined.")
    need = ctx.rules.decimal(ctx.param("min_rule"))
    ratio = Decimal(domestic) / Decimal(rd)
    return Outcome(
        ratio >= need,
        f"境内研发费用 {wan(domestic)}，占研发费用 {wan(rd)} 的 {pct(ratio)}；要求不低于 {pct(need)}。",
        f"R&D in China {wan(domestic, 'en')} is {pct(ratio)} of R&D {wan(rd, 'en')}; at least {pct(need)} required.",
    )


@check_function("hnte_hitech_income_ratio")
def hitech_income_ratio(ctx: CheckContext) -> Outcome:
    """近一年高新技术产品（服务）收入占企业同期总收入的比例不低于 60%."""
    rows = _years(ctx)
    latest = rows[-1] if rows else {}
    hitech, total = latest.get("hitech_income"), latest.get("total_income")
    if hitech is None or not total:
        return _missing(ctx, "hitech_income", "total_income")
    need = ctx.rules.decimal(ctx.param("min_rule"))
    ratio = Decimal(hitech) / Decimal(total)
    return Outcome(
        ratio >= need,
        f"高新技术产品（服务）收入 {wan(hitech)}，占总收入 {wan(total)} 的 {pct(ratio)}；要求不低于 {pct(need)}。",
        f"High-tech income {wan(hitech, 'en')} is {pct(ratio)} of total income {wan(total, 'en')}; "
        f"at least {pct(need)} required.",
    )


@check_function("hnte_declared_totals")
def declared_totals(ctx: CheckContext) -> Outcome | None:
    """The declared 近一年销售收入 and 近三年研发费用合计 agree with the financial rows (the
    latest year's sales; the three years' R&D summed), as a reviewer reconciles the
    application form with the 专项审计报告 before 认定. Not applicable while neither total is
    declared; a declared total with no rows to compare is missing data."""
    rows = _years(ctx)
    sales_key, rd_key = ctx.param("sales_field", "sales_revenue"), ctx.param("rd_field", "rd_expense")
    declared = [(key, ctx.value(key)) for key in (sales_key, rd_key)]
    if all(value is None for _, value in declared):
        return None
    latest = rows[-1].get("sales_revenue") if rows else None
    found = {sales_key: latest, rd_key: _column_sum(ctx, rows, "rd_expense")}
    if any(value is not None and found[key] is None for key, value in declared):
        return _missing(ctx, "sales_revenue", "rd_expense")
    zh, en = [], []
    for key, value in declared:
        actual = found[key]
        if value is None or actual is None or value == actual:
            continue
        zh.append(f"填报的{ctx.label(key)} {wan(value)} 与财务数据的 {wan(actual)} 不符")
        en.append(f"the declared {ctx.label_en(key)} {wan(value, 'en')} differs from "
                  f"{wan(actual, 'en')} in the financial rows")
    if zh:
        return Outcome(False, "；".join(zh) + "。", en[0][0].upper() + "; ".join(en)[1:] + ".")
    return Outcome(True, "填报的销售收入、研发费用合计与近三年财务数据一致。",
                   "The declared sales and R&D totals agree with the financial rows.")


@check_function("hnte_innovation_score")
def innovation_score(ctx: CheckContext) -> Outcome:
    """企业创新能力评价得分不低于 71 分. Each part counts at most its maximum (知识产权 30,
    成果转化 30, 研发组织管理 20, 成长性 20: `parts` pairs each field with its maximum's
    rule); a part above its maximum, or a total that is not the sum of its parts, fails."""
    need = ctx.rules.integer(ctx.param("min_rule"))
    total_key = ctx.param("total_field", "innovation_score")
    declared = ctx.value(total_key)
    parts = [(key, ctx.value(key), ctx.rules.integer(rule)) for key, rule in ctx.param("parts", ())]
    if parts and all(v is not None for _, v, _ in parts):
        over = [f"{ctx.label(k)} {v} 分（满分 {m} 分）" for k, v, m in parts if v > m]
        over_en = [f"{ctx.label_en(k)} {v} (maximum {m})" for k, v, m in parts if v > m]
        total = sum(min(v, m) for _, v, m in parts)
        mismatch = declared is not None and declared != sum(v for _, v, _ in parts)
        zh = f"四项得分按满分封顶合计 {total} 分；要求不低于 {need} 分。"
        en = f"The four parts, each capped at its maximum, give {total}; at least {need} required."
        if over:
            zh += f"超过满分：{'、'.join(over)}。"
            en += f" Above the maximum: {', '.join(over_en)}."
        if mismatch:
            zh += f"填报的{ctx.label(total_key)} {declared} 分与各项之和不符。"
            en += f" The declared {ctx.label_en(total_key)} {declared} is not the sum of the parts."
        return Outcome(not over and not mismatch and total >= need, zh, en)
    if declared is None:
        return ctx.missing(total_key)
    ceiling = sum(m for _, _, m in parts) or 100
    return Outcome(
        need <= declared <= ceiling,
        f"创新能力评价得分 {declared} 分；要求不低于 {need} 分，且不超过满分 {ceiling} 分。",
        f"Innovation score {declared}; at least {need} and at most {ceiling}.",
    )


@check_function("hnte_annual_reports")
def annual_reports(ctx: CheckContext) -> Outcome | None:
    """Annual reports due by 31 May for each year of validity; missing them twice in
    total means the qualification is to be cancelled. Not applicable before issue."""
    issued = ctx.date_of(ctx.param("issued_field", "issued_on"))
    if issued is None:
        return None
    validity = ctx.rules.integer(ctx.param("validity_rule"))
    limit = ctx.rules.integer(ctx.param("cancel_rule"))
    rows_key = ctx.param("rows", "annual_reports")
    submitted = {r.get("fiscal_year"): r.get("submitted_on") for r in ctx.rows(rows_key)}
    missed = []
    for year in range(issued.year, issued.year + validity):
        due = ctx.rules.month_day(ctx.param("due_rule"), year + 1)
        if due >= ctx.today:
            continue
        on = submitted.get(year)
        if on is None or date.fromisoformat(on) > due:
            missed.append(year)
    names = "、".join(f"{y}年度" for y in missed) or "无"
    return Outcome(
        len(missed) < limit,
        f"未按期报送年度发展情况报表：{names}；累计 {limit} 次未按期报送应取消资格。",
        f"Annual reports missed: {', '.join(map(str, missed)) or 'none'}; "
        f"{limit} missed reports cancel the qualification.",
    )
