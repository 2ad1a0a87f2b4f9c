"""The shared vocabulary of kiemchung: the document model (`models`), rubric schemes (`rubric`), the
registry of appraised units (`units`) and the agency gazetteer (`gazetteer`, data in `data/`).

Below everything: `extractors`, `kiemchung` (the application) and `flows` import from here; this
package imports none of them (tests/test_layering.py checks it).
"""
