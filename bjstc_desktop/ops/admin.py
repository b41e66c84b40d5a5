"""Audit, settings and backup operations (each for the role that may)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.roles import Role, check_may_change_settings, check_may_read_audit
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store import atomicfile, audit, backup, keybundle, rolekeys
from bjstc_desktop.store.auditchain import anchor_of
from bjstc_desktop.store.checkpoint import (
    Checkpoint,
    facts_problem,
    legacy_fingerprint,
    make_checkpoint,
    read_facts,
    unproven_admins,
)
from bjstc_desktop.store.keyslots import WorkstationFile
from bjstc_desktop.store.migrate import head_revision
from bjstc_desktop.store.models import utcnow
from bjstc_desktop.store.repositories.settings import DEFAULTS, SettingsRepository
from bjstc_desktop.store.wfile_update import current_file, update_workstation_file

log = logging.getLogger(__name__)

# Settings that take whole numbers, with their plain range.
_SETTING_RANGES = {"auto_lock_minutes": (1, 240, "自动锁定时间", "Auto-lock", "分钟", "minutes"),
                   "due_soon_workdays": (0, 60, "即将到期提醒", "The due-soon warning", "个工作日", "working days")}


class AdminOps(OpsPart):
    """Audit trail, settings and backups."""

    def audit_anchor(self) -> tuple[int, str] | None:
        """The (seq, hash) head recorded in workstation.json, if any."""
        return anchor_of(self.wfile)

    def audit_checkpoint(self) -> Checkpoint | None:
        """The newest signed checkpoint recorded in workstation.json (not yet checked)."""
        return Checkpoint.from_json(current_file(self.store).extra.get("audit_checkpoint"))

    def auditor_key_fingerprint(self) -> str:
        """The fingerprint of the auditor's checkpoint key (auditor; to compare with the
        one printed at init)."""
        check_may_read_audit(self.actor)
        return rolekeys.key_fingerprint(rolekeys.public_key(self._auditor_key()))

    def _auditor_key(self) -> bytes:
        key = self.bundle.get(keybundle.AUDITOR)
        assert key is not None  # an auditor unlocks only with the role key (workstation._check_unlock)
        return key

    def verify_audit(self) -> audit.VerifyResult:
        """Recompute the hash chain against the auditor's last signed checkpoint and the
        anchor, and check the facts it signed (auditor). When all is well, sign a new
        checkpoint at the new head; when not, nothing moves: the break stays visible."""
        check_may_read_audit(self.actor)
        key = self._auditor_key()
        public = rolekeys.public_key(key)
        wfile = current_file(self.store)
        wfile.check_mac(self.mac_key)
        cp = Checkpoint.from_json(wfile.extra.get("audit_checkpoint"))
        with self.store.read() as s:
            result = self._check_chain(s, wfile, cp, public)
        new_cp: Checkpoint | None = None
        with self.store.write() as s:
            self._audit(s, "audit_verify", ok=result.ok, events=result.events, first_bad=result.first_bad,
                        reason=result.reason, checkpoint=cp.n if cp else None)
            if result.ok and cp is not None:
                # Events other programs appended since the read, and our own, checked before signing.
                head = audit.verify_since(s, result.head_seq, result.head_hash)
                if head is not None:
                    new_cp = make_checkpoint(key, self.wfile.node_id, cp.n + 1, head,
                                             utcnow().isoformat(timespec="seconds") + "Z",
                                             read_facts(s, self.wfile.node_id))
        if new_cp is not None and self._record_checkpoint(new_cp):
            return dataclasses.replace(result, new_checkpoint=new_cp.n)
        return result

    def _check_chain(self, s: Session, wfile: WorkstationFile, cp: Checkpoint | None,
                     public: bytes) -> audit.VerifyResult:
        if cp is None:
            return audit.VerifyResult(False, 0, None, "no_checkpoint")
        if not cp.signed_by(public):
            return audit.VerifyResult(False, 0, None, "signature", checkpoint=cp.n)
        problem = facts_problem(cp, read_facts(s, wfile.node_id), wfile.node_id, legacy_fingerprint(s, wfile.node_id))
        if problem is None and unproven_admins(s, wfile.node_id):
            problem = "roster"
        if problem is None and wfile.ceiling != cp.facts.ceiling:
            problem = "ceiling"
        if problem is not None:
            return audit.VerifyResult(False, 0, None, problem, checkpoint=cp.n)
        result = audit.verify(s, anchor_of(wfile), (cp.seq, cp.hash))
        return audit.VerifyResult(result.ok, result.events, result.first_bad, result.reason, result.head_seq,
                                  result.head_hash, cp.n)

    def _record_checkpoint(self, cp: Checkpoint) -> bool:
        """Keep the new checkpoint (and the anchor at its head) in workstation.json, after
        the commit: a failure here leaves the previous checkpoint, which still holds."""
        def change(wf: WorkstationFile) -> None:
            old = Checkpoint.from_json(wf.extra.get("audit_checkpoint"))
            if old is None or cp.n > old.n:
                wf.extra["audit_checkpoint"] = cp.to_json()
            anchor = anchor_of(wf)
            if anchor is None or cp.seq > anchor[0]:
                wf.extra["audit_anchor"] = {"seq": cp.seq, "hash": cp.hash}
        try:
            self.wfile = update_workstation_file(self.store, change, self.mac_key)
        except Exception:
            log.warning("audit checkpoint not recorded in workstation.json")
            return False
        return True

    def export_audit(self, out: Path) -> int:
        """Write the whole trail as JSON Lines (auditor); returns the number of events.
        Staged, audited, then given its name: an export nobody recorded never exists."""
        check_may_read_audit(self.actor)
        target = atomicfile.check_output(out)
        count = 0

        def produce(tmp: Path) -> None:
            nonlocal count
            with self.store.read() as s, tmp.open("w", encoding="utf-8") as fh:
                for row in audit.export_rows(s):
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1

        staged = atomicfile.stage(target, produce, lambda exc, path: atomicfile.media_error(
            exc, path, what_zh="审计记录文件", what_en="the audit export"))
        self._audited_publish(staged, target, "audit_export", events=count)
        return count

    def settings(self) -> dict[str, Any]:
        """Every setting with its value (anyone unlocked may read them)."""
        with self.store.read() as s:
            return SettingsRepository(s).all()

    def set_setting(self, key: str, value: Any) -> None:
        """Change a setting (system administrator), audited with before and after."""
        check_may_change_settings(self.actor)
        if key not in DEFAULTS:
            raise RefusedError(f"没有设置项“{key}”。", f"There is no setting {key!r}.")
        if key in _SETTING_RANGES:
            low, high, zh, en, unit_zh, unit_en = _SETTING_RANGES[key]
            if not (isinstance(value, int) and not isinstance(value, bool) and low <= value <= high):
                raise RefusedError(f"{zh}应为 {low} 到 {high} {unit_zh}的整数。",
                                   f"{en} must be a whole number of {low} to {high} {unit_en}.")
        if key == "language" and value not in ("zh", "en"):
            raise RefusedError("界面语言应为 zh 或 en。", "The language must be zh or en.")
        with self.store.write() as s:
            old = SettingsRepository(s).set(key, value)
            self._audit(s, "setting_change", "setting", key, before=old, after=value)

    def backup(self, out: Path) -> int:
        """Write an encrypted backup file (system administrator); returns its size. The
        file is written under a temporary name and audited as done only once it is
        whole; a backup that fails (full disk, removed medium) leaves no file and no event."""
        if self.actor.role is not Role.SYSADMIN:
            raise RefusedError("只有系统管理员可以备份工作站。", "Only the system administrator makes backups.")
        if self.store.is_hub:
            raise RefusedError("集中库由数据库服务器备份（pg_basebackup 与 WAL 归档，见 docs/hub.md），本命令只备份工作站。",
                               "A hub is backed up by its database server (pg_basebackup and WAL archiving, see "
                               "docs/hub.md); this command backs up workstations only.")
        target = atomicfile.check_output(out)
        meta = {"node_id": self.wfile.node_id, "workstation": self.wfile.workstation,
                "schema_version": head_revision(), "created_at": dt.datetime.now(dt.UTC).isoformat()}
        staged = backup.stage_backup(self.data_dir, self.store.data_key, target, meta)
        size = staged.stat().st_size
        self._audited_publish(staged, target, "backup", path_name=target.name, size=size)
        return size

