"""The NĐ30 fields of a document from its pages: type, number, issuer, place and date, subject,
signer, recipients and cited documents. Pure: pages in, `DocumentFields` out.

Where the page does not say a value plainly (handwritten number or day, low OCR confidence,
characters that are not digits) the value is left out or cut to its typed part and the field is
named in `needs_review`: a person checks it, the parser never guesses.

Blank fields are review items too, by what NĐ30 (Điều 8) says a document has. A document in the
NĐ30 form — its page 1 shows the national motto, a "Số:" line, a place-and-date line or a title
such as "KẾ HOẠCH" — has a type (a công văn is "CV"), a number, an issuing agency, an issue date and
a subject: each one the record leaves null is listed in `needs_review` (a report whose number is
missing is a report a person must look at). A document without that form (a fund list, a table, a
report typed without a header) is not required to have them: what it does not state is not a
review item. A first page with no text at all says nothing either way, so every field is listed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from core.models import DocumentFields, Page
from extractors import stamps
from extractors.agencies import (
    branch_may_be_issuer,
    prints_its_superior,
    read_header_agencies,
    starts_with_agency,
)
from extractors.dates import looks_like_place_date, parse_place_date
from extractors.doc_types import ADMINISTRATIVE_TYPES, type_of_name
from extractors.file_names import number_hint
from extractors.layout import (
    Header,
    Line,
    PageLines,
    is_motto,
    is_motto_second_line,
    is_number_line,
    is_rule,
    place_date_line,
    read_header,
)
from extractors.normalize import compact_key, fold, matching_form
from extractors.numbers import (
    NumberReading,
    code_put_back,
    issuer_initials,
    read_number,
    read_unlabelled_number,
    split_number,
    strip_label,
    symbol_slip,
    symbol_type_slip,
    symbol_without_stroke,
)
from extractors.orientation import reads_poorly
from extractors.places import check_commune, is_known_place, normal_place, respell_places, spelled_as_locality
from extractors.references import cited_dates_disagreeing, find_references
from extractors.signer import read_closing_block
from extractors.signer_confidence import doubtful_name
from extractors.subjects import (
    TITLE_SEARCH_LINES,
    TITLE_SEARCH_LINES_UNSPLIT,
    VV_LABEL,
    ocr_marks_cleared,
    read_title_block,
    repair_subject,
    subject_of_cong_van,
)
from extractors.symbol_agency import (
    FIXED_KIND_CODES,
    body_named_by_symbol,
    is_issuer_code,
    kind_code,
    kind_code_slip,
    part_of_name,
    split_glued_own_symbol,
    symbol_names_body,
    symbol_names_issuer_first,
)
from extractors.text_quality import MIN_WORDS, is_vietnamese_syllable, judge_text
from extractors.two_up import split_two_up

# OCR words below this confidence (0..100) do not give digits of a number or a date.
DIGIT_CONFIDENCE = 80.0
YEAR_CONFIDENCE = 60.0


def _unstamped(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.text.strip() and not stamps.is_stamp_line(line.text)]


def _confident(line: Line, span: tuple[int, int], offset: int, threshold: float, ocr: bool) -> bool:
    """Are the characters in `span` read with enough confidence? OCR text without word confidences
    cannot say, so its digits are never sure; a text layer's characters are what the file says."""
    start, end = span[0] + offset, span[1] + offset
    if end <= start:
        return True
    confidence = line.confidence_of(start, end)
    if confidence is None:
        return not ocr
    return confidence >= threshold


def _read_number(left: list[Line], ocr: bool) -> tuple[int | None, NumberReading | None, bool, bool]:
    """(index of the number line in `left`, the reading, whether its digits are trustworthy,
    whether its "Số:" label was read)."""
    for index, line in enumerate(left):
        rest = strip_label(line.text)
        if rest is None:
            continue
        reading = read_number(rest)
        if reading is None:
            continue
        offset = len(line.text) - len(rest)
        sure = reading.sure and _confident(line, reading.digits_span, offset, DIGIT_CONFIDENCE, ocr)
        return index, reading, sure, True
    for index, line in enumerate(left):
        reading = read_unlabelled_number(line.text)
        if reading is not None:
            sure = reading.sure and _confident(line, reading.digits_span, 0, DIGIT_CONFIDENCE, ocr)
            return index, reading, sure, False
    return None, None, False, False


