"""Audit, settings and backup operations (each for the role that may)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from bjstc_desktop.core.errors import MediaError, RefusedError
from bjstc_desktop.core.roles import Role, check_may_change_settings, check_may_read_audit
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import audit, backup
from bjstc_desktop.store.atomicfile import fsync_dir
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
        """Write the whole trail as JSON Lines (auditor); returns the number of events."""
        check_may_read_audit(self.actor)
        tmp = out.with_name(f".{out.name}.partial")
        count = 0
        try:
            with self.store.read() as s, tmp.open("w", encoding="utf-8") as fh:
                for row in audit.export_rows(s):
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
                fh.flush()
            tmp.replace(out)
            fsync_dir(out.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise MediaError(f"无法写入 {out}：{exc.strerror}", f"Cannot write {out}: {exc.strerror}") from exc
        with self.store.write() as s:
            self._audit(s, "audit_export", events=count)
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
        """Write an encrypted backup file (system administrator); returns its size."""
        if self.actor.role is not Role.SYSADMIN:
            raise RefusedError("只有系统管理员可以备份工作站。", "Only the system administrator makes backups.")
        if out.exists() and out.is_dir():
            raise RefusedError(f"{out} 是一个目录，请给出文件名。", f"{out} is a folder; give a file name.")
        with self.store.write() as s:
            self._audit(s, "backup", path_name=out.name)
        meta = {"node_id": self.wfile.node_id, "workstation": self.wfile.workstation,
                "schema_version": head_revision(), "created_at": dt.datetime.now(dt.UTC).isoformat()}
        return backup.write_backup(self.data_dir, self.store.data_key, out, meta)
