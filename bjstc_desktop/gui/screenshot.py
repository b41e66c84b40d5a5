"""`bjstc-desktop --screenshot FILE.png [--size WxH]`: render the unlocked main window
offscreen at its real size (1366x768 unless asked otherwise) with one tab selected, once
its list has been read, and save it as PNG. A window that cannot be that small is
refused with a plain message, never squeezed or scaled to look as if it fitted."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEventLoop, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication

from bjstc_desktop.core.errors import MediaError, RefusedError, UsageError
from bjstc_desktop.gui.fit import minimum_size
from bjstc_desktop.gui.main_window import MainWindow
from bjstc_desktop.gui.module_tab import ModuleTab
from bjstc_desktop.gui.tab_registry import WORKBENCH_KEY, tab_keys
from bjstc_desktop.gui.worker import wait_for_jobs

if TYPE_CHECKING:  # annotations only: the session loads the store (issue 15 point 4)
    from bjstc_desktop.workstation import Workstation

SCREEN = QSize(1366, 768)
_SIZE = re.compile(r"^\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*$")
POPULATE_DEADLINE_MS = 20_000


def check_tab(tab: str | None) -> str:
    """The page key for --tab (default: the workbench); a UsageError names the choices."""
    key = (tab or WORKBENCH_KEY).strip()
    if key not in tab_keys():
        choices = ", ".join(tab_keys())
        raise UsageError(f"没有页面“{key}”。可选：{choices}", f"There is no tab {key!r}. Choose one of: {choices}")
    return key


def parse_size(text: str | None) -> QSize:
    """--size WxH (default 1366x768); a UsageError says what is expected."""
    if not text:
        return QSize(SCREEN)
    found = _SIZE.match(text)
    if not found:
        raise UsageError(f"尺寸“{text}”应写作 宽x高，例如 1366x768。",
                         f"Size {text!r} should be WIDTHxHEIGHT, e.g. 1366x768.")
    return QSize(int(found.group(1)), int(found.group(2)))


def check_fits(window: MainWindow, size: QSize) -> None:
    """Refuse (RefusedError) when the window needs more room than `size`."""
    need = minimum_size(window)
    if need.width() > size.width() or need.height() > size.height() or window.size() != size:
        got = window.size().expandedTo(need)
        raise RefusedError(
            f"主窗口至少需要 {got.width()}×{got.height()} 像素，放不进 {size.width()}×{size.height()}：未截图。",
            f"The main window needs at least {got.width()}x{got.height()} pixels and does not fit "
            f"{size.width()}x{size.height()}: no screenshot was taken.")


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


def settle_reads(rounds: int = 3) -> None:
    """Let the reads the window started besides its list (the 工作台's registers line, the
    calendar reminder) finish and show: a picture never depends on which read won a race
    (a first screen that opens the full session on such a read answers it later)."""
    for _ in range(rounds):
        QCoreApplication.processEvents()
        if not wait_for_jobs(POPULATE_DEADLINE_MS / 1000):
            break
    QCoreApplication.processEvents()


def render_main_window(ws: Workstation, out: Path, tab: str | None = None, size: QSize = SCREEN) -> Path:
    """Show the main window for `ws` offscreen at `size`, select `tab`, wait for its rows,
    and save the picture to `out` (written beside it first, then renamed: never half a
    file). RefusedError when the window cannot be that small."""
    key = check_tab(tab)
    window = MainWindow(ws)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(size)
    try:
        # The tab is chosen before the window shows, so the first screen read is that
        # tab's and no other (showing on the 工作台 first would read its lists for nothing).
        window.show_tab(key)
        window.show()
        page = window.current_page()
        wait_until_populated(page)
        settle_reads()
        window.resize(size)  # the rows are in: any minimum they raised is known now
        QCoreApplication.processEvents()
        check_fits(window, size)
        pixmap = window.grab()  # the real pixels: a scaled screen (QT_SCALE_FACTOR) gives more of them
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
