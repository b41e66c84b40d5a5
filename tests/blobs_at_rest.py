"""The sealed blobs as either store keeps them, for tests that look at (or damage) what
is at rest: the files of `<data dir>/blobs` on a workstation, the rows of
`hub_blob_chunks` on a hub (store/hubblobs.py: the rows in order are the file's bytes).
On a hub this reads and writes as the hub's owner role (the node folder's hub.json),
which sees and may change every chunk, whatever role the session itself connected as."""

from __future__ import annotations

from typing import Any

import psycopg

from bjstc_desktop.store import backends
from bjstc_desktop.store.blobs import CHUNK, MAGIC

_STEP = CHUNK + 16  # a sealed chunk: the content's 1 MiB and its tag


def sealed_blobs(ws: Any) -> dict[str, bytes]:
    """Every blob at rest by name, as its sealed bytes (in a folder, a temporary file
    left behind counts too)."""
    if not ws.store.is_hub:
        folder = ws.data_dir / "blobs"
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
    out: dict[str, bytearray] = {}
    with _owner(ws) as conn:
        for name, _idx, chunk in conn.execute("SELECT name, idx, chunk FROM hub_blob_chunks ORDER BY name, idx"):
            out.setdefault(str(name), bytearray()).extend(bytes(chunk))
    return {name: bytes(data) for name, data in out.items()}


def replace_sealed(ws: Any, name: str, data: bytes) -> None:
    """Put `data` at rest as the blob `name` (an attacker with the disk, or the owner)."""
    if not ws.store.is_hub:
        (ws.data_dir / "blobs" / name).write_bytes(data)
        return
    rows = [data[: len(MAGIC) + _STEP]] + [data[i : i + _STEP] for i in range(len(MAGIC) + _STEP, len(data), _STEP)]
    with _owner(ws) as conn, conn.transaction():
        conn.execute("DELETE FROM hub_blob_chunks WHERE name = %s", (name,))
        for idx, chunk in enumerate(rows):
            conn.execute("INSERT INTO hub_blob_chunks (name, idx, chunk) VALUES (%s, %s, %s)", (name, idx, chunk))


def _owner(ws: Any) -> Any:
    """Plain psycopg as the hub's owner role (the URL `hub init` wrote into hub.json)."""
    url = backends.hub_url(ws.data_dir)
    assert url is not None, "not a hub's node folder"
    return psycopg.connect(url, autocommit=True)
