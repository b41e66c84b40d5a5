"""The audit chain's hashing (store/audit.py): kept apart from SQLAlchemy and the models
so that the first screen's unlock events and the check at close, written over the DB-API
connection (store/firstscreen/), chain and verify exactly as the store does."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def event_hash(prev_hash: str, seq: int, at: dt.datetime, actor_id: str | None, actor_name: str,
               action: str, target_type: str, target_id: str, details: str) -> str:
    """SHA-256 over the previous hash and the canonical body of the event."""
    body = canonical({
        "seq": seq, "at": at.isoformat(timespec="microseconds"), "actor_id": actor_id,
        "actor_name": actor_name, "action": action, "target_type": target_type,
        "target_id": target_id, "details": details,
    })
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()


def anchor_of(wfile: Any) -> tuple[int, str] | None:
    """The (seq, hash) head recorded in workstation.json (`wfile`) at the last close, if any."""
    anchor = wfile.extra.get("audit_anchor")
    try:
        return (int(anchor["seq"]), str(anchor["hash"])) if anchor else None
    except (KeyError, TypeError, ValueError):
        return None
