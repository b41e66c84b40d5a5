"""The published examples of the GM standards (GB/T 32905 SM3, GB/T 32907 SM4,
GB/T 32918.5 / GM/T 0003.5 SM2) and RFC 8998 (SM4-GCM), run through the code paths the
gm-1 suite uses (docs/sync-format.md §13)."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bjstc_desktop.store import gm

# GB/T 32918.5-2017 / GM/T 0003.5-2012 annex examples on the recommended curve.
STD_PRIVATE = bytes.fromhex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8")
STD_PUBLIC = bytes.fromhex(
    "04" "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
    "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13")
STD_K = 0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21
STD_Z = bytes.fromhex("B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3")
STD_E = bytes.fromhex("F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640")
STD_SIGNATURE = bytes.fromhex(
    "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3"
    "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA")
STD_CIPHERTEXT = bytes.fromhex(
    "04" "04EBFC718E8D1798620432268E77FEB6415E2EDE0E073C0F4F640ECD2E149A73"
    "E858F9D81E5430A57B36DAAB8F950A3C64E6EE6A63094D99283AFF767E124DF0"  # C1
    "59983C18F809E262923C53AEC295D30383B54E39D609D160AFCB1908D0BD8766"  # C3
    "21886CA989CA9C7D58087307CA93092D651EFA")  # C2


def test_sm3_examples_of_gbt_32905() -> None:
    assert gm.sm3(b"abc").hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert gm.sm3(b"abcd" * 16).hex() == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    running = gm.Sm3()
    for piece in (b"ab", b"c"):
        running.update(piece)
    assert running.digest() == gm.sm3(b"abc")


def test_sm4_examples_of_gbt_32907_including_the_million_encryptions() -> None:
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    block = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    once = block.update(key)
    assert once.hex() == "681edf34d206965e86b3e94f536e4246"
    data = once
    for _ in range(999_999):
        data = block.update(data)
    assert data.hex() == "595298c7c6fd271f0402f804c33d3f66"


def test_sm4_gcm_example_of_rfc_8998() -> None:
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    nonce = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    plain = bytes.fromhex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
                          "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA")
    expected = bytes.fromhex("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
                             "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
                             "83DE3541E4C2B58177E065A9BF7B62EC")
    aead = gm.Sm4Gcm(key)
    assert aead.encrypt(nonce, plain, aad) == expected
    assert aead.decrypt(nonce, expected, aad) == plain


def test_sm2_public_key_of_the_published_private_key() -> None:
    assert gm.public_of(STD_PRIVATE) == STD_PUBLIC


def _z_by_the_standard(uid: bytes, public: bytes) -> bytes:
    """Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A), GB/T 32918.2 §5.5,
    written out here independently of the library that signs."""
    g_x = 0x32C4AE2C_1F198119_5F990446_6A39C994_8FE30BBF_F2660BE1_715A4589_334C74C7
    g_y = 0xBC3736A2_F4F6779C_59BDCEE3_6B692153_D0A9877C_C62A4740_02DF32E5_2139F0A0
    fields = b"".join(v.to_bytes(32, "big") for v in (gm.A, gm.B, g_x, g_y))
    return gm.sm3((len(uid) * 8).to_bytes(2, "big") + uid + fields + public[1:])


def test_sm2_signature_example_with_the_standard_signer_id() -> None:
    message = b"message digest"
    z = _z_by_the_standard(gm.SM2_DEFAULT_ID, STD_PUBLIC)
    assert z == STD_Z
    assert gm.sm3(z + message) == STD_E
    # With the published k, signing gives exactly the published (r, s): Z and e inside
    # the library are the standard's.
    assert gm.sign(STD_PRIVATE, message, k=STD_K) == STD_SIGNATURE
    assert gm.verify(STD_PUBLIC, message, STD_SIGNATURE)
    assert not gm.verify(STD_PUBLIC, message, STD_SIGNATURE, uid=b"ALICE123@YAHOO.COM")
    assert not gm.verify(STD_PUBLIC, message + b".", STD_SIGNATURE)


def test_sm2_encryption_example_in_c1_c3_c2_order() -> None:
    assert gm.encrypt(STD_PUBLIC, b"encryption standard", k=STD_K) == STD_CIPHERTEXT
    assert gm.decrypt(STD_PRIVATE, STD_CIPHERTEXT) == b"encryption standard"


@pytest.mark.parametrize("where", [70, 100, len(STD_CIPHERTEXT) - 1])  # C3, C3, C2
def test_the_published_ciphertext_altered_anywhere_after_c1_does_not_decrypt(where: int) -> None:
    altered = bytearray(STD_CIPHERTEXT)
    altered[where] ^= 0x01
    with pytest.raises(gm.Sm2Error):
        gm.decrypt(STD_PRIVATE, bytes(altered))
