"""The `bjstc` command (design/cli.md): every Workstation operation, headless.

Exit codes: 0 done; 1 refused or failed, nothing changed; 2 usage error; 3 authentication
failed; 4 integrity failure; 5 a bulk action partly done; 6 the store stayed busy (another
program kept writing). Never a Python traceback for anything an officer can do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from bjstc_desktop import cli_io
from bjstc_desktop.cli_archive import add_archive_commands
from bjstc_desktop.cli_bulk import add_bulk_commands
from bjstc_desktop.cli_experts import add_expert_commands
from bjstc_desktop.cli_import import add_import_commands
from bjstc_desktop.cli_integrity import add_integrity_commands
from bjstc_desktop.cli_io import emit_json, open_workstation, say, with_workstation
from bjstc_desktop.cli_letters import add_letter_commands
from bjstc_desktop.cli_reports import add_report_commands
from bjstc_desktop.cli_search import add_search_arguments, query_from_args
from bjstc_desktop.cli_sync import add_sync_commands
from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.classification import Level, level_shown, parse_level
from bjstc_desktop.core.errors import BjstcError, UsageError
from bjstc_desktop.core.fieldvalues import display_value
from bjstc_desktop.core.i18n import (
    label,
    letter_name,
    set_language,
    state_label,
    step_label,
    tr,
    unit_label,
)
from bjstc_desktop.core.modules import all_case_types, case_type
from bjstc_desktop.core.plaintext import PrintableStream
from bjstc_desktop.core.roles import Role, parse_role
from bjstc_desktop.ops.accounts import parse_modules
from bjstc_desktop.ops.views import CaseView
from bjstc_desktop.sync.suites import CHOICES, offer_from_choice
from bjstc_desktop.workstation import NewAccount, Workstation


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as UsageError (exit 2, officer's language)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"用法错误：{message}\n（运行 {self.prog} --help 查看用法）",
                         f"Usage error: {message}\n(run {self.prog} --help)")


def _fields(pairs: Sequence[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--field 应为 KEY=VALUE，而不是“{pair}”。", f"--field takes KEY=VALUE, not {pair!r}.")
        out[key.strip()] = value
    return out


def _print_cases(cases: list[CaseView]) -> None:
    if not cases:
        say(tr("没有案件。", "No cases."))
        return
    for c in cases:
        due = c.due or "—"
        if c.due and not c.due_verified:
            due += tr("（日历未核实）", " (calendar unverified)")
        print(f"{c.case_no}\t{_state(c.type, c.state)}\t{level_shown(c.classification)}\t{due}\t{c.title}\t{c.id}")


def _type(code: str) -> CaseType | None:
    try:
        return case_type(code)
    except BjstcError:
        return None


def _state(type_code: str, state: str) -> str:
    """A stored state as the officer reads it."""
    return state_label(_type(type_code), state)


def _print_case(ws: Workstation, view: CaseView) -> None:
    """`bjstc case show` for people: names and labels in the officer's language, never keys."""
    ct = _type(view.type)
    print(f"{view.case_no}  {view.title}")
    type_name, state = label(ct) if ct else view.type, _state(view.type, view.state)
    level = level_shown(view.classification)
    print(tr(f"类型：{type_name}  状态：{state}  密级：{level}  期限：{view.due or '—'}",
             f"Type: {type_name}  State: {state}  Classification: {level}  Due: {view.due or '—'}"))
    for k, v in (view.fields or {}).items():
        f = ct.field(k) if ct else None
        print(f"  {label(f) if f else k}: {display_value(f, v) if f else v}")
    for e in view.timeline:
        before, after = state_label(ct, e.from_state or ""), state_label(ct, e.to_state or "")
        print(f"  {e.at} {e.actor} {step_label(e.action, ct)} {before}→{after} {e.opinion or ''}")
    for c in ws.case_checks(view.id):
        mark = {True: "✓", False: "✗", None: "?"}[c.passed]
        print(f"  {mark} {c.label}{tr('：', ': ')}{c.message}")


