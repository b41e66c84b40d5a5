"""13 交办督办: tasks assigned by municipal leaders, deputies' proposals, 12345 orders,
requests for government information, petitions (信访)."""

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
from bjstc_desktop.core.shapes import (
    APPROVER,
    EXTEND,
    PAUSE,
    RESUME,
    START,
    STOP,
    T,
    chain,
    handling,
)

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

_DISCLOSURE = "中华人民共和国政府信息公开条例（2019年修订）"
_REPLY_TYPES = ("予以公开", "部分公开", "不予公开", "信息不存在", "非本机关负责公开", "不予处理", "已主动公开")
# 补正: the 20 working days run from the day the corrected request arrives (第三十三条), so
# the reply clock starts when the complete request is registered; third parties' time
# does not count (第三十二条、第三十三条).
_DISCLOSURE_SHAPE = chain(
    "收到申请",
    ("register", "登记（申请内容明确）", "办理中", {"clock": "reply", "clock_effect": START,
                                           "clock_ops": (ClockOp("correction_notice", STOP),)}),
    ("submit", "提交审核", "审核", {"opinion_required": True}),
    ("reply", "答复", "已答复", {**_DECISION, "required_fields": ("reply_type",), "letters": ("disclosure_reply",),
                              "clock": "reply", "clock_effect": STOP}),
    ("archive", "归档", "归档"),
).plus(
    T("request_correction", "通知补正", "收到申请", "补正中", opinion_required=True, letters=("supplement_notice",),
      clock="correction_notice", clock_effect=STOP),
    T("correction_received", "收到补正", "补正中", "收到申请"),
    T("correction_lapsed", "逾期未补正（视为放弃）", "补正中", "终止", opinion_required=True),
    T("consult_third_party", "征求第三方意见", "办理中", "征求第三方意见", opinion_required=True, letters=("letter",),
      clock="reply", clock_effect=PAUSE, clock_ops=(ClockOp("third_party", START),)),
    T("third_party_replied", "第三方意见已回复", "征求第三方意见", "办理中", clock="reply", clock_effect=RESUME,
      clock_ops=(ClockOp("third_party", STOP),)),
    T("extend", "延长答复期限", "办理中", "办理中", **_DECISION, clock="reply", clock_effect=EXTEND,
      letters=("extension_notice",)),
    T("return_for_revision", "退回修改", "审核", "办理中", **_DECISION),
    T("withdraw", "申请人撤回", ("收到申请", "补正中", "办理中"), "终止", opinion_required=True,
      clock="reply", clock_effect=STOP, clock_ops=(ClockOp("correction_notice", STOP),)),
    T("archive", "归档", "终止", "归档"),
)

