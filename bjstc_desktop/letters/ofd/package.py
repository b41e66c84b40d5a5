"""The OFD container (GB/T 33190-2016 §7.1): a ZIP file whose entry OFD.xml names the
document. Written so that the same letter always gives the same bytes (the register
keeps the file's SHA-256): entries in the order given, every one dated 1980-01-01, made
on "Unix" with mode 0644, deflated at one fixed level, no comment, no extra fields.
(zlib's output for a given level is the same on every platform this application ships
for; a zlib fork such as zlib-ng could deflate differently, which would change the hash
of a re-made file but never the file the register holds.)
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP entry can carry
LEVEL = 6
_UNIX = 3
_MODE = 0o100644 << 16  # a regular file, rw-r--r--


def zip_parts(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """The ZIP bytes of `parts` (name, data), in the order given."""
    out = io.BytesIO()
    seen: set[str] = set()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts:
            if name in seen:
                raise ValueError(f"duplicate OFD part {name}")
            seen.add(name)
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = _UNIX
            info.external_attr = _MODE
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=LEVEL)
    return out.getvalue()
