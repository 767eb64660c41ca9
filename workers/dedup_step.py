"""The dedup/story step the process task calls inside its transaction, after the article row exists.

It marks the article as a URL variant, exact copy or near-duplicate of the first-seen earlier
article (marks point later -> earlier, to the root of any chain), stores its signature in the
shared LSH index, and puts it in a story: its original's story when it is a duplicate, its
existing story when it is reprocessed, else the best matching story within the publication
date window, else a new story of one.

Idempotent: a second run with the same inputs writes nothing (every write is guarded) and
story ids are kept on reprocessing; a story of one may join another story when new evidence
appears (its empty row is then deleted). Concurrent workers are serialised on the content
hash and the LSH band keys with transaction advisory locks, so two copies processed at the
same moment still see each other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import psycopg

from pipeline import dedup, stories
from storage import dedup as q

# Chosen on tests/data/dedup_pairs.jsonl (docs/dedup.md): single-edit agency rewrites measure
# 0.76-0.98, a daily templated report vs. the day before 0.58, different texts < 0.05.
DEFAULT_DUPLICATE_THRESHOLD = 0.65
# 256 permutations for the similarity estimate (std 0.03 at J=0.65); the first 160 of them
# form 40 bands x 4 rows, fixed independently of the threshold so stored keys stay valid when
# it is tuned: a pair at J=0.6 shares a band with probability 0.996, at J=0.65 0.9996.
DEFAULT_PARAMS = dedup.SignatureParams(num_perm=256, shingle_size=3, bands=40, rows=4)
DEFAULT_POLICY = stories.StoryPolicy()


@dataclass(frozen=True, slots=True)
class DedupOutcome:
    """What the step decided for one article."""

    article_id: int
    content_hash: str
    duplicate_of: int | None
    duplicate_kind: str | None  # "url", "exact", "near" or None
    similarity: float | None
    story_id: int
    story_created: bool
    changed: bool  # whether any mark on the article changed


def _hash_lock_key(content_hash: str) -> int:
    return int.from_bytes(hashlib.blake2b(content_hash.encode(), digest_size=8).digest(), "little", signed=True)


def _entity_lock_key(entity_id: str) -> int:
    return _hash_lock_key(f"story-entity:{entity_id}")


def _find_duplicate(
    conn: psycopg.Connection,
    *,
    article_id: int,
    url: str,
    canonical_url: str,
    chash: str,
    sig: np.ndarray,
    keys: Sequence[int],
    threshold: float,
    params: dedup.SignatureParams,
) -> tuple[int, str, float, int | None] | None:
    """(root id, kind, similarity to the root, root story) of the earliest original, or None."""
    kind: str | None = None
    match: int | None = None
    own_key = dedup.canonical_url(url)
    if own_key != canonical_url:
        match = q.earlier_by_canonical_url(own_key, article_id, conn=conn)
        kind = "url" if match is not None else None
    if match is None:
        match = q.earliest_by_content_hash(chash, article_id, conn=conn)
        kind = "exact" if match is not None else None
    if match is None:
        cands = [
            (i, dedup.signature_from_bytes(b)) for i, b in q.lsh_candidates(keys, article_id, params.tag, conn=conn)
        ]
        best = dedup.best_match(sig, cands, threshold)
        if best is None:
            return None
        match, kind = best[0], "near"
    rows = q.match_rows([match], conn=conn)
    root_id = rows[match].duplicate_of or match
    if root_id != match:
        rows |= q.match_rows([root_id], conn=conn)
    root = rows[root_id]
    if root.content_hash == chash:
        return root_id, "exact" if kind != "url" else kind, 1.0, root.story_id
    if root.minhash is not None and root.params == params.tag:
        sim = dedup.similarity(sig, dedup.signature_from_bytes(root.minhash))
    else:
        sim = 0.0
    return root_id, kind or "near", round(sim, 4), root.story_id


def _best_story(
    conn: psycopg.Connection,
    *,
    article_id: int,
    features: stories.StoryFeatures,
    sig: np.ndarray,
    threshold: float,
    params: dedup.SignatureParams,
    policy: stories.StoryPolicy,
) -> int | None:
    """The story of the best-scoring earlier/later article within the window, or None."""
    window = timedelta(days=policy.window_days)
    span = timedelta(days=policy.max_story_days)
    when = features.published_at
    cands = q.story_candidates(
        sorted(features.entity_ids),
        lo=when - window,
        hi=when + window,
        span_lo=when - span,
        span_hi=when + span,
        article_id=article_id,
        conn=conn,
    )
    best: tuple[float, int, int] | None = None  # (score, -article_id, story_id)
    for c in cands:
        other = stories.StoryFeatures(
            published_at=c.story_date,
            entity_ids=frozenset(c.entity_ids),
            terms=tuple(c.terms),
            event_dates=frozenset(c.event_dates),
            site=c.site,
            series=c.series,
        )
        text_sim = dedup.similarity(sig, dedup.signature_from_bytes(c.minhash)) if c.params == params.tag else 0.0
        if not stories.same_story(
            features, other, text_similarity=text_sim, duplicate_threshold=threshold, policy=policy
        ):
            continue
        score = max(stories.story_score(features, other, policy=policy), text_sim)
        key = (score, -c.article_id, c.story_id)
        if best is None or key > best:
            best = key
    return best[2] if best else None


def assign_dedup_and_story(
    conn: psycopg.Connection,
    *,
    article_id: int,
    text: str,
    title: str,
    url: str,
    canonical_url: str,
    published_at: datetime | None,
    entity_ids: Sequence[str],
    threshold: float = DEFAULT_DUPLICATE_THRESHOLD,
    event_dates: Sequence[str] = (),
    params: dedup.SignatureParams = DEFAULT_PARAMS,
    story_policy: stories.StoryPolicy = DEFAULT_POLICY,
) -> DedupOutcome:
    """Mark duplicates and assign the story of ``article_id``; the caller commits.

    ``text`` is the extracted article text (unnormalised), ``entity_ids`` the linked entity ids
    found in it, ``event_dates`` ISO dates it refers to (TimeExpression DATE values).
    ``published_at`` None falls back to the article's fetch time. ``threshold`` is the
    estimated Jaccard of word 3-shingles from which a text is a near-duplicate.
    """
    state = q.article_for_update(article_id, conn=conn)
    if state is None:
        raise LookupError(f"article {article_id} does not exist")
    story_date = published_at or state.fallback_date
    fp = dedup.fingerprint(text, params)
    chash, sig, keys = fp.content_hash, fp.signature, fp.band_keys
    # Articles that could join each other's story wait for each other: same text (content hash),
    # similar text (LSH bands), or a shared entity (the story candidates are found through
    # entities). Without the entity keys, two reports of one event processed at the same instant
    # each saw no story yet and opened two.
    q.lock_keys([_hash_lock_key(chash), *keys, *(_entity_lock_key(e) for e in entity_ids)], conn=conn)

    dup = _find_duplicate(
        conn,
        article_id=article_id,
        url=url,
        canonical_url=canonical_url,
        chash=chash,
        sig=sig,
        keys=keys,
        threshold=threshold,
        params=params,
    )
    features = stories.story_features(
        title=title,
        text=fp.normalised,
        text_is_normalised=True,
        published_at=story_date,
        entity_ids=entity_ids,
        event_dates=event_dates,
        site=dedup.site_of(canonical_url or url),
    )
    q.save_signature(
        article_id,
        params=params.tag,
        minhash=dedup.signature_bytes(sig),
        story_date=story_date,
        site=features.site,
        series=features.series,
        entity_ids=sorted(features.entity_ids),
        terms=list(features.terms),
        event_dates=sorted(features.event_dates),
        band_keys=keys,
        conn=conn,
    )

    old_story = state.story_id if state.story_id is not None and q.story_exists(state.story_id, conn=conn) else None
    story_id: int | None = None
    if dup is not None and dup[3] is not None:
        story_id = dup[3]  # near-duplicates always share their original's story
    elif old_story is not None and q.refresh_story(old_story, conn=conn) > 1:
        story_id = old_story  # stable on reprocessing: never split a story without reason
    else:
        story_id = _best_story(
            conn,
            article_id=article_id,
            features=features,
            sig=sig,
            threshold=threshold,
            params=params,
            policy=story_policy,
        )
        if story_id is None:
            story_id = old_story  # a story of one stays itself
    created = False
    if story_id is None:
        story_id = q.create_story(title or None, article_id, story_date, conn=conn)
        created = True

    changed = q.set_marks(
        article_id,
        content_hash=chash,
        duplicate_of=dup[0] if dup else None,
        duplicate_kind=dup[1] if dup else None,
        similarity=dup[2] if dup else None,
        story_id=story_id,
        conn=conn,
    )
    q.refresh_story(story_id, conn=conn)
    if old_story is not None and old_story != story_id:
        q.refresh_story(old_story, conn=conn)  # deleted when this article was its last
    return DedupOutcome(
        article_id=article_id,
        content_hash=chash,
        duplicate_of=dup[0] if dup else None,
        duplicate_kind=dup[1] if dup else None,
        similarity=dup[2] if dup else None,
        story_id=story_id,
        story_created=created,
        changed=changed,
    )
