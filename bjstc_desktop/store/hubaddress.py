"""Which hub, if any, a node's store is: the address `--hub` / BJSTC_HUB named for this
process, else the one hub.json in the data folder records (docs/hub.md).

Kept free of SQLAlchemy and the driver: the first step of an unlock (store/unlocking.py)
asks it where the workstation file lives before anything of the store is loaded."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

from bjstc_desktop.core.errors import IntegrityError

HUB_FILE = "hub.json"
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
_chosen: str | None = None


def choose(url: str | None) -> None:
    """Record the address `--hub` gave (checked by the caller, store/backends.use_hub)."""
    global _chosen
    _chosen = url


@contextlib.contextmanager
def folder_choice() -> Iterator[None]:
    """Inside, every store opened is the one its data folder names, whatever `--hub`
    chose for the run: a hub's command that makes or opens a standalone workstation
    beside the hub (workstation/handoff.py, joining.py) must not reach the hub for it."""
    global _chosen
    previous, _chosen = _chosen, None
    try:
        yield
    finally:
        _chosen = previous


def hub_url(data_dir: Path) -> str | None:
    """The hub address the node in `data_dir` uses, or None for the embedded store."""
    if _chosen is not None:
        return _chosen
    try:
        doc = json.loads((data_dir / HUB_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise IntegrityError(f"{HUB_FILE} 已损坏。", f"{HUB_FILE} is damaged.") from exc
    url = doc.get("url") if isinstance(doc, dict) else None
    if not isinstance(url, str) or url.split(":", 1)[0].lower() not in _SCHEMES:
        raise IntegrityError(f"{HUB_FILE} 中的集中库地址无效。", f"{HUB_FILE} holds no valid hub address.")
    return url
