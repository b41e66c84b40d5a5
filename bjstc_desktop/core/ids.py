"""Identifiers: UUIDv7 (time-ordered, so keyset paging and B-trees stay local)."""

from __future__ import annotations

import os
import time
import uuid


def uuid7() -> str:
    """A new RFC 9562 UUIDv7 as a string: 48-bit Unix ms time, then random bits."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b
    return str(uuid.UUID(int=value))
