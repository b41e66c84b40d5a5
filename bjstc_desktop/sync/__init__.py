"""Encrypted, signed sync packages between workstations (issue: sync).

Will hold: the package format (docs/sync-format.md), crypto suites, export, import,
three-way merge, conflicts and peers. Node keys already exist (store/identity.py).
"""
