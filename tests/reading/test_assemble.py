"""How the learned reader's positions become records (`reader.assemble`), apart from the model: the
positions are built by hand from the candidates of an article of ours, and the rule reader's drafts
are set aside so that every record is made from a candidate.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from pledgewatch.extract import parsed
from pledgewatch.model import Article, Kind, Status
from pledgewatch.reading.reader import Analysis, Position, analyse, assemble

TEXT = (
    "Norway adds to its support for Ukraine\n\n"
    "Norway will give Ukraine 500 million kroner for air defence, the defence ministry said on Monday. "
    "Norway will later give Ukraine another 300 million kroner, the minister added. "
    "Norway confirmed that 500 million kroner would go to air defence. "
    "Norway has also sent 20 soldiers to Poland. "
    "Norway will send 40 more soldiers to Poland in May."
)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    ((article, doc),) = list(parsed([Article(id="nor-packages", text=TEXT)]))
    assert doc is not None
    return replace(analyse(doc, article), rule_records=[])


def norway_in(analysis: Analysis, sentence: int):
    sentences = sorted({c.sent.start for c in analysis.candidates})
    (cand,) = [c for c in analysis.candidates if c.actor == "NOR" and c.sent.start == sentences[sentence]]
    return cand


def test_a_second_sentence_with_another_figure_is_a_record_of_its_own(analysis: Analysis) -> None:
    first, second, repeat = (norway_in(analysis, n) for n in (1, 2, 3))
    position = Position("NOR", Kind.MILITARY_AID, Status.COMMITTED, 0.8, first, [(second, 0.6), (repeat, 0.5)])
    records = assemble(analysis, [position])
    assert [(r.amount.value, r.amount.unit) for r in records if r.amount] == [(500e6, "NOK"), (300e6, "NOK")]
    assert [r.confidence for r in records] == [0.8, 0.6]
    assert records[1].evidence.startswith("Norway will later give Ukraine another 300 million kroner")


def test_other_kinds_stay_one_record_per_position(analysis: Analysis) -> None:
    earlier, later = norway_in(analysis, 4), norway_in(analysis, 5)
    position = Position("NOR", Kind.TROOPS, Status.COMMITTED, 0.7, later, [(earlier, 0.5)])
    (record,) = assemble(analysis, [position])
    assert (record.amount.value, record.amount.unit) == (40, "troops")


def test_a_single_record_position_takes_its_figure_from_a_sentence_that_gives_one(analysis: Analysis) -> None:
    no_figure, with_figure = norway_in(analysis, 1), norway_in(analysis, 5)
    position = Position("NOR", Kind.TROOPS, Status.COMMITTED, 0.7, no_figure, [(with_figure, 0.4)])
    (record,) = assemble(analysis, [position])
    assert (record.amount.value, record.amount.unit) == (40, "troops")
    assert record.evidence.startswith("Norway will send 40 more soldiers") and record.confidence == 0.7
