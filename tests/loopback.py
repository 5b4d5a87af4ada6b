"""A TCP listener on a free loopback port that records every connection made to it.

Tests give its address to queries (``SERVICE <http://127.0.0.1:PORT/sparql>``, ``FROM <...>``)
and assert it saw nothing. :meth:`Listener.probe` first connects to it once, so a test knows the
listener really records connections (the "saw nothing" assertion can fail).
"""

from __future__ import annotations

import socket
import threading
import time


class Listener:
    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.seen: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    data = conn.recv(4096)
                except OSError:
                    data = b""
                self.seen.append(data or b"(connected)")

    def probe(self) -> None:
        """Connect once and wait until that is recorded, then forget it."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as client:
            client.sendall(b"probe")
        deadline = time.monotonic() + 5
        while not self.seen and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.seen == [b"probe"], "the listener does not record connections"
        self.seen.clear()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()
