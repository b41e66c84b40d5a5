"""Attachments travel in bounded memory (issue 15 point 3): the export reads a blob and
the import writes one chunk by chunk, so neither holds an attachment, let alone the
five copies of it the import once made (a 96 MiB pair of attachments peaked at 367 MB).
Run on both stores (`store_backend`): on a hub the blob is read and written as rows of
hub_blob_chunks, one chunk per statement (store/hubblobs.py), and must stay as bounded."""

from __future__ import annotations

import os
from pathlib import Path

from tests.sync.conftest import CONTRACT, Office, peak_memory, send

SIZE = 24 * 1024 * 1024  # one attachment of 24 MiB


def test_an_attachment_is_exported_and_imported_a_chunk_at_a_time(store_backend: str, pair: tuple[Office, Office],
                                                                  tmp_path: Path) -> None:
    a, b = pair
    assert a.ws().store.is_hub == b.ws().store.is_hub == (store_backend == "hub")
    small = a.ws().cases.create("tech_contract", "小案件", CONTRACT)
    doc = tmp_path / "doc.txt"
    doc.write_bytes(b"tiny attachment")
    a.ws().attachments.add(small.id, doc)
    first = send(a, b, tmp_path / "usb1")
    with b.open("zhang") as ws:
        baseline = peak_memory(lambda: ws.sync.import_package(first))  # what an import costs anyway
    content = os.urandom(SIZE)
    big = tmp_path / "big.bin"
    big.write_bytes(content)
    case = a.ws().cases.create("tech_contract", "大附件", CONTRACT)
    a.ws().attachments.add(case.id, big)
    del content
    with a.open("zhang") as ws:
        out = tmp_path / "usb2"
        out.mkdir()
        exported: list[Path] = []
        export_peak = peak_memory(lambda: exported.append(Path(ws.sync.export_package([b.node_id], out).path)))
    with b.open("zhang") as ws:
        import_peak = peak_memory(lambda: ws.sync.import_package(exported[0]))
        [att] = ws.attachments.list(case.id)
        assert ws.attachments.read(case.id, att.id)[1] == big.read_bytes()
    assert export_peak < 8 * 1024 * 1024, export_peak
    assert import_peak < baseline + 8 * 1024 * 1024, (import_peak, baseline)
