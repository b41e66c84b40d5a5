"""Reading a package's content as it streams past (docs/sync-format.md §4, §8).

PackageCheck checks each frame as it arrives: the manifest is bound to the outer layer
as soon as it arrives; each revision is validated (sync/validate.py), its author must be
a node known here and its signature must verify with that node's pinned key
(sync/authorship.py), and it must not exceed this workstation's ceiling; then it is
counted. Only record ids are kept, never revisions.

RevisionBatches hands the checked revisions to the store in batches bounded by count
and by bytes, so memory holds about one batch however large the package."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bjstc_desktop.sync import authorship, manifest, validate
from bjstc_desktop.sync.admission import Trust
from bjstc_desktop.sync.dag import RevisionData
from bjstc_desktop.sync.frames import Staged
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.unseal import Outer


@dataclass(frozen=True)
class KnownNode:
    """A node whose revisions this workstation can check: its pinned signing key and
    what it is trusted for."""

    trust: Trust
    sign_public: bytes


def checked_revision(doc: dict[str, Any], body_json: bytes = b"") -> RevisionData:
    """validate.revision, a refusal naming the case and the rule that failed."""
    try:
        return validate.revision(doc, body_json)
    except PackageRefused as exc:
        raise validate.explained(exc, doc) from None


def check_author(rev: RevisionData, nodes: dict[str, KnownNode]) -> None:
    """The revision's author must be a node known here, and its signature must verify
    with that node's pinned key: authorship cannot be claimed."""
    node = nodes.get(rev.author_node)
    case_no = rev.body.get("case_no", rev.record_id)
    if node is None:
        raise PackageRefused("unknown_author", f"{rev.rev_id} by {rev.author_node}",
                             f"（案件 {case_no} 的修订，作者节点 {rev.author_node}）",
                             f" (a revision of case {case_no} by node {rev.author_node})")
    if not authorship.verify(node.sign_public, rev.rev_id, rev.ancestry, rev.signature):
        raise PackageRefused("forged_author", f"{rev.rev_id} claims {rev.author_node}/{rev.author_name}",
                             f"（案件 {case_no} 的修订声称由 {node.trust.workstation} 的 {rev.author_name} 所写）",
                             f" (a revision of case {case_no} claims to be by {rev.author_name} of "
                             f"{node.trust.workstation})")


@dataclass
class PackageCheck:
    """The checks over one package's frames, as they stream past."""

    outer: Outer
    sender_node: str
    my_node: str
    nodes: dict[str, KnownNode]
    ceiling: int
    doc: dict[str, Any] | None = None
    mine: dict[str, Any] | None = None
    tally: manifest.Tally = field(default_factory=manifest.Tally)
    levels: dict[str, int] = field(default_factory=dict)  # record id → its highest level in the package

    def on_manifest(self, doc: dict[str, Any]) -> None:
        """Bind the manifest to the outer layer before any content is read."""
        self.mine = manifest.check(doc, self.outer, self.sender_node, self.my_node)
        self.doc = doc

    def on_revision(self, doc: dict[str, Any], size: int, body_json: bytes = b"") -> None:
        """Validate one revision, check its author and level, count it, drop it."""
        self.checked(doc, body_json)

    def checked(self, doc: dict[str, Any], body_json: bytes = b"") -> RevisionData:
        """Validate one revision, check its author and level and count it; the
        revision, for a caller that stores it in the same pass (`body_json`: the
        body's canonical bytes from the frame, see validate.revision)."""
        rev = checked_revision(doc, body_json)
        check_author(rev, self.nodes)
        if rev.classification > self.ceiling:
            case_no = rev.body.get("case_no", rev.record_id)
            raise PackageRefused("above_ceiling", rev.record_id, f"（案件 {case_no}）", f" (case {case_no})")
        self.levels[rev.record_id] = max(self.levels.get(rev.record_id, 0), int(rev.classification))
        self.tally.add(rev)
        return rev

    def finish(self, staged: Staged) -> None:
        """The counts match; every attachment names only records the package carries."""
        assert self.doc is not None
        manifest.check_content(self.doc, self.tally, staged.blob_sizes)
        for records in staged.blob_records.values():
            if not set(records) <= self.tally.records:
                raise validate.bad("an attachment names a record the package does not carry")


class RevisionBatches:
    """Revisions for the store in batches of at most `count` revisions or about
    `budget` bytes of frames (a larger revision goes alone), so the import holds a
    bounded amount however large the package."""

    def __init__(self, flush: Callable[[list[RevisionData]], None], count: int = 400,
                 budget: int = 256 * 1024) -> None:
        self._flush, self._count, self._budget = flush, count, budget
        self._batch: list[RevisionData] = []
        self._bytes = 0

    def on_revision(self, doc: dict[str, Any], size: int, body_json: bytes = b"") -> None:
        """Validate one revision and queue it."""
        self.add(checked_revision(doc, body_json), size)

    def add(self, rev: RevisionData, size: int) -> None:
        """Queue a revision already validated (`size`: its frame's length)."""
        if self._batch and self._bytes + size > self._budget:
            self.flush()
        self._batch.append(rev)
        self._bytes += size
        if len(self._batch) >= self._count:
            self.flush()

    def flush(self) -> None:
        """Hand the queued revisions to the store."""
        batch, self._batch, self._bytes = self._batch, [], 0
        if batch:
            self._flush(batch)
