"""The plaintext of a sealed row (store/sealing.py): its content attributes as JSON, with
bytes, dates and times tagged. Apart from SQLAlchemy: the first screen opens sealed
titles over its DB-API connection (store/firstscreen/reads.py)."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any


def _enc(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dt.datetime):
        return {"$t": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    return value


def _dec(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        tag, text = next(iter(value.items()))
        if tag == "$b":
            return base64.b64decode(text)
        if tag == "$t":
            return dt.datetime.fromisoformat(text)
        if tag == "$d":
            return dt.date.fromisoformat(text)
    return value


def pack(values: dict[str, Any]) -> bytes:
    """The plaintext of a sealed row: its content attributes as JSON."""
    return json.dumps({k: _enc(v) for k, v in values.items()}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def unpack(data: bytes) -> dict[str, Any]:
    """The content attributes of an opened row."""
    return {k: _dec(v) for k, v in json.loads(data.decode("utf-8")).items()}
