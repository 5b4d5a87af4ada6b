"""An incremental build (only the articles added, changed or removed redone) gives build/ byte for
byte as a full build of the same input does; it says what it rebuilt; a broken article leaves
build/ as it was; progress is reported to the library's callback and never printed in a pipe."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.core.errors import BuildFailed
from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.publish.build import build
from kg.synth.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "articles" / "invented-2024-upadacitinib-rescue"
FIXTURE_DOI = "10.5555/adkg.fixture.2024.001"
SPARE = "synthetic-000004"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """data/ (the real article, the invented fixture, three synthetic articles), ontology/ and a
    full build of them; a fourth synthetic article waits in spare/ to be added."""
    root = tmp_path_factory.mktemp("incremental")
    generate(root / "data", articles=4, seed=3, source=ROOT / "data")
    shutil.copytree(ROOT / "ontology", root / "ontology")
    shutil.move(root / "data" / "articles" / SPARE, root / "spare")
    shutil.copytree(ROOT / "data" / "articles" / "shahriari-2023-jaki-rescue",
                    root / "data" / "articles" / "shahriari-2023-jaki-rescue")
    shutil.copytree(FIXTURE, root / "data" / "articles" / FIXTURE.name)
    result = build(root / "data", root / "ontology", root / "build", root=root, documents=False)
    assert result.rebuilt.full
    return root


@pytest.fixture
def corpus(base, tmp_path) -> Path:
    """A copy of the base corpus and its build, to change."""
    for name in ("data", "ontology", "build", "spare"):
        shutil.copytree(base / name, tmp_path / name)
    return tmp_path


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file of a build by its SHA-256; the store by its sorted N-Quads dump."""
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}
    store = ox.Store.read_only(str(folder / "store"))
    try:
        dump = ox.serialize(store, format=ox.RdfFormat.N_QUADS)
    finally:
        del store
    files["store"] = hashlib.sha256(b"".join(sorted(dump.splitlines(keepends=True)))).hexdigest()
    return files


def _update(root: Path, **options):
    return build(root / "data", root / "ontology", root / "build", root=root, documents=False, **options)


def _assert_same_as_full(root: Path, documents: bool = False) -> None:
    full = build(root / "data", root / "ontology", root / "full", root=root, documents=documents)
    assert full.rebuilt.full
    assert _snapshot(root / "build") == _snapshot(root / "full")


def _patients(root: Path, doi: str) -> list[tuple]:
    store = open_store(Paths(root / "build", root / "data", root / "ontology"))
    result = query.run("patient-table", store, doi=doi)
    number, age = result.columns.index("patient"), result.columns.index("age")
    return [(row[number], row[age]) for row in result.rows]


def test_adding_an_article_maps_only_that_one(corpus):
    shutil.move(corpus / "spare", corpus / "data" / "articles" / SPARE)
    result = build(corpus / "data", corpus / "ontology", corpus / "build", root=corpus, documents=True)
    rebuilt = result.rebuilt
    assert (rebuilt.full, rebuilt.added, rebuilt.changed, rebuilt.removed) == (False, (SPARE,), (), ())
    assert len(rebuilt.unchanged) == 5
    assert "https://w3id.org/adkg/graph/article/synthetic-000004" in result.summary["graphs"]
    _assert_same_as_full(corpus, documents=True)
    assert _patients(corpus, "10.5555/adkg.synthetic.article.000004")


def test_changing_a_patient_value_rebuilds_that_article(corpus):
    article = corpus / "data" / "articles" / FIXTURE.name
    assert _patients(corpus, FIXTURE_DOI)[0] == (1, 40)
    csv = article / "patients.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("\n1,40,female", "\n1,41,female"), encoding="utf-8")
    table = article / "table-1.tsv"
    table.write_text(table.read_text(encoding="utf-8").replace("\n1\t40, Female", "\n1\t41, Female"),
                     encoding="utf-8")
    rebuilt = _update(corpus).rebuilt
    assert (rebuilt.full, rebuilt.added, rebuilt.changed, rebuilt.removed) == (False, (), (FIXTURE.name,), ())
    _assert_same_as_full(corpus)
    assert _patients(corpus, FIXTURE_DOI)[0] == (1, 41)


def test_removing_an_article_drops_its_graph_and_nothing_it_shared(corpus):
    shutil.rmtree(corpus / "data" / "articles" / FIXTURE.name)
    result = _update(corpus)
    assert (result.rebuilt.full, result.rebuilt.removed) == (False, (FIXTURE.name,))
    assert "https://w3id.org/adkg/graph/article/" + FIXTURE.name not in result.summary["graphs"]
    _assert_same_as_full(corpus)
    assert _patients(corpus, FIXTURE_DOI) == []
    # Upadacitinib and the work both articles cite stay: the real article still says them.
    store = open_store(Paths(corpus / "build", corpus / "data", corpus / "ontology"))
    rows = query.sparql("SELECT ?s WHERE { ?s prism:doi '10.1016/j.jaci.2021.08.009' }", store).rows
    assert len(rows) == 1


