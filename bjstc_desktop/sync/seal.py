"""Write a package container: preamble, header, header MAC, STREAM payload, signature
(docs/sync-format.md §Layout). The payload comes as an iterator of byte pieces whose
total length is known in advance (it is in the header)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO

from bjstc_desktop.sync import limits
from bjstc_desktop.sync.suite import Aead, RandomSource, stream_nonce
from bjstc_desktop.sync.suites import SUITES


@dataclass(frozen=True)
class RecipientKey:
    """Whom a package is for: the node's key id and key-agreement (intl-1: X25519) or
    encryption (gm-1: SM2) public key, of the package's suite."""

    key_id: bytes
    kex_public: bytes


@dataclass(frozen=True)
class Sealed:
    """What was written: the hash of the whole file in the suite's hash (SHA-256 or
    SM3: its identity in journals), size, and the file key (kept in memory only, for
    reading the file back)."""

    file_hash: str
    size: int
    package_id: bytes
    file_key: bytes
    payload_salt: bytes
    hash_name: str = "sha256"


class _Out:
    """Writes through, hashing once: the prehash is the running hash before the
    signature, the file's hash (SHA-256 or SM3) the same hash after it."""

    def __init__(self, fh: BinaryIO, prehash: Any) -> None:
        self.fh, self.sha, self.size = fh, prehash, 0

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.sha.update(data)
        self.size += len(data)


def seal(fh: BinaryIO, *, sign_private: bytes, sender_key_id: bytes, recipients: list[RecipientKey],
         payload: Iterable[bytes], payload_length: int, package_id: bytes, created_ms: int,
         suite_id: int = 1, rng: RandomSource = os.urandom) -> Sealed:
    """Write one package to `fh`. `rng` gives the file key, the payload salt and one
    ephemeral key per recipient, in that order (fixed only in the test vectors)."""
    suite = SUITES[suite_id]
    if not 1 <= len(recipients) <= limits.MAX_RECIPIENTS:
        raise ValueError("a package has 1 to 32 recipients")
    if len(package_id) != 16 or len(sender_key_id) != limits.KEY_ID_LEN:
        raise ValueError("bad package id or key id")
    file_key = rng(suite.file_key_len)
    salt = rng(16)
    entries = []
    for r in recipients:
        epk, wrapped = suite.wrap(file_key, r.kex_public, rng(32))
        entries.append(r.key_id + epk + wrapped)
    header = limits.HEADER_FIXED.pack(package_id, created_ms, salt, payload_length, len(recipients)) + b"".join(entries)
    preamble = limits.PREAMBLE.pack(limits.MAGIC, limits.FORMAT_VERSION, suite_id, sender_key_id, len(header))
    out = _Out(fh, suite.prehash())
    out.write(preamble)
    out.write(header)
    out.write(suite.header_mac(file_key, preamble + header))
    _write_stream(out, suite.payload_aead(file_key, salt), payload, payload_length)
    out.write(suite.sign(sign_private, out.sha.copy().digest()))
    return Sealed(out.sha.hexdigest(), out.size, package_id, file_key, salt, suite.hash_name)


def _write_stream(out: _Out, aead: Aead, payload: Iterable[bytes], length: int) -> None:
    chunks = limits.chunk_count(length)
    buf = bytearray()
    index = 0
    written = 0
    size = limits.CHUNK_SIZE
    for piece in payload:
        buf += piece
        # every whole chunk but the payload's last, encrypted straight from the buffer
        full, rest = divmod(len(buf), size)
        whole = full if rest or index + full < chunks else full - 1
        if whole > 0:
            with memoryview(buf) as view:
                for k in range(whole):
                    out.write(aead.encrypt(stream_nonce(index, False), view[k * size : (k + 1) * size], None))
                    index += 1
            del buf[: whole * size]
            written += whole * size
    written += len(buf)
    if written != length or index != chunks - 1:
        raise ValueError(f"payload was {written} bytes, the header says {length}")
    out.write(aead.encrypt(stream_nonce(index, True), bytes(buf), None))
