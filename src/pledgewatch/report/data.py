"""What the views show, computed once from the ledger so the terminal, the HTML file and the web app agree.

Every view (matrix, aid totals, latest changes, checks) is derived from `Ledger.commitments()` and
`Ledger.checks()`; only the article texts behind sources and the article search read the tables
directly, with a bounded number of queries per page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Engine, func, select

from pledgewatch.ledger import Commitment
from pledgewatch.ledger import schema as t
from pledgewatch.ledger.merge import FIRMNESS
from pledgewatch.model import Check, Kind
from pledgewatch.report.aid import AidTotal, aid_totals
from pledgewatch.status_marks import COLOURS, LEGEND, SYMBOLS, status_label


@dataclass(frozen=True)
class Entry:
    """One recipient's line in a cell: the latest-reported commitment's status, and how many there are."""

    recipient: str | None
    status: str
    latest: Commitment
    count: int


@dataclass(frozen=True)
class Cell:
    """The commitments of one actor and kind, one entry per recipient, most recently reported first.

    Recipients are kept apart because "troops to Ukraine: conditional" and "troops to Latvia:
    delivered" are different answers; a single status for both would hide one of them.
    """

    entries: tuple[Entry, ...]
    commitments: tuple[Commitment, ...]

    @property
    def status(self) -> str:
        return self.entries[0].status

    @property
    def single_recipient(self) -> bool:
        return len(self.entries) == 1


def _cell(items: list[Commitment]) -> Cell:
    by_recipient: dict[str | None, list[Commitment]] = defaultdict(list)
    for c in items:
        by_recipient[c.recipient].append(c)
    entries = [Entry(r, str(_latest(v).status), _latest(v), len(v)) for r, v in by_recipient.items()]
    entries.sort(key=lambda e: (e.latest.last_seen or "", e.recipient or ""), reverse=True)
    return Cell(tuple(entries), tuple(items))


@dataclass(frozen=True)
class Change:
    since: str | None
    actor: str
    kind: str
    recipient: str | None
    status: str
    previous: str | None
    key: str
    articles: tuple[str, ...]


#: The matrix groups its kind columns, so thirteen kinds read as four questions and fit a 1280-px window.
KIND_GROUPS = (
    ("forces", ("troops", "air", "naval")),
    ("support", ("logistics", "border", "training", "monitoring")),
    ("aid", ("military_aid", "financial_aid", "humanitarian_aid", "reconstruction")),
    ("policy", ("spending_target", "guarantee")),
)
#: Column headers under their group ("aid" above "military" says military aid).
KIND_HEADERS = {
    "military_aid": "military",
    "financial_aid": "financial",
    "humanitarian_aid": "humanitarian",
    "reconstruction": "reconstruction",
    "spending_target": "spending target",
}


@dataclass(frozen=True)
class Evidence:
    """The sentence a source states a commitment in, and where to read it."""

    sentence: str
    article: str
    outlet: str | None
    published: str | None
    url: str | None
    article_pk: int
    record_id: int


@dataclass(frozen=True)
class View:
    """The coalition at a glance: the report's and the matrix page's content."""

    commitments: list[Commitment]
    actors: list[str]
    kinds: list[str]
    cells: dict[tuple[str, str], Cell]
    aid: list[AidTotal]
    changes: list[Change]
    checks: list[Check] = field(default_factory=list)
    evidence: dict[int, Evidence] = field(default_factory=dict)  # by record id (filled by `with_evidence`)

    @property
    def kind_groups(self) -> list[tuple[str, list[str]]]:
        """The kinds present, under their group, in the order of KIND_GROUPS."""
        grouped = [(name, [k for k in kinds if k in self.kinds]) for name, kinds in KIND_GROUPS]
        known = {k for _, kinds in KIND_GROUPS for k in kinds}
        other = [k for k in self.kinds if k not in known]
        return [g for g in grouped if g[1]] + ([("other", other)] if other else [])

    @property
    def grouped_kinds(self) -> list[str]:
        return [k for _, kinds in self.kind_groups for k in kinds]

    def evidence_for(self, c: Commitment, article: str | None = None) -> Evidence | None:
        """The latest report's sentence (or the named article's), so a row can show what it rests on."""
        reports = [s for s in c.reports if s.record_id in self.evidence and (article is None or s.article == article)]
        if not reports:
            return None
        latest = max(reports, key=lambda s: (s.published or "", s.article))
        return self.evidence[latest.record_id]  # type: ignore[index]

    def span(self) -> tuple[str, str] | None:
        """The first and last month the data itself reports, which every time chart spans."""
        months = {c.first_seen[:7] for c in self.commitments if c.first_seen}
        months |= {h.since[:7] for c in self.commitments for h in c.history if h.since}
        return (min(months), max(months)) if months else None


def _latest(items: list[Commitment]) -> Commitment:
    firmness = {str(s): i for i, s in enumerate(FIRMNESS)}
    return max(items, key=lambda c: (c.last_seen or "", firmness.get(str(c.status), 0)))


def in_range(c: Commitment, start: str | None, end: str | None) -> bool:
    """Reported at least once between start and end (ISO days or months compare as text)."""
    if start and (c.last_seen is None or c.last_seen < start):
        return False
    return not (end and (c.first_seen is None or c.first_seen[: len(end)] > end))


def build_view(
    commitments: list[Commitment],
    checks: list[Check],
    *,
    kind: str | None = None,
    start: str | None = None,
    end: str | None = None,
    changes: int = 15,
) -> View:
    """The matrix, totals and changes of the given commitments, narrowed by kind and date range."""
    kept = [c for c in commitments if (not kind or c.kind == kind) and in_range(c, start, end)]
    groups: dict[tuple[str, str], list[Commitment]] = defaultdict(list)
    for c in kept:
        groups[(c.actor, c.kind)].append(c)
    cells = {k: _cell(v) for k, v in groups.items()}
    order = [str(k) for k in Kind]
    kinds = sorted({c.kind for c in kept}, key=lambda k: order.index(k) if k in order else len(order))
    return View(
        commitments=kept,
        actors=sorted({c.actor for c in kept}),
        kinds=kinds,
        cells=cells,
        aid=aid_totals(kept),
        changes=latest_changes(kept, changes),
        checks=checks,
    )


def with_evidence(engine: Engine, view: View) -> View:
    """The view with every report's evidence sentence and source link: one query, filtered here."""
    wanted = {s.record_id for c in view.commitments for s in c.reports if s.record_id is not None}
    if not wanted:
        return view
    r = t.records.c
    query = (
        select(r.id, r.evidence, t.articles.c.id.label("pk"), t.articles.c.article_id, *ARTICLE_COLUMNS[2:])
        .join(t.extractions, t.extractions.c.id == r.extraction_id)
        .join(t.articles, t.articles.c.id == t.extractions.c.article_pk)
    )
    found: dict[int, Evidence] = {}
    with engine.connect() as conn:
        for row in conn.execute(query):  # an IN list of every record would overrun SQLite's parameter limit
            if row.id in wanted:
                found[row.id] = Evidence(
                    row.evidence, row.article_id, row.outlet, row.published, row.url, row.pk, row.id
                )
    return replace(view, evidence=found)


