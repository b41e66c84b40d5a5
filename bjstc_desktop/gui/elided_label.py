"""A one-line label that gives way: it asks for its whole text but can shrink to a few
characters, shows "…" where the text is cut, and then carries the whole text as its
tooltip. Names, summaries and the status bar use it so no text sets a window's width."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

MIN_CHARS = 4


class ElidedLabel(QLabel):
    """A QLabel for one line of plain text that elides at the right when short of room."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._own_tip = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)

    def minimumSizeHint(self) -> QSize:
        """A few characters wide: the label gives way before anything else must."""
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        chars = self.fontMetrics().horizontalAdvance("国" * MIN_CHARS) + margins.left() + margins.right()
        return QSize(min(hint.width(), chars), hint.height())

    def is_elided(self) -> bool:
        """True when the text is cut (its tooltip then holds it whole)."""
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def setToolTip(self, tip: str) -> None:
        """A tooltip of the caller's own; the whole text is added when it is cut."""
        self._own_tip = tip
        self._update_tip()

    def setText(self, text: str) -> None:
        """Show `text` (elided when the label is too narrow)."""
        super().setText(text)
        self._update_tip()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width may cut the text or leave it whole."""
        super().resizeEvent(event)
        self._update_tip()

    def _update_tip(self) -> None:
        tip = self._own_tip
        if self.text() and self.is_elided():
            tip = self.text() if not tip else f"{self.text()}\n{tip}"
        QLabel.setToolTip(self, tip)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """The frame the style draws, then the text, elided to fit."""
        QFrame.paintEvent(self, _event)
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(rect, int(self.alignment()), text)
        painter.end()
