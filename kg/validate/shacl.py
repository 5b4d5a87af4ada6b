"""Stage 3: validate the mapped dataset.

* the instance data against ontology/adkg-shapes.ttl (SHACL, pySHACL);
* the ontology against ontology/adkg-ontology-shapes.ttl (every term labelled and defined);
* every ontology/checks/*-violation.rq query, which must return no rows.

Each problem is reported with the curated file, record and field it came from, found through the
:class:`~kg.transform.triples.OriginIndex` the mapping stage filled in.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import Graph
from rdflib.namespace import SH

from kg.core.errors import CurationError, KgError
from kg.core.terms import from_rdflib, to_rdflib
from kg.transform.mapping import MappedDataset

__all__ = ["shacl_problems", "check_queries"]


def _short(graph: Graph, node) -> str:
    try:
        return node.n3(graph.namespace_manager)
    except Exception:  # noqa: BLE001 - a label for a message only
        return str(node)


def shacl_problems(data: Graph, shapes_file: Path | Graph, mapped: MappedDataset | None,
                   display: str) -> list[KgError]:
    shapes = shapes_file if isinstance(shapes_file, Graph) else Graph().parse(shapes_file, format="turtle")
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


def check_queries(data: Graph, checks_dir: Path, mapped: MappedDataset | None,
                  store: ox.Store | None = None) -> list[KgError]:
    """Run every ``*-violation.rq`` check on pyoxigraph (rdflib's engine is quadratic on them),
    over ``store`` if given (the same triples as ``data``, already loaded), else over ``data``."""
    problems: list[KgError] = []
    if store is None:
        store = ox.Store()
        store.extend(ox.Quad(*(from_rdflib(t) for t in triple)) for triple in data)
    for query_file in sorted(checks_dir.glob("*-violation.rq")):
        rows = store.query(query_file.read_text(encoding="utf-8"), use_default_graph_as_union=True)
        if not isinstance(rows, ox.QuerySolutions):
            problems.append(CurationError(f"ontology/checks/{query_file.name}", "a check must be a SELECT query"))
            continue
        for solution in rows:
            values = [to_rdflib(solution[i]) for i in range(len(rows.variables)) if solution[i] is not None]
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


