"""Bulk data for the sync benchmark: valid case revisions inserted directly (the
export side reads revisions, and for attachments the case they are attached to: the
cases with an attachment get a case row and an attachment row too), attachment blobs,
and root revisions for a bulk-loaded store (benchmarks/scale.py) so the revision table
is as large as the store."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
from typing import Any

from sqlalchemy import insert, text

from bjstc_desktop.core.fieldvalues import parse_fields
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.demo import fake_org_name, fake_uscc
from bjstc_desktop.store import blobs
from bjstc_desktop.store.models import Attachment, Case
from bjstc_desktop.store.store import Store
from bjstc_desktop.store.sync_models import SyncBlob, SyncHead, SyncRevision
from bjstc_desktop.sync import canonical
from bjstc_desktop.sync.casebody import SCALARS
from bjstc_desktop.sync.dag import compute_rev_id

HLC = "1767225600000-00000"


def contract_body(i: int, rng: random.Random, attachments: dict[str, Any]) -> dict[str, Any]:
    """A valid technology-contract case body (as sync.casebody.case_body makes them)."""
    ct = case_type("tech_contract")
    org, uscc = fake_org_name(rng), fake_uscc(rng)
    amount = rng.randint(10, 5000)
    fields = parse_fields(ct, {"contract_type": "技术开发", "seller": org, "seller_uscc": uscc,
                               "contract_amount": f"{amount}万", "tech_amount": f"{amount * 8 // 10}万"},
                          partial=True)
    body: dict[str, Any] = {k: None for k in SCALARS}
    body.update({"v": 1, "case_type": ct.code, "module": ct.module, "case_no": f"{ct.short}〔2026〕{i + 1}号",
                 "classification": 0, "title": f"{org}技术开发合同", "state": ct.initial_state, "office": "",
                 "received_on": "2026-01-05", "fields": fields, "clocks": {}, "parties": [["卖方", uscc, org]],
                 "timeline": {uuid7(): {"at": "2026-01-05T09:00:00.000000", "actor": "zhang", "action": "create",
                                        "from": None, "to": ct.initial_state, "opinion": None, "details": {}}},
                 "attachments": attachments})
    return body


def revisions_for_export(store: Store, node_id: str, n: int, attachment_count: int, attachment_size: int,
                         seed: int = 11) -> int:
    """`n` new cases as revisions (not yet sent anywhere), the first `attachment_count`
    with one attachment of `attachment_size` bytes each. Returns the attachment bytes."""
    rng = random.Random(seed)
    total = 0
    for start in range(0, n, 2000):
        revs, heads, blob_rows, case_rows, attachment_rows = [], [], [], [], []
        for i in range(start, min(n, start + 2000)):
            attachments: dict[str, Any] = {}
            if i < attachment_count:
                content = os.urandom(attachment_size)
                stored = blobs.write_blob(store.data_dir / "blobs", store.data_key, content)
                blob_rows.append({"sha256": stored.sha256, "blob_name": stored.name, "blob_key": stored.key,
                                  "size": stored.size})
                attachments[uuid7()] = {"sha256": stored.sha256, "size": stored.size, "filename": f"附件{i}.bin",
                                        "item": None, "received_on": "2026-01-05"}
                total += len(content)
            record = uuid7()
            body = contract_body(i, rng, attachments)
            if attachments:  # content goes with a record only where it is attached to the case here
                case_rows.append({"id": record, "case_no": body["case_no"], "module": "market",
                                  "case_type": body["case_type"], "title": body["title"], "state": body["state"],
                                  "office": "", "classification": 0})
                attachment_rows += [{"id": aid, "case_id": record, "filename": a["filename"], "blob_name": stored.name,
                                     "blob_key": stored.key, "sha256": a["sha256"], "size": a["size"]}
                                    for aid, a in attachments.items()]
            rev = compute_rev_id("case", record, [], 1, body, node_id, "zhang", HLC, False)
            revs.append({"rev_id": rev, "record_type": "case", "record_id": record, "parents": "[]", "ancestry": "[]",
                         "gen": 1, "author_node": node_id, "author_name": "zhang", "hlc": HLC, "deleted": False,
                         "classification": 0, "module": "market", "body": canonical.dumps(body).decode()})
            heads.append({"record_id": record, "rev_id": rev})
        with store.write() as s:
            s.execute(insert(SyncRevision), revs)
            s.execute(insert(SyncHead), heads)
            if blob_rows:
                s.execute(insert(SyncBlob), blob_rows)
                s.execute(insert(Case), case_rows)
                s.execute(insert(Attachment), attachment_rows)
    return total


def root_revisions_for_bulk_cases(store: Store, node_id: str) -> None:
    """One small root revision per bulk-loaded case, as if every case had been synced."""
    with store.read() as s:
        ids = list(s.execute(text("SELECT id, module, classification FROM cases ORDER BY id")).all())
    for start in range(0, len(ids), 20_000):
        revs, heads = [], []
        for cid, module, level in ids[start : start + 20_000]:
            rev = hashlib.sha256(cid.encode()).hexdigest()
            revs.append({"rev_id": rev, "record_type": "case", "record_id": cid, "parents": "[]", "ancestry": "[]",
                         "gen": 1, "author_node": node_id, "author_name": "zhang", "hlc": HLC, "deleted": False,
                         "classification": level, "module": module, "body": json.dumps({"module": module})})
            heads.append({"record_id": cid, "rev_id": rev})
        with store.write() as s:
            s.execute(insert(SyncRevision), revs)
            s.execute(insert(SyncHead), heads)


def today() -> str:
    """ISO date (for the report)."""
    return dt.date.today().isoformat()
