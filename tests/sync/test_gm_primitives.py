"""SM2/SM3/SM4 primitives of bjstc_desktop/store/gm.py used as an attacker would: forged,
altered and mis-keyed inputs are refused, never half-accepted."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag

from bjstc_desktop.store import gm


@pytest.fixture(scope="module")
def alice() -> tuple[bytes, bytes]:
    return gm.generate()


@pytest.fixture(scope="module")
def mallory() -> tuple[bytes, bytes]:
    return gm.generate()


def test_the_pinned_cryptography_has_sm3_and_sm4_gcm() -> None:
    assert gm.gm_supported()


def test_generated_keys_are_valid_and_distinct(alice: tuple[bytes, bytes], mallory: tuple[bytes, bytes]) -> None:
    for private, public in (alice, mallory):
        assert len(private) == 32 and len(public) == 65 and public[0] == 4
        gm.check_public(public)
        assert gm.public_of(private) == public
    assert alice != mallory


def test_sign_and_verify_round_trip_with_random_k(alice: tuple[bytes, bytes]) -> None:
    private, public = alice
    first, second = gm.sign(private, b"package digest"), gm.sign(private, b"package digest")
    assert first != second  # a fresh k each time
    assert gm.verify(public, b"package digest", first) and gm.verify(public, b"package digest", second)


@pytest.mark.parametrize("flip", [0, 31, 32, 63])  # r and s, first and last byte
def test_a_tampered_signature_fails(alice: tuple[bytes, bytes], flip: int) -> None:
    private, public = alice
    signature = bytearray(gm.sign(private, b"m"))
    signature[flip] ^= 0x80
    assert not gm.verify(public, b"m", bytes(signature))


def test_the_signature_binds_message_key_and_signer_id(alice: tuple[bytes, bytes],
                                                       mallory: tuple[bytes, bytes]) -> None:
    private, public = alice
    signature = gm.sign(private, b"m")
    assert not gm.verify(public, b"n", signature)
    assert not gm.verify(mallory[1], b"m", signature)
    assert not gm.verify(public, b"m", signature, uid=b"1234567812345679")
    assert gm.verify(public, b"m", gm.sign(private, b"m", uid=b"bjstc"), uid=b"bjstc")


def test_degenerate_signatures_are_refused(alice: tuple[bytes, bytes]) -> None:
    _, public = alice
    n = gm.N.to_bytes(32, "big")
    one = (1).to_bytes(32, "big")
    for bad in (bytes(64), one + bytes(32), bytes(32) + one, n + one, one + n, b"\x01" * 63, b"\x01" * 65):
        assert not gm.verify(public, b"m", bad)


def test_invalid_public_keys_are_refused(alice: tuple[bytes, bytes]) -> None:
    private, public = alice
    off_curve = public[:-1] + bytes([public[-1] ^ 1])
    compressed = b"\x02" + public[1:33]
    for bad in (off_curve, compressed, b"\x05" + public[1:], bytes(65)):
        with pytest.raises(gm.Sm2Error):
            gm.check_public(bad)
        assert not gm.verify(bad, b"m", gm.sign(private, b"m"))
        with pytest.raises(gm.Sm2Error):
            gm.encrypt(bad, b"key")


def _small_x_point() -> tuple[int, int]:
    """A curve point with a small x (p ≡ 3 mod 4, so a square root is a power)."""
    for x in range(1, 100):
        rhs = (x**3 + gm.A * x + gm.B) % gm.P
        y = pow(rhs, (gm.P + 1) // 4, gm.P)
        if y * y % gm.P == rhs:
            return x, y
    raise AssertionError("no small-x point")


def test_a_coordinate_written_as_itself_plus_p_is_refused() -> None:
    x, y = _small_x_point()
    canonical = b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big")
    gm.check_public(canonical)
    with pytest.raises(gm.Sm2Error):
        gm.check_public(b"\x04" + (x + gm.P).to_bytes(32, "big") + y.to_bytes(32, "big"))


def test_private_keys_out_of_range_are_refused() -> None:
    for bad in (bytes(32), (gm.N - 1).to_bytes(32, "big"), b"\x01" * 31):
        with pytest.raises(gm.Sm2Error):
            gm.public_of(bad)
        with pytest.raises(gm.Sm2Error):
            gm.sign(bad, b"m")


def test_a_fixed_k_outside_the_range_is_refused_not_looped_on(alice: tuple[bytes, bytes]) -> None:
    private, public = alice
    for k in (0, gm.N):
        with pytest.raises(ValueError):
            gm.sign(private, b"m", k=k)
        with pytest.raises(ValueError):
            gm.encrypt(public, b"m", k=k)


def test_encrypt_and_decrypt_round_trip(alice: tuple[bytes, bytes]) -> None:
    private, public = alice
    file_key = bytes(range(32))
    c = gm.encrypt(public, file_key)
    assert len(c) == 65 + 32 + 32 and c[0] == 4
    assert gm.encrypt(public, file_key) != c  # a fresh k each time
    assert gm.decrypt(private, c) == file_key


def test_the_wrong_private_key_does_not_decrypt(alice: tuple[bytes, bytes], mallory: tuple[bytes, bytes]) -> None:
    c = gm.encrypt(alice[1], b"\x11" * 32)
    with pytest.raises(gm.Sm2Error):
        gm.decrypt(mallory[0], c)


@pytest.mark.parametrize("where", [1, 40, 64, 65, 96, 97, 128])  # C1 x, C1 y, C3, C2
def test_an_altered_ciphertext_does_not_decrypt(alice: tuple[bytes, bytes], where: int) -> None:
    private, public = alice
    c = bytearray(gm.encrypt(public, b"\x11" * 32))
    c[where] ^= 0x01
    with pytest.raises(gm.Sm2Error):
        gm.decrypt(private, bytes(c))


def test_a_truncated_ciphertext_does_not_decrypt(alice: tuple[bytes, bytes]) -> None:
    private, public = alice
    c = gm.encrypt(public, b"\x11" * 32)
    for cut in (c[:97], c[:65], b""):
        with pytest.raises(gm.Sm2Error):
            gm.decrypt(private, cut)


def test_sm4_gcm_round_trip_and_every_tamper_is_invalid_tag() -> None:
    aead = gm.Sm4Gcm(b"\x07" * 16)
    nonce = bytes(11) + b"\x01"
    sealed = aead.encrypt(nonce, b"chunk" * 1000, None)
    assert len(sealed) == 5000 + 16
    assert aead.decrypt(nonce, sealed, None) == b"chunk" * 1000
    flipped = bytearray(sealed)
    flipped[10] ^= 1
    tag_flipped = sealed[:-1] + bytes([sealed[-1] ^ 1])
    for args in ((nonce, bytes(flipped), None), (nonce, tag_flipped, None), (bytes(12), sealed, None),
                 (nonce, sealed, b"aad"), (nonce, sealed[:15], None)):
        with pytest.raises(InvalidTag):
            aead.decrypt(*args)
    with pytest.raises(InvalidTag):
        gm.Sm4Gcm(b"\x08" * 16).decrypt(nonce, sealed, None)


def test_sm4_gcm_refuses_other_key_and_nonce_lengths() -> None:
    with pytest.raises(ValueError):
        gm.Sm4Gcm(b"\x07" * 32)
    with pytest.raises(ValueError):
        gm.Sm4Gcm(b"\x07" * 16).encrypt(bytes(16), b"x", None)


def test_the_running_sm3_copies_and_keeps_going_like_hashlib() -> None:
    running = gm.Sm3(b"ab")
    fork = running.copy()
    assert running.digest() == running.digest() == gm.sm3(b"ab")
    running.update(b"c")
    assert running.hexdigest() == gm.sm3(b"abc").hex()
    assert fork.digest() == gm.sm3(b"ab")


def test_hmac_and_hkdf_over_sm3_are_keyed() -> None:
    assert gm.hmac_sm3(b"k1", b"data") != gm.hmac_sm3(b"k2", b"data")
    assert len(gm.hkdf_sm3(b"ikm", b"", b"info", 16)) == 16
    assert gm.hkdf_sm3(b"ikm", b"", b"a", 32) != gm.hkdf_sm3(b"ikm", b"", b"b", 32)
    assert gm.hkdf_sm3(b"ikm", b"", b"a", 32) == gm.hkdf_sm3(b"ikm", bytes(32), b"a", 32)  # RFC 5869 empty salt


def test_sm4_gcm_takes_views_into_a_larger_buffer_and_still_checks_the_tag() -> None:
    """A package's chunks are encrypted and decrypted from memoryviews (sync/seal.py,
    sync/unseal.py): SM4-GCM must give the same bytes as from bytes, and refuse a
    flipped bit in a view as it does in bytes."""
    aead = gm.Sm4Gcm(b"\x05" * gm.SM4_KEY_LEN)
    plain = bytes(range(256)) * 300
    nonce = b"\x00" * 12
    sealed = aead.encrypt(nonce, memoryview(b"pad" + plain)[3:], b"ad")
    assert sealed == aead.encrypt(nonce, plain, b"ad")
    buffer = bytearray(b"head" + sealed + b"tail")
    with memoryview(buffer) as view:
        assert aead.decrypt(nonce, view[4 : 4 + len(sealed)], b"ad") == plain
    buffer[10] ^= 1
    with memoryview(buffer) as view, pytest.raises(InvalidTag):
        aead.decrypt(nonce, view[4 : 4 + len(sealed)], b"ad")
