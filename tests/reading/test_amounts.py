"""Amount reading: every sentence here is invented for the test, none is copied from an article."""

from __future__ import annotations

import time

import pytest

from pledgewatch.model import Amount
from pledgewatch.reading.rules import numbers
from pledgewatch.reading.rules.amounts import AmountMention, find_amounts, to_amount
from pledgewatch.reading.rules.years import find_years


def _all(text: str) -> list[AmountMention]:
    found = find_amounts(text)
    for m in found:
        assert text[m.start : m.end] == m.text, m
    return found


def _units(text: str) -> list[AmountMention]:
    """The mentions the ledger can use: bare numbers (unit "") are left to the caller's judgement."""
    return [m for m in _all(text) if m.unit]


def _only(text: str) -> AmountMention:
    found = _units(text)
    assert len(found) == 1, found
    return found[0]


# --- money ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "unit", "surface"),
    [
        ("Ottawa set aside $2 billion for the fund.", 2e9, "DOLLAR", "$2 billion"),
        ("The minister unveiled a $2-billion aid package.", 2e9, "DOLLAR", "$2-billion"),
        ("Exports could rise by US$1.5bn next year.", 1.5e9, "USD", "US$1.5bn"),
        ("The deal is worth C$29.2m to the province.", 29.2e6, "CAD", "C$29.2m"),
        ("Canberra will spend AU$3.9 billion on the yard.", 3.9e9, "AUD", "AU$3.9 billion"),
        ("The cabinet reserved €2.5 billion for air defence.", 2.5e9, "EUR", "€2.5 billion"),
        ("The mission gets EUR 409 million for two years.", 409e6, "EUR", "EUR 409 million"),
        ("London added £450m of support.", 450e6, "GBP", "£450m"),
        ("A £1.6bn missile order was signed.", 1.6e9, "GBP", "£1.6bn"),
        ("Copenhagen gives 2 billion Danish kroner to the fund.", 2e9, "DKK", "2 billion Danish kroner"),
        ("The plan totals 75 billion kroner over three years.", 75e9, "KRONER", "75 billion kroner"),
        ("Stockholm pledged SEK 100 billion in all.", 100e9, "SEK", "SEK 100 billion"),
        ("Oslo committed NOK 75 billion to the programme.", 75e9, "NOK", "NOK 75 billion"),
        ("It announced two billion Canadian dollars in aid.", 2e9, "CAD", "two billion Canadian dollars"),
        ("The loan is 1.4 billion U.S. dollars.", 1.4e9, "USD", "1.4 billion U.S. dollars"),
        ("The loan is 1.4 billion US dollars.", 1.4e9, "USD", "1.4 billion US dollars"),
        ("The Hague sends 150 million euros for radars.", 150e6, "EUR", "150 million euros"),
        ("The grant is 300 million pounds sterling.", 300e6, "GBP", "300 million pounds sterling"),
        ("Tokyo lends 500 billion yen.", 500e9, "JPY", "500 billion yen"),
        ("Kyiv raised 40 billion hryvnias in bonds.", 40e9, "UAH", "40 billion hryvnias"),
        ("Warsaw spends 180 billion zloty on defence.", 180e9, "PLN", "180 billion zloty"),
        ("Bern gave 5 billion Swiss francs.", 5e9, "CHF", "5 billion Swiss francs"),
        ("Washington sent $1B in rockets.", 1e9, "DOLLAR", "$1B"),
        ("Denmark spent 3 million dollars on it.", 3e6, "DOLLAR", "3 million dollars"),
        ("It costs half a billion dollars.", 5e8, "DOLLAR", "half a billion dollars"),
        # a currency letter written against a scaled figure, as much of Africa and Asia writes it
        ("Pretoria will spend R2.4 billion on the deployment.", 2.4e9, "ZAR", "R2.4 billion"),
        ("The budget sets aside Rs1.9 trillion for defence.", 1.9e12, "RUPEE", "Rs1.9 trillion"),
        ("Riyadh gave an SR2 billion grant to the agency.", 2e9, "SAR", "SR2 billion"),
        ("Manila raised the programme to PHP40 billion.", 40e9, "PHP", "PHP40 billion"),
        ("Nairobi approved Ksh3.2bn for the police mission.", 3.2e9, "KES", "Ksh3.2bn"),
    ],
)
def test_money_in_figures_words_symbols_and_codes(text: str, value: float, unit: str, surface: str) -> None:
    m = _only(text)
    assert (m.value, m.unit, m.text, m.approx) == (pytest.approx(value), unit, surface, False)
    assert m.is_money


