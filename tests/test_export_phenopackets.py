"""`kg export phenopackets DIR` (issue 14, item 5): one GA4GH Phenopacket v2 per patient, read back
with the `phenopackets` package.

Expected values are written here from the article (../shared/seed/000_89104d11b1d1f565.txt), Table I
and its text: dupilumab 600 mg then 300 mg every other week (p4.s2); the JAK inhibitor's drug, dose and
duration; IGA and % BSA at baseline, pre-flare, flare and 4 weeks after the JAK inhibitor; patient 1's
"no history of clotting"; no adverse events (p4.s6). The article's DOI is 10.1016/j.jdcr.2023.01.020
(the seed's machine-extracted text misreads it as j.jidcr). Ontology identifiers are those of the public
resources: Mondo (atopic eczema MONDO:0004980, hypertensive disorder MONDO:0005044, cardiovascular
disorder MONDO:0004995, stroke disorder MONDO:0005098, chronic kidney disease MONDO:0005300,
hyperlipidemia MONDO:0021187), the Disease Ontology (thrombosis DOID:0060903, which Mondo's files do not
map), DrugBank (dupilumab DB12159, tofacitinib DB08895, upadacitinib DB15091), UO (milligram
UO:0000022, percent UO:0000187).
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from google.protobuf import json_format
from phenopackets import Phenopacket, Sex

from kg.cli.main import main
from kg.dataset.store import Paths, open_store
from kg.export import folder

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "shahriari-2023-jaki-rescue"
DUPILUMAB, TOFACITINIB, UPADACITINIB = "DRUGBANK:DB12159", "DRUGBANK:DB08895", "DRUGBANK:DB15091"
HTN, CVD, CVA, CKD, HLD = "MONDO:0005044", "MONDO:0004995", "MONDO:0005098", "MONDO:0005300", "MONDO:0021187"
ONCE_DAILY, TWICE_DAILY, EVERY_TWO_WEEKS = "NCIT:C125004", "NCIT:C64496", "NCIT:C71127"

#: Table I: age, sex, comorbidities, JAK inhibitor, its dose (mg) and frequency, months on it, months
#: on dupilumab until the flare, then IGA (baseline, pre-flare, flare, 4 weeks) and % BSA (baseline,
#: flare, 4 weeks).
TABLE_I = {
    1: (62, Sex.MALE, {HTN, CVD}, TOFACITINIB, 5, ONCE_DAILY, 6, 6, (4, 1, 3, 1), (30, 10, 2)),
    2: (19, Sex.MALE, set(), UPADACITINIB, 15, ONCE_DAILY, 4, 8, (3, 0, 2, 0), (10, 3, 0)),
    3: (22, Sex.MALE, set(), TOFACITINIB, 5, TWICE_DAILY, 3, 6, (4, 1, 4, 1), (40, 15, 4)),
    4: (48, Sex.FEMALE, {CVA}, UPADACITINIB, 15, ONCE_DAILY, 2, 7, (3, 1, 3, 1), (20, 6, 1)),
    5: (83, Sex.FEMALE, {HTN, CKD, HLD}, UPADACITINIB, 15, ONCE_DAILY, 2, 18, (4, 1, 4, 1), (40, 20, 1)),
    6: (56, Sex.FEMALE, set(), UPADACITINIB, 15, ONCE_DAILY, 6, 6, (3, 0, 3, 0), (15, 10, 0)),
}
IGA_TIMES = ("adkg:Baseline", "adkg:PreFlare", "adkg:Flare", "adkg:PostJAKiWeek4")
BSA_TIMES = ("adkg:Baseline", "adkg:Flare", "adkg:PostJAKiWeek4")


def _days(months: int) -> int:
    return int((Decimal(months) * Decimal("30.4375")).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def _export(build_dir: Path, target: Path, *extra: str) -> int:
    return main(["export", "phenopackets", str(target), *extra, "--build", str(build_dir),
                 "--data", str(ROOT / "data"), "--ontology", str(ROOT / "ontology")])


@pytest.fixture(scope="module")
def exported(build_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "out"
    assert _export(build_dir, out) == 0
    return out


@pytest.fixture(scope="module")
def packets(exported) -> dict[int, Phenopacket]:
    found = {}
    for path in sorted(exported.iterdir()):
        packet = json_format.Parse(path.read_text(encoding="utf-8"), Phenopacket())  # the package reads it
        found[int(packet.id.rsplit("-", 1)[1])] = packet
    return found


def test_the_export_queries_name_only_declared_terms():
    """The queries of kg/export/pheno/read.py pass the check tests/test_vocab.py makes of the helpers."""
    from test_vocab import _prefixed_names, _undeclared

    from kg.core.prefixes import PREFIX_IRIS
    from kg.export.pheno import read

    texts = [read.PATIENTS, read.CONDITIONS, read.TERMS, read.COURSES, read.OBSERVATIONS, read.ONTOLOGY]
    iris = {PREFIX_IRIS[prefix] + local for text in texts for prefix, local in _prefixed_names(text)}
    assert "https://w3id.org/adkg/ontology#DrugRefractoryState" in iris
    assert _undeclared(iris) == []


def test_six_files_one_per_patient_that_the_package_parses(exported, packets):
    assert sorted(p.name for p in exported.iterdir()) == [f"{ARTICLE}-patient-{n}.json" for n in range(1, 7)]
    assert sorted(packets) == [1, 2, 3, 4, 5, 6]
    for packet in packets.values():
        assert len(packet.medical_actions) == 2 and len(packet.measurements) >= 7
        assert packet.meta_data.phenopacket_schema_version == "2.0"


@pytest.mark.parametrize("number", sorted(TABLE_I))
def test_subject_and_diseases_are_table_i(packets, number):
    age, sex, comorbidities, *_ = TABLE_I[number]
    packet = packets[number]
    assert packet.subject.id == packet.id == f"{ARTICLE}-patient-{number}"
    assert packet.subject.sex == sex
    assert packet.subject.time_at_last_encounter.age.iso8601duration == f"P{age}Y"
    present = [d.term.id for d in packet.diseases if not d.excluded]
    assert present[0] == "MONDO:0004980" and set(present[1:]) == comorbidities
    excluded = [d.term.id for d in packet.diseases if d.excluded]
    assert excluded == (["DOID:0060903"] if number == 1 else [])  # "no history of clotting" (patient 1)


def test_a_term_not_from_mondo_says_so(packets):
    notes = {r.id: r for r in packets[1].meta_data.external_references}
    assert "DOID:0060903" in notes and "no MONDO" in notes["DOID:0060903"].description
    assert notes["DOID:0060903"].reference.startswith("https://w3id.org/adkg/id/mapping/")
    assert not any(r.id.startswith(("MONDO:", "DRUGBANK:")) for r in packets[5].meta_data.external_references)


def _interval_days(dose) -> tuple[int, int]:
    return dose.interval.start.seconds // 86400, dose.interval.end.seconds // 86400


@pytest.mark.parametrize("number", sorted(TABLE_I))
def test_medical_actions_are_the_two_courses(packets, number):
    _, _, _, drug, dose, frequency, jaki_months, dupilumab_months, *_ = TABLE_I[number]
    first, rescue = packets[number].medical_actions
    assert first.treatment.agent.id == DUPILUMAB and rescue.treatment.agent.id == drug
    loading, maintenance, *_ = first.treatment.dose_intervals
    assert (loading.quantity.value, loading.schedule_frequency.id) == (600, "NCIT:C64576")  # once
    assert (maintenance.quantity.value, maintenance.schedule_frequency.id) == (300, EVERY_TWO_WEEKS)
    assert maintenance.quantity.unit.id == "UO:0000022"
    assert _interval_days(maintenance) == (0, _days(dupilumab_months))  # on dupilumab until the flare
    [jaki] = rescue.treatment.dose_intervals
    assert (jaki.quantity.value, jaki.quantity.unit.id, jaki.schedule_frequency.id) == (dose, "UO:0000022", frequency)
    flare = _days(dupilumab_months)
    assert _interval_days(jaki) == (flare, flare + _days(jaki_months))  # started at the flare
    assert rescue.response_to_treatment.id == "NCIT:C102560"  # favorable: improved on the JAK inhibitor
    assert rescue.treatment_termination_reason.id == "SNOMEDCT:182992009"  # completed, no adverse event
    assert first.response_to_treatment.id == "adkg:DrugRefractoryState"  # flared on dupilumab
    assert not first.HasField("treatment_termination_reason")  # dupilumab was continued
    assert list(first.adverse_events) == list(rescue.adverse_events) == []
    assert first.treatment_target.id == rescue.treatment_target.id == "MONDO:0004980"


def test_patient_5_in_full(packets):
    """The oldest patient: 83, female, upadacitinib 15 mg daily for 2 months after 1.5 years of
    dupilumab, baseline % BSA 40 and IGA 4."""
    packet = packets[5]
    assert packet.subject.sex == Sex.FEMALE and packet.subject.time_at_last_encounter.age.iso8601duration == "P83Y"
    upadacitinib = packet.medical_actions[1].treatment
    assert (upadacitinib.agent.id, upadacitinib.agent.label) == (UPADACITINIB, "upadacitinib")
    [dose] = upadacitinib.dose_intervals
    assert (dose.quantity.value, dose.quantity.unit.label, dose.schedule_frequency.label) == (15, "milligram",
                                                                                              "Once Daily")
    values = {(m.assay.id, m.time_observed.ontology_class.id): m.value.quantity for m in packet.measurements}
    baseline_bsa = values[("adkg:BSAInvolvement", "adkg:Baseline")]
    assert (baseline_bsa.value, baseline_bsa.unit.id) == (40, "UO:0000187")
    assert values[("adkg:IGA", "adkg:Baseline")].value == 4


@pytest.mark.parametrize("number", sorted(TABLE_I))
def test_iga_and_bsa_at_their_time_points(packets, number):
    *_, iga, bsa = TABLE_I[number]
    found = {(m.assay.id, m.time_observed.ontology_class.id): m.value.quantity.value
             for m in packets[number].measurements}
    expected = {("adkg:IGA", t): v for t, v in zip(IGA_TIMES, iga, strict=True)}
    expected |= {("adkg:BSAInvolvement", t): v for t, v in zip(BSA_TIMES, bsa, strict=True)}
    assert found == expected
    for m in packets[number].measurements:
        assert m.assay.label and m.time_observed.ontology_class.label  # a readable assay and time point


def test_metadata_names_the_article_and_every_resource_used(packets):
    for number, packet in packets.items():
        meta = packet.meta_data
        assert json_format.MessageToDict(meta)["created"] == "2023-01-01T00:00:00Z"  # the article's year
        article = meta.external_references[0]
        assert (article.id, article.reference) == ("DOI:10.1016/j.jdcr.2023.01.020",
                                                   "https://doi.org/10.1016/j.jdcr.2023.01.020")
        assert f"patient {number}" in article.description
        prefixes = {r.namespace_prefix for r in meta.resources}
        assert all(r.version and r.iri_prefix and r.name for r in meta.resources)
        used = {curie.split(":")[0] for curie in _ontology_ids(json_format.MessageToDict(packet))}
        assert used == prefixes  # every ontology class's prefix is a resource, and no other
    assert {"MONDO", "DRUGBANK", "UO", "NCIT", "adkg"} <= {r.namespace_prefix for r in packets[2].meta_data.resources}


def _ontology_ids(node) -> list[str]:
    """The ids of every ontology class in a phenopacket's JSON (objects with an id and a label)."""
    if isinstance(node, dict):
        own = [node["id"]] if set(node) == {"id", "label"} else []
        return own + [i for value in node.values() for i in _ontology_ids(value)]
    if isinstance(node, list):
        return [i for value in node for i in _ontology_ids(value)]
    return []


