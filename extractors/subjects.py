"""The title line under the header ("KẾ HOẠCH", "QUYẾT ĐỊNH") and the trích yếu (subject) under it;
for a công văn, the "V/v …" lines under the number."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from core import gazetteer
from core.models import PointBox
from extractors.agencies import starts_with_agency
from extractors.doc_types import LAW_TITLES, type_of_name
from extractors.layout import Line, is_rule, split_blocks, without_ghost_lines
from extractors.lexicon import lexicon, syllables
from extractors.normalize import compact_key, fold, matching_form, upper_first
from extractors.places import ends_with_place_name, province_named, unit_word_at
from extractors.roman_numerals import numbers_the_word_before
from extractors.signer import title_of
from extractors.stamps import is_stamp_line
from extractors.text_quality import is_vietnamese_syllable

# A bound against a page with no body marker at all, not a rule of how long a subject is.
MAX_SUBJECT_LINES = 8
STAMP_REACH_LINES = 2.0  # line heights below the subject within which a stamp's line may cover it
_NARROWEST_RULE = 2.0  # line heights: an OCR mark narrower than this is a dash, not the rule under a subject
_LONGEST_QUALIFIER = 2  # words after the type that qualify it ("TÓM TẮT", "LIÊN TỊCH", "ĐỊNH KỲ")
# An OCR line this much smaller than the lines around it, in height and in width per letter, is a
# speck read as letters ("SUẾn" 3 pt tall and 4 pt wide over a photographed subject), not print
_SPECK_SHARE_OF_LINE = 0.4
_SURE_SHORT_WORD = 80.0  # OCR confidence of a one-word line taken as the end of a wrapped subject
# Lines that open the body whatever follows them (matched on the folded text, case as printed):
# the legal bases ("Căn cứ", its vowel misread: "Củn cứ"), the addressee, a meeting's where/when,
# a section heading, a numbered item, the line naming what an attached text was issued with.
_BODY_OPENERS = re.compile(
    r"^\s*(?:"
    r"(?i:c[aeiouy]n\s*cu\b|kinh\s*gui\b|(?:dia\s*diem|thoi\s*gian|thanh\s*phan)\s*[:.]|quyet\s*(?:dinh|nghi)\s*:)"
    r"|(?:Chuong|CHUONG|Phan|PHAN|Muc|MUC)\s+(?:[IVXLC]+|\d+)\b|(?:Phan|PHAN)\s+(?:thu|THU)\b"
    r"|(?:Dieu|DIEU)\s+\d+\s*[.:]|(?i:khoan\s+\d+\s*[.:])"
    r"|[IVXL]+\s*[.)]\s|\d{1,2}\s*[.)]\s|[a-z]\)\s"
    # a speck of a photographed page before a capitalised legal basis (": Căn cứ", "5 Căn cứ")
    r"|(?:(?:[^\w\s]|_){1,2}|\d)\s*C[aeiouy]n\s*cu\b"
    # the line an attached text names what issued it by: "(Ban hành kèm theo Quyết định số …"
    r"|\(\s*(?i:ban\s*hanh\s*)?(?i:kem\s*theo)\b"
    r")",
)
# What follows an authority line: the legal bases and proposals, or a council's term and session.
_ENACTING_OPENERS = re.compile(r"^\s*(?i:can\s*cu|xet\b|theo\b|thuc\s*hien\b|khoa\s+[ivxl]+\s*,?\s*ky\s*hop)")
# Openers a subject may itself begin with ("Thực hiện công tác …"): they open the body only on a
# later line and capitalised, where a wrapped subject would go on in lower case.
_SENTENCE_OPENERS = re.compile(
    r"^\s*(?:Thuc\s*hien|Theo|Xet|Nham|De(?!\s*an\b)|Ngay|Hien\s*nay|Qua|Sau\s*khi|Trong|Tiep\s*theo)\b"
)
# An invitation's body opens "… trân trọng kính mời:" after its subject, wherever the line starts.
_INVITES = re.compile(r"(?i:\btran\s*trong\s*kinh\s*moi\b|\bkinh\s*moi\s*:)")
# A sentence of its own ending in a colon leads into a list: the body ("Sở … đề nghị:"), never a
# trích yếu's line. A line going on in lower case continues the lines above ("… tỉnh thông báo như
# sau:" — then they were the body too), and a colon inside brackets is the subject's ("(diện tích:").
_LEADS_INTO_LIST = re.compile(r"^[A-ZĐ][^(]*:\s*$")
# The body's first line under a centred subject, indented and justified to the right margin: its
# middle lies right of the subject's by half the indent (NĐ30: 1-1.27 cm, about a line's height).
_PARAGRAPH_SHIFT = 0.6  # line heights
_REACHES_RIGHT = 0.3  # line heights short of the subject's widest line that still reach the margin
# A công văn's "V/v" label, and the slash as OCR reads it: "V.v", "V|v", "Vlv", "V1v", "VỊv".
VV_LABEL = re.compile(r"^\s*v\s*[/.|\\lI1Ịị]?\s*v(?![^\W\d_])\s*[:.]?\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def _main_text(line: Line) -> str:
    """The line without stray OCR specks beside it ("… sử dụng đất    3")."""
    if not line.words or line.words[0].x1 <= 0:
        return line.text.strip()
    words = line.words
    gaps = sorted(right.x0 - left.x1 for left, right in pairwise(words))
    # far from its neighbours for this line: a justified line's spaces are all wide ("Căn  cứ  Luật")
    far = max(0.8 * line.height, 1.8 * gaps[len(gaps) // 2]) if gaps else 0.8 * line.height
    kept = []
    for index, word in enumerate(words):
        gap_before = word.x0 - words[index - 1].x1 if index else 0.0
        gap_after = words[index + 1].x0 - word.x1 if index + 1 < len(words) else 0.0
        isolated = (index == 0 or gap_before > far) and (index + 1 == len(words) or gap_after > far)
        if isolated and len(words) > 1 and sum(c.isalnum() for c in word.text) <= 2:
            continue
        kept.append(word.text)
    return " ".join(kept).strip()


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def sentence_case(text: str) -> str:
    """An upper-case subject in normal case: "QUY ĐỊNH MỨC THU … TỈNH CAO BẰNG" → "Quy định mức thu …
    tỉnh Cao Bằng". Abbreviations and Roman numerals keep their capitals; provinces get theirs."""
    words = text.split()
    out = [
        w
        if any(c.isdigit() for c in w)
        or (w.isupper() and not is_vietnamese_syllable(w.strip(",.;:()")))
        or numbers_the_word_before(words, index)
        else w.lower()
        for index, w in enumerate(words)
    ]
    index = 0
    while index < len(out):
        unit = unit_word_at(out, index)
        if unit is not None:
            start = index + unit[1]
            for size in (4, 3, 2, 1):
                if start + size > len(out):
                    continue
                name = " ".join(out[start : start + size]).strip(",.;:()")
                province = province_named(name) if len(compact_key(name)) >= 4 else None
                if province is not None and compact_key(name) == compact_key(province):
                    trailing = out[start + size - 1][len(out[start + size - 1].rstrip(",.;:()")) :]
                    out[start : start + size] = [*province.split()[:-1], province.split()[-1] + trailing]
                    break
        index += 1
    _write_agency_names(out)
    _write_cited_names(out)
    written = " ".join(out)
    written = re.sub(r"\bviệt nam\b", "Việt Nam", written)
    return written[:1].upper() + written[1:]


