"""The 共享业务 menu of the main window: the registers every duty shares, each in a
window of its own (not a 14th duty tab): 专家库, 诚信记录 and the 归档文件目录."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QWidget

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation



def open_expert_pool(ws: Workstation, parent: QWidget) -> QWidget:
    """Show the 专家库 window."""
    from bjstc_desktop.gui.expert_pool import ExpertPoolWindow

    window = ExpertPoolWindow(ws, parent)
    window.show()
    return window


def open_integrity(ws: Workstation, parent: QWidget) -> QWidget:
    """Show the 诚信记录 window."""
    from bjstc_desktop.gui.integrity_records import IntegrityWindow

    window = IntegrityWindow(ws, parent)
    window.show()
    return window


def open_archive(ws: Workstation, parent: QWidget) -> QWidget:
    """Show the 归档文件目录 window."""
    from bjstc_desktop.gui.archive_catalogue import ArchiveCatalogueWindow

    window = ArchiveCatalogueWindow(ws, parent)
    window.show()
    return window


def add_shared_menu(window: QMainWindow, ws: Workstation, changed: Callable[[], None]) -> list[QAction]:
    """Add the menu; returns its actions (the lock disables them). `changed` runs after
    an import or edit in one of the windows (the duty lists refresh)."""
    menu = window.menuBar().addMenu(QCoreApplication.translate("SharedMenu", "S&hared registers"))
    menu.setObjectName("menu_shared")
    actions = []
    for name, text, opener in (
            ("action_expert_pool", QCoreApplication.translate("SharedMenu", "&Expert pool…"), open_expert_pool),
            ("action_integrity", QCoreApplication.translate("SharedMenu", "&Research integrity records…"),
             open_integrity),
            ("action_archive", QCoreApplication.translate("SharedMenu", "&Archive catalogue…"), open_archive)):
        action = QAction(text, window)
        action.setObjectName(name)

        def trigger(_checked: bool = False, o=opener) -> None:  # type: ignore[no-untyped-def]
            page = o(ws, window)
            signal = getattr(page, "changed", None)
            if signal is not None:
                signal.connect(changed)

        action.triggered.connect(trigger)
        menu.addAction(action)
        actions.append(action)
    return actions
