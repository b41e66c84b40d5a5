"""1 法规政策: drafting regulations, rules and normative documents; evaluation."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

_DRAFT_STATES = ("立项", "起草", "征求意见", "合法性审核", "集体审议", "签发", "公布", "备案", "实施评估", "修订", "废止")

MODULE = Module(
    number=1, code="policy", name="法规政策", name_en="Policy and regulations",
    case_types=(
        CaseType(
            code="regulation_draft", name="法规规章草案", short="法规",
            fields=(
                F("doc_category", "文件类别", K.ENUM, required=True, choices=("法规草案", "规章草案", "规范性文件", "工作文件")),
                F("lead_office", "牵头处室"),
                F("consultation_start", "征求意见开始", K.DATE),
                F("consultation_end", "征求意见截止", K.DATE),
                F("comments_received", "意见条数", K.INTEGER),
                F("comments_adopted", "采纳数", K.INTEGER),
                F("effective_date", "施行日期", K.DATE),
                F("valid_until", "有效期至", K.DATE),
                F("filing_no", "备案号"),
            ),
            states=_DRAFT_STATES,
            transitions=path(
                "立项",
                ("start_drafting", "开始起草", "起草"),
                ("consult", "征求意见", "征求意见"),
                ("legality_review", "合法性审核", "合法性审核"),
                ("deliberate", "提交集体审议", "集体审议"),
                ("sign", "签发", "签发"),
                ("publish", "公布", "公布"),
                ("file", "备案", "备案"),
                ("evaluate", "实施评估", "实施评估"),
            ),
            letters=("consultation_letter", "issuing_notice"),
        ),
    ),
)
