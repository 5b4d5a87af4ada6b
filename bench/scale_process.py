"""One measured child process of the scale benchmark: wall time, CPU time, peak RSS, and a watch
that stops it past a time or memory limit.

The child runs in a process group of its own (``start_new_session``); it is reaped with
``os.wait4``, whose resource usage is the child's own plus that of the children it waited for,
so its user+system CPU seconds and its peak resident set (``ru_maxrss``, KiB on Linux) are the
command's, not the benchmark's. While it runs, the resident sets of its group are summed from
/proc every half second; past ``memory_limit`` bytes or ``time_limit`` seconds the whole group is
killed and the outcome says why.
"""

from __future__ import annotations

import os
import platform
import signal
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["Outcome", "run_limited", "machine_info", "machine_memory", "tail"]

POLL_S = 0.5


@dataclass
class Outcome:
    """How a measured process ended."""

    returncode: int | None
    wall_s: float
    cpu_s: float
    peak_rss_bytes: int
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


def run_limited(argv: list, *, time_limit: float, memory_limit: int, stdout: Path, stderr: Path,
                env: dict | None = None, cwd: Path | None = None) -> Outcome:
    """Run ``argv`` (output to the two files) and measure it; stop it at either limit."""
    started = time.perf_counter()
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen([str(a) for a in argv], stdout=out, stderr=err, env=env, cwd=cwd,
                                   start_new_session=True)
        stopped, status, usage = None, 0, None
        try:
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                stopped = _over(started, process.pid, time_limit, memory_limit)
                if stopped:
                    break
                time.sleep(POLL_S)
        finally:
            if usage is None:  # over a limit, or the benchmark itself is interrupted
                os.killpg(process.pid, signal.SIGKILL)  # the group this call started
                _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    return Outcome(process.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, stopped)


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
