"""A hub hands a standalone workstation to a travelling officer (issue 19 point 6.3;
docs/hub.md "The hub as a sync node").

The hub's security administrator (who trusts peers) makes, in one run: a new
workstation with an identity of its own, its ceiling the officer's clearance, with its
system administrator and the officer's account (his clearance and modules, a passphrase
he types for it); on it the hub trusted for the same clearance and modules; on the hub
the new workstation trusted for those only. Each card is taken from its store in this
run, never from a file, so there is no card to swap on the way. The cases then travel by
the ordinary packages (`sync export --to` it, as the officer, and `sync import` on it),
and his edits come back the same way: what the officer may not see, or the laptop is not
trusted for, is held back by the export and by the import alike."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from bjstc_desktop.core.classification import parse_level
from bjstc_desktop.core.errors import NotFoundError, PermissionDeniedError, RefusedError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import atomicfile, backends
from bjstc_desktop.workstation.opening import NewAccount
from bjstc_desktop.workstation.session import Workstation


@dataclass(frozen=True)
class HandOff:
    """What the hand-off made: the new node and what it is trusted for."""

    node_id: str
    workstation: str
    fingerprint: str
    data_dir: str
    officer: str
    ceiling: str
    modules: tuple[str, ...]
    recovery_code: str


def hand_off(hub: Workstation, officer: str, folder: Path, name: str, admin: NewAccount,
             officer_passphrase: str) -> HandOff:
    """Make the standalone workstation `name` in `folder` for `officer` of the hub
    (`hub`: the hub unlocked by its security administrator). All or nothing: on any
    failure the new folder is removed and the hub trusts nothing new."""
    if hub.actor.role is not Role.SECADMIN:
        raise PermissionDeniedError("只有集中库的安全保密管理员可以为出差人员交接单机工作站。",
                                    "Only the hub's security administrator hands a standalone workstation to an "
                                    "officer.")
    account = next((u for u in hub.accounts.list() if u.name == officer), None)
    if account is None:
        raise NotFoundError(f"集中库没有用户“{officer}”。", f"The hub has no user {officer!r}.")
    role = Role(account.role)
    if not role.handles_cases or not account.active:
        raise RefusedError(f"“{officer}”不是在用的经办人员账户，不能交接。",
                           f"{officer!r} is not an active officer's account; nothing to hand off.")
    if folder.exists() and any(folder.iterdir()):
        raise RefusedError(f"{folder} 不是空文件夹，未创建工作站。", f"{folder} is not empty; nothing was created.")
    clearance = min(parse_level(account.clearance), hub.ctx.ceiling)
    modules = frozenset(account.modules)
    hub_card = hub.peers.own_card()
    # Made under a hidden name beside the target and renamed into place once the hub
    # trusts it: a program killed half-way leaves no folder that looks like a laptop the
    # hub would take packages from (the next export to that folder clears the staging).
    staging = atomicfile.temp_name(folder.absolute())
    try:
        with backends.folder_choice():
            made = Workstation.init(staging, name, admin.name, admin.passphrase, office=hub.ctx.wfile.office,
                                    ceiling=clearance, suites=hub.ctx.sync_suites)
            with Workstation.open(staging, admin.name, admin.passphrase, wait_for_delay=False) as laptop:
                laptop.accounts.add(officer, role, officer_passphrase, clearance, modules)
                laptop.peers.accept_hand_off(hub_card, clearance, modules, by=hub.actor.name)
                card = laptop.peers.own_card()
        hub.peers.trust_handed_off(card, officer, clearance, modules)
        os.replace(staging, folder)  # onto an empty folder or none (checked above)
        atomicfile.fsync_dir(folder.absolute().parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return HandOff(made.node_id, made.workstation, made.fingerprint, str(folder), officer, clearance.label,
                   tuple(sorted(modules)), made.recovery_code)
