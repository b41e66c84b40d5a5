"""Blobs written as their content arrives (BlobWriter, a sync import) and read chunk by
chunk (read_chunks, a sync export): the same files, names and checks as whole-content
write_blob/read_blob, one chunk in memory."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import IntegrityError
from bjstc_desktop.store import blobs

KEY = b"\x07" * 32


def _pieces(content: bytes, sizes: list[int]) -> list[bytes]:
    out, at, i = [], 0, 0
    while at < len(content):
        step = sizes[i % len(sizes)]
        out.append(content[at : at + step])
        at += step
        i += 1
    return out


@pytest.mark.parametrize("cipher", [blobs.CHACHA, blobs.SM4])
@pytest.mark.parametrize("size", [0, 1, blobs.CHUNK - 1, blobs.CHUNK, 2 * blobs.CHUNK, 2 * blobs.CHUNK + 7])
def test_a_streamed_blob_reads_back_and_is_named_as_a_whole_one(tmp_path: Path, cipher: str, size: int) -> None:
    content = os.urandom(size)
    sha = hashlib.sha256(content).hexdigest()
    writer = blobs.BlobWriter(tmp_path, KEY, size, cipher)
    for piece in _pieces(content, [1, blobs.CHUNK, 333_333, 2 * blobs.CHUNK + 1]):
        writer.write(piece)
    stored = writer.finish(sha)
    assert stored.name == blobs.blob_name(KEY, content) and stored.size == size and stored.sha256 == sha
    assert [p.name for p in tmp_path.iterdir()] == [stored.name]  # no temporary file left
    assert blobs.read_blob(tmp_path, stored.name, stored.key, sha) == content
    chunks = list(blobs.read_chunks(tmp_path, stored.name, stored.key, sha))
    assert b"".join(chunks) == content and all(len(c) <= blobs.CHUNK for c in chunks)
    # the whole-content writer makes a file of the same layout (same name: the same content)
    other = tmp_path / "whole"
    other.mkdir()
    again = blobs.write_blob(other, KEY, content, cipher=cipher)
    assert again.name == stored.name
    assert blobs.read_blob(tmp_path, stored.name, stored.key, sha) == blobs.read_blob(other, again.name, again.key, sha)
    assert (tmp_path / stored.name).stat().st_size == (other / again.name).stat().st_size


def test_more_or_less_than_declared_is_refused_and_discard_leaves_nothing(tmp_path: Path) -> None:
    writer = blobs.BlobWriter(tmp_path, KEY, 10)
    writer.write(b"12345")
    with pytest.raises(ValueError):
        writer.finish(hashlib.sha256(b"12345").hexdigest())
    with pytest.raises(ValueError):
        writer.write(b"123456")
    writer.discard()
    assert list(tmp_path.iterdir()) == []


def test_a_streamed_blob_never_replaces_another_file_of_that_name(tmp_path: Path) -> None:
    content = b"same content" * 1000
    sha = hashlib.sha256(content).hexdigest()
    first = blobs.write_blob(tmp_path, KEY, content)
    writer = blobs.BlobWriter(tmp_path, KEY, len(content))
    writer.write(content)
    second = writer.finish(sha)
    assert second.name != first.name and second.name.startswith(first.name + "-")
    assert blobs.read_blob(tmp_path, first.name, first.key, sha) == content
    assert blobs.read_blob(tmp_path, second.name, second.key, sha) == content


def test_chunks_read_from_a_blob_of_other_content_end_in_a_refusal(tmp_path: Path) -> None:
    stored = blobs.write_blob(tmp_path, KEY, b"what is kept" * 100_000)
    reader = blobs.read_chunks(tmp_path, stored.name, stored.key, hashlib.sha256(b"registered").hexdigest())
    with pytest.raises(IntegrityError):
        list(reader)


def _sealed_pieces(path: Path) -> tuple[bytes, list[bytes]]:
    """A blob file cut as its writer sealed it: (magic, sealed chunks)."""
    data = path.read_bytes()
    body, step = data[len(blobs.MAGIC):], blobs.CHUNK + 16
    return data[: len(blobs.MAGIC)], [body[i : i + step] for i in range(0, len(body), step)]


@pytest.mark.parametrize("cipher", [blobs.CHACHA, blobs.SM4])
def test_the_one_chunk_loop_of_both_stores_opens_a_blob_and_refuses_each_kind_of_damage(tmp_path: Path,
                                                                                       cipher: str) -> None:
    """`blobs.open_sealed` is the loop the folder's reader (a file) and the hub's
    (hub_blob_chunks rows, store/hubblobs.py) share: given the sealed chunks in order and
    which is the last, it gives the content and refuses a chunk moved, dropped or cut
    off, an unknown magic and another content, each with its own message."""
    content = os.urandom(3 * blobs.CHUNK + 5)
    sha = hashlib.sha256(content).hexdigest()
    stored = blobs.write_blob(tmp_path, KEY, content, cipher=cipher)
    magic, pieces = _sealed_pieces(tmp_path / stored.name)
    assert len(pieces) == 4

    def opened(chunks: list[bytes], digest: str = sha, head: bytes = magic) -> bytes:
        flagged = [(p, i == len(chunks) - 1) for i, p in enumerate(chunks)]
        return b"".join(blobs.open_sealed(head, stored.key, flagged, digest))

    assert opened(pieces) == content
    for damaged in ([pieces[1], pieces[0], *pieces[2:]],  # moved
                    pieces[:-1],  # the last dropped: the one before is not sealed as last
                    [*pieces[:2], pieces[3]],  # one dropped in the middle
                    [pieces[0], pieces[1][:-1] + bytes([pieces[1][-1] ^ 1]), *pieces[2:]]):  # one bit
        with pytest.raises(IntegrityError, match="改动或不完整"):
            opened(damaged)
    with pytest.raises(IntegrityError, match="已损坏"):
        opened(pieces, head=b"BJSTCBLB9")
    with pytest.raises(IntegrityError, match="与登记不符"):
        opened(pieces, digest=hashlib.sha256(b"registered").hexdigest())
