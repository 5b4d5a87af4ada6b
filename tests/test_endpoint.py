"""Real Oxigraph servers on loopback: push, remote helpers, and faults (`kg serve` is in test_serve.py)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.endpoint.remote import push, run_remote, sparql_remote
from kg.endpoint.server import oxigraph_binary, port_free, wait_for

ROOT = Path(__file__).resolve().parent.parent
HELPER_PARAMS = {"patients-by-drug": {"drug": "upadacitinib"}, "patient-timeline": {"patient": 3},
                 "references-for-statement": {"statement": "p5.s1"}, "drug-targets": {"class": "JAK inhibitor"},
                 "cardiovascular-risk": {"min_age": 50},
                 "value-provenance": {"patient": 3, "measure": "BSA", "time_point": "flare"}}


def free_port() -> int:
    """A free loopback port whose next port is free too (the server may use both): the system's
    choice, asked again while the next one is taken (another process's port, not a failure)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port < 65535 and port_free(port) and port_free(port + 1):
            return port
    raise AssertionError("no two free neighbouring loopback ports in 50 tries")


class Server:
    """An Oxigraph server process on a free loopback port, stopped and checked by the fixture."""

    def __init__(self, tmp: Path, *, read_only: bool = False, load: Path | None = None) -> None:
        self.location = tmp / f"store-{time.monotonic_ns()}"
        if read_only and load is None:  # a read-only server needs an existing (here empty) store
            load = tmp / "empty.nq"
            load.write_text("", encoding="utf-8")
        if load is not None:
            subprocess.run([oxigraph_binary(), "load", "--location", str(self.location), "--file", str(load)],
                           check=True, capture_output=True)
        self.port = free_port()
        mode = "serve-read-only" if read_only else "serve"
        self.process = subprocess.Popen([oxigraph_binary(), mode, "--location", str(self.location),
                                         "--bind", f"127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.url = f"http://127.0.0.1:{self.port}"
        wait_for(f"{self.url}/query?query=ASK%7B%7D")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        assert port_free(self.port), "the server's port was left open"


@pytest.fixture()
def servers(tmp_path):
    started: list[Server] = []

    def start(**kwargs) -> Server:
        server = Server(tmp_path, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="module")
def local(build_dir):
    return open_store(Paths(build=build_dir))


def test_push_then_every_helper_answers_the_same_over_http(servers, build_dir, local):
    server = servers()
    first = push(f"{server.url}/store", build_dir)
    again = push(f"{server.url}/store", build_dir)  # PUT replaces: pushing twice changes nothing
    assert first.graphs == again.graphs and sum(first.graphs.values()) > 8000
    count = sparql_remote(f"{server.url}/query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert count == [(sum(first.graphs.values()),)]
    endpoint = f"{server.url}/query?union-default-graph"
    for named in query.available():
        params = HELPER_PARAMS.get(named.name, {})
        remote = run_remote(named.name, endpoint, **params)
        assert remote.columns == query.run(named.name, local, **params).columns, named.name
        assert remote.rows == query.run(named.name, local, **params).rows, named.name


def test_remote_parameters_are_values_not_text(servers, build_dir):
    server = servers()
    push(f"{server.url}/store", build_dir)
    endpoint = f"{server.url}/query?union-default-graph"
    assert run_remote("patients-by-drug", endpoint, drug='x" } ; DROP ALL ; #').rows == []
    assert len(run_remote("patients-by-drug", endpoint, drug="upadacitinib").rows) == 4


def _kg(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, **kwargs)


def test_push_to_unreachable_or_failing_endpoints_then_a_rerun_completes(servers, build_dir):
    port = free_port()
    result = _kg("push", f"http://127.0.0.1:{port}/store", "--build", str(build_dir), "--timeout", "5")
    assert result.returncode == 1 and "cannot reach" in result.stderr and "Traceback" not in result.stderr
    read_only = servers(read_only=True)
    result = _kg("push", f"{read_only.url}/store", "--build", str(build_dir))
    assert result.returncode == 1 and "HTTP 4" in result.stderr
    working = servers()
    result = _kg("push", f"{working.url}/store", "--build", str(build_dir))
    assert result.returncode == 0 and "Pushed 6 named graphs" in result.stdout  # 3 curated, 3 entailed


