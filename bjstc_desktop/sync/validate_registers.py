"""Strict checks of what issue 17 added to packages (docs/sync-format.md §7.1–§7.4): a
case's panel and filed 件, an expert of the 专家库 and a 科研失信 record. Exact keys,
bounded values, numbers through the same validators as typed input; a 档号 must say
what its parts say."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bjstc_desktop.core.casetypes import FieldKind
from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.core.experts import (
    EXPERT_CATEGORIES,
    EXPERT_STATUSES,
    MEMBER_STATUSES,
    SCORE_MAX,
    parse_disciplines,
)
from bjstc_desktop.core.integrity import (
    IN_FORCE,
    REVOKED,
    SUBJECT_KINDS,
    check_period,
    subject_number,
)
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.validators import normalize_field_value
from bjstc_desktop.sync import limits
from bjstc_desktop.sync.checks import check, date_ok, integer, text
from bjstc_desktop.sync.registerbody import REGISTER_BODY_VERSION
from bjstc_desktop.sync.shapes import EXPERT, INTEGRITY

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_DRAW_KEYS = {"seq", "kind", "seed", "size", "fields", "need", "pool", "excluded", "chosen", "staying", "reason",
              "replaced", "drawn_on"}
_MEMBER_KEYS = {"expert", "draw", "category", "status", "reason", "scores", "total", "opinion", "scored_on",
                "invitation_no"}
_ITEM_KEYS = {"kind", "fonds", "year", "retention", "retention_code", "item_no", "archive_no", "title", "doc_no",
              "issued_on", "pages", "filed_on"}
_EXPERT_KEYS = {"v", "id_number", "name", "employer", "employer_uscc", "disciplines", "category",
                "professional_title", "phone", "email", "status", "classification", "modules", "note", "relations",
                "history"}
_INTEGRITY_KEYS = {"v", "subject_kind", "number", "decision_no", "measure", "name", "source", "modules", "start_on",
                   "end_on", "status", "classification", "note", "revoke_reason"}
_TOTAL = re.compile(r"^\d{1,3}(\.\d{1,2})?$")
MAX = limits.MAX_STRING


def _uuid(value: Any) -> bool:
    return isinstance(value, str) and bool(UUID.match(value))


def _ids(value: Any) -> bool:
    return isinstance(value, list) and len(value) <= 100_000 and all(_uuid(v) for v in value)


def _pairs(value: Any, first: Any) -> bool:
    return isinstance(value, list) and all(isinstance(p, list) and len(p) == 2 and first(p[0]) and text(p[1], 64)
                                           for p in value)


def panel_and_archive(body: dict[str, Any]) -> None:
    """A case body's panel draws, panel members and filed 件."""
    draws, members, archive = body["panel_draws"], body["panel_members"], body["archive"]
    check(isinstance(draws, dict) and isinstance(members, dict) and isinstance(archive, dict), "panel")
    for key, d in draws.items():
        check(_uuid(key) and isinstance(d, dict) and set(d) == _DRAW_KEYS, "panel draw")
        check(integer(d["seq"], 1, 10_000) and d["kind"] in ("draw", "replace") and text(d["seed"], 64, empty=False)
              and integer(d["size"], 1, 1000) and text(d["fields"], 1000), "panel draw")
        check(isinstance(d["need"], list) and all(isinstance(n, list) and len(n) == 2 and text(n[0], 16)
                                                  and integer(n[1], 0, 1000) for n in d["need"]), "panel draw need")
        check(_pairs(d["pool"], _uuid) and _pairs(d["excluded"], _uuid) and _ids(d["chosen"]), "panel draw pool")
        check(isinstance(d["staying"], list) and all(text(c, 16) for c in d["staying"]), "panel draw")
        check(text(d["reason"], MAX) and (d["replaced"] is None or _uuid(d["replaced"])), "panel draw")
        check(d["drawn_on"] is not None and date_ok(d["drawn_on"]), "panel draw date")
    for key, m in members.items():
        check(_uuid(key) and isinstance(m, dict) and set(m) == _MEMBER_KEYS, "panel member")
        check(_uuid(m["expert"]) and m["draw"] in draws, "panel member draw")
        check(m["category"] in EXPERT_CATEGORIES and m["status"] in MEMBER_STATUSES and text(m["reason"], MAX),
              "panel member")
        scores = m["scores"]
        check(isinstance(scores, dict) and len(scores) <= 64
              and all(text(k, 48, empty=False) and integer(v, 0, SCORE_MAX) for k, v in scores.items()),
              "panel member scores")
        check((m["total"] is None or (isinstance(m["total"], str) and bool(_TOTAL.match(m["total"]))))
              and text(m["opinion"], MAX) and date_ok(m["scored_on"])
              and (m["invitation_no"] is None or text(m["invitation_no"], 64)), "panel member")
    numbers = [m["expert"] for m in members.values()]
    check(len(numbers) == len(set(numbers)), "panel member twice")
    for key, item in archive.items():
        check(_uuid(key) and isinstance(item, dict) and set(item) == _ITEM_KEYS, "archive item")
        check(text(item["kind"], 48, empty=False) and text(item["fonds"], 8, empty=False)
              and integer(item["year"], 1900, 9999) and text(item["retention"], 8, empty=False)
              and text(item["retention_code"], 5, empty=False) and integer(item["item_no"], 1, 10**9), "archive item")
        prefix = f"{item['fonds']}-{item['year']}-{item['retention_code']}-"
        number = item["archive_no"]
        check(text(number, 48) and number.startswith(prefix) and number[len(prefix):].isdigit()
              and int(number[len(prefix):]) == item["item_no"], "archive number")
        check(text(item["title"], MAX, empty=False) and text(item["doc_no"], 64) and date_ok(item["issued_on"])
              and integer(item["pages"], 0, 100_000) and item["filed_on"] is not None and date_ok(item["filed_on"]),
              "archive item")


