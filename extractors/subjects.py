"""The title line under the header ("KẾ HOẠCH", "QUYẾT ĐỊNH") and the trích yếu (subject) under it;
for a công văn, the "V/v …" lines under the number."""

from __future__ import annotations

import re

from extractors.agencies import starts_with_agency
from extractors.doc_types import LAW_TITLES, type_of_name
from extractors.layout import Line, is_rule, split_blocks
from extractors.normalize import compact_key, fold, matching_form, upper_first
from extractors.places import province_named, unit_word_at
from extractors.stamps import is_stamp_line
from extractors.text_quality import is_vietnamese_syllable

MAX_SUBJECT_LINES = 8
_BODY_STARTS = re.compile(
    r"^\s*(?:can\s*cu|kinh\s*gui|thuc\s*hien|theo\s*de\s*nghi|xet\b|dieu\s*\d|chuong\s|phan\s|muc\s|"
    r"[ivx]+\s*[.)]|\d+\s*[.)]|quyet\s*dinh\s*:|quyet\s*nghi\s*:|khoa\s+[ivxl]+)",
)
_VV = re.compile(r"^\s*v\s*[/.]?\s*v\s*[:.]?\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def _main_text(line: Line) -> str:
    """The line without stray OCR specks beside it ("… sử dụng đất    3")."""
    if not line.words or line.words[0].x1 <= 0:
        return line.text.strip()
    words = line.words
    kept = []
    for index, word in enumerate(words):
        gap_before = word.x0 - words[index - 1].x1 if index else 0.0
        gap_after = words[index + 1].x0 - word.x1 if index + 1 < len(words) else 0.0
        isolated = (index == 0 or gap_before > 0.8 * line.height) and (
            index + 1 == len(words) or gap_after > 0.8 * line.height
        )
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
        if any(c.isdigit() for c in w) or (w.isupper() and not is_vietnamese_syllable(w.strip(",.;:()")))
        else w.lower()
        for w in words
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
    written = " ".join(out)
    written = re.sub(r"\bviệt nam\b", "Việt Nam", written)
    return written[:1].upper() + written[1:]


def _clean_subject(lines: list[str]) -> str | None:
    text = _SPACES.sub(" ", " ".join(lines)).strip()
    text = re.sub(r"(\w)- (\w)", r"\1\2", text)
    return text or None


def _is_title(text: str) -> bool:
    if not text or is_rule(text) or is_stamp_line(text) or not _is_caps(text) or text.rstrip().endswith(":"):
        return False
    return type_of_name(text) is not None or compact_key(text) in LAW_TITLES


def read_title_and_subject(lines: list[Line]) -> tuple[str | None, str | None]:
    """(title as printed, subject in normal case) from the lines after the header."""
    title: str | None = None
    title_index = -1
    for index, line in enumerate(lines[:5]):
        # a stamp beside the title ("UBND PHƯỜNG …    KẾ HOẠCH") is a separate block of the line
        pieces = split_blocks(line) if line.words and line.words[0].x1 > 0 else []
        title = next((text for text in map(_main_text, [line, *pieces]) if _is_title(text)), None)
        if title is not None:
            title_index = index
            break
    if title is None:
        return None, None
    subject_lines: list[str] = []
    previous: Line | None = None
    caps: bool | None = None
    for line in lines[title_index + 1 : title_index + 1 + MAX_SUBJECT_LINES]:
        text = _main_text(line)
        if text and is_stamp_line(text) and line.words and line.words[0].x1 > 0:
            # an arrival stamp beside the subject ("ĐẾN …    Kiểm tra công tác …"): keep the other blocks
            text = " ".join(_main_text(piece) for piece in split_blocks(line) if not is_stamp_line(_main_text(piece)))
        if not text or is_stamp_line(text) or (sum(c.isalnum() for c in text) <= 2 and not is_rule(text)):
            continue  # OCR specks on a line of their own
        if is_rule(text) or _BODY_STARTS.match(fold(text).lower()):
            break
        if caps is not None and _is_caps(text) != caps:
            break
        if subject_lines and _is_caps(text) and starts_with_agency(text):
            break
        if previous is not None and previous.words[0].x1 > 0 and line.top - previous.bottom > 1.6 * line.height:
            break
        caps = _is_caps(text) if caps is None else caps
        subject_lines.append(text)
        previous = line
    subject = _clean_subject(subject_lines)
    if subject is not None and caps:
        subject = sentence_case(subject)
    law = LAW_TITLES.get(compact_key(title))
    if law is not None and subject is not None:
        subject = f"{law} {upper_first(subject)}"
    return title, subject


def subject_of_cong_van(lines: list[str]) -> str | None:
    """The trích yếu of a công văn: the lines under the number, "V/v" removed, wraps joined."""
    kept: list[str] = []
    for text in lines:
        if not text.strip() or is_rule(text) or is_stamp_line(text):
            break
        kept.append(_VV.sub("", text, count=1) if not kept else text)
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
        if (len(ours) >= _TAIL_SYLLABLES and theirs[-_TAIL_SYLLABLES:] == ours[-_TAIL_SYLLABLES:]
                and abs(len(theirs) - len(ours)) <= 3):
            return upper_first(restated.strip())
    return subject
