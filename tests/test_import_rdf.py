"""kg import's RDF adapter (kg/link/adapters/rdf.py): every syntax, schema.org JSON-LD as it is
written, deterministic blank nodes, and a boundary that fetches nothing and expands nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.core.errors import KgError
from kg.link.formats import by_name, detect, formats
from kg.link.model import Collector, Context
from tests.loopback import Listener

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"
SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BNODE = "https://w3id.org/adkg/id/import/test/bnode/"


def read(path: Path, fmt: str | None = None) -> Collector:
    sink = Collector()
    (by_name(fmt) if fmt else detect(path)).read(path, sink, Context("test", path))
    return sink


def triples(sink: Collector) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in sink.triples}


def mentions(sink: Collector) -> set[tuple[str, str]]:
    return {(m.node, m.text) for m in sink.mentions}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


# --- schema.org JSON-LD as it is written --------------------------------------------------------------

def test_schema_org_in_the_wild_mentions_the_doi_the_citation_and_the_drug():
    """Issue 12's case: the DOI in a PropertyValue, a citation by upper-case DOI IRI, a drug as a
    blank node whose sameAs is a DrugBank address."""
    sink = read(FIXTURES / "rdf" / "schema-org-in-the-wild.jsonld")
    found = triples(sink)
    (article,) = {s for s, p, o in found if p == RDF_TYPE and o == f"{SCHEMA}ScholarlyArticle" and
                  s.startswith(BNODE)}
    (drug,) = {s for s, p, o in found if p == RDF_TYPE and o == f"{SCHEMA}Drug"}
    assert drug.startswith(BNODE)
    assert mentions(sink) == {
        (article, "https://doi.org/10.1016/J.JAAD.2016.12.005"),
        ("https://doi.org/10.1111/BJD.15928", "https://doi.org/10.1111/BJD.15928"),
        (drug, "https://go.drugbank.com/drugs/DB14973"),
    }
    # The cited work is a node of its own, named by its DOI IRI as written.
    assert (article, f"{SCHEMA}citation", "https://doi.org/10.1111/BJD.15928") in found
    assert (drug, f"{SCHEMA}name", "abrocitinib") in found
    where = {m.text: m.where for m in sink.mentions}
    assert where["https://doi.org/10.1016/J.JAAD.2016.12.005"] == \
        f"record <{article}>, field <{SCHEMA}identifier> (PropertyValue 'doi')"
    assert where["https://go.drugbank.com/drugs/DB14973"] == f"record <{drug}>, field <{SCHEMA}sameAs>"


def test_existing_schema_org_fixture():
    sink = read(FIXTURES / "schema-org.jsonld")
    assert len(sink.triples) == 13
    assert mentions(sink) == {
        ("https://doi.org/10.1016/j.jaad.2016.12.005", "https://doi.org/10.1016/j.jaad.2016.12.005"),
        ("https://example.org/fixture/work/2", "http://dx.doi.org/10.1016/J.JAAD.2020.08.051"),
        ("https://example.org/fixture/condition/ad", "http://purl.obolibrary.org/obo/MONDO_0004980"),
    }
    # sameAs is an IRI-valued term in schema.org's context, so its string value is an IRI.
    assert ("https://example.org/fixture/condition/ad", f"{SCHEMA}sameAs",
            "http://purl.obolibrary.org/obo/MONDO_0004980") in triples(sink)
    assert any(isinstance(t.object, ox.NamedNode) and t.predicate.value == f"{SCHEMA}sameAs" for t in sink.triples)


@pytest.mark.parametrize("context", ['"http://schema.org"', '"https://schema.org/"', '["http://schema.org/", {"ex": '
                                     '"http://example.org/"}]'])
def test_schema_org_context_in_every_spelling(tmp_path, context):
    path = write(tmp_path, "s.jsonld", f"""
        {{"@context": {context},
          "@id": "http://example.org/drug", "@type": "Drug",
          "identifier": {{"@type": "PropertyValue", "propertyID": "DrugBank", "value": "DB14973"}}}}
        """)
    sink = read(path)
    assert ("http://example.org/drug", RDF_TYPE, f"{SCHEMA}Drug") in triples(sink)
    assert mentions(sink) == {("http://example.org/drug", "DrugBank:DB14973")}  # bare value: prefixed by propertyID


def test_a_bare_property_value_is_prefixed_by_its_property_id(tmp_path):
    path = write(tmp_path, "s.jsonld", """
        {"@context": "https://schema.org", "@id": "http://example.org/a", "@type": "ScholarlyArticle",
         "identifier": [{"@type": "PropertyValue", "propertyID": "doi", "value": "10.1016/J.JAAD.2016.12.005"},
                        {"@type": "PropertyValue", "propertyID": "PMID", "value": "PMID:12345"},
                        {"@type": "PropertyValue", "propertyID": "https://registry.identifiers.org/registry/doi",
                         "value": "10.1111/BJD.15928"}]}
        """)
    assert mentions(read(path)) == {("http://example.org/a", "doi:10.1016/J.JAAD.2016.12.005"),
                                    ("http://example.org/a", "PMID:12345"),
                                    ("http://example.org/a", "10.1111/BJD.15928")}  # an IRI is no prefix


def test_same_as_as_a_literal_is_a_mention_too(tmp_path):
    path = write(tmp_path, "s.jsonld", """
        {"@context": {"@vocab": "https://schema.org/"},
         "@type": "Drug", "name": "abrocitinib", "sameAs": "https://go.drugbank.com/drugs/DB14973"}
        """)
    sink = read(path)
    assert (f"{BNODE}1", f"{SCHEMA}sameAs", "https://go.drugbank.com/drugs/DB14973") in triples(sink)
    (same_as,) = [t for t in sink.triples if t.predicate.value == f"{SCHEMA}sameAs"]
    assert isinstance(same_as.object, ox.Literal)  # no IRI-valued term in this context: a string
    assert mentions(sink) == {(f"{BNODE}1", "https://go.drugbank.com/drugs/DB14973")}


# --- Wikidata-style Turtle ----------------------------------------------------------------------------

WD = "http://www.wikidata.org/entity/"


def test_wikidata_extract_mentions():
    sink = read(FIXTURES / "wikidata-extract.ttl")
    assert len(sink.triples) == 18
    found = mentions(sink)
    # Values under Wikidata identifier properties, bare values prefixed with the property's space.
    assert {(f"{WD}Q900000002", "DOI:10.1016/J.JACI.2021.08.009"),
            (f"{WD}Q900000003", "doi:10.1056/NEJMoa1314768"),
            (f"{WD}Q900000005", "MONDO:0004980"),
            (f"{WD}Q900000006", "DRUGBANK:DB15091"),
            (f"{WD}Q900000007", "HGNC:6014")} <= found
    # Wikidata items are identifiers themselves: each is mentioned by its own IRI.
    assert (f"{WD}Q900000004", f"{WD}Q900000004") in found
    assert len(found) == len(sink.mentions)  # each (node, identifier) once


@pytest.mark.parametrize("predicate,value,expected", [
    ("http://www.w3.org/2002/07/owl#sameAs", "<http://purl.obolibrary.org/obo/MONDO_0004980>",
     "http://purl.obolibrary.org/obo/MONDO_0004980"),
    ("http://www.w3.org/2004/02/skos/core#exactMatch", '"mondo:0004980"', "mondo:0004980"),
    ("http://purl.org/dc/terms/identifier", '"DB:DB08895"', "DB:DB08895"),
    ("http://prismstandard.org/namespaces/basic/2.0/doi", '"10.1111/BJD.15928"', "10.1111/BJD.15928"),
    ("http://purl.org/ontology/bibo/doi", '"10.1111/bjd.15928"', "10.1111/bjd.15928"),
    ("http://www.wikidata.org/prop/direct/P352", '"P24394"', "UniProtKB:P24394"),
    ("http://www.wikidata.org/prop/direct/P351", '"3566"', "NCBIGene:3566"),
    ("http://www.wikidata.org/prop/direct/P486", '"D003876"', "MESH:D003876"),
    ("http://www.wikidata.org/prop/direct/P699", '"DOID:3310"', "DOID:3310"),
    ("http://www.wikidata.org/prop/direct/P356", '"10.1000/ABC:DEF"', "DOI:10.1000/ABC:DEF"),  # a colon in a DOI
])
def test_identifier_predicates(tmp_path, predicate, value, expected):
    path = write(tmp_path, "x.ttl", f"<http://example.org/x> <{predicate}> {value} .\n")
    assert mentions(read(path)) == {("http://example.org/x", expected)}


def test_values_under_other_predicates_are_not_identifiers_of_their_subject(tmp_path):
    path = write(tmp_path, "x.ttl", """
        <http://example.org/x> <https://schema.org/citation> "10.1111/bjd.15928" ;
            <https://schema.org/name> "DB:DB08895" ;
            a <http://purl.obolibrary.org/obo/MONDO_0004980> .
        """)
    assert mentions(read(path)) == set()


# --- every syntax -------------------------------------------------------------------------------------

EX = "http://example.org/"
SAMPLES = {
    "turtle": ("s.ttl", '@prefix ex: <http://example.org/> .\nex:a ex:p [ ex:q "v" ] .\n'),
    "n-triples": ("s.nt", '<http://example.org/a> <http://example.org/p> _:x .\n_:x <http://example.org/q> "v" .\n'),
    "n-quads": ("s.nq", '<http://example.org/a> <http://example.org/p> _:x <http://example.org/g1> .\n'
                        '_:x <http://example.org/q> "v" <http://example.org/g2> .\n'),
    "trig": ("s.trig", '@prefix ex: <http://example.org/> .\nex:g { ex:a ex:p _:x . }\n_:x ex:q "v" .\n'),
    "n3": ("s.n3", '@prefix ex: <http://example.org/> .\nex:a ex:p [ ex:q "v" ] .\n'),
    "json-ld": ("s.jsonld", '{"@context": {"@vocab": "http://example.org/"}, "@id": "http://example.org/a",\n'
                            ' "p": {"q": "v"}}\n'),
    "rdf-xml": ("s.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
                         ' xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/a">\n'
                         '<ex:p><rdf:Description><ex:q>v</ex:q></rdf:Description></ex:p>\n'
                         '</rdf:Description>\n</rdf:RDF>\n'),
}


@pytest.mark.parametrize("fmt", SAMPLES)
def test_each_syntax_parses_a_tiny_sample(tmp_path, fmt):
    name, text = SAMPLES[fmt]
    path = write(tmp_path, name, text)
    assert detect(path).name == fmt
    # Graphs (N-Quads, TriG) are dropped: every triple goes into the import's one graph.
    assert triples(read(path)) == {(f"{EX}a", f"{EX}p", f"{BNODE}1"), (f"{BNODE}1", f"{EX}q", "v")}


def test_every_rdf_syntax_is_registered():
    assert {f.name for f in formats()} >= set(SAMPLES)


@pytest.mark.parametrize("name,head,fmt,expected", [
    ("data.json", b'{"@context": {"@vocab": "https://schema.org/"}}', "json-ld", True),
    ("data.json", b'{"results": [{"id": "W1"}]}', "json-ld", False),
    ("data.xml", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="...">', "rdf-xml", True),
    ("data.xml", b'<?xml version="1.0"?><Pathway xmlns="http://pathvisio.org/GPML/2013a">', "rdf-xml", False),
    ("data.txt", b"# a comment\n@prefix ex: <http://example.org/> .\n", "turtle", True),
    ("data.txt", b"@prefix ex: <http://example.org/> .\n", "trig", False),
])
def test_sniffers(name, head, fmt, expected):
    assert by_name(fmt).sniff(name, head) is expected


# --- blank nodes: deterministic -----------------------------------------------------------------------

def test_blank_nodes_are_named_by_first_appearance_and_reads_are_identical(tmp_path):
    path = write(tmp_path, "b.jsonld", """
        {"@context": {"@vocab": "https://schema.org/"},
         "@graph": [{"@type": "Drug", "name": "one", "sameAs": {"@id": "https://go.drugbank.com/drugs/DB14973"}},
                    {"@type": "Drug", "name": "two", "author": [{"name": "a"}, {"name": "b"}]}]}
        """)
    first, second = read(path), read(path)
    assert [str(t) for t in first.triples] == [str(t) for t in second.triples]
    assert first.mentions == second.mentions
    subjects = [t.subject.value for t in first.triples if t.subject.value.startswith(BNODE)]
    assert sorted(set(subjects), key=subjects.index) == [f"{BNODE}{n}" for n in (1, 2, 3, 4)]
    assert not any(isinstance(term, ox.BlankNode) for t in first.triples for term in (t.subject, t.object))


def test_labelled_blank_nodes_keep_their_identity_across_a_file(tmp_path):
    path = write(tmp_path, "b.ttl", "_:z <http://example.org/p> _:y .\n_:y <http://example.org/p> _:z .\n")
    assert triples(read(path)) == {(f"{BNODE}1", f"{EX}p", f"{BNODE}2"), (f"{BNODE}2", f"{EX}p", f"{BNODE}1")}


def test_relative_iris_resolve_into_the_import_namespace_not_the_file_system(tmp_path):
    path = write(tmp_path, "r.ttl", "<a> <http://example.org/p> <#b> .\n")
    assert triples(read(path)) == {("https://w3id.org/adkg/id/import/test/a", f"{EX}p",
                                    "https://w3id.org/adkg/id/import/test/#b")}


# --- the boundary: nothing fetched, nothing expanded, errors with lines ----------------------------------

@pytest.fixture()
def listener():
    server = Listener()
    server.probe()
    yield server
    server.close()


def test_a_remote_jsonld_context_is_refused_and_not_fetched(tmp_path, listener):
    path = write(tmp_path, "remote.jsonld", f"""
        {{"@id": "http://example.org/x",
          "@context": "{listener.url}/context.jsonld",
          "name": "x"}}
        """)
    with pytest.raises(KgError, match=rf"remote\.jsonld:2: remote JSON-LD context '{listener.url}/context\.jsonld' "
                                      "is not fetched"):
        read(path)
    # And the parser itself has no document loader: handed the remote context, it fails, fetching nothing.
    with pytest.raises(SyntaxError, match="LoadDocumentCallback"):
        list(ox.parse(path.read_bytes(), format=ox.RdfFormat.JSON_LD))
    assert listener.seen == []


def test_a_jsonld_import_is_refused_and_not_fetched(tmp_path, listener):
    path = write(tmp_path, "import.jsonld", f"""
        {{"@context": [
            "https://schema.org",
            {{"@import": "{listener.url}/imported.jsonld", "ex": "http://example.org/"}}],
          "@id": "http://example.org/x", "name": "x"}}
        """)
    with pytest.raises(KgError, match=r"import\.jsonld:3: JSON-LD @import .* is not fetched"):
        read(path)
    with pytest.raises(SyntaxError):
        list(ox.parse(path.read_bytes().replace(b'"https://schema.org",', b""), format=ox.RdfFormat.JSON_LD))
    assert listener.seen == []


def test_an_xml_dtd_is_refused_before_parsing_and_not_fetched(tmp_path, listener):
    path = write(tmp_path, "dtd.rdf", f"""
        <?xml version="1.0"?>
        <!DOCTYPE rdf:RDF SYSTEM "{listener.url}/rdf.dtd">
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>
        """)
    with pytest.raises(KgError, match=r"dtd\.rdf:2: the XML document declares a DOCTYPE"):
        read(path)
    assert listener.seen == []


BILLION_LAUGHS = '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n  <!ENTITY lol "lol">\n' + "".join(
    f'  <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n' for n in range(1, 10)) + \
    ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">\n' \
    '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description>\n</rdf:RDF>\n'


def test_an_entity_expansion_bomb_is_refused_before_it_is_expanded(tmp_path):
    """Parsed, this file expands to 10^9 'lol's; the declaration is refused before the parser
    runs (in a child process, so that a regression fails on its timeout instead of hanging)."""
    path = tmp_path / "bomb.rdf"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    script = ("import sys; from pathlib import Path; from kg.link.formats import detect; "
              "from kg.link.model import Collector, Context; from kg.core.errors import KgError\n"
              "p = Path(sys.argv[1])\ntry:\n    detect(p).read(p, Collector(), Context('bomb', p))\n"
              "except KgError as e:\n    print(e)\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.stdout.strip() == f"{path}:2: the XML document declares a DOCTYPE; DTDs and entities are refused " \
                                    "(nothing is expanded or fetched)"


def test_an_entity_declared_anywhere_is_refused(tmp_path):
    path = write(tmp_path, "e.rdf", """
        <?xml version="1.0"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <!ENTITY x "y">
        </rdf:RDF>
        """)
    with pytest.raises(KgError, match=r"e\.rdf:3: the XML document declares an ENTITY"):
        read(path)


def test_utf16_xml_is_refused(tmp_path):
    path = tmp_path / "wide.rdf"
    path.write_bytes('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE x>'.encode("utf-16"))
    with pytest.raises(KgError, match=r"wide\.rdf:1: the XML document is not in UTF-8"):
        read(path)


@pytest.mark.parametrize("fmt,name,text,line", [
    ("turtle", "b.ttl", "@prefix ex: <http://example.org/> .\n\nex:a ex:p <http://example.org/a`b> .\n", 3),
    ("n-triples", "b.nt", '<http://example.org/a> <http://example.org/p> "v" .\n'
                          "<http://example.org/a b> <http://example.org/p> \"v\" .\n", 2),
    ("json-ld", "b.jsonld", '{"@context": {"@vocab": "http://example.org/"},\n "@id": "http://example.org/a",\n'
                            ' "p": {"@id": "http://example.org/a`b"}}\n', 3),
    ("rdf-xml", "b.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                         '<rdf:Description rdf:about="http://example.org/a"/>\n'
                         '<rdf:Description rdf:about="http://example.org/a`b"/>\n</rdf:RDF>\n', 4),
])
def test_an_invalid_iri_is_an_error_with_its_line(tmp_path, fmt, name, text, line):
    path = write(tmp_path, name, text)
    with pytest.raises(KgError, match=rf"{name.replace('.', '[.]')}:{line}: cannot parse as .*(`|' ')"):
        read(path, fmt)


def test_an_invalid_language_tag_in_jsonld_is_an_error_with_its_line(tmp_path):
    path = write(tmp_path, "l.jsonld", '{"@context": {"@vocab": "http://example.org/"},\n "@id": "http://example.org/a",'
                                       '\n "p": {"@value": "x", "@language": "en US"}}\n')
    with pytest.raises(KgError, match=r"l\.jsonld:3: cannot parse as JSON-LD: invalid language tag 'en US'"):
        read(path)


@pytest.mark.parametrize("name,text,line", [
    ("e.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \"unclosed .\n", 3),
    ("e.nt", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
             "<http://example.org/a> <http://example.org/b> .\n", 2),
    ("e.nq", "<http://example.org/a> <http://example.org/b> <http://example.org/c> <http://example.org/g> .\n"
             "<http://example.org/a> <http://example.org/b> \"x\n", 2),
    ("e.trig", "@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b ex:c }\nex:g { ex:a ex:b }\n", 3),
    ("e.n3", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b ?x .\n", 3),
    ("e.jsonld", '{"@context": {"@vocab": "http://example.org/"},\n "@id": "http://example.org/a",\n'
                 ' "name": {"@value": "x", "@language": 5}}\n', 3),
    ("e.json", '{"@context": {"@vocab": "http://example.org/"},\n "@id": "http://example.org/a",\n "p": [1, }\n', 3),
    ("e.rdf", '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
              '<rdf:Description rdf:about="http://example.org/a">\n<rdf:value>x\n</rdf:Description>\n</rdf:RDF>\n', 5),
])
def test_parse_errors_name_the_file_and_line(tmp_path, name, text, line):
    path = write(tmp_path, name, text)
    with pytest.raises(KgError, match=rf"^{str(path).replace('.', '[.]')}:{line}: cannot parse as "):
        read(path)


def test_a_missing_file_and_non_utf8_jsonld(tmp_path):
    with pytest.raises(KgError, match=r"nope\.ttl: no such file"):
        by_name("turtle").read(tmp_path / "nope.ttl", Collector(), Context("t", tmp_path / "nope.ttl"))
    path = tmp_path / "latin.jsonld"
    path.write_bytes(b'{"@context": {"@vocab": "http://example.org/"}, "name": "caf\xe9"}')
    with pytest.raises(KgError, match=r"latin\.jsonld: not UTF-8 text"):
        read(path)


def test_rdf_12_triple_terms_are_refused(tmp_path):
    path = write(tmp_path, "t.ttl", "@prefix ex: <http://example.org/> .\n"
                                    "ex:a ex:b <<( ex:c ex:d ex:e )>> .\n")
    with pytest.raises(KgError, match=r"t\.ttl: record <http://example\.org/a>, field <http://example\.org/b>: "
                                      "RDF 1.2 triple terms are not imported"):
        read(path)


def test_n3_formulas_are_refused_not_asserted(tmp_path):
    path = write(tmp_path, "f.n3", "@prefix ex: <http://example.org/> .\n{ ex:a ex:b ex:c } ex:says ex:x .\n")
    with pytest.raises(KgError, match=r"f\.n3: record <http://example\.org/a>, field <http://example\.org/b>: "
                                      r"a statement inside an N3 formula"):
        read(path)
