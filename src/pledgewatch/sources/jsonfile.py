"""One article per .json file, in the shape the project's corpora use.

`{id, url, outlet, title, published, text}`; only `text` is required, because an article without
a body has nothing to extract and the rest can be recovered by cleaning.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pledgewatch.model import Article, Check
from pledgewatch.sources.base import (
    JSONProblem,
    SourceError,
    date_check,
    decode,
    for_article,
    iso_date,
    load_json,
    read_bytes,
    utc_time,
)


def read(path: Path) -> Iterator[Article | SourceError]:
    text, checks = decode(path, read_bytes(path))
    try:
        obj = load_json(text)
    except JSONProblem as exc:
        raise SourceError(path, str(exc)) from None
    yield article_from_json(obj, default_id=path.stem, source=str(path), checks=checks)


def article_from_json(obj: Any, default_id: str, source: str, checks: tuple[Check, ...] = ()) -> Article:
    """An Article from a decoded JSON value; SourceError (naming `source`) when it is not one."""
    if not isinstance(obj, dict):
        raise SourceError(source, f"JSON article must be an object, found {_json_type(obj)}")
    if "text" not in obj or obj["text"] is None:
        raise SourceError(source, "JSON article has no 'text' field")
    body = obj["text"]
    if not isinstance(body, str):
        raise SourceError(source, f"JSON article 'text' must be a string, found {_json_type(body)}")
    if not body.strip():
        raise SourceError(source, "JSON article 'text' is empty")
    raw_id = obj.get("id")
    article_id = str(raw_id) if raw_id not in (None, "") else default_id
    try:
        published = iso_date(obj.get("published"))
    except ValueError as exc:
        published = None
        checks = (*checks, date_check(article_id, obj.get("published"), str(exc)))
    return Article(
        id=article_id,
        text=body,
        title=_optional_str(obj.get("title")),
        url=_optional_str(obj.get("url")),
        outlet=_optional_str(obj.get("outlet")),
        published=published,
        published_at=utc_time(obj.get("published")) if published else None,
        source=source,
        raw_text=body,
        checks=for_article(checks, article_id),
    )


def _optional_str(value: Any) -> str | None:
    """Blank metadata means unknown, so it is stored as None rather than as an empty string."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
