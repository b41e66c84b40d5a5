"""Issue 14: letters a secretary signs without a second look. Each test measures the PDF
(pdfrules.check, pdfplumber) or the page model where the rule is about the layout."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re

import pikepdf
import pytest

from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.letters import compose as compose_module
from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.compose import compose
from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.merge import CaseContext
from bjstc_desktop.letters.pagemodel import Page
from bjstc_desktop.letters.render import render_pdf
from bjstc_desktop.letters.spec import Attachment, LetterSpec, Paragraph
from bjstc_desktop.letters.tables import column_widths
from bjstc_desktop.letters.templates import _template, issuer, template
from bjstc_desktop.letters.titles import title_lines
from bjstc_desktop.letters.typeset import Run, set_runs
from bjstc_desktop.letters.wording import officer_title
from bjstc_desktop.letters.words import boundaries
from tests.letters.conftest import TECH_CONTRACT, document_spec
from tests.letters.pdfmeasure import em_bottom_mm, em_top_mm, open_pdf, red_chars, text_lines
from tests.letters.pdfrules import check

DAY = dt.date(2026, 3, 5)
S = "为深入实施创新驱动发展战略，加快建设北京国际科技创新中心，根据有关规定，现就有关事项通知如下。"
PAGINATION = {"signature-alone", "hole", "orphan", "widow", "heading-at-foot", "lone-character", "line-pitch"}


def _short(k: int, fmt: str) -> LetterSpec:
    """A 印发通知 whose body of k paragraphs ends somewhere on page 1 or 2."""
    body = tuple(Paragraph((S * (1 + (j % 3)))[: 20 + (k * 7 + j * 13) % 90]) for j in range(k))
    return LetterSpec(format=fmt, issuer=("北京市科学技术委员会",), doc_no="京科发〔2026〕12号",
                      title="关于印发《北京市促进科技成果转化行动计划》的通知", body=body + (Paragraph("特此通知。"),),
                      signature="北京市科学技术委员会", date=DAY, addressee="各区科学技术和信息化局，各有关单位：",
                      attachment_notes=("北京市促进科技成果转化行动计划",), cc="市财政局",
                      printer="北京市科学技术委员会办公室" if fmt == "文件" else "")


def _rules(spec: LetterSpec, fonts: FontSet, only: set[str] | None = None) -> list[str]:
    found = check(render_pdf(spec, fonts, pdfa=False).pdf, spec)
    return [f"{v.rule} p{v.page}: {v.detail}" for v in found if only is None or v.rule in only]


# 1 and 4: pagination -------------------------------------------------------------------------

@pytest.mark.parametrize(("k", "fmt"), [(1, "文件"), (2, "文件"), (4, "信函"), (9, "文件"), (10, "文件"), (11, "文件"),
                                        (6, "信函"), (12, "信函")])
def test_the_signature_takes_two_body_lines_along_and_no_page_is_left_with_a_hole(
        k: int, fmt: str, fonts: FontSet) -> None:
    """The date, the 署名 and two body lines share a page; no page whose text goes on
    ends with more than two empty lines; no widow, orphan or lone last character."""
    assert _rules(_short(k, fmt), fonts, PAGINATION) == []


def test_spacing_is_adjusted_before_lines_move(fonts: FontSet) -> None:
    """Where the signature would not fit, the page's 行距 (and a paragraph's 字距) give
    way, within the limits, instead of moving lines (7.3.5.5)."""
    pages = compose(_short(2, "文件"), fonts)
    signed = next(p for p in pages if any(getattr(op, "line", None) and op.line.text == "2026年3月5日" for op in p.ops))
    assert signed is pages[0] and signed.adjusted  # all on page one, by adjusting
    assert L.MIN_PITCH_RATIO * L.LINE_PITCH_MM - 1e-6 <= signed.pitch_mm < L.LINE_PITCH_MM


def test_a_tighter_page_never_brings_the_lines_of_a_title_together(fonts: FontSet) -> None:
    """An issuing notice that would fit on one page only with its 2号 title's lines set
    into each other (the tightest 行距 of a 3号 page is 20 pt, a 2号 character 22 pt
    tall): the title keeps room between its lines, and the letter keeps every rule."""
    name = "第253号项目生物医药，北京瑄镕智能网联汽车科技有限公司中关村分公司，支持平台生物医药《高新技术企业推进》科学技"
    spec = document_spec(title=f"关于印发《{name}》的通知", copy_no="", secrecy="", urgency="", note="", cc="",
                         addressee="北京中关村量子信息科学研究院有限责任公司：", attachments=(), attachment_notes=(name,),
                         body=(Paragraph(f"现将《{name}》印发给你们，请结合实际认真贯彻执行。"),))
    assert compose(spec, fonts)[0].adjusted  # a page whose spacing had to give way: the case in point
    assert _rules(spec, fonts) == []


# Two notices of the stress series: a three-line title, a two-line paragraph and 特此通知,
# two 附件说明 and the signature. Page two could only hold the signature with fewer than
# two body lines, or leave page one with a hole: all must stay on page one, at a pitch its
# header leaves room for (its flow starts off the grid) and the two-line paragraph may be
# set one line shorter though the signature counts on it.
SHORT_NOTICES = (
    dict(title="关于北京科技实施细则孵化器“有限公司创新”绿色智能网联汽车中关村认定登记量子信息，攻关海淀区，数据的通知",
         body=(Paragraph("建设，集成电路；科学技术奖项目。加快（试行）中关村北京瑄镕智能网联汽车科技有限公司中关村分公司。"),
               Paragraph("特此通知。")),
         attachment_notes=("科学技术奖朝阳区算力生物医药首都推进（试行）技术合同生物医药国际科技创新中心《示",
                           "创新孵化器新型研发机构国际科技创新中心北京喆堃科技有限公司认定登记关键核心技术")),
    dict(title="关于智能网联汽车北京喆堃科技有限公司孵化器认定登记专项资金经济技术开发区海淀区的通知",
         body=(Paragraph("项目“技术合同延庆区”服务生物医药清华大学5G建设建设。"), Paragraph("特此通知。")),
         attachment_notes=("认定登记场景加快服务", "推进：生物医药"),
         issuer=("北京市科学技术委员会", "中关村科技园区管理委员会"),
         signature="北京市科学技术委员会、中关村科技园区管理委员会"),
)


@pytest.mark.parametrize("changes", SHORT_NOTICES)
def test_a_short_notice_with_attachment_notes_stays_on_its_first_page(changes: dict[str, object],
                                                                      fonts: FontSet) -> None:
    spec = document_spec(addressee="清华大学：", copy_no="", secrecy="", urgency="", note="", cc="", attachments=(),
                         **changes)
    pages = compose(spec, fonts)
    assert pages[0].adjusted and L.MIN_PITCH_RATIO * L.LINE_PITCH_MM - 1e-6 <= pages[0].pitch_mm
    assert _rules(spec, fonts) == []
    assert render_pdf(spec, fonts, pdfa=False).pages == 2  # page one, and the 版记 on the even page


def test_the_attachment_notes_count_as_text_the_signature_keeps(fonts: FontSet) -> None:
    """Stress letter 2037: a joint 印发通知 with 签发人, a three-line title, one
    three-line paragraph and a two-line 附件说明. Page one has no room for all of it even
    at the tightest 行距, and on two pages the signature could take two body lines only by
    splitting the three-line paragraph or leaving a hole. The seal stands "上距正文（或
    附件说明）一行之内" (GB/T 9704-2012 7.3.5.1), so the 附件说明's two lines are the text
    the signature keeps: the body stays whole on page one, and page two opens with the
    附件说明 above the signature."""
    name = "工作方案经济技术开发区，推进高新技术企业（试行）支持数据攻关，科学技术奖"
    organs = ("北京市科学技术委员会", "中关村科技园区管理委员会")
    spec = document_spec(title=f"关于印发《{name}》的通知", copy_no="", secrecy="", urgency="", note="", cc="",
                         addressee="北京喆堃科技有限公司：", signers=("张珺", "李堃"), attachment_notes=(name,),
                         issuer=organs, signatures=organs, signature="、".join(organs), attachments=(),
                         body=(Paragraph(f"现将《{name}》印发给你们，请结合实际认真贯彻执行。"),))
    assert _rules(spec, fonts) == []
    pdf = open_pdf(render_pdf(spec, fonts, pdfa=False).pdf)
    try:
        second = [ln.text for ln in text_lines(pdf.pages[1], L.SIZE_3)]
    finally:
        pdf.close()
    assert second[0].startswith("附件：") and second[-1] == "2026年3月5日", second


def _certificate(fonts: FontSet) -> LetterSpec:
    ct = next(t for m in all_modules() for t in m.case_types if t.code == "tech_contract")
    fields = {**TECH_CONTRACT, "contract_amount": 150_000_000, "tech_amount": 120_000_000}
    ctx = CaseContext("id-1", "技合〔2026〕1号", "智能网联汽车感知算法技术开发合同", ct, fields,
                      parties=(("卖方", "北京喆堃科技有限公司"),), received_on=DAY)
    return template("tech_contract_certificate").merge(ctx, issuer(), DAY, "京科登〔2026〕1号")


def test_a_one_page_certificate_stays_on_one_page(fonts: FontSet) -> None:
    spec = _certificate(fonts)
    rendered = render_pdf(spec, fonts, pdfa=False)
    assert rendered.pages == 1
    assert check(rendered.pdf, spec) == []


def test_a_paragraph_never_ends_on_a_single_character(fonts: FontSet) -> None:
    for tail in ("划。", "划", "号。"):
        text = "科学技术" * 13 + "规" + tail  # 26 + 28 cells, then the tail alone
        lines = set_runs([Run(text)], fonts, L.AREA_W_PT, 2 * L.CELL_PT)
        last = lines[-1].text
        assert len(re.sub(r"[，。、；：！？]", "", last)) >= 2, [ln.text for ln in lines]


def test_the_attachment_note_never_leaves_one_character_alone(fonts: FontSet) -> None:
    name = "北京市促进科技成果转化和技术转移工作三年行动计划"
    spec = document_spec(attachment_notes=(name + "（2026—2028年）实施计划",), attachments=())
    assert _rules(spec, fonts, {"lone-character"}) == []


def test_the_date_is_found_where_the_standard_puts_it_not_in_an_attachment_table(
        fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """The 成文日期 is the date 右空四字: the same words in a table cell of an attachment
    are not a second date (the stress test met it), and a date anywhere else is wrong."""
    table = (("登记日期",), ("2026年3月5日",), ("2026年3月6日",))
    spec = document_spec(attachments=(Attachment("登记日期表", (), table),), attachment_notes=("登记日期表",))
    assert _rules(spec, fonts, {"signature-alone"}) == []
    monkeypatch.setattr(L, "DATE_RIGHT_CELLS", 3)  # 右空三字: not where 7.3.5.1 puts it
    assert _rules(spec, fonts, {"signature-alone"}) != []


def test_a_table_column_is_never_narrower_than_its_longest_number(fonts: FontSet) -> None:
    """Stress letter 4644: a cell holding a telephone number run into a credit code (30
    half-width characters, no break allowed) in a column shared down to 12 cells was cut
    in the middle of the number; the column takes cells from its neighbour instead."""
    number = "010-6666888891110000600037341L"
    table = (("序号", "单位名称", "项目名称"),
             ("1", "北京中关村量子信息科学研究院有限责任公司", f"平台{number}“机制绿色”加快"),
             ("2", "北京瑄镕智能网联汽车科技有限公司中关村分公司", "经济技术开发区管理办法"))
    widths = column_widths(table, fonts, L.AREA_W_PT)
    assert sum(widths) <= L.AREA_W_PT - 2 * L.CELL_PT + 1e-6  # two 1-cell gaps between three columns
    assert widths[2] >= sum(g.width for g in set_runs([Run(number)], fonts, L.AREA_W_PT)[0].glyphs)
    spec = document_spec(attachments=(Attachment("项目名单", (), table),), attachment_notes=("项目名单",))
    assert _rules(spec, fonts) == []


def test_the_colophon_stands_at_the_foot_of_the_last_even_page(
        fonts: FontSet, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker finds the 版记 where 7.4 puts it, after an attachment too, and
    reports a 版记 printed anywhere else (here one page too early)."""
    table = (("序号", "单位名称"),) + tuple((str(k), "北京喆堃科技有限公司") for k in range(1, 9))
    spec = document_spec(attachments=(Attachment("项目名单", (), table),), attachment_notes=("项目名单",))
    assert spec.cc and spec.printer
    assert _rules(spec, fonts, {"colophon"}) == []
    place = compose_module._place_colophon

    def one_page_early(pages: list[Page], spec: LetterSpec, fonts: FontSet) -> None:
        place(pages, spec, fonts)
        pages.append(Page())

    monkeypatch.setattr(compose_module, "_place_colophon", one_page_early)
    n = len(compose(spec, fonts))
    assert _rules(spec, fonts, {"colophon"}) == [f"colophon p{n - 1}: 版记 lines before the last page",
                                                  f"colophon p{n}: no 版记 on the last page"]


