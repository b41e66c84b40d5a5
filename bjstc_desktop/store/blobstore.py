"""Where sealed blobs live: one seam over the two stores (issue 19 point 1).

A blob is an attachment's or a letter's file, sealed by store/blobs.py in 1 MiB chunks
with a key of its own kept in the row that names it. Operations reach blobs only through
the workstation context's `BlobStore` (`ctx.blob_store`), never through a folder:

- `FolderBlobs`: the embedded store's `<data dir>/blobs/<name>`, exactly as before this
  seam (same bytes, same keyed names, same fsync discipline; store/blobs.py does it).
- `HubBlobs` (store/hubblobs.py): the hub's table `hub_blob_chunks`, the same sealed
  bytes one row per chunk, written in the session's transaction, so a blob commits and
  rolls back with the row that names it.

Every method takes the session of the operation's transaction (`s`): the hub writes and
reads through it (its row-level security is the connected role's); the folder ignores it.
Reading with `s=None` is for a reader outside any transaction (a sync export streaming its
package): the hub then reads over a connection of its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from bjstc_desktop.store import blobs
from bjstc_desktop.store.blobs import ATTACHMENT, StoredBlob


class BlobSink(Protocol):
    """One blob being written as its content arrives (one chunk in memory)."""

    def write(self, data: bytes | memoryview) -> None:
        """The next piece of the content (ValueError past the declared size)."""

    def finish(self, durable: bool = True) -> StoredBlob:
        """Seal the last chunk and name the blob; the content was checked by the caller."""

    def discard(self) -> None:
        """Undo an unfinished blob (a no-op once finished)."""


class BlobStore(Protocol):
    """What operations need of the blobs: write as content arrives, read chunk by chunk,
    whether one exists, remove one whose transaction did not commit."""

    in_transaction: bool  # True: blobs commit and roll back with the session (nothing to remove)

    def writer(self, s: Any, size: int, sha256: str, cipher: str) -> BlobSink:
        """A sink for `size` bytes of content whose SHA-256 (hex) is `sha256`."""

    def put(self, s: Any, content: bytes, cipher: str, reuse: tuple[str, bytes] | None = None,
            sha256: str | None = None) -> StoredBlob:
        """Seal `content` whole; `reuse` = (name, key) of a readable blob of the same
        content, kept when it is there instead of writing a copy."""

    def same_content(self, content_sha256: str, data_key: bytes) -> tuple[str, str]:
        """(column, value) that finds a row naming a blob of this content: the keyed
        name on the folder (names are keyed hashes), the content hash on the hub."""

    def read_chunks(self, s: Any | None, name: str, key: bytes, sha256: str,
                    what: tuple[str, str] = ATTACHMENT) -> Iterator[bytes]:
        """The content chunk by chunk, each checked; the whole against `sha256` at the end."""

    def exists(self, s: Any, name: str) -> bool:
        """Whether the blob `name` is there (and, on the hub, readable by the session)."""

    def remove(self, name: str) -> None:
        """Remove a blob written by an operation that did not commit."""

    def settle(self, names: list[str]) -> None:
        """Make blobs written with `finish(durable=False)` durable (before the commit)."""


def read_all(store: BlobStore, s: Any | None, name: str, key: bytes, sha256: str,
             what: tuple[str, str] = ATTACHMENT) -> bytes:
    """A blob's whole content, checked (for callers that need it in memory anyway)."""
    return b"".join(store.read_chunks(s, name, key, sha256, what))


class _FolderSink:
    def __init__(self, writer: blobs.BlobWriter, sha256: str) -> None:
        self._writer, self._sha256 = writer, sha256

    def write(self, data: bytes | memoryview) -> None:
        self._writer.write(data)

    def finish(self, durable: bool = True) -> StoredBlob:
        return self._writer.finish(self._sha256, durable=durable)

    def discard(self) -> None:
        self._writer.discard()


class FolderBlobs:
    """The embedded store's blobs: files in `folder` (store/blobs.py, unchanged)."""

    in_transaction = False

    def __init__(self, folder: Path, data_key: bytes) -> None:
        self.folder, self._data_key = folder, data_key

    def writer(self, s: Any, size: int, sha256: str, cipher: str) -> BlobSink:
        return _FolderSink(blobs.BlobWriter(self.folder, self._data_key, size, cipher), sha256)

    def put(self, s: Any, content: bytes, cipher: str, reuse: tuple[str, bytes] | None = None,
            sha256: str | None = None) -> StoredBlob:
        return blobs.write_blob(self.folder, self._data_key, content, key=reuse[1] if reuse else None,
                                cipher=cipher, sha256=sha256)

    def same_content(self, content_sha256: str, data_key: bytes) -> tuple[str, str]:
        return "blob_name", blobs.name_of_digest(data_key, bytes.fromhex(content_sha256))

    def read_chunks(self, s: Any | None, name: str, key: bytes, sha256: str,
                    what: tuple[str, str] = ATTACHMENT) -> Iterator[bytes]:
        return blobs.read_chunks(self.folder, name, key, sha256, what)

    def exists(self, s: Any, name: str) -> bool:
        return (self.folder / name).exists()

    def remove(self, name: str) -> None:
        with contextlib.suppress(OSError):  # best effort, as every leftover is swept later
            (self.folder / name).unlink(missing_ok=True)

    def settle(self, names: list[str]) -> None:
        blobs.sync_files([self.folder / n for n in names], self.folder)
