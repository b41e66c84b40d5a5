"""A wizard page whose completeness and start-up its wizard decides (import, sync export)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget, QWizardPage


class CallbackPage(QWizardPage):
    """Next/Finish are enabled while `complete()` is true; `on_show()` starts the page's
    work when the page is shown."""

    def __init__(self, complete: Callable[[], Any], on_show: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._complete = complete
        self._on_show = on_show

    def isComplete(self) -> bool:
        """Next/Finish only when the page's work is done."""
        return bool(self._complete())

    def initializePage(self) -> None:
        """Start the page's work when it is shown."""
        if self._on_show is not None:
            self._on_show()
