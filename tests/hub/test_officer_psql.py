"""Issue 19 point 2, as the attacker: an officer cleared to 内部 for the market module
holds his own database role and psql. Whatever he types, the database itself never
gives him a row of a 秘密 case or of a case of another module (the program is not in
the way: plain psycopg, autocommit, as psql). Through the program, the same officer
works as before."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bjstc_desktop.core.classification import Level
from tests.hub.office import CONTRACT, Office, make_office, require_hub


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    require_hub()
    return make_office(tmp_path_factory.mktemp("rls") / "hub")


@pytest.fixture
def low(office: Office) -> Iterator[Any]:
    """psql-level access as the 内部 market officer's own role."""
    conn = office.connect("low")
    yield conn
    conn.close()


def _hidden(office: Office) -> set[str]:
    return {office.cases["secret"], office.cases["industry"]}


def _tables(conn: Any) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p', 'f') ORDER BY 1").fetchall()]


def _rows(conn: Any, sql: str) -> list[tuple[Any, ...]] | None:
    """The rows of `sql`, or None when the database refuses it (no privilege)."""
    import psycopg

    try:
        return list(conn.execute(sql).fetchall())
    except psycopg.errors.InsufficientPrivilege:
        return None


def _assert_clean(office: Office, rows: list[tuple[Any, ...]] | None, what: str) -> None:
    if rows is None:
        return
    text = repr(rows)
    for case_id in _hidden(office):
        assert case_id not in text, f"{what} shows a hidden case ({case_id})"
        assert case_id.replace("-", "") not in text, f"{what} shows a hidden case ({case_id})"


