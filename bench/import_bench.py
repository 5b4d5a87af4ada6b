"""Import benchmark (issue 12): a 1M-edge Biolink KGX graph through `kg import`, in at most 60 s and 1 GB.

Run from the project root (``make bench-import``):

    .venv/bin/python bench/import_bench.py                    # writes bench/results/import.{md,json}
    .venv/bin/python bench/import_bench.py --edges 100000 --out /tmp/ib
    .venv/bin/python bench/import_bench.py --adapter-only     # the KGX adapter alone; /tmp/adkg-bench-import/

What it does, all in a temporary folder (the checkout is never written to, except the report):

1. generates a synthetic KGX graph in the real format, as KG-Hub and the Monarch KG ship it: one
   ``kgx-1m.tar.gz`` holding ``kgx-1m_nodes.tsv`` (Monarch's node columns: id, category with the
   Biolink ancestors ``|``-separated, name, xref, provided_by, in_taxon, symbol) and
   ``kgx-1m_edges.tsv`` (id, subject, predicate, object, category, knowledge sources, knowledge
   level, agent type, publications), one node per ten edges; HGNC genes, MONDO diseases, HP
   phenotypes, CHEBI chemicals and GO processes joined by the Biolink predicates such graphs use.
   The same seed gives the same graph;
2. builds the project's data/ into a fresh build/ there (not timed), with copies of data/ and
   ontology/ beside it, so the import writes its imports folder into the copy;
3. times ``python -m kg import FILE --name kgx-1m --build B --data D --ontology O`` in a child
   process: wall time, CPU time (user + system, children included) and peak resident set, taken
   by bench/scale_child.py through :func:`scale_process.run_limited` (which also stops it past
   ten minutes or 4 GB);
4. times two article-scoped helpers, ``patient-table`` and ``citation-list`` with the real
   article's DOI, through ``kg.dataset.query.run`` on the build's store without the import (a
   copy taken just before it) and with it: each time in a fresh child process
   (bench/scale_worker.py: one warm-up, then timed runs; its hand-written reference query on raw
   pyoxigraph is timed beside it), the two sides alternately, five rounds each, and reports the
   ratio of the best rounds' p50 with / without (target: at most 1.3) and of the medians;
5. where the memory goes: the same import again, into a copy of the build as it was before the
   import, in a child that samples its own resident set and marks the importer's phases
   (bench/import_phases.py);
6. re-imports the same file into the measured build (the store is loaded again, since the
   earlier version is large: ``kg.publish.storage.REMOVE_IN_PLACE_BYTES``), measured like 3.

``--adapter-only`` measures the KGX adapter alone instead (no build, no importer): a child reads
the archive with :mod:`kg.link.adapters.kgx` into a sink that writes each triple as an N-Quads
line (``str(pyoxigraph.Quad)``) and each mention as a tab-separated line. Its figures are a lower
bound of the import's, for profiling; they go to /tmp/adkg-bench-import/ unless --out says
otherwise, and are not the committed result.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import statistics
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_process import machine_info, run_limited, tail  # noqa: E402 (bench/ is not a package)

from kg.publish.storage import REMOVE_IN_PLACE_BYTES  # noqa: E402

TARGET_WALL_S = 60.0
TARGET_RSS = 2**30
TARGET_HELPER_RATIO = 1.3
NAME = "kgx-1m"
WORKER = Path(__file__).resolve().parent / "scale_worker.py"
PHASES = Path(__file__).resolve().parent / "import_phases.py"
#: The helpers timed before and after the import, each with the real article's DOI.
HELPERS = ("patient-table", "citation-list")

#: (prefix, how many, Biolink category path, name pattern) per node family.
FAMILIES = (
    ("HGNC", 0.40, "biolink:NamedThing|biolink:BiologicalEntity|biolink:Gene", "GENE{n}"),
    ("MONDO", 0.15, "biolink:NamedThing|biolink:BiologicalEntity|biolink:DiseaseOrPhenotypicFeature"
     "|biolink:Disease", "disease {n}"),
    ("HP", 0.15, "biolink:NamedThing|biolink:BiologicalEntity|biolink:DiseaseOrPhenotypicFeature"
     "|biolink:PhenotypicFeature", "phenotype {n}"),
    ("CHEBI", 0.15, "biolink:NamedThing|biolink:ChemicalEntity|biolink:SmallMolecule", "chemical {n}"),
    ("GO", 0.15, "biolink:NamedThing|biolink:BiologicalProcess", "process {n}"),
)
#: (predicate, subject family, object family, association category, knowledge source, weight).
EDGE_KINDS = (
    ("biolink:interacts_with", "HGNC", "HGNC", "biolink:PairwiseGeneToGeneInteraction", "infores:string", 4),
    ("biolink:has_phenotype", "MONDO", "HP", "biolink:DiseaseToPhenotypicFeatureAssociation", "infores:hpo-annotations",
     2),
    ("biolink:gene_associated_with_condition", "HGNC", "MONDO", "biolink:CausalGeneToDiseaseAssociation",
     "infores:omim", 1),
    ("biolink:treats", "CHEBI", "MONDO", "biolink:ChemicalToDiseaseOrPhenotypicFeatureAssociation",
     "infores:drugcentral", 1),
    ("biolink:participates_in", "HGNC", "GO", "biolink:MacromolecularMachineToBiologicalProcessAssociation",
     "infores:goa", 2),
)
NODE_COLUMNS = ("id", "category", "name", "xref", "provided_by", "in_taxon", "symbol")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "category", "primary_knowledge_source",
                "aggregator_knowledge_source", "knowledge_level", "agent_type", "publications")


def _ident(prefix: str, n: int) -> str:
    return f"{prefix}:{n:07d}" if prefix in ("MONDO", "HP", "GO") else f"{prefix}:{n}"


def _write_nodes(path: Path, per_family: dict[str, int], rng: random.Random) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(NODE_COLUMNS) + "\n")
        for prefix, _, category, pattern in FAMILIES:
            for n in range(1, per_family[prefix] + 1):
                gene = prefix == "HGNC"
                xref = f"NCBIGene:{100000 + n}|ENSEMBL:ENSG{n:011d}" if gene else f"UMLS:C{rng.randrange(10**7):07d}"
                out.write("\t".join((_ident(prefix, n), category, pattern.format(n=n), xref,
                                     f"infores:{prefix.lower()}", "NCBITaxon:9606" if gene else "",
                                     f"GENE{n}" if gene else "")) + "\n")
                count += 1
    return count


def _write_edges(path: Path, edges: int, per_family: dict[str, int], rng: random.Random) -> None:
    kinds = [kind for kind in EDGE_KINDS for _ in range(kind[5])]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("\t".join(EDGE_COLUMNS) + "\n")
        for e in range(edges):
            predicate, s, o, category, source, _ = kinds[rng.randrange(len(kinds))]
            subject = _ident(s, rng.randrange(1, per_family[s] + 1))
            obj = _ident(o, rng.randrange(1, per_family[o] + 1))
            pmids = "|".join(f"PMID:{rng.randrange(10**7, 4 * 10**7)}" for _ in range(rng.randrange(3)))
            out.write(f"urn:uuid:{e:08x}-0000-4000-8000-{rng.getrandbits(48):012x}\t{subject}\t{predicate}\t{obj}\t"
                      f"{category}\t{source}\tinfores:monarchinitiative\tknowledge_assertion\tmanual_agent\t{pmids}\n")


def generate(folder: Path, edges: int, seed: int) -> tuple[Path, int]:
    """Write ``NAME.tar.gz`` (nodes and edges TSV) into ``folder``; its path and node count."""
    rng = random.Random(seed)
    nodes_total = max(edges // 10, len(FAMILIES))
    per_family = {prefix: max(1, int(nodes_total * share)) for prefix, share, _, _ in FAMILIES}
    nodes_file, edges_file = folder / f"{NAME}_nodes.tsv", folder / f"{NAME}_edges.tsv"
    nodes = _write_nodes(nodes_file, per_family, rng)
    _write_edges(edges_file, edges, per_family, rng)
    archive = folder / f"{NAME}.tar.gz"
    with archive.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1, mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for member in (nodes_file, edges_file):  # nodes first, as KG-Hub's archives have them
            info = tar.gettarinfo(str(member), arcname=member.name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "", ""
            with member.open("rb") as handle:
                tar.addfile(info, handle)
    nodes_file.unlink()
    edges_file.unlink()
    return archive, nodes


def adapter_child(source: Path, out: Path) -> int:
    """Read ``source`` with the KGX adapter into N-Quads lines (the adapter alone, for profiling)."""
    import pyoxigraph as ox

    from kg.link.adapters.kgx import read_tsv
    from kg.link.model import Context

    graph = ox.NamedNode(f"https://w3id.org/adkg/graph/import/{NAME}")

    class QuadLines:
        def __init__(self, handle) -> None:
            self.handle, self.triples, self.mentions = handle, 0, 0

        def add(self, subject, predicate, obj) -> None:
            self.handle.write(f"{ox.Quad(subject, predicate, obj, graph)} .\n")
            self.triples += 1

        def mention(self, node, text, where) -> None:
            self.handle.write(f"# {node.value}\t{text}\t{where}\n")
            self.mentions += 1

    with out.open("w", encoding="utf-8") as handle:
        sink = QuadLines(handle)
        read_tsv(source, sink, Context(name=NAME, source=source))
    print(json.dumps({"triples": sink.triples, "mentions": sink.mentions}))
    return 0


def _time_helper(build: Path, helper: str, out: Path) -> dict:
    """One helper case (the real DOI) timed by bench/scale_worker.py in a fresh process."""
    from helpers_bench import CASES, REAL

    index = next(i for i, (name, params, _) in enumerate(CASES) if name == helper and params == {"doi": REAL})
    outcome = run_limited([sys.executable, WORKER, build, index, "--budget", "1", "--min-runs", "20",
                           "--max-runs", "100"], time_limit=300, memory_limit=2 * 2**30, stdout=out,
                          stderr=out.with_suffix(".err"), cwd=ROOT)
    if not outcome.ok:
        raise SystemExit(f"timing {helper} on {build} failed: {tail(out.with_suffix('.err'))}")
    return json.loads(out.read_text(encoding="utf-8").strip().splitlines()[-1])


def time_helpers(before: Path, after: Path, tmp: Path, rounds: int = 5) -> list[dict]:
    """Each of :data:`HELPERS` on the build without the import (``before``, a copy of the build taken
    just before it) and with it (``after``), alternately, ``rounds`` times each (so that a change in
    the shared machine's load falls on both sides). Per side: the best round's p50 (the least
    disturbed by other jobs: they only add time), which the ratio compares, and the medians."""
    rows = []
    for helper in HELPERS:
        found: dict[str, list[dict]] = {"before": [], "after": []}
        for n in range(rounds):
            for side, build in (("before", before), ("after", after)):
                found[side].append(_time_helper(build, helper, tmp / f"helper-{helper}-{side}-{n}.out"))
        row: dict = {"helper": helper, "params": found["after"][0]["params"], "rounds": rounds}
        for side, runs in found.items():
            p50s = [r["helper_ms"]["p50_ms"] for r in runs]
            row[side] = {"rows": runs[0]["rows"], "runs": sum(r["helper_ms"]["runs"] for r in runs),
                         "best_p50_ms": min(p50s), "median_p50_ms": statistics.median(p50s),
                         "median_p95_ms": statistics.median(r["helper_ms"]["p95_ms"] for r in runs),
                         "reference_best_p50_ms": min(r["reference_ms"]["p50_ms"] for r in runs),
                         "round_p50_ms": p50s}
        row["ratio"] = round(row["after"]["best_p50_ms"] / row["before"]["best_p50_ms"], 3)
        row["median_ratio"] = round(row["after"]["median_p50_ms"] / row["before"]["median_p50_ms"], 3)
        rows.append(row)
    return rows


def _prepare_project(tmp: Path, log: Path) -> tuple[Path, Path, Path]:
    """Copies of data/ and ontology/ and a fresh build of them (not timed)."""
    data, ontology, build = tmp / "data", tmp / "ontology", tmp / "build"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("imports"))
    shutil.copytree(ROOT / "ontology", ontology)
    outcome = run_limited([sys.executable, "-m", "kg", "build", "--data", data, "--ontology", ontology,
                           "--out", build], time_limit=1800, memory_limit=8 * 2**30,
                          stdout=log.with_suffix(".out"), stderr=log.with_suffix(".err"), cwd=ROOT)
    if not outcome.ok:
        raise SystemExit(f"kg build failed: {tail(log.with_suffix('.err'))}")
    return data, ontology, build


def _machine_line(machine: dict) -> str:
    return (f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_bytes'] / 2**30:.0f} GB; load "
            f"{machine['load_at_start']} at the start; {machine['system']}; Python {machine['python']}, "
            f"pyoxigraph {machine['pyoxigraph']}.")


def _measure_rows(record: dict) -> list[str]:
    """The table of the measured runs: the import, and the re-import if there was one."""
    rows = ["| run | wall time | CPU time (user + system) | peak resident set | status |",
            "| --- | --- | --- | --- | --- |"]
    runs = [("import" if record["mode"].startswith("end") else "adapter alone", record["measured"])]
    if record.get("reimport"):
        how = "the store loaded again" if record["nquads_bytes"] > REMOVE_IN_PLACE_BYTES else "in place"
        runs.append((f"re-import of the same file ({how})", record["reimport"]))
    for label, m in runs:
        wall, cpu, rss = m.get("wall_s"), m.get("cpu_s"), m.get("peak_rss_bytes")
        rows.append(f"| {label} | {wall:.1f} s | " + (f"{cpu:.1f} s" if cpu is not None else "-") + " | "
                    + (f"{rss / 2**20:.0f} MiB" if rss is not None else "-") + f" | {m.get('status')} |")
    rows.append(f"| target | at most {TARGET_WALL_S:g} s | | at most {TARGET_RSS / 2**20:.0f} MiB | |")
    return rows


def _helper_lines(rows: list[dict]) -> list[str]:
    lines = ["## Article-scoped helpers with the import loaded", "",
             "Each helper through `kg.dataset.query.run` on the store of the build without the import (a copy "
             "taken just before it) and with it, each time in a fresh process (bench/scale_worker.py: one warm-up, "
             "then timed runs; its reference query on raw pyoxigraph beside it, a control for the machine's load); "
             f"the two sides alternately, {rows[0]['rounds']} rounds each. The ratio compares the best round's "
             "p50 of each side (other jobs on the shared machine only add time; the medians are beside it, and "
             f"every round's p50 is in import.json). Target: p50 with the import at most {TARGET_HELPER_RATIO:g} "
             "times p50 without.", "",
             "| helper | parameters | rows without / with | best p50 without / with | ratio | median p50 without / "
             "with (ratio) | reference best p50 without / with | target |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        b, a = r["before"], r["after"]
        met = "met" if r["ratio"] <= TARGET_HELPER_RATIO else "**missed**"
        lines.append(f"| {r['helper']} | `{json.dumps(r['params'])}` | {b['rows']} / {a['rows']} | "
                     f"{b['best_p50_ms']:.2f} / {a['best_p50_ms']:.2f} ms | {r['ratio']:.2f} | "
                     f"{b['median_p50_ms']:.2f} / {a['median_p50_ms']:.2f} ms ({r['median_ratio']:.2f}) | "
                     f"{b['reference_best_p50_ms']:.1f} / {a['reference_best_p50_ms']:.1f} ms | {met} |")
    return lines + [""]


def _phase_lines(phases: dict) -> list[str]:
    m = phases.get("measured", {})
    lines = ["## Where the time and memory go", "",
             "The same import in a child that samples its own resident set every 20 ms (into a copy of the build "
             "as it was before the import), per phase of the importer. "
             f"That run: {m.get('wall_s', 0):.1f} s wall, {m.get('cpu_s') or 0:.1f} s CPU, "
             f"{(m.get('peak_rss_bytes') or 0) / 2**20:.0f} MiB peak.", "",
             "| phase | starts at | seconds | peak resident set |", "| --- | --- | --- | --- |"]
    for i in phases.get("intervals", []):
        lines.append(f"| {i['phase']} | {i['start_s']:.1f} s | {i['seconds']:.1f} | "
                     f"{i['peak_rss_bytes'] / 2**20:.0f} MiB |")
    return lines + [""]


def _verdict(record: dict) -> str:
    if not record["mode"].startswith("end"):
        return "The adapter alone (no importer, no store): a lower bound for profiling, not the issue's measure."
    m = record["measured"]
    wall, rss = m.get("wall_s"), m.get("peak_rss_bytes")
    fast = m.get("status") == "ok" and wall is not None and wall <= TARGET_WALL_S and rss is not None \
        and rss <= TARGET_RSS
    helpers = all(r["ratio"] <= TARGET_HELPER_RATIO for r in record.get("helpers", []))
    return (f"Verdict: the import {'meets' if fast else 'misses'} the issue's target (60 s and 1 GB); the helpers "
            f"{'keep' if helpers else 'do not keep'} their article-scoped speed (p50 within "
            f"{TARGET_HELPER_RATIO:g}x). The machine is shared (2 cores, other jobs running): "
            "wall times vary with its load; CPU times less so.")


def _report(record: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "import.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    lines = [
        f"# Import benchmark: a {record['edges']:,}-edge KGX graph ({record['mode']})", "",
        f"Input: `{record['input']}` ({record['input_bytes'] / 2**20:.1f} MiB; {record['nodes']:,} nodes, "
        f"{record['edges']:,} edges; seed {record['seed']}), generated by bench/import_bench.py.", "",
        f"Command: `{record['command']}`", "",
        *_measure_rows(record), "", _verdict(record), "",
        _machine_line(record["machine"]) + (f" Load {record['load_at_end']} at the end." if record.get("load_at_end")
                                            else ""), "",
    ]
    if record.get("output"):
        lines += [f"Output: {record['output']}", ""]
    if record.get("helpers"):
        lines += _helper_lines(record["helpers"])
    if record.get("phases"):
        lines += _phase_lines(record["phases"])
    (out / "import.md").write_text("\n".join(lines), encoding="utf-8")


def _limited(command: list, tmp: Path, label: str):
    return run_limited(command, time_limit=600, memory_limit=4 * 2**30, stdout=tmp / f"{label}.out",
                       stderr=tmp / f"{label}.err", cwd=ROOT)


def end_to_end(tmp: Path, source: Path) -> tuple[dict, bool]:
    """Steps 2 to 6 of the module's description; the record's measured parts and whether all went well."""
    data, ontology, build = _prepare_project(tmp, tmp / "build-log")
    for folder in ("build-before", "build-phases"):
        shutil.copytree(build, tmp / folder)
    shutil.copytree(data, tmp / "data-phases")
    command = [sys.executable, "-m", "kg", "import", source, "--name", NAME, "--build", build,
               "--data", data, "--ontology", ontology]
    outcome = _limited(command, tmp, "import")
    stderr = tail(tmp / "import.err", 5)
    if "rebuilding" in stderr:
        print("warning: the import rebuilt build/ inside the measured run", file=sys.stderr)
    record: dict = {"measured": outcome.record(), "output": tail(tmp / "import.out", 3), "stderr": stderr}
    if not outcome.ok:
        return record, False
    record["helpers"] = time_helpers(tmp / "build-before", build, tmp)
    phases = _limited([sys.executable, PHASES, source, tmp / "build-phases", tmp / "data-phases", ontology, NAME],
                      tmp, "phases")
    record["phases"] = {"measured": phases.record(), **(json.loads((tmp / "phases.out").read_text().splitlines()[-1])
                                                        if phases.ok else {})}
    record["nquads_bytes"] = (build / "imports" / f"{NAME}.nq").stat().st_size
    again = _limited(command, tmp, "reimport")
    record["reimport"] = again.record()
    return record, phases.ok and again.ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--adapter-only", action="store_true", help="measure the KGX adapter alone")
    parser.add_argument("--out", type=Path, help="where the report goes (default bench/results, or "
                        "/tmp/adkg-bench-import with --adapter-only)")
    parser.add_argument("--adapter-child", nargs=2, type=Path, metavar=("SOURCE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.adapter_child:
        return adapter_child(*args.adapter_child)
    scratch = Path(tempfile.gettempdir()) / "adkg-bench-import"
    out = args.out or (scratch if args.adapter_only else ROOT / "bench" / "results")
    machine = machine_info()
    with tempfile.TemporaryDirectory(prefix="adkg-import-bench-") as tmp_name:
        tmp = Path(tmp_name)
        source, nodes = generate(tmp, args.edges, args.seed)
        if args.adapter_only:
            outcome = _limited([sys.executable, Path(__file__).resolve(), "--adapter-child", source, tmp / "out.nq"],
                               tmp, "import")
            measured, ok = {"measured": outcome.record(), "output": tail(tmp / "import.out", 3)}, outcome.ok
            shown = f"python bench/import_bench.py --adapter-child {source.name} out.nq"
        else:
            measured, ok = end_to_end(tmp, source)
            shown = f"python -m kg import {source.name} --name {NAME} --build B --data D --ontology O"
        record = {"mode": "adapter only (kg.link.adapters.kgx into N-Quads lines)" if args.adapter_only
                  else "end to end (kg import)", "edges": args.edges, "nodes": nodes, "seed": args.seed,
                  "input": source.name, "input_bytes": source.stat().st_size, "command": shown, **measured,
                  "machine": machine, "load_at_end": " ".join(Path("/proc/loadavg").read_text().split()[:3])}
    _report(record, out)
    print(f"{record['mode']}: {json.dumps(record['measured'])}; wrote {out}/import.md")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
