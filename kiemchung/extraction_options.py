"""Extraction options from the deployment's settings (the extractors themselves read no settings)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from extractors.budget import ReadingBudget
from extractors.ocr import OcrSettings
from extractors.pipeline import ExtractionOptions
from extractors.signature import TrustRootError, load_trust_roots
from kiemchung.settings import Settings, SettingsError, get_settings


def extraction_options(settings: Settings | None = None, **overrides: Any) -> ExtractionOptions:
    """Options for this deployment: OCR settings, workers, trusted CA certificates, the reading
    budget. The one way every entry point (extract, ingest, crawl, flows, web) builds its options;
    `overrides` win."""
    settings = settings or get_settings()
    try:
        trust_roots = tuple(load_trust_roots(settings.trust_roots_dir))
    except (TrustRootError, OSError) as error:
        raise SettingsError(f"trust roots (KIEMCHUNG_TRUST_ROOTS, default HOME/trust): {error}") from None
    options = ExtractionOptions(
        ocr=OcrSettings(dpi=settings.ocr_dpi, language=settings.ocr_language),
        workers=settings.ocr_workers,
        trust_roots=trust_roots,
        signature_max_days=settings.signature_max_days,
        budget=ReadingBudget(memory_bytes=settings.memory_budget_mb * 1024**2, seconds=settings.time_budget_seconds),
    )
    return replace(options, **{key: value for key, value in overrides.items() if value is not None})