@cache
def _agency_names() -> dict[str, str]:
    """Agency names a subject may cite, by compact key, as the gazetteer writes them: named bodies
    ("Bộ Tài chính", "Ngân hàng Nhà nước Việt Nam") and the kinds that never mean anything else
    ("Ủy ban nhân dân"). A name that heads other names ("Văn phòng" of "Văn phòng Chính phủ") is a
    common noun on its own and is left out."""
    data = gazetteer.agencies()
    bodies = list(data.named_bodies())
    heads = {name for name in bodies if any(other.startswith(f"{name} ") for other in bodies)}
    names = [name for name in bodies if name not in heads] + list(data.with_district)
    return {compact_key(name): name for name in names}


_LONGEST_AGENCY = 14  # words


def _write_agency_names(words: list[str]) -> None:
    """Give agency names inside a lower-cased subject their own capitals, longest name first
    ("… của bộ trưởng bộ tài chính" → "… của bộ trưởng Bộ Tài chính"), in place."""
    names = _agency_names()
    index = 0
    while index < len(words):
        for size in range(min(_LONGEST_AGENCY, len(words) - index), 1, -1):
            span = words[index : index + size]
            name = names.get(compact_key(" ".join(span)))
            if name is None or span[-1].rstrip(",.;:()") != span[-1].rstrip(",.;:()").lower():
                continue
            if any(not word[-1].isalnum() for word in span[:-1]):
                continue  # a comma or bracket inside is two phrases, not one name
            written = name.split()
            if len(written) != size:
                continue
            trailing = span[-1][len(span[-1].rstrip(",.;:()")) :]
            words[index : index + size] = [*written[:-1], written[-1] + trailing]
            index += size - 1
            break
        index += 1


