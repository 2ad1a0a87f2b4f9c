"""The document number and symbol ("Số và ký hiệu"): `297/KH-UBND`, `12/2023/QĐ-UBND`, `1234/UBND-VP`.

What OCR and clerks do to it: spaces around "/" and "-", Đ read as D or Ð (U+00D0), "Số" read as
"So"/"S6"/"Sô", a fraction slash for "/", a blank or a row of dots where the number is written by
hand at issuance. The typed symbol is kept; digits are only given when they are plainly digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.doc_types import ALL_TYPES, canonical_symbol_part, type_of_name, type_of_symbol, type_of_symbol_part
from extractors.normalize import compact_key, edit_distance

# "Số:", "SỐ:", "So:", "S6:", "Sô:", "Sổ" — the label before the number.
# "Số:" as OCR reads it: S as 5 or § (a section sign), ô as o/6/0 with any mark, and specks before it
NUMBER_LABEL = re.compile(r"^\s*(?:[_|~'`.,-]\s*)?[S5§][oóòồốổôơộớờ6ỏọõ0]\s*[:;.]?\s*", re.IGNORECASE)

# one character for one, so spans in the translated text are spans in the text as read; Word's
# autocorrect types an en dash in "QĐ–UBND"
_SLASHES = str.maketrans(
    {"\u2044": "/", "\u2215": "/", "\uff0f": "/", "\\": "/", "|": "/"}
    | {chr(code): "-" for code in (*range(0x2010, 0x2016), 0x2212)}
)
_DASHES = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")
_SYMBOL_PART = r"[A-Za-zĐđÐ][A-Za-zĐđÐ0-9&.]*"
# digits (anything before the first "/", may be empty or garbage) / [year /] symbol
_NUMBER = re.compile(
    rf"^(?P<digits>[^/]*?)\s*/\s*(?:(?P<year>\d{{4}})\s*/\s*)?"
    rf"(?P<symbol>{_SYMBOL_PART}(?:\s*-\s*{_SYMBOL_PART})*)"
)
# A symbol with its year ending the line: "/2025/NQ-HĐND" is typed, whatever stands before it — a
# pen's marks read with a slash among them ("ÍZ⁄4 /2025/NQ-HĐND") are the digits' field, not the symbol.
_NUMBER_YEAR_ENDING = re.compile(
    rf"^(?P<digits>.*?)\s*/\s*(?P<year>\d{{4}})\s*/\s*(?P<symbol>{_SYMBOL_PART}(?:\s*-\s*{_SYMBOL_PART})*)\s*$"
)
# No slash at all (OCR lost it next to handwriting): "4 112 QĐ-UBND" — a symbol with a dash at the end.
_NUMBER_WITHOUT_SLASH = re.compile(
    rf"^(?P<digits>.*?)\s*(?P<year>)(?P<symbol>[A-ZĐÐ][A-Za-zĐđÐ]*\s*-\s*{_SYMBOL_PART}(?:\s*-\s*{_SYMBOL_PART})*)\s*$"
)
# The Party's form (Hướng dẫn 36-HD/VPTW): number, dash, type, slash, the body — "15-KH/TU",
# "234-QĐ/TU", "56-TB/VPTU"; the digits may be blank ("    -KH/TU") until the document is issued, or a
# pen's marks OCR read as anything ("Ø⁄⁄5 -QĐ/BTGQU").
_PARTY_NUMBER = re.compile(
    rf"^(?P<digits>.{{0,16}}?)\s*-\s*(?P<type>[A-Za-zĐđÐ]+)\s*/\s*(?P<body>{_SYMBOL_PART}(?:\s*-\s*{_SYMBOL_PART})*)"
)
_PLAIN_DIGITS = re.compile(r"^\d{1,6}$")
# after a "Số:" label, also the letter a number issued between two others takes ("125a/QĐ-UBND")
_LABELLED_DIGITS = re.compile(r"^\d{1,6}[a-dA-D]?$")
_BLANK_FILL = re.compile(r"^[\s._…·-]*$")


@dataclass(frozen=True)
class NumberReading:
    """A number as read: `number` is what to report, `sure` says whether a person must check it."""

    number: str  # "297/KH-UBND", or just the typed part "/QĐ-UBND" when the digits are unreadable
    digits: str | None  # "297"; None when blank, handwritten-unreadable or garbage
    year: str | None
    symbol: str  # "KH-UBND"
    sure: bool
    digits_span: tuple[int, int]  # where the digit field is in the text given to `read_number`

    @property
    def doc_type(self) -> str | None:
        return type_of_symbol(self.symbol)


def clean_symbol(symbol: str) -> str:
    """ "QD - UBND" → "QĐ-UBND", "QĐÐ-BTP" → "QĐ-BTP", "NQ-HDND" → "NQ-HĐND"."""
    symbol = symbol.replace("\u00d0", "Đ").replace("ĐĐ", "Đ")
    symbol = _DASHES.sub("-", symbol).strip("-. ")
    parts = [canonical_symbol_part(part) for part in symbol.split("-")]
    return "-".join("HĐND" if part.upper() == "HDND" else part for part in parts)


def strip_label(text: str) -> str | None:
    """The text after a "Số:" label, or `None` if the text does not start with one."""
    match = NUMBER_LABEL.match(text)
    if match is None:
        return None
    rest = text[match.end() :]
    # "Số" must be followed by the number, not be the first syllable of a word ("Sở", "Sổ tay") — unless
    # a pen's digits read as letters stand between it and a typed symbol that ends the line
    # (the Party's "Số ƒốZế -CV/TU" has no colon to tell the label)
    if match.group(0).strip().rstrip(":;.") == match.group(0).strip() and rest[:1].isalpha():
        return rest if _symbol_ends_short_line(rest) else None
    return rest


def _symbol_ends_short_line(text: str) -> bool:
    """A few marks, then a symbol naming a document type at the line's end ("ƒốZế -CV/TU")."""
    translated = text.translate(_SLASHES)
    for pattern in (_SYMBOL_ENDING_LINE, _PARTY_SYMBOL_ENDING_LINE):
        found = pattern.search(translated)
        if found is not None and len(translated[: found.start()].strip()) <= MAX_UNLABELLED_PREFIX:
            return type_of_symbol_part(found.group("type")) is not None
    return False


