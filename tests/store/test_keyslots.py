"""Key slots: Argon2id + AEAD wrap with the slot metadata as associated data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import AuthenticationError, IntegrityError, RefusedError
from bjstc_desktop.store import kdf, keyslots
from bjstc_desktop.workstation import Workstation
from tests import insider
from tests.conftest import ADMIN_PASS, OFFICER_PASS, Station, make_station


def _slots(data_dir: Path) -> list[dict]:
    return json.loads(insider.workstation_text(data_dir))["slots"]


def test_workstation_json_holds_nothing_secret(station: Station) -> None:
    text = insider.workstation_text(station.data_dir)
    assert ADMIN_PASS not in text and OFFICER_PASS not in text
    assert station.init.recovery_code not in text
    assert keyslots.normalise_recovery_code(station.init.recovery_code) not in text
    kinds = sorted(s["kind"] for s in _slots(station.data_dir))
    assert kinds == ["recovery", "user", "user"]


@pytest.mark.embedded_only("about the SQLCipher file store.db itself")
def test_store_is_encrypted_on_disk(station: Station) -> None:
    head = (station.data_dir / "store.db").read_bytes()[:16]
    assert head != b"SQLite format 3\x00"


@pytest.mark.real_kdf
def test_new_slots_use_64_mib_and_three_passes(tmp_path: Path) -> None:
    make_station(tmp_path / "ws", officers={})
    slot = _slots(tmp_path / "ws")[0]
    assert slot["kdf"]["alg"] == "argon2id"
    assert slot["kdf"]["memory_kib"] == 64 * 1024
    assert slot["kdf"]["iterations"] == 3
    assert slot["aead"] == "chacha20-poly1305"


def test_wrong_passphrase_is_refused(station: Station) -> None:
    with pytest.raises(AuthenticationError):
        station.open("zhang", "not the passphrase")


def test_unknown_user_gets_the_same_message_as_a_wrong_passphrase(station: Station) -> None:
    with pytest.raises(AuthenticationError) as unknown:
        station.open("nobody", OFFICER_PASS)
    with pytest.raises(AuthenticationError) as wrong:
        station.open("zhang", "wrong wrong wrong")
    assert unknown.value.zh == wrong.value.zh


@pytest.mark.parametrize("edit", ["user", "memory", "device_bound"])
def test_slot_metadata_is_bound_to_the_wrap(station: Station, edit: str) -> None:
    data = json.loads(insider.workstation_text(station.data_dir))
    slot = next(s for s in data["slots"] if s.get("user") == "zhang")
    other = next(s for s in data["slots"] if s.get("user") == "admin")
    if edit == "user":  # give admin's wrapped key to zhang's slot name: must not open
        slot["nonce"], slot["wrapped_key"] = other["nonce"], other["wrapped_key"]
    elif edit == "memory":
        slot["kdf"]["memory_kib"] = 2048
    else:
        slot["device_bound"] = True
    insider.write_workstation_bytes(station.data_dir, json.dumps(data).encode("utf-8"))
    with pytest.raises(AuthenticationError):
        station.open("zhang", OFFICER_PASS if edit != "user" else ADMIN_PASS)


def test_changing_a_passphrase_rewrites_that_slot_only(station: Station) -> None:
    before = {s["id"]: s for s in _slots(station.data_dir)}
    with station.open() as ws:
        ws.accounts.change_passphrase("zhang", "a brand new passphrase")
    after = {s["id"]: s for s in _slots(station.data_dir)}
    zhang_before = next(s for s in before.values() if s.get("user") == "zhang")
    zhang_after = next(s for s in after.values() if s.get("user") == "zhang")
    assert zhang_after["wrapped_key"] != zhang_before["wrapped_key"]
    for sid, slot in before.items():
        if slot.get("user") != "zhang":
            assert after[sid] == slot
    store_file = station.data_dir / "store.db"  # a workstation's; a hub's data is in PostgreSQL
    store_before = store_file.stat().st_ino if store_file.exists() else None
    with pytest.raises(AuthenticationError):
        station.open("zhang", OFFICER_PASS)
    station.open("zhang", "a brand new passphrase").close()
    assert (store_file.stat().st_ino if store_file.exists() else None) == store_before


def test_recovery_code_sets_a_new_passphrase(station: Station) -> None:
    Workstation.recover(station.data_dir, station.init.recovery_code.lower().replace("-", " "), "zhang",
                        "recovered passphrase")
    station.open("zhang", "recovered passphrase").close()
    with pytest.raises(AuthenticationError):
        Workstation.recover(station.data_dir, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", "zhang", "another one 123")


def test_short_passphrases_are_refused(station: Station) -> None:
    with station.open() as ws, pytest.raises(RefusedError):
        ws.accounts.change_passphrase("zhang", "short")


def test_a_damaged_workstation_file_is_an_integrity_failure(station: Station) -> None:
    insider.write_workstation_bytes(station.data_dir, b"{not json")
    with pytest.raises(IntegrityError):
        station.open()


def test_kdf_is_argon2id_from_cryptography() -> None:
    key = kdf.derive_key(b"pass", b"s" * 16, kdf.KdfParams(1024, 1, 1))
    assert len(key) == 32
    assert key != kdf.derive_key(b"pass", b"t" * 16, kdf.KdfParams(1024, 1, 1))