def _write_cited_names(words: list[str]) -> None:
    """Capitals of a cited document's type ("thông tư số 52/2025/TT-BTC" → "Thông tư số …") and of a
    title before an agency name ("bộ trưởng Bộ Tài chính" → "Bộ trưởng Bộ Tài chính"), in place."""
    for index in range(len(words)):
        for size in (3, 2, 1):
            start = index - size + 1
            if start < 0 or not words[start][:1].islower():
                continue
            phrase = " ".join(words[start : index + 1])
            following = words[index + 1] if index + 1 < len(words) else ""
            number = words[index + 2] if index + 2 < len(words) else ""
            cited = following == "số" and any(c.isdigit() for c in number) and type_of_name(phrase) is not None
            title = title_of(phrase) if following[:1].isupper() and " " in phrase else None
            if title is not None and compact_key(title) == compact_key(phrase) and len(title.split()) == size:
                words[start : index + 1] = title.split()
                break
            if cited:
                words[start] = upper_first(words[start])
                break


# What a subject never starts with: a mark that is no opening quote or bracket (": Quy định …"), or
# a few short OCR specks before the "Về việc" a subject opens with ("đinh ta n Về việc …").
_LEADING_MARKS = re.compile(r"^(?:[^\w“\"(\[]|_)+")  # "_" is a word character to `\w`, and no word
_SPECKS_BEFORE_VE_VIEC = re.compile(r"^(?:\S{1,5}\s+){1,3}(?=Về\s+việc\b)")


# What a subject never ends with: a lone dash or rule mark after its last word (the rule under the
# subject read as "-").
_TRAILING_MARKS = re.compile(r"\s+[-–—_~=|•·]+$")


def _clean_subject(lines: list[str]) -> str | None:
    text = _SPACES.sub(" ", " ".join(lines)).strip()
    text = re.sub(r"(\w)- (\w)", r"\1\2", text)
    text = _SPECKS_BEFORE_VE_VIEC.sub("", _LEADING_MARKS.sub("", text))
    text = _TRAILING_MARKS.sub("", text)
    return text or None


# OCR reads a comma as a full stop; a subject is one sentence-case phrase, so a full stop after a
# word and before a lower-case one inside it is a comma ("thường xuyên. nâng bậc lương")
_FULL_STOP_FOR_COMMA = re.compile(r"(?<=[^\W\d_]{2})\.(?= [^\W\d_])")
# Marks standing alone between a subject's words: a stamp's edge or a speck read ("năm : 2023",
# "trật tự _.- xây dựng"); a dash between words ("kinh tế - xã hội", "2026 - 2030") is print
_PRINTED_LONE_MARKS = frozenset({"-", "–", "—", "&", "+"})
# Marks glued to the front of a word that print never sets there: a low or grave quote ("thuộc „phạm
# vi"), a dash right after a comma ("rà soát, -đơn giản hóa"; a dash between words stands alone)
_GLUED_SPECKS = re.compile(r"(?<=, )[-–—](?=[^\W\d_])|[„‚`´](?=[^\W\d_])")


