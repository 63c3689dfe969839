"""Deterministic sample landing zone (Kalimantan Barat) for developing and testing the pipeline.

`generate(out, seed=2023, scale="full"|"small"|"province"|"smoke")` writes bodies.csv and, per
body, e-mail, WhatsApp, buku tamu, web, survey and DM exports; options: `jobs`, `bodies` (first N),
`years`, `month` (a monthly delivery). `python -m transforms.sample_data --out DIR` does the same.
"""

from transforms.sample_data.generator import SCALES, Summary, generate

__all__ = ["SCALES", "Summary", "generate"]
