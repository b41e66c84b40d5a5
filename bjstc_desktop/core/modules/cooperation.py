"""9 国际与港澳台合作: cooperation projects, restricted technology export review, visits."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

MODULE = Module(
    number=9, code="cooperation", name="国际与港澳台合作", name_en="International cooperation",
    case_types=(
        CaseType(
            code="tech_export_review", name="限制出口技术技术审查", short="出口",
            fields=(
                F("catalogue_code", "目录编号", K.EXPORT_CODE, required=True),
                F("exporter", "出口经营者", K.PARTY, required=True, party_role="出口经营者"),
                F("exporter_uscc", "出口经营者统一社会信用代码", K.USCC, required=True),
                F("recipient_country", "受让国家/地区"),
                F("contract_amount", "合同金额", K.MONEY, unit="元"),
                F("currency", "币种", K.ENUM, choices=("CNY", "USD", "EUR", "JPY", "HKD", "GBP")),
                F("involves_secret", "涉及国家秘密", K.BOOL),
            ),
            states=("收件", "技术审查", "专家评审", "审查意见", "办结"),
            transitions=path(
                "收件",
                ("review", "开始技术审查", "技术审查"),
                ("expert_review", "专家评审", "专家评审"),
                ("opinion", "出具技术审查意见", "审查意见"),
                ("close", "办结", "办结"),
            ),
        ),
    ),
)
