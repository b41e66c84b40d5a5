"""workstation.json and its key slots (LUKS-style).

A random 256-bit data key opens store.db. Each user's passphrase wraps it in a slot:
Argon2id (~64 MiB, t=3) derives a slot key, ChaCha20-Poly1305 wraps the data key with
the slot's metadata as associated data, so a slot edited in the file (user name, KDF
cost, binding flag) no longer opens. A recovery slot, opened by a code shown once at
init, can set a new passphrase. Changing a passphrase rewrites one slot only.
Nothing secret is written in clear.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from bjstc_desktop.core.errors import AuthenticationError, IntegrityError, RefusedError
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.store import kdf
from bjstc_desktop.store.atomicfile import write_atomic

FORMAT = "bjstc-workstation/1"
FILE_NAME = "workstation.json"
_AD_PREFIX = b"bjstc-keyslot/1\n"
# Recovery codes: 30 symbols from an alphabet without look-alikes (0/O, 1/I/L), ~150 bits.
_RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MIN_PASSPHRASE_LENGTH = 10

DeviceSecretFn = Callable[[str], bytes | None]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def check_new_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to stand an offline attack on a copied file."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise RefusedError(
            f"口令太短：至少需要 {MIN_PASSPHRASE_LENGTH} 个字符。",
            f"The passphrase is too short: at least {MIN_PASSPHRASE_LENGTH} characters.",
        )


def new_recovery_code() -> str:
    """A fresh recovery code in six groups of five, easy to copy onto paper."""
    symbols = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(30))
    return "-".join(symbols[i : i + 5] for i in range(0, 30, 5))


def normalise_recovery_code(code: str) -> str:
    """Accept the code with or without dashes and spaces, in any case."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass
