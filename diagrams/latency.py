"""Latency annotations in labels: `35 ms`, `(35ms)`, `~35 ms`, `p99 35 ms`, `1.2 s`, `800us`."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNIT_MS = {
    "us": 0.001,
    "µs": 0.001,
    "μs": 0.001,
    "usec": 0.001,
    "ms": 1.0,
    "msec": 1.0,
    "millis": 1.0,
    "s": 1000.0,
    "sec": 1000.0,
    "secs": 1000.0,
    "seconds": 1000.0,
    "second": 1000.0,
    "min": 60_000.0,
}

_NUMBER = r"\d+(?:[.,]\d+)?"
# One latency value: an optional qualifier (p99, ~, <, ≈), a number or a range, a unit.
_VALUE = (
    r"(?P<qual>(?:p\d{1,3}(?:\.\d+)?\s*[:=]?\s*)?(?:[~≈<≤]\s*)?)"
    rf"(?P<low>{_NUMBER})(?:\s*(?:-|–|to)\s*(?P<high>{_NUMBER}))?"
    r"\s*(?P<unit>usec|us|µs|μs|msec|millis|ms|seconds|second|secs|sec|s|min)(?![\w])"
)
DURATION_RE = re.compile(_VALUE, re.IGNORECASE)  # any duration figure in a text
_PAREN_RE = re.compile(r"\(\s*" + _VALUE + r"\s*\)", re.IGNORECASE)
_WHOLE_RE = re.compile(r"^[\s,:;|@-]*" + _VALUE + r"[\s,;|]*$", re.IGNORECASE)
_TAIL_RE = re.compile(r"(?:^|[\s,:;|@-])" + _VALUE + r"\s*$", re.IGNORECASE)
_SEPARATORS = " \t,;:|@-–"


@dataclass(frozen=True)
class Latency:
    """A label split into its name and its latency (None when the label carries none)."""

    name: str
    latency_ms: float | None


def _to_ms(match: re.Match[str]) -> float:
    # A range ("10-20 ms") counts as its upper bound: latency answers are about the worst case.
    raw = match.group("high") or match.group("low")
    return float(raw.replace(",", ".")) * _UNIT_MS[match.group("unit").lower()]


def parse_duration(text: str, *, default_unit: str | None = None) -> float | None:
    """The duration in `text` (a whole answer such as `70 ms`, `0.07 s`, `~70ms`), in ms."""
    cleaned = text.strip().lower().rstrip(".")
    match = _WHOLE_RE.match(cleaned)
    if match:
        return _to_ms(match)
    if default_unit and re.fullmatch(r"[~≈<]?\s*" + _NUMBER, cleaned):
        value = float(cleaned.lstrip("~≈< ").replace(",", "."))
        return value * _UNIT_MS[default_unit]
    return None


def split_latency(label: str) -> Latency:
    """Split a label ("Ranking model\\n35 ms") into its one-line name and its latency in ms.

    A latency counts only where it reads as an annotation: a whole line of the label, a
    parenthesised value, or a value at the very end of the label. "1000s of items" in the middle
    of a sentence is not a latency.
    """
    lines = label.split("\n")
    latency: float | None = None
    kept: list[str] = []
    for line in lines:
        if latency is None:
            whole = _WHOLE_RE.match(line)
            if whole:
                latency = _to_ms(whole)
                continue
            paren = _PAREN_RE.search(line)
            if paren:
                latency = _to_ms(paren)
                line = line[: paren.start()] + " " + line[paren.end() :]
        kept.append(line)
    if latency is None and kept:
        tail = _TAIL_RE.search(kept[-1])
        if tail and tail.start() > 0:
            latency = _to_ms(tail)
            kept[-1] = kept[-1][: tail.start()]
    name = " ".join(part.strip(_SEPARATORS) for part in kept if part.strip(_SEPARATORS))
    return Latency(re.sub(r"\s+", " ", name).strip(), latency)


def format_ms(value: float) -> str:
    """`70.0` -> `70 ms`, `2.5` -> `2.5 ms`, `1500` -> `1500 ms` (one unit, comparable answers)."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return f"{text} ms"
