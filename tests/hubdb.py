"""A throw-away PostgreSQL cluster for the hub tests (issue 19).

initdb in a temporary folder, the server run as an unprivileged user (initdb refuses
root: as root the cluster belongs to `nobody` and is started through setpriv), listening
only on a Unix socket inside that folder (no TCP port, nothing reachable from outside),
with durability off (a test cluster lives for one session). `stop()` always runs: the
session fixture's finaliser and an atexit hook, so no server outlives the tests.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

SUPERUSER = "bjstc_test"


def pg_bin() -> Path | None:
    """The folder of Debian's PostgreSQL programs (the newest 15+), or of pg_ctl on PATH."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                      key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def _as_unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]


class ThrowawayCluster:
    """One PostgreSQL server for a test session; databases are made per station."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="bjstc-pg-"))
        self.data = self.root / "data"
        self.socket = self.root  # a short path: Unix socket paths are limited to ~100 bytes
        self.running = False

    def start(self) -> None:
        """initdb and start the server; raises RuntimeError with the server's log on failure."""
        if os.geteuid() == 0:
            shutil.chown(self.root, "nobody", "nogroup")
        self.root.chmod(0o700)
        run = _as_unprivileged()
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        subprocess.run([*run, str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8",
                        "--auth=trust", "--no-sync", "--locale=C.UTF-8"],
                       check=True, capture_output=True, env=env)
        options = (f"-k {self.socket} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB")
        log = self.root / "server.log"
        done = subprocess.run([*run, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-o", options,
                               "-w", "-t", "60", "start"], capture_output=True, env=env)
        if done.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {done.stderr.decode(errors='replace')}\n"
                               f"{log.read_text(errors='replace') if log.exists() else ''}")
        self.running = True
        atexit.register(self.stop)

    def stop(self) -> None:
        """Stop the server (immediately: nothing here needs to survive) and remove its folder."""
        if self.running:
            self.running = False
            subprocess.run([*_as_unprivileged(), str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m",
                            "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        """The hub URL of `database` (socket in the cluster's folder; no password: trust)."""
        return f"postgresql://{SUPERUSER}@/{database}?host={self.socket}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=str(self.socket), user=SUPERUSER, dbname="postgres", autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def new_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`); its name."""
        name = "t_" + uuid.uuid4().hex[:20]
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        """Drop `name`, disconnecting whoever is still on it."""
        with contextlib.suppress(Exception):
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
