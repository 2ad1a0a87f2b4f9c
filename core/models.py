"""The one vocabulary shared by extractors, stores, flows, CLI and web.

`DocumentRecord` is the contract of `kiemchung extract --json` (see README, "Output contract"):
one record per input file. More keys may be added; none may be renamed or removed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PageMethod = Literal["text", "ocr", "converted"]
PageTurn = Literal[0, 90, 180, 270]
PointBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, origin top-left
SignatureStatus = Literal["valid", "untrusted", "modified", "invalid", "unsigned"]
SigningCapacity = Literal["TM.", "KT.", "TL.", "TUQ."]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Word(Model):
    """One word on a page with its box in PDF points, origin top-left (pdfplumber convention)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None  # OCR only, 0..100
    start: int | None = None  # offset of the word in its page's `text`, to map spans back to boxes
    # OCR only: the line Tesseract read the word in (its block, paragraph and line, numbered in the
    # order Tesseract gave them on the page); words of one such line share it. None for a text layer.
    line: int | None = None


_TURN_NOTE = re.compile(r"scanned turned (90|180|270)°, read upright")
_SKEW_NOTE = re.compile(r"deskewed ([+-]?\d+(?:\.\d+)?)°")


class Page(Model):
    page: int  # 1-based
    method: PageMethod
    confidence: float | None = None  # mean OCR word confidence 0..100; None for a text layer
    text: str  # the text as read (NFC), line breaks kept
    width: float = 0.0  # points
    height: float = 0.0
    words: list[Word] = Field(default_factory=list)
    # why this method was chosen ("text layer ok", "no text layer", "stale layer: 3% diacritics", ...)
    reason: str = ""
    # How far (degrees, clockwise) the page as rendered is turned from the frame its words were read
    # in: a page scanned sideways or upside down, read turned upright (OCR); a text page the PDF shows
    # turned (/Rotate). `width`, `height` and the word boxes are of the rendered page turned back by
    # `turned` (counter-clockwise), which is how it is shown with its boxes; 0: read as rendered.
    turned: PageTurn = 0
    # A scan read straightened: degrees it was then turned about its centre (counter-clockwise, as
    # `Image.rotate`) before its words were read, after `turned`; 0.0 when read as it was.
    skew: float = 0.0
    # Boxes (points, x0, top, x1, bottom, on the page as rendered) of stamps and signatures whose
    # coloured ink was painted out before OCR read the page: what lay under them may be misread.
    stamps: list[PointBox] = Field(default_factory=list)

    @model_validator(mode="after")
    def _turn_of_older_records(self) -> Page:
        """Records made before the fields existed (extractor 2026.12.01-*) said the turn and the skew
        only in `reason` ("…; scanned turned 90°, read upright; OCR vie at 300 dpi, deskewed -1.2°"):
        their pages keep them."""
        if "°" not in self.reason:
            return self
        if self.turned == 0 and "turned" not in self.model_fields_set:
            found = _TURN_NOTE.search(self.reason)
            if found:
                self.turned = int(found.group(1))  # type: ignore[assignment]
        if self.skew == 0.0 and "skew" not in self.model_fields_set:
            found = _SKEW_NOTE.search(self.reason)
            if found:
                self.skew = float(found.group(1))
        return self


class Signer(Model):
    name: str | None = None
    title: str | None = None
    capacity: SigningCapacity | None = None


class Reference(Model):
    number: str | None = None
    doc_type: str | None = None
    date: dt.date | None = None


class Evidence(Model):
    criterion: str
    page: int
    start: int  # character offsets into that page's text
    end: int
    quote: str
    facts: dict[str, Any] = Field(default_factory=dict)
    rule: str
    confidence: float
    scheme: str | None = None
    scheme_version: str | None = None


class Signature(Model):
    status: SignatureStatus = "unsigned"
    signer: str | None = None
    signed_at: dt.datetime | None = None


class DocumentRecord(Model):
    file: str
    sha256: str
    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    superior: str | None = None
    place: str | None = None
    issue_date: dt.date | None = None
    # "YYYY-MM" when the typed month and year are read even though the day is not (handwritten day)
    issue_month: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}$")
    subject: str | None = None
    signer: Signer | None = None
    recipients: list[str] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    pages: list[Page] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    signature: Signature = Field(default_factory=Signature)
    needs_review: list[str] = Field(default_factory=list)
    # how a field was obtained when not read from its typed text ("file name", "signing time", …)
    field_sources: dict[str, str] = Field(default_factory=dict)
    error: str | None = None
    unit: str | None = None  # id of the appraised unit in the unit registry (rubrics/units*.yaml)
    year: int | None = None  # the year the document counts for (plan/report year, else issue year)
    page_count: int = 0
    extractor_version: str = ""

    def contract_json(self, *, with_words: bool = False) -> str:
        """One JSON line as printed by `kiemchung extract --json`."""
        exclude: Any = None if with_words else {"pages": {"__all__": {"words"}}}
        return self.model_dump_json(exclude=exclude)


class DocumentFields(Model):
    """What the NĐ30 field parser reads from a document's pages (no I/O, no provenance of the file)."""

    doc_type: str | None = None
    number: str | None = None
    issuer: str | None = None
    superior: str | None = None
    place: str | None = None
    issue_date: dt.date | None = None
    issue_month: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}$")
    subject: str | None = None
    signer: Signer | None = None
    recipients: list[str] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    needs_review: list[str] = Field(default_factory=list)
    field_sources: dict[str, str] = Field(default_factory=dict)
