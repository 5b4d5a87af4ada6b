"""`kg serve` as users and attackers meet it: a real server on loopback, started and stopped here.

Every server is stopped by the test that started it, which then checks that its ports (the
front server's and Oxigraph's own) are free again and that no process of it is left.
"""

from __future__ import annotations

import http.client
import os
import queue
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from conftest import processes_with

from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.endpoint.remote import run_remote, sparql_remote
from kg.endpoint.server import oxigraph_binary, port_free, wait_for

ROOT = Path(__file__).resolve().parent.parent
IMPORTS = Path(__file__).parent / "fixtures" / "import"
PATIENTS = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/adkg/ontology#Patient> }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HELPER_PARAMS = {"patients-by-drug": {"drug": "upadacitinib"}, "patient-timeline": {"patient": 3},
                 "references-for-statement": {"statement": "p5.s1"}, "drug-targets": {"class": "JAK inhibitor"},
                 "cardiovascular-risk": {"min_age": 50},
                 "value-provenance": {"patient": 3, "measure": "BSA", "time_point": "flare"}}


class Served:
    """``kg serve`` in a child process, with its printed URLs and Oxigraph's own address."""

    def __init__(self, build: Path, *args: str, env: dict | None = None) -> None:
        self.build = build
        self.process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--build", str(build), *args],
                                        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.printed = [self.line() for _ in range(4)]
        assert self.printed[0].startswith("SPARQL endpoint (read-only): http://127.0.0.1:"), self.printed
        self.query_url = self.printed[0].split(": ", 1)[1]
        self.port = urllib.parse.urlsplit(self.query_url).port
        self.base = f"http://127.0.0.1:{self.port}"
        self.page_url = self.printed[2].split(": ", 1)[1]
        self.inner = self._inner_address()
        self.out = self.err = ""

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def line(self, timeout: float = 90) -> str:
        try:
            return self.lines.get(timeout=timeout).rstrip("\n")
        except queue.Empty:
            self.process.kill()
            raise AssertionError(f"kg serve printed nothing: {self.process.communicate(timeout=10)[1]}") from None

    def _inner_address(self) -> tuple[str, int]:
        store = str((self.build / "store").resolve())
        for pid in processes_with(store):
            args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if b"serve-read-only" in args:
                host, port = args[args.index(b"--bind") + 1].decode().rsplit(":", 1)
                return host, int(port)
        raise AssertionError("no oxigraph process for this build")

    def request(self, method: str, target: str, body: bytes | None = None, headers: dict | None = None,
                host: str | None = None) -> tuple[int, str, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host or f"127.0.0.1:{self.port}")
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type") or "", response.read()
        finally:
            connection.close()

    def ask(self, text: str, **extra) -> tuple[int, str, bytes]:
        form = urllib.parse.urlencode({"query": text, **extra}).encode()
        return self.request("POST", "/query", form, {"Content-Type": "application/x-www-form-urlencoded"})

    def finish(self) -> None:
        """Stop (Ctrl-C), then check it ended well and left no port or process behind."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        self.err = self.process.stderr.read()
        assert self.process.returncode == 0, self.err
        self.assert_gone()

    def assert_gone(self) -> None:
        deadline = time.monotonic() + 10
        while processes_with(str((self.build / "store").resolve())) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert processes_with(str((self.build / "store").resolve())) == []
        assert port_free(self.port), "the front server's port was left open"
        assert port_free(self.inner[1], self.inner[0]), "Oxigraph's port was left open"


@pytest.fixture()
def build_copy(build_dir, tmp_path) -> Path:
    shutil.copytree(build_dir, tmp_path / "build")  # serve writes graph.html beside the build
    return tmp_path / "build"


@pytest.fixture(scope="module")
def served(build_dir, tmp_path_factory):
    build = tmp_path_factory.mktemp("served") / "build"
    shutil.copytree(build_dir, build)
    server = Served(build, "--port", "0")
    yield server
    server.finish()
    assert "Traceback" not in server.err


def test_port_zero_picks_free_ports_and_prints_them(served):
    assert served.port not in (0, 1) and served.inner[1] not in (0, 1)
    assert served.printed[1] == f"SPARQL editor: {served.base}/"
    assert served.page_url == f"{served.base}/graph.html"
    assert sparql_remote(served.query_url, PATIENTS).rows == [(6,)]


def test_the_editor_page_and_the_store_are_served(served):
    status, kind, body = served.request("GET", "/")
    assert status == 200 and kind.startswith("text/html") and b"yasgui" in body.lower()
    status, kind, body = served.request("GET", "/yasgui.min.js")
    assert status == 200 and "javascript" in kind and len(body) > 100_000
    status, kind, body = served.request("GET", "/graph.html")
    assert status == 200 and b"adkg-graph" in body
    # The page links an article or patient to its timeline, written and served beside it
    assert b"timeline-shahriari-2023-jaki-rescue.svg" in body
    status, kind, body = served.request("GET", "/timeline-shahriari-2023-jaki-rescue.svg")
    assert status == 200 and kind == "image/svg+xml" and b"<svg" in body and b"upadacitinib" in body
    for name in ("/timeline-nothing.svg", "/timeline-..%2Fadkg.nq", "/adkg.nq", "/timeline-a/../../adkg.nq"):
        assert served.request("GET", name)[0] == 404, name
    status, kind, body = served.request("GET", "/store?graph=https%3A%2F%2Fw3id.org%2Fadkg%2Fgraph%2Fvocabulary",
                                        headers={"Accept": "application/n-triples"})
    assert status == 200 and kind.startswith("application/n-triples") and b"dupilumab" in body
    assert served.request("GET", "/elsewhere")[0] == 404


def test_protocol_forms_and_content_negotiation(served):
    text = "SELECT ?n WHERE { ?p <https://w3id.org/adkg/ontology#patientNumber> ?n } ORDER BY ?n"
    get = served.request("GET", "/query?" + urllib.parse.urlencode({"query": text}),
                         headers={"Accept": "text/csv"})
    assert get == (200, "text/csv; charset=utf-8", b"n\r\n1\r\n2\r\n3\r\n4\r\n5\r\n6\r\n")
    direct = served.request("POST", "/sparql", text.encode(), {"Content-Type": "application/sparql-query",
                                                                "Accept": "text/tab-separated-values"})
    assert direct[0] == 200 and direct[2].splitlines()[:2] == [b"?n", b"1"]
    xml = served.ask(text)  # no Accept: JSON
    assert xml[0] == 200 and xml[1] == "application/sparql-results+json"
    status, kind, body = served.request("POST", "/query", urllib.parse.urlencode({"query": text}).encode(),
                                        {"Content-Type": "application/x-www-form-urlencoded",
                                         "Accept": "application/sparql-results+xml"})
    assert status == 200 and kind == "application/sparql-results+xml" and b"<sparql" in body
    graph = "CONSTRUCT { ?d ?p ?o } WHERE { ?d ?p ?o FILTER(?d = <https://w3id.org/adkg/id/drug/dupilumab>) }"
    answers = {}
    for accept in ("text/turtle", "application/n-triples"):
        status, kind, answers[accept] = served.request("GET", "/query?" + urllib.parse.urlencode({"query": graph}),
                                                       headers={"Accept": accept})
        assert status == 200 and kind.startswith(accept) and b'"dupilumab"' in answers[accept]
    assert b" ;\n" in answers["text/turtle"]  # Turtle groups a subject's triples; N-Triples does not
    assert all(line.endswith(b" .") for line in answers["application/n-triples"].splitlines())


def test_only_loopback_hosts_are_answered(served):
    for host in ("evil.example", f"evil.example:{served.port}", "127.0.0.1", f"127.0.0.1:{served.port + 1}",
                 f"localhost.:{served.port}", f"127.0.0.2:{served.port}"):
        status, _, body = served.request("GET", "/query?query=ASK%7B%7D", host=host)
        assert status == 403 and b"is not this server" in body, host
    for host in (f"localhost:{served.port}", f"LOCALHOST:{served.port}", f"[::1]:{served.port}"):
        assert served.request("GET", "/query?query=ASK%7B%7D", host=host)[0] == 200, host
    status, _, body = served.request("GET", "/", headers={"Origin": "http://evil.example"})
    assert status == 403 and b"may not use this server" in body
    assert served.request("GET", "/", headers={"Origin": f"http://localhost:{served.port}"})[0] == 200


def test_the_server_never_reaches_outside(served, listener, tmp_path):
    secret = tmp_path / "secret.nt"
    secret.write_text('<urn:x> <urn:y> "secret-7f3a" .\n', encoding="utf-8")
    service = f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"
    refused = [served.ask(service), served.ask(f"select * {{ ?s ?p ?o . service\n silent <{listener.url}/x> {{ }} }}"),
               served.request("GET", "/sparql?" + urllib.parse.urlencode({"query": service})),
               served.request("POST", "/query", service.encode(), {"Content-Type": "application/sparql-query"}),
               served.ask(f"LOAD <{listener.url}/data.ttl>")]
    for status, _, body in refused:
        assert status == 403 and body.startswith(b"refused: "), body
    assert b"would query another endpoint" in refused[0][2]
    for target, body, kind in (("/update", f"update=LOAD+<{listener.url}/d>", "application/x-www-form-urlencoded"),
                               ("/sparql", f"LOAD <{listener.url}/d>", "application/sparql-update"),
                               ("/sparql", f"update=LOAD+<{listener.url}/d>", "application/x-www-form-urlencoded"),
                               ("/store", "<urn:a> <urn:b> <urn:c> .", "application/n-triples")):
        status, _, answer = served.request("POST", target, body.encode(), {"Content-Type": kind})
        assert status == 403 and b"read-only" in answer, target
    local = [served.ask(f"SELECT ?o FROM <{listener.url}/x> WHERE {{ ?s ?p ?o }}"),
             served.ask(f"SELECT ?o FROM NAMED <{listener.url}/y> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"),
             served.ask(f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}"),
             served.ask("SELECT ?o WHERE { ?s ?p ?o }", **{"default-graph-uri": f"{listener.url}/z"}),
             served.ask("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": secret.as_uri()})]
    for status, _, body in local:
        assert status == 200 and b'"bindings":[]' in body and b"secret" not in body, body
    assert listener.seen == []


def test_every_helper_answers_the_same_over_http(served, build_dir):
    local = open_store(Paths(build=build_dir))
    for named in query.available():
        params = HELPER_PARAMS.get(named.name, {})
        remote = run_remote(named.name, served.query_url, **params)
        expected = query.run(named.name, local, **params)
        assert (remote.columns, remote.rows) == (expected.columns, expected.rows), named.name
    result = subprocess.run([sys.executable, "-m", "kg", "query", "patients-by-drug", "--param", "drug=tofacitinib",
                             "--endpoint", served.query_url, "--format", "csv"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0 and [r.split(",")[0] for r in result.stdout.splitlines()] == ["patient", "1", "3"]


def test_federation_runs_elsewhere_with_this_server_as_a_source(served, tmp_path):
    """SERVICE is refused here, but another endpoint may use this one as its SERVICE (its
    requests name 127.0.0.1:PORT as their Host)."""
    location = tmp_path / "theirs"
    subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file",
                    str(IMPORTS / "wikidata-extract.ttl")], check=True, capture_output=True, timeout=60)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    theirs = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(location),
                               "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        rows = sparql_remote(f"http://127.0.0.1:{port}/query", f"""
            PREFIX adkg: <https://w3id.org/adkg/ontology#>
            PREFIX biro: <http://purl.org/spar/biro/>
            PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
            PREFIX wdt: <http://www.wikidata.org/prop/direct/>
            SELECT ?number ?item WHERE {{
              ?item wdt:P356 ?their_doi .
              SERVICE <{served.query_url}> {{ ?entry biro:references/prism:doi ?doi ; adkg:referenceNumber ?number }}
              FILTER(LCASE(REPLACE(STR(?their_doi), "^doi:", "")) = ?doi)
            }} ORDER BY ?number""").rows
    finally:
        theirs.terminate()
        theirs.wait(timeout=10)
    assert rows == [(1, "http://www.wikidata.org/entity/Q900000002"), (4, "http://www.wikidata.org/entity/Q900000003")]
    assert port_free(port)


def test_a_runaway_query_gets_an_error_status(build_copy):
    server = Served(build_copy, "--port", "0", "--timeout", "1")
    try:
        status, kind, body = server.ask(RUNAWAY)
        assert status == 503 and kind.startswith("text/plain")
        assert body.startswith(b"the query was stopped: it ran past the server's time limit of 1 s")
        assert server.ask(PATIENTS)[0] == 200  # and the server goes on answering
    finally:
        server.finish()


def test_a_client_that_goes_away_is_one_log_line(build_copy):
    server = Served(build_copy, "--port", "0")
    try:
        big = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 60000"  # tens of MB of JSON
        form = urllib.parse.urlencode({"query": big}).encode()
        client = socket.create_connection(("127.0.0.1", server.port), timeout=60)
        client.sendall(b"POST /query HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: application/x-www-form-urlencoded"
                       b"\r\nContent-Length: %d\r\n\r\n%s" % (server.port, len(form), form))
        assert client.recv(16).startswith(b"HTTP/1.0 200")  # the answer has begun
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()  # reset, mid-answer
        assert server.ask(PATIENTS)[0] == 200
    finally:
        server.finish()
    lines = server.err.splitlines()
    assert "Traceback" not in server.err and len(lines) == 1, server.err
    assert "closed the connection before the answer to POST /query was sent" in lines[0]


def test_explicit_port_and_ctrl_c(build_copy):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Served(build_copy, "--port", str(port))
    try:
        assert server.query_url == f"http://127.0.0.1:{port}/query"
        assert sparql_remote(server.query_url, PATIENTS).rows == [(6,)]
    finally:
        server.finish()
    assert "Traceback" not in server.err


@pytest.mark.parametrize("value,message", [("70000", "must be 1-65535, or 0 for any free port; got 70000"),
                                           ("-1", "must be 1-65535"), ("http", "not a port number")])
def test_a_bad_port_is_an_argument_error(build_dir, value, message):
    result = subprocess.run([sys.executable, "-m", "kg", "serve", "--port", value, "--build", str(build_dir)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_a_busy_port_says_so(build_copy):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "kg", "serve", "--port", str(port), "--build", str(build_copy)],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and f"port {port} on 127.0.0.1 is already in use" in result.stderr


def _listing(folder: Path) -> list[tuple[str, int, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*"))


def test_a_killed_server_leaves_nothing_and_stale_stores_are_removed(build_copy, tmp_path):
    scratch = tmp_path / "tmp"
    stale, in_use = scratch / "adkg-serve-old1", scratch / "adkg-serve-busy"
    for folder in (stale, in_use):
        folder.mkdir(parents=True)
        (folder / "CURRENT").write_text("MANIFEST-000001\n", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)", str(in_use)])
    store_before = _listing(build_copy / "store")
    try:
        server = Served(build_copy, "--port", "0", env={**os.environ, "TMPDIR": str(scratch)})
        assert server.ask(PATIENTS)[0] == 200
        server.process.kill()  # SIGKILL: no clean-up code runs
        server.process.wait(timeout=10)
        server.assert_gone()  # Oxigraph died with it; both ports are free
        err = server.process.stderr.read()
    finally:
        holder.kill()
        holder.wait()
    assert f"removed {stale}, a temporary store left by a killed run" in err
    assert sorted(p.name for p in scratch.iterdir()) == ["adkg-serve-busy"]  # nothing new, the busy one kept
    assert _listing(build_copy / "store") == store_before
