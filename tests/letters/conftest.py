"""Letters rendered once per session (bundled fonts only, so the numbers do not depend on
the machine), and workstations with cases that issue letters."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bjstc_desktop.letters.fonts import FontSet, letter_fonts
from bjstc_desktop.letters.render import render_pdf
from bjstc_desktop.letters.spec import Attachment, LetterSpec, Paragraph
from bjstc_desktop.workstation import Workstation

# A paragraph dense with punctuation: without 避头尾 several lines would start with a
# closing mark or end with an opening one.
DENSE = ("经审查，“甲”、“乙”、“丙”三项（含附件）均符合要求；“丁”项（见《办法》第三条）不符合要求！"
         "是否补正？请于五日内答复。《北京市科学技术委员会关于进一步加强技术合同认定登记管理的通知》"
         "（京科发〔2026〕3号）、《技术合同认定规则》（国科发政字〔2001〕253号）……均应遵照执行；"
         "如有疑问——请与我委联系（电话：010-66668888）。") * 2
RARE_NAMES = "联系人：王喆、李堃、张珺。"
BODY = (
    Paragraph("为深入实施创新驱动发展战略，加快建设北京国际科技创新中心，根据《北京市促进科技成果转化条例》"
              "等有关规定，现就做好2026年度技术合同认定登记工作有关事项通知如下。"),
    Paragraph("一、工作目标。进一步规范技术合同认定登记工作，提高登记质量和服务效率，为技术交易各方提供"
              "便捷、高效、规范的服务。"),
    Paragraph("（一）明确登记范围。凡在本市签订的技术开发、技术转让、技术许可、技术咨询和技术服务合同，均可申请认定登记。"),
    Paragraph("1.申请人应当提交合同文本、登记表和有关证明材料，材料应当真实、完整、有效。"),
    Paragraph("（1）" + RARE_NAMES),
    Paragraph(DENSE),
    *(Paragraph(f"{n}.各登记机构要严格执行一次性告知制度，对申请材料不齐全的，应当一次告知需要补正的全部内容；"
                f"对不予登记的，应当书面说明理由，并告知申请人享有的权利。") for n in range(2, 9)),
    Paragraph("特此通知。"),
)


def document_spec(**changes: object) -> LetterSpec:
    """A 文件格式 letter with every element of GB/T 9704 §7."""
    spec = LetterSpec(
        format="文件", issuer=("北京市科学技术委员会",), doc_no="京科发〔2026〕12号",
        title="北京市科学技术委员会关于做好2026年度技术合同认定登记工作的通知", body=BODY,
        signature="北京市科学技术委员会", date=dt.date(2026, 3, 5), addressee="各区科学技术和信息化局，各有关单位：",
        copy_no="000001", secrecy="机密★10年", urgency="特急",
        attachment_notes=("2026年度技术合同登记机构名单", "技术合同认定登记申请表"), note="（此件公开发布）",
        cc="市发展改革委，市财政局，市税务局，市市场监管局", printer="北京市科学技术委员会办公室",
        attachments=(Attachment("2026年度技术合同登记机构名单", (Paragraph("海淀区技术合同登记处。"),)),),
    )
    return replace(spec, **changes)  # type: ignore[arg-type]


def letter_spec(**changes: object) -> LetterSpec:
    """A 信函格式 letter (函) of two pages, with a 抄送."""
    spec = document_spec(format="信函", doc_no="京科函〔2026〕7号", title="关于商请支持技术合同认定登记工作的函",
                         addressee="北京市税务局：", attachments=(), attachment_notes=(), printer="", secrecy="",
                         copy_no="", urgency="", cc="市财政局")
    return replace(spec, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    """The bundled fonts (licensed ones ignored so measurements are reproducible)."""
    return letter_fonts(prefer_licensed=False)


@pytest.fixture(scope="session")
def document_pdf(fonts: FontSet) -> bytes:
    """The 文件格式 letter as PDF/A."""
    return render_pdf(document_spec(), fonts).pdf


@pytest.fixture(scope="session")
def letter_pdf(fonts: FontSet) -> bytes:
    """The 信函格式 letter as PDF/A."""
    return render_pdf(letter_spec(), fonts).pdf


TECH_CONTRACT = {
    "contract_type": "技术开发", "seller": "北京喆堃科技有限公司", "seller_uscc": "91110000600037341L",
    "buyer": "北京某某汽车有限公司", "contract_amount": "150万", "tech_amount": "120万",
    "contract_no": "2026110108000123", "registered_on": "2026-03-05", "project_name": "智能网联汽车感知算法开发",
}


def new_contract(ws: Workstation, title: str = "智能网联汽车感知算法技术开发合同", **fields: str) -> str:
    """A technology-contract case (it issues 技术合同登记证明, 补正材料通知书, 延期通知书, 通知)."""
    return ws.cases.create("tech_contract", title, {**TECH_CONTRACT, **fields}).id
