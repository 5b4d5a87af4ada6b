"""The import boundary: names are path segments, an import never changes a curated entity or
graph, its output is deterministic, and build/imports/ follows the imports folder.

Expected values are the article's (Table I has 6 patients; dupilumab is labelled "dupilumab"),
written here; the import is a test-only format (tests/import_adapter.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import import_adapter
import pytest
from conftest import snapshot

from kg.cli.main import main
from kg.dataset import query
from kg.dataset.store import Paths, open_store

ROOT = Path(__file__).resolve().parent.parent
DUPILUMAB = "https://w3id.org/adkg/id/drug/dupilumab"
ABRO = "https://w3id.org/adkg/id/drug/abrocitinib"
JAKI = "https://w3id.org/adkg/ontology#JAKInhibitor"
#: An import that states labels and types for our drugs (as an RDF file may), and links one.
HOSTILE = (f"<{DUPILUMAB}>\tEVIL LABEL\t{JAKI}\n"
           f"<{ABRO}>\tanother abrocitinib\n"
           "n1\timported abrocitinib\tDB:DB14973\n")


@pytest.fixture()
def project(build_dir, tmp_path, monkeypatch) -> Paths:
    """A copy of build/, data/ and ontology/ and the test format as the only one registered."""
    return import_adapter.project_copy(build_dir, tmp_path, monkeypatch)


kg = import_adapter.run_kg


def kg_build(paths: Paths) -> int:
    return main(["build", "--data", str(paths.data), "--ontology", str(paths.ontology), "--out", str(paths.build)])


def source(tmp_path: Path, text: str = HOSTILE) -> Path:
    path = tmp_path / "hostile.testids"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["/../../../../x/build/adkg", "a/b", "..", ".", "A", "-x", "x" * 65, "a\\b", ""])
def test_names_that_are_not_one_path_segment_are_refused(project, tmp_path, capsys, name):
    assert kg(project, "query", "patient-table") == 0
    capsys.readouterr()
    before = snapshot(project.build), snapshot(project.data)
    assert kg(project, "import", str(source(tmp_path)), f"--name={name}") == 1
    assert "invalid import name" in capsys.readouterr().err
    assert (snapshot(project.build), snapshot(project.data)) == before


def _rows(paths: Paths, helper: str) -> list[tuple]:
    return query.run(helper, open_store(paths)).rows


def test_an_import_never_changes_our_entities(project, tmp_path):
    patients, risk = _rows(project, "patient-table"), _rows(project, "cardiovascular-risk")
    assert len(patients) == 6
    dump = (project.build / "adkg.nq").read_bytes()
    assert kg(project, "import", str(source(tmp_path)), "--name", "hostile") == 0
    assert _rows(project, "patient-table") == patients
    assert _rows(project, "cardiovascular-risk") == risk
    store = open_store(project)
    labels = query.sparql(f"SELECT ?l WHERE {{ <{DUPILUMAB}> rdfs:label ?l }}", store).rows
    assert labels == [("dupilumab",)]
    assert not query.sparql(f"ASK {{ <{DUPILUMAB}> a <{JAKI}> }}", store).boolean
    # What the import said stays in its own graph, where a GRAPH pattern finds it.
    assert query.sparql(f"ASK {{ GRAPH <https://w3id.org/adkg/graph/import/hostile> "
                        f"{{ <{DUPILUMAB}> rdfs:label 'EVIL LABEL' }} }}", store).boolean
    assert (project.build / "adkg.nq").read_bytes() == dump  # the curated graphs, byte for byte
    summary = (project.build / "summary.json").read_bytes()
    del store
    assert kg_build(project) == 0
    assert (project.build / "adkg.nq").read_bytes() == dump
    assert (project.build / "summary.json").read_bytes() == summary  # the counts leave imports out


def test_reimporting_the_same_file_gives_the_same_bytes(project, tmp_path):
    assert kg(project, "import", str(source(tmp_path)), "--name", "twice") == 0
    first = (project.build / "imports" / "twice.nq").read_bytes()
    report = (project.build / "imports" / "twice.report.json").read_bytes()
    assert kg(project, "import", str(source(tmp_path)), "--name", "twice") == 0
    assert (project.build / "imports" / "twice.nq").read_bytes() == first
    assert (project.build / "imports" / "twice.report.json").read_bytes() == report
    # kg build converts it again only if something changed; its output is the same either way.
    (project.build / "imports" / "twice.nq").unlink()
    assert kg_build(project) == 0
    assert (project.build / "imports" / "twice.nq").read_bytes() == first


def test_a_removed_import_disappears_after_kg_build(project, tmp_path, capsys):
    assert kg(project, "import", str(source(tmp_path)), "--name", "gone") == 0
    graph = "https://w3id.org/adkg/graph/import/gone"
    ask = f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{graph}')) }}"
    assert query.sparql(ask, open_store(project)).boolean
    shutil.rmtree(project.imports / "gone")
    assert kg_build(project) == 0
    assert "Imports removed: gone" in capsys.readouterr().out
    assert sorted(p.name for p in (project.build / "imports").iterdir()) == []
    assert not query.sparql(ask, open_store(project)).boolean


def _graph_rows(paths: Paths, name: str) -> list[tuple]:
    text = (f"SELECT ?s ?o WHERE {{ GRAPH <https://w3id.org/adkg/graph/import/{name}> {{ ?s rdfs:label ?o }} }} "
            "ORDER BY ?s")
    return query.sparql(text, open_store(paths)).rows


def test_a_new_version_of_a_large_import_replaces_the_old_by_reloading_the_store(project, tmp_path, monkeypatch):
    """Past REMOVE_IN_PLACE_BYTES the store is loaded again rather than the old graph removed in
    place (which Oxigraph does in one transaction held in memory); the outcome is the same."""
    import pyoxigraph as ox

    import kg.publish.storage as storage

    monkeypatch.setattr(storage, "LOAD_CHUNK_BYTES", 90)  # about one quad a chunk
    patients = _rows(project, "patient-table")
    summary = (project.build / "summary.json").read_bytes()
    first = source(tmp_path, "n1\tfirst one\tDB:DB14973\nn2\tfirst two\n")
    assert kg(project, "import", str(first), "--name", "big") == 0
    base = "https://w3id.org/adkg/id/import/big/node/"
    assert _graph_rows(project, "big") == [(base + "n1", "first one"), (base + "n2", "first two")]
    monkeypatch.setattr(storage, "REMOVE_IN_PLACE_BYTES", 0)
    folder = (project.build / "store").stat().st_ino
    assert kg(project, "import", str(source(tmp_path, "n3\tsecond\n")), "--name", "big") == 0
    assert (project.build / "store").stat().st_ino != folder  # a new store, renamed into place
    assert _graph_rows(project, "big") == [(base + "n3", "second")]
    # The store holds exactly the import's file, loaded in chunks of about one quad.
    written = ox.parse(path=str(project.build / "imports" / "big.nq"), format=ox.RdfFormat.N_QUADS)
    in_store = [q for q in open_store(project).ox.quads_for_pattern(None, None, None, None)
                if isinstance(q.graph_name, ox.NamedNode) and "/graph/import/big" in q.graph_name.value]
    assert sorted(map(str, in_store)) == sorted(map(str, written))
    assert _rows(project, "patient-table") == patients
    counts = json.loads((project.build / "store" / "adkg-counts.json").read_text(encoding="utf-8"))
    assert counts["files"] == storage._stamp(storage.source_files(project.build))["files"]  # kept, stamped anew
    assert (project.build / "summary.json").read_bytes() == summary


def test_an_import_file_with_blank_nodes_is_loaded_in_one_piece(tmp_path):
    """A blank node label is scoped to one bulk load: a file that holds one is not cut in chunks."""
    import pyoxigraph as ox

    from kg.publish.storage import load_nquads

    lines = ['_:b <http://x/p> "first" <http://x/g> .\n',
             *(f'<http://x/s{n}> <http://x/p> "{n}" <http://x/g> .\n' for n in range(20)),
             '_:b <http://x/p> "last" <http://x/g> .\n']
    path = tmp_path / "b.nq"
    path.write_text("".join(lines), encoding="utf-8")
    store = ox.Store()
    load_nquads(store, path, chunk=64)
    assert len(store) == 22
    blank = {q.subject for q in store if isinstance(q.subject, ox.BlankNode)}
    assert len(blank) == 1  # one node, as the file says
    plain = tmp_path / "p.nq"
    plain.write_text("".join(lines[1:-1]), encoding="utf-8")
    chunked = ox.Store()
    load_nquads(chunked, plain, chunk=64)
    assert sorted(map(str, chunked)) == sorted(map(str, ox.parse(path=str(plain), format=ox.RdfFormat.N_QUADS)))
