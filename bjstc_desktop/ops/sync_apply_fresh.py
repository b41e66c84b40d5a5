"""Cases a sync package brings new to this workstation, applied set-based (issue 15).

A record new here with one head needs no merge and nothing compared: its body is the
state. ops/sync_apply.py applies one record with the ORM (a few queries and flushes per
table and record); here a batch of such cases goes to the one writer of new cases
(ops/new_cases.py), which makes a handful of plain inserts per table of their bodies —
the case rows, typed fields, parties, timeline entries and attachments, each sealed at
the case's level — and indexes them from the same values. Their revisions were stored
by sync/bulk.py and the package's audit event covers them.

Only plain cases go this way. A body with clocks, an expert panel or filed 件, or a
parent case, takes the per-record path (`eligible`), which knows those tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.ops.clockstore import case_due
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.ops.new_cases import CaseRecord, write_cases
from bjstc_desktop.ops.sync_apply import Sent, pending_name
from bjstc_desktop.store.sync_models import SyncWantedBlob


@dataclass(frozen=True)
class FreshCase:
    """A record new here with one live head: its id, its state (the head's body) and the
    attachment contents the package brought for it."""

    record_id: str
    state: dict[str, Any]
    sent: Sent


def eligible(state: dict[str, Any] | None) -> bool:
    """True when a new case's body holds only what the set-based path writes."""
    return (state is not None and not state.get("clocks") and not state.get("panel_draws")
            and not state.get("panel_members") and not state.get("archive") and state.get("parent_id") is None)


def apply_fresh(s: Session, ctx: OpsContext, batch: Sequence[FreshCase]) -> None:
    """Write every case of `batch` (each `eligible`, none stored here) through the one
    writer of new cases, which indexes them from their bodies. `ctx` is unused: the
    revisions exist already and the package's audit event covers the cases."""
    del ctx
    records, wanted = [], []
    for f in batch:
        blobs: dict[str, tuple[str, bytes]] = {}
        for a in f.state["attachments"].values():
            if a["sha256"] in f.sent:
                blobs[a["sha256"]] = f.sent[a["sha256"]]
            else:  # the content has not come for this case: keep the row, ask for it
                blobs[a["sha256"]] = (pending_name(a["sha256"]), b"")
                wanted.append({"sha256": a["sha256"], "record_id": f.record_id})
        closed = dt.date.fromisoformat(f.state["closed_on"]) if f.state.get("closed_on") else None
        due = case_due(lookup_case_type(f.state["case_type"]), f.state["fields"], closed, ())  # no clocks here
        records.append(CaseRecord(f.record_id, f.state, blobs, due=due))
    write_cases(s, records)
    if wanted:
        s.execute(insert(SyncWantedBlob).prefix_with("OR IGNORE"), wanted)
