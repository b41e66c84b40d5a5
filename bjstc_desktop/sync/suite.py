"""Crypto suites. A suite fixes the key wrap, the header MAC, the payload AEAD and the
signature; the container layout is the same for every suite (docs/sync-format.md).

Suite 1, "intl-1": X25519 + HKDF-SHA256 key wrap (as age does), HMAC-SHA256 header MAC,
ChaCha20-Poly1305 STREAM chunks, Ed25519 over a SHA-256 prehash. Suite 2, "gm-1", is in
gm_suite.py; the table of both is suites.py."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from typing import Protocol

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_RAW = serialization.Encoding.Raw
WRAP_INFO = b"bjstc-sync/1 x25519 wrap"
HEADER_INFO = b"bjstc-sync/1 header"
PAYLOAD_INFO = b"bjstc-sync/1 payload"
SIGNATURE_DOMAIN = b"bjstc-sync/1 signature\x00"
KEY_ID_DOMAIN = b"bjstc-sync/1 key id\x00"


class WrapFailed(Exception):
    """The recipient entry does not open with this key."""


class Aead(Protocol):
    """One payload key: encrypt/decrypt a chunk under a 12-byte nonce."""

    def encrypt(self, nonce: bytes, data: bytes | memoryview, associated_data: bytes | None) -> bytes: ...
    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes: ...


def hkdf_sha256(ikm: bytes, salt: bytes, info: bytes, length: int = 32) -> bytes:
    """HKDF-SHA256 (RFC 5869); an empty salt means a zero-filled one, as the RFC says."""
    return HKDF(hashes.SHA256(), length, salt=salt or None, info=info).derive(ikm)


def key_id(sign_public: bytes, kex_public: bytes) -> bytes:
    """The 8-byte id of a node's key set: SHA-256(domain ‖ Ed25519 pub ‖ X25519 pub)[:8]."""
    return hashlib.sha256(KEY_ID_DOMAIN + sign_public + kex_public).digest()[:8]


def stream_nonce(index: int, last: bool) -> bytes:
    """STREAM nonce: 11-byte big-endian chunk counter, then 0x01 on the last chunk else 0x00."""
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class Intl1:
    """Suite 1, intl-1."""

    suite_id = 1
    name = "intl-1"
    file_key_len = 32
    ephemeral_len = 32  # the X25519 ephemeral public key
    wrapped_len = 48  # the file key and its Poly1305 tag
    recipient_len = 8 + ephemeral_len + wrapped_len  # key id | ephemeral public | wrapped file key
    hash_name = "sha256"  # the running hash: the signed prehash, and the file's identity in journals

    @staticmethod
    def key_id(sign_public: bytes, kex_public: bytes) -> bytes:
        """The 8-byte key id of a node's intl-1 key set."""
        return key_id(sign_public, kex_public)

    @staticmethod
    def wrap(file_key: bytes, recipient_kex_public: bytes, ephemeral: bytes) -> tuple[bytes, bytes]:
        """(ephemeral public, wrapped file key) for one recipient; `ephemeral` is a fresh
        32-byte X25519 private key (random in use, fixed in the test vectors)."""
        eph = X25519PrivateKey.from_private_bytes(ephemeral)
        epk = eph.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
        shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_kex_public))
        wrap_key = hkdf_sha256(shared, epk + recipient_kex_public, WRAP_INFO)
        return epk, ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)

    @staticmethod
    def unwrap(kex_private: bytes, epk: bytes, wrapped: bytes) -> bytes:
        """The file key, or WrapFailed (wrong key, altered entry, low-order point)."""
        if len(epk) != 32 or len(wrapped) != 48:
            raise WrapFailed("wrong lengths")
        me = X25519PrivateKey.from_private_bytes(kex_private)
        mine = me.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)
        try:
            shared = me.exchange(X25519PublicKey.from_public_bytes(epk))  # all-zero result raises
            wrap_key = hkdf_sha256(shared, epk + mine, WRAP_INFO)
            return ChaCha20Poly1305(wrap_key).decrypt(bytes(12), wrapped, None)
        except (ValueError, InvalidTag) as exc:
            raise WrapFailed(str(exc)) from None

    @staticmethod
    def header_mac(file_key: bytes, data: bytes) -> bytes:
        """HMAC-SHA256 under HKDF(file key, "", "bjstc-sync/1 header")."""
        return hmac.new(hkdf_sha256(file_key, b"", HEADER_INFO), data, hashlib.sha256).digest()

    @staticmethod
    def payload_aead(file_key: bytes, salt: bytes) -> Aead:
        """ChaCha20-Poly1305 under HKDF(file key, payload salt, "bjstc-sync/1 payload")."""
        return ChaCha20Poly1305(hkdf_sha256(file_key, salt, PAYLOAD_INFO))

    @staticmethod
    def prehash() -> hashlib._Hash:
        """The running hash the signature covers."""
        return hashlib.sha256()

    @staticmethod
    def sign(sign_private: bytes, digest: bytes) -> bytes:
        """Ed25519 over domain ‖ SHA-256(everything before the signature)."""
        return Ed25519PrivateKey.from_private_bytes(sign_private).sign(SIGNATURE_DOMAIN + digest)

    @staticmethod
    def verify(sign_public: bytes, signature: bytes, digest: bytes) -> bool:
        """True when the signature is good."""
        try:
            Ed25519PublicKey.from_public_bytes(sign_public).verify(signature, SIGNATURE_DOMAIN + digest)
            return True
        except (InvalidSignature, ValueError):
            return False


RandomSource = Callable[[int], bytes]
