"""The build pipeline: load -> map -> validate -> write. One function, :func:`build`.

>>> from pathlib import Path
>>> result = build(Path("data"), Path("ontology"), Path("build"), write=False)
>>> result.summary["entities"]["adkg:Patient"]
6
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import RDF

from kg.errors import BuildFailed, CurationError, KgError
from kg.fingerprint import input_fingerprint
from kg.load import load_corpus
from kg.mapping import MappedDataset, load_ontology, map_corpus
from kg.namespaces import ONTOLOGY_GRAPH, PREFIXES
from kg.serialize import write_build
from kg.validate import union_graph, validate

__all__ = ["BuildResult", "build", "summarise", "SUMMARY_CLASSES"]

#: The classes whose instances the summary counts, in the order it prints them.
SUMMARY_CLASSES = (
    "fabio:JournalArticle", "biro:BibliographicReference", "cito:Citation", "foaf:Person",
    "foaf:Organization", "fabio:Journal", "biolink:Drug", "biolink:Protein", "biolink:Pathway",
    "biolink:Disease", "adkg:Patient", "adkg:TreatmentCourse", "adkg:Observation",
    "adkg:CourseEvent", "adkg:NegativeFinding", "adkg:SummaryClaim", "adkg:TableCell",
    "adkg:CurationNote", "adkg:Assertion",
)


@dataclass
class BuildResult:
    dataset: Dataset
    summary: dict
    paths: list[Path] = field(default_factory=list)


def _instances(data: Graph, curie: str) -> int:
    prefix, _, local = curie.partition(":")
    query = ("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c }")
    rows = list(data.query(query, initBindings={"c": PREFIXES[prefix][local]}))
    return int(rows[0][0])


def summarise(mapped: MappedDataset, data: Graph) -> dict:
    graphs = {}
    for graph in mapped.dataset.graphs():
        if len(graph):
            graphs[str(graph.identifier)] = len(graph)
    instance_data = len(data) - graphs.get(str(ONTOLOGY_GRAPH), 0)
    return {
        "triples": len(data),
        "instance_triples": instance_data,
        "graphs": dict(sorted(graphs.items())),
        "entities": {c: _instances(data, c) for c in SUMMARY_CLASSES},
        "types": len(set(data.objects(None, RDF.type))),
    }


def _context(ontology_dir: Path) -> dict:
    path = ontology_dir / "context.jsonld"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CurationError(str(path), f"cannot read the JSON-LD context: {exc}") from None


def build(data_dir: Path, ontology_dir: Path, out_dir: Path, *, write: bool = True,
          root: Path | None = None) -> BuildResult:
    """Build the dataset from ``data_dir`` and ``ontology_dir``; write it to ``out_dir``.

    Raises :class:`~kg.errors.KgError` (nothing written) if any input is invalid.
    """
    corpus = load_corpus(data_dir, root=root)
    ontology = load_ontology(ontology_dir)
    mapped = map_corpus(corpus, ontology)
    data = union_graph(mapped)
    problems: list[KgError] = list(mapped.problems)
    problems += validate(mapped, ontology, ontology_dir, data)
    if problems:
        raise BuildFailed(sorted(problems, key=str))
    summary = summarise(mapped, data)
    summary["inputs_sha256"] = input_fingerprint(data_dir, ontology_dir)
    result = BuildResult(mapped.dataset, summary)
    if write:
        result.paths = write_build(mapped.dataset, data, _context(ontology_dir), summary, out_dir)
    return result
