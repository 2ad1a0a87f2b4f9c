"""A handful of DocumentRecords with pages and evidence, written for the store contract tests.

Each text is there to show one behaviour: diacritic-free search ("cai cach hanh chinh"), đ → d
("Đồng Nai"), exact spelling first ("định" vs the surname "Đinh"), phrases, sub-tree filters.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from core.models import DocumentRecord, Evidence, Page, Signature

EXTRACTOR_VERSION = "test-1"


def sha(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def evidence(criterion: str, page: Page, quote: str, rule: str = "test-rule") -> Evidence:
    start = page.text.index(quote)
    return Evidence(
        criterion=criterion, page=page.page, start=start, end=start + len(quote), quote=quote, rule=rule,
        confidence=0.9, scheme="default", scheme_version="1",
    )  # fmt: skip


def record(name: str, pages: list[Page], found: list[tuple[str, int, str]], **fields: object) -> DocumentRecord:
    by_number = {page.page: page for page in pages}
    return DocumentRecord.model_validate(
        {
            "file": f"{name}.pdf",
            "sha256": sha(name),
            "pages": pages,
            "page_count": len(pages),
            "evidence": [evidence(criterion, by_number[page], quote) for criterion, page, quote in found],
            "extractor_version": EXTRACTOR_VERSION,
            **fields,
        }
    )


PLAN_P1 = Page(
    page=1,
    method="text",
    text="ỦY BAN NHÂN DÂN QUẬN 3\nKẾ HOẠCH\nCải cách hành chính năm 2024\n"
    "Căn cứ Quyết định số 4000/QĐ-UBND của Ủy ban nhân dân Thành phố.",
)
PLAN_P2 = Page(
    page=2,
    method="ocr",
    confidence=88.0,
    text="III. TỔ CHỨC THỰC HIỆN\nĐẩy mạnh tuyên truyền cải cách hành chính đến người dân <và> doanh nghiệp & tổ chức.",
)
PLAN = record(
    "plan",
    [PLAN_P1, PLAN_P2],
    [("1.1.1", 1, "Cải cách hành chính năm 2024"), ("1.4", 2, "tuyên truyền cải cách hành chính")],
    doc_type="KH", number="297/KH-UBND", issuer="Ủy ban nhân dân Quận 3", issue_date=dt.date(2024, 1, 8),
    subject="Cải cách hành chính năm 2024", unit="q3", year=2024, signature=Signature(status="valid"),
)  # fmt: skip

REPORT_P1 = Page(
    page=1,
    method="text",
    text="BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024 tại tỉnh Đồng Nai.",
)
REPORT = record(
    "report",
    [REPORT_P1],
    [("1.2", 1, "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024")],
    doc_type="BC", number="15/BC-UBND", issuer="Ủy ban nhân dân Quận 3", issue_date=dt.date(2024, 6, 20),
    subject="Kết quả cải cách hành chính 6 tháng đầu năm 2024", unit="q3", year=2024,
)  # fmt: skip

DECISION_P1 = Page(
    page=1,
    method="text",
    text="QUYẾT ĐỊNH\nVề việc kiện toàn Ban Chỉ đạo cải cách hành chính; xác định nhiệm vụ năm 2023.",
)
DECISION = record(
    "decision",
    [DECISION_P1],
    [("1", 1, "kiện toàn Ban Chỉ đạo cải cách hành chính")],
    doc_type="QĐ", number="12/QĐ-UBND", issuer="Ủy ban nhân dân Quận 1", issue_date=dt.date(2023, 3, 1),
    subject="Kiện toàn Ban Chỉ đạo cải cách hành chính", unit="q1", year=2023,
)  # fmt: skip

LETTER_P1 = Page(
    page=1,
    method="text",
    text="CÔNG VĂN\nGiao ông Đinh Văn Hùng phụ trách hành chính, báo cáo chính quyền năm 2023.",
)
LETTER = record(
    "letter",
    [LETTER_P1],
    [],
    doc_type="CV", number="5/UBND-VP", issuer="Ủy ban nhân dân Quận 1", issue_date=None, unit="q1", year=2023,
)  # fmt: skip

CORPUS = [PLAN, REPORT, DECISION, LETTER]
