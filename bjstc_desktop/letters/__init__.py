"""Official letters laid out as GB/T 9704-2012 prescribes.

layout (the numbers) · fontfiles/fonts (licensed or bundled faces, per-character
fallback) · typeset (the 28 x 22 grid, 避头尾, justification) · spec (what a letter
says) · header/flow/compose (where each element goes) · pagemodel/draw/render (reportlab)
· pdfa (PDF/A-2b with pikepdf) · merge/templates (resources/letters, filled from a case)
· output (the all-or-nothing file write). The 发文字号 allocator and the register are in
store/repositories/letters.py; ops/letters.py ties them together in one transaction.
"""
