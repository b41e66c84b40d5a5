"""What every group of operations shares: the open store, the workstation file, the
acting user, and the audit append that goes into each write transaction.

One `OpsContext` per unlocked workstation (`ws.ctx`); each group of operations
(`ws.cases`, `ws.letters`, ...) is an `OpsPart` over it (ops/part.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.store import atomicfile, audit
from bjstc_desktop.store.blobstore import BlobStore, FolderBlobs
from bjstc_desktop.store.keybundle import KeyBundle
from bjstc_desktop.store.keyslots import WorkstationFile, mac_key
from bjstc_desktop.store.store import Store
from bjstc_desktop.sync.suites import DEFAULT_OFFER, parse_offer


class OpsContext:
    """State of an unlocked workstation, shared by every group of operations."""

    data_dir: Path
    store: Store
    wfile: WorkstationFile
    actor: Actor
    bundle: KeyBundle  # what the user's key slot held: the data key, and an administrator's role key
    must_change_passphrase: bool = False  # an administrator's reset is pending

    def __init__(self, data_dir: Path, store: Store, wfile: WorkstationFile, actor: Actor, bundle: KeyBundle,
                 must_change_passphrase: bool = False) -> None:
        self.data_dir = data_dir
        self.store = store
        self.wfile = wfile
        self.actor = actor
        self.bundle = bundle
        self.must_change_passphrase = must_change_passphrase

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

    @property
    def sync_suites(self) -> tuple[str, ...]:
        """The crypto suites this workstation offers its peers, most preferred first
        (chosen at init, kept in the authenticated workstation.json; a workstation made
        before gm-1 offers intl-1 first, then gm-1)."""
        raw = self.wfile.extra.get("sync_suites")
        try:
            return parse_offer(",".join(raw)) if isinstance(raw, list) else DEFAULT_OFFER
        except ValueError:
            return DEFAULT_OFFER

    @property
    def blob_cipher(self) -> str:
        """The cipher new attachment blobs are sealed with: SM4-GCM on a workstation
        that prefers gm-1, else ChaCha20-Poly1305 (store/blobs.py)."""
        return "sm4-gcm" if self.sync_suites[0] == "gm-1" else "chacha20-poly1305"

    @property
    def blob_store(self) -> BlobStore:
        """Where this store's blobs live (store/blobstore.py): the data folder's blobs/
        on a workstation, the database's hub_blob_chunks on a hub (whose node folder's
        blobs/ is still read for a blob not adopted yet: ops/hub_blob_adoption.py)."""
        if self.store.is_hub:
            from bjstc_desktop.store.hubblobs import HubBlobs

            return HubBlobs(self.store.read, self.data_dir / "blobs")
        return FolderBlobs(self.data_dir / "blobs", self.store.data_key)

    def _audited_publish(self, staged: Path, target: Path, action: str, target_type: str = "", target_id: str = "",
                        *, publish: Callable[[Path, Path], None] = atomicfile.publish,
                        discard: Callable[[Path], None] = atomicfile.discard, **details: Any) -> None:
        """Give a staged output (a file, or a folder with `publish`/`discard` for one) its
        name only once its audit event `action` is committed: nothing leaves the
        workstation unaudited. A failed audit (busy store, full disk) discards what was
        staged; a rename that then fails leaves the event of an export that did not
        happen, never an export without its event."""
        try:
            with self.store.write() as s:
                self._audit(s, action, target_type, target_id, **details)
        except BaseException:
            discard(staged)
            raise
        try:
            publish(staged, target)
        except BaseException:  # an interrupted rename leaves nothing staged behind either
            discard(staged)
            raise

    def _audit(self, session: Session, action: str, target_type: str = "", target_id: str = "",
               **details: Any) -> None:
        """Append one audit event in `session`'s write transaction."""
        audit.append(session, actor_id=self.actor.user_id, actor_name=self.actor.name, action=action,
                     target_type=target_type, target_id=target_id, details=details)
