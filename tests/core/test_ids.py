"""New ids: UUIDv7 text exactly as the uuid module writes it, with its version, variant
and time order."""

from __future__ import annotations

import random
import time
import uuid

from bjstc_desktop.core.ids import uuid7, uuid_text


def test_the_text_is_the_uuid_modules_for_every_kind_of_value() -> None:
    rng = random.Random(7)
    edges = [0, 1, (1 << 128) - 1, 1 << 127, (1 << 64) - 1, 0xF << 124]
    for value in edges + [rng.getrandbits(128) for _ in range(20_000)] + [rng.getrandbits(n) for n in range(1, 129)]:
        assert uuid_text(value) == str(uuid.UUID(int=value))


def test_a_new_id_is_version_7_rfc_variant_and_time_ordered() -> None:
    before = time.time_ns() // 1_000_000
    ids = [uuid7() for _ in range(2_000)]
    after = time.time_ns() // 1_000_000
    for text in ids:
        u = uuid.UUID(text)
        assert str(u) == text and u.version == 7 and u.variant == uuid.RFC_4122
        assert before <= u.int >> 80 <= after
    assert len(set(ids)) == len(ids)
    assert [i[:13] for i in ids] == sorted(i[:13] for i in ids)  # the millisecond prefix never goes back
