"""Issue 11 must-hold 6, as the insider would try it: clearance enforced by cryptography.

li is an officer cleared for 内部. He holds the files and his own passphrase, so he has
the data key (store.db opens) and whatever his own slot and grants give him. zhang
(秘密) has a 秘密 case with a title, a party in its fields, an opinion on its timeline
and an attachment. li must read none of it by any means: every table dumped, the
search index's vocabulary listed, the attachment's file, his own keys tried on the
sealed values. The security administrator grants and revokes the keys; an existing
store is sealed by the key upgrade."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update

from bjstc_desktop.cli import main as bjstc
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import (
    BjstcError,
    IntegrityError,
    NotFoundError,
    PermissionDeniedError,
    RefusedError,
)
from bjstc_desktop.core.roles import Role
from bjstc_desktop.core.searchtext import index_terms
from bjstc_desktop.ops.accounts import parse_modules
from bjstc_desktop.store import blobs, grants, keyslots, levelkeys, searchindex
from bjstc_desktop.store.levelkeys import ContentKeys
from bjstc_desktop.store.sealing import sealed_models
from bjstc_desktop.store.store import Store
from bjstc_desktop.workstation import Workstation
from tests import insider
from tests.conftest import ADMIN_PASS, OFFICER_PASS, SEC_PASS, Station

LI_PASS = "li officer passphrase 7"
TITLE = "鹦鹉螺号深潜器研制合同"
SELLER = "北京鲲鹏麒麟深海科技有限公司"
OPINION = "貔貅饕餮意见不宜公开"
FILE_NAME = "蜉蝣附件.txt"
FILE_TEXT = "魑魅魍魉附件正文"
MARKERS = (TITLE, SELLER, OPINION, FILE_NAME, FILE_TEXT)
INTERNAL_TITLE = "蝾螈内部登记合同"


def _contract(seller: str) -> dict[str, Any]:
    return {"contract_type": "技术开发", "seller": seller, "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "80万"}


def _bigrams(text_: str) -> set[str]:
    return {text_[i:i + 2] for i in range(len(text_) - 1)}


def _rare(markers: tuple[str, ...]) -> set[str]:
    """The bigrams of the markers that no ordinary case text holds (all but the common words)."""
    common = _bigrams("北京科技有限公司合同附件意见公开研制正文深海深潜")
    return {b for m in markers for b in _bigrams(m) if all("\u4e00" <= ch <= "\u9fff" for ch in b)} - common


@pytest.fixture
def secret(station3: Station, tmp_path: Path) -> Iterator[tuple[Station, str, str]]:
    """station3 plus li (内部, granted by sec), zhang's 秘密 case (returned with its
    attachment id) and a 内部 case."""
    with station3.open("admin", ADMIN_PASS) as ws:
        ws.accounts.add("li", Role.OFFICER, LI_PASS)
    with station3.open("sec", SEC_PASS) as ws:
        ws.accounts.set_access("li", Level.INTERNAL, parse_modules("all") or frozenset())
    path = tmp_path / FILE_NAME
    path.write_text(FILE_TEXT, encoding="utf-8")
    with station3.open() as ws:
        case = ws.cases.create("tech_contract", TITLE, _contract(SELLER), classification=Level.SECRET,
                              secrecy_period="10年")
        att = ws.attachments.add(case.id, path)
        ws.workflow.act(case.id, "review", opinion=OPINION)
        ws.cases.create("tech_contract", INTERNAL_TITLE, _contract("北京内部登记科技有限公司"),
                       classification=Level.INTERNAL)
    yield station3, case.id, att.id


def dump(data_dir: Path, key: bytes) -> str:
    """Everything store.db holds that the data key shows: every row of every table, as
    text (bytes decoded where they decode), and the search index's vocabulary."""
    conn = insider.connection(data_dir, key)
    out: list[str] = []
    try:
        for table in insider.table_names(conn):
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        out.append(value.decode("utf-8", "ignore"))
                    elif value is not None:
                        out.append(str(value))
        out.extend(sorted({term for _, term, _ in insider.index_instances(conn.execute, insider.is_hub(data_dir))}))
    finally:
        conn.close()
    return "\n".join(out)


