"""Issue 11 must-hold 6 one level up: an officer cleared for 秘密 who holds the files and
his own passphrase cannot read a 机密 case by any means.

The workstation's ceiling is 机密; wang (机密) has a 机密 case with a title, a party in
its fields, an opinion on its timeline and an attachment; li is cleared for 秘密 (so he
holds the data key, the 内部 and the 秘密 keys). He tries raw sqlcipher3 with his own
key material, the blobs folder, the search index and its blind tokens, and the program."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import BjstcError, NotFoundError, PermissionDeniedError
from bjstc_desktop.store import blobs, levelkeys
from bjstc_desktop.store.levelkeys import ContentKeys
from bjstc_desktop.workstation import Workstation
from tests import insider
from tests.conftest import OFFICER_PASS, SEC_PASS, Station, make_station
from tests.store.test_level_keys import _contract, _own_keys, _rare, _try_open, dump

TITLE = "饕餮号机密深潜器研制合同"
SELLER = "北京螭吻狻猊机密科技有限公司"
OPINION = "獬豸意见绝不公开"
FILE_NAME = "蝤蛴机密附件.txt"
FILE_TEXT = "魃魈魍魉机密附件正文"
MARKERS = (TITLE, SELLER, OPINION, FILE_NAME, FILE_TEXT)
SECRET_TITLE = "蛟龙秘密登记合同"


@pytest.fixture
def confidential(tmp_path: Path) -> Iterator[tuple[Station, str, str]]:
    """A 机密 workstation with its three administrators, wang (机密) and li (秘密);
    wang's 机密 case (with its attachment id) and a 秘密 case li can read."""
    station = make_station(tmp_path / "ws", ceiling=Level.CONFIDENTIAL, administrators=True,
                           officers={"wang": (Level.CONFIDENTIAL, "all"), "li": (Level.SECRET, "all")})
    path = tmp_path / FILE_NAME
    path.write_text(FILE_TEXT, encoding="utf-8")
    with station.open("wang") as ws:
        case = ws.cases.create("tech_contract", TITLE, _contract(SELLER), classification=Level.CONFIDENTIAL,
                              secrecy_period="20年")
        att = ws.attachments.add(case.id, path)
        ws.workflow.act(case.id, "review", opinion=OPINION)
        ws.cases.create("tech_contract", SECRET_TITLE, _contract("北京秘密登记科技有限公司"),
                       classification=Level.SECRET, secrecy_period="10年")
    yield station, case.id, att.id


def test_a_secret_officer_with_the_files_reads_nothing_of_a_confidential_case(
        confidential: tuple[Station, str, str]) -> None:
    station, case_id, _ = confidential
    key = insider.data_key(station.data_dir, "li", OFFICER_PASS)
    everything = dump(station.data_dir, key)
    assert [m for m in MARKERS if m in everything] == []
    assert {b for b in _rare(MARKERS) - {"机密"} if b in everything} == set()  # the level's own name is everywhere
    row = insider.sql(station.data_dir, key, "SELECT title, classification, sealed FROM cases WHERE id = ?",
                      params=(case_id,))[0]
    assert row[0] == "" and row[1] == Level.CONFIDENTIAL and row[2]


