"""`python -m bjstc_desktop.cli ...`: the `bjstc` command."""

import sys

from bjstc_desktop.cli.runner import main

sys.exit(main())
