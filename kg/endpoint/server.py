"""``kg serve``: the built dataset as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1.

Two processes, one address. Oxigraph's own server (the ``oxigraph`` package) runs read-only over
the build's embedded store build/store/ (default graph: the union of the curated named graphs, as a set)
on a random loopback address and port. In front of it, on 127.0.0.1:``port``, a small Python
server (:mod:`kg.endpoint.proxy`) is the only one users reach: it checks the ``Host:`` header,
refuses updates and ``SERVICE``, turns a query stopped by the time limit into HTTP 503, and serves
the network page at ``/graph.html``. ``port`` 0 picks a free port.

Nothing temporary is written: the store is read in place (read-only, so a killed server leaves it
as it was) and large answers are held in an unnamed temporary file. Earlier versions loaded a
temporary store, ``adkg-serve-*`` in the temporary folder; one left by a killed run is removed at
the next start (:func:`remove_stale_stores`). Ctrl-C or SIGTERM stops both processes; the Oxigraph
process is also set to die with kg.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from functools import partial
from pathlib import Path

from kg.core.errors import KgError
from kg.core.limits import MAX_TIMEOUT
from kg.dataset.store import Paths
from kg.endpoint.proxy import FrontServer, Upstream
from kg.publish.storage import MARKER

__all__ = ["serve", "oxigraph_binary", "port_free", "wait_for", "remove_stale_stores", "STALE_PREFIX"]

STALE_PREFIX = "adkg-serve-"


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


def wait_for(url: str, timeout: float = 20.0, alive: Callable[[], bool] = lambda: True) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            if time.monotonic() > deadline or not alive():
                raise KgError(f"the server did not answer at {url} within {timeout:g} s") from None
            time.sleep(0.05)


def _command_lines() -> list[bytes] | None:
    """Every running process's command line (Linux /proc), or None where that cannot be read."""
    proc = Path("/proc")
    if not (proc / "self" / "cmdline").exists():
        return None
    lines = []
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                lines.append((entry / "cmdline").read_bytes())
            except OSError:
                continue
    return lines


def remove_stale_stores(folder: Path | None = None) -> list[Path]:
    """Remove the temporary stores (``adkg-serve-*``) that killed runs of earlier versions left in
    ``folder`` (default: the temporary folder): only this user's, and only those no running process
    names. Returns what was removed."""
    folder = Path(folder or tempfile.gettempdir())
    candidates = [p for p in folder.glob(STALE_PREFIX + "*")
                  if p.is_dir() and not p.is_symlink() and p.stat().st_uid == os.getuid()]
    running = _command_lines() if candidates else []
    if running is None:
        return []  # cannot tell which are in use: leave them
    removed = []
    for candidate in candidates:
        if any(str(candidate).encode() in line for line in running):
            continue
        shutil.rmtree(candidate, ignore_errors=True)
        removed.append(candidate)
    return removed


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _loopback_port() -> tuple[str, int]:
    """A free port on a random 127.x.y.z address (Linux routes all of 127/8 to loopback), so that a
    page rebinding its name to loopback cannot guess where Oxigraph listens; 127.0.0.1 elsewhere."""
    pick = random.SystemRandom()
    for host in (f"127.{pick.randrange(1, 255)}.{pick.randrange(256)}.{pick.randrange(1, 255)}", "127.0.0.1"):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((host, 0))
            except OSError:
                continue
            return host, probe.getsockname()[1]
    raise KgError("no free port on the loopback interface")


def _running(process: subprocess.Popen) -> bool:
    return process.poll() is None


def _start_oxigraph(location: Path, time_limit: int) -> tuple[subprocess.Popen, Upstream]:
    """The Oxigraph server over ``location``, answering (a few tries if its port was taken meanwhile)."""
    binary, error = oxigraph_binary(), ""
    for _attempt in range(3):
        host, port = _loopback_port()
        log = tempfile.TemporaryFile()  # noqa: SIM115 - unnamed: nothing to clean up after a kill
        process = subprocess.Popen([binary, "serve-read-only", "--location", str(location),
                                    "--bind", f"{host}:{port}", "--timeout-s", str(time_limit)],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                                   preexec_fn=_die_with_parent)
        try:
            wait_for(f"http://{host}:{port}/query?query=ASK%7B%7D", alive=partial(_running, process))
            return process, Upstream(host, port, time_limit)
        except KgError:
            _stop(process)
            log.seek(0)
            error = log.read().decode("utf-8", "replace").strip()[:300]
        finally:
            log.close()
    raise KgError(f"the oxigraph server did not start: {error}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _listen(port: int, paths: Paths, log: Callable[[str], None]) -> FrontServer:
    if not 0 <= port <= 65535:
        raise KgError(f"the port must be 1-65535, or 0 for any free port; got {port}")
    try:
        return FrontServer(port, None, paths.build.resolve() / "graph.html", log)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise KgError(f"port {port} on 127.0.0.1 is already in use; choose another with --port "
                          "(0 picks a free one)") from None
        raise KgError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}") from None


def serve(paths: Paths = Paths(), *, port: int = 7878, timeout_s: int = 30, ready=None,
          log: Callable[[str], None] = lambda message: None) -> None:
    """Serve build/store/ until interrupted. ``ready(query_url, page_url)`` is called once the
    endpoint answers; ``log`` takes one line per notable event (a refused Host, a client that went
    away). The caller makes sure build/ is current."""
    if not (paths.store / MARKER).is_file():
        raise KgError(f"no built dataset at {paths.build}/; run `kg build` first")
    if not 1 <= timeout_s <= MAX_TIMEOUT:
        raise KgError(f"the time limit must be 1 to 86400 seconds, got {timeout_s}")
    for stale in remove_stale_stores():
        log(f"removed {stale}, a temporary store left by a killed run")
    front = _listen(port, paths, log)
    oxigraph, serving = None, False
    # Ctrl-C and SIGTERM stop the server, even where SIGINT was ignored (a background job).
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        oxigraph, front.upstream = _start_oxigraph(paths.store.resolve(), timeout_s)
        threading.Thread(target=front.serve_forever, daemon=True).start()
        serving = True
        base = f"http://127.0.0.1:{front.port}"
        if ready:
            ready(f"{base}/query", f"{base}/graph.html")
        while oxigraph.poll() is None:
            time.sleep(0.2)
        raise KgError(f"the oxigraph server stopped (exit status {oxigraph.returncode})")
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if serving:
            front.shutdown()
        front.server_close()
        if oxigraph is not None:
            _stop(oxigraph)
