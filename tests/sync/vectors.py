"""The known-answer vectors of docs/sync-format.md §Test vectors, computed from fixed
keys, nonces and payloads. test_vectors.py checks the document against these."""

from __future__ import annotations

import hashlib
import io

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from bjstc_desktop.core.classification import Level
from bjstc_desktop.sync import canonical, frames, limits
from bjstc_desktop.sync.authorship import RevisionSigner
from bjstc_desktop.sync.card import Card, make_card
from bjstc_desktop.sync.dag import compute_rev_id
from bjstc_desktop.sync.seal import RecipientKey, seal
from bjstc_desktop.sync.suite import PAYLOAD_INFO, WRAP_INFO, Intl1, hkdf_sha256, key_id

RAW = serialization.Encoding.Raw
PUB = serialization.PublicFormat.Raw
SENDER_SIGN = bytes(range(0, 32))
SENDER_KEX = bytes(range(32, 64))
RECIPIENT_SIGN = bytes(range(96, 128))
RECIPIENT_KEX = bytes(range(64, 96))
FILE_KEY = b"\x11" * 32
SALT = b"\x22" * 16
EPHEMERAL = b"\x33" * 32
PACKAGE_ID = b"\x44" * 16
CREATED_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z
PAYLOAD = bytes(i % 251 for i in range(70_000))  # two chunks: 65,536 + 4,464
RECORD = "01900000-0000-7000-8000-0000000000aa"
NODE = "01900000-0000-7000-8000-000000000001"


def sign_pub(private: bytes) -> bytes:
    """Ed25519 public key."""
    return Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(RAW, PUB)


def kex_pub(private: bytes) -> bytes:
    """X25519 public key."""
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(RAW, PUB)


def _rng() -> object:
    queue = [FILE_KEY, SALT, EPHEMERAL]

    def take(n: int) -> bytes:
        value = queue.pop(0)
        assert len(value) == n
        return value
    return take


def package_bytes() -> bytes:
    """The vector package."""
    out = io.BytesIO()
    seal(out, sign_private=SENDER_SIGN, sender_key_id=key_id(sign_pub(SENDER_SIGN), kex_pub(SENDER_KEX)),
         recipients=[RecipientKey(key_id(sign_pub(RECIPIENT_SIGN), kex_pub(RECIPIENT_KEX)), kex_pub(RECIPIENT_KEX))],
         payload=[PAYLOAD], payload_length=len(PAYLOAD), package_id=PACKAGE_ID, created_ms=CREATED_MS,
         rng=_rng())  # type: ignore[arg-type]
    return out.getvalue()


# The 科研失信 record of the integrity_rev_id vector (docs/sync-format.md §7.4, §12).
INTEGRITY_BODY = {"v": 1, "subject_kind": "org", "number": "91110000600037341L", "decision_no": "京科发〔2025〕1号",
                  "measure": "取消申报资格", "name": "北京测试科技有限公司", "source": "北京市科学技术委员会",
                  "modules": [], "start_on": "2025-01-01", "end_on": None, "status": "有效", "classification": 0,
                  "note": "", "revoke_reason": None}


def vectors() -> dict[str, str]:
    """Every vector by name, as lowercase hex or decimal text."""
    data = package_bytes()
    header_len = limits.header_length(1, Intl1.recipient_len)
    mac_at = limits.PREAMBLE_LEN + header_len
    chunks_at = mac_at + limits.HEADER_MAC_LEN
    epk = kex_pub(EPHEMERAL)
    shared = X25519PrivateKey.from_private_bytes(EPHEMERAL).exchange(
        X25519PrivateKey.from_private_bytes(RECIPIENT_KEX).public_key())
    card = make_card(Card(NODE, "测试一号机", "技术市场处", Level.SECRET, sign_pub(SENDER_SIGN), kex_pub(SENDER_KEX)),
                     SENDER_SIGN)
    rev = compute_rev_id("case", RECORD, [], 1, {"title": "样例"}, NODE, "zhang", "1767225600000-00000", False)
    finding = compute_rev_id("integrity", RECORD, [], 1, INTEGRITY_BODY, NODE, "zhang", "1767225600000-00000", False)
    return {
        "sender_ed25519_public": sign_pub(SENDER_SIGN).hex(),
        "sender_x25519_public": kex_pub(SENDER_KEX).hex(),
        "sender_key_id": key_id(sign_pub(SENDER_SIGN), kex_pub(SENDER_KEX)).hex(),
        "recipient_x25519_public": kex_pub(RECIPIENT_KEX).hex(),
        "recipient_key_id": key_id(sign_pub(RECIPIENT_SIGN), kex_pub(RECIPIENT_KEX)).hex(),
        "ephemeral_public": epk.hex(),
        "shared_secret": shared.hex(),
        "wrap_key": hkdf_sha256(shared, epk + kex_pub(RECIPIENT_KEX), WRAP_INFO).hex(),
        "payload_key": hkdf_sha256(FILE_KEY, SALT, PAYLOAD_INFO).hex(),
        "preamble": data[: limits.PREAMBLE_LEN].hex(),
        "wrapped_file_key": data[limits.PREAMBLE_LEN + header_len - 48 : limits.PREAMBLE_LEN + header_len].hex(),
        "header_mac": data[mac_at:chunks_at].hex(),
        "chunk0_tag": data[chunks_at + limits.CHUNK_SIZE : chunks_at + limits.CHUNK_SIZE + 16].hex(),
        "chunk1_tag": data[-limits.SIGNATURE_LEN - 16 : -limits.SIGNATURE_LEN].hex(),
        "signature": data[-limits.SIGNATURE_LEN :].hex(),
        "package_size": str(len(data)),
        "package_sha256": hashlib.sha256(data).hexdigest(),
        "manifest_frame": frames.json_frame(frames.MANIFEST, {"format": 2}).hex(),
        "rev_id": rev,
        "rev_signed_digest": hashlib.sha256(canonical.dumps({"rev": rev, "ancestry": []})).hexdigest(),
        "rev_signature": RevisionSigner(SENDER_SIGN).sign(rev, []),
        "blob_start_frame": frames.blob_start(hashlib.sha256(b"abc").hexdigest(), 3, [RECORD]).hex(),
        "card_sha256": hashlib.sha256(card).hexdigest(),
        "integrity_rev_id": finding,
    }


if __name__ == "__main__":
    for name, value in vectors().items():
        print(f"| `{name}` | `{value}` |")
