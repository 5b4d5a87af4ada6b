"""The table adapter on a real excerpt of PharmacotherapyDB's catalog/indications.tsv
(tests/fixtures/import/pharmacotherapydb/). Expected values are read off the fixture by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.errors import KgError
from kg.link.adapters import table
from kg.link.formats import by_name, detect
from kg.link.model import Collector, Context

FIXTURE = Path(__file__).parent / "fixtures" / "import" / "pharmacotherapydb" / "indications.tsv"
BASE = "https://w3id.org/adkg/id/import/pdb/"
BL = "https://w3id.org/biolink/vocab/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
AD = BASE + "disease/DOID%3A3310"
PAIRS = {"subject": "drugbank_id:drugbank,drug:label", "subject_type": "Drug",
         "object": "doid_id:curie,disease:label", "object_type": "Disease",
         "predicate_column": "category", "predicate.DM": "biolink:treats",
         "predicate.SYM": "biolink:ameliorates_condition", "predicate.NOT": "none"}


def _read(options: dict[str, str], path: Path = FIXTURE) -> Collector:
    sink = Collector()
    table.read(path, sink, Context(name="pdb", source=path, options=options))
    return sink


def _facts(sink: Collector) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in sink.triples}


def test_indications_become_drug_treats_disease_by_category() -> None:
    sink = _read(PAIRS)
    facts = _facts(sink)
    pimecrolimus = BASE + "drug/drugbank%3ADB00337"
    assert {(pimecrolimus, RDF_TYPE, BL + "Drug"), (pimecrolimus, LABEL, "Pimecrolimus"),
            (pimecrolimus, "https://schema.org/identifier", "drugbank:DB00337"),
            (pimecrolimus, BL + "treats", AD), (AD, RDF_TYPE, BL + "Disease"), (AD, LABEL, "atopic dermatitis"),
            (BASE + "drug/drugbank%3ADB01142", BL + "ameliorates_condition", AD)} <= facts  # doxepin, SYM
    clindamycin = BASE + "drug/drugbank%3ADB01190"  # NOT: a node, and no edge
    assert (clindamycin, LABEL, "Clindamycin") in facts
    assert not any(s == clindamycin and o == AD for s, _, o in facts)
    treats_ad = sorted(s for s, p, o in facts if p == BL + "treats" and o == AD)
    assert len(treats_ad) == 16


def test_every_identifier_is_mentioned_once_with_its_line_and_column() -> None:
    sink = _read(PAIRS)
    mentions = [(m.text, m.where) for m in sink.mentions]
    assert ("DOID:3310", "line 4, column 'doid_id'") in mentions
    assert ("drugbank:DB00337", "line 15, column 'drugbank_id'") in mentions
    assert ("drugbank:DB00410", "line 23, column 'drugbank_id'") in mentions  # mupirocin, the last row
    # 22 distinct drugs + 2 diseases
    assert len(mentions) == len({text for text, _ in mentions}) == 24


def test_one_node_per_row_with_a_fixed_predicate(tmp_path: Path) -> None:
    sink = _read({"columns": "drugbank_id:drugbank,drug:label", "subject_type": "biolink:Drug"})
    assert {t.predicate.value for t in sink.triples} == {RDF_TYPE, LABEL, "https://schema.org/identifier"}
    sink = _read({"subject": "drugbank_id:drugbank", "object": "doid_id:curie", "predicate": "biolink:treats"})
    assert (BASE + "subject/drugbank%3ADB00864", BL + "treats", BASE + "object/DOID%3A3310") in _facts(sink)


def test_a_csv_with_quoted_fields_and_a_header_bom(tmp_path: Path) -> None:
    csv_file = tmp_path / "pairs.csv"
    csv_file.write_bytes(b'\xef\xbb\xbfdrug,id\n"Tacrolimus, topical",DB00864\n')
    sink = _read({"subject": "id:drugbank,drug:label"}, csv_file)
    assert (BASE + "subject/drugbank%3ADB00864", LABEL, "Tacrolimus, topical") in _facts(sink)


def test_reading_twice_is_identical() -> None:
    first, second = _read(PAIRS), _read(PAIRS)
    assert first.triples == second.triples and first.mentions == second.mentions


def test_registered_and_a_csv_is_found_by_its_extension(tmp_path: Path) -> None:
    assert by_name("table").read is table.read
    csv_file = tmp_path / "pairs.csv"
    csv_file.write_text("drug,id\nx,DB1\n", encoding="utf-8")
    assert detect(csv_file).name == "table"


@pytest.mark.parametrize(("options", "message"), [
    ({}, r"indications\.tsv: a table needs its column mapping"),
    ({"subject": "drugbank:drugbank,drug:label"},
     r"indications\.tsv: column 'drugbank' \(named in --option subject\) is not in the header; the columns are: "
     r"doid_id, drugbank_id"),
    ({"subject": "drug:label"}, r"--option subject: name at least one identifier column"),
    ({"subject": "drugbank_id"}, r"--option subject: 'drugbank_id' is not COLUMN:ROLE"),
    ({**PAIRS, "predicate.DM": "treats"}, r"--option predicate\.DM: 'treats' is not a CURIE"),
    ({**PAIRS, "predicate.NOT": "biolink:treats", "predicate.SYM": "none", "colour": "x"},
     r"--option colour: unknown option"),
    ({**PAIRS, "subject_type": "drug"}, r"--option subject_type: 'drug' is not a Biolink class"),
])
def test_a_bad_mapping_is_an_error_naming_the_option_or_column(options: dict[str, str], message: str) -> None:
    with pytest.raises(KgError, match=message):
        _read(options)


def test_a_category_the_mapping_does_not_name_is_an_error_with_its_line() -> None:
    options = {k: v for k, v in PAIRS.items() if k != "predicate.SYM"}
    with pytest.raises(KgError, match=r"indications\.tsv:20: column 'category' is 'SYM'"):
        _read(options)


@pytest.mark.parametrize(("text", "message"), [
    ("doid_id\tdrugbank_id\nDOID:1\tDB1\textra\n", r"x\.tsv:2: 3 fields, but the header has 2"),
    ("doid_id\tdrugbank_id\nDOID:1\tDB1\n\nDOID:2\n", r"x\.tsv:4: 1 fields, but the header has 2"),
    ("doid_id\tdrugbank_id\nDOID:1\t\n", r"x\.tsv:2: no identifier for the row's subject"),
    ('doid_id\tdrugbank_id\n"DOID:1\tDB1\n', r"x\.tsv:2: unexpected end of data"),
    ("", r"x\.tsv:1: the table has no header row"),
])
def test_bad_rows_name_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "x.tsv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(KgError, match=message):
        _read({"subject": "drugbank_id:drugbank"}, bad)
