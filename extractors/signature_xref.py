"""pyHanko's reading of a PDF's cross-reference sections, made bounded and cheaper (`install`).

- **Bounded**: pyHanko follows each section's `/Prev` until there is none; two sections pointing
  at each other (samples/hostile.py's `xref-loop.pdf`) kept it reading, and appending sections,
  forever. A section read a second time now raises `PdfReadError`, which `signature.read_signatures`
  reports as an unreadable file in one line.
- **Cheaper**: a cross-reference stream holds one fixed-width binary row per object; pyHanko
  turned each row into an `XRefEntry` through several Python calls per field (a third of the
  signature stage on the gazette reprints). Here the rows of a well-formed stream are decoded with
  numpy and the section's tables are filled in bulk, with exactly the values pyHanko's own loop
  gives; anything unusual (odd widths, short or long data, indirect /W or /Index entries, strict
  mode) goes through pyHanko's loop unchanged.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import numpy as np
from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils import xref as pyhanko_xref
from pyhanko.pdf_utils.xref import ObjStreamRef, XRefBuilder, XRefEntry, XRefSectionData, XRefType

_MAX_FAST_WIDTH = 7  # pyHanko reads an 8-byte field as a signed number: that case stays its own


@dataclass(frozen=True)
class _Rows:
    """The decoded rows of a cross-reference stream: object number, type and the two fields."""

    numbers: np.ndarray
    types: np.ndarray
    first: np.ndarray
    second: np.ndarray


class _StreamEntries:
    """What `parse_xref_stream` returns here: iterated, pyHanko's own entries one by one; handed to
    `XRefSectionData.process_entries`, the rows decoded at once when the stream allows it."""

    def __init__(self, entries: Iterator[XRefEntry], rows: _Rows | None) -> None:
        self._entries = entries
        self.rows = rows

    def __iter__(self) -> Iterator[XRefEntry]:
        return self._entries


class _TableEntries:
    """What `parse_xref_table` returns here for a table read in bulk: its rows, and, iterated, the
    entries pyHanko's generator yields for them (the stream is already past the table)."""

    def __init__(self, rows: _Rows) -> None:
        self.rows = rows

    def __iter__(self) -> Iterator[XRefEntry]:
        rows = self.rows
        for number, kind, offset, generation in zip(
            rows.numbers.tolist(), rows.types.tolist(), rows.first.tolist(), rows.second.tolist(), strict=True
        ):
            if kind == 1:
                yield XRefEntry(xref_type=XRefType.STANDARD, location=offset, idnum=number, generation=generation)
            else:
                yield XRefEntry(xref_type=XRefType.FREE, location=None, idnum=number, generation=generation)


# Table lines pyHanko reads as they come: ten digits, five digits, `n` or `f`, any byte, and a last
# byte that is not a digit or a `t` (pyHanko steps back one byte then); the first byte is no line
# break (pyHanko shifts the line then).
_TABLE_LINES = re.compile(rb"(?:[0-9]{10} [0-9]{5} [nf].[^0-9t])*", re.DOTALL)
_TEN_DIGITS = 10 ** np.arange(9, -1, -1, dtype=np.int64)
_FIVE_DIGITS = 10 ** np.arange(4, -1, -1, dtype=np.int64)


def _skip_white(stream: BinaryIO) -> None:
    misc.read_non_whitespace(stream)
    stream.seek(-1, os.SEEK_CUR)


