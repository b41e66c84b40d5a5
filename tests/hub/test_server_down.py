"""The hub's server going away in the middle of an operation (issue 19 point 8): an
immediate shutdown (`pg_ctl stop -m immediate`: SIGQUIT to the postmaster) while a case
is created, a letter issued or a sync package imported. The officer is told 无法连接集中库 /
Cannot reach the hub with exit code 1 and no traceback; once the server is back (it
recovers from its WAL) nothing of the operation is there: the same rows, the same
counters, the next number follows the last one, and the audit chain verifies."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import tests.conftest as shared
import tests.sync.conftest as sync_tests
from bjstc_desktop.ops import new_cases, sync_import
from bjstc_desktop.store import audit
from bjstc_desktop.store.repositories.letters import LetterRepository
from tests.cli.test_cli import Cli
from tests.conftest import AUDITOR_PASS, Station, make_station
from tests.hubdb import ThrowawayCluster
from tests.letters.conftest import TECH_CONTRACT

TABLES = ("cases", "case_fields", "timeline_events", "letters", "sync_revisions", "search_docs",
          "case_search", "attachments", "sync_journal")
# The officer's unlock is its own transaction, committed before the operation began: it stays.
QUERIES = ("SELECT coalesce(sum(last), 0) FROM case_counters", "SELECT coalesce(sum(last), 0) FROM doc_number_counters",
           "SELECT count(*) FROM audit_events WHERE action <> 'unlock'")


pytestmark = pytest.mark.fresh_inits("its workstations live on a server of its own, which it crashes")


@pytest.fixture(scope="module")
def server(cluster_factory) -> ThrowawayCluster:  # type: ignore[no-untyped-def]
    return cluster_factory(durable=True)  # every acknowledged commit survives an immediate shutdown


@pytest.fixture
def hub(server: ThrowawayCluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Station, str]]:
    database = server.new_database()
    url = server.url(database)
    monkeypatch.setattr(shared, "hub_for_new_node", lambda: url)
    yield make_station(tmp_path / "hub", administrators=True), database
    if server.server is None or server.server.poll() is not None:
        server.restart()  # the next test finds the server up, whatever happened here


def _state(server: ThrowawayCluster, database: str) -> dict[str, int]:
    with server.connect(database) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]
        counts |= {q: conn.execute(q).fetchone()[0] for q in QUERIES}  # type: ignore[index]
    return counts


def _dies_in(monkeypatch: pytest.MonkeyPatch, server: ThrowawayCluster, owner: object, name: str) -> None:
    """The server is shut down immediately the moment `owner.name` is called (inside the
    operation's write transaction), which then goes on against a server that is gone."""
    real: Callable[..., Any] = getattr(owner, name)

    def dying(*args: Any, **kwargs: Any) -> Any:
        monkeypatch.setattr(owner, name, real)
        server.crash()
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, dying)


def _new_case(c: Cli, title: str, lang: str | None = None) -> tuple[int, str, str]:
    fields = [a for k, v in TECH_CONTRACT.items() for a in ("--field", f"{k}={v}")]
    return c("case", "new", "--type", "tech_contract", "--title", title, *fields, "--json", lang=lang)


def _told_unreachable(rc: int, err: str, lang: str = "zh") -> None:
    assert rc == 1, err
    assert ("无法连接集中库" if lang == "zh" else "Cannot reach the hub") in err, err
    assert "Traceback" not in err and "psycopg" not in err


def _after_restart(server: ThrowawayCluster, database: str, c: Cli, before: dict[str, int]) -> None:
    server.restart()
    assert _state(server, database) == before  # not one row, not one number of the operation
    assert c.json("audit", "verify", user="shen", passphrase=AUDITOR_PASS)["ok"] is True


def test_case_create_when_the_server_dies(hub, server: ThrowawayCluster, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                          monkeypatch) -> None:
    station, database = hub
    c = Cli(station.data_dir, capsys, monkeypatch)
    first = _new_case(c, "服务器中断前的案件")
    assert first[0] == 0, first[2]
    before = _state(server, database)
    _dies_in(monkeypatch, server, new_cases, "write_cases")
    _told_unreachable(*_new_case(c, "服务器中断时的案件")[::2])
    # while it is down: every command says so, in the officer's language
    _told_unreachable(*c("case", "list", lang="en")[::2], lang="en")
    _after_restart(server, database, c, before)
    rc, out, err = _new_case(c, "恢复后的案件")
    assert rc == 0, err
    assert '2号' in out  # the number after the last committed one: no gap, no reuse


def test_letter_issue_when_the_server_dies(hub, server: ThrowawayCluster, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                           monkeypatch) -> None:
    station, database = hub
    c = Cli(station.data_dir, capsys, monkeypatch)
    rc, out, err = _new_case(c, "发文的案件")
    assert rc == 0, err
    case_no = json.loads(out)["case_no"]
    assert c("letter", case_no, "notice", "-o", str(tmp_path / "1.pdf"), "--set", "body=第一件。")[0] == 0
    before = _state(server, database)
    _dies_in(monkeypatch, server, LetterRepository, "register")
    _told_unreachable(*c("letter", case_no, "notice", "-o", str(tmp_path / "2.pdf"), "--set", "body=第二件。")[::2])
    assert not (tmp_path / "2.pdf").exists()  # no file of a letter that has no number
    _after_restart(server, database, c, before)
    assert c("letter", case_no, "notice", "-o", str(tmp_path / "3.pdf"), "--set", "body=第三件。")[0] == 0
    register = c.json("letter", "list")
    assert sorted(e["number"][-3:] for e in register) == ["〕1号", "〕2号"]  # 2 follows 1: the lost one left no gap


def test_sync_import_when_the_server_dies(server: ThrowawayCluster, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                          monkeypatch) -> None:
    peer = sync_tests.make_office(tmp_path, "peer")  # a workstation (its own file store)
    database = server.new_database()
    monkeypatch.setattr(sync_tests, "hub_for_new_node", lambda: server.url(database))
    office = sync_tests.make_office(tmp_path, "hub")
    sync_tests.link(peer, office)
    with peer.open() as ws:
        for n in range(3):
            ws.cases.create("tech_contract", f"对端的第{n}件", dict(TECH_CONTRACT))
    package = sync_tests.send(peer, office, tmp_path / "usb")
    for kept in (peer, office):  # the sync helpers keep sessions open; the CLI below is the officer's program
        kept.close()
    c = Cli(office.data_dir, capsys, monkeypatch)
    before = _state(server, database)
    try:
        _dies_in(monkeypatch, server, sync_import, "apply_fresh")
        _told_unreachable(*c("sync", "import", str(package))[::2])
        server.restart()
        assert _state(server, database) == before
        rc, out, err = c("sync", "import", str(package), "--json")
        assert rc == 0, err
        assert len(c.json("case", "list")) == 3  # type: ignore[arg-type]
        with office.open() as ws, ws.store.read() as s:
            assert audit.verify(s).ok
        office.close()
    finally:
        if server.server is None or server.server.poll() is not None:
            server.restart()
