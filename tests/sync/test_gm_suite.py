"""The gm-1 suite: docs/sync-format.md §3.2 and the code agree, an independent reader
following that page opens a package the unchanged seal() wrote with it, and every part
of the suite refuses what an attacker would change."""

from __future__ import annotations

import inspect
import io
import re
from pathlib import Path

import gmalg
import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bjstc_desktop.store import gm
from bjstc_desktop.sync import limits
from bjstc_desktop.sync.gm_suite import Gm1, gm_key_id
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.seal import RecipientKey, seal
from bjstc_desktop.sync.suite import Intl1, WrapFailed, stream_nonce
from bjstc_desktop.sync.unseal import PackageReader
from tests.sync import gm_vectors as v

DOC = Path(__file__).resolve().parents[2] / "docs" / "sync-format.md"


def _documented() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8").split("## 13. Test vectors (gm-1)", 1)[1]
    return dict(re.findall(r"^\| `(\w+)` \| `([0-9a-f]+)` \|$", text, flags=re.M))


def test_every_vector_in_the_document_is_what_the_code_produces() -> None:
    documented = _documented()
    computed = v.vectors()
    assert len(documented) == len(computed) == 20
    assert documented == computed


def _hkdf_sm3(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    return HKDF(hashes.SM3(), length, salt=salt or None, info=info).derive(ikm)


def _sm3(data: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def _sm4_gcm_open(key: bytes, nonce: bytes, sealed: bytes) -> bytes:
    dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, sealed[-16:])).decryptor()
    plain = dec.update(sealed[:-16])
    dec.finalize()
    return plain


def test_an_independent_reader_following_the_document_opens_the_vector_package() -> None:
    """Written from docs/sync-format.md §3.2 with `cryptography` and gmalg called directly,
    not through bjstc_desktop.store.gm."""
    data = v.package_bytes()
    assert (data[:8], data[8:10], data[10:12]) == (b"BJSTCSYN", b"\x00\x02", b"\x00\x02")
    header_len = int.from_bytes(data[20:24], "big")
    assert header_len == 49 + 137
    header = data[24 : 24 + header_len]
    assert header[:16] == v.PACKAGE_ID and int.from_bytes(header[40:48], "big") == len(v.PAYLOAD)
    assert header[48] == 1
    entry = header[49:]
    keys = v.keys()
    # Key ids: SM3(domain ‖ signing public ‖ encryption public)[:8].
    assert data[12:20] == _sm3(b"bjstc-sync/1 gm-1 key id\x00" + keys["sender_sign"] + keys["sender_kex"])[:8]
    assert entry[:8] == _sm3(b"bjstc-sync/1 gm-1 key id\x00" + keys["recipient_sign"] + keys["recipient_kex"])[:8]
    # Signature: SM2 with the default signer id over domain ‖ SM3(everything before it).
    message = b"bjstc-sync/1 gm-1 signature\x00" + _sm3(data[:-64])
    verifier = gmalg.SM2(uid=b"1234567812345678", pk=keys["sender_sign"])
    assert verifier.verify(message, data[-64:-32], data[-32:])
    # Wrap: SM2 decryption of C1 ‖ C3 ‖ C2.
    file_key = gmalg.SM2(v.RECIPIENT_KEX).decrypt(entry[8:])
    assert file_key == v.FILE_KEY
    mac_at = 24 + header_len
    mac = crypto_hmac.HMAC(_hkdf_sm3(file_key, b"", b"bjstc-sync/1 gm-1 header", 32), hashes.SM3())
    mac.update(data[:mac_at])
    assert data[mac_at : mac_at + 32] == mac.finalize()
    key = _hkdf_sm3(file_key, header[24:40], b"bjstc-sync/1 gm-1 payload", 16)
    body = data[mac_at + 32 : -64]
    first, second = body[: 65536 + 16], body[65536 + 16 :]
    plain = _sm4_gcm_open(key, bytes(11) + b"\x00", first) + _sm4_gcm_open(key, (1).to_bytes(11, "big") + b"\x01", second)
    assert plain == v.PAYLOAD
    assert len(data) == 24 + header_len + 32 + len(v.PAYLOAD) + 2 * 16 + 64


