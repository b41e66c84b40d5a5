"""`bjstc-desktop --screenshot FILE.png`: render the unlocked main window offscreen at
1366x768 with one tab selected, once its list has been read, and save it as PNG."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication

from bjstc_desktop.core.errors import MediaError, UsageError
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.module_tab import ModuleTab
from bjstc_desktop.gui.tab_registry import WORKBENCH_KEY, tab_keys
from bjstc_desktop.workstation import Workstation

SCREEN = QSize(1366, 768)
POPULATE_DEADLINE_MS = 20_000


def check_tab(tab: str | None) -> str:
    """The page key for --tab (default: the workbench); a UsageError names the choices."""
    key = (tab or WORKBENCH_KEY).strip()
    if key not in tab_keys():
        choices = ", ".join(tab_keys())
        raise UsageError(f"没有页面“{key}”。可选：{choices}", f"There is no tab {key!r}. Choose one of: {choices}")
    return key


def wait_until_populated(page: ModuleTab, deadline_ms: int = POPULATE_DEADLINE_MS) -> bool:
    """Process events until `page` has read its lists (no sleeping); False at the deadline."""
    if page.is_populated():
        return True
    loop = QEventLoop()
    page.populated.connect(loop.quit)
    QTimer.singleShot(deadline_ms, loop.quit)
    page.activate()
    if not page.is_populated():
        loop.exec()
    page.populated.disconnect(loop.quit)
    return page.is_populated()


def render_main_window(ws: Workstation, out: Path, tab: str | None = None) -> Path:
    """Show the main window for `ws` offscreen, select `tab`, wait for its rows, and
    save the picture to `out` (written beside it first, then renamed: never half a file)."""
    key = check_tab(tab)
    window = MainWindow(ws)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(SCREEN)
    window.show()
    try:
        page = window.select_tab(key)
        wait_until_populated(page)
        QCoreApplication.processEvents()
        pixmap = window.grab()
        if pixmap.size() != SCREEN:  # a scaled screen (QT_SCALE_FACTOR): store the nominal size
            pixmap = pixmap.scaled(SCREEN, Qt.AspectRatioMode.IgnoreAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)
        out = out.expanduser()
        tmp = out.with_name(out.name + ".tmp")
        if not pixmap.save(str(tmp), "PNG"):
            tmp.unlink(missing_ok=True)
            raise MediaError(f"无法写入 {out}。", f"Cannot write {out}.")
        os.replace(tmp, out)
        return out
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
