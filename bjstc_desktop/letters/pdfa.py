"""PDF/A-2b post-processing with pikepdf (reportlab has no PDF/A support, reference §5.1).

What is added or removed:
- the XMP metadata stream with pdfaid:part 2 and pdfaid:conformance B, kept in step
  with the document information dictionary (title, author, dates, producer);
- an sRGB output intent (GTS_PDFA1), because the red of the header is DeviceRGB;
- reportlab's empty /Trans dictionary on every page (flagged by validators);
- its ToUnicode maps and subset tags are repaired (pdffonts.py).
Everything else (embedded TrueType subsets with ToUnicode, no encryption, no
JavaScript, no transparency) comes from how render.py draws.
"""

from __future__ import annotations

import datetime as dt
import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from bjstc_desktop.core.errors import IntegrityError
from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.letters.pdffonts import fix_fonts

ICC_FILE = "sRGB.icc"  # lcms-generated sRGB (IEC 61966-2.1) profile, "no copyright, use freely"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"


def srgb_profile() -> bytes:
    """The bundled sRGB ICC profile (resources/letters/sRGB.icc)."""
    try:
        return (resources_dir() / "letters" / ICC_FILE).read_bytes()
    except OSError as exc:
        raise IntegrityError("找不到色彩配置文件 resources/letters/sRGB.icc。",
                             "The colour profile resources/letters/sRGB.icc is missing.") from exc


def _output_intent(pdf: pikepdf.Pdf) -> Dictionary:
    profile = pikepdf.Stream(pdf, srgb_profile())
    profile["/N"] = 3
    return Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String(OUTPUT_CONDITION),
        Info=String(OUTPUT_CONDITION), RegistryName=String("http://www.color.org"),
        DestOutputProfile=pdf.make_indirect(profile),
    )


def make_pdfa(data: bytes, *, title: str, author: str, subject: str,
              now: dt.datetime | None = None) -> bytes:
    """The reportlab PDF `data` as PDF/A-2b."""
    moment = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fix_fonts(pdf)
        for page in pdf.pages:
            if "/Trans" in page.obj:
                del page.obj["/Trans"]
        pdf.Root.OutputIntents = Array([pdf.make_indirect(_output_intent(pdf))])
        if "/Lang" not in pdf.Root:
            pdf.Root.Lang = String("zh-CN")
        info = pdf.docinfo
        info["/Title"] = String(title)
        info["/Author"] = String(author)
        info["/Subject"] = String(subject)
        stamp = String(moment.strftime("D:%Y%m%d%H%M%SZ"))
        info["/CreationDate"] = stamp
        info["/ModDate"] = stamp
        for key in list(info.keys()):  # an empty entry has no XMP twin; PDF/A wants them equal
            if key == "/Trapped" or (isinstance(info[key], String) and not str(info[key])):
                del info[key]
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta.load_from_docinfo(info)
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
            meta["xmp:CreateDate"] = moment.isoformat()
            meta["xmp:ModifyDate"] = moment.isoformat()
            meta["xmp:MetadataDate"] = moment.isoformat()
        out = io.BytesIO()
        pdf.save(out, fix_metadata_version=False, deterministic_id=True, min_version="1.7")
        return out.getvalue()


def repair_fonts(data: bytes) -> bytes:
    """The reportlab PDF `data` with its font objects repaired (no PDF/A metadata)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        fix_fonts(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue()
