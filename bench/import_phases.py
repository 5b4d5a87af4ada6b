"""Where an import's time and memory go, phase by phase (run by bench/import_bench.py).

    .venv/bin/python bench/import_phases.py SOURCE BUILD DATA ONTOLOGY NAME

Imports SOURCE as NAME into the project BUILD, DATA, ONTOLOGY in this process, as ``kg import``
does (``kg.link.importer.import_file``), while a thread samples the process's resident set
(VmRSS) every 20 ms and the importer's steps are wrapped to mark where each starts and ends:
start-up (kg's modules, the source's SHA-256, format detection), prepare (the prefix map, our
index read from the store, the SSSOM bridges), convert (the adapter, the N-Quads writer, the
linker and the report, streamed together; the links appended), the imports folder, and the
store (the earlier graphs out, the N-Quads bulk-loaded in chunks, or the store loaded again).
A phase's peak is the highest sample in it, or the process's ``ru_maxrss`` if that rose during
it (a peak between two samples). Prints one JSON line: ``{"intervals": [...]}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def phases(source: Path, build: Path, data: Path, ontology: Path, name: str) -> int:
    """Import ``source`` in this process, sampling its resident set every 20 ms and marking where
    each of the importer's phases starts and ends; prints one JSON line of intervals."""
    import resource
    import threading
    import time

    started = time.perf_counter()
    samples: list[tuple[float, int]] = []
    marks: list[tuple[float, str, int, int]] = []

    def rss() -> int:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))

    def mark(label: str) -> None:
        marks.append((time.perf_counter() - started, label, rss(),
                      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))

    def sample() -> None:
        while True:
            samples.append((time.perf_counter() - started, rss()))
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    mark("start-up (Python, kg's modules, the source's SHA-256, format detection)")
    import kg.link.importer as importer
    import kg.publish.storage as storage
    from kg.dataset.store import Paths

    def wrap(module, name: str, label: str, after: str) -> None:
        function = getattr(module, name)

        def marked(*args, **kwargs):
            mark(label)
            try:
                return function(*args, **kwargs)
            finally:
                mark(after)
        setattr(module, name, marked)

    for module, name, label, after in (
            (importer, "prepare", "prepare (prefix map, our index from the store, SSSOM bridges)", ""),
            (importer, "convert", "convert (KGX adapter + N-Quads writer + linker + report, streamed; links appended)",
             ""),
            (importer, "write_folder", "imports folder (the source copied)", "outputs renamed, report written"),
            (importer, "replace_import", "store: the earlier graphs out", ""),
            (storage, "load_nquads", "store: the N-Quads bulk-loaded in chunks",
             "store: compacted (Store.optimize), flushed, marked current"),
            (storage, "write_store", "store: loaded again (large earlier import)", "")):
        wrap(module, name, label, after)
    importer.import_file(source, Paths(build, data, ontology), name=name)
    mark("end")
    time.sleep(0.05)
    intervals = []
    for (begin, label, rss_before, peak_before), (end, _, rss_after, peak_after) in zip(marks, marks[1:],
                                                                                       strict=False):
        sampled = max([rss_before, rss_after, *(r for t, r in samples if begin <= t <= end)])
        peak = max(sampled, peak_after) if peak_after > peak_before else sampled  # ru_maxrss rose in it
        intervals.append({"phase": label, "start_s": round(begin, 2), "seconds": round(end - begin, 2),
                          "peak_rss_bytes": peak})
    print(json.dumps({"intervals": [i for i in intervals if i["phase"] or i["seconds"] >= 0.1]}))
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if len(arguments) != 5:
        raise SystemExit(__doc__.split("\n\n", 2)[1])
    sys.exit(phases(*map(Path, arguments[:4]), arguments[4]))
