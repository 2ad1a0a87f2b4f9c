"""`python -m samples.generator OUT_DIR [--count N] [--seed S] [--variants digital,scan,mixed]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from samples.generator import COMMITTED_SET, KIND_SETS, VARIANTS, generate
from samples.generator.fonts import TYPEFACES, FontMissing
from samples.generator.header_agencies import agencies_from_file
from samples.generator.office import OfficeUnavailable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m samples.generator",
        description="Write generated Vietnamese administrative documents and their truth.jsonl.",
    )
    parser.add_argument("out_dir", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--count", type=int, default=12, help="number of files (default 12)")
    parser.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    parser.add_argument(
        "--variants",
        default="digital,scan,mixed",
        help=f"comma-separated, from: {','.join(VARIANTS)}; 'all' for every one",
    )
    parser.add_argument(
        "--preset",
        choices=["committed"],
        help="the set committed in samples/ (overrides --count, --seed and --variants)",
    )
    parser.add_argument(
        "--agencies",
        choices=["usual", "more", "wider"],
        default="usual",
        help="issuers: the usual set (default), agencies of other provinces and levels (more), or of other "
        "kinds: ministries, councils, offices, public bodies (wider)",
    )
    parser.add_argument(
        "--agencies-file",
        type=Path,
        help="draw every issuer from a YAML list of headers (lines, issuer, superior), such as "
        "tests/fixtures/headers/agency_headers.yaml (overrides --agencies)",
    )
    parser.add_argument(
        "--kinds",
        choices=sorted(KIND_SETS),
        default="usual",
        help="kinds of document: the usual PAR plans, reports, decisions and letters (default), NĐ30's other "
        "forms — a council's resolution, a proposal, an invitation, a directive, an urgent dispatch, a "
        "guidance (other) — or both (all)",
    )
    parser.add_argument(
        "--typeface",
        choices=sorted(TYPEFACES),
        help="one typeface for every PDF page instead of one drawn per file (Noto Serif or DejaVu Serif); "
        "LiberationSerif has Times New Roman's metrics, as NĐ30 documents are set (needs fonts-liberation2)",
    )
    args = parser.parse_args(argv)
    variants = list(VARIANTS) if args.variants == "all" else [v.strip() for v in args.variants.split(",") if v.strip()]
    if args.preset == "committed":
        args.count, args.seed, variants = COMMITTED_SET.count, COMMITTED_SET.seed, list(COMMITTED_SET.variants)
    started = time.monotonic()
    try:
        pool = agencies_from_file(args.agencies_file) if args.agencies_file else ()
        rows = generate(
            args.out_dir,
            args.count,
            args.seed,
            variants,
            agency_set=args.agencies,
            agencies=pool,
            kinds=KIND_SETS[args.kinds],
            family=args.typeface,
        )
    except (ValueError, FontMissing, OfficeUnavailable, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    size = sum((args.out_dir / r.file).stat().st_size for r in rows)
    print(
        f"wrote {len(rows)} files ({size / 1e6:.1f} MB) and truth.jsonl to {args.out_dir} "
        f"in {time.monotonic() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
