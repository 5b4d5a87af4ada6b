"""Run a call in a forked child that is killed when it overruns its time limit.

A SPARQL evaluation runs in native code that Python signals cannot interrupt, so
:mod:`kg.dataset.query` runs a query with a time limit through :func:`run_in_fork`: the child
shares the parent's opened store copy-on-write, sends its answer back pickled through a pipe and
leaves with ``os._exit`` (no atexit handlers, no second flush of the parent's buffers). It dies
with its parent (Linux ``PR_SET_PDEATHSIG``), and its CPU time is capped as a backstop.

A bare ``os.fork`` and a pipe rather than :mod:`multiprocessing`, whose imports alone would be a
large share of a cold ``kg query``; everything here is imported when first used.

>>> run_in_fork(lambda: sum(range(10)), timeout=30.0)
45
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

__all__ = ["run_in_fork", "TimedOut", "NoAnswer"]


class TimedOut(Exception):
    """The call ran past its time limit; its process was killed."""


class NoAnswer(Exception):
    """The child ended without sending an answer (killed, out of CPU time, or it could not start)."""


def _die_with_parent(timeout: float) -> None:  # pragma: no cover - runs in a fork
    """Make the child end if the parent dies (Linux prctl), and cap its CPU time as a backstop."""
    import ctypes
    import math
    import resource
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    limit = math.ceil(timeout) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 1))


def _child(write_end: int, function: Callable[[], Any], timeout: float) -> None:  # pragma: no cover - a fork
    """Call ``function``, send its pickled value down ``write_end``, and leave at once."""
    import pickle

    status = 1
    try:
        _die_with_parent(timeout)
        answer = pickle.dumps(function(), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_end, "wb") as out:
            out.write(answer)
        status = 0
    finally:
        os._exit(status)


def _receive(read_end: int, timeout: float) -> bytes:
    """Everything the child writes until it closes the pipe; :class:`TimedOut` past ``timeout``."""
    import select
    import time

    deadline = time.monotonic() + timeout
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([read_end], [], [], remaining)[0]:
            raise TimedOut(f"stopped after {timeout:g} s")
        chunk = os.read(read_end, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def run_in_fork(function: Callable[[], Any], timeout: float) -> Any:
    """``function()``'s value, computed in a forked child given ``timeout`` seconds.

    ``function`` should not raise: an exception in the child ends it without an answer
    (:class:`NoAnswer`); past the limit the child is killed (:class:`TimedOut`). Either way the
    child is reaped before this returns or raises.
    """
    import pickle
    import signal

    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        raise NoAnswer(f"could not start: {exc.strerror}") from None
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        _child(write_end, function, timeout)
    os.close(write_end)
    try:
        data = _receive(read_end, timeout)
    finally:
        os.close(read_end)
        try:
            os.kill(pid, signal.SIGKILL)  # a no-op on a child that has already ended
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    try:
        return pickle.loads(data)  # noqa: S301 - our own child's bytes, through our own pipe
    except Exception:  # noqa: BLE001 - nothing, or a message cut off: the child died
        raise NoAnswer("ended without an answer") from None
