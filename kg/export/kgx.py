"""Biolink KGX export: nodes and edges as TSV (nodes.tsv, edges.tsv) and JSON Lines
(nodes.jsonl, edges.jsonl), the formats Monarch, KG-Hub and the Translator tools read.

What is exported is read by :mod:`kg.export.kgx_read`; this module names the nodes and writes the
files. Identifiers:

* a node's ``id`` is its preferred cross-reference (``oboInOwl:hasDbXref``) for its category, in
  Biolink's order of ``id_prefixes`` (:func:`kg.export.biolink.preferred`): ``MONDO:0004980``,
  ``UniProtKB:P05112``, ``CHEBI:71200``; its other cross-references are its ``xref`` and its IRI in
  the graph its ``iri``;
* a node with no such cross-reference (the patients, laboratory tests), or whose only candidate is
  shared with another node (two pathways mapped to one Reactome pathway) or has a ``/`` in it (a
  DOI: KGX takes a CURIE's local part to have none), is named in the ``ADKG`` namespace by the
  path of its IRI below ``https://w3id.org/adkg/id/``, each ``/`` written ``.``
  (``ADKG:article.shahriari-2023-jaki-rescue.patient.3``). These are keys, not abbreviations of
  the IRI: the ``iri`` column gives the IRI;
* an edge's ``id`` is ``ADKG:edge.`` and a hash of what the edge says, so it is the same in every
  export of the same graph.

Same store, same bytes: nodes in ``id`` order, edges in (subject, predicate, object, id) order,
list values sorted, JSON keys sorted. In TSV a list is joined with ``|`` (KGX's separator), and a
tab, newline or ``|`` inside a value is written as a space.

>>> _fallback("https://w3id.org/adkg/id/article/a-2023/patient/3")
'ADKG:article.a-2023.patient.3'
>>> _tsv_value(["b", "a|c"]), _tsv_value(True), _tsv_value(None)
('a c|b', 'True', '')
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.core.errors import KgError
from kg.core.fsutil import atomic_write_text
from kg.core.namespaces import ID_BASE
from kg.dataset.store import Store
from kg.export.biolink import preferred
from kg.export.kgx_read import Edge, Graph, Node, read_graph

__all__ = ["KgxSummary", "export_kgx", "write", "NODE_COLUMNS", "EDGE_COLUMNS", "FILES", "LOCAL_PREFIX"]

#: The namespace of the nodes named by the project (see the module's docstring).
LOCAL_PREFIX = "ADKG"
NODE_COLUMNS = ("id", "category", "name", "xref", "iri", "has_drug")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "qualified_predicate", "object_aspect_qualifier",
                "object_direction_qualifier", "negated", "knowledge_level", "agent_type",
                "primary_knowledge_source", "publications", "supporting_text", "original_predicate")
FILES = ("nodes.tsv", "edges.tsv", "nodes.jsonl", "edges.jsonl")


@dataclass
class KgxSummary:
    """What an export wrote: nodes per category, edges per predicate, the files."""

    nodes: dict[str, int] = field(default_factory=dict)
    edges: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def _fallback(iri: str) -> str:
    local = iri[len(ID_BASE):] if iri.startswith(ID_BASE) else hashlib.sha256(iri.encode()).hexdigest()[:20]
    return f"{LOCAL_PREFIX}:{local.replace('/', '.')}"


def _ids(nodes: dict[str, Node]) -> dict[str, str]:
    """Each node's KGX id (IRI -> id)."""
    wanted = {iri: preferred(node.xrefs, node.categories[0]) for iri, node in nodes.items()}
    taken = Counter(i for i in wanted.values() if i)
    return {iri: i if i and taken[i] == 1 and "/" not in i else _fallback(iri) for iri, i in wanted.items()}


def _node_record(node: Node, ids: dict[str, str]) -> dict[str, Any]:
    own = ids[node.iri]
    return {"id": own, "category": list(node.categories), "name": node.name,
            "xref": sorted({x for x in node.xrefs if x != own}), "iri": node.iri,
            "has_drug": sorted(ids[d] for d in node.drugs if d in ids)}


def _edge_record(edge: Edge, ids: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {
        "subject": ids[edge.subject], "predicate": edge.relation.predicate, "object": ids[edge.object],
        **dict(edge.relation.qualifiers), "negated": True if edge.negated else None,
        "knowledge_level": edge.knowledge_level, "agent_type": edge.agent_type,
        "primary_knowledge_source": edge.source, "publications": sorted(edge.publications),
        "supporting_text": sorted(edge.texts), "original_predicate": edge.original,
    }
    digest = hashlib.sha256(json.dumps(record, sort_keys=True).encode("utf-8")).hexdigest()[:20]
    return {"id": f"{LOCAL_PREFIX}:edge.{digest}", **record}


def _present(record: dict[str, Any]) -> dict[str, Any]:
    """The record without its empty values (JSON Lines leaves an absent property out)."""
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def _tsv_value(value: Any) -> str:
    def clean(text: str) -> str:
        return " ".join(text.replace("|", " ").split()) if any(c in text for c in "|\t\n\r") else text

    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(sorted(clean(str(v)) for v in value))
    return clean(str(value))


def _tsv(records: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(_tsv_value(r.get(c)) for c in columns) for r in records]
    return "\n".join(lines) + "\n"


def _jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(_present(r), sort_keys=True, ensure_ascii=False) + "\n" for r in records)


def _records(graph: Graph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    ids = _ids(graph.nodes)
    nodes = sorted((_node_record(n, ids) for n in graph.nodes.values()), key=lambda r: r["id"])
    edges = {r["id"]: r for r in (_edge_record(e, ids) for e in graph.edges)}
    ordered = sorted(edges.values(), key=lambda r: (r["subject"], r["predicate"], r["object"], r["id"]))
    return nodes, ordered


def export_kgx(store: Store | ox.Store, out_dir: Path) -> KgxSummary:
    """Write the KGX files (:data:`FILES`) of ``store`` (a :class:`kg.dataset.store.Store` or a
    pyoxigraph store of a kg build) into ``out_dir`` (created if missing; other files in it are
    left alone). Everything is read before anything is written; each file is replaced in one rename.

    Raises :class:`~kg.core.errors.KgError` if the folder cannot be written.
    """
    graph = read_graph(store.ox if isinstance(store, Store) else store)
    nodes, edges = _records(graph)
    texts = {"nodes.tsv": _tsv(nodes, NODE_COLUMNS), "edges.tsv": _tsv(edges, EDGE_COLUMNS),
             "nodes.jsonl": _jsonl(nodes), "edges.jsonl": _jsonl(edges)}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            atomic_write_text(out_dir / name, texts[name])
    except OSError as exc:
        raise KgError(f"cannot write the KGX files to {out_dir}: {exc}") from None
    return KgxSummary(dict(sorted(Counter(n["category"][0] for n in nodes).items())),
                      dict(sorted(Counter(e["predicate"] for e in edges).items())),
                      [out_dir / name for name in FILES])


def write(store: Store, folder: Path) -> list[Path]:
    """The ``kgx`` format of ``kg export`` (:mod:`kg.export.formats`): :func:`export_kgx` into
    ``folder``, the files it wrote."""
    return export_kgx(store, folder).files
