"""Checks: what a careful reader would want a second look at. They flag; they never drop or fix data.

Article checks are computed from one article's records when it is stored (and belong to that
extraction); ledger checks compare articles and are recomputed whenever the commitments are.

| code | scope | raised when |
|---|---|---|
| `date_conflict` | article | the article's own dates disagree (raised while cleaning; stored as is) |
| `components_sum` | article | several components fall short of their package, or any exceed it (1 %; 10 % if approx.) |
| `conversion_off` | article | a conversion stated beside an amount is more than 10 % off the ECB rate |
| `unknown_currency` | article | a money unit the ECB does not quote, so no USD/EUR figure |
| `no_rate_date` | article | money amounts in an article without a publication date, so not converted |
| `status_disagreement` | ledger | two articles within 14 days state incompatible statuses of one commitment |
| `story_amount_disagreement` | ledger | copies of one story give different amounts for one actor, kind, recipient |
| `story_date_conflict` | ledger | copies of one story carry publication dates more than 2 days apart |
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from pledgewatch.ledger.currency import Conversion, Rates, article_day, is_money
from pledgewatch.ledger.merge import Commitment, Sighting
from pledgewatch.model import Check, Record, Status

SUM_TOLERANCE, SUM_TOLERANCE_APPROX = 0.01, 0.10
CONVERSION_TOLERANCE = 0.10
DISAGREEMENT_DAYS = 14
DATE_CONFLICT_DAYS = 2
#: Statuses that can describe one position as the reporting moves on are one stance; only
#: different stances disagree ("pledged" and "has delivered" both say it is on).
STANCE = {
    Status.DELIVERED: "firm",
    Status.COMMITTED: "firm",
    Status.CONDITIONAL: "open",
    Status.CONSIDERING: "open",
    Status.REQUESTED: "requested",
    Status.RULED_OUT: "refused",
}


def money(value: float, unit: str) -> str:
    return f"{value:,.0f} {unit}" if float(value).is_integer() or value > 1000 else f"{value:,} {unit}"


def article_checks(
    article_id: str,
    published: str | None,
    records: Sequence[Record],
    conversions: Sequence[Conversion | None],
    rates: Rates,
    day: date | None,
) -> list[Check]:
    """Checks on one article's records; `conversions[i]` is record i's ECB conversion (None if none)."""
    found = components_sum(article_id, records)
    found += currency_checks(article_id, published, records, conversions, rates)
    found += stated_conversions(article_id, records, rates, day)
    return found


def components_sum(article_id: str, records: Sequence[Record]) -> list[Check]:
    """835 + 680 + 220 = 1,735 of a 2,000 million package: the article's figures do not add up."""
    parts: dict[int, list[Record]] = defaultdict(list)
    for i, r in enumerate(records):
        if r.part_of is not None and r.part_of != i:
            parts[r.part_of].append(r)
    found = []
    for idx, components in sorted(parts.items()):
        if not 0 <= idx < len(records):
            continue
        package = records[idx].amount
        if package is None:
            continue
        same_unit = [c.amount for c in components if c.amount is not None and c.amount.unit == package.unit]
        if not same_unit:
            continue
        total = sum(a.value for a in same_unit)
        approx = package.approx or any(a.approx for a in same_unit)
        tolerance = (SUM_TOLERANCE_APPROX if approx else SUM_TOLERANCE) * package.value
        # One component short of the package is a partial breakdown ("of this, 1 billion for drones"),
        # which articles give all the time; several that fall short, or any that overshoot, do not add up.
        short = len(same_unit) > 1 and package.value - total > tolerance
        if not (short or total - package.value > tolerance):
            continue
        terms = " + ".join(f"{a.value:,.0f}" for a in same_unit)
        found.append(
            Check(
                "components_sum",
                f"components {terms} = {money(total, package.unit)} of a {money(package.value, package.unit)} "
                f"package (record {idx}, {records[idx].actor} {records[idx].kind})",
                article_id,
                (
                    ("record", idx),
                    ("package", package.value),
                    ("components", tuple(a.value for a in same_unit)),
                    ("sum", total),
                    ("unit", package.unit),
                ),
            )
        )
    return found