def ocr_marks_cleared(subject: str) -> str:
    """An OCR subject without the marks print never sets in one: a full stop before a lower-case
    word (a comma), marks standing alone between words or glued where print sets none, an opening
    quote that nothing closes."""
    subject = _GLUED_SPECKS.sub("", subject)
    subject = _FULL_STOP_FOR_COMMA.sub(lambda stop: "," if subject[stop.end() + 1].islower() else ".", subject)
    words = subject.split()
    kept = [
        word
        for index, word in enumerate(words)
        if index in (0, len(words) - 1) or any(c.isalnum() for c in word) or word in _PRINTED_LONE_MARKS
    ]
    subject = " ".join(kept)
    if subject.startswith(("“", '"')) and not any(quote in subject[1:] for quote in ("”", '"')):
        subject = subject[1:]
    return subject


def _is_title(text: str) -> bool:
    if not text or is_rule(text) or is_stamp_line(text) or not _is_caps(text) or text.rstrip().endswith(":"):
        return False
    return type_of_name(text) is not None or compact_key(text) in LAW_TITLES


_OF_AUTHORITY = re.compile(r"^cua\b")  # "QUYẾT ĐỊNH CỦA CHỦ TỊCH UBND TỈNH …": who decides, not what


def _title_with_more(text: str) -> tuple[str, str | None] | None:
    """A title line that goes on after the type ("KẾ HOẠCH KIỂM TRA CÔNG TÁC …", "BÁO CÁO TÓM TẮT",
    the older "QUYẾT ĐỊNH CỦA CHỦ TỊCH UBND TỈNH …"): (the type's words, what follows them), the
    authority that decides dropped (None). None when the line does not start with a type."""
    if not text or is_rule(text) or is_stamp_line(text) or not _is_caps(text) or text.rstrip().endswith(":"):
        return None
    words = text.split()
    for size in range(min(3, len(words) - 1), 0, -1):
        head = " ".join(words[:size])
        if type_of_name(head) is not None:
            rest = " ".join(words[size:])
            if sum(c.isalpha() for c in rest) < 3:
                return None
            return head, None if _OF_AUTHORITY.match(fold(rest).lower()) else rest
    return None


def _names_who_decides(text: str, *, after_authority: bool) -> bool:
    """A line under the title naming the authority, not the subject: "CỦA CHỦ TỊCH UBND TỈNH" (any
    case), and after it in capitals the unit it wrapped onto ("TỈNH PHÚ THỌ")."""
    if _OF_AUTHORITY.match(fold(text).lower()):
        return True
    return after_authority and _is_caps(text) and unit_word_at(text.split(), 0) is not None


def _beside_stamp(line: Line) -> bool:
    text = _main_text(line)
    return bool(text) and is_stamp_line(text) and bool(line.words) and line.words[0].x1 > 0


def _holds_stamp(line: Line) -> bool:
    """Is the line, or one block of it, a stamp's line ("ĐẾN", "Ngày: 8/3/2024", "Số: 9710")?"""
    if is_stamp_line(_main_text(line)):
        return True
    pieces = split_blocks(line) if line.words and line.words[0].x1 > 0 else []
    return len(pieces) > 1 and any(is_stamp_line(_main_text(piece)) for piece in pieces)


_STAMP_EDGE = 2.0  # points a word may stand out of a painted stamp's box and still be written on it


def _written_on_a_stamp(line: Line, stamp_boxes: Sequence[PointBox]) -> bool:
    """A line whose every word lies inside one painted stamp: what was written on the stamp (an
    arrival stamp's number and date in black pen, "9 0Ốn"), never a line of the subject, which is
    centred and wider than a stamp wherever the stamp was set."""
    if not line.words or line.words[0].x1 <= 0:
        return False
    return any(
        all(
            x0 - _STAMP_EDGE <= word.x0
            and word.x1 <= x1 + _STAMP_EDGE
            and top - _STAMP_EDGE <= word.top
            and word.bottom <= bottom + _STAMP_EDGE
            for word in line.words
        )
        for x0, top, x1, bottom in stamp_boxes
    )


