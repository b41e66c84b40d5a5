"""Official letters laid out as GB/T 9704-2012 prescribes.

layout (the numbers and the spacing limits) · fontfiles/fonts (licensed or bundled
faces, per-character fallback) · typeset (the 28 x 22 grid, 避头尾, 标点挤压,
justification) · words/titles/wording (word boundaries, title lines, titles worded as
an officer writes them) · spec (what a letter says) · header/flow/tables/compose (where
each element goes; flow cuts the pages) · pagemodel (the laid-out pages, independent of
any writer) · draw/render/pdffonts (the reportlab writer and its font repairs) · pdfa
(PDF/A-2b with pikepdf) · merge/templates (resources/letters, filled from a case) ·
output (the all-or-nothing file write). The 发文字号 allocator and the register are in
store/repositories/letters.py; ops/letters.py ties them together in one transaction.
"""
