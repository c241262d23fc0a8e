"""Rich text of booth profiles: paragraphs, lists, links, bold and italic — nothing else.

Everything an exhibitor types passes through :func:`sanitize_rich_text` on the server before it
is stored; the browser editor is a convenience, never the guard.
"""

from __future__ import annotations

import re

import nh3

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "a", "strong", "b", "em", "i"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Tags whose content is dropped together with the tag (not kept as text).
CLEAN_CONTENT_TAGS = {"script", "style", "template", "iframe", "object", "embed", "svg", "math", "noscript"}

_EMPTY_PARAGRAPHS = re.compile(r"<p>(?:\s|&nbsp;|<br>)*</p>")
_TAG = re.compile(r"<[^>]+>")


def sanitize_rich_text(html: str) -> str:
    """Return ``html`` reduced to the allowed tags; links get ``rel="noopener nofollow"``."""
    if not html:
        return ""
    # contenteditable produces <div> lines in some browsers: treat them as paragraphs.
    html = re.sub(r"<div(\s[^>]*)?>", "<p>", html, flags=re.IGNORECASE)
    html = re.sub(r"</div\s*>", "</p>", html, flags=re.IGNORECASE)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
    )
    cleaned = cleaned.replace("<b>", "<strong>").replace("</b>", "</strong>")
    cleaned = cleaned.replace("<i>", "<em>").replace("</i>", "</em>")
    cleaned = cleaned.replace("&nbsp;", " ").replace("\xa0", " ")
    return _EMPTY_PARAGRAPHS.sub("", _wrap_loose_inline(cleaned)).strip()


_TOKEN = re.compile(r"(<[^>]+>)")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z0-9]+)")
_BLOCKS = {"p", "ul", "ol"}


def _wrap_loose_inline(html: str) -> str:
    """Put text and inline markup that sits between blocks into paragraphs (editors leave it bare)."""
    out: list[str] = []
    depth = 0
    paragraph_open = False
    for token in _TOKEN.split(html):
        if not token:
            continue
        tag = _TAG_NAME.match(token)
        name = tag.group(2).lower() if tag else None
        if name in _BLOCKS:
            if depth == 0 and paragraph_open:
                out.append("</p>")
                paragraph_open = False
            depth += -1 if tag and tag.group(1) else 1
            out.append(token)
            continue
        if depth == 0 and not paragraph_open:
            if tag is None and not token.strip():
                out.append(token)  # whitespace between blocks
                continue
            if name == "br":
                continue  # a line break between blocks means nothing
            out.append("<p>")
            paragraph_open = True
        out.append(token)
    if paragraph_open:
        out.append("</p>")
    return "".join(out)


def rich_text_to_plain(html: str) -> str:
    """The visible words of sanitised rich text (for diffs, meta descriptions, completeness)."""
    text = _TAG.sub(" ", html or "")
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = text.replace("&quot;", '"').replace("&#39;", "'")
    return " ".join(text.split())
