"""Everything Qt: the main window, the duty tabs, models, dialogs and workers.

Only this package and `bjstc_desktop.app` import PySide6 (an import-linter contract).
The GUI is a client of `bjstc_desktop.workstation.Workstation`; it holds no rules.
"""

from bjstc_desktop.gui import _pyside_scan

_pyside_scan.install()  # before PySide6 loads (see the module)