def test_bare_amounts_have_no_unit_and_are_read_right() -> None:
    text = "Of the total, 835 million buys shells, then 1,700, 1.4 trillion and half a billion go elsewhere."
    found = [(m.text, m.value, m.unit) for m in _all(text)]
    assert found == [
        ("835 million", 835e6, ""),
        ("1,700", 1700, ""),
        ("1.4 trillion", 1.4e12, ""),
        ("half a billion", 5e8, ""),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("one and a half billion", 1.5e9),
        ("two hundred and fifty thousand", 250_000),
        ("twenty-five", 25),
        ("ninety-nine", 99),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a hundred", 100),
        ("three million four hundred thousand", 3_400_000),
        ("seventeen", 17),
    ],
)
def test_number_words(text: str, value: float) -> None:
    found = _all(f"They counted {text} of them.")
    assert [(m.text, m.value) for m in found] == [(text, value)]


def test_two_number_words_joined_by_and_are_two_numbers() -> None:
    assert [m.value for m in _all("It took two and three weeks.")] == [2, 3]


@pytest.mark.parametrize(
    "text",
    [
        "Ottawa will allocate tens of millions of dollars for demining.",
        "The war has cost billions.",
        "Hundreds of thousands fled the city.",
        "Several billion euros are still unspent.",
        "Thousands of troops massed at the border.",
        "Dozens of drones hit the port.",
    ],
)
def test_vague_quantities_are_not_amounts(text: str) -> None:
    assert _all(text) == []


def test_placeholders_are_resolved_by_the_caller() -> None:
    m = _only("Ottawa pledged $500 million.")
    assert to_amount(m, dollar="CAD") == Amount(500e6, "CAD", False)
    assert to_amount(m) == Amount(500e6, "USD", False)
    kr = _only("Oslo adds 5 billion kroner.")
    assert to_amount(kr).unit == "KRONER"
    assert to_amount(kr, kroner="NOK").unit == "NOK"
    assert to_amount(_only("It pledged €5 million."), dollar="CAD").unit == "EUR"


# --- approximation --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "hedge",
    [
        "about",
        "around",
        "approximately",
        "roughly",
        "some",
        "nearly",
        "almost",
        "more than",
        "over",
        "up to",
        "at least",
        "close to",
        "an estimated",
        "upwards of",
        "in excess of",
        "just under",
    ],
)
def test_approximation_words(hedge: str) -> None:
    m = _only(f"The government will spend {hedge} $3 billion on it.")
    assert m.approx and m.value == 3e9 and m.text == f"{hedge} $3 billion"


def test_approximation_suffixes() -> None:
    assert _only("It has 12,000+ troops there.").approx
    assert _only("It sent 2,000-odd soldiers.").approx
    assert _only("It sent 1,000 or so soldiers.").approx
    assert not _only("It sent 1,000 soldiers.").approx


# --- ranges ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Roughly 2,400 to 2,600 allied troops are based there.", "Roughly 2,400 to 2,600 allied troops"),
        ("The unit has between 2,400 and 2,600 soldiers.", "between 2,400 and 2,600 soldiers"),
        ("The unit has 2,400-2,600 soldiers.", "2,400-2,600 soldiers"),
        ("The unit has 2,400–2,600 soldiers.", "2,400–2,600 soldiers"),
    ],
)
def test_ranges_give_midpoint_low_and_high(text: str, surface: str) -> None:
    m = _only(text)
    assert (m.value, m.low, m.high, m.unit, m.text) == (2500, 2400, 2600, "troops", surface)
    assert m.approx is surface.startswith("Roughly")


