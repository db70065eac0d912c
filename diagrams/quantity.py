"""Quantities with units and tolerances (`~40 ms`, `≈ 2e9 (±50%)`, `1.2 TB`, `30k QPS`), graded.

Pure functions, no I/O. Values are kept in base units: seconds, bytes, plain counts; a rate is
its base per second. The rules (README, "Numeric cards"):

- `~`, `≈`, `about`, `roughly` without a stated tolerance accept ±25%; a stated `(±50%)`,
  `± 5 ms` or `(×3)` replaces that; a range `10-20 ms` accepts exactly the range; a number
  written without any of these accepts ±5% (rounding slack).
- Bytes are decimal (1 KB = 1000 B, 1 TB = 10^12 B); KiB, MiB, ... are binary. A bare `B` after a
  number is a billion (`2B users`), never bytes: write `bytes` for a plain byte count.
- Grading: inside the accepted band Good; within a factor of 2 of the band (from half its low
  edge to twice its high edge) Hard; anything else, a different dimension, or no number, Again.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

AGAIN, HARD, GOOD = 1, 2, 3
APPROX_TOLERANCE = 0.25
EXACT_TOLERANCE = 0.05
HARD_FACTOR = 2.0

_DAY = 86_400.0
_TIME = {  # seconds
    "ns": 1e-9, "nanosecond": 1e-9, "nanoseconds": 1e-9,
    "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "usec": 1e-6, "microsecond": 1e-6, "microseconds": 1e-6,
    "ms": 1e-3, "msec": 1e-3, "millis": 1e-3, "millisecond": 1e-3, "milliseconds": 1e-3,
    "s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0,
    "min": 60.0, "mins": 60.0, "minute": 60.0, "minutes": 60.0,
    "h": 3600.0, "hr": 3600.0, "hrs": 3600.0, "hour": 3600.0, "hours": 3600.0,
    "d": _DAY, "day": _DAY, "days": _DAY,
    "wk": 7 * _DAY, "week": 7 * _DAY, "weeks": 7 * _DAY,
    "month": 30 * _DAY, "months": 30 * _DAY,
    "yr": 365 * _DAY, "year": 365 * _DAY, "years": 365 * _DAY,
}
_BYTES = {
    "bytes": 1.0, "byte": 1.0,
    "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "pb": 1e15, "eb": 1e18,
    "kib": 2.0**10, "mib": 2.0**20, "gib": 2.0**30, "tib": 2.0**40, "pib": 2.0**50,
}
_BITRATE = {"kbps": 1e3 / 8, "mbps": 1e6 / 8, "gbps": 1e9 / 8, "tbps": 1e12 / 8}  # bytes/s
_SCALE = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mil": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "t": 1e12, "trillion": 1e12,
}
_PER_SECOND_WORDS = {"qps", "rps", "tps"}
_PER = {"s": 1.0, "sec": 1.0, "second": 1.0, "min": 60.0, "minute": 60.0, "h": 3600.0,
        "hr": 3600.0, "hour": 3600.0, "d": _DAY, "day": _DAY, "month": 30 * _DAY,
        "year": 365 * _DAY}
_APPROX_WORDS = ("about ", "around ", "roughly ", "approximately ", "approx. ", "approx ", "ca. ")
_APPROX_FIRST = frozenset(word[0] for word in _APPROX_WORDS)

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:[.,]\d+)?(?:\s*(?:e|E)\s*[+-]?\d+)?"
_POWER = r"(?:\s*(?:x|×|\*|·)\s*10\s*\^\s*(?P<{name}>[+-]?\d+))?"
_NUMBER_RE = re.compile(
    rf"(?P<num>10\s*\^\s*[+-]?\d+|{_NUM})" + _POWER.format(name="exp")
    + r"(?:\s*(?:-|–|to)\s*(?P<high>" + _NUM + ")" + _POWER.format(name="exp2") + ")?"
)
_TOL_RE = re.compile(
    r"\(?\s*(?:±|\+/-|\+-)\s*(?P<tol>\d+(?:[.,]\d+)?)\s*(?P<tolunit>%|[A-Za-zµμ]+)?\s*\)?"
    r"|\(\s*(?:×|x|within\s+(?:a\s+factor\s+of\s+)?)\s*(?P<factor>\d+(?:[.,]\d+)?)\s*(?:x|×)?\s*\)",
)


@dataclass(frozen=True)
class Quantity:
    """A number with its dimension and the band of answers it accepts, in base units.

    `dimension` is "time", "bytes", "count" (plain numbers; a percentage is a fraction),
    "bytes/s" or "count/s". `unit_factor` converts the written unit (without a k/M/B scale) to
    base units, so a bare number typed as an answer is read in the expected answer's unit.
    """

    value: float
    low: float
    high: float
    dimension: str
    unit_factor: float
    text: str

    def shown(self) -> str:
        return self.text.strip()


@dataclass(frozen=True)
class Graded:
    """The verdict on a typed number: a rating (1 Again, 2 Hard, 3 Good) and why."""

    rating: int
    within: bool
    expected: str
    given: Quantity | None
    reason: str


def parse_quantity(text: str) -> Quantity | None:
    """The quantity `text` states as a whole (`~40 ms`, `30k QPS`), or None if it is not one."""
    return _parse(text, like=None)


def is_quantity(text: str) -> bool:
    """True when `text` is only a quantity (what makes a Q/A card numeric)."""
    # A quantity starts with a digit, `~`, `≈` or an approximation word: every Q/A answer is
    # asked, and most are told no by their first character alone (the parse would say no too).
    first = text.lstrip()[:1]
    if not first or not (first.isdigit() or first in "~≈" or first.lower() in _APPROX_FIRST):
        return False
    return parse_quantity(text) is not None


def parse_given(text: str, like: Quantity) -> Quantity | None:
    """A typed answer; a number written without a unit is read in `like`'s unit."""
    return _parse(text, like=like)


