"""The last steps of every build, full or incremental: count the store, write the descriptions.

summary.json and void.ttl are counted by SPARQL on the build's store (:mod:`kg.publish.stats`), but
for the quads of each named graph, which the build's manifest records (the lines of each graph's
section of adkg.nq); only a graph it does not know (an import of `kg import`) is counted there;
the Turtle, TriG and JSON-LD documents, when asked for, are written in full from the N-Quads dump.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.core.fingerprint import write_manifest
from kg.core.namespaces import ENTAILED_GRAPHS, ONTOLOGY_GRAPH, PREFIXES, article_graph, entailed_graph
from kg.publish.crate import articles_of, write_crate
from kg.publish.manifest import BuildManifest, Inputs, write_build_manifest
from kg.publish.serialize import MANIFEST_FILE, dump_json, write_documents
from kg.publish.stats import DatasetCounts, dataset_counts
from kg.publish.storage import IMPORT_GRAPHS, INPUTS_FILE, save_counts
from kg.transform.mapping import new_dataset

__all__ = ["SUMMARY_CLASSES", "summarise", "counts_of", "graph_quads", "finish", "entity_classes"]

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


def entity_classes() -> list[str]:
    """The IRIs of :data:`SUMMARY_CLASSES`, whose instances the counts take."""
    return [_expand(c) for c in SUMMARY_CLASSES]


def summarise(counts: DatasetCounts) -> dict:
    """summary.json: ``triples`` are the union's (the default graph's) distinct triples, asserted
    and entailed; ``entailed_triples`` the quads of the entailed graphs (``graph/entailed/...``,
    which hold no triple of their own curated graph or of the shared graphs), ``asserted_triples``
    the rest; ``instance_triples`` leave out the ontology graph's. ``entities``: the distinct
    instances of each class of :data:`SUMMARY_CLASSES`, what ``?x a C`` answers on the store.

    >>> graphs = {str(ONTOLOGY_GRAPH): 4, ENTAILED_GRAPHS + "article/a": 2}
    >>> s = summarise(DatasetCounts(10, graphs, dict.fromkeys(entity_classes(), 0), 0, 0))
    >>> s["triples"], s["asserted_triples"], s["entailed_triples"], s["instance_triples"]
    (10, 8, 2, 6)
    """
    ontology = counts.graphs.get(str(ONTOLOGY_GRAPH), 0)
    entailed = sum(n for g, n in counts.graphs.items() if g.startswith(ENTAILED_GRAPHS))
    return {
        "triples": counts.triples,
        "asserted_triples": counts.triples - entailed,
        "entailed_triples": entailed,
        "instance_triples": counts.triples - ontology,
        "graphs": counts.graphs,
        "entities": {c: counts.entities[_expand(c)] for c in SUMMARY_CLASSES},
        "types": counts.types,
    }


def counts_of(store: ox.Store, manifest: BuildManifest | None = None) -> DatasetCounts:
    """The counts of a kg store (its default graph holds the union of its named graphs); the quads
    per graph of the build's ``manifest`` are taken from it, not counted."""
    return dataset_counts(store, entity_classes(), ontology_graph=str(ONTOLOGY_GRAPH),
                          union_in_default=True, graphs=graph_quads(store, manifest) if manifest else None)


def graph_quads(store: ox.Store, manifest: BuildManifest) -> dict[str, int]:
    """The quads of each non-empty curated named graph of ``store``: as ``manifest`` records them
    for the shared and article graphs, counted in the store for any other; an import's graphs are
    not counted (adding an import changes no count)."""
    known = {name: n for name, n in manifest.shared_graphs.items() if n}
    known |= {str(article_graph(name)): e.quads for name, e in manifest.articles.items() if e.quads}
    known |= {str(entailed_graph(article_graph(name))): e.entailed for name, e in manifest.articles.items()
              if e.entailed}
    graphs = dict(known)
    for graph in store.named_graphs():
        if isinstance(graph, ox.NamedNode) and graph.value not in known and not graph.value.startswith(IMPORT_GRAPHS):
            quads = sum(1 for _ in store.quads_for_pattern(None, None, None, graph))
            if quads:
                graphs[graph.value] = quads
    return graphs


def finish(folder: Path, location: Path, manifest: BuildManifest, inputs: Inputs, context: dict,
           files: tuple[str, ...], counts: DatasetCounts | None = None) -> None:
    """Into the staged build ``folder`` (whose adkg.nq is written and whose store, at ``location``,
    is loaded): the counts (unless given), summary, VoID, context, the documents among ``files``,
    the manifest and, last, the RO-Crate description of them all (:mod:`kg.publish.crate`). The
    counts are kept beside the store, for the next incremental build."""
    from kg.publish.void import describe

    store = ox.Store(str(location))
    try:
        counts = counts if counts is not None else counts_of(store, manifest)
        articles = articles_of(store)
    finally:
        del store
    with suppress(OSError):  # without them, the next incremental build recounts
        save_counts(location, folder, counts.to_json())
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
    write_crate(folder, articles)  # last: it describes every file above
