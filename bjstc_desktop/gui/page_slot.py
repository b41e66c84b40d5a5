"""The place of one page in the main window's side tabs, holding the page once built.

A page is built when it is first shown (or first asked for), not with the window:
fifteen pages built at start-up were ~40 % of the main window's time, for one shown
(issue 15 point 4). The slot is what the tab widget holds; the page fills it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from bjstc_desktop.gui.module_tab import ModuleTab
from bjstc_desktop.gui.tab_registry import TabSpec


class PageSlot(QWidget):
    """One side tab's content: empty until `page` is first asked for."""

    built = Signal(object)
    """Emitted with the page (a ModuleTab) right after it has been built into the slot."""

    def __init__(self, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"slot_{spec.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._page: ModuleTab | None = None

    @property
    def key(self) -> str:
        """The page's key ("workbench", a module code, "letters")."""
        return self.spec.key

    def is_built(self) -> bool:
        """True once the page exists."""
        return self._page is not None

    @property
    def built_page(self) -> ModuleTab | None:
        """The page if it has been built, else None (never builds it)."""
        return self._page

    @property
    def page(self) -> ModuleTab:
        """The page, built now if it was not yet."""
        if self._page is None:
            page = self.spec.build()
            self._page = page
            page.setParent(self)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(page)
            if self.isVisible():  # shown now, not at the next event loop turn (Qt's default for a late child)
                page.show()
            self.built.emit(page)
        return self._page
