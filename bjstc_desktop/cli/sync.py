"""The sync commands of `bjstc` (design/cli.md): identity export/show, peer
trust/list/revoke, sync export/import/conflicts/resolve/audit-heads."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bjstc_desktop.cli.common import emit_json, interruptible, with_workstation
from bjstc_desktop.console import say
from bjstc_desktop.core.classification import parse_level
from bjstc_desktop.core.i18n import tr
from bjstc_desktop.ops.accounts import parse_modules
from bjstc_desktop.ops.sync_peers import card_summary, peer_json, read_card
from bjstc_desktop.ops.sync_progress import Progress, SyncImportCancelled, throttled
from bjstc_desktop.workstation import Workstation

if TYPE_CHECKING:
    from bjstc_desktop.ops.sync_import import SyncImportReport

_WARNINGS = {
    "older": ("注意：此包早于已导入的同一发送方的包（可能是重放），已安全处理，未回退任何内容。",
              "Note: this package is older than one already imported from the same sender (possibly a replay); "
              "handled safely, nothing rolled back."),
    "gap": ("注意：发送方的包序号有缺口，缺少的包已在下一次回执中索取。",
            "Note: a package from this sender is missing; the next acknowledgement asks for it again."),
    "clock_ahead": ("注意：发送方的时钟比本机快 24 小时以上，已记录，未采用。",
                    "Note: the sender's clock runs more than 24 hours ahead; recorded, not followed."),
    "deletion_kept": ("注意：有案件已被对方删除，但本机已据此出具文书，予以保留。",
                      "Note: a case deleted by the sender is kept here because letters were issued from it."),
    "audit_head_backwards": ("审计完整性警告：发送方审计链的链头比它以前的包中的倒退了（审计记录可能被截断、改写或从旧副本恢复）。"
                             "已记入审计记录，请告知安全审计员和安全保密管理员。",
                             "Audit-integrity warning: the sender's audit-chain head went back compared with its earlier "
                             "packages (its trail may have been cut, rewritten or restored from an old copy). Recorded in "
                             "the audit trail; tell the auditor and the security administrator."),
    "audit_checkpoint_backwards": ("审计完整性警告：发送方安全审计员签署的检查点比它以前的包中的倒退了或不见了"
                                   "（可能放回了旧的检查点）。已记入审计记录，请告知安全审计员和安全保密管理员。",
                                   "Audit-integrity warning: the sender's auditor-signed checkpoint went back compared "
                                   "with its earlier packages, or is gone (an old checkpoint may have been put back). "
                                   "Recorded in the audit trail; tell the auditor and the security administrator."),
    "audit_checkpoint_forged": ("审计完整性警告：发送方的审计检查点不是其安全审计员签署的（签名不符、身份不符或审计员密钥已变）。"
                                "已记入审计记录，请告知安全审计员和安全保密管理员。",
                                "Audit-integrity warning: the sender's audit checkpoint is not signed by its auditor "
                                "(the signature, the identity or the auditor's key does not match). Recorded in the "
                                "audit trail; tell the auditor and the security administrator."),
}
_HELD_REASONS = {"scope": ("不在对方受信任的业务范围内", "outside the modules the sender is trusted for"),
                 "ceiling": ("高于对方受信任的最高密级", "above the level the sender is trusted for"),
                 "revoked_author": ("作者节点的信任已被撤销", "written by a node whose trust was revoked")}


@with_workstation
def cmd_identity_export(ws: Workstation, args: argparse.Namespace) -> int:
    doc = ws.peers.export_identity(Path(args.output))
    if args.json:
        emit_json(doc)
    else:
        say(tr(f"身份卡已写入 {doc['path']}。", f"Identity card written to {doc['path']}."))
        print(tr(f"指纹：{doc['fingerprint']}", f"Fingerprint: {doc['fingerprint']}"))
    return 0


def cmd_identity_show(args: argparse.Namespace) -> int:
    doc = card_summary(read_card(Path(args.card)))
    if args.json:
        emit_json(doc)
    else:
        print(tr(f"工作站：{doc['workstation']}（{doc['office']}），最高密级：{doc['ceiling']}",
                 f"Workstation: {doc['workstation']} ({doc['office']}), ceiling: {doc['ceiling']}"))
        print(tr(f"节点：{doc['node_id']}", f"Node: {doc['node_id']}"))
        print(tr(f"密码套件（优先者在前）：{'、'.join(doc['suites'])}", f"Crypto suites (preferred first): {', '.join(doc['suites'])}"))
        print(tr(f"指纹：{doc['fingerprint']}", f"Fingerprint: {doc['fingerprint']}"))
    return 0


@with_workstation
def cmd_peer_trust(ws: Workstation, args: argparse.Namespace) -> int:
    info = ws.peers.trust(Path(args.card), args.fingerprint, parse_level(args.ceiling) if args.ceiling else None,
                         parse_modules(args.modules))
    if args.json:
        emit_json(peer_json(info))
    else:
        say(tr(f"已信任 {info.workstation}（最高密级 {info.ceiling}）。", f"{info.workstation} is trusted (ceiling {info.ceiling})."))
    return 0


@with_workstation
def cmd_peer_list(ws: Workstation, args: argparse.Namespace) -> int:
    peers = ws.peers.list()
    if args.json:
        emit_json([peer_json(p) for p in peers])
    elif not peers:
        say(tr("还没有信任的对端。", "No peers are trusted yet."))
    for p in peers if not args.json else ():
        status = tr("已信任", "trusted") if p.status == "trusted" else tr("已撤销", "revoked")
        print(f"{p.node_id}\t{p.workstation}\t{p.office}\t{p.ceiling}\t{status}\t{p.fingerprint}")
    return 0


@with_workstation
def cmd_peer_revoke(ws: Workstation, args: argparse.Namespace) -> int:
    info = ws.peers.revoke(args.node)
    if args.json:
        emit_json(peer_json(info))
    else:
        say(tr(f"已撤销对 {info.workstation} 的信任，此后其同步包将被拒绝。",
               f"{info.workstation} is revoked; its packages will be refused."))
    return 0


@with_workstation
def cmd_sync_export(ws: Workstation, args: argparse.Namespace) -> int:
    peers = [p.strip() for p in args.to.split(",") if p.strip()]
    report = ws.sync.export_package(peers, Path(args.output), full=args.full, skip_damaged=args.skip_damaged)
    if report.damaged_skipped:
        say(tr(f"注意：案件 {'、'.join(report.damaged_skipped)} 的附件已损坏，未随包发出（对方暂缺其内容）。",
               f"Note: the damaged attachments of {', '.join(report.damaged_skipped)} were left out "
               "(the peer lacks their content)."))
    if args.json:
        emit_json(report.as_json())
        return 0
    say(tr(f"同步包已写入 {report.path}（密码套件 {report.suite}）：{report.records} 件案件，{report.revisions} 个修订，"
           f"{report.attachments} 个附件。",
           f"Package written to {report.path} (crypto suite {report.suite}): {report.records} cases, "
           f"{report.revisions} revisions, {report.attachments} attachments."))
    for node, reasons in report.held_back_detail.items():
        for reason, by_module in reasons.items():
            detail = ", ".join(f"{m} {n}" for m, n in sorted(by_module.items()))
            say(tr(f"  为 {node} 暂缓发送（{_REASONS[reason][0]}）：{detail}",
                   f"  held back for {node} ({_REASONS[reason][1]}): {detail}"))
    return 0


_REASONS = {"ceiling": ("高于对方最高密级", "above its ceiling"), "scope": ("不在约定的业务范围", "outside its modules"),
            "clearance": ("超出您的查看权限", "outside your clearance or scope"),
            "other_recipient": ("同包的其他收件方不能接收", "another recipient of the package may not have it")}


_MB = 1024 * 1024


def _say_progress(phase: str, done: int, total: int) -> None:
    """One line on stderr: the phase of the import and how far it has got."""
    if phase == "read":
        pct, got, size = done * 100 // total if total else 100, f"{done / _MB:.1f}", f"{total / _MB:.1f}"
        say(tr(f"读取并核验同步包：{pct}%（{got} / {size} MB）",
               f"Reading and checking the package: {pct}% ({got} of {size} MB)"))
    else:
        say(tr(f"合并记录：{done} / {total}", f"Merging the records: {done} of {total}"))


def _import_progress(args: argparse.Namespace) -> Progress | None:
    """Progress lines on stderr when it is a terminal or --progress asks for them, one
    per tenth of each phase (lines, not a redrawn line: stderr escapes control characters)."""
    return throttled(_say_progress, steps=10) if args.progress or sys.stderr.isatty() else None


@with_workstation
def cmd_sync_import(ws: Workstation, args: argparse.Namespace) -> int:
    progress = _import_progress(args)
    got: list[SyncImportReport] = []  # filled once the import has committed (or found it was done before)

    def run(stop: Callable[[], bool]) -> None:
        got.append(ws.sync.import_package(Path(args.file), progress=progress, cancelled=stop))

    try:  # Ctrl-C is a cancel the import checks at each step: it rolls back whole (SyncImportCancelled)
        interruptible(run)
    except KeyboardInterrupt:  # raised, not caught as a cancel (off the main thread, or as the handler was put back)
        if not got:  # the import did not return: its transaction rolled back
            raise SyncImportCancelled() from None
    report = got[0]
    if args.json:
        emit_json(report.as_json())
        return 0
    if report.status == "already_imported":
        say(tr("此同步包已经导入过，未做任何更改。", "This package was already imported; nothing was changed."))
        return 0
    say(tr(f"已导入 {report.sender_workstation} 的第 {report.channel_seq} 号同步包。",
           f"Imported package {report.channel_seq} from {report.sender_workstation}."))
    print(tr("模块\t新增\t更新\t合并\t冲突\t暂缓", "module\tnew\tupdated\tmerged\tconflicts\theld back"))
    for module, line in sorted(report.by_module.items()):
        print(f"{module}\t{line['new']}\t{line['updated']}\t{line['merged']}\t{line['conflicts']}\t{line['held_back']}")
    print(tr(f"合计\t{report.new}\t{report.updated}\t{report.merged}\t{report.conflicts}\t{report.held_back}",
             f"total\t{report.new}\t{report.updated}\t{report.merged}\t{report.conflicts}\t{report.held_back}"))
    for reason, n in sorted(report.held_back_reasons.items()):
        zh, en = _HELD_REASONS[reason]
        say(tr(f"  暂缓 {n} 个修订：{zh}", f"  {n} revisions held back: {en}"))
    if report.held_for_review:
        say(tr(f"有 {report.held_for_review} 个降低密级的修订未导入，等待安全保密管理员审核（bjstc sync conflicts）。",
               f"{report.held_for_review} revisions that lower a classification were not applied; they wait for the "
               "security administrator (bjstc sync conflicts)."))
    for w in report.warnings:
        say(tr(*_WARNINGS[w]))
    if report.conflicts:
        say(tr("有冲突待处理：bjstc sync conflicts", "Conflicts wait for you: bjstc sync conflicts"))
    return 0


def _show(value: Any) -> str:
    return "—" if value is None else str(value)


@with_workstation
def cmd_sync_conflicts(ws: Workstation, args: argparse.Namespace) -> int:
    items = ws.sync.conflicts()
    if args.json:
        emit_json([c.as_json() for c in items])
    elif not items:
        say(tr("没有待处理的冲突。", "No open conflicts."))
    for c in items if not args.json else ():
        if c.sender is not None:  # a revision held for the security administrator
            texts = c.texts or {}
            basis = "；".join(f"{k}={v}" for k, v in (c.basis or {}).items() if v)
            print(f"{c.id}\t{c.case_no}\t{c.label}\t{tr('本机', 'mine')}：{texts.get('mine')}\t"
                  f"{tr('对方', 'theirs')}：{texts.get('theirs')}\t{tr('发送方', 'sender')}：{c.sender['workstation']}\t"
                  f"{tr('依据', 'basis')}：{basis or '—'}")
            continue
        print(f"{c.id}\t{c.case_no}\t{c.label}\t{tr('本机', 'mine')}：{_show(c.mine)}\t{tr('对方', 'theirs')}：{_show(c.theirs)}")
    return 0


@with_workstation
def cmd_sync_resolve(ws: Workstation, args: argparse.Namespace) -> int:
    nxt = ws.sync.resolve(args.conflict, args.take)
    if args.json:
        emit_json({"resolved": args.conflict, "next": nxt.as_json() if nxt else None})
    else:
        say(tr("冲突已处理，处理结果将随下一个同步包发出。", "Resolved; the decision goes out with the next package."))
    return 0


_HEAD_PROBLEMS = {"head_backwards": ("审计链头倒退", "audit head went back"),
                  "checkpoint_backwards": ("审计检查点倒退或缺失", "audit checkpoint went back or is gone"),
                  "checkpoint_forged": ("审计检查点不是其安全审计员签署的", "audit checkpoint not signed by its auditor")}


@with_workstation
def cmd_sync_audit_heads(ws: Workstation, args: argparse.Namespace) -> int:
    """The audit heads and auditor checkpoints peers' packages carried (auditor and
    security administrator); exit 4 when any of them is suspect."""
    heads = ws.peers.audit_heads(args.peer)
    if args.json:
        emit_json([dataclasses.asdict(h) for h in heads])
    elif not heads:
        say(tr("尚未收到对端的审计链头。", "No peer's audit head received yet."))
    for h in heads if not args.json else ():
        zh, en = _HEAD_PROBLEMS.get(h.problem or "", ("正常", "ok"))
        print(f"{h.seen_at}	{h.peer_node}	{tr('包', 'package')} {h.channel_seq}	{tr('链头', 'head')} {h.seq} "
              f"{h.hash[:16]}	{tr('检查点', 'checkpoint')} {_show(h.checkpoint_n)}	{tr(zh, en)}")
    suspect = [h for h in heads if h.backwards]
    if suspect and not args.json:
        say(tr(f"审计完整性警告：{len(suspect)} 个对端审计链头可疑，请核查相应工作站的审计记录。",
               f"Audit-integrity warning: {len(suspect)} peer audit heads are suspect; check those workstations' "
               "audit trails."))
    return 4 if suspect else 0
