from __future__ import annotations

from pathlib import Path

import pytest

from kiemchung.sources.config import (
    FeedSource,
    FolderSource,
    PortalSource,
    SourcesConfigError,
    load_sources,
    parse_sources,
)

EXAMPLES = sorted((Path(__file__).parents[3] / "kiemchung" / "sources" / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_file_validates(path: Path) -> None:
    config = load_sources(path)
    assert config.sources, "an example with no source teaches nothing"
    assert {source.kind for source in config.sources} >= {"portal"}
    # No example may open the door to private networks.
    assert config.policy.allow_addresses == ()
    for source in config.sources:
        assert config.policy_for(source).allow_addresses == ()


def test_kinds_and_defaults() -> None:
    config = parse_sources(
        """
sources:
  - {name: p, kind: portal, listing_url: "https://a.gov.vn/tin", article_links: {selector: "a.t"}}
  - {name: f, kind: feed, url: "https://b.gov.vn/rss.xml"}
  - {name: d, kind: folder, path: /tmp/inbox}
"""
    )
    portal, feed, folder = config.sources
    assert isinstance(portal, PortalSource) and isinstance(feed, FeedSource) and isinstance(folder, FolderSource)
    assert portal.attachment_links.pattern and "pdf" in portal.attachment_links.pattern
    assert config.allowed_hosts() == {"a.gov.vn", "b.gov.vn"}
    assert config.policy.respect_robots is True


def test_source_policy_overrides_only_its_fields() -> None:
    config = parse_sources(
        """
policy: {min_interval_seconds: 2, extra_hosts: [CDN.gov.vn.]}
sources:
  - {name: slow, kind: feed, url: "https://a.gov.vn/rss", policy: {min_interval_seconds: 9}}
"""
    )
    policy = config.policy_for(config.sources[0])
    assert policy.min_interval_seconds == 9
    assert policy.user_agent == config.policy.user_agent
    assert "cdn.gov.vn" in config.allowed_hosts()


def test_relative_folder_is_relative_to_the_sources_file(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("sources:\n  - {name: d, kind: folder, path: inbox}\n")
    folder = load_sources(tmp_path / "sources.yaml").sources[0]
    assert isinstance(folder, FolderSource)
    assert folder.path == tmp_path / "inbox"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sources: [", "not valid YAML"),
        ("- just a list", "expected a mapping"),
        ("sources:\n  - {name: x, kind: ftp, url: 'ftp://a'}", "kind"),
        ("sources:\n  - {name: x, kind: feed, url: 'ftp://a.gov.vn/f'}", "not an http(s) URL"),
        (
            "sources:\n  - {name: x, kind: feed, url: 'https://a'}\n  - {name: x, kind: feed, url: 'https://b'}",
            "used twice",
        ),
        (
            "sources:\n  - {name: x, kind: portal, listing_url: 'https://a', attachment_links: {pattern: '('}}",
            "not a valid regex",
        ),
        ("sources:\n  - {name: x, kind: portal, listing_url: 'https://a', article_links: {}}", "selector"),
        ("policy: {allow_addresses: [intranet]}", "not an IP address"),
        ("policy: {timeout_seconds: 0}", "timeout_seconds"),
        ("sources:\n  - {name: x, kind: feed, url: 'https://a', policy: {retries: -1}}", "retries"),
        ("sources:\n  - {name: 'Bad Name', kind: feed, url: 'https://a'}", "name"),
        ("polcy: {}", "polcy"),
    ],
)
def test_bad_files_fail_with_one_line_naming_the_problem(text: str, expected: str) -> None:
    with pytest.raises(SourcesConfigError) as raised:
        parse_sources(text, origin="s.yaml")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("s.yaml: ")
    assert expected in message


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SourcesConfigError, match="cannot read"):
        load_sources(tmp_path / "nope.yaml")
