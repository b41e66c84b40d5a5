"""Suite 2, "gm-1": the package container of docs/sync-format.md with the Chinese
commercial algorithms in every place suite 1 has an international one (layout and test
vectors: docs/sync-format.md §3).

| suite 1 (intl-1) | gm-1 |
|---|---|
| X25519 + HKDF-SHA256 + ChaCha20-Poly1305 key wrap | SM2 public-key encryption of the file key (GB/T 32918.4, C1‖C3‖C2) |
| HMAC-SHA256 header MAC, HKDF-SHA256 keys | HMAC-SM3, HKDF-SM3 |
| ChaCha20-Poly1305 STREAM chunks | SM4-GCM, the same 12-byte STREAM nonces |
| Ed25519 over a SHA-256 prehash | SM2 (signer id 1234567812345678) over an SM3 prehash |

Same interface as `suite.Intl1`, so seal/unseal take it from the suite table; the one
difference they must honour is `ephemeral_len` (65, the SM2 point C1, where intl-1 has a
32-byte X25519 key)."""

from __future__ import annotations

import secrets

from bjstc_desktop.store import gm
from bjstc_desktop.sync.suite import Aead, WrapFailed

WRAP_K_INFO = b"bjstc-sync/1 gm-1 sm2 k"
SIGN_K_INFO = b"bjstc-sync/1 gm-1 sm2 sign k"
HEADER_INFO = b"bjstc-sync/1 gm-1 header"
PAYLOAD_INFO = b"bjstc-sync/1 gm-1 payload"
SIGNATURE_DOMAIN = b"bjstc-sync/1 gm-1 signature\x00"
KEY_ID_DOMAIN = b"bjstc-sync/1 gm-1 key id\x00"
FILE_KEY_LEN = 32


def gm_key_id(sign_public: bytes, kex_public: bytes) -> bytes:
    """The 8-byte id of a node's GM key set: SM3(domain ‖ SM2 signing public ‖ SM2
    encryption public)[:8]. GM nodes keep two SM2 key pairs, one to sign and one to
    decrypt, as the signing/encryption dual certificates of Chinese PKI do."""
    return gm.sm3(KEY_ID_DOMAIN + sign_public + kex_public)[:8]


def scalar_from_nonce(nonce: bytes, info: bytes) -> int:
    """k in [1, n-1] from 32 random bytes: HKDF-SM3 stretched to 40 bytes, reduced mod
    n-1, plus 1 (64 extra bits make the bias negligible, as FIPS 186-5 does for ECDSA's k)."""
    if len(nonce) != 32:
        raise ValueError("the nonce is 32 bytes")
    return int.from_bytes(gm.hkdf_sm3(nonce, b"", info, 40), "big") % (gm.N - 1) + 1


class Gm1:
    """Suite 2, gm-1."""

    suite_id = 2
    name = "gm-1"
    file_key_len = FILE_KEY_LEN
    ephemeral_len = gm.PUBLIC_LEN  # C1
    wrapped_len = gm.C3_LEN + FILE_KEY_LEN  # C3 ‖ C2
    recipient_len = 8 + ephemeral_len + wrapped_len  # key id | C1 | C3 | C2 = 137
    hash_name = "sm3"

    @staticmethod
    def key_id(sign_public: bytes, kex_public: bytes) -> bytes:
        """The 8-byte key id of a node's gm-1 key set."""
        return gm_key_id(sign_public, kex_public)

    @staticmethod
    def wrap(file_key: bytes, recipient_kex_public: bytes, ephemeral: bytes) -> tuple[bytes, bytes]:
        """(C1, C3 ‖ C2): the file key SM2-encrypted to the recipient's encryption key.
        `ephemeral` is 32 fresh random bytes (fixed in the test vectors) from which the
        encryption's k is derived."""
        if len(file_key) != FILE_KEY_LEN:
            raise ValueError("the file key is 32 bytes")
        c = gm.encrypt(recipient_kex_public, file_key, k=scalar_from_nonce(ephemeral, WRAP_K_INFO))
        return c[: gm.PUBLIC_LEN], c[gm.PUBLIC_LEN :]

    @staticmethod
    def unwrap(kex_private: bytes, epk: bytes, wrapped: bytes) -> bytes:
        """The file key, or WrapFailed (wrong key, altered entry, C1 not on the curve)."""
        if len(epk) != gm.PUBLIC_LEN or len(wrapped) != Gm1.wrapped_len:
            raise WrapFailed("wrong lengths")  # checked before any curve arithmetic
        try:
            return gm.decrypt(kex_private, epk + wrapped)
        except gm.Sm2Error as exc:
            raise WrapFailed(str(exc)) from None

    @staticmethod
    def header_mac(file_key: bytes, data: bytes) -> bytes:
        """HMAC-SM3 under HKDF-SM3(file key, "", "bjstc-sync/1 gm-1 header")."""
        return gm.hmac_sm3(gm.hkdf_sm3(file_key, b"", HEADER_INFO, 32), data)

    @staticmethod
    def payload_aead(file_key: bytes, salt: bytes) -> Aead:
        """SM4-GCM under HKDF-SM3(file key, payload salt, "bjstc-sync/1 gm-1 payload", 16)."""
        return gm.Sm4Gcm(gm.hkdf_sm3(file_key, salt, PAYLOAD_INFO, gm.SM4_KEY_LEN))

    @staticmethod
    def prehash() -> gm.Sm3:
        """The running hash the signature covers."""
        return gm.Sm3()

    @staticmethod
    def sign(sign_private: bytes, digest: bytes, nonce: bytes | None = None) -> bytes:
        """SM2 (signer id 1234567812345678) over domain ‖ SM3(everything before the
        signature): r ‖ s, 64 bytes. `nonce` (32 bytes, from which k is derived) is
        fresh from `secrets` unless a test vector fixes it."""
        k = scalar_from_nonce(nonce if nonce is not None else secrets.token_bytes(32), SIGN_K_INFO)
        return gm.sign(sign_private, SIGNATURE_DOMAIN + digest, k=k)

    @staticmethod
    def verify(sign_public: bytes, signature: bytes, digest: bytes) -> bool:
        """True when the signature is good."""
        return gm.verify(sign_public, SIGNATURE_DOMAIN + digest, signature)
