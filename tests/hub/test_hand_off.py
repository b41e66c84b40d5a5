"""Issue 19 point 6.3: a hub hands a standalone workstation to a travelling officer (`bjstc
hub hand-off`) and takes his edits back by the ordinary packages; and the attacks on it
(point 6.4): an officer handing himself a workstation, cases above his clearance or
outside his modules asked for or pushed through the laptop, a forged laptop, replayed
and altered packages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Role
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, OFFICER_PASS
from tests.hub.nodes import Cli, office_on
from tests.hub.office import HNTE
from tests.sync import forge
from tests.sync.conftest import CONTRACT, Office, dump

LAPTOP = "李四出差机"


@pytest.fixture
def hub(tmp_path: Path) -> Office:
    """A hub with zhang (秘密, every module), li (内部, market only) and three cases:
    one li may take, one above his clearance, one outside his modules."""
    office = office_on("hub", tmp_path, "处集中库")
    with office.open("admin") as ws:
        ws.accounts.add("li", Role.OFFICER, OFFICER_PASS)
    with office.open("sec") as ws:
        ws.accounts.set_access("li", Level.INTERNAL, frozenset({"market"}))
    with office.open() as ws:
        ws.cases.create("tech_contract", "内部合同", CONTRACT, classification=Level.INTERNAL)
        ws.cases.create("tech_contract", "秘密合同", CONTRACT, classification=Level.SECRET, secrecy_period="10年")
        ws.cases.create("hnte", "高企认定", HNTE)
    office.close()
    return office


def _hand_off(cli: Cli, hub: Office, folder: Path, officer: str = "li", user: str = "sec",
              *options: str) -> tuple[int, str, str]:
    cli.monkeypatch.setenv("BJSTC_OFFICER_PASSPHRASE", OFFICER_PASS)
    cli.monkeypatch.setenv("BJSTC_NEW_PASSPHRASE", ADMIN_PASS)
    return cli(hub, *options, "hub", "hand-off", officer, "-o", str(folder), "--workstation", LAPTOP, "--admin",
               "admin", "--json", user=user)


def _laptop(cli: Cli, hub: Office, tmp_path: Path, *options: str) -> Office:
    rc, out, err = _hand_off(cli, hub, tmp_path / "laptop", "li", "sec", *options)
    assert rc == 0, err
    made = json.loads(out)
    return Office(LAPTOP, tmp_path / "laptop", made["node_id"], made["fingerprint"])


def test_a_hub_hands_a_standalone_workstation_to_a_travelling_officer_and_takes_his_edits_back(
        hub: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cli = Cli(capsys, monkeypatch)
    url = json.loads((hub.data_dir / "hub.json").read_text(encoding="utf-8"))["url"]
    laptop = _laptop(cli, hub, tmp_path, "--hub", url)  # the hub named for the run: the laptop is still its own
    assert (laptop.data_dir / "store.db").exists() and not (laptop.data_dir / "hub.json").exists()
    assert laptop.node_id != hub.node_id
    # Each trusts the other for li's clearance and modules only.
    [at_hub] = cli.json(hub, "peer", "list")
    assert (at_hub["node_id"], at_hub["ceiling"], at_hub["modules"]) == (laptop.node_id, "内部", ["market"])
    [at_laptop] = cli.json(laptop, "peer", "list", user="li")
    assert (at_laptop["node_id"], at_laptop["ceiling"], at_laptop["modules"]) == (hub.node_id, "内部", ["market"])
    info = cli.json(laptop, "info", user="li")
    assert (info["ceiling"], info["store"]["kind"]) == ("内部", "sqlcipher")

    # His cases go by the ordinary package: what he may see, nothing else.
    usb = tmp_path / "usb"
    usb.mkdir()
    out = cli.json(hub, "sync", "export", "--to", LAPTOP, "--full", "-o", str(usb / "out.bjsync"), user="li")
    assert out["records"] == 1
    assert cli.json(laptop, "sync", "import", out["path"], user="li")["new"] == 1
    [case] = cli.json(laptop, "case", "list", user="li")
    assert case["title"] == "内部合同"

    # Away, he edits it and opens a new case; back, the hub takes both by the ordinary package.
    cli.json(laptop, "case", "edit", case["id"], "--field", "signed_on=2026-05-06", user="li")
    new = cli.json(laptop, "case", "new", "--type", "tech_contract", "--title", "出差期间受理的合同",
                   "--classification", "内部", *[f"--field={k}={v}" for k, v in CONTRACT.items()], user="li")
    back = cli.json(laptop, "sync", "export", "--to", hub.node_id, "-o", str(usb / "back.bjsync"), user="li")
    got = cli.json(hub, "sync", "import", back["path"])
    assert (got["new"], got["updated"], got["held_back"]) == (1, 1, 0)
    assert cli.json(hub, "case", "show", case["id"], user="li")["fields"]["signed_on"] == "2026-05-06"
    assert cli.json(hub, "case", "show", new["id"])["title"] == "出差期间受理的合同"


def test_only_the_security_administrator_hands_off_and_a_refused_hand_off_leaves_nothing(
        hub: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cli = Cli(capsys, monkeypatch)
    before = dump(hub)
    hub.close()
    for user in ("li", "zhang", "admin"):  # an officer handing himself a laptop, the system administrator
        rc, _, err = _hand_off(cli, hub, tmp_path / f"by-{user}", user=user)
        assert rc == 1 and "安全保密管理员" in err and not (tmp_path / f"by-{user}").exists()
    rc, _, err = _hand_off(cli, hub, tmp_path / "nobody", officer="nobody")
    assert rc == 1 and "nobody" in err and not (tmp_path / "nobody").exists()
    rc, _, err = _hand_off(cli, hub, tmp_path / "for-sec", officer="sec")  # an administrator handles no case
    assert rc == 1 and not (tmp_path / "for-sec").exists()
    assert dump(hub) == before
    laptop = _laptop(cli, hub, tmp_path)
    with_one = dump(hub)
    hub.close()
    rc, _, err = _hand_off(cli, hub, laptop.data_dir)  # a second hand-off into the laptop's folder
    assert rc == 1 and (laptop.data_dir / "workstation.json").exists()
    assert dump(hub) == with_one
    # Without --json: what the security administrator reads, in his language.
    monkeypatch.setenv("BJSTC_OFFICER_PASSPHRASE", OFFICER_PASS)
    rc, out, err = cli(hub, "--lang", "en", "hub", "hand-off", "zhang", "-o", str(tmp_path / "zhang"),
                       "--workstation", "张三出差机", "--admin", "admin", user="sec")
    assert rc == 0, err
    assert "Standalone workstation 张三出差机 made for zhang" in err and "(ceiling Secret, modules " in err
    assert "Recovery code (shown only this once" in out and "bjstc sync export --to" in err


def test_nothing_above_his_clearance_or_outside_his_modules_reaches_the_laptop_or_comes_back_from_it(
        hub: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cli = Cli(capsys, monkeypatch)
    laptop = _laptop(cli, hub, tmp_path)
    usb = tmp_path / "usb"
    usb.mkdir()
    # zhang (秘密, every module) sends everything he sees: the hub holds back what the laptop is not trusted for.
    out = cli.json(hub, "sync", "export", "--to", LAPTOP, "--full", "-o", str(usb / "all.bjsync"))
    assert (out["records"], out["held_back"]) == (1, 2)
    cli.json(laptop, "sync", "import", out["path"], user="li")
    [case] = cli.json(laptop, "case", "list", user="li")
    # On the laptop he cannot raise himself or open a case above its ceiling or outside his modules.
    rc, _, err = cli(laptop, "user", "grant", "li", "--clearance", "秘密", user="admin")
    assert rc == 1 and "只有安全保密管理员可以设定涉密等级" in err  # the laptop has no security administrator
    rc, _, _ = cli(laptop, "case", "new", "--type", "tech_contract", "--title", "越权", "--classification", "秘密",
                   *[f"--field={k}={v}" for k, v in CONTRACT.items()], user="li")
    assert rc == 1
    rc, _, _ = cli(laptop, "case", "new", "--type", "hnte", "--title", "越权", *[f"--field={k}={v}" for k, v in HNTE.items()],
                   user="li")
    assert rc == 1
    # With the laptop's own keys (its files and his passphrase), a forged package raising the case to 秘密
    # or moving it into another duty is held back at the hub: the laptop is trusted for 内部 and market only.
    laptop.sessions["zhang"] = Workstation.open(laptop.data_dir, "li", OFFICER_PASS)  # forge.py reads as "zhang"
    head = forge.head_doc(laptop, case["id"])
    raised = forge.child(head, laptop, officer="li", classification=2, secrecy_period="10年")
    moved = forge.child(head, laptop, officer="li", module="industry")
    got = hub.ws().sync.import_package(forge.build(laptop, [hub], usb, revs=[raised]))
    assert (got.held_back, got.updated, got.held_back_reasons) == (1, 0, {"ceiling": 1})
    with pytest.raises(PackageRefused):  # a case's duty is part of its identity: the whole package is refused
        hub.ws().sync.import_package(forge.build(laptop, [hub], usb, revs=[moved]))
    laptop.close()
    shown = hub.ws().cases.show(case["id"])
    assert (shown.classification, shown.module) == ("内部", "market")


def test_a_forged_laptop_and_replayed_or_altered_packages_are_refused_at_the_hub(
        hub: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cli = Cli(capsys, monkeypatch)
    laptop = _laptop(cli, hub, tmp_path)
    usb = tmp_path / "usb"
    usb.mkdir()
    out = cli.json(hub, "sync", "export", "--to", LAPTOP, "--full", "-o", str(usb / "out.bjsync"), user="li")
    cli.json(laptop, "sync", "import", out["path"], user="li")
    [case] = cli.json(laptop, "case", "list", user="li")
    cli.json(laptop, "case", "edit", case["id"], "--field", "signed_on=2026-05-06", user="li")
    first = cli.json(laptop, "sync", "export", "--to", hub.node_id, "-o", str(usb / "first.bjsync"), user="li")
    cli.json(laptop, "case", "edit", case["id"], "--field", "signed_on=2026-05-07", user="li")
    second = cli.json(laptop, "sync", "export", "--to", hub.node_id, "-o", str(usb / "second.bjsync"), user="li")
    assert cli.json(hub, "sync", "import", second["path"])["updated"] == 1
    # Replayed: the same package again changes nothing; the older one after it rolls nothing back.
    assert cli.json(hub, "sync", "import", second["path"])["status"] == "already_imported"
    older = cli.json(hub, "sync", "import", first["path"])
    assert "older" in older["warnings"]
    assert hub.ws().cases.show(case["id"]).fields["signed_on"] == "2026-05-07"
    before = dump(hub)
    hub.close()
    # Altered on the way: refused, nothing kept.
    data = bytearray(Path(second["path"]).read_bytes())
    data[-100] ^= 1
    altered = usb / "altered.bjsync"
    altered.write_bytes(bytes(data))
    rc, _, err = cli(hub, "sync", "import", str(altered))
    assert rc == 4 and err.strip()
    # A forged laptop: a workstation of the same name and officer, made by someone else (its own keys).
    forged = office_on("embedded", tmp_path, LAPTOP + "仿")
    with forged.open("sec") as ws:
        ws.peers.trust(hub.card(), hub.fingerprint)
    hub.close()
    with forged.open() as ws:
        ws.cases.create("tech_contract", "仿冒", CONTRACT)
        path = ws.sync.export_package([hub.node_id], usb / "forged.bjsync").path
    forged.close()
    rc, _, err = cli(hub, "sync", "import", path)
    assert rc == 4 and err.strip()
    assert dump(hub) == before


def test_with_every_account_on_its_own_role_the_hand_off_and_the_way_back_work_and_numbers_stay_unique(
        hub: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The office as it runs: the security administrator hands off through his own database
    role, li exports and imports through his. His laptop numbers its new cases itself, and
    one gets the 案号 the hub gave the 秘密 case li's role cannot see: it arrives with the
    suffix a taken number gets (store/casenumbers.py), not refused by the unique index."""
    from tests.conftest import own_hub_url

    monkeypatch.setenv("BJSTC_HUB_OWN_ROLES", "1")
    cli = Cli(capsys, monkeypatch)

    def own(user: str) -> tuple[str, str]:
        url = own_hub_url(hub.data_dir, user)
        assert url is not None and "@" in url, user
        return "--hub", url

    rc, out, err = _hand_off(cli, hub, tmp_path / "laptop", "li", "sec", *own("sec"))
    assert rc == 0, err
    made = json.loads(out)
    laptop = Office(LAPTOP, tmp_path / "laptop", made["node_id"], made["fingerprint"])
    usb = tmp_path / "usb"
    usb.mkdir()
    out_doc = cli.json(hub, *own("li"), "sync", "export", "--to", LAPTOP, "--full", "-o", str(usb / "out.bjsync"),
                       user="li")
    assert out_doc["records"] == 1
    assert cli.json(laptop, "sync", "import", out_doc["path"], user="li")["new"] == 1
    with Workstation.open(hub.data_dir, "zhang", OFFICER_PASS) as ws:  # the owner's connection sees every case
        secret_no = next(c.case_no for c in ws.cases.list() if c.title == "秘密合同")
    new: list[dict[str, str]] = []
    while not new or new[-1]["case_no"] != secret_no:
        assert len(new) < 5, (secret_no, new)
        new.append(cli.json(laptop, "case", "new", "--type", "tech_contract", "--title", f"出差受理的合同{len(new)}",
                            "--classification", "内部", *[f"--field={k}={v}" for k, v in CONTRACT.items()], user="li"))
    back = cli.json(laptop, "sync", "export", "--to", hub.node_id, "-o", str(usb / "back.bjsync"), user="li")
    got = cli.json(hub, *own("li"), "sync", "import", back["path"], user="li")
    assert (got["new"], got["held_back"]) == (len(new), 0)
    shown = cli.json(hub, *own("li"), "case", "show", new[-1]["id"], user="li")
    assert shown["case_no"] == f"{secret_no}（{new[-1]['id'][-4:]}）"
    with Workstation.open(hub.data_dir, "zhang", OFFICER_PASS) as ws:
        numbers = [c.case_no for c in ws.cases.list()]
    assert len(numbers) == len(set(numbers)) == 3 + len(new) and numbers.count(secret_no) == 1
