"""The reused vocabularies as checked namespaces: the terms the code and the ontology use, and no others.

rdflib ships ``DefinedNamespace`` classes for RDF, RDFS, OWL, DCTERMS, FOAF, PROV, SKOS, SOSA and XSD;
the first seven already refuse unknown names, SOSA and XSD only warn, so :class:`SOSA` and :class:`XSD`
here are strict subclasses of rdflib's. The SPAR ontologies (BiRO, C4O, CiTO, DEO, DoCO, FaBiO, PRO),
FRBR core, Web Annotation, PRISM, Biolink and OBO have no rdflib class: the classes below declare the
terms this project uses (in kg/ and in ontology/, which a test checks), each as the vocabulary defines it.
A misspelt term raises ``AttributeError``:

>>> CITO.citesAsEvidence
rdflib.term.URIRef('http://purl.org/spar/cito/citesAsEvidence')
>>> SOSA.hasSimpleResult
rdflib.term.URIRef('http://www.w3.org/ns/sosa/hasSimpleResult')
>>> FABIO.JournalArtcle
Traceback (most recent call last):
AttributeError: term 'JournalArtcle' not in namespace 'http://purl.org/spar/fabio/'
>>> XSD.integr
Traceback (most recent call last):
AttributeError: term 'integr' not in namespace 'http://www.w3.org/2001/XMLSchema#'
"""

from rdflib.namespace import SOSA as _RDFLIB_SOSA
from rdflib.namespace import XSD as _RDFLIB_XSD
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["BIOLINK", "BIRO", "C4O", "CITO", "DEO", "DOCO", "FABIO", "FRBR", "OA", "OBO", "OBOINOWL", "PRISM", "PRO",
           "SOSA", "SSSOM", "XSD"]


class SOSA(_RDFLIB_SOSA):
    """SOSA (Sensor, Observation, Sample and Actuator), rdflib's term list, refusing unknown names."""

    _fail = True


class SSSOM(DefinedNamespace):
    """SSSOM (Simple Standard for Sharing Ontological Mappings): the slots a mapping's provenance
    record carries, as SSSOM writes mappings in OWL (an owl:Axiom annotated with them)."""

    _NS = Namespace("https://w3id.org/sssom/")
    _fail = True

    Mapping: URIRef  # one mapping (a row of an SSSOM table)
    confidence: URIRef  # 0 to 1: how sure the curator is that the mapping is right
    mapping_justification: URIRef  # a SEMAPV term: why the mapping holds


class XSD(_RDFLIB_XSD):
    """XML Schema datatypes, rdflib's term list, refusing unknown names."""

    _fail = True


class BIOLINK(DefinedNamespace):
    """Biolink Model classes and slots the ontology aligns to, and those of the import vocabulary the
    cross-dataset helpers read (docs/linking.md)."""

    _NS = Namespace("https://w3id.org/biolink/vocab/")
    _fail = True

    Association: URIRef
    BiologicalProcess: URIRef
    Case: URIRef
    ClinicalFinding: URIRef
    ClinicalMeasurement: URIRef
    Cohort: URIRef
    Disease: URIRef
    Drug: URIRef
    InformationContentEntity: URIRef
    Pathway: URIRef
    PhenotypicFeature: URIRef
    Procedure: URIRef
    Protein: URIRef
    Publication: URIRef
    Treatment: URIRef
    affects: URIRef
    ameliorates_condition: URIRef
    has_part: URIRef
    has_participant: URIRef
    has_phenotype: URIRef
    mentions: URIRef
    object: URIRef
    participates_in: URIRef
    predicate: URIRef
    related_to: URIRef
    subject: URIRef
    treats: URIRef


class BIRO(DefinedNamespace):
    """BiRO, the Bibliographic Reference Ontology."""

    _NS = Namespace("http://purl.org/spar/biro/")
    _fail = True

    BibliographicReference: URIRef  # a reference to a published work, in a reference list
    ReferenceList: URIRef  # the ordered list of bibliographic references of a document
    references: URIRef  # a bibliographic reference -> the work it refers to


class C4O(DefinedNamespace):
    """C4O, the Citation Counting and Context Characterisation Ontology."""

    _NS = Namespace("http://purl.org/spar/c4o/")
    _fail = True

    hasContent: URIRef  # the literal text content of a document part


