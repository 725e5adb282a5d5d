"""Request limits: a token bucket per key, and a cap on requests of one key running at once."""

from __future__ import annotations

import pytest

from supplyscreen.service.limits import Bucket, Refused


def test_bucket_allows_a_burst_then_the_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr("supplyscreen.service.limits.time.monotonic", lambda: now[0])
    b = Bucket(rate=2.0, burst=3)
    for _ in range(3):
        b.take("k")
    with pytest.raises(Refused) as e:
        b.take("k")
    assert e.value.retry_after == 1
    b.take("other")  # keys do not share
    now[0] += 0.5  # one request's worth at 2 a second
    b.take("k")
    with pytest.raises(Refused):
        b.take("k")


def test_in_flight_cap_frees_a_slot_when_one_finishes() -> None:
    b = Bucket(rate=1000, burst=1000, in_flight=2)
    b.start("k")
    b.start("k")
    with pytest.raises(Refused, match="still running"):
        b.start("k")
    b.done("k")
    b.start("k")


def test_forgotten_keys_are_bounded() -> None:
    b = Bucket(rate=1, burst=1, keys=10)
    for k in range(100):
        b.take(str(k))
    assert len(b._state) == 10
