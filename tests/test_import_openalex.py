"""The OpenAlex works adapter (kg.link.adapters.openalex) on fixtures written to OpenAlex's
documented schema with the documentation's own values (tests/fixtures/import/openalex/SOURCE.md)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kg.core.errors import KgError
from kg.link import formats
from kg.link.adapters import openalex
from kg.link.model import Collector, Context

FIXTURES = Path(__file__).parent / "fixtures" / "import" / "openalex"
BASE = "https://w3id.org/adkg/id/import/oa/"
WORK = BASE + "work/W2741809807"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
IDENTIFIER = "https://schema.org/identifier"
CITES = "http://purl.org/spar/cito/cites"
ABOUT = "https://schema.org/about"
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
TITLE = "The state of OA: a large-scale analysis of the prevalence and impact of Open Access articles"


def read(path: Path) -> Collector:
    sink = Collector()
    formats.detect(path).read(path, sink, Context(name="oa", source=path))
    return sink


def values(sink: Collector) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in sink.triples}


def test_a_single_work():
    sink = read(FIXTURES / "W2741809807.json")
    triples = values(sink)
    assert (WORK, RDF_TYPE, "https://w3id.org/biolink/vocab/Publication") in triples
    assert (WORK, LABEL, TITLE) in triples
    year = [t.object for t in sink.triples if t.predicate.value == "http://purl.org/spar/fabio/hasPublicationYear"]
    assert [(y.value, y.datatype.value) for y in year] == [("2018", "http://www.w3.org/2001/XMLSchema#gYear")]
    assert [(m.node, m.text, m.where) for m in sink.mentions if m.node == WORK] == [
        (WORK, "https://openalex.org/W2741809807", "record W2741809807, field 'id'"),
        (WORK, "https://doi.org/10.7717/peerj.4375", "record W2741809807, field 'doi'"),
        (WORK, "https://pubmed.ncbi.nlm.nih.gov/29456894", "record W2741809807, field 'ids.pmid'"),
    ]  # ids.openalex and ids.doi repeat id and doi; ids.mag (a number) is not an identifier we link
    assert (WORK, IDENTIFIER, "https://doi.org/10.7717/peerj.4375") in triples


def test_referenced_works_are_cito_cites_edges():
    cited = {o for s, p, o in values(read(FIXTURES / "W2741809807.json")) if s == WORK and p == CITES}
    assert cited == {BASE + "work/" + w for w in ("W2753353163", "W2785823074", "W2511661767", "W2115339903",
                                                  "W2031754690")}


def test_topics_concepts_keywords_and_mesh_are_subjects_with_their_ids():
    sink = read(FIXTURES / "W2741809807.json")
    triples = values(sink)
    medicine, topic = BASE + "concept/C71924100", BASE + "topic/T12419"
    seaweed, mesh = BASE + "keyword/global-seaweed-distribution", BASE + "mesh/D017712"
    for node in (medicine, topic, seaweed, mesh):
        assert (WORK, ABOUT, node) in triples
        assert (node, RDF_TYPE, SKOS_CONCEPT) in triples
    assert (medicine, LABEL, "Medicine") in triples
    assert (topic, LABEL, "Analysis of Cardiac and Respiratory Sounds") in triples
    assert (mesh, LABEL, "Peer Review, Research") in triples
    texts = {(m.node, m.text) for m in sink.mentions}
    assert {(medicine, "https://openalex.org/C71924100"), (medicine, "https://www.wikidata.org/wiki/Q11190"),
            (topic, "https://openalex.org/T12419"), (mesh, "D017712")} <= texts
    # primary_topic repeats topics[0], and mesh lists D017712 twice (two qualifiers): each said once
    assert sum(1 for t in sink.triples if t.predicate.value == ABOUT) == 6
    assert sum(1 for m in sink.mentions if m.node == mesh) == 1


def test_a_page_of_results():
    sink = read(FIXTURES / "works-page.json")
    folin = BASE + "work/W1775749144"
    assert (folin, LABEL, "PROTEIN MEASUREMENT WITH THE FOLIN PHENOL REAGENT") in values(sink)
    assert [m.text for m in sink.mentions] == [
        "https://openalex.org/W1775749144", "https://doi.org/10.1016/s0021-9258(19)52451-6",
        "https://openalex.org/W2100837269", "https://doi.org/10.1038/227680a0"]


def test_snapshot_json_lines_gzipped(tmp_path):
    work = json.loads((FIXTURES / "W2741809807.json").read_text(encoding="utf-8"))
    page = json.loads((FIXTURES / "works-page.json").read_text(encoding="utf-8"))
    lines = "".join(json.dumps(w) + "\n" for w in [work, *page["results"]])
    path = tmp_path / "0000_part_00.gz"
    path.write_bytes(gzip.compress(lines.encode("utf-8")))
    assert formats.detect(path).name == "openalex-works"
    sink = read(path)
    assert (BASE + "work/W2100837269", LABEL,
            "Cleavage of Structural Proteins during the Assembly of the Head of Bacteriophage T4") in values(sink)
    assert values(sink) == values(read(FIXTURES / "W2741809807.json")) | values(read(FIXTURES / "works-page.json"))


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.jsonl", '{"id": "https://openalex.org/W1", "title": "a"}\n{"id": "https://openalex.org/W2", oops\n',
     "bad.jsonl:2: not JSON"),
    ("bad.json", '{"id": "https://openalex.org/W1",\n "title": }\n', "bad.json:2: not JSON"),
    ("bad2.json", '{"results": [{"id": "https://openalex.org/W1"}, {"title": "no id"}]}',
     "bad2.json: record 2, field 'id': None is not an OpenAlex id"),
    ("bad3.json", '{"id": "https://openalex.org/W1", "publication_year": "2018"}',
     "bad3.json: record 1 (W1), field 'publication_year': '2018' is not a year"),
    ("bad4.jsonl", '{"id": "https://openalex.org/W1", "referenced_works": ["https://openalex.org/A1"]}\n',
     "bad4.jsonl:1: record (W1), field 'referenced_works': 'https://openalex.org/A1' is not an OpenAlex id"),
    ("bad5.json", '{"id": "https://openalex.org/W1", "concepts": [{"display_name": "x"}]}',
     "bad5.json: record 1 (W1), field 'concepts': None is not an OpenAlex id"),
])
def test_bad_input_names_the_file_and_the_line_or_record(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KgError) as caught:
        openalex.read(path, Collector(), Context(name="oa", source=path))
    assert str(caught.value).startswith(message)


def test_the_sniffer_wants_an_openalex_work_id():
    assert openalex._sniff("w.json", (FIXTURES / "W2741809807.json").read_bytes()[:65536])
    assert openalex._sniff("p.gz", gzip.compress(b'{"id": "https://openalex.org/W1"}\n'))
    assert not openalex._sniff("a.json", b'{"id": "https://openalex.org/A5023888391", "display_name": "x"}')
    assert not openalex._sniff("n.jsonl", b'{"id": "HGNC:6014", "category": ["biolink:Gene"]}\n')


def test_the_same_file_gives_the_same_triples_in_the_same_order():
    first, second = read(FIXTURES / "W2741809807.json"), read(FIXTURES / "W2741809807.json")
    assert first.triples == second.triples and first.mentions == second.mentions
