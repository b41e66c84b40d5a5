"""workstation.json and its key slots (LUKS-style).

A random 256-bit data key opens store.db. Each user's passphrase wraps a key bundle
(store/keybundle.py: the data key, and for the two administrators their role key) in a
slot: Argon2id (~64 MiB, t=3) derives a slot key, ChaCha20-Poly1305 wraps the bundle with
the slot's metadata as associated data, so a slot edited in the file (user name, KDF
cost, binding flag) no longer opens. A recovery slot, opened by a code shown once at
init, holds every key and can set a new passphrase for anyone. Changing a passphrase
writes one new slot; the store names the one valid slot of each user (users.slot_id),
so the file may briefly hold two (see store/slotchange.py). Nothing secret in clear.

The whole file is authenticated: an HMAC over its canonical content with a key derived
from the data key. Anyone who can unlock can re-make it (every slot gives the data key);
what such an insider cannot forge is the auditor's signed checkpoint it carries
(store/checkpoint.py) and the ceiling kept inside the store.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bjstc_desktop.core.errors import AuthenticationError, IntegrityError, RefusedError
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.store import kdf
from bjstc_desktop.store.atomicfile import write_atomic
from bjstc_desktop.store.keybundle import KeyBundle

FORMAT = "bjstc-workstation/2"
OLD_FORMATS = ("bjstc-workstation/1",)
FILE_NAME = "workstation.json"
PAYLOAD = "keys/1"
_AD_PREFIX = b"bjstc-keyslot/2\n"
_MAC_INFO = b"bjstc-workstation-mac/1"
# Recovery codes: 30 symbols from an alphabet without look-alikes (0/O, 1/I/L), ~150 bits.
_RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

DeviceSecretFn = Callable[[str], bytes | None]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def canonical_bytes(value: Any) -> bytes:
    """Canonical JSON (sorted keys, no spaces, UTF-8): what the MAC covers."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def mac_key(data_key: bytes) -> bytes:
    """The key of workstation.json's MAC: not derivable from anything in the public file."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_MAC_INFO).derive(data_key)


def new_recovery_code() -> str:
    """A fresh recovery code in six groups of five, easy to copy onto paper."""
    symbols = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(30))
    return "-".join(symbols[i : i + 5] for i in range(0, 30, 5))


def normalise_recovery_code(code: str) -> str:
    """Accept the code with or without dashes and spaces, in any case."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass
