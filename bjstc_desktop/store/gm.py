"""The Chinese commercial primitives (商用密码) the gm-1 sync suite is built from.

- SM3 (GB/T 32905-2016): hash, HMAC-SM3 and HKDF-SM3 (RFC 5869 over SM3, as RFC 8998
  uses it in TLS 1.3), from `cryptography` (OpenSSL).
- SM4 (GB/T 32907-2016) in GCM mode with a 12-byte nonce and a 16-byte tag, from
  `cryptography`. Its `Cipher` API hands out plaintext before the tag is checked, so
  `Sm4Gcm.decrypt` returns nothing until `finalize()` has accepted the tag.
- SM2 (GB/T 32918.1-5): signatures with the signer id of GM/T 0009 (default
  "1234567812345678"), whose Z value (GB/T 32918.2) the library computes, and
  public-key encryption (GB/T 32918.4) with the C1‖C3‖C2 order, from `gmalg` (pure
  Python; why this one: docs/security.md §GM). Points are uncompressed (0x04‖x‖y, 65
  bytes), signatures raw r‖s (64 bytes): fixed lengths, as the package layout wants.

`gmalg` works on Python integers and is not constant-time; docs/security.md §GM says
why that is acceptable on an offline workstation and what replaces it later."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import gmalg
from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SM2_DEFAULT_ID = b"1234567812345678"  # GM/T 0009-2012: the signer id when none is agreed
PUBLIC_LEN = 65  # 0x04 ‖ x ‖ y
PRIVATE_LEN = 32
SIGNATURE_LEN = 64  # r ‖ s
C3_LEN = 32
SM4_KEY_LEN = 16
GCM_NONCE_LEN = 12
GCM_TAG_LEN = 16

# The curve of GB/T 32918.5-2017 (sm2p256v1).
P = 0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFF
A = 0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_FFFFFFFF_00000000_FFFFFFFF_FFFFFFFC
B = 0x28E9FA9E_9D9F5E34_4D5A9E4B_CF6509A7_F39789F5_15AB8F92_DDBCBD41_4D940E93
N = 0xFFFFFFFE_FFFFFFFF_FFFFFFFF_FFFFFFFF_7203DF6B_21C6052B_53BBF409_39D54123


class Sm2Error(Exception):
    """An SM2 key, signature or ciphertext that is malformed or does not open."""


def gm_supported() -> bool:
    """Whether this build of `cryptography` has SM3 and SM4-GCM (a distribution's
    OpenSSL may leave them out; the pinned wheels have them)."""
    from cryptography.hazmat.backends.openssl import backend

    try:
        return bool(backend.hash_supported(hashes.SM3())
                    and backend.cipher_supported(algorithms.SM4(bytes(16)), modes.GCM(bytes(12))))
    except UnsupportedAlgorithm:
        return False


# --- SM3 -------------------------------------------------------------------------------

class Sm3:
    """A running SM3 hash with the hashlib interface the container code uses
    (update, copy, digest, hexdigest)."""

    name = "sm3"
    digest_size = 32
    block_size = 64

    def __init__(self, data: bytes = b"", _ctx: hashes.Hash | None = None) -> None:
        self._ctx = _ctx if _ctx is not None else hashes.Hash(hashes.SM3())
        if data:
            self._ctx.update(data)

    def update(self, data: bytes) -> None:
        """Add bytes."""
        self._ctx.update(data)

    def copy(self) -> Sm3:
        """An independent copy of the state so far."""
        return Sm3(_ctx=self._ctx.copy())

    def digest(self) -> bytes:
        """The hash of everything so far; the running state is kept (as hashlib does)."""
        return self._ctx.copy().finalize()

    def hexdigest(self) -> str:
        """The digest in lowercase hex."""
        return self.digest().hex()


def sm3(data: bytes) -> bytes:
    """SM3 of `data` (32 bytes)."""
    return Sm3(data).digest()


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    """HMAC-SM3 (RFC 2104 over SM3)."""
    mac = crypto_hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def hkdf_sm3(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    """HKDF (RFC 5869) over HMAC-SM3; an empty salt means a zero-filled one."""
    return HKDF(hashes.SM3(), length, salt=salt or None, info=info).derive(ikm)


# --- SM4-GCM ---------------------------------------------------------------------------

class Sm4Gcm:
    """SM4 in GCM mode under one 16-byte key, with the call shape of
    `cryptography`'s AEAD classes: ciphertext ‖ 16-byte tag; a bad tag raises InvalidTag."""

    def __init__(self, key: bytes) -> None:
        if len(key) != SM4_KEY_LEN:
            raise ValueError("an SM4 key is 16 bytes")
        self._key = key

    def _nonce(self, nonce: bytes) -> bytes:
        if len(nonce) != GCM_NONCE_LEN:  # other lengths go through GHASH: not our construction
            raise ValueError("the SM4-GCM nonce is 12 bytes")
        return nonce

    def encrypt(self, nonce: bytes, data: bytes | memoryview, associated_data: bytes | None) -> bytes:
        """Ciphertext ‖ tag."""
        enc = Cipher(algorithms.SM4(self._key), modes.GCM(self._nonce(nonce))).encryptor()
        if associated_data:
            enc.authenticate_additional_data(associated_data)
        body = enc.update(data) + enc.finalize()
        return body + enc.tag

    def decrypt(self, nonce: bytes, data: bytes | memoryview, associated_data: bytes | None) -> bytes:
        """The plaintext, released only after the tag has been checked (`data` may be a
        view into a larger buffer: a package's chunks are decrypted in place)."""
        if len(data) < GCM_TAG_LEN:
            raise InvalidTag()
        body, tag = data[:-GCM_TAG_LEN], bytes(data[-GCM_TAG_LEN:])  # the tag as bytes: GCM takes no view
        dec = Cipher(algorithms.SM4(self._key), modes.GCM(self._nonce(nonce), tag)).decryptor()
        if associated_data:
            dec.authenticate_additional_data(associated_data)
        plain = dec.update(body)
        dec.finalize()  # raises InvalidTag; until then `plain` is not handed out
        return plain


