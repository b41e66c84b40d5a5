"""Failed unlock attempts, recorded outside the store (which a wrong passphrase cannot
open) and moved into the audit trail at the next successful unlock. Holds user names
and times only: never a passphrase."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bjstc_desktop.core.lockout import failure_delay_seconds
from bjstc_desktop.store.atomicfile import write_atomic

FILE_NAME = "auth-failures.json"


def _load(data_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((data_dir / FILE_NAME).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def failures(data_dir: Path, user: str) -> list[str]:
    """Times (UTC ISO) of the user's failed attempts since the last success."""
    entry = _load(data_dir).get(user, [])
    return [str(t) for t in entry] if isinstance(entry, list) else []


def record_failure(data_dir: Path, user: str) -> int:
    """Note one more failure; returns the consecutive count."""
    data = _load(data_dir)
    times = [str(t) for t in data.get(user, [])][-99:]
    times.append(dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"))
    data[user[:64]] = times
    try:
        write_atomic(data_dir / FILE_NAME, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError:
        pass  # a read-only medium must not turn a wrong passphrase into a crash
    return len(times)


def take_failures(data_dir: Path, user: str) -> list[str]:
    """Return and clear the user's failures (after a successful unlock)."""
    data = _load(data_dir)
    times = data.pop(user, [])
    if times:
        try:
            write_atomic(data_dir / FILE_NAME, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass
    return [str(t) for t in times] if isinstance(times, list) else []


def pending_delay(data_dir: Path, user: str, policy: Callable[[int], int] = failure_delay_seconds,
                  now: dt.datetime | None = None) -> int:
    """Whole seconds `user` must still wait before the next attempt: the policy's delay
    for one more failure, counted from the last recorded one (0 when none is due)."""
    times = failures(data_dir, user)
    if not times:
        return 0
    delay = policy(len(times) + 1)
    try:
        last = dt.datetime.fromisoformat(times[-1])
    except ValueError:
        return delay
    if last.tzinfo is None:
        last = last.replace(tzinfo=dt.UTC)
    elapsed = ((now or dt.datetime.now(dt.UTC)) - last).total_seconds()
    return max(0, math.ceil(delay - max(elapsed, 0.0)))
