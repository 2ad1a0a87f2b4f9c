from __future__ import annotations

from portal_site import PortalSite

from kiemchung.sources.config import LinkRule, PortalSource
from kiemchung.sources.portal import decode_html, file_name_from_url, parse_article, parse_listing, templated_page_url

BASE = "https://snv.example.gov.vn"
LISTING = BASE + "/tin-tuc/cai-cach-hanh-chinh/"


def portal_source(**overrides: object) -> PortalSource:
    fields: dict[str, object] = {
        "name": "snv",
        "kind": "portal",
        "listing_url": LISTING,
        "article_links": {"selector": "div.news-list a.news-title"},
        "attachment_links": {"selector": "div.attachments a", "pattern": r"\.(pdf|docx?)$"},
        "pagination": {"next_selector": "ul.pagination a.next"},
    }
    fields.update(overrides)
    return PortalSource.model_validate(fields)


def test_listing_gives_articles_in_page_order_and_the_next_page() -> None:
    site = PortalSite()
    page = parse_listing(site.listing(1) or "", LISTING, portal_source())
    expected = [LISTING + a.slug + ".html" for a in site.published()[:2]]
    assert [link.url for link in page.articles] == expected
    assert page.articles[0].text == site.published()[0].title
    assert page.attachments == []  # the sidebar's PDF is not in an attachments box
    assert page.next_page == LISTING + "?page=2"
    last = parse_listing(site.listing(2) or "", LISTING + "?page=2", portal_source())
    assert last.next_page is None


def test_a_pattern_only_rule_takes_every_pdf_link_on_the_page() -> None:
    site = PortalSite()
    source = portal_source(article_links=None, attachment_links={"pattern": r"\.pdf$"})
    page = parse_listing(site.listing(1) or "", LISTING, source)
    assert [link.url for link in page.attachments] == [BASE + "/van-ban/huong-dan-su-dung.pdf"]
    assert page.articles == []


def test_article_attachments_like_the_real_4000qdsigned_link() -> None:
    site = PortalSite()
    article = site.articles[0]
    url = LISTING + article.slug + ".html"
    links = parse_article(site.article_page(article.slug) or "", url, portal_source().attachment_links)
    assert [link.url for link in links] == [BASE + "/Documents/4000qdsigned.pdf"]
    assert links[0].text == "4000qdsigned.pdf"


def test_links_are_absolute_deduplicated_and_without_fragments_or_scripts() -> None:
    html = """<html><head><base href="https://files.example.gov.vn/up/"></head><body>
      <div class="box"><a href="a.pdf#page=2">A</a> <a href="a.pdf">A again</a>
      <a href="javascript:open('b.pdf')">B</a> <a href="mailto:x@y.pdf">mail</a>
      <a href="/root/c.PDF?download=1">C</a> <a href="d.html">D</a></div></body></html>"""
    links = parse_article(html, LISTING, LinkRule(selector="div.box", pattern=r"(?i)\.pdf($|\?)"))
    assert [link.url for link in links] == [
        "https://files.example.gov.vn/up/a.pdf",
        "https://files.example.gov.vn/root/c.PDF?download=1",
    ]


def test_numbered_pages_from_a_template() -> None:
    source = portal_source(pagination={"page_url_template": LISTING + "?trang={page}", "max_pages": 4})
    assert templated_page_url(source, 1) == LISTING
    assert templated_page_url(source, 3) == LISTING + "?trang=3"
    assert templated_page_url(portal_source(pagination=None), 2) is None


def test_file_names_are_decoded_from_the_url() -> None:
    assert file_name_from_url(BASE + "/Documents/4000qdsigned.pdf") == "4000qdsigned.pdf"
    assert file_name_from_url(BASE + "/up/Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20273.pdf") == "Quyết định 273.pdf"
    assert file_name_from_url(BASE + "/download/") == "document"


def test_charset_from_header_then_meta_then_utf8() -> None:
    text = "Quyết định"
    assert decode_html(text.encode("utf-8"), "text/html; charset=UTF-8") == text
    legacy = "<meta charset='windows-1252'>café".encode("cp1252")
    assert decode_html(legacy).endswith("café")
    assert decode_html(text.encode("utf-8"), "text/html; charset=nonsense") == text
