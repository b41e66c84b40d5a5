"""Encrypted, signed sync packages between workstations (docs/sync-format.md).

- limits, canonical, suite, seal, unseal, frames: the container, byte by byte;
- card, peers: identity cards and trusted peers;
- casebody, dag, bulk, merge, revisions, validate, manifest: revisions with ancestry,
  the three-way merge and the strict checks of what arrives;
- shapes, registerbody, validate_registers, checks: the kinds of record (cases with
  their panels and 件, experts, 科研失信 records), how each merges and is checked;
- admission, authorship, intake: what a peer is trusted to write;
- export, channels: what goes to whom, acknowledgements and sequence numbers.

The Workstation operations that use them are in ops/sync_*.py.
"""
