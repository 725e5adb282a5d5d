"""What every endpoint depends on: the store, the caller, the role the endpoint needs, the
caller's request limits, and the lane that screenings run in.

Dependencies that only look at the request are ``async``: FastAPI runs a plain ``def`` dependency
in a worker thread, a hop that costs more than the check itself. The one that asks the database
(``caller``) stays a thread call, so the event loop never waits on a query.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import anyio
from fastapi import Depends, HTTPException, Path, Request, status

from supplyscreen.api.limits import Bucket, Limits, Refused
from supplyscreen.api.pool import PoolStopped
from supplyscreen.store import users
from supplyscreen.store.db import Store

T = TypeVar("T")
# Screenings running at once in one server process. Screening is CPU work under one interpreter
# lock: more threads only interleave requests, so each finishes later and the slowest much later
# (50 clients, 2 workers: p99 4.4 s with FastAPI's 40 threads, 1.7-2.3 s with 2, benchmarks/README.md);
# two keep the core busy while the other waits on the database. The rest wait their turn in order.
SCREENING_THREADS = 2


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: int
    username: str
    role: str
    team_id: int
    token: str = ""
    """The sha256 of the bearer token: the key of its request limits."""


async def store(request: Request) -> Store:
    st: Store = request.app.state.store
    return st


def caller(request: Request, st: Annotated[Store, Depends(store)]) -> Caller:
    """The user behind the request's bearer token (API) — never a cookie, so no CSRF on the API."""
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    with st.session() as s:
        u = users.user_for_token(s, token.strip())
        if u is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid or expired token",
                                headers={"WWW-Authenticate": "Bearer"})
        return Caller(u.id, u.username, u.role, u.team_id, users.token_digest(token.strip()))


def require(role: str) -> Callable[[Caller], Awaitable[Caller]]:
    """A dependency that lets through callers whose role is ``role`` or higher."""

    async def check(c: Annotated[Caller, Depends(caller)]) -> Caller:
        if not users.role_at_least(c.role, role):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the {role} role; you are {c.role}")
        return c

    return check


@dataclass(frozen=True, slots=True)
class Buckets:
    submit: Bucket
    login: Bucket

    @classmethod
    def of(cls, limits: Limits) -> Buckets:
        return cls(Bucket(limits.submit_rate, limits.submit_burst, limits.submit_in_flight),
                   Bucket(limits.login_rate, limits.login_burst))


def too_many(e: Refused) -> HTTPException:
    return HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, str(e), headers={"Retry-After": str(e.retry_after)})


async def buckets(request: Request) -> Buckets:
    b: Buckets = request.app.state.buckets
    return b


def submitter(role: str = "officer") -> Callable[..., AsyncIterator[Caller]]:
    """A caller with ``role`` whose token is within its submission limits; the submission counts
    as running until the response is ready."""
    needed = require(role)

    # Defaults, not Annotated: annotations are strings here and FastAPI resolves them in the module,
    # where the local ``needed`` does not exist.
    async def slot(c: Caller = Depends(needed), b: Buckets = Depends(buckets)) -> AsyncIterator[Caller]:  # noqa: B008
        try:
            b.submit.start(c.token)
        except Refused as e:
            raise too_many(e) from None
        try:
            yield c
        finally:
            b.submit.done(c.token)

    return slot


async def in_screening_lane(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """``fn(store, *args)``: in a screening process when the server has them (``fn`` and the
    arguments then travel by pickle), else in a worker thread, at most SCREENING_THREADS at a
    time in this process. Either way in arrival order."""
    state = request.app.state
    pool = getattr(state, "screening_pool", None)
    if pool is not None:
        try:
            return await pool.run(fn, *args)
        except PoolStopped as e:
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(e)) from None
    lane = getattr(state, "screening_lane", None)
    if lane is None:  # made on first use, inside the running event loop
        lane = state.screening_lane = anyio.CapacityLimiter(SCREENING_THREADS)
    return await anyio.to_thread.run_sync(functools.partial(fn, state.store, *args), limiter=lane)


# What the routers share: the role each endpoint needs, the store, row ids, and documented errors.
Viewer = Annotated[Caller, Depends(require("viewer"))]
Officer = Annotated[Caller, Depends(require("officer"))]
Reviewer = Annotated[Caller, Depends(require("reviewer"))]
Admin = Annotated[Caller, Depends(require("admin"))]
# An officer within the token's submission limits (the endpoints that screen, i.e. cost CPU).
Submitter = Annotated[Caller, Depends(submitter("officer"))]
StoreDep = Annotated[Store, Depends(store)]
# Row ids fit a signed 64-bit integer in both databases; a larger one is a 422, not a driver error.
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "The request body could not be parsed"},
    401: {"description": "No valid bearer token"}, 403: {"description": "The caller's role is too low"}}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "Not found, or not your team's"}}

