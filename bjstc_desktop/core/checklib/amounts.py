"""Checks on amounts (integer 分): caps, sums and parts that may not exceed a whole."""

from __future__ import annotations

from decimal import Decimal

from bjstc_desktop.core.checklib.base import (
    CheckContext,
    Outcome,
    check_function,
    pct,
    wan,
)
from bjstc_desktop.core.rulevalues import RuleValueError

MARGINAL = "分段累进"  # each tier's ratio applies to the part of the base inside the tier
BRACKET = "全额分档"  # the ratio of the tier the whole base falls in applies to all of it


@check_function("not_above")
def not_above(ctx: CheckContext) -> Outcome:
    """Field `part` may not exceed field `whole` (e.g. 技术交易额 ≤ 成交额)."""
    part_key, whole_key = ctx.param("part"), ctx.param("whole")
    part, whole = ctx.value(part_key), ctx.value(whole_key)
    if part is None or whole is None:
        return ctx.missing(*(k for k, v in ((part_key, part), (whole_key, whole)) if v is None))
    p, w = ctx.label(part_key), ctx.label(whole_key)
    ps, ws = ctx.show(part_key, part), ctx.show(whole_key, whole)
    return Outcome(part <= whole, f"{p} {ps}，{w} {ws}；{p}不得高于{w}。",
                   f"{ctx.label_en(part_key)} {ctx.show_en(part_key, part)} must not exceed "
                   f"{ctx.label_en(whole_key)} {ctx.show_en(whole_key, whole)}.")


@check_function("sum_equals")
def sum_equals(ctx: CheckContext) -> Outcome:
    """Field `total` equals the sum of fields `parts` (总经费 = 财政 + 自筹); a part not
    filled in counts as zero once at least one part is filled in."""
    total_key, part_keys = ctx.param("total"), tuple(ctx.param("parts"))
    total = ctx.value(total_key)
    parts = [ctx.value(k) for k in part_keys]
    if total is None or all(p is None for p in parts):
        return ctx.missing(total_key, *part_keys)
    s = sum(p or 0 for p in parts)
    names = " + ".join(ctx.label(k) for k in part_keys)
    ts, ss = ctx.show(total_key, total), ctx.show(total_key, s)
    return Outcome(
        total == s,
        f"{ctx.label(total_key)} {ts}，{names} = {ss}；两者应相等。",
        f"{ctx.label_en(total_key)} {ctx.show_en(total_key, total)} should equal "
        f"{' + '.join(ctx.label_en(k) for k in part_keys)} = {ctx.show_en(total_key, s)}.",
    )


def _rows_sum(ctx: CheckContext) -> tuple[str, str, int]:
    rows_key, column = ctx.param("rows"), ctx.param("column", "amount")
    return rows_key, column, sum(r.get(column) or 0 for r in ctx.rows(rows_key))


@check_function("rows_sum_not_above")
def rows_sum_not_above(ctx: CheckContext) -> Outcome:
    """The rows' amounts (拨付批次) never sum above field `limit` (批复金额)."""
    rows_key, _, s = _rows_sum(ctx)
    limit_key = ctx.param("limit")
    limit = ctx.value(limit_key)
    if limit is None:
        return ctx.missing(limit_key)
    ss, ls = ctx.show(limit_key, s), ctx.show(limit_key, limit)
    return Outcome(
        s <= limit,
        f"{ctx.label(rows_key)}合计 {ss}，{ctx.label(limit_key)} {ls}；合计不得超过{ctx.label(limit_key)}。",
        f"{ctx.label_en(rows_key)} total {ctx.show_en(limit_key, s)} must not exceed "
        f"{ctx.label_en(limit_key)} {ctx.show_en(limit_key, limit)}.",
    )


@check_function("rows_sum_equals")
def rows_sum_equals(ctx: CheckContext) -> Outcome:
    """The rows' amounts (预算科目) add up to field `total` (财政经费)."""
    rows_key, _, s = _rows_sum(ctx)
    total_key = ctx.param("total")
    total = ctx.value(total_key)
    if total is None or not ctx.rows(rows_key):
        return ctx.missing(total_key, rows_key)
    ss, ts = ctx.show(total_key, s), ctx.show(total_key, total)
    return Outcome(
        s == total,
        f"{ctx.label(rows_key)}合计 {ss}，{ctx.label(total_key)} {ts}；两者应相等。",
        f"{ctx.label_en(rows_key)} total {ctx.show_en(total_key, s)} should equal "
        f"{ctx.label_en(total_key)} {ctx.show_en(total_key, total)}.",
    )


