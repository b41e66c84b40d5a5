"""Draw a computed chart (core.dashboards.ChartData) with QtCharts: bars, stacked bars
(upright or lying down), a line over months, or a pie. Fonts come from the application
font, so the bundled CJK face renders Chinese titles, axes and legends."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QApplication

from bjstc_desktop.core.dashboards import COUNT_UNIT, ChartData
from bjstc_desktop.core.i18n import pick, unit_label

# Calm, print-friendly colours; the first is the window's accent blue.
PALETTE = ("#2F5D8A", "#D98C2B", "#5B9B5B", "#B04A4A", "#7A68A6", "#3E9BA8", "#9C7A4E", "#6D7B8A")
_BARS = {"bar": QBarSeries, "stacked": QStackedBarSeries, "hbar": QHorizontalBarSeries,
         "hstacked": QHorizontalStackedBarSeries}


def _font(delta: float = 0, bold: bool = False) -> QFont:
    font = QFont(QApplication.font())
    if delta:
        font.setPointSizeF(max(6.0, font.pointSizeF() + delta))
    font.setBold(bold)
    return font


def build_chart(data: ChartData) -> QChart:
    """A QChart for `data`, titled, with axes, legend and the application's fonts."""
    chart = QChart()
    chart.setTitle(data.title)
    chart.setTitleFont(_font(1, bold=True))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setFont(_font(-1))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    if data.kind == "pie":
        _pie(chart, data)
    elif data.kind == "line":
        _lines(chart, data)
    else:
        _bars(chart, data)
    return chart


def _bars(chart: QChart, data: ChartData) -> None:
    series: QAbstractBarSeries = _BARS.get(data.kind, QBarSeries)()
    lying = data.kind in ("hbar", "hstacked")
    order = -1 if lying else 1  # lying bars read top down: the first category at the top
    for i, s in enumerate(data.series):
        bar_set = QBarSet(s.name)
        bar_set.setColor(QColor(PALETTE[i % len(PALETTE)]))
        bar_set.append(list(s.shown())[::order])
        series.append(bar_set)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append(list(data.categories)[::order])
    categories.setLabelsFont(_font(-1))
    if not lying and len(data.categories) > 6:
        categories.setLabelsAngle(-45)
    values = _value_axis(data, stacked=data.kind in ("stacked", "hstacked"))
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft if lying else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if lying else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    series.attachAxis(values)
    chart.legend().setVisible(len(data.series) > 1)


def _lines(chart: QChart, data: ChartData) -> None:
    categories = QBarCategoryAxis()
    labels, span = _month_labels(data.categories)
    categories.append(labels)
    categories.setLabelsFont(_font(-1))
    if span:
        categories.setTitleText(span)
        categories.setTitleFont(_font(-1))
    values = _value_axis(data, stacked=False)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    for i, s in enumerate(data.series):
        line = QLineSeries()
        line.setName(s.name)
        line.setPointsVisible(True)
        line.setColor(QColor(PALETTE[i % len(PALETTE)]))
        for x, y in enumerate(s.shown()):
            line.append(float(x), y)
        chart.addSeries(line)
        line.attachAxis(categories)
        line.attachAxis(values)
    chart.legend().setVisible(len(data.series) > 1)


def _month_labels(categories: tuple[str, ...]) -> tuple[list[str], str]:
    """Months (YYYY-MM) as short, unique labels (3月 / Mar, or 25.7 across more than a year)
    with the span they cover as the axis title; other categories unchanged."""
    months = [c for c in categories if len(c) == 7 and c[4] == "-" and c[:4].isdigit() and c[5:].isdigit()]
    if not months or len(months) != len(categories):
        return list(categories), ""
    short = [pick(f"{int(c[5:])}月", QLocale(QLocale.Language.English).monthName(int(c[5:]), QLocale.FormatType.ShortFormat))
             for c in categories]
    if len(set(short)) < len(short):  # more than a year: labels must stay unique (25.7)
        short = [f"{c[2:4]}.{int(c[5:])}" for c in categories]
    return short, f"{months[0]} — {months[-1]}"


def _pie(chart: QChart, data: ChartData) -> None:
    pie = QPieSeries()
    values = data.series[0].shown() if data.series else ()
    total = sum(values)
    for i, (name, value) in enumerate(zip(data.categories, values, strict=True)):
        if value <= 0:
            continue
        share = f"{value / total:.0%}" if total else ""
        pie_slice = pie.append(f"{name} {int(value) if data.unit == COUNT_UNIT else value}" + pick(f"（{share}）", f" ({share})"), value)
        pie_slice.setColor(QColor(PALETTE[i % len(PALETTE)]))
        pie_slice.setLabelFont(_font(-1))
    pie.setLabelsVisible(True)
    pie.setPieSize(0.62)
    chart.addSeries(pie)
    chart.legend().setVisible(False)


def _value_axis(data: ChartData, stacked: bool) -> QValueAxis:
    axis = QValueAxis()
    shown = [s.shown() for s in data.series]
    if stacked and shown:
        top = max((sum(col) for col in zip(*shown, strict=True)), default=0.0)
    else:
        top = max((max(v, default=0.0) for v in shown), default=0.0)
    axis.setRange(0, _nice_top(top))
    axis.setTickCount(6)
    axis.setLabelFormat("%.0f" if _nice_top(top) >= 5 else "%.1f")
    axis.setTitleText(unit_label(data.unit))
    axis.setTitleFont(_font(-1))
    axis.setLabelsFont(_font(-1))
    return axis


def _nice_top(value: float) -> float:
    """A round upper bound at or above `value` that divides into 5 ticks."""
    if value <= 0:
        return 5.0
    step = 1.0
    while step * 5 < value:
        for factor in (2, 2.5, 2):
            if step * 5 >= value:
                break
            step *= factor
    return step * 5


RENDER_HINTS = QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