def _own_keys(data_dir: Path, user: str, passphrase: str) -> dict[int, bytes]:
    """The level keys a user gets outside the program: his slot's, and his grants opened
    with the key-agreement key in his slot (the formats are public)."""
    wf = keyslots.WorkstationFile.load(data_dir)
    bundle = wf.unlock(user, passphrase, lambda _node: None).bundle
    keys = levelkeys.from_bundle(bundle.entries)
    private = bundle.get(grants.USER_KEX)
    rows = insider.sql(data_dir, bundle.data_key, "SELECT g.level, g.sealed FROM level_grants AS g "
                       "JOIN users AS u ON u.id = g.user_id WHERE u.name = ?", params=(user,))
    for level, sealed in rows:
        opened = grants.open_sealed(private, sealed, wf.node_id, _user_id(data_dir, bundle.data_key, user), level) \
            if private else None
        if opened is not None:
            keys[level] = opened
    return keys


def _user_id(data_dir: Path, key: bytes, name: str) -> str:
    return insider.sql(data_dir, key, "SELECT id FROM users WHERE name = ?", params=(name,))[0][0]


def _try_open(keys: dict[int, bytes], table: str, identity: str, sealed: bytes) -> bool:
    """True when any of `keys`, at any level, opens a sealed value."""
    for key in keys.values():
        for level in (1, 2, 3):
            try:
                ContentKeys({level: key}).open(level, table, identity, sealed)
                return True
            except BjstcError:
                continue
    return False


# ----- the attacker: li, 内部, with the files -------------------------------------------------------
def test_an_internal_officer_with_the_files_reads_nothing_of_a_secret_case(secret: tuple[Station, str, str]) -> None:
    station, case_id, _ = secret
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    everything = dump(station.data_dir, key)
    for marker in MARKERS:
        assert marker not in everything
    leaked = {b for b in _rare(MARKERS) if b in everything}
    assert leaked == set()
    # The rows are there, sealed; the list columns stay readable.
    row = insider.sql(station.data_dir, key, "SELECT title, classification, case_no, sealed FROM cases WHERE id = ?",
                      params=(case_id,))[0]
    assert row[0] == "" and row[1] == Level.SECRET and row[2] and row[3]


def test_his_own_keys_open_none_of_the_sealed_values(secret: tuple[Station, str, str], tmp_path: Path) -> None:
    station, case_id, att_id = secret
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    mine = _own_keys(station.data_dir, "li", LI_PASS)
    assert sorted(mine) == [Level.INTERNAL]  # his grant of 内部, nothing more
    sealed = insider.sql(station.data_dir, key, "SELECT sealed FROM cases WHERE id = ?", params=(case_id,))[0][0]
    assert not _try_open(mine, "cases", case_id, sealed)
    for table, ident in (("case_fields", "case_id || '|' || key"), ("timeline_events", "id"),
                         ("attachments", "id"), ("case_parties", "id")):
        rows = insider.sql(station.data_dir, key, f"SELECT {ident}, sealed FROM {table} WHERE case_id = ?",
                           params=(case_id,))
        assert rows and all(s is not None for _, s in rows), table
        assert not any(_try_open(mine, table, ident_, s) for ident_, s in rows), table
    # The attachment's file: its name is readable, its key is not.
    name, blob_key, sha = insider.sql(station.data_dir, key,
                                      "SELECT blob_name, blob_key, sha256 FROM attachments WHERE id = ?",
                                      params=(att_id,))[0]
    assert blob_key in (b"", None)
    if (station.data_dir / "blobs" / name).exists():
        raw = (station.data_dir / "blobs" / name).read_bytes()
    else:  # a hub: the same sealed bytes as rows of hub_blob_chunks (store/hubblobs.py)
        raw = b"".join(bytes(c) for (c,) in insider.sql(
            station.data_dir, key, "SELECT chunk FROM hub_blob_chunks WHERE name = ? ORDER BY idx", params=(name,)))
    assert raw.startswith(blobs.MAGIC) and FILE_TEXT.encode() not in raw
    (tmp_path / name).write_bytes(raw)
    for candidate in (key, *mine.values()):
        with pytest.raises(BjstcError):
            blobs.read_blob(tmp_path, name, candidate, sha)
    # And his own keys do open his own level's content: the test can tell sealed from opened.
    internal = insider.sql(station.data_dir, key, "SELECT id, sealed FROM cases WHERE classification = 1")
    assert internal and _try_open(mine, "cases", internal[0][0], internal[0][1])