def _commune_checked(name: str, value: str | None, needs_review: list[str], sources: dict[str, str]) -> str | None:
    """`value` with its commune as the gazetteer spells the same letters (`check_commune`), noted in
    `sources`; a commune no list has puts `name` in `needs_review` (OCR may have changed a letter)."""
    if not value:
        return value
    check = check_commune(value)
    if check.changes:
        respelled = ", ".join(f"{printed} → {spelled}" for printed, spelled in check.changes)
        sources[name] = f"marks as the gazetteer spells the commune: {respelled}"
    if check.unknown is not None:
        sources.setdefault(name, f"'{check.unknown}' is no commune of the gazetteer (the lists of 2025 and before)")
        if name not in needs_review:
            needs_review.append(name)
    return check.text


def _spelled_as_sure_locality(
    place: str, issuer: str | None, superior: str | None, needs_review: list[str], sources: dict[str, str]
) -> str:
    """An OCR place with the letters of the issuer's (or superior's) locality, spelled as that one is
    when the agency's name is sure ("Tân Lặp, ngày …" under "Ủy ban nhân dân xã Tân Lập"), for review
    when it is not."""
    for name, agency in (("issuer", issuer), ("superior", superior)):
        spelled = spelled_as_locality(place, agency) if agency else None
        if spelled is None:
            continue
        if name not in needs_review:
            sources["place"] = f"as the {name}'s locality is spelled: '{place}' → '{spelled}'"
            return spelled
        if "place" not in needs_review:  # two readings of one name that differ in marks, neither sure
            needs_review.append("place")
            sources["place"] = f"marks differ from the {name}'s locality '{spelled}', itself unsure"
    return place


def _respelled_for_review(name: str, value: str | None, needs_review: list[str], sources: dict[str, str]) -> str | None:
    """`value` with a place spelled as the gazetteer spells the same letters (`respell_places`);
    a change is noted in `sources` and puts `name` in `needs_review`."""
    if not value:
        return value
    respelled, changes = respell_places(value)
    if changes:
        sources[name] = "marks as the gazetteer spells the place: " + ", ".join(f"{a} → {b}" for a, b in changes)
        if name not in needs_review:
            needs_review.append(name)
    return respelled


def _label_line(left: list[Line]) -> int | None:
    """The index of a left line that starts with "Số" and a colon, whatever follows."""
    return next((i for i, line in enumerate(left) if strip_label(line.text) is not None and ":" in line.text[:6]), None)


def _names_nothing(printed: str) -> bool:
    """An agency word and no syllable after it ("Bộ SScEvonnaeua": the rule under a name read as
    letters): a body's word by chance, not a body's name."""
    rest = printed.split()[1:]
    return bool(rest) and not any(is_vietnamese_syllable(word.strip(".,;:")) for word in rest)


def _block_end_without_label(left: list[Line], right: list[Line]) -> int | None:
    """No "Số:" line read (a pen's digits over it, a stamp): the agency block still ends at a "V/v"
    line or at the row of the place-and-date line, which NĐ30 prints level with the number."""
    date_line = place_date_line(right)
    # the row from which a line is level with the date line; a text without word boxes has no rows
    date_row = date_line.top - date_line.height / 2 if date_line is not None and date_line.top > 0 else None
    for index, line in enumerate(left[1:], start=1):
        if VV_LABEL.match(fold(line.text)):
            return index
        if date_row is not None and line.top >= date_row:
            return index
    return None


@dataclass(frozen=True)
class _PlaceDateReading:
    place: str | None = None
    date: dt.date | None = None
    month: str | None = None  # "YYYY-MM" when month and year are sure
    unsure: bool = False
    printed_place: str | None = None  # as read, before the gazetteer's spelling


