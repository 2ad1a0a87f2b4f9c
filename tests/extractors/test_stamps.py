import datetime as dt
import json
from pathlib import Path

from core.models import Page
from extractors.stamps import VIETNAM_TIME, find_signature_stamp, is_stamp_line

PAGES = Path(__file__).parents[1] / "fixtures" / "pages"


def test_signature_stamp_of_a_real_signed_scan() -> None:
    raw = json.loads((PAGES / "hcm-stp-cv-687-2021-scan-signed.pdftotext.json").read_text(encoding="utf-8"))
    signer, signed_at = find_signature_stamp([Page(**p) for p in raw])
    assert signer == "Sở Tư pháp"
    assert signed_at == dt.datetime(2021, 2, 25, 15, 12, 1, tzinfo=VIETNAM_TIME)


def test_signature_stamp_with_an_offset_and_a_person() -> None:
    page = Page(
        page=3,
        method="text",
        text="Người ký: Nguyễn Văn A\nEmail: a@x.gov.vn\nThời gian ký: 27.06.2025 17:00:11 +07:00",
    )
    assert find_signature_stamp([page]) == (
        "Nguyễn Văn A",
        dt.datetime(2025, 6, 27, 17, 0, 11, tzinfo=VIETNAM_TIME),
    )


def test_no_stamp() -> None:
    assert find_signature_stamp([Page(page=1, method="text", text="Kế hoạch số 1/KH-UBND")]) == (None, None)


def test_stamp_lines() -> None:
    for line in (
        "ĐẾN",
        "Số: 1234 Ngày: 27/6/2025",
        "Ngày: 27/6/2025",
        "Giờ: 9h",
        "Ký bởi: Sở Tư pháp",
        "Thời gian ký: 25.02.2021 15:12:01",
        "SAO Y BẢN CHÍNH",
        "HỎA TỐC",
        "THƯỢNG KHẨN",
        "MẬT",
    ):
        assert is_stamp_line(line), line
    for line in ("ỦY BAN NHÂN DÂN", "Khẩn trương triển khai", "Mật độ dân cư", "Số: 12/KH-UBND"):
        assert not is_stamp_line(line), line
