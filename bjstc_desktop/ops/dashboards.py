"""The dashboard engine: runs a duty's chart specifications (core/dashboards.py) as SQL
GROUP BY aggregates over the cases the acting user may see, and nothing else.

Charts are computed in batches: those that need no field (cases by state; open, overdue
and closed per type) share one pass over the duty's cases; those over one case type's
fields share one pass over that type's cases. A pass filters by visibility
(`visible_to`), module and case type, LEFT JOINs case_fields once per field on its
primary key (case_id, key), groups by every dimension its charts use and computes every
measure as a conditional sum (SUM(CASE WHEN ...)); each chart then adds up the rows it
needs. Cost: one index probe per field per case counted (benchmarks/bench_dashboards.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.dashboards import (
    BY_FIELD,
    BY_MONTH,
    BY_STATE,
    BY_TYPE,
    COUNT_UNIT,
    NOT_FILLED,
    ChartData,
    ChartSpec,
    DashboardData,
    Measure,
    Series,
    charts_for,
    field_categories,
)
from bjstc_desktop.core.errors import NotFoundError, PermissionDeniedError
from bjstc_desktop.core.i18n import choice_label, label, pick, state_label, tr
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.modules import module as lookup_module
from bjstc_desktop.core.roles import Actor, check_may_handle_cases
from bjstc_desktop.core.validators.districts import (
    beijing_districts,
    district,
    functional_areas,
    region_of,
)
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store.models import Case, CaseField
from bjstc_desktop.store.portable import year_month
from bjstc_desktop.store.repositories.cases import visible_to
from bjstc_desktop.store.repositories.opened_fields import open_fields


class DashboardOps(OpsPart):
    """Per-duty statistics, computed for the acting user."""

    def dashboard(self, module_code: str, today: dt.date | None = None,
                  only: tuple[str, ...] = ()) -> DashboardData:
        """Every chart of the duty `module_code` (or only the chart keys in `only`)."""
        module = _module_in_scope(self.actor, module_code)
        specs = charts_for(module)
        if only:
            unknown = sorted(set(only) - {s.key for s in specs})
            if unknown:
                raise NotFoundError(f"“{module.name}”没有统计图“{'、'.join(unknown)}”。",
                                    f"The {module.code} dashboard has no chart {', '.join(unknown)}.")
            specs = tuple(s for s in specs if s.key in only)
        day = today or dt.date.today()
        with self.store.read() as s:
            charts = tuple(run_charts(s, self.actor, module, specs, day))
        return DashboardData(module.code, module.name, dt.datetime.now().isoformat(timespec="seconds"), charts)


def _module_in_scope(actor: Actor, code: str) -> Module:
    check_may_handle_cases(actor)
    module = lookup_module(code)
    if code not in actor.modules:
        raise PermissionDeniedError(f"“{module.name}”不在您的业务范围内，不能查看其统计。",
                                    f"The duty {code} is outside your module scope; its statistics are not shown.")
    return module


def run_chart(s: Session, actor: Actor, module: Module, spec: ChartSpec, today: dt.date) -> ChartData:
    """Compute one chart (one GROUP BY statement)."""
    return run_charts(s, actor, module, (spec,), today)[0]


def run_charts(s: Session, actor: Actor, module: Module, specs: tuple[ChartSpec, ...],
               today: dt.date) -> list[ChartData]:
    """Compute charts in as few passes as their filters allow: the charts that need no
    field share one pass over the duty's cases (grouped by type and state); the charts
    over one case type's fields share one pass over that type's cases. Each pass groups
    by every dimension its charts use; each chart then sums the rows it needs."""
    batches: dict[tuple[str, str], list[ChartSpec]] = defaultdict(list)
    for spec in specs:
        needs_fields = spec.group in (BY_FIELD, BY_MONTH) or spec.split_field or any(
            m.money_field or m.has_field or m.lacks_field or m.true_field or m.false_field for m in spec.measures)
        batches[(spec.require_field, spec.case_type if needs_fields else "")].append(spec)
    done: dict[str, ChartData] = {}
    for (require, type_code), batch in batches.items():
        done.update(_run_batch(s, actor, module, batch, require, type_code, today))
    return [done[spec.key] for spec in specs]


_COUNT = Measure("", "")


def _measure_key(m: Measure) -> tuple[Any, ...]:
    return (m.money_field, m.states, m.has_field, m.lacks_field, m.true_field, m.false_field, m.status)


def _spec_measures(spec: ChartSpec) -> tuple[Measure, ...]:
    return (_COUNT,) if spec.split_field else spec.measures


def _aggregate(s: Session, specs: list[ChartSpec], require: str, joins: _FieldJoins, conds: list[Any],
               today: dt.date) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, str], dict[tuple[Any, ...], int]]:
    """One GROUP BY over the cases of `conds` with their fields from `joins`' source:
    the rows (dimensions, highest level, measure values), the dimensions, the charts'
    category titles and the measures' column index."""
    dims: dict[str, Any] = {"type": Case.case_type}
    titles: dict[str, str] = {}
    for spec in specs:
        name, expr, titles[spec.key] = _group_expr(spec, joins)
        dims.setdefault(name, expr)
        if spec.split_field:
            dims.setdefault(f"field:{spec.split_field}", joins.value(spec.split_field))
    measures: dict[tuple[Any, ...], int] = {}
    for spec in specs:
        for m in _spec_measures(spec):
            measures.setdefault(_measure_key(m), len(measures))
    by_key = {_measure_key(m): m for spec in specs for m in _spec_measures(spec)}
    cols = [_measure_expr(by_key[k], joins, today) for k in measures]
    exprs = list(dims.values())
    q = select(*exprs, func.max(Case.classification), *cols).select_from(Case)
    if require:  # an inner join; a chart that also reads this field reuses the join
        req = joins.alias(require)
        q = q.join(req, and_(req.case_id == Case.id, req.key == require))
    for alias, key in joins.aliases():
        if key != require:
            q = q.outerjoin(alias, and_(alias.case_id == Case.id, alias.key == key))
    rows = [dict(zip([*dims, "level"], (_norm(v) for v in r[:len(dims) + 1]), strict=True))
            | {"values": r[len(dims) + 1:]} for r in s.execute(q.where(*conds).group_by(*exprs)).all()]
    return rows, dims, titles, measures


