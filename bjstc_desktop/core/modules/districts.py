"""12 区县指导: district requests answered by 批复, district evaluations."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

MODULE = Module(
    number=12, code="districts", name="区县指导", name_en="Guidance to districts",
    case_types=(
        CaseType(
            code="district_request", name="区请示", short="区请",
            fields=(
                F("from_district", "来文单位", K.DISTRICT, required=True),
                F("incoming_doc_no", "来文文号", K.DOC_NO),
                F("received_on", "来文日期", K.DATE),
                F("matter", "事项", K.LONG_TEXT),
                F("reply_doc_no", "批复文号", K.DOC_NO),
            ),
            states=("收文", "拟办", "会签", "审核", "批复", "归档"),
            transitions=path(
                "收文",
                ("draft", "拟办", "拟办"),
                ("countersign", "会签", "会签"),
                ("submit", "提交审核", "审核"),
                ("reply", "批复", "批复"),
                ("archive", "归档", "归档"),
            ),
            letters=("reply_approval",),
        ),
    ),
)
