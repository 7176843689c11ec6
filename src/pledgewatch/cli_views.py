"""The `report` and `serve` subcommands: parsers and run functions delegating to `report` and `web`.

Kept out of cli.py so the views can grow without touching the extraction and ledger commands.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

DB_HELP = "database URL (default: $PLEDGEWATCH_DB, else sqlite:///pledgewatch.db in the working directory)"


def add_view_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rep = sub.add_parser(
        "report",
        help="print the coalition matrix, aid totals, latest changes and open checks",
        description="The coalition report on the terminal, or as one self-contained HTML file with --html.",
    )
    rep.add_argument("--db", metavar="URL", help=DB_HELP)
    rep.add_argument("--recipient", metavar="ID", help="only commitments to this recipient (UKR, ...)")
    rep.add_argument("--html", metavar="FILE", help="write a self-contained HTML report to FILE instead")

    srv = sub.add_parser(
        "serve",
        help="serve the ledger as web pages and a JSON API (read-only unless a token is set)",
        description="A web app over the ledger: matrix, actors, commitments with sources, checks, search, API.",
    )
    srv.add_argument("--db", metavar="URL", help=DB_HELP)
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    srv.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    srv.add_argument(
        "--token",
        metavar="TOKEN",
        help="enable ingesting through the web, for requests bearing this token (default: $PLEDGEWATCH_TOKEN)",
    )


def run_report(args: argparse.Namespace, out: TextIO, report_error: object) -> int:
    from pledgewatch.ledger import Ledger
    from pledgewatch.ledger.db import display
    from pledgewatch.report import load_view, render_terminal, write_html

    recipient = args.recipient.upper() if args.recipient else None
    with Ledger(args.db, create=False) as ledger:
        view = load_view(ledger, recipient=recipient)
        if args.html:
            try:
                path = write_html(view, args.html, recipient=recipient, source=display(ledger.url))
            except OSError as err:
                report_error(f"{args.html}: cannot write: {err.strerror or err}")  # type: ignore[operator]
                return 1
            out.write(f"wrote {path} ({len(view.commitments)} commitments, {len(view.checks)} checks)\n")
        else:
            title = f"Commitments to {recipient}" if recipient else "Coalition commitments"
            render_terminal(view, out, title=title)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from pledgewatch.ledger import Ledger
    from pledgewatch.web import create_app

    token = args.token or os.environ.get("PLEDGEWATCH_TOKEN") or None
    ledger = Ledger(args.db, create=False)  # fails here, as one line, on a missing ledger
    app = create_app(ledger, token=token)
    mode = "ingest enabled with a token" if token else "read-only"
    mode += "; reviewers sign in at /review/signin"
    print(f"pledgewatch: serving on http://{args.host}:{args.port}/ ({mode})", file=sys.stderr)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        ledger.close()
    return 0


__all__ = ["add_view_parsers", "run_report", "run_serve"]
