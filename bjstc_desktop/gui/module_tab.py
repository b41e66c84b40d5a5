"""The one base of every page in the main window (OnionShare's `Mode` pattern): it owns
the common signals and the layout slots (a header with title and summary, a tool row,
a body). `DutyTab` is the page of one duty module; every duty is one, built from the
module's data, so a 14th duty needs no GUI code (see tab_registry)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from bjstc_desktop.core.casetypes import CaseType, Module
from bjstc_desktop.core.i18n import label
from bjstc_desktop.core.searchquery import CaseSort, SearchQuery
from bjstc_desktop.gui import prefs
from bjstc_desktop.gui.case_menu import CaseMenu
from bjstc_desktop.gui.case_sort import SortController, sort_views
from bjstc_desktop.gui.case_table import CaseListPanel
from bjstc_desktop.gui.case_table_model import DEFAULT_PAGE_SIZE, CaseTableModel, sorted_reader
from bjstc_desktop.gui.draft_keeper import drafts_operation
from bjstc_desktop.gui.duty_casework import DutyCasework
from bjstc_desktop.gui.duty_reports import DutyReports
from bjstc_desktop.gui.elided_label import ElidedLabel
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.opening import Opening, open_after_read
from bjstc_desktop.gui.operations import read, run_operation
from bjstc_desktop.gui.overflow_bar import OverflowBar
from bjstc_desktop.ops.draft_views import DraftView
from bjstc_desktop.ops.views import CaseView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # imported when first opened
    from bjstc_desktop.gui.case_form import CaseFormDialog

SEARCH_LIMIT = 200


def module_title(module: Module) -> str:
    """The tab name: the module's Chinese name, its English name in the English UI."""
    return label(module)


