"""Letters as OFD (GB/T 33190-2016), the format of 党政机关电子公文: the same laid-out
pages as the PDF (pagemodel), written by a second writer.

writer (the package and its XML parts) · content (text objects with glyph positions,
rules as paths) · docinfo (metadata and the 公文 custom data) · fontsubset (embedded
TrueType subsets with a Unicode cmap) · package (the deterministic ZIP) · xml (namespace
and number formats).
"""

from bjstc_desktop.letters.ofd.writer import write_ofd

__all__ = ["write_ofd"]
