"""The model diagram: the ontology's main classes and the properties that join them, as Graphviz.

Drawn from ontology/adkg.ttl and its instance shapes (ontology/adkg-shapes.ttl):

* one box per class of :data:`GROUPS` (the main classes, in four clusters: the article and its
  citations, patients and their courses, drugs and mechanism, provenance), naming its direct
  subclasses of the ontology and its datatype properties (``rdfs:domain`` or a shape's
  ``sh:datatype``) with their ranges;
* a solid arrow for each object property the ontology declares between two of them
  (``rdfs:domain`` and ``rdfs:range``, or a shape's ``sh:targetClass`` and ``sh:class``), a
  subclass's end drawn at its main class;
* a dashed arrow where the ontology leaves a property's domain or range open (``adkg:reportedIn``,
  ``adkg:ofPatient``, ``prov:wasDerivedFrom``, ...): the classes the property joins in the curated
  graphs of the build (not the entailed or imported ones), each node at its most specific main
  class. The reification links of ``adkg:Assertion`` (``rdf:subject``, ``rdf:object``) reach every
  class and are left out.

:func:`model_dot` writes the DOT text (the same bytes for the same input); :func:`render_svg` runs
Graphviz's ``dot`` (Debian's graphviz package; ``make graphviz`` installs it).

>>> print(_quote('say "hi"'), _html('a<b & "c"'))
"say \\"hi\\"" a&lt;b &amp; &quot;c&quot;
"""

from __future__ import annotations

import html
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.core.errors import KgError
from kg.core.namespaces import ENTAILED_GRAPHS, GRAPH_BASE
from kg.core.prefixes import PREFIX_IRIS
from kg.dataset.query import sparql
from kg.dataset.store import Store

__all__ = ["GROUPS", "Edge", "Model", "read_model", "model_dot", "render_svg"]

#: The main classes, by cluster (CURIEs of kg.core.prefixes).
GROUPS: dict[str, tuple[str, ...]] = {
    "article and citations": ("fabio:JournalArticle", "adkg:Authorship", "biro:BibliographicReference",
                              "cito:Citation", "doco:Sentence", "adkg:TableCell"),
    "patients and their courses": ("adkg:Cohort", "adkg:Patient", "adkg:Sex", "adkg:TreatmentCourse",
                                   "adkg:DosingFrequency", "adkg:CourseEvent", "adkg:Observation",
                                   "adkg:OutcomeInstrument", "adkg:TimePoint", "adkg:ClinicalState",
                                   "adkg:NegativeFinding"),
    "drugs and mechanism": ("biolink:Drug", "biolink:Protein", "biolink:Disease", "adkg:RegulatoryAction"),
    "provenance": ("adkg:Assertion",),
}
#: Properties not drawn: an assertion's reified subject, predicate and object can be any node.
LEFT_OUT = frozenset({"rdf:subject", "rdf:predicate", "rdf:object"})
_FONT = "Helvetica"
_LEGEND = ("solid: declared in ontology/adkg.ttl or its shapes (domain and range)   "
           "dashed: where the ontology leaves them open, the classes the property joins in the built graph")


class Edge(NamedTuple):
    source: str    # CURIE of a main class
    prop: str      # CURIE of the property
    target: str
    declared: bool  # by the ontology or its shapes (else: seen in the data)


class Model(NamedTuple):
    subclasses: dict[str, list[str]]   # main class -> its direct subclasses' CURIEs
    attributes: dict[str, list[str]]   # main class -> "property: range"
    edges: list[Edge]