# 2 and 9: titles ------------------------------------------------------------------------------

TITLES = (
    "北京市科学技术委员会关于支持北京喆堃科技有限公司建设中关村低空经济智能网联汽车示范平台的批复",
    "北京市科学技术委员会关于做好2026年度技术合同认定登记工作和北京市科学技术奖推荐工作的通知",
    "关于印发《北京市促进科技成果转化和技术转移工作三年行动计划》（京科发〔2026〕12号）的通知",
    "关于延庆区冰雪科技园建设的批复",
)
WORDS = ("有限公司", "中关村", "低空", "智能", "技术合同", "科学技术奖", "〔2026〕12号", "2026年度")


@pytest.mark.parametrize("title", TITLES)
def test_titles_break_between_words_as_a_trapezoid_or_a_diamond(title: str, fonts: FontSet) -> None:
    spec = document_spec(title=title)
    assert _rules(spec, fonts, {"title-word-break", "title-shape", "text-missing"}) == []
    texts = [ln.text for ln in title_lines(title, fonts)]
    for a, b in itertools.pairwise(texts):
        for word in WORDS:
            for cut in range(1, len(word)):
                assert not (a.endswith(word[:cut]) and b.startswith(word[cut:])), (word, texts)


def test_the_commission_s_own_words_are_whole_for_the_segmenter() -> None:
    text = "北京喆堃科技有限公司中关村低空经济技术合同延庆区"
    cuts = boundaries(text)
    for word in ("有限公司", "中关村", "低空经济", "技术合同", "延庆区"):
        start = text.index(word)
        assert not any(start < c < start + len(word) for c in cuts), word


