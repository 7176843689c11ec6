"""Where a fetch may connect, and for how long: public addresses only, within one overall deadline.

A feed URL, a redirect or a link in a feed entry is data from the outside world; followed blindly it
reaches the loopback interface, the office network or a cloud metadata service, and the difference
between "refused" and "not found" in our error list would map them for an attacker. So the check
sits where the connection is made, in httpcore's network backend: after DNS (the name is resolved
here and the connection goes to the address that was checked, so a second lookup cannot answer
differently), for every connection, including every redirect. Numeric spellings (0x7f000001,
2130706433, [::1], ::ffff:127.0.0.1) resolve to the address they mean and are judged by it. Every
way of failing to connect, refused by us or by the host, gives the same message.

The same backend enforces the overall deadline: each socket read and write waits at most the time
left, so a server trickling a byte a second cannot hold a request past its deadline.
`allow_private=True` lifts the address check for feeds on a trusted network.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import time
import typing
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar

import httpcore
import httpx

#: The one message for every connection that is not made: refused here, refused there, or no such host.
UNREACHABLE = "cannot connect (no such host, connection refused, or not a public address)"

_DEADLINE: ContextVar[float | None] = ContextVar("pledgewatch_fetch_deadline", default=None)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: str) -> bool:
    """True for an address on the public internet; False for loopback, private, link-local, reserved ...

    IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4, Teredo) are judged by that address.
    """
    try:
        ip: Address = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    for inner in _embedded_ipv4(ip):
        if not is_public(str(inner)):
            return False
    return ip.is_global and not ip.is_multicast


def _embedded_ipv4(ip: Address) -> Iterator[ipaddress.IPv4Address]:
    if not isinstance(ip, ipaddress.IPv6Address):
        return
    if ip.ipv4_mapped is not None:
        yield ip.ipv4_mapped
    if ip.sixtofour is not None:
        yield ip.sixtofour
    if ip.teredo is not None:
        yield from ip.teredo
    if ip in _NAT64:
        yield ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


@contextlib.contextmanager
def deadline(at: float) -> Iterator[None]:
    """Within this block, network reads and writes end at time.monotonic() == `at`."""
    token = _DEADLINE.set(at)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _left(timeout: float | None, expired: type[Exception]) -> float | None:
    """The wait allowed for one network operation: its own timeout, cut to what the deadline leaves."""
    end = _DEADLINE.get()
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise expired("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every wait is bounded by the request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's own socket backend, connecting only to checked addresses and within the deadline."""

    def __init__(self, allow_private: bool = False, allowed: Callable[[str], bool] = is_public) -> None:
        self.allowed = (lambda _address: True) if allow_private else allowed
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._addresses(host, port)
        failure: Exception = httpcore.ConnectError(UNREACHABLE)
        for address in addresses:
            try:
                stream = self._sockets.connect_tcp(
                    address, port, _left(timeout, httpcore.ConnectTimeout), local_address, socket_options
                )
            except httpcore.ConnectTimeout as exc:
                failure = exc
                continue
            except httpcore.ConnectError:
                continue
            return _DeadlineStream(stream)
        raise failure

    def _addresses(self, host: str, port: int) -> list[str]:
        """The host's addresses, all of them public (unless allowed); else the one uniform error."""
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            raise httpcore.ConnectError(UNREACHABLE) from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        # One private answer taints the name: a host that resolves inside too is not a public host.
        if not addresses or not all(self.allowed(a) for a in addresses):
            raise httpcore.ConnectError(UNREACHABLE)
        return addresses

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[typing.Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError(UNREACHABLE)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def guarded_transport(allow_private: bool = False, allowed: Callable[[str], bool] = is_public) -> httpx.HTTPTransport:
    """An httpx transport whose connections go through `GuardedBackend` (`allowed` judges each address).

    httpx 0.28 takes no network backend of its own, so the transport's connection pool is replaced
    by one built with ours (the pool is all the transport holds; tests pin the behaviour). Proxies
    from the environment are not used: a client given a transport ignores them, and a proxy would
    make the address check meaningless.
    """
    transport = httpx.HTTPTransport()
    transport._pool.close()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(), network_backend=GuardedBackend(allow_private, allowed)
    )
    return transport


__all__ = ["UNREACHABLE", "GuardedBackend", "deadline", "guarded_transport", "is_public"]
