"""Failed unlock attempts, recorded outside the store (which a wrong passphrase cannot
open) and moved into the audit trail at the next successful unlock. Holds times only,
under a keyed hash of the typed user name: a passphrase typed into the name box by
mistake is never written in plain, nor is any name. The hash (Argon2id, salted with a
random value of this workstation kept in workstation.json) works before unlock, so the
growing delay still applies to the name typed."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bjstc_desktop.core.lockout import failure_delay_seconds
from bjstc_desktop.store import kdf
from bjstc_desktop.store.atomicfile import write_atomic

FILE_NAME = "auth-failures.json"
FORMAT = 2
# Where no workstation (or no salt) is found: names are still never written in plain.
_FALLBACK_SALT = b"bjstc-authlog/2\0"


def new_settings() -> dict[str, Any]:
    """What init stores in workstation.json under "authlog": salt and hash cost."""
    import os

    params = kdf.name_hash_params()
    return {"salt": os.urandom(16).hex(), "memory_kib": params.memory_kib}


def _settings(data_dir: Path) -> tuple[bytes, kdf.KdfParams]:
    try:
        doc = json.loads((data_dir / "workstation.json").read_text(encoding="utf-8"))["authlog"]
        params = kdf.KdfParams(memory_kib=int(doc["memory_kib"]), iterations=1, lanes=1)
        kdf.check_params(params)
        return bytes.fromhex(doc["salt"]), params
    except (OSError, ValueError, KeyError, TypeError):
        return _FALLBACK_SALT, kdf.KdfParams(memory_kib=8, iterations=1, lanes=1)


def name_key(data_dir: Path, user: str) -> str:
    """The record's key for a typed user name (NFC, surrounding spaces ignored)."""
    salt, params = _settings(data_dir)
    return _hashed(unicodedata.normalize("NFC", user.strip())[:256], salt, params.memory_kib)


@functools.lru_cache(maxsize=64)
def _hashed(typed: str, salt: bytes, memory_kib: int) -> str:
    # One unlock asks for the same name four times (delay, record, move, clear).
    return kdf.derive_key(typed.encode("utf-8"), salt, kdf.KdfParams(memory_kib=memory_kib, iterations=1,
                                                                      lanes=1)).hex()


def _load(data_dir: Path) -> dict[str, Any]:
    try:
        data = json.loads((data_dir / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("failures"), dict):
        return {}  # an older file (plain names) or damage: start afresh, never echo it
    return data["failures"]


def _save(data_dir: Path, failures_by_key: dict[str, Any]) -> None:
    try:
        write_atomic(data_dir / FILE_NAME, json.dumps({"format": FORMAT, "failures": failures_by_key}).encode("utf-8"))
    except OSError:
        pass  # a read-only medium must not turn a wrong passphrase into a crash


def _times(entry: Any) -> list[str]:
    return [str(t) for t in entry] if isinstance(entry, list) else []


def failures(data_dir: Path, user: str) -> list[str]:
    """Times (UTC ISO) of the failed attempts under this typed name since the last success."""
    return _times(_load(data_dir).get(name_key(data_dir, user)))


def record_failure(data_dir: Path, user: str) -> int:
    """Note one more failure; returns the consecutive count."""
    data = _load(data_dir)
    key = name_key(data_dir, user)
    times = _times(data.get(key))[-99:]
    times.append(dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"))
    data[key] = times
    if len(data) > 1000:  # typed names that never unlock: keep the file small
        for old in sorted(data, key=lambda k: _times(data[k])[-1:] or [""])[: len(data) - 1000]:
            data.pop(old)
    _save(data_dir, data)
    return len(times)


def take_failures(data_dir: Path, user: str) -> list[str]:
    """Return and clear the failures under this name (after a successful unlock)."""
    data = _load(data_dir)
    times = data.pop(name_key(data_dir, user), None)
    if times:
        _save(data_dir, data)
    return _times(times)


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
