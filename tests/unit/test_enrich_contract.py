"""The enrichment wrapper keeps the DESIGN.md contract even when a stage misbehaves."""

from __future__ import annotations

from pipeline.enrich import _checked_range
from pipeline.enrich.types import TimeExpression


def test_inverted_range_is_dropped_but_expression_kept() -> None:
    bad = TimeExpression("x", 0, 1, "DATE", "2025-W02", "END", "2025-01-26", "2025-01-12")
    fixed = _checked_range(bad)
    assert (fixed.value, fixed.range_start, fixed.range_end) == ("2025-W02", None, None)


def test_valid_range_is_untouched() -> None:
    good = TimeExpression("x", 0, 1, "DATE", "2025-01", None, "2025-01-01", "2025-01-31")
    assert _checked_range(good) is good


def test_json_shape() -> None:
    t = TimeExpression("أمس", 3, 6, "DATE", "2024-11-20", None, "2024-11-20", "2024-11-20")
    assert t.to_json() == {
        "text": "أمس",
        "start": 3,
        "end": 6,
        "type": "DATE",
        "value": "2024-11-20",
        "mod": None,
        "calendar": "gregorian",
        "range": ["2024-11-20", "2024-11-20"],
    }
