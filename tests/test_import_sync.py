"""A query that rebuilds build/ also brings its imports up to date (as ``kg build`` does last).

The import is the test-only format (tests/import_adapter.py); the identifier is abrocitinib's
DrugBank ID (DB14973), written here.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import import_adapter
import pytest

from kg.cli.main import main
from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.link import formats as link_formats

ROOT = Path(__file__).resolve().parent.parent
LINKS = "https://w3id.org/adkg/graph/import/drugs/links"


@pytest.fixture()
def project(build_dir, tmp_path, monkeypatch) -> Paths:
    """A copy of build/, data/ and ontology/ and the test format as the only one registered."""
    return import_adapter.project_copy(build_dir, tmp_path, monkeypatch)


kg = import_adapter.run_kg


def linked(paths: Paths) -> list[str]:
    rows = query.sparql(f"SELECT ?ours WHERE {{ GRAPH <{LINKS}> {{ ?ours ?p ?theirs }} "
                        "FILTER(STRSTARTS(STR(?ours), 'https://w3id.org/adkg/id/drug/')) }", open_store(paths)).rows
    return sorted(str(row[0]) for row in rows)


def test_a_rebuild_started_by_a_query_converts_the_imports_again(project, tmp_path, capsys):
    source = tmp_path / "drugs.testids"
    source.write_text("n1\tan abrocitinib\tDB:DB14973\n", encoding="utf-8")
    assert kg(project, "import", str(source), "--name", "drugs") == 0
    assert linked(project) == ["https://w3id.org/adkg/id/drug/abrocitinib"]
    # Abrocitinib's DrugBank mapping leaves the curated tables: the next query rebuilds, and the
    # import's link, which that mapping made, must go with it.
    table = project.data / "mappings" / "adkg.sssom.tsv"
    text = table.read_text(encoding="utf-8")
    assert text.count("\tDRUGBANK:DB14973\t") == 1
    table.write_text(text.replace("\tDRUGBANK:DB14973\t", "\tDRUGBANK:DB99999\t"), encoding="utf-8")
    capsys.readouterr()
    assert kg(project, "query", "patient-table") == 0
    assert "imports converted: drugs" in capsys.readouterr().err
    assert linked(project) == []


def test_a_failed_first_import_leaves_no_imports_folder_behind(project, tmp_path, capsys):
    shutil.rmtree(project.build / "imports", ignore_errors=True)
    bad = tmp_path / "bad.testids"
    bad.write_text("a\tx\tDOID:3310\n!\n", encoding="utf-8")
    assert kg(project, "import", str(bad)) == 1
    assert f"{bad}:2: bad line" in capsys.readouterr().err  # the user's file, not a private copy
    assert not (project.build / "imports").exists()


def test_a_file_changed_while_it_is_imported_keeps_what_was_converted(project, tmp_path, monkeypatch):
    source = tmp_path / "moving.testids"
    source.write_text("n1\tan abrocitinib\tDB:DB14973\n", encoding="utf-8")

    def read_then_change(path, sink, ctx):  # the user's file changes under the import
        import_adapter.read(path, sink, ctx)
        source.write_text("n1\tsomething else\tDOID:3310\n", encoding="utf-8")

    moving = dataclasses.replace(import_adapter.FORMAT, read=read_then_change)
    monkeypatch.setattr(link_formats, "formats", lambda: [moving])
    assert kg(project, "import", str(source), "--name", "moving") == 0
    kept = (project.imports / "moving").glob("source.*")
    assert [p.read_text(encoding="utf-8") for p in kept] == ["n1\tan abrocitinib\tDB:DB14973\n"]
    import_adapter.use(monkeypatch)
    assert main(["build", "--data", str(project.data), "--ontology", str(project.ontology),
                 "--out", str(project.build)]) == 0  # the kept copy matches its record