def _needed_fields(specs: list[ChartSpec], require: str) -> set[str]:
    """The field keys a batch of charts reads."""
    keys = {require} | {k for spec in specs for k in (spec.field, spec.split_field)}
    keys |= {k for spec in specs for m in _spec_measures(spec)
             for k in (m.money_field, m.has_field, m.lacks_field, m.true_field, m.false_field)}
    return {k for k in keys if k}


def _run_batch(s: Session, actor: Actor, module: Module, specs: list[ChartSpec], require: str, type_code: str,
               today: dt.date) -> dict[str, ChartData]:
    ct = lookup_case_type(type_code) if type_code else None
    conds = [visible_to(actor), Case.module == module.code]
    types = {spec.case_type for spec in specs}
    if "" not in types:
        conds.append(Case.case_type.in_(sorted(types)))
    # 公开 cases from case_fields; classified ones from their opened values (their fields are sealed)
    joins = _FieldJoins(ct)
    rows, _dims, titles, measures = _aggregate(s, specs, require, joins, [*conds, Case.classification == 0], today)
    keys = _needed_fields(specs, require)
    classified = [*conds, Case.classification > 0]
    if s.execute(select(Case.id).where(*classified).limit(1)).first() is not None:
        opened = open_fields(s, select(Case.id).where(*classified).scalar_subquery(), keys) if keys else None
        rows += _aggregate(s, specs, require, _FieldJoins(ct, opened), classified, today)[0]
    out = {}
    for spec in specs:
        mine = [r for r in rows if not spec.case_type or r["type"] == spec.case_type]
        group_dim = _group_expr(spec, joins)[0]
        split_dim = f"field:{spec.split_field}" if spec.split_field else ""
        index = [measures[_measure_key(m)] for m in _spec_measures(spec)]
        cells: dict[tuple[Any, Any], list[int]] = {}
        for r in mine:
            cell = cells.setdefault((r[group_dim], r[split_dim] if split_dim else ""), [0] * len(index))
            for j, i in enumerate(index):
                cell[j] += int(r["values"][i] or 0)
        level = max((Level(r["level"]) for r in mine if r["level"] is not None), default=Level.PUBLIC)
        out[spec.key] = _assemble(spec, module, joins, titles[spec.key], cells, level)
    return out


