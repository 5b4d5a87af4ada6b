"""The data guide's list of patient-table columns, written from the table schemas.

data/README.md holds, between the markers ``<!-- patient-table-columns:start -->`` and
``<!-- patient-table-columns:end -->``, one table per schema in data/tables/ listing its
columns. ``python -m kg.ingest.table_docs [DATA_DIR]`` rewrites that part of DATA_DIR/README.md
(default data/); a test checks that the committed text is what this module writes.

>>> splice("a\\n<!-- patient-table-columns:start -->\\nold\\n<!-- patient-table-columns:end -->\\nb\\n", "new\\n")
'a\\n<!-- patient-table-columns:start -->\\nnew\\n<!-- patient-table-columns:end -->\\nb\\n'
"""

from __future__ import annotations

import sys
from pathlib import Path

from kg.core.errors import KgError
from kg.core.fsutil import atomic_write_text, display_path
from kg.ingest.table_schema import Column, TableSchema, load_schema

__all__ = ["START", "END", "render", "render_schema", "splice", "update_readme"]

START = "<!-- patient-table-columns:start -->"
END = "<!-- patient-table-columns:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _type(column: Column) -> str:
    if column.type == "choice":
        return f"choice: {', '.join(f'`{v}`' for v in column.choices)}"
    if column.type == "key":
        return f"a `{column.kind}` key"
    if column.type == "keys":
        return f"`{column.kind}` keys, `;`-separated"
    return column.type + (" (the row's key: the patient number)" if column.key else "")


def _maps_to(column: Column, schema: TableSchema) -> str:
    target = column.maps_to
    if target.target == "observation" and column.instrument:
        text = f"observation (`{schema.instruments[column.instrument].observation}`)"
    elif target.target == "course":
        text = f"`{target.course}` course: `{target.property}`"
        if target.unit_property:
            text += f" (unit: `{target.unit_property}`)"
    else:
        text = f"patient: `{target.property}`"
    if column.terms:
        text += f", an individual of `{column.terms}`"
    if column.when_empty:
        text += f"; empty: no `{column.when_empty[0]}` ({column.when_empty[1]})"
    return text


def _printed(column: Column) -> str:
    text = f"`{column.printed}`"
    if column.type == "choice" and any(v != label for v, label in column.values):
        text += " (" + ", ".join(f"{v}: {label}" for v, label in column.values) + ")"
    if column.printed_when_empty is not None:
        text += f"; empty: `{column.printed_when_empty}`"
    return text


def render_schema(schema: TableSchema) -> str:
    """One schema as a Markdown section: its columns, then its printed columns."""
    lines = [f"Schema `{schema.name}` ({schema.file}): {schema.title}".rstrip(": "), "",
             "| column | type | required | unit | instrument | time point | maps to | printed |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for c in schema.columns:
        unit = f"{c.unit} (`{schema.units[c.unit]}`)" if c.unit else ""
        row = [f"`{c.name}`", _type(c), "yes" if c.required else "no", unit, f"`{c.instrument}`" if c.instrument
               else "", f"`{c.time_point}`" if c.time_point else "", _maps_to(c, schema), _printed(c)]
        lines.append("| " + " | ".join(_cell(x) for x in row) + " |")
    printed = [f"\"{p.header}\" ({', '.join(p.fields)}" + (f", joined by \"{p.join}\")" if p.join else ")")
               for p in schema.printed]
    lines += ["", f"Printed columns, after the patient number (\"{schema.key_header}\"): " + "; ".join(printed) + "."]
    if schema.notes_in:
        lines.append(f"The `{schema.notes_in}` cells may also carry the notes of `patient_notes`.")
    return "\n".join(lines) + "\n"


def render(data_dir: Path, root: Path | None = None) -> str:
    """Every schema in ``data_dir/tables``, by name."""
    root = root or data_dir.parent
    parts = []
    for path in sorted((data_dir / "tables").glob("*.yaml")):
        parts.append(render_schema(load_schema(path, display_path(path, root))))
    return "\n".join(parts)


def splice(readme: str, block: str) -> str:
    """``readme`` with the text between the markers replaced by ``block``."""
    head, start, rest = readme.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise KgError(f"the data guide has no {START} ... {END} markers")
    return f"{head}{START}\n{block}{END}{tail}"


def update_readme(data_dir: Path) -> bool:
    """Rewrite the columns list in ``data_dir/README.md``; True if it changed."""
    readme = data_dir / "README.md"
    old = readme.read_text(encoding="utf-8")
    new = splice(old, render(data_dir))
    if new != old:
        atomic_write_text(readme, new)
    return new != old


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    try:
        update_readme(Path(sys.argv[1] if len(sys.argv) > 1 else "data"))
    except KgError as exc:
        raise SystemExit(f"error: {exc}") from None
