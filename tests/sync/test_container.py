"""The container refuses every altered, cut, extended, reordered or misaddressed
package: a flipped bit in every region, truncation at every chunk boundary and
mid-chunk, a missing signature, trailing bytes, and the insider attacks that re-sign
(reordered, duplicated, dropped, appended chunks, a wrong last-chunk flag, a header
changed without the file key, another trusted node's signature)."""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bjstc_desktop.sync import limits
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.seal import RecipientKey, seal
from bjstc_desktop.sync.suite import Intl1, key_id, stream_nonce
from bjstc_desktop.sync.unseal import PackageReader
from tests.sync.vectors import kex_pub, sign_pub

SENDER_SIGN, SENDER_KEX = b"\x01" * 32, b"\x02" * 32
OTHER_SIGN, OTHER_KEX = b"\x03" * 32, b"\x04" * 32  # another trusted node
ME_SIGN, ME_KEX = b"\x05" * 32, b"\x06" * 32
YOU_SIGN, YOU_KEX = b"\x07" * 32, b"\x08" * 32
FILE_KEY = b"\x09" * 32
PAYLOAD = os.urandom(3 * limits.CHUNK_SIZE + 1234)  # four chunks

SENDER_KID = key_id(sign_pub(SENDER_SIGN), kex_pub(SENDER_KEX))
OTHER_KID = key_id(sign_pub(OTHER_SIGN), kex_pub(OTHER_KEX))
ME_KID = key_id(sign_pub(ME_SIGN), kex_pub(ME_KEX))
YOU_KID = key_id(sign_pub(YOU_SIGN), kex_pub(YOU_KEX))
HEADER_LEN = limits.header_length(2, Intl1.recipient_len)
MAC_AT = limits.PREAMBLE_LEN + HEADER_LEN
CHUNKS_AT = MAC_AT + limits.HEADER_MAC_LEN
STEP = limits.CHUNK_SIZE + limits.TAG_LEN


def _rng() -> Callable[[int], bytes]:
    queue = [FILE_KEY]

    def take(n: int) -> bytes:
        return queue.pop(0) if queue and n == 32 and queue[0] == FILE_KEY else os.urandom(n)
    return take


def make() -> bytes:
    out = io.BytesIO()
    seal(out, sign_private=SENDER_SIGN, sender_key_id=SENDER_KID,
         recipients=[RecipientKey(ME_KID, kex_pub(ME_KEX)), RecipientKey(YOU_KID, kex_pub(YOU_KEX))],
         payload=[PAYLOAD[:1000], PAYLOAD[1000:]], payload_length=len(PAYLOAD), package_id=b"\x10" * 16,
         created_ms=1, rng=_rng())
    return out.getvalue()


GOOD = make()
TRUSTED = {SENDER_KID: sign_pub(SENDER_SIGN), OTHER_KID: sign_pub(OTHER_SIGN)}


def lookup(suite_id: int, kid: bytes) -> bytes:
    if suite_id != 1 or kid not in TRUSTED:
        raise PackageRefused("unknown_sender")
    return TRUSTED[kid]


def open_package(tmp_path: Path, data: bytes, kex: bytes = ME_KEX, kid: bytes = ME_KID) -> bytes:
    path = tmp_path / "p.bjsync"
    path.write_bytes(data)
    reader = PackageReader(path)
    reader.verify(lookup)
    out = bytearray()
    reader.decrypt(kid, kex, out.extend)
    return bytes(out)


def reason(tmp_path: Path, data: bytes, **kw: bytes) -> str:
    with pytest.raises(PackageRefused) as err:
        open_package(tmp_path, data, **kw)
    assert err.value.exit_code == 4 and err.value.zh and err.value.en
    return err.value.reason


def flip(data: bytes, at: int, bit: int = 0) -> bytes:
    b = bytearray(data)
    b[at] ^= 1 << bit
    return bytes(b)


def test_a_good_package_opens_for_each_recipient(tmp_path: Path) -> None:
    assert open_package(tmp_path, GOOD) == PAYLOAD
    assert open_package(tmp_path, GOOD, kex=YOU_KEX, kid=YOU_KID) == PAYLOAD


