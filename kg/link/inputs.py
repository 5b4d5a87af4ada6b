"""The imports folder: what ``kg import`` keeps of each import, ``data/imports/NAME/``.

Each import's folder holds its inputs, from which ``kg build`` can always convert it again:

* the source file, copied byte for byte, as ``source`` plus the original file's last extension
  (``source.gpml``, ``source.tsv``: an adapter may read the extension);
* ``mappings.sssom.tsv``, the ``--mappings`` table, if one was given;
* ``import.json``: the format, the options, the original file names and the SHA-256 of each file.

The folder is written beside its place and renamed into it, so it is whole or absent. It is not
a curated input (:data:`kg.core.fingerprint.IMPORTS_FOLDER`): it never rebuilds an article.

>>> spec = Spec("x", "kgx-tsv", {"a": "1"}, "Nodes.TSV", "source.tsv", "0" * 64, None, None)
>>> Spec.from_json(spec.to_json(), "import.json") == spec
True
>>> stored_name("My file.JSONLD"), stored_name("noext"), stored_name("x.tar$")
('source.jsonld', 'source', 'source')
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.errors import KgError

__all__ = ["Spec", "SPEC_FILE", "MAPPINGS_FILE", "stored_name", "sha256_file", "make_spec", "write_folder",
           "read_spec"]

SPEC_FILE = "import.json"
MAPPINGS_FILE = "mappings.sssom.tsv"


@dataclass(frozen=True)
class Spec:
    """What ``import.json`` records."""

    name: str
    format: str
    options: dict[str, str] = field(default_factory=dict)
    original: str = ""                 # the source's original file name
    file: str = "source"               # its name in the folder
    sha256: str = ""
    mappings: str | None = None        # the --mappings file's original name
    mappings_sha256: str | None = None

    def to_json(self) -> str:
        data = {"name": self.name, "format": self.format, "options": dict(sorted(self.options.items())),
                "source": {"original": self.original, "file": self.file, "sha256": self.sha256}}
        if self.mappings is not None:
            data["mappings"] = {"original": self.mappings, "file": MAPPINGS_FILE, "sha256": self.mappings_sha256}
        return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str, where: str) -> Spec:
        try:
            data = json.loads(text)
            source, mappings = data["source"], data.get("mappings")
            options = {str(k): str(v) for k, v in data.get("options", {}).items()}
            spec = cls(str(data["name"]), str(data["format"]), options, str(source["original"]),
                       str(source["file"]), str(source["sha256"]),
                       str(mappings["original"]) if mappings else None,
                       str(mappings["sha256"]) if mappings else None)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise KgError(f"{where}: not an import record ({type(exc).__name__}: {exc}); import the file again") \
                from None
        if spec.file != stored_name(spec.file) and spec.file != "source":
            raise KgError(f"{where}: source file name {spec.file!r} is not one kg import writes")
        return spec

    def stamp(self) -> str:
        """The SHA-256 of the import's inputs as recorded (its ``import.json`` text)."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()


def stored_name(original: str) -> str:
    """The source file's name in the import's folder: ``source`` and its last extension, if that is
    a plain one (letters and digits), in lower case."""
    suffix = Path(original).suffix.lower()
    return f"source{suffix}" if re.fullmatch(r"\.[a-z0-9]{1,16}", suffix) else "source"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def make_spec(name: str, fmt: str, options: dict[str, str], source: Path, mappings: Path | None) -> Spec:
    """The record of importing ``source`` (and ``mappings``) as ``name``."""
    try:
        return Spec(name, fmt, dict(options), source.name, stored_name(source.name), sha256_file(source),
                    mappings.name if mappings else None, sha256_file(mappings) if mappings else None)
    except OSError as exc:
        raise KgError(f"{exc.filename}: cannot read: {exc.strerror}") from None


def write_folder(imports: Path, spec: Spec, source: Path, mappings: Path | None) -> Path:
    """Write ``imports/NAME/`` for ``spec`` (replacing an earlier one in one rename); returns it."""
    from kg.core.fsutil import replace_folder

    imports.mkdir(parents=True, exist_ok=True)
    target = imports / spec.name
    staging = Path(tempfile.mkdtemp(prefix=f".{spec.name}-new-", dir=imports))
    try:
        staging.chmod(0o755)
        shutil.copyfile(source, staging / spec.file)
        if mappings is not None:
            shutil.copyfile(mappings, staging / MAPPINGS_FILE)
        (staging / SPEC_FILE).write_text(spec.to_json(), encoding="utf-8")
        replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def read_spec(folder: Path) -> Spec:
    """The record of the import in ``folder``; :class:`KgError` if it is missing or does not match
    the folder's files."""
    where = folder / SPEC_FILE
    try:
        spec = Spec.from_json(where.read_text(encoding="utf-8"), str(where))
    except OSError as exc:
        raise KgError(f"{where}: cannot read: {exc.strerror}") from None
    if spec.name != folder.name:
        raise KgError(f"{where}: records the import {spec.name!r}, but its folder is {folder.name!r}")
    for file, expected in ((spec.file, spec.sha256), (MAPPINGS_FILE, spec.mappings_sha256)):
        if expected is None:
            continue
        try:
            found = sha256_file(folder / file)
        except OSError as exc:
            raise KgError(f"{folder / file}: cannot read: {exc.strerror}") from None
        if found != expected:
            raise KgError(f"{folder / file}: changed since it was imported (its SHA-256 is not the one in "
                          f"{SPEC_FILE}); import the file again with kg import")
    return spec
