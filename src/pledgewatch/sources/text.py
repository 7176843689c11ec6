"""Plain-text articles: the whole file is the body; the file name is the only metadata there is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pledgewatch.model import Article
from pledgewatch.sources.base import SourceError, decode, for_article, read_bytes


def read(path: Path) -> Iterator[Article | SourceError]:
    text, checks = decode(path, read_bytes(path))
    yield Article(id=path.stem, text=text, source=str(path), raw_text=text, checks=for_article(checks, path.stem))
