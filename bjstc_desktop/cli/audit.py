"""`bjstc audit ...`: verifying the audit chain (and signing a checkpoint), exporting it."""

from __future__ import annotations

import argparse
from pathlib import Path

from bjstc_desktop.cli.common import INTEGRITY, emit_json, with_workstation
from bjstc_desktop.console import say
from bjstc_desktop.core.i18n import tr
from bjstc_desktop.workstation import Workstation

_AUDIT_REASONS = {
    "altered": ("第 {n} 条记录被改动", "event {n} was altered"),
    "link": ("第 {n} 条记录与前一条不衔接", "event {n} does not link to the one before"),
    "missing": ("第 {n} 条记录缺失", "event {n} is missing"),
    "truncated": ("第 {n} 条及之后的记录被删除", "event {n} and those after it were removed"),
    "anchor": ("第 {n} 条记录与记录的链头不符", "event {n} does not match the recorded head"),
    "checkpoint": ("第 {n} 条记录与审计员签名的检查点不符（其前的记录被改写）",
                   "event {n} does not match the auditor's signed checkpoint (the events before it were rewritten)"),
    "no_checkpoint": ("找不到审计员签名的检查点（已被删除或替换）",
                      "the auditor's signed checkpoint is missing (deleted or replaced)"),
    "signature": ("检查点的签名不是本审计员密钥所签（被伪造或替换）",
                  "the checkpoint is not signed by this auditor's key (forged or replaced)"),
    "ceiling": ("最高密级或节点指纹与检查点不符（被改动）", "the ceiling or node fingerprint differs from the checkpoint's"),
    "keys": ("管理员公钥与检查点不符（被替换）", "the administrators' keys differ from the checkpoint's"),
    "roster": ("三员账户与检查点不符，或有无角色证明的管理员账户（被插入或替换）",
               "the administrator accounts differ from the checkpoint's, or one has no role proof"),
    "node": ("检查点属于另一个工作站", "the checkpoint belongs to another workstation"),
}


@with_workstation
def cmd_audit_verify(ws: Workstation, args: argparse.Namespace) -> int:
    result = ws.admin.verify_audit()
    if args.json:
        emit_json({"ok": result.ok, "events": result.events, "first_bad": result.first_bad, "reason": result.reason,
                   "checkpoint": result.checkpoint, "new_checkpoint": result.new_checkpoint,
                   "auditor_key": ws.admin.auditor_key_fingerprint()})
    if result.ok:
        if not args.json:
            say(tr(f"审计链完好：{result.events} 条记录，与第 {result.checkpoint} 号签名检查点相符。",
                   f"The audit chain is intact: {result.events} events, matching signed checkpoint "
                   f"{result.checkpoint}."))
            if result.new_checkpoint:
                say(tr(f"已签署第 {result.new_checkpoint} 号检查点（请记入审计记录本）。",
                       f"Checkpoint {result.new_checkpoint} was signed (write it in the audit log book)."))
            else:
                say(tr("新的检查点未能写入 workstation.json（磁盘已满或正被占用），请稍后再核验一次。",
                       "The new checkpoint could not be written to workstation.json (disk full or busy); "
                       "verify again later."))
            say(tr(f"审计签名密钥指纹：{ws.admin.auditor_key_fingerprint()}",
                   f"Audit signing key fingerprint: {ws.admin.auditor_key_fingerprint()}"))
        return 0
    zh, en = _AUDIT_REASONS.get(result.reason, ("第 {n} 条记录有误", "event {n} is bad"))
    n = result.first_bad if result.first_bad is not None else "?"
    say(tr("审计链已被破坏：" + zh.format(n=n) + "。", "The audit chain is broken: " + en.format(n=n) + "."))
    return INTEGRITY


@with_workstation
def cmd_audit_export(ws: Workstation, args: argparse.Namespace) -> int:
    n = ws.admin.export_audit(Path(args.output))
    say(tr(f"已导出 {n} 条审计记录到 {args.output}。", f"Exported {n} audit events to {args.output}."))
    return 0