# ----- commands -------------------------------------------------------------------------------
def _administrator(name: str | None, env: str, role_zh: str, role_en: str) -> NewAccount | None:
    """The security administrator or auditor named at init, with the passphrase from
    `env`, else asked twice at a terminal (each administrator types their own)."""
    if not name:
        return None
    passphrase = os.environ.get(env)
    if not passphrase:
        import getpass

        if not sys.stdin or not sys.stdin.isatty():
            raise UsageError(f"未提供{role_zh}的口令（设置 {env} 或在终端中由其本人输入）。",
                             f"No passphrase for the {role_en} (set {env}, or let them type it in a terminal).")
        passphrase = getpass.getpass(tr(f"{role_zh} {name} 的口令：", f"Passphrase of the {role_en} {name}: "))
        if passphrase != getpass.getpass(tr("再输入一次：", "Again: ")):
            raise UsageError("两次输入的口令不一致。", "The two passphrases differ.")
    return NewAccount(name, passphrase)


def cmd_init(args: argparse.Namespace) -> int:
    passphrase = cli_io.read_new_passphrase(fallback_env="BJSTC_PASSPHRASE")
    secadmin = _administrator(args.secadmin, "BJSTC_SECADMIN_PASSPHRASE", "安全保密管理员", "security administrator")
    auditor = _administrator(args.auditor, "BJSTC_AUDITOR_PASSPHRASE", "安全审计员", "auditor")
    result = Workstation.init(args.data_dir, args.workstation, args.admin, passphrase, office=args.office or "",
                              ceiling=parse_level(args.ceiling), bind_device=args.bind_device,
                              secadmin=secadmin, auditor=auditor, suites=offer_from_choice(args.suite))
    if result.notice:
        say(tr(*result.notice))
    doc = {"node_id": result.node_id, "workstation": result.workstation, "fingerprint": result.fingerprint,
           "recovery_code": result.recovery_code, "device_bound": result.device_bound,
           "auditor_key": result.auditor_key, "data_dir": str(args.data_dir)}
    if args.json:
        emit_json(doc)
    else:
        print(tr(f"工作站已创建：{result.workstation}", f"Workstation created: {result.workstation}"))
        print(tr(f"节点标识：{result.node_id}", f"Node id: {result.node_id}"))
        print(tr(f"指纹：{result.fingerprint}", f"Fingerprint: {result.fingerprint}"))
        print(tr(f"恢复码（只显示这一次，请抄写后封存）：{result.recovery_code}",
                 f"Recovery code (shown only this once; write it down and seal it): {result.recovery_code}"))
        print(tr(f"审计签名密钥指纹（与恢复码一同抄存）：{result.auditor_key}",
                 f"Audit signing key fingerprint (keep it with the recovery code): {result.auditor_key}"))
    return 0


@with_workstation
def cmd_info(ws: Workstation, args: argparse.Namespace) -> int:
    info = ws.info()
    if args.json:
        emit_json(info)
    else:
        print(tr(f"工作站：{info['workstation']}（{info['office']}）", f"Workstation: {info['workstation']} ({info['office']})"))
        print(tr(f"节点：{info['node_id']}", f"Node: {info['node_id']}"))
        print(tr(f"指纹：{info['fingerprint']}", f"Fingerprint: {info['fingerprint']}"))
        print(tr(f"数据库版本：{info['schema_version']}；最高密级：{info['ceiling']}",
                 f"Schema: {info['schema_version']}; ceiling: {info['ceiling']}"))
        for code, n in info["counts"].items():
            print(f"  {code}\t{n}")
    return 0


@with_workstation
def cmd_user_add(ws: Workstation, args: argparse.Namespace) -> int:
    role = parse_role(args.role)
    clearance = parse_level(args.clearance) if args.clearance else None
    modules = parse_modules(args.modules)
    code = None
    if role in (Role.SECADMIN, Role.AUDITOR):  # the one-time bootstrap needs the recovery code
        code = os.environ.get("BJSTC_RECOVERY_CODE") or (
            _prompt_secret("恢复码：", "Recovery code: ") if sys.stdin and sys.stdin.isatty() else None)
    passphrase = cli_io.read_new_passphrase()
    info = ws.add_user(args.name, role, passphrase, clearance, modules, bind_device=args.bind_device,
                       recovery_code=code)
    if args.json:
        emit_json(info.__dict__)
    else:
        say(tr(f"已添加用户 {info.name}（{role.label}，{info.clearance}）。", f"User {info.name} added ({role.value}, {info.clearance})."))
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    if args.recovery:
        code = os.environ.get("BJSTC_RECOVERY_CODE") or _prompt_secret("恢复码：", "Recovery code: ")
        new = cli_io.read_new_passphrase()
        Workstation.recover(args.data_dir, code, args.name, new)
        say(tr(f"已用恢复码为 {args.name} 设置新口令。", f"A new passphrase was set for {args.name} with the recovery code."))
        return 0
    ws = open_workstation(args, for_passphrase_change=True)
    try:
        new = cli_io.read_new_passphrase()
        ws.change_passphrase(args.name, new)
    finally:
        ws.close()
    say(tr(f"{args.name} 的口令已更改。", f"The passphrase of {args.name} was changed."))
    return 0


