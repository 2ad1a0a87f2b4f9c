"""A second look at the subject (trích yếu) of a scanned first page.

The subject is the one typed field written in free words, and the one appraisers search by. On a
photographed page Tesseract drops or invents marks there ("bán nên", "(điện tích:"), differently
for each binarisation. So the subject's lines are cropped and read again with Tesseract's three
thresholding methods, and `reconcile` decides syllable by syllable. Marks no judge can settle put
`subject` in `needs_review`; `field_sources["subject"]` says what was changed or disputed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from PIL import Image

from core.models import Page, PointBox
from extractors import tesseract_api
from extractors.coloured_ink import without_coloured_ink
from extractors.dates import repair_cited_date_digits
from extractors.doc_types import repair_symbol_types
from extractors.lexicon import lexicon, respell_slips, respell_tone_slips
from extractors.lookalikes import map_lookalikes
from extractors.normalize import compact_key, merge_doubled_vowels
from extractors.ocr import (
    TESSERACT_TIMEOUT_SECONDS,
    OcrSettings,
    PageImage,
    limit_tesseract_threads,
    prepare_image,
    render_page,
)
from extractors.places import respell_places
from extractors.reconcile import Reconciled, reconcile
from extractors.split_syllables import join_split_syllables
from extractors.subject_words import (
    doubtful_words,
    repair_cited_party_types,
    repair_cited_terms,
    repair_year_word,
)
from extractors.symbol_agency import split_glued_cited_symbols

THRESHOLDING_METHODS = (0, 1, 2)  # Otsu, Leptonica adaptive Otsu, Sauvola
SUBJECT_ZONE = 0.6  # of the page's height, from the top
MIN_MATCHED_SHARE = 0.7  # of the subject's words found on the page, else the subject came from elsewhere


def subject_box(page: Page, subject: str) -> PointBox | None:
    """Where the subject's words are on the page: the box around the page words that align with it."""
    subject_keys = [k for k in map(compact_key, subject.split()) if k]
    # the subject sits under the header; the body's restatement of it ("Điều 1. Chấp thuận …") does not count
    words = [w for w in page.words if compact_key(w.text) and w.top < SUBJECT_ZONE * page.height]
    if len(subject_keys) < 3 or not words:
        return None
    matcher = SequenceMatcher(None, [compact_key(w.text) for w in words], subject_keys, autojunk=False)
    matched = [
        words[block.a + i] for block in matcher.get_matching_blocks() if block.size >= 2 for i in range(block.size)
    ]
    if len(matched) < MIN_MATCHED_SHARE * len(subject_keys):
        return None
    margin = 0.4 * sorted(w.bottom - w.top for w in matched)[len(matched) // 2]
    return (
        max(0.0, min(w.x0 for w in matched) - margin),
        max(0.0, min(w.top for w in matched) - margin),
        min(page.width, max(w.x1 for w in matched) + margin),
        min(page.height, max(w.bottom for w in matched) + margin),
    )


def under_a_stamp(page: Page, box: PointBox) -> bool:
    """Whether a stamp painted out before OCR (`Page.stamps`) lay over part of `box`: figures written
    on the stamp in black, and marks under its ink, may still be read among the box's words."""
    x0, top, x1, bottom = box
    return any(sx0 < x1 and x0 < sx1 and stop < bottom and top < sbottom for sx0, stop, sx1, sbottom in page.stamps)


def texts_by_thresholding(crop: Image.Image, segmentation: int, settings: OcrSettings | None = None) -> list[str]:
    """The crop's text (cut from OCR's image of the page) once per thresholding method. Only the crop
    is prepared (red removed, deskewed by its own skew, bicubic); Tesseract is told its resolution, as
    an image file would tell the command (else it sizes its adaptive thresholdings' windows for 70 ppi:
    on the photographed subjects of the samples, method 1 then read the paper's grain as text, 0.3-0.5 s
    a document)."""
    settings = settings or OcrSettings()
    limit_tesseract_threads()
    prepared, _ = prepare_image(crop, settings, Image.Resampling.BICUBIC)
    return [
        merge_doubled_vowels(
            map_lookalikes(
                tesseract_api.image_to_string(
                    prepared,
                    settings.language,
                    segmentation,
                    TESSERACT_TIMEOUT_SECONDS,
                    {"thresholding_method": str(method)},
                    resolution=settings.dpi,
                )
            )[0]
        )
        for method in THRESHOLDING_METHODS
    ]


def rendered_box(pdf_path: str, page_index: int, box: PointBox, settings: OcrSettings | None = None) -> Image.Image:
    """Where OCR's image of the page is not at hand: the page rendered again, the box cut out."""
    settings = settings or OcrSettings()
    image, scale, _, _ = render_page(pdf_path, page_index, settings.dpi)
    return PageImage(image, scale).rendered_crop(box)


def read_lines_again(crop: Image.Image, settings: OcrSettings | None = None) -> list[str]:
    """Worker entry point: the subject's lines once per thresholding method, as one line each, and
    again without coloured ink where the crop holds some (a receiver's stamp over the subject)."""
    readings = texts_by_thresholding(crop, 6, settings)
    cleaned = without_coloured_ink(crop)
    if cleaned is not None:
        readings += texts_by_thresholding(cleaned, 6, settings)
    return [" ".join(text.split()) for text in readings]


def read_box_again(pdf_path: str, page_index: int, box: PointBox, settings: OcrSettings | None = None) -> list[str]:
    """Worker entry point where OCR's image of the page is not at hand: render the page, read the box."""
    return read_lines_again(rendered_box(pdf_path, page_index, box, settings), settings)


@dataclass(frozen=True)
class SubjectReview:
    subject: str
    needs_review: bool
    source: str | None  # what was changed or disputed, for `field_sources`


_Repair = Callable[[str], tuple[str, list[tuple[str, str]]]]
# The repairs of a reconciled subject, in turn: the label of their note, and whether a person must
# still confirm what they changed (a guess by the language or by the letters' shapes, not by sight).
_REPAIRS: tuple[tuple[str, _Repair, bool], ...] = (
    ("syllables OCR split, joined", lambda text: join_split_syllables(text, lexicon()), False),
    ("cited symbols as the catalog spells them", repair_symbol_types, False),
    ("cited symbols as the catalog spells them", split_glued_cited_symbols, False),
    ("terms as the cited year makes them", repair_cited_terms, False),
    ("the word before a year read as năm", repair_year_word, False),
    ("cited Party numbers' types as their names say", repair_cited_party_types, False),
    ("cited dates' letters read as digits", repair_cited_date_digits, True),
    ("places as the gazetteer spells them", respell_places, False),
    ("pairs as legal text prints them", respell_slips, True),
    ("pairs as the dictionary writes them, another tone", respell_tone_slips, True),
)


def review_subject(subject: str, readings: list[str], *, under_title: bool = False) -> SubjectReview:
    """Reconcile the subject as parsed with the readings of its lines (the readings may hold the
    title or a rule line too: only the words that align with the subject count). `under_title`: the
    subject is a title's (not a công văn's "V/v …"), so it starts with a capital."""
    outcome: Reconciled = reconcile([subject, *readings], lexicon())
    notes = []
    if outcome.changes:
        notes.append("corrected " + ", ".join(f"{before} → {after}" for before, after in outcome.changes))
    if outcome.disputed:
        notes.append("readings disagree on " + ", ".join(outcome.disputed))
    text = outcome.text
    changes_by_label: dict[str, list[tuple[str, str]]] = {}
    confirm = False
    for label, repair, by_guess in _REPAIRS:
        text, changes = repair(text)
        if changes:
            changes_by_label.setdefault(label, []).extend(changes)
            confirm = confirm or by_guess
    notes += [f"{label}: " + ", ".join(f"{a} → {b}" for a, b in changes) for label, changes in changes_by_label.items()]
    doubtful = doubtful_words(text)
    if under_title and text[:1].islower():
        doubtful.append(f"'{text.split()[0]}' starts a title's subject in lower case: its first letters were lost")
    if doubtful:
        notes.append("not words a document prints: " + ", ".join(doubtful))
    source = None
    if notes:
        how = f"OCR subject read {len(readings) + 1} ways" if readings else "OCR subject checked against the lexicon"
        source = f"{how}: " + "; ".join(notes)
    in_doubt = bool(outcome.disputed or doubtful or confirm)
    return SubjectReview(subject=text, needs_review=in_doubt, source=source)
