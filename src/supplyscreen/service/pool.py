"""Screening processes behind one web process, fed from one queue in arrival order.

Screening is CPU work under one interpreter lock, so a server uses its cores through processes.
Several uvicorn workers each accepting their own connections share the work badly: the kernel
hands each new connection to one process for its whole life, so with keep-alive clients one
process queues twice the requests of another, and its clients wait twice as long (50 clients,
2 workers: p50 0.26 s, p99 1.2 s). Here one process serves HTTP and hands each screening to the
first free screening process, so every request waits behind the same queue.

Each screening process runs one screening at a time within a budget (``limits.ScreeningBudget``):
past its CPU time or memory that screening fails with the limit named and the process takes the
next. A screening process dies with the server, even by SIGKILL (a process left behind would
finish a screening the restarted server has already marked interrupted). One that dies alone (out
of memory in C code, killed for its CPU) fails only the screening it held, with the reason, and a
new process takes its place: the screenings of the other processes, of every team, go on.
(``concurrent.futures.ProcessPoolExecutor`` cannot do that: one process dying breaks the whole
pool and every screening in flight with it.)
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from supplyscreen.service.limits import ScreeningBudget
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

T = TypeVar("T")
# How long a new screening process may take to load the registry and name index (about a
# second on the development machine; a cold name-index build takes longer).
START_SECONDS = 300
# How often a screening process checks that the server is still there, should the kernel's
# parent-death signal not come: a second bounds how long an orphan could go on.
PARENT_CHECK_SECONDS = 1.0
# How often the server looks at a busy screening process (alive? within its CPU?) while it waits
# for the answer: a quarter second adds nothing a person notices to a screening that died.
WATCH_SECONDS = 0.25
# The CPU timer inside a screening stops it at the next line of Python; one stuck in one call of C
# code (a parser on a huge part) is killed by the server once past its budget by this much, plus
# CPU_SLACK seconds for what a job does outside the timed part (a first screening's policy and
# verdict caches took about 2 s on the loaded development machine).
CPU_GRACE = 1.5
CPU_SLACK = 10.0

_store: Store | None = None
_conn: Connection | None = None


class PoolStopped(RuntimeError):
    """A screening process died while it held this screening (a screening it had recorded as
    `running` is marked failed, with the reason)."""


def report_running(screening_id: int) -> None:
    """Tell the server that this process has recorded screening ``screening_id`` as `running`, so
    that if the process dies the server fails that screening (and no other). Nothing outside a
    screening process."""
    if _conn is not None:
        _conn.send(("running", screening_id))


def _start(url: str, parent: int) -> None:
    """Each screening process, once: die with the server, connect, warm the screener."""
    from supplyscreen.service import screenings
    from supplyscreen.store import open_store

    global _store
    die_with_parent()
    # The server may have died before the line above armed the signal; and the signal follows the
    # thread that started this process, so a watcher covers whatever else slips through.
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="parent-watch", daemon=True).start()
    _store = open_store(url, migrate=False)
    screenings.warm_up()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _serve(conn: Connection, url: str, parent: int, budget: ScreeningBudget | None) -> None:
    """A screening process: start, then run the jobs the server sends, one at a time, until told
    to stop (None) or the server is gone."""
    from supplyscreen.service import limits

    global _conn
    _start(url, parent)
    # What a job's functions import, imported before the budget is armed: importing users hashes
    # a password (argon2id: 64 MiB), not a screening's cost.
    from supplyscreen.service import users  # noqa: F401

    if budget is not None:
        limits.arm(budget)
    _conn = conn
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv_bytes()
        except (EOFError, OSError):
            os._exit(0)
        try:
            unpickled = pickle.loads(job)
            if unpickled is None:
                os._exit(0)
            fn, args = unpickled
            conn.send(("ok", _run(fn, args)))
        except BaseException as e:  # the job's own error, to raise in the server
            try:
                conn.send(("error", e))
            except Exception:  # an exception that does not pickle
                conn.send(("error", RuntimeError(f"{type(e).__name__}: {e}")))


def _run(fn: Callable[..., T], args: tuple[Any, ...]) -> T:
    assert _store is not None, "a screening process runs jobs only after _start"
    return fn(_store, *args)


class _Died(Exception):
    """The job ended without an answer: its process died (or, ``alive``, ran out of its memory
    budget where no screening could record it); the screenings it reported running fail."""

    def __init__(self, reason: str, running: list[int], alive: bool = False) -> None:
        super().__init__(reason)
        self.running, self.alive = running, alive


class _Process:
    """One screening process and the server's end of its pipe."""

    def __init__(self, url: str, budget: ScreeningBudget | None) -> None:
        # spawn, not fork: the web process has threads and open database connections.
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.budget = budget
        self.proc = ctx.Process(target=_serve, args=(child, url, os.getpid(), budget), name="screening")
        self.proc.start()
        child.close()
        self.pid: int | None = None

    def wait_ready(self, timeout: float) -> int:
        if self.pid is None:
            if not self.conn.poll(timeout):
                raise RuntimeError(f"a screening process did not start within {timeout:.0f} s")
            kind, pid = self.conn.recv()
            assert kind == "ready", kind
            self.pid = pid
        return self.pid

    def call(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        """``fn(store, *args)`` in this process (blocking: run it in a thread); _Died if it dies."""
        running: list[int] = []
        try:
            self.wait_ready(START_SECONDS)
            self.conn.send((fn, args))
        except (OSError, EOFError, RuntimeError) as e:
            self.kill()
            raise _Died(f"a screening process could not start ({e})", running) from None
        cpu0 = _cpu_seconds(self.proc.pid)
        cap = (self.budget.cpu_seconds * CPU_GRACE + CPU_SLACK
               if self.budget and self.budget.cpu_seconds else None)
        while True:
            try:
                ready = self.conn.poll(WATCH_SECONDS)
                msg = self.conn.recv() if ready else None
            except (EOFError, OSError):
                msg, ready = None, False
            if msg is not None:
                kind, value = msg
                if kind == "running":
                    running.append(value)
                    continue
                if kind == "ok":
                    return value
                if isinstance(value, MemoryError):  # past the budget outside the screening's own care
                    from supplyscreen.service.limits import memory_refusal

                    raise _Died(memory_refusal(self.budget), running, alive=True)
                raise value
            if not self.proc.is_alive():
                code = self.proc.exitcode
                why = ("was killed (out of memory, or by an administrator)" if code == -9
                       else f"ended with status {code}")
                raise _Died(f"the screening process {why} during this screening", running)
            if cap is not None and cpu0 is not None:
                used = (_cpu_seconds(self.proc.pid) or cpu0) - cpu0
                if used > cap:
                    self.kill()
                    raise _Died(f"the screening used more than {self.budget.cpu_seconds:g} s of CPU, the limit "  # type: ignore[union-attr]
                                "of one screening, and was stopped", running)

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.proc.join(5)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


def _cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds (user + system) process ``pid`` has used; None where /proc does not say."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


class ScreeningPool:
    """``processes`` screening processes, each with its own connection to ``store``'s database;
    ``store`` itself (this process's) fails the screenings a process that died left running."""

    def __init__(self, store: Store, processes: int, budget: ScreeningBudget | None = None) -> None:
        self.store, self.processes, self.budget = store, processes, budget
        self._idle: collections.deque[_Process] = collections.deque()
        self._waiters: collections.deque[asyncio.Future[_Process]] = collections.deque()
        self._all: list[_Process] = []
        self._closed = False

    def start(self) -> set[int]:
        """Start every process and wait until each has warmed up; returns their ids. Call it on
        a thread that lasts as long as the server (the event loop's): Linux sends a process's
        parent-death signal when the thread that started it ends."""
        for _ in range(self.processes - len(self._all)):
            p = _Process(self.store.url, self.budget)
            self._all.append(p)
            self._idle.append(p)
        return {p.wait_ready(START_SECONDS) for p in self._all}

    async def _take(self) -> _Process:
        if not self._all:
            self.start()
        if self._idle and not self._waiters:
            return self._idle.popleft()
        fut: asyncio.Future[_Process] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            return await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self._give(fut.result())
            raise

    def _give(self, p: _Process) -> None:
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(p)
                return
        self._idle.append(p)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, *args)`` in the first free screening process, with that process's store.
        ``fn`` and its arguments travel by pickle: module-level functions and plain values. Call
        it on the event loop's thread: a process it starts (after one died) lives as long as that
        thread."""
        if self._closed:
            raise PoolStopped("the server is stopping; submit it again")
        p = await self._take()
        try:
            return await asyncio.to_thread(p.call, fn, args)
        except _Died as d:
            if d.alive:
                await asyncio.to_thread(self._fail, d.running, str(d))
                raise PoolStopped(str(d)) from None
            # Replaced here, on the event loop's thread (see start); the others were never touched.
            self._all.remove(p)
            await asyncio.to_thread(p.kill)
            await asyncio.to_thread(self._fail, d.running, str(d))
            p = _Process(self.store.url, self.budget)
            self._all.append(p)
            raise PoolStopped(f"{d}; submit it again") from None
        finally:
            if not self._closed:
                self._give(p)

    def _fail(self, running: list[int], reason: str) -> None:
        """The screenings the dead process had recorded as running fail, with ``reason``."""
        if running:
            self.store.recover(ids=running, reason=reason, status=m.FAILED)

    def close(self) -> None:
        self._closed = True
        for p in self._all:
            p.stop()
        self._all.clear()
        self._idle.clear()


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies, even by SIGKILL."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    import contextlib
    import ctypes
    import signal

    pr_set_pdeathsig = 1  # <linux/prctl.h>
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
