"""Write the phenopackets: one ``ID.json`` per patient, as the ``phenopackets`` package serialises
them (protobuf's JSON mapping, camelCase names, keys sorted, two-space indent, one final newline).

The writer of the ``phenopackets`` export format (:data:`kg.export.formats.FORMATS`).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from google.protobuf import json_format

from kg.core.errors import KgError
from kg.dataset.store import Store
from kg.export.pheno.build import build_phenopacket, phenopacket_id
from kg.export.pheno.read import ontology_info, read_patients

__all__ = ["write", "to_json"]


def to_json(message: json_format.Message) -> str:
    """A message as deterministic JSON text (sorted keys, ``\\n`` at the end)."""
    return json_format.MessageToJson(message, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write(store: Store | ox.Store, folder: Path) -> list[Path]:
    """One phenopacket file per patient into ``folder``; the paths written."""
    patients = read_patients(store)
    if not patients:
        raise KgError("the build has no patients: there is nothing to write as phenopackets")
    info = ontology_info(store)
    written = []
    for patient in patients:
        path = folder / f"{phenopacket_id(patient)}.json"
        path.write_text(to_json(build_phenopacket(patient, info)), encoding="utf-8")
        written.append(path)
    return written
