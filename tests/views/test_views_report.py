"""`pledgewatch report`: the terminal report and the self-contained HTML file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pledgewatch.cli import main
from pledgewatch.ledger import Ledger
from pledgewatch.report import load_view, render_html
from pledgewatch.status_marks import SYMBOLS


def test_terminal_report_shows_matrix_legend_aid_changes_and_checks(
    ledger_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--db", ledger_url, "--recipient", "ukr"]) == 0
    out = capsys.readouterr().out
    can = next(line for line in out.splitlines() if line.startswith("│ Canada (CAN)"))
    assert "◐ condit." in can and "● committed" in can and "LVA" not in out
    assert "◐ conditional (condit.)" in out
    assert "✖ ruled out" in next(line for line in out.splitlines() if line.startswith("│ Poland (POL)"))
    assert "legend:" in out and "✔ delivered" in out
    aid = next(line for line in out.splitlines() if line.startswith("│ Canada (CAN)") and " m " in line)
    assert "1 │" in aid and "2 │" in aid  # one package, two source articles
    assert "Latest changes" in out and "Open checks" in out


def test_cells_name_recipients_when_there_are_several(ledger_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--db", ledger_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("│ Canada (CAN)"))
    cell = " ".join(line.split("│")[2] for line in lines[at : at + 2])
    assert "UKR: ◐ condit." in cell and "LVA: ✔ delivered" in cell


def test_recipient_filter_by_name_and_unknown_recipient(ledger_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--db", ledger_url, "--recipient", "Latvia"]) == 0
    out = capsys.readouterr().out
    assert "Commitments to Latvia (LVA): 1 commitments" in out
    assert main(["report", "--db", ledger_url, "--recipient", "Japan"]) == 0
    assert "Commitments to Japan (JPN): 0 commitments" in capsys.readouterr().out
    assert main(["report", "--db", ledger_url, "--recipient", "xyz"]) == 2  # a typo is no empty report
    err = capsys.readouterr().err
    assert "unknown recipient 'xyz'" in err and len(err.splitlines()) == 1


def test_aid_counts_each_package_once(ledger: Ledger) -> None:
    view = load_view(ledger)
    can = next(a for a in view.aid if a.donor == "CAN")
    assert can.packages == 1 and can.sources == 2
    assert 300e6 < can.usd < 400e6  # 500 million CAD in March 2025, once
    assert 90e6 < next(a for a in view.aid if a.donor == "NOR").eur < 110e6


def test_html_report_is_self_contained_and_escaped(ledger_url: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--db", ledger_url, "--html", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 3
    assert "<script" not in html.lower()
    # Nothing is loaded (no src, no stylesheet link, no CSS url); links to the sources are plain anchors.
    assert not re.search(r"""(src=|<link[^>]*href=|url\()["']?(https?:)?//""", html), (
        "the report must not load anything"
    )
    assert all(
        a.startswith('<a href="#') or 'rel="noopener noreferrer nofollow"' in a for a in re.findall(r"<a [^>]*>", html)
    )
    assert "<style>" in html and "Content-Security-Policy" in html
    assert "◐ conditional" in html and "✖ ruled out" in html


def test_html_report_escapes_check_messages(ledger: Ledger) -> None:
    from dataclasses import replace

    view = load_view(ledger)
    hostile = replace(view.checks[0], message="<script>alert(1)</script>") if view.checks else None
    if hostile is None:
        from pledgewatch.model import Check

        hostile = Check("demo", "<script>alert(1)</script>", "<b>x</b>")
    html = render_html(replace(view, checks=[hostile]))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_unwritable_html_path_is_one_line(ledger_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--db", ledger_url, "--html", str(tmp_path / "missing" / "r.html")]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err


def test_missing_ledger_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--db", f"sqlite:///{tmp_path / 'nope.db'}"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


@pytest.mark.parametrize("columns", [60, 100, 160])
def test_terminal_report_adapts_to_its_width_instead_of_cropping(
    ledger_url: str, ledger: Ledger, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", str(columns))
    assert main(["report", "--db", ledger_url]) == 0
    out = capsys.readouterr().out
    assert max(cell_len(line) for line in out.splitlines()) <= columns
    assert "…" not in out  # nothing ellipsised
    view = load_view(ledger)
    for actor in view.actors:
        assert f"({actor})" in out
    matrix = out.split("legend:")[0]
    for cell in view.cells.values():  # every cell's status symbol is there, whatever the layout
        for entry in cell.entries:
            assert SYMBOLS[entry.status] in matrix
    assert "Canada (CAN)" in out.split("Aid per donor")[1]


def test_html_report_rows_carry_their_evidence_sentence_and_source_link(ledger_url: str, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--db", ledger_url, "--html", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    rows = html.split('id="commitments"')[1].split("</table>")[0]
    assert rows.count("<tr>") == 1 + len(load_view_of(ledger_url).commitments)  # header + one per commitment
    package = next(r for r in rows.split("<tr>") if "Canada (CAN) · military aid → Ukraine (UKR)" in r)
    # The latest report (the follow-up of 2025-03-10) has no URL: its outlet, date and id stand in for a link.
    assert "The government confirmed that the 500 million Canadian dollar military aid package" in package
    assert "Lakeshore Times (id vt-can-package-followup), 2025-03-10" in package
    first = next(
        r
        for r in html.split('id="changes"')[1].split("</table>")[0].split("<tr>")
        if "<td>vt-can-package, vt-can-package-followup<" in r
    )
    assert '<a href="https://example.org/maple/can-package" rel="noopener noreferrer nofollow">Maple Desk</a>' in first


def load_view_of(url: str):  # type: ignore[no-untyped-def]
    with Ledger(url, create=False) as led:
        return load_view(led)


def test_time_charts_span_the_datas_own_months_and_label_both_ends(ledger: Ledger) -> None:
    from pledgewatch.report.html import chart_markup

    view = load_view(ledger)
    assert view.span() == ("2025-03", "2025-04")
    charts = chart_markup(view)
    for name in ("over_time", "changes"):
        labels = re.findall(r'text-anchor="middle">(\d{4}-\d{2})</text>', str(charts[name]))
        if labels:
            assert labels[0] == "2025-03" and labels[-1] == "2025-04", (name, labels)
    assert re.findall(r'text-anchor="middle">(\d{4}-\d{2})</text>', str(charts["over_time"])) == ["2025-03", "2025-04"]