@pytest.mark.parametrize(("raw", "officer"), [
    ("关于关于延庆区冰雪科技园建设的请示的批复", "关于延庆区冰雪科技园建设的批复"),
    ("关于印发《《北京市技术合同管理办法》》的通知", "关于印发《北京市技术合同管理办法》的通知"),
    ("关于征求《关于加强管理的通知》意见的函", "关于征求《关于加强管理的通知》意见的函"),
    ("关于做好工作的的通知", "关于做好工作的通知"),
])
def test_titles_from_case_facts_read_as_an_officer_writes_them(raw: str, officer: str) -> None:
    assert officer_title(raw) == officer


def test_a_reply_to_a_request_is_titled_once() -> None:
    ct = next(t for m in all_modules() for t in m.case_types if "reply_approval" in t.all_letters)
    ctx = CaseContext("id-1", "x〔2026〕1号", "关于延庆区冰雪科技园建设的请示", ct, {}, received_on=DAY)
    spec = template("reply_approval").merge(ctx, issuer(), DAY, "京科发〔2026〕1号",
                                            values={"body": "同意。", "opinion": "同意。", "recipient": "延庆区人民政府"},
                                            signer="王喆",
                                            issuing_actions=("approve",))
    assert spec.title == "关于延庆区冰雪科技园建设的批复"


