"""Official letters laid out as GB/T 9704-2012 prescribes (issue: letters).

Will hold: the grid typesetter on the reportlab canvas, font selection and fallback,
letter templates merged from cases, the document-number allocator and PDF/A output.
"""