class CITO(DefinedNamespace):
    """CiTO, the Citation Typing Ontology: the citation class, its links, and every citation function."""

    _NS = Namespace("http://purl.org/spar/cito/")
    _fail = True

    Citation: URIRef
    cites: URIRef
    hasCitationCharacterization: URIRef
    hasCitedEntity: URIRef
    hasCitingEntity: URIRef
    # the citation functions (sub-properties of cito:cites)
    agreesWith: URIRef
    citesAsAuthority: URIRef
    citesAsDataSource: URIRef
    citesAsEvidence: URIRef
    citesAsMetadataDocument: URIRef
    citesAsPotentialSolution: URIRef
    citesAsRecommendedReading: URIRef
    citesAsRelated: URIRef
    citesAsSourceDocument: URIRef
    citesForInformation: URIRef
    confirms: URIRef
    corrects: URIRef
    credits: URIRef
    critiques: URIRef
    derides: URIRef
    describes: URIRef
    disagreesWith: URIRef
    discusses: URIRef
    disputes: URIRef
    documents: URIRef
    extends: URIRef
    includesExcerptFrom: URIRef
    includesQuotationFrom: URIRef
    obtainsBackgroundFrom: URIRef
    obtainsSupportFrom: URIRef
    parodies: URIRef
    plagiarizes: URIRef
    qualifies: URIRef
    refutes: URIRef
    retracts: URIRef
    reviews: URIRef
    ridicules: URIRef
    speculatesOn: URIRef
    supports: URIRef
    updates: URIRef
    usesConclusionsFrom: URIRef
    usesDataFrom: URIRef
    usesMethodIn: URIRef


class DEO(DefinedNamespace):
    """DEO, the Discourse Elements Ontology."""

    _NS = Namespace("http://purl.org/spar/deo/")
    _fail = True

    BibliographicReference: URIRef
    Discussion: URIRef
    Introduction: URIRef


class DOCO(DefinedNamespace):
    """DoCO, the Document Components Ontology."""

    _NS = Namespace("http://purl.org/spar/doco/")
    _fail = True

    BackMatter: URIRef
    BodyMatter: URIRef
    FrontMatter: URIRef
    List: URIRef
    ListOfReferences: URIRef
    Paragraph: URIRef
    Section: URIRef
    Sentence: URIRef
    Table: URIRef


class FABIO(DefinedNamespace):
    """FaBiO, the FRBR-aligned Bibliographic Ontology."""

    _NS = Namespace("http://purl.org/spar/fabio/")
    _fail = True

    CaseReport: URIRef
    Journal: URIRef
    JournalArticle: URIRef
    JournalVolume: URIRef
    Work: URIRef
    hasPublicationYear: URIRef


class FRBR(DefinedNamespace):
    """FRBR core (Functional Requirements for Bibliographic Records), the part-whole relation."""

    _NS = Namespace("http://purl.org/vocab/frbr/core#")
    _fail = True

    partOf: URIRef


class OA(DefinedNamespace):
    """The W3C Web Annotation vocabulary."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    SpecificResource: URIRef
    TextQuoteSelector: URIRef
    editing: URIRef  # a motivation: the annotation requests a change to its target
    exact: URIRef
    hasSelector: URIRef
    hasSource: URIRef
    hasTarget: URIRef
    motivatedBy: URIRef


class OBO(DefinedNamespace):
    """OBO Foundry terms named in the code or the ontology (not the curated CURIEs, which go through
    :data:`kg.core.namespaces.PREFIXES`)."""

    _NS = Namespace("http://purl.obolibrary.org/obo/")
    _fail = True

    HP_0012828: URIRef  # HPO: severe
    OAE_0000001: URIRef  # OAE: adverse event
    PATO_0000383: URIRef  # PATO: female
    PATO_0000384: URIRef  # PATO: male
    RO_0002213: URIRef  # RO: positively regulates (background links between processes, issue 13)
    UO_0000022: URIRef  # UO: milligram
    UO_0000187: URIRef  # UO: percent


class OBOINOWL(DefinedNamespace):
    """oboInOwl, the OBO format's vocabulary in OWL: the cross-reference property OBO ontologies,
    Ubergraph and Monarch write."""

    _NS = Namespace("http://www.geneontology.org/formats/oboInOwl#")
    _fail = True

    hasDbXref: URIRef  # an entity -> an identifier of it in another database, as a CURIE literal


class PRISM(DefinedNamespace):
    """PRISM basic 2.0 (Publishing Requirements for Industry Standard Metadata)."""

    _NS = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
    _fail = True

    doi: URIRef
    endingPage: URIRef
    issn: URIRef
    issueIdentifier: URIRef
    keyword: URIRef
    startingPage: URIRef
    volume: URIRef


class PRO(DefinedNamespace):
    """PRO, the Publishing Roles Ontology."""

    _NS = Namespace("http://purl.org/spar/pro/")
    _fail = True

    RoleInTime: URIRef
    author: URIRef  # the author role (an individual of pro:PublishingRole)
    holdsRoleInTime: URIRef
    isHeldBy: URIRef
    relatesToDocument: URIRef
    withRole: URIRef
