"""Sentences about PAR (cải cách hành chính) work that plans, reports and letters are made of.

Written for these samples in the register of real documents; nothing here is copied from one.
"""

from __future__ import annotations

from samples.generator.agencies import Agency

AREA_TITLES: tuple[str, ...] = (
    "Công tác chỉ đạo, điều hành cải cách hành chính",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng, phát triển Chính quyền điện tử, Chính quyền số",
)

AREA_TASKS: tuple[tuple[str, ...], ...] = (
    (
        "Ban hành và tổ chức triển khai kịp thời các kế hoạch về cải cách hành chính, kế hoạch kiểm tra "
        "và kế hoạch tuyên truyền cải cách hành chính năm {year}",
        "Tổ chức kiểm tra công tác cải cách hành chính tại ít nhất {pct}% cơ quan, đơn vị trực thuộc; "
        "theo dõi, đôn đốc việc khắc phục các tồn tại, hạn chế sau kiểm tra",
        "Thực hiện nghiêm chế độ báo cáo định kỳ quý I, 6 tháng, 9 tháng và năm về công tác cải cách "
        "hành chính đúng nội dung và thời gian quy định",
        "Đẩy mạnh công tác thông tin, tuyên truyền về cải cách hành chính bằng nhiều hình thức phù hợp "
        "với từng nhóm đối tượng",
        "Gắn kết quả thực hiện nhiệm vụ cải cách hành chính với công tác thi đua, khen thưởng và đánh "
        "giá, xếp loại người đứng đầu cơ quan, đơn vị",
        "Triển khai đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành "
        "chính nhà nước; phấn đấu mức độ hài lòng đạt trên {pct_high}%",
    ),
    (
        "Rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc thẩm quyền ban hành; kịp thời kiến nghị "
        "sửa đổi, bổ sung, thay thế các văn bản không còn phù hợp",
        "Nâng cao chất lượng công tác tham mưu xây dựng, thẩm định văn bản quy phạm pháp luật, bảo đảm "
        "tính hợp hiến, hợp pháp, thống nhất của hệ thống pháp luật",
        "Tăng cường công tác kiểm tra, theo dõi tình hình thi hành pháp luật trong các lĩnh vực đất "
        "đai, xây dựng, bảo vệ môi trường",
        "Tổ chức phổ biến, giáo dục pháp luật cho cán bộ, công chức, viên chức và Nhân dân",
    ),
    (
        "Kiểm soát chặt chẽ việc ban hành thủ tục hành chính; công bố, công khai đầy đủ, kịp thời thủ "
        "tục hành chính trên Cổng Dịch vụ công quốc gia",
        "Rà soát, đánh giá và đề xuất phương án đơn giản hóa thủ tục hành chính trong các lĩnh vực "
        "đất đai, xây dựng, đầu tư, hộ tịch",
        "Thực hiện có hiệu quả cơ chế một cửa, một cửa liên thông; phấn đấu tỷ lệ hồ sơ được giải "
        "quyết đúng hạn đạt trên {pct_high}%",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo quy định; tái sử dụng dữ liệu đã số "
        "hóa, không yêu cầu người dân cung cấp lại thông tin đã có",
        "Tiếp nhận, xử lý kịp thời phản ánh, kiến nghị của cá nhân, tổ chức về quy định hành chính",
    ),
    (
        "Rà soát chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của các cơ quan, đơn vị, khắc phục "
        "sự chồng chéo, trùng lặp",
        "Thực hiện tinh giản biên chế gắn với cơ cấu lại đội ngũ cán bộ, công chức, viên chức theo vị trí việc làm",
        "Quản lý chặt chẽ số lượng người làm việc, đẩy mạnh tự chủ tại các đơn vị sự nghiệp công lập",
        "Thực hiện đúng quy định về phân cấp, ủy quyền trong quản lý nhà nước",
    ),
    (
        "Hoàn thiện bản mô tả công việc và khung năng lực của từng vị trí việc làm",
        "Đổi mới công tác đánh giá, xếp loại cán bộ, công chức, viên chức theo kết quả, sản phẩm cụ thể",
        "Tăng cường kỷ luật, kỷ cương hành chính, đạo đức công vụ; kiểm tra đột xuất việc chấp hành giờ giấc làm việc",
        "Tổ chức đào tạo, bồi dưỡng nâng cao năng lực, kỹ năng cho đội ngũ cán bộ, công chức, viên chức",
    ),
    (
        "Quản lý, sử dụng ngân sách nhà nước và tài sản công đúng mục đích, tiết kiệm, hiệu quả",
        "Đẩy nhanh tiến độ giải ngân vốn đầu tư công; phấn đấu tỷ lệ giải ngân đạt trên {pct}%",
        "Thực hiện cơ chế tự chủ về tài chính đối với các đơn vị sự nghiệp công lập",
        "Công khai ngân sách, tài sản công theo quy định",
    ),
    (
        "Nâng cao tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận và giải quyết trực tuyến toàn trình",
        "Sử dụng hiệu quả hệ thống quản lý văn bản và điều hành; bảo đảm 100% văn bản đi được ký số "
        "và gửi, nhận trên môi trường điện tử",
        "Triển khai các nhiệm vụ của Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử",
        "Bảo đảm an toàn, an ninh thông tin mạng; tăng cường kỹ năng số cho cán bộ, công chức",
        "Tích hợp, chia sẻ dữ liệu giữa các hệ thống thông tin, cơ sở dữ liệu dùng chung",
    ),
)

