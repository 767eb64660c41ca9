"""Page templates that wrap a demo article in the boilerplate real Arabic news sites carry.

Four families, each modelled on how a kind of site is actually built:

- ``maghreb_portal``: a Moroccan/Algerian/Tunisian news portal (top bar, menu, "عاجل" ticker,
  share bar, "اقرأ أيضا", published reader comments and a comment form, fat footer);
- ``gulf_daily``: a Gulf/Egyptian daily newspaper site (two columns with a sidebar holding
  "الأكثر قراءة", a newsletter box and ads, related news under the article);
- ``levant_amp``: a Levantine/pan-Arab site in AMP-style markup (amp-img, amp-ad, a cookie
  consent banner, urgent bar, related news, comment form);
- ``legacy_table``: an old table-based site, typically served in windows-1256 (marquee ticker,
  menu column, comment form in a table, copyright row).

``render_page`` returns the bytes in the article's encoding. Which date markup a page carries
(meta tags, JSON-LD, a visible ``<time>``, or only an Arabic dateline) is set per article.
"""

from __future__ import annotations

import html
import json
import zlib
from collections.abc import Callable

from .datelines import arabic_dateline
from .model import DemoArticle
from .noise import (
    AD_LABEL,
    APP_PROMO,
    COMMENT_LABELS,
    COMMENTS_HEADING,
    COOKIE_BANNER,
    CRAWL_DAY,
    MOST_READ,
    MOST_READ_HEADING,
    NEWSLETTER,
    READ_ALSO,
    READER_COMMENTS,
    RELATED,
    RELATED_HEADING,
    RIGHTS,
    SHARE_LABEL,
    TICKER,
    WEATHER_WIDGET,
)

NAV_ITEMS = ("الرئيسية", "سياسة", "اقتصاد", "رياضة", "مجتمع", "ثقافة وفنون", "صحة", "كتاب وآراء", "فيديو")
# Names a CMS links to its tag pages the first time a story mentions them.
TAG_NAMES = (
    "بنك المغرب", "المندوبية السامية للتخطيط", "وزارة الصحة", "منظمة الصحة العالمية",
    "المنظمة العالمية للصحة", "البنك المركزي", "الدوحة", "جدة", "بيروت", "الجامعة الملكية المغربية",
    "شبيبة القبائل", "الرجاء الرياضي", "وزارة الثقافة", "اليونسكو", "أوبك+", "مجلس النواب",
)  # fmt: skip
FOOTER_LINKS = ("من نحن", "اتصل بنا", "هيئة التحرير", "سياسة الخصوصية", "شروط الاستخدام", "أعلن معنا")

e = html.escape


def _pick(pool: tuple[str, ...], article: DemoArticle, count: int) -> list[str]:
    """A deterministic, per-article rotation of ``count`` items from ``pool``."""
    start = zlib.crc32(article.slug.encode()) % len(pool)
    return [pool[(start + i) % len(pool)] for i in range(min(count, len(pool)))]


def _charset_meta(article: DemoArticle, legacy: bool = False) -> str:
    if not article.declare_charset:
        return ""
    if legacy:
        return f'<meta http-equiv="Content-Type" content="text/html; charset={article.encoding}">'
    return f'<meta charset="{article.encoding}">'


def _date_meta(article: DemoArticle) -> str:
    """Open Graph / article:* meta tags, when the article's date markup asks for them."""
    tags = [
        f'<meta property="og:title" content="{e(article.title)}">',
        f'<meta property="og:site_name" content="{e(article.outlet)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="article:section" content="{e(article.section)}">',
    ]
    if "meta" in article.date_markup:
        tags.append(f'<meta property="article:published_time" content="{article.published_iso}">')
    if article.author and "meta" in article.date_markup:
        tags.append(f'<meta name="author" content="{e(article.author)}">')
    return "\n".join(tags)


def _jsonld(article: DemoArticle) -> str:
    if "jsonld" not in article.date_markup:
        return ""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published_iso,
        "dateModified": article.published_iso,
        "articleSection": article.section,
        "inLanguage": "ar",
        "publisher": {"@type": "Organization", "name": article.outlet},
    }
    if article.author:
        data["author"] = {"@type": "Person", "name": article.author}
    # ensure_ascii=False: real sites emit raw Arabic here, and cp1256 pages must stay encodable.
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def _visible_date(article: DemoArticle) -> str:
    """The date shown to readers: a <time> element, or only a bare Arabic dateline."""
    text = arabic_dateline(article.published, article.region, article.time)
    if "time" in article.date_markup:
        return f'<time class="published" datetime="{article.published_iso}">{e(text)}</time>'
    if "dateline" in article.date_markup:
        return f'<span class="date">{e(text)}</span>'
    return ""


