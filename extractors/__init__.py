"""Record extractors and the grammars they share (numbers, dates)."""
