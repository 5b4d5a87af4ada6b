"""``kg serve``: the built dataset as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1.

The endpoint is Oxigraph's own server (the ``oxigraph`` package) in read-only mode over the
build's embedded store build/store/, whose default graph is the union of the named graphs (as a
set). The network page is served beside it, on the next port. Ctrl-C (or SIGTERM) stops both;
the server process is also set to die with kg.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from kg.core.errors import KgError
from kg.dataset.store import Paths

__all__ = ["serve", "oxigraph_binary", "port_free", "wait_for"]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        raise KgError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is free
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def wait_for(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            if time.monotonic() > deadline:
                raise KgError(f"the server did not answer at {url} within {timeout:g} s") from None
            time.sleep(0.05)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    import ctypes

    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class _PageHandler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server API
        if self.path in ("/", "/index.html"):
            self.path = "/graph.html"
        if self.path != "/graph.html":
            self.send_error(404, "only /graph.html is served here")
            return
        super().do_GET()

    def do_POST(self) -> None:  # noqa: N802
        self.send_error(405, "read-only")

    def log_message(self, *args) -> None:
        pass


def serve(paths: Paths = Paths(), *, port: int = 7878, timeout_s: int = 30, ready=None) -> None:
    """Serve build/store/ until interrupted. ``ready(query_url, page_url)`` is called once both
    answer. The caller makes sure build/ is current."""
    if not (paths.store / "adkg-store.json").is_file():
        raise KgError(f"no built dataset at {paths.build}/; run `kg build` first")
    for wanted in (port, port + 1):
        if not port_free(wanted):
            raise KgError(f"port {wanted} on 127.0.0.1 is already in use; choose another with --port "
                          "(the network page uses the port after it)")
    binary = oxigraph_binary()
    location = paths.store.resolve()
    server = page = None
    # Ctrl-C and SIGTERM stop the server, even where SIGINT was ignored (a background job).
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server = subprocess.Popen([binary, "serve-read-only", "--location", str(location),
                                   "--bind", f"127.0.0.1:{port}",
                                   "--timeout-s", str(timeout_s)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent)
        handler = functools.partial(_PageHandler, directory=str(paths.build.resolve()))
        page = http.server.ThreadingHTTPServer(("127.0.0.1", port + 1), handler)
        threading.Thread(target=page.serve_forever, daemon=True).start()
        query_url = f"http://127.0.0.1:{port}/query"
        try:
            wait_for(query_url + "?query=ASK%7B%7D")
        except KgError:
            error = server.stderr.read().decode("utf-8", "replace") if server.poll() is not None else ""
            raise KgError(f"the oxigraph server did not start: {error.strip()[:300]}") from None
        page_url = f"http://127.0.0.1:{port + 1}/graph.html"
        if ready:
            ready(query_url, page_url)
        while server.poll() is None:
            time.sleep(0.2)
        raise KgError(f"the oxigraph server stopped (exit status {server.returncode})")
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if page is not None:
            page.shutdown()
            page.server_close()
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
