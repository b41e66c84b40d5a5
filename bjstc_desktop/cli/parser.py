"""The whole `bjstc` command tree: every command group, command and option, each with its
help in the officer's language (Chinese by default, English with --lang en or BJSTC_LANG).

The tree names each command's function as "module:function" (a module of this package);
runner.py imports that module only when the command runs, so `bjstc --help` loads
argparse and the domain's names, never the store, the crypto or the letters' layout.
A new command: its options here, its function in the module of its group.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from bjstc_desktop.core.errors import UsageError
from bjstc_desktop.core.language import tr
from bjstc_desktop.core.searchquery import MAX_RESULTS
from bjstc_desktop.letters.output import FORMAT_PDF, FORMATS
from bjstc_desktop.sync.suite_choices import CHOICES as SUITE_CHOICES

CEILINGS = ("内部", "秘密", "机密")
RETENTIONS = ("永久", "30年", "10年")
EXPERT_STATUSES = ("在库", "暂停", "退出")
LANGUAGES = ("zh", "en")


class HelpFormatter(argparse.HelpFormatter):
    """argparse's layout with the "usage:" heading in the officer's language."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, tr("用法：", "usage: ") if prefix is None else prefix)


class CliParser(argparse.ArgumentParser):
    """argparse with usage errors as UsageError (exit 2, officer's language) and its own
    headings and -h in the officer's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        # argparse has no public way to name its two default sections.
        self._positionals.title = tr("位置参数", "positional arguments")
        self._optionals.title = tr("选项", "options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=tr("显示此帮助并退出", "show this help and exit"))

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"用法错误：{message}\n（运行 {self.prog} --help 查看用法）",
                         f"Usage error: {message}\n(run {self.prog} --help)")


Commands = Any  # argparse's _SubParsersAction: what add_parser is called on
Builder = Callable[[argparse.ArgumentParser], None]
TOP_LEVEL: list[tuple[str, str, str, Builder]] = []  # (name, zh, en, builder), in the order of the help


def top(name: str, zh: str, en: str) -> Callable[[Builder], Builder]:
    """Register a top-level command (or group) and the function that adds its options
    or subcommands to its parser."""
    def register(build: Builder) -> Builder:
        TOP_LEVEL.append((name, zh, en, build))
        return build
    return register


def subcommands(parser: argparse.ArgumentParser, name: str) -> Commands:
    """The subcommands of a group (`bjstc case ...`), one of them required."""
    sub = parser.add_subparsers(dest=f"{name}_command", parser_class=CliParser, title=tr("子命令", "subcommands"))
    sub.required = True
    return sub


def leaf(sp: argparse.ArgumentParser, handler: str, *, json_flag: bool = True) -> None:
    """Make `sp` a command: the function that runs it ("module:function"), and --json."""
    sp.set_defaults(handler=handler)
    if json_flag:
        sp.add_argument("--json", action="store_true",
                        help=tr("输出一个 JSON 文档（供脚本使用）", "print one JSON document (for scripts)"))


def command(parent: Commands, name: str, handler: str, zh: str, en: str, *,
            json_flag: bool = True) -> argparse.ArgumentParser:
    """One subcommand of a group, with its help."""
    sp = parent.add_parser(name, help=tr(zh, en), description=tr(zh, en))
    leaf(sp, handler, json_flag=json_flag)
    return sp


def arg(sp: argparse.ArgumentParser, *names: str, zh: str, en: str, **kw: Any) -> None:
    """One argument or option with its help in both languages."""
    sp.add_argument(*names, help=tr(zh, en), **kw)


# The arguments several commands share, said once.
def _case_id(sp: argparse.ArgumentParser, name: str = "id") -> None:
    arg(sp, name, zh="案件：标识或案号", en="the case: its id or case no.")


def _fields(sp: argparse.ArgumentParser, required: bool = False) -> None:
    arg(sp, "--field", action="append", metavar="KEY=VALUE", required=required,
        zh="字段值：字段=值（可重复）", en="a field's value: KEY=VALUE (repeatable)")


def _classification(sp: argparse.ArgumentParser, what_zh: str, what_en: str) -> None:
    arg(sp, "--classification", zh=f"{what_zh}的密级（默认公开）", en=f"the classification of {what_en} (default 公开)")


def _output(sp: argparse.ArgumentParser, zh: str, en: str) -> None:
    arg(sp, "-o", "--output", required=True, zh=zh, en=en)


def _modules(sp: argparse.ArgumentParser, zh: str, en: str, **kw: Any) -> None:
    arg(sp, "--modules", zh=zh + "（业务模块代码，逗号分隔）", en=en + " (duty module codes, comma separated)", **kw)


def _module(sp: argparse.ArgumentParser) -> None:
    arg(sp, "--module", zh="业务模块代码（bjstc modules）", en="a duty module's code (bjstc modules)")


def _signer(sp: argparse.ArgumentParser) -> None:
    arg(sp, "--signer", zh="签发人（默认：当前用户）", en="who signed it (default: you)")


# The global options that take a value (argparse also takes any unambiguous prefix).
_VALUED = ("--data-dir", "--hub", "--user", "--passphrase-file", "--lang")


def command_word(argv: Sequence[str]) -> str | None:
    """The top-level command `argv` names (None: none, e.g. `bjstc --help`), found the way
    argparse finds it: after the global options and their values."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word.startswith("--"):
            name = word.partition("=")[0]
            if "=" not in word and len(name) > 2 and any(v.startswith(name) for v in _VALUED):
                next(words, None)
            continue
        if not word.startswith("-"):
            return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command tree, its help in the current language (set it first). Given the
    command line, only the command it names gets its options and subcommands; the others
    are listed with their help but left empty (argparse never enters them), since
    building all ~100 parsers costs more than the rest of `bjstc --help`."""
    p = CliParser(prog="bjstc", description=tr("北京市科学技术委员会离线办案工作站", "BJSTC offline casework workstation"))
    arg(p, "--data-dir", type=Path, default=None,
        zh="工作站的数据文件夹（默认：BJSTC_DATA_DIR，或本机用户数据文件夹）",
        en="the workstation's data folder (default: BJSTC_DATA_DIR, or the user data folder of this computer)")
    arg(p, "--hub", default=None,
        zh="使用处室集中库（PostgreSQL）：postgresql://用户@主机/库（默认：BJSTC_HUB；地址中不得含口令）",
        en="use an office hub (PostgreSQL): postgresql://user@host/db (default: BJSTC_HUB; never a password in it)")
    arg(p, "--user", default=None, zh="以此用户身份操作（默认：BJSTC_USER）", en="act as this user (default: BJSTC_USER)")
    arg(p, "--passphrase-file", default=None,
        zh="从此文件的第一行读取口令（默认：BJSTC_PASSPHRASE，或在终端中输入）",
        en="read the passphrase from this file's first line (default: BJSTC_PASSPHRASE, or typed at the terminal)")
    arg(p, "--lang", choices=LANGUAGES, default=None,
        zh="提示与帮助的语言：zh 中文（默认）或 en 英文（也可设 BJSTC_LANG）",
        en="the language of messages and help: zh Chinese (the default) or en English (BJSTC_LANG too)")
    sub = p.add_subparsers(dest="command", parser_class=CliParser, title=tr("命令", "commands"))
    sub.required = True
    wanted = None if argv is None else command_word(argv)
    for name, zh, en, build in TOP_LEVEL:
        sp = sub.add_parser(name, help=tr(zh, en), description=tr(zh, en))
        if argv is None or name == wanted:
            build(sp)
    return p


# ----- the commands, in the order `bjstc --help` lists them ------------------------------------

@top("init", "创建工作站（系统管理员的口令取自 BJSTC_NEW_PASSPHRASE 或 BJSTC_PASSPHRASE）",
     "create the workstation (the system administrator's passphrase from BJSTC_NEW_PASSPHRASE or BJSTC_PASSPHRASE)")
def _cmd_init(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "station:cmd_init")
    arg(sp, "--workstation", required=True, zh="工作站名称（如 技术市场处一号机）", en="the workstation's name")
    _node_options(sp)


@top("hub", "处室集中库（PostgreSQL，多名经办人共用）", "the office hub (PostgreSQL, shared by many officers)")
def _cmd_hub(sp: argparse.ArgumentParser) -> None:
    hub = subcommands(sp, "hub")
    sp = command(hub, "init", "station:cmd_hub_init",
                 "在一个空的 PostgreSQL 数据库中创建集中库（口令同 init）",
                 "create the hub in an empty PostgreSQL database (passphrases as for init)")
    arg(sp, "--db", required=True, zh="空数据库的地址 postgresql://用户@主机/库（不得含口令）",
        en="the empty database's address postgresql://user@host/db (never a password in it)")
    arg(sp, "--workstation", required=True, zh="集中库名称（如 技术市场处集中库）", en="the hub's name")
    _node_options(sp)
    sp = command(hub, "hand-off", "hubnode:cmd_hub_hand_off",
                 "为出差人员创建单机工作站（安全保密管理员；只含其密级与业务模块，与集中库互相信任）",
                 "make a standalone workstation for a travelling officer (security administrator; his clearance "
                 "and modules only, trusted both ways with the hub)")
    arg(sp, "officer", zh="出差人员的用户名（其在单机上的口令取自 BJSTC_OFFICER_PASSPHRASE 或由其本人输入）",
        en="the officer's user name (his passphrase there from BJSTC_OFFICER_PASSPHRASE, or typed by him)")
    arg(sp, "-o", "--output", required=True, zh="新工作站的数据文件夹（须不存在或为空）",
        en="the new workstation's data folder (must not exist, or be empty)")
    arg(sp, "--workstation", required=True, zh="新工作站的名称（如 张三出差机）", en="the new workstation's name")
    arg(sp, "--admin", required=True, zh="新工作站系统管理员的用户名（口令取自 BJSTC_NEW_PASSPHRASE 或输入两次）",
        en="the new workstation's system administrator (passphrase from BJSTC_NEW_PASSPHRASE, or typed twice)")
    command(hub, "adopt-blobs", "hubnode:cmd_hub_adopt_blobs",
            "把集中库节点文件夹 blobs/ 中的附件与文书副本移入数据库（在持有节点文件夹的机器上，由经办人员执行；"
            "逐个按登记的 SHA-256 校验，移入后文件改名保留）；再由系统管理员以集中库属主的地址执行，为已移入者换用随机名称",
            "move the attachments and letters' copies in the hub's node folder (blobs/) into its database (an "
            "officer, on the machine holding the node folder; each checked against its registered SHA-256, the "
            "file kept renamed); then the system administrator, with the hub owner's address, gives the adopted "
            "ones random names")
    command(hub, "sweep-blobs", "hubnode:cmd_hub_sweep_blobs",
            "删除无任何登记记录指向的附件数据块（系统管理员以集中库属主的地址执行的维护命令；数据库异常增长时或定期执行）",
            "remove the blob chunks no record names (a maintenance command the system administrator runs with the "
            "hub owner's address; when the database grows unexpectedly, or on a schedule)")
    sp = command(hub, "join", "hubnode:cmd_hub_join",
                 "把一台单机工作站并入集中库（两处的安全保密管理员共同执行；案件、文书、附件与修订历史全部迁入）",
                 "move a standalone workstation into the hub (both security administrators together; cases, "
                 "letters, attachments and their revision history all move)")
    arg(sp, "folder", zh="被并入工作站的数据文件夹", en="the joining workstation's data folder")
    arg(sp, "--from-user", required=True,
        zh="被并入工作站的安全保密管理员（口令取自 BJSTC_JOIN_PASSPHRASE 或由其本人输入）",
        en="the joining workstation's security administrator (passphrase from BJSTC_JOIN_PASSPHRASE, or typed by him)")
    arg(sp, "--fingerprint", required=True, zh="被并入工作站的指纹（其 bjstc info 所示，逐组核对）",
        en="the joining workstation's fingerprint (as its bjstc info shows it, compared group by group)")


def _node_options(sp: argparse.ArgumentParser) -> None:
    """The options a new workstation and a new hub share."""
    arg(sp, "--admin", required=True, zh="系统管理员的用户名", en="the system administrator's user name")
    arg(sp, "--office", default="", zh="所属处室", en="the office it belongs to")
    arg(sp, "--ceiling", default="秘密", choices=CEILINGS, zh="可存放的最高密级（默认秘密）",
        en="the highest classification it may hold (default 秘密)")
    arg(sp, "--bind-device", action="store_true", zh="系统管理员的口令只在本机有效（绑定本机设备密钥）",
        en="the system administrator's passphrase works on this computer only (bound to its device key)")
    arg(sp, "--suite", default="intl", choices=tuple(SUITE_CHOICES),
        zh="同步包的密码套件：gm（国密 SM2/SM3/SM4 优先，也接受 intl-1）、gm-only、intl（默认，也接受 gm-1）、intl-only",
        en="the sync packages' crypto suites: gm (SM2/SM3/SM4 first, intl-1 too), gm-only, intl (the default; "
           "gm-1 too), intl-only")
    arg(sp, "--secadmin", zh="安全保密管理员的用户名（口令取自 BJSTC_SECADMIN_PASSPHRASE 或由其本人输入）",
        en="the security administrator's user name (passphrase from BJSTC_SECADMIN_PASSPHRASE, or typed by them)")
    arg(sp, "--auditor", zh="安全审计员的用户名（口令取自 BJSTC_AUDITOR_PASSPHRASE 或由其本人输入）",
        en="the auditor's user name (passphrase from BJSTC_AUDITOR_PASSPHRASE, or typed by them)")


@top("info", "工作站信息与各业务模块的案件数",
     "the workstation and its number of cases per duty")
def _cmd_info(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "station:cmd_info")


@top("modules", "13 个业务模块及其案件类型",
     "the 13 duty modules and their case types")
def _cmd_modules(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "station:cmd_modules")


@top("backup", "把整个工作站备份为一个加密文件",
     "back the whole workstation up into one encrypted file")
def _cmd_backup(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "station:cmd_backup", json_flag=False)
    _output(sp, "备份文件", "the backup file to write")


@top("restore", "从备份恢复工作站（以备份中一个用户的口令）",
     "restore the workstation from a backup (with the passphrase of one of its users)")
def _cmd_restore(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "station:cmd_restore", json_flag=False)
    arg(sp, "file", zh="备份文件", en="the backup file")
    arg(sp, "--yes", action="store_true", zh="不再询问，替换已有的工作站（原文件移入 backups/）",
        en="replace the workstation there without asking (the old files go to backups/)")


@top("settings", "查看设置，或更改一项设置",
     "show the settings, or change one")
def _cmd_settings(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "station:cmd_settings")
    arg(sp, "key", nargs="?", zh="设置项名称", en="the setting's name")
    arg(sp, "value", nargs="?", zh="新的值（JSON 或文本）", en="its new value (JSON or text)")


@top("rules", "查看业务规则（期限、金额……），或更改一条",
     "show the business rules (time limits, amounts, ...), or change one")
def _cmd_rules(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "station:cmd_rules")
    arg(sp, "key", nargs="?", zh="规则名称", en="the rule's name")
    arg(sp, "value", nargs="?", zh="新的值", en="its new value")
    arg(sp, "--basis", zh="更改的依据（文件名称与文号）", en="what the change rests on (a document's title and number)")


@top("demo", "生成演示案件",
     "create demonstration cases")
def _cmd_demo(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "station:cmd_demo", json_flag=False)
    arg(sp, "--cases", type=int, default=200, zh="案件数（默认 200）", en="how many cases (default 200)")
    arg(sp, "--approver", zh="处长账户：承担科员不能办理的环节（口令取自 BJSTC_APPROVER_PASSPHRASE，否则与 --user 相同）",
        en="an approver account for the moves an officer may not make (passphrase from BJSTC_APPROVER_PASSPHRASE, "
           "else as for --user)")


@top("user", "用户账户", "user accounts")
def _cmd_user(sp: argparse.ArgumentParser) -> None:
    user = subcommands(sp, "user")
    sp = command(user, "add", "users:cmd_user_add", "添加用户（新口令取自 BJSTC_NEW_PASSPHRASE 或在终端中输入）",
                 "add a user (the new passphrase from BJSTC_NEW_PASSPHRASE, or typed at the terminal)")
    arg(sp, "name", zh="用户名", en="the user name")
    arg(sp, "--role", required=True, zh="角色：officer 科员、approver 处长、sysadmin、secadmin 或 auditor",
        en="the role: officer, approver, sysadmin, secadmin or auditor")
    arg(sp, "--clearance", zh="涉密等级（默认：公开）", en="the clearance (default: 公开)")
    _modules(sp, "业务范围", "the duties he works on")
    arg(sp, "--bind-device", action="store_true", zh="此口令只在本机有效（绑定本机设备密钥）",
        en="the passphrase works on this computer only (bound to its device key)")
    sp = command(user, "passwd", "users:cmd_user_passwd", "更改口令（新口令取自 BJSTC_NEW_PASSPHRASE 或在终端中输入）",
                 "change a passphrase (the new one from BJSTC_NEW_PASSPHRASE, or typed at the terminal)",
                 json_flag=False)
    arg(sp, "name", zh="用户名", en="the user name")
    arg(sp, "--recovery", action="store_true", zh="用恢复码设置新口令（恢复码取自 BJSTC_RECOVERY_CODE 或在终端中输入）",
        en="set a new passphrase with the recovery code (from BJSTC_RECOVERY_CODE, or typed at the terminal)")
    sp = command(user, "grant", "users:cmd_user_grant", "设定用户的涉密等级与业务范围",
                 "set a user's clearance and duties")
    arg(sp, "name", zh="用户名", en="the user name")
    arg(sp, "--clearance", required=True, zh="涉密等级", en="the clearance")
    _modules(sp, "业务范围（留空：无）", "the duties he works on (empty: none)", default="")
    sp = command(user, "grant-keys", "users:cmd_user_grant_keys",
                 "向用户授予其涉密等级的密钥（密钥升级后其本人登录过一次，或口令重置之后）",
                 "give a user the keys of his clearance (after the key upgrade once he has logged in, or after a "
                 "passphrase reset)")
    arg(sp, "name", zh="用户名", en="the user name")
    command(user, "list", "users:cmd_user_list", "列出用户", "list the users")
    for verb, zh, en in (("lock", "停用账户", "lock an account"), ("unlock", "重新启用账户", "unlock an account")):
        sp = command(user, verb, "users:cmd_user_lock", zh, en)
        arg(sp, "name", zh="用户名", en="the user name")


@top("keys", "按密级划分的密钥", "the keys of each classification level")
def _cmd_keys(sp: argparse.ArgumentParser) -> None:
    keys = subcommands(sp, "keys")
    command(keys, "upgrade", "keys:cmd_keys_upgrade",
            "为启用密级密钥之前建立的工作站生成密级密钥并按密级加密其内容（安全保密管理员；恢复码取自 "
            "BJSTC_RECOVERY_CODE 或在终端中输入）",
            "make the level keys of a workstation created before them and encrypt its content by level (the "
            "security administrator; the recovery code from BJSTC_RECOVERY_CODE, or typed at the terminal)")


@top("case", "案件", "cases")
def _cmd_case(sp: argparse.ArgumentParser) -> None:
    case = subcommands(sp, "case")
    sp = command(case, "new", "cases:cmd_case_new", "立案", "create a case")
    arg(sp, "--type", required=True, zh="案件类型代码（bjstc modules）", en="the case type's code (bjstc modules)")
    arg(sp, "--title", required=True, zh="案件名称", en="the case's title")
    _fields(sp)
    _classification(sp, "案件", "the case")
    arg(sp, "--secrecy-period", zh="保密期限（涉密案件）", en="how long it stays classified (classified cases)")
    arg(sp, "--knowers", zh="知悉范围（涉密案件）", en="who may know it (classified cases)")
    sp = command(case, "list", "cases:cmd_case_list", "列出案件", "list cases")
    _module(sp)
    arg(sp, "--type", zh="案件类型代码", en="a case type's code")
    arg(sp, "--state", zh="状态", en="a state")
    arg(sp, "--limit", type=int, zh="最多列出多少件", en="list at most this many")
    sp = command(case, "show", "cases:cmd_case_show", "案件详情、办理记录与审核要点",
                 "a case with its timeline and checks")
    _case_id(sp)
    sp = command(case, "edit", "cases:cmd_case_edit", "修改案件名称或字段", "change a case's title or fields")
    _case_id(sp)
    arg(sp, "--title", zh="新的案件名称", en="the new title")
    _fields(sp)
    sp = command(case, "act", "cases:cmd_case_act", "办理一个环节（流转）", "take one workflow step")
    _case_id(sp)
    arg(sp, "action", zh="环节代码（bjstc case actions 案件）", en="the step's code (bjstc case actions CASE)")
    arg(sp, "--opinion", zh="办理意见", en="the opinion")
    _fields(sp)
    sp = command(case, "actions", "cases:cmd_case_actions", "案件当前可办理的环节", "the steps a case can take now")
    _case_id(sp)
    command(case, "due", "cases:cmd_case_due", "即将到期或已超期的案件", "the cases due soon or overdue")
    sp = command(case, "attach", "cases:cmd_case_attach", "添加附件", "attach a file")
    _case_id(sp)
    arg(sp, "file", zh="要添加的文件", en="the file to attach")
    arg(sp, "--item", zh="对应的材料清单项", en="the checklist item it answers")
    sp = command(case, "attachments", "cases:cmd_case_attachments", "案件的附件", "a case's attachments")
    _case_id(sp)

    sp = command(case, "bulk-act", "bulk:cmd_bulk_act", "对多件案件办理同一环节", "one workflow action on many cases")
    arg(sp, "action", zh="环节代码", en="the step's code")
    arg(sp, "cases", nargs="+", metavar="CASE", zh="案件：标识或案号（可多个）", en="the cases: ids or case nos.")
    arg(sp, "--opinion", zh="办理意见", en="the opinion")
    _fields(sp)
    sp = command(case, "bulk-assign", "bulk:cmd_bulk_assign", "批量更改承办人", "change the handler of many cases")
    arg(sp, "user_name", metavar="USER", zh="新的承办人（用户名）", en="the new handler (a user name)")
    arg(sp, "cases", nargs="+", metavar="CASE", zh="案件：标识或案号（可多个）", en="the cases: ids or case nos.")
    arg(sp, "--reason", zh="更改理由", en="why")
    sp = command(case, "bulk-letter", "bulk:cmd_bulk_letter", "为多件案件签发同一文书", "issue one letter for many cases")
    arg(sp, "template", zh="文书模板代码（bjstc letter templates）", en="the letter template's code (bjstc letter templates)")
    arg(sp, "cases", nargs="+", metavar="CASE", zh="案件：标识或案号（可多个）", en="the cases: ids or case nos.")
    _output(sp, "输出文件夹", "the output folder")
    _signer(sp)
    arg(sp, "--date", zh="成文日期（默认今天）", en="the letters' date (default today)")
    arg(sp, "--force-date", action="store_true", zh="成文日期早于收件日期或在今天之后时，确认使用",
        en="accept a date before a case was received or in the future")


@top("search", "检索案件（与图形界面的全局检索相同）",
     "search the cases (as the GUI's global search does)")
def _cmd_search(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "search:cmd_search")
    arg(sp, "text", nargs="?", default="", zh="检索词（案号、名称、人名、统一社会信用代码……）",
        en="words, a case no., a name, a USCC, ...")
    arg(sp, "--module", zh="业务模块代码", en="duty module code")
    arg(sp, "--type", zh="案件类型代码", en="case type code")
    arg(sp, "--state", zh="状态", en="state")
    arg(sp, "--district", zh="区（名称或代码，如 海淀、110108）", en="district (name or code)")
    arg(sp, "--from", dest="received_from", metavar="DATE", zh="收文日期起", en="received on or after")
    arg(sp, "--to", dest="received_to", metavar="DATE", zh="收文日期止", en="received on or before")
    arg(sp, "--overdue", action="store_true", zh="只看已超期未办结的", en="only open cases past due")
    arg(sp, "--limit", type=int, default=200, zh=f"最多条数（1-{MAX_RESULTS}）", en=f"at most (1-{MAX_RESULTS})")


@top("audit", "审计记录", "the audit trail")
def _cmd_audit(sp: argparse.ArgumentParser) -> None:
    aud = subcommands(sp, "audit")
    command(aud, "verify", "audit:cmd_audit_verify", "核验审计链并签署新的检查点（安全审计员）",
            "verify the audit chain and sign a new checkpoint (the auditor)")
    sp = command(aud, "export", "audit:cmd_audit_export", "导出审计记录", "export the audit events", json_flag=False)
    _output(sp, "输出文件", "the file to write")


@top("validate", "校验一个代码或号码（统一社会信用代码、身份证号……）",
     "check a code or number (a USCC, an ID number, ...)")
def _cmd_validate(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "reference:cmd_validate")
    arg(sp, "kind", zh="校验类型（如 uscc、id_number）", en="what kind of code (uscc, id_number, ...)")
    arg(sp, "value", zh="要校验的值", en="the value to check")


@top("calendar", "工作日与节假日安排", "working days and the holiday schedule")
def _cmd_calendar(sp: argparse.ArgumentParser) -> None:
    cal = subcommands(sp, "calendar")
    sp = command(cal, "add-workdays", "reference:cmd_calendar_add", "某日之后第 N 个工作日",
                 "the Nth working day after a date")
    arg(sp, "date", zh="起算日期", en="the date to count from")
    arg(sp, "n", type=int, zh="工作日数", en="how many working days")
    sp = command(cal, "workdays-between", "reference:cmd_calendar_between", "两个日期之间的工作日数",
                 "the working days between two dates")
    arg(sp, "a", zh="一个日期", en="one date")
    arg(sp, "b", zh="另一个日期", en="the other date")
    sp = command(cal, "set-year", "reference:cmd_calendar_set_year", "登记一年的节假日安排（国务院办公厅通知）",
                 "enter a year's holiday schedule (the State Council's notice)", json_flag=False)
    arg(sp, "year", type=int, zh="年份", en="the year")
    arg(sp, "--holiday", action="append", metavar="FIRST:LAST:NAME",
        zh="一个假期：起:止:名称（可重复），如 2027-02-05:2027-02-13:春节",
        en="a holiday: FIRST:LAST:NAME (repeatable), e.g. 2027-02-05:2027-02-13:春节")
    arg(sp, "--workday", action="append", zh="调休上班日（可重复）", en="a make-up working day (repeatable)")
    arg(sp, "--source", required=True, zh="通知的文号或标题", en="the notice's number or title")


@top("import", "导入 Excel 清单", "import Excel lists")
def _cmd_import(sp: argparse.ArgumentParser) -> None:
    imp = subcommands(sp, "import")
    command(imp, "profiles", "imports:cmd_import_profiles", "导入方案及其案件类型、关键字段与字段",
            "the import profiles with their case type, key and fields")
    sp = command(imp, "xlsx", "imports:cmd_import_xlsx", "导入一个 Excel 清单（先逐行校验，全部无误才写入）",
                 "import an Excel list (every row checked first; all or nothing)")
    arg(sp, "file", zh="Excel 文件（.xlsx）", en="the Excel file (.xlsx)")
    arg(sp, "--profile", required=True, zh="导入方案（bjstc import profiles）", en="the import profile")
    arg(sp, "--source", zh="来源（保存并复用列对应关系）", en="the source (saves and reuses the mapping)")
    arg(sp, "--map", action="append", metavar="HEADER=FIELD",
        zh="列对应：表头=字段（字段留空则忽略此列）", en="a column: HEADER=FIELD (empty FIELD ignores it)")
    arg(sp, "--case", zh="填入此案件（调查对象名录）", en="the case to fill (survey respondents)")
    arg(sp, "--sheet", zh="工作表（默认第一个）", en="the worksheet (default: the first)")
    _classification(sp, "新案件", "new cases")
    arg(sp, "--dry-run", action="store_true", zh="只校验并报告，不导入", en="validate and report only")


@top("letter", "公文：模板、签发、登记簿、作废",
     "letters: templates, issue, register, void")
def _cmd_letter(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "letters:cmd_letter")
    arg(sp, "word", metavar="ID|templates|list|void",
        zh="案件（签发文书），或子命令：templates 模板、list 登记簿、void 作废",
        en="a case (to issue a letter), or a subcommand: templates, list (the register), void")
    arg(sp, "second", nargs="?", metavar="TEMPLATE|NUMBER", zh="模板代码（签发时）或文号（作废时）",
        en="the template's code (to issue) or the letter's number (to void)")
    arg(sp, "-o", "--output", zh="输出文件", en="the file to write")
    arg(sp, "--format", choices=FORMATS, default=FORMAT_PDF, zh="写出 PDF、OFD（GB/T 33190）或两者（两者都登记）",
        en="write PDF, OFD (GB/T 33190) or both (both are registered either way)")
    _signer(sp)
    arg(sp, "--set", action="append", metavar="KEY=VALUE", zh="补充合并字段", en="a merge value")
    arg(sp, "--date", zh="成文日期（默认今天）", en="the letter's date (default today)")
    arg(sp, "--force-date", action="store_true", zh="成文日期早于收件日期或在今天之后时，确认使用",
        en="accept a date before the case was received or in the future")
    arg(sp, "--copy-no", zh="份号", en="copy number")
    arg(sp, "--urgency", choices=("特急", "加急"), zh="紧急程度", en="urgency")
    arg(sp, "--case", zh="只列此案件的", en="only this case's")
    arg(sp, "--reason", zh="作废理由", en="why the number is voided")


@top("export", "导出 Excel", "export to Excel")
def _cmd_export(sp: argparse.ArgumentParser) -> None:
    export = subcommands(sp, "export")
    sp = command(export, "cases", "reports:cmd_export_cases", "导出案件清单", "export a case list")
    arg(sp, "--module", zh="业务模块代码", en="module code")
    arg(sp, "--type", zh="案件类型代码", en="case type code")
    arg(sp, "--state", zh="状态", en="state")
    arg(sp, "--query", zh="检索词（导出检索结果）", en="search text (export the search result)")
    arg(sp, "--mine", action="store_true", zh="只导出我承办的", en="only the cases I handle")
    arg(sp, "--overdue", action="store_true", zh="只导出已逾期的", en="only overdue cases")
    arg(sp, "--out", "-o", required=True, zh="输出 .xlsx 文件", en="the .xlsx file to write")


@top("dashboard", "业务统计图表",
     "a duty's statistics")
def _cmd_dashboard(sp: argparse.ArgumentParser) -> None:
    leaf(sp, "reports:cmd_dashboard")
    arg(sp, "module", zh="业务模块代码", en="module code")
    arg(sp, "--chart", action="append", metavar="KEY", zh="只要此图", en="only this chart")
    arg(sp, "--xlsx", zh="同时导出为 .xlsx 文件", en="also write an .xlsx workbook")


@top("identity", "本工作站的身份卡", "this workstation's identity card")
def _cmd_identity(sp: argparse.ArgumentParser) -> None:
    ident = subcommands(sp, "identity")
    sp = command(ident, "export", "sync:cmd_identity_export", "写出身份卡（交给对端，并电话核对指纹）",
                 "write the identity card (for a peer, who checks the fingerprint by phone)")
    _output(sp, "身份卡文件", "the card file to write")
    sp = command(ident, "show", "sync:cmd_identity_show", "显示一张身份卡的内容与指纹", "show an identity card and its fingerprint")
    arg(sp, "card", zh="身份卡文件", en="the card file")


@top("peer", "受信任的对端工作站", "trusted peer workstations")
def _cmd_peer(sp: argparse.ArgumentParser) -> None:
    peer = subcommands(sp, "peer")
    sp = command(peer, "trust", "sync:cmd_peer_trust", "信任一张身份卡（安全保密管理员）",
                 "trust an identity card (the security administrator)")
    arg(sp, "card", zh="对端的身份卡文件", en="the peer's card file")
    arg(sp, "--fingerprint", required=True, zh="与对端当面或电话核对过的指纹", en="the fingerprint checked with the peer")
    arg(sp, "--ceiling", zh="接收与发送的最高密级", en="the highest classification exchanged with it")
    _modules(sp, "约定的业务范围", "the duties exchanged with it")
    command(peer, "list", "sync:cmd_peer_list", "列出对端", "list the peers")
    sp = command(peer, "revoke", "sync:cmd_peer_revoke", "撤销对一个对端的信任", "revoke a peer's trust")
    arg(sp, "node", zh="对端的节点标识或工作站名称", en="the peer's node id or workstation name")


@top("sync", "同步包", "sync packages")
def _cmd_sync(sp: argparse.ArgumentParser) -> None:
    sync = subcommands(sp, "sync")
    sp = command(sync, "export", "sync:cmd_sync_export", "写出给对端的同步包", "write a sync package for peers")
    arg(sp, "--to", required=True, metavar="NODE[,NODE...]", zh="收件的对端：节点标识或工作站名称，逗号分隔",
        en="the receiving peers: node ids or workstation names, comma separated")
    arg(sp, "--full", action="store_true", zh="发送全部内容（不只是对端尚未确认收到的）",
        en="send everything (not only what the peers have not acknowledged)")
    arg(sp, "--skip-damaged", action="store_true", zh="跳过已损坏的附件（对方暂缺其内容）",
        en="leave damaged attachments out (the peer lacks them)")
    _output(sp, "同步包文件", "the package file to write")
    sp = command(sync, "import", "sync:cmd_sync_import", "导入对端的同步包", "import a peer's sync package")
    arg(sp, "file", zh="同步包文件", en="the package file")
    arg(sp, "--progress", action="store_true", zh="在标准错误输出上显示进度（终端上默认显示）；按 Ctrl-C 取消导入",
        en="show the progress on stderr (shown by default on a terminal); Ctrl-C cancels the import")
    command(sync, "conflicts", "sync:cmd_sync_conflicts", "待处理的冲突与待审核的修订",
            "the open conflicts and the revisions held for review")
    sp = command(sync, "audit-heads", "sync:cmd_sync_audit_heads", "对端同步包带来的审计链头与检查点",
                 "the audit heads and checkpoints peers' packages carried")
    arg(sp, "--peer", zh="只看此对端（节点标识）", en="only this peer (its node id)")
    sp = command(sync, "resolve", "sync:cmd_sync_resolve", "处理一个冲突", "resolve a conflict")
    arg(sp, "conflict", zh="冲突标识（bjstc sync conflicts）", en="the conflict's id (bjstc sync conflicts)")
    arg(sp, "--take", required=True, zh="mine 本机的、theirs 对方的，或一个新值", en="mine, theirs or a new value")


@top("expert", "专家库与专家评审", "the expert pool and panels")
def _cmd_expert(sp: argparse.ArgumentParser) -> None:
    ex = subcommands(sp, "expert")
    expert = ("expert", "专家：标识、身份证号或（专家组内的）姓名", "the expert: id, ID number or (within a panel) name")
    sp = command(ex, "list", "experts:cmd_list", "列出专家", "list experts")
    arg(sp, "--text", zh="检索词（姓名、单位……）", en="words to look for (name, employer, ...)")
    arg(sp, "--status", zh="状态（在库、暂停、退出）", en="status (在库, 暂停, 退出)")
    arg(sp, "--category", zh="专家类别", en="category")
    arg(sp, "--discipline", zh="学科代码（bjstc expert disciplines）", en="a discipline code (bjstc expert disciplines)")
    arg(sp, "--limit", type=int, zh="最多列出多少位", en="list at most this many")
    sp = command(ex, "show", "experts:cmd_show", "专家详情（完整身份证号，记入审计）",
                 "an expert in full (his whole ID number; audited)")
    arg(sp, expert[0], zh=expert[1], en=expert[2])
    sp = command(ex, "add", "experts:cmd_add", "录入专家", "add an expert")
    _fields(sp, required=True)
    _classification(sp, "专家记录", "his record")
    _modules(sp, "使用此专家的业务模块（默认全部）", "duty modules that use him (default: all)")
    sp = command(ex, "edit", "experts:cmd_edit", "修改专家信息", "change an expert's record")
    arg(sp, expert[0], zh=expert[1], en=expert[2])
    _fields(sp, required=True)
    sp = command(ex, "status", "experts:cmd_status", "更改专家状态", "change an expert's status")
    arg(sp, expert[0], zh=expert[1], en=expert[2])
    arg(sp, "status", choices=EXPERT_STATUSES, zh="新状态", en="the new status")
    arg(sp, "--reason", zh="理由", en="why")
    for name, handler, zh, en in (("relate", "experts:cmd_relate", "登记专家申报的关联关系（回避用）",
                                   "record a relationship he declared (for recusal)"),
                                  ("history", "experts:cmd_history", "登记专家以往的评审经历（回避用）",
                                   "enter a review he took part in before (for recusal)")):
        sp = command(ex, name, handler, zh, en)
        arg(sp, expert[0], zh=expert[1], en=expert[2])
        arg(sp, "--uscc", zh="单位的统一社会信用代码（与 --id-number 二选一）",
            en="the organisation's USCC (or --id-number)")
        arg(sp, "--id-number", zh="个人的身份证号（与 --uscc 二选一）", en="the person's ID number (or --uscc)")
        if name == "relate":
            arg(sp, "--name", zh="关联单位或个人的名称", en="the related organisation's or person's name")
            arg(sp, "--relation", required=True, zh="关系（如 任职、亲属）", en="the relationship")
        else:
            arg(sp, "--name", required=True, zh="被评审单位或个人的名称", en="the name of who was reviewed")
            arg(sp, "--on", required=True, zh="评审日期", en="the review's date")
            arg(sp, "--note", zh="备注", en="a note")
    command(ex, "disciplines", "experts:cmd_disciplines", "学科代码表", "the discipline code table")
    sp = command(ex, "draw", "experts:cmd_draw", "为案件随机抽取专家组（记录随机种子）",
                 "draw a panel for a case at random (the seed is recorded)")
    _case_id(sp, "case")
    arg(sp, "--size", type=int, zh="人数（默认按案件类型）", en="how many experts (default: the case type's)")
    arg(sp, "--fields", zh="学科代码，逗号分隔", en="discipline codes, comma separated")
    for name, handler, zh, en in (("panel", "experts:cmd_panel", "案件的专家组与评分", "a case's panel and scores"),
                                  ("replay", "experts:cmd_replay", "按随机种子重放每次抽取，核对与记录是否一致",
                                   "replay each draw from its seed and compare with the record")):
        sp = command(ex, name, handler, zh, en)
        _case_id(sp, "case")
    sp = command(ex, "withdraw", "experts:cmd_withdraw", "专家谢绝或回避，并按原方式补抽",
                 "an expert declines or must withdraw; another is drawn the same way")
    _case_id(sp, "case")
    arg(sp, expert[0], zh=expert[1], en=expert[2])
    arg(sp, "--reason", required=True, zh="理由", en="why")
    arg(sp, "--recused", action="store_true", zh="回避（默认：谢绝）", en="must withdraw (default: declined)")
    arg(sp, "--no-replace", action="store_true", zh="不补抽", en="draw no replacement")
    sp = command(ex, "confirm", "experts:cmd_confirm", "确认专家参加评审", "confirm an expert takes part")
    _case_id(sp, "case")
    arg(sp, expert[0], zh=expert[1], en=expert[2])
    sp = command(ex, "score", "experts:cmd_score", "登记专家的评分", "enter an expert's scores")
    _case_id(sp, "case")
    arg(sp, expert[0], zh=expert[1], en=expert[2])
    arg(sp, "--score", type=int, zh="总分（或用 --item 逐项）", en="the total (or --item, one per item)")
    arg(sp, "--item", action="append", metavar="KEY=N", zh="分项评分：项=分（可重复）", en="an item's score: KEY=N (repeatable)")
    arg(sp, "--opinion", zh="评审意见", en="the expert's opinion")
    sp = command(ex, "invite", "experts:cmd_invite", "签发专家邀请函", "issue an expert's invitation letter")
    _case_id(sp, "case")
    arg(sp, expert[0], zh=expert[1], en=expert[2])
    _output(sp, "输出的 PDF 文件", "the PDF to write")
    arg(sp, "--time", zh="评审时间", en="when the review is")
    arg(sp, "--place", zh="评审地点", en="where the review is")
    arg(sp, "--phone", zh="联系电话", en="the contact phone number")
    _signer(sp)
    sp = command(ex, "summary", "experts:cmd_summary", "出具评审意见汇总表", "issue the panel's summary of opinions")
    _case_id(sp, "case")
    _output(sp, "输出的 PDF 文件", "the PDF to write")
    _signer(sp)


@top("integrity", "科研诚信与失信记录", "research-integrity records")
def _cmd_integrity(sp: argparse.ArgumentParser) -> None:
    it = subcommands(sp, "integrity")
    sp = command(it, "list", "integrity:cmd_list", "列出失信记录", "list the records")
    arg(sp, "--text", zh="检索词（名称、代码、决定文号……）", en="words to look for (name, number, decision no., ...)")
    arg(sp, "--in-force", action="store_true", zh="只列今天在效的", en="only those in force today")
    sp = command(it, "add", "integrity:cmd_add", "登记一条失信记录", "enter a record")
    _fields(sp, required=True)
    _classification(sp, "记录", "the record")
    sp = command(it, "revoke", "integrity:cmd_revoke", "撤销一条失信记录", "revoke a record")
    arg(sp, "id", zh="记录标识", en="the record's id")
    arg(sp, "--reason", required=True, zh="撤销理由", en="why")
    sp = command(it, "hits", "integrity:cmd_hits", "当事方命中在效失信记录的案件", "the cases whose parties are in a record in force")
    _module(sp)
    arg(sp, "--all", action="store_true", zh="包括已办结的案件", en="closed cases too")
    command(it, "measures", "integrity:cmd_measures", "失信惩戒措施的名称表", "the names of the measures")


@top("archive", "归档与归档文件目录", "filing and the archive")
def _cmd_archive(sp: argparse.ArgumentParser) -> None:
    ar = subcommands(sp, "archive")
    sp = command(ar, "file", "archive:cmd_file", "将办结的案件归档（其每件文书给出档号）",
                 "file a closed case (an archive no. for each of its letters)")
    _case_id(sp, "case")
    arg(sp, "--opinion", zh="归档意见", en="the filing opinion")
    for name, zh, en, json_flag in (("list", "归档文件目录", "the archive catalogue", True),
                                    ("export", "导出归档文件目录（.xlsx）", "export the catalogue (.xlsx)", False),
                                    ("print", "打印归档文件目录（PDF）", "print the catalogue (PDF)", False)):
        sp = command(ar, name, f"archive:cmd_{name}", zh, en, json_flag=json_flag)
        arg(sp, "--year", type=int, zh="年度", en="the year")
        arg(sp, "--retention", choices=RETENTIONS, zh="保管期限", en="the retention period")
        _module(sp)
        if name != "list":
            _output(sp, "输出文件", "the file to write")
    sp = command(ar, "export-records", "archive:cmd_export_records", "导出电子档案（文件与元数据）",
                 "export the electronic records (files and metadata)")
    _output(sp, "输出文件夹", "the output folder")
    arg(sp, "--year", type=int, zh="年度", en="the year")
    arg(sp, "--case", zh="只导出此案件的", en="only this case's")
    sp = command(ar, "retention", "archive:cmd_retention", "设定案件类型一种文书的保管期限（系统管理员）",
                 "set the retention period of one kind of letter of a case type (system administrator)")
    arg(sp, "type", zh="案件类型代码", en="the case type's code")
    arg(sp, "kind", zh="文书种类（模板代码）", en="the kind of letter (its template code)")
    arg(sp, "period", zh="保管期限：永久、30年或10年", en="the retention period: 永久, 30年 or 10年")
    arg(sp, "--basis", required=True, zh="依据", en="what it rests on")
