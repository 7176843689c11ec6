"""The report as one self-contained HTML file: inline CSS and inline SVG, no script, no network.

Jinja2 autoescapes every value, so article-derived text cannot become markup; only the SVG charts
(built and escaped in `charts.py`) are inserted as markup.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from pledgewatch import names
from pledgewatch.report import charts
from pledgewatch.report.data import COLOURS, KIND_HEADERS, LEGEND, SYMBOLS, View, money, status_label
from pledgewatch.report.links import web_url

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment(*extra: Path) -> Environment:
    """The Jinja environment the report and the web app share (templates, filters, autoescape on)."""
    env = Environment(
        loader=FileSystemLoader([*map(str, extra), str(TEMPLATES)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    env.filters["status_label"] = status_label
    env.filters["web_url"] = web_url  # only http(s) URLs become links: `{% if u|web_url %}<a href=...`
    env.filters["label"] = names.label
    env.globals.update(SYMBOLS=SYMBOLS, COLOURS=COLOURS, LEGEND=LEGEND, KIND_HEADERS=KIND_HEADERS)
    return env


def chart_markup(view: View) -> dict[str, Markup]:
    return {
        "aid": Markup(charts.aid_bars(view.aid)),  # labels escaped in charts.py
        "over_time": Markup(charts.commitments_over_time(view.commitments, span=view.span())),
        "changes": Markup(charts.status_changes(view.commitments, span=view.span())),
    }


def render_html(view: View, *, recipient: str | None = None, source: str = "") -> str:
    template = environment().get_template("report.html")
    return template.render(
        view=view,
        recipient=recipient,
        source=source,
        charts=chart_markup(view),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_html(view: View, path: str | Path, **kwargs: str | None) -> Path:
    out = Path(path)
    out.write_text(render_html(view, **kwargs), encoding="utf-8")  # type: ignore[arg-type]
    return out


__all__ = ["chart_markup", "environment", "render_html", "write_html"]
