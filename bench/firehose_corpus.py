"""A firehose-like news stream for the benchmark: nine in ten articles hold no security commitment.

A real feed of English news (CC-NEWS, a wire) is mostly sport, markets, weather, culture, science
and local news. Measuring pledgewatch only on articles chosen for their commitments would hide
what the triage is for, so this module writes the irrelevant majority itself: every sentence below
is ours, filled from small word lists by a seeded random generator, so a given seed always yields
the same stream. The articles name real countries and cities, carry sums of money and use words
such as "support", "training", "monitoring" or "peacekeepers" the way such news does, so the triage
is tested on text that looks like news, not on empty filler.

    firehose(n, relevant=[...], seed=7) -> Iterator[Article]

`relevant` articles (read by the caller from the dev corpus or examples/corpus) are mixed in at
every tenth position, cycling when there are fewer than n/10 of them; nothing is loaded into memory
beyond those few articles and the article being generated.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta

from pledgewatch.model import Article

TOPICS = ("sport", "markets", "weather", "culture", "science", "local")

CITIES = (
    "Manchester", "Lyon", "Turin", "Porto", "Rotterdam", "Gothenburg", "Leeds", "Calgary", "Adelaide", "Osaka",
    "Denver", "Glasgow", "Bilbao", "Graz", "Bergen", "Tampere", "Cork", "Halifax", "Auckland", "Nagoya",
)  # fmt: skip
COUNTRIES = (
    "Brazil", "Germany", "France", "Japan", "Canada", "Australia", "Spain", "Italy", "Norway", "Mexico",
    "Argentina", "Sweden", "the Netherlands", "South Korea", "Portugal", "Denmark", "New Zealand", "Ireland",
)  # fmt: skip
DEMONYMS = ("British", "German", "French", "Japanese", "Canadian", "Australian", "Spanish", "Italian", "Dutch")
FIRST = ("Lena", "Marco", "Aisha", "Tomas", "Priya", "Jonas", "Keiko", "Diego", "Freya", "Oskar", "Nadia", "Ruben")
LAST = ("Okafor", "Lindqvist", "Moreau", "Castellano", "Haddad", "Brennan", "Takeda", "Novak", "Fischer", "Alvarez")
TEAMS = (
    "City", "Rovers", "Athletic", "United", "Wanderers", "Harriers", "Falcons", "Rangers", "Dynamos", "Comets",
)  # fmt: skip
SPORTS = ("football", "rugby", "cricket", "hockey", "basketball", "tennis", "cycling", "netball")
COMPANIES = (
    "Norrland Paper", "Halvard Foods", "Quintet Retail", "Orbis Shipping", "Meridian Chips", "Caldera Energy",
    "Brightwater Utilities", "Kestrel Motors", "Lumen Pharma", "Ashgrove Bank",
)  # fmt: skip
INDEXES = ("the FTSE 100", "the DAX", "the CAC 40", "the Nikkei 225", "the S&P 500", "the TSX", "the ASX 200")
CURRENCY = ("$", "€", "£")
SCALE = ("million", "billion")
WEATHER = ("heavy rain", "gusty winds", "freezing fog", "a heatwave", "thunderstorms", "snow showers", "hail")
VENUES = ("the city library", "the old corn exchange", "the riverside gallery", "the concert hall", "a former mill")
ARTS = ("exhibition", "festival", "opera", "photography show", "film season", "poetry night", "jazz weekend")
FIELDS = ("astronomers", "marine biologists", "geologists", "chemists", "ecologists", "physicists", "botanists")
FINDINGS = (
    "a comet with an unusually long tail", "a coral species that thrives in cooler water",
    "a mineral that forms only under high pressure", "a catalyst that splits water more cheaply",
    "a bird population that has recovered faster than expected", "a faint ring around a distant planet",
)  # fmt: skip
LOCAL = (
    "the bypass", "the swimming pool", "the high street", "the bus depot", "the primary school", "the park",
    "the recycling centre", "the harbour wall",
)  # fmt: skip

SENTENCES: dict[str, tuple[str, ...]] = {
    "sport": (
        "{team} beat {team2} {score} on {day} in front of a crowd of {crowd:,}.",
        "{name} scored twice in the second half and was named player of the match.",
        "The coach said the squad had worked hard in training all week and deserved the result.",
        "{country} will face {country2} in the quarter-final next month.",
        "The club confirmed that {name} had signed a three-year contract worth a reported {money}.",
        "Fans travelled from across {city} to support the team, filling the away end.",
        "The defence held firm under late pressure, and the goalkeeper made three fine saves.",
        "{name} has missed six matches with a knee injury but returned to full training on {day}.",
        "The {sport} season resumes after the international break with a derby against {team2}.",
        "Ticket prices for the final have risen to {price} after strong demand from both clubs.",
        "The {demonym} champions have now won {n} games in a row and sit {n2} points clear at the top.",
        "Their captain praised the support of the crowd and the work of the medical staff.",
        "A spokesperson for the league said the new schedule would reduce travel for players.",
        "The forwards struggled for rhythm until the interval, when the manager changed the formation.",
    ),
    "markets": (
        "{index} rose {pct} percent on {day}, led by gains in mining and energy shares.",
        "Shares in {company} fell {pct} percent after the firm cut its full-year forecast.",
        "{company} reported quarterly revenue of {money}, ahead of analysts' expectations.",
        "The {demonym} central bank left its main interest rate unchanged at {pct} percent.",
        "Oil prices slipped as traders weighed rising inventories against steady demand.",
        "The dollar weakened against the euro, while gold held near {price} an ounce.",
        "Analysts said consumer spending had held up better than expected over the summer.",
        "{company} plans to raise {money} through a bond sale to fund a new warehouse in {city}.",
        "Retail sales in {country} grew {pct} percent in the year to {month}, official figures showed.",
        "Investors will watch inflation data due on {day} for signs that price pressures are easing.",
        "The merger between {company} and {company2} is valued at {money} including debt.",
        "Bond yields edged higher as markets priced in fewer rate cuts next year.",
        "A fund manager in {city} said valuations looked stretched after a strong run.",
        "The recovery in factory orders was welcomed by manufacturers, who had warned of weak demand.",
    ),
    "weather": (
        "Forecasters have issued a yellow warning for {weather} across {city} from {day} evening.",
        "Temperatures are expected to reach {temp} degrees on {day}, well above the seasonal average.",
        "Commuters were advised to allow extra time as {weather} slowed traffic on the main roads.",
        "The national weather service said {weather} would move east overnight.",
        "Rainfall totals of up to {n} millimetres are possible on higher ground.",
        "Ferry services between {city} and the islands were cancelled because of the swell.",
        "Farmers in {country} said the dry spell had delayed the harvest by two weeks.",
        "Power was restored to {crowd:,} homes after crews worked through the night.",
        "The weekend looks brighter, with sunny spells and light winds for most areas.",
        "Local councils have put gritters on standby in case of ice on untreated roads.",
        "A meteorologist said the pattern was typical of early {month}, if a little late.",
        "Public transport operators said services would run to a reduced timetable.",
    ),
    "culture": (
        "A new {art} opens at {venue} on {day}, with work by {n} artists from {city}.",
        "The director {name} said the production had taken three years to bring to the stage.",
        "Tickets for the {art} sold out within hours, and organisers have added two dates.",
        "Critics praised the lead performance, calling it the finest of the season.",
        "The novel, set in {city} in the 1950s, has been shortlisted for a major prize.",
        "The gallery received support from a local trust to restore the building's roof.",
        "{name}, who grew up in {country}, describes the album as a letter to her grandmother.",
        "The orchestra will tour {country} and {country2} in the spring.",
        "A spokesperson for the museum said visitor numbers had doubled since the reopening.",
        "The film follows two sisters who run a bakery during a long winter.",
        "Admission is free for under-18s, and the venue is accessible to wheelchair users.",
        "The {art} runs until the end of {month}.",
    ),
    "science": (
        "{field} have identified {finding}, according to a study published on {day}.",
        "The team, led by {name} of the University of {city}, analysed data collected over {n} years.",
        "The results could help explain why some species adapt more quickly than others.",
        "Researchers used a telescope in {country} to follow the object for several months.",
        "The findings still need to be confirmed by independent groups, the authors cautioned.",
        "Funding for the project came from a national research council and two foundations.",
        "{name} said the next step was to repeat the measurements at a higher resolution.",
        "The samples were stored at minus {temp} degrees to preserve their structure.",
        "A similar effect had been predicted in the 1990s but never observed directly.",
        "The paper has been downloaded more than {crowd:,} times since it appeared online.",
        "The work also involved students from schools in {city}, who helped count the birds.",
    ),
    "local": (
        "Residents of {city} have been invited to comment on plans to rebuild {place}.",
        "The council said work on {place} would start in {month} and last about six months.",
        "Campaigners collected {crowd:,} signatures calling for the bus route to be restored.",
        "A councillor said the budget for road repairs had been stretched by a wet winter.",
        "Police are appealing for witnesses after a van was damaged near {place} on {day}.",
        "The new library opening hours come into force next week.",
        "Volunteers planted {n} trees along the river path at the weekend.",
        "The fire service reminded households to test their smoke alarms once a month.",
        "A local bakery has won a regional award for its sourdough.",
        "The market square will be closed to traffic on {day} for the annual food fair.",
        "Parents welcomed the decision to keep {place} open during the summer holidays.",
        "The council's transport committee will discuss the proposals on {day}.",
    ),
}

# Near misses: a security word and a state in a sentence that commits nobody to anything. Real
# streams hold a few of these, so one in twenty articles gets one; the triage must let them through
# to the parser (it cannot tell them apart by words alone), and they cost what they cost.
NEAR_MISSES: tuple[str, ...] = (
    "A documentary about peacekeepers who served in Cyprus in the 1970s screens on {day}.",
    "Monitoring stations in {country} recorded the tremor, which caused no damage.",
    "A scout troop from {city} raised money for a minibus with a sponsored walk to the {demonym} border.",
    "The museum's new wing tells the story of the soldiers from {city} who fought in {country} in 1944.",
)
NEAR_MISS_RATE = 0.05

TITLES: dict[str, tuple[str, ...]] = {
    "sport": ("{team} edge past {team2}", "{name} double sinks {team2}", "{country} through to quarter-finals"),
    "markets": ("Shares in {company} slide", "{index} climbs on energy gains", "Central bank holds rates"),
    "weather": ("Warning issued for {weather}", "{weather} to hit {city}", "Brighter weekend ahead"),
    "culture": ("New {art} opens in {city}", "{name} on her new album", "Sold-out {art} adds dates"),
    "science": ("{field} report {finding}", "Study sheds light on {finding}", "A closer look at the night sky"),
    "local": ("Plans to rebuild {place} in {city}", "Council consults on {place}", "Volunteers plant trees"),
}

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "March", "April", "June", "September", "October", "November")


def _slots(rng: random.Random) -> dict[str, object]:
    """Fresh fillers for every sentence, so no two articles read alike."""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return {
        "city": rng.choice(CITIES),
        "country": rng.choice(COUNTRIES),
        "country2": rng.choice(COUNTRIES),
        "demonym": rng.choice(DEMONYMS),
        "name": name,
        "team": f"{rng.choice(CITIES)} {rng.choice(TEAMS)}",
        "team2": f"{rng.choice(CITIES)} {rng.choice(TEAMS)}",
        "sport": rng.choice(SPORTS),
        "score": f"{rng.randint(1, 5)}-{rng.randint(0, 3)}",
        "day": rng.choice(DAYS),
        "month": rng.choice(MONTHS),
        "crowd": rng.randrange(1_000, 60_000, 50),
        "money": f"{rng.choice(CURRENCY)}{rng.randint(2, 950) / 10:g} {rng.choice(SCALE)}",
        "price": f"{rng.choice(CURRENCY)}{rng.randint(20, 2500)}",
        "pct": f"{rng.randint(1, 60) / 10:g}",
        "n": rng.randint(2, 40),
        "n2": rng.randint(2, 12),
        "temp": rng.randint(5, 38),
        "company": rng.choice(COMPANIES),
        "company2": rng.choice(COMPANIES),
        "index": rng.choice(INDEXES),
        "weather": rng.choice(WEATHER),
        "venue": rng.choice(VENUES),
        "art": rng.choice(ARTS),
        "field": rng.choice(FIELDS).capitalize(),
        "finding": rng.choice(FINDINGS),
        "place": rng.choice(LOCAL),
    }


def irrelevant_article(index: int, rng: random.Random) -> Article:
    """One article of 150-400 words on a topic that holds no commitment."""
    topic = TOPICS[index % len(TOPICS)] if rng.random() < 0.5 else rng.choice(TOPICS)
    target = rng.randint(150, 400)
    paragraphs: list[str] = []
    words = 0
    templates: list[str] = []
    while words < target:
        count = rng.randint(2, 4)
        sentences = []
        for _ in range(count):
            if not templates:  # each template once before any repeats, as a writer would
                templates = rng.sample(SENTENCES[topic], len(SENTENCES[topic]))
            sentences.append(templates.pop().format(**_slots(rng)))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    if rng.random() < NEAR_MISS_RATE:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), rng.choice(NEAR_MISSES).format(**_slots(rng)))
    title = rng.choice(TITLES[topic]).format(**_slots(rng))
    title = title[0].upper() + title[1:]
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
    return Article(
        id=f"firehose-{index:07d}",
        text="\n\n".join(paragraphs),
        title=title,
        outlet=f"The {rng.choice(CITIES)} {rng.choice(('Courier', 'Herald', 'Post', 'Gazette', 'Echo'))}",
        published=day.isoformat(),
        source=f"firehose:{topic}",
    )


def firehose(n: int, relevant: Sequence[Article] = (), seed: int = 7, every: int = 10) -> Iterator[Article]:
    """n articles; position k is a relevant one when k % every == every - 1 and `relevant` is not empty."""
    rng = random.Random(seed)
    used = 0
    for k in range(n):
        if relevant and k % every == every - 1:
            base = relevant[used % len(relevant)]
            used += 1
            yield replace(base, id=f"{base.id}~{k}")
        else:
            yield irrelevant_article(k, rng)


def words(article: Article) -> int:
    return len(article.text.split())


if __name__ == "__main__":  # a quick look: python bench/firehose_corpus.py
    for sample in firehose(3, seed=1):
        print(f"# {sample.title} ({sample.source}, {words(sample)} words)\n{sample.text}\n")
