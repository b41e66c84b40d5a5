"""全局检索 (Ctrl+F): one box over every duty the officer may see — titles, 案号, 发文字号,
USCCs, ID numbers, party and person names, opinions and field text — with the structured
filters (duty, type, state, district, received date range, overdue), results best match
first. It calls the same operation as `bjstc search`, so both give the same answers;
ID numbers are never shown unmasked (results show no field values at all)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.i18n import label, state_label
from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.core.searchquery import SearchQuery
from bjstc_desktop.core.validators import beijing_districts, functional_areas
from bjstc_desktop.gui import prefs
from bjstc_desktop.gui.case_menu import CaseMenu
from bjstc_desktop.gui.case_sort import SortController, sort_views
from bjstc_desktop.gui.case_table import CaseListPanel
from bjstc_desktop.gui.case_table_model import CaseTableModel
from bjstc_desktop.gui.export_paths import default_export_path
from bjstc_desktop.gui.fit import fit_to_screen
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.module_tab import module_title
from bjstc_desktop.gui.operations import export_operation, read, run_operation
from bjstc_desktop.ops.exports import ExportResult
from bjstc_desktop.ops.views import CaseView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

RESULT_LIMIT = 200
_NO_DATE = QDate(2000, 1, 1)  # the date edits' "not set" value, shown as —


class GlobalSearchDialog(QDialog):
    """The search box, the filters and the ranked results; Enter or a double-click opens a case."""

    case_open_requested = Signal(str)
    """Emitted with a case id when the officer opens a result."""

    searched = Signal(int)
    """Emitted with the number of results after every search (0 also when refused)."""

    case_changed = Signal(str)
    """Emitted with a case id after a move or a letter made from the results' menu."""

    exported = Signal(str)
    """Emitted with the path of the workbook after the results were exported."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.ws = ws
        self._today = today
        self.setObjectName("global_search")
        self.setWindowTitle(self.tr("Search all cases"))
        self.text = QLineEdit(self)
        self.text.setObjectName("global_search_text")
        self.text.setPlaceholderText(self.tr("Case no., document no., title, organisation, person, USCC, ID number…"))
        self.text.setClearButtonEnabled(True)
        self.search_button = QPushButton(self.tr("Search"), self)
        self.search_button.setObjectName("global_search_go")
        self.search_button.setDefault(True)
        self.module = self._combo("global_search_module", self.tr("All duties"))
        for m in all_modules():
            if m.code in ws.actor.modules:
                self.module.addItem(module_title(m), m.code)
        self.case_type = self._combo("global_search_type", self.tr("All case types"))
        self.state = self._combo("global_search_state", self.tr("All states"))
        self.district = self._combo("global_search_district", self.tr("All districts"))
        for d in (*beijing_districts(), *functional_areas()):
            self.district.addItem(label(d), d.code)
        self.received_from = self._date("global_search_from")
        self.received_to = self._date("global_search_to")
        self.overdue = QCheckBox(self.tr("Overdue only"), self)
        self.overdue.setObjectName("global_search_overdue")
        self.summary = QLabel(self)
        self.summary.setObjectName("global_search_summary")
        self.model = CaseTableModel(today=today, parent=self)
        self.panel = CaseListPanel(self.model, self.tr("No case matches."), "global_search_results", self)
        self.sorter = SortController(self.panel.table.horizontalHeader(), self)
        remembered = prefs.restored_sort("global_search")
        if remembered is not None:
            self.sorter.set_sort(remembered)
        self.sorter.sort_changed.connect(lambda sort: prefs.save_sort("global_search", sort))
        self.registers = QLabel(self)  # the same words in the 专家库 and the 诚信记录
        self.registers.setObjectName("global_search_registers")
        self.registers.setWordWrap(True)
        self.why = QLabel(self)
        self.why.setObjectName("global_search_why")
        self.why.setWordWrap(True)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._rows: list[CaseView] = []
        self._layout()
        self._tab_order()
        self._fill_types()
        self.menu = CaseMenu(self.panel.table, ws, self._menu_extras)  # right-click: open, act, letter, export
        self.menu.case_changed.connect(self.case_changed)
        fit_to_screen(self, 1100, 640)
        self._asked = self._why_asked = 0  # which search (which row's reason) the window shows
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.run_search)
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.text.returnPressed.connect(self.run_search)
        self.search_button.clicked.connect(self.run_search)
        self.module.currentIndexChanged.connect(self._module_changed)
        self.case_type.currentIndexChanged.connect(self._type_changed)
        for combo in (self.state, self.district):
            combo.currentIndexChanged.connect(lambda _i: self.run_search())
        for edit in (self.received_from, self.received_to):
            edit.dateChanged.connect(lambda _d: self.run_search())
        self.overdue.toggled.connect(lambda _on: self.run_search())
        self.sorter.sort_changed.connect(lambda sort: self.model.set_rows(sort_views(self._rows, sort)))
        self.panel.table.case_activated.connect(self.case_open_requested)
        self.panel.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._show_why(current.row()))
        self.model.modelReset.connect(self.why.clear)

    # ----- building ----------------------------------------------------------------------
    def _combo(self, name: str, everything: str) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem(everything, None)
        # as wide as a dozen characters: a long English name is cut in the box, whole in the list
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.model().rowsInserted.connect(lambda *_: combo.view().setMinimumWidth(
            combo.view().sizeHintForColumn(0) + 24))
        return combo

    def _date(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText("—")
        edit.setDate(_NO_DATE)
        return edit

    def _layout(self) -> None:
        outer = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.search_button)
        outer.addLayout(row)
        grid = QGridLayout()
        cells = [(self.tr("Duty"), self.module), (self.tr("Type"), self.case_type), (self.tr("State"), self.state),
                 (self.tr("District"), self.district), (self.tr("Received from"), self.received_from),
                 (self.tr("to"), self.received_to)]
        for i, (caption, widget) in enumerate(cells):
            grid.addWidget(QLabel(caption, self), i // 3, (i % 3) * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, i // 3, (i % 3) * 2 + 1)
        grid.addWidget(self.overdue, 0, 6)
        outer.addLayout(grid)
        outer.addWidget(self.summary)
        outer.addWidget(self.panel, 1)
        outer.addWidget(self.registers)
        outer.addWidget(self.why)

    def _tab_order(self) -> None:
        """As the eye reads: the words, then the results, then the button and the filters."""
        chain = [self.text, self.panel.table, self.search_button, self.module, self.case_type, self.state,
                 self.district, self.received_from, self.received_to, self.overdue]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _menu_extras(self, menu: QMenu, _cases: list[CaseView]) -> None:
        export = menu.addAction(self.tr("Export the results to Excel…"))
        export.setObjectName("menu_export")
        export.setEnabled(bool(self._rows) and self.ws.actor.role.handles_cases)
        export.triggered.connect(self._choose_export)

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Excel"), str(default_export_path("search", ".xlsx")),
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.export_results(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def export_results(self, path: Path) -> None:
        """Write the cases the words and filters find to `path` (off the GUI thread)."""
        query, ws = self.query(), self.ws
        self.summary.setText(self.tr("Exporting…"))
        op = export_operation(lambda w: w.reports.export_cases(path, module=query.module, case_type=query.case_type,
                                                      state=query.state, query=query.text or None))
        run_operation(self, ws, op, self._exported, lambda exc: self.summary.setText(error_text(exc)))

    def _exported(self, result: ExportResult) -> None:
        self.summary.setText(self.tr("%1 case(s) exported to %2").replace("%1", str(result.rows))
                             .replace("%2", result.path))
        self.exported.emit(result.path)

    def _fill_types(self) -> None:
        code = self.module.currentData()
        self.case_type.blockSignals(True)
        self.case_type.clear()
        self.case_type.addItem(self.tr("All case types"), None)
        for m in all_modules():
            if m.code in self.ws.actor.modules and (code is None or m.code == code):
                for ct in m.case_types:
                    self.case_type.addItem(label(ct), ct.code)
        self.case_type.blockSignals(False)
        self._fill_states()

    def _fill_states(self) -> None:
        """One entry per state as shown: where several stored states read alike (English
        says 已受理 and 受理 both as "Accepted"), the entry finds them all."""
        module, type_code = self.module.currentData(), self.case_type.currentData()
        shown_as: dict[str, list[str]] = {}  # as shown → the stored states shown so
        for m in all_modules():
            if m.code in self.ws.actor.modules and (module is None or m.code == module):
                for ct in m.case_types:
                    if type_code is None or ct.code == type_code:
                        for s in ct.states:
                            stored = shown_as.setdefault(state_label(ct, s), [])
                            if s not in stored:
                                stored.append(s)
        self.state.blockSignals(True)
        self.state.clear()
        self.state.addItem(self.tr("All states"), None)
        for shown, stored in shown_as.items():
            self.state.addItem(shown, stored[0] if len(stored) == 1 else stored)
        self.state.blockSignals(False)

    def chosen_state(self) -> str | tuple[str, ...] | None:
        """The stored state(s) the state filter asks for (None: any)."""
        data = self.state.currentData()
        return tuple(data) if isinstance(data, list | tuple) else data

    def _module_changed(self, _index: int) -> None:
        self._fill_types()
        self.run_search()

    def _type_changed(self, _index: int) -> None:
        self._fill_states()
        self.run_search()

    # ----- searching -----------------------------------------------------------------------
    def query(self) -> SearchQuery:
        """The SearchQuery the box and the filters ask for."""
        def day(edit: QDateEdit) -> dt.date | None:
            return None if edit.date() == _NO_DATE else edit.date().toPython()

        return SearchQuery(text=self.text.text().strip(), module=self.module.currentData(),
                           case_type=self.case_type.currentData(), state=self.chosen_state(),
                           district=self.district.currentData(), received_from=day(self.received_from),
                           received_to=day(self.received_to),
                           overdue_on=self._today() if self.overdue.isChecked() else None, limit=RESULT_LIMIT)

    def run_search(self) -> None:
        """Search now with the current words and filters, off the GUI thread; the results
        show (and `searched` is emitted) when they arrive, unless a newer search was asked."""
        self._timer.stop()
        self._asked += 1
        asked = self._asked
        try:
            query = self.query()
        except Exception as exc:  # a refused query: say why, show nothing
            self._refused(asked, exc)
            return
        words = self.text.text().strip()
        with_registers = len(words) >= 2 and self.ws.actor.role.handles_cases
        op = read(self.tr("Searching"), lambda ws: _search(ws, query, words if with_registers else ""))
        run_operation(self, self.ws, op, lambda found: self._found(asked, query, found),
                      lambda exc: self._refused(asked, exc))

    def _refused(self, asked: int, exc: BaseException) -> None:
        if asked != self._asked:
            return
        self._rows = []
        self.model.set_rows([])
        self.registers.clear()
        self.summary.setText(error_text(exc))
        self.searched.emit(0)

    def _found(self, asked: int, query: SearchQuery, found: _Found) -> None:
        if asked != self._asked:
            return
        rows = self._rows = found.cases
        self.model.set_rows(sort_views(rows, self.sorter.sort))
        if query.is_empty():
            self.summary.setText(self.tr("Type words to search for, or choose a filter."))
        elif len(rows) >= RESULT_LIMIT:
            self.summary.setText(self.tr("The first %n results, best match first; add words or filters to narrow them.",
                                         "", len(rows)))
        else:
            self.summary.setText(self.tr("%n case(s) found", "", len(rows)))
        self._show_registers(found)
        self.searched.emit(len(rows))

    def _show_registers(self, found: _Found) -> None:
        """Under the cases: experts and 科研失信 records with the same words (an
        organisation's name or code finds its records in force)."""
        if found.registers_error is not None:  # the registers are a convenience beside the cases
            self.registers.setText(error_text(found.registers_error))
            return
        parts = []
        if found.experts:
            parts.append(self.tr("Expert pool: %1").replace("%1", "、".join(e.name for e in found.experts[:5])))
        if found.records:
            parts.append(self.tr("Integrity records in force: %1").replace(
                "%1", "、".join(f"{r.name}（{r.decision_no}，{r.measure}）" for r in found.records[:5])))
        self.registers.setText("；".join(parts))

    def _show_why(self, row: int) -> None:
        """Under the results: where the search words occur in the selected case (read off
        the GUI thread; dropped if another row was chosen meanwhile)."""
        words = self.text.text().strip()
        self._why_asked += 1
        if row < 0 or row >= self.model.rowCount() or not words:
            self.why.clear()
            return
        asked, case_id = self._why_asked, self.model.case_at(row).id

        def show(lines: list[str]) -> None:
            if asked == self._why_asked:
                self.why.setText(self.tr("Matched in: %1").replace("%1", "；".join(lines)) if lines else "")

        def refused(exc: BaseException) -> None:  # the reason is a convenience; say why it is missing
            if asked == self._why_asked:
                self.why.setText(error_text(exc))

        run_operation(self, self.ws, read(self.tr("Searching"), lambda ws: ws.cases.why_matched(case_id, words)), show, refused)

    def focus_text(self) -> None:
        """Put the cursor in the search box with its words selected (Ctrl+F again)."""
        self.text.setFocus()
        self.text.selectAll()


@dataclass(frozen=True)
class _Found:
    """What one search read: the cases, and the experts and records in force with the
    same words (or why those could not be read)."""

    cases: list[CaseView]
    experts: list[Any] = field(default_factory=list)
    records: list[Any] = field(default_factory=list)
    registers_error: BaseException | None = None


def _search(ws: Workstation, query: SearchQuery, register_words: str) -> _Found:
    """On a reader thread: the cases for `query`, and the registers for `register_words` ("" for none)."""
    cases = [] if query.is_empty() else ws.cases.search(query=query)
    if not register_words:
        return _Found(cases)
    try:
        experts = ws.experts.list(register_words, limit=6)
        records = [r for r in ws.integrity.list(register_words, limit=6) if r.in_force]
    except Exception as exc:  # the registers are a convenience beside the cases
        return _Found(cases, registers_error=exc)
    return _Found(cases, experts, records)
