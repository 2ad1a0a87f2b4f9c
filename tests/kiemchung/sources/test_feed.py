from __future__ import annotations

import pytest

from kiemchung.sources.feed import FeedError, parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>CCHC</title>
<item><title>Quy\xe1\xba\xbft \xc4\x91\xe1\xbb\x8bnh 4000/Q\xc4\x90-UBND</title><link>/tin/qd-4000.html</link>
  <enclosure url="/Documents/4000qdsigned.pdf" type="application/pdf" length="1"/></item>
<item><title>K\xe1\xba\xbf ho\xe1\xba\xa1ch 273</title><link>https://b.gov.vn/kh-273.html</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>CCHC</title>
<entry><title>B\xc3\xa1o c\xc3\xa1o</title>
  <link rel="alternate" href="https://a.gov.vn/bc.html"/>
  <link rel="enclosure" href="files/bc.pdf"/></entry>
<entry><title>No link</title></entry>
</feed>"""


def test_rss_items_with_enclosures_resolved_against_the_feed() -> None:
    entries = parse_feed(RSS, "https://a.gov.vn/rss/cchc.xml")
    assert [entry.link for entry in entries] == ["https://a.gov.vn/tin/qd-4000.html", "https://b.gov.vn/kh-273.html"]
    assert entries[0].title == "Quyết định 4000/QĐ-UBND"
    assert entries[0].enclosures == ["https://a.gov.vn/Documents/4000qdsigned.pdf"]
    assert entries[1].enclosures == []


def test_atom_alternate_and_enclosure_links() -> None:
    entries = parse_feed(ATOM, "https://a.gov.vn/atom/")
    assert entries[0].link == "https://a.gov.vn/bc.html"
    assert entries[0].enclosures == ["https://a.gov.vn/atom/files/bc.pdf"]
    assert entries[1].link is None


def test_entities_are_never_expanded() -> None:
    xxe = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><item><title>&x;</title><link>/a</link></item></channel></rss>"""
    entries = parse_feed(xxe, "https://a.gov.vn/rss")
    assert entries[0].title in ("", "&x;")  # the reference is left as it is, never read from disk


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"<html><body>Error</body></html>", "neither RSS nor Atom"), (b"not xml at all", "not a well-formed feed")],
)
def test_non_feeds_fail_in_one_line(body: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as raised:
        parse_feed(body, "https://a.gov.vn/rss")
    assert reason in str(raised.value)
    assert "\n" not in str(raised.value)
