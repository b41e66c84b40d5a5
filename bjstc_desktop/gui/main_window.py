"""The main window: 工作台 and the 13 duty tabs down the left side, the officer's
identity in the status bar, and the idle lock over everything."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QStackedWidget, QWidget

from bjstc_desktop.core import i18n
from bjstc_desktop.core.roles import Role
from bjstc_desktop.gui import prefs
from bjstc_desktop.gui.case_table_model import DEFAULT_PAGE_SIZE
from bjstc_desktop.gui.draft_keeper import flush_all
from bjstc_desktop.gui.elided_label import ElidedLabel
from bjstc_desktop.gui.fit import available_geometry, fit_to_screen, room_for
from bjstc_desktop.gui.idle_lock import IdleWatcher, LockScreen, minutes_to_ms
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.module_tab import DutyTab, ModuleTab
from bjstc_desktop.gui.opening import Opening, open_after_read
from bjstc_desktop.gui.operations import (
    ChangeNotice,
    Operation,
    cases_changed,
    drain,
    hub_for,
    read,
    reopen,
    run_operation,
)
from bjstc_desktop.gui.page_slot import PageSlot
from bjstc_desktop.gui.shared_menu import add_shared_menu
from bjstc_desktop.gui.side_tabs import SideTabWidget
from bjstc_desktop.gui.tab_registry import tab_specs
from bjstc_desktop.gui.workbench import Workbench
from bjstc_desktop.ops.draft_views import EDIT_CASE, NEW_CASE, DraftView

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # the dialogs are imported when first opened: the first screen loads less
    from bjstc_desktop.gui.about import AboutDialog
    from bjstc_desktop.gui.case_detail import CaseDetailDialog
    from bjstc_desktop.gui.drafts_dialog import DraftsDialog
    from bjstc_desktop.gui.global_search import GlobalSearchDialog
    from bjstc_desktop.gui.help_window import HelpWindow
    from bjstc_desktop.gui.sync_centre import SyncCentre

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
        prefs.use_user(ws.actor.name)  # whose column widths, sort orders and geometry
        self.setWindowTitle(self.tr("Beijing Municipal Commission of Science and Technology — "
                                    "Offline casework workstation") + f" · {ws.ctx.wfile.workstation}")
        self.tabs = SideTabWidget(self)
        self.tabs.setObjectName("module_tabs")
        self._today = today
        self._hidden_dialogs: list[QDialog] = []
        self._search: GlobalSearchDialog | None = None
        self._help: HelpWindow | None = None
        self._offered = False
        self._openings: dict[str, Opening] = {}  # case windows being read, by case id
        reopen(ws)  # a window on a workstation whose last window closed takes writes again
        self.hub = hub_for(ws)
        self.hub.changed.connect(self.apply_change)
        # Each page is built when first shown or asked for (page_slot.py): the first
        # screen builds one page, not fifteen.
        self._counts: dict[str, int] | None = None  # the last per-duty counts read
        self.slots: list[PageSlot] = []
        for spec in tab_specs(ws, page_size=page_size, today=today):
            slot = PageSlot(spec, self.tabs)
            slot.built.connect(self._page_built)
            self.slots.append(slot)
            self.tabs.add_page(slot, spec.title)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._lock_screen: LockScreen | None = None  # built at the first lock: the first screen loads less
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("content_stack")
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self._build_menus()
        self._build_status_bar()
        # Without a timeout given, the auto_lock_minutes setting decides it once read with
        # the counts (off the GUI thread); until then the default holds.
        self._timeout_from_settings = idle_timeout_ms is None
        self.idle = IdleWatcher(idle_timeout_ms or minutes_to_ms(DEFAULT_AUTO_LOCK_MINUTES), self)
        self.idle.idle.connect(self.lock)
        self.update_counts()
        fit_to_screen(self, 1366, 768)
        self.restored_geometry = prefs.restore_geometry("main_window", self)
        if self.restored_geometry:
            room = room_for(self)
            if self.width() > room.width() or self.height() > room.height():  # a larger screen then
                fit_to_screen(self, 1366, 768)

    def show_for_screen(self) -> None:
        """Show the window as it was left; the first time, maximised on a screen no wider
        than a laptop's (1366 or 1440), where every pixel is needed."""
        if not self.restored_geometry and available_geometry(self).width() <= 1600:
            self.showMaximized()
        else:
            self.show()

    # ----- pages ---------------------------------------------------------------------------
    @property
    def pages(self) -> list[ModuleTab]:
        """Every page, in tab order (building those never shown yet: for a walk over all
        of them; the window itself asks only for the pages it shows)."""
        return [slot.page for slot in self.slots]

    def built_pages(self) -> list[ModuleTab]:
        """The pages built so far (shown or asked for), in tab order."""
        return [slot.built_page for slot in self.slots if slot.built_page is not None]

    def _slot(self, key: str) -> PageSlot:
        for slot in self.slots:
            if slot.key == key:
                return slot
        raise KeyError(key)

    def tab(self, key: str) -> ModuleTab:
        """The page with this key ("workbench" or a module code), built if it was not yet."""
        return self._slot(key).page

    def show_tab(self, key: str) -> ModuleTab:
        """Make the page with this key the current one (its lists are read once it shows)."""
        slot = self._slot(key)
        self.tabs.setCurrentWidget(slot)
        return slot.page

    def select_tab(self, key: str) -> ModuleTab:
        """Show the page with this key and read its lists if needed."""
        page = self.show_tab(key)
        page.activate()
        return page

    def current_page(self) -> ModuleTab:
        """The page on show."""
        return self.slots[self.tabs.currentIndex()].page

    def _page_built(self, page: ModuleTab) -> None:
        """A page was built: it opens its cases here and shows the counts already read."""
        page.case_open_requested.connect(self.open_case)
        if self._counts is not None:
            self._show_count_on(page, self._counts)

    def _tab_changed(self, index: int) -> None:
        if 0 <= index < len(self.slots):
            page = self.slots[index].page
            page.activate()
            if not self.is_locked():
                page.focus_list()  # arrows move in the list; they never change a filter unseen

    def step_tab(self, step: int) -> ModuleTab:
        """The next (+1) or previous (-1) page, round the end (Ctrl+PgDn / Ctrl+PgUp)."""
        index = (self.tabs.currentIndex() + step) % self.tabs.count()
        self.tabs.setCurrentIndex(index)
        return self.slots[index].page

    def go_to_tab(self, index: int) -> ModuleTab | None:
        """Page `index` (0 = 工作台), if there is one (Ctrl+1 … Ctrl+9)."""
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)
            return self.slots[index].page
        return None

    def new_case(self) -> object:
        """新建案件 (Ctrl+N): on a duty tab, its form (or its menu of types); elsewhere the
        menu of every duty the officer registers cases in."""
        page = self.current_page()
        if isinstance(page, DutyTab) and page.new_case_button.isEnabled():
            return page.prompt_new_case()
        menu = self.new_case_menu
        if not menu.isEnabled():
            self.statusBar().showMessage(self.tr("Only officers register cases."), 8000)
            return None
        menu.popup(self.mapToGlobal(self.rect().center() - menu.rect().center()))
        return menu

    def _fill_new_case_menu(self, menu: QMenu) -> None:
        """案件 ▸ 新建: each duty in scope with its case types (from the registry: the
        duties' pages are built only when one is chosen)."""
        actor = self.ws.actor
        for slot in self.slots:
            module = slot.spec.module
            if module is not None and module.code in actor.modules and actor.role.handles_cases:
                duty = menu.addMenu(slot.spec.title)
                duty.setObjectName(f"new_case_in_{slot.key}")
                for ct in module.case_types:
                    action = duty.addAction(i18n.label(ct))
                    action.setObjectName(f"menu_new_{ct.code}")
                    action.triggered.connect(lambda _c=False, k=slot.key, code=ct.code: self._new_in(k, code))
        menu.setEnabled(bool(menu.actions()))

    def _new_in(self, key: str, type_code: str) -> None:
        page = self.show_tab(key)
        assert isinstance(page, DutyTab)
        page.new_case(type_code)

    def update_counts(self) -> None:
        """Read the per-duty counts and the workstation's settings (one read, off the GUI
        thread) and show the counts on the tabs; the settings set the auto-lock time."""
        op = read(self.tr("Counting the cases"), lambda ws: (ws.cases.counts(), read_settings(ws)))
        run_operation(self, self.ws, op, self._show_counts,
                      lambda exc: self.statusBar().showMessage(error_text(exc), 8000))  # the badges stay empty

    def _show_counts(self, read_: tuple[dict[str, int], dict[str, object]]) -> None:
        counts, settings = read_
        if self._timeout_from_settings:
            minutes = settings.get("auto_lock_minutes", DEFAULT_AUTO_LOCK_MINUTES)
            minutes = minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else DEFAULT_AUTO_LOCK_MINUTES
            if minutes_to_ms(minutes) != self.idle.timeout_ms:
                self.idle.set_timeout(minutes_to_ms(minutes))
        self._counts = counts
        actor = self.ws.actor
        for index, slot in enumerate(self.slots):
            if slot.spec.module is not None:
                in_scope = slot.key in actor.modules and actor.role.handles_cases
                self.tabs.side_bar.set_badge(index, str(counts.get(slot.key, 0)) if in_scope else "")
        for page in self.built_pages():  # a page built later is given them when built
            self._show_count_on(page, counts)

    def _show_count_on(self, page: ModuleTab, counts: dict[str, int]) -> None:
        if isinstance(page, DutyTab):
            page.set_count(counts.get(page.key, 0))
        elif isinstance(page, Workbench):
            page.set_total(sum(counts.get(slot.key, 0) for slot in self.slots if slot.spec.module is not None))

    def refresh(self) -> None:
        """Read the counts and the current page again (F5)."""
        self.update_counts()
        self.current_page().refresh()

    def open_case(self, case_id: str) -> Opening:
        """Open the detail window of a case once everything it shows has been read off
        the GUI thread (never a half-filled window); a failed read is shown, not raised.
        Asked again while that case is still being read (a second double-click), the
        same Opening comes back: one window, not two. `opened` carries the window."""
        from bjstc_desktop.gui.case_detail import CaseDetailDialog, CaseDetails, details_operation

        pending = self._openings.get(case_id)
        if pending is not None and pending.pending:
            return pending

        def build(details: CaseDetails) -> CaseDetailDialog:
            dialog = CaseDetailDialog(self.ws, details, self, today=self._today)
            dialog.show()
            return dialog

        self._openings = {k: o for k, o in self._openings.items() if o.pending}  # the finished are let go
        opening = self._openings[case_id] = open_after_read(self, self.ws, details_operation(case_id, self._today()),
                                                            build)
        return opening

    def case_changed(self, case_id: str = "") -> None:
        """Announce on the hub that a case changed (or, without an id, any case)."""
        self.hub.announce(cases_changed(case_id) if case_id else ChangeNotice(all_cases=True))

    def apply_change(self, notice: ChangeNotice) -> None:
        """The hub's notice of a write: when cases or the registers the pages show
        changed, the counts and every page that has been shown read their lists again."""
        if not (notice.touches_cases() or notice.registers):
            return
        self.update_counts()
        for page in self.built_pages():  # a page never shown reads its lists when it shows
            if page.is_populated():
                page.refresh()

    def open_global_search(self) -> GlobalSearchDialog:
        """Show the 全局检索 (Ctrl+F) with the cursor in its box; a result opens its case."""
        if self._search is None:
            from bjstc_desktop.gui.global_search import GlobalSearchDialog

            self._search = GlobalSearchDialog(self.ws, self, today=self._today)
            self._search.case_open_requested.connect(self.open_case)
        self._search.show()
        self._search.raise_()
        self._search.activateWindow()
        self._search.focus_text()
        return self._search

    def open_sync_centre(self) -> SyncCentre:
        """Show the 同步中心 (export, import, conflicts, peers); imports refresh the lists."""
        from bjstc_desktop.gui.sync_centre import SyncCentre

        centre = SyncCentre(self.ws, self)
        centre.queue.resolved.connect(self.case_changed)
        centre.show()
        return centre

    # ----- drafts -----------------------------------------------------------------------------
    def open_drafts(self, drafts: list[DraftView] | None = None) -> DraftsDialog:
        """未完成的草稿: the drafts no form has open (`drafts` if already read), to go on
        with or discard."""
        from bjstc_desktop.gui.drafts_dialog import DraftsDialog

        dialog = DraftsDialog(self.ws, self, drafts)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restore_requested.connect(self.resume_draft)
        dialog.open()
        return dialog

    def offer_drafts(self) -> None:
        """After a start or an unlock: offer the drafts left behind, if there are any
        (read off the GUI thread; offered only if the window is still unlocked)."""
        from bjstc_desktop.gui.drafts_dialog import waiting_drafts_operation

        if self.is_locked():
            return
        run_operation(self, self.ws, waiting_drafts_operation(),
                      lambda drafts: None if self.is_locked() or not drafts else self.open_drafts(drafts),
                      lambda _exc: None)  # the offer is a courtesy: the menu entry still lists them

    def resume_draft(self, draft: DraftView) -> Opening | None:
        """Open the form the draft was typed in, with the draft put back (for a case's
        form, its case window opens first). The Opening's `opened` carries the case
        window or the new-case form; a case window's `resumed` then carries the form."""
        if draft.kind == NEW_CASE:
            if not any(slot.key == draft.module and slot.spec.module is not None for slot in self.slots):
                return None
            page = self.show_tab(draft.module)
            assert isinstance(page, DutyTab)
            return page.new_case(draft.subject, draft_id=draft.id)
        opening = self.open_case(draft.subject)
        opening.opened.connect(lambda detail: self._resume_in(detail, draft))
        return opening

    def _resume_in(self, detail: CaseDetailDialog, draft: DraftView) -> None:
        form = None
        if draft.kind == EDIT_CASE:
            form = detail.edit(draft_id=draft.id)
        else:
            move = next((a for a in detail.actions if a.action == draft.action), None)
            if move is None:
                detail.show_message(self.tr("This step can no longer be taken on the case; the draft of its "
                                            "opinion is kept under Workstation ▸ Unsaved drafts."))
            else:
                form = detail.start_action(move, draft_id=draft.id)
        if form is not None:
            form.opened.connect(detail.resumed)

    # ----- locking -------------------------------------------------------------------------
    @property
    def lock_screen(self) -> LockScreen:
        """The screen that hides the content while locked (made when first needed)."""
        if self._lock_screen is None:
            self._lock_screen = LockScreen(self.ws, self)
            self._lock_screen.unlocked.connect(self._unlock)
            self._lock_screen.quit_requested.connect(self.close)
            self.stack.addWidget(self._lock_screen)
        return self._lock_screen

    def is_locked(self) -> bool:
        """True while the lock screen hides the content."""
        return self._lock_screen is not None and self.stack.currentWidget() is self._lock_screen

    def lock(self) -> None:
        """Hide everything behind the lock screen (idle timeout, or Ctrl+L)."""
        if self.is_locked():
            return
        self.idle.stop()
        flush_all(self.ws)  # every open form's input is in the store before anything is hidden or closed
        self.drain_writes(closing=False)
        for dialog in self._case_windows():
            dialog.close()
        case_windows = set(self._case_windows())
        for dialog in self.findChildren(QDialog):  # open forms: hidden, kept with their input
            if dialog.isVisible() and dialog not in case_windows:
                dialog.hide()
                self._hidden_dialogs.append(dialog)
        self.stack.setCurrentWidget(self.lock_screen)
        for action in self._content_actions:
            action.setEnabled(False)
        self.lock_screen.reset()
        # audited on the writer thread; the lock itself never waits for it, nor fails with it
        run_operation(self, self.ws, Operation(self.tr("Lock"), lambda ws: ws.note_locked()), lambda _r: None,
                      lambda exc: self.statusBar().showMessage(error_text(exc), 8000))
        self.locked.emit()

    def drain_writes(self, closing: bool) -> bool:
        """Wait for every write asked for to finish (each is whole or not at all); when
        `closing`, refuse any asked for afterwards. False (and said in the status bar)
        if some write could not finish in time and was refused."""
        finished = drain(self.ws, closing=closing)
        if not finished:
            self.statusBar().showMessage(self.tr("Some operations were not made: the workstation was closing."), 8000)
        return finished

    def _case_windows(self) -> list[QDialog]:
        """The open case windows (none if none was ever opened: their module is not loaded)."""
        module = sys.modules.get("bjstc_desktop.gui.case_detail")
        return list(self.findChildren(module.CaseDetailDialog)) if module is not None else []

    def _unlock(self) -> None:
        reopen(self.ws)
        self.stack.setCurrentWidget(self.tabs)
        for dialog in self._hidden_dialogs:
            if shiboken6.isValid(dialog):
                dialog.show()
        self._hidden_dialogs = []
        for action in self._content_actions:
            action.setEnabled(True)
        self.idle.start()
        self.unlocked.emit()
        QTimer.singleShot(0, self.offer_drafts)  # forms closed by the lock come back as drafts

    # ----- chrome ----------------------------------------------------------------------------
    def _action(self, text: str, slot: object, shortcut: QKeySequence | str | None = None,
                name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if name:
            action.setObjectName(name)
        self.addAction(action)  # the shortcut works while the menu bar is closed
        return action

    def _build_menus(self) -> None:
        Key = QKeySequence.StandardKey
        menu = self.menuBar().addMenu(self.tr("&Workstation"))
        search = self._action(self.tr("&Search all cases…"), self.open_global_search, Key.Find,
                              "action_global_search")
        refresh = self._action(self.tr("&Refresh"), self.refresh, Key.Refresh, "action_refresh")
        lock = self._action(self.tr("&Lock"), self.lock, "Ctrl+L", "action_lock")
        sync = self._action(self.tr("&Sync centre…"), self.open_sync_centre, "Ctrl+Shift+S", "action_sync")
        drafts = self._action(self.tr("Unsaved &drafts…"), lambda: self.open_drafts(), None, "action_drafts")
        quit_ = self._action(self.tr("&Quit"), self.close, "Ctrl+Q", "action_quit")
        for action in (search, refresh, lock, sync, drafts):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(quit_)
        cases = self.menuBar().addMenu(self.tr("&Case"))
        new = self._action(self.tr("&New case…"), self.new_case, Key.New, "action_new_case")
        cases.addAction(new)
        self.new_case_menu = cases.addMenu(self.tr("New case &in"))
        self.new_case_menu.setObjectName("new_case_menu")
        self._fill_new_case_menu(self.new_case_menu)
        go = self.menuBar().addMenu(self.tr("&Go"))
        previous = self._action(self.tr("&Previous tab"), lambda: self.step_tab(-1), "Ctrl+PgUp", "action_prev_tab")
        following = self._action(self.tr("&Next tab"), lambda: self.step_tab(1), "Ctrl+PgDown", "action_next_tab")
        go.addAction(previous)
        go.addAction(following)
        go.addSeparator()
        jumps: list[QAction] = []
        for index, slot in enumerate(self.slots):
            shortcut = f"Ctrl+{index + 1}" if index < 9 else None
            jump = self._action(slot.spec.title, lambda _c=False, i=index: self.go_to_tab(i), shortcut, f"go_{slot.key}")
            go.addAction(jump)
            jumps.append(jump)
        shared = add_shared_menu(self, self.ws, self.case_changed)  # 专家库, 诚信记录, 归档文件目录
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        manual = self._action(self.tr("&Manual"), lambda: self.open_help(""), None, "action_manual")
        context = self._action(self.tr("Help on this &page"), lambda: self.open_help(), Key.HelpContents,
                               "action_help")
        about = self._action(self.tr("&About this workstation"), self.open_about, None, "action_about")
        help_menu.addAction(manual)
        help_menu.addAction(context)
        help_menu.addSeparator()
        help_menu.addAction(about)
        self._content_actions = [search, refresh, lock, sync, drafts, new, previous, following, *jumps, *shared]

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
            ("status_workstation", self.tr("Workstation: %1").replace("%1", self.ws.ctx.wfile.workstation)),
            ("status_ceiling", self.tr("Classification ceiling: %1").replace("%1", i18n.label(self.ws.ctx.ceiling))),
        ):
            label = ElidedLabel(text, self)  # a narrow window cuts them short, with a tooltip
            label.setObjectName(name)
            label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
            bar.addPermanentWidget(label)

    def open_about(self) -> Opening:
        """关于: version, build, this workstation (its one row read off the GUI thread
        first) and the licences of the bundled fonts; the Opening's `opened` carries it."""
        from bjstc_desktop.gui.about import AboutDialog

        def build(identity: dict[str, str]) -> AboutDialog:
            dialog = AboutDialog(identity, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()
            return dialog

        def identity(ws: Workstation) -> dict[str, str]:
            try:
                return ws.identity()
            except Exception:  # the dialog still shows the program's own facts
                return {}

        return open_after_read(self, self.ws, read(self.tr("Reading this workstation"), identity), build)

    def open_help(self, section: str | None = None) -> HelpWindow:
        """The manual, at `section`; by default at the section of the page on show (F1)."""
        if self._help is None:
            from bjstc_desktop.gui.help_window import HelpWindow

            self._help = HelpWindow(self)
        if section is None:
            section = "lock" if self.is_locked() else self.current_page().help_section()
        self._help.show_section(section)
        self._help.show()
        self._help.raise_()
        self._help.activateWindow()
        return self._help

    # ----- Qt events -------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Start watching for idleness and read the current page when first shown; offer
        the drafts a crash or a restart left behind."""
        super().showEvent(event)
        self.current_page().activate()
        if not self._offered:
            self._offered = True
            QTimer.singleShot(0, self.offer_drafts)
        if not self.is_locked() and not self.idle.is_running():
            self.idle.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Keep every open form's changes as drafts (offered at the next start), let the
        queued writes finish (any asked for afterwards is refused) before the workstation
        can be closed, stop the idle timer and close any case windows."""
        flush_all(self.ws)
        self.drain_writes(closing=True)
        prefs.save_geometry("main_window", self)
        self.idle.stop()
        for dialog in self._case_windows():
            dialog.close()
        super().closeEvent(event)


def read_settings(ws: Workstation) -> dict[str, object]:
    """The workstation's settings (on a reader thread); none when they cannot be read:
    settings are a convenience, the defaults hold."""
    try:
        return dict(ws.admin.settings())
    except Exception:
        return {}
