"""PySide6 6.12.0 on CPython 3.11 took a reference from None on every void Qt call, and
the program aborted after a few thousand ("deallocating None"). We pin 6.11.3, which
does not; this test fails if a future pin brings the defect back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel


def test_void_qt_calls_do_not_steal_references_from_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    timer = QTimer()
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for i in range(2000):
        label.setText(str(i))
        label.setVisible(False)
        timer.setInterval(i)
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    assert all(abs(a - b) < 100 for a, b in zip(after, before, strict=True)), (before, after)
