"""The coalition report: `pledgewatch report` on a terminal or as one self-contained HTML file.

`load_view` reads the ledger once; `render_terminal` and `write_html` show the same `View`.
"""

from __future__ import annotations

from pledgewatch.ledger import Ledger
from pledgewatch.report.data import View, build_view, with_evidence
from pledgewatch.report.html import render_html, write_html
from pledgewatch.report.terminal import render as render_terminal


def load_view(ledger: Ledger, *, recipient: str | None = None, kind: str | None = None) -> View:
    """Commitments (to `recipient`, if given), every open check and each report's evidence, as the views show them."""
    return with_evidence(ledger.engine, build_view(ledger.commitments(recipient=recipient), ledger.checks(), kind=kind))


__all__ = ["View", "build_view", "load_view", "render_html", "render_terminal", "write_html"]
