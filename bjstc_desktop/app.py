"""The `bjstc-desktop` GUI entry point (design/cli.md).

    bjstc-desktop [--data-dir DIR] [--hub URL] [--user NAME] [--lang zh|en]
    bjstc-desktop --screenshot FILE.png [--tab CODE] [--size WxH] [--user NAME] [--data-dir DIR]

Without --screenshot: the login dialog, then the main window. With it: the passphrase
comes from BJSTC_PASSPHRASE, the window is rendered offscreen at its real size (1366x768
unless --size says otherwise) and saved; a window that cannot be that small is refused.
Exit codes as the CLI: 0 done, 1 refused or failed, 2 usage, 3 authentication,
4 integrity. Never a traceback: errors are a plain sentence on stderr (or in a box).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from bjstc_desktop import console
from bjstc_desktop.console import say
from bjstc_desktop.core import i18n
from bjstc_desktop.core.errors import BjstcError, RefusedError, UsageError
from bjstc_desktop.core.i18n import tr as zh_or_en  # not Qt tr(): lupdate must not collect it


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """A usage error in the officer's language (exit 2), not argparse's own exit."""
        raise UsageError(f"用法错误：{message}\n（运行 {self.prog} --help 查看用法）",
                         f"Usage error: {message}\n(run {self.prog} --help)")


def build_parser() -> argparse.ArgumentParser:
    """The command line of bjstc-desktop."""
    p = _Parser(prog="bjstc-desktop", description="北京市科学技术委员会离线办案工作站（图形界面）")
    p.add_argument("--data-dir", type=Path, default=None, help="工作站数据目录")
    p.add_argument("--hub", default=None, metavar="URL",
                   help="处室集中库 postgresql://用户@主机/库（默认取 BJSTC_HUB；地址中不得含口令）")
    p.add_argument("--user", default=None, help="用户名（默认取 BJSTC_USER）")
    p.add_argument("--lang", choices=("zh", "en"), default=None, help="界面语言")
    p.add_argument("--screenshot", type=Path, default=None, metavar="FILE.png",
                   help="离屏渲染主窗口并保存为 PNG（口令取自 BJSTC_PASSPHRASE）")
    p.add_argument("--tab", default=None, help="截图时选中的页面：workbench 或模块代码")
    p.add_argument("--size", default=None, metavar="WxH", help="截图的窗口尺寸（默认 1366x768）")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the GUI (or render a screenshot); returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        if args.lang:
            i18n.set_language(args.lang)
        data_dir = (args.data_dir or console.default_data_dir()).expanduser()
        user = args.user or os.environ.get("BJSTC_USER") or ""
        hub = args.hub or os.environ.get("BJSTC_HUB")
        if hub:
            from bjstc_desktop.store import backends

            backends.use_hub(hub)  # the store hides which one it is: the GUI needs nothing more
        console.setup_logging(data_dir)
        if args.screenshot is not None:
            return _screenshot(data_dir, user, args.screenshot, args.tab, args.lang, args.size)
        return _interactive(data_dir, user, args.lang)
    except BjstcError as exc:
        say(exc.message())
        return exc.exit_code
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return 1
    except Exception as exc:  # never a traceback for the officer
        console.log_unexpected(exc)
        say(zh_or_en("发生内部错误，程序未能完成，数据未被更改。详情已记入日志。",
               "An internal error stopped the program; nothing was changed. Details are in the log."))
        return 1


def _screenshot(data_dir: Path, user: str, out: Path, tab: str | None, lang: str | None,
                size: str | None = None) -> int:
    import concurrent.futures

    if not user:
        raise UsageError("请用 --user 或 BJSTC_USER 指定用户。", "Name the user with --user or BJSTC_USER.")
    passphrase = console.read_passphrase(None)
    # The key slot is opened on a thread (Argon2id releases the GIL) while this thread
    # starts Qt and imports the workstation and the window, which is most of a start-up;
    # the slot's module loads nothing of the store, so the KDF's time hides behind those
    # imports. Qt itself stays on the main thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        unlocking = pool.submit(_open_slot, data_dir, user, passphrase)
        try:
            _start_qt(offscreen=True)
            from bjstc_desktop.gui.screenshot import check_tab, parse_size, render_main_window
            from bjstc_desktop.gui.translations import resolve_language, set_language
            from bjstc_desktop.workstation.starting import open_starting

            check_tab(tab)
            window_size = parse_size(size)
        except BaseException:
            unlocking.cancel()
            raise
        # The first screen over the store's DB-API connection: SQLAlchemy and the ORM load
        # only if something past it needs them (workstation/starting.py).
        ws = open_starting(data_dir, user, passphrase, unlocking.result())
    try:
        set_language(resolve_language(lang, _language_setting(ws)))
        render_main_window(ws, out, tab, window_size)
    finally:
        _close_after_jobs(ws)
    return 0


if TYPE_CHECKING:
    from bjstc_desktop.workstation import Workstation
    from bjstc_desktop.workstation.starting import StartingSession

JOB_WAIT_SECONDS, JOB_WAIT_ROUNDS = 30.0, 20  # background work is bounded by the store's own busy wait


def _close_after_jobs(ws: Workstation | StartingSession) -> bool:
    """Close the workstation once the reads and writes the window started have finished:
    a read still running on a worker thread when the store closes fails there (with the
    machine busy a window's reads can outlast a fixed 30 s wait). Should some still run
    after JOB_WAIT_ROUNDS, the store is left as a killed program leaves it, which the next
    unlock recovers, rather than closed under them; False then."""
    import logging

    from bjstc_desktop.gui.worker import wait_for_jobs

    for _ in range(JOB_WAIT_ROUNDS):
        if wait_for_jobs(JOB_WAIT_SECONDS):
            ws.close()
            return True
        logging.getLogger("bjstc").warning("waiting for background work before closing the workstation")
    logging.getLogger("bjstc").error("background work still running at exit: the store is left to the next unlock")
    return False


def _open_slot(data_dir: Path, user: str, passphrase: str):  # type: ignore[no-untyped-def]
    from bjstc_desktop.store.unlocking import open_slot

    return open_slot(data_dir, user, passphrase)


def _interactive(data_dir: Path, user: str, lang: str | None) -> int:
    from bjstc_desktop.platform_libs import platform_problem
    from bjstc_desktop.store import lockfile

    problem = platform_problem()  # before Qt: a missing X11 library would abort it silently
    if problem is not None:
        raise RefusedError(*problem)
    app = _start_qt(offscreen=False)
    from PySide6.QtWidgets import QDialog, QMessageBox

    from bjstc_desktop.gui.login_dialog import LoginDialog
    from bjstc_desktop.gui.main_window import MainWindow
    from bjstc_desktop.gui.translations import resolve_language, set_language

    set_language(resolve_language(lang))
    try:  # no folder, no workstation: the login dialog says so; never create the folder here
        gui_lock = lockfile.claim_gui(data_dir) if data_dir.is_dir() else None
    except BjstcError as exc:
        QMessageBox.warning(None, "bjstc-desktop", exc.message())
        return exc.exit_code
    previous_hook, sys.excepthook = sys.excepthook, _excepthook
    try:
        login = LoginDialog(data_dir, user)
        if login.exec() != QDialog.DialogCode.Accepted or login.workstation is None:
            return 0
        ws = login.workstation
        try:
            chosen = resolve_language(lang, _language_setting(ws))
            if chosen != i18n.current_language():
                set_language(chosen)
            if ws.must_change_passphrase:  # an administrator's reset: choose one's own first
                from bjstc_desktop.gui.change_passphrase import ChangePassphraseDialog

                if ChangePassphraseDialog(ws).exec() != QDialog.DialogCode.Accepted:
                    return 0
            window = MainWindow(ws)
            window.show_for_screen()
            _finish_opening_when_idle(window, ws)
            return int(app.exec())
        finally:
            _close_after_jobs(ws)
    finally:
        sys.excepthook = previous_hook
        if gui_lock is not None:
            gui_lock.release()


def _finish_opening_when_idle(window: object, ws: object) -> None:
    """Once the event loop is idle after the first paint, open the full session (the
    store's engine and the ORM) on a worker thread, so the officer's first operation
    finds it ready; a first screen that declined (the full session already) has nothing
    to do. A failure here is the next operation's to report."""
    finish = getattr(ws, "finish_opening", None)
    if finish is None:
        return
    import logging

    from PySide6.QtCore import QTimer

    from bjstc_desktop.gui.operations import read, run_operation

    def start() -> None:
        run_operation(window, ws, read(zh_or_en("打开工作站", "Opening the workstation"),
                                       lambda _ws: finish()), lambda _done: None,
                      lambda exc: logging.getLogger("bjstc").warning("full session not opened yet: %s",
                                                                     type(exc).__name__))

    QTimer.singleShot(0, start)


def _start_qt(offscreen: bool):  # type: ignore[no-untyped-def]
    """The QApplication, created once, with the bundled font before any widget."""
    from PySide6.QtWidgets import QApplication

    from bjstc_desktop.gui.startup import create_application

    if offscreen and QApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # never flash a window for a screenshot
    return create_application()


def _language_setting(ws: object) -> str | None:
    try:
        value = ws.admin.settings().get("language")  # type: ignore[attr-defined]
    except Exception:
        return None
    return value if isinstance(value, str) else None


def _excepthook(kind: type[BaseException], exc: BaseException, tb: object) -> None:
    """An unexpected error in a Qt slot: log where, tell the officer plainly, carry on."""
    from bjstc_desktop.gui.messages import show_error

    show_error(None, exc)


if __name__ == "__main__":
    sys.exit(main())