@with_workstation
def cmd_user_lock(ws: Workstation, args: argparse.Namespace) -> int:
    info = ws.set_user_active(args.name, active=args.user_command == "unlock")
    if args.json:
        emit_json(info.__dict__)
    else:
        say(tr(f"账户 {info.name} 已{'启用' if info.active else '停用'}。",
               f"The account {info.name} is {'unlocked' if info.active else 'locked'}."))
    return 0


def _prompt_secret(zh: str, en: str) -> str:
    import getpass

    if not sys.stdin or not sys.stdin.isatty():
        raise UsageError("未提供恢复码（设置 BJSTC_RECOVERY_CODE 或在终端中输入）。",
                         "No recovery code given (set BJSTC_RECOVERY_CODE or type it in a terminal).")
    return getpass.getpass(tr(zh, en))


@with_workstation
def cmd_user_grant(ws: Workstation, args: argparse.Namespace) -> int:
    modules = parse_modules(args.modules) or frozenset()
    info = ws.set_access(args.name, parse_level(args.clearance), modules)
    if args.json:
        emit_json(info.__dict__)
    else:
        say(tr(f"{info.name}：涉密等级 {info.clearance}，业务范围 {','.join(info.modules) or '无'}。",
               f"{info.name}: clearance {info.clearance}, modules {','.join(info.modules) or 'none'}."))
    return 0


@with_workstation
def cmd_user_grant_keys(ws: Workstation, args: argparse.Namespace) -> int:
    info = ws.grant_keys(args.name)
    if args.json:
        emit_json(info.__dict__)
    else:
        say(tr(f"已向 {info.name} 授予其涉密等级（{info.clearance}）的密钥。",
               f"{info.name} was given the keys of his clearance ({info.clearance})."))
    return 0


def cmd_keys_upgrade(args: argparse.Namespace) -> int:
    """Seal the content of a store made before level keys (the key custodian, with the
    recovery code; his own passphrase is needed again to put the keys in his slot)."""
    code = os.environ.get("BJSTC_RECOVERY_CODE") or _prompt_secret("恢复码：", "Recovery code: ")
    if not args.user:
        raise UsageError("请用 --user 或 BJSTC_USER 指定用户。", "Name the user with --user or BJSTC_USER.")
    passphrase = cli_io.read_passphrase(args.passphrase_file)
    ws = Workstation.open(args.data_dir, args.user, passphrase)
    try:
        ws.require_current_passphrase()
        counts = ws.upgrade_keys(code, passphrase)
    finally:
        ws.close()
    if args.json:
        emit_json(counts)
    else:
        say(tr(f"已按密级加密：{sum(counts.values())} 行。请安全保密管理员在科员登录一次后运行 bjstc user grant-keys。",
               f"Encrypted by level: {sum(counts.values())} rows. Once each officer has logged in, the security "
               "administrator runs `bjstc user grant-keys`."))
    return 0


@with_workstation
def cmd_user_list(ws: Workstation, args: argparse.Namespace) -> int:
    users = ws.list_users()
    if args.json:
        emit_json([u.__dict__ for u in users])
    else:
        for u in users:
            print(f"{u.name}\t{u.role}\t{u.clearance}\t{','.join(u.modules)}")
    return 0


def cmd_modules(args: argparse.Namespace) -> int:
    mods = Workstation.modules()
    if args.json:
        emit_json(mods)
    else:
        for m in mods:
            print(f"{m['number']:>2} {m['code']:<13} {tr(m['name'], m['name_en'])}")
            for t in m["case_types"]:
                print(f"     {t['code']:<26} {tr(t['name'], t['name_en'])}")
    return 0


