"""`python -m bjstc_desktop` starts the GUI."""

from bjstc_desktop.app import main

raise SystemExit(main())