# 3 and 7: lines, justification, the text layer -------------------------------------------------

def test_a_long_e_mail_address_breaks_at_its_dots_and_no_gap_is_stretched(fonts: FontSet) -> None:
    body = (Paragraph("请将申报材料电子版发送至邮箱"
                      "jishu.hetong.dengji.office@bjstc-example.gov.cn，纸质材料报送至市科委。"),
            Paragraph("申报材料电子版请发送至技术合同登记处邮箱"
                      "jishu.hetong.dengji.office@bjstc-example.gov.cn，纸质材料报送至市科委。"))
    spec = document_spec(body=body, attachments=(), attachment_notes=())
    assert _rules(spec, fonts, {"wide-gap", "split-latin", "text-layer", "text-missing"}) == []


def test_text_extracts_as_typeset_with_rare_characters_and_distinct_subset_tags(fonts: FontSet) -> None:
    body = (Paragraph("联系人：吉𠮷、王喆。说明……如下——《办法》（试行）所列。" + "科技" * 30),)
    spec = document_spec(body=body, attachments=(), attachment_notes=())
    data = render_pdf(spec, fonts).pdf
    assert [f"{v.rule}: {v.detail}" for v in check(data, spec)] == []
    text = "".join(p.extract_text() for p in open_pdf(data).pages)
    assert "吉𠮷" in text and "……" in text
    with pikepdf.open(io.BytesIO(data)) as pdf:
        bases = {str(f.BaseFont) for p in pdf.pages for _k, f in p.Resources.Font.items()}
    assert len({b.split("+")[0] for b in bases}) == len(bases)