_PETITION = "信访工作条例（2022年5月1日起施行）"
# 信访 periods count calendar days (日): 15 to decide on acceptance, 60 to handle (+30).
_PETITION_SHAPE = chain(
    "登记",
    ("accept", "受理", "办理中", {"letters": ("petition_acceptance",), "clock": "acceptance", "clock_effect": STOP,
                               "clock_ops": (ClockOp("handling", START),)}),
    ("submit", "提交审核", "审核", {"opinion_required": True}),
    ("issue_opinion", "出具处理意见", "已出具意见", {**_DECISION, "required_fields": ("handling_result",),
                                              "letters": ("petition_opinion",), "clock": "handling",
                                              "clock_effect": STOP}),
    ("close", "办结", "办结"),
    ("archive", "归档", "归档"),
).plus(
    T("refuse_acceptance", "不予受理（告知向有权机关提出）", "登记", "不予受理", opinion_required=True, letters=("notice",),
      clock="acceptance", clock_effect=STOP),
    T("transfer", "转送有权处理的机关", "登记", "已转送", opinion_required=True, letters=("letter",),
      clock="acceptance", clock_effect=STOP),
    T("extend", "延长办理期限", "办理中", "办理中", **_DECISION, clock="handling", clock_effect=EXTEND,
      letters=("extension_notice",)),
    T("return_for_revision", "退回修改", "审核", "办理中", **_DECISION),
    T("record_review_request", "信访人请求复查", "已出具意见", "复查中", opinion_required=True,
      required_fields=("review_requested_on",)),
    T("record_review_result", "录入复查意见", "复查中", "办结", required_fields=("review_result",)),
    T("archive", "归档", ("不予受理", "已转送"), "归档"),
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
        CaseType(
            code="info_disclosure", name="政府信息公开申请", short="依申请公开",
            fields=(
                F("applicant_name", "申请人", required=True),
                F("applicant_kind", "申请人类型", K.ENUM, choices=("公民", "法人或者其他组织")),
                F("applicant_id", "申请人身份证号", K.ID_NUMBER),
                F("contact", "联系方式"),
                F("requested_info", "申请公开的政府信息", K.LONG_TEXT, required=True),
                F("channel", "申请方式", K.ENUM, choices=("当面", "信函", "网上申请", "传真")),
                F("delivery", "获取信息方式", K.ENUM, choices=("纸质", "电子邮件", "光盘", "当场阅读")),
                F("third_party", "涉及第三方权益", K.BOOL),
                F("third_party_name", "第三方"),
                F("reply_type", "答复类型", K.ENUM, choices=_REPLY_TYPES),
                F("reply_doc_no", "答复文号", K.DOC_NO),
                F("replied_on", "答复日期", K.DATE),
            ),
            **_DISCLOSURE_SHAPE.spec,
            clocks=(
                ClockDef("correction_notice", "一次性告知补正时限", rule="info_disclosure.correction_workdays",
                         starts_at_receipt=True),
                ClockDef("reply", "答复时限", rule="info_disclosure.reply_workdays",
                         extend_by="info_disclosure.extension_workdays"),
                ClockDef("third_party", "第三方提出意见期限", rule="info_disclosure.third_party_workdays"),
            ),
            rules=(
                RuleDef("info_disclosure.correction_workdays", "申请内容不明确的一次性告知补正时限", "7", "workday",
                        _DISCLOSURE + " 第三十条：收到申请之日起7个工作日内"),
                RuleDef("info_disclosure.reply_workdays", "依申请公开答复时限", "20", "workday",
                        _DISCLOSURE + " 第三十三条：收到申请之日起20个工作日内"),
                RuleDef("info_disclosure.extension_workdays", "延长答复期限（最长）", "20", "workday",
                        _DISCLOSURE + " 第三十三条：经负责人同意可延长，最长不超过20个工作日"),
                RuleDef("info_disclosure.third_party_workdays", "第三方提出意见期限", "15", "workday",
                        _DISCLOSURE + " 第三十二条：第三方自收到征求意见书之日起15个工作日内提出意见；"
                                      "征求意见所需时间不计入答复期限"),
            ),
            checks=(
                CheckDef("third_party_consulted", "涉及第三方权益的先征求意见", "must_not", "warn",
                         params=(("condition", (("third_party", ("是",)), ("reply_type", ("予以公开", "部分公开")),
                                                ("third_party_name", ("",)))),
                                 ("zh", "涉及第三方权益却未写明已征求意见的第三方，请先征求其意见（第三十二条）。"),
                                 ("en", "The request touches a third party's rights: consult the third party first."))),
            ),
            letters=("disclosure_reply",),
        ),
        CaseType(
            code="petition", name="信访事项", short="信访",
            fields=(
                F("appellant", "信访人", required=True),
                F("appellant_count", "信访人数", K.INTEGER, unit="人"),
                F("form", "信访形式", K.ENUM, choices=("来信", "来访", "网上信访", "电话")),
                F("category", "事项类型", K.ENUM, choices=("投诉请求", "意见建议", "求决", "其他")),
                F("contact", "联系方式"),
                F("content", "信访内容", K.LONG_TEXT),
                F("district", "所涉区", K.DISTRICT),
                F("transferred_to", "转送机关"),
                F("handling_result", "处理结论", K.ENUM, choices=("支持", "部分支持", "不予支持", "解释说明")),
                F("replied_on", "书面答复日期", K.DATE),
                F("review_requested_on", "请求复查日期", K.DATE),
                F("review_result", "复查意见", K.ENUM, choices=("维持", "变更", "撤销重办")),
            ),
            **_PETITION_SHAPE.spec,
            clocks=(
                ClockDef("acceptance", "决定是否受理期限", rule="petition.acceptance_days", unit="day",
                         starts_at_receipt=True),
                ClockDef("handling", "办理期限", rule="petition.handling_days", unit="day",
                         extend_by="petition.extension_days"),
            ),
            rules=(
                RuleDef("petition.acceptance_days", "告知是否受理期限", "15", "day",
                        _PETITION + "：不能当场答复的，自收到信访事项之日起15日内书面告知"),
                RuleDef("petition.handling_days", "信访事项办理期限", "60", "day", _PETITION + "：自受理之日起60日内办结"),
                RuleDef("petition.extension_days", "延长办理期限（不超过）", "30", "day",
                        _PETITION + "：情况复杂的，经负责人批准可延长，延长期限不得超过30日"),
                RuleDef("petition.review_request_days", "请求复查期限", "30", "day",
                        _PETITION + "：自收到书面答复之日起30日内请求上一级机关复查"),
            ),
            checks=(
                CheckDef("review_in_time", "复查请求在收到答复后30日内", "max_days_since",
                         params=(("field", "replied_on"), ("reference", "review_requested_on"),
                                 ("days_rule", "petition.review_request_days"))),
            ),
            letters=("petition_acceptance", "petition_opinion"),
        ),
    ),
)
