"""The first screen over the SQLCipher DB-API connection itself (issue 15 point 4).

A start-up shows its window before SQLAlchemy and the ORM models load: the unlock's
checks (unlock.py), the reads the first window makes (reads.py: tab counts, a duty's
first page, settings, user names, whether there are drafts) and the close of a session
that did nothing else (connection.py: the unlock's audit events, the chain checked since
the anchor, the statistics, the checkpoint) are written here in plain SQL with the few
conversions they need (dates, sealed titles). workstation/starting.py opens the full
session, with the same keys, for everything else. An embedded store only: on a hub the
first screen keeps the session's path."""