def test_range_shares_its_scale_and_currency() -> None:
    m = _only("The cost is put at $1.5 to $2 billion.")
    assert (m.value, m.low, m.high, m.unit) == (1.75e9, 1.5e9, 2e9, "DOLLAR")
    m = _only("They weigh between 2 and 3 billion euros.")
    assert (m.low, m.high, m.unit) == (2e9, 3e9, "EUR")


def test_hyphenated_scale_is_not_a_range() -> None:
    m = _only("A new $4-billion fund opened.")
    assert (m.value, m.low, m.high) == (4e9, None, None)


# --- people -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "noun", "approx"),
    [
        ("Britain has trained 38,000 Ukrainian troops.", 38_000, "troops", False),
        ("The mission trained 41,000 Ukrainian military personnel.", 41_000, "personnel", False),
        ("Ottawa keeps over 120 CAF members in Poland.", 120, "members", True),
        ("It will deploy 80 more troops next month.", 80, "troops", False),
        ("About 1,800 Canadian soldiers serve in the brigade.", 1_800, "soldiers", True),
        ("It will train 12,000 troops by spring.", 12_000, "troops", False),
        ("Some 250 Canadian Armed Forces members left Halifax.", 250, "members", True),
        ("It has drilled 20,000 Ukrainian recruits.", 20_000, "recruits", False),
        ("The force counts 900 peacekeepers.", 900, "peacekeepers", False),
        ("The frigate carries 240 sailors.", 240, "sailors", False),
        ("The base hosts 75 instructors.", 75, "instructors", False),
        ("Paris could send up to 600 boots on the ground.", 600, "boots on the ground", True),
        ("The camp houses 3,000 people.", 3_000, "people", False),
        ("A further 400 service members arrive in June.", 400, "service members", False),
    ],
)
def test_counts_of_people_are_troops(text: str, value: float, noun: str, approx: bool) -> None:
    m = _only(text)
    assert (m.value, m.unit, m.noun, m.approx) == (value, "troops", noun, approx)


def test_members_without_a_military_word_are_not_troops() -> None:
    assert _units("All 32 NATO members signed the declaration.") == []


def test_counted_noun_before_the_number() -> None:
    m = _only("He wants to raise the number of boots on the ground to up to 500.")
    assert (m.value, m.unit, m.approx, m.text) == (500, "troops", True, "up to 500")


@pytest.mark.parametrize(
    "text",
    [
        "A 25-year-old soldier was hurt.",
        "In 2024 troops moved east.",
        "After 30 years of service the troops left.",
        "Only 5 percent of troops are reservists.",
    ],
)
def test_numbers_before_years_ages_and_percent_are_not_troops(text: str) -> None:
    assert all(m.unit != "troops" for m in _all(text))


# --- equipment ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "noun"),
    [
        ("Berlin will send 24 additional Patriot missiles.", 24, "missiles"),
        ("Oslo gives two F-16s to Kyiv.", 2, "F-16s"),
        ("It ships 10 Leopard 2A4 battle tanks.", 10, "tanks"),
        ("The package has 250 reconnaissance drones.", 250, "drones"),
        ("Canberra sends 40 more Bushmasters.", 40, "bushmasters"),
        ("Lisbon sends 3 self-propelled howitzers.", 3, "howitzers"),
        ("It buys 8 Challenger 2 tanks.", 8, "tanks"),
    ],
)
def test_counts_of_equipment_are_items(text: str, value: float, noun: str) -> None:
    m = _only(text)
    assert (m.value, m.unit, m.noun) == (value, "items", noun)


def test_model_number_after_a_name_counts_nothing() -> None:
    assert [m.value for m in _units("Britain sent Challenger 2 tanks.")] == []