class KeySlot:
    """One wrapped copy of a key bundle."""

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
            "payload": PAYLOAD,
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
            if k.get("alg") != "argon2id" or data.get("aead") != "chacha20-poly1305" or data.get("payload") != PAYLOAD:
                raise ValueError("unknown algorithm")
            if data["kind"] not in ("user", "recovery") or (data["kind"] == "user") != isinstance(data.get("user"), str):
                raise ValueError("kind")
            params = kdf.KdfParams(int(k["memory_kib"]), int(k["iterations"]), int(k["lanes"]))
            kdf.check_params(params)
            return cls(
                id=str(data["id"]),
                kind=str(data["kind"]),
                user=data.get("user"),
                kdf_params=params,
                salt=_unb64(k["salt"]),
                device_bound=bool(data.get("device_bound", False)),
                nonce=_unb64(data["nonce"]),
                wrapped_key=_unb64(data["wrapped_key"]),
                created_at=str(data.get("created_at", "")),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise IntegrityError(
                "workstation.json 中的密钥槽已损坏。", "A key slot in workstation.json is damaged."
            ) from exc


def _associated_data(node_id: str, slot: KeySlot) -> bytes:
    return _AD_PREFIX + node_id.encode() + b"\n" + canonical_bytes(slot.metadata())


def slot_key(slot: KeySlot, secret: str, device_secret: bytes | None) -> bytes:
    """The slot's wrapping key from a passphrase or recovery code (the Argon2 cost)."""
    return kdf.derive_key(secret.encode("utf-8"), slot.salt, slot.kdf_params, device_secret)


def make_slot(
    node_id: str,
    bundle: KeyBundle,
    secret: str,
    *,
    kind: str,
    user: str | None,
    created_at: str,
    device_secret: bytes | None = None,
    params: kdf.KdfParams | None = None,
) -> KeySlot:
    """Wrap `bundle` under `secret` (passphrase or recovery code) in a new slot."""
    slot = KeySlot(
        id=uuid7(), kind=kind, user=user, kdf_params=params or kdf.DEFAULT_KDF,
        salt=os.urandom(16), device_bound=device_secret is not None,
        nonce=os.urandom(12), wrapped_key=b"", created_at=created_at,
    )
    wrapping = slot_key(slot, secret, device_secret)
    slot.wrapped_key = ChaCha20Poly1305(wrapping).encrypt(slot.nonce, bundle.to_plaintext(),
                                                          _associated_data(node_id, slot))
    return slot


def open_slot(node_id: str, slot: KeySlot, secret: str, device_secret: bytes | None) -> KeyBundle | None:
    """The bundle if `secret` (and the device secret, for bound slots) opens the slot."""
    try:
        plain = ChaCha20Poly1305(slot_key(slot, secret, device_secret)).decrypt(
            slot.nonce, slot.wrapped_key, _associated_data(node_id, slot))
    except InvalidTag:
        return None
    return KeyBundle.from_plaintext(plain)


@dataclass(frozen=True)
class Opened:
    """A slot that a passphrase opened, and what it held. Whether the slot is the
    user's valid one is for the store to say (users.slot_id)."""

    slot: KeySlot
    bundle: KeyBundle


def _damaged_file(exc: Exception | None = None) -> IntegrityError:
    return IntegrityError("workstation.json 已损坏或不是本程序的工作站文件。",
                          "workstation.json is damaged or is not a bjstc workstation file.")


_KNOWN = ("format", "node_id", "workstation", "office", "ceiling", "created_at", "slots", "mac")


@dataclass
class WorkstationFile:
    """The public description of a workstation: identity, ceiling, key slots, the audit
    anchor and checkpoint, authenticated by a MAC under a key derived from the data key."""

    path: Path
    node_id: str
    workstation: str
    office: str
    ceiling: int
    created_at: str
    slots: list[KeySlot] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    mac: bytes = b""

    @classmethod
    def load(cls, data_dir: Path) -> WorkstationFile:
        """Read workstation.json; a missing one means no workstation here. On a hub
        (`--hub`, or hub.json in `data_dir`) the file is a row of the hub's database
        (store/hubfiles.py), and the data folder needs nothing else."""
        from bjstc_desktop.store import hubaddress

        url = hubaddress.hub_url(data_dir)
        if url is not None:
            from bjstc_desktop.store import hubfiles  # the store's modules only for a hub

            return hubfiles.load(data_dir, url)
        path = data_dir / FILE_NAME
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise RefusedError(
                f"此目录中没有工作站：{data_dir}（请先运行 bjstc init）。",
                f"There is no workstation in {data_dir} (run `bjstc init` first).",
            ) from None
        return cls.from_bytes(path, raw)

    @classmethod
    def from_bytes(cls, path: Path, raw: bytes) -> WorkstationFile:
        """Parse the file's content (IntegrityError when it is not one). The MAC is
        checked separately, once the data key is known (`check_mac`)."""
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
            if data.get("format") in OLD_FORMATS:
                raise IntegrityError(
                    "此工作站由早期开发版本创建（workstation.json 格式 1），本版本不能打开：请用早期版本导出数据后重新初始化。",
                    "This workstation was made by an early development version (workstation.json format 1) "
                    "that this version cannot open; export its data with that version and initialise anew.")
            if data.get("format") != FORMAT:
                raise ValueError("format")
            slots = [KeySlot.from_json(s) for s in data["slots"]]
            ceiling = data["ceiling"]
            if not isinstance(ceiling, int) or isinstance(ceiling, bool):
                raise ValueError("ceiling")
            return cls(
                path=path, node_id=str(data["node_id"]), workstation=str(data["workstation"]),
                office=str(data.get("office", "")), ceiling=ceiling,
                created_at=str(data["created_at"]), slots=slots,
                extra={k: v for k, v in data.items() if k not in _KNOWN},
                mac=bytes.fromhex(str(data.get("mac", ""))),
            )
        except IntegrityError:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise _damaged_file(exc) from exc

    def content(self) -> dict[str, Any]:
        """Everything the file says, but the MAC."""
        return {
            "format": FORMAT, "node_id": self.node_id, "workstation": self.workstation,
            "office": self.office, "ceiling": self.ceiling, "created_at": self.created_at,
            **self.extra, "slots": [s.to_json() for s in self.slots],
        }

    def _mac_of(self, key: bytes) -> bytes:
        return hmac.new(key, b"bjstc-workstation/2\n" + canonical_bytes(self.content()), hashlib.sha256).digest()

    def check_mac(self, key: bytes) -> None:
        """IntegrityError (exit 4) unless the file is as a program holding the data key wrote it."""
        if not hmac.compare_digest(self.mac, self._mac_of(key)):
            raise IntegrityError(
                "workstation.json 已被改动（校验码不符），工作站拒绝解锁。请安全保密管理员和安全审计员检查。",
                "workstation.json was altered (its authentication code does not match); the workstation "
                "refuses to unlock. Ask the security administrator and the auditor to check it.")

    def to_bytes(self, key: bytes) -> bytes:
        """The file's content with its MAC: stable key order, one slot per line."""
        self.mac = self._mac_of(key)
        return (json.dumps({**self.content(), "mac": self.mac.hex()}, ensure_ascii=False, indent=1)
                + "\n").encode("utf-8")

    def save(self, key: bytes) -> None:
        """Authenticate with `key` (mac_key of the data key) and write atomically."""
        write_atomic(self.path, self.to_bytes(key))

    # ----- slots ---------------------------------------------------------------------------
    def user_slots(self, user: str) -> list[KeySlot]:
        """The slots naming `user` (normally one; two while a change is being committed)."""
        return [s for s in self.slots if s.kind == "user" and s.user == user]

    def user_slot(self, user: str) -> KeySlot | None:
        """The newest slot naming `user`, if any."""
        found = self.user_slots(user)
        return found[-1] if found else None

    def slot_by_id(self, slot_id: str) -> KeySlot | None:
        """The slot with that id."""
        return next((s for s in self.slots if s.id == slot_id), None)

    def recovery_slot(self) -> KeySlot | None:
        """The recovery slot."""
        return next((s for s in self.slots if s.kind == "recovery"), None)

    def unlock(self, user: str, passphrase: str, device_secret_for: DeviceSecretFn) -> Opened:
        """The slot of `user` that `passphrase` opens, with its bundle; AuthenticationError
        otherwise. The same message for an unknown user and a wrong passphrase."""
        candidates = self.user_slots(user)
        if not candidates:
            # Spend the same time as a real attempt, so user names cannot be probed.
            kdf.derive_key(passphrase.encode(), b"\0" * 16, kdf.DEFAULT_KDF)
            raise auth_failed()
        bound_missing = False
        for slot in reversed(candidates):
            device_secret = device_secret_for(self.node_id) if slot.device_bound else None
            if slot.device_bound and device_secret is None:
                bound_missing = True
                continue
            bundle = open_slot(self.node_id, slot, passphrase, device_secret)
            if bundle is not None:
                return Opened(slot, bundle)
        if bound_missing:
            raise AuthenticationError(
                "此账户绑定了另一台计算机：在本机的系统凭据库中找不到设备密钥。",
                "This account is bound to another computer: its device secret is not in this "
                "computer's credential store.",
            )
        raise auth_failed()

    def unlock_recovery(self, code: str) -> KeyBundle:
        """The full bundle from the recovery code; AuthenticationError otherwise."""
        slot = self.recovery_slot()
        bundle = open_slot(self.node_id, slot, normalise_recovery_code(code), None) if slot else None
        if bundle is None:
            raise AuthenticationError("恢复码不正确。", "The recovery code is not correct.")
        return bundle

    def add_slot(self, new_slot: KeySlot) -> None:
        """Add a slot beside the user's current one (until the store names the valid one)."""
        self.slots = [s for s in self.slots if s.id != new_slot.id] + [new_slot]

    def drop_slot(self, slot_id: str) -> None:
        """Remove one slot."""
        self.slots = [s for s in self.slots if s.id != slot_id]

    def keep_only(self, committed: dict[str, str]) -> bool:
        """Keep the recovery slot and, per user, only the slot the store names
        (`committed`: user name → slot id); drop the rest. True if anything went."""
        kept = [s for s in self.slots if s.kind == "recovery" or committed.get(s.user or "") == s.id]
        changed = len(kept) != len(self.slots)
        self.slots = kept
        return changed


def auth_failed() -> AuthenticationError:
    """The one message for an unknown user, a wrong passphrase and a stale slot."""
    return AuthenticationError("用户名或口令不正确。", "Wrong user name or passphrase.")