def _table_rows(stream: BinaryIO) -> _Rows | None:
    """The rows of the table at the stream's position, read the way pyHanko's `parse_xref_table`
    reads them, leaving the stream where it leaves it; None (stream anywhere) for a table with a
    line pyHanko would read otherwise."""
    numbers, kinds, offsets, generations = [], [], [], []
    _skip_white(stream)
    while True:
        first = generic.NumberObject.read_from_stream(stream)
        _skip_white(stream)
        size = generic.NumberObject.read_from_stream(stream)
        _skip_white(stream)
        if size < 0:
            return None
        block = stream.read(20 * size)
        if len(block) != 20 * size or not _TABLE_LINES.fullmatch(block):
            return None
        lines = np.frombuffer(block, dtype=np.uint8).reshape(size, 20).astype(np.int64)
        numbers.append(np.arange(int(first), int(first) + size, dtype=np.int64))
        offsets.append((lines[:, 0:10] - ord("0")) @ _TEN_DIGITS)
        generations.append((lines[:, 11:16] - ord("0")) @ _FIVE_DIGITS)
        kinds.append(np.where(lines[:, 17] == ord("n"), 1, 0))
        _skip_white(stream)
        if stream.read(7) == b"trailer":
            _skip_white(stream)
            break
        stream.seek(-7, os.SEEK_CUR)
    return _Rows(
        numbers=np.concatenate(numbers),
        types=np.concatenate(kinds),
        first=np.concatenate(offsets),
        second=np.concatenate(generations),
    )


def _parse_xref_table(stream: BinaryIO) -> Any:
    start = stream.tell()
    try:
        rows = _table_rows(stream)
    except Exception:  # a damaged table: pyHanko's generator meets the same problem and reports it
        rows = None
    if rows is not None:
        return _TableEntries(rows)
    stream.seek(start)
    return _parse_xref_table_one_by_one(stream)


def _plain_ints(values: Any) -> list[int] | None:
    if not isinstance(values, list) or not all(type(v) is not bool and isinstance(v, int) for v in values):
        return None
    return [int(v) for v in values]


def _column(table: np.ndarray, start: int, width: int, default: int) -> np.ndarray:
    """One field of every row, read big-endian; a field of width 0 takes its default (ISO 32000-1, table 17)."""
    if width == 0:
        return np.full(len(table), default, dtype=np.int64)
    value = np.zeros(len(table), dtype=np.int64)
    for offset in range(start, start + width):
        value = (value << 8) | table[:, offset]
    return value


def _decode_rows(xref_stream: Any, strict: bool) -> _Rows | None:
    """The stream's rows, when pyHanko's loop would read every row whole (and, `strict`, nothing after)."""
    widths = _plain_ints(xref_stream.get("/W"))
    size = xref_stream.get("/Size")
    pairs = _plain_ints(xref_stream.get("/Index", [0, size]))
    if widths is None or len(widths) != 3 or not all(0 <= w <= _MAX_FAST_WIDTH for w in widths) or sum(widths) == 0:
        return None
    if pairs is None or len(pairs) % 2:
        return None
    numbers: list[np.ndarray] = []
    last_end = 0
    for start, count in zip(pairs[::2], pairs[1::2], strict=True):
        if start < last_end or count < 0:
            return None
        last_end = start + count
        numbers.append(np.arange(start, start + count, dtype=np.int64))
    data = xref_stream.data
    row_width = sum(widths)
    total = sum(len(part) for part in numbers)
    if len(data) < row_width * total or (strict and len(data) > row_width * total):
        return None  # short rows take defaults, trailing bytes are an error when strict: pyHanko's loop
    table = np.frombuffer(data, dtype=np.uint8, count=row_width * total).reshape(total, row_width).astype(np.int64)
    first_width, second_width, third_width = widths
    return _Rows(
        numbers=np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64),
        types=_column(table, 0, first_width, 1),
        first=_column(table, first_width, second_width, 0),
        second=_column(table, first_width + second_width, third_width, 0),
    )


def _parse_xref_stream(xref_stream: Any, strict: bool = True) -> _StreamEntries:
    try:
        rows = _decode_rows(xref_stream, strict)
    except Exception:  # a damaged stream: pyHanko's loop meets the same problem and reports it
        rows = None
    return _StreamEntries(_parse_xref_stream_one_by_one(xref_stream, strict=strict), rows)


