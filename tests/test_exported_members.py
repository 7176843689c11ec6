"""`pledgewatch.__all__` is the public API, no more and no less (in the manner of httpx's test).

What `__all__` lists is a promise to users; a name added to the package without being exported, or
exported without existing, breaks `from pledgewatch import *` or the promise silently.
"""

from __future__ import annotations

import tomllib
import types
from pathlib import Path

import pledgewatch

PUBLIC_API = {
    "EXTRACTOR_VERSION",
    "Amount",
    "Article",
    "Check",
    "Kind",
    "Record",
    "Status",
    "extract",
    "extract_many",
}


def test_all_is_exactly_the_public_api() -> None:
    assert len(pledgewatch.__all__) == len(set(pledgewatch.__all__)), "duplicate names in __all__"
    assert set(pledgewatch.__all__) == PUBLIC_API


def test_every_exported_name_exists() -> None:
    missing = [name for name in pledgewatch.__all__ if not hasattr(pledgewatch, name)]
    assert missing == []


def test_every_public_name_is_exported() -> None:
    """Submodules are reachable as attributes once imported; they are namespaces, not API members."""
    public = {
        name
        for name, value in vars(pledgewatch).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public == set(pledgewatch.__all__)


def test_exported_callables_and_classes_come_from_pledgewatch() -> None:
    for name in pledgewatch.__all__:
        value = getattr(pledgewatch, name)
        if callable(value):
            assert value.__module__.startswith("pledgewatch."), (name, value.__module__)


def test_version_matches_pyproject() -> None:
    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert pledgewatch.__version__ == pyproject["project"]["version"]
