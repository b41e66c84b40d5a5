"""Issue 19 points 2 and 3 (the audit half), as the attacker: each administrator of the
hub holds his own database role and psql, and gets only what 三员分立 gives him; the audit
trail is append-only in the database for every role, the owner's included; the chain
the officers' programs write still verifies."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Role
from tests.conftest import ADMIN_PASS, AUDITOR_PASS, OFFICER_PASS, SEC_PASS
from tests.hub.office import CONTRACT, Office, make_office, require_hub

CONTENT = ("cases", "case_fields", "timeline_events", "letters", "attachments", "case_parties", "case_search",
           "search_docs", "sync_revisions", "case_tallies", "drafts", "case_clocks")


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    require_hub()
    return make_office(tmp_path_factory.mktemp("admins") / "hub")


@contextlib.contextmanager
def psql(office: Office, account: str) -> Iterator[Any]:
    conn = office.connect(account)
    try:
        yield conn
    finally:
        conn.close()


def _refused(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> bool:
    import psycopg

    try:
        conn.execute(sql, params or None)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


@pytest.mark.parametrize("account", ["admin", "sec", "shen"])
def test_no_administrator_reads_case_content(office: Office, account: str) -> None:
    with psql(office, account) as conn:
        for table in CONTENT:
            assert _refused(conn, f"SELECT * FROM {table}"), f"{account} reads {table}"
        assert _refused(conn, "UPDATE cases SET title = 'x'")


def test_only_the_auditor_reads_the_audit_trail_and_nobody_changes_it(office: Office) -> None:
    with psql(office, "shen") as conn:
        rows = conn.execute("SELECT seq, action, details FROM audit_events ORDER BY seq").fetchall()
        assert rows and rows[0][1] == "workstation_init"
        for sql in ("UPDATE audit_events SET actor_name = 'x' WHERE seq = 2", "DELETE FROM audit_events WHERE seq = 2",
                    "TRUNCATE audit_events", "UPDATE users SET clearance = 3", "INSERT INTO settings VALUES ('a', 'b')",
                    "DELETE FROM users"):
            assert _refused(conn, sql), sql
    for account in ("admin", "sec", "low", "high"):
        with psql(office, account) as conn:
            assert _refused(conn, "SELECT details FROM audit_events"), account
            assert _refused(conn, "SELECT * FROM audit_events"), account
            # The chain's links are what their programs append to: those they read.
            assert conn.execute("SELECT max(seq) FROM audit_events").fetchone()[0] > 0
            for sql in ("UPDATE audit_events SET hash = hash", "DELETE FROM audit_events", "TRUNCATE audit_events"):
                assert _refused(conn, sql), (account, sql)


def test_the_owner_role_cannot_change_or_cut_the_trail_either(office: Office) -> None:
    """The triggers stop even the role that owns the table (the program's connection on
    the hub's server runs as it)."""
    import psycopg

    with psql(office, "owner-of-the-hub") as conn:
        for sql in ("UPDATE audit_events SET actor_name = 'ghost' WHERE seq = 2",
                    "DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)",
                    "TRUNCATE audit_events"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(sql)
        # An insert must continue the chain: no event slipped in with a made-up link or seq.
        head = conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
        for seq, prev in ((head[0] + 1, "f" * 64), (head[0] + 5, head[1]), (head[0], head[1])):
            with pytest.raises(psycopg.Error):
                conn.execute("INSERT INTO audit_events (seq, at, actor_id, actor_name, action, target_type, "
                             "target_id, details, prev_hash, hash) VALUES (%s, now(), NULL, 'x', 'forged', '', '', "
                             "'{}', %s, %s)", (seq, prev, "e" * 64))


def test_the_system_administrator_manages_accounts_but_sets_no_clearance(office: Office) -> None:
    import psycopg

    with psql(office, "admin") as conn:
        assert conn.execute("SELECT count(*) FROM users").fetchone()[0] >= 5
        for sql in ("UPDATE users SET clearance = 3 WHERE name = 'low'",
                    "UPDATE users SET modules = 'industry' WHERE name = 'low'",
                    "UPDATE users SET role = 'secadmin' WHERE name = 'low'",
                    "INSERT INTO users (id, name, display_name, role, clearance, modules, active, "
                    "must_change_passphrase, created_at, updated_at) VALUES ('u-x', 'mole', 'mole', 'officer', 3, "
                    "'market', true, false, now(), now())",
                    "UPDATE level_grants SET level = level", "INSERT INTO level_grants SELECT * FROM level_grants"):
            assert _refused(conn, sql), sql
        with pytest.raises(psycopg.Error):  # another's account under a role of his own
            conn.execute("SELECT bjstc_enrol((SELECT id FROM users WHERE name = 'high'), 'mole')")
    with psql(office, "sec") as conn:  # the security administrator sets clearances, and nothing of the cases
        assert conn.execute("UPDATE users SET modules = modules WHERE name = 'low'").rowcount == 1
        assert _refused(conn, "INSERT INTO users (id, name, display_name, role, clearance, modules, active, "
                              "must_change_passphrase, created_at, updated_at) VALUES ('u-y', 'mole', 'mole', "
                              "'sysadmin', 0, '', true, false, now(), now())")


def test_a_new_officer_added_by_the_system_administrator_gets_his_own_scoped_role(office: Office) -> None:
    """The system administrator's program, connected as his own role, adds an officer:
    the database role is made in the same transaction (the owner's SECURITY DEFINER
    function), and the security administrator's scope is what the database admits."""
    with office.open("admin", ADMIN_PASS) as ws:
        info = ws.accounts.add("wang", Role.OFFICER, OFFICER_PASS)
    assert info.db_role.endswith("_wang") and info.db_sql == ""
    office.roles["wang"] = info.db_role
    with psql(office, "wang") as conn:  # no clearance yet: nothing
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
    with office.open("sec", SEC_PASS) as ws:
        ws.accounts.set_access("wang", Level.PUBLIC, frozenset({"industry"}))
    with psql(office, "wang") as conn:
        assert {r[0] for r in conn.execute("SELECT id FROM cases").fetchall()} == {office.cases["industry"]}
    with office.open("admin", ADMIN_PASS) as ws:  # a locked account's role sees nothing
        ws.accounts.set_active("wang", False)
    with psql(office, "wang") as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0


def test_audit_verify_passes_after_several_officers_worked_through_their_own_roles(office: Office) -> None:
    for name in ("low", "high"):
        with office.open(name) as ws:
            case = ws.cases.create("tech_contract", f"{name}的合同", CONTRACT)
            ws.workflow.act(case.id, "review")
    with office.open("shen", AUDITOR_PASS) as ws:
        result = ws.admin.verify_audit()
        assert result.ok, result
        assert result.new_checkpoint > 1
    with office.open("shen", AUDITOR_PASS) as ws:
        assert ws.admin.verify_audit().ok


def test_an_event_an_officer_appends_at_psql_in_anothers_name_shows_whose_role_wrote_it(office: Office) -> None:
    """He may append (his program must), and can even link and hash an event naming the
    system administrator as its actor: the database records that his role wrote it."""
    import datetime as dt

    from bjstc_desktop.store import audit

    with psql(office, "low") as conn:
        seq, prev = conn.execute("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
        at = dt.datetime(2026, 12, 7, 12, 0, 0)
        digest = audit.event_hash(prev, seq + 1, at, None, "admin", "user_lock", "user", "x", "{}")
        conn.execute("INSERT INTO audit_events (seq, at, actor_id, actor_name, action, target_type, target_id, "
                     "details, prev_hash, hash) VALUES (%s, %s, NULL, 'admin', 'user_lock', 'user', 'x', '{}', %s, %s)",
                     (seq + 1, at, prev, digest))
    with psql(office, "shen") as conn:
        origin = dict(conn.execute("SELECT seq, db_role FROM hub_audit_origin").fetchall())
        events = conn.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    assert origin[seq + 1] == office.role("low")
    assert len(origin) == events  # every event has its writer, the first ones the owner's
    with psql(office, "low") as conn:
        assert _refused(conn, "SELECT * FROM hub_audit_origin")
        assert _refused(conn, "UPDATE hub_audit_origin SET db_role = 'x'")
