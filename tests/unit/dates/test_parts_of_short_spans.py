"""Parts (start, middle, end) of spans shorter than a month stay inside the span."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.enrich.dates import tag_dates


@pytest.mark.parametrize(
    ("text", "dct", "value", "mod", "span"),
    [
        ("نهاية الأسبوع المقبل", "2024-12-30", "2025-W02", "END", ("2025-01-11", "2025-01-12")),
        ("مطلع الأسبوع المقبل", "2024-12-30", "2025-W02", "START", ("2025-01-06", "2025-01-07")),
        ("نهاية الأسبوع الماضي", "2025-01-02", "2024-W52", "END", ("2024-12-28", "2024-12-29")),
        ("منتصف الشهر المقبل", "2024-12-30", "2025-01", "MID", ("2025-01-11", "2025-01-20")),
    ],
)
def test_part_of_span(text: str, dct: str, value: str, mod: str, span: tuple[str, str]) -> None:
    (expr,) = tag_dates(text, dt.date.fromisoformat(dct))
    assert (expr.value, expr.mod, (expr.range_start, expr.range_end)) == (value, mod, span)