def grade(expected: Quantity, given_text: str) -> Graded:
    """Grade a typed answer against `expected` (never raises: unreadable input is Again)."""
    shown = expected.shown()
    given = parse_given(given_text, expected)
    if given is None:
        return Graded(AGAIN, False, shown, None, "not a number with a unit")
    if given.dimension != expected.dimension:
        return Graded(AGAIN, False, shown, given,
                      f"{_NAMES[given.dimension]} is not {_NAMES[expected.dimension]}")
    value = given.value
    if expected.low <= value <= expected.high:
        return Graded(GOOD, True, shown, given, "within the tolerance")
    if expected.low / HARD_FACTOR <= value <= expected.high * HARD_FACTOR:
        return Graded(HARD, True, shown, given, "outside the tolerance, within a factor of 2")
    return Graded(AGAIN, False, shown, given, "off by more than a factor of 2")


_NAMES = {"time": "a duration", "bytes": "a size", "count": "a count", "bytes/s": "a data rate",
          "count/s": "a rate", "time/s": "a rate"}


def _number(raw: str, exp: str | None) -> float:
    raw = re.sub(r"\s+", "", raw)
    if raw.startswith("10^"):
        value = 10.0 ** int(raw[3:])
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:[eE][+-]?\d+)?", raw):
        value = float(raw.replace(",", ""))
    else:
        value = float(raw.replace(",", "."))
    return value * (10.0 ** int(exp) if exp else 1.0)


def _strip_approx(s: str) -> tuple[bool, str]:
    if s[:1] in "~≈":
        return True, s[1:].strip()
    low = s.lower()
    for word in _APPROX_WORDS:
        if low.startswith(word):
            return True, s[len(word):].strip()
    return False, s


