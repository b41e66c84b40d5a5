"""Templates as data: one for every letter a case type issues, merged from the case's
fields and parties; a missing fact is refused by name, never left blank."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from bjstc_desktop.core.casetypes import LETTER_TEMPLATES, CaseType, FieldDef, FieldKind
from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.letters.merge import CaseContext, MissingMergeFields, quote_depth
from bjstc_desktop.letters.spec import FORMATS
from bjstc_desktop.letters.templates import all_templates, issuer, template

DAY = dt.date(2026, 3, 5)


def _sample(f: FieldDef) -> Any:
    samples: dict[FieldKind, Any] = {
        FieldKind.MONEY: 150_000_000, FieldKind.DATE: "2026-03-05", FieldKind.INTEGER: 3, FieldKind.BOOL: True,
        FieldKind.RATIO: "0.2500", FieldKind.DISTRICT: "110108", FieldKind.PARTY: "北京喆堃科技有限公司",
        FieldKind.DOC_NO: "京科发〔2026〕3号",
    }
    if f.kind is FieldKind.ENUM:
        return f.choices[0]
    if f.kind is FieldKind.ROWS:
        return [{c.key: _sample(c) for c in f.columns}]
    return samples.get(f.kind, f"示例{f.label}")


def _context(ct: CaseType, opinions: tuple[tuple[str, str], ...] = (), **fields: Any) -> CaseContext:
    values = {f.key: _sample(f) for f in ct.fields if f.kind is not FieldKind.CHECKLIST}
    values.update(fields)
    return CaseContext("id-1", "技合〔2026〕1号", "智能网联汽车感知算法技术开发合同", ct, values,
                       parties=(("卖方", "北京喆堃科技有限公司"),), opinions=opinions, received_on=DAY,
                       accepted_on=DAY, due_on=dt.date(2026, 3, 12))


def _pairs() -> list[tuple[CaseType, str]]:
    return [(ct, code) for m in all_modules() for ct in m.case_types for code in ct.all_letters]


def test_there_is_a_template_for_every_known_letter_and_every_case_type_letter() -> None:
    codes = {t.code for t in all_templates()}
    assert set(LETTER_TEMPLATES) <= codes
    assert {code for _ct, code in _pairs()} <= codes
    for t in all_templates():
        assert t.format in FORMATS and t.daizi.startswith("京科")
        assert t.name == LETTER_TEMPLATES.get(t.code, t.name)


@pytest.mark.parametrize(("ct", "code"), _pairs(), ids=lambda x: x.code if isinstance(x, CaseType) else x)
def test_every_case_type_letter_merges_from_a_complete_case(ct: CaseType, code: str) -> None:
    """With every field filled and the issuing move's opinion recorded, the only facts a
    template may still lack are those the officer gives when issuing (value.*)."""
    issuing = tuple(t.action for t in ct.transitions if code in t.letters) or ("review",)
    ctx = _context(ct, tuple((a, "经审查，申请材料缺少第三方评估报告。") for a in issuing))
    try:
        spec = template(code).merge(ctx, issuer(), DAY, "京科发〔2026〕1号", issuing_actions=issuing,
                                    documents={"草案": "第一条 为了规范管理，制定本办法。"})
    except MissingMergeFields as exc:
        keys = [re.fullmatch(r"[^（]+（(\w+)）", m) for m in exc.missing]
        assert all(k and k.group(1) not in ("opinion", "recipient") for k in keys), exc.missing  # only value.KEY
        return
    text = spec.title + spec.addressee + "".join(p.text for p in spec.body)
    assert "{" not in text and "}" not in text
    assert spec.body and spec.title
    assert not re.search("[。；，、！？：]{2}", text), text  # the opinion's own 。 before the template's


def test_a_value_typed_with_its_full_stop_does_not_double_the_templates() -> None:
    """Seen in a rendered 政府信息公开申请答复书: "申请获取的信息为：……经费使用情况。。"."""
    ct = next(t for m in all_modules() for t in m.case_types if t.code == "info_disclosure")
    spec = template("disclosure_reply").merge(
        _context(ct, requested_info="先进封装领域科技项目经费使用情况。"), issuer(), DAY, "京科公开〔2026〕1号",
        values={"opinion": "你申请获取的政府信息属于公开范围，现予以提供。"})
    body = "".join(p.text for p in spec.body)
    assert "申请获取的信息为：先进封装领域科技项目经费使用情况。" in body
    assert "。。" not in body


def _titled(ct: CaseType, title: str) -> CaseContext:
    ctx = _context(ct)
    return CaseContext(ctx.case_id, ctx.case_no, title, ct, ctx.fields, parties=ctx.parties,
                       received_on=DAY, accepted_on=DAY, due_on=ctx.due_on)


def test_a_title_with_its_own_quotes_nests_them_inside_the_templates() -> None:
    """Seen in a rendered 补正材料通知书: “……“揭榜挂帅”项目……”: inside the template's
    double quotation marks the title's own become single ones (and single ones double), in
    the body and in the letter's title line."""
    title = "“揭榜挂帅”项目‘量子’子课题"
    nested = "“‘揭榜挂帅’项目“量子”子课题”"
    contract = next(t for m in all_modules() for t in m.case_types if t.code == "tech_contract")
    spec = template("supplement_notice").merge(_titled(contract, title), issuer(), DAY, "京科许〔2026〕1号",
                                               values={"opinion": "请补充合同原件。", "deadline": "2026年3月20日"})
    body = "".join(p.text for p in spec.body)
    assert nested in body and "““" not in body
    project = next(ct for ct, code in _pairs() if code == "project_approval_notice")
    spec = template("project_approval_notice").merge(_titled(project, title), issuer(), DAY, "京科发〔2026〕1号")
    assert nested in spec.title and "““" not in spec.title
    assert quote_depth("你单位“") == 1 and quote_depth("“‘") == 2 and quote_depth("“甲”") == 0


