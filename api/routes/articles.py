"""GET /v1/articles/{id}: the stored article with its dates and entities."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from api.deps import ApiKey, Conn
from schemas.api import ArticleOut, DateOut, MentionOut
from storage import articles

router = APIRouter(prefix="/v1", tags=["articles"])


@router.get("/articles/{article_id}", response_model=ArticleOut)
def get_article(article_id: int, conn: Conn, _: ApiKey) -> ArticleOut:
    """One article: text, metadata, every date and entity mention found in it."""
    row = articles.get_article(conn=conn, article_id=article_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, [{"field": "article_id", "reason": f"no article {article_id}"}])
    dates = [
        DateOut(
            text=d["surface"],
            start=d["start_char"],
            end=d["end_char"],
            type=d["type"],
            value=d["value"],
            mod=d["mod"],
            calendar=d["calendar"],
            range=[d["range_start"].isoformat(), d["range_end"].isoformat()]
            if d["range_start"] and d["range_end"]
            else None,
        )
        for d in row["dates"]
    ]
    mentions = [
        MentionOut(
            text=m["surface"],
            start=m["start_char"],
            end=m["end_char"],
            type=m["type"],
            method=m["method"],
            entity_id=m["entity_id"],
            canonical=m["name_en"],
            canonical_ar=m["name_ar"],
        )
        for m in row["mentions"]
    ]
    return ArticleOut(
        id=row["id"],
        job_id=row["job_id"],
        url=row["url"],
        canonical_url=row["canonical_url"],
        source=row["source_name"] or row["source_host"],
        title=row["title"],
        author=row["author"],
        text=row["text"],
        language=row["language"],
        word_count=row["word_count"],
        published_at=row["published_at"],
        published_source=row["published_source"],
        extracted_at=row["extracted_at"],
        dates=dates,
        entities=mentions,
        duplicate_of=row.get("duplicate_of"),
        duplicate_kind=row.get("duplicate_kind"),
        similarity=row.get("similarity"),
        story_id=row.get("story_id"),
    )
