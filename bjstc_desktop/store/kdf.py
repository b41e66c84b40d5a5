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


# Bounds on parameters read from workstation.json: a slot edited to ask for a terabyte
# of memory is damage, not a reason to crash.
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_ITERATIONS = 64
MAX_LANES = 64


def check_params(params: KdfParams) -> None:
    """ValueError when stored parameters are outside what this program ever writes or can run."""
    if not (8 * params.lanes <= params.memory_kib <= MAX_MEMORY_KIB and 1 <= params.iterations <= MAX_ITERATIONS
            and 1 <= params.lanes <= MAX_LANES):
        raise ValueError("Argon2 parameters out of range")


def name_hash_params() -> KdfParams:
    """The cost of hashing a typed user name for the failed-unlock record: an eighth of
    a slot's memory, one pass. Enough that a mistyped passphrase in the name box is not
    cheap to guess back, small enough to add little to each attempt."""
    return KdfParams(memory_kib=max(DEFAULT_KDF.memory_kib // 8, 8), iterations=1, lanes=1)
