"""A running hash fed on a thread of its own (issue 15).

hashlib releases the GIL while it hashes a block of more than 2 KiB, so a package's
running hash (the signed prehash, SHA-256 or SM3) can be computed beside the
decryption or encryption instead of after it: the caller hands a block over and goes
on; `digest` waits for every block. Blocks are immutable bytes, hashed in the order
given; at most `depth` wait, so memory stays bounded."""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class HashBehind:
    """`hasher` (a hashlib object) updated on a worker thread; use as a context manager
    so the thread ends however the caller leaves."""

    def __init__(self, hasher: Any, depth: int = 4) -> None:
        self._hasher = hasher
        self._depth = depth
        self._pool: ThreadPoolExecutor | None = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prehash")
        self._pending: deque[Future[None]] = deque()

    def update(self, block: bytes) -> None:
        """Hash `block` after the blocks before it (returns before it is hashed)."""
        assert self._pool is not None, "closed"
        while len(self._pending) >= self._depth:
            self._pending.popleft().result()
        self._pending.append(self._pool.submit(self._hasher.update, block))

    def result(self) -> Any:
        """The hash object once every block given is in it (the thread ends)."""
        self.close()
        return self._hasher

    def close(self) -> None:
        """Wait for the blocks given and end the thread."""
        try:
            while self._pending:
                self._pending.popleft().result()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None

    def __enter__(self) -> HashBehind:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
