"""A duty's dashboard (统计): its charts, computed off the GUI thread for the officer
and only over the cases they may see, each exportable as a picture (with the
classification marking drawn above it) and as an Excel sheet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core import i18n
from bjstc_desktop.core.casetypes import Module
from bjstc_desktop.core.dashboards import ChartData, DashboardData
from bjstc_desktop.gui.charts import RENDER_HINTS, build_chart
from bjstc_desktop.gui.export_paths import default_export_path
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.operations import Operation, read, run_operation

if TYPE_CHECKING:
    from bjstc_desktop.ops.exports import (
        ExportResult,  # for annotations only: its module loads when first used
    )
    from bjstc_desktop.workstation import Workstation

_STRIP = 30  # height of the marking strip above an exported picture, in pixels


def marked_png(view: QChartView, marking: str) -> bytes:
    """The chart as PNG bytes with a strip above it naming the classification,
    workstation, user and time."""
    shot = view.grab().toImage()
    image = QImage(shot.width(), shot.height() + _STRIP, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHints(RENDER_HINTS)
    font = QFont(QApplication.font())
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#B00000"))
    painter.drawText(10, 0, shot.width() - 20, _STRIP, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                     marking)
    painter.drawImage(0, _STRIP, shot)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


class ChartCard(QFrame):
    """One chart with its two export buttons."""

    exported = Signal(str)
    """Emitted with the path of a picture or sheet this card has written."""

    export_failed = Signal(str)
    """Emitted with the officer's message when an export could not be written."""

    def __init__(self, ws: Workstation, module: str, data: ChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.module = module
        self.data = data
        self.setObjectName(f"chart_{data.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.view = QChartView(build_chart(data), self)
        self.view.setRenderHints(RENDER_HINTS)
        self.view.setMinimumHeight(300 if data.kind not in ("hbar", "hstacked") else 120 + 26 * len(data.categories))
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.note = QLabel(self.tr("No cases counted yet.") if data.is_empty else "", self)
        self.note.setObjectName("page_summary")
        row.addWidget(self.note, 1)
        self.png_button = QToolButton(self)
        self.png_button.setObjectName(f"export_png_{data.key}")
        self.png_button.setText(self.tr("Export picture"))
        self.png_button.setToolTip(self.tr("Save this chart as a PNG picture"))
        self.xlsx_button = QToolButton(self)
        self.xlsx_button.setObjectName(f"export_xlsx_{data.key}")
        self.xlsx_button.setText(self.tr("Export Excel"))
        self.xlsx_button.setToolTip(self.tr("Save this chart's figures as an Excel sheet"))
        row.addWidget(self.png_button)
        row.addWidget(self.xlsx_button)
        layout.addLayout(row)
        self.png_button.clicked.connect(lambda: self._choose(".png", self.export_png))
        self.xlsx_button.clicked.connect(lambda: self._choose(".xlsx", self.export_xlsx))

    def marking(self) -> str:
        """The line drawn above an exported picture."""
        return self.tr("Classification: %1   Workstation: %2   Exported by: %3   %4").replace(
            "%1", i18n.label(self.data.level)).replace("%2", self.ws.ctx.wfile.workstation).replace(
            "%3", self.ws.actor.name).replace("%4", f"{dt.datetime.now():%Y-%m-%d %H:%M}")

    def export_png(self, path: Path) -> None:
        """Write the chart, with its marking, as a PNG at `path` (audited); the picture
        is taken here, the writing runs off the GUI thread."""
        png = marked_png(self.view, self.marking())
        ws, module, key = self.ws, self.module, self.data.key
        self._run(lambda: ws.reports.export_chart_png(module, key, png, path))

    def export_xlsx(self, path: Path) -> None:
        """Write the chart's figures as an Excel sheet at `path` (audited), off the GUI thread."""
        ws, module, key = self.ws, self.module, self.data.key
        self._run(lambda: ws.reports.export_dashboard(module, path, only=(key,)))

    def _run(self, job: Callable[[], ExportResult]) -> None:
        self.png_button.setEnabled(False)
        self.xlsx_button.setEnabled(False)
        op = Operation(self.tr("Exporting the chart"), lambda _ws: job())  # audited: a write, no change
        run_operation(self, self.ws, op, self._done, self._failed)

    def _done(self, result: ExportResult) -> None:
        self.png_button.setEnabled(True)
        self.xlsx_button.setEnabled(True)
        self.exported.emit(result.path)

    def _failed(self, exc: BaseException) -> None:
        self.png_button.setEnabled(True)
        self.xlsx_button.setEnabled(True)
        self.export_failed.emit(error_text(exc))

    def _choose(self, suffix: str, action: object) -> None:
        name_filter = self.tr("PNG picture (*.png)") if suffix == ".png" else self.tr("Excel workbook (*.xlsx)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), str(default_export_path("chart", suffix)),
                                              name_filter)
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            action(Path(path))  # type: ignore[operator]


class DashboardDialog(QDialog):
    """The statistics of one duty: every chart of its dashboard in a scrolling grid."""

    loaded = Signal()
    """Emitted when the charts have been computed and drawn."""

    failed = Signal(str)
    """Emitted with the officer's message when the statistics could not be computed."""

    exported = Signal(str)
    """Emitted with the path of any picture or workbook exported from this dashboard."""

    def __init__(self, ws: Workstation, module: Module, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.module = module
        self.data: DashboardData | None = None
        self.cards: dict[str, ChartCard] = {}
        self.setObjectName(f"dashboard_{module.code}")
        name = i18n.label(module)
        self.setWindowTitle(self.tr("Statistics — %1").replace("%1", name))
        fit_to_screen(self, 1180, 760)
        outer = QVBoxLayout(self)
        head = QHBoxLayout()
        self.summary = QLabel(self.tr("Computing…"), self)
        self.summary.setObjectName("page_summary")
        head.addWidget(self.summary, 1)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.export_all_button = QPushButton(self.tr("Export all to Excel"), self)
        self.export_all_button.setObjectName("export_all_xlsx")
        self.export_all_button.setEnabled(False)
        close = QPushButton(self.tr("Close"), self)
        for w in (self.refresh_button, self.export_all_button, close):
            head.addWidget(w)
        outer.addLayout(head)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        outer.addWidget(self.scroll, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_all_button.clicked.connect(self._choose_export_all)
        close.clicked.connect(self.close)
        self.refresh()

    def refresh(self) -> None:
        """Compute the charts again, off the GUI thread."""
        self.refresh_button.setEnabled(False)
        self.summary.setText(self.tr("Computing…"))
        code, ws = self.module.code, self.ws
        run_operation(self, ws, read(self.tr("Computing the charts"), lambda w: w.reports.dashboard(code)),
                      self._show, self._failed)

    def _show(self, data: DashboardData) -> None:
        self.data = data
        grid_host = QWidget(self.scroll)
        grid = QGridLayout(grid_host)
        grid.setSpacing(10)
        self.cards = {}
        cell = 0  # two charts a row; a chart over time takes a whole row for its months
        for chart in data.charts:
            card = ChartCard(self.ws, self.module.code, chart, grid_host)
            card.exported.connect(self._exported)
            card.export_failed.connect(self._export_failed)
            self.cards[chart.key] = card
            if chart.kind == "line":
                cell += cell % 2
                grid.addWidget(card, cell // 2, 0, 1, 2)
                cell += 2
            else:
                grid.addWidget(card, cell // 2, cell % 2)
                cell += 1
        self.scroll.setWidget(grid_host)
        self.summary.setText(self.tr("Classification of the figures: %1 · computed %2 · only cases you may see")
                             .replace("%1", i18n.label(data.level)).replace("%2", data.computed_at.replace("T", " ")))
        self.refresh_button.setEnabled(True)
        self.export_all_button.setEnabled(True)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        self.summary.setText(text)
        self.refresh_button.setEnabled(True)
        self.failed.emit(text)

    def export_all(self, path: Path) -> None:
        """Write every chart's figures into one workbook at `path`, a sheet per chart,
        off the GUI thread."""
        ws, code = self.ws, self.module.code
        self.export_all_button.setEnabled(False)

        def done(result: ExportResult) -> None:
            self.export_all_button.setEnabled(True)
            self._exported(result.path)

        def failed(exc: BaseException) -> None:
            self.export_all_button.setEnabled(True)
            self._export_failed(error_text(exc))

        run_operation(self, ws, Operation(self.tr("Exporting the charts"), lambda w: w.reports.export_dashboard(code, path)),
                      done, failed)

    def _choose_export_all(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), str(default_export_path("statistics", ".xlsx")),
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.export_all(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def _exported(self, path: str) -> None:
        self.summary.setText(self.tr("Saved: %1").replace("%1", path))
        self.exported.emit(path)

    def _export_failed(self, text: str) -> None:
        self.summary.setText(text)
