"""The front of ``kg serve``: a small HTTP server on 127.0.0.1 in front of the Oxigraph server.

Oxigraph's own server answers any ``Host:``, runs ``SERVICE`` to any host and reports a query
cancelled by its time limit as HTTP 200 with a truncated body. This front server is the only one
users reach; the Oxigraph process listens on another loopback address and port, known only to it.
For every request it

* refuses (403) a ``Host:`` other than ``127.0.0.1``, ``localhost`` or ``[::1]`` with this
  server's port, and an ``Origin:`` other than those (DNS rebinding, cross-site requests);
* reads the SPARQL Protocol request (``/query`` or ``/sparql``; GET, POST form or POST
  ``application/sparql-query``), refuses updates and ``SERVICE`` (403, through
  :mod:`kg.dataset.gate`), and sends Oxigraph a new request holding only what was checked: the
  query, ``default-graph-uri``, ``named-graph-uri``, ``union-default-graph`` and ``Accept``;
* holds Oxigraph's answer (in memory, then in an unnamed temporary file) until it is complete,
  so a query stopped by the time limit becomes HTTP 503 with a message, never 200. Oxigraph's
  own limit does not stop an answer it is streaming, so the front server also stops reading (and
  closes the connection, which stops Oxigraph) a few seconds past the limit, or beyond 1 GiB;
* serves the editor page at ``/`` (:mod:`kg.endpoint.editor`: YASGUI with the project's prefixes
  and helpers) and the network page at ``/graph.html``, and passes the editor's script, style and
  logo (bundled in the oxigraph binary) and Graph Store reads (``GET /store``) through; writes are
  refused (403).

A client that goes away is logged in one line, without a traceback.
"""

from __future__ import annotations

import http.client
import http.server
import re
import shutil
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.dataset.query import QueryError, check
from kg.endpoint.editor import editor_page

__all__ = ["Answer", "FrontServer", "Upstream", "allowed_hosts", "CANCELLED"]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
EDITOR_ASSETS = frozenset({"/yasgui.min.js", "/yasgui.min.css", "/logo.svg"})  # from the oxigraph binary
SPARQL_PATHS = frozenset({"/query", "/sparql"})
FORWARDED_PARAMS = ("default-graph-uri", "named-graph-uri", "union-default-graph")
UPDATE_PARAMS = frozenset({"update", "using-graph-uri", "using-named-graph-uri", "using-union-graph"})
MAX_REQUEST_BYTES = 16 * 1024 * 1024
IN_MEMORY_BYTES = 8 * 1024 * 1024
MAX_ANSWER_BYTES = 1024 * 1024 * 1024
GRACE_SECONDS = 5  # past Oxigraph's own time limit, which does not stop a streamed answer
CANCELLED = b"The SPARQL operation has been cancelled"
_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)
#: The patients' timelines `kg viz` writes beside the page (kg.view.timeline), served by that name only.
_TIMELINE = re.compile(r"timeline-[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.svg")


@dataclass(frozen=True)
class Upstream:
    """Where the Oxigraph server listens, and its query time limit in seconds."""

    host: str
    port: int
    time_limit: int


@dataclass
class Answer:
    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: IO[bytes] | bytes = b""

    @classmethod
    def text(cls, status: int, message: str) -> Answer:
        return cls(status, body=(message.rstrip() + "\n").encode("utf-8"))


def allowed_hosts(port: int) -> frozenset[str]:
    """The ``Host:`` values this server answers (lower case).

    >>> sorted(allowed_hosts(7878))
    ['127.0.0.1:7878', '[::1]:7878', 'localhost:7878']
    """
    names = {f"{name}:{port}" for name in LOOPBACK_NAMES}
    if port == 80:
        names |= set(LOOPBACK_NAMES)
    return frozenset(names)