def read_number(text: str) -> NumberReading | None:
    """Read the value after "Số:" (label already removed). `None` when there is no symbol at all."""
    text = text.translate(_SLASHES)
    party = _read_party_number(text)
    if party is not None:
        return party
    stripped = text.strip()
    match = _NUMBER_YEAR_ENDING.match(stripped) or _NUMBER.match(stripped) or _NUMBER_WITHOUT_SLASH.match(stripped)
    if match is None:
        return None
    slash_seen = "/" in text[: match.end("symbol")]
    offset = len(text) - len(text.lstrip())
    raw_digits = match.group("digits").strip()
    symbol = clean_symbol(match.group("symbol"))
    year = match.group("year") or None
    if len(symbol) < 2:
        return None
    tail = f"{year}/{symbol}" if year else symbol
    digits_span = (offset + match.start("digits"), offset + match.end("digits"))
    compact_digits = re.sub(r"\s", "", raw_digits)
    if slash_seen and _LABELLED_DIGITS.match(compact_digits) and compact_digits.lstrip("0"):
        return NumberReading(
            number=f"{compact_digits}/{tail}",
            digits=compact_digits,
            year=year,
            symbol=symbol,
            sure=True,
            digits_span=digits_span,
        )
    # Blank, dots for handwriting, or characters that are not digits: keep the typed part only.
    return NumberReading(
        number=f"/{tail}",
        digits=None,
        year=year,
        symbol=symbol,
        sure=False,
        digits_span=digits_span,
    )


# A number line whose "Số:" label a pen or a stamp took: the typed symbol ends the line and names a
# document type; what stands before it is short and no word — the digits, or a pen's marks over them
# ("843 /KH-SVHTTDL", "2⁄0 /QĐ-UBND", ": 326 /BC- /BC-UBND").
_SYMBOL_ENDING_LINE = re.compile(
    r"/\s*(?P<tail>(?:\d{4}\s*/\s*)?(?P<type>[A-ZĐ]{1,5})\s*-\s*[A-ZĐ][A-ZĐa-z0-9&.]*(?:\s*-\s*[A-ZĐa-z0-9&.]+)*)\s*$"
)
# the Party's form: "… -CV/TU" (a dash before the type, a slash before the body)
_PARTY_SYMBOL_ENDING_LINE = re.compile(
    r"-\s*(?P<tail>(?P<type>[A-ZĐ]{1,5})\s*/\s*[A-ZĐ][A-ZĐa-z0-9&.]*(?:\s*-\s*[A-ZĐa-z0-9&.]+)*)\s*$"
)
_WORD = re.compile(r"[^\W\d_]{3,}")
MAX_UNLABELLED_PREFIX = 16
_PREFIX_SPECKS = " \t:;.,'`_|~-"


