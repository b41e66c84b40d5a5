"""Issue 19 point 1, the hub's blobs (hub_blob_chunks) as the attacker: the 内部 market
officer "low" with his own database role and psql (plain psycopg, autocommit), holding
his passphrase and so the data key. Whatever he types he reads no chunk of a 秘密 case's
attachment or of another module's, and changes or removes no chunk of any blob; the three
administrators touch no chunk at all (三员分立: no case content). Through the program,
each officer still reads what his cases hold (store/hubroles.py `_blob_chunks`,
`_blob_claims`)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from bjstc_desktop.store import backends
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, OFFICER_PASS
from tests.hub.nodes import Cli
from tests.hub.office import Office, make_office, require_hub

SECRET_TEXT = b"%PDF-1.4 the secret case's scan " + os.urandom(3 * 1024 * 1024)  # four chunks


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    """The office with an attachment on the 秘密, the 内部 (market) and the industry case,
    each added by "high" through the program under his own role."""
    require_hub()
    root = tmp_path_factory.mktemp("blobs-rls")
    office = make_office(root / "hub")
    for label, content in (("secret", SECRET_TEXT), ("internal", b"internal memo " * 1000),
                           ("industry", b"industry audit " * 1000)):
        src = root / f"{label}.pdf"
        src.write_bytes(content)
        with office.open("high") as ws:
            ws.attachments.add(office.cases[label], src)
    return office


def _blob_of(office: Office, label: str) -> str:
    with office.connect("owner-of-the-hub") as conn:
        return str(conn.execute("SELECT blob_name FROM attachments WHERE case_id = %s",
                                (office.cases[label],)).fetchone()[0])


def _chunks(office: Office, name: str) -> list[bytes]:
    with office.connect("owner-of-the-hub") as conn:
        return [bytes(r[0]) for r in conn.execute("SELECT chunk FROM hub_blob_chunks WHERE name = %s ORDER BY idx",
                                                  (name,)).fetchall()]


@pytest.fixture
def low(office: Office) -> Iterator[Any]:
    conn = office.connect("low")
    yield conn
    conn.close()


def test_he_reads_only_the_chunks_of_blobs_his_cases_name(office: Office, low: Any) -> None:
    secret, internal, industry = (_blob_of(office, k) for k in ("secret", "internal", "industry"))
    assert len(_chunks(office, secret)) == 4  # the owner sees it: it is there
    assert {r[0] for r in low.execute("SELECT DISTINCT name FROM hub_blob_chunks").fetchall()} == {internal}
    for name in (secret, industry):
        assert low.execute("SELECT chunk FROM hub_blob_chunks WHERE name = %s", (name,)).fetchall() == []
        assert low.execute("SELECT count(*) FROM hub_blob_chunks WHERE name LIKE %s",
                           (name[:8] + "%",)).fetchone()[0] == 0
    # nor by joins through the naming tables, nor from the planner's statistics
    assert low.execute("SELECT count(*) FROM hub_blob_chunks AS b JOIN attachments AS a ON a.blob_name = b.name "
                       "WHERE a.case_id = %s", (office.cases["secret"],)).fetchone()[0] == 0
    with office.connect("owner-of-the-hub") as owner:
        owner.execute("ANALYZE hub_blob_chunks")
        owner.execute("ANALYZE attachments")
    assert low.execute("SELECT attname FROM pg_stats WHERE tablename IN ('hub_blob_chunks', 'attachments')"
                       ).fetchall() == []


def test_he_cannot_change_or_remove_any_chunk(office: Office, low: Any) -> None:
    secret, internal = _blob_of(office, "secret"), _blob_of(office, "internal")
    before = {n: _chunks(office, n) for n in (secret, internal)}
    for name in (secret, internal):  # a case he may not see, and one he may
        for sql in ("UPDATE hub_blob_chunks SET chunk = '\\x00' WHERE name = %s",
                    "DELETE FROM hub_blob_chunks WHERE name = %s",
                    "INSERT INTO hub_blob_chunks (name, idx, chunk) VALUES (%s, 0, '\\x00') "
                    "ON CONFLICT (name, idx) DO UPDATE SET chunk = excluded.chunk"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                low.execute(sql, (name,))
        with pytest.raises(psycopg.errors.UniqueViolation):  # an insert never replaces a chunk
            low.execute("INSERT INTO hub_blob_chunks (name, idx, chunk) VALUES (%s, 0, '\\x00')", (name,))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            low.execute("UPDATE hub_blob_chunks SET name = 'x' WHERE name = %s", (name,))
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        low.execute("TRUNCATE hub_blob_chunks")
    assert {n: _chunks(office, n) for n in before} == before
    with office.open("high") as ws:  # the 秘密 scan still opens, whole
        (att,) = ws.attachments.list(office.cases["secret"])
        assert ws.attachments.read(office.cases["secret"], att.id)[1] == SECRET_TEXT


def test_naming_a_blob_he_cannot_read_from_his_own_case_is_refused(office: Office, low: Any) -> None:
    """Even told the 秘密 blob's name (a node-folder blob adopted but not yet renamed by the
    owner keeps its keyed name, which he can compute for a content he guesses), he cannot
    make it his by naming it."""
    secret = _blob_of(office, "secret")
    mine = office.cases["internal"]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not name a blob"):
        low.execute("INSERT INTO attachments (id, case_id, filename, blob_name, blob_key, sha256, size, verified, "
                    "created_at, level) VALUES ('forged-1', %s, 'x.pdf', %s, '\\x00', %s, 1, false, now(), 0)",
                    (mine, secret, "0" * 64))
    (own,) = low.execute("SELECT id FROM attachments WHERE case_id = %s", (mine,)).fetchone()
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not name a blob"):
        low.execute("UPDATE attachments SET blob_name = %s WHERE id = %s", (secret, own))
    for sql in ("INSERT INTO sync_blobs (sha256, blob_name, blob_key, size, level) VALUES (%s, %s, '\\x00', 1, 0)",):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not name a blob"):
            low.execute(sql, ("f" * 64, secret))
    assert low.execute("SELECT count(*) FROM hub_blob_chunks WHERE name = %s", (secret,)).fetchone()[0] == 0


def test_the_administrators_touch_no_chunk(office: Office) -> None:
    internal = _blob_of(office, "internal")
    for account in ("admin", "sec", "shen"):
        with office.connect(account) as conn:
            for sql, args in (("SELECT count(*) FROM hub_blob_chunks", ()),
                              ("INSERT INTO hub_blob_chunks (name, idx, chunk) VALUES ('a', 0, '\\x00')", ()),
                              ("DELETE FROM hub_blob_chunks WHERE name = %s", (internal,))):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(sql, args)


def test_through_the_program_each_reads_his_cases_blobs_from_any_machine(office: Office, tmp_path: Path) -> None:
    """Under their own roles from an empty folder elsewhere: high reads the 秘密 scan;
    low adds and reads his own, the same content as the 秘密 one included (a copy of his
    own: the other is not his to reuse), and his unlock leaves every chunk in place."""
    before = _chunks(office, _blob_of(office, "secret"))
    elsewhere = tmp_path / "machine-b"
    for account, label in (("high", "secret"), ("low", "internal")):
        backends.use_hub(office.url(account))
        try:
            with Workstation.open(elsewhere / account, account, OFFICER_PASS, wait_for_delay=False) as ws:
                atts = ws.attachments.list(office.cases[label])
                assert ws.attachments.read(office.cases[label], atts[0].id)[1] == (
                    SECRET_TEXT if label == "secret" else b"internal memo " * 1000)
                if account == "low":
                    same = tmp_path / "same.pdf"
                    same.write_bytes(SECRET_TEXT)
                    copy = ws.attachments.add(office.cases[label], same)
                    assert ws.attachments.read(office.cases[label], copy.id)[1] == SECRET_TEXT
        finally:
            backends.use_hub(None)
    assert _chunks(office, _blob_of(office, "secret")) == before
    assert not any((office.data_dir / "blobs").iterdir())


def test_junk_he_inserts_is_read_by_nobody_and_swept_by_the_owners_command(
        office: Office, low: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """An officer may add chunks (a blob is written before the row naming it): junk under
    a name no row gives is invisible, to him too. No unlock touches the table, the
    owner's neither (its cost would grow with the hub); `bjstc hub sweep-blobs` under the
    owner's role removes it (ops/hub_blob_sweep.py), and is refused to the officer's;
    every named blob stays."""
    junk = "e" * 64
    low.execute("INSERT INTO hub_blob_chunks (name, idx, chunk) VALUES (%s, 0, %s)", (junk, b"\x00" * 1024))
    assert low.execute("SELECT count(*) FROM hub_blob_chunks WHERE name = %s", (junk,)).fetchone()[0] == 0
    assert len(_chunks(office, junk)) == 1
    named = {n: _chunks(office, n) for n in (_blob_of(office, k) for k in ("secret", "internal", "industry"))}
    with office.open("low"):
        pass
    with Workstation.open(office.data_dir, "admin", ADMIN_PASS, wait_for_delay=False):  # the owner's URL
        pass
    assert len(_chunks(office, junk)) == 1  # no unlock sweeps the chunks
    cli = Cli(capsys, monkeypatch)
    rc, out, err = cli(office.data_dir, "--hub", office.url("low"), "hub", "sweep-blobs", user="low")
    assert rc != 0 and "属主" in err and len(_chunks(office, junk)) == 1  # his role does not see every row
    assert json.loads(cli(office.data_dir, "hub", "sweep-blobs", "--json", user="admin")[1]) == {"removed": 1}
    assert _chunks(office, junk) == []
    assert {n: _chunks(office, n) for n in named} == named
    with office.connect("owner-of-the-hub") as conn:
        (swept,) = conn.execute("SELECT details FROM audit_events WHERE action = 'hub_blobs_swept'").fetchone()
    assert json.loads(swept)["chunks"] == 1  # who swept, and how much, is in the trail
