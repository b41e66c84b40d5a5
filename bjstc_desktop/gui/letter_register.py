"""The 公文登记簿 tab: every letter the officer may see, newest first, with its number,
case, template, date, signer, fonts and SHA-256; preview or save the registered copy,
or void a number (with a reason; audited; the number is never reused)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QWidget,
)

from bjstc_desktop.gui.case_letters import (
    ReasonFn,
    ask_reason,
    open_registered,
    reprint,
    template_name,
    void_number,
)
from bjstc_desktop.gui.messages import error_text
from bjstc_desktop.gui.module_tab import ModuleTab
from bjstc_desktop.gui.operations import read, run_operation

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:  # imported when first opened
    from bjstc_desktop.gui.letter_preview import LetterJob
    from bjstc_desktop.ops.letters import (
        LetterEntry,  # for annotations only: its module loads when first used
    )

LETTERS_KEY = "letters"
__all__ = ["LETTERS_KEY", "LetterRegisterTab", "ask_reason"]


_ROLES = {"fangsong": "仿宋", "song": "宋体", "hei": "黑体", "kai": "楷体", "title": "小标宋"}


def _fonts_text(entry: LetterEntry) -> str:
    """仿宋 FandolFang（内置）、小标宋 方正小标宋简体（授权）…"""
    return "、".join(f"{_ROLES.get(f.get('role', ''), '')} {f.get('family', '')}"
                    f"（{'授权' if f.get('source') == 'licensed' else '内置'}）" for f in entry.fonts)


class LetterRegisterTab(ModuleTab):
    """The letter register page."""

    def __init__(self, ws: Workstation, parent: QWidget | None = None, *, reason: ReasonFn = ask_reason) -> None:
        super().__init__(ws, LETTERS_KEY, parent)
        self._ask_reason = reason
        self.entries: list[LetterEntry] = []
        self.last_voided: LetterEntry | None = None
        self._loaded = False
        self.header_title.setText(self.title())
        self.table = QTableWidget(0, 10, self)
        self.table.setObjectName("letter_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("Number"), self.tr("Status"), self.tr("Date"), self.tr("Case"), self.tr("Letter"),
            self.tr("Title"), self.tr("Signed by"), self.tr("Fonts"), self.tr("SHA-256"), self.tr("Archive no.")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _i: self.preview())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.body.addWidget(self.table)
        self.buttons: dict[str, QToolButton] = {}
        for name, text, slot in (("refresh", self.tr("Refresh"), self.refresh),
                                 ("preview", self.tr("Preview / print"), self.preview),
                                 ("reprint", self.tr("Reprint…"), self.reprint_selected),
                                 ("void", self.tr("Void number…"), self.void_selected),
                                 ("archive", self.tr("Archive catalogue…"), self.open_archive)):
            button = QToolButton(self)
            button.setObjectName(f"letters_{name}")
            button.setText(text)
            button.clicked.connect(slot)
            self.toolbar.addWidget(button)
            self.buttons[name] = button
        if not ws.actor.role.handles_cases:
            self.header_summary.setText(self.tr("The letter register is not available to your role."))
            for button in self.buttons.values():
                button.setEnabled(False)

    def title(self) -> str:
        """The side tab's name."""
        return self.tr("Letter register")

    def focus_list(self) -> None:
        """The register takes the keyboard."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def context_menu(self) -> QMenu:
        """The right-click menu: open or reprint the letter, void its number, open its case."""
        entry = self.selected()
        menu = QMenu(self.table)
        menu.setObjectName("letter_register_menu")
        for name in ("preview", "reprint", "void"):
            button = self.buttons[name]
            action = menu.addAction(button.text())
            action.setObjectName(f"menu_{name}")
            action.setEnabled(button.isEnabled() and entry is not None
                              and (name == "preview" or entry.status == "有效"))
            action.triggered.connect(button.click)
        menu.addSeparator()
        case = menu.addAction(self.tr("Open its case"))
        case.setObjectName("menu_open_case")
        case.setEnabled(entry is not None)
        if entry is not None:
            case.triggered.connect(lambda: self.case_open_requested.emit(entry.case_id))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.selectRow(index.row())
        self.context_menu().popup(self.table.viewport().mapToGlobal(pos))

    def is_populated(self) -> bool:
        """True once the register has been read."""
        return self._loaded

    def refresh(self) -> None:
        """Read the register again (in the background)."""
        self._activated = True
        if not self.ws.actor.role.handles_cases:
            self._loaded = True
            self.populated.emit()
            return
        run_operation(self, self.ws, read(self.tr("Reading the letter register"), lambda w: w.letters.register()),
                      self._show, self._failed)

    def _show(self, entries: list[LetterEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            status = {"有效": self.tr("Valid"), "作废": self.tr("Void")}.get(e.status, e.status)
            name = template_name(e.template, e.template_name)
            values = (e.number, status, e.issued_on, e.case_no, name, e.title, e.signer, _fonts_text(e), e.sha256,
                      f"{e.archive_no}（{e.retention}）" if e.archive_no else "")
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if e.status != "有效":
                    item.setForeground(Qt.GlobalColor.gray)
                if col == 1 and e.void_reason:
                    item.setToolTip(e.void_reason)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.header_summary.setText(self.tr("%n letter(s)", "", len(entries)))
        self._loaded = True
        self.populated.emit()

    def _failed(self, exc: BaseException) -> None:
        self.header_summary.setText(error_text(exc))
        self._loaded = True
        self.populated.emit()

    def selected(self) -> LetterEntry | None:
        """The entry of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def preview(self) -> LetterJob | None:
        """Open the registered copy of the selected letter."""
        entry = self.selected()
        return open_registered(self, self.ws, entry.number) if entry is not None else None

    def reprint_selected(self) -> LetterJob | None:
        """The registered copy of the selected letter, to the printer."""
        entry = self.selected()
        return reprint(self, self.ws, entry.number) if entry is not None and entry.status == "有效" else None

    def open_archive(self) -> QWidget:
        """The 归档文件目录, next to the register: the filed 件 with their 档号."""
        from bjstc_desktop.gui.shared_menu import open_archive

        return open_archive(self.ws, self)

    def void_selected(self) -> bool:
        """Void the selected number after asking why (off the GUI thread; the register
        reads again once it is voided, `last_voided` then holds it). False when not asked."""
        entry = self.selected()
        return entry is not None and void_number(self, self.ws, entry, self._ask_reason, self._voided)

    def _voided(self, entry: LetterEntry) -> None:
        self.last_voided = entry
        self.refresh()