def _assemble(spec: ChartSpec, module: Module, joins: _FieldJoins, title: str,
              cells: dict[tuple[Any, Any], list[int]], level: Level) -> ChartData:
    ct = lookup_case_type(spec.case_type) if spec.case_type else None
    keys, labels = _categories(spec, module, ct, {k[0] for k in cells}, joins)
    if spec.split_field:
        split_keys, split_labels = _field_order(joins.fdef(spec.split_field), {k[1] for k in cells})
        series = tuple(Series(split_labels[i], tuple(cells.get((g, sk), [0])[0] for g in keys), COUNT_UNIT)
                       for i, sk in enumerate(split_keys))
    else:
        totals: dict[Any, list[int]] = defaultdict(lambda: [0] * len(spec.measures))
        for (g, _sp), values in cells.items():
            totals[g] = [a + b for a, b in zip(totals[g], values, strict=True)]
        series = tuple(Series(tr(m.label, m.label_en), tuple(totals[g][i] if g in totals else 0 for g in keys), m.unit)
                       for i, m in enumerate(spec.measures))
    return ChartData(spec.key, spec.label(), spec.kind, title, tuple(labels), series, level)


class _FieldJoins:
    """One LEFT JOIN alias of case_fields per field key a chart needs."""

    def __init__(self, ct: CaseType | None, source: Any = None) -> None:
        self.ct = ct
        self.source = source  # a table shaped like case_fields (the opened values), or case_fields itself
        self._aliases: dict[str, Any] = {}

    def alias(self, key: str) -> Any:
        if key not in self._aliases:
            self._aliases[key] = (aliased(CaseField, self.source.alias(), adapt_on_names=True) if self.source is not None
                                  else aliased(CaseField))
        return self._aliases[key]

    def aliases(self) -> list[tuple[Any, str]]:
        return [(a, k) for k, a in self._aliases.items()]

    def fdef(self, key: str) -> FieldDef:
        fd = self.ct.field(key) if self.ct else None
        if fd is None:
            raise NotFoundError(f"统计图引用了不存在的字段“{key}”。", f"A chart names an unknown field {key!r}.")
        return fd

    def value(self, key: str) -> Any:
        """The typed value column of field `key`."""
        fd, a = self.fdef(key), self.alias(key)
        if fd.kind in (FieldKind.INTEGER, FieldKind.MONEY, FieldKind.BOOL):
            return a.int_value
        if fd.kind is FieldKind.DATE:
            return a.date_value
        return a.text_value


def _group_expr(spec: ChartSpec, joins: _FieldJoins) -> tuple[str, Any, str]:
    """(dimension name, SQL expression, category title) of a chart's grouping."""
    if spec.group == BY_STATE:
        return "state", Case.state, tr("状态", "State")
    if spec.group == BY_TYPE:
        return "type", Case.case_type, tr("案件类型", "Case type")
    fd = joins.fdef(spec.field)
    if spec.group == BY_MONTH:
        # ISO dates: the first 7 characters are YYYY-MM (portable: no strftime).
        expr = year_month(joins.alias(spec.field).date_value)
        return f"month:{spec.field}", expr, tr("月份", "Month")
    if spec.group == BY_FIELD:
        return f"field:{spec.field}", joins.value(spec.field), label(fd)
    raise NotFoundError(f"未知的分组方式“{spec.group}”。", f"Unknown grouping {spec.group!r}.")


