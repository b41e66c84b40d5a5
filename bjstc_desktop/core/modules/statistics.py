"""11 科技信息、统计与期刊: statistical surveys and periodicals."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

MODULE = Module(
    number=11, code="statistics", name="科技信息、统计与期刊", name_en="Information, statistics and periodicals",
    case_types=(
        CaseType(
            code="periodical", name="科技期刊", short="期刊",
            fields=(
                F("cn_number", "CN 刊号", K.CN_NUMBER, required=True),
                F("issn", "ISSN", K.ISSN),
                F("sponsor", "主办单位", K.PARTY, party_role="主办单位"),
                F("frequency", "出版周期", K.ENUM, choices=("周刊", "半月刊", "月刊", "双月刊", "季刊", "半年刊", "年刊")),
                F("verification_year", "核验年度", K.INTEGER),
            ),
            states=("报送", "审核", "退回", "通过", "归档"),
            transitions=path(
                "报送",
                ("review", "审核", "审核"),
                ("pass", "核验通过", "通过"),
                ("archive", "归档", "归档"),
            ),
        ),
    ),
)
