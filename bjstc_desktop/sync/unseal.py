"""Read a package container in the order docs/sync-format.md §Reading fixes: preamble →
pinned sender key → signature over the whole file → header → my recipient entry →
header MAC → every chunk. Nothing inside is parsed before the signature verifies, and
the plaintext goes only to the caller's sink; the file is hashed again as it is
decrypted, so a medium rewritten after the signature verified is caught before the
caller's transaction commits."""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from bjstc_desktop.sync import limits
from bjstc_desktop.sync.hash_behind import HashBehind
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.suite import WrapFailed, stream_nonce
from bjstc_desktop.sync.suites import SUITES, Suite

_BLOCK = 1024 * 1024
_GROUP = 16  # STREAM chunks read at a time on the decrypting pass (~1 MiB)


@dataclass(frozen=True)
class Outer:
    """The verified outer layer of a package."""

    suite_id: int
    sender_key_id: bytes
    package_id: bytes
    created_ms: int
    payload_salt: bytes
    payload_length: int
    recipient_key_ids: tuple[bytes, ...]
    entries: tuple[tuple[bytes, bytes, bytes], ...]  # (key id, ephemeral public, wrapped key)
    header_len: int
    size: int
    digest: bytes  # the signed prehash
    file_hash: str  # the whole file's hash in the suite's hash (its identity in the journal)

    @property
    def hash_name(self) -> str:
        """"sha256" (intl-1) or "sm3" (gm-1): the hash of `file_hash` and `digest`."""
        return SUITES[self.suite_id].hash_name


