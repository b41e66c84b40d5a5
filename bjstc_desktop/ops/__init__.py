"""The operations of the application API, grouped by subject. `Workstation`
(workstation.py) combines them; the CLI and the GUI call only `Workstation`."""
