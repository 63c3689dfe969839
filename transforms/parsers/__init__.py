"""Parsers: one landing file in, raw rows and quarantined items out."""
