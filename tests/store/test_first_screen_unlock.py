"""The first screen's unlock (store/firstscreen/unlock.py, workstation/starting.py) over the
DB-API connection refuses exactly what the store's unlock refuses — attacked as an insider
who holds the data key and edits store.db — and leaves the audit trail as a session does."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.demo import populate
from bjstc_desktop.store import audit, keyslots
from bjstc_desktop.store.auditchain import anchor_of
from bjstc_desktop.store.unlocking import open_slot
from bjstc_desktop.workstation import Workstation
from bjstc_desktop.workstation.starting import StartingSession, open_starting
from tests import insider
from tests.conftest import OFFICER_PASS, Station

Outcome = tuple[str, str]


def _open_first(data_dir: Path, user: str = "zhang") -> StartingSession | Workstation:
    return open_starting(data_dir, user, OFFICER_PASS, open_slot(data_dir, user, OFFICER_PASS, wait_for_delay=False))


def _outcome(opening: Callable[[], object]) -> Outcome:
    try:
        ws = opening()
    except BjstcError as exc:
        return type(exc).__name__, exc.message()
    ws.close()  # type: ignore[attr-defined]
    return "opened", type(ws).__name__


def _both(data_dir: Path, user: str = "zhang") -> tuple[Outcome, Outcome]:
    """What the first screen's unlock and the store's unlock make of the same store."""
    first = _outcome(lambda: _open_first(data_dir, user))
    store = _outcome(lambda: Workstation.open(data_dir, user, OFFICER_PASS, wait_for_delay=False))
    return first, store


@pytest.fixture
def embedded(station: Station) -> Path:
    if insider.is_hub(station.data_dir):
        pytest.skip("on a hub the first screen keeps the session's path")
    with Workstation.open(station.data_dir, "zhang", OFFICER_PASS, wait_for_delay=False) as ws:
        populate(ws, 8, seed=3)  # cases at every level up to 秘密: sealed content exists
    return station.data_dir


def _key(data_dir: Path) -> bytes:
    return insider.data_key(data_dir, "zhang", OFFICER_PASS)


def test_an_untouched_store_opens_the_first_screen_session(embedded: Path) -> None:
    assert _both(embedded) == (("opened", "StartingSession"), ("opened", "Workstation"))


@pytest.mark.parametrize("attack", [
    "UPDATE users SET active = 0 WHERE name = 'zhang'",  # a disabled account
    "UPDATE users SET slot_id = 'another-slot' WHERE name = 'zhang'",  # a slot the store does not name
    "UPDATE node_identity SET ceiling = 1",  # the authenticated ceiling differs from the file's
    "UPDATE node_identity SET auditor_public = NULL",  # administrators' keys differ from the file's
    "UPDATE level_keys SET check_value = zeroblob(32) WHERE level = 2",  # a replaced commitment
    "DELETE FROM level_keys",  # commitments removed while content is sealed
    "UPDATE level_grants SET sealed = zeroblob(80)",  # a forged grant: he works without that key
])
def test_the_first_screen_refuses_what_the_store_refuses(embedded: Path, attack: str) -> None:
    insider.sql(embedded, _key(embedded), attack)
    first, store = _both(embedded)
    assert first == (store if store[0] != "opened" else ("opened", "StartingSession"))
    if store[0] == "opened":  # the forged grant: both work without that level's key, at the same clearance
        with Workstation.open(embedded, "zhang", OFFICER_PASS, wait_for_delay=False) as ws:
            full = ws.actor
        ws2 = _open_first(embedded)
        try:
            assert ws2.actor == full
        finally:
            ws2.close()
    else:
        assert first[0] in ("IntegrityError", "AuthenticationError")


def test_commits_lost_with_the_wal_are_refused_by_both(embedded: Path) -> None:
    (embedded / "store.head").write_text(json.dumps({"seq": 10_000, "hash": "0" * 64}), encoding="utf-8")
    first, store = _both(embedded)
    assert first == store and first[0] == "IntegrityError"


def test_a_failed_unlock_is_counted_and_audited_at_the_next(embedded: Path) -> None:
    insider.sql(embedded, _key(embedded), "UPDATE users SET slot_id = 'another-slot' WHERE name = 'zhang'")
    assert _outcome(lambda: _open_first(embedded))[0] == "AuthenticationError"
    from bjstc_desktop.store import authlog

    assert authlog.failures(embedded, "zhang")


def test_closing_the_first_screen_leaves_the_trail_as_a_session_does(embedded: Path) -> None:
    """The unlock's event is chained as audit.append chains it; at close the chain is
    checked since the anchor and the anchor moves to the head."""
    ws = _open_first(embedded)
    assert isinstance(ws, StartingSession) and not ws.is_full
    ws.close()
    wf = keyslots.WorkstationFile.load(embedded)
    with Workstation.open(embedded, "zhang", OFFICER_PASS, wait_for_delay=False) as full:
        with full.store.read() as s:
            result = audit.verify(s, anchor_of(wf))
            events = list(audit.export_rows(s))
    assert result.ok, result.reason
    unlocks = [e for e in events if e["action"] == "unlock"]
    assert unlocks[-2]["details"]["via"] == "passphrase" and unlocks[-2]["seq"] == anchor_of(wf)[0]  # type: ignore[index]


def test_the_full_session_opens_with_the_keys_in_memory(embedded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the first screen the full session opens without a second key derivation."""
    ws = _open_first(embedded)
    assert isinstance(ws, StartingSession)
    counts = ws.cases.counts()

    def no_kdf(*a: object, **k: object) -> None:
        raise AssertionError("a second key derivation")

    monkeypatch.setattr(keyslots.WorkstationFile, "unlock", no_kdf)
    try:
        assert ws.identity()["node_id"]  # not a first-screen read: opens the full session
        assert ws.is_full
        assert ws.cases.counts() == counts
        assert ws.actor.clearance == ws.full().actor.clearance
    finally:
        ws.close()
    monkeypatch.undo()
    with Workstation.open(embedded, "zhang", OFFICER_PASS, wait_for_delay=False) as full, full.store.read() as s:
        assert audit.verify(s, anchor_of(keyslots.WorkstationFile.load(embedded))).ok
