"""The synthetic corpus generator: deterministic, marked synthetic, built by the same path."""

import hashlib
from pathlib import Path

from kg.dataset import query
from kg.dataset.store import Paths, open_store
from kg.publish.build import build
from kg.synth.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path):
    generate(tmp_path / "a", articles=4, seed=7, source=ROOT / "data")
    generate(tmp_path / "b", articles=4, seed=7, source=ROOT / "data")
    generate(tmp_path / "c", articles=4, seed=8, source=ROOT / "data")
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_synthetic_corpus_validates_through_the_real_build(tmp_path):
    stats = generate(tmp_path / "data", articles=3, seed=1, source=ROOT / "data")
    result = build(tmp_path / "data", ROOT / "ontology", tmp_path / "build", root=tmp_path)
    assert result.summary["entities"]["adkg:Patient"] == stats["patients"]
    assert len([g for g in result.summary["graphs"] if "/graph/article/synthetic-" in g]) == 3
    store = open_store(Paths(tmp_path / "build", tmp_path / "data", ROOT / "ontology"))
    titles = [r[0] for r in query.sparql("SELECT ?t WHERE { ?a a adkg:CaseSeries ; dcterms:title ?t }", store).rows]
    assert len(titles) == 3 and all(t.startswith("SYNTHETIC") for t in titles)
    assert {r[-3] for r in query.run("claims-check", store).rows} == {True}  # the claims agree with the patients
    # References come from a shared pool: some DOI is cited by more than one article.
    shared = query.sparql("""SELECT ?w (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a cito:cites ?w }
                             GROUP BY ?w HAVING (COUNT(DISTINCT ?a) > 1)""", store).rows
    assert shared
