"""Pure parts of the analysts' work: the SQL normalisation tables against normalize.py, the
analyst connection string, and the export writers."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict

from cli.analyst_cmds import analyst_conninfo, psql_argv, write_jsonl, write_parquet
from pipeline.enrich.normalize import _FOLD, _REMOVED, normalize_arabic

MIGRATION = Path(__file__).resolve().parents[2] / "schemas" / "sql" / "0030_analysts.sql"


def _decode(u_literal: str) -> str:
    """The characters of a U&'...' literal body, with a-b ranges inside [...] expanded."""
    text = re.sub(r"\\([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), u_literal)
    if text.startswith("[") and text.endswith("]"):
        body, out, i = text[1:-1], [], 0
        while i < len(body):
            if i + 2 < len(body) and body[i + 1] == "-":
                out += [chr(c) for c in range(ord(body[i]), ord(body[i + 2]) + 1)]
                i += 3
            else:
                out.append(body[i])
                i += 1
        return "".join(out)
    return text


def _sql_letter_map() -> dict[str, str]:
    """{character: replacement} as akhbar_fold_letters in the migration does it."""
    sql = MIGRATION.read_text(encoding="utf-8")
    body = sql[sql.index("CREATE FUNCTION akhbar_fold_letters") : sql.index("COMMENT ON FUNCTION akhbar_fold_letters")]
    mapping: dict[str, str] = {}
    for pattern, replacement in re.findall(r"U&'([^']*)', (?:U&)?'([^']*)', 'g'", body):
        for ch in _decode(pattern):
            mapping[ch] = _decode(replacement)
    return mapping


def test_sql_fold_table_equals_normalize_py() -> None:
    sql_map = _sql_letter_map()
    letters = {k: v for k, v in _FOLD.items() if not v.isdigit()}
    assert {k: v for k, v in sql_map.items() if v} == letters
    assert {k for k, v in sql_map.items() if not v} == set(_REMOVED)


def test_sql_digit_translation_covers_every_folded_digit() -> None:
    sql = MIGRATION.read_text(encoding="utf-8")
    body = sql[sql.index("CREATE FUNCTION akhbar_normalize") :]
    src, dst = re.search(r"akhbar_fold_letters\(t\),\s*U&'([^']*)',\s*'([0-9]+)'", body).groups()  # type: ignore[union-attr]
    pairs = dict(zip(_decode(src), dst, strict=True))
    assert pairs == {k: v for k, v in _FOLD.items() if v.isdigit()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("بالمغرب", "بالمغرب"), ("الأخبــار", "الاخبار"), ("٢٠٢٤", "2024"), ("Gantz", "gantz"), ("مُدرسةٌ", "مدرسه")],
)
def test_normalize_reference_values(text: str, expected: str) -> None:
    # the values the SQL twin is checked against in tests/integration/test_analysts.py
    assert normalize_arabic(text) == expected


def test_analyst_conninfo_swaps_the_user_and_drops_the_password() -> None:
    info = analyst_conninfo("postgresql://akhbar:s3cret@db.example:5433/akhbar?sslmode=require")
    parts = conninfo_to_dict(info)
    assert parts["user"] == "akhbar_analyst"
    assert parts["host"] == "db.example"
    assert parts["port"] == "5433"
    assert parts["dbname"] == "akhbar"
    assert parts["sslmode"] == "require"
    assert "password" not in parts
    assert parts["application_name"] == "akhbar sql"
    assert "s3cret" not in info


def test_psql_argv() -> None:
    argv = psql_argv("/usr/bin/psql", "postgresql://u@h/db", "SELECT 1")
    assert argv[0] == "/usr/bin/psql"
    assert "user=akhbar_analyst" in argv[1]
    assert argv[-2:] == ["-c", "SELECT 1"]
    assert psql_argv("/usr/bin/psql", "postgresql://u@h/db") == ["/usr/bin/psql", argv[1]]


ROWS = [
    {
        "article_id": 7,
        "url": "https://a.test/1",
        "canonical_url": "https://a.test/1",
        "title": "عنوان",
        "author": None,
        "source_host": "a.test",
        "source_name": "A",
        "published_at": datetime(2024, 11, 21, 9, 30, tzinfo=UTC),
        "published_source": "metadata",
        "language": "ar",
        "word_count": 2,
        "story_id": None,
        "duplicate_of": None,
        "duplicate_kind": None,
        "similarity": None,
        "text": "نص المقال",
        "entities": [
            {
                "entity_id": "gpe:MA",
                "type": "GPE",
                "surface": "المغرب",
                "name_ar": "المغرب",
                "name_en": "Morocco",
                "start": 0,
                "end": 6,
                "method": "gazetteer",
            }
        ],
        "dates": [
            {
                "surface": "أمس",
                "type": "DATE",
                "value": "2024-11-20",
                "mod": None,
                "calendar": "gregorian",
                "range_start": "2024-11-20",
                "range_end": "2024-11-20",
                "start": 3,
                "end": 6,
            }
        ],
    }
]


def test_write_jsonl_keeps_arabic_and_iso_dates() -> None:
    out = io.StringIO()
    assert write_jsonl(ROWS, out) == 1
    line = out.getvalue()
    assert "المغرب" in line  # not \\u escaped
    row = json.loads(line)
    assert row["published_at"] == "2024-11-21T09:30:00+00:00"
    assert row["entities"][0]["entity_id"] == "gpe:MA"


def test_write_parquet_round_trip(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "x.parquet"
    assert write_parquet(ROWS, path) == 1
    (row,) = pq.read_table(path).to_pylist()
    assert row["published_at"] == datetime(2024, 11, 21, 9, 30, tzinfo=UTC)
    assert row["dates"][0]["range_start"] == date(2024, 11, 20)
    assert row["entities"][0]["name_en"] == "Morocco"
    empty = tmp_path / "empty.parquet"
    assert write_parquet([], empty) == 0
    assert pq.read_table(empty).num_rows == 0
