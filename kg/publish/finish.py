"""The last steps of every build, full or incremental: count the store, write the descriptions.

summary.json and void.ttl are counted by SPARQL on the build's store (:mod:`kg.publish.stats`);
the Turtle, TriG and JSON-LD documents, when asked for, are written in full from the N-Quads dump.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.core.fingerprint import write_manifest
from kg.core.namespaces import ONTOLOGY_GRAPH, PREFIXES
from kg.publish.manifest import BuildManifest, Inputs, write_build_manifest
from kg.publish.serialize import MANIFEST_FILE, dump_json, write_documents
from kg.publish.stats import DatasetCounts, dataset_counts
from kg.publish.storage import INPUTS_FILE
from kg.transform.mapping import new_dataset

__all__ = ["SUMMARY_CLASSES", "summarise", "counts_of", "finish"]

#: The classes whose instances the summary counts, in the order it prints them.
SUMMARY_CLASSES = (
    "fabio:JournalArticle", "biro:BibliographicReference", "cito:Citation", "foaf:Person",
    "foaf:Organization", "fabio:Journal", "biolink:Drug", "biolink:Protein", "biolink:Pathway",
    "biolink:Disease", "adkg:Patient", "adkg:TreatmentCourse", "adkg:Observation",
    "adkg:CourseEvent", "adkg:NegativeFinding", "adkg:SummaryClaim", "adkg:TableCell",
    "adkg:CurationNote", "adkg:Assertion",
)


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return str(PREFIXES[prefix][local])


def summarise(counts: DatasetCounts) -> dict:
    ontology = counts.graphs.get(str(ONTOLOGY_GRAPH), 0)
    return {
        "triples": counts.triples,
        "instance_triples": counts.triples - ontology,
        "graphs": counts.graphs,
        "entities": {c: counts.entities[_expand(c)] for c in SUMMARY_CLASSES},
        "types": counts.types,
    }


def counts_of(store: ox.Store) -> DatasetCounts:
    """The counts of a kg store (its default graph holds the union of its named graphs)."""
    return dataset_counts(store, [_expand(c) for c in SUMMARY_CLASSES], ontology_graph=str(ONTOLOGY_GRAPH),
                          union_in_default=True)


def finish(folder: Path, location: Path, manifest: BuildManifest, inputs: Inputs, context: dict,
           files: tuple[str, ...]) -> None:
    """Into the staged build ``folder`` (whose adkg.nq is written and whose store, at ``location``,
    is loaded): the counts, summary, VoID, context, the documents among ``files`` and the manifest."""
    from kg.publish.void import describe

    store = ox.Store(str(location))
    try:
        counts = counts_of(store)
    finally:
        del store
    with suppress(OSError):  # the inputs' hashes, so that the next build hashes only what changed
        write_manifest(location / INPUTS_FILE, inputs.files)
    if "adkg.ttl" in files:
        dataset = new_dataset()
        dataset.parse(folder / "adkg.nq", format="nquads")
        merged = Graph()
        for prefix, namespace in PREFIXES.items():
            merged.bind(prefix, namespace, override=True)
        for graph in dataset.graphs():
            merged += graph
        write_documents(dataset, merged, context, folder)
    dumps = tuple(f for f in ("adkg.nq", "adkg.trig", "adkg.ttl", "adkg.jsonld") if f in files)
    describe(counts, dumps).serialize(folder / "void.ttl", format="turtle", encoding="utf-8")
    dump_json(context, folder / "context.jsonld")
    dump_json({**summarise(counts), "inputs_sha256": inputs.fingerprint}, folder / "summary.json")
    write_build_manifest(manifest, folder / MANIFEST_FILE)
