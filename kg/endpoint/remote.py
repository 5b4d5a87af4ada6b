"""Remote SPARQL endpoints: push the dataset over the Graph Store Protocol, query over the Protocol.

``push(url)`` sends each named graph of build/ (and of build/imports/) with an HTTP ``PUT
URL?graph=G``: PUT replaces the graph, so a push can be repeated, or re-run after a failure,
and ends with the same content. It works with any SPARQL 1.1 Graph Store Protocol endpoint
(Fuseki's ``/ds/data``, GraphDB's ``/repositories/R/rdf-graphs/service``, Oxigraph's ``/store``,
Virtuoso's ``/sparql-graph-crud``). ``push(url, union=True)`` also puts the union of those graphs,
each triple once, into the graph :data:`UNION_GRAPH`: the embedded store's default graph. A
store's own union of the named graphs is a bag on Oxigraph and Virtuoso (a triple held by two
graphs matches twice, and joins and ``GROUP_CONCAT`` repeat it); a query sent with
``default_graph=UNION_GRAPH`` (the Protocol's ``default-graph-uri``) reads the set instead.

``run_remote(name, endpoint, **params)`` runs a named helper at a SPARQL 1.1 Protocol endpoint.
Remote endpoints cannot take bindings, so parameters go into a ``VALUES`` block at the start of
the query's top-level ``WHERE`` group, each value written by pyoxigraph's term serialiser (with
N-Triples escaping), never pasted from user text.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.dataset.query import QueryError, Result, bind, get, literal_value
from kg.dataset.store import Paths, open_store
from kg.dataset.terms import IRI

__all__ = ["push", "run_remote", "sparql_remote", "PushResult", "UNION_GRAPH"]

UNION_GRAPH = "https://w3id.org/adkg/graph/union"
UNION_CHUNK = 500_000  # triples per request when pushing the union graph


@dataclass
class PushResult:
    graphs: dict[str, int]


def _request(request: urllib.request.Request, timeout: float, what: str) -> bytes:
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - user-given endpoint
            return response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip().replace("\n", " ")[:300]
        raise KgError(f"{what}: the endpoint answered HTTP {exc.code} {exc.reason}: {body}") from None
    except urllib.error.URLError as exc:
        raise KgError(f"{what}: cannot reach {request.full_url}: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise KgError(f"{what}: no answer from {request.full_url}: {exc}") from None


def _graphs(build: Path) -> dict[str, list[ox.Quad]]:
    files = [build / "adkg.nq", *sorted((build / "imports").glob("*.nq"))]
    graphs: dict[str, list[ox.Quad]] = {}
    for path in files:
        if not path.exists():
            raise KgError(f"no built dataset at {path}; run `kg build` first")
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            graphs.setdefault(quad.graph_name.value, []).append(quad)
    return dict(sorted(graphs.items()))


def _put(url: str, graph: str, triples: list[ox.Triple], timeout: float, *, method: str = "PUT") -> None:
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    target = url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"graph": graph})
    request = urllib.request.Request(target, data=body, method=method,  # noqa: S310 - http(s) checked by push
                                     headers={"Content-Type": "application/n-triples"})
    _request(request, timeout, f"push of <{graph}>")


def _push_union(url: str, build: Path, timeout: float) -> int:
    """The embedded store's default graph (the union of the curated named graphs, each triple once) into
    ``UNION_GRAPH``, streamed from build/store/: a PUT of the first ``UNION_CHUNK`` triples (which
    replaces the graph), then a POST (which adds) of each further chunk. Triples with a blank node
    all go in the last request, since a blank node sent in two requests would become two nodes."""
    store = open_store(Paths(build=build))
    chunk: list[ox.Triple] = []
    blank: list[ox.Triple] = []
    sent, method = 0, "PUT"
    for quad in store.ox.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        triple = quad.triple
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            blank.append(triple)
            continue
        chunk.append(triple)
        if len(chunk) == UNION_CHUNK:
            _put(url, UNION_GRAPH, chunk, timeout, method=method)
            sent, method, chunk = sent + len(chunk), "POST", []
    chunk += blank
    if chunk or method == "PUT":
        _put(url, UNION_GRAPH, chunk, timeout, method=method)
    return sent + len(chunk)


def push(url: str, build: Path = Path("build"), *, timeout: float = 60.0, union: bool = False) -> PushResult:
    """PUT every named graph to the Graph Store Protocol endpoint ``url``.

    With ``union``, also put the union of those graphs *as a set* into the graph
    :data:`UNION_GRAPH`: the default graph of the embedded store build/store/, which the helpers
    read locally. A query sent with ``default_graph=UNION_GRAPH`` (the Protocol's
    ``default-graph-uri``) then sees each triple once, as the embedded store does, where a
    store's own union of the named graphs (on Virtuoso, a pattern outside ``GRAPH``) matches a
    triple once per graph that holds it.
    """
    if not url.startswith(("http://", "https://")):
        raise KgError(f"push needs an http(s) Graph Store Protocol URL, got '{url}'")
    done = {}
    graphs = _graphs(build)
    for graph, quads in graphs.items():
        _put(url, graph, [q.triple for q in quads], timeout)
        done[graph] = len(quads)
    if union:
        done[UNION_GRAPH] = _push_union(url, build, timeout)
    return PushResult(done)


def _value(binding: dict):
    """A SPARQL JSON results binding as the same Python value the in-process helpers give."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return IRI(value)
    if kind == "bnode":
        return "_:" + value
    return literal_value(value, binding.get("datatype", ""))


def sparql_remote(endpoint: str, text: str, *, timeout: float = 30.0, drop: frozenset[str] = frozenset(),
                  default_graph: str | None = None) -> Result:
    """A SELECT or ASK query at a SPARQL 1.1 Protocol endpoint (POST, JSON results)."""
    if not endpoint.startswith(("http://", "https://")):
        raise KgError(f"--endpoint needs an http(s) SPARQL endpoint URL, got '{endpoint}'")
    form = {"query": text} if default_graph is None else {"query": text, "default-graph-uri": default_graph}
    request = urllib.request.Request(  # noqa: S310 - http(s) checked above
        endpoint, data=urllib.parse.urlencode(form).encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    payload = _request(request, timeout, "query")
    try:
        document = json.loads(payload)
    except json.JSONDecodeError:
        raise KgError(f"query: {endpoint} did not answer with SPARQL JSON results") from None
    if "boolean" in document:
        return Result("ask", boolean=bool(document["boolean"]))
    columns = [v for v in document["head"]["vars"] if v not in drop]
    rows = [tuple(_value(b[c]) if c in b else None for c in columns) for b in document["results"]["bindings"]]
    return Result("select", columns=columns, rows=rows)


def run_remote(name: str, endpoint: str, *, timeout: float = 30.0, default_graph: str | None = None,
               **params) -> Result:
    """Run the named helper at ``endpoint`` with ``params`` in a VALUES block."""
    query = get(name)
    bound = [(n, str(term)) for n, term in bind(query, params).items()]  # N-Triples serialisation
    text = query.text
    if bound:
        values = "VALUES (" + " ".join(f"?{n}" for n, _ in bound) + ") { (" + " ".join(t for _, t in bound) + ") }"
        match = re.search(r"(?im)^SELECT\b.*?\bWHERE\s*\{", text, re.S)
        if match is None:
            raise QueryError(f"'{name}' has no top-level WHERE group to bind parameters in")
        text = text[:match.end()] + "\n  " + values + text[match.end():]
    return sparql_remote(endpoint, text, timeout=timeout, drop=frozenset(p.name for p in query.params),
                         default_graph=default_graph)
