"""500 two-page letters through the GB/T 9704 typesetter (grid, 避头尾, justification,
embedded subsets, PDF/A-2b), against a bare reportlab canvas drawing the same text with
the same embedded fonts in the same run (drawString per line: no grid, no PDF/A).

Also: the whole issue path (merge, 发文字号, typesetting, PDF/A, encrypted register copy,
fsynced file, audit) for a smaller batch, as letters per second."""

from __future__ import annotations

import datetime as dt
import io
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bjstc_desktop.letters import layout as L
from bjstc_desktop.letters.compose import compose
from bjstc_desktop.letters.fonts import FontSet, letter_fonts
from bjstc_desktop.letters.pagemodel import Page, TextOp
from bjstc_desktop.letters.render import render_pdf
from bjstc_desktop.letters.spec import LetterSpec, Paragraph

_PARAS = (
    "为深入实施创新驱动发展战略，加快建设北京国际科技创新中心，根据《北京市促进科技成果转化条例》等有关规定，"
    "现就做好{year}年度技术合同认定登记工作有关事项通知如下。",
    "一、工作目标。进一步规范技术合同认定登记工作，提高登记质量和服务效率，为技术交易各方提供便捷、高效、规范的服务。",
    "（一）明确登记范围。凡在本市签订的技术开发、技术转让、技术许可、技术咨询和技术服务合同，均可申请认定登记。",
    "各登记机构要严格执行一次性告知制度，对申请材料不齐全的，应当一次告知需要补正的全部内容；对不予登记的，"
    "应当书面说明理由，并告知申请人享有的权利（联系人：王喆、李堃，电话：010-66668888）。",
)


def letter(i: int) -> LetterSpec:
    """Letter number `i`: a 文件格式 通知 of two pages (body, signature, 版记 on page 2)."""
    body = tuple(Paragraph(p.format(year=2026)) for p in _PARAS + _PARAS[:3]) + (Paragraph("特此通知。"),)
    return LetterSpec(
        format="文件", issuer=("北京市科学技术委员会",), doc_no=f"京科发〔2026〕{i + 1}号",
        title="北京市科学技术委员会关于做好2026年度技术合同认定登记工作的通知", body=body,
        signature="北京市科学技术委员会", date=dt.date(2026, 3, 5), addressee="各区科学技术和信息化局，各有关单位：",
        cc="市发展改革委，市财政局", printer="北京市科学技术委员会办公室")


def _bare(pages: list[Page], fonts: FontSet) -> bytes:
    """The same lines with drawString at the same baselines: reportlab with no typesetting."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=fonts.rl_name("fangsong"))
    for page in pages:
        for op in page.ops:
            if isinstance(op, TextOp) and op.line.glyphs:
                g = op.line.glyphs[0]
                canvas.setFont(g.font, g.size)
                canvas.drawString(op.x_pt, L.y_pt(op.baseline_mm), op.line.text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _issue_rate(count: int) -> float:
    """Letters per second through ws.letters.issue on a fresh workstation."""
    from bjstc_desktop.core.classification import Level
    from bjstc_desktop.core.roles import Role
    from bjstc_desktop.ops.accounts import parse_modules
    from bjstc_desktop.store import kdf
    from bjstc_desktop.workstation import Workstation

    kdf.DEFAULT_KDF = kdf.KdfParams(memory_kib=1024, iterations=1, lanes=1)  # unlock cost is not measured here
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "ws"
        Workstation.init(data, "基准", "admin", "admin passphrase 1")
        with Workstation.open(data, "admin", "admin passphrase 1") as ws:
            ws.accounts.add("zhang", Role.OFFICER, "officer passphrase 1", Level.SECRET, parse_modules("all"))
        with Workstation.open(data, "zhang", "officer passphrase 1") as ws:
            case = ws.cases.create("tech_contract", "基准技术开发合同", {
                "contract_type": "技术开发", "seller": "北京喆堃科技有限公司", "seller_uscc": "91110000600037341L",
                "contract_amount": "150万", "tech_amount": "120万"}).id
            body = "。".join(_PARAS).format(year=2026)
            ws.letters.issue(case, "notice", Path(tmp) / "warm.pdf", values={"body": body})
            start = time.perf_counter()
            for i in range(count):
                ws.letters.issue(case, "notice", Path(tmp) / f"{i}.pdf", values={"body": body})
            return count / (time.perf_counter() - start)


def run(quick: bool = False) -> dict[str, Any]:
    """Typeset N two-page letters and draw the same text bare; report the ratio."""
    count = 50 if quick else 500
    fonts = letter_fonts(prefer_licensed=False)
    specs = [letter(i) for i in range(count)]
    render_pdf(specs[0], fonts)  # warm: fonts parsed, caches filled
    laid = [compose(s, fonts) for s in specs]  # the lines the bare canvas draws (not timed)
    assert len(laid[0]) == 2
    ours, bare = [], []
    for spec, pages in zip(specs, laid, strict=True):
        t0 = time.perf_counter()
        render_pdf(spec, fonts)
        t1 = time.perf_counter()
        _bare(pages, fonts)
        t2 = time.perf_counter()
        ours.append(t1 - t0)
        bare.append(t2 - t1)
    ratio = statistics.mean(ours) / statistics.mean(bare)
    issue_count = 20 if quick else 100
    return {
        "benchmark": "letters: GB/T 9704 typesetter + PDF/A vs bare reportlab canvas, same text",
        "letters": count, "pages_per_letter": 2,
        "letters_per_s": round(count / sum(ours), 1),
        "ms_per_letter": round(1000 * statistics.mean(ours), 2),
        "ms_per_letter_median": round(1000 * statistics.median(ours), 2),
        "bare_ms_per_letter": round(1000 * statistics.mean(bare), 2),
        "ratio": round(ratio, 2),
        "issue_letters": issue_count,
        "issue_letters_per_s": round(_issue_rate(issue_count), 1),
    }
