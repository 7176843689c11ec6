"""Readers: each format, directory walking, and every kind of bad input reported as a value."""

from __future__ import annotations

from pathlib import Path

import pytest

from pledgewatch.model import Article
from pledgewatch.sources import SourceError, read_paths

FIXTURES = Path(__file__).parent / "fixtures" / "sources"


def read_all(*paths: str | Path) -> list[Article | SourceError]:
    return list(read_paths(paths))


def one_article(path: str | Path) -> Article:
    [item] = read_all(path)
    assert isinstance(item, Article), item
    return item


def one_error(path: str | Path) -> SourceError:
    [item] = read_all(path)
    assert isinstance(item, SourceError), item
    return item


# --- readers -----------------------------------------------------------------------------------


def test_text_file_becomes_article_named_after_file() -> None:
    path = FIXTURES / "plain.txt"
    article = one_article(path)
    content = path.read_text(encoding="utf-8")
    assert article.id == "plain"
    assert article.text == content
    assert article.raw_text == content
    assert article.source == str(path)
    assert article.title is None
    assert article.published is None
    assert article.checks == ()


def test_json_article_keeps_metadata_and_normalises_datetime() -> None:
    path = FIXTURES / "article.json"
    article = one_article(path)
    assert article.id == "nor-demining-2024"
    assert article.url == "https://fjorddaily.example/world/norway-demining"
    assert article.outlet == "Fjord Daily"
    assert article.title == "Norway pledges demining funds"
    assert article.published == "2024-03-14"
    assert article.text.startswith("Norway pledged 500 million kroner")
    assert article.raw_text == article.text
    assert article.source == str(path)


def test_json_article_without_id_uses_file_stem_and_keeps_month_date() -> None:
    article = one_article(FIXTURES / "month_only.json")
    assert article.id == "month_only"
    assert article.published == "2023-11"
    assert article.url is None


def test_json_unreadable_date_is_dropped_with_a_check(tmp_path: Path) -> None:
    path = tmp_path / "odd_date.json"
    path.write_text('{"published": "sometime last spring", "text": "Austria sent 30 field kitchens."}')
    article = one_article(path)
    assert article.published is None
    assert [c.code for c in article.checks] == ["unparsed_date"]
    assert article.checks[0].article == "odd_date"


def test_jsonl_reads_every_good_line_and_reports_bad_ones_by_line() -> None:
    path = FIXTURES / "mixed.jsonl"
    items = read_all(path)
    articles = [item for item in items if isinstance(item, Article)]
    errors = [item for item in items if isinstance(item, SourceError)]
    assert [a.id for a in articles] == ["pl-1", "mixed:2", "pl-6"]
    assert [a.source for a in articles] == [f"{path}:1", f"{path}:2", f"{path}:6"]
    assert articles[0].published == "2024-05-02"
    assert articles[1].outlet == "Vistula Wire"
    assert articles[2].published is None
    assert [e.path for e in errors] == [f"{path}:3", f"{path}:4"]
    assert errors[0].problem.startswith("malformed JSON at column")
    assert errors[1].problem == "JSON article has no 'text' field"
    # errors come in file order, between the articles around them
    assert [type(item).__name__ for item in items] == ["Article", "Article", "SourceError", "SourceError", "Article"]


def test_html_page_main_text_without_navigation_or_footer() -> None:
    path = FIXTURES / "page.html"
    article = one_article(path)
    assert article.id == "page"
    assert article.title == "Norway pledges demining funds"
    assert article.outlet == "Fjord Daily"
    assert article.published == "2024-03-14"
    assert article.url == "https://fjorddaily.example/world/norway-demining"
    assert "Norway pledged 500 million kroner for demining in Ukraine on Thursday" in article.text
    assert "training 300 deminers" in article.text
    for residue in ("Home", "Weather", "Privacy policy", "Copyright 2024", "Ferry timetable", "Most read"):
        assert residue not in article.text
    assert article.raw_text == article.text
    assert article.source == str(path)


