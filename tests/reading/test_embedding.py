"""The meaning vectors the learned decisions read (`reading.embedding`), and the model's shortcut
for them (`ReaderModel.dense_scores`).

What matters to the reader: the vectors come from the wheel without any download, paraphrases of a
commitment lie nearer each other than a commitment and market news, every candidate gets its
sentence's vector, one of the words around its actor, one per cued kind and one of the rest of the
article where there is enough of it, a window's vector is the mean of its words whether read from
running sums or on its own, and the model's folded weights give the scores the trained weights give
on the scaled rows.
"""

from __future__ import annotations

import logging

import numpy as np

from pledgewatch.extract import parsed
from pledgewatch.model import Article, Kind
from pledgewatch.reading import embedding
from pledgewatch.reading.amount_choice import AmountChooser
from pledgewatch.reading.model import KINDS, STATUSES, Calibration, DenseScaling, ReaderModel
from pledgewatch.reading.pipeline import pipeline
from pledgewatch.reading.reader import analyse


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def vector(text: str) -> np.ndarray:
    return embedding.embed_span(pipeline().make_doc(text))


def test_paraphrases_of_a_refusal_lie_nearer_each_other_than_market_news() -> None:
    refusal = vector("The Dutch government declined to commit troops to the mission.")
    paraphrase = vector("The Netherlands is not ready to send soldiers for the operation.")
    market = vector("Shares of the chipmaker rose after strong quarterly sales.")
    assert refusal.shape == (embedding.DIMENSIONS,)
    assert cosine(refusal, paraphrase) > cosine(refusal, market) + 0.2


def test_a_word_is_the_mean_of_its_sub_words_and_spaces_count_for_nothing() -> None:
    words = embedding.word_vectors()
    ids = words.tokenizer.encode("pledged", add_special_tokens=False).ids
    assert len(ids) > 1  # split into sub-words by the Llama tokenizer
    np.testing.assert_allclose(vector("pledged"), words.table[ids].mean(axis=0), rtol=1e-5)
    np.testing.assert_allclose(vector("Norway pledged"), vector("Norway \n pledged"), rtol=1e-5)


def test_loading_leaves_the_applications_logging_alone() -> None:
    embedding.word_vectors.cache_clear()
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    embedding.word_vectors()
    assert (list(root.handlers), root.level) == before


def test_every_candidate_gets_its_sentence_actor_and_cue_vectors() -> None:
    text = (
        "Norway sends frigate to the Baltic\n\n"
        "Norway will send a frigate and two patrol aircraft to the Baltic Sea, its defence minister said. "
        "Sweden said it would consider joining later."
    )
    ((article, doc),) = list(parsed([Article(id="baltic", text=text)]))
    analysis = analyse(doc, article)
    assert analysis.candidates and len(analysis.vectors) == len(analysis.candidates)
    norway = next(v for c, v in zip(analysis.candidates, analysis.vectors, strict=True) if c.actor == "NOR")
    assert Kind.NAVAL in norway.cues
    for cand, vectors in zip(analysis.candidates, analysis.vectors, strict=True):
        assert set(vectors.cues) == {k for k in cand.cues if cand.nearest_cue(k) is not None}
        assert (vectors.actor is None) == (not cand.actor_tokens)
        sent = cand.sent
        rest = [t for t in doc if not t.is_space and not (sent.start <= t.i < sent.end)]
        sums, counts = embedding.word_vectors().words(doc, np.array([t.orth for t in rest], dtype=np.uint64))
        assert (vectors.article is None) == (counts.sum() < embedding.CONTEXT)
        if vectors.article is not None:  # the mean of the other sentences' words
            np.testing.assert_allclose(vectors.article, sums.sum(axis=0) / counts.sum(), rtol=1e-3, atol=1e-5)
        np.testing.assert_allclose(vectors.sentence, vector(sent.text), rtol=1e-4, atol=1e-6)
        for kind, cue_vector in vectors.cues.items():
            cue = cand.nearest_cue(kind)
            window = doc[max(sent.start, cue.i - embedding.REACH) : min(sent.end, cue.i + embedding.REACH + 1)]
            np.testing.assert_allclose(cue_vector, vector(window.text), rtol=1e-4, atol=1e-6)


