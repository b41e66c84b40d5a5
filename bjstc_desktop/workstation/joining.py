"""A standalone workstation joined to a hub (issue 19 point 6.2; docs/hub.md "The hub as a
sync node"): its cases, letters, attachments and their revisions moved into the hub by
one full sync package, its identity kept as the author of its revisions, its officers
matched to the hub's accounts, its old peers trusted by the hub as they were by it; then
the workstation refuses every unlock, and the hub refuses its packages and holds back
anything it writes after the join (ops/sync_join.py).

Run by the two security administrators together: the hub's (his session) and the
workstation's (his passphrase), each vouching for his node's side, as at a trust by
fingerprint; the two cards are taken from the two stores in this run."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import backends
from bjstc_desktop.sync.card import normalise_fingerprint
from bjstc_desktop.workstation.session import Workstation


@dataclass(frozen=True)
class Joined:
    """What a join moved."""

    node_id: str
    workstation: str
    fingerprint: str
    new: int
    updated: int
    merged: int
    conflicts: int
    accounts: tuple[str, ...]
    peers: tuple[str, ...]
    finished: bool = False  # a join that had died after the hub's import, completed by this run


def join(hub: Workstation, folder: Path, user: str, passphrase: str, fingerprint: str) -> Joined:
    """Move the standalone workstation in `folder` (unlocked by its security
    administrator `user`) into `hub` (unlocked by the hub's), only when its identity has
    `fingerprint` (what its `bjstc info` shows, compared as at a peer trust: a
    look-alike folder has another). All or nothing: a refusal or failure leaves both
    nodes as they were (a peer trusted for it is forgotten again)."""
    if hub.actor.role is not Role.SECADMIN:
        raise PermissionDeniedError("只有集中库的安全保密管理员可以把工作站并入集中库。",
                                    "Only the hub's security administrator joins a workstation to it.")
    if not backends.is_hub(hub.store.engine):
        raise RefusedError("只能并入处室集中库；两台工作站之间用同步包交换。",
                           "A workstation is joined to an office hub only; two workstations exchange packages.")
    with backends.folder_choice():
        ws = Workstation.open(folder, user, passphrase, wait_for_delay=False)
    try:
        if normalise_fingerprint(fingerprint) != ws.peers.own_card().fingerprint:
            raise RefusedError("指纹不符：这不是要并入的那台工作站（请与其 bjstc info 显示的指纹逐组核对），未做任何更改。",
                               "The fingerprint does not match: this is not the workstation to join (compare it group "
                               "by group with what its bjstc info shows). Nothing was changed.")
        return _join(hub, ws)
    finally:
        ws.close()


def _join(hub: Workstation, ws: Workstation) -> Joined:
    _check(hub, ws)
    hub_card, ws_card = hub.peers.own_card(), ws.peers.own_card()
    officers = tuple(sorted(u.name for u in ws.accounts.list() if Role(u.role).handles_cases))
    peers = ws.joins.trusted_peers()
    at_hub = {p.node_id: p.status for p in hub.peers.list()}
    at_ws = {p.node_id: p.status for p in ws.peers.list()}
    if at_hub.get(ws_card.node_id) == "revoked" and hub.joins.joined_here(ws_card.node_id):
        # The hub's import committed (and revoked the workstation) but the program died
        # before marking the workstation: the cases are at the hub, so finish the join.
        ws.joins.mark_joined(hub_card)
        return Joined(ws_card.node_id, ws_card.workstation, ws_card.fingerprint, 0, 0, 0, 0, officers,
                      tuple(p.workstation for p in peers if p.node_id != hub_card.node_id), finished=True)
    if "revoked" in (at_hub.get(ws_card.node_id), at_ws.get(hub_card.node_id)):
        raise RefusedError("集中库与此工作站之间的信任已被撤销，不能并入，未做任何更改。",
                           "Trust between the hub and this workstation was revoked; it cannot be joined. Nothing "
                           "was changed.")
    new_at_hub, new_at_ws = ws_card.node_id not in at_hub, hub_card.node_id not in at_ws
    if new_at_ws:
        ws.peers.trust_for_join(hub_card)
    try:
        if new_at_hub:
            hub.peers.trust_for_join(ws_card)
        with tempfile.TemporaryDirectory(prefix="join-", dir=hub.data_dir) as tmp:  # sealed and signed, never plain
            package = ws.joins.export_for_join(hub_card.node_id, Path(tmp))
            report = hub.joins.import_joined(package, ws_card, peers)
    except BaseException:
        if new_at_hub:
            hub.joins.undo_join_trust(ws_card.node_id)
        if new_at_ws:
            ws.joins.undo_join_trust(hub_card.node_id)
        raise
    ws.joins.mark_joined(hub_card)
    return Joined(ws_card.node_id, ws_card.workstation, ws_card.fingerprint, report.new, report.updated,
                  report.merged, report.conflicts, officers,
                  tuple(p.workstation for p in peers if p.node_id != hub_card.node_id))


def _check(hub: Workstation, ws: Workstation) -> None:
    """What must hold before anything changes: the workstation's own security
    administrator, a standalone workstation, nothing above the hub's ceiling, and each
    of its officers an account of the hub."""
    if ws.actor.role is not Role.SECADMIN:
        raise PermissionDeniedError("须由被并入工作站的安全保密管理员以其口令确认并入。",
                                    "The joining workstation's security administrator confirms the join with his "
                                    "passphrase.")
    if backends.is_hub(ws.store.engine) or ws.data_dir.resolve() == hub.data_dir.resolve():
        raise RefusedError("一个集中库不能并入另一个集中库；集中库之间用同步包交换。",
                           "A hub is not joined to another hub; hubs exchange packages.")
    if ws.ctx.wfile.node_id == hub.ctx.wfile.node_id:
        raise RefusedError("这是集中库自己。", "This is the hub itself.")
    ceiling = hub.ctx.ceiling
    above = ws.joins.records_above(ceiling)
    if above:
        raise RefusedError(f"此工作站有 {above} 件记录的密级高于集中库的最高密级（{ceiling.label}），不能并入，未做任何更改。"
                           "请先在工作站上按规定处理这些记录。",
                           f"This workstation holds {above} records classified above the hub's ceiling "
                           f"({ceiling.label_en}); it cannot be joined. Nothing was changed. Deal with those records "
                           "on the workstation first, as the rules say.")
    at_hub = {u.name for u in hub.accounts.list()}
    missing = sorted(u.name for u in ws.accounts.list() if Role(u.role).handles_cases and u.name not in at_hub)
    if missing:
        names = "、".join(missing)
        raise RefusedError(f"集中库还没有这些经办人员的账户：{names}。请集中库的系统管理员先添加（bjstc user add），"
                           "安全保密管理员授予其密级与业务模块，再并入。未做任何更改。",
                           f"The hub has no account yet for: {', '.join(missing)}. The hub's system administrator adds "
                           "them (bjstc user add) and the security administrator grants their clearance and modules; "
                           "then join. Nothing was changed.")