# --- percent --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Allies will spend 3 percent of GDP on defence.", 3),
        ("Allies will spend 3% of GDP on defence.", 3),
        ("Latvia now spends 3.7 percent of GDP.", 3.7),
        ("Members agreed on 4% of gross domestic product.", 4),
        ("It spends 2 per cent of GDP.", 2),
        ("The law exempts outlays above 1% of the country's GDP.", 1),
        ("Leaders Endorse 4% GDP Target", 4),
        ("Berlin wants one percent of its GDP for aid.", 1),
    ],
)
def test_percent_of_gdp(text: str, value: float) -> None:
    m = _only(text)
    assert (m.value, m.unit) == (value, "percent_gdp")


def test_percent_not_of_gdp() -> None:
    found = _units("Inflation reached 4.2%, and 80% of recruits felt ready.")
    assert [(m.value, m.unit) for m in found] == [(4.2, "percent"), (80, "percent")]


def test_list_headed_by_a_share_of_gdp() -> None:
    text = "Members pledged 4% of GDP: 3% for armed forces and 1% for resilience."
    assert [(m.value, m.unit) for m in _units(text)] == [(4, "percent_gdp"), (3, "percent_gdp"), (1, "percent_gdp")]
    text = "They will spend at least 2.5% of GDP on the army and 1% on bridges."
    assert [(m.value, m.unit) for m in _units(text)] == [(2.5, "percent_gdp"), (1, "percent_gdp")]


def test_percent_in_a_sentence_without_gdp_stays_percent() -> None:
    text = "Allies pledged 4% of GDP. The plan divides this into 3% for armies and 1% for roads."
    assert [m.unit for m in _units(text)] == ["percent_gdp", "percent", "percent"]


def test_new_clause_ends_the_gdp_list() -> None:
    text = "The deficit is 5.8% of GDP, while unemployment is 6%."
    assert [m.unit for m in _units(text)] == ["percent_gdp", "percent"]


def test_percent_of_something_else_never_inherits_gdp() -> None:
    text = "It spends 3% of GDP on defence and 60% of that on equipment."
    assert [m.unit for m in _units(text)] == ["percent_gdp", "percent"]


@pytest.mark.parametrize(
    "text",
    [
        "Lithuania will lift spending from 3.2 to 3.9 percent of GDP.",
        "Allies moved the target from 3.2% to 3.9% of gross domestic product.",
        "Spending climbs from 3.2 percent of GDP to 3.9 next year.",
    ],
)
def test_from_x_to_y_is_a_change_not_a_range(text: str) -> None:
    found = _units(text)
    assert [(m.value, m.unit, m.low) for m in found] == [(3.2, "percent_gdp", None), (3.9, "percent_gdp", None)]


# --- multipliers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("She pledged to quadruple the budget.", 4),
        ("The budget quadrupled since then.", 4),
        ("He promised to triple aid.", 3),
        ("Exports trebled.", 3),
        ("They are doubling output.", 2),
        ("The plan will double it.", 2),
        ("Output rose tenfold.", 10),
        ("Output rose ten-fold.", 10),
        ("Output grew fivefold.", 5),
    ],
)
def test_multipliers(text: str, value: float) -> None:
    m = _only(text)
    assert (m.value, m.unit) == (value, "multiplier")


@pytest.mark.parametrize("text", ["It is a double standard.", "Growth hit double-digit rates.", "Do not double down."])
def test_adjectival_double_is_no_multiplier(text: str) -> None:
    assert _all(text) == []


# --- conversions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Berlin adds €4 billion ($4.5 billion) this year.",
        "Berlin adds €4 billion (about $4.5 billion) this year.",
        "Ottawa pledged three billion Canadian dollars, about 2.2 billion U.S. dollars, for the fund.",
        "Ottawa pledged over 2 billion Canadian dollars (over 1.4 billion US dollars) for it.",
        "Oslo pledged 10 billion kroner, or about $1 billion, for it.",
        "Oslo pledged 10 billion kroner or roughly $1 billion for it.",
    ],
)
def test_conversions(text: str) -> None:
    first, second = _units(text)
    assert not first.is_conversion and second.is_conversion


def test_a_list_of_sums_is_no_conversion() -> None:
    found = _units("London gives £300 million, £60 million comes from Oslo, and $5 million from Ottawa.")
    assert [m.is_conversion for m in found] == [False, False, False]