def test_the_search_index_holds_tokens_not_words(secret: tuple[Station, str, str]) -> None:
    station, _, _ = secret
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    conn = insider.connection(station.data_dir, key)
    try:
        classified = {r[0] for r in conn.execute("SELECT d.doc_id FROM search_docs AS d JOIN cases AS c "
                                                 "ON c.id = d.case_id WHERE c.classification > 0").fetchall()}
        rows = [(doc, term) for doc, term, _ in insider.index_instances(conn.execute, insider.is_hub(station.data_dir))
                if doc in classified]
    finally:
        conn.close()
    assert len({doc for doc, _ in rows}) == 2
    assert all(term.startswith(levelkeys.TOKEN_MARK) for _, term in rows)
    assert len(rows) == len(set(rows))  # each token once per document: no frequencies


def test_through_the_program_each_officer_finds_what_his_keys_open(secret: tuple[Station, str, str]) -> None:
    station, case_id, att_id = secret
    with Workstation.open(station.data_dir, "li", LI_PASS) as ws:
        assert ws.cases.search("鹦鹉螺") == []
        assert ws.cases.search("鲲鹏") == []
        assert [c.title for c in ws.cases.search("蝾螈")] == [INTERNAL_TITLE]  # blind tokens of 内部 found
        with pytest.raises((PermissionDeniedError, NotFoundError)):
            ws.cases.show(case_id)
    with station.open() as ws:
        assert [c.id for c in ws.cases.search("鹦鹉螺号")] == [case_id]
        assert [c.id for c in ws.cases.search("鲲鹏麒麟")] == [case_id]  # the seller, in the fields
        assert [c.id for c in ws.cases.search("貔貅")] == [case_id]  # the opinion
        view = ws.cases.show(case_id)
        assert view.title == TITLE
        assert ws.attachments.read(case_id, att_id) == (FILE_NAME, FILE_TEXT.encode())
        assert TITLE in [c.title for c in ws.cases.list()]


def test_the_security_administrator_holds_the_keys_but_reads_no_case_through_the_program(
        secret: tuple[Station, str, str]) -> None:
    station, case_id, _ = secret
    assert sorted(_own_keys(station.data_dir, "sec", SEC_PASS)) == [1, 2]  # the custodian (docs/security.md)
    assert _own_keys(station.data_dir, "admin", ADMIN_PASS) == {}  # the system administrator: none
    with Workstation.open(station.data_dir, "sec", SEC_PASS) as ws, \
            pytest.raises((PermissionDeniedError, NotFoundError)):
        ws.cases.show(case_id)


# ----- granting and revoking ------------------------------------------------------------------------
def test_a_lowered_clearance_takes_the_key_away(secret: tuple[Station, str, str]) -> None:
    station, case_id, _ = secret
    with station.open("sec", SEC_PASS) as ws:
        ws.accounts.set_access("zhang", Level.INTERNAL, parse_modules("all") or frozenset())
    assert sorted(_own_keys(station.data_dir, "zhang", OFFICER_PASS)) == [Level.INTERNAL]
    key = insider.data_key(station.data_dir, "zhang", OFFICER_PASS)
    sealed = insider.sql(station.data_dir, key, "SELECT sealed FROM cases WHERE id = ?", params=(case_id,))[0][0]
    assert not _try_open(_own_keys(station.data_dir, "zhang", OFFICER_PASS), "cases", case_id, sealed)
    with station.open() as ws:
        assert ws.cases.search("鹦鹉螺") == []
    # Raised again by the security administrator: the key is sealed to him again.
    with station.open("sec", SEC_PASS) as ws:
        ws.accounts.set_access("zhang", Level.SECRET, parse_modules("all") or frozenset())
    with station.open() as ws:
        assert ws.cases.show(case_id).title == TITLE