def _measure_expr(m: Measure, joins: _FieldJoins, today: dt.date) -> Any:
    conds: list[Any] = []
    if m.states:
        conds.append(Case.state.in_(m.states))
    if m.has_field:
        conds.append(joins.alias(m.has_field).case_id.is_not(None))
    if m.lacks_field:
        conds.append(joins.alias(m.lacks_field).case_id.is_(None))
    if m.true_field:
        conds.append(joins.alias(m.true_field).int_value == 1)
    if m.false_field:
        a = joins.alias(m.false_field)
        conds.append(or_(a.int_value.is_(None), a.int_value == 0))
    if m.status == "closed":
        conds.append(Case.closed_on.is_not(None))
    elif m.status == "overdue":
        conds.extend([Case.closed_on.is_(None), Case.due_on < today])
    elif m.status == "open":
        conds.extend([Case.closed_on.is_(None), or_(Case.due_on.is_(None), Case.due_on >= today)])
    amount = func.coalesce(joins.alias(m.money_field).int_value, 0) if m.money_field else literal(1)
    if not conds:
        return func.sum(amount) if m.money_field else func.count()
    return func.sum(case((and_(*conds), amount), else_=0))


def _norm(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _categories(spec: ChartSpec, module: Module, ct: CaseType | None, seen: set[Any],
                joins: _FieldJoins) -> tuple[list[Any], list[str]]:
    """The group keys in display order and their labels."""
    if spec.group == BY_STATE:
        order = list(ct.states) if ct else []
        keys, labels = _with_extra(order, seen)
        return keys, [not_filled() if k is None else state_label(ct, str(k)) for k in keys]
    if spec.group == BY_TYPE:
        codes = [t.code for t in module.case_types]
        names = {t.code: label(t) for t in module.case_types}
        keys, _ = _with_extra(codes, seen)
        return keys, [names.get(k, str(k)) for k in keys]
    if spec.group == BY_MONTH:
        months = sorted(k for k in seen if k)
        keys = _month_range(months[0], months[-1]) if months else []
        return (keys + [None], [*keys, not_filled()]) if None in seen else (keys, list(keys))
    return _field_order(joins.fdef(spec.field), seen)


def _field_order(fd: FieldDef, seen: set[Any]) -> tuple[list[Any], list[str]]:
    if fd.kind is FieldKind.BOOL:
        keys: list[Any] = [1, 0]
        labels = [pick(c, {"是": "Yes", "否": "No"}[c]) for c in field_categories(fd.kind, fd.choices)]
        if None in seen:
            keys.append(None)
            labels.append(not_filled())
        return keys, labels
    if fd.kind is FieldKind.DISTRICT:
        order = [d.code for d in (*beijing_districts(), *functional_areas())]
        known = [c for c in order if c in seen] + sorted(str(c) for c in seen if c is not None and c not in order)
        keys = known + ([None] if None in seen else [])
        return keys, [_district_label(k) for k in keys]
    order = list(fd.choices) if fd.choices else sorted(str(v) for v in seen if v is not None)
    keys, _ = _with_extra(order, seen)
    return keys, [not_filled() if k is None else choice_label(fd, k) for k in keys]


def not_filled() -> str:
    """The category of cases whose field is empty, in the officer's language."""
    return pick(NOT_FILLED, "Not filled in")


def _with_extra(order: list[Any], seen: set[Any]) -> tuple[list[Any], list[str]]:
    keys = list(order) + sorted(str(v) for v in seen if v is not None and v not in order)
    if None in seen:
        keys.append(None)
    return keys, [not_filled() if k is None else str(k) for k in keys]


def _district_label(code: Any) -> str:
    if code is None:
        return not_filled()
    d = district(str(code))
    if d is not None:
        return label(d)
    return region_of(str(code)).label or str(code)


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
