"""13 交办督办: tasks assigned by municipal leaders, deputies' proposals, 12345 orders."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    ClockOp,
    FieldDef,
    FieldKind,
    Module,
    RuleDef,
)
from bjstc_desktop.core.shapes import APPROVER, STOP, T, handling

F, K = FieldDef, FieldKind
_DECISION = {"roles": APPROVER, "opinion_required": True}
_PROPOSAL = "北京市人民政府令第263号 北京市人民政府办理人大代表建议和政协提案办法"
_HOTLINE = "北京市接诉即办工作条例；12345市民服务热线工作规范"
_LEAD = (("lead_or_joint", ("主办", "")),)
_JOINT = (("lead_or_joint", ("会办",)),)

_TASK_SHAPE = handling(
    "签收",
    ("draft", "拟办", "拟办"),
    ("handle", "承办", "承办"),
    ("submit", "提交审核", "审核"),
    ("report_done", "报送办结报告", "办结报告", {**_DECISION, "required_fields": ("completion_report",),
                                             "letters": ("letter",)}),
    ("close", "办结", "办结"),
    review="审核", revise_to="承办", misassigned=("return_misassigned", "退回改办", "退回改办", {"letters": ("letter",)}),
).plus(
    T("report_progress", "报送进展", "承办", "承办", opinion_required=True, required_fields=("progress",)),
    T("request_extension", "申请延期", "承办", "延期申请", opinion_required=True),
    T("approve_extension", "同意延期", "延期申请", "承办", **_DECISION, required_fields=("extensions",)),
    T("deny_extension", "不同意延期", "延期申请", "承办", **_DECISION),
)

_PROPOSAL_SHAPE = handling(
    "签收",
    ("draft", "拟办", "拟办", {"clock": "misassignment", "clock_effect": STOP}),
    ("handle", "承办", "承办"),
    ("submit", "审核签发", "审核签发", {"when": _LEAD}),
    ("reply", "答复", "答复", {**_DECISION, "required_fields": ("result_class", "reply_doc_no"),
                           "letters": ("reply_letter",), "clock": "reply", "clock_effect": STOP}),
    ("follow_up", "满意度回访", "回访", {"required_fields": ("satisfaction",)}),
    ("close", "办结", "办结"),
    review="审核签发", revise_to="承办",
    misassigned=("return_misassigned", "申请退回改办", "退回改办", {"letters": ("letter",), "clock": "misassignment",
                                                             "clock_effect": STOP}),
    extend_at="承办", extend_clock="reply",
).plus(
    T("send_joint_opinion", "向主办单位报送会办意见", "承办", "会办意见已送", opinion_required=True, when=_JOINT,
      letters=("letter",), clock="joint_opinion", clock_effect=STOP),
    T("close", "办结", "会办意见已送", "办结"),
    T("redo", "重办", "回访", "承办", opinion_required=True, when=(("satisfaction", ("不满意",)),)),
)

_HOTLINE_CLOCKS = (
    ClockDef("response_emergency", "紧急诉求反馈时限", rule="hotline_order.emergency_hours", unit="hour",
             starts_at_receipt=True, when=(("urgency", ("紧急",)),)),
    ClockDef("response_urgent", "急难诉求反馈时限", rule="hotline_order.urgent_hours", unit="hour",
             starts_at_receipt=True, when=(("urgency", ("急难",)),)),
    ClockDef("handling_general", "一般诉求办理时限", rule="hotline_order.general_days", unit="day",
             starts_at_receipt=True, when=(("urgency", ("一般",)),)),
    ClockDef("handling_complex", "复杂诉求办理时限", rule="hotline_order.complex_days", unit="day",
             starts_at_receipt=True, when=(("urgency", ("复杂",)),)),
)
_STOP_HOTLINE = tuple(ClockOp(c.key, STOP) for c in _HOTLINE_CLOCKS)
_HOTLINE_SHAPE = handling(
    "派单",
    ("sign_in", "签收", "签收"),
    ("handle", "办理", "办理"),
    ("feedback", "反馈", "反馈", {"required_fields": ("reply_content", "resolved"), "clock_ops": _STOP_HOTLINE}),
    ("follow_up", "回访", "回访", {"required_fields": ("satisfaction",)}),
    ("close", "办结", "办结"),
    review="反馈", revise_to="办理",
    misassigned=("return_order", "退单", "退单", {"clock_ops": _STOP_HOTLINE}),
).plus(
    T("return_order", "退单", "签收", "退单", opinion_required=True, clock_ops=_STOP_HOTLINE),
    T("redo", "重办", "回访", "办理", opinion_required=True, when=(("satisfaction", ("不满意",)),)),
)

MODULE = Module(
    number=13, code="assignments", name="交办督办", name_en="Assigned tasks",
    case_types=(
        CaseType(
            code="assigned_task", name="市领导批示/市政府交办件", short="交办",
            fields=(
                F("source", "来源", K.ENUM, required=True, choices=("市领导批示", "市政府交办件", "督查督办件", "会议议定事项")),
                F("incoming_no", "来文编号", required=True),
                F("assigned_on", "交办日期", K.DATE),
                F("due_on", "办结时限", K.DATE),
                F("instruction", "批示/交办内容", K.LONG_TEXT),
                F("lead_or_joint", "主办/会办", K.ENUM, choices=("主办", "会办")),
                F("lead_office", "主办处室"),
                F("joint_offices", "会办处室"),
                F("leader", "分管领导"),
                F("progress", "进展", K.ROWS, columns=(
                    F("reported_on", "报送日期", K.DATE), F("content", "进展情况"), F("percent", "完成比例", K.INTEGER, unit="%"))),
                F("extensions", "延期", K.ROWS, columns=(
                    F("requested_on", "申请日期", K.DATE), F("new_due", "延至", K.DATE), F("reason", "理由"),
                    F("approved", "已批准", K.BOOL))),
                F("completion_report", "办结报告", K.LONG_TEXT),
            ),
            **_TASK_SHAPE.spec,
            due_field="due_on",
            rules=(RuleDef("assigned_task.reminder_days", "办结时限前提醒天数", "3", "day", "本机构督办工作要求（可配置）"),),
            checks=(CheckDef("due_reminder", "办结时限提醒", "expiry_reminder",
                             params=(("field", "due_on"), ("days_rule", "assigned_task.reminder_days"))),),
        ),
        CaseType(
            code="proposal_reply", name="人大代表建议/政协提案", short="建议",
            fields=(
                F("source", "来源", K.ENUM, required=True, choices=("人大代表建议", "政协提案")),
                F("incoming_no", "来文编号", required=True),
                F("assigned_on", "交办日期", K.DATE),
                F("lead_or_joint", "主办/会办", K.ENUM, choices=("主办", "会办")),
                F("proposer", "代表/委员"),
                F("session", "届次"),
                F("joint_units", "会办单位"),
                F("communication", "沟通记录", K.ROWS, columns=(
                    F("on", "日期", K.DATE), F("way", "方式", K.ENUM, choices=("当面", "电话", "书面")), F("content", "内容"))),
                F("result_class", "办理结果", K.ENUM, choices=("A", "B", "C", "D"),
                  help="A 已解决或基本解决；B 正在解决或列入计划；C 因条件限制留作参考；D 留作参考"),
                F("reply_doc_no", "答复文号", K.DOC_NO),
                F("reply_date", "答复日期", K.DATE),
                F("satisfaction", "满意度", K.ENUM, choices=("满意", "基本满意", "不满意")),
            ),
            **_PROPOSAL_SHAPE.spec,
            clocks=(
                ClockDef("reply", "答复时限", rule="proposal_reply.reply_months", unit="month", starts_at_receipt=True,
                         extend_by="proposal_reply.extension_months", when=_LEAD),
                ClockDef("joint_opinion", "会办意见时限", rule="proposal_reply.joint_opinion_months", unit="month",
                         starts_at_receipt=True, when=_JOINT),
                ClockDef("misassignment", "退回改办时限", rule="proposal_reply.misassignment_days", unit="day",
                         starts_at_receipt=True),
            ),
            rules=(
                RuleDef("proposal_reply.reply_months", "建议提案答复时限", "3", "month", _PROPOSAL + "：自交办之日起3个月内答复"),
                RuleDef("proposal_reply.extension_months", "复杂事项延长答复期限", "1", "month", _PROPOSAL + "：经同意可延期1个月"),
                RuleDef("proposal_reply.joint_opinion_months", "会办单位报送意见时限", "1", "month", _PROPOSAL + "：会办单位1个月内将意见送主办单位"),
                RuleDef("proposal_reply.misassignment_days", "申请退回改办时限", "10", "day", _PROPOSAL + "：交办不当的10日内提出"),
            ),
            letters=("reply_letter",),
        ),
        CaseType(
            code="hotline_order", name="12345 工单", short="工单",
            fields=(
                F("order_no", "工单编号", required=True),
                F("urgency", "紧急程度", K.ENUM, required=True, choices=("紧急", "急难", "一般", "复杂")),
                F("appeal_kind", "诉求类型", K.ENUM, choices=("咨询", "求助", "投诉", "举报", "建议")),
                F("appellant", "诉求人"),
                F("contact", "联系方式"),
                F("content", "诉求内容", K.LONG_TEXT),
                F("district", "所属区", K.DISTRICT),
                F("responded", "已响应", K.BOOL),
                F("reply_content", "办理结果", K.LONG_TEXT),
                F("resolved", "解决情况", K.ENUM, choices=("已解决", "部分解决", "未解决")),
                F("satisfaction", "满意度", K.ENUM, choices=("满意", "基本满意", "不满意")),
            ),
            **_HOTLINE_SHAPE.spec,
            clocks=_HOTLINE_CLOCKS,
            rules=(
                RuleDef("hotline_order.emergency_hours", "紧急诉求反馈时限", "2", "hour", _HOTLINE),
                RuleDef("hotline_order.urgent_hours", "急难诉求反馈时限", "24", "hour", _HOTLINE),
                RuleDef("hotline_order.general_days", "一般诉求办理时限", "7", "day", _HOTLINE),
                RuleDef("hotline_order.complex_days", "复杂诉求办理时限", "15", "day", _HOTLINE),
            ),
        ),
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"市领导批示/市政府交办件": "Instruction of a city leader or task assigned by the municipal government",
              "人大代表建议/政协提案": "People's Congress deputy's suggestion or CPPCC proposal",
              "12345 工单": "12345 hotline order"},
    "states": {"签收": "Signed for", "承办": "In hand", "办结报告": "Completion report", "退回改办": "Returned as misassigned",
               "延期申请": "Extension requested", "审核签发": "Review and sign-off", "答复": "Replied",
               "回访": "Follow-up", "会办意见已送": "Co-handling opinion sent", "派单": "Dispatched",
               "办理": "Handling", "反馈": "Feedback given", "退单": "Order returned"},
    "actions": {"承办": "Take in hand", "报送办结报告": "Submit completion report",
                "退回改办": "Return as misassigned", "报送进展": "Report progress", "申请延期": "Request extension",
                "同意延期": "Approve extension", "不同意延期": "Refuse extension", "审核签发": "Review and sign off",
                "答复": "Reply", "满意度回访": "Satisfaction follow-up",
                "申请退回改办": "Ask to return as misassigned",
                "向主办单位报送会办意见": "Send co-handling opinion to the lead unit", "重办": "Handle again",
                "签收": "Sign for", "办理": "Handle", "反馈": "Give feedback", "回访": "Follow up",
                "退单": "Return the order"},
    "fields": {"来源": "Source", "来文编号": "Incoming number", "交办日期": "Date assigned",
               "办结时限": "Completion deadline", "批示/交办内容": "Instruction or task", "主办/会办": "Lead or co-handling",
               "主办处室": "Lead division", "会办处室": "Co-handling divisions", "分管领导": "Leader in charge",
               "进展情况": "Progress", "完成比例": "Share complete", "延至": "Extended to", "理由": "Reason",
               "已批准": "Approved", "办结报告": "Completion report", "代表/委员": "Deputy or member",
               "届次": "Session", "会办单位": "Co-handling units", "沟通记录": "Contacts", "方式": "By",
               "办理结果": "Outcome", "答复文号": "Reply number", "答复日期": "Reply date",
               "满意度": "Satisfaction", "工单编号": "Order number", "紧急程度": "Urgency",
               "诉求类型": "Request type", "诉求人": "Requester", "联系方式": "Contact details",
               "诉求内容": "Request", "所属区": "District", "已响应": "Responded", "解决情况": "Resolution"},
    "choices": {"市领导批示": "City leader's instruction", "市政府交办件": "Task assigned by the municipal government",
                "督查督办件": "Supervision item", "会议议定事项": "Meeting decision", "主办": "Lead",
                "会办": "Co-handling", "人大代表建议": "Deputy's suggestion", "政协提案": "CPPCC proposal",
                "当面": "In person", "电话": "Telephone", "书面": "In writing", "A": "A", "B": "B", "C": "C",
                "D": "D", "满意": "Satisfied", "基本满意": "Mostly satisfied", "不满意": "Dissatisfied",
                "紧急": "Emergency", "急难": "Urgent", "一般": "General", "复杂": "Complex", "咨询": "Enquiry",
                "求助": "Request for help", "投诉": "Complaint", "举报": "Report", "建议": "Suggestion",
                "已解决": "Resolved", "部分解决": "Partly resolved", "未解决": "Unresolved"},
    "checks": {"办结时限提醒": "Completion deadline reminder"},
    "rules": {"办结时限前提醒天数": "Days of warning before the completion deadline",
              "建议提案答复时限": "Reply deadline for suggestions and proposals",
              "复杂事项延长答复期限": "Extended reply deadline for complex matters",
              "会办单位报送意见时限": "Deadline for co-handling opinions",
              "申请退回改办时限": "Deadline to ask for return as misassigned",
              "紧急诉求反馈时限": "Feedback deadline, emergency requests",
              "急难诉求反馈时限": "Feedback deadline, urgent requests",
              "一般诉求办理时限": "Handling deadline, general requests",
              "复杂诉求办理时限": "Handling deadline, complex requests"},
    "help": {"A 已解决或基本解决；B 正在解决或列入计划；C 因条件限制留作参考；D 留作参考":
             "A resolved or mostly resolved; B being resolved or planned; C kept for reference owing to constraints; "
             "D kept for reference"},
    "clocks": {"答复时限": "Reply deadline", "会办意见时限": "Co-handling opinion deadline",
               "退回改办时限": "Return-as-misassigned deadline",
               "紧急诉求反馈时限": "Feedback deadline, emergency requests",
               "急难诉求反馈时限": "Feedback deadline, urgent requests",
               "一般诉求办理时限": "Handling deadline, general requests",
               "复杂诉求办理时限": "Handling deadline, complex requests"},
}
