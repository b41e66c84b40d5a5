"""Attachments as encrypted blobs.

Each file is encrypted with its own random key (kept in store.db, which is encrypted) in
1 MiB chunks — ChaCha20-Poly1305 (magic BJSTCBLB1, 32-byte key), or SM4-GCM (magic
BJSTCBLB2, 16-byte key) on a workstation that prefers the gm-1 suite — whose nonces
carry the chunk index and a last-chunk flag,
so chunks cannot be reordered, dropped or cut off unnoticed. The blob's file name is an
HMAC of the content's SHA-256 under a key derived from the data key: equal files share
one blob on this workstation, but a name reveals nothing about the content to anyone
else. (Before issue 15 the HMAC ran over the content itself, a second pass over every
byte; those blobs keep their names, which are only ever read from the store.)

BlobWriter writes a blob as its content arrives (a sync import: one chunk in memory,
never the attachment); read_chunks reads one back chunk by chunk (a sync export).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bjstc_desktop.core.errors import IntegrityError, RefusedError
from bjstc_desktop.store import gm
from bjstc_desktop.store.atomicfile import fsync_dir
from bjstc_desktop.store.engine import classify_os_error

CHUNK = 1 << 20
MAGIC = b"BJSTCBLB1"  # ChaCha20-Poly1305
SM4_MAGIC = b"BJSTCBLB2"  # SM4-GCM
CHACHA, SM4 = "chacha20-poly1305", "sm4-gcm"


class _Aead(Protocol):
    """What both ciphers offer (cryptography's ChaCha20Poly1305 and gm.Sm4Gcm)."""

    def encrypt(self, nonce: bytes, data: bytes | memoryview, associated_data: bytes | None) -> bytes: ...
    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes: ...


_CIPHERS: dict[str, tuple[bytes, int, Callable[[bytes], _Aead]]] = {CHACHA: (MAGIC, 32, ChaCha20Poly1305), SM4: (SM4_MAGIC, gm.SM4_KEY_LEN, gm.Sm4Gcm)}
_BY_MAGIC = {magic: (length, make) for magic, length, make in _CIPHERS.values()}
MAX_ATTACHMENT = 512 * 1024 * 1024


def naming_key(data_key: bytes) -> bytes:
    """The key that names blobs (separate from every other use of the data key)."""
    # v2: names over the content's hash. A key of its own, so no v1 name (an HMAC over
    # some content) can ever equal a v2 name of other content.
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"bjstc blob names v2").derive(data_key)


def blob_name(data_key: bytes, content: bytes) -> str:
    """The keyed hash naming a blob."""
    return name_of_digest(data_key, hashlib.sha256(content).digest())


def name_of_digest(data_key: bytes, sha256: bytes) -> str:
    """The keyed name of the content whose SHA-256 is `sha256` (raw 32 bytes)."""
    return hmac.new(naming_key(data_key), sha256, hashlib.sha256).hexdigest()


def _nonce(index: int, last: bool) -> bytes:
    return struct.pack(">IQ", 1 if last else 0, index)


def chunk_nonce(index: int, last: bool) -> bytes:
    """The nonce of chunk `index` (its last-chunk flag included): for another store of
    the same sealed chunks (store/hubblobs.py)."""
    return _nonce(index, last)


def new_aead(cipher: str) -> tuple[bytes, bytes, _Aead]:
    """(magic, a fresh random key, its AEAD) for a new blob sealed with `cipher`."""
    magic, key_len, make = _CIPHERS[cipher]
    key = os.urandom(key_len)
    return magic, key, make(key)


def aead_of(magic: bytes, key: bytes) -> _Aead | None:
    """The AEAD of a blob whose file begins with `magic`, or None (not a blob's magic,
    or a key of the wrong length)."""
    if magic not in _BY_MAGIC or len(key) != _BY_MAGIC[magic][0]:
        return None
    return _BY_MAGIC[magic][1](key)


@dataclass(frozen=True)
class StoredBlob:
    """Where a blob went and what it holds."""

    name: str
    key: bytes
    sha256: str
    size: int