# --- not amounts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The jet dropped 2,000 pounds of explosives.",
        "Envoys held two rounds of talks.",
        "The figures are given in 2024 dollars.",
        "The 400m relay was cancelled.",
    ],
)
def test_look_alikes_are_not_money_or_items(text: str) -> None:
    assert _units(text) == []


def test_rounds_of_ammunition_are_items() -> None:
    m = _only("It ships 1 million rounds of ammunition.")
    assert (m.value, m.unit, m.noun) == (1e6, "items", "rounds")


# --- dates, times, ordinals ---------------------------------------------------------------------------------


def test_years_dates_times_and_ordinals_carry_no_unit() -> None:
    text = (
        "On March 3, 2025 at 10:45 and again on 14 June, the 31st meeting and the twenty-second vote in 2030-2031 "
        "ended 52 to 47; call 613-555-0199."
    )
    found = _all(text)
    assert all(m.unit == "" for m in found)
    assert "31" not in [m.text for m in found]
    assert "twenty" not in [m.text for m in found]


def test_offsets_are_exact_on_a_mixed_text() -> None:
    text = (
        "Canada’s “new” package—worth C$1.2bn (about US$870m)—adds 50 LAV 6 vehicles, while 1,200+ CAF members "
        "train 9,000 recruits; NATO’s 3.5 % of GDP goal and a £2bn, ¥300 billion and ₴12 billion mix follow."
    )
    found = _all(text)
    assert {m.unit for m in found} >= {"CAD", "USD", "items", "troops", "percent_gdp", "GBP", "JPY", "UAH"}


# --- years ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "role"),
    [
        ("It will reach the goal by 2032.", 2032, "target"),
        ("The mission runs until 2027.", 2027, "target"),
        ("Funding lasts through 2028.", 2028, "target"),
        ("The deployment is extended until the end of 2026.", 2026, "target"),
        ("The mandate lasts until October 31, 2027.", 2027, "target"),
        ("It spends 1 billion in 2026 and 2027.", 2027, "target"),
        ("Deliveries come between 2026 and 2028.", 2028, "target"),
        ("Deliveries come in 2030-2031.", 2031, "target"),
        ("The 2026-28 budget is set.", 2028, "target"),
        ("Deliveries finish by mid-2027.", 2027, "target"),
        ("Aid flows from 2025 to 2027.", 2027, "target"),
        ("Allies have trained them since 2016.", 2016, "since"),
        ("Allies have trained them since September 2020.", 2020, "since"),
        ("The operation was launched in 2016.", 2016, "other"),
    ],
)
def test_find_years(text: str, year: int, role: str) -> None:
    found = find_years(text)
    assert (year, role) == found[-1][2:]
    start, end, _, _ = found[-1]
    assert text[start:end] == str(year)[-(end - start) :]


def test_first_year_of_a_span_is_not_its_target() -> None:
    roles = [(y, r) for _, _, y, r in find_years("Deliveries come between 2026 and 2028, and in 2030-2031.")]
    assert roles == [(2026, "other"), (2028, "target"), (2030, "other"), (2031, "target")]


# --- speed ----------------------------------------------------------------------------------------------------


def test_speed() -> None:
    paragraph = (
        "Ottawa announced a package of three billion Canadian dollars (about 2.2 billion U.S. dollars) on Monday. "
        "Of this, 900 million buys vehicles, and some 1,900 to 2,100 allied troops stay in Latvia until 2027. "
        "It trained more than 40,000 Ukrainian soldiers since 2015 and pledged to triple spending to 3.5% of GDP. "
    )
    text = (paragraph * 7)[:2000]
    find_amounts(text)
    runs = 20
    began = time.perf_counter()
    for _ in range(runs):
        find_amounts(text)
    per_100_chars_ms = (time.perf_counter() - began) / runs * 1000 / 20
    assert per_100_chars_ms < 0.5


