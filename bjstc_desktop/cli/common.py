"""What every `bjstc` command module shares: the exit codes, JSON on stdout, KEY=VALUE
and date options, new passphrases and recovery codes from the environment or a prompt
(never argv), unlocking as --user, Ctrl-C as a cancel, and the one mapping of errors to
exit codes (design/cli.md). Light at import: `bjstc --help` loads it, so the store and
the workstation are imported only inside the functions that unlock."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from bjstc_desktop import console
from bjstc_desktop.console import say
from bjstc_desktop.core.errors import BjstcError, UsageError
from bjstc_desktop.core.language import tr

if TYPE_CHECKING:  # imported when a command unlocks: `bjstc --help` and the GUI start need none of it
    from bjstc_desktop.workstation import NewAccount, Workstation

# The exit codes of design/cli.md. BjstcError subclasses carry theirs (exit_code); these
# name the ones a command returns itself.
DONE = 0
REFUSED = 1  # refused or failed: nothing changed
USAGE = 2
AUTHENTICATION = 3
INTEGRITY = 4
# cli.md's codes say 1 = "nothing changed"; a bulk run that changed some cases and not
# others needs its own code, so a script never takes a half-done run for an untouched one.
PARTLY_DONE = 5


def say_db_role(role: str, sql: str) -> None:
    """On a hub: the account's own database role, and what the database administrator
    still has to do (docs/hub.md, "Roles and policies")."""
    if not role:
        return
    if sql:
        say(tr(f"集中库数据库角色 {role} 已登记，但本库属主不能创建角色：请数据库管理员执行 {sql}",
               f"Hub database role {role} recorded, but the hub's owner cannot create roles: ask the database "
               f"administrator to run {sql}"))
    say(tr(f"集中库数据库角色：{role}（口令由本人以 psql \\password 设置并存入 ~/.pgpass，或使用客户端证书 CN={role}）。",
           f"Hub database role: {role} (its password set by its holder with psql \\password and kept in ~/.pgpass, "
           f"or a client certificate with CN={role})."))


def emit_json(document: Any) -> None:
    """The one JSON document of a `--json` command (stdout)."""
    json.dump(document, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")
    sys.stdout.flush()


def out(args: Any, doc: Any, message: str) -> None:
    """The JSON document with --json, else a message for a person."""
    if args.json:
        emit_json(doc)
    else:
        say(message)


def pairs(items: Sequence[str] | None, option: str = "--field", form_zh: str = "KEY=VALUE") -> dict[str, str]:
    """Repeated KEY=VALUE options as a dict (a usage error otherwise)."""
    result: dict[str, str] = {}
    for item in items or ():
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{option} 应为 {form_zh}，而不是“{item}”。", f"{option} takes KEY=VALUE, not {item!r}.")
        result[key.strip()] = value
    return result


def parse_day(text: str) -> dt.date:
    """A date argument (2026-03-01, 2026年3月1日, ...)."""
    from bjstc_desktop.core.fieldvalues import parse_date

    return dt.date.fromisoformat(parse_date(text))


def day(text: str | None) -> dt.date | None:
    """An optional date option: None when left out (or empty)."""
    return parse_day(text) if text else None


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


def named_account(name: str | None, env: str, role_zh: str, role_en: str) -> NewAccount | None:
    """An account a command makes for someone else (the security administrator or auditor
    named at init, the officer of a hand-off), with the passphrase from `env`, else asked
    twice at a terminal (each types their own)."""
    if not name:
        return None
    passphrase = os.environ.get(env)
    if not passphrase:
        if not sys.stdin or not sys.stdin.isatty():
            raise UsageError(f"未提供{role_zh}的口令（设置 {env} 或在终端中由其本人输入）。",
                             f"No passphrase for the {role_en} (set {env}, or let them type it in a terminal).")
        passphrase = getpass.getpass(tr(f"{role_zh} {name} 的口令：", f"Passphrase of the {role_en} {name}: "))
        if passphrase != getpass.getpass(tr("再输入一次：", "Again: ")):
            raise UsageError("两次输入的口令不一致。", "The two passphrases differ.")
    from bjstc_desktop.workstation.opening import NewAccount

    return NewAccount(name, passphrase)


def read_recovery_code() -> str:
    """BJSTC_RECOVERY_CODE, else typed at a terminal (never argv)."""
    return os.environ.get("BJSTC_RECOVERY_CODE") or prompt_recovery_code()


def prompt_recovery_code(zh: str = "恢复码：", en: str = "Recovery code: ") -> str:
    """The recovery code typed at a terminal (a usage error without one)."""
    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError("未提供恢复码（设置 BJSTC_RECOVERY_CODE 或在终端中输入）。",
                         "No recovery code given (set BJSTC_RECOVERY_CODE or type it in a terminal).")
    return getpass.getpass(tr(zh, en))


def confirm(question_zh: str, question_en: str) -> bool:
    """Ask yes/no on a terminal; with no terminal the answer is no."""
    if not sys.stdin or not sys.stdin.isatty():
        return False
    answer = input(tr(question_zh + "（输入 yes 确认）：", question_en + " (type yes to confirm): "))
    return answer.strip().lower() in ("yes", "y", "是")


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


def user_passphrase(args: Any) -> str:
    """The passphrase of --user (a usage error without --user), from the environment, a
    file or a prompt."""
    if not args.user:
        raise UsageError("请用 --user 或 BJSTC_USER 指定用户。", "Name the user with --user or BJSTC_USER.")
    return console.read_passphrase(args.passphrase_file)


def open_workstation(args: Any, *, for_passphrase_change: bool = False, passphrase: str | None = None) -> Workstation:
    """The commands' one way to unlock: as --user, with the passphrase from the
    environment, a file or a prompt (or `passphrase`, read already by a command that needs
    it again: `bjstc keys upgrade`); refused while an administrator's reset waits to be
    replaced, except for the command that replaces it."""
    from bjstc_desktop.store import lockfile
    from bjstc_desktop.workstation import Workstation

    if passphrase is None:
        passphrase = user_passphrase(args)
    if lockfile.gui_is_open(args.data_dir):
        say(tr("提示：此工作站已在图形界面中打开，本命令的更改会与其共享。",
               "Note: this workstation is open in the GUI; this command's changes are shared with it."))
    ws = Workstation.open(args.data_dir, args.user, passphrase)
    if not for_passphrase_change:
        try:
            ws.accounts.require_current_passphrase()
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


def interruptible(run: Callable[[Callable[[], bool]], Any]) -> Any:
    """Run with Ctrl-C turned into a cancel the operation checks between rows or cases.
    Where SIGINT was ignored when the command started (nohup, a background job), it
    stays ignored: whoever started the command chose that it runs to its end."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        return run(stop.is_set)
    previous = signal.signal(signal.SIGINT, lambda _s, _f: stop.set())
    try:
        return run(stop.is_set)
    finally:
        signal.signal(signal.SIGINT, previous)


def exit_code_of(run: Callable[[], int]) -> int:
    """Run a command and map whatever happens to its exit code, never a traceback:
    an officer's mistake or a refusal is said in his language with its code (1-4, 6);
    output piped into `head` and closed is no error; Ctrl-C is a cancel (1); anything
    unexpected is logged (where, not what) and said as an internal error (1)."""
    try:
        return int(run())
    except BjstcError as exc:
        say(exc.message())
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        return DONE
    except KeyboardInterrupt:
        say(tr("已取消。", "Cancelled."))
        return REFUSED
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if isinstance(exc.code, int) else DONE
    except Exception as exc:  # never a traceback on the officer's screen
        console.log_unexpected(exc)
        say(tr("发生内部错误，操作未完成，数据未被更改。详情已记入日志。",
               "An internal error stopped the operation; nothing was changed. Details are in the log."))
        return REFUSED