def _linked(paragraphs: tuple[str, ...], limit: int = 3) -> list[str]:
    """Escape paragraphs and link the first mention of known names to tag pages, as CMSs do."""
    out: list[str] = []
    linked = 0
    for paragraph in paragraphs:
        text = e(paragraph)
        for i, name in enumerate(TAG_NAMES):
            if linked < limit and name in text and f">{name}</a>" not in "".join(out):
                text = text.replace(name, f'<a class="tag-link" href="/tag/{i}">{name}</a>', 1)
                linked += 1
        out.append(text)
    return out


def _body(article: DemoArticle, read_also: str | None = None) -> str:
    """The article paragraphs; optionally a "read also" box after the second one (Egyptian/Gulf style)."""
    parts = [f"<p>{p}</p>" for p in _linked(article.paragraphs)]
    if read_also is not None and len(parts) > 2:
        box = (
            f'<div class="read-also related-inline"><strong>{e(READ_ALSO)}:</strong> '
            f'<a href="#">{e(read_also)}</a></div>'
        )
        parts.insert(2, box)
    return "\n".join(parts)


def _links(items: list[str] | tuple[str, ...], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f'<li{attr}><a href="#">{e(t)}</a></li>' for t in items)


def _comment_form(tag_open: str = "<form", extra: str = "") -> str:
    add, name, mail, body, send, disclaimer = COMMENT_LABELS
    return (
        f'{tag_open} class="comment-form" id="commentform" method="post" action="#"{extra}>'
        f'<h3 class="comment-reply-title">{e(add)}</h3>'
        f'<p class="comment-notes">{e(disclaimer)}</p>'
        f'<label for="author">{e(name)}</label><input id="author" name="author" type="text">'
        f'<label for="email">{e(mail)}</label><input id="email" name="email" type="email">'
        f'<label for="comment">{e(body)}</label>'
        f'<textarea id="comment" name="comment" placeholder="{e(body)}"></textarea>'
        f'<button type="submit">{e(send)}</button></form>'
    )


def _share_bar() -> str:
    return (
        f'<div class="share-buttons"><span>{e(SHARE_LABEL)}</span>'
        '<a class="fb" href="#">فيسبوك</a><a class="tw" href="#">إكس</a>'
        '<a class="wa" href="#">واتساب</a><a class="tg" href="#">تيليغرام</a></div>'
    )


def _footer_text(article: DemoArticle) -> str:
    year = article.published[:4]
    return f"© {year} {e(article.outlet)} - {e(RIGHTS)}"


def _head(article: DemoArticle, extra: str = "", legacy: bool = False) -> str:
    description = article.paragraphs[0][:160]
    return (
        f"<head>{_charset_meta(article, legacy)}\n"
        f"<title>{e(article.title)} | {e(article.outlet)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="description" content="{e(description)}">\n'
        f"{_date_meta(article)}\n{_jsonld(article)}\n{extra}\n"
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
        "gtag('js',new Date());gtag('config','G-DEMO000');</script>\n</head>"
    )


