"""Stage 3: validate the mapped dataset.

* the instance data against ontology/adkg-shapes.ttl (SHACL, pySHACL);
* the ontology against ontology/adkg-ontology-shapes.ttl (every term labelled and defined);
* every ontology/checks/*-violation.rq query, which must return no rows.

Each problem is reported with the curated file, record and field it came from, found through the
:class:`~kg.triples.OriginIndex` the mapping stage filled in.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from kg.errors import CurationError, KgError
from kg.mapping import MappedDataset
from kg.namespaces import PREFIXES

__all__ = ["union_graph", "validate", "shacl_problems", "check_queries"]


def union_graph(mapped: MappedDataset) -> Graph:
    """All triples of every named graph in one graph (the view SHACL and SPARQL checks see)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    for s, p, o, _ in mapped.dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _short(graph: Graph, node) -> str:
    try:
        return node.n3(graph.namespace_manager)
    except Exception:  # noqa: BLE001 - a label for a message only
        return str(node)


def shacl_problems(data: Graph, shapes_file: Path, mapped: MappedDataset | None,
                   display: str) -> list[KgError]:
    shapes = Graph().parse(shapes_file, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                           abort_on_first=False, allow_infos=True,
                                           allow_warnings=True)
    if conforms:
        return []
    problems: list[KgError] = []
    for result in sorted(report.subjects(SH.focusNode, None), key=str):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        message = report.value(result, SH.resultMessage) or "violates a shape"
        detail = f"{message}" + (f" (found {_short(data, value)})" if value is not None else "")
        origin, field = (mapped.origins.lookup(focus, path) if mapped else (None, None))
        if origin is None:
            where = f"{_short(data, focus)}" + (f" {_short(data, path)}" if path is not None else "")
            problems.append(CurationError(display, f"{where}: {detail}"))
        else:
            problems.append(CurationError.at(origin, detail, field or (_short(data, path) if path else None)))
    return sorted(problems, key=str)


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        return Literal(term.value, lang=term.language, datatype=None if term.language else URIRef(term.datatype.value))
    return Literal(str(term))


def check_queries(data: Graph, checks_dir: Path, mapped: MappedDataset | None) -> list[KgError]:
    """Run every ``*-violation.rq`` check (on pyoxigraph: rdflib's engine is quadratic on them)."""
    problems: list[KgError] = []
    store = ox.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    for query_file in sorted(checks_dir.glob("*-violation.rq")):
        rows = store.query(query_file.read_text(encoding="utf-8"))
        for solution in rows:
            values = [_to_rdflib(solution[i]) for i in range(len(rows.variables)) if solution[i] is not None]
            origin = None
            if mapped:
                for value in values:
                    origin, _ = mapped.origins.lookup(value, None)
                    if origin:
                        break
            text = ", ".join(_short(data, v) for v in values)
            name = query_file.stem.removesuffix("-violation").replace("-", " ")
            if origin:
                problems.append(CurationError.at(origin, f"{name}: {text}"))
            else:
                problems.append(CurationError(f"ontology/checks/{query_file.name}", f"{name}: {text}"))
    return problems


def validate(mapped: MappedDataset, ontology: Graph, ontology_dir: Path, data: Graph | None = None) -> list[KgError]:
    """Every problem found; an empty list means the dataset is valid. ``data`` is the union graph
    of ``mapped`` when the caller has it already."""
    data = union_graph(mapped) if data is None else data
    problems = shacl_problems(data, ontology_dir / "adkg-shapes.ttl", mapped, "dataset")
    problems += shacl_problems(ontology, ontology_dir / "adkg-ontology-shapes.ttl", None,
                               "ontology/adkg.ttl")
    problems += check_queries(data, ontology_dir / "checks", mapped)
    return problems


