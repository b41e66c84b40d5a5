"""Per-level content keys: clearance enforced by cryptography (issue 11 must-hold 6).

Each classification level above 公开 that the workstation may hold (内部, 秘密, 机密 up
to its ceiling) has its own random 256-bit key, made at init. Content of a case at that
level (title, fields, parties, timeline, clocks, attachments' keys, letters, sync
revision bodies, search index entries) is sealed with keys derived from it, so the data
key that opens store.db is not enough to read it. 公开 content is protected by the data
key alone: every account is cleared for 公开.

From one level key, HKDF derives separate keys for separate jobs:

- content: ChaCha20-Poly1305 over a row's content, with the table, the row's identity
  and the level as associated data (a sealed value cannot be moved to another row, or
  passed off as another level's);
- search: the keyed hash that turns an index term into a blind token (store/blindindex.py);
- check: a public commitment to the key (level_keys.check_value), so a key that was
  swapped (a forged grant) is noticed at the next unlock of anyone who holds the real one.

Who holds which keys is store/grants.py and docs/security.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Iterable, Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import IntegrityError, PermissionDeniedError

PREFIX = "level:"
VERSION = b"\x01"
_AD = b"bjstc-sealed/1\x00"
TOKEN_MARK = "\u03c9"  # ω: no query or plain index term can start with it (core/searchtext.py)


def bundle_name(level: int) -> str:
    """The key bundle entry of a level's key: level:1, level:2, level:3."""
    return f"{PREFIX}{int(level)}"


def levels_up_to(ceiling: int) -> tuple[int, ...]:
    """The levels that have keys on a workstation with this ceiling (none for 公开)."""
    return tuple(range(int(Level.INTERNAL), int(ceiling) + 1))


def new_level_keys(ceiling: int) -> dict[str, bytes]:
    """Fresh random keys for every keyed level up to `ceiling`, by bundle name."""
    return {bundle_name(level): os.urandom(32) for level in levels_up_to(ceiling)}


def from_bundle(entries: Iterable[tuple[str, bytes]]) -> dict[int, bytes]:
    """The level keys among a key bundle's entries, by level."""
    out = {}
    for name, key in entries:
        if name.startswith(PREFIX) and name[len(PREFIX):].isdigit():
            out[int(name[len(PREFIX):])] = key
    return out


def _derive(key: bytes, job: str) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"bjstc-level/1 " + job.encode()).derive(key)


def check_value(key: bytes, node_id: str) -> bytes:
    """The public commitment to a level key (kept in level_keys)."""
    return hmac.new(_derive(key, "check"), node_id.encode(), hashlib.sha256).digest()


def missing_key(level: int) -> PermissionDeniedError:
    """The refusal when content at `level` is asked for without its key."""
    label = Level(level).label if level in tuple(Level) else str(level)
    return PermissionDeniedError(
        f"您没有“{label}”级内容的密钥（未获授权，或安全保密管理员尚未授予）。",
        f"You do not hold the key of {label} content (not cleared, or the security administrator has not "
        "granted it yet).")


def _damaged() -> IntegrityError:
    return IntegrityError("加密的案件内容已被改动或损坏。", "Encrypted case content was altered or is damaged.")


class _Level:
    """The keys derived from one level key."""

    def __init__(self, key: bytes) -> None:
        self.raw = key
        self.aead = ChaCha20Poly1305(_derive(key, "content"))
        self.search = _derive(key, "search")


def associated_data(table: str, identity: str, level: int) -> bytes:
    """What binds a sealed value to its row and level."""
    return _AD + table.encode() + b"\x00" + identity.encode() + b"\x00" + bytes([int(level)])


def natural_key(data_key: bytes) -> bytes:
    """The key of the natural-key tokens (from the data key: see ContentKeys.natural_token)."""
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"bjstc natural keys v1").derive(data_key)


class ContentKeys:
    """The level keys one session holds (level 0 needs none), and the key of the
    natural-key tokens."""

    def __init__(self, keys: Mapping[int, bytes] | None = None, natural: bytes | None = None) -> None:
        self._levels = {int(level): _Level(key) for level, key in (keys or {}).items()}
        self._natural = natural

    def with_levels(self, keys: Mapping[int, bytes]) -> ContentKeys:
        """The same natural-key key with other level keys."""
        return ContentKeys(keys, self._natural)

    def holds(self, level: int) -> bool:
        """True when content at `level` can be read and written."""
        return level <= 0 or level in self._levels

    def levels(self) -> tuple[int, ...]:
        """The keyed levels held, ascending."""
        return tuple(sorted(self._levels))

    def contiguous(self) -> int:
        """The highest level L such that every level up to L is held (0 if none)."""
        level = 0
        while level + 1 in self._levels:
            level += 1
        return level

    def raw(self, level: int) -> bytes:
        """The level key itself (to grant it); PermissionDenied when not held."""
        if level not in self._levels:
            raise missing_key(level)
        return self._levels[level].raw

    def _level(self, level: int) -> _Level:
        found = self._levels.get(int(level))
        if found is None:
            raise missing_key(level)
        return found

    def seal(self, level: int, table: str, identity: str, plaintext: bytes) -> bytes:
        """ChaCha20-Poly1305 under the level's content key: version, nonce, ciphertext."""
        nonce = os.urandom(12)
        return VERSION + nonce + self._level(level).aead.encrypt(nonce, plaintext,
                                                                associated_data(table, identity, level))

    def open(self, level: int, table: str, identity: str, sealed: bytes) -> bytes:
        """The plaintext of `seal`; PermissionDenied without the key, IntegrityError when
        the value was altered, moved from another row or relabelled."""
        aead = self._level(level).aead
        if len(sealed) < 29 or sealed[:1] != VERSION:
            raise _damaged()
        try:
            return aead.decrypt(sealed[1:13], sealed[13:], associated_data(table, identity, level))
        except InvalidTag:
            raise _damaged() from None

    def token(self, level: int, kind: str, text: str) -> str:
        """A blind search token: ω + 64 bits of HMAC(search key, kind, text) in base32."""
        mac = hmac.new(self._level(level).search, kind.encode() + b"\x00" + text.encode(), hashlib.sha256).digest()
        return TOKEN_MARK + base64.b32encode(mac[:8]).decode("ascii").rstrip("=").lower()

    def natural_token(self, key: str, value: str) -> str:
        """The keyed hash of an import profile's natural-key value (登记编号, certificate
        number), kept beside a sealed field so that an import finds the case holding it,
        whatever its level: never a second case with the same 登记编号 (ops/import_plan.py).
        The key comes from the data key, so a data-key holder can confirm a guessed value,
        as the import's refusal already tells him; he cannot read one."""
        if self._natural is None:
            raise missing_key(0)
        return hmac.new(self._natural, key.encode() + b"\x00" + value.encode(), hashlib.sha256).hexdigest()[:32]
