"""Issue 19 points 2 and 6, together: on a hub where each officer connects as his own
database role, the 案号 of a 秘密 case he cannot see is still taken for him. His new case,
and a case his laptop numbered away from the office, get a number no case of the hub
carries, instead of the hidden case's (which the unique index refused, telling him the
number exists). What the register shows him is the numbers alone, and he cannot write it.
Without `hub_case_numbers` (store/casenumbers.py) the test through the program here and
test_hand_off.py's last (his laptop's case numbered as the hidden one) fail with the
unique index's refusal."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import pytest

from bjstc_desktop.core.classification import Level
from tests.hub.office import CONTRACT, Office, make_office, require_hub


@pytest.fixture
def office(tmp_path: Path) -> Office:
    require_hub()
    return make_office(tmp_path / "hub")


def _numbers(office: Office, account: str, sql: str, *params: str) -> set[str]:
    with contextlib.closing(office.connect(account)) as conn:
        return {r[0] for r in conn.execute(sql, params or None).fetchall()}


def _secret_number(office: Office) -> str:
    with contextlib.closing(office.connect("owner-of-the-hub")) as conn:
        row = conn.execute("SELECT case_no FROM cases WHERE id = %s", (office.cases["secret"],)).fetchone()
    return str(row[0])


def _refused(conn: Any, sql: str) -> bool:
    import psycopg

    try:
        conn.execute(sql)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


def test_the_register_holds_every_number_and_nothing_else_and_no_officer_writes_it(office: Office) -> None:
    every = _numbers(office, "owner-of-the-hub", "SELECT case_no FROM cases")
    assert len(every) == len(office.cases)
    assert _numbers(office, "low", "SELECT case_no FROM hub_case_numbers") == every
    assert _secret_number(office) not in _numbers(office, "low", "SELECT case_no FROM cases")  # the case stays hidden
    with contextlib.closing(office.connect("low")) as conn:
        columns = [r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'hub_case_numbers'").fetchall()]
        assert columns == ["case_no"]  # no id, level, module or title of the hidden case
        secret = _secret_number(office)
        for sql in ("INSERT INTO hub_case_numbers VALUES ('技合〔2026〕99号')",  # blocking a number for others
                    f"DELETE FROM hub_case_numbers WHERE case_no = '{secret}'",  # freeing the hidden one
                    "UPDATE hub_case_numbers SET case_no = case_no || 'x'",
                    "TRUNCATE hub_case_numbers"):
            assert _refused(conn, sql), sql
        assert _refused(conn, "CREATE OR REPLACE FUNCTION bjstc_numbers_added() RETURNS trigger LANGUAGE plpgsql "
                              "AS $$ BEGIN RETURN NULL; END $$")  # nor silence the trigger
    assert _numbers(office, "low", "SELECT case_no FROM hub_case_numbers") == every


def test_his_new_case_skips_the_number_of_a_secret_case_he_cannot_see(office: Office) -> None:
    secret = _secret_number(office)
    prefix, last = re.fullmatch(r"(.+〔\d{4}〕)(\d+)号", secret).groups()  # type: ignore[union-attr]
    # The hidden case came with a number the office's counter has not reached (a case that
    # arrived by sync keeps its office's number and never moves the counter).
    with contextlib.closing(office.connect("owner-of-the-hub")) as conn:
        conn.execute("UPDATE case_counters SET last = %s WHERE case_type = 'tech_contract'", (int(last) - 1,))
    with office.open("low") as ws:
        case = ws.cases.create("tech_contract", "内部新合同", CONTRACT, classification=Level.INTERNAL,
                               secrecy_period="1年", knowers="技术市场处")
    assert case.case_no == f"{prefix}{int(last) + 1}号"
    assert _numbers(office, "owner-of-the-hub", "SELECT case_no FROM cases WHERE id = %s", case.id) == {
        case.case_no}
    assert case.case_no in _numbers(office, "low", "SELECT case_no FROM hub_case_numbers")


def test_the_register_follows_a_renumbered_or_removed_case(office: Office) -> None:
    """What the triggers keep: a case renumbered (row by row) and cases removed (one
    statement, as a join's undo removes them) leave the register equal to `cases`."""
    owner = office.connect("owner-of-the-hub")
    with contextlib.closing(owner):
        owner.execute("UPDATE cases SET case_no = '技合〔2026〕改1号' WHERE id = %s", (office.cases["public"],))
        every = {r[0] for r in owner.execute("SELECT case_no FROM cases").fetchall()}
        assert "技合〔2026〕改1号" in every
        assert {r[0] for r in owner.execute("SELECT case_no FROM hub_case_numbers").fetchall()} == every
        with owner.transaction(force_rollback=True):
            owner.execute("SET CONSTRAINTS ALL DEFERRED")
            owner.execute("DELETE FROM cases WHERE id = ANY(%s)", ([office.cases["public"], office.cases["secret"]],))
            left = {r[0] for r in owner.execute("SELECT case_no FROM cases").fetchall()}
            assert len(left) == len(every) - 2
            assert {r[0] for r in owner.execute("SELECT case_no FROM hub_case_numbers").fetchall()} == left


def test_an_install_leaves_a_correct_register_alone_and_puts_a_wrong_one_right(office: Office) -> None:
    """Every migration of a hub runs hubroles.install: on a big hub it must not rebuild the
    register the triggers already keep. It does when the register's count is off (rows
    lost or added at psql, a hub of an older version), and always when asked. A
    statement trigger of the test's records every write the register gets."""
    from bjstc_desktop.store import hub, hubroles

    every = _numbers(office, "owner-of-the-hub", "SELECT case_no FROM cases")
    secret = _secret_number(office)
    with contextlib.closing(office.connect("owner-of-the-hub")) as conn:
        conn.execute("CREATE TABLE register_writes (op text)")
        conn.execute("CREATE FUNCTION note_register_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                     "INSERT INTO register_writes VALUES (TG_OP); RETURN NULL; END $$")
        conn.execute("CREATE TRIGGER note_register_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                     "ON hub_case_numbers FOR EACH STATEMENT EXECUTE FUNCTION note_register_write()")

    def install(plant: str | None = None, **asked: bool) -> list[str]:
        """`plant` run at psql first; the register's writes by the install (the statements' kinds)."""
        with contextlib.closing(office.connect("owner-of-the-hub")) as conn:
            if plant:
                conn.execute(plant, (secret,))
            conn.execute("DELETE FROM register_writes")
        engine = hub.create_hub_engine(office.owner_url)
        try:
            hubroles.refresh(engine, **asked)
        finally:
            engine.dispose()
        return sorted(_numbers(office, "owner-of-the-hub", "SELECT op FROM register_writes"))

    assert install() == []  # right: not touched
    assert _numbers(office, "low", "SELECT case_no FROM hub_case_numbers") == every
    assert install("DELETE FROM hub_case_numbers WHERE case_no = %s") == ["DELETE", "INSERT"]  # one lost: rebuilt
    assert _numbers(office, "low", "SELECT case_no FROM hub_case_numbers") == every
    assert install("INSERT INTO hub_case_numbers VALUES (%s || '-forged')") == ["DELETE", "INSERT"]  # one too many
    assert _numbers(office, "low", "SELECT case_no FROM hub_case_numbers") == every
    # Swapped, the count right: left as it is unless asked (the triggers never swap one).
    swap = "UPDATE hub_case_numbers SET case_no = %s || '-swapped' WHERE case_no = %s || ''"
    with contextlib.closing(office.connect("owner-of-the-hub")) as conn:
        conn.execute(swap, (secret, secret))
    assert install() == [] and secret not in _numbers(office, "low", "SELECT case_no FROM hub_case_numbers")
    assert install(reconcile_numbers=True) == ["DELETE", "INSERT"]
    assert _numbers(office, "low", "SELECT case_no FROM hub_case_numbers") == every