PURPOSES: tuple[str, ...] = (
    "Triển khai đồng bộ, hiệu quả các nhiệm vụ cải cách hành chính theo Chương trình tổng thể cải cách "
    "hành chính nhà nước giai đoạn 2021 - 2030, góp phần nâng cao Chỉ số cải cách hành chính (PAR INDEX) "
    "và Chỉ số hài lòng của người dân, tổ chức (SIPAS)",
    "Xác định rõ nhiệm vụ, trách nhiệm, thời hạn hoàn thành và sản phẩm cụ thể của từng cơ quan, đơn "
    "vị; làm căn cứ để theo dõi, kiểm tra, đánh giá kết quả thực hiện",
    "Nâng cao nhận thức, trách nhiệm của người đứng đầu và đội ngũ cán bộ, công chức, viên chức trong "
    "thực hiện nhiệm vụ cải cách hành chính",
    "Khắc phục những tồn tại, hạn chế đã được chỉ ra qua kết quả xác định Chỉ số cải cách hành chính năm trước",
    "Xây dựng nền hành chính dân chủ, chuyên nghiệp, hiện đại, lấy người dân, doanh nghiệp làm trung tâm phục vụ",
)

REQUIREMENTS: tuple[str, ...] = (
    "Các nhiệm vụ phải bám sát chỉ đạo của cấp trên, phù hợp với tình hình thực tế của cơ quan, đơn "
    "vị; có trọng tâm, trọng điểm",
    "Người đứng đầu trực tiếp chỉ đạo và chịu trách nhiệm về kết quả thực hiện cải cách hành chính tại "
    "cơ quan, đơn vị mình",
    "Bảo đảm sự phối hợp chặt chẽ giữa các cơ quan, đơn vị trong quá trình tổ chức thực hiện",
    "Thực hiện nghiêm chế độ thông tin, báo cáo; kịp thời phản ánh khó khăn, vướng mắc để tháo gỡ",
    "Kết quả thực hiện là một trong những tiêu chí đánh giá mức độ hoàn thành nhiệm vụ của tập thể, cá nhân",
)

SHORTCOMINGS: tuple[str, ...] = (
    "Một số cơ quan, đơn vị chưa quan tâm đúng mức đến công tác cải cách hành chính; việc báo cáo còn "
    "chậm so với thời gian quy định",
    "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình còn thấp so với chỉ tiêu",
    "Công tác tuyên truyền có lúc, có nơi còn mang tính hình thức, chưa đa dạng",
    "Hạ tầng công nghệ thông tin tại một số đơn vị chưa đáp ứng yêu cầu chuyển đổi số",
    "Việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính chưa đạt chỉ tiêu đề ra",
)

COMMUNICATION_TOPICS: tuple[str, ...] = (
    "Chủ trương, chính sách của Đảng, pháp luật của Nhà nước về cải cách hành chính",
    "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030",
    "Kết quả xác định Chỉ số cải cách hành chính và Chỉ số hài lòng về sự phục vụ hành chính",
    "Việc thực hiện cơ chế một cửa, một cửa liên thông và dịch vụ công trực tuyến",
    "Các mô hình, sáng kiến hay trong cải cách hành chính",
    "Kết quả triển khai Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử",
)

COMMUNICATION_FORMS: tuple[str, ...] = (
    "Đăng tải tin, bài trên Cổng (Trang) thông tin điện tử và mạng xã hội của cơ quan, đơn vị",
    "Lồng ghép trong các cuộc họp, hội nghị, sinh hoạt chi bộ, đoàn thể",
    "Tổ chức Hội thi tìm hiểu về cải cách hành chính",
    "Treo băng rôn, áp phích, pa nô tại trụ sở và Bộ phận Một cửa",
    "Phát thanh trên hệ thống loa truyền thanh cơ sở",
    "Xây dựng chuyên mục cải cách hành chính trên báo, đài địa phương",
)

PROCEDURE_FIELDS: tuple[str, ...] = (
    "Hộ tịch",
    "Chứng thực",
    "Đất đai",
    "Xây dựng",
    "Đăng ký kinh doanh",
    "Bảo trợ xã hội",
    "Thi đua, khen thưởng",
    "Văn hóa",
    "Giáo dục và Đào tạo",
    "Công chức, viên chức",
)

PROCEDURES: tuple[str, ...] = (
    "Đăng ký khai sinh",
    "Đăng ký kết hôn",
    "Đăng ký khai tử",
    "Cấp bản sao trích lục hộ tịch",
    "Chứng thực bản sao từ bản chính",
    "Chứng thực chữ ký trong các giấy tờ, văn bản",
    "Đăng ký biến động quyền sử dụng đất",
    "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "Đăng ký thành lập hộ kinh doanh",
    "Trợ cấp xã hội hàng tháng đối với đối tượng bảo trợ xã hội",
    "Xét tặng danh hiệu Lao động tiên tiến",
    "Công nhận gia đình văn hóa",
    "Thuyên chuyển học sinh trung học cơ sở",
    "Xác nhận tình trạng hôn nhân",
    "Đăng ký giám hộ",
    "Thay đổi, cải chính, bổ sung thông tin hộ tịch",
    "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
    "Tách thửa hoặc hợp thửa đất",
    "Cấp phép tổ chức lễ hội",
    "Đăng ký hoạt động cơ sở trợ giúp xã hội",
)


def lead_unit(agency: Agency) -> str:
    """Who advises on PAR work and keeps the reports."""
    if agency.level == "province":
        return "Sở Nội vụ"
    if agency.level == "department":
        return "Phòng Cải cách hành chính" if agency.issuer == "Sở Nội vụ" else "Văn phòng Sở"
    return "Phòng Nội vụ"


def leader(agency: Agency) -> str:
    """The head the lead unit reports to, as named in the body."""
    if agency.level == "department":
        return agency.head or "Giám đốc Sở"
    return f"Chủ tịch Ủy ban nhân dân {agency.locality}"
