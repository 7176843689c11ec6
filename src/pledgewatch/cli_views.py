"""The `report` and `serve` subcommands: parsers and run functions delegating to `report` and `web`.

Kept out of cli.py so the views can grow without touching the extraction and ledger commands.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

DB_HELP = "database URL (default: $PLEDGEWATCH_DB, else sqlite:///pledgewatch.db in the working directory)"


def add_view_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rep = sub.add_parser(
        "report",
        help="print the coalition matrix, aid totals, latest changes and open checks",
        description="The coalition report on the terminal, or as one self-contained HTML file with --html.",
    )
    rep.add_argument("--db", metavar="URL", help=DB_HELP)
    rep.add_argument("--recipient", metavar="NAME", help="only commitments to this recipient (UKR, Ukraine, ...)")
    rep.add_argument("--html", metavar="FILE", help="write a self-contained HTML report to FILE instead")

    srv = sub.add_parser(
        "serve",
        help="serve the ledger as web pages and a JSON API (read-only unless a token is set)",
        description="A web app over the ledger: matrix, actors, commitments with sources, checks, search, API.",
    )
    srv.add_argument("--db", metavar="URL", help=DB_HELP)
    srv.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    srv.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    token = srv.add_mutually_exclusive_group()
    token.add_argument(
        "--token",
        metavar="TOKEN",
        help="enable ingesting through the web, for requests bearing this token; visible to other users in `ps`: "
        "prefer --token-file or $PLEDGEWATCH_TOKEN",
    )
    token.add_argument(
        "--token-file",
        metavar="FILE",
        help="read the token from the first line of FILE (default: $PLEDGEWATCH_TOKEN)",
    )
    srv.add_argument(
        "--allow-private",
        action="store_true",
        help="let web ingest fetch feed URLs on loopback and private addresses (a trusted network only)",
    )
    srv.add_argument(
        "--max-request-mb",
        type=float,
        metavar="MB",
        help="refuse requests (uploads) larger than this with 413, before reading them "
        "(default: $PLEDGEWATCH_MAX_REQUEST_MB, else 50)",
    )


def run_report(args: argparse.Namespace, out: TextIO, report_error: object) -> int:
    from pledgewatch import filters, names
    from pledgewatch.ledger import Ledger
    from pledgewatch.ledger.db import display
    from pledgewatch.report import load_view, render_terminal, write_html

    try:
        recipient = filters.actor(args.recipient, "recipient")
    except filters.BadFilter as err:
        report_error(str(err))  # type: ignore[operator]
        return 2
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
            title = f"Commitments to {names.label(recipient)}" if recipient else "Coalition commitments"
            render_terminal(view, out, title=title)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from pledgewatch.ledger import Ledger
    from pledgewatch.web import create_app
    from pledgewatch.web.guard import request_cap

    try:
        token = _token(args)
    except TokenError as err:
        print(f"pledgewatch: {err}", file=sys.stderr)
        return 1
    try:
        cap = request_cap(args.max_request_mb)
    except ValueError as err:
        print(f"pledgewatch: {err}", file=sys.stderr)
        return 2
    from pledgewatch.sources import FetchSettings

    fetch = FetchSettings(allow_private=args.allow_private)
    ledger = Ledger(args.db, create=False, fetch=fetch)  # fails here, as one line, on a missing ledger
    app = create_app(ledger, token=token, max_request_bytes=cap)
    mode = "ingest enabled with a token" if token else "read-only"
    mode += "; reviewers sign in at /review/signin"
    print(f"pledgewatch: serving on http://{args.host}:{args.port}/ ({mode})", file=sys.stderr)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        ledger.close()
    return 0


class TokenError(ValueError):
    """The token file cannot give a token; one line for the user."""


def _token(args: argparse.Namespace) -> str | None:
    """--token, else the first line of --token-file, else $PLEDGEWATCH_TOKEN; None for a read-only server."""
    if args.token_file:
        try:
            lines = Path(args.token_file).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            problem = err.strerror if isinstance(err, OSError) and err.strerror else "not a UTF-8 text file"
            raise TokenError(f"{args.token_file}: cannot read the token: {problem}") from None
        token = lines[0].strip() if lines else ""
        if not token:
            raise TokenError(f"{args.token_file}: the token file is empty")
        return token
    return args.token or os.environ.get("PLEDGEWATCH_TOKEN") or None


__all__ = ["add_view_parsers", "run_report", "run_serve"]