def maghreb_portal(article: DemoArticle) -> str:
    """A North African news portal: menu, ticker, share bar, read-also, comments, fat footer."""
    styles = '<link rel="stylesheet" href="/static/portal.css"><style>.ticker{overflow:hidden}</style>'
    author = f'<span class="author">بقلم: {e(article.author)}</span>' if article.author else ""
    comments = "".join(
        f'<li class="comment"><div class="comment-author">زائر {i + 1}</div>'
        f'<div class="comment-body"><p>{e(c)}</p></div></li>'
        for i, c in enumerate(_pick(READER_COMMENTS, article, 2))
    )
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
{_head(article, styles)}
<body class="single single-post">
<div class="top-bar"><span class="today">{e(arabic_dateline(CRAWL_DAY, article.region))}</span>
<span class="weather-widget">{e(WEATHER_WIDGET)}</span></div>
<header class="site-header"><a class="logo" href="/">{e(article.outlet)}</a>
<nav class="main-menu"><ul>{_links(NAV_ITEMS, "menu-item")}</ul></nav></header>
<div class="breaking-news"><span class="breaking-label">عاجل</span>
<ul class="ticker">{_links(_pick(TICKER["maghreb_portal"], article, 4))}</ul></div>
<div class="ad ad-leaderboard" data-slot="top">{e(AD_LABEL)}</div>
<main id="main" class="site-main">
<article class="post">
<div class="breadcrumb"><a href="/">الرئيسية</a> › <a href="#">{e(article.section)}</a></div>
<h1 class="post-title">{e(article.title)}</h1>
<div class="post-meta">{author} {_visible_date(article)}</div>
{_share_bar()}
<div class="article-content entry-content">
{_body(article)}
</div>
</article>
<section class="related-posts"><h3>{e(READ_ALSO)}</h3>
<ul>{_links(_pick(RELATED["maghreb_portal"], article, 4))}</ul></section>
<div class="ad ad-inarticle" data-slot="bottom">{e(AD_LABEL)}</div>
<section id="comments" class="comments-area"><h3 class="comments-title">{e(COMMENTS_HEADING)}</h3>
<ol class="comment-list">{comments}</ol>
{_comment_form()}
</section>
</main>
<footer class="site-footer"><ul class="footer-links">{_links(FOOTER_LINKS)}</ul>
<p class="app-promo">{e(APP_PROMO)}</p>
<p class="copyright">{_footer_text(article)}</p></footer>
<script src="/static/portal.js" defer></script>
</body>
</html>
"""


def gulf_daily(article: DemoArticle) -> str:
    """A daily newspaper site: two columns, sidebar with most-read, newsletter and ads."""
    styles = '<link rel="stylesheet" href="/assets/css/main.min.css">'
    author = f'<div class="byline">{e(article.author)}</div>' if article.author else ""
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl">
{_head(article, styles)}
<body class="article-page">
<header id="masthead"><div class="brand"><a href="/">{e(article.outlet)}</a></div>
<nav class="primary-nav" role="navigation"><ul>{_links(NAV_ITEMS)}</ul></nav>
<div class="urgent-news" role="marquee"><strong>عاجل</strong>
<ul>{_links(_pick(TICKER["gulf_daily"], article, 3))}</ul></div></header>
<div class="container">
<main class="content-column">
<article class="news-article">
<span class="section-label">{e(article.section)}</span>
<h1 class="headline">{e(article.title)}</h1>
{author}
<div class="article-date">{_visible_date(article)}</div>
<div class="article-body">
{_body(article, read_also=_pick(RELATED["gulf_daily"], article, 5)[4])}
</div>
{_share_bar()}
</article>
<section class="related-news"><h2>{e(RELATED_HEADING)}</h2>
<ul>{_links(_pick(RELATED["gulf_daily"], article, 4))}</ul></section>
<section class="comments">{_comment_form()}</section>
</main>
<aside class="sidebar">
<div class="ad ad-mpu" id="div-gpt-ad-mpu">{e(AD_LABEL)}</div>
<section class="most-read"><h3>{e(MOST_READ_HEADING)}</h3><ol>{_links(MOST_READ)}</ol></section>
<section class="newsletter"><p>{e(NEWSLETTER)}</p><input type="email"><button>اشترك</button></section>
</aside>
</div>
<footer class="site-footer"><nav><ul>{_links(FOOTER_LINKS)}</ul></nav>
<p>{_footer_text(article)}</p></footer>
<script async src="/assets/js/gpt.js"></script>
</body>
</html>
"""


