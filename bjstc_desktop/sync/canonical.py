"""Canonical JSON, written one way and read strictly: sorted keys, no spaces, UTF-8, no
floats, no duplicate keys, bounded depth, sizes and integers. A document that does not
re-encode to exactly its own bytes is refused (so a signature or hash over it means one
thing only)."""

from __future__ import annotations

import json
from typing import Any

from bjstc_desktop.sync import limits


class JsonRejected(ValueError):
    """The bytes are not canonical, bounded JSON of this format."""


def dumps(value: Any) -> bytes:
    """The canonical bytes of `value`."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise JsonRejected(f"duplicate key {key!r}")
        out[key] = value
    return out


def _no_float(text: str) -> Any:
    raise JsonRejected("numbers with a fraction or exponent are not allowed")


def _no_constant(text: str) -> Any:
    raise JsonRejected(f"{text} is not allowed")


def loads(data: bytes, max_bytes: int) -> Any:
    """Parse canonical JSON of at most `max_bytes`; JsonRejected otherwise."""
    if len(data) > max_bytes:
        raise JsonRejected("document too large")
    try:
        text = data.decode("utf-8", errors="strict")
        value = json.loads(text, object_pairs_hook=_pairs, parse_float=_no_float, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise JsonRejected(str(exc)) from None
    check_bounds(value)
    if dumps(value) != data:
        raise JsonRejected("not canonical")
    return value


def check_bounds(value: Any, depth: int = 0) -> None:
    """Depth, string, key, list and integer limits (docs/sync-format.md §Limits)."""
    if depth > limits.MAX_JSON_DEPTH:
        raise JsonRejected("nested too deeply")
    if isinstance(value, str):
        if len(value) > limits.MAX_STRING or "\x00" in value:
            raise JsonRejected("string too long or contains NUL")
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if not -limits.MAX_INT < value < limits.MAX_INT:
            raise JsonRejected("integer out of range")
    elif isinstance(value, dict):
        if len(value) > limits.MAX_KEYS:
            raise JsonRejected("too many keys")
        for key, item in value.items():
            check_bounds(key, depth + 1)
            check_bounds(item, depth + 1)
    elif isinstance(value, list):
        if len(value) > limits.MAX_LIST:
            raise JsonRejected("list too long")
        for item in value:
            check_bounds(item, depth + 1)
    else:
        raise JsonRejected(f"unexpected {type(value).__name__}")
