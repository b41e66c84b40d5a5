"""The hub's blobs in its database (issue 19 point 1; docs/hub.md "Where the blobs live").

A blob is stored exactly as store/blobs.py seals it into a file, cut at its chunks: one
row of `hub_blob_chunks(name, idx, chunk)` per sealed 1 MiB chunk, the first row carrying
the file's magic before its chunk, so the rows in order are the file byte for byte (a
node folder's blob is adopted by copying, and a row is never more than 1 MiB + 25 bytes:
each statement and each read holds one chunk, never the attachment).

The rows are written through the operation's session, so they commit with the row that
names the blob (an attachment, a letter, a sync blob) or not at all: a failed, cancelled
or killed transaction leaves no chunk behind and there is nothing to sweep. Who reads
them is the database's to say (store/hubroles.py: a role sees a blob's rows only while
it may see a row naming it); officers may add rows, never change or delete one.

A new blob gets a random name (64 hex digits, the width of the naming columns), not the
folder's keyed hash of its content: a name tells nothing, cannot be guessed from a
content (an officer holds the data key the folder's names are keyed with), and never
collides with a blob the writer cannot see. Equal contents are still stored once when
the writer can read the other copy's key (found by the content hash: `same_content`).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import IntegrityError, RefusedError
from bjstc_desktop.store import blobs, hubroles
from bjstc_desktop.store.blobs import ATTACHMENT, CHUNK, MAGIC, MAX_ATTACHMENT, StoredBlob

TABLE = "hub_blob_chunks"
_INSERT = text(f"INSERT INTO {TABLE} (name, idx, chunk) VALUES (:n, :i, :c)")
_LAST = text(f"SELECT max(idx) FROM {TABLE} WHERE name = :n")
_ONE = text(f"SELECT chunk FROM {TABLE} WHERE name = :n AND idx = :i")


def new_name() -> str:
    """A fresh random blob name (64 hex digits)."""
    return secrets.token_hex(32)


class HubSink(blobs.ChunkedContent):
    """One blob written into the session's transaction as its content arrives: each
    1 MiB chunk sealed (store/blobs.py's cipher and nonces) and inserted as soon as it is
    whole. Memory holds one chunk. Nothing to discard: the rows go with a rollback."""

    def __init__(self, s: Session, size: int, sha256: str, cipher: str) -> None:
        self._start(size)
        self._s, self._sha256 = s, sha256
        self._magic, self.key, self._aead = blobs.new_aead(cipher)
        self.name = new_name()

    def _seal(self, chunk: bytes | memoryview, last: bool) -> None:
        sealed = self._aead.encrypt(blobs.chunk_nonce(self._index, last), chunk, self._magic)
        row = self._magic + sealed if self._index == 0 else sealed
        self._s.execute(_INSERT, {"n": self.name, "i": self._index, "c": row})
        self._index += 1

    def finish(self, durable: bool = True) -> StoredBlob:
        """Seal the last chunk; the blob is the transaction's (durable at its commit)."""
        if self._got != self.size:
            raise ValueError("less content than the declared size")
        self._seal(bytes(self._buf), last=True)
        self._buf = bytearray()
        return StoredBlob(self.name, self.key, self._sha256, self.size)

    def discard(self) -> None:
        """Nothing: the rows written go with the transaction's rollback."""


class HubBlobs:
    """The hub's blobs (`hub_blob_chunks`), through the operation's session; `read` opens
    a read transaction for a reader outside one (Store.read). `node_folder`: the node
    folder's blobs/ of a hub made before hub_blob_chunks, read (never written) for a blob
    the table does not hold yet, until `bjstc hub adopt-blobs` has moved it (only on the
    machine that holds the node folder, as before this step)."""

    in_transaction = True

    def __init__(self, read: Callable[[], contextlib.AbstractContextManager[Session]],
                 node_folder: Path | None = None) -> None:
        self._read, self._node_folder = read, node_folder

    def writer(self, s: Any, size: int, sha256: str, cipher: str) -> HubSink:
        return HubSink(s, size, sha256, cipher)

    def put(self, s: Any, content: bytes, cipher: str, reuse: tuple[str, bytes] | None = None,
            sha256: str | None = None) -> StoredBlob:
        if len(content) > MAX_ATTACHMENT:
            raise RefusedError("附件过大（最大 512 MB）。", "The attachment is too large (at most 512 MB).")
        digest = sha256 or hashlib.sha256(content).hexdigest()
        if reuse is not None and self.exists(s, reuse[0]):
            return StoredBlob(reuse[0], reuse[1], digest, len(content))
        sink = HubSink(s, len(content), digest, cipher)
        with memoryview(content) as view:
            for i in range(0, len(content), CHUNK):
                sink.write(view[i : i + CHUNK])
        return sink.finish()

    def same_content(self, content_sha256: str, data_key: bytes) -> tuple[str, str]:
        return "sha256", content_sha256

    def read_chunks(self, s: Any | None, name: str, key: bytes, sha256: str,
                    what: tuple[str, str] = ATTACHMENT) -> Iterator[bytes]:
        if s is not None:
            yield from self._chunks_or_node_file(s, name, key, sha256, what)
            return
        with self._read() as own:
            yield from self._chunks_or_node_file(own, name, key, sha256, what)

    def _chunks_or_node_file(self, s: Session, name: str, key: bytes, sha256: str,
                             what: tuple[str, str]) -> Iterator[bytes]:
        if self._node_folder is not None and not self.exists(s, name) and (self._node_folder / name).is_file():
            yield from blobs.read_chunks(self._node_folder, name, key, sha256, what)  # not adopted yet
            return
        yield from _chunks(s, name, key, sha256, what)

    def exists(self, s: Any, name: str) -> bool:
        return s.execute(_ONE, {"n": name, "i": 0}).first() is not None

    def remove(self, name: str) -> None:
        """Nothing: a blob of a transaction that did not commit went with its rollback."""

    def settle(self, names: list[str]) -> None:
        """Nothing: the rows are durable when the transaction commits."""


def _chunks(s: Session, name: str, key: bytes, sha256: str, what: tuple[str, str]) -> Iterator[bytes]:
    """store/blobs.py `open_sealed` over the rows: one row per query, so memory holds one
    chunk. A missing blob (or one the session's role may not see) is "missing"."""
    zh, en = what
    last = s.execute(_LAST, {"n": name}).scalar()
    if last is None:
        raise IntegrityError(f"{zh}文件缺失。", f"The {en}'s file is missing.")
    first = _row(s, name, 0, what)
    yield from blobs.open_sealed(first[: len(MAGIC)], key, _row_pieces(s, name, first[len(MAGIC):], int(last), what),
                                 sha256, what)


def _row_pieces(s: Session, name: str, first: bytes, last: int,
                what: tuple[str, str]) -> Iterator[tuple[bytes, bool]]:
    """The blob's sealed chunks in order (the first already read, its magic cut off), each
    with whether it is the last; a row missing in between is "altered or incomplete"."""
    yield first, last == 0
    for index in range(1, last + 1):
        yield _row(s, name, index, what), index == last


def _row(s: Session, name: str, index: int, what: tuple[str, str]) -> bytes:
    row = s.execute(_ONE, {"n": name, "i": index}).scalar()
    if row is None:
        zh, en = what
        raise IntegrityError(f"{zh}文件已被改动或不完整。", f"The {en}'s file was altered or is incomplete.")
    return bytes(row)


def copy_node_file(s: Session, path: Path) -> int:
    """A node folder's blob file (checked by the caller) as chunk rows of the same name,
    cut at its sealed chunks (the first with the magic), one chunk in memory; its size."""
    step = blobs.CHUNK + 16  # a sealed chunk and its tag
    size = 0
    with path.open("rb") as fh:
        piece, idx = fh.read(len(blobs.MAGIC) + step), 0
        while piece:
            s.execute(_INSERT, {"n": path.name, "i": idx, "c": piece})
            size += len(piece)
            piece, idx = fh.read(step), idx + 1
    return size


def rename(s: Session, old: str) -> str | None:
    """Give the blob `old` a fresh random name (`new_name`): its chunks and every row
    naming it (attachments, letters' two copies, sync blobs) in the session's transaction,
    so no row is ever left naming a name no chunk has. The sealed chunks are unchanged:
    the name is not part of what a chunk's tag covers (the magic, the index and the
    last-chunk flag are). Only the owner's session may do it (his role alone updates
    chunks and sees every naming row: an officer's would leave rows he cannot see behind).
    The new name, or None when no chunk is named `old` (renamed already)."""
    new = new_name()
    conn = s.connection()
    if not conn.execute(text(f"UPDATE {TABLE} SET name = :new WHERE name = :old"), {"new": new, "old": old}).rowcount:
        return None
    for table, columns in hubroles.BLOB_NAMERS:
        for column in columns:
            conn.execute(text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old"), {"new": new, "old": old})
    return new


def sweep_unnamed(conn: Connection) -> int:
    """Remove the chunks of blobs no committed row names; the number of rows removed. The
    program writes a blob in the transaction of the row naming it, so only junk inserted
    at psql is ever unnamed (an officer may INSERT chunks; nobody reads them). Chunks of a
    transaction still running are invisible here, so nothing being written is touched.
    Meaningful only on the owner's connection, which sees every naming row (under
    another role a blob of a case he cannot see would look unnamed: RLS keeps it from him
    anyway, as his role may delete no chunk)."""
    return int(conn.execute(text(f"DELETE FROM {TABLE} WHERE NOT ({hubroles.blob_readable()})")).rowcount or 0)
