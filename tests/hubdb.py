"""A throw-away PostgreSQL cluster for the hub tests (issue 19).

initdb in a temporary folder, the server run as an unprivileged user (initdb refuses
root: as root the cluster belongs to `nobody` and is started through setpriv), listening
only on a Unix socket inside that folder (no TCP port, nothing reachable from outside),
with durability off (a test cluster lives for one session). The server is the test
process's own child, told by the kernel to quit when that process dies (setpriv
--pdeathsig: even a killed test run leaves no server behind); `stop()` runs from the
session fixture's finaliser and at exit.

Options (the defaults above are the session's cluster): `tcp` also listens on a free
loopback port; `tls` (implies `tcp`) with a self-signed CA and server certificate made
at start (cryptography), and a pg_hba that admits TCP only over TLS with SCRAM and
rejects plain TCP, as `bjstc hub init` tells an administrator (docs/hub.md); `durable`
keeps synchronous commits, so a server killed with an immediate shutdown (`crash`) and
started again (`restart`) has every commit it acknowledged (the failure-mode tests);
`settings` are server settings over the defaults; `root` keeps the cluster in that folder instead of a temporary one: `stop` leaves it
there and a later `start` runs the server on it again (the benchmarks' hub at a million
cases is generated once, as their embedded stores are).
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg

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

    def __init__(self, bindir: Path, *, tcp: bool = False, tls: bool = False, durable: bool = False,
                 archive: bool = False, root: Path | None = None, settings: dict[str, str] | None = None) -> None:
        self.bindir = bindir
        self.settings = settings or {}  # server settings over the defaults (the benchmarks' memory)
        self.kept = root is not None
        if root is not None:
            root.mkdir(parents=True, exist_ok=True)
        self.root = root if root is not None else Path(tempfile.mkdtemp(prefix="bjstc-pg-"))
        self.data = self.root / "data"
        self.socket = self.root  # a short path: Unix socket paths are limited to ~100 bytes
        self.running = False
        self.server: subprocess.Popen[bytes] | None = None
        self.tls = tls
        self.durable = durable
        self.port: int | None = _free_port() if tcp or tls else None
        self.ca_file = self.root / "ca.crt"  # the client's sslrootcert (tls)
        self.pgpass = self.root / "pgpass"  # the superuser's SCRAM secret for TCP (tls): PGPASSFILE
        # archive: every finished WAL segment copied here, as the admin guide's archive_command does
        self.archive: Path | None = self.root / "wal-archive" if archive else None

    def start(self) -> None:
        """initdb and start the server; raises RuntimeError with the server's log on failure.
        A kept cluster (`root`) that exists already is only started."""
        if self.kept and (self.data / "PG_VERSION").exists():
            self.running = True
            atexit.register(self.stop)
            self._launch()
            return
        if os.geteuid() == 0:
            shutil.chown(self.root, "nobody", "nogroup")
        self.root.chmod(0o700)
        run = _as_unprivileged()
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        subprocess.run([*run, str(self.bindir / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8",
                        "--auth=trust", "--no-sync", "--locale=C.UTF-8"],
                       check=True, capture_output=True, env=env)
        if self.tls:
            self._make_tls()
        if self.archive is not None:
            self.archive.mkdir()
            if os.geteuid() == 0:
                shutil.chown(self.archive, "nobody", "nogroup")
        self.running = True
        atexit.register(self.stop)
        self._launch()
        if self.tls:
            password = secrets.token_urlsafe(24)
            self._admin(f"ALTER ROLE {SUPERUSER} PASSWORD '{password}'")
            self.pgpass.write_text(f"127.0.0.1:{self.port}:*:{SUPERUSER}:{password}\n", encoding="utf-8")
            self.pgpass.chmod(0o600)

    def _server_options(self) -> list[str]:
        listen = "127.0.0.1" if self.port is not None else ""
        options = {"listen_addresses": listen, "fsync": "off", "full_page_writes": "off",
                   "synchronous_commit": "on" if self.durable else "off",
                   "max_connections": "200", "shared_buffers": "64MB"}
        options |= self.settings
        if self.port is not None:
            options["port"] = str(self.port)
        if self.archive is not None:
            # copied under a temporary name and renamed: a restore never reads a half-copied segment
            options |= {"archive_mode": "on", "archive_command":
                        f"test ! -f {self.archive}/%f && cp %p {self.archive}/%f.part && mv {self.archive}/%f.part "
                        f"{self.archive}/%f"}
        if self.tls:
            options |= {"ssl": "on", "ssl_cert_file": str(self.data / "server.crt"),
                        "ssl_key_file": str(self.data / "server.key"), "password_encryption": "scram-sha-256"}
        return [arg for name, value in options.items() for arg in ("-c", f"{name}={value}")]

    def _launch(self) -> None:
        """Start the postmaster on the existing data folder and wait until it answers."""
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        log = open(self.root / "server.log", "ab")  # the server keeps its own descriptor
        self.server = subprocess.Popen(
            [*_as_unprivileged(die_with_parent=True), str(self.bindir / "postgres"), "-D", str(self.data),
             "-k", str(self.socket), *self._server_options()],
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

    def crash(self) -> None:
        """An immediate shutdown (what `pg_ctl stop -m immediate` does: SIGQUIT to the
        postmaster, every backend ends at once, no checkpoint); the data folder stays."""
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGQUIT)
            self.server.wait(timeout=30)

    def restart(self) -> None:
        """Start the server again after `crash` (it recovers from its WAL)."""
        self.crash()
        self._launch()

    def base_backup(self, folder_name: str = "base-backup") -> Path:
        """`pg_basebackup` of the running server with the WAL it needs (`-X stream`), as the
        admin guide has the server's administrator take it; the backup's folder."""
        target = self.root / folder_name
        subprocess.run([*_as_unprivileged(), str(self.bindir / "pg_basebackup"), "-D", str(target), "-h",
                        str(self.socket), "-p", str(self.port or 5432), "-U", SUPERUSER, "-X", "stream",
                        "--checkpoint=fast", "--no-sync"], check=True, capture_output=True)
        return target

    def switch_wal(self) -> None:
        """Close the current WAL segment so the archive receives it (archive_timeout's job
        on a real server)."""
        with self.connect() as conn:  # wait until the archiver has copied that very segment
            switched = conn.execute("SELECT pg_walfile_name(pg_switch_wal())").fetchone()[0]  # type: ignore[index]
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                row = conn.execute("SELECT last_archived_wal FROM pg_stat_archiver").fetchone()
                if row and row[0] is not None and row[0] >= switched:
                    return
                time.sleep(0.05)
        raise RuntimeError(f"the archiver did not copy the switched WAL segment {switched}")

    @classmethod
    def restored(cls, bindir: Path, backup: Path, archive: Path | None) -> ThrowawayCluster:
        """A second server started from `backup`, replaying the WAL `archive` holds up to
        its end (recovery.signal + restore_command), as the admin guide's restore test does."""
        cluster = cls(bindir)
        if os.geteuid() == 0:
            shutil.chown(cluster.root, "nobody", "nogroup")
        cluster.root.chmod(0o700)
        shutil.copytree(backup, cluster.data, symlinks=True)
        if archive is not None:
            (cluster.data / "recovery.signal").touch()
            with open(cluster.data / "postgresql.auto.conf", "a", encoding="utf-8") as conf:
                conf.write(f"restore_command = 'cp {archive}/%f %p'\n")
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "nobody:nogroup", str(cluster.data)], check=True)
        cluster.data.chmod(0o700)
        cluster.running = True
        atexit.register(cluster.stop)
        cluster._launch()
        with cluster.connect() as conn:  # recovery ends before the server takes writes
            deadline = time.monotonic() + 60
            while conn.execute("SELECT pg_is_in_recovery()").fetchone() == (True,):
                if time.monotonic() > deadline:
                    raise RuntimeError("the restored server did not finish its recovery")
                time.sleep(0.05)
        return cluster

    def tcp_url(self, database: str, **query: str) -> str:
        """The hub URL of `database` over loopback TCP (`tcp`/`tls` clusters), with `query`
        (e.g. sslmode, sslrootcert); the secret comes from `pgpass` (PGPASSFILE)."""
        assert self.port is not None, "this cluster does not listen on TCP"
        tail = "&".join(f"{k}={v}" for k, v in query.items())
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}" + (f"?{tail}" if tail else "")

    def _make_tls(self) -> None:
        """A self-signed CA and a server certificate for localhost/127.0.0.1 signed by it;
        pg_hba: Unix socket trusted (the tests' administration), TCP only over TLS with
        SCRAM, plain TCP rejected."""
        from tests.tlscerts import server_certificate

        ca_pem, cert_pem, key_pem = server_certificate("localhost", "127.0.0.1")
        self.ca_file.write_bytes(ca_pem)
        for name, data in (("server.crt", cert_pem), ("server.key", key_pem)):
            path = self.data / name
            path.write_bytes(data)
            path.chmod(0o600)
            if os.geteuid() == 0:
                shutil.chown(path, "nobody", "nogroup")
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "hostssl all all 127.0.0.1/32 scram-sha-256\n"
            "hostnossl all all 0.0.0.0/0 reject\n", encoding="utf-8")

    def stop(self) -> None:
        """Stop the server and remove its folder; a kept cluster (`root`) is shut down
        cleanly and stays."""
        if self.running:
            self.running = False
            if self.server is not None and self.server.poll() is None:
                # immediate shutdown; a kept cluster's fast one (a checkpoint, no recovery at the next start)
                self.server.send_signal(signal.SIGINT if self.kept else signal.SIGQUIT)
                try:
                    self.server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.server.kill()
                    self.server.wait()
        if not self.kept:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        """The hub URL of `database` (socket in the cluster's folder; no password: trust)."""
        return f"postgresql://{SUPERUSER}@/{database}?host={self.socket}" + (f"&port={self.port}" if self.port else "")

    def connect(self, database: str = "postgres", autocommit: bool = True) -> psycopg.Connection[Any]:
        """A superuser connection to `database` over the Unix socket (for tests to look inside)."""
        import psycopg

        return psycopg.connect(host=str(self.socket), port=self.port or 5432, user=SUPERUSER, dbname=database,
                               autocommit=autocommit)

    def _admin(self, sql: str) -> None:
        with self.connect() as conn:
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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