def _is_stray_mark(line: Line) -> bool:
    """An OCR mark too short for the rule under a subject (a dash OCR set on a line of its own)."""
    text = line.text.strip()
    read_by_ocr = _read_by_ocr(line)
    if not read_by_ocr or not is_rule(text) or line.words[0].x1 <= 0:
        return False
    return line.words[-1].x1 - line.words[0].x0 < _NARROWEST_RULE * line.height


def _marks_put_back(window: list[Line]) -> dict[int, str]:
    """Texts of lines with a stray mark put back where it sits: "2026 2030" and a "-" OCR set on a
    line of its own, level with the gap between them, read "2026 - 2030". By `id` of the line."""
    texts: dict[int, str] = {}
    for index, mark in enumerate(window):
        if not _is_stray_mark(mark):
            continue
        middle = (mark.top + mark.bottom) / 2
        for neighbour in window[max(0, index - 1) : index + 2]:
            words = neighbour.words
            if neighbour is mark or not words or words[0].x1 <= 0 or not neighbour.top <= middle <= neighbour.bottom:
                continue
            if _subject_text(neighbour) != " ".join(word.text for word in words):
                continue
            centre = (mark.words[0].x0 + mark.words[-1].x1) / 2
            centres = [(word.x0 + word.x1) / 2 for word in words]
            gap = next((i for i in range(len(words) - 1) if centres[i] < centre < centres[i + 1]), None)
            if gap is not None:
                texts[id(neighbour)] = " ".join(
                    [*(w.text for w in words[: gap + 1]), mark.text.strip(), *(w.text for w in words[gap + 1 :])]
                )
                break
    return texts


def _read_by_ocr(line: Line) -> bool:
    """A text layer's words carry no OCR confidence."""
    return any(word.confidence is not None for word in line.words)


