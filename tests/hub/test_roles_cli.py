"""`bjstc hub init` and `bjstc user add` on a hub whose owner role may not create roles
(issue 19 point 2): the program says exactly what the database administrator must run,
changes nothing until he has, and the roles he makes from that SQL work."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import Cli
from tests.conftest import ADMIN_PASS, OFFICER_PASS, _hub_cluster
from tests.hub.office import require_hub


def _sql(out: str) -> list[str]:
    """The CREATE ROLE statements a message asks the database administrator to run."""
    return re.findall(r'CREATE ROLE "[^"]+" [A-Z ]+(?: IN ROLE "[^"]+")?;', out)


@pytest.fixture
def restricted(tmp_path: Path) -> tuple[Any, str, str]:
    """A database owned by an owner role without CREATEROLE."""
    require_hub()
    cluster: Any = _hub_cluster()
    owner = "own_" + uuid.uuid4().hex[:10]
    database = cluster.new_database()
    cluster._admin(f"CREATE ROLE {owner} LOGIN")
    cluster._admin(f'ALTER DATABASE "{database}" OWNER TO {owner}')
    return cluster, database, f"postgresql://{owner}@/{database}?host={cluster.socket}"


def test_without_createrole_init_and_user_add_print_the_sql_and_the_roles_made_from_it_work(
        restricted: tuple[Any, str, str], tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    cluster, database, url = restricted
    c = Cli(tmp_path / "hub", capsys, monkeypatch)
    init = ("hub", "init", "--db", url, "--workstation", "技术市场处集中库", "--admin", "admin")
    rc, _, err = c(*init, user=None, passphrase=ADMIN_PASS)
    assert rc == 1 and "CREATEROLE" in err
    groups = _sql(err)
    assert len(groups) == 4 and all(s.endswith("NOLOGIN NOINHERIT;") for s in groups)
    assert not (tmp_path / "hub" / "workstation.json").exists()
    with psycopg.connect(host=str(cluster.socket), dbname=database, user="bjstc_test", autocommit=True) as dba:
        assert dba.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
        for sql in groups:  # the database administrator does as told
            dba.execute(sql)
    rc, out, err = c(*init, user=None, passphrase=ADMIN_PASS)
    assert rc == 0, err
    admin_sql = _sql(out + err)
    assert len(admin_sql) == 1, out
    assert admin_sql[0].endswith('_sysadmin";') and "_admin\" LOGIN" in admin_sql[0]
    rc, out, err = c("user", "add", "zhang", "--role", "officer", "--clearance", "内部", "--modules", "market",
                     user="admin", passphrase=ADMIN_PASS, new=OFFICER_PASS, lang="en")
    assert rc == 0, err
    zhang_sql = _sql(out + err)
    assert len(zhang_sql) == 1 and "_zhang\" LOGIN" in zhang_sql[0] and zhang_sql[0].endswith('_officer";')
    zhang = zhang_sql[0].split('"')[1]
    with psycopg.connect(host=str(cluster.socket), dbname=database, user="bjstc_test", autocommit=True) as dba:
        for sql in admin_sql + zhang_sql:
            dba.execute(sql)
    with psycopg.connect(host=str(cluster.socket), dbname=database, user=zhang, autocommit=True) as conn:
        assert conn.execute("SELECT bjstc_clearance(), bjstc_modules()").fetchone() == (1, ["market"])
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT details FROM audit_events")