def _number_year(left: list[Line], index: int | None, reading: NumberReading | None, ocr: bool) -> int | None:
    """The year printed in the document's number ("52/2026/TT-BTC"), when read with confidence."""
    if index is None or reading is None or not reading.year:
        return None
    line = left[index]
    start = line.text.find(f"/{reading.year}/")
    if start < 0 or not _confident(line, (start + 1, start + 1 + len(reading.year)), 0, DIGIT_CONFIDENCE, ocr):
        return None
    return int(reading.year)


def _read_place_date(right: list[Line], ocr: bool, number_year: int | None = None) -> _PlaceDateReading:
    """Place, issue date when every part is sure, the typed "YYYY-MM" when only those are, and
    whether a person must check the date. A year OCR read unsurely is sure when the number, read
    surely, prints the same year ("năm 2026." at confidence 34, its full stop in the word, under
    "Số: 52/2026/TT-BTC"): two readings agree."""
    line = place_date_line(right)  # its wrapped parts joined
    reading = parse_place_date(line.text) if line is not None else None
    if line is not None and reading is not None:
        place = normal_place(reading.place) if reading.place else None
        day_span, month_span, year_span = reading.spans
        month_sure = (
            reading.month is not None
            and reading.year is not None
            and _confident(line, month_span, 0, DIGIT_CONFIDENCE, ocr)
            and (_confident(line, year_span, 0, YEAR_CONFIDENCE, ocr) or reading.year == number_year)
        )
        sure = month_sure and reading.date is not None and _confident(line, day_span, 0, DIGIT_CONFIDENCE, ocr)
        month = f"{reading.year:04d}-{reading.month:02d}" if month_sure else None
        return _PlaceDateReading(place, reading.date if sure else None, month, not sure, reading.place)
    # a date line the parser cannot read at all ("ngày" with the rest lost under a stamp)
    unreadable = any(re.search(r"(?:^|,)\s*ngay\b", fold(line.text).lower()) for line in right)
    return _PlaceDateReading(unsure=unreadable)


def _doc_type(title: str | None, reading: NumberReading | None, has_vv: bool, issuer: str | None) -> str | None:
    symbol_type = reading.doc_type if reading is not None else None
    if (
        title is None
        and has_vv
        and reading is not None
        and issuer is not None
        and symbol_names_issuer_first(reading.symbol, issuer)
    ):
        return "CV"  # a letter's symbol, sender first: "TTr-VP" from an inspectorate is no Tờ trình
    title_type = type_of_name(title) if title else None
    if symbol_type in ADMINISTRATIVE_TYPES:
        return symbol_type
    if title_type is not None:
        return title_type
    if symbol_type is not None:
        return symbol_type
    if title is None and (has_vv or reading is not None):
        return "CV"
    return None


def _respelt_symbol(
    number: str, reading: NumberReading, symbol: str, why: str, sources: dict[str, str]
) -> tuple[str, NumberReading]:
    """The number and its reading with the symbol written `symbol`, and why, in `sources`."""
    if not number.endswith(reading.symbol):
        return number, reading
    sources["number"] = "; ".join(filter(None, [sources.get("number"), f"{why}: {reading.symbol} → {symbol}"]))
    respelt = replace(reading, number=reading.number.replace(reading.symbol, symbol), symbol=symbol)
    return number[: -len(reading.symbol)] + symbol, respelt


def _note_number_doubt(note: str, needs_review: list[str], sources: dict[str, str]) -> None:
    """The number under review for a slip no confidence shows, the note kept beside any other: a
    later look that makes the digits sure must still see that the symbol is doubted."""
    if "number" not in needs_review:
        needs_review.append("number")
    sources["number"] = "; ".join(filter(None, [sources.get("number"), note]))


# What every document in the NĐ30 form carries (Điều 8), in the order `needs_review` lists them.
ND30_FIELDS = ("doc_type", "number", "issuer", "place", "issue_date", "subject")


def _nd30_form(header: Header, number: NumberReading | None, title: str | None) -> bool:
    """Does page 1 show the NĐ30 form: a number or date line in the header, a title, or the motto?"""
    if number is not None or title is not None or any(looks_like_place_date(line.text) for line in header.right):
        return True
    return _shows_motto([*header.left, *header.right, *header.after[:12]])


def _shows_motto(lines: list[Line]) -> bool:
    return any(is_motto(line.text) or is_motto_second_line(line.text) for line in lines)


