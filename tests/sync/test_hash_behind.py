"""The running hash fed on a thread (sync/hash_behind.py): the same digest as the plain
hash over the same blocks in the same order, and no thread left behind however the
caller leaves."""

from __future__ import annotations

import hashlib
import os
import threading

import pytest

from bjstc_desktop.store import gm
from bjstc_desktop.sync.hash_behind import HashBehind


@pytest.mark.parametrize("new_hash", [hashlib.sha256, gm.Sm3])
def test_the_digest_is_the_plain_hash_of_the_blocks_in_order(new_hash) -> None:  # type: ignore[no-untyped-def]
    blocks = [os.urandom(n) for n in (0, 1, 70_000, 1 << 20, 5, 3 << 20)] * 3
    with HashBehind(new_hash(), depth=2) as behind:
        for b in blocks:
            behind.update(b)
    plain = new_hash()
    for b in blocks:
        plain.update(b)
    assert behind.result().digest() == plain.digest()


def test_a_caller_that_fails_leaves_no_thread() -> None:
    before = {t.ident for t in threading.enumerate()}
    with pytest.raises(RuntimeError), HashBehind(hashlib.sha256()) as behind:
        behind.update(b"x" * 100_000)
        raise RuntimeError("refused")
    assert {t.ident for t in threading.enumerate() if t.name.startswith("prehash")} - before == set()
