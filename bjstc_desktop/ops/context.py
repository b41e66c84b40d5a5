"""What every group of operations shares: the open store, the workstation file, the
acting user, and the audit append that goes into each write transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.store import audit
from bjstc_desktop.store.keybundle import KeyBundle
from bjstc_desktop.store.keyslots import WorkstationFile, mac_key
from bjstc_desktop.store.store import Store


class OpsContext:
    """State of an unlocked workstation, shared by every operation mixin."""

    data_dir: Path
    store: Store
    wfile: WorkstationFile
    actor: Actor
    bundle: KeyBundle  # what the user's key slot held: the data key, and an administrator's role key
    must_change_passphrase: bool = False  # an administrator's reset is pending

    @property
    def mac_key(self) -> bytes:
        """The key that authenticates workstation.json (derived from the data key)."""
        return mac_key(self.store.data_key)

    @property
    def ceiling(self) -> Level:
        """The highest classification this workstation may hold (set at init)."""
        return Level(self.wfile.ceiling)

    @staticmethod
    def _case_text(level: int, text: str | None) -> str | None:
        """An officer's text about a case (an opinion, a reason) as the audit log keeps
        it: in full at 公开; above, only that one was given. The audit chain is read with
        the data key alone, and the text itself is sealed in the case (store/sealing.py)."""
        if not text or int(level) <= 0:
            return text
        return "（密级内容，见案件）"

    def _audit(self, session: Session, action: str, target_type: str = "", target_id: str = "",
               **details: Any) -> None:
        """Append one audit event in `session`'s write transaction."""
        audit.append(session, actor_id=self.actor.user_id, actor_name=self.actor.name, action=action,
                     target_type=target_type, target_id=target_id, details=details)