def unreadable_ocr(page: Page) -> bool:
    """An OCR page that cannot show what it is: not Vietnamese, words on their sides, or next to no
    words (a scan read as its typed caption only)."""
    return page.method == "ocr" and (reads_poorly(page) or judge_text(page.text).words < MIN_WORDS)


def blank_fields(values: Mapping[str, object], nd30_form: bool, first_page: Page) -> list[str]:
    """The NĐ30 fields left null that a person must fill: all of them for a document in the NĐ30
    form, or one whose first page has no text or an OCR reading too poor to show whether it is in
    that form (not Vietnamese, words on their sides, next to no words: a scan read as its typed
    caption only); none for a document without that form."""
    if not nd30_form and first_page.text.strip() and not unreadable_ocr(first_page):
        return []
    return [name for name in ND30_FIELDS if values.get(name) is None]


# A first page with fewer words than this and no header is a blank sheet or a cover ("PHIẾU TRÌNH",
# a scanned envelope, a separator sheet) when the header is on the next page.
MAX_COVER_WORDS = 40


def _shows_motto_or_title(header: Header) -> bool:
    """The motto, or a type's title, among the first lines of a page without a header block."""
    top = header.after[:15]
    return _shows_motto(top) or any(type_of_name(line.text) is not None for line in top)


def _whole_header(header: Header) -> bool:
    return any(is_number_line(line.text) for line in header.left) and any(
        looks_like_place_date(line.text) for line in header.right
    )


def _header_page_order(pages: list[Page], header: Header, lines_of: PageLines) -> tuple[list[Page], str] | None:
    """The pages to read the fields from when page 1 is not the document's first page, and why:
    page 1 shows no header and few words (a blank sheet, a cover) while page 2 shows the header; or
    page 1 shows no NĐ30 mark at all while page 2 shows a whole header (number and date lines) —
    pages scanned out of order, page 1 then read last. None when page 1 is the first page."""
    if len(pages) < 2 or header.left or header.right:
        return None
    words = len(pages[0].text.split())
    following = read_header(pages[1], lines_of)
    if words < MAX_COVER_WORDS and (following.left or following.right):
        why = f"page {pages[0].page} holds {words} word(s) and no header (a blank sheet or a cover)"
        return pages[1:], why
    if not _shows_motto_or_title(header) and _whole_header(following):
        last = max(page.page for page in pages)
        moved = pages[0].model_copy(update={"page": last + 1})  # read after the others, for the signer
        why = f"page {pages[0].page} shows no header, motto or title; page {pages[1].page} shows the whole header"
        return [*pages[1:], moved], why
    return None


def header_page_number(pages: list[Page]) -> int | None:
    """The number of the page the header is read from (`parse_fields`): the first, or the next when
    the first is a cover or was scanned out of order. Second looks at the header read that page."""
    sheets = [stamps.without_banners(page) for page in sorted(pages, key=lambda p: p.page)]
    if not sheets:
        return None
    lines_of = PageLines()
    reordered = _header_page_order(sheets, read_header(sheets[0], lines_of), lines_of)
    return sheets[1].page if reordered is not None else sheets[0].page


