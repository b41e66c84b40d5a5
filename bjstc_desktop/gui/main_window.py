"""The main window: 工作台 and the 13 duty tabs down the left side, the officer's
identity in the status bar, and the idle lock over everything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from bjstc_desktop.core import i18n
from bjstc_desktop.core.roles import Role
from bjstc_desktop.gui.case_detail import CaseDetailDialog
from bjstc_desktop.gui.case_table_model import DEFAULT_PAGE_SIZE
from bjstc_desktop.gui.global_search import GlobalSearchDialog
from bjstc_desktop.gui.idle_lock import IdleWatcher, LockScreen, minutes_to_ms
from bjstc_desktop.gui.messages import error_text, show_error
from bjstc_desktop.gui.module_tab import DutyTab, ModuleTab
from bjstc_desktop.gui.shared_menu import add_shared_menu
from bjstc_desktop.gui.side_tabs import SideTabWidget
from bjstc_desktop.gui.sync_centre import SyncCentre
from bjstc_desktop.gui.tab_registry import build_tabs
from bjstc_desktop.gui.workbench import Workbench
from bjstc_desktop.workstation import Workstation

DEFAULT_AUTO_LOCK_MINUTES = 10


class MainWindow(QMainWindow):
    """The unlocked workstation, as one officer sees it."""

    locked = Signal()
    """Emitted when the content has been hidden behind the lock screen."""

    unlocked = Signal()
    """Emitted when the right passphrase brought the content back."""

    def __init__(self, ws: Workstation, idle_timeout_ms: int | None = None,
                 page_size: int = DEFAULT_PAGE_SIZE, today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.ws = ws
        self.setWindowTitle(self.tr("Beijing Municipal Commission of Science and Technology — "
                                    "Offline casework workstation") + f" · {ws.wfile.workstation}")
        self.tabs = SideTabWidget(self)
        self.tabs.setObjectName("module_tabs")
        self._today = today
        self._hidden_dialogs: list[QDialog] = []
        self._search: GlobalSearchDialog | None = None
        self.pages: list[ModuleTab] = build_tabs(ws, page_size=page_size, today=today)
        for page in self.pages:
            self.tabs.add_page(page, page.title())
            page.case_open_requested.connect(self.open_case)
            page.case_changed.connect(self.case_changed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.lock_screen = LockScreen(ws, self)
        self.lock_screen.unlocked.connect(self._unlock)
        self.lock_screen.quit_requested.connect(self.close)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("content_stack")
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self._build_menus()
        self._build_status_bar()
        self.update_counts()
        if idle_timeout_ms is None:
            minutes = _setting(ws, "auto_lock_minutes", DEFAULT_AUTO_LOCK_MINUTES)
            idle_timeout_ms = minutes_to_ms(minutes if isinstance(minutes, int) else DEFAULT_AUTO_LOCK_MINUTES)
        self.idle = IdleWatcher(idle_timeout_ms, self)
        self.idle.idle.connect(self.lock)
        self.resize(1366, 768)

    # ----- pages ---------------------------------------------------------------------------
    def tab(self, key: str) -> ModuleTab:
        """The page with this key ("workbench" or a module code)."""
        for page in self.pages:
            if page.key == key:
                return page
        raise KeyError(key)

    def select_tab(self, key: str) -> ModuleTab:
        """Show the page with this key and read its lists if needed."""
        page = self.tab(key)
        self.tabs.setCurrentWidget(page)
        page.activate()
        return page

    def current_page(self) -> ModuleTab:
        """The page on show."""
        return self.pages[self.tabs.currentIndex()]

    def _tab_changed(self, index: int) -> None:
        if 0 <= index < len(self.pages):
            self.pages[index].activate()

    def update_counts(self) -> None:
        """Read the per-duty counts once and show them on the tabs."""
        try:
            counts = self.ws.case_counts()
        except Exception as exc:  # a refused count leaves the badges empty
            self.statusBar().showMessage(error_text(exc), 8000)
            return
        total = 0
        for index, page in enumerate(self.pages):
            if isinstance(page, DutyTab):
                n = counts.get(page.key, 0)
                total += n
                in_scope = page.key in self.ws.actor.modules and self.ws.actor.role.handles_cases
                page.set_count(n)
                self.tabs.side_bar.set_badge(index, str(n) if in_scope else "")
        for page in self.pages:
            if isinstance(page, Workbench):
                page.set_total(total)

    def refresh(self) -> None:
        """Read the counts and the current page again (F5)."""
        self.update_counts()
        self.current_page().refresh()

    def open_case(self, case_id: str) -> CaseDetailDialog | None:
        """Open the detail window of a case."""
        try:
            case = self.ws.show_case(case_id)
        except Exception as exc:
            show_error(self, exc)
            return None
        dialog = CaseDetailDialog(self.ws, case, self, today=self._today)
        dialog.case_changed.connect(self.case_changed)
        dialog.show()
        return dialog

    def case_changed(self, _case_id: str = "") -> None:
        """The change notice: a case was registered, edited or moved; the counts and
        every page that has been shown read their lists again."""
        self.update_counts()
        for page in self.pages:
            if page.is_populated():
                page.refresh()

    def open_global_search(self) -> GlobalSearchDialog:
        """Show the 全局检索 (Ctrl+F) with the cursor in its box; a result opens its case."""
        if self._search is None:
            self._search = GlobalSearchDialog(self.ws, self, today=self._today)
            self._search.case_open_requested.connect(self.open_case)
        self._search.show()
        self._search.raise_()
        self._search.activateWindow()
        self._search.focus_text()
        return self._search

    def open_sync_centre(self) -> SyncCentre:
        """Show the 同步中心 (export, import, conflicts, peers); imports refresh the lists."""
        centre = SyncCentre(self.ws, self)
        centre.imported.connect(lambda _report: self.case_changed())
        centre.queue.resolved.connect(self.case_changed)
        centre.show()
        return centre

    # ----- locking -------------------------------------------------------------------------
    def is_locked(self) -> bool:
        """True while the lock screen hides the content."""
        return self.stack.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Hide everything behind the lock screen (idle timeout, or Ctrl+L)."""
        if self.is_locked():
            return
        self.idle.stop()
        for dialog in self.findChildren(CaseDetailDialog):
            dialog.close()
        for dialog in self.findChildren(QDialog):  # open forms: hidden, kept with their input
            if dialog.isVisible() and not isinstance(dialog, CaseDetailDialog):
                dialog.hide()
                self._hidden_dialogs.append(dialog)
        self.stack.setCurrentWidget(self.lock_screen)
        for action in self._content_actions:
            action.setEnabled(False)
        self.lock_screen.reset()
        try:
            self.ws.note_locked()
        except Exception as exc:  # the lock itself must never fail
            self.statusBar().showMessage(error_text(exc), 8000)
        self.locked.emit()

    def _unlock(self) -> None:
        self.stack.setCurrentWidget(self.tabs)
        for dialog in self._hidden_dialogs:
            if shiboken6.isValid(dialog):
                dialog.show()
        self._hidden_dialogs = []
        for action in self._content_actions:
            action.setEnabled(True)
        self.idle.start()
        self.unlocked.emit()

    # ----- chrome ----------------------------------------------------------------------------
    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Workstation"))
        refresh = QAction(self.tr("&Refresh"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Refresh),
                          triggered=self.refresh)
        lock = QAction(self.tr("&Lock"), self, shortcut=QKeySequence("Ctrl+L"), triggered=self.lock)
        sync = QAction(self.tr("&Sync centre…"), self, shortcut=QKeySequence("Ctrl+Shift+S"),
                       triggered=self.open_sync_centre)
        quit_ = QAction(self.tr("&Quit"), self, shortcut=QKeySequence("Ctrl+Q"), triggered=self.close)
        search = QAction(self.tr("&Search all cases…"), self, shortcut=QKeySequence(QKeySequence.StandardKey.Find),
                         triggered=self.open_global_search)
        search.setObjectName("action_global_search")
        menu.addAction(search)
        menu.addAction(refresh)
        menu.addAction(lock)
        menu.addAction(sync)
        menu.addSeparator()
        menu.addAction(quit_)
        shared = add_shared_menu(self, self.ws, self.case_changed)  # 专家库, 诚信记录, 归档文件目录
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About this workstation"), self, triggered=self._about)
        help_menu.addAction(about)
        self._content_actions = [search, refresh, lock, sync, about, *shared]

    def _build_status_bar(self) -> None:
        actor = self.ws.actor
        roles = {Role.OFFICER: self.tr("Officer"), Role.APPROVER: self.tr("Division head"),
                 Role.SYSADMIN: self.tr("System administrator"), Role.SECADMIN: self.tr("Security administrator"),
                 Role.AUDITOR: self.tr("Security auditor")}
        bar = self.statusBar()
        bar.setObjectName("status_bar")
        bar.setSizeGripEnabled(False)
        for name, text in (
            ("status_user", self.tr("User: %1").replace("%1", actor.name)),
            ("status_role", self.tr("Role: %1").replace("%1", roles[actor.role])),
            ("status_clearance", self.tr("Clearance: %1").replace("%1", i18n.label(actor.clearance))),
            ("status_workstation", self.tr("Workstation: %1").replace("%1", self.ws.wfile.workstation)),
            ("status_ceiling", self.tr("Classification ceiling: %1").replace("%1", i18n.label(self.ws.ceiling))),
        ):
            label = QLabel(text, self)
            label.setObjectName(name)
            label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
            bar.addPermanentWidget(label)

    def _about(self) -> None:
        ident = self.ws.identity()
        QMessageBox.about(self, self.tr("About this workstation"), self.tr(
            "Workstation: %1\nFingerprint: %2\nNode: %3").replace("%1", ident["workstation"])
            .replace("%2", ident["fingerprint"]).replace("%3", ident["node_id"]))

    # ----- Qt events -------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Start watching for idleness and read the current page when first shown."""
        super().showEvent(event)
        self.current_page().activate()
        if not self.is_locked() and not self.idle.is_running():
            self.idle.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the idle timer and close any case windows."""
        self.idle.stop()
        for dialog in self.findChildren(CaseDetailDialog):
            dialog.close()
        super().closeEvent(event)


def _setting(ws: Workstation, key: str, default: object) -> object:
    try:
        return ws.settings().get(key, default)
    except Exception:  # settings are a convenience; never block the window on them
        return default
