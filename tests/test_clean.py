"""Cleaning: boilerplate goes, sentences stay byte-identical, title/outlet/date are settled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pledgewatch.clean import clean_article, parse_date
from pledgewatch.model import Article, Check
from pledgewatch.sources import read_paths

FIXTURES = Path(__file__).parent / "fixtures" / "sources"

FIRST = "Norway pledged 500 million kroner for demining in Ukraine on Thursday."
SECOND = "The first machines will be shipped before the summer, officials said."


def clean_text(
    text: str, title: str | None = None, outlet: str | None = None, url: str | None = None, published: str | None = None
) -> Article:
    return clean_article(Article(id="t", text=text, title=title, outlet=outlet, url=url, published=published))


def between(line: str) -> str:
    """The cleaned text of `line` placed between two content sentences."""
    return clean_text(f"{FIRST}\n{line}\n{SECOND}").text


# --- the syndicated wire page ------------------------------------------------------------------


@pytest.fixture
def wire() -> Article:
    [article] = read_paths([FIXTURES / "wire_syndicated.txt"])
    assert isinstance(article, Article)
    return clean_article(article)


def test_wire_page_keeps_only_content(wire: Article) -> None:
    assert wire.text == (
        "Portugal Sends Patrol Boats To Moldova As Border Mission Expands\n"
        "\n"
        "Portugal will send three coastal patrol boats to Moldova to help police the Dniester river border,"
        " the defence ministry in Lisbon said.\n"
        "\n"
        "The boats, crewed by 45 Portuguese sailors, are expected to arrive before the end of the month.\n"
        "Moldova's government welcomed the offer and said it would cover the cost of fuel."
    )


def test_wire_page_date_comes_from_tracking_id_and_conflict_is_reported(wire: Article) -> None:
    assert wire.published == "2024-03-14"
    [check] = [c for c in wire.checks if c.code == "date_conflict"]
    assert check.article == "wire_syndicated"
    assert "2024-03-14 (tracking id)" in check.message
    assert "2024-06-07 (page header)" in check.message
    assert dict(check.detail)["candidates"] == (("tracking id", "2024-03-14"), ("page header", "2024-06-07"))
    assert check.to_json()["detail"]["chosen"] == "2024-03-14"


def test_wire_page_outlet_comes_from_provider_tag(wire: Article) -> None:
    assert wire.outlet == "MENAFN / The Lisbon Ledger"


def test_wire_page_raw_text_is_untouched(wire: Article) -> None:
    assert wire.raw_text == (FIXTURES / "wire_syndicated.txt").read_text(encoding="utf-8")
    assert "Legal Disclaimer" in (wire.raw_text or "")


# --- kept text is exact ------------------------------------------------------------------------


def test_kept_sentences_are_byte_identical() -> None:
    odd = [
        "Poland’s “East Shield”  plan costs 10 billion złoty\u00a0— about $2.5 billion —over three years. ",
        "Another 680 million will cover NATO -prioritized purchases ,including air defence.",
        "\tItaly said : it would (probably) send 2 frigates…",
    ]
    raw = "\n".join(["Search", odd[0], "", "", "", "", odd[1], "5 hours ago", odd[2]])
    cleaned = clean_text(raw).text
    assert cleaned == f"{odd[0]}\n\n{odd[1]}\n{odd[2]}"
    for sentence in odd:
        assert sentence in cleaned


def test_provider_tag_is_cut_and_the_rest_of_the_paragraph_kept_exactly() -> None:
    line = "(AFP) - Greece  will send 2 more Mirage jets, ministers said."
    article = clean_text(line)
    assert article.text == "Greece  will send 2 more Mirage jets, ministers said."
    assert article.outlet == "AFP"


def test_parenthesised_sentence_at_paragraph_start_is_content() -> None:
    line = "(Officials declined to give a figure.) Spain will send an air defence battery."
    assert clean_text(line).text == line


def test_city_datelines_are_kept() -> None:
    for line in ("LONDON: Britain will fund 20 more air defence radars.", "ROME, September 4 — Italy said no."):
        assert clean_text(line).text == line


# --- boilerplate lines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Search",
        "Leave a Reply",
        "Click here to read more",
        "Read also: Romania buys a second batch of patrol drones",
        "Read the full report at FjordDaily.example.",
        "Read it all at Fjord Daily",
        "You will be interested",
        "More on the topic",
        "Source: Baltic Desk",
        "Photo: Ministry of Defence press office",
        "© Wire Photo / Jane Roe / Soldiers at a training ground",
        "Tags: defence, aid, Norway",
        "by Ola Nordmann",
        "Ola Nordmann Published March 06, 2023 | 09:00 PM",
        "5 hours ago",
        "Tuesday, 02 January 2024 12:17 GMT",
        "Monday, April 22, 2024",
        "Aug 25, 2025 Tags: ,",
        "Breaking News",
        "- Category",
        "- Publication date",
        "-",
        "- Додати до обраного",
        "Legal Disclaimer: the provider is responsible for this content.",
        "This article is more than 4 years old",
        "Ministers met in Oslo on Tuesday. Photograph: Wire Agency/Pool",
        "MENAFN01022024007421016031ID9999999999",
    ],
)
def test_boilerplate_line_is_removed(line: str) -> None:
    assert between(line) == f"{FIRST}\n{SECOND}"


@pytest.mark.parametrize(
    "line",
    [
        "Finland steps up winter aid",
        "- 300 reconnaissance drones",
        "He agreed.",
        "By 2030 Poland will spend 5 percent of GDP on defence.",
        "Department of Defense:",
    ],
)
def test_content_line_is_kept(line: str) -> None:
    assert between(line) == f"{FIRST}\n{line}\n{SECOND}"


def test_legal_disclaimer_heading_takes_the_next_paragraph_with_it() -> None:
    text = f"{FIRST}\n\nLegal Disclaimer:\nThe wire accepts no liability for this text.\n\n{SECOND}"
    assert clean_text(text).text == f"{FIRST}\n\n{SECOND}"


def test_line_that_is_only_the_outlet_name_is_removed() -> None:
    text = f"Baltic Desk\n{FIRST}\n- Baltic Desk\n{SECOND}\nbalticdesk.example"
    article = clean_text(text, outlet="Baltic Desk (Wire)", url="https://balticdesk.example/a/1")
    assert article.text == f"{FIRST}\n{SECOND}"


def test_repeated_lines_keep_only_the_first() -> None:
    headline = "Norway Pledges Demining Funds For Ukraine"
    text = f"{headline}\n{FIRST}\n{headline.lower()}\n{SECOND}\n{FIRST}"
    assert clean_text(text).text == f"{headline}\n{FIRST}\n{SECOND}"


def test_runs_of_blank_lines_collapse_to_one() -> None:
    assert clean_text(f"\n\n{FIRST}\n\n\n\n\n{SECOND}\n\n").text == f"{FIRST}\n\n{SECOND}"


def test_text_of_nothing_but_boilerplate_is_flagged() -> None:
    article = clean_text("Search\n5 hours ago\nLeave a Reply")
    assert article.text == ""
    assert [c.code for c in article.checks] == ["empty_after_cleaning"]


def test_existing_checks_are_kept() -> None:
    earlier = Check("encoding", "read as cp1252", "t")
    article = clean_article(Article(id="t", text=FIRST, checks=(earlier,)))
    assert article.checks == (earlier,)


# --- title (LEDGER rule 7) ---------------------------------------------------------------------


def test_title_not_in_body_becomes_the_first_paragraph() -> None:
    title = "Norway funds demining"
    article = clean_text(f"{FIRST}\n{SECOND}", title=title)
    assert article.text == f"{title}\n\n{FIRST}\n{SECOND}"
    assert article.title == title


def test_title_at_body_start_is_not_duplicated() -> None:
    title = "Norway funds demining"
    article = clean_text(f"{title}\n\n{FIRST}", title=title)
    assert article.text == f"{title}\n\n{FIRST}"


def test_title_found_in_body_with_other_case_and_spacing_is_not_added() -> None:
    article = clean_text(f"{FIRST}\nNORWAY  funds\tdemining\n{SECOND}", title="Norway funds demining")
    assert article.text == f"{FIRST}\nNORWAY  funds\tdemining\n{SECOND}"


def test_title_repeated_in_body_is_kept_once() -> None:
    title = "Portugal sends patrol boats to Moldova"
    article = clean_text(f"{title}\n{FIRST}\n{title}\n{SECOND}", title=title)
    assert article.text == f"{title}\n{FIRST}\n{SECOND}"


# --- publication date --------------------------------------------------------------------------


def test_metadata_date_wins_and_disagreeing_header_is_reported() -> None:
    article = clean_text(f"Monday, April 22, 2024\n{FIRST}", published="2024-03-01")
    assert article.published == "2024-03-01"
    [check] = article.checks
    assert check.code == "date_conflict"
    assert dict(check.detail)["candidates"] == (("metadata", "2024-03-01"), ("page header", "2024-04-22"))


def test_dates_within_two_days_do_not_conflict() -> None:
    article = clean_text(f"Monday, April 22, 2024\n{FIRST}", published="2024-04-20")
    assert article.published == "2024-04-20"
    assert article.checks == ()


def test_header_date_is_used_when_nothing_better_exists() -> None:
    article = clean_text(f"Tuesday, 02 January 2024 12:17 GMT\n\n{FIRST}")
    assert article.published == "2024-01-02"


def test_a_date_line_far_below_the_header_is_not_a_publication_date() -> None:
    filler = "\n".join(f"Paragraph {n} says nothing about the date." for n in range(12))
    article = clean_text(f"{FIRST}\n{filler}\nMonday, April 22, 2024\n{SECOND}")
    assert article.published is None
    assert "April 22" not in article.text


def test_dateline_beats_page_header() -> None:
    text = "Friday, 07 June 2024 08:15 GMT\nTallinn, March 12, 2024 – Estonia pledged 1 percent of GDP to Ukraine.\n"
    article = clean_text(text)
    assert article.published == "2024-03-12"
    assert article.text == "Tallinn, March 12, 2024 – Estonia pledged 1 percent of GDP to Ukraine."
    assert [c.code for c in article.checks] == ["date_conflict"]


def test_dateline_without_year_is_ignored() -> None:
    assert clean_text("ROME, September 4 — Italy will not send troops.").published is None


def test_wire_dateline_gives_date_and_outlet() -> None:
    line = "VILNIUS (Baltic Desk / Wire - 09th May, 2024) Lithuania will buy 18 more howitzers."
    article = clean_text(line)
    assert article.published == "2024-05-09"
    assert article.outlet == "Baltic Desk / Wire"
    assert article.text == line


def test_byline_stamp_is_a_header_date() -> None:
    article = clean_text(f"Ola Nordmann Published March 06, 2023 | 09:00 PM\n{FIRST}")
    assert article.published == "2023-03-06"
    assert article.text == FIRST


def test_month_only_metadata_agrees_with_a_date_in_that_month() -> None:
    article = clean_text(f"Monday, December 12, 2022\n{FIRST}", published="2022-12")
    assert article.published == "2022-12"
    assert article.checks == ()


def test_no_date_anywhere() -> None:
    assert clean_text(FIRST).published is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("06th March, 2023", date(2023, 3, 6)),
        ("Kyiv, August 25, 2025 –", date(2025, 8, 25)),
        ("Sept. 3, 2024", date(2024, 9, 3)),
        ("2024-11-08", date(2024, 11, 8)),
        ("14.03.2024", date(2024, 3, 14)),
        ("September 4", None),
        ("04/09/2024", None),
        ("31 February 2024", None),
        ("troops 12 Mayors 2024", None),
        ("it cost 25 2025 dollars", None),
    ],
)
def test_parse_date_is_strict(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


# --- outlet ------------------------------------------------------------------------------------


def test_metadata_outlet_is_kept() -> None:
    assert clean_text(f"(AFP) {FIRST}", outlet="Fjord Daily").outlet == "Fjord Daily"


def test_outlet_from_wire_dateline() -> None:
    article = clean_text(f"OSLO (Nordic Wire) - {FIRST}")
    assert article.outlet == "Nordic Wire"
    assert article.text == f"OSLO (Nordic Wire) - {FIRST}"


def test_outlet_from_credit_line() -> None:
    assert clean_text(f"{FIRST}\nRead it all at Fjord Daily").outlet == "Fjord Daily"


def test_headline_in_a_source_line_is_not_an_outlet() -> None:
    article = clean_text(f"{FIRST}\nSource: Norway pledges more money for demining in Ukraine this year")
    assert article.outlet is None
    assert article.text == FIRST


def test_no_outlet_found() -> None:
    assert clean_text(FIRST).outlet is None
