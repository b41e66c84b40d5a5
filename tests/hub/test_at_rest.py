"""No plaintext of classified cases at rest (issue 19 point 5), on both stores: 秘密 and
机密 cases with distinctive text in the title, the fields, a timeline opinion, a letter
and an attachment. Afterwards nothing anyone can copy holds that text or any of its CJK
bigrams: on a hub the whole database as pg_dump writes it (what a backup holds), the
server's files for it (the database's folder and the WAL, after a checkpoint); on a
workstation every row of store.db opened with the data key; on both the node folder
(blobs, logs, run files). The officer still finds and reads all of it through the
program (the search index holds tokens: store/blindindex.py)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bjstc_desktop.core.classification import Level
from bjstc_desktop.store import backends
from tests import insider
from tests.conftest import OFFICER_PASS, Station, make_station
from tests.hub.conftest import make_hub_station
from tests.letters.conftest import TECH_CONTRACT

TITLES = {Level.SECRET: "鸑鷟鹓鶵密函案", Level.CONFIDENTIAL: "夔魖魃魈机要案"}
SELLER = "北京蛩螀蟏蛸科技有限公司"
FIELD_NO = "ZQXJ7731KRV"  # an ASCII field value (the project name)
OPINION = "螭吻狴犴睚眦意见"
LETTER = "蚍蜉蟛蜞蝤蛴正文"
FILE_NAME = "蟏蛸蠨蛸附件.txt"
FILE_TEXT = "鼋鼍蛟蜃附件正文"
MARKERS = (*TITLES.values(), SELLER, FIELD_NO, OPINION, LETTER, FILE_NAME, FILE_TEXT)
COMMON = "北京科技有限公司附件正文意见密函机要案"


def _needles() -> set[str]:
    """The markers and every bigram of them made of rare characters only."""
    rare = {m[i:i + 2] for m in MARKERS for i in range(len(m) - 1)
            if all(ch not in COMMON for ch in m[i:i + 2]) and all("\u4e00" <= ch <= "\u9fff" for ch in m[i:i + 2])}
    return set(MARKERS) | rare


def _leaks(data: bytes, hex_too: bool = False) -> set[str]:
    """Which needles `data` holds, as UTF-8 (and, for a dump, as bytea's hex)."""
    found = set()
    for needle in _needles():
        encoded = needle.encode()
        if encoded in data or (hex_too and encoded.hex().encode() in data):
            found.add(needle)
    return found


def _fill(station: Station, tmp_path: Path) -> list[str]:
    attachment = tmp_path / FILE_NAME
    attachment.write_text(FILE_TEXT, encoding="utf-8")
    made = []
    with station.open() as ws:
        for level, title in TITLES.items():
            case = ws.cases.create("tech_contract", title, {**TECH_CONTRACT, "seller": SELLER, "project_name": FIELD_NO},
                                   classification=level, secrecy_period="10年")
            ws.attachments.add(case.id, attachment)
            ws.workflow.act(case.id, "review", opinion=OPINION)
            ws.letters.issue(case.id, "notice", None, values={"body": LETTER})
            made.append(case.id)
        # The officer finds and reads it all through the program: the text exists, sealed.
        assert {c.id for c in ws.cases.search("鸑鷟鹓鶵")} | {c.id for c in ws.cases.search("夔魖魃魈")} == set(made)
        assert {c.id for c in ws.cases.search("螭吻狴犴")} == set(made)
        assert ws.cases.show(made[1]).title == TITLES[Level.CONFIDENTIAL]
    return made


def _node_folder(data_dir: Path) -> dict[str, set[str]]:
    return {str(p.relative_to(data_dir)): found for p in sorted(data_dir.rglob("*"))
            if p.is_file() and (found := _leaks(p.read_bytes()))}


@pytest.mark.parametrize("backend", ["embedded", "hub"])
def test_no_classified_text_or_its_bigrams_at_rest(backend: str, tmp_path: Path) -> None:
    maker = make_hub_station if backend == "hub" else make_station
    station = maker(tmp_path / "node", ceiling=Level.CONFIDENTIAL, officers={"zhang": (Level.CONFIDENTIAL, "all")})
    _fill(station, tmp_path)
    assert _node_folder(station.data_dir) == {}
    key = insider.data_key(station.data_dir, "zhang", OFFICER_PASS)
    if backend == "embedded":
        conn = insider.connection(station.data_dir, key)
        try:
            rows = b"\n".join(v if isinstance(v, bytes) else str(v).encode() for table in insider.table_names(conn)
                              for row in conn.execute(f'SELECT * FROM "{table}"') for v in row if v is not None)
        finally:
            conn.close()
        assert rows and _leaks(rows) == set()
        return
    _hub_at_rest(station)


def _hub_at_rest(station: Station) -> None:
    from tests.conftest import _hub_cluster
    from tests.hubdb import SUPERUSER, ThrowawayCluster

    cluster = _hub_cluster()
    assert isinstance(cluster, ThrowawayCluster)
    url = backends.hub_url(station.data_dir)
    assert url is not None
    database = str(make_url(url).database)
    dumped = subprocess.run([str(cluster.bindir / "pg_dump"), "-h", str(cluster.socket), "-U", SUPERUSER,
                             "--no-owner", database], check=True, capture_output=True).stdout
    assert b"COPY public.cases" in dumped and b"COPY public.case_search" in dumped
    assert _leaks(dumped, hex_too=True) == set()
    with cluster.connect(database) as conn:
        conn.execute("CHECKPOINT")
        row = conn.execute("SELECT oid FROM pg_database WHERE datname = current_database()").fetchone()
        assert row is not None
    files = [*(cluster.data / "base" / str(row[0])).rglob("*"), *(cluster.data / "pg_wal").glob("*")]
    leaked = {str(p.name): found for p in files if p.is_file() and (found := _leaks(p.read_bytes()))}
    assert leaked == {}
    assert re.search(rb"\\x[0-9a-f]{64}", dumped)  # the sealed values are there, as ciphertext
