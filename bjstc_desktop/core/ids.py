"""Identifiers: UUIDv7 (time-ordered, so keyset paging and B-trees stay local)."""

from __future__ import annotations

import os
import time


def uuid7() -> str:
    """A new RFC 9562 UUIDv7 as a string: 48-bit Unix ms time, then random bits."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b
    return uuid_text(value)


def uuid_text(value: int) -> str:
    """The 128-bit `value` as str(uuid.UUID(int=value)) writes it (8-4-4-4-12 lowercase
    hex), without building the UUID object (half the cost of a new id)."""
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
