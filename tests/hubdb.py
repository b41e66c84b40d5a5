"""A throw-away PostgreSQL cluster for the hub tests (issue 19).

initdb in a temporary folder, the server run as an unprivileged user (initdb refuses
root: as root the cluster belongs to `nobody` and is started through setpriv), listening
only on a Unix socket inside that folder (no TCP port, nothing reachable from outside),
with durability off (a test cluster lives for one session). The server is the test
process's own child, told by the kernel to quit when that process dies (setpriv
--pdeathsig: even a killed test run leaves no server behind); `stop()` runs from the
session fixture's finaliser and at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

SUPERUSER = "bjstc_test"


def pg_bin() -> Path | None:
    """The folder of PostgreSQL's programs: initdb's on PATH, else Debian's newest."""
    found = shutil.which("initdb")
    if found and (Path(found).resolve().parent / "postgres").exists():
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"),
                      key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(versions[-1]).parent if versions else None


def _as_unprivileged(die_with_parent: bool = False) -> list[str]:
    run = ["setpriv"]
    if die_with_parent:
        run.append("--pdeathsig=SIGQUIT")  # the postmaster's immediate shutdown
    if os.geteuid() == 0:
        run += ["--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    return [*run, "--"] if len(run) > 1 else []


class ThrowawayCluster:
    """One PostgreSQL server for a test session; databases are made per station."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="bjstc-pg-"))
        self.data = self.root / "data"
        self.socket = self.root  # a short path: Unix socket paths are limited to ~100 bytes
        self.running = False
        self.server: subprocess.Popen[bytes] | None = None

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
        log = open(self.root / "server.log", "wb")  # the server keeps its own descriptor
        self.running = True
        atexit.register(self.stop)
        self.server = subprocess.Popen(
            [*_as_unprivileged(die_with_parent=True), str(self.bindir / "postgres"), "-D", str(self.data),
             "-k", str(self.socket), "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=64MB"],
            stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()
        import psycopg

        deadline = time.monotonic() + 60
        while True:
            try:
                self._admin("SELECT 1")
                return
            except psycopg.OperationalError:
                pass
            if self.server.poll() is not None or time.monotonic() > deadline:
                text = (self.root / "server.log").read_text(errors="replace")
                self.stop()
                raise RuntimeError(f"PostgreSQL did not start:\n{text}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server (immediately: nothing here needs to survive) and remove its folder."""
        if self.running:
            self.running = False
            if self.server is not None and self.server.poll() is None:
                self.server.send_signal(signal.SIGQUIT)  # immediate shutdown
                try:
                    self.server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.server.kill()
                    self.server.wait()
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
