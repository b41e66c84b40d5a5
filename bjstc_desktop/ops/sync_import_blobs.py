"""Attachments arriving in a sync package (ops/sync_import.py, issue 15).

Each content is written to the encrypted blob store (store/blobstore.py) as its data
frames stream past — chunk by chunk, one chunk in memory, never the attachment — unless
the same content is already here under a key this session can read (then it is only
checked by its hash, sync/frames.py). In a data folder a finished blob is fsynced on a
thread of its own while the package is still being read, and `make_durable` waits for
those and syncs the folder before the import's transaction commits; `discard` removes
every file written when it does not. On a hub the blobs are rows of the import's own
transaction: durable with its commit, gone with its rollback."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlalchemy import select

from bjstc_desktop.store.blobstore import BlobSink, BlobStore
from bjstc_desktop.store.models import Attachment
from bjstc_desktop.store.sealing import is_locked
from bjstc_desktop.store.sync_models import SyncBlob
from bjstc_desktop.sync.frames import BlobTarget

BlobRow = tuple[str, bytes, int]  # (blob name, key, size)


class _Known:
    """Content already in the blob store: nothing is written, the row is the copy's."""

    def __init__(self, rows: dict[str, BlobRow], sha: str, row: BlobRow) -> None:
        self._rows, self._sha, self._row = rows, sha, row

    def write(self, data: bytes) -> None:
        """Nothing to write: the content is checked by its hash as it passes."""

    def done(self) -> None:
        """The content matched: keep the known copy's row."""
        self._rows[self._sha] = self._row


class _Incoming:
    """New content, encrypted into the blob store as it arrives."""

    def __init__(self, intake: BlobIntake, sha: str, writer: BlobSink) -> None:
        self._intake, self._sha, self._writer = intake, sha, writer

    def write(self, data: bytes) -> None:
        """The next piece of the content."""
        self._writer.write(data)

    def done(self) -> None:
        """Whole and matching its hash: give the blob its name, sync it on the side."""
        self._intake.finished(self._sha, self._writer)


class BlobIntake:
    """The blob store side of one import, in its store session `s`."""

    def __init__(self, s: Any, store: BlobStore, cipher: str) -> None:
        self._s, self._store, self._cipher = s, store, cipher
        self.rows: dict[str, BlobRow] = {}  # sha-256 → where its content is kept here
        self.written: list[str] = []  # blobs this import wrote: removed if nothing commits
        self._open: BlobSink | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._syncing: list[Future[None]] = []

    def open(self, sha: str, size: int) -> BlobTarget:
        """Where the content `sha` of `size` bytes goes (sync/frames.py BlobOpener)."""
        known = self._known(sha, size)
        if known is not None:
            return _Known(self.rows, sha, known)
        self._open = self._store.writer(self._s, size, sha, self._cipher)
        return _Incoming(self, sha, self._open)

    def _known(self, sha: str, size: int) -> BlobRow | None:
        """A copy of this content already here whose key this session can read (not one
        sealed above the importer) and whose file exists."""
        candidates = [*self._s.execute(select(Attachment).where(Attachment.sha256 == sha,
                                                                Attachment.blob_name.not_like("pending-%"))).scalars(),
                      self._s.get(SyncBlob, sha)]
        known = next((k for k in candidates if k is not None and not is_locked(k) and k.blob_key), None)
        if known is not None and self._store.exists(self._s, known.blob_name):
            return known.blob_name, known.blob_key, size
        return None

    def finished(self, sha: str, writer: BlobSink) -> None:
        """A blob whose content matched its hash: named, kept, and (in a folder) fsynced
        on a thread."""
        stored = writer.finish(durable=False)
        self._open = None
        self.written.append(stored.name)
        self.rows[sha] = (stored.name, stored.key, stored.size)
        if self._store.in_transaction:
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="blob-fsync")
        self._syncing.append(self._pool.submit(self._store.settle, [stored.name]))

    def make_durable(self) -> None:
        """Every blob written is on disk, and so is the folder's entry for it (call
        before the import's transaction commits)."""
        self._stop()
        if self.written and not self._store.in_transaction:
            self._store.settle([])

    def _stop(self) -> None:
        """Wait for the syncs started; the first failure is raised."""
        pending, self._syncing = self._syncing, []
        try:
            for job in pending:
                job.result()
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
                self._pool = None

    def discard(self) -> None:
        """Remove every file this import wrote (it did not commit)."""
        if self._open is not None:
            self._open.discard()
            self._open = None
        try:
            self._stop()
        except OSError:
            pass  # the files go anyway
        finally:
            for name in self.written:
                self._store.remove(name)
