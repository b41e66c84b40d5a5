"""Issue 19 points 2 and 3, as the attacker: an officer at psql makes temporary tables
named like the hub's own (`audit_events`, `hub_audit_origin`, `hub_case_numbers`).
PostgreSQL searches a session's temporary schema first unless a search path names it,
and the hub's guard triggers run as the owner but inside the officer's session: had they
resolved those names through his temporary schema, he could append an event that does
not continue the chain, hide from the auditor that he wrote it, or keep his numbers out
of the register. Two walls: no application role may make temporary objects at all, and
every SECURITY DEFINER function of the hub names pg_temp last in its search path."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

from bjstc_desktop.core.classification import Level
from tests.hub.office import CONTRACT, Office, make_office, require_hub

ACCOUNTS = ("low", "high", "admin", "sec", "shen")  # two officers and the three administrators


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    require_hub()
    return make_office(tmp_path_factory.mktemp("temp") / "hub")


def psql(office: Office, account: str) -> contextlib.closing[Any]:
    """psql-level access as `account`'s own role, closed after the block."""
    return contextlib.closing(office.connect(account))


def test_no_role_of_the_hub_may_make_a_temporary_table(office: Office) -> None:
    import psycopg

    for account in ACCOUNTS:
        with psql(office, account) as conn:
            for sql in ("CREATE TEMP TABLE audit_events (seq bigint, hash text)",
                        "CREATE TEMP TABLE hub_case_numbers (case_no text)",
                        "CREATE TEMP VIEW hub_audit_origin AS SELECT 1 AS seq"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(sql)


def test_a_shadowed_chain_head_does_not_let_an_officer_append_a_forged_event(office: Office) -> None:
    """The whole attack, as he would try it: whichever wall stops it, nothing lands.
    Before the walls it worked: an event at seq 1,000,000,000 naming another officer
    landed, its writer recorded only in his own temporary table, and every later event
    linked from it (the trail's verification fails from then on)."""
    import psycopg

    with psql(office, "owner-of-the-hub") as conn:
        schema = conn.execute("SELECT current_schema()").fetchone()[0]
        before = conn.execute("SELECT count(*), max(seq) FROM audit_events").fetchone()
    forged_seq = 10**9
    with psql(office, "low") as conn:
        try:
            conn.execute("CREATE TEMP TABLE audit_events (seq bigint, hash text)")
            conn.execute("CREATE TEMP TABLE hub_audit_origin (seq bigint, db_role text)")
            # granted, or the owner (whom the trigger runs as) could not read them
            conn.execute("GRANT ALL ON pg_temp.audit_events, pg_temp.hub_audit_origin TO PUBLIC")
            conn.execute("INSERT INTO pg_temp.audit_events VALUES (%s, %s)", (forged_seq - 1, "f" * 64))
        except psycopg.errors.InsufficientPrivilege:
            pass
        with pytest.raises(psycopg.Error):
            conn.execute(f'INSERT INTO "{schema}".audit_events (seq, at, actor_id, actor_name, action, target_type, '
                         "target_id, details, prev_hash, hash) VALUES (%s, now(), NULL, 'high', 'case_delete', "
                         "'case', 'x', '{}', %s, %s)", (forged_seq, "f" * 64, "e" * 64))
    with psql(office, "owner-of-the-hub") as conn:
        assert conn.execute("SELECT count(*), max(seq) FROM audit_events").fetchone() == before


def test_every_security_definer_function_of_the_hub_searches_pg_temp_last(office: Office) -> None:
    with psql(office, "owner-of-the-hub") as conn:
        rows = conn.execute(
            "SELECT p.proname, p.proconfig FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.prosecdef").fetchall()
    assert len(rows) >= 5  # the clearance and scope functions, the audit link, the guards, the register
    for name, config in rows:
        path = next((c for c in config or () if c.startswith("search_path=")), None)
        assert path is not None and path.replace(" ", "").endswith(",pg_temp"), (name, path)


def test_no_function_of_the_hub_is_executable_by_public(office: Office) -> None:
    """Every function install makes (hubroles `_install_trigger` for the trigger functions)
    has EXECUTE revoked from PUBLIC; the scope functions and the blob look-up are granted
    to the hub's groups, `bjstc_enrol` to the system administrators' alone. A NULL ACL is
    PostgreSQL's default, which lets PUBLIC execute."""
    with psql(office, "owner-of-the-hub") as conn:
        rows = conn.execute(
            "SELECT p.proname, p.proacl IS NULL OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) AS a "
            "WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE') FROM pg_proc AS p "
            "JOIN pg_namespace AS n ON n.oid = p.pronamespace "
            "WHERE n.nspname = current_schema() AND p.proname LIKE 'bjstc%'").fetchall()
    assert len(rows) >= 16
    assert [name for name, public in rows if public] == []


def test_the_program_still_works_for_the_officer_without_temporary_tables(office: Office, tmp_path: Path) -> None:
    """What the officer does through the program needs no temporary table."""
    with office.open("low") as ws:
        case = ws.cases.create("tech_contract", "临时表之外", {**CONTRACT, "registered_on": "2026-11-02"},
                               classification=Level.INTERNAL,
                               secrecy_period="1年", knowers="技术市场处")
        ws.workflow.act(case.id, "review")
        ws.letters.issue(case.id, "notice", tmp_path / "notice.pdf", values={"body": "请补正材料。"})
        assert case.id in {c.id for c in ws.cases.search("临时表")}
        # The duty's dashboard opens the 内部 cases' sealed fields for its charts (on a
        # workstation into a TEMP table; here unnested from the query's parameters).
        chart = ws.reports.dashboard("market", only=("contracts_by_type",)).chart("contracts_by_type")
        assert chart.level is Level.INTERNAL  # rows of the opened values were counted
        assert dict(zip(chart.categories, chart.series[0].values, strict=True))["技术开发"] == 100 * 10_000 * 100
