"""Why a package is refused: one code per cause, each with a plain Chinese and English
message that names the cause and the remedy (docs/sync-format.md §Refusals). Every
refusal is exit 4 on the command line and changes nothing."""

from __future__ import annotations

from bjstc_desktop.core.errors import IntegrityError

REASONS: dict[str, tuple[str, str]] = {
    "not_a_package": (
        "这不是同步包文件。请确认选择了正确的文件。",
        "This is not a sync package. Check that you chose the right file."),
    "too_large": (
        "同步包超过允许的最大长度，已拒绝。",
        "The package is larger than the format allows; refused."),
    "format_unsupported": (
        "同步包格式版本过新或未知，请先升级本程序。",
        "The package uses a newer or unknown format version; upgrade this program first."),
    "format_too_old": (
        "同步包是旧版本程序写的（格式过旧），本程序不再读取。请对方升级程序后重新导出。",
        "The package was written in an older format this program no longer reads; ask the sender to upgrade and export again."),
    "suite_unsupported": (
        "同步包使用的密码套件本工作站不支持。",
        "The package uses a cipher suite this workstation does not support."),
    "suite_not_offered": (
        "同步包使用的密码套件不在本工作站身份卡提供的套件之内，已拒绝",
        "The package uses a crypto suite this workstation's identity card does not offer; refused"),
    "suite_downgrade": (
        "同步包使用的密码套件不是按双方身份卡应选的套件（可能被降级），已拒绝。请对方按本工作站的身份卡重新导出。",
        "The package is not in the crypto suite both identity cards call for (possibly a downgrade); refused. "
        "Ask the sender to export again for this workstation's card."),
    "unknown_sender": (
        "发送方不是本工作站信任的对端。请由安全保密管理员核对指纹后添加信任。",
        "The sender is not a trusted peer. The security administrator must check its fingerprint and trust it."),
    "revoked_sender": (
        "发送方的信任已被撤销，拒绝导入。",
        "The sender's trust has been revoked; the package is refused."),
    "altered": (
        "签名不符：同步包已被改动，或复制不完整。请从原介质重新复制后再导入。",
        "The signature does not match: the package was altered or copied incompletely. Copy it again from the original medium."),
    "header_altered": (
        "同步包头部校验失败：包已被改动。",
        "The package header failed its check: the package was altered."),
    "chunk_altered": (
        "同步包内容校验失败：数据块被改动、重排、重复或缺失。",
        "The package content failed its check: a chunk was altered, reordered, duplicated or is missing."),
    "malformed": (
        "同步包内容格式错误，已拒绝。",
        "The package content is malformed; refused."),
    "oversize": (
        "同步包中的内容超出允许的大小，已拒绝。",
        "Something inside the package exceeds the allowed size; refused."),
    "wrong_recipient": (
        "此同步包不是发给本工作站的。",
        "This package is not addressed to this workstation."),
    "misattributed": (
        "同步包内外的发送方或收件方不一致，可能被他人转签，已拒绝。",
        "The package's inner and outer sender or recipients disagree (possibly re-signed by someone else); refused."),
    "unknown_author": (
        "同步包中有修订的作者是本工作站不认识的节点（可能经其他工作站转来），已拒绝。请由安全保密管理员核对该节点的身份卡和指纹并添加信任后再导入。",
        "A revision in the package was written by a node this workstation does not know (it may have come through another office); refused. The security administrator must check that node's card and fingerprint and trust it, then import again."),
    "forged_author": (
        "同步包中有修订的作者签名与其声称的作者节点不符（冒充作者），已拒绝。",
        "A revision's author signature does not match the node it names (authorship was claimed falsely); refused."),
    "identity_changed": (
        "同步包试图改变案件的类型、业务模块或案号（这些建立后不能改变），已拒绝。",
        "A revision tries to change a case's type, duty module or case number, which never change; refused."),
    "above_ceiling": (
        "同步包含有高于本工作站最高密级的内容，已拒绝。",
        "The package holds content above this workstation's classification ceiling; refused."),
    "changed_while_reading": (
        "读取过程中文件发生了变化（介质被拔出或被改写），请重新复制后再导入。",
        "The file changed while it was read (medium removed or rewritten); copy it again."),
    "unreadable": (
        "无法读取同步包文件，请检查介质。",
        "The package file cannot be read; check the medium."),
}


class PackageRefused(IntegrityError):
    """A package refused for `reason` (a key of REASONS); `detail` is for the log and tests."""

    def __init__(self, reason: str, detail: str = "", zh_extra: str = "", en_extra: str = "") -> None:
        zh, en = REASONS[reason]
        super().__init__(zh + zh_extra, en + en_extra)
        self.reason = reason
        self.detail = detail
