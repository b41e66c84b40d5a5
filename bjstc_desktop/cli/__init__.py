"""The `bjstc` command (design/cli.md): every Workstation operation, headless.

    parser.py   the command tree: every group, command and option, with its help
    runner.py   main(): language, parsing, the command's module loaded when it runs
    common.py   exit codes, JSON, KEY=VALUE and dates, passphrases, unlocking, errors → exit codes
    show.py     cases as the officer reads them (case list, search)
    station.py init, info, modules, backup, restore, settings, rules, demo
    users.py    user ...            cases.py   case ...          bulk.py     case bulk-...
    search.py   search              audit.py   audit ...         reference.py validate, calendar ...
    imports.py  import ...          letters.py letter ...        reports.py  export ..., dashboard
    sync.py     identity/peer/sync  experts.py expert ...        integrity.py integrity ...
    archive.py  archive ...

Exit codes: 0 done; 1 refused or failed, nothing changed; 2 usage error; 3 authentication
failed; 4 integrity failure; 5 a bulk action partly done; 6 the store stayed busy (another
program kept writing). Never a Python traceback for anything an officer can do.
"""

from bjstc_desktop.cli.runner import main

__all__ = ["main"]
