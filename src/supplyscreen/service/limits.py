"""Request limits against abuse: per API token on the endpoints that cost CPU (submissions), and
per user name on password logins (guessing).

A token bucket per key: ``burst`` requests at once, refilled at ``rate`` per second; and at most
``in_flight`` submissions of one token running at a time, so one pipeline cannot hold every
worker thread. A refused request is a 429 with ``Retry-After``.

The buckets live in the web process, the one process that serves HTTP (``serve --workers N``
adds screening processes behind it, not more web processes), so a limit holds for the whole
server. Two servers on one store would each keep their own; keeping them in the database would
cost a write per request, more than the screening of a small list.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
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

    @classmethod
    def of(cls, limits: Limits) -> Buckets:
        return cls(Bucket(limits.submit_rate, limits.submit_burst, limits.submit_in_flight),
                   Bucket(limits.login_rate, limits.login_burst))