def test_sums_at_a_few_positions_are_the_running_sums_to_the_bit() -> None:
    """The weights were trained on vectors from a running sum added one word at a time; a sum taken
    another way (pairwise, in float32) would move scores by a rounding and could flip a record."""
    doc = pipeline().make_doc(
        "Norway will send a frigate and two patrol aircraft to the Baltic Sea,   its defence minister said.\n\n"
        "Sweden said it would consider joining later, after the elections in the autumn."
    )
    sums, counts = embedding.word_vectors().words(doc, doc.to_array("ORTH"))
    running = np.cumsum(sums, axis=0, dtype=np.float64)
    positions = {3, 4, 9, 17, len(doc) - 1}
    prefix = embedding._PrefixSums(doc, positions | {len(doc)})
    for start, end in [(0, len(doc)), (3, 4), (4, 17), (9, len(doc) - 1), (0, 3)]:
        total, count = prefix.total(start, end)
        expected = running[end - 1] - (running[start - 1] if start else 0.0)
        assert total.tobytes() == np.asarray(expected, dtype=np.float64).tobytes()
        assert count == counts[start:end].sum()


def test_the_rest_of_the_article_is_context_and_one_sentence_has_none() -> None:
    sentence = "Norway will send a frigate and two patrol aircraft to the Baltic Sea, its defence minister said."
    ((article, doc),) = list(parsed([Article(id="one", text=sentence)]))
    assert all(v.article is None for v in analyse(doc, article).vectors)
    longer = (
        sentence + " The ships will join the alliance's standing maritime group in the spring and stay until "
        "the autumn, the ministry said, adding that the crews had trained for months with Danish and German "
        "units in the North Sea and would be relieved in rotation."
    )
    ((article, doc),) = list(parsed([Article(id="two", text=longer)]))
    analysis = analyse(doc, article)
    first = next(v for c, v in zip(analysis.candidates, analysis.vectors, strict=True) if c.actor == "NOR")
    assert first.article is not None and not np.allclose(first.article, first.sentence)


def test_folded_dense_weights_score_as_the_scaled_rows_do() -> None:
    rng = np.random.default_rng(7)
    dims = 4
    width = DenseScaling.PARTS * dims
    scaling = DenseScaling(rng.normal(size=width), rng.uniform(0.05, 0.2, size=width))
    model = ReaderModel(
        vocabulary={}, kind_coef=np.zeros((len(KINDS), 0)), kind_intercept=np.zeros(len(KINDS)),
        status_coef=np.zeros((len(STATUSES), 0)), status_intercept=np.zeros(len(STATUSES)),
        threshold=0.5, calibration=Calibration(np.array([]), np.array([])), card={}, dense=scaling,
        kind_dense=rng.normal(size=(len(KINDS), width)), status_dense=rng.normal(size=(len(STATUSES), width)),
        amounts=AmountChooser({}, 0.5),
    )  # fmt: skip
    sentence, actor, article = rng.normal(size=dims), rng.normal(size=dims), rng.normal(size=dims)
    cues = {Kind.NAVAL: rng.normal(size=dims), Kind.AIR: rng.normal(size=dims)}
    for with_actor in (actor, None):
        kind_add, status_add = model.dense_scores(sentence, with_actor, cues, article)
        for row, kind in enumerate(KINDS):
            scaled = scaling.row(sentence, with_actor, cues.get(kind), article)
            assert np.isclose(kind_add[row], model.kind_dense[row] @ scaled)
            np.testing.assert_allclose(status_add[row], model.status_dense @ scaled)
