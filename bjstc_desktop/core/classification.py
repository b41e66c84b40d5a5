"""Classification levels (密级) and the metadata classified items carry.

Levels on a workstation: 公开 < 内部 < 秘密 < 机密. 绝密 never lives on a workstation
(reference/domain.md §3.10). 内部 is a work mark, not a state secret.
"""

from __future__ import annotations

from enum import IntEnum

from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.i18n import pick


class Level(IntEnum):
    """Ordered classification levels; comparisons follow the order."""

    PUBLIC = 0
    INTERNAL = 1
    SECRET = 2
    CONFIDENTIAL = 3

    @property
    def label(self) -> str:
        """The Chinese label officers use (公开, 内部, 秘密, 机密)."""
        return _LABELS[self]

    @property
    def label_en(self) -> str:
        """The English label (Public, Internal, Secret, Confidential)."""
        return self.name.capitalize()

    @property
    def is_state_secret(self) -> bool:
        """True for 秘密 and 机密, which need 保密期限 or 解密条件."""
        return self >= Level.SECRET

    @property
    def max_period_years(self) -> int | None:
        """The longest 保密期限 the law allows for this level (秘密 10, 机密 20)."""
        return {Level.SECRET: 10, Level.CONFIDENTIAL: 20}.get(self)


_LABELS = {
    Level.PUBLIC: "公开",
    Level.INTERNAL: "内部",
    Level.SECRET: "秘密",
    Level.CONFIDENTIAL: "机密",
}
_BY_NAME = {label: level for level, label in _LABELS.items()}
_BY_NAME.update({"public": Level.PUBLIC, "internal": Level.INTERNAL,
                 "secret": Level.SECRET, "confidential": Level.CONFIDENTIAL})


def level_shown(label: str) -> str:
    """A level's stored Chinese label (公开, 内部, ...) in the officer's language."""
    level = _BY_NAME.get(label)
    return pick(level.label, level.label_en) if level is not None else label


def parse_level(text: str) -> Level:
    """Parse 公开/内部/秘密/机密 (or the English names). 绝密 is refused."""
    value = (text or "").strip()
    if value in ("绝密", "top-secret", "topsecret"):
        raise ValidationError(
            "绝密事项不得在本工作站处理。",
            "Top-secret (绝密) matters may not be processed on this workstation.",
            field="classification",
        )
    level = _BY_NAME.get(value) or _BY_NAME.get(value.lower())
    if level is None:
        raise ValidationError(
            f"密级“{value}”无效，应为 公开、内部、秘密 或 机密。",
            f"Unknown classification {value!r}; use 公开, 内部, 秘密 or 机密.",
            field="classification",
        )
    return level


LEVEL_LABELS: tuple[str, ...] = tuple(_LABELS[level] for level in Level)
