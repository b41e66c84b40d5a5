"""Hybrid logical clock: (wall ms, counter), monotonic across restarts (the last value
is kept in the store), close to the wall clock, and never dragged into the future by a
remote clock that runs ahead (clock poisoning). HLC values order and display revisions;
they never decide which data survives (docs/sync-format.md §Revisions)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from bjstc_desktop.sync import limits

_FORMAT = re.compile(r"^(\d{13})-(\d{5})$")


@dataclass(frozen=True, order=True)
class Hlc:
    """One timestamp."""

    ms: int
    counter: int

    def text(self) -> str:
        """The wire form: 13-digit ms, a hyphen, 5-digit counter (sorts as text)."""
        return f"{self.ms:013d}-{self.counter:05d}"


def parse(text: str) -> Hlc:
    """An HLC from its wire form; ValueError otherwise."""
    m = _FORMAT.match(text) if isinstance(text, str) else None
    if not m:
        raise ValueError(f"not an HLC: {text!r}")
    return Hlc(int(m.group(1)), int(m.group(2)))


def now_ms() -> int:
    """The wall clock in Unix ms."""
    return time.time_ns() // 1_000_000


def tick(last: Hlc, wall_ms: int | None = None) -> Hlc:
    """The next local timestamp after `last`."""
    wall = now_ms() if wall_ms is None else wall_ms
    if wall > last.ms:
        return Hlc(wall, 0)
    if last.counter >= 99_999:
        return Hlc(last.ms + 1, 0)
    return Hlc(last.ms, last.counter + 1)


def observe(last: Hlc, remote: Hlc, wall_ms: int | None = None) -> tuple[Hlc, bool]:
    """Fold a received timestamp into the local clock. Returns (new last, anomaly): a
    remote clock more than 24 h ahead of ours is flagged and not followed."""
    wall = now_ms() if wall_ms is None else wall_ms
    if remote.ms > wall + limits.CLOCK_AHEAD_MS:
        return last, True
    return max(last, remote), False