class KeySlot:
    """One wrapped copy of the data key."""

    id: str
    kind: str  # "user" | "recovery"
    user: str | None
    kdf_params: kdf.KdfParams
    salt: bytes
    device_bound: bool
    nonce: bytes
    wrapped_key: bytes
    created_at: str

    def metadata(self) -> dict[str, Any]:
        """Everything but the ciphertext: the associated data of the wrap."""
        return {
            "id": self.id,
            "kind": self.kind,
            "user": self.user,
            "kdf": {"alg": "argon2id", "salt": _b64(self.salt), **self.kdf_params.as_dict()},
            "device_bound": self.device_bound,
            "aead": "chacha20-poly1305",
            "created_at": self.created_at,
        }

    def to_json(self) -> dict[str, Any]:
        """The slot as stored in workstation.json."""
        return {**self.metadata(), "nonce": _b64(self.nonce), "wrapped_key": _b64(self.wrapped_key)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeySlot:
        """Parse a stored slot; a malformed one is an integrity failure."""
        try:
            k = data["kdf"]
            if k.get("alg") != "argon2id" or data.get("aead") != "chacha20-poly1305":
                raise ValueError("unknown algorithm")
            return cls(
                id=str(data["id"]),
                kind=str(data["kind"]),
                user=data.get("user"),
                kdf_params=kdf.KdfParams(int(k["memory_kib"]), int(k["iterations"]), int(k["lanes"])),
                salt=_unb64(k["salt"]),
                device_bound=bool(data.get("device_bound", False)),
                nonce=_unb64(data["nonce"]),
                wrapped_key=_unb64(data["wrapped_key"]),
                created_at=str(data.get("created_at", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise IntegrityError(
                "workstation.json 中的密钥槽已损坏。", "A key slot in workstation.json is damaged."
            ) from exc


def _associated_data(node_id: str, slot: KeySlot) -> bytes:
    body = json.dumps(slot.metadata(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _AD_PREFIX + node_id.encode() + b"\n" + body.encode("utf-8")


def make_slot(
    node_id: str,
    data_key: bytes,
    secret: str,
    *,
    kind: str,
    user: str | None,
    created_at: str,
    device_secret: bytes | None = None,
    params: kdf.KdfParams | None = None,
) -> KeySlot:
    """Wrap `data_key` under `secret` (passphrase or recovery code) in a new slot."""
    slot = KeySlot(
        id=uuid7(), kind=kind, user=user, kdf_params=params or kdf.DEFAULT_KDF,
        salt=os.urandom(16), device_bound=device_secret is not None,
        nonce=os.urandom(12), wrapped_key=b"", created_at=created_at,
    )
    slot_key = kdf.derive_key(secret.encode("utf-8"), slot.salt, slot.kdf_params, device_secret)
    slot.wrapped_key = ChaCha20Poly1305(slot_key).encrypt(slot.nonce, data_key, _associated_data(node_id, slot))
    return slot


def open_slot(node_id: str, slot: KeySlot, secret: str, device_secret: bytes | None) -> bytes | None:
    """The data key if `secret` (and the device secret, for bound slots) opens the slot."""
    slot_key = kdf.derive_key(secret.encode("utf-8"), slot.salt, slot.kdf_params, device_secret)
    try:
        return ChaCha20Poly1305(slot_key).decrypt(slot.nonce, slot.wrapped_key, _associated_data(node_id, slot))
    except InvalidTag:
        return None


@dataclass
class WorkstationFile:
    """The public description of a workstation: identity, schema and key slots."""

    path: Path
    node_id: str
    workstation: str
    office: str
    ceiling: int
    created_at: str
    slots: list[KeySlot] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, data_dir: Path) -> WorkstationFile:
        """Read workstation.json; a missing one means no workstation here."""
        path = data_dir / FILE_NAME
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise RefusedError(
                f"此目录中没有工作站：{data_dir}（请先运行 bjstc init）。",
                f"There is no workstation in {data_dir} (run `bjstc init` first).",
            ) from None
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("format")
            slots = [KeySlot.from_json(s) for s in data["slots"]]
            known = {"format", "node_id", "workstation", "office", "ceiling", "created_at", "slots"}
            return cls(
                path=path, node_id=str(data["node_id"]), workstation=str(data["workstation"]),
                office=str(data.get("office", "")), ceiling=int(data["ceiling"]),
                created_at=str(data["created_at"]), slots=slots,
                extra={k: v for k, v in data.items() if k not in known},
            )
        except IntegrityError:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise IntegrityError(
                "workstation.json 已损坏或不是本程序的工作站文件。",
                "workstation.json is damaged or is not a bjstc workstation file.",
            ) from exc

    def to_bytes(self) -> bytes:
        """The file's content: stable key order, one slot per line for readable diffs."""
        data = {
            "format": FORMAT, "node_id": self.node_id, "workstation": self.workstation,
            "office": self.office, "ceiling": self.ceiling, "created_at": self.created_at,
            **self.extra, "slots": [s.to_json() for s in self.slots],
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def save(self) -> None:
        """Write atomically (never half-written)."""
        write_atomic(self.path, self.to_bytes())

    def user_slot(self, user: str) -> KeySlot | None:
        """The slot of `user`, if they have one."""
        return next((s for s in self.slots if s.kind == "user" and s.user == user), None)

    def recovery_slot(self) -> KeySlot | None:
        """The recovery slot."""
        return next((s for s in self.slots if s.kind == "recovery"), None)

    def unlock(self, user: str, passphrase: str, device_secret_for: DeviceSecretFn) -> bytes:
        """The data key for `user` with `passphrase`; AuthenticationError otherwise.
        The same message for an unknown user and a wrong passphrase."""
        slot = self.user_slot(user)
        if slot is None:
            # Spend the same time as a real attempt, so user names cannot be probed.
            kdf.derive_key(passphrase.encode(), b"\0" * 16, kdf.DEFAULT_KDF)
            raise _auth_failed()
        device_secret = device_secret_for(self.node_id) if slot.device_bound else None
        if slot.device_bound and device_secret is None:
            raise AuthenticationError(
                "此账户绑定了另一台计算机：在本机的系统凭据库中找不到设备密钥。",
                "This account is bound to another computer: its device secret is not in this "
                "computer's credential store.",
            )
        key = open_slot(self.node_id, slot, passphrase, device_secret)
        if key is None:
            raise _auth_failed()
        return key

    def unlock_recovery(self, code: str) -> bytes:
        """The data key from the recovery code; AuthenticationError otherwise."""
        slot = self.recovery_slot()
        key = open_slot(self.node_id, slot, normalise_recovery_code(code), None) if slot else None
        if key is None:
            raise AuthenticationError("恢复码不正确。", "The recovery code is not correct.")
        return key

    def set_user_slot(self, new_slot: KeySlot) -> None:
        """Replace the user's slot in place (or append it); other slots stay as they are."""
        for i, s in enumerate(self.slots):
            if s.kind == "user" and s.user == new_slot.user:
                self.slots[i] = new_slot
                return
        self.slots.append(new_slot)

    def remove_user_slot(self, user: str) -> None:
        """Drop a user's slot (account removed)."""
        self.slots = [s for s in self.slots if not (s.kind == "user" and s.user == user)]


def _auth_failed() -> AuthenticationError:
    return AuthenticationError("用户名或口令不正确。", "Wrong user name or passphrase.")
