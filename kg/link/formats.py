"""The source formats ``kg import`` reads, and how a file's format is found.

A file's format is the one ``--format`` names; else the formats whose extension the file has,
narrowed by their sniffers (two formats share ``.json`` or ``.tsv``); else every format whose
sniffer accepts the file's first bytes. Exactly one must remain.

>>> all(f.extensions and f.spec for f in formats())
True
"""

from __future__ import annotations

import importlib
from pathlib import Path

from kg.core.errors import KgError
from kg.link.model import Format

__all__ = ["formats", "by_name", "detect", "HEAD_BYTES"]

#: How much of a file the sniffers see.
HEAD_BYTES = 65536
#: The adapter modules, each exposing FORMATS (a tuple of :class:`~kg.link.model.Format`).
_ADAPTERS: tuple[str, ...] = ("rdf", "wikipathways", "pubtator", "kgx", "openalex", "drugmechdb", "dismech",
                             "table")


def formats() -> list[Format]:
    """Every format, in the order ``kg import --list-formats`` prints them."""
    found: list[Format] = []
    for module in _ADAPTERS:
        found.extend(importlib.import_module(f"kg.link.adapters.{module}").FORMATS)
    return found


def by_name(name: str) -> Format:
    for candidate in formats():
        if candidate.name == name:
            return candidate
    raise KgError(f"unknown format {name!r}; `kg import --list-formats` lists them")


def detect(path: Path) -> Format:
    """The format of ``path`` from its extension and its first bytes; :class:`KgError` if none or
    several fit."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except FileNotFoundError:
        raise KgError(f"{path}: no such file") from None
    except OSError as exc:
        raise KgError(f"{path}: cannot read: {exc.strerror}") from None
    name = path.name.lower()
    by_extension = [f for f in formats() if any(name.endswith(ext) for ext in f.extensions)]
    candidates = [f for f in by_extension if f.sniff(name, head)] or (by_extension if len(by_extension) == 1 else [])
    if not candidates and not by_extension:
        candidates = [f for f in formats() if f.sniff(name, head)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates and by_extension:
        names = ", ".join(f.name for f in by_extension)
        raise KgError(f"{path}: its content fits none of the formats its extension suggests ({names}); name "
                      "the format with --format (a plain table of identifiers: --format table with --option "
                      "columns=...)")
    if not candidates:
        raise KgError(f"{path}: unknown file type; name it with --format (`kg import --list-formats` lists them)")
    names = ", ".join(f.name for f in candidates)
    raise KgError(f"{path}: could be any of {names}; name one with --format")
