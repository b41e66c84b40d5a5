"""The benchmarks' office hub: a throw-away PostgreSQL cluster (tests/hubdb.py) kept in
a folder under benchmarks/out/, so a hub of a million generated cases is generated once
and reused, as the embedded stores are (bench_search.ensure_station).

The server listens only on a Unix socket in that folder, runs as `nobody` when the
benchmark runs as root, and is stopped (a fast shutdown, its folder kept) when the
benchmark ends or dies. Durability is off, as in the tests: a generation that did not
finish is generated again. Memory is set as a small office server's would be
(`SETTINGS`), not the tests' 64 MB."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.hubdb import ThrowawayCluster

DATABASE = "bench"
SETTINGS = {"shared_buffers": "1GB", "effective_cache_size": "4GB", "work_mem": "16MB",
            "maintenance_work_mem": "256MB"}


@contextlib.contextmanager
def running_hub(folder: Path) -> Iterator[ThrowawayCluster]:
    """The cluster kept in `folder`/pg, started (made at the first use) and stopped at
    the end. A folder without ready.json (a generation that did not finish) is removed
    first."""
    from tests.hubdb import ThrowawayCluster, pg_bin

    bindir = pg_bin()
    if bindir is None:
        raise SystemExit("the hub benchmarks need PostgreSQL 15+ (.ci/install-postgres installs it)")
    if folder.exists() and not (folder / "ready.json").exists():
        shutil.rmtree(folder)
    cluster = ThrowawayCluster(bindir, root=folder / "pg", settings=SETTINGS)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


def new_bench_database(cluster: ThrowawayCluster) -> str:
    """The URL of an empty database `DATABASE` in `cluster` (dropped first if there)."""
    cluster.drop_database(DATABASE)
    with cluster.connect() as conn:
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return cluster.url(DATABASE)


def copy_database(cluster: ThrowawayCluster, source: str, name: str) -> str:
    """The URL of `name`, a file copy of the database `source` (dropped first if there)."""
    cluster.drop_database(name)
    with cluster.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY')
    return cluster.url(name)


def database_mb(cluster: ThrowawayCluster, name: str = DATABASE) -> float:
    """The database's size on the server's disk, in MB."""
    with cluster.connect() as conn:
        row = conn.execute("SELECT pg_database_size(%s)", (name,)).fetchone()
    return round(int(row[0]) / 2**20, 1) if row else 0.0
