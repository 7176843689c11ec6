"""The triage: which articles and sentences can hold a position. Lexical only, so no model is needed."""

from __future__ import annotations

import pytest

from pledgewatch.reading.triage import Triage, Verdict, judge, triage

RELEVANT = (
    "Canada weighs troop role in Ukraine\n\n"
    "The weather in Ottawa was mild on Tuesday. Fans filled the arena for the hockey final. "
    "Tickets sold out in an hour. Prime Minister Mark Carney said Canada could send troops once the war ends. "
    "It would also fund training for Ukrainian pilots. The markets closed higher."
)


def sentences(text: str) -> list[str]:
    starts = triage().sentences(text)
    return [text[s:e].strip() for s, e in zip(starts, [*starts[1:], len(text)], strict=True)]


def test_sentences_split_on_stops_and_line_breaks() -> None:
    assert sentences("Title line\nFirst one. Second one! Third? \"Quoted.\" Last") == [
        "Title line", "First one.", "Second one!", "Third?", '"Quoted."', "Last",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. President spoke. Then he left.",
        "Gen. Smith met Mr. Jones. Then he left.",
        "J. R. Smith arrived. Then he left.",
    ],
)
def test_abbreviations_do_not_end_sentences(text: str) -> None:
    assert sentences(text)[-1] == "Then he left."
    assert len(sentences(text)) == 2


def test_an_article_with_an_actor_and_a_security_word_is_relevant() -> None:
    verdict = judge(RELEVANT)
    assert verdict.relevant
    kept = verdict.reduced(RELEVANT)
    assert "could send troops" in kept and "fund training" in kept
    assert "Canada weighs troop role" in kept  # the headline is always kept
    assert "hockey final" not in kept  # neither a candidate nor next to one


def test_reduced_text_keeps_every_offset() -> None:
    verdict = judge(RELEVANT)
    kept = verdict.reduced(RELEVANT)
    assert len(kept) == len(RELEVANT)
    for start, end in verdict.blocks:
        assert kept[start:end] == RELEVANT[start:end]
    # Blanked text is whitespace ending in a line break, so the parser starts afresh after it.
    gaps = [kept[e:s] for (_, e), (s, _) in zip(verdict.blocks, verdict.blocks[1:], strict=False)]
    assert all(gap.strip() == "" and gap.endswith("\n") for gap in gaps)


@pytest.mark.parametrize(
    "text",
    [
        "City beat Rovers 3-1 on Saturday. Fans travelled from Leeds to support the team.",
        "Shares in Canada's Kestrel Motors fell 4 percent. The fund raised $2 billion in a bond sale.",
        "Heavy rain is expected across Norway on Tuesday, forecasters said.",
        "Troops of scouts hiked in the hills.",  # a security word, but no actor anywhere near
    ],
)
def test_news_without_a_commitment_is_irrelevant(text: str) -> None:
    assert judge(text) == Verdict(False, (), judge(text).sentences, 0)


def test_weak_words_count_only_beside_an_actor_named_in_their_sentence() -> None:
    weak_only = "The club will fund the new stadium. The support of fans was loud."
    assert not judge(weak_only).relevant
    # "border" is an everyday word, but beside a state it can be a position: the reader decides.
    assert judge("Moldova has asked the EU for help securing its border with Transnistria.").relevant
    with_strong = "Germany will send troops to Lithuania. Berlin will also fund training."
    verdict = judge(with_strong)
    assert verdict.relevant and verdict.whole


@pytest.mark.parametrize(
    "text",
    [
        "Canada announced a package worth 2 billion Canadian dollars for Ukraine.",
        "Greece will send 2 more Mirage jets, ministers said.",
        "Canada, the U.K. and NATO agreed on new support for Kyiv.",
    ],
)
def test_an_everyday_word_counts_with_a_sum_a_count_or_a_beneficiary(text: str) -> None:
    assert judge(text).relevant


@pytest.mark.parametrize(
    "text",
    [
        "Retail sales in Canada grew 2.1 percent in the year to May.",
        "Japan's support for the home side was loud all night.",
        "Denmark recorded its warmest autumn, with the recovery of the harvest slow.",
    ],
)
def test_an_everyday_word_beside_an_actor_needs_a_word_that_states_a_position(text: str) -> None:
    assert not judge(text).relevant


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Japan pledged new funding, officials in Manila said.", "pledged"),
        ("Estonia refused further procurement from the supplier.", "refused"),
        ("Norway is considering extra support, its envoy said.", "considering"),
        ("Ireland will pay for the transport.", "will"),
    ],
)
def test_a_status_word_lets_an_everyday_word_through(text: str, word: str) -> None:
    assert judge(text).relevant
    assert not judge(text.replace(word, "noticed")).relevant