REGIONS = {
    "magic": ([0, 7], "not_a_package"),
    "version": ([8, 9], "format_unsupported"),
    "suite": ([10, 11], "suite_unsupported"),
    "sender key id": ([12, 19], "unknown_sender"),
    "header length": ([20, 23], "altered"),
    "package id": ([24, 39], "altered"),
    "created": ([40, 47], "altered"),
    "salt": ([48, 63], "altered"),
    "payload length": ([64, 71], "altered"),
    "recipient count": ([72], "altered"),
    "recipient entries": ([73, 73 + 8, 73 + 40, MAC_AT - 1], "altered"),
    "header MAC": ([MAC_AT, CHUNKS_AT - 1], "altered"),
    "chunk 0": ([CHUNKS_AT, CHUNKS_AT + 5000, CHUNKS_AT + STEP - 1], "altered"),
    "chunk 1": ([CHUNKS_AT + STEP, CHUNKS_AT + 2 * STEP - 1], "altered"),
    "chunk 3 (last)": ([CHUNKS_AT + 3 * STEP, len(GOOD) - 65], "altered"),
    "signature": ([len(GOOD) - 64, len(GOOD) - 1], "altered"),
}


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_a_flipped_bit_in_every_region_is_refused(tmp_path: Path, region: str) -> None:
    offsets, expected = REGIONS[region]
    for at in offsets:
        for bit in (0, 7):
            assert reason(tmp_path, flip(GOOD, at, bit)) == expected, (region, at, bit)


def test_random_bit_flips_anywhere_are_refused(tmp_path: Path) -> None:
    rng = __import__("random").Random(5)
    for _ in range(40):
        at = rng.randrange(len(GOOD))
        assert reason(tmp_path, flip(GOOD, at, rng.randrange(8))) in {
            "not_a_package", "format_unsupported", "suite_unsupported", "unknown_sender", "altered"}


