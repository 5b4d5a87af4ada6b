"""What WikiPathways' own words mean in an import: data sources, node types and arrow heads.

Both WikiPathways formats (:mod:`kg.link.adapters.wikipathways`, :mod:`kg.link.adapters.wikipathways_tsv`)
use these tables. They translate the *format's* vocabulary, never an identifier into another one:

* :data:`DATABASES`: GPML 2013a names data sources the BridgeDb way (``Entrez Gene``,
  ``Uniprot-TrEMBL``, ``HGNC``...). A name that is not already a prefix synonym in
  ``ontology/prefixes.epm.json`` is written with its bioregistry prefix, so that the mention
  ``NCBIGene:3566`` says what ``Database="Entrez Gene" ID="3566"`` says. BridgeDb's ``HGNC`` is the
  gene *symbol* (``HGNC Accession number`` is the HGNC number), hence ``hgnc.symbol``. Any other
  name is kept as written.
* :func:`category`: the Biolink category of a node from its GPML ``Type`` and its identifier's
  prefix (a GeneProduct named by UniProt is a Protein; a Metabolite named by DrugBank is a Drug).
* :data:`INTERACTIONS`: the WikiPathways RDF class of an arrow head (the classes GPML2RDF writes,
  ``http://vocabularies.wikipathways.org/wp#``) and the Biolink predicate of the edge it draws.

>>> mention_text("Entrez Gene", "3566"), mention_text("ChEBI", "CHEBI:50904"), mention_text("DrugBank", "DB12159")
('NCBIGene:3566', 'CHEBI:50904', 'DrugBank:DB12159')
>>> category("GeneProduct", "uniprot").value, category("Metabolite", "drugbank").value
('https://w3id.org/biolink/vocab/Protein', 'https://w3id.org/biolink/vocab/Drug')
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.link.model import BIOLINK

__all__ = ["WP", "DCTERMS", "DATABASES", "INTERACTIONS", "mention_text", "prefix_of", "category", "biolink",
           "wp", "dcterms", "interaction"]

#: WikiPathways' RDF vocabulary (classes of interactions, wp:source, wp:target).
WP = "http://vocabularies.wikipathways.org/wp#"
DCTERMS = "http://purl.org/dc/terms/"

#: GPML data source name (as written) -> the prefix to write in the mention.
DATABASES: dict[str, str] = {
    "Entrez Gene": "NCBIGene",
    "Uniprot-TrEMBL": "UniProtKB",
    "Uniprot-SwissProt": "UniProtKB",
    "HGNC": "hgnc.symbol",
    "HGNC Accession number": "HGNC",
    "PubChem-compound": "pubchem.compound",
    "PubChem-substance": "pubchem.substance",
    "KEGG Compound": "kegg.compound",
    "KEGG Genes": "kegg.genes",
    "ChemSpider": "chemspider",
    "HMDB": "hmdb",
    "CAS": "cas",
    "LIPID MAPS": "lipidmaps",
    "miRBase Sequence": "mirbase",
    "miRBase mature sequence": "mirbase.mature",
    "RefSeq": "refseq",
    "Rhea": "rhea",
    "Complex Portal": "complexportal",
    "Gene Ontology": "GO",
    "GeneOntology": "GO",
    "NCBI Protein": "ncbiprotein",
    "OMIM": "omim",
    "WikiPathways": "wikipathways",
    "InChIKey": "inchikey",
}

#: Arrow head (lower case, GPML 2013a and 2021 spellings) -> WikiPathways interaction class.
_ARROWS: dict[str, str] = {
    "arrow": "DirectedInteraction", "directed": "DirectedInteraction",
    "mim-conversion": "Conversion", "conversion": "Conversion",
    "mim-inhibition": "Inhibition", "tbar": "Inhibition", "inhibition": "Inhibition",
    "mim-stimulation": "Stimulation", "stimulation": "Stimulation",
    "mim-necessary-stimulation": "Stimulation", "necessarystimulation": "Stimulation",
    "mim-catalysis": "Catalysis", "catalysis": "Catalysis",
    "mim-binding": "Binding", "binding": "Binding",
    "mim-transcription-translation": "TranscriptionTranslation", "transcriptiontranslation": "TranscriptionTranslation",
    "mim-translocation": "Translocation", "translocation": "Translocation",
}
#: No arrow head (or "Line", "Undirected"): a plain wp:Interaction.
_UNDIRECTED = frozenset({"", "line", "undirected"})
#: WikiPathways interaction class -> Biolink predicate of the direct edge source -> target. Biolink
#: has no unqualified "inhibits"/"stimulates": those are biolink:regulates (the polarity stays in the
#: interaction's wp class); conversions, translocations and plain arrows say only biolink:related_to.
INTERACTIONS: dict[str, str] = {
    "Binding": "physically_interacts_with",
    "Inhibition": "regulates", "Stimulation": "regulates", "Catalysis": "regulates",
}

_TYPES: dict[str, str] = {
    "geneproduct": "Gene", "gene": "Gene", "protein": "Protein", "rna": "RNAProduct",
    "metabolite": "ChemicalEntity", "pathway": "Pathway", "complex": "MacromolecularComplex",
}


def biolink(local: str) -> ox.NamedNode:
    return ox.NamedNode(BIOLINK + local)


def wp(local: str) -> ox.NamedNode:
    return ox.NamedNode(WP + local)


def dcterms(local: str) -> ox.NamedNode:
    return ox.NamedNode(DCTERMS + local)


def prefix_of(database: str) -> str:
    """The prefix a mention of ``database`` is written with (the table's, else the name)."""
    return DATABASES.get(database, database)


def mention_text(database: str, identifier: str) -> str:
    """``prefix:identifier``; an identifier that already carries the prefix (``CHEBI:50904``,
    ``GO:0007259``) is written as it is."""
    prefix = prefix_of(database)
    if identifier.upper().startswith(prefix.upper() + ":"):
        return identifier
    return f"{prefix}:{identifier}"


def category(node_type: str, prefix: str) -> ox.NamedNode:
    """The Biolink category of a node of GPML ``Type`` ``node_type`` named in ``prefix`` (any case);
    biolink:NamedThing when the type says nothing (labels such as "Itch" are DataNodes too)."""
    prefix = prefix.casefold()
    local = _TYPES.get(node_type.casefold(), "NamedThing")
    if local in {"Gene", "NamedThing"} and prefix in {"uniprotkb", "uniprot", "uniprot-trembl", "uniprot-swissprot"}:
        local = "Protein"
    elif local in {"ChemicalEntity", "NamedThing"} and prefix == "drugbank":
        local = "Drug"
    return biolink(local)


def interaction(arrow_head: str) -> tuple[str, ox.NamedNode]:
    """``(wp class name, Biolink predicate)`` of an interaction drawn with ``arrow_head``.

    >>> interaction("mim-inhibition")[0], interaction("")[1].value
    ('Inhibition', 'https://w3id.org/biolink/vocab/related_to')
    """
    key = arrow_head.casefold()
    name = "Interaction" if key in _UNDIRECTED else _ARROWS.get(key, "Interaction")
    return name, biolink(INTERACTIONS.get(name, "related_to"))