def test_the_last_chunk_flag_is_part_of_the_nonce() -> None:
    data = v.package_bytes()
    key = bytes.fromhex(v.vectors()["payload_key"])
    start = 24 + 186 + 32
    first, last = data[start : start + 65536 + 16], data[start + 65536 + 16 : -64]
    with pytest.raises(InvalidTag):
        _sm4_gcm_open(key, bytes(11) + b"\x01", first)  # the first chunk claimed as the last
    with pytest.raises(InvalidTag):
        _sm4_gcm_open(key, (1).to_bytes(11, "big") + b"\x00", last)  # the last one as not last
    with pytest.raises(InvalidTag):
        _sm4_gcm_open(key, bytes(11) + b"\x00", last)  # reordered


def test_gm1_offers_every_operation_of_intl1_with_the_same_parameters() -> None:
    """seal/unseal call a suite only through these names; gm-1 can replace intl-1 there."""
    public = {n for n in vars(Intl1) if not n.startswith("_")}
    assert public <= set(vars(Gm1))
    for name in public:
        ours, theirs = getattr(Gm1, name), getattr(Intl1, name)
        if callable(theirs):
            assert list(inspect.signature(ours).parameters)[: len(inspect.signature(theirs).parameters)] == \
                list(inspect.signature(theirs).parameters)
    assert (Gm1.suite_id, Gm1.name, Gm1.file_key_len, Gm1.recipient_len) == (2, "gm-1", 32, 137)
    assert Gm1.recipient_len == 8 + Gm1.ephemeral_len + Gm1.wrapped_len


@pytest.fixture(scope="module")
def recipient() -> tuple[bytes, bytes]:
    return gm.generate()


def test_wrap_round_trip_and_a_fresh_c1_per_random_input(recipient: tuple[bytes, bytes]) -> None:
    private, public = recipient
    c1, wrapped = Gm1.wrap(b"\x11" * 32, public, b"\x01" * 32)
    other, _ = Gm1.wrap(b"\x11" * 32, public, b"\x02" * 32)
    assert (len(c1), len(wrapped)) == (65, 64) and c1 != other
    assert Gm1.unwrap(private, c1, wrapped) == b"\x11" * 32


def test_unwrap_refuses_the_wrong_key_and_any_altered_byte(recipient: tuple[bytes, bytes]) -> None:
    private, public = recipient
    c1, wrapped = Gm1.wrap(b"\x11" * 32, public, b"\x01" * 32)
    with pytest.raises(WrapFailed):
        Gm1.unwrap(gm.generate()[0], c1, wrapped)
    for at in (0, 1, 33, 64):
        bad = bytearray(c1)
        bad[at] ^= 1
        with pytest.raises(WrapFailed):
            Gm1.unwrap(private, bytes(bad), wrapped)
    for at in (0, 31, 32, 63):
        bad = bytearray(wrapped)
        bad[at] ^= 1
        with pytest.raises(WrapFailed):
            Gm1.unwrap(private, c1, bytes(bad))
    for epk, body in ((c1[:-1], wrapped), (c1, wrapped[:-1]), (c1, wrapped + b"\x00"), (bytes(65), wrapped)):
        with pytest.raises(WrapFailed):
            Gm1.unwrap(private, epk, body)


def test_the_header_mac_is_keyed_by_the_file_key_and_covers_every_byte() -> None:
    data = b"preamble and header"
    mac = Gm1.header_mac(b"\x11" * 32, data)
    assert len(mac) == 32
    assert Gm1.header_mac(b"\x12" + b"\x11" * 31, data) != mac
    assert Gm1.header_mac(b"\x11" * 32, data[:-1] + b"X") != mac


def test_the_signature_refuses_another_digest_another_signer_and_a_suite1_signature() -> None:
    private, public = gm.generate()
    digest = gm.sm3(b"package")
    signature = Gm1.sign(private, digest)
    assert len(signature) == 64 and Gm1.verify(public, signature, digest)
    assert not Gm1.verify(public, signature, gm.sm3(b"packagf"))
    assert not Gm1.verify(gm.generate()[1], signature, digest)
    assert not Gm1.verify(public, Intl1.sign(b"\x01" * 32, digest), digest)
    # Without the domain string it is not a package signature (no cross-protocol reuse).
    assert not Gm1.verify(public, gm.sign(private, digest), digest)


def test_the_key_id_changes_with_either_key() -> None:
    a, b, c = gm.generate()[1], gm.generate()[1], gm.generate()[1]
    assert len(gm_key_id(a, b)) == 8
    assert len({gm_key_id(a, b), gm_key_id(a, c), gm_key_id(c, b), gm_key_id(b, a)}) == 4


