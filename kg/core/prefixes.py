"""The project's prefixes as plain strings: what every serialisation binds, what curated CURIEs
and SPARQL queries may use. No rdflib here, so the query path starts fast.

>>> PREFIX_IRIS["adkg"]
'https://w3id.org/adkg/ontology#'
"""

from __future__ import annotations

__all__ = ["PREFIX_IRIS"]

#: prefix -> namespace IRI, in the order serialisations list them.
PREFIX_IRIS: dict[str, str] = {
    "adkg": "https://w3id.org/adkg/ontology#",
    "biolink": "https://w3id.org/biolink/vocab/",
    "biro": "http://purl.org/spar/biro/",
    "c4o": "http://purl.org/spar/c4o/",
    "cito": "http://purl.org/spar/cito/",
    "dcterms": "http://purl.org/dc/terms/",
    "deo": "http://purl.org/spar/deo/",
    "doco": "http://purl.org/spar/doco/",
    "fabio": "http://purl.org/spar/fabio/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "frbr": "http://purl.org/vocab/frbr/core#",
    "oa": "http://www.w3.org/ns/oa#",
    "obo": "http://purl.obolibrary.org/obo/",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
    "pro": "http://purl.org/spar/pro/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sosa": "http://www.w3.org/ns/sosa/",
    "sssom": "https://w3id.org/sssom/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
