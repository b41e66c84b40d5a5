"""`bjstc hub sweep-blobs` (docs/hub.md "Where the blobs live", Junk): the hub's owner
removes the blob chunks no committed row names. The program writes every chunk in the
transaction of the row that names it, so only rows an officer INSERTed at psql under a
name no row gives are ever unnamed; nobody can read them, but they take disk space. The
sweep looks at every chunk row (one anti-join on the naming columns' indexes), so it is
a maintenance command the system administrator runs with the owner's URL, never part of
an unlock: under any other role a chunk of a case hidden from it would look unnamed."""

from __future__ import annotations

from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import hubroles
from bjstc_desktop.store.hubblobs import sweep_unnamed


def sweep_unnamed_blobs(ctx: OpsContext) -> int:
    """Remove the chunks of blobs no committed row names, under the owner's role, with an
    audit event in the same transaction; the number of chunk rows removed."""
    if not ctx.store.is_hub:
        raise RefusedError("只有集中库把附件存入数据库；此工作站的附件就在其数据文件夹中。",
                           "Only a hub keeps its blobs in its database; this workstation's are in its data folder.")
    with ctx.store.write() as s:
        if not hubroles.sees_every_row(s):
            raise PermissionDeniedError(
                "只有集中库属主的数据库角色能清理无登记的附件数据块（其他角色看不到全部登记记录）：请系统管理员以属主的地址执行。",
                "Only the hub owner's database role may sweep unnamed blob chunks (no other role sees every row "
                "naming a blob): the system administrator runs it with the owner's address.")
        removed = sweep_unnamed(s.connection())
        ctx._audit(s, "hub_blobs_swept", "blob", "", chunks=removed)
    return removed
