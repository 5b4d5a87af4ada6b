"""One measured child process of the scale benchmark: wall time, CPU time, peak RSS, and a watch
that stops it past a time or memory limit.

The command runs in a process group of its own (``start_new_session``), spawned by the small
wrapper bench/scale_child.py, which reaps it with ``os.wait4`` (whose resource usage is the
command's own plus that of the children it waited for) and reports its wall time, user+system
CPU seconds and peak resident set (``ru_maxrss``, KiB on Linux): the command's, not the
benchmark's (see that file for why the wrapper). While it runs, the resident sets of its group are summed from
/proc every half second; past ``memory_limit`` bytes or ``time_limit`` seconds the whole group is
killed and the outcome says why.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["Outcome", "run_limited", "machine_info", "machine_memory", "tail"]

POLL_S = 0.5
CHILD = Path(__file__).resolve().parent / "scale_child.py"


@dataclass
class Outcome:
    """How a measured process ended."""

    returncode: int | None
    wall_s: float
    cpu_s: float | None            # None when stopped (the command's own figures were lost with it)
    peak_rss_bytes: int | None
    stopped: str | None = None     # why the watch stopped it, if it did

    @property
    def ok(self) -> bool:
        return self.stopped is None and self.returncode == 0

    def record(self) -> dict:
        """The measurement as a JSON-ready dict with a status."""
        status = "ok" if self.ok else ("stopped" if self.stopped else "failed")
        return {"status": status, **{k: v for k, v in asdict(self).items() if v is not None}}


def group_rss(pgid: int) -> int:
    """The summed resident set (bytes) of the processes in group ``pgid``."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != pgid:
                continue
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            continue
    return total


def _over(started: float, pid: int, time_limit: float, memory_limit: int) -> str | None:
    if time.perf_counter() - started > time_limit:
        return f"ran past the {time_limit:g} s time limit"
    rss = group_rss(pid)
    if rss > memory_limit:
        return f"resident memory {rss / 2**30:.1f} GB passed the {memory_limit / 2**30:.1f} GB memory watch"
    return None


def _reaper(pid: int, ended: dict) -> None:
    """Wait for ``pid`` (in a thread) and note when it ended, so that the wall time is exact."""
    _, ended["status"], _ = os.wait4(pid, 0)
    ended["at"] = time.perf_counter()


def run_limited(argv: list, *, time_limit: float, memory_limit: int, stdout: Path, stderr: Path,
                env: dict | None = None, cwd: Path | None = None) -> Outcome:
    """Run ``argv`` (output to the two files) and measure it; stop it at either limit.

    A thread blocks in ``os.wait4`` and notes the exit time; this thread watches the limits every
    half second meanwhile.
    """
    started = time.perf_counter()
    ended: dict = {}
    report = stdout.with_suffix(".measured.json")
    report.unlink(missing_ok=True)
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen([sys.executable, CHILD, report, *[str(a) for a in argv]], stdout=out,
                                   stderr=err, env=env, cwd=cwd, start_new_session=True)
        reaper = threading.Thread(target=_reaper, args=(process.pid, ended), daemon=True)
        reaper.start()
        stopped = None
        try:
            while reaper.is_alive():
                reaper.join(POLL_S)
                stopped = None if not reaper.is_alive() else _over(started, process.pid, time_limit, memory_limit)
                if stopped:
                    break
        finally:
            if reaper.is_alive():  # over a limit, or the benchmark itself is interrupted
                os.killpg(process.pid, signal.SIGKILL)  # the group this call started
                reaper.join()
        process.returncode = os.waitstatus_to_exitcode(ended["status"])
    if report.is_file():  # the command's own figures, from the wrapper
        own = json.loads(report.read_text(encoding="utf-8"))
        return Outcome(own["returncode"], own["wall_s"], own["cpu_s"], own["peak_rss_bytes"], stopped)
    return Outcome(process.returncode, ended["at"] - started, None, None, stopped)


def tail(path: Path, lines: int = 3) -> str:
    """The last lines of a captured output file, joined."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " / ".join(text[-lines:])


def machine_memory() -> int:
    """MemTotal in bytes (from /proc/meminfo)."""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) * 1024
    return 24 * 2**30


def machine_info() -> dict:
    """The machine and the library versions the numbers belong to."""
    import pyoxigraph

    cpu = platform.processor() or platform.machine()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_bytes": machine_memory(), "load_at_start": load,
            "system": f"{platform.system()} {platform.release()} {platform.machine()}",
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__}