def _parse(text: str, like: Quantity | None) -> Quantity | None:
    approx, s = _strip_approx(text.strip().rstrip(".").strip())
    m = _NUMBER_RE.match(s)
    if m is None or not s[:1].isdigit():
        return None
    try:
        value = _number(m.group("num"), m.group("exp"))
        top = _number(m.group("high"), m.group("exp2")) if m.group("high") else None
    except (ValueError, OverflowError):
        return None
    rest, tol = _split_tolerance(s[m.end():])
    if tol is not None and tol[0] == "abs" and tol[2] and not rest.strip():
        rest = tol[2]  # "40 ± 5 ms": the tolerance's unit is the value's
    unit = _unit(rest, like)
    if unit is None:
        return None
    dimension, scale, unit_factor = unit
    factor = scale * unit_factor
    base = value * factor
    if top is not None:
        if top < value:
            return None
        lo, hi, base = base, top * factor, (base + top * factor) / 2
    elif tol is not None and tol[0] == "factor":
        if tol[1] < 1:
            return None
        lo, hi = base / tol[1], base * tol[1]
    elif tol is not None and tol[0] == "abs":
        tol_unit = _unit(tol[2], None) if tol[2] else (dimension, scale, unit_factor)
        if tol_unit is None or tol_unit[0] != dimension:
            return None
        spread = tol[1] * tol_unit[1] * tol_unit[2]
        lo, hi = base - spread, base + spread
    else:
        rel = tol[1] if tol is not None else APPROX_TOLERANCE if approx else EXACT_TOLERANCE
        lo, hi = base * (1 - rel), base * (1 + rel)
    if not all(math.isfinite(x) for x in (base, lo, hi)):
        return None
    return Quantity(base, max(lo, 0.0), hi, dimension, unit_factor, text)


def _split_tolerance(rest: str) -> tuple[str, tuple[str, float, str] | None]:
    """Cut a trailing tolerance off: ("rel", 0.5, ""), ("abs", 5, "ms") or ("factor", 3, "")."""
    t = _TOL_RE.search(rest)
    if t is None or rest[t.end():].strip():
        return rest, None
    before = rest[: t.start()]
    if t.group("factor"):
        return before, ("factor", float(t.group("factor").replace(",", ".")), "")
    amount = float(t.group("tol").replace(",", "."))
    if t.group("tolunit") == "%":
        return before, ("rel", amount / 100, "")
    return before, ("abs", amount, t.group("tolunit") or "")


def _unit(rest: str, like: Quantity | None) -> tuple[str, float, float] | None:
    """(dimension, k/M/B scale, unit factor to base units) for the text after a number."""
    words = rest.replace("/", " / ").split()
    if not words:
        return (like.dimension, 1.0, like.unit_factor) if like else ("count", 1.0, 1.0)
    if words[0] == "%":
        return ("count", 1.0, 0.01) if len(words) == 1 else None
    if words[0] == "m":  # a lone lower-case m: minutes or million? Refused rather than guessed.
        return None
    scale = 1.0
    if words[0].lower() in _SCALE:
        scale = _SCALE[words[0].lower()]
        words = words[1:]
        if not words:  # "30k" typed for "30k QPS": the expected answer's unit
            return (like.dimension, scale, like.unit_factor) if like else ("count", scale, 1.0)
    head, tail = words[0].lower(), words[1:]
    if head in _BITRATE or head in _PER_SECOND_WORDS:
        if tail:
            return None
        return ("bytes/s", scale, _BITRATE[head]) if head in _BITRATE else ("count/s", scale, 1.0)
    if head in _BYTES or head in _TIME:
        if scale != 1.0:
            return None
        dim, unit_factor = ("bytes", _BYTES[head]) if head in _BYTES else ("time", _TIME[head])
    elif head in ("/", "per", "a"):
        dim, unit_factor, tail = "count", 1.0, words
    elif re.fullmatch(r"[a-z][a-z-]*", head):
        dim, unit_factor = "count", 1.0  # a counted noun: "2B users", "500 candidates"
    else:
        return None
    return _per(dim, scale, unit_factor, tail)


def _per(dim: str, scale: float, unit_factor: float,
         tail: list[str]) -> tuple[str, float, float] | None:
    """`/s`, `per day`, `a day` make a rate; `per candidate`, `/user` only qualify the unit."""
    if not tail:
        return dim, scale, unit_factor
    if tail[0].lower() not in ("/", "per", "a") or len(tail) != 2:
        return None
    what = tail[1].lower()
    what = what[:-1] if what.endswith("s") and what[:-1] in _PER else what
    if what in _PER:
        if dim not in ("count", "bytes"):
            return None
        return f"{dim}/s", scale, unit_factor / _PER[what]
    if re.fullmatch(r"[a-z][a-z-]*", what) and what not in _TIME:
        return dim, scale, unit_factor  # "2 ms per candidate", "1 KB per user"
    return None


__all__ = ["Quantity", "Graded", "parse_quantity", "parse_given", "is_quantity", "grade",
           "AGAIN", "HARD", "GOOD", "APPROX_TOLERANCE", "EXACT_TOLERANCE"]
