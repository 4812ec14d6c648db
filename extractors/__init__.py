"""Grammars of 公文 as plain functions over strings: numbers, dates, deadlines, figures,
body names, heading markers and item fields. They import only the lexicons; deciding where
each runs and turning matches into records is the pipeline's work (pipeline/annotate.py,
pipeline/assemble.py)."""