def test_the_same_build_gives_the_same_bytes(build_dir, exported, tmp_path):
    assert _export(build_dir, tmp_path / "again") == 0
    first = {p.name: p.read_bytes() for p in exported.iterdir()}
    assert first == {p.name: p.read_bytes() for p in (tmp_path / "again").iterdir()}


def test_a_bad_folder_is_refused_cleanly(build_dir, tmp_path, capsys):
    file = tmp_path / "a-file"
    file.write_text("keep\n", encoding="utf-8")
    assert _export(build_dir, file) == 1
    assert "is not a folder" in capsys.readouterr().err and file.read_text(encoding="utf-8") == "keep\n"
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert _export(build_dir, full) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg export: error: ") and "not empty" in err and "--force" in err
    assert [p.name for p in full.iterdir()] == ["notes.txt"]
    assert _export(build_dir, tmp_path / "missing" / "out") == 1
    assert "does not exist" in capsys.readouterr().err
    assert _export(build_dir, build_dir, "--force") == 1  # never over the build itself
    assert "refusing" in capsys.readouterr().err and (build_dir / "adkg.nq").is_file()
    assert _export(build_dir, build_dir / "store", "--force") == 1  # nor over a folder of the build
    assert "only an earlier export" in capsys.readouterr().err and (build_dir / "store").is_dir()
    sources = tmp_path / "sources"
    (sources / "pkg").mkdir(parents=True)
    (sources / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert _export(build_dir, sources, "--force") == 1  # --force replaces only an earlier export
    assert "only an earlier export" in capsys.readouterr().err and (sources / "notes.txt").is_file()
    assert main(["export", "nonsense", str(tmp_path / "x"), "--build", str(build_dir)]) == 1
    assert "unknown export format 'nonsense'; the formats are: kgx, phenopackets" in capsys.readouterr().err
    curated = tmp_path / "curated"
    (curated / "schema").mkdir(parents=True)
    assert main(["export", "phenopackets", str(curated / "schema" / "out"), "--build", str(build_dir),
                 "--data", str(curated), "--ontology", str(ROOT / "ontology")]) == 1  # never inside data/
    assert "inside" in capsys.readouterr().err and not (curated / "schema" / "out").exists()
    shutil.rmtree(curated)
    (full / "notes.txt").rename(full / "stale-patient-9.json")  # an earlier export's file
    assert _export(build_dir, full, "--force") == 0  # replaced as a whole
    assert sorted(p.suffix for p in full.iterdir()) == [".json"] * 6
    assert "stale-patient-9.json" not in {p.name for p in full.iterdir()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "full", "sources"]  # no temporary folder


def test_a_failed_export_changes_nothing(build_dir, tmp_path, monkeypatch):
    from kg.export.pheno import writer

    target = tmp_path / "out"
    target.mkdir()
    (target / "old.json").write_text("{}\n", encoding="utf-8")

    def broken(store, scratch):
        (scratch / "half.json").write_text("{", encoding="utf-8")
        raise RuntimeError("disk full")

    monkeypatch.setattr(writer, "write", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        folder.export("phenopackets", open_store(Paths(build=build_dir)), target, force=True)
    assert [p.name for p in target.iterdir()] == ["old.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_readme_excerpt_is_what_the_export_writes(exported):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### GA4GH Phenopackets", 1)[1].split("\n## ", 1)[0]
    action, measurement = (json.loads(block) for block in re.findall(r"```json\n(.*?)```", section, re.S))
    packet = json.loads((exported / f"{ARTICLE}-patient-5.json").read_text(encoding="utf-8"))
    assert action == packet["medicalActions"][1] and measurement == packet["measurements"][0]
