"""`bjstc hub init --db URL`, `--hub URL` and `bjstc info` on an office hub (issue 19 point 1),
and what an officer is told when the hub cannot be used: never a traceback, the
contract's exit code, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.cli.test_cli import Cli
from tests.conftest import ADMIN_PASS, new_hub_database


def _hub_init(c: Cli, url: str, lang: str | None = None) -> tuple[int, str, str]:
    return c("hub", "init", "--db", url, "--workstation", "技术市场处集中库", "--admin", "admin", "--office", "技术市场处",
             user=None, passphrase=ADMIN_PASS, lang=lang)


def test_hub_init_makes_a_hub_that_info_names_with_its_server_version(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url = new_hub_database()
    c = Cli(tmp_path / "hub", capsys, monkeypatch)
    rc, out, err = _hub_init(c, url)
    assert rc == 0, err
    assert "集中库已创建" in out and "恢复码" in out
    assert not (tmp_path / "hub" / "store.db").exists()  # the data is in PostgreSQL
    info = c.json("info", user="admin", passphrase=ADMIN_PASS)
    assert info["store"]["kind"] == "postgresql"
    assert info["store"]["server_version"].split(".")[0].isdigit() and int(info["store"]["server_version"].split(".")[0]) >= 15
    assert info["workstation"] == "技术市场处集中库"
    rc, out, _ = c("info", user="admin", passphrase=ADMIN_PASS, lang="en")
    assert rc == 0 and "Store: office hub, PostgreSQL 1" in out
    # The same hub named by --hub from a folder that records no hub gives the same node.
    assert c.json("--hub", url, "info", user="admin", passphrase=ADMIN_PASS)["node_id"] == info["node_id"]


def test_a_workstation_says_it_is_the_embedded_file(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = Cli(tmp_path / "ws", capsys, monkeypatch)
    rc, _, err = c("init", "--workstation", "一号机", "--admin", "admin", user=None, passphrase=ADMIN_PASS)
    assert rc == 0, err
    info = c.json("info", user="admin", passphrase=ADMIN_PASS)
    assert info["store"] == {"kind": "sqlcipher", "path": str(tmp_path / "ws" / "store.db")}


@pytest.fixture
def hub(tmp_path: Path, capsys, monkeypatch) -> tuple[Cli, str]:  # type: ignore[no-untyped-def]
    url = new_hub_database()
    c = Cli(tmp_path / "hub", capsys, monkeypatch)
    assert _hub_init(c, url)[0] == 0
    return c, url


def _with(url: str, **parts: str) -> str:
    u = make_url(url)
    return u.set(**parts).render_as_string(hide_password=False)  # type: ignore[arg-type]


@pytest.mark.parametrize(("change", "code", "zh", "en"), [
    ("down", 1, "无法连接集中库", "Cannot reach the hub"),
    ("role", 3, "集中库拒绝了连接", "The hub refused the connection"),
    ("database", 4, "没有此数据库", "has no such database"),
    ("empty", 4, "不是 bjstc 集中库", "is not a bjstc hub"),
])
def test_a_hub_that_cannot_be_used_is_named_in_the_officers_language(hub, change, code, zh, en) -> None:  # type: ignore[no-untyped-def]
    c, url = hub
    bad = {"down": lambda: _with(url, query={"host": "/nonexistent-bjstc-socket-dir"}),
           "role": lambda: _with(url, username="nobody_here"),
           "database": lambda: _with(url, database="no_such_db"),
           "empty": lambda: new_hub_database()}[change]()
    for lang, words in (("zh", zh), ("en", en)):
        rc, out, err = c("--hub", bad, "info", user="admin", passphrase=ADMIN_PASS, lang=lang)
        assert rc == code and words in err, (rc, err)
        assert "Traceback" not in err


def test_an_address_with_a_password_or_another_scheme_is_a_usage_error(hub) -> None:  # type: ignore[no-untyped-def]
    c, url = hub
    with_password = url.replace("@", ":secret@", 1)
    for bad, words in ((with_password, "不得含口令"), ("mysql://admin@localhost/bjstc", "postgresql://")):
        rc, _, err = c("--hub", bad, "info", user="admin", passphrase=ADMIN_PASS)
        assert rc == 2 and words in err
        assert "secret" not in err  # never echoed back


def test_hub_init_refuses_a_database_that_is_not_empty_and_writes_nothing(hub, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _c, url = hub
    other = Cli(tmp_path / "second", capsys, monkeypatch)
    rc, _, err = _hub_init(other, url)
    assert rc == 4 and "不是空的" in err
    assert not (tmp_path / "second" / "workstation.json").exists()
    assert not (tmp_path / "second" / "hub.json").exists()


def test_hub_init_on_a_server_that_is_down_changes_nothing(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    url = _with(new_hub_database(), query={"host": "/nonexistent-bjstc-socket-dir"})
    c = Cli(tmp_path / "hub", capsys, monkeypatch)
    rc, _, err = _hub_init(c, url, lang="en")
    assert rc == 1 and "Cannot reach the hub" in err
    assert not (tmp_path / "hub" / "workstation.json").exists()
    assert json.dumps(err).count("Traceback") == 0


def test_backup_of_a_hub_is_refused_and_names_the_servers_way(hub, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c, _url = hub
    for lang, words in (("zh", "pg_basebackup"), ("en", "backed up by its database server")):
        rc, _, err = c("backup", "-o", str(tmp_path / f"hub-{lang}.bjstcbak"), user="admin", passphrase=ADMIN_PASS, lang=lang)
        assert rc == 1 and words in err
        assert not (tmp_path / f"hub-{lang}.bjstcbak").exists()


def test_an_officer_on_another_machine_needs_only_his_roles_hub_address(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Issue 19 point 1: `bjstc --hub URL` from an empty home folder (no node folder, no
    hub.json, no workstation.json): the key slot is read from the hub's database."""
    from bjstc_desktop.cli import main as bjstc
    from tests.conftest import OFFICER_PASS
    from tests.hub.office import make_office, require_hub

    require_hub()
    office = make_office(tmp_path / "node-folder")
    home = tmp_path / "another-machine"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("BJSTC_DATA_DIR", "XDG_DATA_HOME", "BJSTC_HUB"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("BJSTC_PASSPHRASE", OFFICER_PASS)

    def run(*args: str) -> tuple[int, str, str]:
        rc = bjstc(["--hub", office.url("high"), "--user", "high", *args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return rc, out, err

    rc, out, err = run("info", "--json")
    assert rc == 0, err
    assert json.loads(out)["workstation"] == "技术市场处集中库"
    rc, out, err = run("case", "new", "--type", "tech_contract", "--title", "另一台计算机上登记的合同", "--json",
                       "--field", "contract_type=技术开发", "--field", "seller=北京冰雪科技有限公司",
                       "--field", "seller_uscc=91110000600037341L", "--field", "contract_amount=150万",
                       "--field", "tech_amount=50万")
    assert rc == 0, err
    rc, out, err = run("case", "list", "--json")
    assert rc == 0, err
    titles = {c["title"] for c in json.loads(out)}
    assert {"秘密的合同乙方案", "另一台计算机上登记的合同"} <= titles
    assert not list(home.rglob("workstation.json")) and not list(home.rglob("hub.json"))
    local = next(p.parent for p in home.rglob("logs"))  # his own folder: logs, locks, blobs, private
    assert local.is_relative_to(home) and local.stat().st_mode & 0o777 == 0o700
    # a wrong passphrase is refused as on a workstation, the slot read from the hub
    monkeypatch.setenv("BJSTC_PASSPHRASE", "not his passphrase")
    rc, _, err = run("info")
    assert rc == 3 and "用户名或口令不正确" in err
