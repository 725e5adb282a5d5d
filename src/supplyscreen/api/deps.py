"""What every endpoint depends on: the store, the caller, and the role the endpoint needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from supplyscreen.store import users
from supplyscreen.store.db import Store


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: int
    username: str
    role: str
    team_id: int


def store(request: Request) -> Store:
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
        return Caller(u.id, u.username, u.role, u.team_id)


def require(role: str) -> Callable[[Caller], Caller]:
    """A dependency that lets through callers whose role is ``role`` or higher."""

    def check(c: Annotated[Caller, Depends(caller)]) -> Caller:
        if not users.role_at_least(c.role, role):
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"this needs the {role} role; you are {c.role}")
        return c

    return check
