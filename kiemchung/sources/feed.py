"""Reading RSS 2.0 and Atom feeds: each entry's page link, title and enclosures. Pure; no network.

The XML parser resolves no entities and fetches nothing (no XXE, no billion laughs).
"""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree
from pydantic import BaseModel, ConfigDict

ATOM = "{http://www.w3.org/2005/Atom}"


class FeedError(ValueError):
    """The feed is not RSS or Atom XML; the message is one line."""


class FeedEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str = ""
    link: str | None = None  # the entry's page
    enclosures: list[str] = []  # attached files (RSS <enclosure>, Atom rel="enclosure")


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def parse_feed(body: bytes, feed_url: str) -> list[FeedEntry]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as error:
        raise FeedError(f"{feed_url}: not a well-formed feed: {error}") from None
    if root.tag == f"{ATOM}feed":
        return [_atom_entry(entry, feed_url) for entry in root.iter(f"{ATOM}entry")]
    if root.tag == "rss" or root.tag.endswith("RDF"):
        return [_rss_item(item, feed_url) for item in root.iter("item", "{http://purl.org/rss/1.0/}item")]
    raise FeedError(f"{feed_url}: root element <{etree.QName(root).localname}> is neither RSS nor Atom")


def _rss_item(item: etree._Element, feed_url: str) -> FeedEntry:
    link = _text(item.find("link")) or _text(item.find("{http://purl.org/rss/1.0/}link"))
    enclosures = [
        urljoin(feed_url, enclosure.get("url", "").strip())
        for enclosure in item.iter("enclosure")
        if enclosure.get("url", "").strip()
    ]
    return FeedEntry(
        title=_text(item.find("title")),
        link=urljoin(feed_url, link) if link else None,
        enclosures=enclosures,
    )


def _atom_entry(entry: etree._Element, feed_url: str) -> FeedEntry:
    page: str | None = None
    enclosures: list[str] = []
    for link in entry.iter(f"{ATOM}link"):
        href = (link.get("href") or "").strip()
        if not href:
            continue
        rel = link.get("rel", "alternate")
        if rel == "enclosure":
            enclosures.append(urljoin(feed_url, href))
        elif rel == "alternate" and page is None:
            page = urljoin(feed_url, href)
    return FeedEntry(title=_text(entry.find(f"{ATOM}title")), link=page, enclosures=enclosures)
