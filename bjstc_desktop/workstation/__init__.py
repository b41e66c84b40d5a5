"""The application API (issue 15 point 5): `Workstation`, the session of one unlocked
user, with its operations as sub-objects (`ws.cases`, `ws.letters`, ...); opening.py
holds init/open/recover/restore. The values the API returns: bjstc_desktop/api_types.py."""

from bjstc_desktop.workstation.opening import InitResult, NewAccount
from bjstc_desktop.workstation.session import Workstation

__all__ = ["InitResult", "NewAccount", "Workstation"]
