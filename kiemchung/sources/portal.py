"""Reading portal pages: which links on a listing page lead to articles, which to attachments, and where
the next (older) listing page is. Pure functions of the HTML; no network here.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from pydantic import BaseModel, ConfigDict
from selectolax.lexbor import LexborHTMLParser, LexborNode

from kiemchung.sources.config import LinkRule, PortalSource

_SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)


class PageLink(BaseModel):
    model_config = ConfigDict(frozen=True)

    url: str  # absolute, without fragment
    text: str = ""  # the anchor's text, whitespace collapsed


class ListingPage(BaseModel):
    model_config = ConfigDict(frozen=True)

    articles: list[PageLink]
    attachments: list[PageLink]
    next_page: str | None = None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Text of an HTML body: charset from the header, else from <meta>, else UTF-8."""
    charset = None
    if content_type and "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    if not charset:
        found = _META_CHARSET.search(body[:4096])
        charset = found.group(1).decode("ascii").lower() if found else "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _base_url(tree: LexborHTMLParser, page_url: str) -> str:
    base = tree.css_first("base[href]")
    href = base.attributes.get("href") if base is not None else None
    return urljoin(page_url, href) if href else page_url


def _anchors(tree: LexborHTMLParser, selector: str | None) -> list[LexborNode]:
    if not selector:
        return list(tree.css("a[href]"))
    anchors: list[LexborNode] = []
    for node in tree.css(selector):
        if node.tag == "a":
            anchors.append(node)
        else:  # a selector for the item box: take the links inside it
            anchors.extend(node.css("a[href]"))
    return anchors


def _absolute(href: str | None, base: str) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.lower().startswith(_SKIPPED_SCHEMES):
        return None
    url, _fragment = urldefrag(urljoin(base, href))
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return url


def links_matching(tree: LexborHTMLParser, page_url: str, rule: LinkRule) -> list[PageLink]:
    """Links chosen by `rule`, absolute, in page order, each URL once."""
    base = _base_url(tree, page_url)
    pattern = re.compile(rule.pattern) if rule.pattern else None
    seen: set[str] = set()
    links: list[PageLink] = []
    for anchor in _anchors(tree, rule.selector):
        url = _absolute(anchor.attributes.get("href"), base)
        if url is None or url in seen:
            continue
        if pattern is not None and not pattern.search(url):
            continue
        seen.add(url)
        text = " ".join((anchor.text(deep=True, separator=" ") or "").split())
        links.append(PageLink(url=url, text=text))
    return links


def parse_listing(html: str, page_url: str, source: PortalSource) -> ListingPage:
    tree = LexborHTMLParser(html)
    attachments = links_matching(tree, page_url, source.attachment_links)
    attachment_urls = {link.url for link in attachments}
    articles: list[PageLink] = []
    if source.article_links is not None:
        articles = [
            link
            for link in links_matching(tree, page_url, source.article_links)
            if link.url not in attachment_urls and link.url != page_url
        ]
    next_page = None
    pagination = source.pagination
    if pagination is not None and pagination.next_selector:
        found = links_matching(tree, page_url, LinkRule(selector=pagination.next_selector))
        next_page = next((link.url for link in found if link.url != page_url), None)
    return ListingPage(articles=articles, attachments=attachments, next_page=next_page)


def parse_article(html: str, page_url: str, rule: LinkRule) -> list[PageLink]:
    """The attachments an article page links to."""
    return links_matching(LexborHTMLParser(html), page_url, rule)


def templated_page_url(source: PortalSource, page_number: int) -> str | None:
    """The URL of listing page `page_number` (1 = `listing_url`) when pages are numbered."""
    if page_number == 1:
        return source.listing_url
    template = source.pagination.page_url_template if source.pagination else None
    return template.format(page=page_number) if template else None


def file_name_from_url(url: str, fallback: str = "document") -> str:
    """The last path segment, decoded ("4000qdsigned.pdf"); what extraction reports as `file`."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]).strip()
    return name or fallback
