"""The growing delay after wrong passphrases (on top of the Argon2 cost)."""

from __future__ import annotations

MAX_DELAY_SECONDS = 30


def failure_delay_seconds(consecutive_failures: int) -> int:
    """No delay after the first mistake, then 1, 2, 4, 8, 16, 30, 30, ... seconds."""
    if consecutive_failures <= 1:
        return 0
    return min(2 ** (consecutive_failures - 2), MAX_DELAY_SECONDS)