def test_html_without_article_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty_page.html"
    path.write_text("<html><head><title>Nothing</title></head><body><script>var x = 1;</script></body></html>")
    error = one_error(path)
    assert error.problem == "no article text found in HTML"


def test_extension_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "LOUD.TXT"
    path.write_text("Croatia will train 20 Ukrainian helicopter pilots.")
    assert one_article(path).id == "LOUD"


# --- directories ---------------------------------------------------------------------------------


def test_directory_is_walked_recursively_in_sorted_order_skipping_hidden_and_unknown() -> None:
    items = read_all(FIXTURES / "corpus")
    assert all(isinstance(item, Article) for item in items)
    ids = [item.id for item in items if isinstance(item, Article)]
    assert ids == ["a_first", "se-gripen", "fi-1", "fi-2"]


def test_several_paths_are_read_in_the_order_given() -> None:
    items = read_all(FIXTURES / "plain.txt", FIXTURES / "month_only.json")
    assert [item.id for item in items if isinstance(item, Article)] == ["plain", "month_only"]


# --- bad input -----------------------------------------------------------------------------------


def test_missing_path() -> None:
    error = one_error(FIXTURES / "does_not_exist.txt")
    assert error.problem == "no such file or directory"
    assert str(error) == f"{FIXTURES / 'does_not_exist.txt'}: no such file or directory"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert one_error(path).problem == "empty file"


def test_whitespace_only_file_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.json"
    path.write_text("  \n\n ")
    assert one_error(path).problem == "empty file"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    assert one_error(path).problem == "binary file, not text"


def test_cp1252_text_is_read_with_a_check(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Belgium’s cabinet approved €1 billion for F-16 maintenance in Liège.".encode("cp1252"))
    article = one_article(path)
    assert article.text == "Belgium’s cabinet approved €1 billion for F-16 maintenance in Liège."
    assert [c.code for c in article.checks] == ["encoding"]
    assert article.checks[0].article == "legacy"


def test_undecodable_bytes_are_not_valid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    # 0x81 and 0x8d are undefined in cp1252 and invalid as UTF-8 here
    path.write_bytes(b"Greece will send \x81\x8d\x8f\x90 anti-aircraft shells.")
    error = one_error(path)
    assert error.problem.startswith("not valid UTF-8 text")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffIreland pledged 20 million euros for demining.".encode())
    assert one_article(path).text == "Ireland pledged 20 million euros for demining."


def test_malformed_json_names_line_and_column() -> None:
    error = one_error(FIXTURES / "malformed.json")
    assert error.problem == "malformed JSON at line 4 column 3: Expecting ',' delimiter"


def test_json_without_text_field() -> None:
    assert one_error(FIXTURES / "no_text.json").problem == "JSON article has no 'text' field"


def test_json_that_is_not_an_object() -> None:
    assert one_error(FIXTURES / "list.json").problem == "JSON article must be an object, found a list"


def test_json_text_must_be_a_string(tmp_path: Path) -> None:
    path = tmp_path / "numeric.json"
    path.write_text('{"text": 42}')
    assert one_error(path).problem == "JSON article 'text' must be a string, found a number"


@pytest.mark.parametrize(
    ("name", "problem"),
    [("feed.xyz", "unsupported file type '.xyz'"), ("README", "unsupported file type (no extension)")],
)
def test_explicit_file_of_unsupported_type(tmp_path: Path, name: str, problem: str) -> None:
    path = tmp_path / name
    path.write_text("Spain will host a NATO air policing exercise.")
    assert one_error(path).problem == problem


def test_errors_do_not_stop_the_batch(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = read_all(tmp_path / "missing.json", empty, FIXTURES / "plain.txt")
    assert [type(item).__name__ for item in items] == ["SourceError", "SourceError", "Article"]


def test_source_error_is_an_exception_with_path_and_problem() -> None:
    error = SourceError("a/b.json", "empty file")
    assert isinstance(error, Exception)
    assert (error.path, error.problem, str(error)) == ("a/b.json", "empty file", "a/b.json: empty file")
