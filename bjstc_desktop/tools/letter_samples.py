"""Render the sample letters of docs/letters/: the first page of a 文件格式 通知 and of a
信函格式 函, as PNG (pypdfium2 through pdfplumber; no poppler needed).

    python -m bjstc_desktop.tools.letter_samples [--out docs/letters] [--dpi 100]

The samples carry every header element (份号, 密级和保密期限, 紧急程度) so a reviewer can
hold the picture against GB/T 9704-2012; they are invented text, not casework.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

from bjstc_desktop.letters.fonts import letter_fonts
from bjstc_desktop.letters.render import render_pdf
from bjstc_desktop.letters.spec import LetterSpec, Paragraph

REPO = Path(__file__).resolve().parents[2]
BODY = (
    "为深入实施创新驱动发展战略，加快建设北京国际科技创新中心，根据《北京市促进科技成果转化条例》等有关规定，"
    "现就做好2026年度技术合同认定登记工作有关事项通知如下。",
    "一、工作目标。进一步规范技术合同认定登记工作，提高登记质量和服务效率，为技术交易各方提供便捷、高效、规范的服务。",
    "（一）明确登记范围。凡在本市签订的技术开发、技术转让、技术许可、技术咨询和技术服务合同，均可申请认定登记。",
    "1.申请人应当提交合同文本、登记表和有关证明材料，材料应当真实、完整、有效。",
    "（1）联系人：王喆、李堃、张珺，电话：010-66668888。",
    "特此通知。",
)


LETTER_BODY = (
    "为做好2026年度技术合同认定登记工作，落实技术开发、技术转让等税收优惠政策，现商请贵局在以下方面给予支持。",
    "一、共享登记信息。我委将按月向贵局推送经认定登记的技术合同信息，请贵局在办理减免税备案时予以参考。",
    "二、联合开展培训。拟于2026年4月联合举办技术合同登记与税收政策培训，请贵局指派业务骨干参加。",
    "联系人：王喆、李堃，电话：010-66668888。",
    "特此函告。",
)


def samples() -> dict[str, LetterSpec]:
    """The two sample letters by file stem."""
    common = {"issuer": ("北京市科学技术委员会",), "signature": "北京市科学技术委员会", "date": dt.date(2026, 3, 5),
              "body": tuple(Paragraph(p) for p in BODY)}
    return {
        "document-format": LetterSpec(
            format="文件", doc_no="京科发〔2026〕12号", addressee="各区科学技术和信息化局，各有关单位：",
            title="北京市科学技术委员会关于做好2026年度技术合同认定登记工作的通知", copy_no="000001",
            secrecy="秘密★5年", urgency="特急", cc="市发展改革委，市财政局", printer="北京市科学技术委员会办公室",
            note="（此件不公开）", **common),  # type: ignore[arg-type]
        "letter-format": LetterSpec(
            format="信函", doc_no="京科函〔2026〕7号", addressee="国家税务总局北京市税务局：",
            title="关于商请支持技术合同认定登记工作的函", cc="市财政局",
            **{**common, "body": tuple(Paragraph(p) for p in LETTER_BODY)}),  # type: ignore[arg-type]
    }


def render_samples(out: Path, dpi: int = 100) -> list[Path]:
    """Write <stem>.png (page 1) for every sample; returns the files written."""
    import pdfplumber  # a test and tool dependency, not a runtime one

    out.mkdir(parents=True, exist_ok=True)
    fonts = letter_fonts(prefer_licensed=False)
    written = []
    for stem, spec in samples().items():
        pdf = render_pdf(spec, fonts).pdf
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            target = out / f"{stem}.png"
            doc.pages[0].to_image(resolution=dpi, antialias=True).save(str(target))
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    p = argparse.ArgumentParser(prog="letter_samples", description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=REPO / "docs" / "letters")
    p.add_argument("--dpi", type=int, default=100)
    args = p.parse_args(argv)
    for path in render_samples(args.out, args.dpi):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
