"""8 可持续发展实验区: sustainable-development experimental zones."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

MODULE = Module(
    number=8, code="zones", name="可持续发展实验区", name_en="Sustainable-development zones",
    case_types=(
        CaseType(
            code="sd_zone", name="可持续发展实验区", short="实验区",
            fields=(
                F("district", "所在区", K.DISTRICT, required=True),
                F("zone_level", "级别", K.ENUM, choices=("国家级", "市级")),
                F("theme", "主题"),
                F("build_start", "建设期起", K.DATE),
                F("build_end", "建设期止", K.DATE),
            ),
            states=("申请", "初审", "规划论证", "实地考察", "认定", "建设期", "评估验收", "通过", "整改", "撤销"),
            transitions=path(
                "申请",
                ("preliminary", "初审", "初审"),
                ("plan_review", "规划论证", "规划论证"),
                ("site_visit", "实地考察", "实地考察"),
                ("recognize", "认定", "认定"),
                ("build", "进入建设期", "建设期"),
                ("evaluate", "评估验收", "评估验收"),
                ("pass", "通过", "通过"),
            ),
        ),
    ),
)
