"""Run one command and write its own wall time, CPU time and peak RSS to a JSON file.

    python bench/scale_child.py REPORT.json COMMAND [ARG ...]

bench/scale_process.py starts every measured command through this small wrapper: a process's
``ru_maxrss`` counts the peak of the process it was spawned from (the memory it shared before
``exec``), so a command spawned straight from the benchmark would carry the benchmark's own
peak (about 100 MB once it has drawn its plot). Spawned from this wrapper, the floor is the
wrapper's own (about 10 MB); the wall time is taken around the command alone, not the wrapper's start.
The exit status is the command's (128 + the signal if a signal ended it).
"""

from __future__ import annotations

import json
import os
import sys
import time


def main() -> int:
    report, argv = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w", encoding="utf-8") as out:
        json.dump({"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
                   "peak_rss_bytes": usage.ru_maxrss * 1024, "returncode": code}, out)
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
