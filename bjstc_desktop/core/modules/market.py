"""7 技术市场、奖励、保密与科普: technology contracts, awards, secrecy, popularisation."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    ClockDef,
    ClockEffect,
    FieldDef,
    FieldKind,
    Module,
    RuleDef,
    Transition,
)

F, K, T = FieldDef, FieldKind, Transition

MODULE = Module(
    number=7, code="market", name="技术市场、奖励、保密与科普", name_en="Technology market, awards, secrecy and popularisation",
    case_types=(
        CaseType(
            code="tech_contract", name="技术合同认定登记", short="技合",
            fields=(
                F("contract_no", "登记编号", K.CONTRACT_NO),
                F("contract_type", "合同类型", K.ENUM, required=True, choices=("技术开发", "技术转让", "技术许可", "技术咨询", "技术服务")),
                F("seller", "卖方", K.PARTY, required=True, party_role="卖方"),
                F("seller_uscc", "卖方统一社会信用代码", K.USCC, required=True),
                F("buyer", "买方", K.PARTY, party_role="买方"),
                F("buyer_uscc", "买方统一社会信用代码", K.USCC),
                F("buyer_district", "买方行政区划", K.DISTRICT),
                F("contract_amount", "成交额", K.MONEY, required=True, unit="元"),
                F("tech_amount", "技术交易额", K.MONEY, required=True, unit="元"),
                F("signed_on", "签订日期", K.DATE),
            ),
            states=("受理", "审核认定", "延期", "予以登记", "不予登记", "归档"),
            transitions=(
                T("review", "审核认定", ("受理",), "审核认定", clock="decision", clock_effect=ClockEffect.START),
                T("extend", "延期", ("审核认定",), "延期", roles=("approver",), opinion_required=True,
                  clock="decision", clock_effect=ClockEffect.EXTEND),
                T("register", "予以登记", ("审核认定", "延期"), "予以登记", required_fields=("contract_no",),
                  clock="decision", clock_effect=ClockEffect.STOP, letters=("tech_contract_certificate",)),
                T("refuse", "不予登记", ("审核认定", "延期"), "不予登记", opinion_required=True,
                  clock="decision", clock_effect=ClockEffect.STOP),
                T("archive", "归档", ("予以登记", "不予登记"), "归档"),
            ),
            clocks=(ClockDef("decision", "认定登记时限", rule="tech_contract.decision_days", unit="day"),),
            rules=(
                RuleDef("tech_contract.decision_days", "技术合同认定登记时限", "7", "day", "北京市技术合同认定登记管理办法 第15条"),
                RuleDef("tech_contract.max_days", "技术合同认定登记延长后时限", "30", "day", "北京市技术合同认定登记管理办法 第15条"),
            ),
        ),
    ),
)