@with_workstation
def cmd_case_new(ws: Workstation, args: argparse.Namespace) -> int:
    level = parse_level(args.classification) if args.classification else Level.PUBLIC
    view = ws.create_case(args.type, args.title, _fields(args.field), level,
                          secrecy_period=args.secrecy_period, knowers=args.knowers)
    if args.json:
        emit_json(view.as_json())
    else:
        say(tr(f"已立案：{view.case_no}（{view.id}）", f"Case created: {view.case_no} ({view.id})"))
    return 0


@with_workstation
def cmd_case_list(ws: Workstation, args: argparse.Namespace) -> int:
    cases = ws.list_cases(module=args.module, case_type=args.type, state=args.state, limit=args.limit)
    if args.json:
        emit_json([c.as_json(with_fields=False) for c in cases])
    else:
        _print_cases(cases)
    return 0


@with_workstation
def cmd_case_show(ws: Workstation, args: argparse.Namespace) -> int:
    view = ws.show_case(args.id)
    if args.json:
        emit_json(view.as_json())
    else:
        _print_case(ws, view)
    return 0


@with_workstation
def cmd_case_edit(ws: Workstation, args: argparse.Namespace) -> int:
    view = ws.edit_case(args.id, title=args.title, fields=_fields(args.field))
    if args.json:
        emit_json(view.as_json())
    else:
        say(tr(f"已修改：{view.case_no}", f"Changed: {view.case_no}"))
    return 0


@with_workstation
def cmd_case_act(ws: Workstation, args: argparse.Namespace) -> int:
    result = ws.act(args.id, args.action, args.opinion, _fields(args.field))
    if args.json:
        emit_json(result.__dict__)
    else:
        before, after = _state(result.case_type, result.from_state), _state(result.case_type, result.to_state)
        say(tr(f"{result.case_no}：{before} → {after}", f"{result.case_no}: {before} → {after}"))
        if result.due:
            say(tr(f"期限：{result.due}", f"Due: {result.due}") + ("" if result.due_verified else tr("（日历未核实）", " (calendar unverified)")))
        for w in result.warnings:
            say(tr("注意：", "Note: ") + w)
        if result.letters:
            named = [f"{letter_name(c)}（{c}）" for c in result.letters]
            named_en = [f"{letter_name(c, 'en')} ({c})" for c in result.letters]
            say(tr(f"应出具文书：{'、'.join(named)}（bjstc letter {result.case_id} 模板代码）",
                   f"Letters to issue: {', '.join(named_en)} (bjstc letter {result.case_id} TEMPLATE)"))
    return 0


@with_workstation
def cmd_case_actions(ws: Workstation, args: argparse.Namespace) -> int:
    actions = ws.case_actions(args.id)
    if args.json:
        emit_json([a.__dict__ for a in actions])
    else:
        for a in actions:
            need = tr("（须填意见）", " (opinion required)") if a.opinion_required else ""
            print(f"{a.action}\t{a.label} → {a.target_label or a.target}{need}")
    return 0


@with_workstation
def cmd_case_due(ws: Workstation, args: argparse.Namespace) -> int:
    cases = ws.due_cases()
    if args.json:
        emit_json([c.as_json(with_fields=False) for c in cases])
    else:
        labels = {"overdue": tr("已超期", "overdue"), "due_today": tr("今日到期", "due today"),
                  "due_soon": tr("即将到期", "due soon"), "normal": ""}
        for c in cases:
            print(f"{labels.get(c.due_status or '', '')}\t{c.due}\t{c.case_no}\t{c.state}\t{c.title}")
        if not cases:
            say(tr("没有即将到期或超期的案件。", "No cases due soon or overdue."))
    return 0


@with_workstation
def cmd_case_attach(ws: Workstation, args: argparse.Namespace) -> int:
    att = ws.attach(args.id, Path(args.file), checklist_item=args.item)
    if args.json:
        emit_json(att.__dict__)
    else:
        say(tr(f"已添加附件 {att.filename}（{att.size} 字节）。", f"Attached {att.filename} ({att.size} bytes)."))
    return 0


