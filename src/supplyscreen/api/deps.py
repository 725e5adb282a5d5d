"""What every endpoint depends on: the store, the caller, the role the endpoint needs, the
caller's request limits. (The lane screenings run in is ``supplyscreen.http``'s, shared with the web pages.)

Dependencies that only look at the request are ``async``: FastAPI runs a plain ``def`` dependency
in a worker thread, a hop that costs more than the check itself. ``caller`` asks the database in a
worker thread, so the event loop never waits on a query, and only for a token it has not checked
in the last TOKEN_TRUST_SECONDS.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import anyio
from fastapi import Depends, HTTPException, Path, Request, status

from supplyscreen.service import users
from supplyscreen.service.limits import Buckets, Refused
from supplyscreen.store.db import Store

T = TypeVar("T")
# How long the server trusts a bearer token it has looked up: a pipeline sends many requests a
# second on one token, and the lookup (a thread hop and a query) was about half the web process's
# CPU per screening request (benchmarks/README.md). A token revoked or a user deactivated in the
# database stops working within this time; two seconds is shorter than any person takes to notice.
TOKEN_TRUST_SECONDS = 2.0
# Bounds the trusted tokens' memory; past it they are all looked up again.
TRUSTED_TOKENS = 10_000


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


class TrustedTokens:
    """Callers by token digest, each until its token must be looked up again."""

    def __init__(self, seconds: float = TOKEN_TRUST_SECONDS) -> None:
        self.seconds = seconds
        self._callers: dict[str, tuple[float, Caller]] = {}

    def get(self, digest: str) -> Caller | None:
        hit = self._callers.get(digest)
        if hit is None or hit[0] <= time.monotonic():
            return None
        return hit[1]

    def put(self, c: Caller) -> None:
        if len(self._callers) >= TRUSTED_TOKENS:
            self._callers.clear()
        self._callers[c.token] = (time.monotonic() + self.seconds, c)


async def caller(request: Request, st: Annotated[Store, Depends(store)]) -> Caller:
    """The user behind the request's bearer token (API) — never a cookie, so no CSRF on the API."""
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a bearer token is required",
                            headers={"WWW-Authenticate": "Bearer"})
    digest = users.token_digest(token)
    trusted: TrustedTokens = request.app.state.trusted_tokens
    c = trusted.get(digest)
    if c is None:
        c = await anyio.to_thread.run_sync(_look_up, st, token, digest)
        trusted.put(c)
    return c


def _look_up(st: Store, token: str, digest: str) -> Caller:
    with st.session() as s:
        u = users.user_for_token(s, token)
        if u is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid or expired token",
                                headers={"WWW-Authenticate": "Bearer"})
        return Caller(u.id, u.username, u.role, u.team_id, digest)


def require(role: str) -> Callable[[Caller], Awaitable[Caller]]:
    """A dependency that lets through callers whose role is ``role`` or higher."""

    async def check(c: Annotated[Caller, Depends(caller)]) -> Caller:
        if not users.role_at_least(c.role, role):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the {role} role; you are {c.role}")
        return c

    return check


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

