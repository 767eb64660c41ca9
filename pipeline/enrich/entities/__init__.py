"""Arabic entity extraction: knowledge base, recognisers, linker (public interface).

    records = load_default_records()      # what the lead loads into Postgres
    kb = KnowledgeBase.from_records(records)
    mentions = extract_entities(text, kb)  # list[pipeline.enrich.types.Mention]

See docs/entities.md for the data sources, span conventions and measured quality.
"""

from __future__ import annotations

from pipeline.enrich.entities.extractor import extract_entities
from pipeline.enrich.entities.kb import KnowledgeBase, default_kb
from pipeline.enrich.entities.records import EntityRecord, load_default_records
from pipeline.enrich.types import Mention

__all__ = ["EntityRecord", "KnowledgeBase", "Mention", "default_kb", "extract_entities", "load_default_records"]
