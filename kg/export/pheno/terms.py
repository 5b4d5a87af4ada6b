"""The ontology terms of the phenopackets: chosen from the project's mappings, plus the few terms
the graph does not carry.

Conditions and drugs take the term of the project's mapping table (the graph's ``skos:exactMatch``
links, then ``skos:closeMatch``), by a preference of identifier spaces: MONDO for a disease (the
space Phenopackets recommends), then DOID, HP, NCIT, SNOMED CT, MeSH; DrugBank for a drug, then
ChEBI, NCIT, MeSH. A term not from the preferred space (thrombosis has no MONDO mapping, so it
is exported as DOID:0060903) is reported with a note that says so; an entity with no mapping at
all keeps its own ADKG identifier (e.g. ``condition:thrombosis``), with a note too.

The graph has no external term for a dosing frequency, a response, a termination reason or a
unit-less score: those are the constants below, each with the source its code was read from.
A dosing frequency with no constant keeps its ADKG term.

>>> choose(Entity("https://w3id.org/adkg/id/condition/x", "x", ()), DISEASE_SPACES).curie
'condition:x'
>>> curie_of("http://purl.obolibrary.org/obo/MONDO_0004980"), curie_of("https://w3id.org/adkg/ontology#IGA")
('MONDO:0004980', 'adkg:IGA')
>>> checked_in("https://github.com/monarch-initiative/mondo/blob/005a4a2b0925a4efb9268af9ff5a9a8d77f9e8ad/src/x.tsv")
'monarch-initiative/mondo@005a4a2b0925'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.core import identifiers
from kg.core.prefixes import PREFIX_IRIS
from kg.export.pheno.read import Entity, Mapping

__all__ = ["DISEASE_SPACES", "DRUG_SPACES", "Term", "choose", "curie_of", "checked_in", "FREQUENCIES", "ONCE",
           "FAVORABLE", "TREATMENT_COMPLETED", "DIMENSIONLESS", "RESOURCES"]

SKOS = "http://www.w3.org/2004/02/skos/core#"
DISEASE_SPACES = ("MONDO", "DOID", "HP", "NCIT", "SNOMEDCT", "MESH")
DRUG_SPACES = ("DRUGBANK", "CHEBI", "NCIT", "MESH")
_PREDICATES = {SKOS + "exactMatch": "exact match", SKOS + "closeMatch": "close match"}
_GITHUB = re.compile(r"^https://github\.com/([^/]+/[^/]+)/blob/([0-9a-f]{12})[0-9a-f]*/")

ADKG = PREFIX_IRIS["adkg"]

# Terms the graph does not carry. The NCIT codes of the schedule frequencies "Once Daily", "Twice Daily"
# and "Once", and of the response "Favorable", are those of the phenopacket-tools constants
# (phenopackets/phenopacket-tools, docs/constants.rst); "Every Two Weeks" is the NCI code of CDISC's
# dosing frequency EVERY 2 WEEKS (C71127, as listed in pharmaverse/admiral data-raw/create_dose_freq_lookup.R);
# "Treatment completed (situation)" is from the HL7 mCODE treatment termination reason value set
# (SNOMED CT); "dimensionless unit" is UO:0000186.
FREQUENCIES = {
    ADKG + "OnceDaily": ("NCIT:C125004", "Once Daily"),
    ADKG + "TwiceDaily": ("NCIT:C64496", "Twice Daily"),
    ADKG + "EveryOtherWeek": ("NCIT:C71127", "Every Two Weeks"),
}
ONCE = ("NCIT:C64576", "Once")
FAVORABLE = ("NCIT:C102560", "Favorable")
TREATMENT_COMPLETED = ("SNOMEDCT:182992009", "Treatment completed (situation)")
DIMENSIONLESS = ("UO:0000186", "dimensionless unit")

#: The resources a phenopacket may name: prefix -> (name, url). Their IRI prefixes come from the
#: project's prefix map; their versions from the files the mappings were checked in.
RESOURCES = {
    "MONDO": ("Mondo Disease Ontology", "http://purl.obolibrary.org/obo/mondo.owl"),
    "DOID": ("Human Disease Ontology", "http://purl.obolibrary.org/obo/doid.owl"),
    "HP": ("Human Phenotype Ontology", "http://purl.obolibrary.org/obo/hp.owl"),
    "NCIT": ("NCI Thesaurus OBO Edition", "http://purl.obolibrary.org/obo/ncit.owl"),
    "SNOMEDCT": ("SNOMED CT", "http://snomed.info/sct"),
    "MESH": ("Medical Subject Headings", "https://id.nlm.nih.gov/mesh/"),
    "DRUGBANK": ("DrugBank", "https://go.drugbank.com/"),
    "CHEBI": ("Chemical Entities of Biological Interest", "http://purl.obolibrary.org/obo/chebi.owl"),
    "UO": ("Units of measurement ontology", "http://purl.obolibrary.org/obo/uo.owl"),
    "adkg": ("Atopic dermatitis literature knowledge-graph ontology (ADKG)", "https://w3id.org/adkg/ontology"),
    "condition": ("ADKG conditions", "https://w3id.org/adkg/id/condition/"),
    "drug": ("ADKG drugs", "https://w3id.org/adkg/id/drug/"),
}


@dataclass(frozen=True)
class Term:
    """A chosen term: its CURIE and label, where its mapping was checked (``owner/repo@commit``),
    and a note when it is not from the preferred identifier space."""

    curie: str
    label: str
    checked_in: str | None = None
    note: str | None = None
    record: str | None = None

    @property
    def prefix(self) -> str:
        return self.curie.partition(":")[0]


def curie_of(iri: str) -> str:
    """The CURIE of an IRI by the project's prefix map (the IRI itself if no prefix fits)."""
    parsed = identifiers.default().parse(iri) if "://" in iri else None
    return f"{parsed[0]}:{parsed[1]}" if parsed else iri


def checked_in(source: str | None) -> str | None:
    """``owner/repo@commit`` (12 hex digits) of a GitHub file address, or None."""
    found = _GITHUB.match(source or "")
    return f"{found.group(1)}@{found.group(2)}" if found else None


def _rank(mapping: Mapping, spaces: tuple[str, ...]) -> tuple[int, int, str]:
    space = curie_of(mapping.target).partition(":")[0]
    predicate = list(_PREDICATES).index(mapping.predicate) if mapping.predicate in _PREDICATES else 9
    return (predicate, spaces.index(space) if space in spaces else len(spaces), curie_of(mapping.target))


def choose(entity: Entity, spaces: tuple[str, ...]) -> Term:
    """The best mapped term of ``entity`` among ``spaces``, its own identifier if none; a note when
    the term is not an exact match from the first space."""
    usable = [m for m in entity.mappings if curie_of(m.target).partition(":")[0] in spaces]
    if not usable:
        return Term(curie_of(entity.iri), entity.label,
                    note=f"{entity.label}: no {'/'.join(spaces)} term in the ADKG mapping table; "
                         "the project's own identifier is used")
    best = min(usable, key=lambda m: _rank(m, spaces))
    curie = curie_of(best.target)
    note = None
    if curie.partition(":")[0] != spaces[0] or best.predicate != SKOS + "exactMatch":
        note = (f"{entity.label}: no {spaces[0]} exact match in the ADKG mapping table; the best mapped term, "
                f"{curie} ({_PREDICATES.get(best.predicate, best.predicate)}), is used")
    return Term(curie, entity.label, checked_in(best.source), note, best.record)
