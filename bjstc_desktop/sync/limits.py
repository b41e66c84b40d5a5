"""Every constant of the package format (docs/sync-format.md §Limits). The reader checks
each length and count against these before it uses it."""

from __future__ import annotations

import struct

MAGIC = b"BJSTCSYN"
FORMAT_VERSION = 2  # 2: signed revisions, the sender's audit head, attachments bound to records
OLDEST_FORMAT_SEEN = 1  # versions below FORMAT_VERSION are refused as too old, never read
PREAMBLE = struct.Struct(">8sHH8sI")  # magic | format version | suite id | sender key id | header length
PREAMBLE_LEN = PREAMBLE.size  # 24

HEADER_FIXED = struct.Struct(">16sQ16sQB")  # package id | created ms | payload salt | payload length | recipients
HEADER_FIXED_LEN = HEADER_FIXED.size  # 49
KEY_ID_LEN = 8
MAX_RECIPIENTS = 32
HEADER_MAC_LEN = 32
SIGNATURE_LEN = 64

CHUNK_SIZE = 64 * 1024
TAG_LEN = 16

MAX_PACKAGE = 8 * 1024**3  # 8 GiB: the largest USB medium we plan for
MAX_FRAMES = 2_000_000
FRAME_HEADER = struct.Struct(">BI")  # type | length
MAX_MANIFEST = 1024 * 1024
MAX_REVISION = 1024 * 1024
MAX_BLOB_START = 1024 * 1024  # lists the records an attachment content belongs to
MAX_BLOB_RECORDS = 20_000
MAX_BLOB_DATA = 1024 * 1024
MAX_END = 1024
MAX_ATTACHMENT = 512 * 1024 * 1024  # as store/blobs.py

MAX_JSON_DEPTH = 32
MAX_STRING = 256 * 1024
MAX_KEYS = 10_000
MAX_LIST = 100_000
MAX_INT = 2**53

MAX_PARENTS = 16
MAX_ANCESTRY = 1000
MAX_ACK_SEQS = 64
MAX_GIMME = 256
MAX_CARD = 16 * 1024
MAX_OFFICER = 64  # characters of an author's officer name

CLOCK_AHEAD_MS = 24 * 3600 * 1000  # a remote HLC further ahead than this is flagged, not followed


def header_length(recipients: int, recipient_len: int) -> int:
    """The exact header length for a recipient count (the header has no free space)."""
    return HEADER_FIXED_LEN + recipients * recipient_len


def chunk_count(payload_length: int) -> int:
    """How many STREAM chunks a payload of this length has (an empty payload: one)."""
    return max(1, -(-payload_length // CHUNK_SIZE))


def ciphertext_length(payload_length: int) -> int:
    """Payload length plus one tag per chunk."""
    return payload_length + TAG_LEN * chunk_count(payload_length)
