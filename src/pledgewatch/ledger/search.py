"""Search that finds: every word (in any order, not as a phrase), stemmed, in either spelling, ranked.

One interface over each database's own full-text search, both set up by migration 0002_review:
SQLite's FTS5 (porter tokenizer, ranked by BM25, the title weighing five times the text) and
PostgreSQL's text search ('english' configuration, GIN expression indexes, ranked by ts_rank_cd
with the title weighted A). Stemming makes "troop" find "troops" and "pledged" find "pledges".

British and American spellings stem apart ("defence" -> "defenc", "defense" -> "defens"), so each
word of a query also asks for its other spelling (`variants`): -ence/-ense, -our/-or, -ise/-ize,
-yse/-yze, -tre/-ter, -lled/-led, -gramme/-gram, -ogue/-og. A variant that is no word finds nothing,
so the rules may overreach without harm. Common words ("the", "of") are dropped on both databases
alike (PostgreSQL would drop them, FTS5 would require them).

Each hit comes with its matching sentence, words marked: the database marks the words it matched
(FTS5 `highlight`, PostgreSQL `ts_headline`), and the sentence with the most marked words is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, select, text

from pledgewatch.ledger import schema as t
from pledgewatch.ledger.corrections import REVIEW_VERSION, Overlay
from pledgewatch.ledger.store import newest_extractions, records_query

START, STOP = "\x02", "\x03"  # markers around matched words: control characters no article keeps
MAX_WORDS = 12
WHAT = ("articles", "records")
#: The documents PostgreSQL's GIN indexes are built on (migration 0002_review); a query must use the same
#: expression for the index to serve it, which `tests/ledger/test_ledger_search.py` checks.
PG_ARTICLE_DOCUMENT = "coalesce(title, '') || ' ' || coalesce(outlet, '') || ' ' || text"
PG_RECORD_DOCUMENT = "evidence || ' ' || coalesce(condition, '')"
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "which",
        "will",
        "with",
    ]
)
#: (pattern, replacement) pairs turning one spelling into the other; applied to words of 5+ letters.
SPELLINGS: tuple[tuple[str, str], ...] = (
    (r"ence(s?)$", r"ense\1"),
    (r"ense(s?)$", r"ence\1"),
    (r"(..)our(s|ed|ing|ite|ites|able)?$", r"\1or\2"),
    (r"(.[^u])or(s|ed|ing|ite|ites|able)?$", r"\1our\2"),
    (r"is(e|es|ed|ing|ation|ations)$", r"iz\1"),
    (r"iz(e|es|ed|ing|ation|ations)$", r"is\1"),
    (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"yz(e|es|ed|ing)$", r"ys\1"),
    (r"(...)tre(s?)$", r"\1ter\2"),
    (r"(...)ter(s?)$", r"\1tre\2"),
    (r"ll(ed|ing|er|ers)$", r"l\1"),
    (r"([^l])l(ed|ing|er|ers)$", r"\1ll\2"),
    (r"gramme(s?)$", r"gram\1"),
    (r"gram(s?)$", r"gramme\1"),
    (r"ogue(s?)$", r"og\1"),
    (r"og(s?)$", r"ogue\1"),
)
_COMPILED = tuple((re.compile(p), r) for p, r in SPELLINGS)
WORD = re.compile(r"\w+", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


class SearchError(ValueError):
    """A query that cannot be searched; the message is one line saying why."""


@dataclass(frozen=True)
class Hit:
    """One article or record found, with the sentence that matched as (text, marked) segments."""

    article_pk: int
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    sentence: tuple[tuple[str, bool], ...]
    rank: float
    record_id: int | None = None
    record: dict[str, Any] | None = None

    @property
    def sentence_text(self) -> str:
        return "".join(s for s, _ in self.sentence)


@dataclass(frozen=True)
class Results:
    query: str
    words: tuple[tuple[str, ...], ...]  # each query word with its spellings
    total: int
    hits: list[Hit] = field(default_factory=list)


def variants(word: str) -> tuple[str, ...]:
    """The word and its other spellings (British/American)."""
    word = word.lower()
    found = [word]
    if len(word) >= 5:
        for pattern, replacement in _COMPILED:
            other = pattern.sub(replacement, word)
            if other != word and other not in found:
                found.append(other)
    return tuple(found)


def query_words(q: str) -> tuple[tuple[str, ...], ...]:
    """The query's words, common ones dropped, each with its spellings; every one must match."""
    words = [w.lower() for w in WORD.findall(q or "")]
    kept = list(dict.fromkeys(w for w in words if w not in STOPWORDS))
    if len(kept) > MAX_WORDS:
        raise SearchError(f"too many words ({len(kept)}); search for at most {MAX_WORDS}")
    return tuple(variants(w) for w in kept)