class ModuleTab(QWidget):
    """Base of the workbench and the duty tabs."""

    case_open_requested = Signal(str)
    """Emitted with a case id when the officer opens a case from this page."""

    populated = Signal()
    """Emitted when the page's lists have been read (the first time and after a refresh)."""

    case_changed = Signal(str)
    """Emitted with a case id after a case was registered or changed from this page."""

    def __init__(self, ws: Workstation, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.key = key
        self.setObjectName(f"tab_{key}")
        self._activated = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 8)
        outer.setSpacing(8)
        self.head = QHBoxLayout()
        self.header_title = ElidedLabel("", self)
        self.header_title.setObjectName("page_title")
        self.header_summary = ElidedLabel("", self)
        self.header_summary.setObjectName("page_summary")
        # the summary takes what is left; the title and the tools ask for their room first
        self.header_summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.head.addWidget(self.header_title)
        self.head.addSpacing(12)
        self.head.addWidget(self.header_summary, 1, Qt.AlignmentFlag.AlignBottom)
        self.toolbar = OverflowBar(self)  # buttons that do not fit fold into its 更多 menu
        self.toolbar.setObjectName(f"toolbar_{key}")
        self.head.addWidget(self.toolbar, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(self.head)
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        outer.addLayout(self.body, 1)

    def title(self) -> str:
        """The name on the side tab."""
        raise NotImplementedError

    def activate(self) -> None:
        """Called when the page is shown; reads its lists the first time."""
        if not self._activated:
            self._activated = True
            self.refresh()

    def is_populated(self) -> bool:
        """True once the page's lists have been read."""
        raise NotImplementedError

    def focus_list(self) -> None:
        """Put the keyboard on the page's main list (after a tab switch)."""
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def help_section(self) -> str:
        """The section of the manual that explains this page (F1)."""
        return self.key

    def refresh(self) -> None:
        """Read the page's lists again (after a change notice or on F5)."""
        raise NotImplementedError


class DutyTab(ModuleTab):
    """The page of one duty module: its cases, newest first, with a type filter and search."""

    def __init__(self, ws: Workstation, module: Module, page_size: int = DEFAULT_PAGE_SIZE,
                 parent: QWidget | None = None) -> None:
        super().__init__(ws, module.code, parent)
        self.module = module
        self.count: int | None = None
        self.header_title.setText(module_title(module))
        self.type_filter = QComboBox(self)
        self.type_filter.setObjectName(f"type_filter_{module.code}")
        self.type_filter.addItem(self.tr("All case types"), None)
        for ct in module.case_types:
            self.type_filter.addItem(label(ct), ct.code)
        # as wide as a short name; the list that drops down shows every name whole
        self.type_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.type_filter.setMinimumContentsLength(10)
        self.type_filter.view().setMinimumWidth(self.type_filter.view().sizeHintForColumn(0) + 24)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName(f"search_{module.code}")
        self.search_edit.setPlaceholderText(self.tr("Search case no., title, organisation…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(160)
        filters = QHBoxLayout()  # type, search and the tools on one row under the title
        filters.setSpacing(6)
        filters.addWidget(self.type_filter)
        filters.addWidget(self.search_edit, 1)
        self.head.removeWidget(self.toolbar)
        filters.addWidget(self.toolbar)
        self.body.addLayout(filters)
        refresh = QToolButton(self)
        refresh.setObjectName(f"refresh_{module.code}")
        refresh.setText(self.tr("Refresh"))
        refresh.setToolTip(self.tr("Read the list again (F5)"))
        in_scope = module.code in ws.actor.modules
        self.new_case_button = self._new_case_button(in_scope and ws.actor.role.handles_cases)
        empty = self.tr("No cases in this duty yet.") if in_scope else self.tr("This duty is outside your module scope.")
        self.model = CaseTableModel(ws, page_size=page_size, parent=self)
        self.panel = CaseListPanel(self.model, empty, f"case_table_{module.code}", self)
        self.body.addWidget(self.panel)
        self.table = self.panel.table
        self.table.case_activated.connect(self.case_open_requested)
        self.casework = DutyCasework(self)  # 导入Excel and 批量操作 on the selected cases
        self.reports = DutyReports(self, self)  # 统计 and 导出Excel
        self.case_menu = CaseMenu(self.table, ws, self._menu_extras)  # right-click: open, act, letter, export
        self.case_menu.case_changed.connect(self._changed_from_menu)
        # the least used fold first: 刷新 (F5 does it), then 导出, 统计 ...; 新建案件 last
        for w in (self.reports.stats_button, self.reports.export_button, refresh):
            self.toolbar.addWidget(w)
        self.toolbar.addWidget(self.new_case_button, pinned=True)
        # Tab order as the eye reads: type, search, the results, then the tools
        QWidget.setTabOrder(self.type_filter, self.search_edit)
        QWidget.setTabOrder(self.search_edit, self.table)
        self.sorter = SortController(self.table.horizontalHeader(), self)  # header clicks sort (indexed keys)
        remembered = prefs.restored_sort(f"tab/{module.code}")
        if remembered is not None:
            self.sorter.set_sort(remembered)
        self.sorter.sort_changed.connect(lambda sort: prefs.save_sort(f"tab/{module.code}", sort))
        self.sorter.sort_changed.connect(lambda _sort: self.refresh())
        self.model.populated.connect(self._update_summary)
        self.model.populated.connect(self.populated)
        self.model.failed.connect(lambda _text: self.populated.emit())
        self._searching = 0  # which search the list shows the answer to
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.refresh)
        self.type_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        refresh.clicked.connect(self.refresh)

    def _new_case_button(self, allowed: bool) -> QToolButton:
        """新建案件: straight to the form for a duty with one case type, else a menu of types."""
        button = QToolButton(self)
        button.setObjectName(f"new_case_{self.module.code}")
        button.setText(self.tr("New case"))
        button.setProperty("primary", True)
        button.setEnabled(allowed)
        if not allowed:
            button.setToolTip(self.tr("Only officers of this duty register its cases."))
        types = self.module.case_types
        if len(types) == 1:
            button.setToolTip(self.tr("Register a new case: %1").replace("%1", label(types[0])))
            button.clicked.connect(lambda: self.new_case(types[0].code))
            return button
        menu = QMenu(button)
        menu.setObjectName(f"new_case_menu_{self.module.code}")
        for ct in types:
            action = menu.addAction(label(ct))
            action.setObjectName(f"new_{ct.code}")
            action.triggered.connect(lambda _c=False, code=ct.code: self.new_case(code))
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolTip(self.tr("Register a new case; choose its type"))
        return button

    def _menu_extras(self, menu: QMenu, cases: list[CaseView]) -> None:
        bulk = menu.addMenu(self.casework.bulk_button.text())
        bulk.setObjectName("menu_bulk")
        for action in self.casework.bulk_button.menu().actions():
            bulk.addAction(action)
        bulk.setEnabled(self.casework.bulk_button.isEnabled() and bool(cases))
        export = menu.addAction(self.reports.export_button.text() + "…")
        export.setObjectName("menu_export")
        export.setEnabled(self.reports.export_button.isEnabled())
        export.triggered.connect(self.reports.export_button.click)

    def _changed_from_menu(self, case_id: str) -> None:
        self.refresh()
        self.case_changed.emit(case_id)

    def focus_list(self) -> None:
        """Put the keyboard on the case list (after a tab switch: arrows move in the list,
        they never change the type filter)."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def prompt_new_case(self) -> QMenu | Opening | None:
        """新建案件 from the keyboard (Ctrl+N): the form for a duty with one case type,
        else the menu of its types, dropped from the button (or the 更多 button)."""
        if not self.new_case_button.isEnabled():
            return None
        types = self.module.case_types
        if len(types) == 1:
            return self.new_case(types[0].code)
        menu = self.new_case_button.menu()
        assert menu is not None
        anchor = self.new_case_button if self.new_case_button.isVisible() else self.toolbar.more
        menu.popup(anchor.mapToGlobal(anchor.rect().bottomLeft()))
        menu.setActiveAction(menu.actions()[0])
        return menu

    def new_case(self, type_code: str, draft_id: str | None = None) -> Opening:
        """Open the case form for a new case of `type_code` (one of this duty's types),
        with a kept draft put back if there is one (`draft_id`, else the newest): the
        drafts are read off the GUI thread first, then the form is shown with its draft
        in it. The Opening's `opened` carries the form."""
        ct: CaseType = next(t for t in self.module.case_types if t.code == type_code)
        from bjstc_desktop.gui.case_form import form_draft_key

        def build(drafts: list[DraftView]) -> CaseFormDialog:
            from bjstc_desktop.gui.case_form import CaseFormDialog

            form = CaseFormDialog(self.ws, ct, parent=self.window(), draft_id=draft_id, drafts=drafts)
            form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            form.saved.connect(self._registered)
            form.open()
            return form

        return open_after_read(self.window(), self.ws, drafts_operation(*form_draft_key(ct, None)), build)

    def _registered(self, view: CaseView) -> None:
        self.refresh()
        case_id = view.id
        for row in range(self.model.rowCount()):
            if self.model.case_at(row).id == case_id:
                self.table.selectRow(row)
                break
        self.case_changed.emit(case_id)

    def title(self) -> str:
        """The module's name (exactly as the module registry names it)."""
        return module_title(self.module)

    def set_count(self, count: int) -> None:
        """The number of cases in this duty the officer may see."""
        self.count = count
        self._update_summary()

    def is_populated(self) -> bool:
        """True once the first page (or the search result) has been read."""
        return self.model.loaded

    def refresh(self) -> None:
        """Read the first page again with the current filter, or run the search."""
        self._search_timer.stop()
        self._activated = True
        text = self.search_edit.text().strip()
        type_code = self.type_filter.currentData()
        sort = self.sorter.sort
        if text:  # the same ranked search as Ctrl+F and `bjstc search`, within this duty
            query = SearchQuery(text=text, module=self.module.code, case_type=type_code, limit=SEARCH_LIMIT)
            self._searching += 1
            asked = self._searching
            op = read(self.tr("Searching"), lambda ws: ws.cases.search(query=query))
            run_operation(self, self.ws, op, lambda rows: self._found(asked, rows, sort),
                          lambda exc: self._not_found(asked, exc))
            return
        self._searching += 1  # an answer to an earlier search no longer belongs on screen
        code, ws = self.module.code, self.ws
        self.model.set_reader(sorted_reader(
            lambda cursor, n: ws.cases.page(module=code, case_type=type_code, sort=sort, cursor=cursor, limit=n)))
        self.model.load_first_page()

    def _found(self, asked: int, rows: list[CaseView], sort: CaseSort) -> None:
        if asked == self._searching:
            self.model.set_rows(sort_views(rows, sort))

    def _not_found(self, asked: int, exc: BaseException) -> None:
        if asked == self._searching:
            self.model.set_rows([])
            self.header_summary.setText(error_text(exc))  # shown to the officer; logged when unexpected

    def _update_summary(self) -> None:
        shown = self.model.rowCount()
        if self.search_edit.text().strip():
            text = self.tr("%n case(s) found", "", shown)
        elif self.count is not None and not self.type_filter.currentData():
            text = self.tr("%n case(s)", "", self.count)
        else:
            text = self.tr("%n case(s) shown", "", shown) + ("+" if self.model.canFetchMore() else "")
        self.header_summary.setText(text)