@with_workstation
def cmd_case_attachments(ws: Workstation, args: argparse.Namespace) -> int:
    items = ws.attachments(args.id)
    if args.json:
        emit_json([a.__dict__ for a in items])
    else:
        for a in items:
            print(f"{a.id}\t{a.filename}\t{a.size}\t{a.checklist_item or ''}")
    return 0


@with_workstation
def cmd_search(ws: Workstation, args: argparse.Namespace) -> int:
    cases = ws.search(query=query_from_args(args))
    if args.json:
        emit_json([c.as_json(with_fields=False) for c in cases])
    else:
        _print_cases(cases)
    return 0


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
    result = ws.verify_audit()
    if args.json:
        emit_json({"ok": result.ok, "events": result.events, "first_bad": result.first_bad, "reason": result.reason,
                   "checkpoint": result.checkpoint, "new_checkpoint": result.new_checkpoint,
                   "auditor_key": ws.auditor_key_fingerprint()})
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
            say(tr(f"审计签名密钥指纹：{ws.auditor_key_fingerprint()}",
                   f"Audit signing key fingerprint: {ws.auditor_key_fingerprint()}"))
        return 0
    zh, en = _AUDIT_REASONS.get(result.reason, ("第 {n} 条记录有误", "event {n} is bad"))
    n = result.first_bad if result.first_bad is not None else "?"
    say(tr("审计链已被破坏：" + zh.format(n=n) + "。", "The audit chain is broken: " + en.format(n=n) + "."))
    return 4


@with_workstation
def cmd_audit_export(ws: Workstation, args: argparse.Namespace) -> int:
    n = ws.export_audit(Path(args.output))
    say(tr(f"已导出 {n} 条审计记录到 {args.output}。", f"Exported {n} audit events to {args.output}."))
    return 0


@with_workstation
def cmd_backup(ws: Workstation, args: argparse.Namespace) -> int:
    size = ws.backup(Path(args.output))
    say(tr(f"备份已写入 {args.output}（{size} 字节）。", f"Backup written to {args.output} ({size} bytes)."))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.user:
        raise UsageError("请用 --user 指定备份中的一个用户。", "Name a user of the backup with --user.")
    passphrase = cli_io.read_passphrase(args.passphrase_file)
    replace = args.yes
    if not replace and (args.data_dir / "workstation.json").exists():
        replace = cli_io.confirm(f"{args.data_dir} 中已有工作站，恢复将替换它（原文件移入 backups/）。确定吗？",
                                 f"{args.data_dir} holds a workstation; restoring replaces it (old files go to backups/). Sure?")
    node = Workstation.restore(Path(args.file), args.data_dir, args.user, passphrase, replace=replace)
    say(tr(f"已恢复工作站 {node}。", f"Workstation {node} restored."))
    return 0