def test_a_negative_figure_is_no_amount() -> None:
    """A sign before a figure ("-5 billion euros") is never read as the figure itself (issue 11)."""
    text = "Germany pledged -5 billion euros, the table said, but 3-4 billion euros is the range."
    mentions = find_amounts(text)
    assert all(m.value != 5_000_000_000 for m in mentions)
    assert any(m.low == 3_000_000_000 and m.high == 4_000_000_000 for m in mentions)


def test_a_figure_beyond_floating_point_is_no_amount() -> None:
    text = f"Norway pledged {'9' * 400} kroner to Ukraine."
    assert find_amounts(text) == []


# --- figures written the way much of Africa, Asia and Europe writes them ----------------------------------


def test_a_letter_against_a_figure_without_scale_is_a_name() -> None:
    assert _all("The R2 units and the G7 met beside Su-27 jets.") == []


def test_a_rupee_is_the_announcing_states_own() -> None:
    from pledgewatch.reading.rules.records import own_currency

    assert own_currency("PAK", "RUPEE") == "PKR"
    assert own_currency("LKA", "RUPEE") == "LKR"
    assert own_currency("DEU", "RUPEE") == "INR"
    assert to_amount(_only("Islamabad set aside Rs2 trillion."), rupee="PKR") == Amount(2e12, "PKR")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The council sent 3 300 troops to the north.", 3300, "troops"),
        ("A further 12\u00a0000 troops are in the country.", 12000, "troops"),
        ("Up to 1 495 members of the force will serve until March.", 1495, ""),
    ],
)
def test_thousands_grouped_by_spaces(text: str, value: float, unit: str) -> None:
    (mention,) = [m for m in _all(text) if m.value >= 1000]
    assert (mention.value, mention.unit) == (value, unit)


def test_spaces_do_not_join_a_date_and_a_year_or_a_count_and_a_calibre() -> None:
    assert [m.value for m in _all("On May 31 2023 the army received 20 120mm mortars.")] == [31, 2023, 20]


def test_a_share_then_the_sum_it_comes_to_is_no_range() -> None:
    found = _all("Seoul's defence budget will rise 8.2% to 66.3 trillion won next year.")
    assert [(m.text, m.unit) for m in found] == [("8.2%", "percent"), ("66.3 trillion won", "KRW")]
    shares = _all("Spending grows from 2% to 3% of GDP.")  # two shares still pair up
    assert [(m.value, m.unit) for m in shares] == [(2, "percent_gdp"), (3, "percent_gdp")]


def test_crowns_are_the_announcing_states_own_crown_and_a_misnamed_krone_still_reads() -> None:
    from pledgewatch.reading.rules.records import own_currency

    crowns = _only("Prague approved ammunition worth 17 million crowns for Kyiv.")
    assert (crowns.value, crowns.unit) == (17e6, "KRONER")
    assert own_currency("CZE", crowns.unit) == "CZK" and own_currency("NOR", crowns.unit) == "NOK"
    text = "Oslo adds five billion Norwegian kronor, equivalent to about 4.9 billion Swedish kronor."
    norway, converted = _units(text)
    assert (norway.unit, norway.is_conversion, converted.unit, converted.is_conversion) == ("NOK", False, "SEK", True)


def test_won_is_a_currency_only_after_a_scale_word() -> None:
    assert _all("The president, 81, won the vote.")[0].unit == ""
    assert _only("Seoul set aside 1.5 trillion won.").unit == "KRW"


@pytest.mark.parametrize(
    "text",
    [
        "Rs2.1 trillion and R2 billion, not G7, F-16, 1A5, 25th or the 2030s; x.5, a-3 and 1.2.3 neither.",
        "1,700 to 1,900 troops, 3 300 soldiers, ٣٠٠ tanks, $2-billion, £450m, 4.7 percent at 10:30 or 5 p.m.",
        "12,345,678.9 and 2 million billion; 3-fold, 3fold, 40\u00a0000 and 1 000,5 in the year 1999",
        "",
        "no figure here at all",
    ],
)
def test_figures_are_sought_at_digits_only_with_the_same_matches(text: str) -> None:
    expected = [(m.span(), m.groupdict()) for m in numbers._FIGURE_RE.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in numbers._figure_matches(text)] == expected
