"""The PubTator3 BioC JSON adapter on a real PubTator3 document (PMID 33664495; tests/fixtures/import/pubtator,
see SOURCE.md there). Expected values are read off the fixture by hand and written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.core.errors import KgError
from kg.link import formats
from kg.link.adapters import pubtator
from kg.link.model import Collector, Context

FIXTURE = Path(__file__).parent / "fixtures" / "import" / "pubtator" / "PMID33664495-biocjson.json"
BASE = "https://w3id.org/adkg/id/import/pt/"
BL = "https://w3id.org/biolink/vocab/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SCHEMA_ID = "https://schema.org/identifier"
PUB = BASE + "publication/33664495"


def run(path: Path) -> Collector:
    sink = Collector()
    formats.detect(path).read(path, sink, Context("pt", path))
    return sink


def triples(sink: Collector) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in sink.triples}  # type: ignore[union-attr]


def test_detected_by_content():
    assert formats.detect(FIXTURE).name == "pubtator-biocjson"
    assert not pubtator.sniff("x.json", b'{"@context": {}, "@id": "x"}')
    assert not pubtator.sniff("x.json", b'{"results": [{"doi": "https://doi.org/10.1/x"}]}')


def test_publication_node_and_its_identifiers():
    sink = run(FIXTURE)
    got = triples(sink)
    assert (PUB, RDF_TYPE, BL + "Publication") in got
    assert (PUB, LABEL, "AIDA directly connects sympathetic innervation to adaptive thermogenesis by UCP1.") in got
    assert (PUB, SCHEMA_ID, "33664495") in got
    assert (PUB, SCHEMA_ID, "10.1038/s41556-021-00642-9") in got
    own = [(m.text, m.where) for m in sink.mentions if m.node == PUB]
    assert own == [("PMID:33664495", "document 1 (PMID 33664495), field 'pmid'"),
                   ("doi:10.1038/s41556-021-00642-9", "document 1 (PMID 33664495), field 'infons.doi'")]


def test_each_distinct_concept_once_with_its_mention():
    sink = run(FIXTURE)
    by_node = {m.node.removeprefix(BASE): m.text for m in sink.mentions if m.node != PUB}
    assert by_node == {
        "concept/Gene%2F108909": "NCBIGene:108909",         # Aida, bare NCBI Gene id
        "concept/Gene%2F22227": "NCBIGene:22227",           # Ucp1
        "concept/Chemical%2FMESH%3AD002395": "MESH:D002395",  # Catecholamines, as written
        "concept/Disease%2FMESH%3AD007035": "MESH:D007035",   # Hypothermia
        "concept/Species%2F10090": "NCBITaxon:10090",       # mice
    }  # the two tmVar variants carry no dbSNP id: no mention
    where = {m.text: m.where for m in sink.mentions}
    assert where["MESH:D007035"] == "document 1 (PMID 33664495), passage 2, annotation '36', field 'identifier'"
    assert len(sink.mentions) == 7  # Ucp1 is annotated 10 times, mentioned once


def test_concept_triples_and_mentions_edges():
    got = triples(run(FIXTURE))
    gene, disease = BASE + "concept/Gene%2F22227", BASE + "concept/Disease%2FMESH%3AD007035"
    species = BASE + "concept/Species%2F10090"
    assert (gene, RDF_TYPE, BL + "Gene") in got and (gene, LABEL, "Ucp1") in got
    assert (gene, SCHEMA_ID, "22227") in got
    assert (disease, RDF_TYPE, BL + "Disease") in got and (disease, LABEL, "Hypothermia") in got
    assert (BASE + "concept/Chemical%2FMESH%3AD002395", RDF_TYPE, BL + "ChemicalEntity") in got
    assert (species, RDF_TYPE, BL + "OrganismTaxon") in got
    assert (species, LABEL, "mice") in got  # its name infon is only "10090": the text is the label
    variants = {s for s, p, o in got if p == RDF_TYPE and o == BL + "SequenceVariant"}
    assert len(variants) == 2
    assert {o for s, p, o in got if s in variants and p == LABEL} == {"S161", "S161A"}
    mentioned = {o for s, p, o in got if s == PUB and p == BL + "mentions"}
    assert len(mentioned) == 7 and gene in mentioned and disease in mentioned


@pytest.mark.parametrize("wrap", [
    lambda doc: {"PubTator3": [doc]},
    lambda doc: {"source": "PubTator", "documents": [doc]},
    lambda doc: [doc],
], ids=["pubtator3-export", "bioc-collection", "list"])
def test_container_shapes_give_the_same_graph(tmp_path, wrap):
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    wrapped = tmp_path / "export.json"
    wrapped.write_text(json.dumps(wrap(document), indent=1), encoding="utf-8")
    assert run(wrapped).triples == run(FIXTURE).triples


def test_doi_from_the_journal_infon_and_unnormalised_annotations(tmp_path):
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    document["infons"] = {}
    document["pmcid"] = "PMC7000001"
    document["passages"][1]["annotations"].append(
        {"id": "99", "infons": {"identifier": "-", "type": "Chemical"}, "text": "x", "locations": []})
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps({"PubTator3": [document]}), encoding="utf-8")
    sink = run(edited)
    own = [(m.text, m.where.removeprefix("document 1 (PMID 33664495), ")) for m in sink.mentions if m.node == PUB]
    assert own == [("PMID:33664495", "field 'pmid'"), ("pmc:PMC7000001", "field 'pmcid'"),
                   ("doi:10.1038/s41556-021-00642-9", "field 'title passage, infons.journal'")]
    assert len(sink.mentions) == 8  # the "-" annotation makes no concept


def test_mention_texts():
    assert pubtator.mention_texts("Gene", "3565") == ["NCBIGene:3565"]
    assert pubtator.mention_texts("Gene", "3445;3439") == ["NCBIGene:3445", "NCBIGene:3439"]
    assert pubtator.mention_texts("Disease", "MESH:D003876") == ["MESH:D003876"]
    assert pubtator.mention_texts("Chemical", "-") == []
    assert pubtator.mention_texts("CellLine", "CVCL_0030") == ["cellosaurus:CVCL_0030"]
    assert pubtator.mention_texts("Variant", "tmVar:p|SUB|S|161|A;HGVS:p.S161A;VariantGroup:0") == []


def test_json_error_names_its_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"PubTator3": [\n {"passages": [],\n  "pmid": 1,,\n}]}\n', encoding="utf-8")
    with pytest.raises(KgError, match=r"bad\.json:3: invalid JSON: Expecting property name"):
        pubtator.read(bad, Collector(), Context("t", bad))


def test_wrong_shapes_are_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"PubTator3": [{"pmid": 1, "passages": {"a": 1}}]}', encoding="utf-8")
    with pytest.raises(KgError, match=r"bad\.json: document 1: field 'passages'"):
        pubtator.read(bad, Collector(), Context("t", bad))
    bad.write_text('{"PubTator3": [{"pmid": 1, "passages": [{"annotations": [{"id": "1"}]}]}]}', encoding="utf-8")
    with pytest.raises(KgError, match=r"bad\.json: document 1 \(PMID 1\), passage 1, annotation .*field 'infons'"):
        pubtator.read(bad, Collector(), Context("t", bad))
    bad.write_text('{"hello": 1}', encoding="utf-8")
    with pytest.raises(KgError, match=r"bad\.json: not PubTator3 BioC JSON"):
        pubtator.read(bad, Collector(), Context("t", bad))


def test_two_reads_are_identical():
    first, second = run(FIXTURE), run(FIXTURE)
    assert first.triples == second.triples and first.mentions == second.mentions
