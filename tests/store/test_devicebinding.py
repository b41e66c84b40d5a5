"""Optional device binding through keyring: fail back end and an in-memory back end."""

from __future__ import annotations

import shutil
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import AuthenticationError
from bjstc_desktop.store import devicebinding
from bjstc_desktop.workstation import Workstation


class MemoryKeyring(KeyringBackend):
    """A credential store that lives in memory: one per 'computer'."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


def test_fail_backend_means_binding_unavailable_and_passphrases_still_work(tmp_path: Path) -> None:
    assert not devicebinding.binding_available()
    result = Workstation.init(tmp_path / "ws", "站", "admin", "admin passphrase 1", ceiling=Level.SECRET,
                              bind_device=True)
    assert result.device_bound is False
    assert result.notice is not None and "凭据库" in result.notice[0]
    Workstation.open(tmp_path / "ws", "admin", "admin passphrase 1").close()


def test_bound_workstation_does_not_open_on_another_computer(tmp_path: Path) -> None:
    computer_a = MemoryKeyring()
    keyring.set_keyring(computer_a)
    assert devicebinding.binding_available()
    result = Workstation.init(tmp_path / "ws", "站", "admin", "admin passphrase 1", bind_device=True)
    assert result.device_bound and result.notice is None
    assert computer_a.items, "the device secret is in the credential store"
    Workstation.open(tmp_path / "ws", "admin", "admin passphrase 1").close()

    shutil.copytree(tmp_path / "ws", tmp_path / "copy")
    keyring.set_keyring(MemoryKeyring())  # another computer: same files, no device secret
    with pytest.raises(AuthenticationError) as err:
        Workstation.open(tmp_path / "copy", "admin", "admin passphrase 1")
    assert "另一台计算机" in err.value.zh

    # A wrong device secret fails like a wrong passphrase: nothing opens.
    other = MemoryKeyring()
    other.items = {k: "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=" for k in computer_a.items}
    keyring.set_keyring(other)
    with pytest.raises(AuthenticationError):
        Workstation.open(tmp_path / "copy", "admin", "admin passphrase 1")

    keyring.set_keyring(computer_a)
    Workstation.open(tmp_path / "copy", "admin", "admin passphrase 1").close()
