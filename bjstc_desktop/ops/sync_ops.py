"""Sync operations of the Workstation: identity cards and peers, export, import, the
conflict queue (design/sync.md). One mixin assembled from its parts."""

from __future__ import annotations

from bjstc_desktop.ops.sync_conflicts import SyncConflictOps
from bjstc_desktop.ops.sync_export import SyncExportOps
from bjstc_desktop.ops.sync_import import SyncImportOps
from bjstc_desktop.ops.sync_peers import SyncPeerOps


class SyncOps(SyncPeerOps, SyncExportOps, SyncImportOps, SyncConflictOps):
    """Everything a workstation does to exchange casework with its peers."""