def parse_fields(pages: list[Page], file_name: str | None = None) -> DocumentFields:
    """Read the NĐ30 fields of a document. `pages` in any order; page 1 carries the header.

    `file_name` is a last hint for a number whose digits were written by hand ("qd-1772-….pdf"):
    it fills the digits only when its type agrees with the printed symbol, and the number stays in
    `needs_review`.
    """
    sheets = [stamps.without_banners(page) for page in sorted(pages, key=lambda p: p.page)]
    pages = [half for sheet in sheets for half in split_two_up(sheet)]
    if not pages:
        return DocumentFields()
    lines_of = PageLines()  # page 1's lines serve the header and, in a short document, the signer
    header: Header = read_header(pages[0], lines_of)
    reordered = _header_page_order(pages, header, lines_of)
    if reordered is not None:
        fields = parse_fields(reordered[0], file_name)
        note = f"header read on page {pages[1].page}: {reordered[1]}"
        return fields.model_copy(update={"field_sources": {"header": note, **fields.field_sources}})
    needs_review: list[str] = []
    field_sources: dict[str, str] = {}
    left = _unstamped(header.left)
    right = _unstamped(header.right)

    ocr = pages[0].method == "ocr"
    number_index, reading, digits_sure, labelled = _read_number(left, ocr)
    number: str | None = None
    if reading is not None:
        if digits_sure:
            number = reading.number
        else:
            # the digits left blank, the rest as printed: "/KH-UBND", the Party's "-BC/ĐU"
            number = "".join(split_number(reading.number)[1:]) if reading.digits else reading.number
            hinted = number_hint(file_name, reading) if file_name else None
            if hinted:
                number = hinted
                field_sources["number"] = f"file name: {file_name}"
            needs_review.append("number")

    if reading is not None and not labelled:
        if "number" not in needs_review:
            needs_review.append("number")
        unlabelled = left[number_index or 0].text
        field_sources.setdefault("number", f"no 'Số:' label read: the line '{unlabelled}' is taken for the number")
    # a "Số:" label whose value reads as no number (digits by hand run into the symbol) still ends the
    # agency block, and what follows it is the công văn's "V/v" subject
    label_index = number_index if number_index is not None else _label_line(left)
    block_end = label_index if label_index is not None else _block_end_without_label(left, right)
    agency_lines = [line.text for line in (left[:block_end] if block_end is not None else left)]
    agencies = read_header_agencies([t for t in agency_lines if not is_rule(t)])
    issuer = agencies.issuer.name if agencies.issuer else None
    superior = agencies.superior.name if agencies.superior else None
    unstroked = None
    if ocr and reading is not None and not digits_sure and issuer:
        unstroked = symbol_without_stroke(reading.symbol, issuer)
    if reading is not None and number is not None and unstroked is not None:
        # the pen's stroke by the blank for handwritten digits, read as a letter of the symbol
        stroke = "a stroke before the symbol dropped"
        number, reading = _respelt_symbol(number, reading, unstroked, stroke, field_sources)
    glued = split_glued_own_symbol(reading.symbol, issuer) if reading is not None and issuer else None
    if reading is not None and number is not None and glued is not None:
        # "84/KHUBND": the dash OCR lost, put back where the type and the issuer's code meet
        why = "the symbol's lost dash put back by its type and the issuer's code"
        number, reading = _respelt_symbol(number, reading, glued, why, field_sources)
    # an inspectorate's "TTr" is its own code, not a slip on its initials "TTT"
    if ocr and reading is not None and issuer and not any(is_issuer_code(p, issuer) for p in reading.symbol.split("-")):
        issuer_sure = agencies.issuer is not None and agencies.issuer.sure
        superior_sure = agencies.superior is not None and agencies.superior.sure
        slips = (
            (symbol_slip(reading.symbol, issuer), issuer_initials(issuer), issuer_sure),
            (kind_code_slip(reading.symbol, issuer), kind_code(issuer), issuer_sure),
            (
                kind_code_slip(reading.symbol, superior) if superior else None,
                kind_code(superior) if superior else None,
                superior_sure,
            ),
        )
        slip, code, code_sure = next((found for found in slips if found[0]), (None, None, False))
        # a letter the symbol lacks is put in only for the codes the law fixes; a body's own code may
        # leave a word of its name out. The code is offered only from a name read surely: from a name
        # read in part ("Kế hoạch và Đầ t" for Sở Kế hoạch và Đầu tư) it would undo a right symbol.
        may_insert = code in FIXED_KIND_CODES
        meant = code_put_back(reading.symbol, code, may_insert=may_insert) if slip and code and code_sure else None
        if number is not None and meant is not None:
            # the code the slip most likely stands for, offered for review with the note below
            number, reading = _respelt_symbol(number, reading, meant, "the code the letters are one off", field_sources)
        if slip:
            _note_number_doubt(slip, needs_review, field_sources)  # an OCR slip in the symbol's letters
    readings = {"issuer": agencies.issuer, "superior": agencies.superior}
    symbol = reading.symbol if reading is not None else None
    named = body_named_by_symbol(symbol, issuer) if symbol and issuer and not superior else None
    if named is not None:
        # the line naming the issuer was lost; the committee read is its superior
        readings = {"issuer": None, "superior": agencies.issuer}
        issuer, superior = named, issuer
        needs_review += ["issuer", "superior"]
        field_sources["issuer"] = (
            f"no header line names it: symbol '{symbol}' abbreviates '{named}', a body under '{superior}'"
        )
    elif symbol and issuer and superior and agencies.issuer is not None and not agencies.issuer.sure:
        # the issuer's line read in part ("KẾ HOẠCH VÀ ĐẦ" of "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SỞ" under a stamp):
        # the body the symbol names under the superior, when the part read is of its name
        named = body_named_by_symbol(symbol, superior)
        if named is not None and part_of_name(agencies.issuer.printed, named):
            field_sources["issuer"] = (
                f"read '{issuer}', no entry; symbol '{symbol}' abbreviates '{named}', a body under '{superior}'"
            )
            readings = {"issuer": None, "superior": agencies.superior}
            issuer = named
            needs_review.append("issuer")
    if (
        symbol
        and issuer
        and superior
        and agencies.issuer is not None
        and readings["issuer"] is agencies.issuer
        and not agencies.issuer.sure
        and (not starts_with_agency(agencies.issuer.printed) or _names_nothing(agencies.issuer.printed))
        and agencies.superior is not None
        and agencies.superior.sure
        and symbol_names_body(symbol, superior)
        and not symbol_names_body(symbol, issuer)
    ):
        # a line of no body under a body the symbol names (a pen's scrawl or a stamp read as letters
        # below "UBND TỈNH ĐẮK LẮK", symbol "KH-UBND"): that body is the issuer
        field_sources["issuer"] = f"'{issuer}' below it is no body; symbol '{symbol}' names '{superior}'"
        readings = {"issuer": agencies.superior, "superior": None}
        issuer, superior = superior, None
        needs_review.append("issuer")
    for name, agency in readings.items():
        if agency is not None and agency.correction:
            field_sources.setdefault(name, agency.correction)
        if agency is not None and not agency.sure and name not in needs_review:
            needs_review.append(name)  # matches no gazetteer entry: a careful reading to check
    if ocr:
        # a commune's name OCR read: spelled as the one commune with its letters, else for review
        issuer = _commune_checked("issuer", issuer, needs_review, field_sources)
        superior = _commune_checked("superior", superior, needs_review, field_sources)
        # another place's letters spelled otherwise ("huyện Cân Giuộc"): a guess, so for review
        issuer = _respelled_for_review("issuer", issuer, needs_review, field_sources)
        superior = _respelled_for_review("superior", superior, needs_review, field_sources)
    if ocr and issuer and superior is None and prints_its_superior(issuer) and "superior" not in needs_review:
        needs_review.append("superior")  # its superior's line is printed above it: OCR lost that line
        field_sources.setdefault("superior", f"'{issuer}' is printed under its superior (NĐ30): none was read")
    if ocr and agencies.unread_below and "issuer" not in needs_review:
        needs_review.append("issuer")  # the issuer's own line may be the one OCR could not read
        field_sources.setdefault("issuer", f"unread header line below the agency: '{agencies.unread_below}'")

    place_date = _read_place_date(right, ocr, _number_year(left, number_index, reading, ocr))
    place, issue_date = place_date.place, place_date.date
    if place_date.unsure:
        needs_review.append("issue_date")
    printed_place = place_date.printed_place
    if (
        place is not None
        and printed_place is not None
        and compact_key(place) == compact_key(printed_place)
        and matching_form(place) != matching_form(printed_place)
    ):
        field_sources["place"] = f"as the gazetteer spells it: '{printed_place}' → '{place}'"
    if ocr and place is not None:
        place = _spelled_as_sure_locality(place, issuer, superior, needs_review, field_sources)
    branch = branch_may_be_issuer(issuer, place) if ocr and issuer and superior is None and place else None
    if branch is not None and "issuer" not in needs_review:
        needs_review.append("issuer")
        field_sources.setdefault("issuer", branch)
    if ocr and place is not None and not is_known_place(place, tuple(n for n in (issuer, superior) if n)):
        needs_review.append("place")  # OCR words no gazetteer nor the issuer knows: a ghost may be inside
        field_sources.setdefault("place", f"'{place}' is no gazetteer place nor the issuer's locality")

    below_number = left[label_index + 1 :] if label_index is not None else []
    if label_index is None and block_end is not None:
        # the "V/v" line itself, or the lines under the row where the number was lost
        below_number = left[block_end if VV_LABEL.match(fold(left[block_end].text)) else block_end + 1 :]
    has_vv = any(VV_LABEL.match(fold(line.text)) for line in below_number[:1])
    split = bool(header.left or header.right)
    search = TITLE_SEARCH_LINES if split else TITLE_SEARCH_LINES_UNSPLIT
    title_block = read_title_block(header.after, search, pages[0].stamps)
    title, subject = title_block.title, title_block.subject
    if title is None and below_number:
        subject = subject_of_cong_van([line.text for line in below_number]) or subject
    if ocr and subject is not None:
        subject = ocr_marks_cleared(subject)
    doc_type = _doc_type(title, reading, has_vv, issuer)
    type_slip = symbol_type_slip(reading.symbol, title) if ocr and reading is not None else None
    if type_slip is not None:
        _note_number_doubt(type_slip, needs_review, field_sources)  # OCR added or changed a letter of the type
    if ocr and doc_type == "CV" and title is None and not has_vv and (reading is None or reading.doc_type is None):
        # a công văn only because nothing else was read: a title OCR lost would say otherwise
        needs_review.append("doc_type")
        symbol_said = f" by its symbol '{reading.symbol}'" if reading is not None else ""
        field_sources["doc_type"] = f"no title and no 'V/v' line read: taken for a công văn{symbol_said}"
    if title is not None:
        printed_subject = subject
        subject = repair_subject(subject, pages[0].text)
        if title_block.beside_stamp and subject is not None and subject == printed_subject:
            needs_review.append("subject")
            field_sources["subject"] = "a stamp shared the subject's line and was cut off: words under it may be lost"
        elif title_block.stamp_among and subject is not None and subject == printed_subject:
            needs_review.append("subject")
            field_sources["subject"] = "a stamp's lines sat among the subject's: words under it may be lost"

    values = {
        "doc_type": doc_type,
        "number": number,
        "issuer": issuer,
        "place": place,
        "issue_date": issue_date,
        "subject": subject,
    }
    nd30_form = _nd30_form(header, reading, title)
    blank = blank_fields(values, nd30_form, pages[0])
    needs_review += [name for name in blank if name not in needs_review]

    closing = read_closing_block(pages, lines_of)
    # an NĐ30 document is signed (Điều 8): a signer whose name or title could not be read is a review
    # item, and so is one whose family name was restored or that was found only among the annexes
    if closing.unsure or (closing.incomplete and (nd30_form or not pages[0].text.strip() or unreadable_ocr(pages[0]))):
        needs_review.append("signer")
        field_sources.setdefault("signer", closing.review_reason())
    elif closing.signer is not None and closing.signer.name and closing.page is not None:
        signer_page = next((page for page in pages if page.page == closing.page), None)
        doubt = doubtful_name(signer_page, closing.signer.name) if signer_page is not None else None
        if doubt:
            needs_review.append("signer")
            field_sources["signer"] = doubt
    own_number = number if digits_sure else None
    full_text = "\n".join(page.text for page in pages)
    references = find_references(full_text, own_number)
    disagreeing = cited_dates_disagreeing(subject, full_text) if subject else []
    if disagreeing:
        if "subject" not in needs_review:
            needs_review.append("subject")
        note = "a cited document's date given otherwise elsewhere in the text: " + "; ".join(disagreeing)
        field_sources["subject"] = "; ".join(filter(None, [field_sources.get("subject"), note]))

    return DocumentFields(
        doc_type=doc_type,
        number=number,
        issuer=issuer,
        superior=superior,
        place=place,
        issue_date=issue_date,
        issue_month=place_date.month,
        subject=subject,
        signer=closing.signer,
        recipients=closing.recipients,
        references=references,
        needs_review=needs_review,
        field_sources=field_sources,
    )