def _modules(value: Any) -> bool:
    return isinstance(value, list) and value == sorted(set(value)) and all(m in MODULE_CODES for m in value)


def _number(kind: Any, number: Any) -> bool:
    try:
        return kind in SUBJECT_KINDS and isinstance(number, str) and subject_number(kind, number) == number
    except BjstcError:
        return False


def register_body(record_type: str, body: dict[str, Any]) -> None:
    """An expert's or a 科研失信 record's body."""
    if record_type == EXPERT:
        _expert(body)
    elif record_type == INTEGRITY:
        _integrity(body)
    else:
        check(False, "record")


def _expert(body: dict[str, Any]) -> None:
    check(set(body) == _EXPERT_KEYS and body["v"] == REGISTER_BODY_VERSION, "expert keys")
    try:
        ok = normalize_field_value(FieldKind.ID_NUMBER, body["id_number"]) == body["id_number"]
        uscc = body["employer_uscc"]
        ok = ok and (uscc is None or normalize_field_value(FieldKind.USCC, uscc) == uscc)
        ok = ok and isinstance(body["disciplines"], str) and ",".join(parse_disciplines(body["disciplines"])) == body[
            "disciplines"]
    except BjstcError:
        ok = False
    check(ok, "expert numbers")
    check(text(body["name"], 128, empty=False) and text(body["employer"], MAX) and text(body["professional_title"], 64)
          and text(body["phone"], 64) and text(body["email"], 128) and text(body["note"], MAX), "expert")
    check(body["category"] in EXPERT_CATEGORIES and body["status"] in EXPERT_STATUSES
          and integer(body["classification"], 0, 3) and _modules(body["modules"]), "expert")
    relations, history = body["relations"], body["history"]
    check(isinstance(relations, dict) and isinstance(history, dict), "expert")
    for key, r in relations.items():
        check(_uuid(key) and isinstance(r, dict) and set(r) == {"kind", "number", "name", "relation"}
              and _number(r["kind"], r["number"]) and text(r["name"], MAX) and text(r["relation"], MAX),
              "expert relation")
    for key, h in history.items():
        check(_uuid(key) and isinstance(h, dict)
              and set(h) == {"applicant_kind", "applicant_number", "applicant_name", "reviewed_on", "source", "note"}
              and _number(h["applicant_kind"], h["applicant_number"]) and text(h["applicant_name"], MAX)
              and h["reviewed_on"] is not None and date_ok(h["reviewed_on"]) and h["source"] in ("panel", "manual")
              and text(h["note"], MAX), "expert history")


def _integrity(body: dict[str, Any]) -> None:
    check(set(body) == _INTEGRITY_KEYS and body["v"] == REGISTER_BODY_VERSION, "integrity keys")
    check(_number(body["subject_kind"], body["number"]), "integrity subject")
    check(text(body["decision_no"], 128, empty=False) and text(body["measure"], 32, empty=False)
          and text(body["name"], MAX) and text(body["source"], MAX) and text(body["note"], MAX), "integrity")
    check(body["status"] in (IN_FORCE, REVOKED) and integer(body["classification"], 0, 3)
          and _modules(body["modules"]), "integrity")
    check(body["revoke_reason"] is None or text(body["revoke_reason"], MAX), "integrity")
    check(body["start_on"] is not None and date_ok(body["start_on"]) and date_ok(body["end_on"]), "integrity period")
    try:
        check_period(dt.date.fromisoformat(body["start_on"]),
                     dt.date.fromisoformat(body["end_on"]) if body["end_on"] else None)
    except BjstcError:
        check(False, "integrity period")
