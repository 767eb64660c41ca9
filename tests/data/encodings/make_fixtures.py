"""Regenerate the encoding fixtures: the same Arabic news page in legacy encodings, declared or not.

Run from the repository root: ``python tests/data/encodings/make_fixtures.py``. Writes one
``.html`` file per case (bytes exactly as a server would send them) and ``manifest.json``
listing, per file, the Content-Type header the test server sends, the expected encoding and
encoding_source, and the expected decoded paragraph. The text is written for these fixtures
(not copied from a site); it only uses characters that exist in both windows-1256 and ISO-8859-6.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

TITLE = "الحكومة تعلن خطة لدعم الاقتصاد"
PARAGRAPH = (
    "أعلن رئيس الحكومة صباح اليوم عن خطة جديدة لدعم الاقتصاد الوطني، تشمل تخفيض الضرائب على "
    "الشركات الصغيرة وتمويل مشاريع البنية التحتية في المناطق الريفية. وقال في مؤتمر صحفي عقده "
    "في العاصمة إن الخطة ستوفر آلاف فرص العمل للشباب خلال السنوات الثلاث المقبلة، مضيفا أن "
    "الحكومة ستعرضها على البرلمان الأسبوع المقبل. وتساءل عدد من النواب عن مصادر التمويل؟ "
    "بينما رحبت غرفة التجارة بالإجراءات واعتبرتها خطوة ضرورية لتشجيع الاستثمار؛ وأكد "
    "وزير المالية أن العجز لن يتجاوز ثلاثة في المئة من الناتج المحلي."
)
SHORT = "انطلاق معرض الكتاب في الرباط"


def page(meta: str, body: str = PARAGRAPH, lang: str = "") -> str:
    """A small but complete news page around ``body``; ``meta`` is inserted in <head>."""
    return (
        f"<!DOCTYPE html>\n<html{lang}>\n<head>\n{meta}<title>{TITLE}</title>\n</head>\n<body>\n"
        f"<article>\n<h1>{TITLE}</h1>\n<p>{body}</p>\n</article>\n</body>\n</html>\n"
    )


META_CHARSET = '<meta charset="{}">\n'
META_HTTP_EQUIV = '<meta http-equiv="Content-Type" content="text/html; charset={}">\n'

# name, python codec, html, Content-Type header, expected encoding, expected source, expected paragraph
CASES: list[tuple[str, str, str, str | None, str, str, str]] = [
    ("win1256_header", "cp1256", page(""), "text/html; charset=windows-1256", "windows-1256", "header", PARAGRAPH),
    (
        "win1256_meta",
        "cp1256",
        page(META_CHARSET.format("windows-1256")),
        "text/html",
        "windows-1256",
        "meta",
        PARAGRAPH,
    ),
    ("win1256_undeclared", "cp1256", page(""), "text/html", "windows-1256", "detected", PARAGRAPH),
    ("win1256_no_content_type", "cp1256", page(""), None, "windows-1256", "detected", PARAGRAPH),
    (
        "win1256_declared_utf8",
        "cp1256",
        page(META_CHARSET.format("utf-8")),
        "text/html; charset=UTF-8",
        "windows-1256",
        "detected",
        PARAGRAPH,
    ),
    (
        "win1256_latin1_header",
        "cp1256",
        page(""),
        "text/html; charset=ISO-8859-1",
        "windows-1256",
        "detected",
        PARAGRAPH,
    ),
    ("win1256_short_undeclared", "cp1256", page("", body=SHORT), "text/html", "windows-1256", "detected", SHORT),
    ("iso88596_header", "iso8859_6", page(""), "text/html; charset=ISO-8859-6", "iso-8859-6", "header", PARAGRAPH),
    (
        "iso88596_meta",
        "iso8859_6",
        page(META_HTTP_EQUIV.format("iso-8859-6")),
        "text/html",
        "iso-8859-6",
        "meta",
        PARAGRAPH,
    ),
    ("iso88596_undeclared", "iso8859_6", page(""), "text/html", "iso-8859-6", "detected", PARAGRAPH),
    (
        "iso88596_declared_utf8",
        "iso8859_6",
        page(META_CHARSET.format("utf-8")),
        "text/html; charset=utf-8",
        "iso-8859-6",
        "detected",
        PARAGRAPH,
    ),
    (
        "iso88596_short_lang_ar",
        "iso8859_6",
        page("", body=SHORT, lang=' lang="ar" dir="rtl"'),
        "text/html",
        "iso-8859-6",
        "detected",
        SHORT,
    ),
    ("utf8_header", "utf-8", page(""), "text/html; charset=utf-8", "utf-8", "header", PARAGRAPH),
    ("utf8_undeclared", "utf-8", page(""), "text/html", "utf-8", "detected", PARAGRAPH),
    # A site moved to UTF-8 but kept its legacy header / meta: the bytes win.
    ("utf8_header_says_1256", "utf-8", page(""), "text/html; charset=windows-1256", "utf-8", "detected", PARAGRAPH),
    (
        "utf8_meta_says_iso88596",
        "utf-8",
        page(META_CHARSET.format("iso-8859-6")),
        "text/html",
        "utf-8",
        "detected",
        PARAGRAPH,
    ),
    ("utf8_bom_header_says_1256", "utf-8-sig", page(""), "text/html; charset=windows-1256", "utf-8", "bom", PARAGRAPH),
]


def main() -> None:
    """Write the fixtures and the manifest."""
    manifest = []
    for name, codec, html, content_type, encoding, source, paragraph in CASES:
        data = html.encode(codec)
        if codec == "utf-8-sig":
            assert data.startswith(codecs.BOM_UTF8)
        (HERE / f"{name}.html").write_bytes(data)
        manifest.append(
            {
                "file": f"{name}.html",
                "content_type": content_type,
                "encoding": encoding,
                "encoding_source": source,
                "paragraph": paragraph,
            }
        )
    (HERE / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
