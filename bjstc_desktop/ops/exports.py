"""Exports to Excel: any case list (filters or a search result) and a duty's dashboard,
plus a dashboard chart's picture. Every export reads only what the acting user may see,
carries the highest classification of what it holds, and is audited before the file
appears under its name (stage, audit, publish: an export nobody recorded never exists).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.casetypes import CaseType, FieldKind
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.dashboards import ChartData
from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.modules import module as lookup_module
from bjstc_desktop.core.roles import Actor, check_may_handle_cases
from bjstc_desktop.core.validators.districts import district
from bjstc_desktop.core.validators.idcard import mask_id_number
from bjstc_desktop.ops.dashboards import DashboardOps
from bjstc_desktop.sheets import Column, Marking, Money, Table
from bjstc_desktop.sheets.atomic import check_target, discard, publish, stage
from bjstc_desktop.sheets.table import DATE, INTEGER, MONEY, NUMBER
from bjstc_desktop.store.models import Case, CaseField
from bjstc_desktop.store.repositories.cases import (
    CaseFilter,
    CaseRepository,
    state_condition,
    state_values,
    visible_to,
)
from bjstc_desktop.store.repositories.users import user_names

PAGE = 1000  # cases read per keyset page while a list is written
_SKIPPED_KINDS = (FieldKind.ROWS, FieldKind.CHECKLIST, FieldKind.LONG_TEXT)
_COMMON = (Column("案号", width=18), Column("案件类型", width=16), Column("标题", width=40), Column("状态", width=10),
           Column("密级", width=6), Column("承办人", width=10), Column("收文日期", DATE, 11),
           Column("办理时限", DATE, 11), Column("办结日期", DATE, 11))


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the file, how many rows, at which classification."""

    path: str
    rows: int
    classification: str

    def as_json(self) -> dict[str, Any]:
        """The CLI's --json document."""
        return asdict(self)


class ExportOps(DashboardOps):
    """Excel and picture exports, filtered and audited like every read."""

    def export_cases(self, out: Path, module: str | None = None, case_type: str | None = None,
                     state: str | tuple[str, ...] | None = None, query: str | None = None,
                     search_limit: int = 1000, *,
                     mine: bool = False, overdue_on: dt.date | None = None) -> ExportResult:
        """Write the visible cases matching the filters (or the search `query`) to an
        .xlsx file. With one case type, that type's fields follow the common columns.
        `mine`: only the cases the acting officer handles; `overdue_on`: only open cases
        due before that day (the workbench's lists)."""
        check_may_handle_cases(self.actor)
        ct = lookup_case_type(case_type) if case_type else None
        if module:
            lookup_module(module)
        target = check_target(out)
        flt = CaseFilter(module=module, case_type=case_type, state=state,
                         handler_id=self.actor.user_id if mine else None, overdue_on=overdue_on)
        with self.store.read() as s:
            repo = CaseRepository(s, self.actor)
            if query:
                found = [c for c in repo.search(query, flt, search_limit) if _matches(c, flt)]
                level = Level(max((c.classification for c in found), default=0))
                count, cases = len(found), iter(found)
            else:
                level = Level(s.execute(select(func.max(Case.classification)).where(*_conditions(self.actor, flt)))
                              .scalar_one() or 0)
                count, cases = repo.count(flt), _pages(repo, flt)
            columns = [*_COMMON, *(_field_column(f) for f in _exported_fields(ct))]
            title = _list_title(module, ct, state, query, mine, overdue_on)
            rows = _case_rows(s, cases, ct)
            staged = _stage_workbook(target, [Table(title, columns, rows, sheet_name="案件清单")], self._marking(level))
        filters = {"module": module, "type": case_type, "state": "、".join(state_values(state)), "query": query,
                   "mine": mine,
                   "overdue_on": overdue_on.isoformat() if overdue_on else None}
        return self._publish(staged, target, "export_cases", count, level,
                             **{k: v for k, v in filters.items() if v})

    def export_dashboard(self, module: str, out: Path, only: tuple[str, ...] = (),
                         today: dt.date | None = None) -> ExportResult:
        """Write a duty's charts (or only the keys in `only`) as tables, one sheet each."""
        target = check_target(out)
        data = self.dashboard(module, today=today, only=only)
        tables = [_chart_table(c) for c in data.charts]
        staged = _stage_workbook(target, tables, self._marking(data.level))
        return self._publish(staged, target, "export_dashboard", len(tables), data.level, module=module,
                             charts=[c.key for c in data.charts])

    def export_chart_png(self, module: str, chart: str, png: bytes, out: Path) -> ExportResult:
        """Save a chart's picture (drawn by the GUI with its marking) as a PNG, audited
        with the classification of the cases behind the chart as computed now."""
        target = check_target(out)
        if not png.startswith(b"\x89PNG\r\n\x1a\n"):
            raise RefusedError("图片数据无效，未保存。", "The picture is not a PNG; nothing was saved.")
        level = self.dashboard(module, only=(chart,)).level
        staged = stage(target, lambda tmp: tmp.write_bytes(png))
        return self._publish(staged, target, "export_chart_image", 1, level, module=module, chart=chart)

    def _marking(self, level: Level) -> Marking:
        return Marking(self.wfile.workstation, self.actor.name, dt.datetime.now(), level)

    def _publish(self, staged: Path, target: Path, action: str, rows: int, level: Level, **details: Any) -> ExportResult:
        self._audited_publish(staged, target, action, "export", target.name, publish=publish, discard=discard,
                             file=target.name, rows=rows, classification=level.label, **details)
        return ExportResult(str(target), rows, level.label)


