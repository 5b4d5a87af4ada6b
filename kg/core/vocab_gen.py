"""Write kg/core/vocab.py, the checked ``ADKG`` namespace, from ontology/adkg.ttl.

Run ``python -m kg.core.vocab_gen`` after changing the ontology; a test compares the committed
kg/core/vocab.py with :func:`vocab_source` so the two cannot drift apart. Every class, property and
named individual the ontology declares in its own namespace becomes one annotated member of a
``DefinedNamespace`` that raises ``AttributeError`` on any other name, so a misspelt term in the
code fails where it is first used (at import for module-level uses, in the tests otherwise).

>>> from rdflib import Graph
>>> ttl = '''@prefix adkg: <https://w3id.org/adkg/ontology#> .
... @prefix owl: <http://www.w3.org/2002/07/owl#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... adkg:Patient a owl:Class ; rdfs:label "patient"@en .
... adkg:ageYears a owl:DatatypeProperty ; rdfs:label "age in years"@en .'''
>>> lines = vocab_source(Graph().parse(data=ttl, format="turtle")).splitlines()
>>> for line in lines[lines.index("    _fail = True"):]:
...     print(line)
    _fail = True
<BLANKLINE>
    # owl:Class
    Patient: URIRef  # patient
<BLANKLINE>
    # owl:DatatypeProperty
    ageYears: URIRef  # age in years
"""

from __future__ import annotations

import keyword
import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.core.fsutil import atomic_write_text
from kg.core.prefixes import PREFIX_IRIS

__all__ = ["ONTOLOGY_FILE", "VOCAB_FILE", "declared_by_kind", "main", "vocab_source"]

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = ROOT / "ontology" / "adkg.ttl"
VOCAB_FILE = Path(__file__).resolve().parent / "vocab.py"

#: The kinds of declaration listed, in the order the generated class lists them.
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)

_HEADER = '''"""The ADKG ontology's terms as a checked namespace: ``ADKG.Patient`` is the IRI, ``ADKG.Patinet``
raises ``AttributeError``. Generated from ontology/adkg.ttl by ``python -m kg.core.vocab_gen``; do not edit.

>>> ADKG.Patient
rdflib.term.URIRef('https://w3id.org/adkg/ontology#Patient')
>>> ADKG["ageYears"] == ADKG.ageYears
True
>>> ADKG.Patinet
Traceback (most recent call last):
AttributeError: term 'Patinet' not in namespace 'https://w3id.org/adkg/ontology#'
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["ADKG"]


'''


def declared_by_kind(ontology: Graph) -> dict[URIRef, list[tuple[str, str]]]:
    """Kind -> sorted (local name, English label) of the terms declared in the ADKG namespace.

    A term declared with several kinds (a class that is also an individual) is listed once, under
    the first kind of :data:`KINDS`.
    """
    namespace = PREFIX_IRIS["adkg"]
    seen: set[str] = set()
    listed: dict[URIRef, list[tuple[str, str]]] = {}
    for kind in KINDS:
        terms = []
        for subject in set(ontology.subjects(RDF.type, kind)):
            if not isinstance(subject, URIRef) or not str(subject).startswith(namespace):
                continue
            name = str(subject)[len(namespace):]
            if name in seen:
                continue
            if not name.isidentifier() or keyword.iskeyword(name) or name.startswith("_"):
                raise ValueError(f"adkg:{name} cannot be a Python attribute name")
            seen.add(name)
            terms.append((name, _label(ontology, subject)))
        if terms:
            listed[kind] = sorted(terms)
    return listed


def _label(ontology: Graph, subject: URIRef) -> str:
    labels = sorted(str(label) for label in ontology.objects(subject, RDFS.label)
                    if getattr(label, "language", None) in ("en", None))
    return " ".join(labels[0].split()) if labels else ""


def vocab_source(ontology: Graph) -> str:
    """The text of kg/core/vocab.py for ``ontology``."""
    lines = [
        "class ADKG(DefinedNamespace):",
        '    """The ADKG ontology\'s own terms (generated from ontology/adkg.ttl: do not edit)."""',
        "",
        f'    _NS = Namespace("{PREFIX_IRIS["adkg"]}")',
        "    _fail = True",
        "",
    ]
    for kind, terms in declared_by_kind(ontology).items():
        lines.append(f"    # owl:{str(kind).rpartition('#')[2]}")
        for name, label in terms:
            lines.append(f"    {name}: URIRef  # {label}" if label else f"    {name}: URIRef")
        lines.append("")
    return _HEADER + "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    """Regenerate kg/core/vocab.py from ontology/adkg.ttl (no arguments)."""
    if argv if argv is not None else sys.argv[1:]:
        raise SystemExit("usage: python -m kg.core.vocab_gen")
    text = vocab_source(Graph().parse(ONTOLOGY_FILE, format="turtle"))
    atomic_write_text(VOCAB_FILE, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