def read_unlabelled_number(text: str) -> NumberReading | None:
    """The number of a line that is nothing but a number whose label was lost; None for any other
    line, and for a symbol that names no document type. Digits other than a plain run are not read."""
    text = text.translate(_SLASHES)
    match = _SYMBOL_ENDING_LINE.search(text)
    if match is None:
        return None
    prefix = text[: match.start()]
    if len(prefix.strip()) > MAX_UNLABELLED_PREFIX or _WORD.search(prefix):
        return None
    digits = prefix.strip(_PREFIX_SPECKS)
    if _PLAIN_DIGITS.match(digits):
        reading = read_number(f"{digits}/{match.group('tail')}")
        start = prefix.index(digits)
        span = (start, start + len(digits))
    else:
        reading = read_number("/" + match.group("tail"))
        span = (0, match.start())
    if reading is None or reading.doc_type is None:
        return None
    return replace(reading, digits_span=span)


def _read_party_number(text: str) -> NumberReading | None:
    """ "15-KH/TU" → number "15-KH/TU", symbol "KH/TU" (type KH); only when the part before the
    slash is a document type, or one letter off a short one (then for review), so "1234-UBND/VP"
    stays with the State's form."""
    match = _PARTY_NUMBER.match(text.strip())
    if match is None:
        return None
    known = type_of_symbol_part(match.group("type")) is not None
    if not known and not _one_letter_off_a_type(match.group("type")):
        return None
    offset = len(text) - len(text.lstrip())
    symbol = f"{canonical_symbol_part(match.group('type').strip())}/{clean_symbol(match.group('body'))}"
    digits = re.sub(r"\s", "", match.group("digits"))
    # a type read one letter off ("Qb" for "QĐ") leaves the whole number for review
    sure = known and bool(_PLAIN_DIGITS.match(digits)) and bool(digits.lstrip("0"))
    return NumberReading(
        number=f"{digits}-{symbol}" if sure else f"-{symbol}",
        digits=digits if sure else None,
        year=None,
        symbol=symbol,
        sure=sure,
        digits_span=(offset + match.start("digits"), offset + match.end("digits")),
    )


# where a word of the number line joins the digits to the symbol: the Party's dash before "TYPE/"
# ("25-QĐ/QU"), else NĐ30's slash ("25/QĐ-UBND")
_PARTY_JOINT = re.compile(r"-\s*[A-Za-zĐđ]{1,5}\s*/")


def joint_index(text: str) -> int | None:
    """The index of the character that ends the digits in a word of the number line, if any."""
    party = _PARTY_JOINT.search(text)
    if party is not None:
        return party.start()
    return text.index("/") if "/" in text else None


def split_number(number: str) -> tuple[str, str, str]:
    """ "25/QĐ-UBND" → ("25", "/", "QĐ-UBND"); "25-QĐ/QU" → ("25", "-", "QĐ/QU"); the digits may be empty."""
    joint = joint_index(number)
    if joint is None:
        return number, "", ""
    return number[:joint], number[joint], number[joint + 1 :]


_MOST_SLIPPED_TYPE_LETTERS = 3


def _one_letter_off_a_type(part: str) -> bool:
    """ "Qb" (OCR's "QĐ"): a short part one letter off a type of the catalog, no other code."""
    key = compact_key(part).upper()
    if not 2 <= len(key) <= _MOST_SLIPPED_TYPE_LETTERS:
        return False
    return any(edit_distance(key, compact_key(known).upper(), 1) == 1 for known in ALL_TYPES)


def is_blank_fill(text: str) -> bool:
    return bool(_BLANK_FILL.match(text))


# Words an agency's initials leave out: "Sở Thông tin và Truyền thông" → "STTTT".
_NOT_IN_INITIALS = frozenset({"va", "cua"})


def issuer_initials(issuer: str) -> str:
    """ "Sở Thông tin và Truyền thông" → "STTTT": the letters a symbol abbreviates the issuer by."""
    words = [compact_key(word) for word in issuer.split()]
    return "".join(word[0] for word in words if word and word not in _NOT_IN_INITIALS).upper()


# What a pen stroke beside a blank for handwritten digits reads as, glued to the symbol ("/IBKTNS-VP",
# "†TUBND-VP")
_STROKE_LETTERS = frozenset("IJTl|1!")  # T: a pen stroke across the slash


