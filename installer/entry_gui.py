"""Frozen entry point of `bjstc-desktop` (the windowed program)."""

from bjstc_desktop.app import main

raise SystemExit(main())
