"""The staged pipeline: load → normalize → structure → extract → validate → write."""