def test_a_missing_fact_is_refused_by_name() -> None:
    ct = next(t for m in all_modules() for t in m.case_types if t.code == "tech_contract")
    with pytest.raises(MissingMergeFields) as info:
        template("supplement_notice").merge(_context(ct), issuer(), DAY, "京科许〔2026〕1号",
                                            issuing_actions=("request_supplement",))
    assert info.value.missing == ["办理意见（opinion）"]
    assert "缺少 办理意见（opinion）" in info.value.zh and "opinion" in info.value.en
    with pytest.raises(MissingMergeFields) as info:
        template("tech_contract_certificate").merge(_context(ct, contract_no=None, registered_on=None),
                                                    issuer(), DAY, "京科登〔2026〕1号")
    assert info.value.missing == ["登记编号（field.contract_no）", "登记日期（field.registered_on）"]


def test_a_value_given_when_issuing_fills_or_overrides_a_reference() -> None:
    ct = next(t for m in all_modules() for t in m.case_types if t.code == "tech_contract")
    spec = template("supplement_notice").merge(
        _context(ct), issuer(), DAY, "京科许〔2026〕1号", values={"opinion": "请补充合同原件。", "deadline": "2026年3月20日"})
    body = [p.text for p in spec.body]
    assert "请补充合同原件。" in body and any("2026年3月20日前" in t for t in body)


def test_money_and_dates_are_shown_as_officers_read_them() -> None:
    ct = next(t for m in all_modules() for t in m.case_types if t.code == "tech_contract")
    spec = template("tech_contract_certificate").merge(
        _context(ct, contract_amount=150_000_000, tech_amount=120_000_000), issuer(), DAY, "京科登〔2026〕1号")
    body = [p.text for p in spec.body]
    assert "成交额：1,500,000.00元" in body and "技术交易额：1,200,000.00元" in body
    assert "登记日期：2026年3月5日" in body  # no padding zeros
    assert spec.addressee == "北京喆堃科技有限公司：" and spec.format == "信函"


def test_decisions_tell_the_applicant_of_review_and_lawsuit() -> None:
    ct = next(t for m in all_modules() for t in m.case_types if t.code == "hnte")
    for code in ("approval_decision", "refusal_decision", "non_acceptance_notice"):
        spec = template(code).merge(_context(ct, opinions=(("refuse", "研发费用占比不符合要求。"),
                                                           ("refuse_acceptance", "不属于本机关职责。"))),
                                    issuer(), DAY, "京科许〔2026〕1号", issuing_actions=("refuse", "refuse_acceptance"))
        text = "".join(p.text for p in spec.body)
        assert "六十日内" in text and "行政复议" in text and "六个月内" in text and "行政诉讼" in text
    assert template("approval_decision").merge(_context(ct), issuer(), DAY, "x").title == "准予高新技术企业认定决定书"


@pytest.mark.parametrize(("grade", "words"), [("A", "已经解决"), ("B", "正在解决"), ("C", "以后解决"), ("D", "留作参考")])
def test_the_reply_letter_states_the_a_b_c_d_result(grade: str, words: str) -> None:
    ct = next(t for m in all_modules() for t in m.case_types if t.code == "proposal_reply")
    ctx = _context(ct, result_class=grade, source="政协提案", proposer="王喆", session="市政协十四届四次会议",
                   incoming_no="0456")
    spec = template("reply_letter").merge(ctx, issuer(), DAY, "京科函〔2026〕1号", values={"body": "已会同有关部门研究落实。"})
    text = "".join(p.text for p in spec.body)
    assert f"办理结果：{grade}类" in text and words in text
    assert spec.addressee == "尊敬的王喆委员：" and spec.title == "对市政协十四届四次会议第0456号提案的答复"


def test_a_classified_case_carries_its_secrecy_mark_and_copy_number() -> None:
    ct = next(t for m in all_modules() for t in m.case_types if t.code == "tech_contract")
    ctx = _context(ct)
    secret = CaseContext(**{**ctx.__dict__, "classification": 3, "secrecy_period": "10年"})
    spec = template("notice").merge(secret, issuer(), DAY, "京科发〔2026〕1号", values={"body": "正文。"})
    assert spec.secrecy == "机密★10年" and spec.copy_no == "000001"
    assert template("notice").merge(ctx, issuer(), DAY, "x", values={"body": "正文。"}).secrecy == ""
