"""Every page in Vietnamese with no English left (and English on request); the scorecard as appraisers
read it; long documents paged; search words marked on the page image; the API page from local files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from kiemchung.i18n_catalogs import read_catalog
from kiemchung.settings import Settings
from kiemchung.web import create_app
from kiemchung.web.config import WebSettings
from kiemchung.web.document_view import page_nav
from tests.kiemchung.web.conftest import log_in
from tests.kiemchung.web.corpus import UNIT, YEAR, Corpus

_SKIPPED = {"script", "style", "code", "pre"}  # machine text and the documents' own words
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
# Words of English prose that no Vietnamese page has (documents here are Vietnamese).
_ENGLISH = re.compile(
    r"\b(the|and|of|for|with|found|not|must|issued|deadline|missing|document|documents|page|pages|points|"
    r"score|check|late|search|evidence|unit|year|proposed|decision|reason|download|previous|next|group|survey|"
    r"unclear|partial)\b",
    re.IGNORECASE,
)


class _Reader(HTMLParser):
    """What a person (or a screen reader) reads: text nodes and a few attributes, minus skipped parts."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skip = tag in _SKIPPED or values.get("lang") == "en" or "sha" in (values.get("class") or "")
        if tag not in _VOID:
            self.stack.append((tag, skip))
        if not (self.skipping or skip):
            self.texts.extend(value for name, value in attrs if name in _READ_ATTRIBUTES and value)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.texts.append(data.strip())