def test_select_star_on_every_table_and_view_shows_no_hidden_row(office: Office, low: Any) -> None:
    tables = _tables(low)
    assert "cases" in tables and "case_search" in tables and "sync_revisions" in tables
    seen_cases = _rows(low, "SELECT id FROM cases")
    assert seen_cases is not None and {r[0] for r in seen_cases} == {office.cases["public"], office.cases["internal"]}
    for table in tables:
        rows = _rows(low, f'SELECT * FROM "{table}"')
        _assert_clean(office, rows, table)
        cols = {r[0] for r in low.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = %s", (table,)).fetchall()}
        if rows is not None and table not in ("level_keys", "level_grants"):
            for level_col in ("classification", "level"):
                if level_col in cols:
                    above = low.execute(f'SELECT count(*) FROM "{table}" WHERE {level_col} > 1').fetchone()[0]
                    assert above == 0, f"{table} shows rows above 内部"
            if "module" in cols:
                other = low.execute(f"SELECT count(*) FROM \"{table}\" WHERE module <> 'market'").fetchone()[0]
                assert other == 0, f"{table} shows rows of another module"


def test_counts_joins_and_crafted_id_ranges_admit_nothing_hidden(office: Office, low: Any) -> None:
    assert low.execute("SELECT count(*) FROM cases").fetchone()[0] == 2
    assert low.execute("SELECT count(*) FROM cases WHERE classification >= 2 OR module <> 'market'").fetchone()[0] == 0
    secret = office.cases["secret"]
    assert low.execute("SELECT count(*) FROM cases WHERE id = %s", (secret,)).fetchone()[0] == 0
    assert low.execute("SELECT count(*) FROM cases WHERE id BETWEEN %s AND %s",
                       (secret[:8], secret[:8] + "~")).fetchone()[0] == sum(
        1 for key in ("public", "internal") if office.cases[key][:8] == secret[:8])
    for sql in ("SELECT c.id, f.key FROM cases c JOIN case_fields f ON f.case_id = c.id",
                "SELECT f.case_id FROM case_fields f LEFT JOIN cases c ON c.id = f.case_id WHERE c.id IS NULL",
                "SELECT t.case_id FROM timeline_events t",
                "SELECT d.case_id, s.body FROM case_search s JOIN search_docs d USING (doc_id)",
                "SELECT record_id, body FROM sync_revisions",
                "SELECT record_id FROM sync_heads",
                "SELECT module, classification, n FROM case_tallies",
                "SELECT * FROM cases c1 CROSS JOIN LATERAL (SELECT count(*) FROM cases c2) x",
                "WITH RECURSIVE r AS (SELECT id FROM cases UNION SELECT c.id FROM cases c JOIN r ON c.parent_id = r.id) "
                "SELECT * FROM r"):
        _assert_clean(office, _rows(low, sql), sql)
    assert all(n[0] <= 1 and n[1] == "market" for n in
               low.execute("SELECT classification, module FROM case_tallies").fetchall())
    # The search index holds the 秘密 case's words too: he finds none of them.
    docs = low.execute("SELECT count(*) FROM case_search").fetchone()[0]
    assert docs == 2


def test_a_leaky_function_in_his_where_clause_sees_no_hidden_row(office: Office, low: Any) -> None:
    """A function that reports every row it is shown (RAISE NOTICE) runs only after the
    policy: PostgreSQL applies security quals before non-leakproof ones. He cannot make
    one himself (no temporary objects, no CREATE in the schema: tests/hub/
    test_temp_shadowing.py), so here the owner makes it for him, the worst case."""
    import psycopg

    body = "RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$ BEGIN RAISE NOTICE 'saw %', t; RETURN true; END $$"
    for name in ("pg_temp.peek", "peek"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            low.execute(f"CREATE FUNCTION {name}(t text) {body}")
    with contextlib.closing(office.connect("owner-of-the-hub")) as owner:
        owner.execute(f"CREATE FUNCTION peek_for_the_test(t text) {body}")
        owner.execute(f'GRANT EXECUTE ON FUNCTION peek_for_the_test(text) TO "{office.role("low")}"')
    try:
        notices: list[str] = []
        low.add_notice_handler(lambda d: notices.append(str(d.message_primary)))
        low.execute("SELECT id FROM cases WHERE peek_for_the_test(id || ' ' || classification || ' ' || module)")
        low.execute("SELECT case_id FROM case_fields WHERE peek_for_the_test(case_id)").fetchall()
        assert notices, "the function ran"
        for case_id in _hidden(office):
            assert not any(case_id in n for n in notices)
    finally:
        with contextlib.closing(office.connect("owner-of-the-hub")) as owner:
            owner.execute("DROP FUNCTION peek_for_the_test(text)")


def test_he_cannot_switch_roles_turn_security_off_or_raise_his_own_clearance(office: Office, low: Any) -> None:
    import psycopg

    for other in ("high", "admin", "sec", "shen"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            low.execute(f'SET ROLE "{office.role(other)}"')
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        low.execute(f'SET ROLE "{office.owner}"')
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        low.execute("SET SESSION AUTHORIZATION DEFAULT; SET SESSION AUTHORIZATION bjstc_test")
    # His group role: membership gives him nothing more (a group has no scope of its own).
    low.execute(f'SET ROLE "{office.role("low").rsplit("_", 1)[0]}_officer"')
    assert low.execute("SELECT count(*) FROM cases").fetchone()[0] <= 2
    _assert_clean(office, _rows(low, "SELECT * FROM cases"), "cases as the group")
    low.execute("RESET ROLE")
    # Row security off: PostgreSQL refuses the query rather than skip the policy.
    low.execute("SET row_security = off")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        low.execute("SELECT * FROM cases").fetchall()
    low.execute("RESET row_security")
    # His clearance, scope and role live in users (read through hub_roles): neither is his to write.
    me = office.role("low")
    for sql in ("UPDATE users SET clearance = 3, modules = 'market,industry' WHERE name = 'low'",
                "UPDATE users SET role = 'secadmin' WHERE name = 'low'",
                f"UPDATE hub_roles SET user_id = (SELECT id FROM users WHERE name = 'high') WHERE role_name = '{me}'",
                f"INSERT INTO hub_roles (role_name, kind) VALUES ('{me}x', 'owner')",
                "DELETE FROM hub_roles",
                "ALTER TABLE cases DISABLE ROW LEVEL SECURITY",
                "DROP POLICY bjstc_scope ON cases",
                "CREATE OR REPLACE FUNCTION bjstc_clearance() RETURNS bigint LANGUAGE sql AS 'SELECT 9::bigint'",
                "CREATE TABLE mine (x int)",
                f"ALTER ROLE \"{me}\" BYPASSRLS",
                f"GRANT \"{office.role('high')}\" TO \"{me}\"",
                "SELECT bjstc_enrol((SELECT id FROM users WHERE name = 'low'), 'x')"):
        with pytest.raises(psycopg.Error):
            low.execute(sql)
    assert low.execute("SELECT bjstc_clearance(), bjstc_modules()").fetchone() == (1, ["market"])
    assert low.execute("SELECT count(*) FROM cases").fetchone()[0] == 2


def test_he_cannot_write_a_row_above_his_clearance_or_outside_his_modules(office: Office, low: Any) -> None:
    import psycopg

    secret = office.cases["secret"]
    assert low.execute("UPDATE cases SET title = 'x' WHERE id = %s", (secret,)).rowcount == 0
    assert low.execute("DELETE FROM case_fields WHERE case_id = %s", (secret,)).rowcount == 0
    public = office.cases["public"]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # WITH CHECK: not raised to 秘密
        low.execute("UPDATE cases SET classification = 2 WHERE id = %s", (public,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        low.execute("UPDATE cases SET module = 'industry' WHERE id = %s", (public,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # a child row of a case he cannot see
        low.execute("INSERT INTO case_fields SELECT (jsonb_populate_record(f, jsonb_build_object("
                    "'case_id', %s::text, 'key', 'planted'))).* FROM case_fields AS f WHERE f.case_id = %s LIMIT 1",
                    (secret, public))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # nor a 秘密 case of his own
        low.execute("INSERT INTO cases SELECT (jsonb_populate_record(c, jsonb_build_object("
                    "'id', 'planted-case', 'classification', 2))).* FROM cases AS c WHERE c.id = %s", (public,))


def test_through_the_program_the_same_officer_lists_opens_acts_and_writes_letters(office: Office,
                                                                                 tmp_path: Path) -> None:
    with office.open("low") as ws:
        # The program's own connection is his role's, under the same policies.
        with ws.store.read() as s:
            assert s.execute(text("SELECT current_user")).scalar() == office.role("low")
            assert s.execute(text("SELECT count(*) FROM cases")).scalar() == 2
        assert {c.id for c in ws.cases.list()} == {office.cases["public"], office.cases["internal"]}
        assert ws.cases.counts() == {"market": 2}
        case = ws.cases.create("tech_contract", "低密级新合同", CONTRACT, classification=Level.INTERNAL,
                               secrecy_period="1年", knowers="技术市场处")
        assert ws.cases.show(case.id).title == "低密级新合同"
        assert case.id in {c.id for c in ws.cases.search("新合同")}
        assert ws.cases.search("乙方案") == []
        moved = ws.workflow.act(case.id, "review")
        assert moved.to_state != moved.from_state
        letter = ws.letters.issue(case.id, "notice", tmp_path / "notice.pdf", values={"body": "请补正材料。"})
        assert (tmp_path / "notice.pdf").exists() and letter.number
        assert any(e.number == letter.number for e in ws.letters.register())
    # What he made is there for a 秘密 market officer, and his psql view agrees.
    with office.open("high") as ws:
        assert case.id in {c.id for c in ws.cases.list()}
    with contextlib.closing(office.connect("low")) as conn:
        assert case.id in {r[0] for r in conn.execute("SELECT id FROM cases").fetchall()}


def test_every_table_that_holds_case_content_is_under_forced_row_security(office: Office) -> None:
    """A table a later migration adds with a case, record, level or module column is
    caught here if it has no policy (store/hubroles.py derives them from the columns)."""
    with contextlib.closing(office.connect("owner-of-the-hub")) as conn:
        rows = conn.execute(
            "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
            "array_agg(a.attname::text) FILTER (WHERE a.attname IN ('case_id', 'record_id', 'classification', "
            "'level', 'module', 'doc_id')) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace "
            "JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r' GROUP BY 1, 2, 3").fetchall()
        policies = {r[0] for r in conn.execute("SELECT tablename FROM pg_policies WHERE policyname = 'bjstc_scope'")}
    unguarded = [name for name, rls, forced, cols in rows
                 if cols and name not in ("level_keys", "level_grants") and not (rls and forced and name in policies)]
    assert not unguarded
    assert {"cases", "case_fields", "letters", "attachments", "sync_revisions", "case_search", "drafts"} <= policies
    with contextlib.closing(office.connect("owner-of-the-hub")) as conn:  # nobody bypasses them
        bypass = conn.execute("SELECT rolname FROM pg_roles WHERE (rolbypassrls OR rolsuper) AND rolname = ANY(%s)",
                              ([office.owner, *office.roles.values()],)).fetchall()
    assert bypass == []


def test_a_table_a_later_migration_adds_gets_its_grants_and_policy_when_the_hub_is_migrated(office: Office,
                                                                                             low: Any) -> None:
    from bjstc_desktop.store import hub, hubroles

    with contextlib.closing(office.connect("owner-of-the-hub")) as conn:  # what a migration would do
        conn.execute("CREATE TABLE case_notes (id text PRIMARY KEY, case_id varchar(36) REFERENCES cases(id), "
                     "body text)")
        conn.execute("INSERT INTO case_notes VALUES ('n1', %s, 'secret note'), ('n2', %s, 'public note')",
                     (office.cases["secret"], office.cases["public"]))
    engine = hub.create_hub_engine(office.owner_url)
    try:
        hubroles.refresh(engine)  # Store runs it after every migration of a hub
    finally:
        engine.dispose()
    assert low.execute("SELECT id FROM case_notes").fetchall() == [("n2",)]


def test_his_unlock_never_removes_the_blob_of_a_case_he_cannot_see(office: Office) -> None:
    """The 秘密 case's attachment, invisible to his role, survives his unlock. Blobs are
    rows of hub_blob_chunks (issue 19 point 1): no sweep runs over them, and his role may
    delete none (tests/hub/test_hub_blobs_psql.py is the attack in full)."""
    scan = office.data_dir.parent / "secret-scan.pdf"
    scan.write_bytes(b"%PDF-1.4 secret attachment")
    with office.open("high") as ws:
        ws.attachments.add(office.cases["secret"], scan)
    with office.open("low") as ws:
        assert office.cases["secret"] not in {c.id for c in ws.cases.list()}
    with office.open("high") as ws:
        (attachment,) = ws.attachments.list(office.cases["secret"])
        assert ws.attachments.read(office.cases["secret"], attachment.id)[1] == scan.read_bytes()
