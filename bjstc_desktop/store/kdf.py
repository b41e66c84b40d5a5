"""Argon2id parameters and derivation (from `cryptography`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: memory in KiB, passes, lanes. Stored in each key slot."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    def as_dict(self) -> dict[str, int]:
        """The parameters as stored in workstation.json."""
        return asdict(self)


# What new slots get. Tests lower it in-process (tests/conftest.py); the product never does.
DEFAULT_KDF = KdfParams()


def derive_key(secret: bytes, salt: bytes, params: KdfParams, device_secret: bytes | None = None) -> bytes:
    """A 256-bit slot key from a passphrase (or recovery code) and, when the slot is
    device-bound, the device secret kept in the OS credential store."""
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
        secret=device_secret,
    )
    return kdf.derive(secret)
