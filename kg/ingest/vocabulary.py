"""The shared entities of data/vocabulary, by kind and key, as the loader reads them.

>>> vocabulary = Vocabulary({"drug": {"dupilumab": {"label": "dupilumab", "synonyms": ["Dupixent"]}}})
>>> vocabulary.resolve("drug:dupilumab"), vocabulary.resolve("drug:nothing")
(('drug', 'dupilumab'), None)
>>> vocabulary.find("drug", "DUPIXENT")
'dupilumab'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Vocabulary"]


@dataclass
class Vocabulary:
    """Shared entities by kind and key: ``entities["drug"]["dupilumab"]``."""

    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Kinds whose file could not be read: references to them are not checked (that would only repeat it).
    unreadable: set[str] = field(default_factory=set)

    def resolve(self, ref: str) -> tuple[str, str] | None:
        """``"drug:dupilumab"`` -> ``("drug", "dupilumab")`` if it exists, else None."""
        kind, sep, key = ref.partition(":")
        if sep and key in self.entities.get(kind, {}):
            return kind, key
        return None

    def is_reference(self, text: str) -> bool:
        return text.partition(":")[0] in self.entities

    def find(self, kind: str, label: str) -> str | None:
        """The key of the entity of this kind whose label or a synonym is ``label`` (any case)."""
        wanted = label.casefold()
        for key, record in self.entities.get(kind, {}).items():
            names = [record["label"], *(record.get("synonyms") or [])]
            if any(wanted == str(n).casefold() for n in names):
                return key
        return None
