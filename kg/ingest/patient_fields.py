"""The fields of a curated patient table (patients.csv) and what each one means in the graph.

One place says, for every field, its type and, for observations, the instrument and time point,
so that the loader, the mapper, the transcription check and the summary claims agree.

>>> PATIENT_FIELDS["flare_iga"].instrument, PATIENT_FIELDS["flare_iga"].time_point
('IGA', 'Flare')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FieldSpec", "PATIENT_FIELDS", "OBSERVATION_FIELDS"]


@dataclass(frozen=True)
class FieldSpec:
    type: str                       # integer | decimal | text | choice | key | keys
    required: bool = True
    kind: str | None = None         # vocabulary kind for key(s)
    choices: tuple[str, ...] = ()
    instrument: str | None = None   # adkg local name of the outcome instrument
    time_point: str | None = None   # adkg local name of the time point


_FREQUENCIES = ("once-daily", "twice-daily", "every-other-week")

PATIENT_FIELDS: dict[str, FieldSpec] = {
    "patient": FieldSpec("integer"),
    "age": FieldSpec("integer"),
    "sex": FieldSpec("choice", choices=("male", "female")),
    "ethnicity": FieldSpec("text"),
    "comorbidities": FieldSpec("keys", required=False, kind="condition"),
    "baseline_bsa_pct": FieldSpec("decimal", instrument="BSAInvolvement", time_point="Baseline"),
    "baseline_iga": FieldSpec("integer", instrument="IGA", time_point="Baseline"),
    "dupilumab_months_to_flare": FieldSpec("decimal"),
    "iga_preflare": FieldSpec("integer", instrument="IGA", time_point="PreFlare"),
    "flare_bsa_pct": FieldSpec("decimal", instrument="BSAInvolvement", time_point="Flare"),
    "flare_iga": FieldSpec("integer", instrument="IGA", time_point="Flare"),
    "post_jaki_bsa_pct": FieldSpec("decimal", instrument="BSAInvolvement", time_point="PostJAKiWeek4"),
    "post_jaki_iga": FieldSpec("integer", instrument="IGA", time_point="PostJAKiWeek4"),
    "jaki_months": FieldSpec("decimal"),
    "jaki_drug": FieldSpec("key", kind="drug"),
    "jaki_dose_mg": FieldSpec("decimal"),
    "jaki_frequency": FieldSpec("choice", choices=_FREQUENCIES),
}

#: The fields that are outcome observations, in table order.
OBSERVATION_FIELDS = tuple(name for name, spec in PATIENT_FIELDS.items() if spec.instrument)
