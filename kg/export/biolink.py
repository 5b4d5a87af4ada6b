"""What the KGX export takes from the Biolink Model: identifier prefixes, predicates, sources.

Tables of facts read from Biolink Model 4.4.3 (the ``biolink-model`` package's
``schema/biolink_model.yaml``; tests/test_export_kgx.py checks them against the installed copy)
and from the Translator Information Resource Registry (``infores_catalog.yaml`` of
biolink/information-resource-registry at commit 8f108991), so that an export needs neither at run
time.

* :data:`ID_PREFIXES`: each category's ``id_prefixes``, in Biolink's order of preference; a node's
  identifier is its first cross-reference in the first of these prefixes it has.
* :data:`PREFIX_SYNONYMS`: the project's spelling of a prefix where Biolink's differs.
* :data:`PREDICATES`: each exported relation of the graph as a Biolink predicate and qualifiers.
* :data:`SOURCES`: the information resources of the background assertions' source records.

>>> PREDICATES["https://w3id.org/adkg/ontology#inhibits"].predicate
'biolink:affects'
>>> preferred(["UNII:420K487FSG", "DRUGBANK:DB12159", "MESH:C582203"], "biolink:Drug")
'UNII:420K487FSG'
>>> preferred(["REACTOME:R-HSA-6785807"], "biolink:Pathway")
'REACT:R-HSA-6785807'
>>> preferred(["hgnc.symbol:JAK1"], "biolink:Protein") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["BIOLINK_VERSION", "ID_PREFIXES", "PREFIX_SYNONYMS", "PREDICATES", "SOURCES", "CLASS_CATEGORIES",
           "Predicate", "Source", "biolink_curie", "preferred", "ARTICLE_STATEMENT", "OBSERVATION"]

#: The Biolink Model release these tables were read from and the export is validated against.
BIOLINK_VERSION = "4.4.3"

_ADKG = "https://w3id.org/adkg/ontology#"
_BIOLINK = "https://w3id.org/biolink/vocab/"

#: ``id_prefixes`` of the categories the export writes, as Biolink 4.4.3 lists them.
ID_PREFIXES: dict[str, tuple[str, ...]] = {
    "biolink:Drug": ("ncats.drug", "RXCUI", "NDC", "UMLS", "CHEBI", "UNII", "PUBCHEM.COMPOUND", "CHEMBL.COMPOUND",
                     "DRUGBANK", "MESH", "CAS", "DrugCentral", "GTOPDB", "HMDB", "KEGG.COMPOUND", "PHARMGKB.DRUG",
                     "ChemBank", "PUBCHEM.SUBSTANCE", "SIDER.DRUG", "INCHI", "INCHIKEY", "BIGG.METABOLITE",
                     "foodb.compound", "KEGG.GLYCAN", "KEGG.ENVIRON", "KEGG"),
    "biolink:Protein": ("UniProtKB", "PR", "ENSEMBL", "FB", "UMLS", "NCIT", "MESH", "ncats.drug"),
    "biolink:Pathway": ("GO", "REACT", "KEGG", "SMPDB", "MSigDB", "PHARMGKB.PATHWAYS", "WIKIPATHWAYS", "FB",
                        "PANTHER.PATHWAY", "KEGG.PATHWAY", "ncats.bioplanet"),
    "biolink:BiologicalProcess": ("GO", "REACT", "metacyc.reaction", "KEGG.MODULE", "KEGG", "UMLS"),
    "biolink:Disease": ("MONDO", "DOID", "OMIM", "OMIM.PS", "orphanet", "EFO", "UMLS", "MESH", "MEDDRA", "NCIT",
                        "SNOMEDCT", "medgen", "icd11", "icd11.foundation", "ICD10", "ICD9", "KEGG.DISEASE", "HP",
                        "MP", "PHARMGKB.DISEASE"),
    "biolink:PhenotypicFeature": ("HP", "EFO", "NCIT", "UMLS", "MEDDRA", "MP", "ZP", "UPHENO", "APO", "FBcv",
                                  "WBPhenotype", "SNOMEDCT", "MESH", "XPO", "FYPO", "TO"),
    "biolink:Procedure": ("CPT", "MAXO"),
    "biolink:Case": (),
    "biolink:JournalArticle": ("PMID", "PMCID", "doi"),
}

#: Prefixes the project's cross-references spell otherwise than Biolink's context does.
PREFIX_SYNONYMS = {"REACTOME": "REACT", "ensembl": "ENSEMBL"}

#: Classes of the curated graphs that the ontology does not place under a Biolink class, with the
#: Biolink class that lists them among its exact mappings.
CLASS_CATEGORIES = {"http://purl.org/spar/fabio/JournalArticle": "biolink:JournalArticle"}


@dataclass(frozen=True)
class Predicate:
    """A relation of the graph as a Biolink predicate, with the qualifiers that keep its meaning."""

    predicate: str
    qualifiers: tuple[tuple[str, str], ...] = ()  # (qualifier slot, value)


_CAUSES = ("qualified_predicate", "biolink:causes")
_DECREASED = ("object_direction_qualifier", "decreased")

#: The graph's relations the export writes as edges. Where the ontology declares a Biolink
#: super-property (adkg:inhibits, adkg:hasDiagnosis, ...) it is the one used here.
PREDICATES: dict[str, Predicate] = {
    _ADKG + "inhibits": Predicate("biolink:affects", (_CAUSES, ("object_aspect_qualifier", "activity"), _DECREASED)),
    _ADKG + "inhibitsPathway": Predicate("biolink:affects", (_CAUSES, _DECREASED)),
    _BIOLINK + "participates_in": Predicate("biolink:participates_in"),
    # RO:0002213 "positively regulates": Biolink's exact mapping is the direction qualifier "upregulated".
    "http://purl.obolibrary.org/obo/RO_0002213": Predicate("biolink:regulates",
                                                            (("object_direction_qualifier", "upregulated"),)),
    _BIOLINK + "treats": Predicate("biolink:treats"),
    _ADKG + "reportedEffectiveIn": Predicate("biolink:related_to"),
    _ADKG + "hasPathogenicProcess": Predicate("biolink:contribution_from"),
    _ADKG + "hasUpregulatedCytokine": Predicate("biolink:associated_with"),
    _ADKG + "hasDiagnosis": Predicate("biolink:has_phenotype"),
    _ADKG + "hasComorbidity": Predicate("biolink:has_phenotype"),
}


@dataclass(frozen=True)
class Source:
    """An information resource (``infores``) and the knowledge level and agent type the
    registry records for it."""

    infores: str
    knowledge_level: str
    agent_type: str


#: Source records by the repository their ``dcterms:source`` file is in.
SOURCES: dict[str, Source] = {
    "https://github.com/SuLab/DrugMechDB/": Source("infores:drugmechdb", "knowledge_assertion", "not_provided"),
    "https://github.com/wikipathways/": Source("infores:wikipathways", "knowledge_assertion", "not_provided"),
}

#: A statement the article makes, read by a curator (the article is its publication).
ARTICLE_STATEMENT = ("knowledge_assertion", "manual_agent")
#: What the article reports of its patients (their diagnoses and comorbidities, the drugs given).
OBSERVATION = ("observation", "manual_agent")


def biolink_curie(curie: str) -> str:
    """``curie`` with its prefix spelled as Biolink's context spells it."""
    prefix, _, local = curie.partition(":")
    return f"{PREFIX_SYNONYMS.get(prefix, prefix)}:{local}"


def preferred(xrefs: Iterable[str], category: str) -> str | None:
    """The cross-reference that makes the best identifier for a node of ``category``: the first in
    the order of the category's ``id_prefixes`` (in sorted order within a prefix), or None."""
    by_prefix: dict[str, list[str]] = {}
    for xref in xrefs:
        curie = biolink_curie(xref)
        by_prefix.setdefault(curie.partition(":")[0], []).append(curie)
    for prefix in ID_PREFIXES.get(category, ()):
        if prefix in by_prefix:
            return sorted(by_prefix[prefix])[0]
    return None
