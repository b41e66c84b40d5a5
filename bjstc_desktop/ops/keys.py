"""Level keys at unlock, in step with the user's slot, and the one-time key upgrade of a
store made before them (store/grants.py has who holds what)."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Row
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import IntegrityError, PermissionDeniedError, RefusedError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.accounts import AccountOps, entitled_bundle
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store import grantkeys, grants, keyslots, levelkeys
from bjstc_desktop.store.grantkeys import held_levels
from bjstc_desktop.store.identity import node_row
from bjstc_desktop.store.keybundle import KeyBundle
from bjstc_desktop.store.levelkeys import ContentKeys
from bjstc_desktop.store.models import User, utcnow
from bjstc_desktop.store.repositories.settings import SettingsRepository
from bjstc_desktop.store.repositories.users import UserRepository, user_row
from bjstc_desktop.store.wfile_update import current_file, update_workstation_file

log = logging.getLogger(__name__)
UPGRADE_DONE = "level_keys_upgrade_done"


def unlock_keys(s: Session, node_id: str, row: User | Row[Any], bundle: KeyBundle) -> tuple[dict[int, bytes], Level]:
    """The level keys the unlocking user holds and the clearance they let him work at
    (store/grantkeys.held_levels, over this session's tables in plain SQL: no mapper is
    configured for it)."""
    return held_levels(row, bundle, node_id, grants.keyed_levels(s), content_sealed=lambda: grants.content_sealed(s),
                       ceiling=lambda: _ceiling(s, node_id),
                       granted=lambda private: grants.open_grants(s, node_id, row, private))


def _ceiling(s: Session, node_id: str) -> int | None:
    node = node_row(s, node_id)
    return None if node is None else node.ceiling


class KeyOps(OpsPart):
    """The user's slot kept in step with the keys, and the key upgrade."""

    def __init__(self, ctx: OpsContext, accounts: AccountOps) -> None:
        super().__init__(ctx)
        self._accounts = accounts  # whose slot changes these make

    def missing(self) -> list[str]:
        """The levels of the user's clearance whose keys he was not granted yet."""
        with self.store.read() as s:
            row = s.get(User, self.actor.user_id)
            assert row is not None
            return [Level(lv).label for lv in grants.keyed_levels(s) if self.actor.clearance < lv <= row.clearance]

    def _keep_slot_in_step(self, passphrase: str, bound: bool) -> None:
        """At unlock, with the passphrase at hand: an officer's slot gets a key-agreement
        key of its own if it has none (a slot made before level keys); a system
        administrator who was the key custodian hands the level keys over once a
        security administrator exists (his slot is made again without them)."""
        role = self.actor.role
        with self.store.read() as s:
            row = user_row(s, user_id=self.actor.user_id)  # plain SQL: it runs at every unlock
            assert row is not None
            remake = grantkeys.slot_to_remake(role, row.kex_public, self.bundle, UserRepository(s).secadmin_exists)
        if remake == "user_key_renewed":
            self.bundle = self._accounts._set_slot(self.actor.name, self.bundle, passphrase, bound,
                                         must_change=self.must_change_passphrase, action="user_key_renewed",
                                         keys=self.store.content)
        elif remake == "level_keys_handed_over":
            self.bundle = self._accounts._set_slot(self.actor.name, entitled_bundle(self.bundle, role), passphrase, bound,
                                         must_change=self.must_change_passphrase, action="level_keys_handed_over",
                                         keys=self.store.content)
            self.store.hold_levels({})

    def upgrade(self, recovery_code: str, passphrase: str) -> dict[str, int]:
        """Make the level keys of a store made before them and seal its content (the
        key custodian, with the recovery code and his own passphrase). Resumable: a run
        that stopped is finished by the next one. Returns what was sealed."""
        with self.store.read() as s:
            custodian = self.actor.role is Role.SECADMIN or (
                self.actor.role is Role.SYSADMIN and not UserRepository(s).secadmin_exists())
            keyed = grants.keyed_levels(s)
            done = SettingsRepository(s).get(UPGRADE_DONE)
        if not custodian:
            raise PermissionDeniedError("只有安全保密管理员（尚无安全保密管理员时为系统管理员）可以升级密级密钥。",
                                        "Only the security administrator (the system administrator while there is "
                                        "none) upgrades the level keys.")
        if done:
            raise RefusedError("本工作站的案件内容已按密级加密。", "This workstation's content is already encrypted by level.")
        recovery = current_file(self.store).unlock_recovery(recovery_code)
        if recovery.data_key != self.store.data_key:
            raise IntegrityError("恢复码槽中的数据密钥与本工作站不符。", "The recovery slot's data key is not this workstation's.")
        new = levelkeys.from_bundle(recovery.entries)
        with self.store.read() as s:
            if keyed:
                new = grants.verified(s, self.wfile.node_id, new)
            elif grants.content_sealed(s):
                raise grants.commitments_removed()  # never new keys over content sealed with the old
        if not keyed and not new:  # (keys already in the recovery slot: a run that stopped before the checks)
            new = levelkeys.from_bundle(levelkeys.new_level_keys(self.ceiling).items())
        full = KeyBundle.of({**dict(recovery.entries), **{levelkeys.bundle_name(lv): k for lv, k in new.items()}})
        # The keys reach the recovery slot and the custodian's slot before anything is
        # sealed with them, so no run that stops half-way can lose them.
        self._replace_recovery_slot(full, recovery_code)
        self.bundle = self._accounts._set_slot(self.actor.name, KeyBundle.of({**dict(self.bundle.entries), **{
            levelkeys.bundle_name(lv): k for lv, k in new.items()}}), passphrase, False,
            must_change=self.must_change_passphrase, action="level_keys_made", keys=ContentKeys())
        if not keyed:
            with self.store.write() as s:
                grants.record_checks(s, self.wfile.node_id, new)
        with self.store.read() as s:
            self.store.hold_levels(grants.verified(s, self.wfile.node_id, new))
        # the resealing (every sealed table, the duty and sync ones too) loads for the upgrade
        # itself, not with every unlock (issue 15 point 4)
        from bjstc_desktop.store.resealing import reindex_classified, seal_unsealed

        counts = seal_unsealed(self.store)
        counts["search_documents"] = reindex_classified(self.store)
        with self.store.write() as s:
            SettingsRepository(s).set(UPGRADE_DONE, True)
            self._audit(s, "level_keys_upgrade", "workstation", self.wfile.node_id, **counts)
        self.store.compact()
        return counts

    def _replace_recovery_slot(self, full: KeyBundle, code: str) -> None:
        slot = keyslots.make_slot(self.wfile.node_id, full, keyslots.normalise_recovery_code(code), kind="recovery",
                                  user=None, created_at=utcnow().isoformat())

        def change(wf: keyslots.WorkstationFile) -> None:
            wf.slots = [s for s in wf.slots if s.kind != "recovery"] + [slot]
        update_workstation_file(self.store, change, self.mac_key)
        self._accounts._reload_wfile()

