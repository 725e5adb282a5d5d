"""Request limits against abuse: per API token on the endpoints that cost CPU (submissions), per
user name and per client address on password logins (guessing, and flooding the login's CPU); and
the CPU time and memory one screening may use in a screening process (:class:`ScreeningBudget`).

A token bucket per key: ``burst`` requests at once, refilled at ``rate`` per second; and at most
``in_flight`` submissions of one token running at a time, so one pipeline cannot hold every
worker thread. A refused request is a 429 with ``Retry-After``.

The buckets live in the web process, the one process that serves HTTP (``serve --workers N``
adds screening processes behind it, not more web processes), so a limit holds for the whole
server. Two servers on one store would each keep their own; keeping them in the database would
cost a write per request, more than the screening of a small list.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    submit_rate: float = 20.0
    """Submissions per second per token, sustained. One pipeline sending one file at a time rarely
    goes past it (a 200-row list takes ~15 ms of server CPU); more is a script flooding the server,
    and rows merged into one file cost far less."""
    submit_burst: int = 60
    """Submissions a token may make at once after a quiet spell: a batch of files in a CI job."""
    submit_in_flight: int = 8
    """Submissions of one token running at once: a fifth of the 40 worker threads, so four tokens
    at their limit still leave threads for everyone else."""
    login_rate: float = 5 / 60
    """Password logins per minute per user name (5), refilled slowly: argon2id already makes each
    guess cost ~50 ms of CPU, this makes guessing one account's password hopeless."""
    login_burst: int = 10
    """Failed-or-not logins before the slow refill applies: a user mistyping a few times is fine."""
    address_rate: float = 1.0
    """Password logins per second per client address, sustained: each costs ~50 ms of argon2id, so
    one address can take at most a twentieth of a core, and 16 anonymous clients (issue 19's flood)
    less than one core between them. An office behind one NAT logs in far less often than once a second."""
    address_burst: int = 30
    """Logins from one address at once: a room of people arriving in the morning."""


class Refused(Exception):
    def __init__(self, retry_after: float, why: str) -> None:
        super().__init__(why)
        self.retry_after = max(1, math.ceil(retry_after))


class Bucket:
    """Token buckets and in-flight counts by key; thread-safe; forgets the least recently used
    keys beyond ``keys`` (a full bucket is the same as a forgotten one)."""

    def __init__(self, rate: float, burst: int, in_flight: int | None = None, keys: int = 10_000) -> None:
        self.rate, self.burst, self.in_flight, self.keys = rate, burst, in_flight, keys
        self._state: OrderedDict[str, list[float]] = OrderedDict()  # key -> [tokens, at, running]
        self._lock = threading.Lock()

    def take(self, key: str) -> None:
        """Spend one request of ``key`` or raise Refused."""
        now = time.monotonic()
        with self._lock:
            st = self._state.get(key)
            if st is None:
                st = self._state[key] = [float(self.burst), now, 0]
                while len(self._state) > self.keys:
                    self._state.popitem(last=False)
            else:
                self._state.move_to_end(key)
            st[0] = min(self.burst, st[0] + (now - st[1]) * self.rate)
            st[1] = now
            if self.in_flight is not None and st[2] >= self.in_flight:
                raise Refused(1, f"{int(st[2])} requests of this token are still running; wait for one to finish")
            if st[0] < 1:
                raise Refused((1 - st[0]) / self.rate, "too many requests; slow down")
            st[0] -= 1

    def start(self, key: str) -> None:
        """Take one request of ``key`` and count it as running until :meth:`done`."""
        self.take(key)
        with self._lock:
            self._state[key][2] += 1

    def done(self, key: str) -> None:
        with self._lock:
            st = self._state.get(key)
            if st is not None and st[2] > 0:
                st[2] -= 1


@dataclass(frozen=True, slots=True)
class Buckets:
    """The server's buckets: submissions per API token, password logins per user name."""

    submit: Bucket
    login: Bucket
    address: Bucket
    """Password logins per client address, whatever the user name."""

    @classmethod
    def of(cls, limits: Limits) -> Buckets:
        return cls(Bucket(limits.submit_rate, limits.submit_burst, limits.submit_in_flight),
                   Bucket(limits.login_rate, limits.login_burst),
                   Bucket(limits.address_rate, limits.address_burst))

    def login_attempt(self, username: str, address: str) -> None:
        """Spend one login of ``address`` and of ``username``, or raise Refused."""
        self.address.take(address)
        self.login.take(username.casefold())


@dataclass(frozen=True, slots=True)
class ScreeningBudget:
    """What one screening may use in a screening process; past it that screening fails with the
    limit named, and the process goes on with the next."""

    cpu_seconds: float = 600.0
    """CPU seconds of one screening: a 1,000,000-row inventory takes about a minute on the
    development machine; ten times that is slack for a slow server, and stops a hostile file
    that would run for hours."""
    memory_bytes: int = 4 << 30
    """Address space one screening may add to its warmed-up process (4 GiB): a 1,000,000-row
    screening stays well under 1 GiB; issue 19's 300 MB cell took 11.8 GB."""


class OverBudget(Exception):
    """A screening used more than its budget of CPU time (raised inside it, by a timer)."""


_armed: ScreeningBudget | None = None


def arm(budget: ScreeningBudget) -> None:
    """In a screening process, once it has warmed up: cap its address space at what it uses now
    plus ``budget.memory_bytes`` (a screening past it gets MemoryError), and let :func:`budgeted`
    time each screening's CPU."""
    import resource
    import signal

    global _armed
    _armed = budget
    if budget.memory_bytes and hasattr(resource, "RLIMIT_AS"):
        now = _address_space()
        if now:
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            cap = now + budget.memory_bytes
            if hard != resource.RLIM_INFINITY:
                cap = min(cap, hard)
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    signal.signal(signal.SIGPROF, _over_cpu)


def _address_space() -> int:
    """This process's address space in bytes (0 where /proc does not say)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _over_cpu(_signum: int, _frame: object) -> None:
    seconds = _armed.cpu_seconds if _armed else 0
    raise OverBudget(f"the screening used more than {seconds:g} s of CPU, the limit of one screening; "
                     "split the file, or ask the administrator to raise SUPPLYSCREEN_SCREENING_CPU_SECONDS")


def memory_refusal(budget: ScreeningBudget | None = None) -> str:
    """The reason a screening that ran out of its memory budget (``budget``, else the armed one) failed."""
    budget = budget or _armed
    mib = (budget.memory_bytes if budget else 0) >> 20
    return (f"the screening needed more than {mib:,} MiB of memory, the limit of one screening; split the "
            "file, or ask the administrator to raise SUPPLYSCREEN_SCREENING_MEMORY_MB")


@contextlib.contextmanager
def budgeted() -> Iterator[None]:
    """Time the CPU of what runs inside (a screening) against the armed budget; nothing outside a
    screening process's main thread, where the timer's signal cannot reach."""
    import signal

    if _armed is None or not _armed.cpu_seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.setitimer(signal.ITIMER_PROF, _armed.cpu_seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
