"""pySHACL against the Rust-based SHACL validators on PyPI: same verdicts, and how fast.

    python bench/shacl_engines.py [--synthetic /tmp/p60] [--engines pyshacl,shacl,...]

Cases: the real data (must conform), a synthetic corpus if given (must conform), and every broken
variant of tests/test_broken_input.py and tests/test_tables.py, each applied to a fresh copy of
data/ and ontology/. A variant the loader refuses never reaches SHACL and is listed as such. For
every other case the data graph is what the build validates (the mapped articles with the
ontology and vocabulary beside them) and each engine's results are reduced to the set of
(focus node, result path) pairs, in N-Triples syntax: an engine agrees with pySHACL when its
verdict and that set are the same. The time is the validation alone, from what the build already
holds: an rdflib graph for the pySHACL-style engines, N-Triples text for the others (the build
writes its quads as N-Quads text anyway). The engines are optional: one that is not installed is
reported as missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from rdflib import Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import RDF, SH  # noqa: E402

from kg.core.errors import KgError  # noqa: E402
from kg.core.identifiers import for_ontology  # noqa: E402
from kg.ingest.load import load_corpus  # noqa: E402
from kg.transform.mapping import declared_terms, load_ontology, map_articles, map_shared  # noqa: E402

Pairs = set[tuple[str, str | None]]
Outcome = tuple[bool, Pairs, float]


def _pairs_from_report(report: Graph) -> Pairs:
    pairs: Pairs = set()
    for result in report.subjects(SH.focusNode, None):
        focus, path = report.value(result, SH.focusNode), report.value(result, SH.resultPath)
        pairs.add((focus.n3(), path.n3() if path is not None else None))
    return pairs


def _rdflib_engine(module: str) -> Callable[[Graph, str, Graph], Outcome]:
    def run(graph: Graph, text: str, shapes: Graph) -> Outcome:
        validate = importlib.import_module(module).validate
        started = time.perf_counter()
        if module == "shifty":
            conforms, report, _ = validate(graph, shapes, infer=False)
        else:
            conforms, report, _ = validate(graph, shacl_graph=shapes, inference="none", allow_infos=True,
                                           allow_warnings=True)
        return bool(conforms), _pairs_from_report(report), time.perf_counter() - started
    return run


def _shacl(graph: Graph, text: str, shapes: Graph) -> Outcome:
    import shacl  # type: ignore[import-not-found]
    started = time.perf_counter()
    compiled = shacl.Shapes.from_text(shapes.serialize(format="nt"), format="ntriples")
    report = compiled.validate_text(text, format="ntriples", allow_warnings=True)
    return bool(report.conforms), {(r.focus_node, r.path) for r in report.results}, time.perf_counter() - started


def _shacl_rust(graph: Graph, text: str, shapes: Graph) -> Outcome:
    import shacl_rust  # type: ignore[import-not-found]
    started = time.perf_counter()
    report = shacl_rust.validate(text, shapes.serialize(format="nt"), data_format="nt", shapes_format="nt")
    pairs = {(r["focusNode"], r.get("resultPath")) for r in report["results"]}
    return bool(report["conforms"]), pairs, time.perf_counter() - started


def _nt(term: str | None) -> str | None:
    """pyrudof names IRIs bare; blank nodes and literals as in N-Triples."""
    if term is None or term.startswith(("_:", '"', "<")):
        return term
    return f"<{term}>"


def _pyrudof(graph: Graph, text: str, shapes: Graph) -> Outcome:
    import pyrudof  # type: ignore[import-not-found]
    started = time.perf_counter()
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(text, format=pyrudof.RDFFormat.NTriples)
    rudof.read_shacl(shapes.serialize(format="nt"), format=pyrudof.ShaclFormat.NTriples)
    report = rudof.validate_shacl()
    pairs = {(str(_nt(v.focus_node)), _nt(v.path)) for v in report.violations}
    return bool(report.conforms), pairs, time.perf_counter() - started


ENGINES: dict[str, tuple[str, Callable[[Graph, str, Graph], Outcome]]] = {
    "pyshacl": ("pyshacl", _rdflib_engine("pyshacl")),
    "pyshacl-turbo": ("pyshacl_turbo", _rdflib_engine("pyshacl_turbo")),
    "pyshifty": ("shifty", _rdflib_engine("shifty")),
    "shacl": ("shacl", _shacl),
    "shacl-rust": ("shacl_rust", _shacl_rust),
    "pyrudof": ("pyrudof", _pyrudof),
}


def data_graph(data: Path, ontology: Path) -> Graph:
    """What the build validates: every article's graph with the shared graphs beside it."""
    corpus = load_corpus(data, identifiers=for_ontology(ontology))
    onto = load_ontology(ontology)
    shared = map_shared(corpus, onto)
    mapped = map_articles(corpus, onto, corpus.articles, declared_terms(onto))
    return mapped.union(shared.union())


_A, _SOSA = "https://w3id.org/adkg/ontology#", "http://www.w3.org/ns/sosa/"
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _first(graph: Graph, cls: str) -> Any:
    return sorted(graph.subjects(RDF.type, URIRef(cls)))[0]


def _set(cls: str, predicate: str, value: Callable[[Graph], Any], *, keep: bool = False) -> Callable[[Graph], None]:
    """An edit: the first node of ``cls`` gets ``value`` for ``predicate`` (beside the old one if ``keep``)."""
    def edit(graph: Graph) -> None:
        node = _first(graph, cls)
        if not keep:
            graph.remove((node, URIRef(predicate), None))
        new = value(graph)
        if new is not None:
            graph.add((node, URIRef(predicate), new))
    return edit


