"""Which URLs from the news may become links: http(s) to a named host, nothing else.

An article's URL is whatever its source said. Autoescaping keeps it from breaking out of the
attribute, but not from being a `javascript:` or `data:` URL that runs when clicked, so the pages
and the HTML report link only web addresses and show any other value as plain text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f]")  # browsers drop these inside a scheme: "java\tscript:"


def web_url(url: object) -> str | None:
    """`url` if it is an http(s) URL with a host, else None (show it as text, not as a link)."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or _UNSAFE.search(text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.hostname else None


__all__ = ["web_url"]