def currency_checks(
    article_id: str,
    published: str | None,
    records: Sequence[Record],
    conversions: Sequence[Conversion | None],
    rates: Rates,
) -> list[Check]:
    found = []
    undated = False
    for idx, (r, conv) in enumerate(zip(records, conversions, strict=True)):
        if r.amount is None or not is_money(r.amount.unit) or conv is not None:
            continue
        if not rates.knows(r.amount.unit):
            found.append(
                Check(
                    "unknown_currency",
                    f"record {idx} ({r.actor} {r.kind}): {r.amount.unit} has no ECB rate; not converted",
                    article_id,
                    (("record", idx), ("unit", r.amount.unit)),
                )
            )
        elif published is None:
            undated = True
        else:
            found.append(
                Check(
                    "unknown_currency",
                    f"record {idx} ({r.actor} {r.kind}): no ECB rate for {r.amount.unit} near {published}",
                    article_id,
                    (("record", idx), ("unit", r.amount.unit), ("published", published)),
                )
            )
    if undated:
        found.append(
            Check("no_rate_date", "the article has no publication date; its amounts are not converted", article_id)
        )
    return found


def stated_conversions(article_id: str, records: Sequence[Record], rates: Rates, day: date | None) -> list[Check]:
    """'2 billion Canadian dollars (about 1.1 billion U.S. dollars)': compare the stated figure with the ECB's."""
    if day is None:
        return []
    from pledgewatch.reading.rules.amounts import find_amounts, to_amount

    found = []
    for idx, r in enumerate(records):
        amount = r.amount
        if amount is None or not is_money(amount.unit):
            continue
        mentions = find_amounts(r.evidence)
        for m, after in itertools.pairwise(mentions):
            if m.is_conversion or not after.is_conversion or not m.is_money:
                continue
            if abs(m.value - amount.value) > 0.005 * amount.value:
                continue
            stated = to_amount(after, dollar="USD" if amount.unit != "USD" else "")
            if stated.unit == amount.unit or not rates.knows(stated.unit):
                continue
            rate = rates.rate(amount.unit, stated.unit, day)
            if rate is None:
                continue
            expected = amount.value * rate[0]
            off = abs(stated.value - expected) / expected
            if off > CONVERSION_TOLERANCE:
                found.append(
                    Check(
                        "conversion_off",
                        f"record {idx}: the article converts {money(amount.value, amount.unit)} to "
                        f"{money(stated.value, stated.unit)}; the ECB rate of {rate[1]} gives "
                        f"{money(expected, stated.unit)} ({off:.0%} off)",
                        article_id,
                        (
                            ("record", idx),
                            ("stated", stated.value),
                            ("stated_unit", stated.unit),
                            ("expected", round(expected, 2)),
                            ("rate", rate[0]),
                            ("rate_date", rate[1].isoformat()),
                        ),
                    )
                )
            break
    return found


def ledger_checks(commitments: Iterable[Commitment], sightings: Sequence[Sighting]) -> list[Check]:
    found = [c for commitment in commitments for c in status_disagreements(commitment)]
    found += story_disagreements(sightings)
    return found


def status_disagreements(commitment: Commitment) -> list[Check]:
    """Articles within 14 days of each other whose stances on one commitment have nothing in common."""
    stances: dict[str, set[str]] = defaultdict(set)
    days: dict[str, date] = {}
    statuses: dict[str, set[str]] = defaultdict(set)
    for s in commitment.reports:
        when = _day(s.published)
        if when is None:
            continue
        stances[s.article].add(STANCE[s.status])
        statuses[s.article].add(str(s.status))
        days[s.article] = when
    pairs = []
    for a, b in itertools.combinations(sorted(stances, key=lambda x: (days[x], x)), 2):
        if abs((days[a] - days[b]).days) <= DISAGREEMENT_DAYS and not stances[a] & stances[b]:
            pairs.append((a, b))
    what = f"{commitment.actor} {commitment.kind}" + (f" -> {commitment.recipient}" if commitment.recipient else "")
    if not pairs:
        return _disputed(commitment, what)
    a, b = pairs[0]
    more = f" (and {len(pairs) - 1} more pairs)" if len(pairs) > 1 else ""
    return [
        Check(
            "status_disagreement",
            f"{what}: {a} ({days[a]}) says {'/'.join(sorted(statuses[a]))}, "
            f"{b} ({days[b]}) says {'/'.join(sorted(statuses[b]))}{more}",
            None,
            (("commitment", commitment.key), ("pairs", tuple(pairs))),
        )
    ]


