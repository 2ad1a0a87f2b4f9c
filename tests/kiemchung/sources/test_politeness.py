from __future__ import annotations

from kiemchung.sources.politeness import HostPacer, RobotsRules

ROBOTS = """
User-agent: *
Disallow: /admin/
Crawl-delay: 4

User-agent: kiemchung
Disallow: /noi-bo/
"""


def test_robots_group_for_our_product_token_applies() -> None:
    rules = RobotsRules.from_text(ROBOTS)
    agent = "kiemchung/0.1 (+https://example)"
    assert not rules.allows(agent, "https://a.gov.vn/noi-bo/x.pdf")
    assert rules.allows(agent, "https://a.gov.vn/admin/x.pdf")  # our own group replaces the * group
    assert not rules.allows("otherbot/1.0", "https://a.gov.vn/admin/x.pdf")
    assert rules.crawl_delay("otherbot/1.0") == 4


def test_missing_and_unreachable_robots() -> None:
    assert RobotsRules.allowing_all("404").allows("kiemchung", "https://a/x")
    assert not RobotsRules.disallowing_all("503").allows("kiemchung", "https://a/x")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_pacer_spaces_requests_per_host_not_across_hosts() -> None:
    clock = FakeClock()
    pacer = HostPacer(2.0, clock=clock, sleep=clock.sleep)
    assert pacer.wait_turn("a.gov.vn") == 0
    assert pacer.wait_turn("b.gov.vn") == 0
    assert pacer.wait_turn("a.gov.vn") == 2.0
    clock.now += 10
    assert pacer.wait_turn("a.gov.vn") == 0
    assert clock.slept == [2.0]


def test_crawl_delay_raises_the_interval_but_never_lowers_it() -> None:
    clock = FakeClock()
    pacer = HostPacer(2.0, clock=clock, sleep=clock.sleep)
    pacer.set_interval("slow.gov.vn", 5.0)
    pacer.set_interval("fast.gov.vn", 0.5)
    pacer.wait_turn("slow.gov.vn")
    assert pacer.wait_turn("slow.gov.vn") == 5.0
    pacer.wait_turn("fast.gov.vn")
    assert pacer.wait_turn("fast.gov.vn") == 2.0
