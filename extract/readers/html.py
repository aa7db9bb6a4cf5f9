"""HTML pages (government sites): the report's main text, without navigation, scripts and footers."""

from __future__ import annotations

import codecs
import re

from extract.readers.errors import ReadError
from extract.readers.text import decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# GB2312 and GBK pages often use characters only their superset has
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


def decode_html(data: bytes, file_name: str) -> tuple[str, str]:
    """The page's text and encoding: the declared charset if it decodes, else detected like a text file."""
    m = _META_CHARSET.search(data[:4096])
    if m and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        declared = m.group(1).decode("ascii").lower()
        encoding = _WIDER.get(declared, declared)
        try:
            return data.decode(encoding), declared
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect instead
    decoded = decode_bytes(data, file_name)
    return decoded.text, decoded.encoding


def main_text(html: str) -> str:
    """Main text by trafilatura (boilerplate removal), one paragraph per line; tables kept."""
    import trafilatura

    text = trafilatura.extract(
        html, output_format="txt", include_tables=True, include_comments=False, include_images=False,
        include_links=False, deduplicate=False, with_metadata=False,
    )
    return text or ""


_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||-{1,2}|–|—{1,2})\s*")


def headline(html: str) -> str | None:
    """The page's headline (first <h1>, else the <title> before the site name): boilerplate removal drops it."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return None
    for node in tree.iter("h1"):
        text = " ".join(node.text_content().split())
        if text:
            return text
    titles = tree.findall(".//title")
    if titles:
        text = " ".join(titles[0].text_content().split())
        return _TITLE_SEPARATORS.split(text)[0] or None
    return None


def read_html(data: bytes, file_name: str) -> tuple[str, str]:
    html, encoding = decode_html(data, file_name)
    try:
        text = main_text(html)
    except Exception as exc:  # noqa: BLE001 - lxml raises many kinds on broken markup
        raise ReadError(file_name, "corrupt_html", f"is an HTML page that cannot be parsed ({exc})") from exc
    if not text.strip():
        raise ReadError(file_name, "empty", "is an HTML page without main text (only navigation or scripts); "
                        "save the page of the report itself")
    title = headline(html)
    if title and title.replace(" ", "") not in text[:300].replace(" ", ""):
        text = f"{title}\n{text}"
    return text, encoding
