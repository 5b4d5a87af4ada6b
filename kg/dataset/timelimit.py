"""Run a call in a forked child that is killed when it overruns its time limit.

A SPARQL evaluation runs in native code that Python signals cannot interrupt, so
:mod:`kg.dataset.query` runs a query with a time limit through :func:`run_in_fork`: the child
shares the parent's opened store copy-on-write, sends its answer back pickled through a pipe and
leaves with ``os._exit`` (no atexit handlers, no second flush of the parent's buffers). It dies
with its parent (a pipe the parent holds signals the child with SIGKILL when it closes), and its
CPU time is capped as a backstop.

A bare ``os.fork`` and pipes rather than :mod:`multiprocessing`, whose imports alone would be a
large share of a cold ``kg query``; and :mod:`fcntl` rather than :mod:`ctypes` (for
``PR_SET_PDEATHSIG``), whose import in the child added ~10 ms to every query with a time limit.
Everything here is imported when first used.

>>> run_in_fork(lambda: sum(range(10)), timeout=30.0)
45
"""

from __future__ import annotations

import os
from collections.abc import Callable

from kg.core.limits import DEFAULT_TIMEOUT, MAX_TIMEOUT

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing on every start
if TYPE_CHECKING:
    from typing import Any

__all__ = ["run_in_fork", "TimedOut", "NoAnswer", "DEFAULT_TIMEOUT", "MAX_TIMEOUT"]


class TimedOut(Exception):
    """The call ran past its time limit; its process was killed."""


class NoAnswer(Exception):
    """The child ended without sending an answer (killed, out of CPU time, or it could not start)."""


def _die_with_parent(lifeline: int, timeout: float) -> None:  # pragma: no cover - runs in a fork
    """Make the child end when its parent does, and cap its CPU time as a backstop.

    ``lifeline`` is the read end of a pipe whose only write end the parent holds and never writes
    to: when the parent ends, however it ends, the kernel closes that end and signals the
    reader's owner (O_ASYNC, F_SETOWN), here with SIGKILL (F_SETSIG; plain SIGIO, whose default
    action also ends the process, where F_SETSIG is missing). Native code cannot delay either.
    """
    import fcntl
    import resource
    import select
    import signal

    fcntl.fcntl(lifeline, fcntl.F_SETOWN, os.getpid())
    if hasattr(fcntl, "F_SETSIG"):
        fcntl.fcntl(lifeline, fcntl.F_SETSIG, signal.SIGKILL)
    else:
        signal.signal(signal.SIGIO, signal.SIG_DFL)
    fcntl.fcntl(lifeline, fcntl.F_SETFL, fcntl.fcntl(lifeline, fcntl.F_GETFL) | os.O_ASYNC)
    if select.select([lifeline], [], [], 0)[0]:  # the parent was gone before the line was armed
        os._exit(1)
    limit = int(timeout) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))


def _child(write_end: int, lifeline: int, function: Callable[[], Any],
           timeout: float) -> None:  # pragma: no cover - runs in a fork
    """Call ``function`` and send its pickled value down ``write_end`` (its length first, 8 bytes),
    then leave at once."""
    import pickle

    status = 1
    try:
        _die_with_parent(lifeline, timeout)
        answer = pickle.dumps(function(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as out:
            out.write(len(answer).to_bytes(8, "big") + answer)
        status = 0
    finally:
        os._exit(status)


def _receive(read_end: int, timeout: float) -> bytes | None:
    """The child's answer, or None if it closed the pipe without one; :class:`TimedOut` past
    ``timeout``. Read to its announced length, so a child forked meanwhile by another thread
    (which inherits this pipe) cannot hold the answer back."""
    import select
    import time

    deadline = time.monotonic() + timeout
    data = bytearray()
    while len(data) < 8 or len(data) < 8 + int.from_bytes(data[:8], "big"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([read_end], [], [], remaining)[0]:
            raise TimedOut(f"stopped after {timeout:g} s")
        chunk = os.read(read_end, 1 << 20)
        if not chunk:
            return None
        data += chunk
    return bytes(data[8:])


def run_in_fork(function: Callable[[], Any], timeout: float) -> Any:
    """``function()``'s value, computed in a forked child given ``timeout`` seconds.

    ``function`` should not raise: an exception in the child ends it without an answer
    (:class:`NoAnswer`); past the limit the child is killed (:class:`TimedOut`). Either way the
    child is reaped before this returns or raises.
    """
    import pickle
    import signal

    read_end, write_end = os.pipe()
    lifeline, held = os.pipe()  # the child reads `lifeline`; only this process holds `held`
    try:
        pid = os.fork()
    except OSError as exc:
        for fd in (read_end, write_end, lifeline, held):
            os.close(fd)
        raise NoAnswer(f"could not start: {exc.strerror}") from None
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        os.close(held)
        _child(write_end, lifeline, function, timeout)
    os.close(write_end)
    os.close(lifeline)
    try:
        data = _receive(read_end, timeout)
    finally:
        os.close(read_end)
        os.close(held)
        try:  # noqa: SIM105 - contextlib would be one more import on every start
            os.kill(pid, signal.SIGKILL)  # a no-op on a child that has already ended
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    if data is None:
        raise NoAnswer("ended without an answer")
    try:
        return pickle.loads(data)  # noqa: S301 - our own child's bytes, through our own pipe
    except Exception:  # noqa: BLE001 - an answer that cannot be read back
        raise NoAnswer("ended without a readable answer") from None
