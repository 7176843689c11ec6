"""Charts as inline SVG strings built here, so the HTML report and the web app need no script or CDN.

Every label is escaped with `html.escape` before it enters the markup: the SVG is inserted into pages
as trusted markup, and donor or kind names ultimately come from the news.
"""

from __future__ import annotations

import math
from collections import Counter
from html import escape

from pledgewatch.ledger import Commitment
from pledgewatch.report.data import COLOURS, AidTotal, money, status_label

FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {FONT}><title>{escape(title)}</title>{"".join(body)}</svg>'
    )


def _empty(title: str) -> str:
    return _svg(400, 40, title, ['<text x="8" y="24" fill="#555">nothing to chart yet</text>'])


def aid_bars(totals: list[AidTotal], width: int = 640) -> str:
    """Horizontal bars of firm aid per donor in USD, largest first: delivered, then committed on top of it."""
    title = "Aid per donor (USD; delivered, then committed not yet delivered)"
    totals = [a for a in totals if a.usd > 0]
    if not totals:
        return _empty(title)
    row, left, right = 24, 70, 110
    top = max(a.usd for a in totals) or 1.0
    span = width - left - right
    body = []
    for i, a in enumerate(totals):
        y = i * row + 4
        w = max(1.0, a.usd / top * span)
        done = a.delivered / top * span
        body.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(a.donor)}</text>')
        body.append(
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{row - 8}" fill="{COLOURS["committed"]}" rx="2"/>'
        )
        if done > 0:
            body.append(
                f'<rect x="{left}" y="{y}" width="{done:.1f}" height="{row - 8}" fill="{COLOURS["delivered"]}" rx="2">'
                f"<title>{escape(a.donor)}: {escape(money(a.delivered))} $ delivered</title></rect>"
            )
        body.append(f'<text x="{left + w + 6:.1f}" y="{y + 14}">{escape(money(a.usd))} $</text>')
    return _svg(width, len(totals) * row + 8, title, body)


def _month(day: str | None) -> str | None:
    return day[:7] if day else None


def _columns(months: list[str], stacks: dict[str, Counter[str]], title: str, width: int) -> str:
    """Stacked columns per month, one colour per status; the first and last month are always labelled."""
    height, bottom, left = 200, 56, 30
    top = max(sum(c.values()) for c in stacks.values()) or 1
    step = (width - left - 10) / len(months)
    bar = max(2.0, step * 0.7)
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" stroke="#999"/>']
    body.append(f'<text x="{left - 4}" y="14" text-anchor="end">{top}</text>')
    body.append(f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end">0</text>')
    label_every = max(1, math.ceil(60 / step))  # a label is about 50 px wide
    for i, m in enumerate(months):
        x = left + i * step + (step - bar) / 2
        y = height - bottom
        for status, n in sorted(stacks[m].items()):
            h = n / top * (height - bottom - 10)
            y -= h
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS.get(status, "#888")}"><title>{escape(m)}: {n} {escape(status_label(status))}'
                "</title></rect>"
            )
        last = i == len(months) - 1
        if (i % label_every == 0 and len(months) - 1 - i >= label_every) or last:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(m)}</text>'
            )
    present = sorted({status for c in stacks.values() for status in c}, key=list(COLOURS).index)
    x = float(left)
    for status in present:  # the colour key, under the axis labels
        body.append(f'<rect x="{x:.0f}" y="{height - 14}" width="10" height="10" fill="{COLOURS[status]}"/>')
        body.append(f'<text x="{x + 14:.0f}" y="{height - 5}">{escape(status_label(status))}</text>')
        x += 24 + 7 * len(status_label(status))
    return _svg(width, height, title, body)


def _month_range(months: set[str]) -> list[str]:
    """Every month from the first to the last, so gaps in reporting show as gaps."""
    first, last = min(months), max(months)
    out, (y, m) = [], (int(first[:4]), int(first[5:7]))
    while f"{y:04d}-{m:02d}" <= last and len(out) < 240:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def commitments_over_time(commitments: list[Commitment], width: int = 640, span: tuple[str, str] | None = None) -> str:
    """New commitments per month of first report, coloured by their current status.

    `span` (first and last month) is the whole data's, so both time charts share one axis; without
    it the chart spans its own months.
    """
    title = "Commitments by month first reported (colour: current status)"
    stacks: dict[str, Counter[str]] = {}
    for c in commitments:
        m = _month(c.first_seen)
        if m:
            stacks.setdefault(m, Counter())[str(c.status)] += 1
    if not stacks:
        return _empty(title)
    months = _month_range(set(stacks) | set(span or ()))
    return _columns(months, {m: stacks.get(m, Counter()) for m in months}, title, width)


def status_changes(commitments: list[Commitment], width: int = 640, span: tuple[str, str] | None = None) -> str:
    """Changes of status per month (a first report excluded), coloured by the status changed to."""
    title = "Status changes by month (colour: new status)"
    stacks: dict[str, Counter[str]] = {}
    for c in commitments:
        for h in c.history[1:]:
            m = _month(h.since)
            if m:
                stacks.setdefault(m, Counter())[str(h.status)] += 1
    if not stacks:
        return _empty(title)
    months = _month_range(set(stacks) | set(span or ()))
    return _columns(months, {m: stacks.get(m, Counter()) for m in months}, title, width)


__all__ = ["aid_bars", "commitments_over_time", "status_changes"]
