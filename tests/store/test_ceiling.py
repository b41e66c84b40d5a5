"""Issue 11 finding 4: the workstation ceiling is authenticated. An officer of a 内部
workstation who raises `ceiling` in workstation.json (with or without making the file's
MAC again with the data key) is refused at unlock with exit 4; one who also rewrites
the store gets a card whose fingerprint no longer matches, and the auditor's checkpoint
catches it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bjstc_desktop.cli import main as bjstc
from bjstc_desktop.core.classification import Level
from bjstc_desktop.ops.sync_peers import read_card
from tests import insider
from tests.conftest import AUDITOR_PASS, OFFICER_PASS, Station, make_station


@pytest.fixture
def internal(tmp_path: Path) -> Station:
    """A 内部 workstation with its three administrators and zhang (内部, all modules)."""
    return make_station(tmp_path / "ws", ceiling=Level.INTERNAL, officers={"zhang": (Level.INTERNAL, "all")},
                        administrators=True)


def _run(station: Station, capsys, monkeypatch, *args: str, user: str = "zhang",  # type: ignore[no-untyped-def]
         passphrase: str = OFFICER_PASS) -> tuple[int, str, str]:
    monkeypatch.setenv("BJSTC_PASSPHRASE", passphrase)
    rc = bjstc(["--data-dir", str(station.data_dir), "--user", user, *args])
    out, err = capsys.readouterr()
    return rc, out, err


def _new_confidential_case(station: Station, capsys, monkeypatch) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    rc, _, err = _run(station, capsys, monkeypatch, "case", "new", "--type", "tech_contract", "--title", "机密合同",
                      "--classification", "机密", "--secrecy-period", "10年", "--field", "contract_type=技术服务",
                      "--field", "seller=北京机密科技有限公司", "--field", "seller_uscc=91110000600037341L",
                      "--field", "contract_amount=20万", "--field", "tech_amount=10万")
    return rc, err


def _raise_in_json(station: Station, key: bytes | None) -> None:
    insider.edit_json(station.data_dir, lambda doc: doc.update(ceiling=int(Level.CONFIDENTIAL)), key)


@pytest.mark.parametrize("remac", [False, True], ids=["plain-edit", "mac-remade-with-data-key"])
def test_raising_the_ceiling_in_workstation_json_refuses_to_unlock(internal: Station, capsys, monkeypatch,  # type: ignore[no-untyped-def]
                                                                  tmp_path: Path, remac: bool) -> None:
    key = insider.data_key(internal.data_dir, "zhang", OFFICER_PASS)
    _raise_in_json(internal, key if remac else None)
    rc, err = _new_confidential_case(internal, capsys, monkeypatch)
    assert rc == 4, err
    assert ("最高密级" if remac else "workstation.json") in err
    rc, _, err = _run(internal, capsys, monkeypatch, "identity", "export", "-o", str(tmp_path / "card"))
    assert rc == 4 and not (tmp_path / "card").exists()
    assert insider.sql(internal.data_dir, key, "SELECT count(*) FROM cases") == [(0,)]


def test_rewriting_the_store_too_changes_the_fingerprint_and_fails_the_audit(internal: Station, capsys,  # type: ignore[no-untyped-def]
                                                                            monkeypatch, tmp_path: Path) -> None:
    key = insider.data_key(internal.data_dir, "zhang", OFFICER_PASS)
    announced = internal.init.fingerprint  # read out to peers when they trusted this workstation
    insider.sql(internal.data_dir, key, f"UPDATE node_identity SET ceiling = {int(Level.CONFIDENTIAL)}")
    _raise_in_json(internal, key)
    rc, _, err = _run(internal, capsys, monkeypatch, "identity", "export", "-o", str(tmp_path / "card"))
    assert rc == 0, err
    card = read_card(tmp_path / "card")
    assert card.ceiling is Level.CONFIDENTIAL
    assert card.fingerprint != announced  # no peer that checked the fingerprint will take it
    rc, out, _ = _run(internal, capsys, monkeypatch, "audit", "verify", "--json", user="shen", passphrase=AUDITOR_PASS)
    assert rc == 4 and json.loads(out)["reason"] == "ceiling"


def test_the_fingerprint_covers_the_ceiling(internal: Station, capsys, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rc, _, _ = _run(internal, capsys, monkeypatch, "identity", "export", "-o", str(tmp_path / "card"))
    assert rc == 0
    card = read_card(tmp_path / "card")
    assert card.fingerprint == internal.init.fingerprint and card.ceiling is Level.INTERNAL
    from dataclasses import replace

    assert replace(card, ceiling=Level.CONFIDENTIAL).fingerprint != card.fingerprint


def test_an_untouched_internal_workstation_refuses_a_confidential_case(internal: Station, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rc, err = _new_confidential_case(internal, capsys, monkeypatch)
    assert rc == 1 and "最高只能处理" in err


def test_swapping_the_nodes_sm2_keys_in_the_store_fails_the_audit(internal: Station, capsys,  # type: ignore[no-untyped-def]
                                                                  monkeypatch, tmp_path: Path) -> None:
    """The auditor's checkpoint signs the fingerprint over all four keys: an officer with
    the data key who puts SM2 keys of his own into store.db (to read or sign gm-1
    packages as this node with keys he kept) is caught by `audit verify`."""
    from bjstc_desktop.store import gm

    key = insider.data_key(internal.data_dir, "zhang", OFFICER_PASS)
    rc, out, _ = _run(internal, capsys, monkeypatch, "audit", "verify", "--json", user="shen", passphrase=AUDITOR_PASS)
    assert rc == 0, out
    mine = gm.generate()[0]
    insider.sql(internal.data_dir, key, f"UPDATE node_identity SET gm_signing_private = x'{mine.hex()}'")
    rc, _, err = _run(internal, capsys, monkeypatch, "identity", "export", "-o", str(tmp_path / "card"))
    assert rc == 0, err
    assert read_card(tmp_path / "card").fingerprint != internal.init.fingerprint
    rc, out, _ = _run(internal, capsys, monkeypatch, "audit", "verify", "--json", user="shen", passphrase=AUDITOR_PASS)
    assert rc == 4 and json.loads(out)["reason"] == "ceiling"