class PackageReader:
    """One package file, read in two verified passes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.outer: Outer | None = None
        self._preamble = b""
        self._header = b""

    def _open(self) -> BinaryIO:
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise PackageRefused("unreadable", str(exc.strerror)) from None

    def verify(self, sender_public: Callable[[int, bytes], bytes], offered: frozenset[int] | None = None) -> Outer:
        """Check the preamble — the suite must be one this node `offered` (default: any
        it implements) —, find the pinned sender key of that suite by key id
        (`sender_public(suite id, key id)` raises PackageRefused for an unknown or revoked
        sender) and verify the signature over everything before it; then parse the
        (bounded) header."""
        try:
            size = os.stat(self.path).st_size
        except OSError as exc:
            raise PackageRefused("unreadable", str(exc.strerror)) from None
        with self._open() as fh:
            preamble = fh.read(limits.PREAMBLE_LEN)
            if len(preamble) < limits.PREAMBLE_LEN or preamble[:8] != limits.MAGIC:
                raise PackageRefused("not_a_package")
            _, version, suite_id, sender_kid, header_len = limits.PREAMBLE.unpack(preamble)
            if limits.OLDEST_FORMAT_SEEN <= version < limits.FORMAT_VERSION:
                raise PackageRefused("format_too_old", f"version {version}")
            if version != limits.FORMAT_VERSION:
                raise PackageRefused("format_unsupported", f"version {version}")
            if suite_id not in SUITES:
                raise PackageRefused("suite_unsupported", f"suite {suite_id}")
            if offered is not None and suite_id not in offered:
                name = SUITES[suite_id].name
                raise PackageRefused("suite_not_offered", name, f"（{name}）。", f" ({name}).")
            if size > limits.MAX_PACKAGE:
                raise PackageRefused("too_large")
            public = sender_public(suite_id, sender_kid)
            suite = SUITES[suite_id]
            smallest = (limits.PREAMBLE_LEN + limits.header_length(1, suite.recipient_len) + limits.HEADER_MAC_LEN
                        + limits.TAG_LEN + limits.SIGNATURE_LEN)
            if size < smallest:
                raise PackageRefused("altered", "shorter than the smallest package")
            running = suite.prehash()
            running.update(preamble)
            self._hash_until(fh, running, size - limits.SIGNATURE_LEN - limits.PREAMBLE_LEN)
            signature = fh.read(limits.SIGNATURE_LEN)
            digest = running.digest()
            whole = running.copy()  # the same hash over the signature too: the file's SHA-256
            whole.update(signature)
            if len(signature) != limits.SIGNATURE_LEN or not suite.verify(public, signature, digest):
                raise PackageRefused("altered", "signature")
        self._preamble = preamble
        self.outer = self._parse_header(suite, suite_id, sender_kid, header_len, size, digest, whole.hexdigest())
        return self.outer

    @staticmethod
    def _hash_until(fh: BinaryIO, running: Any, count: int) -> None:
        left = count
        while left > 0:
            block = fh.read(min(_BLOCK, left))
            if not block:
                raise PackageRefused("altered", "short read")
            running.update(block)
            left -= len(block)

    def _parse_header(self, suite: Suite, suite_id: int, sender_kid: bytes, header_len: int, size: int,
                      digest: bytes, file_hash: str) -> Outer:
        if not limits.HEADER_FIXED_LEN < header_len <= limits.header_length(limits.MAX_RECIPIENTS, suite.recipient_len):
            raise PackageRefused("malformed", "header length")
        with self._open() as fh:
            fh.seek(limits.PREAMBLE_LEN)
            header = fh.read(header_len)
        if len(header) != header_len:
            raise PackageRefused("changed_while_reading")
        package_id, created_ms, salt, payload_len, count = limits.HEADER_FIXED.unpack_from(header)
        if not 1 <= count <= limits.MAX_RECIPIENTS or header_len != limits.header_length(count, suite.recipient_len):
            raise PackageRefused("malformed", "recipient count")
        entries = []
        for i in range(count):
            at = limits.HEADER_FIXED_LEN + i * suite.recipient_len
            raw = header[at : at + suite.recipient_len]
            split = 8 + suite.ephemeral_len  # key id | ephemeral (X25519 key or SM2 C1) | wrapped key
            entries.append((raw[:8], raw[8:split], raw[split:]))
        kids = [e[0] for e in entries]
        if len(set(kids)) != len(kids):
            raise PackageRefused("malformed", "a recipient is listed twice")
        body = size - limits.PREAMBLE_LEN - header_len - limits.HEADER_MAC_LEN - limits.SIGNATURE_LEN
        if payload_len > limits.MAX_PACKAGE or body != limits.ciphertext_length(payload_len):
            raise PackageRefused("malformed", "payload length")
        self._header = header
        return Outer(suite_id, sender_kid, package_id, created_ms, salt, payload_len, tuple(kids), tuple(entries),
                     header_len, size, digest, file_hash)

    def decrypt(self, my_key_id: bytes, kex_private: bytes, sink: Callable[[bytes], None]) -> None:
        """Open my recipient entry, check the header MAC and decrypt every chunk into
        `sink`. Raises PackageRefused; the caller discards what the sink staged."""
        outer = self.outer
        assert outer is not None, "verify() first"
        suite = SUITES[outer.suite_id]
        mine = [e for e in outer.entries if e[0] == my_key_id]
        if not mine:
            raise PackageRefused("wrong_recipient")
        try:
            file_key = suite.unwrap(kex_private, mine[0][1], mine[0][2])
        except WrapFailed:
            raise PackageRefused("header_altered", "recipient entry does not open") from None
        with self._open() as fh:
            prehash = suite.prehash()
            head = fh.read(limits.PREAMBLE_LEN + outer.header_len)
            mac = fh.read(limits.HEADER_MAC_LEN)
            prehash.update(head + mac)
            if head != self._preamble + self._header:
                raise PackageRefused("changed_while_reading")
            if not hmac.compare_digest(mac, suite.header_mac(file_key, head)):
                raise PackageRefused("header_altered", "header MAC")
            aead = suite.payload_aead(file_key, outer.payload_salt)
            with HashBehind(prehash) as behind:  # the file hashed beside the decryption
                self._decrypt_chunks(fh, outer, aead, behind, sink)
            prehash = behind.result()
        if prehash.digest() != outer.digest:
            raise PackageRefused("changed_while_reading")

    @staticmethod
    def _decrypt_chunks(fh: BinaryIO, outer: Outer, aead: Any, behind: HashBehind, sink: Callable[[bytes], None]) -> None:
        """Every chunk in order, read `_GROUP` at a time (one read and one block for the
        running hash per group, each chunk decrypted from a view of it)."""
        chunks = limits.chunk_count(outer.payload_length)
        remaining = limits.ciphertext_length(outer.payload_length)
        full = limits.CHUNK_SIZE + limits.TAG_LEN
        for first in range(0, chunks, _GROUP):
            count = min(_GROUP, chunks - first)
            want = min(count * full, remaining)
            group = fh.read(want)
            remaining -= want
            behind.update(group)
            with memoryview(group) as view:
                for k in range(count):
                    index = first + k
                    block = view[k * full : (k + 1) * full]
                    if len(block) != min(full, want - k * full):  # the file got shorter since it was verified
                        raise PackageRefused("changed_while_reading")
                    try:
                        plain = aead.decrypt(stream_nonce(index, index == chunks - 1), block, None)
                    except Exception:  # InvalidTag
                        raise PackageRefused("chunk_altered", f"chunk {index}") from None
                    if not plain and outer.payload_length:
                        raise PackageRefused("chunk_altered", "empty chunk")
                    sink(plain)
