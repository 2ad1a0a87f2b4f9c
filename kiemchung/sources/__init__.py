"""Sources: where evidence documents are published, and bringing new ones home politely and safely.

- `config`: the sources YAML (portals, RSS/Atom feeds, folders) and the fetch policy, validated.
- `fetcher`, `addresses`, `politeness`, `sniff`: the only HTTP client of the crawler — allow-listed
  hosts, no private/loopback/link-local targets (checked per hop, at connect time too), robots.txt,
  per-host pace and connection limit, timeouts, size limit, magic-byte sniffing, retries.
- `portal`, `feed`: pure parsing of listing/article pages and feeds.
- `state`: what was seen (`KIEMCHUNG_HOME/crawl.sqlite`), so a crawl asks only for what is new.
- `crawlers`, `crawl`: one crawler per kind of source behind one interface, and the crawl steps the
  Prefect `crawl` flow and `kiemchung crawl` share.
- `arrivals`: hands fetched documents to the shared ingest with their URL provenance.

No Prefect here, and no extraction: flows orchestrate these steps, extractors read the files.
"""
