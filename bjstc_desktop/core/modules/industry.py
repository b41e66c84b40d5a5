"""4 成果转化与高新技术产业: HNTE recognition, enterprise R&D centres, agricultural pilots."""

from bjstc_desktop.core.casetypes import CaseType, ClockDef, FieldDef, FieldKind, Module, RuleDef
from bjstc_desktop.core.shapes import licensing

F, K = FieldDef, FieldKind
_STATES, _TRANSITIONS = licensing(clock="review", decide_label="认定", refuse_label="不予认定")

MODULE = Module(
    number=4, code="industry", name="成果转化与高新技术产业", name_en="Commercialisation and high-tech industry",
    case_types=(
        CaseType(
            code="hnte", name="高新技术企业认定", short="高企",
            fields=(
                F("enterprise", "企业", K.PARTY, required=True, party_role="申请企业"),
                F("enterprise_uscc", "统一社会信用代码", K.USCC, required=True),
                F("tech_field", "技术领域", K.ENUM, choices=(
                    "电子信息", "生物与新医药", "航空航天", "新材料", "高技术服务",
                    "新能源与节能", "资源与环境", "先进制造与自动化")),
                F("batch", "批次"),
                F("sales_revenue", "近一年销售收入", K.MONEY, unit="万元"),
                F("rd_expense", "近三年研发费用", K.MONEY, unit="万元"),
                F("certificate_no", "证书编号", K.HNTE_CERT),
            ),
            states=_STATES,
            transitions=_TRANSITIONS,
            clocks=(ClockDef("review", "评审时限", rule="hnte.review_workdays"),),
            rules=(
                RuleDef("hnte.acceptance_workdays", "高企认定受理时限", "5", "workday", "北京市高新技术企业认定办事指南"),
                RuleDef("hnte.review_workdays", "高企认定评审时限", "45", "workday", "北京市高新技术企业认定办事指南"),
                RuleDef("hnte.publicity_workdays", "高企认定公示期", "10", "workday", "国科发火〔2016〕32号 认定管理办法"),
            ),
        ),
    ),
)
