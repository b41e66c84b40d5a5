"""Issue 19 point 6.1: the hub is a sync node. Through `bjstc`, as the officers and the
security administrators type it, a hub exchanges packages with a standalone workstation
and with another hub exactly as two workstations do: peers trusted both ways by their
fingerprints, incremental packages, concurrent edits merged and a conflicting one kept
for the officer (no edit lost), an altered package refused with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hub.nodes import Cli, office_on, trust_by_cli
from tests.sync.conftest import CONTRACT, dump


def _flip(path: Path, at: int) -> Path:
    """A copy of the package with one bit changed at `at` (from the end when negative)."""
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    altered = path.with_name("altered-" + path.name)
    altered.write_bytes(bytes(data))
    return altered


@pytest.mark.parametrize("peer_store", ["embedded", "hub"])
def test_the_hub_exchanges_packages_with_a_workstation_and_with_another_hub(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, peer_store: str) -> None:
    hub = office_on("hub", tmp_path, "处集中库")
    peer = office_on(peer_store, tmp_path, "出差机" if peer_store == "embedded" else "兄弟处集中库")
    assert (hub.data_dir / "hub.json").exists() and (peer.data_dir / "hub.json").exists() == (peer_store == "hub")
    cli = Cli(capsys, monkeypatch)
    trust_by_cli(cli, hub, peer, tmp_path)
    trust_by_cli(cli, peer, hub, tmp_path)
    assert cli.json(hub, "info")["store"]["kind"] == "postgresql"

    # The hub sends its case to the peer, the peer its case to the hub.
    mine = cli.json(hub, "case", "new", "--type", "tech_contract", "--title", "集中库的合同",
                    *[f"--field={k}={v}" for k, v in CONTRACT.items()])
    theirs = cli.json(peer, "case", "new", "--type", "tech_contract", "--title", "对端的合同",
                      *[f"--field={k}={v}" for k, v in CONTRACT.items()])
    usb = tmp_path / "usb"
    usb.mkdir()
    first = cli.json(hub, "sync", "export", "--to", peer.node_id, "-o", str(usb / "h1.bjsync"))
    assert first["records"] == 1
    assert cli.json(peer, "sync", "import", first["path"])["new"] == 1
    back = cli.json(peer, "sync", "export", "--to", hub.name, "-o", str(usb / "p1.bjsync"))
    assert back["records"] == 1  # its own case; the hub's came from the hub
    assert cli.json(hub, "sync", "import", back["path"])["new"] == 1
    for office in (hub, peer):
        assert {c["id"] for c in cli.json(office, "case", "list")} == {mine["id"], theirs["id"]}

    # Incremental: only what changed since the acknowledged package goes.
    cli.json(hub, "case", "edit", mine["id"], "--field", "tech_amount=70万")
    cli.json(peer, "case", "edit", mine["id"], "--field", "signed_on=2026-03-01")
    cli.json(hub, "case", "edit", theirs["id"], "--title", "集中库改的标题")
    cli.json(peer, "case", "edit", theirs["id"], "--title", "对端改的标题")
    second = cli.json(hub, "sync", "export", "--to", peer.node_id, "-o", str(usb / "h2.bjsync"))
    reply = cli.json(peer, "sync", "export", "--to", hub.node_id, "-o", str(usb / "p2.bjsync"))
    assert second["records"] == reply["records"] == 2
    # The hub's package carries its two edits; the peer's also its first revision again, as the hub's
    # acknowledgement of it is only in the package the peer has not imported yet.
    assert (second["revisions"], reply["revisions"]) == (2, 3)
    at_peer = cli.json(peer, "sync", "import", second["path"])
    at_hub = cli.json(hub, "sync", "import", reply["path"])
    assert (at_peer["merged"], at_peer["conflicts"]) == (at_hub["merged"], at_hub["conflicts"]) == (1, 1)
    for office in (hub, peer):  # both edits of different fields are kept on both sides
        shown = cli.json(office, "case", "show", mine["id"])
        assert (shown["fields"]["tech_amount"], shown["fields"]["signed_on"]) == (70_000_000, "2026-03-01")  # in fen
    # The same field changed on both: the officer sees both values and chooses; the choice travels.
    [conflict] = cli.json(hub, "sync", "conflicts")
    assert (conflict["field"], conflict["mine"], conflict["theirs"]) == ("title", "集中库改的标题", "对端改的标题")
    cli.json(hub, "sync", "resolve", conflict["id"], "--take", "theirs")
    [at_peer_conflict] = cli.json(peer, "sync", "conflicts")
    cli.json(peer, "sync", "resolve", at_peer_conflict["id"], "--take", "mine")
    decided = cli.json(hub, "sync", "export", "--to", peer.node_id, "-o", str(usb / "h3.bjsync"))
    cli.json(peer, "sync", "import", decided["path"])
    for office in (hub, peer):
        assert cli.json(office, "case", "show", theirs["id"])["title"] == "对端改的标题"
        assert cli.json(office, "sync", "conflicts") == []

    # An altered package: refused (exit 4) at the hub, and nothing of it kept.
    cli.json(peer, "case", "edit", theirs["id"], "--field", "tech_amount=60万")
    good = cli.json(peer, "sync", "export", "--to", hub.node_id, "-o", str(usb / "p3.bjsync"))
    before = dump(hub)
    hub.close()
    for at in (30, 200, -100, -10):  # header, header MAC / early payload, late payload, signature
        rc, _, err = cli(hub, "sync", "import", str(_flip(Path(good["path"]), at)))
        assert rc == 4 and err.strip(), (at, err)
    assert dump(hub) == before
    hub.close()
    assert cli.json(hub, "sync", "import", good["path"])["updated"] == 1
    assert cli.json(hub, "case", "show", theirs["id"])["fields"]["tech_amount"] == 60_000_000
