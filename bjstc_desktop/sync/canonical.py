"""Canonical JSON, written one way and read strictly: sorted keys, no spaces, UTF-8, no
floats, no duplicate keys, bounded depth, sizes and integers. A document that does not
re-encode to exactly its own bytes is refused (so a signature or hash over it means one
thing only)."""

from __future__ import annotations

import functools
import json
from typing import Any

from bjstc_desktop.sync import limits


class JsonRejected(ValueError):
    """The bytes are not canonical, bounded JSON of this format."""


# json.dumps with these options builds an encoder per call; one, built once, writes the
# same bytes (the encoder keeps no state between calls) without that cost per value.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def dumps(value: Any) -> bytes:
    """The canonical bytes of `value`."""
    return _ENCODER.encode(value).encode("utf-8")


def _no_float(text: str) -> Any:
    raise JsonRejected("numbers with a fraction or exponent are not allowed")


def _no_constant(text: str) -> Any:
    raise JsonRejected(f"{text} is not allowed")


def _bounded_int(text: str) -> int:
    """An integer of the document, refused out of range as it is parsed (check_bounds
    checks it again when it walks the value; the size shortcut below relies on this).
    More than 17 characters is out of range before any conversion: int() of thousands
    of digits raised a bare ValueError (Python's digit limit), not a refusal."""
    if len(text) > 17:  # 2^53 has 16 digits; a sign makes 17
        raise JsonRejected("integer out of range")
    value = int(text)
    if not -limits.MAX_INT < value < limits.MAX_INT:
        raise JsonRejected("integer out of range")
    return value


def _parsed(data: bytes, max_bytes: int) -> Any:
    """The value of `data`, its size and bounds checked (not yet its canonical form)."""
    if len(data) > max_bytes:
        raise JsonRejected("document too large")
    try:
        text = data.decode("utf-8", errors="strict")
        # No pairs hook (it costs a Python call per object): a duplicate key leaves the
        # object with fewer keys than the bytes hold, so the re-encoding differs and the
        # document is refused all the same (tests/sync/test_frames.py).
        value = json.loads(text, parse_float=_no_float, parse_int=_bounded_int, parse_constant=_no_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise JsonRejected(str(exc)) from None
    if not within_bounds_by_size(data):
        check_bounds(value)
    return value


# Below this many bytes no string can be too long (a string holds at most as many
# characters as its bytes), no object can have too many keys (each distinct key and its
# value take at least 5 bytes with the comma) and no list too many items (2 bytes each).
_SMALL = min(limits.MAX_STRING, 4 * limits.MAX_KEYS, 2 * limits.MAX_LIST)


def within_bounds_by_size(data: bytes) -> bool:
    """True when the bytes of a document `_parsed` has read alone show that
    `check_bounds` passes its value (False: walk it). Below `_SMALL` bytes only depth and
    NUL could fail (integers were bounded as they were parsed): a container opens with
    `{` or `[`, so at most MAX_JSON_DEPTH of those bytes cannot nest deeper than
    allowed, and a NUL in a string can only be written `\\u0000` (JSON refuses a raw
    control character). Brackets or escapes inside strings only make it answer False
    more often (tests/sync/test_frames.py)."""
    return (len(data) <= _SMALL and data.count(b"{") + data.count(b"[") <= limits.MAX_JSON_DEPTH
            and b"\\u0000" not in data)


def loads(data: bytes, max_bytes: int) -> Any:
    """Parse canonical JSON of at most `max_bytes`; JsonRejected otherwise."""
    value = _parsed(data, max_bytes)
    if dumps(value) != data:
        raise JsonRejected("not canonical")
    return value


def loads_part(data: bytes, max_bytes: int, key: str) -> tuple[Any, bytes | None]:
    """`loads`, and the canonical bytes of the value at `key` when the document is an
    object that has it (None otherwise): the part is encoded once, and the re-encoding
    check is made with those bytes, so a caller that needs them again (a revision's id
    over its body, the stored body) does not encode the part a second and third time.
    Refuses exactly what `loads` refuses."""
    value = _parsed(data, max_bytes)
    if type(value) is dict and key in value:
        part = dumps(value[key])
        if dumps_with(value, key, part) != data:
            raise JsonRejected("not canonical")
        return value, part
    if dumps(value) != data:
        raise JsonRejected("not canonical")
    return value, None


@functools.lru_cache(maxsize=16)
def _key_bytes(key: str) -> bytes:
    return dumps(key)


def dumps_with(value: dict[str, Any], key: str, part: bytes) -> bytes:
    """The canonical bytes of the object `value` whose `key` is given already encoded
    as `part` (which must be `dumps(value[key])`): the keys before `key` and after it
    encoded as two objects and joined around the part, byte for byte `dumps(value)`."""
    before = {k: v for k, v in value.items() if k < key}
    after = {k: v for k, v in value.items() if k > key}
    head = dumps(before)[:-1] + (b"," if before else b"") + _key_bytes(key) + b":" + part
    return head + (b"," + dumps(after)[1:] if after else b"}")


def check_bounds(value: Any, depth: int = 0) -> None:
    """Depth, string, key, list and integer limits (docs/sync-format.md §Limits). The
    strings inside a container are checked in its loop (a call per leaf was most of an
    import's JSON cost); the limits and the order of the checks are unchanged."""
    if depth > limits.MAX_JSON_DEPTH:
        raise JsonRejected("nested too deeply")
    kind = type(value)
    inner = depth + 1
    if kind is dict:
        if len(value) > limits.MAX_KEYS:
            raise JsonRejected("too many keys")
        if value and inner > limits.MAX_JSON_DEPTH:
            raise JsonRejected("nested too deeply")
        for key, item in value.items():
            if type(key) is not str or len(key) > limits.MAX_STRING or "\x00" in key:
                check_bounds(key, inner)
            if type(item) is not str or len(item) > limits.MAX_STRING or "\x00" in item:
                check_bounds(item, inner)
    elif kind is list:
        if len(value) > limits.MAX_LIST:
            raise JsonRejected("list too long")
        if value and inner > limits.MAX_JSON_DEPTH:
            raise JsonRejected("nested too deeply")
        for item in value:
            if type(item) is not str or len(item) > limits.MAX_STRING or "\x00" in item:
                check_bounds(item, inner)
    elif kind is str:
        if len(value) > limits.MAX_STRING or "\x00" in value:
            raise JsonRejected("string too long or contains NUL")
    elif kind is int:
        if not -limits.MAX_INT < value < limits.MAX_INT:
            raise JsonRejected("integer out of range")
    elif kind is not bool and value is not None:
        raise JsonRejected(f"unexpected {type(value).__name__}")
