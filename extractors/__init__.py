"""Extractors: pure functions from a file's bytes to a `DocumentRecord`.

No network, no store, no Prefect here: that keeps them testable, cacheable by sha256 and
runnable in a process pool. `extractors.pipeline` is the one place that says the order.
"""

# Bump whenever a change can alter any extracted value: cached results are keyed by it.
EXTRACTOR_VERSION = "2026.12.04-40"
