"""A tiny web server on 127.0.0.1 for the feed tests (the `server` fixture is in conftest.py).

Routes are a dict the tests can read and extend: path -> (status, content type, body) or a
callable for the slow and oversize cases. Nothing leaves the machine, and the server is shut down
when the module's tests end.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = tuple[int, str, bytes] | Callable[[BaseHTTPRequestHandler], None]

PAGE = b"""<html><head><title>Oslo adds winter aid</title>
<meta property="og:site_name" content="Loopback News"></head>
<body><nav>Home | World</nav><article><h1>Oslo adds winter aid</h1>
<p>Norway will provide 500 million kroner in humanitarian aid to Ukraine this winter, the foreign
ministry in Oslo said on Tuesday, adding that the money would go to heating and shelters.</p>
<p>The government said the package comes on top of earlier support and that it would report on its
use to parliament in the spring.</p></article><footer>Contact us</footer></body></html>"""


def rss(items: list[tuple[str, str, str, str]], title: str = "Loopback News") -> bytes:
    """An RSS 2.0 document; items are (guid, title, link, description or content)."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{t}</title><link>{link}</link>"
        f"<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate><description>{body}</description></item>"
        for guid, t, link, body in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://127.0.0.1/</link><description>test</description>{entries}</channel></rss>"
    ).encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:wire</id>
<updated>2025-03-05T08:00:00Z</updated>
<entry><id>urn:wire:1</id><title>Vilnius and Berlin sign brigade accord</title>
<link href="http://127.0.0.1/never-fetched"/><updated>2025-03-05T08:00:00Z</updated>
<content type="html">&lt;p&gt;Germany will station a brigade of 4,800 soldiers in Lithuania by 2027.&lt;/p&gt;
&lt;p&gt;Vilnius pledged to build the barracks.&lt;/p&gt;</content></entry>
</feed>"""


@dataclass
class Server:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.hits[self.path] = server.hits.get(self.path, 0) + 1
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            if callable(route):
                route(self)
                return
            status, ctype, body = route
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            """Quiet: pytest output is for test results."""

    return Handler


def slow(seconds: float) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.end_headers()
            handler.wfile.write(rss([]))
        except OSError:
            pass  # the client gave up first, which is the point

    return route


def endless(chunk: int = 64 * 1024, chunks: int = 64) -> Route:
    """A body with no Content-Length that goes on past any sane cap."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.end_headers()
        try:
            for _ in range(chunks):
                handler.wfile.write(b" " * chunk)
        except OSError:
            pass

    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def trickle(head: bytes, body: bytes, pause: float, limit: float = 10.0) -> Route:
    """`head` at once, then `body` a byte at a time with `pause` between: never idle long enough for a read timeout."""

    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        started = time.monotonic()
        try:
            handler.wfile.write(head)
            for byte in body:
                handler.wfile.write(bytes([byte]))
                time.sleep(pause)
                if time.monotonic() - started > limit:
                    return
        except OSError:
            pass  # the client gave up, which is the point

    return route


def start(host: str = "127.0.0.1") -> tuple[Server, ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer((host, 0), BaseHTTPRequestHandler)
    state = Server(base=f"http://{host}:{httpd.server_address[1]}")
    httpd.RequestHandlerClass = _handler(state)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return state, httpd
