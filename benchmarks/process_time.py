"""Wall time of a command run as a fresh process, as an officer starts it (shared by the
start-up benchmarks: bench_unlock and bench_cli)."""

from __future__ import annotations

import resource
import subprocess
import time


def time_command(cmd: list[str], env: dict[str, str], timeout: float = 600) -> float:
    """Seconds from spawning `cmd` to its exit; a failing command is an error, never a time."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:4]} failed: {proc.stderr[-2000:]}")
    return elapsed


def time_command_cpu(cmd: list[str], env: dict[str, str], timeout: float = 600) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of `cmd` as a fresh process: CPU is user + system of the
    child, every thread counted (a busy machine stretches the wall time far more than it)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time_command(cmd, env, timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
