"""The admin guide's backup and restore of a hub (docs/hub.md §8, issue 19 point 5), as
the server's administrator runs them: a base backup (`pg_basebackup -X stream`) of the
running hub, its WAL archived (`archive_mode`, `archive_command`), the node folder copied
beside them, then work goes on; a second server is started from the backup and replays the
archive to its end. The restored hub opens with the officers' own passphrases, holds every
case and letter committed before the last archived segment, issues the next numbers after
them, and its audit chain verifies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import tests.conftest as shared
from tests.cli.test_cli import Cli
from tests.conftest import AUDITOR_PASS, make_station
from tests.hubdb import ThrowawayCluster
from tests.letters.conftest import TECH_CONTRACT

pytestmark = pytest.mark.fresh_inits("its hub lives on a server of its own, which it backs up and restores")


def _new_case(c: Cli, title: str) -> str:
    fields = [a for k, v in TECH_CONTRACT.items() for a in ("--field", f"{k}={v}")]
    rc, out, err = c("case", "new", "--type", "tech_contract", "--title", title, *fields, "--json")
    assert rc == 0, err
    return str(json.loads(out)["case_no"])


def test_a_base_backup_and_the_wal_archive_restore_a_hub_that_opens_and_verifies(  # type: ignore[no-untyped-def]
        cluster_factory, tmp_path: Path, capsys, monkeypatch) -> None:
    server: ThrowawayCluster = cluster_factory(durable=True, archive=True)
    database = server.new_database()
    monkeypatch.setattr(shared, "hub_for_new_node", lambda: server.url(database))
    station = make_station(tmp_path / "hub", administrators=True)
    c = Cli(station.data_dir, capsys, monkeypatch)
    first = _new_case(c, "备份前的案件")
    assert c("letter", first, "notice", "-o", str(tmp_path / "1.pdf"), "--set", "body=备份前。")[0] == 0
    backup = server.base_backup()
    node_copy = tmp_path / "node-copy"
    shutil.copytree(station.data_dir, node_copy)  # the node folder: workstation file, blobs
    after = _new_case(c, "备份后、归档前的案件")  # only in the WAL archive
    server.switch_wal()
    assert after.endswith("2号")

    server.crash()  # the hub's server is lost: everything below comes from the backup and the archive
    restored = ThrowawayCluster.restored(server.bindir, backup, server.archive)
    try:
        monkeypatch.setenv("BJSTC_HUB", restored.url(database))
        r = Cli(node_copy, capsys, monkeypatch)
        rc, out, err = r("case", "list", "--json")
        assert rc == 0, err
        titles = sorted(row["title"] for row in json.loads(out))
        assert titles == ["备份前的案件", "备份后、归档前的案件"]  # the base backup and the archive's WAL
        assert r.json("audit", "verify", user="shen", passphrase=AUDITOR_PASS)["ok"] is True
        assert _new_case(r, "恢复后的案件").endswith("3号")  # numbers go on after the last committed one
        rc, out, err = r("letter", first, "notice", "-o", str(tmp_path / "2.pdf"), "--set", "body=恢复后。", "--json")
        assert rc == 0, err
        assert "2号" in out  # the register, too, continues after the restored letter
    finally:
        restored.stop()
