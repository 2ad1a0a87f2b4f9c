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
