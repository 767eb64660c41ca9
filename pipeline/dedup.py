"""Duplicate detection, pure: canonical URLs, content hashes, MinHash signatures and LSH band keys.

Three levels, each cheaper than the next is expensive:

* **Same URL** - :func:`canonical_url` (built on pipeline.urls, the job key) folds tracking
  parameters, http/https, ``www.``, mobile hosts (``m.``) and AMP variants (``/amp``,
  ``?amp=1``, ``amp.`` hosts) onto one key;
  :func:`page_canonical_url` prefers the page's own ``rel=canonical`` / ``og:url`` when it
  stays on the same site (a page may not claim another outlet's URL: syndicated copy at a
  second outlet is coverage an analyst counts, not a URL variant).
* **Same text** - :func:`content_hash` is SHA-256 of :func:`normalise_text` (Arabic
  orthographic normalisation, punctuation dropped, whitespace folded).
* **Near-duplicate** - :func:`signature` is a MinHash over word shingles of the normalised
  text; :func:`band_keys` cuts it into LSH bands and hashes each band to one signed 64-bit key
  so that a shared index (a Postgres table) answers "who shares a band" with an indexed
  equality lookup. :func:`similarity` estimates the Jaccard of two signatures.

Nothing here touches a database or the network; storage/dedup.py and workers/dedup_step.py
are the adapters.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import numpy as np
from datasketch import MinHash

from pipeline import urls
from pipeline.enrich.normalize import normalize_arabic as _normalize_arabic

# --------------------------------------------------------------------------------------- URLs

# Query parameters that only select a rendering of the same article (AMP, mobile, print,
# share widgets); courlan already drops utm_*, fbclid, gclid and friends.
_RENDERING_PARAMS = frozenset(
    {"amp", "outputtype", "output", "usqp", "m", "mobile", "print", "share", "_amp", "amp_js_v", "from"}
)
_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid", "_ga"})
# Host prefixes that serve the same articles as the bare site.
_HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")
# "/amp", "/amp/", "/amp.html" at the end, ".amp" / ".amp.html" suffixes, "/amp/" at the start.
_AMP_SUFFIX = re.compile(r"(?:/amp(?:\.html?)?/?|\.amp(?:\.html?)?)$", re.IGNORECASE)
_AMP_PREFIX = re.compile(r"^/amp(?=/)", re.IGNORECASE)


def site_of(url: str) -> str:
    """The host of ``url`` without ``www.``/``m.``/``amp.`` prefixes and port, lower-cased."""
    host = (urlsplit(url).hostname or "").lower()
    changed = True
    while changed:  # "www.m.example.com" happens
        changed = False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix) :]
                changed = True
    return host


def _keep_param(key: str) -> bool:
    k = key.lower()
    return bool(k) and k not in _RENDERING_PARAMS and k not in _TRACKING_PARAMS and not k.startswith("utm_")


def canonical_url(url: str) -> str:
    """One key for every variant of an article URL.

    Starts from :func:`pipeline.urls.canonical_url` (the key jobs are deduplicated on: https,
    no ``www.``/``m.``/``amp.``, tracking parameters and fragments dropped, sorted query, no
    trailing slash) and folds what it leaves: AMP path prefixes and ``.amp`` suffixes, stacked
    host prefixes and rendering parameters (``print``, ``share``, ...). On a URL the base key
    already folds, the result is the base key, so the two stay comparable. Returns ``url``
    stripped when it cannot be parsed.
    """
    raw = url.strip()
    try:
        base = urls.canonical_url(raw)
        parts = urlsplit(base)
        port = parts.port
    except ValueError:
        return raw
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return base
    netloc = site_of(base)
    if port and port not in (80, 443):
        netloc = f"{netloc}:{port}"
    path = _AMP_PREFIX.sub("", _AMP_SUFFIX.sub("", parts.path)) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep_param(k)))
    return urlunsplit(("https", netloc, path, query, ""))


_LINK_CANONICAL = re.compile(r"<link\b[^>]*\brel\s*=\s*[\"']?canonical\b[^>]*>", re.IGNORECASE | re.DOTALL)
_META_OG_URL = re.compile(r"<meta\b[^>]*\bproperty\s*=\s*[\"']og:url[\"'][^>]*>", re.IGNORECASE | re.DOTALL)
_HEAD_END = re.compile("</head>", re.IGNORECASE)
_HREF = re.compile(r"\bhref\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_CONTENT = re.compile(r"\bcontent\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def declared_urls(html: str) -> list[str]:
    """The page's own claims about its URL: ``rel=canonical`` first, then ``og:url``.

    Only the ``<head>`` region is scanned (first 64 KiB before ``</head>``): a link in the body
    is not a declaration. Regular expressions rather than a parser because the head is small
    and this runs on every page.
    """
    head = html[:65536]
    end = _HEAD_END.search(head)  # not head.lower().find(): lower-casing 64 KiB cost 0.2 ms a page
    if end:
        head = head[: end.start()]
    found: list[str] = []
    for tag_re, attr_re in ((_LINK_CANONICAL, _HREF), (_META_OG_URL, _CONTENT)):
        for tag in tag_re.findall(head):
            m = attr_re.search(tag)
            if m:
                found.append(m.group(1).strip())
    return found


def page_canonical_url(fetched_url: str, html: str | None = None) -> str:
    """Canonical URL of a fetched page: its declared URL when on the same site, else ours.

    ``fetched_url`` is the final URL after redirects. A declared URL on another site is
    ignored: outlets republishing agency copy often point ``rel=canonical`` at the agency, and
    that copy must stay its own article (marked a duplicate by text, not folded by URL).
    """
    own = canonical_url(fetched_url)
    if not html:
        return own
    own_site = site_of(own)
    for declared in declared_urls(html):
        absolute = urljoin(fetched_url, declared)
        if urlsplit(absolute).scheme not in ("http", "https"):
            continue
        candidate = canonical_url(absolute)
        if site_of(candidate) == own_site:
            return candidate
    return own


# --------------------------------------------------------------------------------------- text

_NON_WORD = re.compile(r"[^\w]+")
_UNDERSCORE = re.compile(r"_+")


def normalise_text(text: str) -> str:
    """Text as compared for duplicates: Arabic-normalised, casefolded, punctuation dropped.

    Expects the extracted article text (any script). Uses ``normalize_arabic`` from
    pipeline.enrich.normalize (alef forms, ى/ي, ة/ه, tatweel and diacritics, digits).
    """
    folded = _normalize_arabic(text).casefold()
    return " ".join(_UNDERSCORE.sub(" ", _NON_WORD.sub(" ", folded)).split())


def words(text: str) -> list[str]:
    """Tokens of :func:`normalise_text` (already normalised words; no stemming)."""
    return normalise_text(text).split()


def content_hash(text: str) -> str:
    """SHA-256 hex of the normalised text: equal for copies that differ only in spelling
    variants, diacritics, punctuation or whitespace."""
    return _hash_normalised(normalise_text(text))


def _hash_normalised(normalised: str) -> str:
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------- signatures


@dataclass(frozen=True, slots=True)
class SignatureParams:
    """How signatures and band keys are made. Stored signatures are only comparable with
    signatures made with the same parameters (``tag`` names them in the database)."""

    num_perm: int = 256
    shingle_size: int = 3
    bands: int = 40
    rows: int = 4
    seed: int = 1

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError("bands * rows must not exceed num_perm")

    @property
    def tag(self) -> str:
        """Short identifier stored with each signature."""
        return f"mh{self.num_perm}-k{self.shingle_size}-b{self.bands}r{self.rows}-s{self.seed}"


def shingles(tokens: list[str], size: int) -> set[str]:
    """Word shingles of ``size`` consecutive tokens; a text shorter than that is one shingle."""
    if not tokens:
        return set()
    if len(tokens) <= size:
        return {" ".join(tokens)}
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


@lru_cache(maxsize=8)
def _empty_minhash(num_perm: int, seed: int) -> MinHash:
    # Building the permutations is the expensive part of MinHash(); copy() reuses them.
    return MinHash(num_perm=num_perm, seed=seed)


def signature(text: str, params: SignatureParams = SignatureParams()) -> np.ndarray:
    """MinHash signature (uint32 array of ``num_perm`` values) of the text's word shingles.

    An empty text gets an all-max signature that matches nothing real.
    """
    return _signature_of_tokens(words(text), params)


def _signature_of_tokens(tokens: list[str], params: SignatureParams) -> np.ndarray:
    grams = shingles(tokens, params.shingle_size)
    mh = _empty_minhash(params.num_perm, params.seed).copy()
    if grams:
        mh.update_batch([g.encode("utf-8") for g in grams])
    return mh.hashvalues.astype(np.uint32)


def signature_bytes(sig: np.ndarray) -> bytes:
    """Compact storage form (little-endian uint32)."""
    return sig.astype("<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    """Inverse of :func:`signature_bytes`."""
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets: share of equal MinHash slots."""
    if a.shape != b.shape:
        raise ValueError("signatures made with different num_perm")
    return float(np.count_nonzero(a == b)) / float(len(a))


