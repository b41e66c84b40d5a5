"""Creating the QApplication the same way for the GUI, the screenshot and the tests:
the bundled UI font first (before any widget), then the style."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from bjstc_desktop.gui.fonts import register_ui_font
from bjstc_desktop.gui.style import apply_style

log = logging.getLogger("bjstc.qt")
APP_NAME = "bjstc-desktop"
ORG_NAME = "北京市科学技术委员会"

_ui_family: str | None = None


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    # Qt's own warnings go to the operational log, never onto the officer's terminal.
    level = logging.WARNING if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg) else logging.DEBUG
    log.log(level, "%s", message)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one, if any) with the UI font and style set."""
    global _ui_family
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_message)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    if _ui_family is None:
        _ui_family = register_ui_font(app)
    apply_style(app)
    return app


def ui_font_family() -> str | None:
    """The bundled family made the application font (None if it could not be loaded)."""
    return _ui_family
