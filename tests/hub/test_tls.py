"""On the wire (issue 19 point 5): the hub is spoken to over TCP only through TLS. The
server (pg_hba as `hub init` tells its administrator) refuses a plain TCP connection;
the program refuses an address that allows plain text, a server that answers without
TLS (by the server's own account, pg_stat_ssl) and a certificate that does not verify;
a TLS connection works and `bjstc info` says it is one; a Unix socket (same machine) is
allowed and said so."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests.cli.test_cli import Cli
from tests.conftest import ADMIN_PASS
from tests.hubdb import SUPERUSER, ThrowawayCluster
from tests.tlscerts import server_certificate


@pytest.fixture(scope="module")
def tls(cluster_factory) -> ThrowawayCluster:  # type: ignore[no-untyped-def]
    return cluster_factory(tls=True)


@pytest.fixture(scope="module")
def plain_tcp(cluster_factory) -> ThrowawayCluster:  # type: ignore[no-untyped-def]
    return cluster_factory(tcp=True)


@pytest.fixture(autouse=True)
def _pgpass(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The role's SCRAM secret from a pgpass file, never in the address (docs/hub.md)."""
    if "tls" in request.fixturenames:
        monkeypatch.setenv("PGPASSFILE", str(request.getfixturevalue("tls").pgpass))


def _hub_init(c: Cli, url: str, lang: str | None = None) -> tuple[int, str, str]:
    return c("hub", "init", "--db", url, "--workstation", "技术市场处集中库", "--admin", "admin", user=None,
             passphrase=ADMIN_PASS, lang=lang)


def _verify_full(cluster: ThrowawayCluster, database: str, ca: Path | None = None) -> str:
    return cluster.tcp_url(database, sslmode="verify-full", sslrootcert=str(ca or cluster.ca_file))


def test_a_hub_over_tls_works_and_info_names_the_encryption(tls: ThrowawayCluster, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                            monkeypatch) -> None:
    c = Cli(tmp_path / "hub", capsys, monkeypatch)
    rc, out, err = _hub_init(c, _verify_full(tls, tls.new_database()))
    assert rc == 0, err
    # what the server's administrator must set is in hub init's output
    assert "ssl = on" in out and "hostnossl all  all" in out and "reject" in out and "scram-sha-256" in out
    info = c.json("info", user="admin", passphrase=ADMIN_PASS)
    assert info["store"]["transport"].startswith("TLS (TLSv1.")
    rc, out, _ = c("info", user="admin", passphrase=ADMIN_PASS, lang="en")
    assert rc == 0 and "Connection: encrypted, TLS (TLSv1." in out
    # sslmode=require (no certificate check) is accepted too; the program adds it when the address says nothing
    for url in (tls.tcp_url(info_db(c), sslmode="require"), tls.tcp_url(info_db(c))):
        assert c.json("--hub", url, "info", user="admin", passphrase=ADMIN_PASS)["node_id"] == info["node_id"]


def info_db(c: Cli) -> str:
    from sqlalchemy.engine import make_url

    from bjstc_desktop.store import backends

    url = backends.hub_url(c.data_dir)
    assert url is not None
    return str(make_url(url).database)


def test_the_server_refuses_a_plain_tcp_connection(tls: ThrowawayCluster) -> None:
    with pytest.raises(psycopg.OperationalError, match="no encryption"):
        psycopg.connect(host="127.0.0.1", port=tls.port, user=SUPERUSER, dbname="postgres", sslmode="disable",
                        passfile=str(tls.pgpass), connect_timeout=10)
    with psycopg.connect(host="127.0.0.1", port=tls.port, user=SUPERUSER, dbname="postgres", sslmode="require",
                         passfile=str(tls.pgpass), connect_timeout=10) as conn:
        assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone() == (True,)


@pytest.mark.parametrize("mode", ["disable", "allow", "prefer"])
def test_an_address_that_allows_plain_text_is_refused_before_connecting(tls: ThrowawayCluster, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                        capsys, monkeypatch, mode: str) -> None:
    c = Cli(tmp_path / "hub", capsys, monkeypatch)
    database = tls.new_database()
    for lang, words in (("zh", "只能经加密连接"), ("en", "only over an encrypted connection")):
        rc, _, err = _hub_init(c, tls.tcp_url(database, sslmode=mode), lang=lang)
        assert rc == 2 and words in err and f"sslmode={mode}" in err, err
    assert not (tmp_path / "hub" / "workstation.json").exists() and not (tmp_path / "hub" / "hub.json").exists()
    with tls.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


def test_a_certificate_that_does_not_verify_is_refused(tls: ThrowawayCluster, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                       monkeypatch) -> None:
    stranger = tmp_path / "other-ca.crt"
    stranger.write_bytes(server_certificate("localhost", "127.0.0.1")[0])  # another office's CA
    c = Cli(tmp_path / "hub", capsys, monkeypatch)
    for lang, words in (("zh", "服务器证书未通过验证"), ("en", "could not be verified")):
        rc, _, err = _hub_init(c, _verify_full(tls, tls.new_database(), ca=stranger), lang=lang)
        assert rc == 3 and words in err, err
    assert not (tmp_path / "hub" / "workstation.json").exists()


def test_a_server_that_speaks_plain_text_over_tcp_is_refused_and_nothing_changes(
        plain_tcp: ThrowawayCluster, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Made over the Unix socket (the same machine: allowed, and info says so) ...
    database = plain_tcp.new_database()
    c = Cli(tmp_path / "hub", capsys, monkeypatch)
    assert _hub_init(c, plain_tcp.url(database))[0] == 0
    assert c.json("info", user="admin", passphrase=ADMIN_PASS)["store"]["transport"] == "unix-socket"
    rc, out, _ = c("info", user="admin", passphrase=ADMIN_PASS)
    assert rc == 0 and "本机 Unix 套接字" in out

    def events() -> int:
        with plain_tcp.connect(database) as conn:
            row = conn.execute("SELECT count(*) FROM audit_events").fetchone()
            return int(row[0]) if row else -1

    before = events()
    # ... reached over TCP from a server without TLS: libpq refuses (the program asked for TLS) ...
    for lang, words in (("zh", "未经加密连接"), ("en", "without an encrypted connection")):
        rc, _, err = c("--hub", plain_tcp.tcp_url(database), "info", user="admin", passphrase=ADMIN_PASS, lang=lang)
        assert rc == 3 and words in err, err
    # ... and where a service file says sslmode=disable, the server's own account (pg_stat_ssl) refuses it.
    services = tmp_path / "pg_service.conf"
    services.write_text(f"[plainhub]\nhost=127.0.0.1\nport={plain_tcp.port}\nsslmode=disable\n", encoding="utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    for lang, words in (("zh", "未经加密连接"), ("en", "without an encrypted connection")):
        rc, _, err = c("--hub", f"postgresql://{SUPERUSER}@/{database}?service=plainhub", "info", user="admin",
                       passphrase=ADMIN_PASS, lang=lang)
        assert rc == 3 and words in err, err
    assert events() == before  # not even the unlock's audit event went over the plain connection
