"""Failed unlock attempts, recorded outside the store (which a wrong passphrase cannot
open) and moved into the audit trail at the next successful unlock. Holds user names
and times only: never a passphrase."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

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
    times.append(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
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
