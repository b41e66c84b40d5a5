"""A letter's metadata in OFD.xml's DocInfo (GB/T 33190-2016 §7.4, CT_DocInfo).

The standard's own fields carry what a reader shows (标题 as Title, the 署名 as Author,
the 发文字号 as Subject, the 成文日期 as CreationDate, so the same letter always says the
same thing); CustomDatas carry the 公文 elements by their names in GB/T 9704, so an
archive system can read them without parsing the pages:
发文字号, 标题, 成文日期 (ISO 8601), 密级 (empty for an unclassified letter), and when
printed 保密期限, 紧急程度, 份号, and 发文机关 (joint organs joined with 、).
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET

from bjstc_desktop import __version__
from bjstc_desktop.letters.ofd.xml import el
from bjstc_desktop.letters.spec import LetterSpec

CREATOR = "bjstc-desktop"
SECRECY_MARK = "★"  # 机密★10年: the level, then the period (GB/T 9704 7.2.2)


def custom_data(spec: LetterSpec) -> list[tuple[str, str]]:
    """The 公文 elements recorded in CustomDatas, in a fixed order."""
    level, _star, period = spec.secrecy.partition(SECRECY_MARK)
    items = [("发文字号", spec.doc_no), ("标题", spec.title), ("成文日期", spec.date.isoformat()),
             ("密级", level.strip())]
    if period.strip():
        items.append(("保密期限", period.strip()))
    if spec.urgency:
        items.append(("紧急程度", spec.urgency))
    if spec.copy_no:
        items.append(("份号", spec.copy_no))
    items.append(("发文机关", "、".join(spec.issuer)))
    return items


def doc_id(spec: LetterSpec) -> str:
    """The DocID: 32 hex digits derived from the 发文字号, title and date (a 发文字号 is
    never given out twice, and a file made again for it gets the same id)."""
    seed = "\n".join((spec.doc_no, spec.title, spec.date.isoformat()))
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32]


def doc_info(parent: ET.Element, spec: LetterSpec) -> ET.Element:
    """The DocInfo element, its children in CT_DocInfo's order."""
    info = el(parent, "DocInfo")
    el(info, "DocID", doc_id(spec))
    el(info, "Title", spec.title)
    el(info, "Author", spec.signature)
    el(info, "Subject", spec.doc_no)
    el(info, "CreationDate", spec.date.isoformat())
    el(info, "DocUsage", "Normal")
    if spec.keywords:
        keywords = el(info, "Keywords")
        for word in spec.keywords:
            el(keywords, "Keyword", word)
    el(info, "Creator", CREATOR)
    el(info, "CreatorVersion", __version__)
    datas = el(info, "CustomDatas")
    for name, value in custom_data(spec):
        el(datas, "CustomData", value, Name=name)
    return info
