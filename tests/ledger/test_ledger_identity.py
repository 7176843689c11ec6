"""Commitments kept apart: time, condition and size tell offers apart; one offer reported often stays one.

A test ledger of articles written for this test (stored on SQLite and, when configured, PostgreSQL):
Canada's old deployment of a few dozen instructors and its new offer of troops after a ceasefire,
the offer reported by five outlets over a week, and one day's reports whose stated times order them.
"""

from __future__ import annotations

from dataclasses import replace

from ledger_builders import article, story_text

from pledgewatch.ledger import Ledger
from pledgewatch.model import Amount, Kind, Record, Status

OLD = "Canada has sent a few dozen military instructors to western Ukraine to train its soldiers."
OFFERS = (
    ("2025-08-25", "Maple Desk", "Canada could send troops to Ukraine once a ceasefire is in place, Carney said."),
    ("2025-08-26", "Prairie Post", "Ottawa is ready to deploy troops to Ukraine after a ceasefire, officials said."),
    ("2025-08-27", "Harbour News", "Canada would station troops in Ukraine once the fighting stops."),
    ("2025-08-29", "Lakeshore Times", "Canada could send troops to Ukraine, the prime minister repeated."),
    ("2025-08-31", "Northern Ledger", "Canada offered several thousand troops for Ukraine once a ceasefire holds."),
)
CONDITIONS = (
    "once a ceasefire is in place",
    "after a ceasefire",
    "once the fighting stops",
    None,
    "once a ceasefire holds",
)


def troops(art: str, evidence: str, status: str, **kw: object) -> Record:
    return Record(
        article=art,
        actor="CAN",
        kind=Kind.TROOPS,
        status=Status(status),
        evidence=evidence,
        evidence_start=0,
        evidence_end=len(evidence),
        recipient="UKR",
        **kw,  # type: ignore[arg-type]
    )


def store(ledger: Ledger, art: str, published: str, evidence: str, records: list[Record], **kw: str) -> None:
    text = f"{evidence}\n\n{story_text(art)}"
    ledger.store(article(art, text, published=published, outlet=kw.get("outlet", "Test Wire")), records)


def troop_commitments(ledger: Ledger) -> list:
    return ledger.commitments(actor="CAN", kind="troops", recipient="UKR")


def test_an_old_deployment_and_a_new_conditional_offer_are_two_commitments_and_five_reports_of_it_one(
    ledger: Ledger,
) -> None:
    store(
        ledger,
        "old-deployment",
        "2015-09-14",
        OLD,
        [troops("old-deployment", OLD, "delivered", amount=Amount(36, "troops", approx=True))],
    )
    for n, ((day, outlet, sentence), condition) in enumerate(zip(OFFERS, CONDITIONS, strict=True)):
        status = "conditional" if condition else "committed"
        amount = Amount(3000, "troops", approx=True) if n == 4 else None
        store(
            ledger,
            f"offer-{n}",
            day,
            sentence,
            [troops(f"offer-{n}", sentence, status, condition=condition, amount=amount)],
            outlet=outlet,
        )

    found = troop_commitments(ledger)
    assert len(found) == 2, [(c.key, c.articles) for c in found]
    old, new = found
    assert old.articles == ("old-deployment",) and old.status == Status.DELIVERED
    assert set(new.articles) == {f"offer-{n}" for n in range(5)}
    assert (new.first_seen, new.last_seen, new.story_count) == ("2025-08-25", "2025-08-31", 5)
    assert len(new.outlets) == 5
    assert old.key != new.key and old.key == "CAN|troops|UKR"  # the earliest keeps the plain key


