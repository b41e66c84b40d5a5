"""How the `bjstc` command talks to people and scripts: passphrases from the
environment, a file or a prompt (never argv); JSON on stdout; messages on stderr in the
officer's language; the operational log without secrets or case content."""

from __future__ import annotations

import getpass
import json
import logging
import logging.handlers
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from bjstc_desktop.core.errors import AuthenticationError, UsageError
from bjstc_desktop.core.i18n import tr

if TYPE_CHECKING:  # imported when a command unlocks: `bjstc --help` and the GUI start need none of it
    from bjstc_desktop.workstation import Workstation

APP_NAME = "bjstc-desktop"


def default_data_dir() -> Path:
    """BJSTC_DATA_DIR, else the platform's user data folder."""
    env = os.environ.get("BJSTC_DATA_DIR")
    return Path(env) if env else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def say(message: str) -> None:
    """A message for a person (stderr)."""
    print(message, file=sys.stderr, flush=True)


def emit_json(document: Any) -> None:
    """The one JSON document of a `--json` command (stdout)."""
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")
    sys.stdout.flush()


def read_passphrase(passphrase_file: str | None, prompt_zh: str = "口令：", prompt_en: str = "Passphrase: ") -> str:
    """BJSTC_PASSPHRASE, else the first line of --passphrase-file, else a hidden prompt."""
    env = os.environ.get("BJSTC_PASSPHRASE")
    if env:
        return env
    if passphrase_file:
        try:
            return Path(passphrase_file).read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError, UnicodeDecodeError):
            raise UsageError(f"无法读取口令文件 {passphrase_file}。", f"Cannot read the passphrase file {passphrase_file}.") from None
    if not sys.stdin or not sys.stdin.isatty():
        raise AuthenticationError("未提供口令（设置 BJSTC_PASSPHRASE、--passphrase-file 或在终端中输入）。",
                                  "No passphrase given (set BJSTC_PASSPHRASE, use --passphrase-file, or type it in a terminal).")
    return getpass.getpass(tr(prompt_zh, prompt_en))


def read_new_passphrase(fallback_env: str | None = None) -> str:
    """BJSTC_NEW_PASSPHRASE (or `fallback_env`), else a hidden prompt asked twice."""
    env = os.environ.get("BJSTC_NEW_PASSPHRASE") or (os.environ.get(fallback_env) if fallback_env else None)
    if env:
        return env
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError("未提供新口令（设置 BJSTC_NEW_PASSPHRASE 或在终端中输入）。",
                         "No new passphrase given (set BJSTC_NEW_PASSPHRASE or type it in a terminal).")
    first = getpass.getpass(tr("新口令：", "New passphrase: "))
    second = getpass.getpass(tr("再输入一次新口令：", "New passphrase again: "))
    if first != second:
        raise UsageError("两次输入的口令不一致。", "The two passphrases differ.")
    return first


def confirm(question_zh: str, question_en: str) -> bool:
    """Ask yes/no on a terminal; with no terminal the answer is no."""
    if not sys.stdin or not sys.stdin.isatty():
        return False
    answer = input(tr(question_zh + "（输入 yes 确认）：", question_en + " (type yes to confirm): "))
    return answer.strip().lower() in ("yes", "y", "是")


class _PrivateLogFile(logging.handlers.RotatingFileHandler):
    """The rotating log, every file of it (also after a rollover) readable by its owner only."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.chmod(self.baseFilename, 0o600)  # a file made by an older version
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def setup_logging(data_dir: Path | None) -> None:
    """The operational log in <data-dir>/logs: events and error locations only. A log
    that cannot be written (full disk, read-only folder) is skipped silently: logging
    never prints its own traceback on the officer's terminal."""
    logging.raiseExceptions = False
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for h in list(root.handlers):
        if getattr(h, "_bjstc", False):
            root.removeHandler(h)
    handler: logging.Handler = logging.NullHandler()  # without a log, nothing (never Python's last resort: stderr)
    if data_dir is not None and (data_dir / "logs").is_dir():
        try:
            handler = _PrivateLogFile(data_dir / "logs" / "bjstc.log", maxBytes=1 << 20, backupCount=3,
                                      encoding="utf-8")
        except OSError:
            pass
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler._bjstc = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def announce_waits() -> None:
    """Say on stderr when a command waits for another program's write (engine.busy_notice)."""
    from bjstc_desktop.store import engine

    def notice(seconds: float) -> None:
        say(tr(f"另一个程序正在写入此工作站，正在等待（最多 {seconds:.0f} 秒）……",
               f"Another program is writing to this workstation; waiting (at most {seconds:.0f} s)…"))

    engine.busy_notice = notice


_OUTPUT_ARGS = ("output", "out", "xlsx")  # every option naming a file (or folder) to write
_INPUT_ARGS = ("file", "card")  # every argument naming a file to read


def check_paths(args: Any) -> None:
    """The one check of the command's file arguments, before anything is unlocked: an
    output in a folder that is not there (a USB stick not inserted: `-o /media/usb/`) is
    refused instead of becoming a file on the system disk; an input must be a regular
    file (a FIFO would hang the command)."""
    from bjstc_desktop.store import atomicfile

    for name in _OUTPUT_ARGS:
        raw = getattr(args, name, None)
        if isinstance(raw, str) and raw:
            atomicfile.check_output(raw, folder_ok=True)  # whether a folder will do is the command's to say
    for name in _INPUT_ARGS:
        raw = getattr(args, name, None)
        if isinstance(raw, str) and raw:
            atomicfile.check_source(raw)


def log_unexpected(exc: BaseException) -> None:
    """Log where an unexpected error happened: the exception type and the stack frames,
    never its message (driver messages can quote case content or SQL parameters)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logging.getLogger("bjstc").error("unexpected %s\n%s", type(exc).__name__, frames)


def open_workstation(args: Any, *, for_passphrase_change: bool = False) -> Workstation:
    """The commands' one way to unlock: as --user, with the passphrase from the
    environment, a file or a prompt; refused while an administrator's reset waits to be
    replaced, except for the command that replaces it."""
    from bjstc_desktop.store import lockfile
    from bjstc_desktop.workstation import Workstation

    user = args.user
    if not user:
        raise UsageError("请用 --user 或 BJSTC_USER 指定用户。", "Name the user with --user or BJSTC_USER.")
    passphrase = read_passphrase(args.passphrase_file)
    if lockfile.gui_is_open(args.data_dir):
        say(tr("提示：此工作站已在图形界面中打开，本命令的更改会与其共享。",
               "Note: this workstation is open in the GUI; this command's changes are shared with it."))
    ws = Workstation.open(args.data_dir, user, passphrase)
    if not for_passphrase_change:
        try:
            ws.require_current_passphrase()
        except BaseException:
            ws.close()
            raise
    return ws


def with_workstation(fn: Callable[[Workstation, Any], int]) -> Callable[[Any], int]:
    """A command that runs on an unlocked workstation, closed again whatever happens."""
    def run(args: Any) -> int:
        ws = open_workstation(args)
        try:
            return fn(ws, args)
        finally:
            ws.close()
    return run