def _disputed(commitment: Commitment, what: str) -> list[Check]:
    """Reports the history did not follow (same day, or there and back within two weeks): one check."""
    if not commitment.disputes:
        return []
    said = "; ".join(
        f"{', '.join(d.articles)} ({d.since or 'undated'}) says {d.status}" for d in commitment.disputes[:3]
    )
    more = f" (and {len(commitment.disputes) - 3} more)" if len(commitment.disputes) > 3 else ""
    return [
        Check(
            "status_disagreement",
            f"{what}: now {commitment.status}; reports the history did not follow: {said}{more}",
            None,
            (
                ("commitment", commitment.key),
                ("disputes", tuple((d.since, str(d.status), d.articles) for d in commitment.disputes)),
            ),
        )
    ]


def story_disagreements(sightings: Sequence[Sighting]) -> list[Check]:
    """Copies of one story should say the same: different amounts or dates betray an edit or a bad scrape."""
    stories: dict[str, dict[str, list[Sighting]]] = defaultdict(lambda: defaultdict(list))
    for s in sightings:
        stories[s.story][s.article].append(s)
    found = []
    for story, copies in sorted(stories.items()):
        if len(copies) < 2:
            continue
        found += _amount_disagreement(story, copies)
        found += _date_conflict(story, copies)
    return found


def _amount_disagreement(story: str, copies: dict[str, list[Sighting]]) -> list[Check]:
    said: dict[tuple[str, str, str | None, str], dict[str, set[float]]] = defaultdict(lambda: defaultdict(set))
    for article, items in copies.items():
        for s in items:
            if s.record.amount is not None:
                key = (s.record.actor, str(s.record.kind), s.record.recipient, s.record.amount.unit)
                said[key][article].add(s.record.amount.value)
    found = []
    for (actor, kind, recipient, unit), by_article in sorted(said.items(), key=lambda kv: str(kv[0])):
        if len(by_article) < 2:
            continue
        sets = sorted(by_article.items())
        (a, first), *rest = sets
        differing = [(b, values) for b, values in rest if not _same_values(first, values)]
        if not differing:
            continue
        b, values = differing[0]
        what = f"{actor} {kind}" + (f" -> {recipient}" if recipient else "")
        found.append(
            Check(
                "story_amount_disagreement",
                f"copies of one story disagree on {what}: {a} gives {_values(first, unit)}, "
                f"{b} gives {_values(values, unit)}",
                a,
                (("story", story), ("articles", (a, b)), ("unit", unit)),
            )
        )
    return found


def _same_values(xs: set[float], ys: set[float]) -> bool:
    def covered(a: set[float], b: set[float]) -> bool:
        return all(any(abs(x - y) <= 0.01 * max(abs(x), abs(y)) for y in b) for x in a)

    return covered(xs, ys) and covered(ys, xs)


def _values(values: set[float], unit: str) -> str:
    return ", ".join(money(v, unit) for v in sorted(values))


def _date_conflict(story: str, copies: dict[str, list[Sighting]]) -> list[Check]:
    dated = sorted((s[0].published, a) for a, s in copies.items() if _day(s[0].published) is not None)
    if len(dated) < 2:
        return []
    (first, a), (last, b) = dated[0], dated[-1]
    gap = ((_day(last) or date.min) - (_day(first) or date.min)).days
    if gap <= DATE_CONFLICT_DAYS:
        return []
    return [
        Check(
            "story_date_conflict",
            f"copies of one story are dated {gap} days apart: {a} {first}, {b} {last}",
            a,
            (("story", story), ("articles", (a, b)), ("dates", (first, last))),
        )
    ]


def _day(published: str | None) -> date | None:
    return article_day(published)


def check_detail(check: Check) -> dict[str, Any]:
    """A check's detail as JSON-ready data (tuples of pairs become objects, dates strings)."""
    return _plain(dict(check.detail))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


__all__ = ["article_checks", "check_detail", "components_sum", "ledger_checks", "stated_conversions"]