@with_workstation
def cmd_settings(ws: Workstation, args: argparse.Namespace) -> int:
    if args.key and args.value is not None:
        import json

        try:
            value: Any = json.loads(args.value)
        except ValueError:
            value = args.value
        ws.set_setting(args.key, value)
    settings = ws.settings()
    if args.json:
        emit_json(settings)
    else:
        for k, v in settings.items():
            print(f"{k}\t{v}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from bjstc_desktop.core.validators import KINDS, validate

    if args.kind not in KINDS:
        raise UsageError(f"未知的校验类型“{args.kind}”，可选：{'、'.join(KINDS)}。",
                         f"Unknown kind {args.kind!r}; one of: {', '.join(KINDS)}.")
    result = validate(args.kind, args.value)
    warnings = [tr(w.zh, w.en) for w in result.warnings]
    if args.json:
        emit_json({"valid": result.valid, "kind": result.kind, "value": result.value,
                   "message": result.message(), "warnings": warnings, "details": result.details})
    else:
        print(("✓ " if result.valid else "✗ ") + result.value)
        if result.message():
            say(result.message())
        for w in warnings:
            say(tr("注意：", "Note: ") + w)
    return 0 if result.valid else 1


def _date_arg(text: str) -> dt.date:
    from bjstc_desktop.core.fieldvalues import parse_date

    return dt.date.fromisoformat(parse_date(text))


def _calendar_for(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The workstation's calendar when a user is named, else the bundled seed calendar."""
    from bjstc_desktop.core.workcalendar import WorkCalendar, load_seed_calendar

    if args.user:
        ws = open_workstation(args)
        try:
            return ws.calendar()
        finally:
            ws.close()
    days, years = load_seed_calendar()
    return WorkCalendar(days, years)


def cmd_calendar_add(args: argparse.Namespace) -> int:
    cal = _calendar_for(args)
    deadline = cal.add_workdays(_date_arg(args.date), args.n)
    doc = {"date": deadline.date.isoformat(), "calendar_verified": deadline.verified,
           "unknown_years": list(deadline.unknown_years)}
    if args.json:
        emit_json(doc)
    else:
        print(doc["date"])
        if not deadline.verified:
            say(tr(f"注意：日历不知道 {'、'.join(map(str, deadline.unknown_years))} 年的节假日安排，此日期按周一至周五推算，未经核实。",
                   f"Note: the calendar does not know {', '.join(map(str, deadline.unknown_years))}; "
                   "this date counts Monday to Friday and is not verified."))
    return 0


def cmd_calendar_between(args: argparse.Namespace) -> int:
    cal = _calendar_for(args)
    a, b = _date_arg(args.a), _date_arg(args.b)
    first, last = (a, b) if a <= b else (b, a)
    unknown = cal.unknown_years_in(first + dt.timedelta(days=1), last)
    doc = {"workdays": cal.workdays_between(a, b), "calendar_verified": not unknown, "unknown_years": list(unknown)}
    if args.json:
        emit_json(doc)
    else:
        print(doc["workdays"])
        if unknown:
            say(tr("注意：部分年份的节假日安排未知，结果未经核实。", "Note: some years are unknown; not verified."))
    return 0


@with_workstation
def cmd_calendar_set_year(ws: Workstation, args: argparse.Namespace) -> int:
    holidays = []
    for spec in args.holiday or ():
        try:
            first, last, name = spec.split(":", 2)
            holidays.append((_date_arg(first), _date_arg(last), name))
        except ValueError:
            raise UsageError(f"--holiday 应为 起:止:名称，而不是“{spec}”。", f"--holiday takes FIRST:LAST:NAME, not {spec!r}.") from None
    workdays = [_date_arg(d) for d in args.workday or ()]
    before, after = ws.set_calendar_year(args.year, holidays, workdays, args.source)
    say(tr(f"{args.year} 年节假日安排已登记（原 {before} 天，现 {after} 天）。",
           f"The {args.year} schedule is entered ({before} days before, {after} now)."))
    return 0


@with_workstation
def cmd_rules(ws: Workstation, args: argparse.Namespace) -> int:
    if args.key and args.value is not None:
        ws.set_rule(args.key, args.value, args.basis)
    rules = ws.rules()
    if args.json:
        emit_json([r.__dict__ for r in rules])
    else:
        declared = {d.key: d for t in all_case_types() for d in t.rules}
        for r in rules:
            shown = label(declared[r.key]) if r.key in declared else r.label
            print(f"{r.key}\t{r.value}{r.unit and ' ' + unit_label(r.unit)}\t{shown}\t{r.basis}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from bjstc_desktop.demo import populate

    ws = open_workstation(args)
    others: list[Workstation] = []
    try:
        if args.approver:  # a 处长's session takes the moves an officer may not (extend, approve)
            passphrase = os.environ.get("BJSTC_APPROVER_PASSPHRASE") or cli_io.read_passphrase(args.passphrase_file)
            others.append(Workstation.open(args.data_dir, args.approver, passphrase))
            others[0].require_current_passphrase()
        n = populate(ws, args.cases, others=others)
    finally:
        for other in others:
            other.close()
        ws.close()
    say(tr(f"已生成 {n} 件演示案件。", f"{n} demo cases created."))
    return 0


# ----- parser ---------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """The whole command tree."""
    p = _Parser(prog="bjstc", description=tr("北京市科学技术委员会离线办案工作站", "BJSTC offline casework workstation"))
    p.add_argument("--data-dir", type=Path, default=None)
    p.add_argument("--user", default=None)
    p.add_argument("--passphrase-file", default=None)
    p.add_argument("--lang", choices=("zh", "en"), default=None)
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    sub.required = True

    def cmd(name: str, fn: Callable[[argparse.Namespace], int], parent: Any = sub, json_flag: bool = True,
            **kw: Any) -> argparse.ArgumentParser:
        sp = parent.add_parser(name, **kw)
        sp.set_defaults(func=fn)
        if json_flag:
            sp.add_argument("--json", action="store_true")
        return sp

    sp = cmd("init", cmd_init)
    sp.add_argument("--workstation", required=True)
    sp.add_argument("--admin", required=True)
    sp.add_argument("--office", default="")
    sp.add_argument("--ceiling", default="秘密", choices=("内部", "秘密", "机密"))
    sp.add_argument("--bind-device", action="store_true")
    sp.add_argument("--suite", default="intl", choices=tuple(CHOICES),
                    help=tr("同步包的密码套件：gm（国密 SM2/SM3/SM4 优先，也接受 intl-1）、gm-only、intl（默认，也接受 gm-1）、"
                            "intl-only", "the sync packages' crypto suites: gm (SM2/SM3/SM4 first, intl-1 too), gm-only, "
                            "intl (the default; gm-1 too), intl-only"))
    sp.add_argument("--secadmin", help=tr("安全保密管理员的用户名（口令取自 BJSTC_SECADMIN_PASSPHRASE 或由其本人输入）",
                                          "the security administrator's user name (passphrase from "
                                          "BJSTC_SECADMIN_PASSPHRASE, or typed by them)"))
    sp.add_argument("--auditor", help=tr("安全审计员的用户名（口令取自 BJSTC_AUDITOR_PASSPHRASE 或由其本人输入）",
                                         "the auditor's user name (passphrase from BJSTC_AUDITOR_PASSPHRASE, or "
                                         "typed by them)"))
    cmd("info", cmd_info)
    cmd("modules", cmd_modules)

    user = sub.add_parser("user").add_subparsers(dest="user_command", parser_class=_Parser)
    user.required = True
    sp = cmd("add", cmd_user_add, user)
    sp.add_argument("name")
    sp.add_argument("--role", required=True)
    sp.add_argument("--clearance")
    sp.add_argument("--modules")
    sp.add_argument("--bind-device", action="store_true")
    sp = cmd("passwd", cmd_user_passwd, user, json_flag=False)
    sp.add_argument("name")
    sp.add_argument("--recovery", action="store_true")
    sp = cmd("grant", cmd_user_grant, user)
    sp.add_argument("name")
    sp.add_argument("--clearance", required=True)
    sp.add_argument("--modules", default="")
    sp = cmd("grant-keys", cmd_user_grant_keys, user)
    sp.add_argument("name")
    cmd("list", cmd_user_list, user)
    for verb in ("lock", "unlock"):
        sp = cmd(verb, cmd_user_lock, user)
        sp.add_argument("name")

    keys = sub.add_parser("keys").add_subparsers(dest="keys_command", parser_class=_Parser)
    keys.required = True
    cmd("upgrade", cmd_keys_upgrade, keys)

    case = sub.add_parser("case").add_subparsers(dest="case_command", parser_class=_Parser)
    case.required = True
    sp = cmd("new", cmd_case_new, case)
    sp.add_argument("--type", required=True)
    sp.add_argument("--title", required=True)
    sp.add_argument("--field", action="append")
    sp.add_argument("--classification")
    sp.add_argument("--secrecy-period")
    sp.add_argument("--knowers")
    sp = cmd("list", cmd_case_list, case)
    sp.add_argument("--module")
    sp.add_argument("--type")
    sp.add_argument("--state")
    sp.add_argument("--limit", type=int)
    sp = cmd("show", cmd_case_show, case)
    sp.add_argument("id")
    sp = cmd("edit", cmd_case_edit, case)
    sp.add_argument("id")
    sp.add_argument("--title")
    sp.add_argument("--field", action="append")

    sp = cmd("act", cmd_case_act, case)
    sp.add_argument("id")
    sp.add_argument("action")
    sp.add_argument("--opinion")
    sp.add_argument("--field", action="append")
    sp = cmd("actions", cmd_case_actions, case)
    sp.add_argument("id")
    cmd("due", cmd_case_due, case)
    sp = cmd("attach", cmd_case_attach, case)
    sp.add_argument("id")
    sp.add_argument("file")
    sp.add_argument("--item", help="checklist item")
    sp = cmd("attachments", cmd_case_attachments, case)
    sp.add_argument("id")
    add_bulk_commands(case, cmd)

    add_search_arguments(cmd("search", cmd_search))

    aud = sub.add_parser("audit").add_subparsers(dest="audit_command", parser_class=_Parser)
    aud.required = True
    cmd("verify", cmd_audit_verify, aud)
    sp = cmd("export", cmd_audit_export, aud, json_flag=False)
    sp.add_argument("-o", "--output", required=True)

    sp = cmd("backup", cmd_backup, json_flag=False)
    sp.add_argument("-o", "--output", required=True)
    sp = cmd("restore", cmd_restore, json_flag=False)
    sp.add_argument("file")
    sp.add_argument("--yes", action="store_true")
    sp = cmd("settings", cmd_settings)
    sp.add_argument("key", nargs="?")
    sp.add_argument("value", nargs="?")
    sp = cmd("validate", cmd_validate)
    sp.add_argument("kind")
    sp.add_argument("value")
    cal = sub.add_parser("calendar").add_subparsers(dest="calendar_command", parser_class=_Parser)
    cal.required = True
    sp = cmd("add-workdays", cmd_calendar_add, cal)
    sp.add_argument("date")
    sp.add_argument("n", type=int)
    sp = cmd("workdays-between", cmd_calendar_between, cal)
    sp.add_argument("a")
    sp.add_argument("b")
    sp = cmd("set-year", cmd_calendar_set_year, cal, json_flag=False)
    sp.add_argument("year", type=int)
    sp.add_argument("--holiday", action="append", help="FIRST:LAST:NAME, e.g. 2027-02-05:2027-02-13:春节")
    sp.add_argument("--workday", action="append", help="a make-up working day")
    sp.add_argument("--source", required=True, help="the notice's number or title")
    sp = cmd("rules", cmd_rules)
    sp.add_argument("key", nargs="?")
    sp.add_argument("value", nargs="?")
    sp.add_argument("--basis")
    sp = cmd("demo", cmd_demo, json_flag=False)
    sp.add_argument("--cases", type=int, default=200)
    sp.add_argument("--approver", help=tr("处长账户：承担科员不能办理的环节（口令取自 BJSTC_APPROVER_PASSPHRASE，"
                                          "否则与 --user 相同）",
                                          "an approver account for the moves an officer may not make (passphrase "
                                          "from BJSTC_APPROVER_PASSPHRASE, else as for --user)"))
    add_import_commands(sub, cmd)
    add_letter_commands(sub, cmd)
    add_report_commands(sub, cmd)
    add_sync_commands(sub, cmd)
    add_expert_commands(sub, cmd)
    add_integrity_commands(sub, cmd)
    add_archive_commands(sub, cmd)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (never raises for an officer's mistake)."""
    args = None
    real_out, real_err = sys.stdout, sys.stderr
    # Whatever a command prints, stored text never reaches the terminal raw (ESC, BEL,
    # bidi overrides are shown as \u001b, \u202e; JSON stays the same document).
    sys.stdout, sys.stderr = PrintableStream(real_out), PrintableStream(real_err)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.lang:
            set_language(args.lang)
        args.data_dir = (args.data_dir or cli_io.default_data_dir()).expanduser()
        args.user = args.user or os.environ.get("BJSTC_USER")
        cli_io.setup_logging(args.data_dir)
        cli_io.announce_waits()
        cli_io.check_paths(args)
        return int(args.func(args))
    except BjstcError as exc:
        say(exc.message())
        return exc.exit_code
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        return 0
    except KeyboardInterrupt:
        say(tr("已取消。", "Cancelled."))
        return 1
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if isinstance(exc.code, int) else 0
    except Exception as exc:  # never a traceback on the officer's screen
        cli_io.log_unexpected(exc)
        say(tr("发生内部错误，操作未完成，数据未被更改。详情已记入日志。",
               "An internal error stopped the operation; nothing was changed. Details are in the log."))
        return 1
    finally:
        sys.stdout, sys.stderr = real_out, real_err
        set_language(None)


if __name__ == "__main__":
    sys.exit(main())
