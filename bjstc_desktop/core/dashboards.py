"""What each duty's dashboard shows, as data: chart specifications (pure, no SQL) and
the plain result they produce (categories, series of numbers, units).

Every duty gets the generic charts (cases of each type by state; open, overdue and
closed cases per type); `SPECIFIC` adds the charts of the duties whose statistics the
commission reports: technology contracts' 成交额 and 技术交易额, HNTE batches, the
A/B/C/D results of deputies' proposals and the 12345 orders' response and resolution.
The engine that runs them lives in ops/dashboards.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bjstc_desktop.core.casetypes import FieldKind, Module
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.i18n import tr, unit_label

COUNT_UNIT = "件"
WAN_UNIT = "万元"
NOT_FILLED = "未填"  # the category of cases whose field is empty
_FEN_PER_WAN = Decimal(1_000_000)

# How a chart groups its cases.
BY_STATE = "state"  # the case's state, in the case type's order
BY_TYPE = "case_type"  # the module's case types, in declaration order
BY_FIELD = "field"  # the value of a field (enum choices in order, "未填" last)
BY_MONTH = "month"  # the YYYY-MM of a date field


@dataclass(frozen=True)
class Measure:
    """One series of a chart: a count of cases, or the sum of a money field (fen),
    over the cases that meet every condition given."""

    label: str
    label_en: str
    money_field: str = ""  # sum this MONEY field (fen) instead of counting
    states: tuple[str, ...] = ()  # only cases in these states
    has_field: str = ""  # only cases where this field has a value
    lacks_field: str = ""  # only cases where this field has no value
    true_field: str = ""  # only cases where this BOOL field is 是
    false_field: str = ""  # only cases where this BOOL field is 否 or not filled in
    status: str = ""  # "", "open" (not overdue), "overdue", "closed"

    @property
    def unit(self) -> str:
        """件 for counts, 万元 for sums of money."""
        return WAN_UNIT if self.money_field else COUNT_UNIT


@dataclass(frozen=True)
class ChartSpec:
    """One chart: which cases (a case type, those with `require_field` set), how they
    are grouped (`group`, `field`), and what is measured; `split_field` turns each value
    of that field into a series of counts instead of the `measures`."""

    key: str
    title: str
    title_en: str
    kind: str  # bar | hbar | stacked | hstacked | pie | line
    group: str
    measures: tuple[Measure, ...] = (Measure("件数", "Cases"),)
    case_type: str = ""
    field: str = ""
    require_field: str = ""
    split_field: str = ""

    def label(self) -> str:
        """The title in the current language."""
        return tr(self.title, self.title_en)


@dataclass(frozen=True)
class Series:
    """One series of numbers: counts, or money in fen (shown in 万元)."""

    name: str
    values: tuple[int, ...]
    unit: str

    def shown(self) -> tuple[float, ...]:
        """The values as shown: counts as they are, fen as 万元 to two places."""
        if self.unit != WAN_UNIT:
            return tuple(float(v) for v in self.values)
        return tuple(float(fen_to_wan(v)) for v in self.values)


@dataclass(frozen=True)
class ChartData:
    """A computed chart: what the GUI draws, the CLI prints and a sheet holds."""

    key: str
    title: str
    kind: str
    category_title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    level: Level  # the highest classification among the cases counted

    @property
    def unit(self) -> str:
        """The unit of the chart's values (its series share one)."""
        return self.series[0].unit if self.series else COUNT_UNIT

    @property
    def is_empty(self) -> bool:
        """True when no case was counted."""
        return not any(any(s.values) for s in self.series)

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Headers and rows (one per category, then 合计) for a sheet."""
        headers = [self.category_title, *(tr(f"{s.name}（{s.unit}）", f"{s.name} ({unit_label(s.unit)})") for s in self.series)]
        rows: list[list[Any]] = [[c, *(s.shown()[i] for s in self.series)] for i, c in enumerate(self.categories)]
        rows.append([tr("合计", "Total"), *(sum(s.shown()) if s.unit == COUNT_UNIT else float(fen_to_wan(sum(s.values)))
                                          for s in self.series)])
        return headers, rows

    def as_json(self) -> dict[str, Any]:
        """The `bjstc dashboard --json` shape: exact values (counts, or money in 分) and
        the values as shown (万元 to two places)."""
        return {"key": self.key, "title": self.title, "kind": self.kind, "categories": list(self.categories),
                "series": [{"name": s.name, "unit": "分" if s.unit == WAN_UNIT else s.unit, "values": list(s.values),
                            "shown_unit": s.unit, "shown": list(s.shown())} for s in self.series],
                "classification": self.level.label}


@dataclass(frozen=True)
class DashboardData:
    """The charts of one duty, computed for one user at one moment."""

    module: str
    module_name: str
    computed_at: str
    charts: tuple[ChartData, ...]

    @property
    def level(self) -> Level:
        """The highest classification of any case behind any chart."""
        return max((c.level for c in self.charts), default=Level.PUBLIC)

    def chart(self, key: str) -> ChartData:
        """The chart with this key (KeyError if none)."""
        for c in self.charts:
            if c.key == key:
                return c
        raise KeyError(key)

    def as_json(self) -> dict[str, Any]:
        """The `bjstc dashboard --json` document."""
        return {"module": self.module, "module_name": self.module_name, "computed_at": self.computed_at,
                "classification": self.level.label, "charts": [c.as_json() for c in self.charts]}


def fen_to_wan(fen: int) -> Decimal:
    """Fen as 万元, rounded half up to two places."""
    return (Decimal(fen) / _FEN_PER_WAN).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ----- the specific charts ---------------------------------------------------------------------
_AMOUNTS = (Measure("成交额", "Contract value", money_field="contract_amount"),
            Measure("技术交易额", "Technology value", money_field="tech_amount"))


def _contracts(key: str, title: str, title_en: str, kind: str, group: str, field: str) -> ChartSpec:
    # Registered contracts only: 予以登记 requires 登记日期, so a date means a registration.
    return ChartSpec(key, title, title_en, kind, group, _AMOUNTS, case_type="tech_contract", field=field,
                     require_field="registered_on")


_HNTE_DONE = ("不予", "不予受理", "已送达", "归档")
_HNTE_OPEN = ("收件", "形式审查", "补正中", "已受理", "审查中", "专家评审", "审核", "公示", "异议核实")

SPECIFIC: dict[str, tuple[ChartSpec, ...]] = {
    "market": (
        _contracts("contracts_by_month", "技术合同成交额（按登记月份）", "Contract values by month registered", "line",
                   BY_MONTH, "registered_on"),
        _contracts("contracts_by_type", "技术合同成交额（按合同类型）", "Contract values by contract type", "bar",
                   BY_FIELD, "contract_type"),
        _contracts("contracts_by_field", "技术合同成交额（按技术领域）", "Contract values by technology field", "hbar",
                   BY_FIELD, "tech_field"),
        _contracts("contracts_by_district", "技术合同成交额（按卖方所在区）", "Contract values by seller's district",
                   "hbar", BY_FIELD, "seller_district"),
    ),
    "industry": (
        ChartSpec("hnte_batches", "高新技术企业认定（按批次）", "HNTE recognition by batch", "stacked", BY_FIELD,
                  (Measure("通过", "Recognised", has_field="certificate_no"),
                   Measure("未通过", "Not recognised", states=_HNTE_DONE, lacks_field="certificate_no"),
                   Measure("办理中", "In progress", states=_HNTE_OPEN, lacks_field="certificate_no")),
                  case_type="hnte", field="batch"),
    ),
    "assignments": (
        ChartSpec("proposal_results", "建议提案办理结果（A/B/C/D）", "Proposal results (A/B/C/D)", "stacked", BY_FIELD,
                  case_type="proposal_reply", field="result_class", split_field="source"),
        ChartSpec("hotline_response", "12345 工单响应情况（按紧急程度）", "12345 orders responded, by urgency",
                  "stacked", BY_FIELD, (Measure("已响应", "Responded", true_field="responded"),
                                        Measure("未响应", "Not responded", false_field="responded")),
                  case_type="hotline_order", field="urgency"),
        ChartSpec("hotline_resolution", "12345 工单解决情况", "12345 orders resolved", "pie", BY_FIELD,
                  case_type="hotline_order", field="resolved"),
        ChartSpec("hotline_satisfaction", "12345 工单满意度", "12345 satisfaction", "pie", BY_FIELD,
                  case_type="hotline_order", field="satisfaction"),
    ),
}

_TIMELINESS = (Measure("在办", "Open", status="open"), Measure("已逾期", "Overdue", status="overdue"),
               Measure("已办结", "Closed", status="closed"))


def generic_charts(module: Module) -> tuple[ChartSpec, ...]:
    """Every duty's charts: open/overdue/closed per case type, then each type by state."""
    charts = [ChartSpec("timeliness", f"{module.name}：在办、逾期与办结", f"{module.name_en}: open, overdue, closed",
                        "hstacked", BY_TYPE, _TIMELINESS)]
    for ct in module.case_types:
        charts.append(ChartSpec(f"states_{ct.code}", f"{ct.name}：按状态", f"{ct.name_en or ct.name}: by state", "hbar", BY_STATE,
                                case_type=ct.code))
    return tuple(charts)


def charts_for(module: Module) -> tuple[ChartSpec, ...]:
    """The dashboard of a duty: its specific charts first, then the generic ones."""
    return SPECIFIC.get(module.code, ()) + generic_charts(module)


def field_categories(kind: FieldKind, choices: tuple[str, ...]) -> tuple[str, ...]:
    """The categories a field's values fall into before any value is seen."""
    if kind is FieldKind.BOOL:
        return ("是", "否")
    return choices

