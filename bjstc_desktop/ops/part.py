"""The base of every group of operations (`ws.cases`, `ws.letters`, ...): a small class
over the workstation's one shared `OpsContext`.

A part reads and writes the shared state through the names the operation bodies have
always used (`self.store`, `self.actor`, `self.wfile`, `self._audit(...)`), so a part is
itself an `OpsContext` wherever one is asked for (`case_changes(s, self)`), and a change
one part makes (a reloaded workstation file, a new key bundle) is seen by all of them.
"""

from __future__ import annotations

from pathlib import Path

from bjstc_desktop.core.roles import Actor
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store.keybundle import KeyBundle
from bjstc_desktop.store.keyslots import WorkstationFile
from bjstc_desktop.store.store import Store


class OpsPart(OpsContext):
    """One group of operations over the shared context `ctx`. The state's names below
    read and write the context (so writing `self.wfile` in one part is seen by all)."""

    def __init__(self, ctx: OpsContext) -> None:  # no super().__init__: the state lives in ctx
        self._ctx = ctx

    @property
    def ctx(self) -> OpsContext:
        """The shared context of the workstation this part belongs to."""
        return self._ctx

    @property
    def data_dir(self) -> Path:
        return self._ctx.data_dir

    @data_dir.setter
    def data_dir(self, value: Path) -> None:
        self._ctx.data_dir = value

    @property
    def store(self) -> Store:
        return self._ctx.store

    @store.setter
    def store(self, value: Store) -> None:
        self._ctx.store = value

    @property
    def actor(self) -> Actor:
        return self._ctx.actor

    @actor.setter
    def actor(self, value: Actor) -> None:
        self._ctx.actor = value

    @property
    def wfile(self) -> WorkstationFile:
        return self._ctx.wfile

    @wfile.setter
    def wfile(self, value: WorkstationFile) -> None:
        self._ctx.wfile = value

    @property
    def bundle(self) -> KeyBundle:
        return self._ctx.bundle

    @bundle.setter
    def bundle(self, value: KeyBundle) -> None:
        self._ctx.bundle = value

    @property
    def must_change_passphrase(self) -> bool:
        return self._ctx.must_change_passphrase

    @must_change_passphrase.setter
    def must_change_passphrase(self, value: bool) -> None:
        self._ctx.must_change_passphrase = value
