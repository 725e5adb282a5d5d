"""Screening processes behind one web process, fed from one queue in arrival order.

Screening is CPU work under one interpreter lock, so a server uses its cores through processes.
Several uvicorn workers each accepting their own connections share the work badly: the kernel
hands each new connection to one process for its whole life, so with keep-alive clients one
process queues twice the requests of another, and its clients wait twice as long (50 clients,
2 workers: p50 0.26 s, p99 1.2 s). Here one process serves HTTP and hands each screening to the
first free screening process, so every request waits behind the same queue.

A screening process dies with the server, even by SIGKILL (a process left behind would finish a
screening the restarted server has already marked interrupted). One that dies alone (out of
memory) fails the screenings it held with a clear error, the screenings its set left `running`
are marked `interrupted`, and a new set of processes takes over.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from supplyscreen.store import models as m
from supplyscreen.store.db import Store

T = TypeVar("T")
# How long a new screening process may take to load the registry and name index (about a
# second on the development machine; a cold name-index build takes longer).
START_SECONDS = 300
# How often a screening process checks that the server is still there, should the kernel's
# parent-death signal not come: a second bounds how long an orphan could go on.
PARENT_CHECK_SECONDS = 1.0

_store: Store | None = None


class PoolStopped(RuntimeError):
    """A screening process died while it held this screening (a screening it had recorded as
    `running` is marked `interrupted`)."""


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


def _ready() -> int:
    time.sleep(0.05)  # long enough that each process takes one of start()'s jobs, not several
    return os.getpid()


def _run(fn: Callable[..., T], args: tuple[Any, ...]) -> T:
    assert _store is not None, "a screening process runs jobs only after _start"
    return fn(_store, *args)


class ScreeningPool:
    """``processes`` screening processes, each with its own connection to ``store``'s database;
    ``store`` itself (this process's) marks the screenings of a set that broke as interrupted."""

    def __init__(self, store: Store, processes: int) -> None:
        self.store, self.processes = store, processes
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the web process has threads and open database connections.
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start, initargs=(self.store.url, os.getpid()))
            return self._pool

    def start(self) -> set[int]:
        """Start every process and wait until each has warmed up; returns their ids. Call it on
        a thread that lasts as long as the server: Linux sends a process's parent-death signal
        when the thread that started it ends.

        The executor starts a process for each job it cannot give to an idle one, so as many
        jobs at once start them all; each runs its start-up before its first job."""
        pool = self._executor()
        seen: set[int] = set()
        deadline = time.monotonic() + START_SECONDS
        while len(seen) < self.processes and time.monotonic() < deadline:
            jobs = [pool.submit(_ready) for _ in range(self.processes)]
            seen.update(j.result(timeout=START_SECONDS) for j in jobs)
        return seen

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(store, *args)`` in a screening process, with that process's store. ``fn`` and
        its arguments travel by pickle: module-level functions and plain values. Call it on the
        event loop's thread: a process it starts (after one died) lives as long as that thread."""
        pool = self._executor()
        try:
            return await asyncio.wrap_future(pool.submit(_run, fn, args))
        except BrokenProcessPool:
            broke = m.utcnow()
            with self._lock:
                first = self._pool is pool  # the first to notice replaces it
                if first:
                    self._pool = None
            if first:
                await asyncio.to_thread(self._after_break, pool, broke)
            raise PoolStopped("a screening process stopped during this screening; submit it again") from None

    def _after_break(self, pool: concurrent.futures.ProcessPoolExecutor, broke: Any) -> None:
        """Once every process of the broken set is gone, no screening started before ``broke``
        is still being worked on: those left running are interrupted. (Screenings all run in
        these processes; a new set's start after ``broke``.)"""
        pool.shutdown(wait=True, cancel_futures=True)
        self.store.recover(started_before=broke, reason="a screening process stopped during screening")

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


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
