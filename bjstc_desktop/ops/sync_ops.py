"""Sync operations of the Workstation: identity cards and peers, export, import, the
conflict queue (design/sync.md). `ws.sync` (packages, conflicts, held revisions) and
`ws.peers` (identity cards, trusted peers)."""

from __future__ import annotations

from bjstc_desktop.ops.sync_conflicts import SyncConflictOps
from bjstc_desktop.ops.sync_export import SyncExportOps
from bjstc_desktop.ops.sync_import import SyncImportOps
from bjstc_desktop.ops.sync_peers import SyncPeerOps

__all__ = ["SyncOps", "SyncPeerOps"]


class SyncOps(SyncExportOps, SyncImportOps, SyncConflictOps):
    """`ws.sync`: export and import packages, the conflict queue and the revisions held for review
    (joining a workstation to a hub is `ws.joins`, ops/sync_join.py)."""
