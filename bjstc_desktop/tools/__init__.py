"""Developer and set-up tools (seed generators, translation build, demo launcher)."""
