"""Attachments as encrypted blobs.

Each file is encrypted with its own random key (kept in store.db, which is encrypted) in
1 MiB chunks — ChaCha20-Poly1305 (magic BJSTCBLB1, 32-byte key), or SM4-GCM (magic
BJSTCBLB2, 16-byte key) on a workstation that prefers the gm-1 suite — whose nonces
carry the chunk index and a last-chunk flag,
so chunks cannot be reordered, dropped or cut off unnoticed. The blob's file name is an
HMAC of the content under a key derived from the data key: equal files share one blob on
this workstation, but a name reveals nothing about the content to anyone else.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

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

    def encrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes: ...
    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes: ...


_CIPHERS: dict[str, tuple[bytes, int, Callable[[bytes], _Aead]]] = {CHACHA: (MAGIC, 32, ChaCha20Poly1305), SM4: (SM4_MAGIC, gm.SM4_KEY_LEN, gm.Sm4Gcm)}
_BY_MAGIC = {magic: (length, make) for magic, length, make in _CIPHERS.values()}
MAX_ATTACHMENT = 512 * 1024 * 1024


def naming_key(data_key: bytes) -> bytes:
    """The key that names blobs (separate from every other use of the data key)."""
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"bjstc blob names v1").derive(data_key)


def blob_name(data_key: bytes, content: bytes) -> str:
    """The keyed hash naming a blob."""
    return hmac.new(naming_key(data_key), content, hashlib.sha256).hexdigest()


def _nonce(index: int, last: bool) -> bytes:
    return struct.pack(">IQ", 1 if last else 0, index)


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
    name = blob_name(data_key, content)
    digest = sha256 or hashlib.sha256(content).hexdigest()
    target = blobs_dir / name
    if key is not None and target.exists():
        return StoredBlob(name, key, digest, len(content))
    if target.exists():
        # The same content under a key this session does not hold (an attachment of a case
        # above the user's level): a copy of its own, never the other file replaced.
        name = f"{name}-{os.urandom(8).hex()}"
        target = blobs_dir / name
    magic, key_len, make = _CIPHERS[cipher]
    key = os.urandom(key_len)
    aead = make(key)
    chunks = [content[i : i + CHUNK] for i in range(0, len(content), CHUNK)] or [b""]
    tmp = blobs_dir / f".{name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # never readable by others
        with os.fdopen(fd, "wb") as fh:
            fh.write(magic)
            for i, chunk in enumerate(chunks):
                fh.write(aead.encrypt(_nonce(i, i == len(chunks) - 1), chunk, magic))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(blobs_dir)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise classify_os_error(exc, blobs_dir.parent) from exc
    return StoredBlob(name, key, digest, len(content))


ATTACHMENT = ("附件", "attachment")
LETTER_COPY = ("公文副本", "letter copy")


def read_blob(blobs_dir: Path, name: str, key: bytes, sha256: str, what: tuple[str, str] = ATTACHMENT) -> bytes:
    """Decrypt a blob and check it is whole and unaltered; `what` names it in messages
    (an attachment, a letter's copy)."""
    zh, en = what
    try:
        raw = (blobs_dir / name).read_bytes()
    except FileNotFoundError:
        raise IntegrityError(f"{zh}文件缺失。", f"The {en}'s file is missing.") from None
    magic = raw[: len(MAGIC)]
    if magic not in _BY_MAGIC or len(key) != _BY_MAGIC[magic][0]:
        raise IntegrityError(f"{zh}文件已损坏。", f"The {en}'s file is damaged.")
    aead = _BY_MAGIC[magic][1](key)
    body, out, index, pos, step = raw[len(magic):], [], 0, 0, CHUNK + 16
    try:
        while True:
            piece = body[pos : pos + step]
            last = pos + step >= len(body)
            out.append(aead.decrypt(_nonce(index, last), piece, magic))
            if last:
                break
            pos += step
            index += 1
    except InvalidTag:
        raise IntegrityError(f"{zh}文件已被改动或不完整。", f"The {en}'s file was altered or is incomplete.") from None
    content = b"".join(out)
    if hashlib.sha256(content).hexdigest() != sha256:
        raise IntegrityError(f"{zh}内容与登记不符。", f"The {en} does not match its record.")
    return content
