"""docs/sync-format.md and the code agree: every test vector in the document is what
the code produces, an independent implementation of §3 opens the vector package, and
the limits and refusals the document lists are the ones the code enforces."""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bjstc_desktop.sync import limits
from bjstc_desktop.sync.refusals import REASONS
from bjstc_desktop.sync.suite import Intl1
from tests.sync import vectors

DOC = Path(__file__).resolve().parents[2] / "docs" / "sync-format.md"


def _documented() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8").split("## 12. Test vectors", 1)[1].split("## 13.", 1)[0]
    return dict(re.findall(r"^\| `(\w+)` \| `([0-9a-f]+)` \|$", text, flags=re.M))


def test_every_vector_in_the_document_is_what_the_code_produces() -> None:
    documented = _documented()
    computed = vectors.vectors()
    assert len(documented) == len(computed) == 24
    assert documented == computed


def _hkdf(ikm: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=salt or None, info=info).derive(ikm)


def test_an_independent_reader_following_the_document_opens_the_vector_package() -> None:
    data = vectors.package_bytes()
    magic, version, suite, sender_kid, header_len = data[:8], data[8:10], data[10:12], data[12:20], data[20:24]
    assert (magic, version, suite) == (b"BJSTCSYN", b"\x00\x02", b"\x00\x01")
    assert sender_kid.hex() == vectors.vectors()["sender_key_id"]
    header_len_n = int.from_bytes(header_len, "big")
    assert header_len_n == 49 + 88
    header = data[24 : 24 + header_len_n]
    assert header[:16] == vectors.PACKAGE_ID and int.from_bytes(header[40:48], "big") == len(vectors.PAYLOAD)
    assert header[48] == 1
    entry = header[49:]
    assert entry[:8].hex() == vectors.vectors()["recipient_key_id"]
    # Signature: Ed25519 over the domain and SHA-256 of everything before it.
    digest = hashlib.sha256(data[:-64]).digest()
    Ed25519PublicKey.from_public_bytes(vectors.sign_pub(vectors.SENDER_SIGN)).verify(
        data[-64:], b"bjstc-sync/1 signature\x00" + digest)
    # Unwrap as age does.
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

    me = X25519PrivateKey.from_private_bytes(vectors.RECIPIENT_KEX)
    shared = me.exchange(X25519PublicKey.from_public_bytes(entry[8:40]))
    wrap_key = _hkdf(shared, entry[8:40] + vectors.kex_pub(vectors.RECIPIENT_KEX), b"bjstc-sync/1 x25519 wrap")
    file_key = ChaCha20Poly1305(wrap_key).decrypt(bytes(12), entry[40:88], None)
    assert file_key == vectors.FILE_KEY
    mac_at = 24 + header_len_n
    expected_mac = hmac.new(_hkdf(file_key, b"", b"bjstc-sync/1 header"), data[:mac_at], hashlib.sha256).digest()
    assert data[mac_at : mac_at + 32] == expected_mac
    aead = ChaCha20Poly1305(_hkdf(file_key, header[24:40], b"bjstc-sync/1 payload"))
    body = data[mac_at + 32 : -64]
    first, second = body[: 65536 + 16], body[65536 + 16 :]
    plain = aead.decrypt(bytes(11) + b"\x00", first, None) + aead.decrypt((1).to_bytes(11, "big") + b"\x01", second, None)
    assert plain == vectors.PAYLOAD
    assert len(data) == 24 + header_len_n + 32 + len(vectors.PAYLOAD) + 2 * 16 + 64


