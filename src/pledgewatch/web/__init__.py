"""The web app over the ledger (`pledgewatch serve`): pages for people, a JSON API for programs.

Read-only unless a token is configured; then `POST /api/ingest` accepts articles from bearers of it.
"""

from __future__ import annotations

from pledgewatch.web.app import create_app

__all__ = ["create_app"]
