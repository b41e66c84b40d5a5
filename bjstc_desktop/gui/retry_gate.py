"""The growing wait after a wrong passphrase, shown as a countdown on the button that
would try again. A QTimer ticks once a second: no sleeping, the GUI stays responsive."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton


class RetryGate(QObject):
    """Keeps `button` disabled for a number of seconds and shows how many remain."""

    opened = Signal()
    """Emitted when the wait is over and the button is enabled again."""

    def __init__(self, button: QAbstractButton, parent: QObject | None = None) -> None:
        super().__init__(parent or button)
        self._button = button
        self._label = button.text()
        self._remaining = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    @property
    def remaining(self) -> int:
        """Whole seconds still to wait (0 when open)."""
        return self._remaining

    def is_open(self) -> bool:
        """True when no wait is running."""
        return self._remaining == 0

    def hold(self, seconds: int) -> None:
        """Disable the button for `seconds` (nothing to do for 0)."""
        if seconds <= 0:
            return
        self._label = self._label if self._remaining else self._button.text()
        self._remaining = int(seconds)
        self._button.setEnabled(False)
        self._show()
        self._timer.start()

    def _tick(self) -> None:
        self._remaining -= 1
        if self._remaining > 0:
            self._show()
            return
        self._timer.stop()
        self._remaining = 0
        self._button.setText(self._label)
        self._button.setEnabled(True)
        self.opened.emit()

    def _show(self) -> None:
        self._button.setText(self.tr("%1 (%2 s)").replace("%1", self._label).replace("%2", str(self._remaining)))