def test_an_independent_reader_verifies_the_revision_signature_from_the_document() -> None:
    import json

    v = vectors.vectors()
    signed = json.dumps({"ancestry": [], "rev": v["rev_id"]}, sort_keys=True, separators=(",", ":")).encode()
    assert hashlib.sha256(signed).hexdigest() == v["rev_signed_digest"]
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(v["sender_ed25519_public"])).verify(
        bytes.fromhex(v["rev_signature"]), b"bjstc-rev-sig/1\x00" + hashlib.sha256(signed).digest())
    frame = bytes.fromhex(v["blob_start_frame"])
    assert frame[0] == 3 and int.from_bytes(frame[1:5], "big") == len(frame) - 5
    assert json.loads(frame[5:]) == {"records": [vectors.RECORD], "sha256": hashlib.sha256(b"abc").hexdigest(),
                                     "size": 3}


def test_the_last_chunk_flag_is_part_of_the_nonce() -> None:
    data = vectors.package_bytes()
    aead = ChaCha20Poly1305(bytes.fromhex(vectors.vectors()["payload_key"]))
    first = data[24 + 137 + 32 : 24 + 137 + 32 + 65536 + 16]
    import pytest
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):  # the first chunk does not open as a last chunk
        aead.decrypt(bytes(11) + b"\x01", first, None)


def test_the_documented_limits_are_the_code_limits() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert limits.CHUNK_SIZE == 64 * 1024 and "| chunk | 64 KiB plaintext" in text
    assert limits.MAX_RECIPIENTS == 32 and "| recipients | 1–32 |" in text
    assert Intl1.recipient_len == 88 and limits.HEADER_FIXED_LEN == 49 and "`49 + 88·R`" in text
    assert limits.MAX_PACKAGE == 8 * 1024**3 and "| package | 8 GiB |" in text
    assert limits.MAX_FRAMES == 2_000_000 and "2,000,000 per package" in text
    assert limits.MAX_ANCESTRY == 1000 and limits.MAX_PARENTS == 16 and "| parents / ancestry | 16 / 1000 |" in text
    assert limits.MAX_MANIFEST == limits.MAX_REVISION == 1024 * 1024 and "| MANIFEST, REVISION | 1 MiB each |" in text
    assert limits.MAX_ATTACHMENT == 512 * 1024 * 1024 and "| attachment | 512 MiB |" in text
    assert limits.PREAMBLE_LEN == 24 and limits.SIGNATURE_LEN == 64 and limits.HEADER_MAC_LEN == 32
    assert limits.FORMAT_VERSION == 2 and "format version = 2" in text
    assert limits.MAX_BLOB_START == 1024 * 1024 and limits.MAX_BLOB_RECORDS == 20_000
    assert "| BLOB_START | 1 MiB; 1–20,000 records |" in text
    assert limits.MAX_OFFICER == 64 and "| officer name in a revision | 1–64 characters |" in text


def test_every_refusal_is_documented_with_its_message() -> None:
    text = DOC.read_text(encoding="utf-8").split("## 11. Refusals", 1)[1].split("## 12.", 1)[0]
    rows = dict(re.findall(r"^\| `(\w+)` \| [^|]+ \| (.+) \|$", text, flags=re.M))
    assert set(rows) == set(REASONS)
    for reason, (zh, en) in REASONS.items():
        assert rows[reason] == en
        assert zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh)


def test_the_documented_integrity_record_is_a_valid_revision() -> None:
    """The §12 register vector is a body the receiver's validator accepts as it stands."""
    from bjstc_desktop.sync.authorship import RevisionSigner
    from bjstc_desktop.sync.validate import revision

    v = vectors.vectors()
    doc = {"type": "integrity", "id": vectors.RECORD, "rev": v["integrity_rev_id"], "parents": [], "ancestry": [],
           "gen": 1, "author": {"node": vectors.NODE, "officer": "zhang"}, "hlc": "1767225600000-00000",
           "deleted": False, "body": vectors.INTEGRITY_BODY,
           "sig": RevisionSigner(vectors.SENDER_SIGN).sign(v["integrity_rev_id"], [])}
    rev = revision(doc)
    assert (rev.record_type, rev.module, rev.classification) == ("integrity", "", 0)