class FrontServer(http.server.ThreadingHTTPServer):
    """Listens on 127.0.0.1:``port`` (0: any free port; :attr:`port` is the real one)."""

    daemon_threads = True

    def __init__(self, port: int, upstream: Upstream | None, page: Path,
                 log: Callable[[str], None] = lambda message: None) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.port: int = self.server_address[1]
        self.upstream = upstream
        self.page = page
        self.editor = editor_page()
        self.log = log
        self.hosts = allowed_hosts(self.port)
        self.origins = frozenset(f"http://{host}" for host in self.hosts)

    def handle_error(self, request, client_address) -> None:
        """One line for a connection that failed outside a request (no traceback)."""
        error = sys.exc_info()[1]
        who = f"{client_address[0]}:{client_address[1]}"
        if isinstance(error, _GONE):
            self.log(f"{who} closed the connection")
        else:
            self.log(f"{who}: {type(error).__name__}: {error}")


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FrontServer
    timeout = 60  # seconds a client may take to send its request
    server_version = "kg-serve"

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self._handle("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle("DELETE")

    def do_PATCH(self) -> None:  # noqa: N802
        self._handle("PATCH")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._handle("OPTIONS")

    def log_request(self, code="-", size="-") -> None:
        pass  # no line per request

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server API
        self.server.log(f"{self.client_address[0]}:{self.client_address[1]} {format % args}")

    def _handle(self, method: str) -> None:
        path = urllib.parse.urlsplit(self.path).path if self.path.startswith("/") else ""
        answer = None
        try:
            answer = self._misdirected() or self._route(method, path)
            self._send(method, answer)
        except _GONE:
            self.log_message("closed the connection before the answer to %s %s was sent", method, path)
            self.close_connection = True
        finally:
            if answer is not None and not isinstance(answer.body, bytes):
                answer.body.close()

    def _misdirected(self) -> Answer | None:
        hosts = self.headers.get_all("Host") or []
        where = f"http://127.0.0.1:{self.server.port}/"
        if len(hosts) != 1:
            return Answer.text(400, f"a request needs one Host header; use {where}")
        if hosts[0].strip().lower() not in self.server.hosts:
            self.log_message("refused Host %r", hosts[0][:100])
            return Answer.text(403, f"refused: Host {hosts[0][:100]!r} is not this server; it answers only on "
                                    f"loopback, as {where} (or localhost, [::1])")
        for origin in self.headers.get_all("Origin") or []:
            if origin.strip().lower() not in self.server.origins:
                self.log_message("refused Origin %r", origin[:100])
                return Answer.text(403, f"refused: a page from {origin[:100]!r} may not use this server; "
                                        f"open {where}")
        return None

    def _route(self, method: str, path: str) -> Answer:
        if path in SPARQL_PATHS:
            return self._sparql(method, path)
        if path == "/graph.html":
            return self._page(method, self.server.page, "text/html; charset=utf-8")
        if _TIMELINE.fullmatch(path[1:]):  # a timeline the page links to, beside it (the name checked)
            return self._page(method, self.server.page.parent / path[1:], "image/svg+xml")
        if path == "/":
            if method not in ("GET", "HEAD"):
                return Answer.text(405, "the editor page is read-only")
            return Answer(200, "text/html; charset=utf-8", self.server.editor)
        if path in EDITOR_ASSETS or path == "/store":
            if method not in ("GET", "HEAD"):
                return Answer.text(403, "refused: the server is read-only")
            return self._forward(method, self.path, None, None)
        if path == "/update":
            return Answer.text(403, "refused: the server is read-only; updates are not accepted")
        return Answer.text(404, "not found: this server answers /query and /sparql (SPARQL 1.1 Protocol), "
                                "/store (Graph Store reads), / (the YASGUI editor), /graph.html and its timeline-*.svg")

    def _page(self, method: str, file: Path, kind: str) -> Answer:
        if method not in ("GET", "HEAD"):
            return Answer.text(405, "the page is read-only")
        try:
            return Answer(200, kind, file.read_bytes())
        except OSError:
            return Answer.text(404, f"no {file.name} in {file.parent}; write it with `kg viz`")

    def _body(self) -> bytes | Answer:
        if self.headers.get("Transfer-Encoding"):
            return Answer.text(411, "send the request body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return Answer.text(400, "Content-Length is not a number")
        if not 0 <= length <= MAX_REQUEST_BYTES:
            return Answer.text(413, f"the request body is limited to {MAX_REQUEST_BYTES} bytes")
        return self.rfile.read(length)

    def _sparql_request(self, method: str) -> tuple[list[tuple[str, str]], str | None] | Answer:
        """The request's parameters (URL and form body) and a query sent as the body, if any."""
        if method not in ("GET", "POST"):
            return Answer.text(405, "use GET or POST for SPARQL queries")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            pairs = urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query, keep_blank_values=True,
                                           errors="strict")
            if method == "GET":
                return pairs, None
            if kind == "application/sparql-update":
                return Answer.text(403, "refused: the server is read-only; updates are not accepted")
            if kind not in ("application/x-www-form-urlencoded", "application/sparql-query"):
                return Answer.text(415, "send the query as application/x-www-form-urlencoded or "
                                        "application/sparql-query")
            body = self._body()
            if isinstance(body, Answer):
                return body
            if kind == "application/sparql-query":
                return pairs, body.decode("utf-8")
            return pairs + urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                                                  errors="strict"), None
        except UnicodeDecodeError:
            return Answer.text(400, "the request is not UTF-8 text")

    def _sparql(self, method: str, path: str) -> Answer:
        request = self._sparql_request(method)
        if isinstance(request, Answer):
            return request
        pairs, body_query = request
        if UPDATE_PARAMS & {name for name, _ in pairs}:
            return Answer.text(403, "refused: the server is read-only; updates are not accepted")
        queries = [value for name, value in pairs if name == "query"] + ([body_query] if body_query is not None else [])
        if len(queries) > 1:
            return Answer.text(400, "give the query once")
        if not queries:
            if pairs:
                return Answer.text(400, "the 'query' parameter is missing")
            return self._forward("GET", path, None, None)  # the service description
        try:
            text = check(queries[0])
        except QueryError as exc:
            return Answer.text(403, str(exc))
        form = [("query", text)] + [(name, value) for name, value in pairs if name in FORWARDED_PARAMS]
        return self._forward("POST", path, urllib.parse.urlencode(form).encode("utf-8"),
                             "application/x-www-form-urlencoded")

    def _forward(self, method: str, target: str, body: bytes | None, kind: str | None) -> Answer:
        upstream = self.server.upstream
        if upstream is None:
            return Answer.text(503, "the query engine is starting; try again")
        headers = {"Host": self.headers["Host"]}  # Oxigraph resolves relative IRIs against it
        if self.headers.get("Accept"):
            headers["Accept"] = self.headers["Accept"]
        if kind:
            headers["Content-Type"] = kind
        deadline = time.monotonic() + upstream.time_limit + GRACE_SECONDS
        connection = http.client.HTTPConnection(upstream.host, upstream.port,
                                                timeout=upstream.time_limit + GRACE_SECONDS)
        spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 - closed by _handle
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            problem = _relay(response, connection, spool, deadline)
        except TimeoutError:
            problem = "stopped"
        except (OSError, http.client.HTTPException) as exc:
            problem = f"the query engine failed to answer ({type(exc).__name__})"
        finally:
            connection.close()  # also stops Oxigraph writing an answer nobody will read
        if problem is None and response.status == 200 and _ends_with(spool, CANCELLED):
            problem = "stopped"
        if problem is None:
            spool.seek(0)
            return Answer(response.status, response.getheader("Content-Type") or "application/octet-stream", spool)
        spool.close()
        if problem == "stopped":
            return Answer.text(503, f"the query was stopped: it ran past the server's time limit of "
                                    f"{upstream.time_limit} s (start kg serve with a larger --timeout)")
        return Answer.text(502 if problem.startswith("the query engine") else 503, problem)

    def _send(self, method: str, answer: Answer) -> None:
        body = answer.body
        size = len(body) if isinstance(body, bytes) else body.seek(0, 2)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(size))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        if method == "HEAD":
            return
        if isinstance(body, bytes):
            self.wfile.write(body)
        else:
            body.seek(0)
            shutil.copyfileobj(body, self.wfile)


def _relay(response: http.client.HTTPResponse, connection: http.client.HTTPConnection, spool: IO[bytes],
           deadline: float) -> str | None:
    """Copy the answer into ``spool`` before ``deadline``, up to :data:`MAX_ANSWER_BYTES`; what went
    wrong, or None. (Oxigraph's time limit does not stop an answer that is being streamed.)"""
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return "stopped"
        if connection.sock is not None:
            connection.sock.settimeout(min(remaining, 5.0))
        chunk = response.read1(256 * 1024)
        if not chunk:
            return None
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            return (f"the answer is larger than {MAX_ANSWER_BYTES // 2**20} MiB, more than this server "
                    "holds; narrow the query (LIMIT, fewer variables)")
        spool.write(chunk)


def _ends_with(spool: IO[bytes], tail: bytes) -> bool:
    size = spool.seek(0, 2)
    if size < len(tail):
        return False
    spool.seek(size - len(tail))
    return spool.read() == tail
