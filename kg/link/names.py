"""Import names: one safe path segment, checked before anything is written.

An import's name becomes a folder of the imports folder (``data/imports/NAME/``), two file names of
build/ (``build/imports/NAME.nq``, ``NAME.report.json``) and part of two graph IRIs, so it is one
path segment of lower-case letters, digits, ``.``, ``_`` and ``-``, starting with a letter or digit,
at most 64 characters: no separator, no ``..``, nothing a shell or an IRI would read differently.

>>> check_name("wp5538")
'wp5538'
>>> check_name("a/b")
Traceback (most recent call last):
...
kg.core.errors.KgError: invalid import name 'a/b': use one path segment of a-z, 0-9, '.', '_' and '-' \
starting with a letter or digit, at most 64 characters (e.g. wp5538)
>>> default_name(Path("WP5538 Atopic dermatitis.gpml"))
'wp5538-atopic-dermatitis'
>>> default_name(Path("...")), default_name(Path("DrugMechDB.indication_paths.yaml"))
('import', 'drugmechdb.indication_paths')
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.core.errors import KgError

__all__ = ["NAME_PATTERN", "check_name", "default_name"]

#: What an import name is (the whole name).
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def check_name(name: str) -> str:
    """``name`` if it is a valid import name, else :class:`KgError` saying what one is."""
    if NAME_PATTERN.fullmatch(name) is None or name in (".", ".."):
        raise KgError(f"invalid import name {name!r}: use one path segment of a-z, 0-9, '.', '_' and '-' "
                      "starting with a letter or digit, at most 64 characters (e.g. wp5538)")
    return name


def default_name(path: Path) -> str:
    """The name an import of ``path`` gets without ``--name``: its file name without the last
    extension, lower case, each run of other characters one ``-``, cut to 64 characters."""
    stem = path.name.rsplit(".", 1)[0] if "." in path.name.lstrip(".") else path.name
    name = re.sub(r"[^a-z0-9._-]+", "-", stem.lower())
    name = re.sub(r"^[^a-z0-9]+", "", name)[:64].rstrip("-.")
    return name if name and NAME_PATTERN.fullmatch(name) else "import"
