"""Articles for the scaling tests: the project's own example corpus, read once per session."""

from __future__ import annotations

import pytest
from scale_helpers import CORPUS

from pledgewatch.model import Article
from pledgewatch.sources import SourceError, read_paths


@pytest.fixture(scope="session")
def corpus() -> list[Article]:
    articles = [a for a in read_paths([CORPUS]) if not isinstance(a, SourceError)]
    assert len(articles) >= 15
    return articles