def test_adjacent_full_width_marks_are_squeezed(fonts: FontSet) -> None:
    spec = document_spec(body=(Paragraph("依据《办法》（试行）。“甲”、“乙”。"),), attachments=(), attachment_notes=())
    page = open_pdf(render_pdf(spec, fonts, pdfa=False).pdf).pages[0]
    chars = [c for c in page.chars if c["size"] > 15.9 and c["size"] < 16.1]
    pairs = {a["text"] + b["text"]: b["x0"] - a["x0"] for a, b in itertools.pairwise(chars)}
    assert pairs["》（"] == pytest.approx(0.5 * L.CELL_PT, abs=0.3)  # half a cell, not a whole one
    assert pairs["）。"] == pytest.approx(0.5 * L.CELL_PT, abs=0.3)
    assert pairs["”、"] == pytest.approx(0.5 * L.CELL_PT, abs=0.3)


def test_hao_stays_with_its_number(fonts: FontSet) -> None:
    for pad in range(10, 30):
        text = "科" * pad + "国科发政字〔2001〕253号文件。"
        lines = set_runs([Run(text)], fonts, L.AREA_W_PT, 0.0)
        for a, b in itertools.pairwise(lines):
            assert not (a.text[-1].isdigit() and b.text[0] == "号"), (a.text, b.text)


# 5: the 发文字号 -------------------------------------------------------------------------------

@pytest.mark.parametrize("issuers", [("北京市科学技术委员会",), ("北京市科学技术委员会", "中关村科技园区管理委员会")])
def test_the_document_number_stands_exactly_two_lines_under_the_mark(issuers: tuple[str, ...], fonts: FontSet) -> None:
    spec = document_spec(issuer=issuers, signature="、".join(issuers))
    page = open_pdf(render_pdf(spec, fonts, pdfa=False).pdf).pages[0]
    docno = next(ln for ln in text_lines(page) if "京科发〔2026〕12号" in ln.text)
    gap = em_top_mm(page, docno.chars[0]) - max(em_bottom_mm(page, c) for c in red_chars(page))
    assert gap == pytest.approx(2 * L.LINE_PITCH_MM, abs=0.05)


