"""A throw-away Virtuoso Open Source server for the parity test and the Virtuoso benchmark.

:func:`start` writes its own ``virtuoso.ini`` into a fresh folder (database, log and temp files
all inside it), listens only on 127.0.0.1 on two free ports chosen here (SQL and HTTP), loads no
plugins, allows no file access outside that folder, no OS calls, and uses little memory
(``NumberOfBuffers`` 4,000 pages of 8 KB, about 32 MB). It starts ``virtuoso-t`` in the
foreground in its own process group, waits (bounded) until the SPARQL endpoint answers, then
grants the ``SPARQL`` user (the one that runs the unauthenticated ``/sparql-graph-crud``) the
right to update, so that ``kg push`` can write. :meth:`Virtuoso.stop` kills the process group,
checks that both ports are free again, and deletes the folder; it also runs at exit, and the
server is killed by the kernel if the process that started it dies.

Debian's package ``virtuoso-opensource`` (7.2.5) provides ``virtuoso-t`` and ``isql-vt``;
``make virtuoso`` installs it.
"""

from __future__ import annotations

import atexit
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

SERVER = "virtuoso-t"
ISQL = "isql-vt"
START_TIMEOUT = 120.0   # a fresh database is created on first start (about 20 s on a busy 2-core machine)
STOP_TIMEOUT = 30.0

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 8
CheckpointInterval = 0
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = {db}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 256M
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 4
ServerThreads = 4
EnabledDavVSP = 0
HTTPProxyEnabled = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 0
"""


class VirtuosoMissing(RuntimeError):
    """virtuoso-t or isql-vt is not on the PATH."""


def missing() -> str | None:
    """Why Virtuoso cannot run here, or None."""
    absent = [tool for tool in (SERVER, ISQL) if shutil.which(tool) is None]
    if absent:
        return (f"{' and '.join(absent)} not found: the Virtuoso parity test needs Debian's virtuoso-opensource; "
                "run `make virtuoso` (as root; `make test` does it first)")
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_free(port: int) -> bool:
    """Nothing listens on ``port`` (connections left in TIME_WAIT do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _die_with_parent() -> None:
    """In the child before exec: be killed if the test process dies (Linux PR_SET_PDEATHSIG), so
    a test run that is itself killed leaves no server behind."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


class Virtuoso:
    def __init__(self, folder: Path, buffers: int = 4000) -> None:
        self.folder = folder
        self.sql_port = free_port()
        self.http_port = free_port()
        while self.http_port == self.sql_port:
            self.http_port = free_port()
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.sparql = self.base + "/sparql"
        self.crud = self.base + "/sparql-graph-crud"
        self.ini = folder / "virtuoso.ini"
        self.ini.write_text(INI.format(db=folder, sql_port=self.sql_port, http_port=self.http_port,
                                       buffers=buffers, dirty=buffers * 3 // 4), encoding="utf-8")
        self.process: subprocess.Popen | None = None

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(encoding="utf-8", errors="replace")[-3000:] if path.exists() else "(no log)"

    def _answers(self) -> bool:
        url = self.sparql + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own loopback server
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def start(self) -> Virtuoso:
        self.process = subprocess.Popen(  # noqa: S603 - fixed program, our own ini
            [SERVER, "-f", "-c", str(self.ini)], cwd=self.folder, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)  # noqa: PLW1509
        atexit.register(self.stop)
        deadline = time.monotonic() + START_TIMEOUT
        while not self._answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}:\n{self.log()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"virtuoso-t did not answer within {START_TIMEOUT:g} s:\n{self.log()}")
            time.sleep(0.5)
        self.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
        return self

    def sql(self, statement: str) -> str:
        """Run one SQL statement as dba (the fresh database's default password) through isql."""
        done = subprocess.run(  # noqa: S603 - fixed program; the statement is ours
            [ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statement}"],
            capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql {statement!r} failed: {done.stdout}{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        """Kill the server's process group, wait (bounded), check the ports are free, delete the folder."""
        atexit.unregister(self.stop)
        if self.process is not None and self.process.poll() is None:
            for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, 10.0)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        busy = []
        deadline = time.monotonic() + 10
        for port in (self.sql_port, self.http_port):
            while not port_free(port) and time.monotonic() < deadline:
                time.sleep(0.2)
            if not port_free(port):
                busy.append(port)
        shutil.rmtree(self.folder, ignore_errors=True)
        if busy:
            raise RuntimeError(f"ports {busy} are still in use after Virtuoso stopped")
