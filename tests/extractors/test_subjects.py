from extractors.subjects import sentence_case, subject_of_cong_van


def test_upper_case_subject_in_sentence_case() -> None:
    assert sentence_case("QUY ĐỊNH MỨC THU LỆ PHÍ TRÊN ĐỊA BÀN TỈNH CAO BẰNG") == (
        "Quy định mức thu lệ phí trên địa bàn tỉnh Cao Bằng"
    )
    assert sentence_case("NÂNG CAO CHỈ SỐ PAPI VÀ SIPAS NĂM 2024") == "Nâng cao chỉ số PAPI và SIPAS năm 2024"


def test_cong_van_subject() -> None:
    assert subject_of_cong_van(["V/v đăng ký danh sách tham gia Hội thi kỹ", "năng sử dụng máy tính.", "____"]) == (
        "đăng ký danh sách tham gia Hội thi kỹ năng sử dụng máy tính."
    )
    assert subject_of_cong_van(["Về Chương trình hỗ trợ pháp lý"]) == "Về Chương trình hỗ trợ pháp lý"
