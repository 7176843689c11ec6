"""README.md documents every subcommand and option the `pledgewatch` command actually has.

The list is read from the argparse parser itself, so adding a subcommand or an option without
documenting it fails here, and so does a README that still describes a command that was renamed.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from pledgewatch.cli import _parser

README = Path(__file__).resolve().parents[1] / "README.md"
_FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = _parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def options(sub: argparse.ArgumentParser) -> list[str]:
    """The spelling a user types for each option: its long form, or its only form."""
    found = []
    for action in sub._actions:
        if not action.option_strings or isinstance(action, argparse._HelpAction):
            continue
        long = [s for s in action.option_strings if s.startswith("--")]
        found.append(long[0] if long else action.option_strings[0])
    return found


def readme() -> str:
    if not README.is_file():
        pytest.fail(f"{README} does not exist: the command has no user documentation")
    return README.read_text(encoding="utf-8")


def headings_and_code_blocks(text: str) -> list[str]:
    """Where a command is documented, as opposed to merely mentioned in passing in prose."""
    without_code = _FENCE.sub("", text)
    headings = [line for line in without_code.splitlines() if line.lstrip().startswith("#")]
    return headings + [match[2] for match in _FENCE.finditer(text)]


def test_the_parser_has_subcommands() -> None:
    assert "extract" in subcommands()  # guards the tests below against passing on an empty list


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_subcommand_is_documented_under_a_heading_or_in_a_code_block(name: str) -> None:
    usage = re.compile(rf"\bpledgewatch\s+{re.escape(name)}\b")
    places = headings_and_code_blocks(readme())
    assert any(usage.search(place) for place in places), f"README.md shows no `pledgewatch {name}`"


@pytest.mark.parametrize(
    ("name", "option"), [(name, option) for name, sub in sorted(subcommands().items()) for option in options(sub)]
)
def test_subcommand_option_is_documented(name: str, option: str) -> None:
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", readme()), f"README.md does not mention {option}"
