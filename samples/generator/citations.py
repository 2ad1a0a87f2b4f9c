"""Documents a generated text may cite, and how a citation is printed.

The national documents are real (numbers and dates as issued); local ones are made up per document.
Every citation printed in the body goes through `Draft.cite`, which records it for the truth.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from samples.generator.spec import Citation, body_long_date, short_date

DOC_WORDS: dict[str | None, str] = {
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "TT": "Thông tư",
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "TB": "Thông báo",
    "CV": "Công văn",
    "TTr": "Tờ trình",
    "BB": "Biên bản",
    "CT": "Chỉ thị",
    "HD": "Hướng dẫn",
    None: "Luật",
}


@dataclass(frozen=True)
class NationalDocument:
    citation: Citation
    name: str  # what follows the number and date ("của Chính phủ ban hành …"); for a law, its title


def _national(number: str, doc_type: str | None, date: tuple[int, int, int], name: str) -> NationalDocument:
    return NationalDocument(Citation(number, doc_type, dt.date(*date)), name)


NATIONAL: dict[str, NationalDocument] = {
    "nq76": _national(
        "76/NQ-CP",
        "NQ",
        (2021, 7, 15),
        "của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
    ),
    "qd876": _national(
        "876/QĐ-BNV",
        "QĐ",
        (2022, 11, 10),
        "của Bộ trưởng Bộ Nội vụ phê duyệt Đề án “Xác định Chỉ số cải cách hành chính của các bộ, "
        "cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương”",
    ),
    "nd61": _national(
        "61/2018/NĐ-CP",
        "NĐ",
        (2018, 4, 23),
        "của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
    ),
    "nd63": _national("63/2010/NĐ-CP", "NĐ", (2010, 6, 8), "của Chính phủ về kiểm soát thủ tục hành chính"),
    "nd92": _national(
        "92/2017/NĐ-CP",
        "NĐ",
        (2017, 8, 7),
        "của Chính phủ sửa đổi, bổ sung một số điều của các nghị định liên quan đến kiểm soát thủ tục hành chính",
    ),
    "tt02": _national(
        "02/2017/TT-VPCP",
        "TT",
        (2017, 10, 31),
        "của Văn phòng Chính phủ hướng dẫn về nghiệp vụ kiểm soát thủ tục hành chính",
    ),
    "qd749": _national(
        "749/QĐ-TTg",
        "QĐ",
        (2020, 6, 3),
        "của Thủ tướng Chính phủ phê duyệt “Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030”",
    ),
    "qd06": _national(
        "06/QĐ-TTg",
        "QĐ",
        (2022, 1, 6),
        "của Thủ tướng Chính phủ phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và "
        "xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030",
    ),
    "nd30": _national("30/2020/NĐ-CP", "NĐ", (2020, 3, 5), "của Chính phủ về công tác văn thư"),
    "nd13": _national("13/2012/NĐ-CP", "NĐ", (2012, 3, 2), "của Chính phủ ban hành Điều lệ Sáng kiến"),
    "luat_tdkt": _national("06/2022/QH15", None, (2022, 6, 15), "Luật Thi đua, khen thưởng"),
    "nd98": _national(
        "98/2023/NĐ-CP",
        "NĐ",
        (2023, 12, 31),
        "của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
    ),
    "nd91": _national(
        "91/2017/NĐ-CP",
        "NĐ",
        (2017, 7, 31),
        "của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
    ),
    "luat_pctt": _national("33/2013/QH13", None, (2013, 6, 19), "Luật Phòng, chống thiên tai"),
    "nd66": _national(
        "66/2021/NĐ-CP",
        "NĐ",
        (2021, 7, 6),
        "của Chính phủ quy định chi tiết thi hành Luật Phòng, chống thiên tai và Luật sửa đổi, bổ sung "
        "một số điều của Luật Phòng, chống thiên tai và Luật Đê điều",
    ),
    "nd07": _national(
        "07/2021/NĐ-CP",
        "NĐ",
        (2021, 1, 27),
        "của Chính phủ quy định chuẩn nghèo đa chiều giai đoạn 2021 - 2025",
    ),
    "luat_xd": _national("50/2014/QH13", None, (2014, 6, 18), "Luật Xây dựng"),
    "nd16": _national(
        "16/2022/NĐ-CP",
        "NĐ",
        (2022, 1, 28),
        "của Chính phủ quy định xử phạt vi phạm hành chính về xây dựng",
    ),
}


@dataclass
class Draft:
    """The state shared while one document's text is written: randomness and what it cites."""

    rng: random.Random
    issue_date: dt.date
    citations: list[Citation] = field(default_factory=list)

    def _date_text(self, date: dt.date, *, long: bool | None) -> str:
        if long is None:
            long = self.rng.random() < 0.7
        return body_long_date(date) if long else f"ngày {short_date(date)}"

    def cite(
        self,
        doc_type: str | None,
        number: str,
        date: dt.date,
        tail: str = "",
        *,
        long: bool | None = None,
    ) -> str:
        """ "Kế hoạch số 12/KH-UBND ngày 05 tháng 01 năm 2024 của …" — recorded as a reference."""
        if date >= self.issue_date:
            raise ValueError(f"a document cannot cite {number} dated after itself")
        citation = Citation(number, doc_type, date)
        if citation not in self.citations:
            self.citations.append(citation)
        text = f"{DOC_WORDS[doc_type]} số {number} {self._date_text(date, long=long)}"
        return f"{text} {tail}" if tail else text

    def cite_national(self, key: str, *, long: bool | None = None) -> str:
        document = NATIONAL[key]
        c = document.citation
        if c.doc_type is None:  # a law: title first, then number and date
            citation_text = self.cite(None, c.number, c.date, long=long)
            return document.name + citation_text.removeprefix(DOC_WORDS[None])
        return self.cite(c.doc_type, c.number, c.date, document.name, long=long)

    def local_number(self, doc_type: str, code: str, low: int = 1, high: int = 900) -> str:
        return f"{self.rng.randint(low, high)}/{doc_type}-{code}"

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        """A working day in [start, end] (clipped to before the issue date)."""
        end = min(end, self.issue_date - dt.timedelta(days=1))
        if end < start:
            start = end
        day = start + dt.timedelta(days=self.rng.randint(0, (end - start).days))
        while day.weekday() == 6 and day > start:
            day -= dt.timedelta(days=1)
        return day

    def pick(self, options: list[str] | tuple[str, ...], k: int) -> list[str]:
        """k distinct options in their original order."""
        k = min(k, len(options))
        chosen = sorted(self.rng.sample(range(len(options)), k))
        return [options[i] for i in chosen]