def latest_changes(commitments: list[Commitment], limit: int) -> list[Change]:
    """Each status change (the first report counts as one), newest first."""
    out = []
    for c in commitments:
        previous = None
        for h in c.history:
            out.append(Change(h.since, c.actor, c.kind, c.recipient, str(h.status), previous, c.key, h.articles))
            previous = str(h.status)
    out.sort(key=lambda ch: (ch.since or "", ch.key), reverse=True)
    return out[:limit]


def money(value: float | None) -> str:
    """Large figures as people say them: 1.4 bn, 250 m."""
    if value is None:
        return ""
    if abs(value) >= 1e9:
        return f"{value / 1e9:,.2f} bn"
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f} m"
    return f"{value:,.0f}"


# --- reading articles: the texts behind sources, and search ---------------------------------------

ARTICLE_COLUMNS = (
    t.articles.c.id,
    t.articles.c.article_id,
    t.articles.c.title,
    t.articles.c.url,
    t.articles.c.outlet,
    t.articles.c.published,
)


def source_texts(engine: Engine, record_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each record's evidence offsets with its article and text: one query for a whole commitment page."""
    if not record_ids:
        return {}
    r = t.records.c
    query = (
        select(
            r.id.label("record_id"), r.evidence, r.evidence_start, r.evidence_end, *ARTICLE_COLUMNS, t.articles.c.text
        )
        .join(t.extractions, t.extractions.c.id == r.extraction_id)
        .join(t.articles, t.articles.c.id == t.extractions.c.article_pk)
        .where(r.id.in_(record_ids))
    )
    with engine.connect() as conn:
        return {row.record_id: dict(row._mapping) for row in conn.execute(query)}


def split_evidence(text: str, start: int, end: int, evidence: str = "") -> tuple[str, str, str]:
    """(before, sentence, after): the page marks the middle. Offsets that do not fit the text find the sentence."""
    if not (0 <= start < end <= len(text)) and evidence:
        found = text.find(evidence)
        start, end = (found, found + len(evidence)) if found >= 0 else (0, 0)
    if not (0 <= start <= end <= len(text)):
        start = end = 0
    return text[:start], text[start:end], text[end:]


def excerpt(parts: tuple[str, str, str], context: int = 500) -> tuple[str, str, str]:
    """The evidence with up to `context` characters either side, cut at paragraph or word breaks.

    A long article's sentence would otherwise sit below the fold of its box; the full text stays
    one link away.
    """
    before, sentence, after = parts
    if len(before) > context:
        cut = before[-context:]
        para = cut.find("\n")
        before = "… " + (cut[para + 1 :] if 0 <= para < context // 2 else cut[cut.find(" ") + 1 :])
    if len(after) > context:
        cut = after[:context]
        para = cut.rfind("\n")
        after = (cut[:para] if para > context // 2 else cut[: cut.rfind(" ")]) + " …"
    return before, sentence, after


def marked_segments(text: str, spans: list[tuple[int, int]], context: int = 400) -> list[tuple[str, bool]]:
    """The text as (piece, marked) pieces, every span marked, long unmarked stretches shortened.

    Several records of one article (a package and its components) are shown in one copy of the
    text, each sentence marked, instead of one copy per record.
    """
    cuts: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(text)):
        if cuts and start < cuts[-1][1]:  # overlapping evidence: one mark covering both
            cuts[-1] = (cuts[-1][0], max(cuts[-1][1], end))
        else:
            cuts.append((start, end))
    pieces: list[tuple[str, bool]] = []
    at = 0
    for start, end in cuts:
        pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    pieces.append((text[at:], False))
    out = []
    last = len(pieces) - 1
    for i, (piece, marked) in enumerate(pieces):
        if not marked and len(piece) > 2 * context:
            if i == 0:
                piece = excerpt((piece, "", ""), context)[0]
            elif i == last:
                piece = excerpt(("", "", piece), context)[2]
            else:
                piece = (
                    excerpt(("", "", piece[:context]), context)[2]
                    + " … "
                    + excerpt((piece[-context:], "", ""), context)[0][2:]
                )
        out.append((piece, marked))
    return [p for p in out if p[0]]


def article(engine: Engine, pk: int) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(*ARTICLE_COLUMNS, t.articles.c.text).where(t.articles.c.id == pk)).first()
    return dict(row._mapping) if row else None


def record_offsets(engine: Engine, record_id: int) -> dict[str, Any] | None:
    r = t.records.c
    with engine.connect() as conn:
        row = conn.execute(select(r.evidence, r.evidence_start, r.evidence_end).where(r.id == record_id)).first()
    return dict(row._mapping) if row else None


def search_articles(
    engine: Engine, q: str | None, limit: int = 50, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """Articles matching every word of `q` (stemmed, either spelling), best first, each with its matching
    `sentence`; without `q`, every article, newest first. See `pledgewatch.ledger.search`."""
    from pledgewatch.ledger.search import search

    a = t.articles.c
    if not q or not q.strip():
        with engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(t.articles)).scalar_one()
            query = select(*ARTICLE_COLUMNS, a.text).order_by(a.published.desc(), a.article_id)
            rows = conn.execute(query.limit(limit).offset(offset)).all()
        return total, [{**dict(r._mapping), "sentence": None, "segments": []} for r in rows]
    results = search(engine, q, "articles", limit, offset)
    with engine.connect() as conn:
        wanted = [h.article_pk for h in results.hits]
        found = {r.id: r for r in conn.execute(select(*ARTICLE_COLUMNS, a.text).where(a.id.in_(wanted)))}
    out = [
        {**dict(found[h.article_pk]._mapping), "sentence": h.sentence_text, "segments": list(h.sentence)}
        for h in results.hits
    ]
    return results.total, out


__all__ = [
    "COLOURS",
    "KIND_GROUPS",
    "KIND_HEADERS",
    "LEGEND",
    "SYMBOLS",
    "AidTotal",
    "Cell",
    "Change",
    "Entry",
    "Evidence",
    "View",
    "aid_totals",
    "article",
    "build_view",
    "excerpt",
    "in_range",
    "latest_changes",
    "marked_segments",
    "money",
    "search_articles",
    "source_texts",
    "split_evidence",
    "status_label",
    "with_evidence",
]
