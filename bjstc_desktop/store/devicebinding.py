"""Optional device binding through the OS credential store (keyring).

When a slot is device-bound, a random device secret kept in the credential store is
fed to Argon2id as its secret input, so a copied workstation folder does not open on
another computer even with the passphrase. Where keyring has no usable back end
(headless Linux), binding is unavailable: the program says so and uses passphrases only.
"""

from __future__ import annotations

import base64
import logging
import os
from typing import Any

# keyring (and its back ends: D-Bus, Secret Service) is imported when binding is used,
# not at every start: most workstations unlock with passphrases alone.

SERVICE = "bjstc-desktop"
log = logging.getLogger(__name__)


def _usable_backend() -> Any:
    import keyring

    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken keyring configuration must never stop the program
        log.warning("keyring back end could not be loaded")
        return None
    # The fail back end and a chainer with nothing usable have priority <= 0.
    try:
        priority = float(backend.priority)
    except Exception:
        priority = 0.0
    if priority <= 0 or type(backend).__module__.startswith("keyring.backends.fail"):
        return None
    return backend


def binding_available() -> bool:
    """True when the OS credential store can hold a device secret."""
    return _usable_backend() is not None


def unavailable_reason() -> tuple[str, str]:
    """The plain message shown when binding is asked for but cannot be had."""
    return (
        "本计算机没有可用的系统凭据库，无法绑定设备；工作站仅使用口令保护。",
        "This computer has no usable credential store, so device binding is unavailable; "
        "the workstation is protected by passphrases only.",
    )


def device_secret(node_id: str) -> bytes | None:
    """The device secret for this workstation, or None if absent or unavailable."""
    backend = _usable_backend()
    if backend is None:
        return None
    import keyring.errors

    try:
        value = backend.get_password(SERVICE, node_id)
    except keyring.errors.KeyringError:
        return None
    if not value:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except ValueError:
        return None


def ensure_device_secret(node_id: str) -> bytes | None:
    """The device secret, created and stored on first use; None when unavailable."""
    existing = device_secret(node_id)
    if existing is not None:
        return existing
    backend = _usable_backend()
    if backend is None:
        return None
    import keyring.errors

    secret = os.urandom(32)
    try:
        backend.set_password(SERVICE, node_id, base64.b64encode(secret).decode("ascii"))
    except keyring.errors.KeyringError:
        return None
    return secret