def symbol_without_stroke(symbol: str, issuer: str) -> str | None:
    """The symbol without a stroke OCR glued to its first part, when that part is then the issuer's
    initials or their start ("JUBND-VP" under "Ủy ban nhân dân tỉnh Lâm Đồng" → "UBND-VP") or a
    type ("IQĐ-UBND" → "QĐ-UBND") and was neither before; None when it is not."""
    first, _, rest = symbol.partition("-")
    if len(first) < 3 or first[0] not in _STROKE_LETTERS:
        return None
    initials = issuer_initials(issuer)

    def names_the_document(part: str) -> bool:
        key = compact_key(part).upper()
        return type_of_symbol_part(part) is not None or (len(key) >= 3 and initials.startswith(key))

    if names_the_document(first) or not names_the_document(first[1:]):
        return None
    return f"{first[1:]}-{rest}" if rest else first[1:]


def symbol_slip(symbol: str, issuer: str) -> str | None:
    """Why a symbol's agency part looks like an OCR slip on the issuer's initials ("KH-STTTI" under
    "Sở Thông tin và Truyền thông"): one letter off them, same length — or, for initials of four
    letters or more, one letter more or fewer ("QĐ-UBNID": OCR split a "D" into "ID"). None when it is not."""
    initials = issuer_initials(issuer)
    ministry = compact_key(issuer.split()[0]) == "bo" if issuer.split() else False
    for part in symbol.split("-")[1:]:
        key = compact_key(part).upper()
        if len(initials) >= 3 and len(key) == len(initials) and edit_distance(key, initials, 1) == 1:
            return f"symbol part '{part}' is one letter off the issuer's initials '{initials}'"
        if len(initials) >= 4 and abs(len(key) - len(initials)) == 1 and edit_distance(key, initials, 1) == 1:
            return f"symbol part '{part}' is the issuer's initials '{initials}' with a letter more or fewer"
        # a ministry's symbol is its initials whole ("TT-BKHCN"): a part OCR cut short reads "BKH"
        if ministry and 2 <= len(key) < len(initials) and initials.startswith(key):
            return f"symbol part '{part}' is the start of the ministry's initials '{initials}' only"
    return None


def code_put_back(symbol: str, code: str, *, may_insert: bool = True) -> str | None:
    """The symbol with the agency part that is one letter off `code` (folded letters, as the initials
    are) mended to it, the other letters as printed: "KH-STTTI" and "STTTT" → "KH-STTTT", "QĐ-UBNID"
    and "UBND" → "QĐ-UBND", "QĐ-HĐNID" and "HDND" → "QĐ-HĐND" — the value a slip `symbol_slip` or
    `kind_code_slip` found most likely stands for, offered for review. A letter the folded code cannot
    say (its "D" may be printed "Đ") is not put in; nor, unless `may_insert`, a letter the part lacks
    (a body's initials may leave a word out: "ĐHV" of "Trường Đại học Vinh" is its code). None when no
    part can be mended so."""
    parts = symbol.split("-")
    for index, part in enumerate(parts[1:], start=1):
        mended = _mended_code(part, code.upper(), may_insert=may_insert)
        if mended is not None:
            return "-".join([*parts[:index], mended, *parts[index + 1 :]])
    return None


def _mended_code(part: str, code: str, *, may_insert: bool) -> str | None:
    if compact_key(part).upper() == code:
        return None
    candidates: list[str] = []
    if len(part) == len(code):
        candidates = [part[:i] + code[i] + part[i + 1 :] for i in range(len(part)) if code[i] != "D"]
    elif len(part) == len(code) + 1:
        candidates = [part[:i] + part[i + 1 :] for i in range(len(part))]
    elif may_insert and len(part) + 1 == len(code):
        candidates = [part[:i] + code[i] + part[i:] for i in range(len(code)) if code[i] != "D"]
    fits = {candidate for candidate in candidates if compact_key(candidate).upper() == code}
    return fits.pop() if len(fits) == 1 else None


def symbol_type_slip(symbol: str, title: str | None) -> str | None:
    """Why the symbol's first part looks like an OCR slip on the title's type ("15/NGQ-CP" under
    "NGHỊ QUYẾT"): no type itself, one letter off the title's. None when it is not."""
    title_type = type_of_name(title) if title else None
    first = symbol.split("/" if "/" in symbol else "-", 1)[0]  # the Party's type comes before a slash
    if title_type is None or type_of_symbol_part(first) is not None:
        return None
    if edit_distance(compact_key(first).upper(), compact_key(title_type).upper(), 1) != 1:
        return None
    return f"symbol part '{first}' is no type, one letter off the title's {title_type}"
