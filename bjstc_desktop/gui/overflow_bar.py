"""A row of tool buttons that folds into a 更多 menu when the window is narrow: the
buttons that do not fit are hidden and offered, with the same actions, from the menu
of a "More" button at the row's end. Pinned buttons (新建案件) are folded last.

The row asks for the room of every button but needs only the More button, so no tool
row ever sets the width of a window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractButton, QMenu, QSizePolicy, QToolButton, QWidget

SPACING = 6


class OverflowBar(QWidget):
    """Tool buttons in a row; those that do not fit go into the More menu."""

    folded = Signal(int)
    """Emitted with the number of buttons folded into the menu whenever it changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overflow_bar")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._items: list[QAbstractButton] = []
        self._pinned: set[int] = set()
        self._wanted: dict[int, bool] = {}
        self._folded: list[QAbstractButton] = []
        self._placing = False
        self.more = QToolButton(self)
        self.more.setObjectName("overflow_more")
        self.more.setText(self.tr("More"))
        self.more.setToolTip(self.tr("The tools that do not fit this window"))
        self.more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.more)
        self.menu.setObjectName("overflow_menu")
        self.menu.aboutToShow.connect(self._fill_menu)
        self.more.setMenu(self.menu)
        self.more.hide()

    # ----- content -------------------------------------------------------------------------------
    def addWidget(self, button: QAbstractButton, pinned: bool = False) -> None:
        """Append `button` (kept hidden if its owner hid it: then use set_wanted); `pinned`
        buttons fold last."""
        explicit = button.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
        self._wanted[id(button)] = not (explicit and button.isHidden())
        button.setParent(self)
        self._items.append(button)
        if pinned:
            self._pinned.add(id(button))
        self._place()
        self.updateGeometry()

    def buttons(self) -> list[QAbstractButton]:
        """The buttons of the row, in order."""
        return list(self._items)

    def folded_buttons(self) -> list[QAbstractButton]:
        """The buttons offered from the More menu now (their own order)."""
        return list(self._folded)

    def set_wanted(self, button: QAbstractButton, wanted: bool) -> None:
        """Show or hide `button` for good (whether it fits decides the rest)."""
        self._wanted[id(button)] = wanted
        self._place()
        self.updateGeometry()

    def event(self, event: QEvent) -> bool:
        """A button whose size changed (new text, new font) re-flows the row."""
        if event.type() == QEvent.Type.LayoutRequest and not self._placing:
            self._place()
            self.updateGeometry()
        return super().event(event)

    # ----- size ----------------------------------------------------------------------------------
    def _shown(self) -> list[QAbstractButton]:
        return [b for b in self._items if self._wanted.get(id(b), True)]

    def sizeHint(self) -> QSize:
        """Room for every button in a row."""
        widths = [b.sizeHint().width() for b in self._shown()]
        height = max([b.sizeHint().height() for b in self._items] + [self.more.sizeHint().height()])
        return QSize(sum(widths) + SPACING * max(0, len(widths) - 1), height)

    def minimumSizeHint(self) -> QSize:
        """Room for the More button alone (everything else can fold)."""
        if not self._shown():
            return QSize(0, 0)
        return QSize(self.more.sizeHint().width(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay the buttons out again for the new width."""
        super().resizeEvent(event)
        self._place()

    def _place(self) -> None:
        """Show the buttons that fit, right-aligned in their order; fold the rest."""
        shown = self._shown()
        width, height = self.width(), self.height()
        widths = {id(b): b.sizeHint().width() for b in shown}
        total = sum(widths.values()) + SPACING * max(0, len(shown) - 1)
        folded: list[QAbstractButton] = []
        if total > width:
            room = width - self.more.sizeHint().width() - SPACING
            # fold from the end, pinned buttons last, until the rest fits beside More
            order = [b for b in reversed(shown) if id(b) not in self._pinned] + \
                    [b for b in reversed(shown) if id(b) in self._pinned]
            kept = list(shown)
            for b in order:
                used = sum(widths[id(k)] for k in kept) + SPACING * max(0, len(kept) - 1)
                if used <= room:
                    break
                kept.remove(b)
                folded.append(b)
        self._placing = True
        try:
            visible = [b for b in shown if b not in folded]
            x = width
            if folded:
                more_w = self.more.sizeHint().width()
                x -= more_w
                self.more.setGeometry(x, 0, more_w, height)
                self.more.show()
                x -= SPACING
            else:
                self.more.hide()
            for b in reversed(visible):
                w = widths[id(b)]
                x -= w
                b.setGeometry(x, 0, w, height)
                b.show()
                x -= SPACING
            for b in self._items:
                if b not in visible:
                    b.hide()
        finally:
            self._placing = False
        changed = [id(b) for b in folded] != [id(b) for b in self._folded]
        self._folded = [b for b in shown if b in folded]
        if changed:
            self.folded.emit(len(self._folded))

    # ----- the menu ------------------------------------------------------------------------------
    def _fill_menu(self) -> None:
        """The folded buttons as menu entries (a button with a menu becomes a submenu)."""
        self.menu.clear()
        for button in self._folded:
            own = button.menu() if isinstance(button, QToolButton) else None
            if own is not None:
                sub = self.menu.addMenu(button.text())
                sub.setObjectName(f"more_{button.objectName()}")
                sub.setEnabled(button.isEnabled())
                sub.setToolTipsVisible(True)
                for action in own.actions():
                    sub.addAction(action)
                continue
            entry = self.menu.addAction(button.text())
            entry.setObjectName(f"more_{button.objectName()}")
            entry.setToolTip(button.toolTip())
            entry.setEnabled(button.isEnabled())
            entry.triggered.connect(button.click)

    def menu_entries(self) -> list[str]:
        """The texts the More menu offers now (fills it as opening it would)."""
        self._fill_menu()
        return [a.text() for a in self.menu.actions()]
