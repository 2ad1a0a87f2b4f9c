"""The audit chain's primitives: a canonical encoding, the keyed MAC, the key, and anchors.

- **Canonical encoding** (`canonical`): JSON with sorted keys and no spaces, every number written
  as a decimal string rounded to 6 places with `-0` written `0` (so `-0.0`, `0`, `0.0`, a REAL the
  database hands back as an integer, or a float that drifted in its last bit all encode alike),
  strings in Unicode NFC, dates in ISO form. What a row says, not how a driver typed it.
- **Keyed** (`chain_mac`): HMAC-SHA256 with a key that is not in the database: `KIEMCHUNG_AUDIT_KEY`
  (every machine sharing one PostgreSQL database must set the same), else `KIEMCHUNG_HOME/audit-key`
  made once with mode 0600. Someone who can write the database but not read the key cannot forge
  a link, even by recomputing the hashes the way the code does.
- **Anchored** (`Anchor`): the number of entries and the head MAC, written to a file outside the
  database (or printed for the minutes); `verify` compares the chain with the last anchor, which
  is how deleting the newest entries is found.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import json
import math
import os
import secrets
import unicodedata
from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from core.models import Model

CHAIN_RULE = "hmac-sha256/canonical-json/v2"
LEGACY_RULE = "sha256/json/v1"
GENESIS = "0" * 64
KEY_ENV = "KIEMCHUNG_AUDIT_KEY"
KEY_FILE = "audit-key"
ANCHOR_FILE = "audit-anchors.jsonl"
_PLACES = Decimal("0.000001")


class ChainKeyError(ValueError):
    """The chain's key cannot be read or made; one line."""


def number_text(value: int | float | Decimal) -> str:
    """1 → "1", 1.0 → "1", -0.0 → "0", 0.1 + 0.2 → "0.3", 2.5 → "2.5"."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    rounded = Decimal(repr(value) if isinstance(value, float) else value).quantize(_PLACES, ROUND_HALF_EVEN)
    if rounded == 0:
        return "0"
    text = format(rounded, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _normal(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return number_text(value)
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _normal(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(item) for item in value]
    raise TypeError(f"cannot encode {type(value).__name__} in the audit chain")


def canonical(value: Any) -> str:
    """The one text a value hashes as, whatever types the database returned it in."""
    return json.dumps(_normal(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def text_digest(text: str, key: bytes | None = None) -> str:
    """The hex SHA-256 of a text (UTF-8), or its HMAC-SHA256 under `key`: the one hashing of the
    audit chain, its legacy rule and the session ids."""
    data = text.encode("utf-8")
    return hmac.new(key, data, hashlib.sha256).hexdigest() if key is not None else hashlib.sha256(data).hexdigest()


def _link_message(seq: int, at: str, kind: str, ref: int | None, content: str, prev_mac: str) -> str:
    return canonical([CHAIN_RULE, seq, at, kind, ref, content, prev_mac])


def chain_mac(key: bytes, *, seq: int, at: str, kind: str, ref: int | None, content: str, prev_mac: str) -> str:
    return text_digest(_link_message(seq, at, kind, ref, content, prev_mac), key)


def unkeyed_hash(*, seq: int, at: str, kind: str, ref: int | None, content: str, prev_mac: str) -> str:
    """What a forger without the key would compute (tests show it is refused)."""
    return text_digest(_link_message(seq, at, kind, ref, content, prev_mac))


def audit_key(home: Path) -> bytes:
    """`KIEMCHUNG_AUDIT_KEY`, else the key file in `home` (made once, 0600)."""
    configured = os.environ.get(KEY_ENV, "").strip()
    if configured:
        return configured.encode("utf-8")
    path = home / KEY_FILE
    try:
        if path.is_file():
            return _read_key(path)
        home.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return _read_key(path)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
        return _read_key(path)
    except OSError as error:
        raise ChainKeyError(f"cannot read or make the audit key {path}: {error.strerror or error}") from None


def _read_key(path: Path) -> bytes:
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 32:
        raise ChainKeyError(f"the audit key in {path} is too short (at least 32 characters)")
    return key.encode("ascii")


# ── the legacy rule (rows written before the keyed chain) ───────────────────────────────────────

LEGACY_COLUMNS = (
    "at", "user", "role", "unit", "year", "scheme", "scheme_version", "criterion", "action",
    "proposed_points", "old_points", "new_points", "reason", "evidence_ids",
)  # fmt: skip
_LEGACY_POINTS = ("proposed_points", "old_points", "new_points")


def legacy_row_hash(prev_hash: str, values: Mapping[str, object]) -> str:
    text = json.dumps([prev_hash, *(values[column] for column in LEGACY_COLUMNS)], ensure_ascii=False,
                      separators=(",", ":"))  # fmt: skip
    return text_digest(text)


def _spellings(value: object) -> list[object]:
    """How the old code may have seen a number the database now returns: as written, -0.0 for 0.0
    (SQLite keeps no sign on zero), an int for an integral float."""
    if not isinstance(value, float):
        return [value]
    found: list[object] = [value]
    if value == 0:
        found.append(-0.0)
    if value.is_integer():
        found.append(int(value))
    return found


def legacy_hash_matches(prev_hash: str, values: Mapping[str, object], stored: str) -> bool:
    """The old unkeyed rule, tolerant of the number spellings that made it raise false alarms."""
    choices = [_spellings(values[column]) for column in _LEGACY_POINTS]
    for combination in itertools.product(*choices):
        trial = {**values, **dict(zip(_LEGACY_POINTS, combination, strict=True))}
        if hmac.compare_digest(legacy_row_hash(prev_hash, trial), stored):
            return True
    return False


# ── anchors ─────────────────────────────────────────────────────────────────────────────────────


class Anchor(Model):
    """The chain's length and head MAC at a moment, kept outside the database."""

    at: dt.datetime
    entries: int
    head: str
    rule: str = CHAIN_RULE

    def line(self) -> str:
        return self.model_dump_json()


class AnchorError(ValueError):
    """An anchor file that cannot be read; one line."""


def append_anchor(path: Path, anchor: Anchor) -> None:
    """Append one line (the file keeps every anchor; the last one counts)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(anchor.line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_anchors(path: Path) -> Iterator[Anchor]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as error:
        raise AnchorError(f"cannot read the anchor file {path}: {error}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield Anchor.model_validate_json(line)
        except ValueError:
            raise AnchorError(f"{path}:{number}: not an anchor line") from None


def last_anchor(path: Path) -> Anchor | None:
    anchor = None
    for anchor in read_anchors(path):  # noqa: B007 - the last one is wanted
        pass
    return anchor