def write_blob(blobs_dir: Path, data_key: bytes, content: bytes, key: bytes | None = None,
               cipher: str = CHACHA, sha256: str | None = None) -> StoredBlob:
    """Encrypt `content` into blobs/<name> with `cipher` (temporary name, fsync,
    rename). Reuses an existing blob of the same content when its key is given;
    without it, never overwrites one. `sha256`: the content's hash when the caller has
    just checked it (a sync package's attachment), so it is not computed again."""
    if len(content) > MAX_ATTACHMENT:
        raise RefusedError("附件过大（最大 512 MB）。", "The attachment is too large (at most 512 MB).")
    digest = sha256 or hashlib.sha256(content).hexdigest()
    name = name_of_digest(data_key, bytes.fromhex(digest))
    if key is not None and (blobs_dir / name).exists():
        return StoredBlob(name, key, digest, len(content))
    writer = BlobWriter(blobs_dir, data_key, len(content), cipher)
    try:
        with memoryview(content) as view:
            for i in range(0, len(content), CHUNK):
                writer.write(view[i : i + CHUNK])
        return writer.finish(digest)
    finally:
        writer.discard()


class ChunkedContent:
    """Content of a size declared in advance, cut into CHUNK pieces as it arrives; each
    whole piece goes to `_seal` at once (the last at the writer's `finish`). Memory holds
    one chunk. Shared by the folder's BlobWriter and the hub's HubSink."""

    size: int

    def _start(self, size: int) -> None:
        if not 0 <= size <= MAX_ATTACHMENT:
            raise RefusedError("附件过大（最大 512 MB）。", "The attachment is too large (at most 512 MB).")
        self.size = size
        self._chunks = max(1, -(-size // CHUNK))
        self._index = self._got = 0
        self._buf = bytearray()

    def write(self, data: bytes | memoryview) -> None:
        """The next piece of the content (ValueError past the declared size)."""
        self._got += len(data)
        if self._got > self.size:
            raise ValueError("more content than the declared size")
        if not self._buf and len(data) == CHUNK and self._index < self._chunks - 1:
            self._seal(data, last=False)  # a whole chunk as it came: no copy
            return
        self._buf += data
        while len(self._buf) >= CHUNK and self._index < self._chunks - 1:
            self._seal(bytes(self._buf[:CHUNK]), last=False)
            del self._buf[:CHUNK]

    def _seal(self, chunk: bytes | memoryview, last: bool) -> None:
        raise NotImplementedError


class BlobWriter(ChunkedContent):
    """One blob of a size known in advance, written as its content arrives: each 1 MiB
    chunk encrypted and written as soon as it is whole, into a temporary file (0600)
    that `finish` renames to the blob's keyed name. Memory holds one chunk. `discard`
    removes what an unfinished writer wrote (a no-op once finished)."""

    def __init__(self, blobs_dir: Path, data_key: bytes, size: int, cipher: str = CHACHA) -> None:
        self._start(size)
        self._dir, self._data_key = blobs_dir, data_key
        self._magic, key_len, make = _CIPHERS[cipher]
        self.key = os.urandom(key_len)
        self._aead = make(self.key)
        self.path: Path | None = blobs_dir / f".incoming-{os.urandom(8).hex()}.{os.getpid()}.tmp"
        try:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # never readable by others
            self._fh: BinaryIO | None = os.fdopen(fd, "wb")
            self._fh.write(self._magic)
        except OSError as exc:
            self.discard()
            raise classify_os_error(exc, blobs_dir.parent) from exc

    def _seal(self, chunk: bytes | memoryview, last: bool) -> None:
        assert self._fh is not None, "finished or discarded"
        try:
            self._fh.write(self._aead.encrypt(_nonce(self._index, last), chunk, self._magic))
        except OSError as exc:
            raise classify_os_error(exc, self._dir.parent) from exc
        self._index += 1

    def finish(self, sha256: str, durable: bool = True) -> StoredBlob:
        """Seal the last chunk and give the file its name: the keyed hash of `sha256`, the
        content's SHA-256 (hex), which the caller has checked. `durable`: fsync the file
        and the folder now; without, the caller syncs before it relies on the blob
        (sync/import: all of a package's blobs before its transaction commits)."""
        if self._got != self.size:
            raise ValueError("less content than the declared size")
        self._seal(bytes(self._buf), last=True)
        self._buf = bytearray()
        assert self._fh is not None and self.path is not None
        name = name_of_digest(self._data_key, bytes.fromhex(sha256))
        target = self._dir / name
        try:
            self._fh.flush()
            if durable:
                os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None
            if target.exists():
                # The same content under a key this session does not hold (an attachment of a case
                # above the user's level): a copy of its own, never the other file replaced.
                name = f"{name}-{os.urandom(8).hex()}"
                target = self._dir / name
            os.replace(self.path, target)
            self.path = None
            if durable:
                fsync_dir(self._dir)
        except OSError as exc:
            raise classify_os_error(exc, self._dir.parent) from exc
        return StoredBlob(name, self.key, sha256, self.size)

    def discard(self) -> None:
        """Close and remove an unfinished blob's temporary file."""
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


def sync_files(paths: list[Path], folder: Path) -> None:
    """fsync each file, then the folder (blobs written with `finish(durable=False)`)."""
    try:
        for path in paths:
            fd = os.open(path, os.O_RDWR)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    except OSError as exc:
        raise classify_os_error(exc, folder.parent) from exc
    fsync_dir(folder)


ATTACHMENT = ("附件", "attachment")
LETTER_COPY = ("公文副本", "letter copy")


def read_blob(blobs_dir: Path, name: str, key: bytes, sha256: str, what: tuple[str, str] = ATTACHMENT) -> bytes:
    """Decrypt a blob and check it is whole and unaltered; `what` names it in messages
    (an attachment, a letter's copy)."""
    return b"".join(read_chunks(blobs_dir, name, key, sha256, what))


def read_chunks(blobs_dir: Path, name: str, key: bytes, sha256: str,
                what: tuple[str, str] = ATTACHMENT) -> Iterator[bytes]:
    """A blob's content chunk by chunk (at most 1 MiB each; one empty chunk for empty
    content), each checked by its tag as it is read; after the last, the whole against
    `sha256`. IntegrityError (naming `what`) when the file is missing, altered, cut or
    not the content registered — possibly after chunks were given: a caller that passes
    them on must undo what it made of them."""
    zh, en = what
    try:
        fh = (blobs_dir / name).open("rb")
    except FileNotFoundError:
        raise IntegrityError(f"{zh}文件缺失。", f"The {en}'s file is missing.") from None
    with fh:
        body_len = os.fstat(fh.fileno()).st_size - len(MAGIC)
        magic = fh.read(len(MAGIC))
        yield from open_sealed(magic, key, _file_pieces(fh, body_len), sha256, what)


def _file_pieces(fh: BinaryIO, body_len: int) -> Iterator[tuple[bytes, bool]]:
    """A blob file's sealed chunks after its magic, each with whether it is the last (the
    file's length says where the last begins)."""
    pos, step = 0, CHUNK + 16
    while True:
        last = pos + step >= body_len
        yield fh.read(step), last
        if last:
            return
        pos += step


def open_sealed(magic: bytes, key: bytes, pieces: Iterable[tuple[bytes, bool]], sha256: str,
                what: tuple[str, str] = ATTACHMENT) -> Iterator[bytes]:
    """The content of a blob sealed with `magic`'s cipher and `key`, from its sealed chunks
    in order, each with whether it is the last: each opened and checked by its tag as it
    comes (the nonce carries the index and the last-chunk flag, so a chunk moved, dropped
    or cut off fails), the whole against `sha256` after the last. One loop for every store
    of the same sealed bytes (a folder's file here, the hub's rows: store/hubblobs.py).
    IntegrityError naming `what`: an unknown magic or a key of the wrong length
    ("damaged"), a chunk that fails its tag ("altered or incomplete"), another content
    ("does not match")."""
    zh, en = what
    aead = aead_of(magic, key)
    if aead is None:
        raise IntegrityError(f"{zh}文件已损坏。", f"The {en}'s file is damaged.")
    digest = hashlib.sha256()
    for index, (piece, last) in enumerate(pieces):
        try:
            plain = aead.decrypt(_nonce(index, last), piece, magic)
        except InvalidTag:
            raise IntegrityError(f"{zh}文件已被改动或不完整。",
                                 f"The {en}'s file was altered or is incomplete.") from None
        digest.update(plain)
        yield plain
    if digest.hexdigest() != sha256:
        raise IntegrityError(f"{zh}内容与登记不符。", f"The {en} does not match its record.")