def search(engine: Engine, q: str, what: str = "articles", limit: int = 25, offset: int = 0) -> Results:
    """Articles or records matching every word of `q`, best first, `limit` of them from `offset`."""
    if what not in WHAT:
        raise SearchError(f"{what!r}: search articles or records")
    words = query_words(q)
    if not words:
        return Results(q, (), 0, [])
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if what == "articles":
            ranked = _sqlite_articles(conn, words) if sqlite else _pg_articles(conn, words)
            total = len(ranked)
            page = ranked[offset : offset + limit]
            hits = _article_hits(conn, page, words, sqlite)
        else:
            ranked = _sqlite_records(conn, words) if sqlite else _pg_records(conn, words)
            shown = _shown_records(conn, [rid for rid, _ in ranked])
            ranked = [(rid, rank) for rid, rank in ranked if rid in shown]
            total = len(ranked)
            hits = _record_hits(conn, ranked[offset : offset + limit], shown, words, sqlite)
    return Results(q, words, total, hits)


# --- matching: ids ranked best first ----------------------------------------------------------------


def fts5_query(words: tuple[tuple[str, ...], ...]) -> str:
    """An FTS5 MATCH expression: every word, each in any of its spellings; words are quoted, never syntax."""
    return " AND ".join("(" + " OR ".join(f'"{v}"' for v in group) + ")" for group in words)


def _pg_tsquery(words: tuple[tuple[str, ...], ...]) -> tuple[str, dict[str, str]]:
    """A tsquery expression over bound parameters (user text never becomes tsquery syntax)."""
    params: dict[str, str] = {}
    groups = []
    for i, group in enumerate(words):
        parts = []
        for j, v in enumerate(group):
            params[f"w{i}_{j}"] = v
            parts.append(f"plainto_tsquery('english', :w{i}_{j})")
        groups.append("(" + " || ".join(parts) + ")")
    return " && ".join(groups), params


def _sqlite_articles(conn: Connection, words: tuple[tuple[str, ...], ...]) -> list[tuple[int, float]]:
    rows = conn.execute(
        text(
            "SELECT rowid, bm25(search_articles, 5.0, 1.0, 1.0) AS rank FROM search_articles "
            "WHERE search_articles MATCH :q ORDER BY rank, rowid"
        ),
        {"q": fts5_query(words)},
    )
    return [(r[0], -float(r[1])) for r in rows]


def _sqlite_records(conn: Connection, words: tuple[tuple[str, ...], ...]) -> list[tuple[int, float]]:
    rows = conn.execute(
        text(
            "SELECT rowid, bm25(search_records) AS rank FROM search_records "
            "WHERE search_records MATCH :q ORDER BY rank, rowid"
        ),
        {"q": fts5_query(words)},
    )
    return [(r[0], -float(r[1])) for r in rows]


def _pg_articles(conn: Connection, words: tuple[tuple[str, ...], ...]) -> list[tuple[int, float]]:
    query, params = _pg_tsquery(words)
    rows = conn.execute(
        text(
            f"SELECT id, ts_rank_cd(setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            f"to_tsvector('english', {PG_ARTICLE_DOCUMENT}), q) AS rank "
            f"FROM articles, ({'SELECT ' + query} AS q) AS tsq "
            f"WHERE to_tsvector('english', {PG_ARTICLE_DOCUMENT}) @@ q ORDER BY rank DESC, id"
        ),
        params,
    )
    return [(r[0], float(r[1])) for r in rows]


def _pg_records(conn: Connection, words: tuple[tuple[str, ...], ...]) -> list[tuple[int, float]]:
    query, params = _pg_tsquery(words)
    rows = conn.execute(
        text(
            f"SELECT id, ts_rank_cd(to_tsvector('english', {PG_RECORD_DOCUMENT}), q) AS rank "
            f"FROM records, ({'SELECT ' + query} AS q) AS tsq "
            f"WHERE to_tsvector('english', {PG_RECORD_DOCUMENT}) @@ q ORDER BY rank DESC, id"
        ),
        params,
    )
    return [(r[0], float(r[1])) for r in rows]


# --- hits: the page's rows, with their matching sentence --------------------------------------------