def test_seal_writes_a_gm_package_for_three_recipients_each_of_which_opens_it() -> None:
    sender_private, sender_public = gm.generate()
    people = [(gm.generate(), gm.generate()) for _ in range(3)]  # (signing, encryption) pairs
    recipients = [RecipientKey(gm_key_id(s[1], e[1]), e[1]) for s, e in people]
    payload = bytes(range(256)) * 1000
    out = io.BytesIO()
    sealed = seal(out, sign_private=sender_private, sender_key_id=b"\x01" * 8, recipients=recipients,
                  payload=[payload], payload_length=len(payload), package_id=b"\x02" * 16, created_ms=0, suite_id=2)
    data = out.getvalue()
    header_len = limits.header_length(3, Gm1.recipient_len)
    assert len(data) == sealed.size == 24 + header_len + 32 + limits.ciphertext_length(len(payload)) + 64
    assert sealed.file_hash == gm.sm3(data).hex() and sealed.hash_name == "sm3"  # the running hash is SM3 for this suite
    assert Gm1.verify(sender_public, data[-64:], gm.sm3(data[:-64]))
    aead_key = None
    for i, (_, (enc_private, _)) in enumerate(people):
        at = 24 + limits.HEADER_FIXED_LEN + i * Gm1.recipient_len
        entry = data[at : at + Gm1.recipient_len]
        assert entry[:8] == recipients[i].key_id
        file_key = Gm1.unwrap(enc_private, entry[8:73], entry[73:])
        assert Gm1.header_mac(file_key, data[: 24 + header_len]) == data[24 + header_len : 24 + header_len + 32]
        aead_key = file_key
    assert aead_key is not None
    aead = Gm1.payload_aead(aead_key, data[24 + 24 : 24 + 40])
    body = data[24 + header_len + 32 : -64]
    chunks = limits.chunk_count(len(payload))
    plain = b""
    for index in range(chunks):
        piece = body[index * (65536 + 16) : (index + 1) * (65536 + 16)]
        plain += aead.decrypt(stream_nonce(index, index == chunks - 1), piece, None)
    assert plain == payload


def test_a_trusted_peer_re_signing_a_package_breaks_the_header_mac() -> None:
    """The outer signature names the sender's key id in the preamble, which the header
    MAC (under the file key) covers: swapping in another sender id and re-signing
    leaves a MAC that no longer matches."""
    data = bytearray(v.package_bytes())
    file_key = Gm1.unwrap(v.RECIPIENT_KEX, bytes(data[24 + 49 + 8 : 24 + 49 + 73]), bytes(data[24 + 49 + 73 : 24 + 186]))
    forger_private, forger_public = gm.generate()
    data[12:20] = gm_key_id(forger_public, gm.generate()[1])
    data[-64:] = Gm1.sign(forger_private, gm.sm3(bytes(data[:-64])))
    assert Gm1.verify(forger_public, bytes(data[-64:]), gm.sm3(bytes(data[:-64])))  # the forger's own signature holds
    assert Gm1.header_mac(file_key, bytes(data[: 24 + 186])) != bytes(data[24 + 186 : 24 + 186 + 32])


def test_the_reader_opens_the_vector_package_splitting_the_entry_by_the_suites_lengths(tmp_path: Path) -> None:
    """unseal takes gm-1 from the suite table: the recipient entry is key id ‖ C1 (65)
    ‖ C3 ‖ C2 (64), not intl-1's 32 + 48, and the file's identity is its SM3."""
    path = tmp_path / "gm.bjsync"
    path.write_bytes(v.package_bytes())
    k = v.keys()
    reader = PackageReader(path)
    outer = reader.verify(lambda suite_id, kid: k["sender_sign"] if (suite_id, kid) == (2, gm_key_id(
        k["sender_sign"], k["sender_kex"])) else b"", frozenset({2}))
    [(kid, c1, wrapped)] = outer.entries
    assert (len(c1), len(wrapped)) == (Gm1.ephemeral_len, Gm1.wrapped_len) == (65, 64)
    assert c1.hex() == v.vectors()["wrap_c1"] and outer.file_hash == v.vectors()["package_sm3"]
    assert outer.hash_name == "sm3"
    plain = bytearray()
    reader.decrypt(kid, v.RECIPIENT_KEX, plain.extend)
    assert bytes(plain) == v.PAYLOAD
    with pytest.raises(PackageRefused) as err:  # a node that offers intl-1 only
        PackageReader(path).verify(lambda suite_id, kid: b"", frozenset({1}))
    assert err.value.reason == "suite_not_offered" and "gm-1" in err.value.en
