"""The MANIFEST frame: who sent the package to whom, the per-recipient channel
sequence and basis, what was held back, the counts, the highest classification inside,
and acknowledgements for the reverse direction (docs/sync-format.md §Manifest)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bjstc_desktop.sync import limits
from bjstc_desktop.sync.audit_heads import checkpoint_of
from bjstc_desktop.sync.casebody import READABLE_BODY_VERSIONS
from bjstc_desktop.sync.dag import RevisionData
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.unseal import Outer
from bjstc_desktop.sync.validate import HEX64, UUID, bad

MANIFEST_FORMAT = 2
_KEYS = {"format", "package_id", "sender", "recipients", "upto", "full", "created", "hlc", "schema",
         "max_classification", "counts", "acks", "audit_head", "audit_checkpoint"}
_RECIPIENT_KEYS = {"node_id", "key_id", "channel_seq", "basis", "held_back"}
_ACK_KEYS = {"node_id", "imported", "missing", "gimme"}
_COUNT_KEYS = {"records", "revisions", "tombstones", "attachments", "attachment_bytes"}
_CREATED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_HEX16 = re.compile(r"^[0-9a-f]{16}$")
_HEX32 = re.compile(r"^[0-9a-f]{32}$")


def counts_of(revisions: Iterable[RevisionData], blobs: dict[str, int]) -> dict[str, int]:
    """The counts a manifest declares (and the reader recomputes)."""
    tally = Tally()
    for r in revisions:
        tally.add(r)
    return tally.counts(blobs)


@dataclass
class Tally:
    """What a package's revisions add up to, counted as they stream past (record ids
    only are kept, never the revisions)."""

    records: set[str] = field(default_factory=set)
    revisions: int = 0
    tombstones: int = 0
    max_classification: int = 0

    def add(self, rev: RevisionData) -> None:
        """Count one revision."""
        self.records.add(rev.record_id)
        self.revisions += 1
        self.tombstones += int(rev.deleted)
        self.max_classification = max(self.max_classification, rev.classification)

    def counts(self, blobs: dict[str, int]) -> dict[str, int]:
        """The manifest's `counts` for this content."""
        return {"records": len(self.records), "revisions": self.revisions, "tombstones": self.tombstones,
                "attachments": len(blobs), "attachment_bytes": sum(blobs.values())}


def _nat(value: Any, hi: int = limits.MAX_INT) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= hi


def _check(cond: bool, detail: str) -> None:
    if not cond:
        raise bad(f"manifest: {detail}")


def check(doc: dict[str, Any], outer: Outer, sender_node: str, my_node: str) -> dict[str, Any]:
    """Check the manifest's shape and bind it to the outer layer, as soon as it is read:
    same package id, the pinned sender's node, exactly the header's recipients in order
    (this node among them). Returns my recipient entry. The counts are checked at the
    end (check_content), once the content has streamed past."""
    _check(set(doc) == _KEYS, "keys")
    if doc["format"] != MANIFEST_FORMAT or doc["schema"] not in READABLE_BODY_VERSIONS:
        raise PackageRefused("format_unsupported", "manifest format or body schema")
    _check(isinstance(doc["package_id"], str) and bool(_HEX32.match(doc["package_id"])), "package id")
    sender = doc["sender"]
    _check(isinstance(sender, dict) and set(sender) == {"node_id", "workstation", "officer"}, "sender")
    _check(all(isinstance(v, str) and len(v) <= 128 for v in sender.values()), "sender")
    recipients = doc["recipients"]
    _check(isinstance(recipients, list) and 1 <= len(recipients) <= limits.MAX_RECIPIENTS, "recipients")
    for r in recipients:
        _check(isinstance(r, dict) and set(r) == _RECIPIENT_KEYS, "recipient keys")
        _check(isinstance(r["node_id"], str) and bool(UUID.match(r["node_id"])), "recipient node")
        _check(isinstance(r["key_id"], str) and bool(_HEX16.match(r["key_id"])), "recipient key id")
        _check(_nat(r["channel_seq"]) and r["channel_seq"] >= 1 and _nat(r["basis"]), "channel")
        held = r["held_back"]
        _check(isinstance(held, dict) and len(held) <= 64 and all(_nat(v) for v in held.values()), "held back")
    _check(_nat(doc["upto"]) and isinstance(doc["full"], bool), "upto/full")
    _check(isinstance(doc["created"], str) and bool(_CREATED.match(doc["created"])), "created")
    _check(isinstance(doc["hlc"], str) and len(doc["hlc"]) == 19, "hlc")
    _check(_nat(doc["max_classification"], 3), "max classification")
    counts = doc["counts"]
    _check(isinstance(counts, dict) and set(counts) == _COUNT_KEYS and all(_nat(v) for v in counts.values()), "counts")
    head = doc["audit_head"]
    _check(isinstance(head, dict) and set(head) == {"seq", "hash"} and _nat(head["seq"])
           and isinstance(head["hash"], str) and bool(HEX64.match(head["hash"])), "audit head")
    try:
        checkpoint_of(doc["audit_checkpoint"])
    except ValueError:
        _check(False, "audit checkpoint")
    _acks(doc["acks"])
    # Bindings to the outer layer: nothing inside is believed because it is inside.
    if (doc["package_id"] != outer.package_id.hex() or sender["node_id"] != sender_node
            or [r["key_id"] for r in recipients] != [k.hex() for k in outer.recipient_key_ids]):
        raise PackageRefused("misattributed", "manifest disagrees with the outer layer")
    mine = [r for r in recipients if r["node_id"] == my_node]
    if len(mine) != 1:
        raise PackageRefused("misattributed", "this node is not among the manifest's recipients")
    return mine[0]


def check_content(doc: dict[str, Any], tally: Tally, blob_sizes: dict[str, int]) -> None:
    """The declared counts and highest classification match what came."""
    _check(doc["counts"] == tally.counts(blob_sizes), "counts do not match the content")
    _check(doc["max_classification"] == tally.max_classification, "max classification does not match the content")


def _acks(acks: Any) -> None:
    _check(isinstance(acks, list) and len(acks) <= limits.MAX_RECIPIENTS, "acks")
    for a in acks:
        _check(isinstance(a, dict) and set(a) == _ACK_KEYS and isinstance(a["node_id"], str), "ack keys")
        _check(isinstance(a["imported"], list) and len(a["imported"]) <= limits.MAX_ACK_SEQS
               and all(_nat(x) for x in a["imported"]), "ack imported")
        _check(isinstance(a["missing"], list) and len(a["missing"]) <= limits.MAX_ACK_SEQS
               and all(_nat(x) for x in a["missing"]), "ack missing")
        _check(isinstance(a["gimme"], list) and len(a["gimme"]) <= limits.MAX_GIMME
               and all(isinstance(x, str) and HEX64.match(x) for x in a["gimme"]), "ack gimme")