def test_the_quick_everyday_check_never_rejects_what_the_full_rules_keep() -> None:
    """Articles without a security word skip the full matcher; the shortcut must agree with it."""
    t = triage()
    texts = [
        "Retail sales in Canada grew.\nCanada pledged new funding for Moldova.",
        "Sweden's support grew. It was a long night for fans.",
        "A grant went to the Irish orchestra. Ireland said it would keep the funding.",
        "Police in Oslo said aid was on the way. Norway will send 30 vehicles to the border.",
        "Norway pledged:\n\nnew funding for schools,\n\nmore teachers.",
        "Retail sales grew:\n\nDenmark, Norway and Sweden,\nall by 2 percent.",
    ]
    for text in texts:
        words, strong = t.prefilter.scan(text)
        assert words is not None and not strong, text
        full = t._everyday_position(text, words)
        starts = t.sentences(text)
        hits, cue_at = t._hits(text, words, starts)
        ends = [*starts[1:], len(text)]
        by_rule = any(
            hits["everyday"][i]
            and hits["actor"][i]
            and (hits["given"][i] or t._states(text, starts[i], ends[i], cue_at[i]))
            for i in range(len(starts))
        )
        assert full == by_rule == judge(text).relevant, text


def test_a_pronoun_takes_an_actor_named_two_sentences_before() -> None:
    text = "Norway spoke first. Nobody was surprised. It will deploy peacekeepers next year."
    assert judge(text).relevant


def test_shares_of_gdp_and_package_sums_are_cues() -> None:
    assert judge("Poland will spend 4.7 percent of GDP on defence.").relevant
    text = "Italy announced a military aid package. Of this, 835 million euros will buy shells for Kyiv."
    assert judge(text).relevant


def test_cue_lemmas_match_their_inflections() -> None:
    t = Triage(["Canada"], ["ground force", "peacekeeper", "rebuild", "supply route"])
    for text in ("Canada's ground forces.", "Canada's peacekeepers.", "Canada rebuilt it.", "Canada supply-routes."):
        assert t.judge(text).relevant, text
    assert not t.judge("Canada's troopship.").relevant


def test_the_prefilter_rejects_before_any_sentence_is_split() -> None:
    verdict = judge("Sunny spells and light winds for most areas of France.")
    assert verdict.sentences == 0 and not verdict.relevant


def test_actor_names_are_case_sensitive() -> None:
    assert not judge("they told us troops would come").relevant
    assert judge("The US said troops would come.").relevant


def test_text_whose_lower_case_changes_length_goes_to_the_full_rules() -> None:
    text = "İzmir fans cheered. Retail sales in Canada grew. Canada pledged new funding, officials said."
    words, strong = triage().prefilter.scan(text)
    assert words is not None and not strong
    assert triage()._everyday_position(text, words)
    assert judge(text).relevant
    assert not judge(text.replace("pledged", "noticed")).relevant


def test_a_reference_back_or_a_bare_sum_is_kept_however_far_after_the_cue() -> None:
    text = (
        "Britain runs a training programme for Ukrainian recruits. It started in 2022. "
        "Crowds were large. The weather was fine. Canada and Australia also take part in the programme. "
        "Prices rose. Fans sang. So far, Britain has spent about $3 billion on it. Rain fell."
    )
    kept = judge(text).reduced(text)
    assert "Canada and Australia also take part in the programme." in kept
    assert "So far, Britain has spent about $3 billion on it." in kept
    assert "Crowds were large." not in kept and "Fans sang." not in kept  # two sentences after anything kept


def test_a_reference_with_nothing_named_before_it_is_no_candidate() -> None:
    text = "The programme was popular. Canada and Australia take part in the programme.\n\nThe club sent its fans home."
    assert not judge(text).relevant


def test_a_line_ending_in_a_colon_or_comma_goes_on_in_the_next_line() -> None:
    text = "Canada will allocate millions for:\n\nemergency medical help,\n\nclean water.\nThe match ended."
    listed = "Canada will allocate millions for:\n\nemergency medical help,\n\nclean water."
    assert sentences(text) == [listed, "The match ended."]
