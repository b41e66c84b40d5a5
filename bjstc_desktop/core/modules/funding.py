"""5 科技经费: budgets, disbursements, inspections and rectification."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

MODULE = Module(
    number=5, code="funding", name="科技经费", name_en="Funding",
    case_types=(
        CaseType(
            code="disbursement", name="经费拨付", short="拨付",
            fields=(
                F("project_no", "项目编号", required=True),
                F("approved_amount", "批复金额", K.MONEY, required=True, unit="万元"),
                F("batches", "拨付批次", K.ROWS, columns=(
                    F("date", "日期", K.DATE), F("amount", "金额", K.MONEY, unit="万元"), F("voucher", "凭证号"),
                )),
            ),
            states=("编制", "审核", "批复", "拨付中", "已拨付", "关闭"),
            transitions=path(
                "编制",
                ("submit", "提交审核", "审核"),
                ("approve", "批复", "批复"),
                ("disburse", "开始拨付", "拨付中"),
                ("complete", "拨付完成", "已拨付"),
                ("close", "关闭", "关闭"),
            ),
            letters=("disbursement_notice",),
        ),
    ),
)
