"""10 科技人才: academician nominations, talent programmes, foreigners' work permits."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

MODULE = Module(
    number=10, code="talent", name="科技人才", name_en="Talent",
    case_types=(
        CaseType(
            code="academician_nomination", name="院士候选人推荐", short="院士",
            fields=(
                F("academy", "院别", K.ENUM, required=True, choices=("中国科学院", "中国工程院")),
                F("division", "学部"),
                F("candidate_id", "候选人身份证号", K.ID_NUMBER, required=True),
                F("channel", "推荐渠道", K.ENUM, choices=("院士提名", "学术团体")),
                F("election_year", "增选年度", K.INTEGER),
                F("nominators", "提名院士", K.ROWS, columns=(F("name", "姓名"), F("division", "学部"))),
            ),
            states=("初选", "审核", "公示", "上报", "结果"),
            transitions=path(
                "初选",
                ("review", "审核", "审核"),
                ("publicize", "公示", "公示"),
                ("submit", "上报", "上报"),
                ("record_result", "录入结果", "结果"),
            ),
        ),
    ),
)