def test_his_secret_and_internal_keys_open_none_of_the_confidential_values(
        confidential: tuple[Station, str, str]) -> None:
    station, case_id, att_id = confidential
    key = insider.data_key(station.data_dir, "li", OFFICER_PASS)
    mine = _own_keys(station.data_dir, "li", OFFICER_PASS)
    assert sorted(mine) == [Level.INTERNAL, Level.SECRET]
    sealed = insider.sql(station.data_dir, key, "SELECT sealed FROM cases WHERE id = ?", params=(case_id,))[0][0]
    assert not _try_open(mine, "cases", case_id, sealed)
    for table, ident in (("case_fields", "case_id || '|' || key"), ("timeline_events", "id"),
                         ("attachments", "id"), ("case_parties", "id")):
        rows = insider.sql(station.data_dir, key, f"SELECT {ident}, sealed, level FROM {table} WHERE case_id = ?",
                           params=(case_id,))
        assert rows and all(s is not None and level == Level.CONFIDENTIAL for _, s, level in rows), table
        assert not any(_try_open(mine, table, i, s) for i, s, _ in rows), table
    # The blobs folder: the file is there, its key is sealed, no key of his opens it.
    name, blob_key, sha = insider.sql(station.data_dir, key,
                                      "SELECT blob_name, blob_key, sha256 FROM attachments WHERE id = ?",
                                      params=(att_id,))[0]
    assert blob_key in (b"", None)
    for path in (station.data_dir / "blobs").iterdir():
        assert FILE_TEXT.encode() not in path.read_bytes()
    for candidate in (key, *mine.values()):
        with pytest.raises(BjstcError):
            blobs.read_blob(station.data_dir / "blobs", name, candidate, sha)
    # His keys do open his own levels' content: the test tells sealed from opened.
    secret = insider.sql(station.data_dir, key, "SELECT id, sealed FROM cases WHERE classification = 2")
    assert secret and _try_open(mine, "cases", secret[0][0], secret[0][1])


def test_the_blind_index_of_a_confidential_case_answers_no_token_of_his(
        confidential: tuple[Station, str, str]) -> None:
    station, case_id, _ = confidential
    key = insider.data_key(station.data_dir, "li", OFFICER_PASS)
    mine = _own_keys(station.data_dir, "li", OFFICER_PASS)
    conn = insider.connection(station.data_dir, key)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.inst USING fts5vocab(main, case_search, 'instance')")
        terms = {t for (t,) in conn.execute("SELECT i.term FROM temp.inst AS i JOIN search_docs AS d "
                                            "ON d.doc_id = i.doc WHERE d.case_id = ?", (case_id,))}
        his = {t for (t,) in conn.execute("SELECT i.term FROM temp.inst AS i JOIN search_docs AS d "
                                          "ON d.doc_id = i.doc JOIN cases AS c ON c.id = d.case_id "
                                          "WHERE c.classification = 2")}
    finally:
        conn.close()
    assert terms and all(t.startswith(levelkeys.TOKEN_MARK) for t in terms)
    # Every token his keys make, at any level, of every word of the case: none is there.
    words = {w[i:i + n] for w in MARKERS for n in (1, 2, 3) for i in range(len(w) - n + 1)}
    guesses = {ContentKeys({level: k}).token(level, kind, w) for k in mine.values() for level in (1, 2, 3)
               for kind in ("t", "p", "w", "") for w in words}
    assert not guesses & terms
    # The same guessing does find his own 秘密 case's words: the test can tell.
    own = {ContentKeys({2: mine[Level.SECRET]}).token(2, kind, SECRET_TITLE[i:i + 2]) for kind in ("t", "p")
           for i in range(len(SECRET_TITLE) - 1)}
    assert own & his


def test_through_the_program_the_secret_officer_finds_nothing(confidential: tuple[Station, str, str]) -> None:
    station, case_id, att_id = confidential
    with Workstation.open(station.data_dir, "li", OFFICER_PASS) as ws:
        assert ws.cases.search("饕餮号") == [] and ws.cases.search("螭吻") == [] and ws.cases.search("獬豸") == []
        assert [c.title for c in ws.cases.search("蛟龙")] == [SECRET_TITLE]
        assert TITLE not in [c.title for c in ws.cases.list()]
        with pytest.raises((PermissionDeniedError, NotFoundError)):
            ws.cases.show(case_id)
        with pytest.raises((PermissionDeniedError, NotFoundError)):
            ws.attachments.read(case_id, att_id)
    with station.open("wang") as ws:
        assert [c.id for c in ws.cases.search("螭吻狻猊")] == [case_id]
        assert ws.attachments.read(case_id, att_id) == (FILE_NAME, FILE_TEXT.encode())
    assert sorted(_own_keys(station.data_dir, "sec", SEC_PASS)) == [1, 2, 3]  # the custodian holds 机密 too
