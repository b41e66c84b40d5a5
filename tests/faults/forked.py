"""`bjstc` run in a forked copy of the test process, killed with SIGKILL at a chosen
point of its work: cheap enough to kill one command at many points in CI.

The fork skips Python's start-up (a second a process on the shared machine): the child
has every module the parent imported, and runs `cli.main(argv)` as the installed
program does, with the command's environment. Two ways to choose the point:

- `kill_at=N`: the child counts its durable steps (before and after every COMMIT, every
  os.replace / rename / link / unlink / remove / fsync) and kills itself at the Nth, so each
  boundary between "written" and "not yet" is tried exactly, whatever the machine's load;
  a run with `kill_at=None` reports how many steps the command has;
- `kill_after=S`: the parent kills it S seconds into its work, for what falls between.

The parent holds no open store while it forks (a SQLite connection must never cross a
fork); the checks that follow open their own.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The durable steps: what a program must have finished, or not begun, when it dies.
_OS_STEPS = ("replace", "rename", "link", "unlink", "remove", "fsync", "rmdir")


@dataclass(frozen=True)
class Outcome:
    """What a forked `bjstc` did: its exit code (None: killed), the steps it counted
    (a run to its end), and what it printed."""

    returncode: int | None
    steps: int
    stdout: str
    stderr: str

    @property
    def killed(self) -> bool:
        """Whether the child died by SIGKILL before it finished."""
        return self.returncode is None


def _install_counter(kill_at: int | None, at_step: Callable[[], None] | None = None,
                     statements: bool = False) -> Callable[[], int]:
    """Wrap every durable step (and with `statements` every SQL statement sent: a hub's
    steps are on the server) so that at the `kill_at`th the child dies, or runs
    `at_step` once and goes on (the server stopped under it)."""
    count = [0]

    def step() -> None:
        count[0] += 1
        if kill_at is None or count[0] < kill_at:
            return
        if at_step is not None:
            if count[0] == kill_at:
                at_step()
            return
        os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(60)  # never reached: the signal is delivered at once

    def wrap(real: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            step()
            result = real(*args, **kwargs)
            step()
            return result

        return counted

    for name in _OS_STEPS:
        setattr(os, name, wrap(getattr(os, name)))
    from sqlalchemy.engine.default import DefaultDialect

    DefaultDialect.do_commit = wrap(DefaultDialect.do_commit)  # type: ignore[method-assign]
    if statements:
        from sqlalchemy import Engine, event

        event.listen(Engine, "before_cursor_execute", lambda *_args: step())
    return lambda: count[0]


def _kill_in(where: str) -> None:
    """Make the child die the moment `module:Class.method` (or `module:function`) is called."""
    import importlib

    module, _, dotted = where.partition(":")
    *path, name = dotted.split(".")
    owner: Any = importlib.import_module(module)
    for part in path:
        owner = getattr(owner, part)
    real = getattr(owner, name)

    def killed(*_args: Any, **_kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(60)
        return real(*_args, **_kwargs)

    setattr(owner, name, killed)


def _child(argv: Sequence[str], env: Mapping[str, str], kill_at: int | None, out: Path, err: Path,
           report: int, at_step: Callable[[], None] | None, statements: bool, kill_in: str | None) -> None:
    """The forked child's whole life: never returns (os._exit)."""
    code = 98
    counted: Callable[[], int] = lambda: -1  # noqa: E731
    try:
        os.environ.clear()
        os.environ.update(env)
        for fd, path in ((1, out), (2, err)):
            target = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(target, fd)
            os.close(target)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.write(report, b"go\n")
        counted = _install_counter(kill_at, at_step, statements)
        if kill_in is not None:
            _kill_in(kill_in)
        from bjstc_desktop import cli

        code = cli.main(list(argv))
    except SystemExit as exc:  # argparse's own exits
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException:  # a traceback the officer would see: the parent fails on it
        traceback.print_exc()
        code = 99
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
            os.write(report, f"steps {counted()}\n".encode())
        os._exit(code)


@dataclass
class Running:
    """A forked `bjstc` under way."""

    pid: int
    report: Any  # the pipe's read end: "go", then "steps N" at the end
    out: Path
    err: Path

    def kill(self) -> None:
        """SIGKILL it (if it still runs)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)

    def wait(self) -> Outcome:
        """Wait for it to end; what it did."""
        rest = self.report.read().decode()
        self.report.close()
        _, status = os.waitpid(self.pid, 0)
        steps = int(rest.split()[1]) if rest.startswith("steps ") else -1
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        code = None if killed else os.waitstatus_to_exitcode(status)
        return Outcome(code, steps, self.out.read_text(errors="replace"), self.err.read_text(errors="replace"))


def start(argv: Sequence[str], env: Mapping[str, str], *, kill_at: int | None = None, workdir: Path,
          at_step: Callable[[], None] | None = None, statements: bool = False, kill_in: str | None = None) -> Running:
    """Fork `bjstc ARGV` with `env` as its whole environment and return once it begins
    the command (killed at its `kill_at`th step if given, or `at_step` run there; or
    killed when `kill_in`, "module:Class.method", is called)."""
    assert threading.active_count() == 1, "no fork while other threads run"
    workdir.mkdir(parents=True, exist_ok=True)
    out, err = workdir / "stdout", workdir / "stderr"
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child (coverage cannot follow os._exit)
        os.close(read_end)
        _child(argv, env, kill_at, out, err, write_end, at_step, statements, kill_in)
    os.close(write_end)
    report = os.fdopen(read_end, "rb")
    assert report.readline().strip() == b"go"
    return Running(pid, report, out, err)


def run(argv: Sequence[str], env: Mapping[str, str], *, kill_at: int | None = None,
        kill_after: float | None = None, workdir: Path, at_step: Callable[[], None] | None = None,
        statements: bool = False, kill_in: str | None = None) -> Outcome:
    """Run `bjstc ARGV` in a forked child with `env` as its whole environment; kill it at
    its `kill_at`th step (or run `at_step` there), or `kill_after` seconds after it begins."""
    running = start(argv, env, kill_at=kill_at, workdir=workdir, at_step=at_step, statements=statements,
                    kill_in=kill_in)
    if kill_after is not None:
        time.sleep(kill_after)
        running.kill()
    return running.wait()


@contextlib.contextmanager
def no_threads_left() -> Iterator[None]:
    """Fail loudly if a check leaves a thread behind (the next fork would copy it)."""
    yield
    assert threading.active_count() == 1, [t.name for t in threading.enumerate()]
