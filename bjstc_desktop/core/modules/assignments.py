"""13 交办督办: tasks assigned by municipal leaders, deputies' proposals, 12345 orders."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

MODULE = Module(
    number=13, code="assignments", name="交办督办", name_en="Assigned tasks",
    case_types=(
        CaseType(
            code="proposal_reply", name="人大代表建议/政协提案", short="建议",
            fields=(
                F("source", "来源", K.ENUM, required=True, choices=("人大代表建议", "政协提案")),
                F("incoming_no", "来文编号", required=True),
                F("assigned_on", "交办日期", K.DATE),
                F("lead_or_joint", "主办/会办", K.ENUM, choices=("主办", "会办")),
                F("result_class", "办理结果", K.ENUM, choices=("A", "B", "C", "D")),
            ),
            states=("签收", "拟办", "承办", "审核签发", "答复", "回访", "办结"),
            transitions=path(
                "签收",
                ("draft", "拟办", "拟办"),
                ("handle", "承办", "承办"),
                ("submit", "审核签发", "审核签发"),
                ("reply", "答复", "答复"),
                ("follow_up", "满意度回访", "回访"),
                ("close", "办结", "办结"),
            ),
            letters=("reply_letter",),
        ),
    ),
)