#: Graph edits on the real data, one per constraint component the shapes use that no test variant
#: reaches (the variants only reach min/maxInclusive, minExclusive, pattern and lessThanOrEquals).
PROBES: list[tuple[str, Callable[[Graph], None]]] = [
    ("minCount (no age)", _set(_A + "Patient", _A + "ageYears", lambda g: None)),
    ("maxCount (two sexes)", lambda g: g.add((_first(g, _A + "Patient"), URIRef(_A + "sex"), URIRef(_A + "Male")))
     and g.add((_first(g, _A + "Patient"), URIRef(_A + "sex"), URIRef(_A + "Female"))) and None),
    ("class (drug is a patient)", _set(_A + "TreatmentCourse", _A + "drug", lambda g: _first(g, _A + "Patient"))),
    ("datatype (age as a string)", _set(_A + "Patient", _A + "ageYears", lambda g: Literal("30"))),
    ("datatype (ill-typed integer)", _set(_A + "Patient", _A + "ageYears",
                                          lambda g: Literal("thirty", datatype=URIRef(_XSD + "integer")))),
    ("in (sex not listed)", _set(_A + "Patient", _A + "sex", lambda g: URIRef(_A + "Other"))),
    ("hasValue (IGA observes BSA)", _set(_A + "IGAObservation", _SOSA + "observedProperty",
                                         lambda g: URIRef(_A + "BSAInvolvement"))),
    ("nodeKind (dose unit a literal)", _set(_A + "TreatmentCourse", _A + "doseUnit", lambda g: Literal("mg"))),
    ("minLength (empty sentence)", _set("http://purl.org/spar/doco/Sentence", "http://purl.org/spar/c4o/hasContent",
                                        lambda g: Literal(""))),
]


def compare_graph(name: str, graph: Graph, ontology: Path, engines: list[str]) -> dict[str, Any]:
    """:func:`compare` for a graph already in hand."""
    text = graph.serialize(format="nt")
    shapes = Graph().parse(ontology / "adkg-shapes.ttl", format="turtle")
    row: dict[str, Any] = {"case": name, "triples": len(graph), "engines": {}}
    for engine in engines:
        module, run = ENGINES[engine]
        if importlib.util.find_spec(module) is None:
            row["engines"][engine] = {"missing": True}
            continue
        try:
            conforms, pairs, seconds = run(graph, text, shapes)
            row["engines"][engine] = {"conforms": conforms, "pairs": pairs, "seconds": seconds}
        except Exception as error:  # noqa: BLE001 - an engine that fails is reported, not fatal
            row["engines"][engine] = {"error": f"{type(error).__name__}: {str(error)[:120]}"}
    return row


def _variants() -> list[tuple[str, Callable[[Path], None]]]:
    import test_broken_input  # the tests' own variants, applied as the tests apply them
    import test_tables
    return ([(f"broken_input/{v[0]}", v[1]) for v in test_broken_input.VARIANTS]
            + [(f"tables/{v[0]}", v[1]) for v in test_tables.BROKEN])


def compare(name: str, data: Path, ontology: Path, engines: list[str]) -> dict[str, Any]:
    """One case: each engine's verdict, pairs and time, and whether it agrees with pySHACL."""
    try:
        graph = data_graph(data, ontology)
    except KgError as error:
        lines = [line.strip() for line in str(error).splitlines() if line.strip()]
        return {"case": name, "loader": lines[-1][:110]}
    return compare_graph(name, graph, ontology, engines)


def _cell(row: dict[str, Any], engine: str) -> str:
    outcome, reference = row["engines"][engine], row["engines"].get("pyshacl", {})
    if "missing" in outcome:
        return "not installed"
    if "error" in outcome:
        return f"error ({outcome['error']})"
    verdict = "conforms" if outcome["conforms"] else f"{len(outcome['pairs'])} result(s)"
    same = (outcome["conforms"] == reference.get("conforms") and outcome["pairs"] == reference.get("pairs"))
    return f"{verdict}{'' if same else ' **DIFFERS**'}, {outcome['seconds']:.2f} s"


def table(rows: list[dict[str, Any]], engines: list[str]) -> str:
    lines = ["| case | triples | " + " | ".join(engines) + " |", "| --- | ---: |" + " --- |" * len(engines)]
    for row in rows:
        if "loader" in row:
            lines.append(f"| {row['case']} | - | refused by the loader: {row['loader']} |" + " |" * (len(engines) - 1))
            continue
        lines.append(f"| {row['case']} | {row['triples']:,} | " + " | ".join(_cell(row, e) for e in engines) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=Path, help="a synthetic corpus (kg synth --out DIR)")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--no-variants", action="store_true")
    args = parser.parse_args(argv)
    engines = args.engines.split(",")
    rows = [compare("real data", ROOT / "data", ROOT / "ontology", engines)]
    if args.synthetic:
        rows.append(compare(f"synthetic ({args.synthetic.name})", args.synthetic, ROOT / "ontology", engines))
    for name, edit in ([] if args.no_variants else PROBES):
        graph = data_graph(ROOT / "data", ROOT / "ontology")
        edit(graph)
        rows.append(compare_graph(f"probe/{name}", graph, ROOT / "ontology", engines))
    for name, mutate in ([] if args.no_variants else _variants()):
        scratch = Path(tempfile.mkdtemp(prefix="adkg-shacl-engines-"))
        try:
            shutil.copytree(ROOT / "data", scratch / "data")
            shutil.copytree(ROOT / "ontology", scratch / "ontology")
            mutate(scratch)
            rows.append(compare(name, scratch / "data", scratch / "ontology", engines))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    print(table(rows, engines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