def levant_amp(article: DemoArticle) -> str:
    """An AMP-style page with a cookie consent banner, urgent bar and related news."""
    extra = (
        '<script async src="https://cdn.ampproject.org/v0.js"></script>\n'
        '<script async custom-element="amp-ad" src="https://cdn.ampproject.org/v0/amp-ad-0.1.js"></script>\n'
        "<style amp-boilerplate>body{visibility:hidden}</style>\n"
        "<style amp-custom>.cookie-consent{position:fixed;bottom:0}</style>"
    )
    author = f'<p class="author">كتب: {e(article.author)}</p>' if article.author else ""
    return f"""<!doctype html>
<html amp lang="ar" dir="rtl">
{_head(article, extra)}
<body>
<div id="cookie-consent" class="cookie-consent" role="dialog"><p>{e(COOKIE_BANNER)}</p>
<button on="tap:cookie-consent.hide">موافق</button><button>إعدادات الخصوصية</button></div>
<header class="amp-header"><a href="/" class="logo">{e(article.outlet)}</a>
<nav class="amp-menu"><ul>{_links(NAV_ITEMS)}</ul></nav></header>
<div class="urgent-bar"><span>عاجل</span><ul>{_links(_pick(TICKER["levant_amp"], article, 3))}</ul></div>
<amp-ad width="320" height="100" type="doubleclick" data-slot="/demo/top">
<div placeholder>{e(AD_LABEL)}</div></amp-ad>
<main>
<article class="amp-article">
<header class="article-header"><h1>{e(article.title)}</h1>{author}{_visible_date(article)}</header>
<amp-img src="/img/{article.slug}.jpg" width="800" height="450" layout="responsive" alt=""></amp-img>
<div class="article-body">
{_body(article)}
</div>
</article>
<amp-social-share type="facebook" aria-label="{e(SHARE_LABEL)} فيسبوك"></amp-social-share>
<section class="related"><h2>{e(RELATED_HEADING)}</h2>
<ul>{_links(_pick(RELATED["levant_amp"], article, 4))}</ul></section>
<section class="comments-section">{_comment_form()}</section>
</main>
<footer class="amp-footer"><ul>{_links(FOOTER_LINKS)}</ul><p>{e(NEWSLETTER)}</p>
<p>{_footer_text(article)}</p></footer>
</body>
</html>
"""


def legacy_table(article: DemoArticle) -> str:
    """An old table-based site (windows-1256 era): marquee ticker, menu column, table form."""
    menu = "".join(f'<tr><td class="menu-item"><a href="#">{e(t)}</a></td></tr>' for t in NAV_ITEMS)
    related = "".join(f'<tr><td><a href="#">{e(t)}</a></td></tr>' for t in _pick(RELATED["legacy_table"], article, 3))
    ticker = " • ".join(e(t) for t in _pick(TICKER["legacy_table"], article, 3))
    author = f"<b>{e(article.author)}</b><br>" if article.author else ""
    return f"""<html dir="rtl">
{_head(article, '<link rel="stylesheet" type="text/css" href="style.css">', legacy=True)}
<body bgcolor="#FFFFFF" topmargin="0">
<table width="100%" border="0" cellpadding="0" cellspacing="0" id="header">
<tr><td class="logo"><a href="/"><img src="images/logo.gif" alt="{e(article.outlet)}" border="0"></a></td>
<td class="banner">{e(AD_LABEL)}</td></tr>
<tr><td colspan="2" class="breaking"><b>عاجل:</b>
<marquee direction="right" scrollamount="3">{ticker}</marquee></td></tr>
</table>
<table width="100%" border="0" cellpadding="4">
<tr>
<td width="160" valign="top" class="sidebar" id="menu"><table width="100%" class="menu">{menu}</table>
<table class="related" width="100%"><tr><th>{e(READ_ALSO)}</th></tr>{related}</table></td>
<td valign="top" class="content">
<h2 class="title">{e(article.title)}</h2>
<div class="info">{author}{_visible_date(article)}</div>
<div id="article_body" class="article-body">
{_body(article)}
</div>
<hr>
<table class="comments" width="100%"><tr><td>{_comment_form()}</td></tr></table>
</td>
</tr>
</table>
<table width="100%" id="footer" class="footer"><tr><td align="center">
{" | ".join(e(t) for t in FOOTER_LINKS)}<br>
{_footer_text(article)}</td></tr></table>
</body>
</html>
"""


TEMPLATES: dict[str, Callable[[DemoArticle], str]] = {
    "maghreb_portal": maghreb_portal,
    "gulf_daily": gulf_daily,
    "levant_amp": levant_amp,
    "legacy_table": legacy_table,
}


def render_page(article: DemoArticle) -> bytes:
    """Render the article's full HTML page and encode it in the article's encoding.

    Encoding is strict: a page meant to be windows-1256 must be fully representable in it.
    """
    return TEMPLATES[article.layout](article).encode(article.encoding)