def indirect_cap(base: int, tiers: tuple[tuple[int, Decimal], ...], last: Decimal, mode: str) -> Decimal:
    """The cap on indirect costs for a base (direct costs less equipment), in 分.

    `tiers` are (upper bound in 分, ratio) in ascending order, `last` the ratio above
    the highest bound. MARGINAL applies each ratio to the part of the base inside its
    tier (国办发〔2021〕32号: "500万元以下的部分…"); BRACKET applies the ratio of the
    tier the whole base falls in."""
    if mode == BRACKET:
        ratio = next((r for bound, r in tiers if base <= bound), last)
        return Decimal(base) * ratio
    cap, lower = Decimal(0), 0
    for bound, ratio in tiers:
        cap += Decimal(max(0, min(base, bound) - lower)) * ratio
        lower = bound
    return cap + Decimal(max(0, base - lower)) * last


@check_function("indirect_cost_cap")
def indirect_cost_cap(ctx: CheckContext) -> Outcome:
    """间接费用 may not exceed the tiered share of direct costs excluding equipment
    (≤500万 30%, 500–1000万 25%, >1000万 20%; 纯理论基础研究 60%), all from rules."""
    rows_key = ctx.param("rows", "budget_lines")
    subject, column = ctx.param("subject_column", "subject"), ctx.param("column", "amount")
    rows = ctx.rows(rows_key)
    if not rows:
        return ctx.missing(rows_key)
    indirect_name, equipment_name = ctx.param("indirect_subject", "间接费用"), ctx.param("equipment_subject", "设备费")
    indirect = sum(r.get(column) or 0 for r in rows if r.get(subject) == indirect_name)
    equipment = sum(r.get(column) or 0 for r in rows if r.get(subject) == equipment_name)
    base = sum(r.get(column) or 0 for r in rows) - indirect - equipment
    r = ctx.rules
    if ctx.value(ctx.param("theory_field", "pure_theory")) is True:
        ratio = r.decimal(ctx.param("theory_ratio_rule"))
        cap, how_zh, how_en = Decimal(base) * ratio, f"纯理论基础研究项目按 {pct(ratio)}", f"pure theory at {pct(ratio)}"
    else:
        mode = r.text(ctx.param("mode_rule"))
        if mode not in (MARGINAL, BRACKET):
            raise RuleValueError(f"规则“{r.label(ctx.param('mode_rule'))}”应为“{MARGINAL}”或“{BRACKET}”。",
                                 f"Rule “{r.label_en(ctx.param('mode_rule'))}” must be {MARGINAL} (marginal tiers) "
                                 f"or {BRACKET} (whole-amount brackets).")
        tiers = ((r.wan_as_fen(ctx.param("tier1_limit_rule")), r.decimal(ctx.param("tier1_ratio_rule"))),
                 (r.wan_as_fen(ctx.param("tier2_limit_rule")), r.decimal(ctx.param("tier2_ratio_rule"))))
        last = r.decimal(ctx.param("tier3_ratio_rule"))
        cap = indirect_cap(base, tiers, last, mode)
        shares = [pct(x) for x in (tiers[0][1], tiers[1][1], last)]
        how_zh = f"{mode}（{'、'.join(shares)}）"
        how_en = f"{'marginal' if mode == MARGINAL else 'bracket'} tiers ({', '.join(shares)})"
    return Outcome(
        Decimal(indirect) <= cap,
        f"间接费用 {wan(indirect)}，上限 {wan(cap)}（直接费用扣除设备费后 {wan(base)}，{how_zh}）。",
        f"Indirect costs {wan(indirect, 'en')}, cap {wan(cap, 'en')} (direct costs less equipment "
        f"{wan(base, 'en')}, {how_en}).",
    )