# --- SM2 -------------------------------------------------------------------------------

def _point(public: bytes) -> tuple[int, int]:
    """x, y of an uncompressed point, refused unless canonical and on the curve (the
    cofactor is 1, so on the curve means in the prime-order group)."""
    if len(public) != PUBLIC_LEN or public[0] != 0x04:
        raise Sm2Error("an SM2 point is 0x04 followed by 64 bytes")
    x, y = int.from_bytes(public[1:33], "big"), int.from_bytes(public[33:], "big")
    if x >= P or y >= P or (y * y - (x * x * x + A * x + B)) % P:
        raise Sm2Error("not a point of the SM2 curve")
    return x, y


def check_public(public: bytes) -> None:
    """Refuse anything but a valid SM2 public key (Sm2Error)."""
    _point(public)


def _scalar(private: bytes) -> int:
    if len(private) != PRIVATE_LEN:
        raise Sm2Error("an SM2 private key is 32 bytes")
    d = int.from_bytes(private, "big")
    if not 1 <= d <= N - 2:  # GB/T 32918.1 key pair generation: d in [1, n-2]
        raise Sm2Error("SM2 private key out of range")
    return d


def _fixed_k(k: int | None) -> Callable[[int], int] | None:
    """gmalg's source of k: secrets when k is None; else k once (the standards' examples
    and our test vectors). A k the algorithm must reject raises instead of looping."""
    if k is None:
        return None
    if not 1 <= k <= N - 1:
        raise ValueError("k must lie in [1, n-1]")
    used: list[bool] = []

    def once(_bits: int) -> int:
        if used:
            raise ValueError("the fixed k was rejected by the algorithm")
        used.append(True)
        return k

    return once


def generate() -> tuple[bytes, bytes]:
    """A fresh SM2 key pair (private 32 bytes, public 65 bytes), from `secrets`."""
    while True:
        d = secrets.randbelow(N - 1)  # [0, n-2]
        if d:
            private = d.to_bytes(PRIVATE_LEN, "big")
            return private, public_of(private)


def public_of(private: bytes) -> bytes:
    """The public key d·G of a private key."""
    _scalar(private)
    return gmalg.SM2().generate_pk(private)


def sign(private: bytes, message: bytes, *, uid: bytes = SM2_DEFAULT_ID, k: int | None = None) -> bytes:
    """SM2 signature r ‖ s over e = SM3(Z ‖ message), Z from `uid` and the signer's public
    key (GB/T 32918.2). `k` is fixed only by the standards' examples and tests."""
    signer = gmalg.SM2(private, uid, public_of(private), rnd_fn=_fixed_k(k))
    r, s = signer.sign(message)
    return r.rjust(32, b"\x00") + s.rjust(32, b"\x00")


def verify(public: bytes, message: bytes, signature: bytes, *, uid: bytes = SM2_DEFAULT_ID) -> bool:
    """True when `signature` (r ‖ s) is the signer's over `message` with `uid`."""
    try:
        _point(public)
    except Sm2Error:
        return False
    if len(signature) != SIGNATURE_LEN:
        return False
    try:
        return bool(gmalg.SM2(uid=uid, pk=public).verify(message, signature[:32], signature[32:]))
    except gmalg.errors.GMError:  # forged bytes get a False, never an exception
        return False


def encrypt(public: bytes, plaintext: bytes, *, k: int | None = None) -> bytes:
    """SM2 public-key encryption (GB/T 32918.4): C1 (65) ‖ C3 (32) ‖ C2 (len(plaintext))."""
    _point(public)
    if not plaintext:
        raise ValueError("nothing to encrypt")
    return gmalg.SM2(pk=public, rnd_fn=_fixed_k(k)).encrypt(plaintext)


def decrypt(private: bytes, ciphertext: bytes) -> bytes:
    """The plaintext of C1 ‖ C3 ‖ C2, or Sm2Error: C1 must be a canonical curve point and
    C3 must match (GB/T 32918.4 decryption), so an altered ciphertext never decrypts."""
    _scalar(private)
    if len(ciphertext) <= PUBLIC_LEN + C3_LEN:
        raise Sm2Error("SM2 ciphertext too short")
    _point(ciphertext[:PUBLIC_LEN])
    try:
        return gmalg.SM2(private).decrypt(ciphertext)
    except gmalg.errors.GMError as exc:  # wrong key or altered C3/C2: the hash check fails
        raise Sm2Error(type(exc).__name__) from None
