from core.models import Word
from extractors.page_text import BLOCK_SEPARATOR, assemble_text, group_lines, place_boxes, words_in_span


def word(text: str, x0: float, top: float, width: float = 30.0, height: float = 12.0) -> Word:
    return Word(text=text, x0=x0, top=top, x1=x0 + width, bottom=top + height)


def test_lines_are_grouped_and_ordered_left_to_right() -> None:
    words = [word("DÂN", 100, 51), word("ỦY", 20, 50), word("BAN", 60, 50.5), word("Số:", 20, 80)]
    lines = group_lines(words)
    assert [[w.text for w in line] for line in lines] == [["ỦY", "BAN", "DÂN"], ["Số:"]]


def test_two_header_blocks_on_one_line_are_separated() -> None:
    words = [word("QUẬN", 20, 50), word("3", 60, 50, 8), word("CỘNG", 300, 50), word("HÒA", 340, 50)]
    text, _ = assemble_text(words)
    assert text == f"QUẬN 3{BLOCK_SEPARATOR}CỘNG HÒA"


def test_word_offsets_point_into_the_text() -> None:
    words = [word("Kế", 20, 50), word("hoạch", 60, 50), word("số", 20, 70), word("297/KH-UBND", 60, 70, 80)]
    text, placed = assemble_text(words)
    for w in placed:
        assert w.start is not None
        assert text[w.start : w.start + len(w.text)] == w.text
    start = text.index("297")
    assert [w.text for w in words_in_span(placed, start, start + 3)] == ["297/KH-UBND"]


def test_boxes_are_placed_like_words() -> None:
    """The text layer places plain (text, x0, top, x1, bottom) boxes; the result is the words' own."""
    words = [word("DÂN", 60, 51), word("ỦY", 20, 50), word("CỘNG", 300, 50), word("Số:", 20, 80)]
    text, placed = place_boxes([(w.text, w.x0, w.top, w.x1, w.bottom) for w in words])
    assert text == assemble_text(words)[0] == f"ỦY DÂN{BLOCK_SEPARATOR}CỘNG\nSố:"
    assert [(words[index].text, start) for index, start in placed] == [("ỦY", 0), ("DÂN", 3), ("CỘNG", 10), ("Số:", 15)]


def read_word(text: str, x0: float, top: float, line: int, width: float = 40.0) -> Word:
    """An OCR word with the number of the line Tesseract read it in."""
    return Word(text=text, x0=x0, top=top, x1=x0 + width, bottom=top + 12.0, confidence=90.0, line=line)


def slanted_lines(slope: float = 2.0, spacing: float = 16.0) -> list[Word]:
    """Two printed lines of a phone photo, each sloping down `slope` points per word: the first
    line's right end sits lower than the second line's left end."""
    first = ["Hướng", "dẫn", "xây", "dựng", "nông", "thôn", "mới", "năm", "2026"]
    second = ["của", "Ủy", "ban", "nhân", "dân", "tỉnh", "về", "công", "tác"]
    return [
        read_word(text, 20 + 45 * i, 100 + spacing * row + slope * i, row)
        for row, texts in enumerate((first, second))
        for i, text in enumerate(texts)
    ]


def test_slanted_ocr_lines_keep_tesseracts_lines() -> None:
    words = slanted_lines()
    # the height rule alone interleaves them (what the grouping did before it kept Tesseract's lines)
    plain = [w.model_copy(update={"line": None}) for w in words]
    assert len(group_lines(plain)) != 2
    text, placed = assemble_text(words)
    assert text == "Hướng dẫn xây dựng nông thôn mới năm 2026\ncủa Ủy ban nhân dân tỉnh về công tác"
    assert [[w.text for w in line] for line in group_lines(words)] == [t.split() for t in text.splitlines()]
    for w in placed:
        assert w.start is not None and text[w.start : w.start + len(w.text)] == w.text


def test_tesseract_lines_side_by_side_are_one_printed_line() -> None:
    """The two header blocks (Tesseract's blocks 1 and 2), and a line Tesseract cut in two, are
    joined as the height rule joins them; inside the line the words go left to right."""
    words = [
        read_word("CỘNG", 300, 50.5, 1),
        read_word("HÒA", 345, 50.5, 1),
        read_word("ỦY", 20, 50, 0),
        read_word("BAN", 65, 51, 0),
        read_word("Số:", 20, 80, 2),
        read_word("12/KH-UBND", 65, 80.5, 2, 80),
        read_word("Hà", 300, 81, 3),
        read_word("Nội,", 345, 81, 3),
        read_word("ngày", 390, 81.5, 4),
    ]
    text, _ = assemble_text(words)
    assert text == f"ỦY BAN{BLOCK_SEPARATOR}CỘNG HÒA\nSố: 12/KH-UBND{BLOCK_SEPARATOR}Hà Nội, ngày"
    plain = [w.model_copy(update={"line": None}) for w in words]
    assert assemble_text(plain)[0] == text  # as the height rule alone places them


def test_tesseract_lines_over_each_other_are_not_joined() -> None:
    """Two Tesseract lines whose heights overlap but which run over each other across the page are
    two printed lines, even when one is short (its middle inside the other's height)."""
    words = [
        *(
            read_word(t, 20 + 45 * i, 100 + 1.5 * i, 0)
            for i, t in enumerate(["về", "việc", "tổ", "chức", "hội", "nghị"])
        ),
        read_word("tổng", 110, 109, 1),
        read_word("kết", 155, 109.5, 1),
    ]
    lines = [[w.text for w in line] for line in group_lines(words)]
    assert lines == [["về", "việc", "tổ", "chức", "hội", "nghị"], ["tổng", "kết"]]
    assert len(group_lines([w.model_copy(update={"line": None}) for w in words])) == 1  # the height rule


def test_text_layer_boxes_keep_the_height_rule() -> None:
    """Boxes without Tesseract's lines (a text layer) are grouped by height alone, as before."""
    words = slanted_lines()
    boxes = [(w.text, w.x0, w.top, w.x1, w.bottom) for w in words]
    assert place_boxes(boxes) == place_boxes(boxes, [None] * len(boxes))
    assert place_boxes(boxes)[0].count("\n") != 1


def test_a_slanted_line_tesseract_cut_in_two_is_joined_where_the_pieces_face() -> None:
    """The long piece slopes down: its middle lies below the short piece's height, its start does not."""
    short = [read_word("Số:", 20, 100, 0), read_word("26/2", 65, 101, 0)]
    rest = [
        read_word(t, 110 + 45 * i, 102 + 2.0 * i, 1)
        for i, t in enumerate(["026/TT", "Hà", "Nội,", "ngày", "29", "tháng"])
    ]
    text, _ = assemble_text([*rest, *short])
    assert text == "Số: 26/2 026/TT Hà Nội, ngày 29 tháng"