def _conditions(actor: Actor, flt: CaseFilter) -> list[Any]:
    conds: list[Any] = [visible_to(actor)]
    for column, value in ((Case.module, flt.module), (Case.case_type, flt.case_type),
                          (Case.handler_id, flt.handler_id)):
        if value:
            conds.append(column == value)
    if flt.state:
        conds.append(state_condition(Case.state, flt.state))
    if flt.overdue_on:
        conds.extend([Case.due_on < flt.overdue_on, Case.closed_on.is_(None)])
    return conds


def _matches(case: Case, flt: CaseFilter) -> bool:
    """The filter, checked again on a search hit (whatever the search index applied)."""
    return ((not flt.module or case.module == flt.module) and (not flt.case_type or case.case_type == flt.case_type)
            and (not flt.state or case.state in flt.states())
            and (not flt.handler_id or case.handler_id == flt.handler_id)
            and (not flt.overdue_on or (case.closed_on is None and case.due_on is not None
                                        and case.due_on < flt.overdue_on)))


def _pages(repo: CaseRepository, flt: CaseFilter) -> Iterator[Case]:
    after: str | None = None
    while True:
        page = repo.page(flt, after, PAGE)
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].id


def _exported_fields(ct: CaseType | None) -> list[Any]:
    return [f for f in ct.fields if f.kind not in _SKIPPED_KINDS] if ct else []


def _field_column(f: Any) -> Column:
    kind = {FieldKind.MONEY: MONEY, FieldKind.DATE: DATE, FieldKind.INTEGER: INTEGER}.get(f.kind, "text")
    header = f"{f.label}（元）" if f.kind is FieldKind.MONEY else f.label
    return Column(header, kind)


def _case_rows(s: Session, cases: Iterator[Case], ct: CaseType | None) -> Iterator[list[Any]]:
    """Rows of the sheet, read page by page while the workbook is written."""
    names = user_names(s)
    fields = _exported_fields(ct)
    keys = [f.key for f in fields]
    type_names: dict[str, str] = {}
    batch: list[Case] = []

    def flush() -> Iterator[list[Any]]:
        values: dict[str, dict[str, CaseField]] = {}
        if keys:
            q = select(CaseField).where(CaseField.case_id.in_([c.id for c in batch]), CaseField.key.in_(keys))
            for row in s.execute(q).scalars():
                values.setdefault(row.case_id, {})[row.key] = row
        for c in batch:
            if c.case_type not in type_names:
                type_names[c.case_type] = lookup_case_type(c.case_type).name
            own = values.get(c.id, {})
            yield [c.case_no, type_names[c.case_type], c.title, c.state, Level(c.classification).label,
                   names.get(c.handler_id, ""), c.received_on, c.due_on, c.closed_on,
                   *(_cell(f, own.get(f.key)) for f in fields)]

    for case in cases:
        batch.append(case)
        if len(batch) >= 500:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def _cell(f: Any, row: CaseField | None) -> Any:
    if row is None:
        return None
    if f.kind is FieldKind.MONEY:
        return Money(row.int_value) if row.int_value is not None else None
    if f.kind is FieldKind.INTEGER:
        return row.int_value
    if f.kind is FieldKind.BOOL:
        return None if row.int_value is None else bool(row.int_value)
    if f.kind is FieldKind.DATE:
        return row.date_value
    if f.kind is FieldKind.ID_NUMBER and row.text_value:
        return mask_id_number(row.text_value)  # 个人信息保护: never a full ID number in a sheet
    if f.kind is FieldKind.DISTRICT and row.text_value:
        d = district(row.text_value)
        return f"{d.name}（{row.text_value}）" if d else row.text_value
    return row.text_value


def _list_title(module: str | None, ct: CaseType | None, state: str | tuple[str, ...] | None, query: str | None,
                mine: bool, overdue_on: dt.date | None) -> str:
    parts = [lookup_module(module).name if module else "全部业务", ct.name if ct else "", "、".join(state_values(state)),
             "我承办的" if mine else "", "逾期" if overdue_on else ""]
    title = "·".join(p for p in parts if p) + "案件清单"
    return f"{title}（检索：{query}）" if query else title


def _chart_table(c: ChartData) -> Table:
    headers, rows = c.table()
    kind = INTEGER if c.unit == "件" else NUMBER
    columns = [Column(headers[0]), *(Column(h, kind) for h in headers[1:])]
    return Table(c.title, columns, rows, sheet_name=c.title)


def _stage_workbook(*args: Any, **kwargs: Any) -> Any:
    """sheets.xlsx.stage_workbook, imported when an export runs (openpyxl is heavy)."""
    from bjstc_desktop.sheets.xlsx import stage_workbook

    return stage_workbook(*args, **kwargs)