# 6: what templates may declare -----------------------------------------------------------------

def test_a_template_declares_cc_note_signers_joint_issue_and_attachments(fonts: FontSet) -> None:
    tmpl = _template({
        "code": "request_demo", "name": "请示", "format": "文件", "daizi": "京科发", "title": "关于{case.title}的请示",
        "addressee": "北京市人民政府：", "body": ["{value.body}", "妥否，请批示。"], "signers": True, "joint": True,
        "cc": "市财政局，市发展改革委", "note": "（联系人：王喆，电话：010-66668888）",
        "attachments": [{"name": "项目清单", "source": "table:field.batches"}, {"name": "实施方案", "source": "case"}],
    }, "request_demo.json")
    ct = next(t for m in all_modules() for t in m.case_types if t.field("batches") is not None)
    batches = [{c.key: ("2026-03-05" if c.kind.name == "DATE" else (1000000 if c.kind.name == "MONEY" else "第一批"))
                for c in ct.field("batches").columns}]
    ctx = CaseContext("id-1", "x〔2026〕1号", "冰雪科技园建设", ct, {"batches": batches}, received_on=DAY)
    spec = tmpl.merge(ctx, issuer(), DAY, "京科发〔2026〕9号", values={"body": S * 3}, signer="王喆、李堃",
                      documents={"实施方案": "一、总体要求。\n二、主要任务。"})
    assert spec.signers == ("王喆", "李堃") and spec.signatures == issuer().joint
    assert [a.title for a in spec.attachments] == ["项目清单", "实施方案"] and spec.attachments[0].table
    data = render_pdf(spec, fonts, pdfa=False).pdf
    assert check(data, spec) == []
    pdf = open_pdf(data)
    page1 = text_lines(pdf.pages[0])
    assert any("签发人：" in ln.text and "王喆" in ln.text for ln in page1)
    assert any(ln.text.startswith("京科发〔2026〕9号") and "李堃" in ln.text for ln in page1)  # 与最后一个签发人同行
    flows = [[ln.text for ln in text_lines(p, None, bottom=262)] for p in pdf.pages]
    signed = next(i for i, f in enumerate(flows) if "2026年3月5日" in f)
    names = flows[signed]
    at = names.index("2026年3月5日")
    assert names[at - 2:at] == list(issuer().joint)  # one 署名 per organ, the host first
    assert names[at + 1].startswith("（联系人")  # 附注 under the date
    labels = [i for i, f in enumerate(flows) if f and f[0] in ("附件1", "附件2")]
    assert labels and labels[0] > signed  # attachments after the 正文
    last = text_lines(pdf.pages[-1], 14, bottom=262)
    assert last[0].text.startswith("抄送：") and max(labels) <= len(pdf.pages) - 1  # before the 版记
    assert any(line.startswith("序号") for line in flows[labels[0]])  # the table's head


def test_the_issuing_notice_prints_its_attachment_before_the_colophon(fonts: FontSet) -> None:
    ct = next(t for m in all_modules() for t in m.case_types if "issuing_notice" in t.all_letters)
    ctx = CaseContext("id-1", "x〔2026〕1号", "北京市技术合同认定登记管理办法", ct, {}, received_on=DAY)
    spec = template("issuing_notice").merge(ctx, issuer(), DAY, "京科发〔2026〕9号",
                                            documents={"北京市技术合同认定登记管理办法": "第一条 为了规范管理，制定本办法。\n第二条 本办法自印发之日起施行。"})
    assert spec.attachments and spec.attachments[0].paragraphs[0].text.startswith("第一条")
    pdf = open_pdf(render_pdf(spec, fonts, pdfa=False).pdf)
    firsts = [text_lines(p, None, bottom=262)[0].text if text_lines(p, None, bottom=262) else "" for p in pdf.pages]
    assert "附件" in firsts
    assert check(render_pdf(spec, fonts, pdfa=False).pdf, spec) == []
