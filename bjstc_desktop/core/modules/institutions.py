"""6 科研机构与体制改革: new-type R&D institutions, qualifications, restructuring."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

MODULE = Module(
    number=6, code="institutions", name="科研机构与体制改革", name_en="R&D institutions and reform",
    case_types=(
        CaseType(
            code="new_rd_institution", name="新型研发机构", short="新研",
            fields=(
                F("institution", "机构", K.PARTY, required=True, party_role="申请机构"),
                F("institution_uscc", "统一社会信用代码", K.USCC, required=True, help="事业单位以12开头，民办非企业单位以52开头"),
                F("sponsor", "举办单位"),
                F("staff", "人员数", K.INTEGER, unit="人"),
                F("rd_staff", "研发人员数", K.INTEGER, unit="人"),
            ),
            states=("申请", "形式审查", "专家评审", "公示", "认定", "年报", "绩效评价", "稳定支持", "撤销"),
            transitions=path(
                "申请",
                ("examine", "形式审查", "形式审查"),
                ("expert_review", "专家评审", "专家评审"),
                ("publicize", "公示", "公示"),
                ("recognize", "认定", "认定"),
                ("annual_report", "年报", "年报"),
                ("evaluate", "绩效评价", "绩效评价"),
                ("support", "稳定支持", "稳定支持"),
            ),
        ),
    ),
)
