"""Latency annotations in labels and typed durations."""

from __future__ import annotations

import pytest

from diagrams.latency import format_ms, parse_duration, split_latency


@pytest.mark.parametrize(
    ("label", "name", "ms"),
    [
        ("Ranking model\n35 ms", "Ranking model", 35.0),
        ("Ranking model\n35ms", "Ranking model", 35.0),
        ("Ranking model (35 ms)", "Ranking model", 35.0),
        ("Ranking model (35ms)", "Ranking model", 35.0),
        ("Ranking model ~35 ms", "Ranking model", 35.0),
        ("Ranking model\n~35 ms", "Ranking model", 35.0),
        ("Ranking model\np99 35 ms", "Ranking model", 35.0),
        ("Ranking model p99: 35 ms", "Ranking model", 35.0),
        ("Batch scoring\n1.2 s", "Batch scoring", 1200.0),
        ("Cache\n800us", "Cache", 0.8),
        ("Cache\n800 µs", "Cache", 0.8),
        ("Retrieval\n10-20 ms", "Retrieval", 20.0),
        ("Lookup, 5 ms", "Lookup", 5.0),
        ("Lookup\n< 5 ms", "Lookup", 5.0),
        ("35 ms", "", 35.0),
        ("Ranking model", "Ranking model", None),
        ("Retrieve 1000s of items", "Retrieve 1000s of items", None),
        ("Top 100 items", "Top 100 items", None),
        ("Feature (user, item) lookup", "Feature (user, item) lookup", None),
    ],
)
def test_split_latency(label: str, name: str, ms: float | None) -> None:
    result = split_latency(label)
    assert (result.name, result.latency_ms) == (name, ms)


@pytest.mark.parametrize(
    ("text", "ms"),
    [("70 ms", 70.0), ("70ms", 70.0), ("0.07 s", 70.0), ("70000 us", 70.0), ("~70 ms", 70.0),
     ("70", 70.0), ("70.", 70.0), ("1,5 s", 1500.0), ("seventy", None), ("", None)],
)
def test_parse_duration(text: str, ms: float | None) -> None:
    assert parse_duration(text, default_unit="ms") == ms


def test_bare_number_needs_a_default_unit() -> None:
    assert parse_duration("70") is None


def test_format_ms() -> None:
    assert [format_ms(70.0), format_ms(2.5), format_ms(0.8)] == ["70 ms", "2.5 ms", "0.8 ms"]