def _marked(conn: Connection, sqlite: bool, table: str, column: int, pg_text: str, rowid: int, words: Any) -> str:
    """The column's text with the words the database matched between START and STOP."""
    if sqlite:
        return str(
            conn.execute(
                text(
                    f"SELECT highlight({table}, {column}, :a, :b) FROM {table} WHERE {table} MATCH :q AND rowid = :id"
                ),
                {"a": START, "b": STOP, "q": fts5_query(words), "id": rowid},
            ).scalar()
            or ""
        )
    query, params = _pg_tsquery(words)
    options = f"HighlightAll=true, StartSel={START}, StopSel={STOP}"
    return str(
        conn.execute(
            text(f"SELECT ts_headline('english', :body, {query}, :options)"),
            {**params, "body": pg_text, "options": options},
        ).scalar()
        or ""
    )


def best_sentence(marked: str, width: int = 400, title: str | None = None) -> tuple[tuple[str, bool], ...]:
    """The sentence with the most marked words, as (text, marked) segments; cut to `width` around the first mark.

    On a tie the article's own sentences go before its title, which cleaning may have kept as a first line:
    the result line shows the title already.
    """
    sentences = [s for s in SENTENCE_END.split(marked) if s.strip()]
    if not sentences:
        return ()

    def weight(i: int) -> tuple[int, int, bool, int]:
        s = sentences[i]
        words = re.findall(f"{START}(.*?){STOP}", s)
        plain = re.sub(f"[{START}{STOP}]", "", s).strip()
        return len({w.lower() for w in words}), len(words), plain != (title or "").strip(), -i

    best = sentences[max(range(len(sentences)), key=weight)]
    if len(best) > width:
        first = max(0, best.find(START) - width // 3)
        best = ("…" if first else "") + best[first : first + width] + "…"
    segments: list[tuple[str, bool]] = []
    for i, part in enumerate(re.split(f"[{START}{STOP}]", best)):
        if part:
            segments.append((part, i % 2 == 1))
    return tuple(segments)


def _article_hits(conn: Connection, page: list[tuple[int, float]], words: Any, sqlite: bool) -> list[Hit]:
    if not page:
        return []
    a = t.articles.c
    rows = {
        r.id: r
        for r in conn.execute(
            select(a.id, a.article_id, a.title, a.outlet, a.published, a.url, a.text).where(
                a.id.in_([pk for pk, _ in page])
            )
        )
    }
    hits = []
    for pk, rank in page:
        r = rows[pk]
        sentence = best_sentence(_marked(conn, sqlite, "search_articles", 2, r.text, pk, words), title=r.title)
        if not any(m for _, m in sentence):  # the title or outlet matched, not the text
            head = f"{r.title or ''}"
            sentence = best_sentence(_marked(conn, sqlite, "search_articles", 0, head, pk, words)) or ((head, False),)
        hits.append(Hit(pk, r.article_id, r.title, r.outlet, r.published, r.url, sentence, rank))
    return hits


def _shown_records(conn: Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    """Of these records, the ones views show (each article's newest reading and additions), as corrected."""
    if not ids:
        return {}
    newest = set(newest_extractions(conn))
    added = set(
        conn.execute(select(t.extractions.c.id).where(t.extractions.c.extractor_version == REVIEW_VERSION)).scalars()
    )
    overlay = Overlay(conn)
    wanted = set(ids)
    out = {}
    query = records_query().add_columns(t.extractions.c.article_pk, t.articles.c.title, t.articles.c.url)
    for row in conn.execute(query):  # filtered here: an IN list of every match could overrun SQLite's limit
        m = row._mapping
        if m["id"] not in wanted or (m["extraction_id"] not in newest and m["extraction_id"] not in added):
            continue
        shown = overlay.apply(m)
        if shown is not None:
            out[m["id"]] = shown
    return out


def _record_hits(
    conn: Connection, page: list[tuple[int, float]], shown: dict[int, dict[str, Any]], words: Any, sqlite: bool
) -> list[Hit]:
    hits = []
    for rid, rank in page:
        r = shown[rid]
        sentence = best_sentence(_marked(conn, sqlite, "search_records", 0, r["evidence"], rid, words), 1000)
        fields = ("actor", "kind", "status", "recipient", "amount_value", "amount_unit", "condition", "review")
        hits.append(
            Hit(
                r["article_pk"],
                r["article_id"],
                r["title"],
                r["outlet"],
                r["published"],
                r["url"],
                sentence or ((r["evidence"], False),),
                rank,
                rid,
                {k: r.get(k) for k in fields},
            )
        )
    return hits


__all__ = ["SPELLINGS", "Hit", "Results", "SearchError", "best_sentence", "query_words", "search", "variants"]
