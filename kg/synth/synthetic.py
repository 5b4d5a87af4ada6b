"""A synthetic AD literature corpus in the project's own curated format, for benchmarks and tests.

``generate(out, articles=N, seed=S)`` writes ``out/vocabulary`` and ``out/mappings`` (copies of
the real ones) and ``out/articles/synthetic-NNNNNN/`` folders, each an article.yaml,
references.yaml, patients.csv and printed table-1.tsv exactly like a curated article, so the
corpus is built by the same ``kg build``. Every article is marked SYNTHETIC (title, id, DOI
prefix 10.5555, a comment line). The same seed gives byte-identical files.

Articles draw references from a shared pool of DOIs (so papers are cited by many articles) and
authors from a shared pool of people; a pool entry's metadata depends only on the seed and its
number, so a shared DOI always carries the same title wherever it is cited.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from kg.ingest.patient_fields import PATIENT_FIELDS

__all__ = ["generate"]

_JAK_DOSES = {"tofacitinib": [(5, "once-daily"), (5, "twice-daily")], "upadacitinib": [(15, "once-daily"), (30, "once-daily")],
              "baricitinib": [(2, "once-daily"), (4, "once-daily")], "abrocitinib": [(100, "once-daily"), (200, "once-daily")]}
_FREQUENCY_PRINTED = {"once-daily": "daily", "twice-daily": "twice daily"}
_COMORBIDITIES = {"hypertension": "HTN", "cardiovascular-disease": "CVD", "cerebrovascular-accident": "CVA",
                  "chronic-kidney-disease": "CKD", "hyperlipidemia": "HLD"}
_ETHNICITIES = ["White", "Black", "Asian", "Hispanic", "Indian"]
_JOURNALS = ["jaad-case-reports", "j-am-acad-dermatol", "br-j-dermatol", "j-allergy-clin-immunol"]
_ORGANISATIONS = ["organisation:yale-dermatology", "organisation:bwh-harvard-dermatology",
                  "organisation:central-connecticut-dermatology"]
_COLUMNS = [("Age, sex, ethnicity", ["age", "sex", "ethnicity"]), ("Comorbidities", ["comorbidities"]),
            ("Baseline BSA involvement (%)", ["baseline_bsa_pct"]), ("Baseline IGA", ["baseline_iga"]),
            ("Duration of dupilumab until flare", ["dupilumab_months_to_flare"]), ("IGA preflare", ["iga_preflare"]),
            ("BSA during flare (%)", ["flare_bsa_pct"]), ("IGA during flare", ["flare_iga"]),
            ("Post-JAK-I BSA (%), after 4 wks", ["post_jaki_bsa_pct"]), ("Post-JAK-I IGA, after 4 wks", ["post_jaki_iga"]),
            ("Duration of JAK-I treatment until discontinuation", ["jaki_months"]),
            ("JAK-I used", ["jaki_drug", "jaki_dose_mg", "jaki_frequency"])]
_FAMILY = ["Adler", "Berg", "Costa", "Dahl", "Eno", "Fischer", "Garcia", "Haas", "Ito", "Jensen", "Kim", "Lopez",
           "Meyer", "Nagy", "Okafor", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Uddin", "Varga", "Weber", "Young"]
_GIVEN = ["Ana", "Ben", "Chen", "Dana", "Eli", "Femi", "Gita", "Hana", "Ivan", "Jun", "Kai", "Lea", "Mira", "Nils"]
_TOPICS = ["dupilumab", "JAK inhibitors", "atopic dermatitis", "IL-13 blockade", "rescue therapy", "itch", "Th2 cytokines"]


def _dump(value, path: Path) -> None:
    path.write_text(yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")


def _pool_reference(seed: int, number: int) -> dict:
    """A cited work of the shared pool; its year (2005-2018) is before every article's (2019-2024), as the
    build requires of a cited work."""
    rng = random.Random(f"{seed}:ref:{number}")
    authors = [f"{rng.choice(_FAMILY)} {rng.choice('ABCDEFGHJKLMN')}" for _ in range(rng.randint(1, 4))]
    first = rng.randint(1, 900)
    return {"authors": authors, "title": f"SYNTHETIC reference {number}: {rng.choice(_TOPICS)} and {rng.choice(_TOPICS)}",
            "journal": rng.choice(_JOURNALS), "year": rng.randint(2005, 2018), "volume": str(rng.randint(1, 200)),
            "pages": f"{first}-{first + rng.randint(2, 12)}", "doi": f"10.5555/adkg.synthetic.ref.{number:06d}"}


def _pool_person(seed: int, number: int) -> dict:
    rng = random.Random(f"{seed}:person:{number}")
    return {"key": f"synthetic-person-{number:05d}", "given_name": rng.choice(_GIVEN), "family_name": rng.choice(_FAMILY)}


def _patient(rng: random.Random, number: int) -> dict:
    drug = rng.choice(sorted(_JAK_DOSES))
    dose, frequency = rng.choice(_JAK_DOSES[drug])
    values = {
        "patient": number, "age": rng.randint(18, 85), "sex": rng.choice(["male", "female"]),
        "ethnicity": rng.choice(_ETHNICITIES),
        "comorbidities": sorted(rng.sample(sorted(_COMORBIDITIES), rng.choice([0, 0, 1, 1, 2, 3]))),
        "baseline_bsa_pct": rng.randint(10, 60), "baseline_iga": rng.randint(3, 4),
        "dupilumab_months_to_flare": rng.randint(3, 24), "iga_preflare": rng.randint(0, 1),
        "flare_bsa_pct": rng.randint(3, 30), "flare_iga": rng.randint(2, 4),
        "post_jaki_bsa_pct": rng.randint(0, 5), "post_jaki_iga": rng.randint(0, 2),
        "jaki_months": rng.randint(1, 8), "jaki_drug": drug, "jaki_dose_mg": dose, "jaki_frequency": frequency,
    }
    return values


def _printed(v: dict) -> list[str]:
    comorbid = ", ".join(_COMORBIDITIES[c] for c in v["comorbidities"]) or "None"
    return [f"{v['age']}, {v['sex'].title()}, {v['ethnicity']}", comorbid, f"{v['baseline_bsa_pct']}%", str(v["baseline_iga"]),
            f"{v['dupilumab_months_to_flare']} mo", str(v["iga_preflare"]), f"{v['flare_bsa_pct']}%", str(v["flare_iga"]),
            str(v["post_jaki_bsa_pct"]), str(v["post_jaki_iga"]), f"{v['jaki_months']} mo",
            f"{v['jaki_drug'].title()} {v['jaki_dose_mg']} mg {_FREQUENCY_PRINTED[v['jaki_frequency']]}"]


def _article(folder: Path, index: int, seed: int, pool_refs: int, pool_people: int) -> int:
    rng = random.Random(f"{seed}:article:{index}")
    article_id = f"synthetic-{index:06d}"
    folder.mkdir(parents=True)
    patients = [_patient(rng, n) for n in range(1, rng.randint(1, 20) + 1)]
    ref_numbers = sorted(rng.sample(range(1, pool_refs + 1), rng.randint(3, 10)))
    references = [{"number": i, **_pool_reference(seed, n)} for i, n in enumerate(ref_numbers, 1)]
    people = sorted(rng.sample(range(1, pool_people + 1), rng.randint(1, 5)))
    authors = [{"position": i, **_pool_person(seed, n), "degrees": ["MD"], "affiliations": ["a"]}
               for i, n in enumerate(people, 1)]
    count = len(patients)

    def claim(field: str) -> dict:
        values = [p[field] for p in patients]
        return {"field": field, "min": min(values), "max": max(values), "source": "p2.s2"}

    record = {
        "id": article_id,
        "doi": f"10.5555/adkg.synthetic.article.{index:06d}",
        "title": f"SYNTHETIC article {index}: JAK inhibitor rescue in {count} dupilumab-refractory patient{'s' * (count > 1)}",
        "article_types": ["fabio:JournalArticle", "fabio:CaseReport", "adkg:CaseSeries"],
        "journal": rng.choice(_JOURNALS), "year": rng.randint(2019, 2024), "volume": str(rng.randint(1, 120)),
        "first_page": "1", "last_page": "4",
        "keywords": ["atopic dermatitis", "synthetic"],
        "funding": "None.", "irb_status": "Not applicable.", "conflicts_of_interest": "None disclosed.",
        "affiliations": [{"mark": "a", "organisation": rng.choice(_ORGANISATIONS)}],
        "authors": authors,
        "body": [
            {"id": "p1", "section": "INTRODUCTION", "sentences": [
                {"text": "SYNTHETIC: dupilumab and JAK inhibitors treat atopic dermatitis.",
                 "cites": [{"refs": list(range(1, len(references) + 1)), "intent": "cito:citesForInformation"}]}]},
            {"id": "p2", "sentences": [
                {"text": f"SYNTHETIC: {count} patients with severe AD flared on dupilumab 600 mg then 300 mg every other week."},
                {"text": "SYNTHETIC: a JAK inhibitor was added as rescue therapy and later stopped."},
                {"text": "SYNTHETIC: no adverse events or laboratory abnormalities occurred; control lasted 3 to 4 months."}]},
        ],
        "cohort": {
            "label": f"SYNTHETIC cohort of {count} patients", "condition": "condition:atopic-dermatitis",
            "severity": {"value": "adkg:Severe", "source": "p2.s1"},
            "diagnosis_confirmation": {"value": "clinical confirmation", "source": "p2.s1"},
            "refractory": {"to": "base", "time_point": "adkg:Flare", "source": "p2.s1"},
            "courses": {
                "base": {"drug": "drug:dupilumab", "loading_dose_mg": 600, "dose_mg": 300, "frequency": "every-other-week",
                         "role": "adkg:MaintenanceTherapy", "source": "p2.s1",
                         "reasons_started": [{"text": "severe atopic dermatitis", "source": "p2.s1"}]},
                "rescue": {"role": "adkg:RescueTherapy", "source": "p2.s2",
                           "concomitant_with": {"course": "base", "source": "p2.s2"},
                           "reasons_started": [{"text": "flare on dupilumab", "source": "p2.s1"}],
                           "reasons_stopped": [{"text": "stopped after disease control", "source": "p2.s2"}]},
            },
            "course": [
                {"event": "adkg:AssessmentEvent", "label": "baseline assessment", "time_point": "adkg:Baseline", "source": "p2.s1"},
                {"event": "adkg:TreatmentStartEvent", "label": "{base} started ({regimen})", "course": "base", "source": "p2.s1"},
                {"event": "adkg:ResponseEvent", "label": "response to {base}", "course": "base", "time_point": "adkg:PreFlare", "source": "p2.s1"},
                {"event": "adkg:FlareEvent", "label": "flare on {base}", "course": "base", "time_point": "adkg:Flare", "source": "p2.s1"},
                {"event": "adkg:TreatmentStartEvent", "label": "{rescue} added", "course": "rescue", "source": "p2.s2"},
                {"event": "adkg:AssessmentEvent", "label": "4 weeks after {rescue} start", "course": "rescue",
                 "time_point": "adkg:PostJAKiWeek4", "source": "p2.s2"},
                {"event": "adkg:TreatmentStopEvent", "label": "{rescue} stopped", "course": "rescue", "source": "p2.s2"},
                {"event": "adkg:FollowUpEvent", "label": "follow-up", "course": "base", "time_point": "adkg:FollowUp",
                 "min_months": 3, "max_months": 4, "source": "p2.s3"},
            ],
            "negative_findings": [
                {"finding": "adkg:AdverseEvent", "period": "concomitant therapy", "source": "p2.s3"},
                {"finding": "adkg:LaboratoryAbnormality", "period": "concomitant therapy", "source": "p2.s3"}],
            "summary_claims": [claim("baseline_bsa_pct"), claim("flare_iga"), claim("jaki_months")],
        },
        "tables": [{"id": "table-1", "label": "Table I", "caption": "SYNTHETIC patient table",
                    "transcription": "table-1.tsv", "records": "patients.csv",
                    "columns": [{"header": h, "fields": f} for h, f in _COLUMNS]}],
    }
    text = "# SYNTHETIC ARTICLE generated by kg synth (seed {}); not a real publication.\n".format(seed)
    (folder / "article.yaml").write_text(text + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=120),
                                         encoding="utf-8")
    _dump(references, folder / "references.yaml")
    lines = [",".join(PATIENT_FIELDS)]
    for p in patients:
        lines.append(",".join(";".join(p[f]) if f == "comorbidities" else str(p[f]) for f in PATIENT_FIELDS))
    (folder / "patients.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = ["\t".join(["Pt"] + [h for h, _ in _COLUMNS])]
    table += ["\t".join([str(p["patient"])] + _printed(p)) for p in patients]
    (folder / "table-1.tsv").write_text("\n".join(table) + "\n", encoding="utf-8")
    return count


def generate(out: Path, *, articles: int, seed: int = 0, source: Path = Path("data")) -> dict:
    """Write a synthetic corpus of ``articles`` articles to ``out`` (which must not exist)."""
    if out.exists():
        raise FileExistsError(f"{out} exists; choose a new folder")
    shutil.copytree(source / "vocabulary", out / "vocabulary")
    if (source / "mappings").is_dir():
        shutil.copytree(source / "mappings", out / "mappings")
    pool_refs, pool_people = max(15, articles * 2), max(10, articles)
    patients = sum(_article(out / "articles" / f"synthetic-{i:06d}", i, seed, pool_refs, pool_people)
                   for i in range(1, articles + 1))
    (out / "README.md").write_text(f"SYNTHETIC corpus: {articles} invented articles, {patients} invented patients "
                                   f"(kg synth, seed {seed}). Not real data.\n", encoding="utf-8")
    return {"articles": articles, "patients": patients}