def test_only_a_holder_of_the_key_gives_a_clearance(secret: tuple[Station, str, str]) -> None:
    station, _, _ = secret
    with station.open("admin", ADMIN_PASS) as ws:
        ws.accounts.add("wang", Role.OFFICER, "wang officer passphrase 3")
    before = insider.sql(station.data_dir, insider.data_key(station.data_dir, "li", LI_PASS),
                         "SELECT count(*) FROM level_grants")
    with station.open("admin", ADMIN_PASS) as ws, pytest.raises(PermissionDeniedError):
        ws.accounts.set_access("wang", Level.SECRET, parse_modules("all") or frozenset())
    with station.open("sec", SEC_PASS) as ws:
        ws.accounts.set_access("wang", Level.SECRET, parse_modules("all") or frozenset())
    after = insider.sql(station.data_dir, insider.data_key(station.data_dir, "li", LI_PASS),
                        "SELECT count(*) FROM level_grants")
    assert after[0][0] == before[0][0] + 2
    assert sorted(_own_keys(station.data_dir, "wang", "wang officer passphrase 3")) == [1, 2]


def test_a_passphrase_reset_by_the_system_administrator_gives_no_key(secret: tuple[Station, str, str]) -> None:
    """The reset slot is made by someone without level keys: zhang must be granted again
    by the security administrator, and whoever set the new passphrase (the system
    administrator) learns no key by it."""
    station, case_id, _ = secret
    with station.open("admin", ADMIN_PASS) as ws:
        ws.accounts.change_passphrase("zhang", "reset by admin 99")
    assert _own_keys(station.data_dir, "zhang", "reset by admin 99") == {}
    with station.open("zhang", "reset by admin 99") as ws:
        assert ws.cases.search("鹦鹉螺") == []
        ws.accounts.change_passphrase("zhang", OFFICER_PASS)
    with station.open("sec", SEC_PASS) as ws:
        ws.accounts.grant_keys("zhang")
    with station.open() as ws:
        assert ws.cases.show(case_id).title == TITLE


# ----- an existing store ------------------------------------------------------------------------------
def _unseal_everything(station: Station) -> None:
    """Make the store what an earlier release left: content in its columns, no level keys,
    no grants, the search index in plain terms."""
    recovery = keyslots.WorkstationFile.load(station.data_dir).unlock_recovery(station.init.recovery_code)
    store = Store.open(station.data_dir, recovery.data_key)
    store.hold_levels(levelkeys.from_bundle(recovery.entries))
    try:
        with store.write() as s:
            for spec in sealed_models():
                table = spec.table
                pk = list(table.primary_key.columns)
                for row in s.execute(select(spec.model).where(spec.sealed_column.is_not(None))).scalars():
                    plain = {a: getattr(row, a) for a in spec.content}
                    s.execute(update(table).where(*(c == getattr(row, c.key) for c in pk))
                              .values(**plain, sealed=None))
            docs = s.execute(text("SELECT d.doc_id, c.title FROM search_docs AS d JOIN cases AS c "
                                  "ON c.id = d.case_id WHERE c.classification > 0")).all()
            for doc, title in docs:
                searchindex.remove(s, [doc])
                searchindex.add(s, [(doc, index_terms(title))])
            s.execute(text("DELETE FROM level_grants"))
            s.execute(text("DELETE FROM level_keys"))
            s.execute(text("UPDATE users SET kex_public = NULL"))
            if s.get_bind().dialect.name == "postgresql":  # the hub's own "content sealed" flag (hubroles.py)
                s.execute(text("DELETE FROM hub_content_sealed"))
    finally:
        store.close()