def test_an_effort_going_on_since_2015_and_an_offer_in_the_same_article_stay_apart(ledger: Ledger) -> None:
    sentence = (
        "Canada, which has kept some 40 instructors in Ukraine since 2015, could send troops once a ceasefire holds."
    )
    records = [
        troops("both", sentence, "delivered", amount=Amount(40, "troops", approx=True), since_year=2015),
        troops("both", sentence, "conditional", condition="once a ceasefire holds"),
    ]
    store(ledger, "both", "2025-08-25", sentence, records)
    later = "Canada could send troops to Ukraine once a ceasefire holds, its defence minister said."
    store(
        ledger,
        "later",
        "2025-08-28",
        later,
        [troops("later", later, "conditional", condition="once a ceasefire holds")],
    )
    found = troop_commitments(ledger)
    assert sorted((str(c.status), c.articles) for c in found) == [
        ("conditional", ("both", "later")),
        ("delivered", ("both",)),
    ]


def test_a_different_size_is_a_different_offer_but_a_rounded_one_is_not(ledger: Ledger) -> None:
    sizes = {
        "a": Amount(1800, "troops", approx=True),
        "b": Amount(1800, "troops", False, 1700, 1900),
        "c": Amount(5000, "troops"),
    }
    for n, (art, amount) in enumerate(sizes.items()):
        sentence = f"Canada pledged {amount.value:.0f} troops for Ukraine in report {art}."
        store(ledger, art, f"2025-08-2{n + 1}", sentence, [troops(art, sentence, "committed", amount=amount)])
    assert sorted(c.articles for c in troop_commitments(ledger)) == [("a", "b"), ("c",)]


def test_history_orders_one_days_reports_by_their_stated_time_not_by_firmness(ledger: Ledger) -> None:
    says = (("morning", "08:10", "committed"), ("evening", "19:45", "considering"), ("noon", "12:00", "committed"))
    for art, time, status in says:
        sentence = f"Canada {status} troops for Ukraine, the {art} edition said."
        a = replace(
            article(art, f"{sentence}\n\n{story_text(art)}", published="2025-09-02"),
            published_at=f"2025-09-02T{time}:00Z",
        )
        ledger.store(a, [troops(art, sentence, status)])
    (c,) = troop_commitments(ledger)
    # The evening's "considering" is the day's last word; the firmer morning reports are a check, not a flip.
    assert c.status == Status.CONSIDERING
    assert [(h.status, h.since, h.articles) for h in c.history] == [(Status.CONSIDERING, "2025-09-02", ("evening",))]
    (check,) = [k for k in ledger.checks(code="status_disagreement") if dict(k.detail)["commitment"] == c.key]
    assert "evening (2025-09-02) says considering" in check.message and "says committed" in check.message
    assert {a for pair in dict(check.detail)["pairs"] for a in pair} == {"evening", "morning", "noon"}
    assert sorted(ledger.commitments(actor="CAN")[0].articles) == ["evening", "morning", "noon"]


def test_a_status_that_comes_back_within_two_weeks_is_a_check_not_two_changes(ledger: Ledger) -> None:
    steps = (("t1", "2025-03-01", "delivered"), ("t2", "2025-03-04", "committed"), ("t3", "2025-03-09", "delivered"))
    for art, day, status in steps:
        sentence = f"Canada {status} training for Ukraine ({art})."
        record = replace(troops(art, sentence, status), kind=Kind.TRAINING)
        store(ledger, art, day, sentence, [record])
    (c,) = ledger.commitments(actor="CAN", kind="training")
    assert [(h.status, h.since) for h in c.history] == [(Status.DELIVERED, "2025-03-01")]
    assert c.history[0].articles == ("t1", "t3")
    checks = [k for k in ledger.checks(code="status_disagreement") if dict(k.detail)["commitment"] == c.key]
    assert len(checks) == 1 and "t2 (2025-03-04) says committed" in checks[0].message


def test_the_history_command_prints_the_disagreement_as_a_check_line(
    ledger: Ledger, run_cli: object, db_url: str
) -> None:
    test_a_status_that_comes_back_within_two_weeks_is_a_check_not_two_changes(ledger)
    result = run_cli("history", "Canadian", "training", "--db", db_url)  # type: ignore[operator]
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("Canada (CAN) training -> Ukraine (UKR)  now delivered")
    assert lines[1].split() == ["2025-03-01", "delivered", "t1,", "t3"]
    assert lines[2].split()[0] == "check" and "t2 (2025-03-04) says committed" in lines[2]
