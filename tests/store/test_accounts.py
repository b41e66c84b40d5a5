"""Accounts through the workstation: the bootstrap rule end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from bjstc_desktop.core.roles import Role
from tests.conftest import ADMIN_PASS, make_station


def test_bootstrap_then_security_administrator_owns_clearances(tmp_path: Path) -> None:
    st = make_station(tmp_path / "ws", officers={})
    with st.open("admin", ADMIN_PASS) as ws:
        ws.add_user("li", Role.OFFICER, "li passphrase 1", Level.SECRET, frozenset({"market"}))
        ws.add_user("sec", Role.SECADMIN, "sec passphrase 1")
        with pytest.raises(PermissionDeniedError):
            ws.add_user("wang", Role.OFFICER, "wang passphrase", Level.INTERNAL, None)
        info = ws.add_user("wang", Role.OFFICER, "wang passphrase")
        assert info.clearance == "公开" and info.modules == ()
        with pytest.raises(PermissionDeniedError):
            ws.set_access("wang", Level.INTERNAL, frozenset({"market"}))
        with pytest.raises(RefusedError):
            ws.add_user("wang", Role.OFFICER, "wang passphrase")
    with st.open("sec", "sec passphrase 1") as ws:
        info = ws.set_access("wang", Level.INTERNAL, frozenset({"market"}))
        assert info.clearance == "内部" and info.modules == ("market",)
        with pytest.raises(PermissionDeniedError):
            ws.set_access("admin", Level.PUBLIC, frozenset({"market"}))
        with pytest.raises(PermissionDeniedError):
            ws.add_user("x", Role.OFFICER, "x passphrase 12")
    with st.open("wang", "wang passphrase") as ws:
        assert ws.actor.modules == frozenset({"market"})


def test_a_reset_passphrase_must_be_changed(tmp_path: Path) -> None:
    st = make_station(tmp_path / "ws")
    with st.open("admin", ADMIN_PASS) as ws:
        ws.change_passphrase("zhang", "reset by admin 1")
    with st.open("zhang", "reset by admin 1") as ws:
        assert ws.must_change_passphrase
        ws.change_passphrase("zhang", "my own passphrase")
    with st.open("zhang", "my own passphrase") as ws:
        assert not ws.must_change_passphrase
    with st.open("zhang", "my own passphrase") as ws, pytest.raises(PermissionDeniedError):
        ws.change_passphrase("admin", "taken over admin")