def _cli(station: Station, user: str, passphrase: str, *argv: str, recovery: str | None = None) -> tuple[int, Any]:
    import contextlib
    import io
    import json
    import os

    out = io.StringIO()
    env = {"BJSTC_PASSPHRASE": passphrase, **({"BJSTC_RECOVERY_CODE": recovery} if recovery else {})}
    os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            rc = bjstc(["--data-dir", str(station.data_dir), "--user", user, *argv, "--json"])
    finally:
        for k in env:
            del os.environ[k]
    return rc, (json.loads(out.getvalue()) if out.getvalue().strip() else None)


def test_an_existing_store_is_sealed_by_the_key_upgrade(secret: tuple[Station, str, str]) -> None:
    station, case_id, att_id = secret
    _unseal_everything(station)
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    assert TITLE in dump(station.data_dir, key)  # the test starts from a store in plain
    with pytest.raises(RefusedError):
        station.open()  # no officer works on it until the keys are made
    rc, counts = _cli(station, "sec", SEC_PASS, "keys", "upgrade", recovery=station.init.recovery_code)
    assert rc == 0 and counts["cases"] == 2 and counts["search_documents"] == 2
    everything = dump(station.data_dir, key)
    assert [m for m in MARKERS if m in everything] == []
    assert {b for b in _rare(MARKERS) if b in everything} == set()
    # Officers log in once (their own key-agreement key is made), then are granted.
    with station.open() as ws:
        assert ws.cases.search("鹦鹉螺") == []
    with station.open("li", LI_PASS):
        pass
    assert _cli(station, "sec", SEC_PASS, "user", "grant-keys", "zhang")[0] == 0
    assert _cli(station, "sec", SEC_PASS, "user", "grant-keys", "li")[0] == 0
    assert _cli(station, "sec", SEC_PASS, "user", "grant-keys", "li")[0] == 1  # nothing left to grant
    with station.open() as ws:
        assert ws.cases.show(case_id).title == TITLE
        assert ws.attachments.read(case_id, att_id) == (FILE_NAME, FILE_TEXT.encode())
        assert [c.id for c in ws.cases.search("鹦鹉螺号")] == [case_id]
    assert sorted(_own_keys(station.data_dir, "li", LI_PASS)) == [Level.INTERNAL]
    assert _cli(station, "sec", SEC_PASS, "keys", "upgrade", recovery=station.init.recovery_code)[0] == 1  # once


# ----- forging with the data key ----------------------------------------------------------------------
def test_raising_his_own_clearance_in_the_database_gives_no_key(secret: tuple[Station, str, str]) -> None:
    station, case_id, _ = secret
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    insider.sql(station.data_dir, key, "UPDATE users SET clearance = 2 WHERE name = 'li'", "SELECT 1")
    with Workstation.open(station.data_dir, "li", LI_PASS) as ws:
        assert ws.actor.clearance == Level.INTERNAL  # he works at the levels whose keys he holds
        assert ws.cases.search("鹦鹉螺") == []
        with pytest.raises((PermissionDeniedError, NotFoundError)):
            ws.cases.show(case_id)


def test_a_grant_he_forges_for_himself_is_refused(secret: tuple[Station, str, str]) -> None:
    station, _, _ = secret
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    node = keyslots.WorkstationFile.load(station.data_dir).node_id
    uid = _user_id(station.data_dir, key, "li")
    public = insider.sql(station.data_dir, key, "SELECT kex_public FROM users WHERE id = ?", params=(uid,))[0][0]
    forged = grants.seal_to(public, b"\x07" * 32, node, uid, 2)
    conn = insider.connection(station.data_dir, key)
    try:
        conn.execute("UPDATE users SET clearance = 2 WHERE id = ?", (uid,))
        conn.execute("INSERT INTO level_grants VALUES (?, 2, ?, ?, 'sec', '2026-01-01 00:00:00')",
                     (uid, public, forged))
        conn.commit()
    finally:
        conn.close()
    with pytest.raises(IntegrityError):
        Workstation.open(station.data_dir, "li", LI_PASS)


