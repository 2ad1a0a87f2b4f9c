"""Prefect flows: `ingest`, `crawl`, `reindex`, `retag`, and the deployments in `prefect.yaml`.

Flows orchestrate and nothing else: retries, caching, concurrency, logs, artifacts. What a step
does lives in `kiemchung` (sources, archive, stores) and `extractors`; a flow only calls it.
The same flows run with no Prefect server (ephemeral) and against one (`PREFECT_API_URL`).
"""
