"""The checked namespaces: kg/core/vocab.py is what the generator makes of ontology/adkg.ttl, a misspelt
term fails, and every term the code, the ontology and the queries name is declared."""

import ast
import re
from pathlib import Path

import pytest
import rdflib.namespace as rdflib_namespaces
from rdflib import Graph, URIRef
from rdflib.namespace import DefinedNamespace

from kg.core import reused
from kg.core.prefixes import PREFIX_IRIS
from kg.core.vocab import ADKG
from kg.core.vocab_gen import VOCAB_FILE, vocab_source
from kg.transform.map_article import CITATION_INTENTS
from kg.transform.mapping import declared_terms

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"

#: The hand-declared and strict namespaces, by the prefix the project binds them to.
CHECKED = {"adkg": ADKG, "biolink": reused.BIOLINK, "biro": reused.BIRO, "c4o": reused.C4O, "cito": reused.CITO,
           "deo": reused.DEO, "doco": reused.DOCO, "fabio": reused.FABIO, "frbr": reused.FRBR, "oa": reused.OA,
           "obo": reused.OBO, "oboInOwl": reused.OBOINOWL, "prism": reused.PRISM, "pro": reused.PRO,
           "sosa": reused.SOSA, "sssom": reused.SSSOM, "xsd": reused.XSD}
#: Names the code uses for namespaces, and the class each name stands for (rdflib's own strict ones too).
BY_NAME = {ns.__name__: ns for ns in CHECKED.values()} | {
    name: getattr(rdflib_namespaces, name)
    for name in ("RDF", "RDFS", "OWL", "DCTERMS", "FOAF", "PROV", "SKOS", "SH", "VOID")}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "adkg.ttl", format="turtle")


def test_committed_vocab_is_what_the_generator_writes(ontology):
    assert VOCAB_FILE.read_text(encoding="utf-8") == vocab_source(ontology), \
        "kg/core/vocab.py is stale: run `python -m kg.core.vocab_gen`"


def test_adkg_declares_exactly_the_ontology_terms(ontology):
    declared = {str(term)[len(str(ADKG)):] for term in declared_terms(ontology)}
    assert set(ADKG.__annotations__) == declared
    assert {"Patient", "ageYears", "IGA", "Baseline", "atTimePoint"} <= declared


@pytest.mark.parametrize("prefix", sorted(CHECKED))
def test_a_misspelt_term_fails(prefix):
    namespace = CHECKED[prefix]
    assert str(namespace) == PREFIX_IRIS[prefix]
    with pytest.raises(AttributeError):
        namespace.NotATermOfThisVocabulary  # noqa: B018
    with pytest.raises(AttributeError):
        namespace["NotATermOfThisVocabulary"]  # noqa: B018


def test_item_access_with_a_dynamic_name_is_checked():
    names = ["Baseline", "FollowUp"]
    assert [ADKG[name] for name in names] == [URIRef(PREFIX_IRIS["adkg"] + name) for name in names]
    assert not hasattr(ADKG, "Baseilne")
    assert "Baseline" in ADKG and "Baseilne" not in ADKG


def test_every_citation_intent_is_a_cito_term():
    assert all(intent in reused.CITO for intent in CITATION_INTENTS)
    assert "citesAsEvidence" in CITATION_INTENTS


def _prefixed_names(text: str) -> set[tuple[str, str]]:
    declared = dict(re.findall(r"(?i)PREFIX\s+(\w+):\s*<([^>]+)>", text)) | PREFIX_IRIS
    text = re.sub(r"<[^>]*>|#[^\n]*|\"[^\"\n]*\"", " ", text)  # IRIs, comments and strings are not names
    return {(prefix, local) for prefix, local in re.findall(r"(?<![\w:])([a-z][A-Za-z0-9]*):([A-Za-z_][\w-]*)", text)
            if prefix in declared and declared[prefix] == PREFIX_IRIS.get(prefix)}


def _undeclared(iris: set[str]) -> list[str]:
    missing = []
    for iri in iris:
        for namespace in CHECKED.values():
            if iri.startswith(str(namespace)) and iri[len(str(namespace)):] not in namespace:
                missing.append(iri)
    return sorted(missing)


def test_every_term_the_ontology_files_name_is_declared():
    """Ontology, shapes and worked example: each IRI in a checked namespace is declared there."""
    iris: set[str] = set()
    for path in sorted(ONTOLOGY.glob("*.ttl")) + sorted((ONTOLOGY / "examples").glob("*.ttl")):
        graph = Graph().parse(path, format="turtle")
        iris |= {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    assert any(iri == str(reused.FABIO.CaseReport) for iri in iris)
    assert _undeclared(iris) == []


def test_every_term_the_queries_name_is_declared():
    files = sorted((ONTOLOGY / "checks").glob("*.rq")) + sorted((ROOT / "kg" / "dataset" / "queries").glob("*.rq"))
    assert files
    iris = {PREFIX_IRIS[prefix] + local for path in files
            for prefix, local in _prefixed_names(path.read_text(encoding="utf-8"))}
    assert str(reused.SOSA.hasSimpleResult) in iris
    assert _undeclared(iris) == []


def _namespace_uses(tree: ast.AST) -> list[tuple[str, str, int]]:
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in BY_NAME:
            uses.append((node.value.id, node.attr, node.lineno))
        elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in BY_NAME
              and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str)):
            uses.append((node.value.id, node.slice.value, node.lineno))
    return uses


def test_the_scan_finds_a_misspelt_term():
    uses = _namespace_uses(ast.parse("x = ADKG.Patinet\ny = FABIO['JournalArticle']\nz = other.Patinet"))
    assert uses == [("ADKG", "Patinet", 1), ("FABIO", "JournalArticle", 2)]
    assert [u for u in uses if u[1] not in BY_NAME[u[0]]] == [("ADKG", "Patinet", 1)]


def test_every_term_named_in_the_code_is_declared():
    """Every ``NS.term`` and ``NS["term"]`` in kg/, executed by the tests or not, names a declared term."""
    bad, seen = [], 0
    for path in sorted((ROOT / "kg").rglob("*.py")):
        for name, term, line in _namespace_uses(ast.parse(path.read_text(encoding="utf-8"))):
            namespace = BY_NAME[name]
            if not issubclass(namespace, DefinedNamespace) or term.startswith("_"):
                continue
            seen += 1
            if term not in namespace:
                bad.append(f"{path.relative_to(ROOT)}:{line}: {name}.{term}")
    assert seen > 100
    assert bad == []
