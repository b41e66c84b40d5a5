"""Frozen entry point of `bjstc` (the console program)."""

from bjstc_desktop.cli import main

raise SystemExit(main())
