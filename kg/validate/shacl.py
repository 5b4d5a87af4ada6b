"""Stage 3: validate the mapped dataset.

* the instance data against ontology/adkg-shapes.ttl (SHACL, with the Rust engine of the ``shacl``
  package: the same verdicts as pySHACL on the real data, the synthetic corpus, every broken
  variant of the tests and a probe per constraint component, at a tenth of the time or less -
  bench/results/build-profile.md; each shapes file is compiled once per process);
* the ontology against ontology/adkg-ontology-shapes.ttl (every term labelled and defined);
* every ontology/checks/*-violation.rq query, which must return no rows.

Each problem is reported with the curated file, record and field it came from, found through the
:class:`~kg.transform.triples.OriginIndex` the mapping stage filled in.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import shacl
from rdflib import Graph, Literal
from rdflib.term import Node
from rdflib.util import from_n3

from kg.core.errors import CurationError, KgError
from kg.core.terms import from_rdflib, to_rdflib
from kg.transform.mapping import MappedDataset

__all__ = ["shacl_problems", "check_queries"]


def _short(graph: Graph, node) -> str:
    try:
        return node.n3(graph.namespace_manager)
    except Exception:  # noqa: BLE001 - a label for a message only
        return str(node)


_COMPILED: dict[object, tuple[object, shacl.Shapes]] = {}


def compiled_shapes(shapes: Path | Graph) -> shacl.Shapes:
    """``shapes`` (a Turtle file or a parsed graph) compiled for the engine, once per process."""
    key: object = str(Path(shapes).resolve()) if not isinstance(shapes, Graph) else id(shapes)
    if key not in _COMPILED:
        graph = shapes if isinstance(shapes, Graph) else Graph().parse(shapes, format="turtle")
        # keep the graph referenced, so that its id is not reused while the entry lives
        _COMPILED[key] = (shapes, shacl.Shapes.from_text(graph.serialize(format="nt"), format="ntriples"))
    return _COMPILED[key][1]


def _term(text: str | None) -> Node | None:
    """A term of the engine's report (N-Triples syntax; a path in SPARQL syntax) as an rdflib term."""
    if text is None:
        return None
    try:
        term = from_n3(text)
    except Exception:  # noqa: BLE001 - a complex path is not a term; it labels a message only
        return None
    return term if isinstance(term, Node) else None


def shacl_problems(data: Graph, shapes_file: Path | Graph, mapped: MappedDataset | None,
                   display: str, *, text: str | None = None) -> list[KgError]:
    """Validate ``data`` against the shapes; each result as a :class:`CurationError` naming the curated
    file, record and field its focus node and path came from (or the node itself, if no origin).

    ``text``: the same triples already written as N-Quads or N-Triples lines (the union of their
    graphs is validated), so that ``data`` is not serialised again; ``data`` then only names the
    nodes in the messages (its prefixes)."""
    if text is None:
        text = data.serialize(format="nt")
    report = compiled_shapes(shapes_file).validate_text(text, format="nquads", allow_warnings=True)
    if report.conforms:
        return []
    problems: list[KgError] = []
    for result in report.results:
        focus = _term(result.focus_node) or Literal(result.focus_node)
        path, value = _term(result.path), _term(result.value)
        message = result.message or f"violates sh:{result.component.removesuffix('ConstraintComponent')}"
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