def band_keys(sig: np.ndarray, params: SignatureParams = SignatureParams()) -> list[int]:
    """One signed 64-bit key per LSH band (fits Postgres ``bigint``).

    The band index is hashed in, so keys of different bands never collide by construction
    and a single ``(key)`` index serves every band.
    """
    keys: list[int] = []
    values = sig.astype("<u4")
    for band in range(params.bands):
        chunk = values[band * params.rows : (band + 1) * params.rows].tobytes()
        digest = hashlib.blake2b(struct.pack("<H", band) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def candidate_probability(jaccard: float, bands: int, rows: int) -> float:
    """Probability that two texts of this Jaccard share at least one band."""
    return 1.0 - (1.0 - jaccard**rows) ** bands


def best_match(
    sig: np.ndarray, candidates: Iterable[tuple[int, np.ndarray]], threshold: float
) -> tuple[int, float] | None:
    """The candidate id with the highest estimated similarity at or above ``threshold``.

    Ties go to the smaller id (the first seen).
    """
    best: tuple[int, float] | None = None
    for cand_id, cand_sig in candidates:
        sim = similarity(sig, cand_sig)
        if sim < threshold:
            continue
        if best is None or sim > best[1] or (sim == best[1] and cand_id < best[0]):
            best = (cand_id, sim)
    return best


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Everything the duplicate step needs from one text, normalising it only once."""

    normalised: str
    content_hash: str
    signature: np.ndarray
    band_keys: list[int]


def fingerprint(text: str, params: SignatureParams = SignatureParams()) -> Fingerprint:
    """:func:`content_hash`, :func:`signature` and :func:`band_keys` of ``text`` in one pass
    (normalisation is the most expensive part, so it is done once)."""
    normalised = normalise_text(text)
    sig = _signature_of_tokens(normalised.split(), params)
    return Fingerprint(normalised, _hash_normalised(normalised), sig, band_keys(sig, params))
