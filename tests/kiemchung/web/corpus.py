"""A small archive + store for the web tests: real PDFs, read by the real extraction pipeline.

Each document is a born-digital PDF made here with reportlab; its pages and word boxes come from
`extractors.pipeline.extract_file` (tagging off), and its evidence is placed on known quotes, so
the tests know which page and which words must be highlighted. Fields the tests rely on (unit,
year, number, dates) are set explicitly rather than left to the field parser.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from core.models import DocumentRecord, Evidence, Signature
from core.rubric import default_scheme
from extractors.pipeline import ExtractionOptions, extract_file
from kiemchung.archive import Archive, Provenance, sha256_of
from kiemchung.stores import EvidenceStore

FONT_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
FONT = "WebTestSerif"
UNIT = "hcm.quan-3"
YEAR = 2024
XSS = '<script>alert("xss")</script>'


@dataclass(frozen=True)
class Found:
    criterion: str
    page: int
    quote: str
    rule: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Spec:
    name: str
    pages: list[list[str]]
    evidence: list[Found]
    fields: dict[str, Any]
    source_url: str
    ocr_pages: tuple[int, ...] = ()  # pages to present as read by OCR (badge tests)


PLAN = Spec(
    name="plan",
    pages=[
        ["ỦY BAN NHÂN DÂN QUẬN 3", "Số: 297/KH-UBND", "Quận 3, ngày 20 tháng 12 năm 2023", "KẾ HOẠCH",
         "Cải cách hành chính năm 2024",
         "Ủy ban nhân dân Quận 3 ban hành Kế hoạch cải cách hành chính năm 2024 như sau:",
         "I. MỤC ĐÍCH, YÊU CẦU", "Năm 2024 thực hiện 20 nhiệm vụ cải cách hành chính trên địa bàn quận."],
        ["II. NHIỆM VỤ TRỌNG TÂM", "1. Tuyên truyền cải cách hành chính đến người dân và doanh nghiệp.",
         "2. Kiểm tra công tác cải cách hành chính tại các phường."],
    ],
    evidence=[
        Found("1.1.1", 1, "Cải cách hành chính năm 2024", "1.1.1/annual-plan",
              {"plan_year": 2024, "tasks_planned": 20}),
    ],
    fields={"doc_type": "KH", "number": "297/KH-UBND", "issuer": "Ủy ban nhân dân Quận 3",
            "issue_date": dt.date(2023, 12, 20), "subject": "Cải cách hành chính năm 2024",
            "signature": Signature(status="valid", signer="Nguyễn Văn A")},
    source_url="https://quan3.hochiminhcity.gov.vn/van-ban/297-kh-ubnd.pdf",
)  # fmt: skip

REPORT = Spec(
    name="report",
    pages=[
        ["ỦY BAN NHÂN DÂN QUẬN 3", "Số: 150/BC-UBND", "Quận 3, ngày 15 tháng 6 năm 2024", "BÁO CÁO",
         "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024",
         "Trong 6 tháng đầu năm, Ủy ban nhân dân Quận 3 đã hoàn thành 12/20 nhiệm vụ."],
    ],
    evidence=[
        Found("1.2", 1, "Kết quả thực hiện công tác cải cách hành chính 6 tháng đầu năm 2024",
              "1.2/periodic-report", {"report_year": 2024, "period": "6 tháng"}),
    ],
    fields={"doc_type": "BC", "number": "150/BC-UBND", "issuer": "Ủy ban nhân dân Quận 3",
            "issue_date": dt.date(2024, 6, 15), "subject": "Kết quả thực hiện công tác cải cách hành chính 6 tháng"
            " đầu năm 2024"},
    source_url="https://quan3.hochiminhcity.gov.vn/van-ban/150-bc-ubnd.pdf",
    ocr_pages=(1,),
)  # fmt: skip

LETTER = Spec(
    name="letter",
    pages=[
        ["ỦY BAN NHÂN DÂN QUẬN 3", "Số: 77/UBND-VP", "Quận 3, ngày 02 tháng 4 năm 2024",
         f"V/v đôn đốc cải cách hành chính {XSS}",
         f"Đôn đốc các phường đẩy mạnh cải cách hành chính {XSS} trong quý II."],
    ],
    evidence=[Found("1", 1, f"Đôn đốc các phường đẩy mạnh cải cách hành chính {XSS}", "1/urging-letter")],
    fields={"doc_type": "CV", "number": "77/UBND-VP", "issuer": "Ủy ban nhân dân Quận 3",
            "issue_date": dt.date(2024, 4, 2), "subject": f"Đôn đốc cải cách hành chính {XSS}"},
    source_url="javascript:alert(1)",  # a hostile "URL" must never become a link
)  # fmt: skip

SPECS = [PLAN, REPORT, LETTER]


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH)))
    return FONT


def pdf_bytes(pages: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for lines in pages:
        pdf.setFont(_font(), 12)
        y = 790.0
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 24
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _record(spec: Spec, path: Path, sha256: str) -> DocumentRecord:
    scheme = default_scheme()
    extracted = extract_file(path, ExtractionOptions(tag=False, workers=1))
    assert extracted.error is None, extracted.error
    pages = [
        page.model_copy(update={"method": "ocr", "confidence": 91.0}) if page.page in spec.ocr_pages else page
        for page in extracted.pages
    ]
    evidence = []
    for found in spec.evidence:
        text = pages[found.page - 1].text
        start = text.index(found.quote)  # the quote must be on one line of the page
        evidence.append(Evidence(criterion=found.criterion, page=found.page, start=start, end=start + len(found.quote),
                                 quote=found.quote, facts=found.facts, rule=found.rule, confidence=0.95,
                                 scheme=scheme.scheme, scheme_version=scheme.version))  # fmt: skip
    return extracted.model_copy(update={
        "file": path.name, "sha256": sha256, "pages": pages, "evidence": evidence, "unit": UNIT, "year": YEAR,
        "needs_review": [], **spec.fields,
    })  # fmt: skip


@dataclass
class Corpus:
    records: dict[str, DocumentRecord]  # by spec name
    files: dict[str, Path]
    sources: dict[str, str]  # provenance URL by spec name


def extract_corpus(work: Path) -> Corpus:
    """Write the PDFs and extract them (the slow part: done once per test session)."""
    work.mkdir(parents=True, exist_ok=True)
    records: dict[str, DocumentRecord] = {}
    files: dict[str, Path] = {}
    for spec in SPECS:
        path = work / f"{spec.name}.pdf"
        path.write_bytes(pdf_bytes(spec.pages))
        records[spec.name] = _record(spec, path, sha256_of(path.read_bytes()))
        files[spec.name] = path
    return Corpus(records=records, files=files, sources={spec.name: spec.source_url for spec in SPECS})


def install_corpus(corpus: Corpus, home: Path, store: EvidenceStore) -> None:
    """Archive the originals (with a URL provenance and a flow run) and their records; index them."""
    archive = Archive(home)
    for name, record in corpus.records.items():
        archive.add_bytes(corpus.files[name].read_bytes(),
                          Provenance(source=corpus.sources[name], kind="url", flow_run_id=f"run-{name}"))  # fmt: skip
        archive.put_record(record)
    report = store.index_documents(corpus.records.values())
    assert not report.errors, report.errors
