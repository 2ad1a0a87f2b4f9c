"""Scanned renderings of real born-digital files: the same documents, read the hard way.

A real file's layout, fonts and wording are what generated samples cannot imitate; a scan of it is
what an office often publishes instead. This takes the born-digital PDFs a truth file names (one
split only: never tune on the holdout's renderings either), renders page 1 and the page with the
signer's name as a scanner would — 150, 200 or 300 dpi grey, a slight skew, sensor noise, blur,
JPEG — and writes them with their truth rows, so `kiemchung eval DEST` scores the OCR path on real
layouts. Deterministic by seed.

    python -m samples.scan_view tests/fixtures/realdocs/more /tmp/scan-view --split tuning --seed 5
"""

from __future__ import annotations

import argparse
import io
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

DPI_CHOICES = (150, 200, 300)
JPEG_QUALITIES = (45, 60, 75)
MAX_SKEW_DEGREES = 1.2
NOISE_SIGMA = 12.0
BLUR_RADIUS = 0.6
FIXED_TIME = time.gmtime(946_684_800)  # 2000-01-01, as Pillow writes PDF dates


def _signer_page(pdf: pdfium.PdfDocument, signer_name: str | None) -> int:
    """The last page that prints the signer's name (the signature block), else the last page."""
    found = len(pdf) - 1
    if signer_name:
        for index in range(len(pdf)):
            textpage = pdf[index].get_textpage()
            if signer_name in textpage.get_text_bounded():
                found = index
    return found


def _scanned(page: pdfium.PdfPage, rng: random.Random) -> tuple[Image.Image, int]:
    dpi = rng.choice(DPI_CHOICES)
    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    image = image.rotate(
        rng.uniform(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255
    )
    pixels = np.asarray(image).astype(np.int16)
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, NOISE_SIGMA, pixels.shape)
    image = Image.fromarray(np.clip(pixels + noise, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(BLUR_RADIUS)
    )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=rng.choice(JPEG_QUALITIES))
    buffer.seek(0)
    return Image.open(buffer), dpi


def render_view(source: Path, destination: Path, split: str, seed: int) -> list[dict[str, Any]]:
    """Write the scanned renderings of `source`'s born-digital PDFs of `split` and their truth rows."""
    destination.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    rows = [json.loads(line) for line in (source / "truth.jsonl").read_text(encoding="utf-8").splitlines() if line]
    written = []
    for row in rows:
        if row.get("split") != split or not row["file"].lower().endswith(".pdf") or row.get("variant") != "digital":
            continue
        pdf = pdfium.PdfDocument(str(source / row["file"]))
        try:
            indexes = sorted({0, _signer_page(pdf, (row.get("signer") or {}).get("name"))})
            scans = [_scanned(pdf[index], rng) for index in indexes]
        finally:
            pdf.close()
        name = "scan-" + row["file"]
        first, dpi = scans[0]
        first.save(
            destination / name,
            "PDF",
            resolution=dpi,
            save_all=True,
            append_images=[image for image, _ in scans[1:]],
            creationDate=FIXED_TIME,  # the same bytes for the same seed
            modDate=FIXED_TIME,
        )
        view = {key: value for key, value in row.items() if key not in {"sha256", "source_path"}}
        written.append({**view, "file": name, "variant": "scan", "scan_of": row["file"]})
    lines = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in written)
    (destination / "truth.jsonl").write_text(lines, encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.scan_view", description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="a folder with truth.jsonl and the files it names")
    parser.add_argument("destination", type=Path)
    parser.add_argument("--split", default="tuning", help="which split's files to render (default: tuning)")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    written = render_view(args.source, args.destination, args.split, args.seed)
    print(f"{len(written)} scanned renderings in {args.destination}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
