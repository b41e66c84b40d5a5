"""Hubs and standalone workstations side by side in one test (issue 19 point 6): the
sync tests' offices (tests/sync/conftest.py `make_office`), each made on the store the
test names rather than on the one the test's parameter picks, and `bjstc` run in-process
as the officer or an administrator types it."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tests.conftest as shared
from bjstc_desktop.cli import main as bjstc
from tests.conftest import ADMIN_PASS, OFFICER_PASS
from tests.sync.conftest import SEC_PASS, Office, make_office

PASSPHRASES = {"zhang": OFFICER_PASS, "sec": SEC_PASS, "admin": ADMIN_PASS}


@contextlib.contextmanager
def on_store(backend: str) -> Iterator[None]:
    """Workstations made inside are made on `backend` ("hub" or "embedded")."""
    previous, shared._current_backend = shared._current_backend, backend
    try:
        yield
    finally:
        shared._current_backend = previous


def office_on(backend: str, root: Path, name: str, **options: Any) -> Office:
    """`make_office` on `backend`: a hub (a database of the session's cluster, reached
    through the folder's hub.json) or a standalone workstation."""
    with on_store(backend):
        return make_office(root, name, **options)


class Cli:
    """`bjstc` in-process; (exit code, stdout, stderr), never a traceback."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
        self.capsys, self.monkeypatch = capsys, monkeypatch

    def __call__(self, office: Office | Path | None, *args: str, user: str = "zhang",
                 passphrase: str | None = None) -> tuple[int, str, str]:
        self.monkeypatch.setenv("BJSTC_PASSPHRASE", passphrase or PASSPHRASES.get(user, OFFICER_PASS))
        folder = office.data_dir if isinstance(office, Office) else office
        if isinstance(office, Office):
            office.close()  # the command opens the store itself
        argv = (["--data-dir", str(folder), "--user", user] if folder is not None else []) + list(args)
        rc = bjstc(argv)
        out, err = self.capsys.readouterr()
        assert "Traceback" not in out + err
        return rc, out, err

    def json(self, office: Office | Path | None, *args: str, user: str = "zhang",
             passphrase: str | None = None) -> Any:
        """The command's --json document (it must succeed)."""
        rc, out, err = self(office, *args, "--json", user=user, passphrase=passphrase)
        assert rc == 0, err
        return json.loads(out)


def trust_by_cli(cli: Cli, a: Office, b: Office, tmp_path: Path, *extra: str) -> None:
    """`a`'s security administrator trusts `b`'s card after comparing its fingerprint."""
    card = tmp_path / f"{b.name}.card"
    doc = cli.json(b, "identity", "export", "-o", str(card))
    cli.json(a, "peer", "trust", str(card), "--fingerprint", doc["fingerprint"], *extra, user="sec")