def curie(iri: str) -> str:
    """``iri`` as a CURIE of the project's prefixes (the longest namespace that matches), or itself.

    >>> curie("https://w3id.org/adkg/ontology#Patient"), curie("urn:x")
    ('adkg:Patient', 'urn:x')
    """
    best = max((ns for ns in PREFIX_IRIS.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    return next(name for name, ns in PREFIX_IRIS.items() if ns == best) + ":" + iri[len(best):]


def _iri(name: str) -> str:
    prefix, local = name.split(":", 1)
    return PREFIX_IRIS[prefix] + local


def _main() -> list[str]:
    return [name for names in GROUPS.values() for name in names]


class _Hierarchy:
    """The ontology's subclass links, to place any class at its nearest main class."""

    def __init__(self, ontology: Graph) -> None:
        self.parents: dict[str, set[str]] = defaultdict(set)
        for child, parent in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(child, URIRef) and isinstance(parent, URIRef):
                self.parents[curie(str(child))].add(curie(str(parent)))
        self.main = set(_main())

    def ancestors(self, name: str) -> set[str]:
        seen, todo = {name}, [name]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    def place(self, names: Iterable[str]) -> set[str]:
        """The most specific main classes among ``names`` and their superclasses."""
        found = set().union(*(self.ancestors(n) for n in names)) & self.main
        return {c for c in found if not any(c != d and c in self.ancestors(d) for d in found)}


def _attribute(prop, datatype) -> str:
    """``adkg:ageYears: integer``; a property without a declared range is named alone."""
    return curie(str(prop)) + ("" if datatype is None else ": " + curie(str(datatype)).split(":", 1)[-1])


def _attributes(ontology: Graph, shapes: Graph) -> dict[str, list[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        for domain in ontology.objects(prop, RDFS.domain):
            found[curie(str(domain))].add(_attribute(prop, ontology.value(prop, RDFS.range)))
    for shape, target in shapes.subject_objects(SH.targetClass):
        for rule in shapes.objects(shape, SH.property):
            path, datatype = shapes.value(rule, SH.path), shapes.value(rule, SH.datatype)
            if isinstance(path, URIRef) and datatype is not None:
                found[curie(str(target))].add(_attribute(path, datatype))
    return {name: sorted(found[name]) for name in _main() if found.get(name)}


def _declared(ontology: Graph, shapes: Graph, hierarchy: _Hierarchy) -> set[Edge]:
    pairs: set[tuple[str, str, str]] = set()
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        for domain in ontology.objects(prop, RDFS.domain):
            for target in ontology.objects(prop, RDFS.range):
                pairs.add((curie(str(domain)), curie(str(prop)), curie(str(target))))
    for shape, source in shapes.subject_objects(SH.targetClass):
        for rule in shapes.objects(shape, SH.property):
            path, cls = shapes.value(rule, SH.path), shapes.value(rule, SH["class"])
            if isinstance(path, URIRef) and cls is not None:
                pairs.add((curie(str(source)), curie(str(path)), curie(str(cls))))
    return {Edge(s, p, t, True) for source, p, target in pairs if p not in LEFT_OUT
            for s in hierarchy.place([source]) for t in hierarchy.place([target])}


def _candidates(ontology: Graph, shapes: Graph) -> list[str]:
    """The properties whose use in the data is drawn: the ontology's object properties and the
    shapes' paths that are not literals, minus :data:`LEFT_OUT`."""
    props = {str(p) for p in ontology.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
    for rule in shapes.objects(None, SH.property):
        path = shapes.value(rule, SH.path)
        if isinstance(path, URIRef) and shapes.value(rule, SH.datatype) is None:
            props.add(str(path))
    return sorted(p for p in props if curie(p) not in LEFT_OUT)


def _used(store: Store, props: list[str], hierarchy: _Hierarchy) -> set[Edge]:
    """(subject class, property, object class) as the curated graphs use ``props``."""
    values = " ".join(f"<{p}>" for p in props)
    text = f"""SELECT DISTINCT ?s ?p ?o ?st ?ot WHERE {{
      VALUES ?p {{ {values} }}
      GRAPH ?g {{ ?s ?p ?o }}
      FILTER(STRSTARTS(STR(?g), "{GRAPH_BASE}") && !STRSTARTS(STR(?g), "{ENTAILED_GRAPHS}")
             && !STRSTARTS(STR(?g), "{GRAPH_BASE}import/"))
      ?s a ?st . ?o a ?ot .
    }}"""
    types: dict[tuple[str, str, str], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for subject, prop, obj, stype, otype in sparql(text, store).rows:
        ends = types[(str(subject), str(prop), str(obj))]
        ends[0].add(curie(str(stype)))
        ends[1].add(curie(str(otype)))
    return {Edge(s, curie(prop), t, False) for (_, prop, _), (stypes, otypes) in types.items()
            for s in hierarchy.place(stypes) for t in hierarchy.place(otypes)}


def read_model(ontology_file: Path, shapes_file: Path, store: Store) -> Model:
    """The diagram's content from the ontology, its shapes and the built store."""
    try:
        ontology = Graph().parse(ontology_file, format="turtle")
        shapes = Graph().parse(shapes_file, format="turtle")
    except (OSError, SyntaxError, ValueError) as exc:
        raise KgError(f"cannot read the ontology for the model diagram: {exc}") from None
    hierarchy = _Hierarchy(ontology)
    main = set(_main())
    subclasses: dict[str, list[str]] = defaultdict(list)
    for child, parents in sorted(hierarchy.parents.items()):
        if child.startswith("adkg:") and child not in main:
            for parent in sorted(parents & main):
                subclasses[parent].append(child)
    declared = _declared(ontology, shapes, hierarchy)
    seen = {(e.source, e.prop, e.target) for e in declared}
    used = {e for e in _used(store, _candidates(ontology, shapes), hierarchy)
            if (e.source, e.prop, e.target) not in seen}
    return Model(dict(subclasses), _attributes(ontology, shapes), sorted(declared | used))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _html(text: str) -> str:
    return html.escape(text, quote=True)


def _box(name: str, model: Model) -> str:
    rows = [f'<TR><TD BGCOLOR="#dbe8f6"><B>{_html(name)}</B></TD></TR>']
    subs = [s.split(":", 1)[1] for s in model.subclasses.get(name, [])]
    if subs:
        lines = [", ".join(subs[i:i + 3]) for i in range(0, len(subs), 3)]
        rows.append('<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="#555555">subclasses: '
                    + '<BR ALIGN="LEFT"/>'.join(_html(line) for line in lines) + '<BR ALIGN="LEFT"/></FONT></TD></TR>')
    attributes = model.attributes.get(name, [])
    if attributes:
        rows.append('<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="8">'
                    + "".join(f'{_html(a)}<BR ALIGN="LEFT"/>' for a in attributes) + "</FONT></TD></TR>")
    return f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">{"".join(rows)}</TABLE>>'


def model_dot(model: Model) -> str:
    """The diagram as Graphviz DOT text."""
    lines = ["digraph adkg_model {",
             f'  graph [rankdir=TB, fontname="{_FONT}", fontsize=10, nodesep=0.25, ranksep=0.5, '
             f"labelloc=b, label={_quote(_LEGEND)}];",
             f'  node [shape=plain, fontname="{_FONT}", fontsize=10];',
             f'  edge [fontname="{_FONT}", fontsize=8, color="#4d4d4d", fontcolor="#333333", arrowsize=0.7];']
    for number, (title, names) in enumerate(GROUPS.items()):
        lines.append(f"  subgraph cluster_{number} {{")
        lines.append(f'    label={_quote(title)}; style="rounded"; color="#b0b0b0"; fontcolor="#555555";')
        lines.extend(f"    {_quote(name)} [label={_box(name, model)}];" for name in names)
        lines.append("  }")
    joined: dict[tuple[str, str, bool], list[str]] = defaultdict(list)
    for edge in model.edges:
        joined[(edge.source, edge.target, edge.declared)].append(edge.prop)
    for (source, target, declared), props in sorted(joined.items()):
        style = "" if declared else ", style=dashed"
        label = '"' + "\\n".join(_quote(prop)[1:-1] for prop in sorted(props)) + '"'  # one line each
        lines.append(f"  {_quote(source)} -> {_quote(target)} [label={label}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(dot_text: str, timeout: float = 120.0) -> str:
    """``dot_text`` laid out and drawn as SVG by Graphviz's ``dot``."""
    dot = shutil.which("dot")
    if dot is None:
        raise KgError("Graphviz's dot program is not installed; `make graphviz` installs Debian's package "
                      "(or apt-get install graphviz)")
    try:
        done = subprocess.run([dot, "-Tsvg"], input=dot_text.encode("utf-8"), capture_output=True,  # noqa: S603
                              timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise KgError(f"dot failed: {exc}") from None
    if done.returncode != 0:
        raise KgError(f"dot failed: {done.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return done.stdout.decode("utf-8")
