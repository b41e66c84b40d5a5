"""8 可持续发展实验区: city-level recognition, national recommendation, build period."""

from __future__ import annotations

import pytest

from bjstc_desktop.core.errors import RefusedError
from tests.core.test_modules import walk

ZONE = {"district": "110116", "zone_level": "市级", "zone_name": "怀柔区可持续发展实验区",
        "approval_doc_no": "京科发〔2026〕31号", "build_start": "2026-07-01", "build_end": "2030-12-31"}
PATH = ("preliminary", "plan_review", "site_visit", "recognize", "build", "annual_report", "accept_report",
        "annual_report", "evaluate", "pass", "archive")


def test_city_zone_recognised_built_and_accepted() -> None:
    state, _, plans = walk("sd_zone", ZONE, PATH)
    assert state == "归档"
    assert plans[3].letters == ("reply_approval",) and plans[9].letters == ("notice",)


def test_national_zone_goes_through_recommendation() -> None:
    national = {**ZONE, "zone_level": "国家级"}
    with pytest.raises(RefusedError, match="级别为“市级、（未填）”"):
        walk("sd_zone", national, PATH[:4])
    state, _, plans = walk("sd_zone", national, ("preliminary", "plan_review", "site_visit", "recommend",
                                                  "national_approved", "build"))
    assert state == "建设期" and plans[3].letters == ("letter",)


def test_rectification_then_revocation() -> None:
    path = (*PATH[:5], "evaluate", "rectify", "evaluate", "revoke", "archive")
    assert walk("sd_zone", ZONE, path)[0] == "归档"
    with pytest.raises(RefusedError, match="建设期起止"):
        walk("sd_zone", {**ZONE, "build_end": "2026-06-30"}, PATH[:5])
