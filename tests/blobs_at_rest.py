"""The sealed blobs as either store keeps them, for tests that look at (or damage) what
is at rest: the files of `<data dir>/blobs` on a workstation, the rows of
`hub_blob_chunks` on a hub (store/hubblobs.py: the rows in order are the file's bytes).
On a hub this reads and writes through the unlocked session's engine: in these tests
the hub's owner role, which sees and may change every chunk."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from bjstc_desktop.store.blobs import CHUNK, MAGIC

_STEP = CHUNK + 16  # a sealed chunk: the content's 1 MiB and its tag


def sealed_blobs(ws: Any) -> dict[str, bytes]:
    """Every blob at rest by name, as its sealed bytes (in a folder, a temporary file
    left behind counts too)."""
    if not ws.store.is_hub:
        folder = ws.data_dir / "blobs"
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    out: dict[str, bytearray] = {}
    with ws.store.engine.connect() as conn:
        for name, _idx, chunk in conn.execute(text("SELECT name, idx, chunk FROM hub_blob_chunks ORDER BY name, idx")):
            out.setdefault(str(name), bytearray()).extend(bytes(chunk))
    return {name: bytes(data) for name, data in out.items()}


def replace_sealed(ws: Any, name: str, data: bytes) -> None:
    """Put `data` at rest as the blob `name` (an attacker with the disk, or the owner)."""
    if not ws.store.is_hub:
        (ws.data_dir / "blobs" / name).write_bytes(data)
        return
    rows = [data[: len(MAGIC) + _STEP]] + [data[i : i + _STEP] for i in range(len(MAGIC) + _STEP, len(data), _STEP)]
    with ws.store.engine.begin() as conn:
        conn.execute(text("DELETE FROM hub_blob_chunks WHERE name = :n"), {"n": name})
        for idx, chunk in enumerate(rows):
            conn.execute(text("INSERT INTO hub_blob_chunks (name, idx, chunk) VALUES (:n, :i, :c)"),
                         {"n": name, "i": idx, "c": chunk})
