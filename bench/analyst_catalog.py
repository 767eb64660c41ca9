"""The worked queries of docs/analysts.md, in one place for the doc and for the bench.

Each query is written once, with %(name)s parameters. bench/analyst_demo_doc.py shows it in the
doc with the demo's values inlined and its output on the demo data; bench/analyst_queries.py
times the very same text at 200,000 articles with varied values. So no documented query can
drift away from what was measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class WorkedQuery:
    """One documented question: bench name, doc title, what it shows, the SQL, the demo's values."""

    name: str
    title: str
    note: str
    sql: str
    demo: dict[str, object] = field(default_factory=dict)


DEMO_RANGE = {"since": "2024-11-01", "until": "2025-02-01"}

CATALOG: list[WorkedQuery] = [
    WorkedQuery(
        "latest_articles",
        "The latest articles, one row each",
        "`v_articles` has the outlet, dates, story and duplicate marks, and counts per article.",
        """SELECT article_id, source_name, published_day, language, word_count,
       mention_count, entity_count, date_count, story_id, left(title, 40) AS title
  FROM v_articles ORDER BY published_at DESC LIMIT 8;""",
    ),
    WorkedQuery(
        "entity_in_date_range",
        "Articles mentioning an entity in a date range",
        "Morocco (`gpe:MA`) between 1 November 2024 and 31 January 2025, whatever spelling the article used.",
        """SELECT a.published_day, a.source_name, left(a.title, 50) AS title
  FROM v_articles a
 WHERE a.article_id IN (SELECT article_id FROM article_entities
                         WHERE entity_id = %(entity)s
                           AND published_at >= %(since)s AND published_at < %(until)s)
 ORDER BY a.published_at LIMIT 100;""",
        {"entity": "gpe:MA", **DEMO_RANGE},
    ),
    WorkedQuery(
        "entity_daily_timeline",
        "An entity's daily timeline",
        "Articles, mentions and outlets per publication day (UTC) for Egypt.",
        """SELECT day, articles, mentions, outlets
  FROM v_timeline
 WHERE entity_id = %(entity)s AND day >= %(since)s AND day < %(until)s
 ORDER BY day;""",
        {"entity": "gpe:EG", **DEMO_RANGE},
    ),
    WorkedQuery(
        "mentioned_with",
        "Who is mentioned with whom",
        "Every entity that shares an article with Egypt over three months, by number of shared articles.",
        """SELECT entity_b, name_b_en, name_b_ar, count(*) AS articles
  FROM v_cooccurrence
 WHERE entity_a = %(entity)s AND published_at >= %(since)s AND published_at < %(until)s
 GROUP BY entity_b, name_b_en, name_b_ar
 ORDER BY articles DESC, entity_b LIMIT 10;""",
        {"entity": "gpe:EG", **DEMO_RANGE},
    ),
    WorkedQuery(
        "top_pairs",
        "The pairs most often mentioned together",
        "`entity_a < entity_b` counts each pair once (the view lists both orders).",
        """SELECT name_a_en, name_b_en, count(*) AS articles
  FROM v_cooccurrence
 WHERE entity_a < entity_b AND published_at >= %(since)s AND published_at < %(until)s
 GROUP BY name_a_en, name_b_en
 ORDER BY articles DESC, name_a_en, name_b_en LIMIT 10;""",
        dict(DEMO_RANGE),
    ),
    WorkedQuery(
        "story_first_outlet",
        "Which outlet reported a story first",
        "For the stories of a period with more than one article: the first article and its outlet.",
        """SELECT DISTINCT ON (story_id) story_id, source_name AS first_outlet, published_at,
       left(title, 45) AS title
  FROM v_articles
 WHERE story_id IN (SELECT id FROM stories
                     WHERE size > 1 AND last_seen >= %(since)s AND first_seen < %(until)s)
 ORDER BY story_id, published_at, article_id LIMIT 100;""",
        dict(DEMO_RANGE),
    ),
    WorkedQuery(
        "story_outlet_count",
        "How many outlets covered a story",
        "The stories of a period by number of outlets (and articles, and duplicates among them).",
        """SELECT story_id, count(DISTINCT source_name) AS outlets, count(*) AS articles,
       count(*) FILTER (WHERE duplicate_of IS NOT NULL) AS duplicates,
       min(published_day) AS first_day, max(published_day) AS last_day
  FROM v_articles
 WHERE story_id IS NOT NULL AND published_at >= %(since)s AND published_at < %(until)s
 GROUP BY story_id
 ORDER BY outlets DESC, articles DESC, story_id LIMIT 8;""",
        dict(DEMO_RANGE),
    ),
    WorkedQuery(
        "dates_in_week",
        "Every article mentioning dates in a given week",
        "Date expressions whose calendar span overlaps 13-19 January 2025 (`&&` on the GiST-indexed "
        "`span`), whatever the article's own publication date.",
        """SELECT a.published_day, a.source_name, t.surface, t.value, t.range_start, t.range_end
  FROM time_expressions t JOIN v_articles a ON a.article_id = t.article_id
 WHERE t.span && daterange(%(week)s::date, %(week)s::date + 6, '[]')
 ORDER BY t.range_start, a.published_at, t.start_char LIMIT 200;""",
        {"week": "2025-01-13"},
    ),
    WorkedQuery(
        "dates_in_week_count",
        "How many articles mention a given week",
        "The same overlap, counted.",
        """SELECT count(DISTINCT article_id) AS articles
  FROM time_expressions
 WHERE span && daterange(%(week)s::date, %(week)s::date + 6, '[]');""",
        {"week": "2025-01-13"},
    ),
    WorkedQuery(
        "search_phrase_variants",
        "Search for a phrase with spelling variants",
        "Typed with ه for ة and without hamza; finds الأمطار الغزيرة, أمطار غزيرة, بالأمطار ... "
        "Title matches rank above text matches; the snippet quotes the original text, matches in « ».",
        """SELECT article_id, source, round(rank::numeric, 3) AS rank, snippet
  FROM search_articles(%(phrase)s);""",
        {"phrase": "امطار غزيره"},
    ),
    WorkedQuery(
        "search_proclitic_exclusion",
        "Search with a proclitic, and an exclusion",
        "بالجزائر finds الجزائر and والجزائر too; `-word` drops articles containing the word in any form "
        "(here الكتاب, so also للكتاب). `a or b` works as in web search.",
        """SELECT article_id, source, left(title, 45) AS title
  FROM search_articles(%(word_not)s, %(since)s, %(until)s);""",
        {"word_not": "بالجزائر -الكتاب", **DEMO_RANGE},
    ),
    WorkedQuery(
        "search_phrase_in_order",
        "A phrase, in order",
        "Quotes ask for the words next to each other, in order.",
        """SELECT article_id, source, snippet
  FROM search_articles(%(quoted)s);""",
        {"quoted": '"معرض القاهرة الدولي للكتاب"'},
    ),
    WorkedQuery(
        "title_trigram",
        "Partial title search (trigrams)",
        "A fragment of a word, compared on normalised titles through the trigram index.",
        """SELECT article_id, round(score::numeric, 2) AS score, left(title, 60) AS title
  FROM search_titles(%(fragment)s, 5);""",
        {"fragment": "تلقيح"},
    ),
    WorkedQuery(
        "entity_by_any_alias",
        "An entity by any alias",
        "Aliases compare in normalised form (hamza, ya and taa marbuta folded), through an index.",
        """SELECT e.id, e.name_en, e.name_ar, al.alias,
       (SELECT count(*) FROM article_entities ae WHERE ae.entity_id = e.id) AS articles
  FROM entity_aliases al JOIN entities e ON e.id = al.entity_id
 WHERE akhbar_normalize(al.alias) = akhbar_normalize(%(alias)s);""",
        {"alias": "الجزاير"},
    ),
    WorkedQuery(
        "entity_spellings",
        "Spellings used for one entity",
        "The surface forms the articles of a period used for Algeria, and how often.",
        """SELECT surface, count(*) AS mentions, count(DISTINCT article_id) AS articles
  FROM v_mentions
 WHERE entity_id = %(entity)s AND published_at >= %(since)s AND published_at < %(until)s
 GROUP BY surface ORDER BY mentions DESC, surface LIMIT 20;""",
        {"entity": "gpe:DZ", **DEMO_RANGE},
    ),
    WorkedQuery(
        "unlinked_mentions",
        "Mentions not linked to the knowledge base",
        "Frequent unlinked names of a period are candidates for `akhbar kb add`.",
        """SELECT surface, mention_type, count(*) AS mentions
  FROM v_mentions
 WHERE entity_id IS NULL AND published_at >= %(since)s AND published_at < %(until)s
 GROUP BY surface, mention_type
 ORDER BY mentions DESC, surface LIMIT 10;""",
        dict(DEMO_RANGE),
    ),
    WorkedQuery(
        "top_entities_per_outlet",
        "Top entities per outlet",
        "The two most mentioned entities of each outlet over a period (outlets told apart by site name).",
        """SELECT source_name, name_en, articles FROM (
  SELECT a.source_name, e.name_en, count(*) AS articles,
         row_number() OVER (PARTITION BY a.source_name
                            ORDER BY count(*) DESC, e.name_en) AS n
    FROM article_entities ae
    JOIN entities e ON e.id = ae.entity_id
    JOIN v_articles a ON a.article_id = ae.article_id
   WHERE ae.published_at >= %(since)s AND ae.published_at < %(until)s
   GROUP BY a.source_name, e.name_en) x
 WHERE n <= 2 ORDER BY source_name, articles DESC, name_en LIMIT 16;""",
        dict(DEMO_RANGE),
    ),
    WorkedQuery(
        "top_entities_of_day",
        "The most mentioned entities of a day",
        "By number of articles published that day (UTC).",
        """SELECT ae.entity_id, e.name_en, count(*) AS articles
  FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
 WHERE ae.published_day = %(day)s
 GROUP BY ae.entity_id, e.name_en ORDER BY articles DESC, ae.entity_id LIMIT 10;""",
        {"day": "2025-01-15"},
    ),
    WorkedQuery(
        "outlet_volume",
        "Articles per outlet",
        "How much each outlet published over a period.",
        """SELECT source_name, count(*) AS articles
  FROM v_articles
 WHERE published_day >= %(since)s AND published_day < %(until)s
 GROUP BY source_name ORDER BY articles DESC, source_name;""",
        dict(DEMO_RANGE),
    ),
]
