"""The known-answer vectors of docs/sync-format.md §13: the gm-1 suite with
fixed keys, nonces and payload, and a whole package written by the unchanged `seal()`.
test_gm_suite.py checks the document against these."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

from bjstc_desktop.store import gm
from bjstc_desktop.sync import limits
from bjstc_desktop.sync.gm_suite import SIGN_K_INFO, WRAP_K_INFO, Gm1, gm_key_id, scalar_from_nonce
from bjstc_desktop.sync.seal import RecipientKey, seal
from bjstc_desktop.sync.suites import SUITES

SENDER_SIGN = bytes(range(0, 32))
SENDER_KEX = bytes(range(32, 64))
RECIPIENT_KEX = bytes(range(64, 96))
RECIPIENT_SIGN = bytes(range(96, 128))
FILE_KEY = b"\x11" * 32
SALT = b"\x22" * 16
EPHEMERAL = b"\x33" * 32
PACKAGE_ID = b"\x44" * 16
SIGN_NONCE = b"\x55" * 32
CREATED_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z
PAYLOAD = bytes(i % 251 for i in range(70_000))  # two chunks: 65,536 + 4,464


class _FixedNonceGm1(Gm1):
    """gm-1 whose signature nonce is the vector's (seal() passes none)."""

    @staticmethod
    def sign(sign_private: bytes, digest: bytes, nonce: bytes | None = None) -> bytes:
        return Gm1.sign(sign_private, digest, SIGN_NONCE)


@contextmanager
def gm_registered(suite: type[Gm1] = Gm1) -> Iterator[None]:
    """`suite` (a gm-1 with the vector's fixed signature nonce) in the suite table for
    the duration (seal() looks suites up there), then the real gm-1 again."""
    SUITES[2] = suite
    try:
        yield
    finally:
        SUITES[2] = Gm1


def _rng(sequence: list[bytes]) -> Callable[[int], bytes]:
    it = iter(sequence)

    def take(n: int) -> bytes:
        value = next(it)
        assert len(value) == n
        return value

    return take


def keys() -> dict[str, bytes]:
    """The four public keys."""
    return {"sender_sign": gm.public_of(SENDER_SIGN), "sender_kex": gm.public_of(SENDER_KEX),
            "recipient_sign": gm.public_of(RECIPIENT_SIGN), "recipient_kex": gm.public_of(RECIPIENT_KEX)}


@cache
def package_bytes() -> bytes:
    """The vector package: suite 2, one recipient, written by seal()."""
    k = keys()
    out = io.BytesIO()
    with gm_registered(_FixedNonceGm1):
        seal(out, sign_private=SENDER_SIGN, sender_key_id=gm_key_id(k["sender_sign"], k["sender_kex"]),
             recipients=[RecipientKey(gm_key_id(k["recipient_sign"], k["recipient_kex"]), k["recipient_kex"])],
             payload=[PAYLOAD[:1000], PAYLOAD[1000:]], payload_length=len(PAYLOAD), package_id=PACKAGE_ID,
             created_ms=CREATED_MS, suite_id=2, rng=_rng([FILE_KEY, SALT, EPHEMERAL]))
    return out.getvalue()


@cache
def vectors() -> dict[str, str]:
    """Every documented value, lowercase hex or decimal."""
    k = keys()
    data = package_bytes()
    header_len = limits.header_length(1, Gm1.recipient_len)
    entry = data[24 + limits.HEADER_FIXED_LEN : 24 + header_len]
    mac_at = 24 + header_len
    body = data[mac_at + 32 : -64]
    first = body[: limits.CHUNK_SIZE + 16]
    whole = gm.Sm3(data)
    return {
        "sender_sign_public": k["sender_sign"].hex(),
        "sender_kex_public": k["sender_kex"].hex(),
        "sender_key_id": gm_key_id(k["sender_sign"], k["sender_kex"]).hex(),
        "recipient_kex_public": k["recipient_kex"].hex(),
        "recipient_key_id": gm_key_id(k["recipient_sign"], k["recipient_kex"]).hex(),
        "wrap_k": f"{scalar_from_nonce(EPHEMERAL, WRAP_K_INFO):064x}",
        "wrap_c1": entry[8:73].hex(),
        "wrap_c3": entry[73:105].hex(),
        "wrap_c2": entry[105:137].hex(),
        "header_mac_key": gm.hkdf_sm3(FILE_KEY, b"", b"bjstc-sync/1 gm-1 header", 32).hex(),
        "payload_key": gm.hkdf_sm3(FILE_KEY, SALT, b"bjstc-sync/1 gm-1 payload", 16).hex(),
        "preamble": data[:24].hex(),
        "header_mac": data[mac_at : mac_at + 32].hex(),
        "chunk0_tag": first[-16:].hex(),
        "chunk1_tag": body[-16:].hex(),
        "signed_sm3": gm.sm3(data[:-64]).hex(),
        "sign_k": f"{scalar_from_nonce(SIGN_NONCE, SIGN_K_INFO):064x}",
        "signature": data[-64:].hex(),
        "package_size": str(len(data)),
        "package_sm3": whole.hexdigest(),
    }