def _process_rows(section: XRefSectionData, rows: _Rows) -> int:
    """`XRefSectionData.process_entries` (non-strict) over decoded rows, table by table."""
    numbers, types, first, second = rows.numbers, rows.types, rows.first, rows.second
    listed = (types == 0) | (types == 1) | (types == 2)  # rows of other types yield no entry
    highest = int(numbers[listed].max()) if listed.any() else 0
    generation = np.where(types == 2, 0, second)
    kept = listed & (numbers != 0) & (generation <= 0xFFFF)
    standard = np.flatnonzero(kept & (types == 1))
    in_stream = np.flatnonzero(kept & (types == 2))
    freed = np.flatnonzero(kept & (types == 0))
    explicit = section.explicit_refs_in_revision

    ids, generations, offsets = numbers[standard].tolist(), second[standard].tolist(), first[standard].tolist()
    section.standard_xrefs.update(zip(ids, zip(generations, offsets, strict=True), strict=True))
    explicit.update(zip(ids, generations, strict=True))

    ids, streams, places = numbers[in_stream].tolist(), first[in_stream].tolist(), second[in_stream].tolist()
    section.xrefs_in_objstm.update(zip(ids, map(ObjStreamRef, streams, places), strict=True))
    section.obj_streams_used.update(streams)
    explicit.update(zip(ids, [0] * len(ids), strict=True))

    ids, generations = numbers[freed].tolist(), second[freed].tolist()
    section.freed.update(zip(ids, generations, strict=True))
    explicit.update(zip(ids, [g - 1 for g in generations], strict=True))
    return max(highest, 0)


def _process_entries(self: XRefSectionData, entries: Any, strict: bool) -> Any:
    rows = entries.rows if isinstance(entries, _StreamEntries | _TableEntries) else None
    if rows is None or strict:
        return _process_entries_one_by_one(self, entries, strict)
    return _process_rows(self, rows)


def _read_once(read: Callable[[XRefBuilder, int], Any]) -> Callable[[XRefBuilder, int], Any]:
    """A section reader that refuses a section it has already read in this file (a /Prev loop)."""

    def read_section(self: XRefBuilder, declared_startxref: int) -> Any:
        seen: set[int] = self.__dict__.setdefault("_sections_read_at", set())
        start = self.stream.tell()
        if start in seen:
            raise misc.PdfReadError(
                f"the cross-reference sections loop: /Prev leads back to the section at byte {start}"
            )
        following = read(self, declared_startxref)
        seen.add(start)
        return following

    return read_section


_parse_xref_stream_one_by_one = pyhanko_xref.parse_xref_stream
_parse_xref_table_one_by_one = pyhanko_xref.parse_xref_table
_process_entries_one_by_one = XRefSectionData.process_entries
_read_xref_table, _read_xref_stream = XRefBuilder._read_xref_table, XRefBuilder._read_xref_stream


def uninstall() -> None:
    """pyHanko's own readers again (tests compare the two)."""
    pyhanko_xref.parse_xref_stream = _parse_xref_stream_one_by_one
    pyhanko_xref.parse_xref_table = _parse_xref_table_one_by_one
    XRefSectionData.process_entries = _process_entries_one_by_one  # type: ignore[method-assign]
    XRefBuilder._read_xref_table = _read_xref_table  # type: ignore[method-assign]
    XRefBuilder._read_xref_stream = _read_xref_stream  # type: ignore[method-assign]


def install() -> None:
    """Put the bounded, bulk readers in pyHanko's place (once per process; again is harmless)."""
    pyhanko_xref.parse_xref_stream = _parse_xref_stream  # type: ignore[assignment]
    pyhanko_xref.parse_xref_table = _parse_xref_table
    XRefSectionData.process_entries = _process_entries  # type: ignore[method-assign]
    XRefBuilder._read_xref_table = _read_once(_read_xref_table)  # type: ignore[method-assign,assignment]
    XRefBuilder._read_xref_stream = _read_once(_read_xref_stream)  # type: ignore[method-assign,assignment]
