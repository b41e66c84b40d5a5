"""Audit, settings and backup operations (each for the role that may)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.roles import Role, check_may_change_settings, check_may_read_audit
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import atomicfile, audit, backup
from bjstc_desktop.store.migrate import head_revision
from bjstc_desktop.store.repositories.settings import DEFAULTS, SettingsRepository


class AdminOps(OpsContext):
    """Audit trail, settings and backups."""

    def audit_anchor(self) -> tuple[int, str] | None:
        """The (seq, hash) head recorded in workstation.json, if any."""
        anchor = self.wfile.extra.get("audit_anchor")
        return (int(anchor["seq"]), str(anchor["hash"])) if anchor else None

    def verify_audit(self) -> audit.VerifyResult:
        """Recompute the hash chain (auditor)."""
        check_may_read_audit(self.actor)
        with self.store.read() as s:
            result = audit.verify(s, self.audit_anchor())
        with self.store.write() as s:
            self._audit(s, "audit_verify", ok=result.ok, events=result.events, first_bad=result.first_bad)
        return result

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
        if key == "auto_lock_minutes" and not (isinstance(value, int) and 1 <= value <= 240):
            raise RefusedError("自动锁定时间应为 1 到 240 分钟。", "Auto-lock must be 1 to 240 minutes.")
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
        target = atomicfile.check_output(out)
        meta = {"node_id": self.wfile.node_id, "workstation": self.wfile.workstation,
                "schema_version": head_revision(), "created_at": dt.datetime.now(dt.UTC).isoformat()}
        staged = backup.stage_backup(self.data_dir, self.store.data_key, target, meta)
        size = staged.stat().st_size
        self._audited_publish(staged, target, "backup", path_name=target.name, size=size)
        return size

    def _audited_publish(self, staged: Path, target: Path, action: str, **details: Any) -> None:
        """Record `action` in the audit, then give the staged file its name; a failed
        audit (busy store, full disk) removes the staged file."""
        try:
            with self.store.write() as s:
                self._audit(s, action, **details)
        except BaseException:
            atomicfile.discard(staged)
            raise
        atomicfile.publish(staged, target)