def read_text(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return "\n".join(reader.texts)


def _english_fragments() -> set[str]:
    """The literal parts of every English msgid whose Vietnamese differs: none may be on a vi page."""
    fragments: set[str] = set()
    for message in read_catalog("vi"):
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        vietnamese = message.string if isinstance(message.string, str) else (message.string or [""])[0]
        if english == vietnamese:
            continue
        for part in re.split(r"%\(\w+\)s|\{\w+\}|%%", english):
            part = part.strip(" :;,.()·—→←“”")
            if (len(part) >= 6 and " " in part) or len(part) >= 9:
                fragments.add(part)
    return fragments


@pytest.fixture
def admin(sqlite_home: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(sqlite_home, WebSettings(secret_key="test-secret"))) as client:
        log_in(client, "quantri")
        yield client


def _pages(client: TestClient, corpus: Corpus) -> dict[str, str]:
    plan = corpus.records["plan"].sha256
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/search").text)
    assert token
    body = {"unit": UNIT, "year": YEAR, "criterion": "1.1.1", "action": "override", "points": "0,5",
            "reason": "Thiếu dấu"}  # fmt: skip
    client.post("/scorecard/decisions", data={**body, "csrf_token": token.group(1)})
    urls = [
        "/search", f"/search?criterion=1.2&unit={UNIT}&year={YEAR}", "/search?q=cai+cach", "/search?q=zzzz",
        f"/documents/{plan}", f"/documents/{plan}?q=cai+cach", "/scorecard", f"/scorecard?unit={UNIT}&year={YEAR}",
        f"/trace?unit={UNIT}&year={YEAR}&criterion=1.1.1", f"/trace?unit={UNIT}&year={YEAR}&criterion=1.2",
        "/audit", "/users", "/api/docs", f"/documents/{'0' * 64}", "/search?year=abc", "/nowhere",
    ]  # fmt: skip
    pages = {url: client.get(url).text for url in urls}
    for points, reason in [("99", "Thiếu dấu"), ("abc", "Thiếu dấu"), ("0,5", " ")]:  # refused decisions
        answer = client.post("/scorecard/decisions", data={**body, "points": points, "reason": reason,
                                                           "csrf_token": token.group(1)})  # fmt: skip
        assert answer.status_code == 400, answer.text
        pages[f"decision with points {points!r} and reason {reason!r}"] = answer.text
    return pages


def assert_no_english_left(pages: dict[str, str]) -> None:
    """Each page (by name) is Vietnamese: no fragment of a translated msgid, no English word."""
    fragments = _english_fragments()
    assert len(fragments) > 100
    for url, html in pages.items():
        assert '<html lang="vi">' in html, url
        text = read_text(html)
        left = sorted(fragment for fragment in fragments if fragment in text)
        assert not left, f"{url}: English left: {left}"
        words = sorted(set(_ENGLISH.findall(text)))
        assert not words, f"{url}: English words: {words}\n{text}"


def test_vietnamese_pages_have_no_english_left(admin: TestClient, corpus: Corpus) -> None:
    assert_no_english_left(_pages(admin, corpus))


def test_english_is_selectable_and_remembered(admin: TestClient) -> None:
    page = admin.get(f"/scorecard?unit={UNIT}&year={YEAR}&lang=en")
    assert '<html lang="en">' in page.text and "After appraisal" in page.text
    assert "kiemchung_lang=en" in page.headers["set-cookie"]
    again = admin.get("/search")  # the cookie keeps it
    assert "Search by criterion" in again.text and "Tìm theo tiêu chí" not in again.text
    assert admin.get("/api/documents/" + "0" * 64).json()["detail"].startswith("No document")
    back = admin.get("/search?lang=vi")
    assert "Tìm theo tiêu chí" in back.text
    assert admin.get("/api/documents/" + "0" * 64).json()["detail"].startswith("Kho lưu trữ không có")


def test_scorecard_totals_are_out_of_the_schemes_maximum(admin: TestClient, corpus: Corpus) -> None:
    html = admin.get("/scorecard", params={"unit": UNIT, "year": YEAR}).text
    # 1 (plan on time) + 0,25 (one periodic report of four), out of the scheme's 100, not of the 13 scored here
    assert re.search(r'id="total-in-force">1,25</strong>/<span id="scheme-max">100</span>', html)
    assert "1,25 trên 13 điểm; 87 điểm được chấm ở nơi khác" in html
    assert 'id="band">Yếu<' in html  # the lowest band of the scheme's data
    area = re.search(r'<tr data-area="1">(.*?)</tr>', html, re.DOTALL)
    assert area and re.findall(r'<td class="num">(?:<strong>)?([^<]*)', area.group(1)) == ["1,25", "1,25", "10", "10"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token
    body = {"unit": UNIT, "year": YEAR, "criterion": "1.1.1", "action": "override", "points": "0,25",
            "reason": "Thiếu dấu", "csrf_token": token.group(1)}  # fmt: skip
    assert admin.post("/scorecard/decisions", data=body, follow_redirects=False).status_code == 303
    after = admin.get("/scorecard", params={"unit": UNIT, "year": YEAR}).text
    assert 'id="total-in-force">0,5</strong>' in after  # the subtotal and total follow the decision
    area = re.search(r'<tr data-area="1">(.*?)</tr>', after, re.DOTALL)
    assert area and re.findall(r'<td class="num">(?:<strong>)?([^<]*)', area.group(1))[:2] == ["0,5", "1,25"]
    assert "sum of the self-scored" not in after and "tổng các tiêu chí tự chấm" in after


def test_a_long_document_gets_a_few_page_links() -> None:
    nav = page_nav(list(range(1, 228)), 100)
    assert (nav.previous, nav.next, nav.total) == (99, 101, 227)
    assert nav.links == [1, None, 98, 99, 100, 101, 102, None, 227]
    first = page_nav(list(range(1, 228)), 1)
    assert first.previous is None and first.links == [1, 2, 3, None, 227]
    assert page_nav([1], 1).links == [1] and page_nav([1], 1).next is None


def test_search_words_are_marked_on_the_page_image(admin: TestClient, corpus: Corpus) -> None:
    search = admin.get("/search", params={"q": "cai cach"}).text
    link = re.search(r'class="hit-title" href="([^"]+)"', search)
    assert link and "q=cai%20cach" in link.group(1)
    preview = re.search(r'<a class="hit-page".*?</a>', search, re.DOTALL)  # on the search page itself
    assert preview and "/pages/" in preview.group(0) and preview.group(0).count('<rect class="hl query"') >= 2
    html = admin.get(link.group(1).replace("&amp;", "&")).text
    boxes = re.findall(r'<rect class="hl query" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"', html)
    assert boxes and all(float(width) > 5 for _, _, width in boxes)
    marked = re.findall(r'<mark class="query">([^<]+)</mark>', html)
    assert marked and all(word.lower().startswith(("cải", "cách")) for word in marked)


def test_api_page_uses_only_local_files(admin: TestClient) -> None:
    html = admin.get("/api/docs").text
    assert "/static/swagger-ui/swagger-ui-bundle.js" in html and "/static/swagger-init.js" in html
    assert "http://" not in html and "https://" not in html and "<script>" not in html  # no CDN, no inline code
    bundle = admin.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    assert admin.get("/static/swagger-ui/swagger-ui.css").status_code == 200


def test_exports_have_no_english_left(admin: TestClient, corpus: Corpus) -> None:
    import csv
    import io
    import zipfile

    from openpyxl import load_workbook

    fragments = _english_fragments()
    params: dict[str, str | int] = {"unit": UNIT, "year": YEAR}
    book = load_workbook(io.BytesIO(admin.get("/api/exports/scorecard.xlsx", params=params).content))
    cells = [
        value
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    ]
    pack = zipfile.ZipFile(io.BytesIO(admin.get("/api/exports/evidence-pack", params=params).content))
    manifest = list(csv.reader(io.StringIO(pack.read("manifest.csv").decode("utf-8-sig"))))
    text = "\n".join(cells + [cell for row in manifest for cell in row if not cell.startswith("http")])
    assert "không tìm thấy" in text and "Mã tiêu chí" in text
    assert sorted(fragment for fragment in fragments if fragment in text) == []
    assert sorted(set(_ENGLISH.findall(text))) == []


def test_an_unexpected_failure_is_one_translated_line(sqlite_home: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from kiemchung.web.library import RecordLibrary

    def broken(self: RecordLibrary, sha256: str) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(RecordLibrary, "record", broken)
    app = create_app(sqlite_home, WebSettings(secret_key="test-secret"))
    with TestClient(app, raise_server_exceptions=False) as client:
        log_in(client, "thamdinh")
        page = client.get("/documents/" + "a" * 64)
        assert page.status_code == 500 and "Đã có lỗi ở máy chủ" in page.text and "disk on fire" not in page.text
        answer = client.get("/api/documents/" + "a" * 64, params={"lang": "en"})
        assert answer.status_code == 500 and answer.json()["detail"].startswith("Something went wrong")


def _plain(html: str) -> str:
    """Every text of a page (`read_text` skips what is marked English, here the whole page)."""
    import html as markup

    return markup.unescape(re.sub(r"<[^>]+>", " ", html))


def test_names_from_the_scheme_data_follow_the_language(admin: TestClient) -> None:
    """Band, area and criterion names are scheme data (`name`, `name_en` in the YAML), not catalog
    messages: Vietnamese by default, English when English is chosen, on the pages and in the XLSX."""
    import io

    from openpyxl import load_workbook

    from core.rubric import default_scheme

    scheme = default_scheme()
    shown = [node for node in scheme.walk() if node.depth <= 2]
    assert all(node.name_en for node in scheme.walk()) and all(band.name_en for band in scheme.bands)
    params: dict[str, str | int] = {"unit": UNIT, "year": YEAR}
    vietnamese = admin.get("/scorecard", params=params).text
    assert 'id="band">Yếu<' in vietnamese and "Ban hành kế hoạch cải cách hành chính năm" in vietnamese
    english = admin.get("/scorecard", params={**params, "lang": "en"}).text
    assert 'id="band">Weak<' in english
    text = _plain(english)
    for node in shown:
        assert node.name_en in english, node.id
        assert node.name not in text, f"{node.id}: {node.name}"
    trace = admin.get("/trace", params={**params, "criterion": "1.1.1"}).text
    assert "Issuing the annual public administration reform plan" in trace
    tree = _plain(admin.get("/search").text)
    assert "Direction and management of public administration reform" in tree
    assert "Công tác chỉ đạo, điều hành cải cách hành chính" not in tree
    explanations = admin.get("/api/scorecard", params=params).json()["criteria"]
    assert {row["criterion"]: row["name"] for row in explanations}["1.1.1"] == (
        "Issuing the annual public administration reform plan"
    )
    book = load_workbook(io.BytesIO(admin.get("/api/exports/scorecard.xlsx", params=params).content))
    cells = {value for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row}
    assert "Weak" in cells and "Issuing the annual public administration reform plan" in cells
    assert "Ban hành kế hoạch cải cách hành chính năm" not in cells and "Yếu" not in cells
    assert any(sheet.title.startswith("1. Direction") for sheet in book.worksheets)
    admin.get("/search", params={"lang": "vi"})


def test_the_api_page_speaks_the_readers_language(admin: TestClient) -> None:
    schema = admin.get("/api/openapi.json").json()
    search = schema["paths"]["/api/search"]["get"]
    assert search["summary"] == "Tìm tài liệu kiểm chứng, trang hoặc văn bản"
    assert "không dấu" in search["description"]
    assert schema["info"]["summary"].startswith("Tài liệu kiểm chứng")
    document = schema["paths"]["/api/documents/{sha256}"]["get"]
    assert [p["description"] for p in document["parameters"] if p["name"] == "sha256"] == ["mã sha256 của bản gốc"]
    fragments = _english_fragments()
    texts = [op.get("summary", "") + " " + op.get("description", "") for path in schema["paths"].values()
             for op in path.values()]  # fmt: skip
    assert all(text.strip() for text in texts)
    assert sorted(fragment for fragment in fragments if any(fragment in text for text in texts)) == []
    english = admin.get("/api/openapi.json", params={"lang": "en"}).json()
    assert english["paths"]["/api/search"]["get"]["summary"] == "Search evidence, pages or documents"
    admin.get("/search", params={"lang": "vi"})
