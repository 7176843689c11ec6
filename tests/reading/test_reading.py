"""The rule reader (`pledgewatch.reading.rules`): LEDGER.md read as grammar, one general rule of
English per case, on sentences of our own.

The rule reader no longer has the last word (the learned model decides, `reading/reader.py`), but its
records are candidates, its verdicts features and its details (recipient, amount, package, condition,
years) those of the records the model keeps, so its rules are still pinned here. Each case states the
positions a careful analyst records, as (actor, kind, status) triples, and nothing else: an extra
position fails the test as surely as a missing one.
"""

from __future__ import annotations

import pytest

from pledgewatch.extract import parsed
from pledgewatch.model import Article, Record
from pledgewatch.reading.rules.records import read_doc


def positions(text: str, published: str | None = None) -> set[tuple[str, str, str]]:
    return {(r.actor, str(r.kind), str(r.status)) for r in read(text, published)}


def read(text: str, published: str | None = None) -> list[Record]:
    ((article, doc),) = parsed([Article(id="t", text=text, published=published)])
    return read_doc(doc, article) if doc is not None else []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Negation and its undoing.
        ("Hungary will not send weapons to Ukraine.", {("HUN", "military_aid", "ruled_out")}),
        ("Austria has ruled out sending troops to Ukraine.", {("AUT", "troops", "ruled_out")}),
        ("Sweden does not rule out sending troops to Ukraine.", {("SWE", "troops", "considering")}),
        # Hedges.
        ("Norway keeps its options open for a naval presence in the Baltic.", {("NOR", "naval", "considering")}),
        ("Finland is open to sending instructors to Ukraine.", {("FIN", "training", "considering")}),
        ("Denmark is weighing sending more F-16 jets to Ukraine.", {("DNK", "military_aid", "considering")}),
        # Conditions turn an offer conditional, however they are introduced.
        ("Britain could send troops to Ukraine if the fighting stops.", {("GBR", "troops", "conditional")}),
        ("Belgium is ready to deploy troops once a ceasefire holds.", {("BEL", "troops", "conditional")}),
        (
            "Spain is prepared to send troops to Ukraine, should a peace deal be signed.",
            {("ESP", "troops", "conditional")},
        ),
        # A condition is not a position of its own.
        (
            "Britain is prepared to send troops to Ukraine if the United States provides air support.",
            {("GBR", "troops", "conditional")},
        ),
        # Requests: the one asking is the actor.
        ("Lithuania has called for more air defence systems.", {("LTU", "military_aid", "requested")}),
        # Object control: the urged allies would act, not the one urging.
        ("The president urged European allies to increase their defence spending.", set()),
        # Reported speech: the speaker is no contributor, unnamed groups are no actors.
        ("Macron said 26 countries had pledged to send troops to Ukraine.", set()),
        # Delivery verbs take their status from tense.
        ("Germany has delivered 30 Patriot missiles to Ukraine.", {("DEU", "military_aid", "delivered")}),
        ("Germany will deliver 30 Patriot missiles to Ukraine.", {("DEU", "military_aid", "committed")}),
        ("Japan now spends 1.6 percent of GDP on defence.", {("JPN", "spending_target", "delivered")}),
        # Leaders of the member states decide for their organisation (rule 9).
        (
            "At an EU summit in Brussels, leaders from all 27 member states agreed to raise defence spending "
            "to 3 percent of GDP by 2030.",
            {("EU", "spending_target", "committed")},
        ),
        # Idioms of air power, and a reported offer that depends on something else.
        ("Denmark said it was prepared to back a deal with planes in the air.", {("DNK", "air", "committed")}),
        (
            "Denmark said it was prepared to back a deal with planes in the air, but that any mission depends on "
            "American support.",
            {("DNK", "air", "conditional")},
        ),
        # A presence takes its kind from what it is for.
        (
            "Moldova called for an international presence to stay in the region to document the fighting.",
            {("MDA", "monitoring", "requested")},
        ),
        ("France will keep a military presence in Estonia to deter Russia.", {("FRA", "troops", "committed")}),
        # A share of GDP states the target of its own clause only; another clause keeps its own position.
        (
            "Portugal has rejected the 5 percent target, and its premier said Lisbon will spend 2 percent of GDP.",
            {("PRT", "spending_target", "ruled_out"), ("PRT", "spending_target", "committed")},
        ),
        (
            "Portugal pledged to reach the defence spending target of 3.5 percent of GDP.",
            {("PRT", "spending_target", "committed")},
        ),
        # A dateline is not the subject of the news.
        (
            "ATHENS, May 3 (Example Wire) - Greece, Cyprus and Malta agreed to set up a joint naval patrol.",
            {("GRC", "naval", "committed"), ("CYP", "naval", "committed"), ("MLT", "naval", "committed")},
        ),
        # A pronoun takes its own sentence's subject, read as a noun phrase.
        (
            "Spain pledged aid. The Dutch government said it will not exclude sending F-16s to Ukraine.",
            {("NLD", "military_aid", "considering")},
        ),
        # A request made with a clause: "called for X to be based in ...".
        (
            "Estonian President Alar Karis has called for a German brigade to be based in the country.",
            {("EST", "troops", "requested")},
        ),
        # Inability is not a refusal.
        ("Officials said the army could not lead a peacekeeping mission.", set()),
        # Counted and trained people are not deployments.
        (
            "Canada has trained more than 40,000 Ukrainian soldiers since 2015.",
            {("CAN", "training", "delivered")},
        ),
    ],
)
def test_status_and_actor(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert positions(text) == expected


def test_pronoun_takes_the_subject_of_its_own_sentence() -> None:
    text = "Poland has ruled out sending troops. The United States says it will not put ground forces in Ukraine."
    assert positions(text) == {("POL", "troops", "ruled_out"), ("USA", "troops", "ruled_out")}


def test_the_country_takes_the_last_named_actor() -> None:
    text = "Estonia borders Russia. The country has pledged to give 0.25 percent of its GDP in military aid to Ukraine."
    records = read(text)
    assert [(r.actor, str(r.kind), r.amount.unit if r.amount else None) for r in records] == [
        ("EST", "military_aid", "percent_gdp")
    ]


def test_office_holder_is_read_by_date_and_title() -> None:
    during_dutch_term = read("Mark Rutte pledged more air defence systems for Ukraine.", published="2023-05-02")
    assert {r.actor for r in during_dutch_term} == {"NLD"}
    by_title = read("Prime Minister Mark Rutte pledged more air defence systems for Ukraine.")
    assert {r.actor for r in by_title} == {"NLD"}


def test_learned_person_speaks_for_their_state() -> None:
    text = (
        "Slovak Defence Minister Robert Kalinak spoke in Bratislava. "
        "Kalinak announced a military aid package worth 50 million euros for Ukraine."
    )
    records = read(text)
    assert [(r.actor, r.amount.value if r.amount else None) for r in records] == [("SVK", 50_000_000)]


def test_package_components_point_at_the_package_and_inherit_its_currency() -> None:
    text = (
        "Ottawa announced a military aid package worth 900 million Canadian dollars for Ukraine. "
        "Of this, 500 million will buy artillery shells. Another 400 million will fund drones."
    )
    records = read(text)
    assert [(r.amount.value, r.amount.unit, r.part_of) for r in records if r.amount] == [
        (900_000_000, "CAD", None),
        (500_000_000, "CAD", 0),
        (400_000_000, "CAD", 0),
    ]


def test_bare_dollar_is_the_announcing_states_own() -> None:
    records = read("Australia will provide $100 million in military aid to Ukraine.")
    assert [(r.actor, r.amount.unit) for r in records if r.amount] == [("AUS", "AUD")]
    records = read("Poland will provide $100 million in military aid to Ukraine.")
    assert [(r.actor, r.amount.unit) for r in records if r.amount] == [("POL", "USD")]


def test_conversion_beside_a_figure_makes_no_second_record() -> None:
    records = read("Sweden announced a military aid package of 10 billion kronor ($950 million) for Ukraine.")
    assert [(r.amount.value, r.amount.unit) for r in records if r.amount] == [(10_000_000_000, "SEK")]


def test_giver_named_by_from() -> None:
    records = read("Ukraine will receive 150 million euros in military aid from the Netherlands.")
    assert [(r.actor, r.recipient) for r in records] == [("NLD", "UKR")]


def test_change_of_level_keeps_the_target_not_the_start() -> None:
    records = read("Poland's government decided to raise defence spending from 4.1 to 4.7 percent of GDP.")
    assert [(r.actor, str(r.kind), r.amount.value) for r in records if r.amount] == [("POL", "spending_target", 4.7)]


def test_condition_text_and_years_are_kept() -> None:
    (record,) = read("Canada could send troops to Ukraine once the war ends, if allies agree on a guarantee.")
    assert record.condition == "once the war ends, if allies agree on a guarantee"
    (record,) = read("Germany pledged to triple its defence spending by 2030.")
    assert (record.target_year, record.amount.unit, record.amount.value) == (2030, "multiplier", 3)


def test_evidence_offsets_point_at_the_sentence() -> None:
    text = "A quiet week in Brussels. Italy will not send troops to Ukraine, the premier said."
    (record,) = read(text)
    assert text[record.evidence_start : record.evidence_end] == record.evidence
    assert record.evidence.startswith("Italy will not send troops")


def test_force_size_and_target_years() -> None:
    (record,) = read("Berlin plans to deploy a 5,000-strong brigade to Lithuania by 2027.")
    assert (record.actor, record.amount.value, record.amount.unit, record.target_year) == ("DEU", 5000, "troops", 2027)
    (record,) = read("Japan will lift its defence budget to 2% of GDP by fiscal 2027.")
    assert (record.amount.value, record.target_year) == (2, 2027)
    (record,) = read("Lithuania will spend 3.5 percent of its GDP on defence in 2026.")
    assert (str(record.kind), record.target_year) == ("spending_target", 2026)


def test_asking_others_to_speed_up_deliveries_is_a_request() -> None:
    assert positions("Zelensky urged Western allies to speed up deliveries of long-range missiles.") == {
        ("UKR", "military_aid", "requested")
    }


@pytest.mark.parametrize(
    "text",
    [
        "Germany's economy ministry announced a 10 billion euro package to support households with energy bills.",
        "Canada announced $500 million for wildfire recovery in British Columbia.",
        "France beat Spain 2-1, with the coach praising his troops for their resilience.",
        "Sweden is building up its forces after joining NATO.",
        "China's defence ministry said it firmly opposed the sale of missiles to Taiwan.",
    ],
)
def test_domestic_budgets_places_and_own_forces_are_no_positions(text: str) -> None:
    assert read(text) == []


def test_a_budget_approved_by_a_parliament_is_its_states_target() -> None:
    text = "Ukraine's parliament approved a budget that raises defence spending to 26 percent of GDP."
    assert positions(text) == {("UKR", "spending_target", "committed")}


def test_talks_mines_and_next_year() -> None:
    assert positions("The United Kingdom is in talks with allies about deploying a reassurance force to Ukraine.") == {
        ("GBR", "troops", "considering")
    }
    assert positions("Turkey has offered to help clear mines in the Black Sea.") == {("TUR", "naval", "committed")}
    (record,) = read("Estonia will increase defence spending to 3.7 percent of GDP next year.", published="2024-06-01")
    assert record.target_year == 2025


def test_requests_for_border_help_and_members_trained() -> None:
    assert positions("Moldova has asked the EU for help securing its border with Transnistria.") == {
        ("MDA", "border", "requested")
    }
    assert positions("Since 2014, Canada has trained more than 40,000 members of the Ukrainian security forces.") == {
        ("CAN", "training", "delivered")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Germany is expected to announce a new air defence package for Ukraine.",
            {("DEU", "military_aid", "considering")},
        ),
        ("Congress greenlit $61 billion in aid for Ukraine.", {("USA", "military_aid", "committed")}),
        ("Germany has so far declined to supply Taurus missiles.", {("DEU", "military_aid", "ruled_out")}),
        ("Austria dismissed calls to send troops to Ukraine.", {("AUT", "troops", "ruled_out")}),
        ("Romania balked at sending its only Patriot system to Ukraine.", {("ROU", "military_aid", "ruled_out")}),
        ("Its national debt is expected to reach nearly 94% of GDP in 2015.", set()),
    ],
)
def test_more_status_verbs(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert positions(text) == expected


def test_inclusion_takes_the_status_of_what_includes_it() -> None:
    text = (
        "Australia has provided more than A$1.3 billion to Ukraine since 2022, including A$1.1 billion in military aid."
    )
    assert {(str(r.status), r.amount.value) for r in read(text)} == {("delivered", 1.3e9), ("delivered", 1.1e9)}
    text = "This follows a series of pledges from the UK, including a £1.6 billion missile deal for Ukraine."
    assert [(r.actor, str(r.status), r.amount.value) for r in read(text)] == [("GBR", "committed", 1.6e9)]


def test_every_giver_after_from() -> None:
    assert positions("Ukraine received its first F-16 jets from Denmark and the Netherlands this summer.") == {
        ("DNK", "military_aid", "delivered"),
        ("NLD", "military_aid", "delivered"),
    }


def test_the_beneficiary_of_a_bilateral_agreement_is_no_giver() -> None:
    text = "Norway pledged more aid to Ukraine. Ukraine and Norway signed a security agreement on Friday."
    records = [r for r in read(text) if str(r.kind) == "guarantee"]
    assert [(r.actor, r.recipient) for r in records] == [("NOR", "UKR")]


@pytest.mark.parametrize(
    "text",
    [
        "Moscow has warned Seoul against arming Ukraine.",
        "Since 2022 Poland has hosted the main logistics hub for Western military aid to Ukraine at Rzeszow.",
    ],
)
def test_warnings_to_others_and_purposes_of_a_hub_are_not_the_speakers_positions(text: str) -> None:
    assert not {p for p in positions(text) if p[1] == "military_aid"}
