"""The frames inside a package's plaintext: `u8 type | u32 length | body`, each length
capped by its type (docs/sync-format.md §Frames). FrameReader parses incrementally,
bounding every length before it buffers the body, and hands each frame on as soon as it
is whole: it never holds more than one frame (and one attachment), so what a package
holds is validated as it streams past, not after it has all been read."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeGuard

from bjstc_desktop.sync import canonical, limits
from bjstc_desktop.sync.refusals import PackageRefused

MANIFEST, REVISION, BLOB_START, BLOB_DATA, END = 1, 2, 3, 4, 5
_MAX = {MANIFEST: limits.MAX_MANIFEST, REVISION: limits.MAX_REVISION, BLOB_START: limits.MAX_BLOB_START,
        BLOB_DATA: limits.MAX_BLOB_DATA, END: limits.MAX_END}


def frame(kind: int, body: bytes) -> bytes:
    """One encoded frame."""
    if len(body) > _MAX[kind]:
        raise ValueError(f"frame type {kind} too long")
    return limits.FRAME_HEADER.pack(kind, len(body)) + body


def json_frame(kind: int, value: Any) -> bytes:
    """A frame holding canonical JSON."""
    return frame(kind, canonical.dumps(value))


def blob_start(sha256: str, size: int, records: list[str]) -> bytes:
    """The BLOB_START frame: the content's hash and size, and the records of this
    package it is attached to at the sender (the only ones it may be linked to)."""
    return json_frame(BLOB_START, {"sha256": sha256, "size": size, "records": sorted(records)})


def blob_frames(sha256: str, content: bytes, records: list[str]) -> Iterator[bytes]:
    """BLOB_START then the content in BLOB_DATA frames of at most 1 MiB."""
    yield blob_start(sha256, len(content), records)
    for i in range(0, len(content), limits.MAX_BLOB_DATA):
        yield frame(BLOB_DATA, content[i : i + limits.MAX_BLOB_DATA])


class EndWriter:
    """Counts and hashes frames as they are produced, then writes the END frame."""

    def __init__(self) -> None:
        self.count = 0
        self.sha = hashlib.sha256()

    def add(self, data: bytes) -> bytes:
        """Pass one encoded frame through."""
        self.count += 1
        self.sha.update(data)
        return data

    def end(self) -> bytes:
        """The END frame."""
        return json_frame(END, {"frames": self.count, "sha256": self.sha.hexdigest()})


@dataclass
class Staged:
    """What is left of a package once it has streamed past: the manifest and the
    attachments (revisions went to their handler one by one)."""

    manifest: dict[str, Any] | None = None
    blobs: dict[str, bytes] = field(default_factory=dict)  # only without a blob sink
    blob_sizes: dict[str, int] = field(default_factory=dict)  # every attachment: sha-256 → size
    blob_records: dict[str, tuple[str, ...]] = field(default_factory=dict)  # sha-256 → the records it belongs to


class BlobTarget(Protocol):
    """Where an attachment's content goes as its BLOB_DATA frames arrive (a sync import:
    the blob store). `done` is called once the content is whole and matches its hash;
    on a refusal it is never called and the caller undoes what `write` made."""

    def write(self, data: bytes) -> None: ...
    def done(self) -> None: ...


BlobOpener = Callable[[str, int], BlobTarget]  # (sha-256, declared size) → where the content goes


@dataclass
class _Blob:
    """The attachment being received: hashed as it comes, kept (buffered mode) or handed on."""

    sha256: str
    size: int
    digest: Any = field(default_factory=hashlib.sha256)
    got: int = 0
    buf: bytearray | None = None
    target: BlobTarget | None = None


def _bad(detail: str, reason: str = "malformed") -> PackageRefused:
    return PackageRefused(reason, detail)


class FrameReader:
    """Incremental frame parser; feed() plaintext chunks, then finish().

    Each REVISION goes to `on_revision` (its canonical JSON parsed, the frame's length
    and the canonical bytes of its body, encoded once for the re-encoding check and
    reused for the revision's id and stored row) as soon as it is whole, and the manifest to `on_manifest`; neither is kept here. With a `blob_sink`,
    each attachment is handed over (sha-256, content) as soon as it is whole and
    checked, and not kept: memory holds at most one attachment, however many the
    package carries. With a `blob_opener`, each attachment's data goes to the target it
    opens frame by frame as it arrives (memory holds one frame), and the target is told
    `done` once the whole content has matched its size and hash."""

    def __init__(self, blob_sink: Callable[[str, bytes], None] | None = None,
                 on_revision: Callable[[dict[str, Any], int, bytes], None] | None = None,
                 on_manifest: Callable[[dict[str, Any]], None] | None = None,
                 blob_opener: BlobOpener | None = None) -> None:
        self.staged = Staged()
        self._sink = blob_sink
        self._opener = blob_opener
        self._on_revision = on_revision
        self._on_manifest = on_manifest
        self._buf = bytearray()
        self._frames = 0
        self._sha = hashlib.sha256()
        self._ended = False
        self._blob: _Blob | None = None

    def feed(self, data: bytes) -> None:
        """Parse every whole frame now in the buffer."""
        if self._ended and data:
            raise _bad("bytes after the END frame")
        self._buf += data
        while len(self._buf) >= limits.FRAME_HEADER.size:
            kind, length = limits.FRAME_HEADER.unpack_from(self._buf, 0)
            if kind not in _MAX:
                raise _bad(f"unknown frame type {kind}")
            if length > _MAX[kind]:
                raise _bad(f"frame type {kind} of {length} bytes", "oversize")
            if len(self._buf) < limits.FRAME_HEADER.size + length:
                break
            self._take(kind, self._cut(kind, length))  # unnamed here: freed as soon as it is parsed

    def _cut(self, kind: int, length: int) -> bytes:
        """The next frame's body, taken out of the buffer (which then never holds a frame
        that was handed on); the frame is hashed in place for the END check."""
        end = limits.FRAME_HEADER.size + length
        with memoryview(self._buf) as view:
            if kind != END:
                self._sha.update(view[:end])
            body = bytes(view[limits.FRAME_HEADER.size : end])  # one copy, out of the buffer
        del self._buf[:end]
        return body

    def _take(self, kind: int, body: bytes) -> None:
        if self._ended:
            raise _bad("a frame after END")
        if kind == END:
            self._end(body)
            return
        self._frames += 1
        if self._frames > limits.MAX_FRAMES:
            raise _bad("too many frames", "oversize")
        if self._blob is not None and kind != BLOB_DATA:
            self._close_blob()
        if self.staged.manifest is None and kind != MANIFEST:
            raise _bad("the manifest must come first")
        if kind == MANIFEST:
            if self.staged.manifest is not None:
                raise _bad("a second manifest")
            self.staged.manifest = self._json(body, limits.MAX_MANIFEST, dict)
            if self._on_manifest is not None:
                self._on_manifest(self.staged.manifest)
        elif kind == REVISION:
            size = len(body)
            doc, body_json = self._revision(body)
            del body  # the raw frame goes before the revision is handled
            if self._on_revision is not None:
                self._on_revision(doc, size, body_json)
        elif kind == BLOB_START:
            self._start_blob(self._json(body, limits.MAX_BLOB_START, dict))
        else:
            self._blob_data(body)

    @staticmethod
    def _revision(body: bytes) -> tuple[dict[str, Any], bytes]:
        """A REVISION frame's object and its body's canonical bytes (b"" when it has none:
        validate.revision refuses it)."""
        try:
            value, part = canonical.loads_part(body, limits.MAX_REVISION, "body")
        except canonical.JsonRejected as exc:
            raise _bad(str(exc)) from None
        if not isinstance(value, dict):
            raise _bad("a frame of the wrong shape")
        return value, part or b""

    @staticmethod
    def _json(body: bytes, cap: int, kind: type) -> Any:
        try:
            value = canonical.loads(body, cap)
        except canonical.JsonRejected as exc:
            raise _bad(str(exc)) from None
        if not isinstance(value, kind):
            raise _bad("a frame of the wrong shape")
        return value

    def _start_blob(self, doc: dict[str, Any]) -> None:
        sha, size, records = doc.get("sha256"), doc.get("size"), doc.get("records")
        if (set(doc) != {"sha256", "size", "records"} or not _is_hex(sha, 64) or not isinstance(size, int)
                or isinstance(size, bool)):
            raise _bad("bad attachment start")
        if (not isinstance(records, list) or not 1 <= len(records) <= limits.MAX_BLOB_RECORDS
                or not all(isinstance(r, str) and _UUID.match(r) for r in records) or records != sorted(set(records))):
            raise _bad("an attachment must name the records it belongs to")
        if not 0 <= size <= limits.MAX_ATTACHMENT:
            raise _bad("attachment too large", "oversize")
        if sha in self.staged.blob_sizes:
            raise _bad("an attachment sent twice")
        self.staged.blob_records[sha] = tuple(records)
        if self._opener is not None:
            self._blob = _Blob(sha, size, target=self._opener(sha, size))
        else:
            self._blob = _Blob(sha, size, buf=bytearray())
        if size == 0:
            self._close_blob()

    def _blob_data(self, body: bytes) -> None:
        blob = self._blob
        if blob is None:
            raise _bad("attachment data without a start")
        blob.got += len(body)
        if blob.got > blob.size:
            raise _bad("attachment longer than declared", "oversize")
        blob.digest.update(body)
        if blob.buf is not None:
            blob.buf += body
        if blob.target is not None:
            blob.target.write(body)
        if blob.got == blob.size:
            self._close_blob()

    def _close_blob(self) -> None:
        blob = self._blob
        assert blob is not None
        self._blob = None
        if blob.got != blob.size:
            raise _bad("attachment shorter than declared")
        if blob.digest.hexdigest() != blob.sha256:
            raise _bad("attachment does not match its hash")
        self.staged.blob_sizes[blob.sha256] = blob.size
        if blob.target is not None:
            blob.target.done()
        elif self._sink is not None:
            assert blob.buf is not None
            self._sink(blob.sha256, bytes(blob.buf))
        else:
            assert blob.buf is not None
            self.staged.blobs[blob.sha256] = bytes(blob.buf)

    def _end(self, body: bytes) -> None:
        if self._blob is not None:
            self._close_blob()
        doc = self._json(body, limits.MAX_END, dict)
        if doc != {"frames": self._frames, "sha256": self._sha.hexdigest()}:
            raise _bad("the END frame does not match the frames")
        self._ended = True

    def finish(self) -> Staged:
        """The staged content; refuses a payload that stops before its END frame."""
        if not self._ended or self._buf:
            raise _bad("the payload stops before its END frame")
        if self.staged.manifest is None:
            raise _bad("no manifest")
        return self.staged


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _is_hex(value: Any, length: int) -> TypeGuard[str]:
    return isinstance(value, str) and len(value) == length and all(c in "0123456789abcdef" for c in value)
