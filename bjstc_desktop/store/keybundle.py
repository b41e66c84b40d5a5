"""What a key slot wraps: a small bundle of named keys, not only the data key.

- "data": the 256-bit key of store.db and the blobs (every slot holds it);
- "auditor": the auditor's Ed25519 signing key (the auditor's slot and the recovery
  slot only): it signs the audit checkpoints;
- "secadmin": the security administrator's Ed25519 key (his slot and the recovery slot):
  it proves that the one security administrator account is the real one.

More keys are added under new names ("level:2" for the key of 秘密
content) without changing the slot format: a slot re-wrapped for a new passphrase keeps
every key it held, and a program reading a bundle keeps names it does not know.

The plaintext is canonical JSON padded with spaces to a multiple of 1024 bytes, so the
length of a slot does not tell which keys (and so which role) it holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bjstc_desktop.core.errors import IntegrityError

DATA = "data"
AUDITOR = "auditor"
SECADMIN = "secadmin"
FORMAT = 1
_BLOCK = 1024  # the recovery slot's bundle (data, role keys, three level keys) fits one block
_NAME = re.compile(r"^[a-z][a-z0-9_:.-]{0,31}$")


def _damaged() -> IntegrityError:
    return IntegrityError("密钥槽中的密钥包已损坏。", "The key bundle inside a key slot is damaged.")


@dataclass(frozen=True)
class KeyBundle:
    """Named keys, sorted by name. Build with `KeyBundle.of`."""

    entries: tuple[tuple[str, bytes], ...]

    @classmethod
    def of(cls, keys: Mapping[str, bytes]) -> KeyBundle:
        """A bundle of `keys`; it must hold the data key."""
        if len(keys.get(DATA, b"")) != 32 or not all(_NAME.match(k) and v for k, v in keys.items()):
            raise ValueError("a key bundle needs a 32-byte data key and well-formed names")
        return cls(tuple(sorted((k, bytes(v)) for k, v in keys.items())))

    @property
    def data_key(self) -> bytes:
        """The key of store.db."""
        return dict(self.entries)[DATA]

    def get(self, name: str) -> bytes | None:
        """The key called `name`, if the bundle holds it."""
        return dict(self.entries).get(name)

    def names(self) -> tuple[str, ...]:
        """The names of the keys held."""
        return tuple(k for k, _ in self.entries)

    def only(self, names: Iterable[str]) -> KeyBundle:
        """A bundle with the data key and those of `names` this one holds (what a new
        slot for another user may carry: never more than its maker holds)."""
        wanted = {DATA, *names}
        return KeyBundle.of({k: v for k, v in self.entries if k in wanted})

    def with_key(self, name: str, key: bytes) -> KeyBundle:
        """This bundle plus (or with a new) key `name`."""
        return KeyBundle.of({**dict(self.entries), name: key})

    def to_plaintext(self) -> bytes:
        """Canonical JSON, padded to a multiple of 1024 bytes."""
        body = json.dumps({"format": FORMAT, "keys": {k: v.hex() for k, v in self.entries}},
                          sort_keys=True, separators=(",", ":")).encode("ascii")
        return body + b" " * (-len(body) % _BLOCK)

    @classmethod
    def from_plaintext(cls, data: bytes) -> KeyBundle:
        """Parse what a slot unwrapped; IntegrityError when it is not a bundle."""
        try:
            doc = json.loads(data.decode("ascii"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("keys"), dict):
                raise ValueError("not a bundle")
            return cls.of({str(k): bytes.fromhex(v) for k, v in doc["keys"].items()})
        except (ValueError, TypeError, UnicodeDecodeError, AttributeError):
            raise _damaged() from None
