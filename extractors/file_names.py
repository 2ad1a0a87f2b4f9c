"""Hints in a file's name: portals name files after the document ("kh-753-….pdf", "QD_so_539_….pdf",
"4000qdsigned.pdf"). A hint only fills what the page could not say, and is never taken as sure."""

from __future__ import annotations

import re
from pathlib import PurePath

from extractors.doc_types import type_of_symbol_part
from extractors.normalize import fold
from extractors.numbers import NumberReading, split_number

_TYPE_THEN_DIGITS = re.compile(r"(?<![a-z0-9])(?P<type>[a-z]{2,4})[-_ .]*(?:so[-_ .]*)?(?P<digits>\d{1,5})(?!\d)")
_DIGITS_THEN_TYPE = re.compile(r"(?<![0-9])(?P<digits>\d{1,5})[-_ .]*(?P<type>[a-z]{2,4})(?![a-z])")
_DIGITS_THEN_TYPE_PREFIX = re.compile(r"(?<![0-9])(?P<digits>\d{1,5})(?P<type>qd|kh|bc|tb|cv|nq|ct|hd)")
# The uploaded name kept by document systems after their own prefix ("2011_12_28_0904…!~!275.pdf"):
# a name that is nothing but a short number is the document's number.
_ONLY_DIGITS = re.compile(r"(?:^|!~!)0*(?P<digits>[1-9]\d{0,4})$")


def number_hint(file_name: str, reading: NumberReading) -> str | None:
    """The full number when the file name gives digits for the printed symbol's type, else `None`.

    ("qd-1772-2025.pdf", "/QĐ-UBND") → "1772/QĐ-UBND"; a công văn's symbol has no type, so "cv-687"
    fits any symbol without one. A name that is only a number ("275.pdf", or "…!~!275.pdf" as
    document systems store uploads) gives the digits for whatever symbol is printed.
    """
    stem = fold(PurePath(file_name).stem).lower()
    expected = reading.doc_type or "CV"
    _digits, joint, tail = split_number(reading.number)
    joint = joint or "/"  # the Party's "-KH/TU" keeps its dash, the State's "/KH-UBND" its slash
    tail = tail if tail else reading.number
    year = re.match(r"(\d{4})/", tail)
    if year:
        # a symbol with its year ("/2026/TT-BKHCN"): names write the number before the year
        # ("thong-tu-so-28-2026-tt-bkhcn"), and the year itself is not the number
        before_year = rf"(?<![0-9])(?P<digits>\d{{1,5}})[-_ .]+{year.group(1)}[-_ .]*(?P<type>[a-z]{{2,4}})"
        for match in re.finditer(before_year, stem):
            if type_of_symbol_part(match.group("type")) == expected and match.group("digits").lstrip("0"):
                return f"{match.group('digits')}/{tail}"
    for pattern in (_TYPE_THEN_DIGITS, _DIGITS_THEN_TYPE, _DIGITS_THEN_TYPE_PREFIX):
        for match in pattern.finditer(stem):
            digits = match.group("digits")
            if len(digits) >= 3 and digits.startswith("0"):
                continue  # "004-cv-….pdf": a zero-padded ordinal of a listing, not a document number
            if year and digits == year.group(1):
                continue
            if type_of_symbol_part(match.group("type")) == expected and digits.lstrip("0"):
                return f"{match.group('digits')}{joint}{tail}"
    bare = _ONLY_DIGITS.search(stem)
    return f"{bare.group('digits')}{joint}{tail}" if bare else None
