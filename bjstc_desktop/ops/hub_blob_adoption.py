"""A hub made before its blobs were in its database (issue 19 point 1; docs/hub.md "Where
the blobs live"): `bjstc hub adopt-blobs`, run on the machine that holds the node folder,
copies each blob of `<node folder>/blobs` into `hub_blob_chunks` (store/hubblobs.py) as it
is — the same sealed bytes, one row per chunk — after checking it whole against the
SHA-256 of a row that names it, then renames the file `<name>.moved-to-hub` so nothing
reads it again.

Checking a blob needs its key, which sits in the naming row sealed at the case's level:
an officer adopts the blobs of the rows he can open, and says how many he left for one
cleared higher (or of other modules). A blob that fails its check is left in place,
named in the report, and never copied. Each blob is one write transaction with its audit
event, so an interrupted run leaves every blob either adopted or still in the folder.

A node-folder blob's name is the keyed hash of its content, which every account (each
holds the data key) computes for a content he guesses: kept on the hub, it would tell an
officer at psql whether the hub holds that content. So the owner's run (the system
administrator with the hub's owner URL, whose role alone updates chunks and sees every
row naming a blob) gives each adopted blob a random name, its chunks and naming rows in
one transaction (hubblobs.rename); a copy made under the owner's role is renamed in the
transaction that copies it, so its keyed name is never committed. An officer's run under
his own role says how many adopted blobs wait for that."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

from bjstc_desktop.core.errors import IntegrityError, RefusedError
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import blobs, hubroles
from bjstc_desktop.store.hubblobs import HubBlobs, copy_node_file, rename
from bjstc_desktop.store.models import Attachment, Letter
from bjstc_desktop.store.sealing import is_locked
from bjstc_desktop.store.sync_models import SyncBlob

MOVED = ".moved-to-hub"
_NAME = re.compile(r"[0-9a-f]{64}")  # the naming columns hold 64 characters: no other name is a hub's


@dataclass
class BlobAdoption:
    """What one run did with the node folder's blobs."""

    adopted: int = 0  # copied into the database, checked, the file renamed
    already: int = 0  # in the database before (the file renamed)
    left_sealed: int = 0  # named only by rows this account cannot open: for an officer cleared for them
    unnamed: int = 0  # no row this account sees names it: left where it is
    damaged: list[str] = field(default_factory=list)  # failed its check: left in place, not copied
    renamed: int = 0  # adopted blobs given a random name by the owner's run (with the rows naming them)
    awaiting_rename: int = 0  # adopted blobs this account sees still under their keyed name: the owner's to rename


def adopt_node_blobs(ctx: OpsContext) -> BlobAdoption:
    """Move the node folder's blobs this account can check into the hub's database; under
    the owner's role, also give every adopted blob a random name."""
    if not ctx.store.is_hub:
        raise RefusedError("只有集中库把附件存入数据库；此工作站的附件就在其数据文件夹中。",
                           "Only a hub keeps its blobs in its database; this workstation's are in its data folder.")
    with ctx.store.read() as s:
        owner = hubroles.sees_every_row(s)
    if not owner:  # the system administrator renames only under the owner's role; copying is an officer's
        check_may_handle_cases(ctx.actor)
    folder = ctx.data_dir / "blobs"
    done = BlobAdoption()
    if not folder.is_dir():
        return done
    hub = HubBlobs(ctx.store.read)
    if ctx.actor.role.handles_cases:
        for path in sorted(p for p in folder.iterdir() if p.is_file() and _NAME.fullmatch(p.name)):
            with ctx.store.write() as s:
                outcome = _adopt_one(ctx, s, hub, path, owner)
            if outcome in ("adopted", "already"):
                path.rename(path.with_name(path.name + MOVED))
            if outcome == "damaged":
                done.damaged.append(path.name)
            else:
                setattr(done, outcome, getattr(done, outcome) + 1)
    moved = (p.name[: -len(MOVED)] for p in folder.iterdir() if p.is_file() and p.name.endswith(MOVED))
    adopted = sorted(name for name in moved if _NAME.fullmatch(name))
    for name in adopted:
        if not owner:
            with ctx.store.read() as s:
                done.awaiting_rename += int(hub.exists(s, name))
            continue
        with ctx.store.write() as s:  # one blob, its rows and its audit event: all or nothing
            if (new := rename(s, name)) is not None:
                ctx._audit(s, "hub_blob_renamed", "blob", new)
                done.renamed += 1
    return done


def _adopt_one(ctx: OpsContext, s: Any, hub: HubBlobs, path: Path, owner: bool) -> str:
    name = path.name
    if hub.exists(s, name):
        return "already"
    namers = _namers(s, name)
    readable = [(key, sha, what) for locked, key, sha, what in namers if not locked and key and sha]
    if not readable:
        return "left_sealed" if namers else "unnamed"
    key, sha, what = readable[0]
    try:
        for _ in blobs.read_chunks(path.parent, name, key, sha, what):
            pass  # each chunk checked by its tag, the whole by the row's SHA-256
    except IntegrityError:
        ctx._audit(s, "hub_blob_refused", "blob", name, sha256=sha)
        return "damaged"
    size = copy_node_file(s, path)
    if owner:  # never committed under its keyed name
        name = rename(s, name) or name
    ctx._audit(s, "hub_blob_adopted", "blob", name, sha256=sha, bytes=size)
    return "adopted"


def _namers(s: Any, name: str) -> list[tuple[bool, bytes | None, str | None, tuple[str, str]]]:
    """Every row this session sees naming the blob: (its key sealed above us, key, SHA-256, what)."""
    out: list[tuple[bool, bytes | None, str | None, tuple[str, str]]] = []
    for a in s.execute(select(Attachment).where(Attachment.blob_name == name)).scalars():
        out.append((is_locked(a), a.blob_key, a.sha256, blobs.ATTACHMENT))
    for letter in s.execute(select(Letter).where(or_(Letter.blob_name == name,
                                                     Letter.ofd_blob_name == name))).scalars():
        if letter.blob_name == name:
            out.append((is_locked(letter), letter.blob_key, letter.sha256, blobs.LETTER_COPY))
        else:
            out.append((is_locked(letter), letter.ofd_blob_key, letter.ofd_sha256, blobs.LETTER_COPY))
    for b in s.execute(select(SyncBlob).where(SyncBlob.blob_name == name)).scalars():
        out.append((is_locked(b), b.blob_key, b.sha256, blobs.ATTACHMENT))
    return out
