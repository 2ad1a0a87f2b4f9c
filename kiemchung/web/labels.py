"""Vietnamese labels for values that come from the models (methods, signature statuses, decisions)."""

from __future__ import annotations

METHOD_LABELS: dict[str, str] = {"text": "Lớp chữ", "ocr": "OCR", "converted": "Chuyển đổi"}
SIGNATURE_LABELS: dict[str, str] = {
    "valid": "Chữ ký số hợp lệ",
    "untrusted": "Chữ ký số chưa được tin cậy",
    "modified": "Sửa đổi sau khi ký",
    "invalid": "Chữ ký số không hợp lệ",
    "unsigned": "Không có chữ ký số",
}
STATUS_LABELS: dict[str, str] = {
    "met": "Đạt", "partial": "Đạt một phần", "late": "Trễ hạn", "missing": "Thiếu tài liệu",
    "unclear": "Cần kiểm tra", "survey": "Điều tra xã hội học", "group": "",
}  # fmt: skip
ACTION_LABELS: dict[str, str] = {"accept": "Chấp nhận", "override": "Điều chỉnh"}
DOC_TYPE_LABELS: dict[str, str] = {
    "QĐ": "Quyết định", "KH": "Kế hoạch", "BC": "Báo cáo", "TB": "Thông báo", "CT": "Chỉ thị",
    "NQ": "Nghị quyết", "HD": "Hướng dẫn", "TTr": "Tờ trình", "QC": "Quy chế", "QyĐ": "Quy định",
    "CV": "Công văn", "CTr": "Chương trình", "CĐ": "Công điện",
}  # fmt: skip


def points(value: float | None) -> str:
    """1.0 → "1", 0.25 → "0,25" (Vietnamese decimal comma); None → "—"."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