def test_removing_the_key_checks_does_not_get_new_keys_made(secret: tuple[Station, str, str]) -> None:
    station, _, _ = secret
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    insider.sql(station.data_dir, key, "DELETE FROM level_keys", "SELECT 1")
    with pytest.raises(IntegrityError):
        station.open()
    with pytest.raises(IntegrityError):
        with station.open("sec", SEC_PASS) as ws:
            ws.keys.upgrade(station.init.recovery_code, SEC_PASS)


def test_a_secret_cases_panel_opinions_and_scores_are_sealed(station3: Station) -> None:
    """Issue 17's panel of a 秘密 case: an expert's opinion and scores are content."""
    from tests.store.duty_seed import HNTE, HNTE_SCORES, add_pool

    with station3.open("admin", ADMIN_PASS) as ws:
        ws.accounts.add("li", Role.OFFICER, LI_PASS)
    with station3.open("sec", SEC_PASS) as ws:
        ws.accounts.set_access("li", Level.INTERNAL, parse_modules("all") or frozenset())
    with station3.open() as ws:
        add_pool(ws, tech=8, finance=2)
        case = ws.cases.create("hnte", "秘密高企认定", HNTE, classification=Level.SECRET, secrecy_period="5年")
        for action in ("examine", "accept", "start_review", "expert_review"):
            ws.workflow.act(case.id, action)
        panel = ws.panels.draw(case.id)
        ws.panels.score(case.id, panel.members[0].expert_id, HNTE_SCORES, OPINION)
        assert ws.panels.panel(case.id).members[0].opinion == OPINION  # read back opened
    key = insider.data_key(station3.data_dir, "li", LI_PASS)
    everything = dump(station3.data_dir, key)
    assert OPINION not in everything
    rows = insider.sql(station3.data_dir, key, "SELECT opinion, scores, total, sealed FROM panel_members "
                       "WHERE case_id = ?", params=(case.id,))
    assert rows and all(r[:3] == ("", "{}", None) and r[3] for r in rows)


def test_a_draft_of_a_secret_cases_form_is_sealed(secret: tuple[Station, str, str]) -> None:
    """The desk keeps what an officer types into a case's form (drafts): for a 秘密 case
    that is the case's content, sealed at its level like the case."""
    station, case_id, _ = secret
    typed = "鸾凤和鸣草稿内容"
    with station.open() as ws:
        draft = ws.drafts.save(None, "case_edit", case_id, TITLE, {"title": TITLE, "note": typed})
        assert typed in json.dumps(ws.drafts.get(draft.id).as_json(), ensure_ascii=False)  # read back opened
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    everything = dump(station.data_dir, key)
    assert typed not in everything and TITLE not in everything
    [(title, content, sealed)] = insider.sql(station.data_dir, key,
                                             "SELECT title, content, sealed FROM drafts WHERE id = ?",
                                             params=(draft.id,))
    assert (title, content) == ("", "{}") and sealed


def test_a_secret_cases_letter_keeps_its_ofd_copy_sealed(secret: tuple[Station, str, str], tmp_path: Path) -> None:
    """OFD letters: the register's OFD hash and blob key of a 秘密 case's letter are sealed
    like the PDF's, so the file holder cannot open the OFD copy."""
    station, case_id, _ = secret
    with station.open() as ws:
        result = ws.letters.issue(case_id, "notice", tmp_path / "n.pdf", values={"body": "经审核，予以登记。"},
                                 fmt="both")
        assert ws.letters.ofd(result.number)[:2] == b"PK"  # the holder of the key reads it
    key = insider.data_key(station.data_dir, "li", LI_PASS)
    [(sha, ofd_sha, ofd_key, sealed)] = insider.sql(
        station.data_dir, key, "SELECT sha256, ofd_sha256, ofd_blob_key, sealed FROM letters WHERE number = ?",
        params=(result.number,))
    assert (sha, ofd_sha, ofd_key) == ("", None, None) and sealed