def _typical_height(window: list[Line]) -> float | None:
    """The median height of the OCR lines placed on the page in `window`; None for a text layer."""
    heights = sorted(line.height for line in window if line.words and line.words[0].x1 > 0 and _read_by_ocr(line))
    return heights[len(heights) // 2] if len(heights) >= 3 else None


def _speck_read_as_letters(line: Line, typical: float | None) -> bool:
    """An OCR line far smaller than print around it, both in height and in width per letter."""
    letters = sum(c.isalnum() for word in line.words for c in word.text)
    if typical is None or not letters or line.words[0].x1 <= 0:
        return False
    width = sum(word.x1 - word.x0 for word in line.words)
    smallest = _SPECK_SHARE_OF_LINE * typical
    return line.height < smallest and width / letters < smallest


def _short_word(line: Line) -> str | None:
    """A line of one short word read surely ("vụ"): a speck unless it ends the line above as a word."""
    text = _main_text(line)
    words = text.split()
    sure = bool(line.words) and all((word.confidence or 0.0) >= _SURE_SHORT_WORD for word in line.words)
    if len(words) != 1 or not sure or not is_vietnamese_syllable(words[0]):
        return None
    return words[0]


def _ends_word(previous: str, word: str) -> bool:
    """Does `word` finish the word that `previous` (a subject line) ends with ("… Sở Nội" + "vụ"), or the
    place name ("… huyện Mường" + "Tè")?"""
    before = syllables(previous)
    after = syllables(word)
    if bool(before) and len(after) == 1 and (before[-1], after[0]) in lexicon().word_pairs:
        return True
    return word[:1].isupper() and ends_with_place_name(previous, word)


def _subject_text(line: Line) -> str | None:
    """The text a subject line contributes: a stamp beside it cut off; `None` for OCR specks and
    stamp lines, which neither continue nor end the subject."""
    text = _main_text(line)
    if _beside_stamp(line):
        # an arrival stamp beside the subject ("ĐẾN …    Kiểm tra công tác …"): keep the other blocks
        text = " ".join(_main_text(piece) for piece in split_blocks(line) if not is_stamp_line(_main_text(piece)))
    if not text or is_stamp_line(text):
        return None
    read_by_ocr = _read_by_ocr(line)
    if sum(c.isalnum() for c in text) <= 2 and not is_rule(text) and (read_by_ocr or not text.isalnum()):
        return None  # OCR specks; a text layer's "3" under "… Quận" is the subject's last word
    if _is_stray_mark(line):
        return None  # a dash OCR set on a line of its own ("2026 - 2030" split), too short for a rule
    return text


def _starts_paragraph(line: Line, text: str, subject: list[Line]) -> bool:
    """Is this line the first of a justified paragraph under the centred subject lines above it?
    A directive or a report may open its body with a plain sentence ("Thời gian qua, …") right under
    the subject's rule: no "Căn cứ", no heading, a gap no wider than a line. Its indent shows it."""
    placed = [above for above in subject if above.words and above.words[0].x1 > 0]
    if not placed or not line.words or line.words[0].x1 <= 0:
        return False
    if not text[:1].isupper() or _is_caps(text):
        return False
    height = min(line.height, *(above.height for above in placed))
    subject_middle = sorted((above.x0 + above.x1) / 2 for above in placed)[len(placed) // 2]
    shift = (line.x0 + line.x1) / 2 - subject_middle
    widest = max(above.x1 for above in placed)
    return shift >= _PARAGRAPH_SHIFT * height and line.x1 >= widest - _REACHES_RIGHT * height


def _is_authority_line(text: str) -> bool:
    """The enacting authority printed in capitals between a decision's subject and its legal bases:
    "BỘ TRƯỞNG BỘ TÀI CHÍNH", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …", "CHÍNH PHỦ", "THỦ TƯỚNG CHÍNH PHỦ"."""
    if not _is_caps(text):
        return False
    words = text.split()
    return starts_with_agency(text) or any(title_of(" ".join(words[:size])) is not None for size in (1, 2, 3))


def opens_body(text: str, *, first: bool, following: str | None) -> bool:
    """Does this line (after the title) start the body, ending the subject above it?

    `first`: no subject line is read yet (a subject may itself begin "Thực hiện …"). `following`:
    the next line, which tells an authority line ("BỘ TRƯỞNG BỘ TÀI CHÍNH" then "Căn cứ …") from a
    subject wrapped in capitals that happens to go on with a title or agency.
    """
    folded = fold(text)
    if is_rule(text) or _BODY_OPENERS.match(folded) or _INVITES.search(folded):
        return True
    if not first and _SENTENCE_OPENERS.match(folded) and not _is_caps(text):
        return True
    if not first and _LEADS_INTO_LIST.match(folded):
        return True
    if _is_authority_line(text):
        return following is None or bool(_ENACTING_OPENERS.match(fold(following)))
    return False


@dataclass(frozen=True)
class TitleAndSubject:
    title: str | None
    subject: str | None
    # a stamp shared a line with the subject and was cut off it: words under the stamp may be lost
    beside_stamp: bool = False
    # a stamp's lines sat between the title and the subject's last line (its box over the subject's
    # zone): words under it may be lost without any line showing it ("công tác …" for "Kiểm tra …")
    stamp_among: bool = False


def read_title_and_subject(lines: list[Line]) -> tuple[str | None, str | None]:
    """(title as printed, subject in normal case) from the lines after the header."""
    reading = read_title_block(lines)
    return reading.title, reading.subject


def _ocr_block_beside_title(line: Line, pieces: list[Line], title: str) -> bool:
    """Does an OCR block of letters share the title's line ("VĂN PHÒNG UBND TỈNH LONG AN    KẾ HOẠCH")?
    The title stands alone in its line: beside it is a stamp (an arrival box's receiver), whose box
    reaches down over the subject's first words."""
    if _main_text(line) == title or not _read_by_ocr(line):
        return False
    return any(_main_text(piece) != title and sum(c.isalpha() for c in _main_text(piece)) >= 3 for piece in pieces)


# Where the title may stand: among the first lines after the header, or — when no number or date line
# split the header off (both misread: a pen's digits, a date line cut short) — among the header's own.
TITLE_SEARCH_LINES = 5
TITLE_SEARCH_LINES_UNSPLIT = 12


def read_title_block(
    lines: list[Line], search: int = TITLE_SEARCH_LINES, stamp_boxes: Sequence[PointBox] = ()
) -> TitleAndSubject:
    """The title (among the first `search` lines), the subject and whether a stamp was cut off the
    subject's lines. `stamp_boxes`: where stamps were painted out of an OCR page (`Page.stamps`)."""
    lines = without_ghost_lines(lines)
    title: str | None = None
    title_index = -1
    beside_title = False
    for index, line in enumerate(lines[:search]):
        # a stamp beside the title ("UBND PHƯỜNG …    KẾ HOẠCH") is a separate block of the line
        pieces = split_blocks(line) if line.words and line.words[0].x1 > 0 else []
        title = next((text for text in map(_main_text, [line, *pieces]) if _is_title(text)), None)
        if title is not None:
            title_index = index
            beside_title = _ocr_block_beside_title(line, pieces, title)
            break
    opening: str | None = None  # the subject's first words, printed on the title's line
    if title is None:
        for index, line in enumerate(lines[:search]):
            found = _title_with_more(_main_text(line))
            if found is not None:
                (title, opening), title_index = found, index
                break
    if title is None:
        return TitleAndSubject(None, None)
    subject_lines: list[str] = []
    subject_boxes: list[Line] = []  # the lines read as the subject, for their place on the page
    beside_stamp = False
    previous: Line | None = None
    caps: bool | None = None
    window = lines[title_index + 1 : title_index + 1 + MAX_SUBJECT_LINES]
    put_back = _marks_put_back(window)
    typical = _typical_height(window)
    candidates = [
        (line, text)
        for line in window
        if not _speck_read_as_letters(line, typical)
        and not _written_on_a_stamp(line, stamp_boxes)
        and (text := put_back.get(id(line)) or _subject_text(line) or _short_word(line)) is not None
    ]
    if opening is not None:
        following = next((text for line, text in candidates if _subject_text(line) is not None), None)
        # "BÁO CÁO TÓM TẮT" over "Kết quả …": a word or two after the type qualify it, and the subject is
        # the line below; a longer rest is the subject itself, and the line below it in normal case is
        # the body ("KẾ HOẠCH KIỂM TRA CÔNG TÁC … NĂM 2024" then "Thực hiện Kế hoạch số …")
        qualified = following is not None and not _is_caps(following) and len(opening.split()) <= _LONGEST_QUALIFIER
        if not qualified or opens_body(following or "", first=True, following=None):
            subject_lines.append(opening)
            caps = True
    authority_above = False
    for index, (line, text) in enumerate(candidates):
        if _subject_text(line) is None:
            # a short word alone: the subject's last syllable wrapped ("… Sở Nội" / "vụ"), else a speck
            if subject_lines and _ends_word(subject_lines[-1], text):
                subject_lines.append(text)
                previous = line
                break
            continue
        if not subject_lines and _names_who_decides(text, after_authority=authority_above):
            # the older form: "QUYẾT ĐỊNH" / "CỦA CHỦ TỊCH UBND TỈNH …" (and its wrapped "TỈNH …") / "Về việc …"
            authority_above = True
            continue
        following = candidates[index + 1][1] if index + 1 < len(candidates) else None
        if opens_body(text, first=not subject_lines, following=following):
            break
        if _starts_paragraph(line, text, subject_boxes):
            break
        if caps is not None and _is_caps(text) != caps:
            break
        if subject_lines and _is_caps(text) and starts_with_agency(text):
            break
        # a gap wider than a line: the subject has ended (the smaller line's height: an OCR box of
        # ink or a seal makes a line look taller than its text)
        height = min(line.height, previous.height) if previous is not None else line.height
        if previous is not None and previous.words[0].x1 > 0 and line.top - previous.bottom > 1.6 * height:
            break
        caps = _is_caps(text) if caps is None else caps
        subject_lines.append(text)
        subject_boxes.append(line)
        beside_stamp = beside_stamp or _beside_stamp(line)
        previous = line
    last = window.index(previous) if previous is not None else 0
    # an arrival stamp's box is three lines tall: its lines just below the subject's last line
    # ("Ngày:" under "… ra công tác …") put the box over the subject too
    reach = previous.bottom + STAMP_REACH_LINES * previous.height if previous is not None else 0.0
    stamp_among = (
        beside_title
        or any(_holds_stamp(line) for line in window[:last])
        or any(_holds_stamp(line) and line.top <= reach for line in window[last + 1 :])
    )
    subject = _clean_subject(subject_lines)
    if subject is not None and subject.endswith(":"):
        subject = None  # a trích yếu never leads into a list: this is the body under a title with none
    if subject is not None and caps:
        subject = sentence_case(subject)
    law = LAW_TITLES.get(compact_key(title))
    if law is not None and subject is not None:
        subject = f"{law} {upper_first(subject)}"
    return TitleAndSubject(title, subject, beside_stamp, stamp_among)


def subject_of_cong_van(lines: list[str]) -> str | None:
    """The trích yếu of a công văn: the lines under the number, "V/v" removed, wraps joined."""
    kept: list[str] = []
    for text in lines:
        if not text.strip() or is_rule(text) or is_stamp_line(text):
            break
        kept.append(VV_LABEL.sub("", _LEADING_MARKS.sub("", text), count=1) if not kept else text)
    return _clean_subject(kept)


# Plans and decisions restate their subject in the first lines of the body:
# "Ủy ban nhân dân tỉnh ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2024 như sau:"
_RESTATED = re.compile(
    r"ban hành (?:kế hoạch|quyết định|chương trình|báo cáo|thông báo|quy chế|quy định)\s+(?P<subject>[^:;]{10,300}?)"
    r"\s*(?:như sau|với (?:các )?nội dung|cụ thể|gồm)",
)
_TAIL_SYLLABLES = 4


def _syllables(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+|\d+", matching_form(text))


def _looks_misread(subject: str) -> bool:
    """Signs of OCR through a stamp or handwriting: a word that is no Vietnamese syllable, a word in
    mixed case ("ThụC"), symbols inside a word ("Kết4{8á"), a full stop inside the subject ("Vướ. tra")."""
    words = [w for w in subject.split() if any(c.isalpha() for c in w)]
    for index, word in enumerate(words):
        core = word.strip(".,;:()\"'“”")
        if not core:
            continue
        if not is_vietnamese_syllable(core) and not core.isupper() and not any(c.isdigit() for c in core):
            return True
        if any(c.isupper() for c in core[1:]) and not core.isupper():
            return True
        if word.endswith(".") and index + 1 < len(words):
            return True
    return False


def repair_subject(subject: str | None, body: str) -> str | None:
    """The subject as the body restates it, when the one under the title is garbled (a stamp or
    handwriting over it: "kef(đfu ủng tác cải cách hành chính năm 2024"). Taken only when the
    restatement ends like the subject and the subject has words that are not Vietnamese."""
    if not subject:
        return subject
    if not _looks_misread(subject):
        return subject
    ours = _syllables(subject)
    original = " ".join(body.split())
    form = matching_form(original)
    same_length = len(form) == len(original)  # then spans of the form are spans of the original
    for match in _RESTATED.finditer(form):
        restated = original[slice(*match.span("subject"))] if same_length else match.group("subject")
        theirs = _syllables(restated)
        if (
            len(ours) >= _TAIL_SYLLABLES
            and theirs[-_TAIL_SYLLABLES:] == ours[-_TAIL_SYLLABLES:]
            and abs(len(theirs) - len(ours)) <= 3
        ):
            return upper_first(restated.strip())
    return subject
