"""What both front ends (the `bjstc` command and the `bjstc-desktop` launcher) share at
the terminal: the data folder, the passphrase from the environment, a file or a prompt
(never argv), messages on stderr in the officer's language, and the operational log
without secrets or case content. The GUI's error dialogs log through it too, so it sits
below both front ends in the layers contract."""

from __future__ import annotations

import getpass
import logging
import os
import sys
import traceback
from pathlib import Path

from bjstc_desktop.core.errors import AuthenticationError, UsageError
from bjstc_desktop.core.language import tr

APP_NAME = "bjstc-desktop"


def default_data_dir() -> Path:
    """BJSTC_DATA_DIR, else the platform's user data folder."""
    env = os.environ.get("BJSTC_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs  # loaded when a command runs, never for `bjstc --help`

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def say(message: str) -> None:
    """A message for a person (stderr)."""
    print(message, file=sys.stderr, flush=True)


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
            handler = _private_log_file(data_dir / "logs" / "bjstc.log")
        except OSError:
            pass
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler._bjstc = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def _private_log_file(path: Path) -> logging.Handler:
    """The rotating log, every file of it (also after a rollover) readable by its owner only."""
    import logging.handlers  # pickle, socket, ...: loaded when a command runs, never for `bjstc --help`

    class PrivateLogFile(logging.handlers.RotatingFileHandler):
        def _open(self):  # type: ignore[no-untyped-def]
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.chmod(self.baseFilename, 0o600)  # a file made by an older version
            return open(fd, self.mode, encoding=self.encoding, errors=self.errors)

    return PrivateLogFile(path, maxBytes=1 << 20, backupCount=3, encoding="utf-8")


def log_unexpected(exc: BaseException) -> None:
    """Log where an unexpected error happened: the exception type and the stack frames,
    never its message (driver messages can quote case content or SQL parameters)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logging.getLogger("bjstc").error("unexpected %s\n%s", type(exc).__name__, frames)


