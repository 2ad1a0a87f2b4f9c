"""Deterministic generator of Vietnamese administrative documents with ground truth.

`generate(out_dir, count, seed, variants)` writes `count` files and `truth.jsonl` into `out_dir`
and returns the truth rows. The same seed gives the same bytes. Command line:
`python -m samples.generator OUT_DIR [--count N] [--seed S] [--variants digital,scan,mixed]`.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from samples.generator.agencies import AGENCIES, AGENCY_SETS, LONG_NAMED_AGENCIES, Agency
from samples.generator.fonts import typeface
from samples.generator.kinds import KIND_BY_NAME, KINDS, Kind, build
from samples.generator.other_forms import OTHER_KINDS
from samples.generator.truth import TruthRow, read_truth, truth_row, write_truth
from samples.generator.variants import BASIC_VARIANTS, HARD_VARIANTS, VARIANTS, produce

__all__ = [
    "BASIC_VARIANTS",
    "COMMITTED_SET",
    "HARD_VARIANTS",
    "KINDS",
    "KIND_SETS",
    "VARIANTS",
    "SampleSet",
    "TruthRow",
    "generate",
    "plan",
    "read_truth",
]


@dataclass(frozen=True)
class SampleSet:
    count: int
    seed: int
    variants: tuple[str, ...]


# The small set committed in samples/: `python -m samples.generator samples --preset committed`.
COMMITTED_SET = SampleSet(
    count=12,
    seed=2024,
    variants=(
        "digital",
        "scan",
        "mixed",
        "handwritten",
        "stale_layer",
        "arrival_stamp",
        "signature_stamp",
        "copy_stamp",
        "urgent",
        "annex",
        "office",
    ),
)


# `--kinds`: the usual PAR kinds (the default, as committed), NĐ30's other forms, or both
KIND_SETS: dict[str, tuple[Kind, ...]] = {"usual": KINDS, "other": OTHER_KINDS, "all": KINDS + OTHER_KINDS}


def plan(count: int, variants: list[str], kinds: tuple[Kind, ...] = KINDS) -> list[tuple[Kind, str]]:
    """Which kind and variant each of the `count` files gets: every kind and every variant in turn."""
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        raise ValueError(f"unknown variant(s) {', '.join(unknown)}; known: {', '.join(VARIANTS)}")
    if not variants:
        raise ValueError("no variants given")
    if count < 0:
        raise ValueError("count must be 0 or more")
    long_kind = KIND_BY_NAME["decision.tthc_list"]  # only a procedure list runs to 150+ pages
    chosen = []
    queue: list[Kind] = []
    for index in range(count):
        variant = variants[(index + index // len(kinds)) % len(variants)]
        if not queue:
            queue = list(kinds)
        if variant == "long":
            kind = long_kind
            if long_kind in queue:
                queue.remove(long_kind)
        else:
            kind = queue.pop(0)
        chosen.append((kind, variant))
    return chosen


def generate(
    out_dir: Path,
    count: int,
    seed: int,
    variants: list[str],
    *,
    agency_set: str = "usual",
    agencies: tuple[Agency, ...] = (),
    kinds: tuple[Kind, ...] = KINDS,
    family: str | None = None,
) -> list[TruthRow]:
    """Write the files and `truth.jsonl` into `out_dir`; return the truth rows in file order.
    `agency_set`: "more" draws every issuer from `MORE_AGENCIES` (other provinces and levels), "wider"
    from `WIDER_AGENCIES` (ministries, councils, offices, public bodies), in every variant; `agencies`,
    when given, is the pool instead (headers read from a file). `kinds`: `KIND_SETS`' sets. `family`:
    one typeface for every PDF page (`fonts.TYPEFACES`), checked before anything is written."""
    if family is not None:
        typeface(family)
    work = plan(count, variants, kinds)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[TruthRow] = []
    for index, (kind, variant) in enumerate(work):
        rng = random.Random(f"{seed}:{index}")
        # long agency names only where the header is made to wrap: other variants stay as committed
        if agencies:
            spec = build(kind, rng, agencies)
        elif agency_set != "usual":
            spec = build(kind, rng, AGENCY_SETS[agency_set])
        elif variant in ("wrapped_header", "wrapped_scan"):
            spec = build(kind, rng, AGENCIES + LONG_NAMED_AGENCIES)
        else:
            spec = build(kind, rng)
        output = produce(variant, spec, rng, family)
        detail = f"-{output.detail}" if output.detail else ""
        name = f"{index + 1:03d}-{kind.slug}-{variant.replace('_', '-')}{detail}{output.suffix}"
        (out_dir / name).write_bytes(output.data)
        rows.append(
            truth_row(
                spec,
                file=name,
                variant=variant,
                sha256=hashlib.sha256(output.data).hexdigest(),
                pages=output.pages,
                scanned_pages=output.scanned_pages,
                signer_page=output.signer_page,
                marks=output.marks,
            )
        )
    write_truth(rows, out_dir / "truth.jsonl")
    return rows
