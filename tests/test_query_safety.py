"""Parameters are values, never query text; ad-hoc queries are read-only, bounded and clear."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import processes_with
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg.core.errors import KgError
from kg.dataset import query
from kg.dataset.results import render
from kg.dataset.store import Paths, is_current, open_store

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = ['x" } ; DROP ALL ; #', "x' } DELETE WHERE { ?s ?p ?o } #", '") } UNION { ?s ?p ?o } #',
            "upadacitinib\" || true || \"", "<http://evil>", "?drug", "\\u0022", "}", "'''", "\n} LIMIT 0 #"]


def _string_params():
    for named in query.available():
        for param in named.params:
            if param.type in ("string", "doi"):
                yield named.name, param.name


def _matches(name, param, value, rows, columns):
    """Rows a value may legitimately return: only those that really contain the value."""
    if name == "references-for-statement":
        return all(value.lower() in r[columns.index("sentence")].lower() or r[columns.index("sentence_id")] == value
                   for r in rows)
    return rows == []


@pytest.mark.parametrize("name,param", list(_string_params()))
@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_payloads_are_plain_values(store, name, param, payload):
    named = query.get(name)
    params = {p.name: {"integer": 3, "string": "flare"}[p.type] for p in named.params if p.required}
    if name == "value-provenance":
        params.update(measure="IGA", time_point="flare")
    if name == "patients-by-drug":
        params.update(drug="upadacitinib")  # a closed set (issue 13): "flare" is refused
    baseline = query.run(name, store, **params)
    params[param] = payload
    if next(p for p in named.params if p.name == param).values:  # a closed set: refused, by name
        with pytest.raises(query.QueryError, match=f"unknown {param} .*; valid: "):
            query.run(name, store, **params)
        return
    result = query.run(name, store, **params)
    assert result.columns == baseline.columns
    assert _matches(name, param, payload, result.rows, result.columns)
    assert len(store) > 8000  # nothing was dropped or deleted


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(min_size=1, max_size=40))
def test_generated_strings_never_change_the_query(store, value):
    for name, param in (("patients-by-drug", "drug"), ("references-for-statement", "statement"),
                        ("patient-table", "doi"), ("drug-targets", "class")):
        try:
            result = query.run(name, store, **{param: value})
        except query.QueryError as exc:  # a value outside a closed set (issue 13) is refused, listing the set
            assert query.get(name).params[0].values and "; valid: " in str(exc)
            continue
        valid = "JAK inhibitor" if name == "drug-targets" else "upadacitinib"
        assert result.columns == query.run(name, store, **{param: valid}).columns
        if name == "patients-by-drug":
            assert all(r[0] is not None for r in result.rows) and (result.rows == [] or value.strip().lower() in {
                "tofacitinib", "upadacitinib", "baricitinib", "abrocitinib"})


def test_integer_parameter_rejects_text(store):
    with pytest.raises(query.QueryError, match="must be an integer"):
        query.run("patient-timeline", store, patient="3 } UNION { ?s ?p ?o")


def test_unknown_query_and_parameter_list_the_valid_ones(store):
    with pytest.raises(query.QueryError, match="known queries: .*patient-table"):
        query.run("patient-tabel", store)
    with pytest.raises(query.QueryError, match="valid: drug"):
        query.run("patients-by-drug", store, drugs="x")
    with pytest.raises(query.QueryError, match="needs --param drug"):
        query.run("patients-by-drug", store)


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/#>\n# a comment\nDROP ALL",
    "  clear default",
    "LOAD <http://example.org/data.ttl>",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    # Regressions: comments holding quotes, a byte-order mark, prefix names outside \\w.
    "# it's\nINSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX ex: <http://e/> # don't\nDELETE WHERE { ?s ?p ?o }",
    "\ufeffINSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "PREFIX e\u00b7x: <http://e/> DELETE WHERE { ?s ?p ?o }",
])
def test_updates_are_refused(store, update):
    before = len(store)
    with pytest.raises(query.QueryError, match="read-only"):
        query.sparql(update, store)
    assert len(store) == before


def _cli(*args, build_dir):
    return subprocess.run([sys.executable, "-m", "kg", *args, "--build", str(build_dir)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_refuses_update_without_traceback(build_dir):
    result = _cli("sparql", "DELETE WHERE { ?s ?p ?o }", build_dir=build_dir)
    assert result.returncode == 1 and "read-only" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("text,where", [
    ("SELECT ?x WHERE {\n  ?x a adkg:Patient .\n  FILTER(\n}", "line 3, column 3: cannot read the query from 'FILTER'"),
    # An error in the middle of a query is located there, not at the end of the text.
    ("SELECT ?x WHERE {\n  ?x ?y ?z .\n  ?x ?y ?z ?w .\n} LIMIT 1",
     "line 3, column 12: cannot read the query from '?w'"),
])
def test_cli_syntax_error_gives_line_and_column(build_dir, text, where):
    result = _cli("sparql", text, build_dir=build_dir)
    assert result.returncode == 1
    assert f"syntax error at {where}" in result.stderr and "Traceback" not in result.stderr


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_timeout_stops_a_runaway_query(store):
    import multiprocessing
    started = time.monotonic()
    with pytest.raises(query.QueryTimeout, match="stopped after 0.5 s"):
        query.sparql(RUNAWAY, store, timeout=0.5)
    assert time.monotonic() - started < 5
    assert multiprocessing.active_children() == []  # the query's process is gone


def test_query_process_dies_with_a_killed_parent(build_dir):
    marker = f"runaway-{time.monotonic_ns()}"
    parent = subprocess.Popen([sys.executable, "-m", "kg", "sparql", f"# {marker}\n{RUNAWAY}",
                               "--timeout", "120", "--build", str(build_dir)], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while len(processes_with(marker)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(processes_with(marker)) >= 2, "the query child never started"
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with(marker) == []


@pytest.mark.parametrize("args,message", [
    (["sparql", "SELECT * {}", "--timeout", "nan"], "must be more than 0"),
    (["sparql", "SELECT * {}", "--timeout", "-1"], "must be more than 0"),
    (["query", "patient-timeline", "--param", "patient=1_0"], "must be an integer"),
    (["query", "patients-by-drug", "--param", "drug=a", "--param", "drug=b"], "given twice"),
])
def test_bad_arguments_give_a_message(build_dir, args, message):
    result = _cli(*args, build_dir=build_dir)
    assert result.returncode != 0 and message in result.stderr and "Traceback" not in result.stderr


def test_sparql_reads_a_query_file(build_dir, tmp_path):
    path = tmp_path / "count.sparql"
    path.write_text("\ufeffSELECT (COUNT(?p) AS ?n) WHERE { ?p a adkg:Patient }", encoding="utf-8")
    result = _cli("sparql", str(path), "--format", "csv", build_dir=build_dir)
    assert result.returncode == 0 and result.stdout == "n\n6\n"


def test_timeout_returns_results_when_in_time(store):
    result = query.run("patient-table", store, timeout=30)
    assert len(result.rows) == 6


def test_ask_construct_describe(store):
    assert query.sparql("ASK { ?p adkg:patientNumber 3 }", store).boolean is True
    turtle = query.sparql("CONSTRUCT { ?d adkg:inhibits ?t } WHERE { ?d adkg:inhibits ?t }", store).turtle
    graph = Graph().parse(data=turtle, format="turtle")
    assert (URIRef("https://w3id.org/adkg/id/drug/dupilumab"), URIRef("https://w3id.org/adkg/ontology#inhibits"),
            URIRef("https://w3id.org/adkg/id/protein/il-4ra")) in graph
    described = Graph().parse(data=query.sparql("DESCRIBE <https://w3id.org/adkg/id/drug/dupilumab>", store).turtle,
                              format="turtle")
    assert len(described) > 3


def test_tsv_and_json_edge_cases(store):
    result = query.sparql('SELECT ("a\\tb\\nc" AS ?x) (xsd:double("NaN") AS ?y) ?unbound {}', store)
    assert render(result, "tsv") == "x\ty\tunbound\na\\tb\\nc\tnan\t\n"
    assert json.loads(render(result, "json"))["rows"] == [{"x": "a\tb\nc", "y": "nan", "unbound": None}]


def test_formats(store):
    result = query.run("patients-by-drug", store, drug="tofacitinib")
    data = json.loads(render(result, "json"))
    assert [r["patient"] for r in data["rows"]] == [1, 3] and data["rows"][0]["dose_mg"] == 5
    tsv = render(result, "tsv").splitlines()
    assert tsv[0].split("\t")[:2] == ["patient", "age"] and tsv[1].split("\t")[:2] == ["1", "62"]
    table = render(result, "table")
    assert "twice daily" in table and table.rstrip().endswith("(2 rows)")


def test_list_names_every_helper(build_dir):
    result = _cli("query", "--list", build_dir=build_dir)
    assert result.returncode == 0
    for named in query.available():
        assert f"{named.name}: {named.question}" in result.stdout


def test_commands_rebuild_only_when_inputs_change(data_copy, monkeypatch):
    from kg.cli.freshness import ensure_built
    from kg.publish import build as build_module
    paths = Paths(data_copy / "build", data_copy / "data", data_copy / "ontology")
    assert not is_current(paths)
    with pytest.raises(KgError, match="run `kg build` first"):
        open_store(paths)  # the library never builds
    ensure_built(paths)  # the command layer does
    assert is_current(paths)
    calls = []
    monkeypatch.setattr(build_module, "build", lambda *a, **k: calls.append(a) or build_module.BuildResult({}))
    ensure_built(paths)
    (data_copy / "data" / "README.md").touch()  # a newer file with the same content: no rebuild
    ensure_built(paths)
    assert calls == []
    with (data_copy / "data" / "README.md").open("a") as handle:
        handle.write("\nedited\n")
    assert not is_current(paths)
    ensure_built(paths)
    assert len(calls) == 1


def test_a_closed_pipe_ends_quietly(build_dir):
    """Regression: `kg build | head -1` printed an internal error for the broken pipe. Here stdout
    is a pipe whose reader is already gone, line-buffered, so the first print fails inside kg."""
    script = ("import os, sys\n"
              "r, w = os.pipe(); os.close(r); os.dup2(w, 1)\n"
              "sys.stdout.reconfigure(line_buffering=True)\n"
              "from kg.cli.main import main\n"
              f"sys.exit(main(['query', '--list', '--build', {str(build_dir)!r}]))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 141 and result.stderr == ""


# --- nothing reaches outside: SERVICE refused, FROM / FROM NAMED only pick graphs of the store ---

GRAPHS = "https://w3id.org/adkg/graph/"


def test_pyoxigraph_itself_would_call_service(listener):
    """The reason for the gate: pyoxigraph 0.5 has an HTTP client and runs SERVICE with it."""
    import pyoxigraph as ox

    with pytest.raises(OSError):
        list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}"))
    deadline = time.monotonic() + 5
    while not listener.seen and time.monotonic() < deadline:
        time.sleep(0.02)
    assert listener.seen and listener.seen[0].startswith(b"POST /sparql")


def _service_tricks(url: str) -> list[str]:
    iri = f"<{url}/sparql>"
    return [
        f"SELECT * WHERE {{ SERVICE {iri} {{ ?s ?p ?o }} }}",
        f"select * where {{ service {iri} {{ ?s ?p ?o }} }}",
        f"SELECT *\nWHERE {{\n  SeRvIcE\n  SILENT\n  {iri}\n  {{ ?s ?p ?o }}\n}}",      # split across lines
        f"PREFIX remote: <{url}/>\nSELECT * WHERE {{ SERVICE remote:sparql {{ ?s ?p ?o }} }}",
        "SELECT * WHERE { ?d adkg:referenceNumber ?where . SERVICE ?where { ?s ?p ?o } }",  # a variable
        f"ASK {{ ?p a adkg:Patient FILTER EXISTS {{ SERVICE {iri} {{ ?p ?q ?r }} }} }}",
        f"SELECT ?s {{ {{ SELECT ?s {{ OPTIONAL {{ SERVICE {iri} {{ ?s ?p ?o }} }} }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE {iri} {{ ?s ?p ?o }} }} }}",
        f"DESCRIBE ?s WHERE {{ GRAPH ?g {{ MINUS {{ SERVICE {iri} {{ ?s ?p ?o }} }} }} }}",
        # A comment after a string holding '#', and '<' as less-than before a quote or a comment:
        # tokenizers that take these for a comment or an IRI miss the SERVICE after them.
        f'SELECT * WHERE {{ ?s ?p "#" SERVICE {iri} {{ ?s ?p ?o }} }}',
        f"SELECT * WHERE {{ ?a ?b ?c FILTER(?c<'>') SERVICE {iri} {{ ?s ?p ?o }} FILTER(?c != '') }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER(?c<0)SERVICE#>\n{iri}{{ ?s ?p ?o }} }}",
        f"\ufeffSELECT * WHERE {{ SERVICE {iri} {{ ?s ?p ?o }} }}",
    ]


def test_every_spelling_of_service_is_refused(store, listener):
    for text in _service_tricks(listener.url):
        with pytest.raises(query.QueryError, match=r"refused: SERVICE .* would query another endpoint; "
                                                   "this graph answers only from its own data"):
            query.sparql(text, store, timeout=30)
    assert listener.seen == []


def test_the_word_service_elsewhere_is_not_a_call(store, listener):
    url = listener.url
    allowed = {
        f'SELECT ?s WHERE {{ ?s ?p "SERVICE <{url}/sparql> {{ ?s ?p ?o }}" }}': [],
        f"SELECT ?s WHERE {{ ?s ?p '''it's\nSERVICE <{url}/sparql> {{ }}''' }}": [],
        "SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?o }": [],
        f"SELECT ?s WHERE {{ ?s adkg:patientNumber 3 }} # SERVICE <{url}/sparql> {{ ?s ?p ?o }}":
            [("https://w3id.org/adkg/id/article/shahriari-2023-jaki-rescue/patient/3",)],
        "SELECT ?service WHERE { ?service adkg:patientNumber 3 ; adkg:service* ?service }":
            [("https://w3id.org/adkg/id/article/shahriari-2023-jaki-rescue/patient/3",)],
    }
    for text, rows in allowed.items():
        assert query.sparql(text, store).rows == rows, text
    # Oxigraph reads no escapes outside strings and IRIs, so this is no keyword, only an error.
    with pytest.raises(query.QueryError, match="syntax error"):
        query.sparql(f"SELECT * WHERE {{ SERV\\u0049CE <{url}/sparql> {{ ?s ?p ?o }} }}", store)
    assert listener.seen == []


def test_an_unparsable_query_naming_service_is_refused_unchecked(store):
    with pytest.raises(query.QueryError, match=r"contains the word SERVICE and could not be parsed .*"
                                               r"syntax error at line 2, column 3"):
        query.sparql("SELECT * WHERE { ?s schema:service ?o .\n  FILTER( }", store)


def test_helpers_go_through_the_same_gate(store, listener, monkeypatch):
    evil = query.NamedQuery("evil", "?", (), f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}")
    monkeypatch.setitem(query._catalogue(), "evil", evil)
    with pytest.raises(query.QueryError, match="refused: SERVICE"):
        query.run("evil", store)
    assert listener.seen == []


def test_from_and_from_named_only_pick_graphs_of_the_store(store, listener, tmp_path):
    secret = tmp_path / "secret.nt"
    secret.write_text('<urn:x> <urn:y> "secret-7f3a" .\n', encoding="utf-8")
    for text in (f"SELECT ?s ?p ?o FROM <{listener.url}/x> WHERE {{ ?s ?p ?o }}",
                 f"SELECT ?g ?o FROM NAMED <{listener.url}/y> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                 f"SELECT ?o FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}",
                 f"SELECT ?o FROM NAMED <{secret.as_uri()}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
                 f"CONSTRUCT {{ ?s ?p ?o }} FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}"):
        result = query.sparql(text, store, timeout=30)
        assert result.rows == [] and "secret" not in (result.turtle or ""), text
    assert listener.seen == []
    # A graph of the store: FROM makes it the default graph, FROM NAMED the only one GRAPH sees.
    ontology = f"<{GRAPHS}ontology>"
    in_graph = query.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ontology} {{ ?s ?p ?o }} }}", store).rows
    selected = query.sparql(f"SELECT (COUNT(*) AS ?n) FROM {ontology} WHERE {{ ?s ?p ?o }}", store).rows
    everything = query.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store).rows
    named = query.sparql(f"SELECT DISTINCT ?g FROM NAMED {ontology} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", store).rows
    assert selected == in_graph and 0 < selected[0][0] < everything[0][0]
    assert named == [(f"{GRAPHS}ontology",)]


def test_load_is_refused_and_fetches_nothing(store, listener):
    for text in (f"LOAD <{listener.url}/data.ttl>", f"# load it\nLOAD SILENT <{listener.url}/d> INTO GRAPH <urn:g>"):
        with pytest.raises(query.QueryError, match="refused: LOAD is a SPARQL update"):
            query.sparql(text, store)
    assert listener.seen == []


def test_cli_never_reaches_outside(build_dir, listener, tmp_path):
    secret = tmp_path / "secret.nt"
    secret.write_text('<urn:x> <urn:y> "secret-7f3a" .\n', encoding="utf-8")
    result = _cli("sparql", f"SELECT * WHERE {{ SERVICE <{listener.url}/sparql> {{ ?s ?p ?o }} }}", build_dir=build_dir)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"refused: SERVICE <{listener.url}/sparql> would query another endpoint" in result.stderr
    result = _cli("sparql", f"SELECT ?o FROM <{secret.as_uri()}> FROM NAMED <{listener.url}/x> WHERE {{ ?s ?p ?o }}",
                  "--format", "csv", build_dir=build_dir)
    assert result.returncode == 0 and result.stdout == "o\n", result.stderr
    result = _cli("sparql", f"LOAD <{listener.url}/data.ttl>", build_dir=build_dir)
    assert result.returncode == 1 and "read-only" in result.stderr
    assert listener.seen == []