def test_a_changed_vocabulary_rebuilds_everything(corpus):
    drugs = corpus / "data" / "vocabulary" / "drugs.yaml"
    drugs.write_text(drugs.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rebuilt = _update(corpus).rebuilt
    assert rebuilt.full and "shared inputs" in rebuilt.reason
    _assert_same_as_full(corpus)


def test_nothing_changed_keeps_every_article_and_full_forces_a_full_build(corpus):
    before = _snapshot(corpus / "build")
    rebuilt = _update(corpus).rebuilt
    assert (rebuilt.full, rebuilt.added, rebuilt.changed, rebuilt.removed, len(rebuilt.unchanged)) == (
        False, (), (), (), 5)
    assert _snapshot(corpus / "build") == before
    forced = _update(corpus, full=True).rebuilt
    assert forced.full and "--full" in forced.reason
    assert _snapshot(corpus / "build") == before


def test_a_broken_changed_article_fails_and_leaves_build_as_it_was(corpus):
    before = _snapshot(corpus / "build")
    csv = corpus / "data" / "articles" / FIXTURE.name / "patients.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("\n1,40,female", "\n1,41,female"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        _update(corpus)
    assert "printed '40, Female, White'" in str(failed.value) and "age=41" in str(failed.value)
    assert _snapshot(corpus / "build") == before
    assert not [p for p in corpus.iterdir() if p.name.startswith(".build-")]


def test_an_interrupted_store_update_is_reloaded_whole(corpus):
    (corpus / "build" / "store" / "adkg-store.json").unlink()  # as an update cut short leaves it
    shutil.rmtree(corpus / "data" / "articles" / "synthetic-000002")
    assert not _update(corpus).rebuilt.full
    _assert_same_as_full(corpus)


def test_progress_goes_to_the_callback(corpus):
    calls = []
    shutil.move(corpus / "spare", corpus / "data" / "articles" / SPARE)
    _update(corpus, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 1) and calls[-1] == (1, 1)


def test_the_command_says_what_it_rebuilt_and_prints_no_progress_in_a_pipe(corpus):
    shutil.move(corpus / "spare", corpus / "data" / "articles" / SPARE)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    done = subprocess.run([sys.executable, "-m", "kg", "build", "--data", "data", "--ontology", "ontology",
                           "--out", "build", "--no-documents"], cwd=corpus, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert "Rebuilt 1 article (added: synthetic-000004), kept 5" in done.stdout
    assert done.stderr == ""


def _no_recount(monkeypatch) -> None:
    """Make a recount of the store fail: the counts must come from the change alone."""
    import kg.publish.finish as finish

    def refuse(*_args, **_kwargs):
        raise AssertionError("the store was recounted")

    monkeypatch.setattr(finish, "counts_of", refuse)


def _assert_same_counts_as_full(root: Path) -> None:
    full = build(root / "data", root / "ontology", root / "full", root=root, documents=False)
    assert full.rebuilt.full
    for name in ("summary.json", "void.ttl"):
        assert (root / "build" / name).read_text(encoding="utf-8") == (root / "full" / name).read_text(
            encoding="utf-8"), name
    shutil.rmtree(root / "full")


def test_counts_follow_removing_and_adding_back_an_article_that_shares_nodes(corpus, monkeypatch):
    # The fixture cites a work the real article cites, names the same drug and uses the same
    # classes: removing it must keep what the real article still says, adding it back must not
    # count twice what both say.
    before = json.loads((corpus / "build" / "summary.json").read_text(encoding="utf-8"))
    kept = corpus / "kept"
    shutil.move(corpus / "data" / "articles" / FIXTURE.name, kept)
    with monkeypatch.context() as patched:
        _no_recount(patched)
        removed = _update(corpus).summary
    assert removed["entities"]["adkg:Patient"] == before["entities"]["adkg:Patient"] - 2
    assert removed["entities"]["fabio:JournalArticle"] < before["entities"]["fabio:JournalArticle"]
    _assert_same_counts_as_full(corpus)
    shutil.move(kept, corpus / "data" / "articles" / FIXTURE.name)
    shutil.move(corpus / "spare", corpus / "data" / "articles" / SPARE)
    with monkeypatch.context() as patched:
        _no_recount(patched)
        added = _update(corpus)
    assert (added.rebuilt.full, sorted(added.rebuilt.added)) == (False, sorted([FIXTURE.name, SPARE]))
    _assert_same_counts_as_full(corpus)
    _assert_same_as_full(corpus)
    assert added.summary["entities"]["adkg:Patient"] > before["entities"]["adkg:Patient"]


def test_counts_kept_for_other_files_are_not_used(corpus):
    # An import changes the store's files after the counts were kept: they must be recounted.
    kept = corpus / "build" / "store" / "adkg-counts.json"
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["files"][0][1] += 1  # as if taken for another adkg.nq
    data["counts"]["triples"] += 1000
    kept.write_text(json.dumps(data), encoding="utf-8")
    shutil.rmtree(corpus / "data" / "articles" / "synthetic-000002")
    assert not _update(corpus).rebuilt.full
    _assert_same_as_full(corpus)