def test_truncation_at_every_chunk_boundary_mid_chunk_and_the_signature_is_refused(tmp_path: Path) -> None:
    cuts = {0, 5, limits.PREAMBLE_LEN, MAC_AT, CHUNKS_AT, len(GOOD) - 64, len(GOOD) - 1}
    for i in range(1, 4):
        cuts |= {CHUNKS_AT + i * STEP, CHUNKS_AT + i * STEP - 1, CHUNKS_AT + i * STEP + 1}  # boundaries
        cuts |= {CHUNKS_AT + i * STEP - STEP // 2}  # mid-chunk
    for cut in sorted(cuts):
        got = reason(tmp_path, GOOD[:cut])
        assert got == ("not_a_package" if cut < limits.PREAMBLE_LEN else "altered"), cut


def test_trailing_bytes_are_refused(tmp_path: Path) -> None:
    for extra in (b"\x00", b"x" * 64, GOOD[-64:]):
        assert reason(tmp_path, GOOD + extra) == "altered"


@dataclass
class Parts:
    preamble: bytes
    header: bytes
    mac: bytes
    chunks: list[bytes]


def split(data: bytes) -> Parts:
    body = data[CHUNKS_AT:-64]
    return Parts(data[:24], data[24:MAC_AT], data[MAC_AT:CHUNKS_AT], [body[i : i + STEP] for i in range(0, len(body), STEP)])


def resign(p: Parts, sign: bytes = SENDER_SIGN, kid: bytes | None = None, remac: bool = False,
           payload_len: int | None = None) -> bytes:
    """What an insider holding a signing key (and, with `remac`, the file key) can build."""
    header = p.header
    if payload_len is not None:
        header = header[:40] + payload_len.to_bytes(8, "big") + header[48:]
    preamble = p.preamble if kid is None else p.preamble[:12] + kid + p.preamble[20:]
    mac = Intl1.header_mac(FILE_KEY, preamble + header) if remac else p.mac
    unsigned = preamble + header + mac + b"".join(p.chunks)
    return unsigned + Intl1.sign(sign, hashlib.sha256(unsigned).digest())


def test_resigning_an_unchanged_package_still_opens(tmp_path: Path) -> None:
    assert open_package(tmp_path, resign(split(GOOD), remac=True)) == PAYLOAD


def test_reordered_chunks_are_refused(tmp_path: Path) -> None:
    p = split(GOOD)
    p.chunks[0], p.chunks[1] = p.chunks[1], p.chunks[0]
    assert reason(tmp_path, resign(p)) == "chunk_altered"


def test_a_duplicated_chunk_is_refused(tmp_path: Path) -> None:
    p = split(GOOD)
    p.chunks.insert(2, p.chunks[1])
    assert reason(tmp_path, resign(p, remac=True, payload_len=len(PAYLOAD) + limits.CHUNK_SIZE)) == "chunk_altered"
    assert reason(tmp_path, resign(p)) == "malformed"  # without the file key the length cannot agree


def test_a_dropped_last_chunk_is_refused(tmp_path: Path) -> None:
    p = split(GOOD)
    p.chunks.pop()
    assert reason(tmp_path, resign(p, remac=True, payload_len=3 * limits.CHUNK_SIZE)) == "chunk_altered"


def test_a_chunk_appended_after_the_last_is_refused(tmp_path: Path) -> None:
    p = split(GOOD)
    last = p.chunks[-1]
    p.chunks.append(last)  # after a short last chunk the layout itself no longer fits
    assert reason(tmp_path, resign(p, remac=True, payload_len=len(PAYLOAD) + len(last) - 16)) == "malformed"
    out = io.BytesIO()  # a payload of whole chunks: the old last chunk now sits where a middle one belongs
    seal(out, sign_private=SENDER_SIGN, sender_key_id=SENDER_KID, recipients=[RecipientKey(ME_KID, kex_pub(ME_KEX))],
         payload=[PAYLOAD[: 2 * limits.CHUNK_SIZE]], payload_length=2 * limits.CHUNK_SIZE, package_id=b"\x12" * 16,
         created_ms=1, rng=_rng())
    whole = out.getvalue()
    at = limits.PREAMBLE_LEN + limits.header_length(1, Intl1.recipient_len)
    q = Parts(whole[:24], whole[24:at], whole[at : at + 32], [whole[at + 32 : at + 32 + STEP], whole[at + 32 + STEP : -64]])
    q.chunks.append(q.chunks[0])
    assert reason(tmp_path, resign(q, remac=True, payload_len=3 * limits.CHUNK_SIZE)) == "chunk_altered"


def test_a_last_chunk_without_its_flag_is_refused(tmp_path: Path) -> None:
    p = split(GOOD)
    salt = p.header[24:40]
    aead = Intl1.payload_aead(FILE_KEY, salt)
    plain = aead.decrypt(stream_nonce(3, True), p.chunks[3], None)
    p.chunks[3] = aead.encrypt(stream_nonce(3, False), plain, None)
    assert reason(tmp_path, resign(p)) == "chunk_altered"


def test_a_header_changed_without_the_file_key_is_refused(tmp_path: Path) -> None:
    p = split(GOOD)
    p.header = b"\x11" * 16 + p.header[16:]  # a new package id, re-signed, MAC not recomputable
    assert reason(tmp_path, resign(p)) == "header_altered"


def test_another_trusted_node_re_signing_is_refused(tmp_path: Path) -> None:
    p = split(GOOD)
    assert reason(tmp_path, resign(p, sign=OTHER_SIGN, kid=OTHER_KID)) == "header_altered"
    # a signature by another trusted node under the original sender's key id
    assert reason(tmp_path, resign(p, sign=OTHER_SIGN)) == "altered"


def test_a_package_for_someone_else_names_its_recipients(tmp_path: Path) -> None:
    other = b"\x0a" * 32
    assert reason(tmp_path, GOOD, kex=other, kid=key_id(b"\x00" * 32, kex_pub(other))) == "wrong_recipient"


def test_a_bad_or_low_order_recipient_entry_is_refused(tmp_path: Path) -> None:
    p = split(GOOD)
    entry = 49  # my entry: key id, then the ephemeral key
    p.header = p.header[: entry + 8] + bytes(32) + p.header[entry + 40 :]
    assert reason(tmp_path, resign(p)) == "header_altered"


def test_an_unknown_sender_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    stranger = b"\x0b" * 32
    p = split(GOOD)
    assert reason(tmp_path, resign(p, sign=stranger, kid=key_id(sign_pub(stranger), b"\x00" * 32))) == "unknown_sender"


def test_a_file_rewritten_between_the_passes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.bjsync"
    path.write_bytes(GOOD)
    reader = PackageReader(path)
    reader.verify(lookup)
    path.write_bytes(flip(GOOD, CHUNKS_AT + STEP + 10))
    with pytest.raises(PackageRefused) as err:
        reader.decrypt(ME_KID, ME_KEX, lambda _: None)
    assert err.value.reason in ("chunk_altered", "changed_while_reading")
    path.write_bytes(GOOD[:-1] + bytes([GOOD[-1] ^ 1]))  # only the signature differs now
    reader = PackageReader(path)
    with pytest.raises(PackageRefused):
        reader.verify(lookup)


def test_no_plaintext_is_released_before_the_last_chunk_verifies(tmp_path: Path) -> None:
    p = split(GOOD)
    p.chunks[-1] = p.chunks[-1][:-1] + bytes([p.chunks[-1][-1] ^ 1])
    path = tmp_path / "p.bjsync"
    path.write_bytes(resign(p))
    reader = PackageReader(path)
    reader.verify(lookup)
    staged: list[bytes] = []
    with pytest.raises(PackageRefused):
        reader.decrypt(ME_KID, ME_KEX, staged.append)
    # The sink only stages: the caller (the importer) discards it on refusal.
    assert b"".join(staged) == PAYLOAD[: 3 * limits.CHUNK_SIZE]
