"""Administration over the API: teams, the administrator's team's users and API tokens (admin
role), and any user's own password. Each change is audited (``service/admin.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException
from pydantic import BaseModel, Field

from supplyscreen.api.deps import ERRORS, NOT_FOUND, Admin, Caller, Id, StoreDep, Viewer
from supplyscreen.http import refusals
from supplyscreen.service import admin
from supplyscreen.service.errors import Invalid
from supplyscreen.store import models as m

router = APIRouter(prefix="/api/v1/admin", tags=["admin"], responses={**ERRORS, 422: {
    "description": "A request the service cannot take as given (the message says why)"}})
me_router = APIRouter(prefix="/api/v1/me", tags=["admin"], responses=ERRORS)
Role = Annotated[str, Field(pattern="^(" + "|".join(m.ROLES) + ")$")]


class TeamIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    admin_username: str = Field(min_length=1, max_length=200, description="The new team's first administrator")
    admin_password: str = Field("", max_length=200, description="Left empty: a temporary password is made")


class TeamOut(BaseModel):
    id: int
    name: str
    created: dt.datetime
    users: int


class UserOut(BaseModel):
    id: int
    username: str
    role: str
    active: bool
    created: dt.datetime


class InviteIn(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    role: Role = "viewer"
    password: str = Field("", max_length=200, description="Left empty: a temporary password is made")


class Invited(BaseModel):
    user: UserOut
    password: str = Field(description="Shown once: hand it to the user, who changes it")


class NewTeam(Invited):
    team: TeamOut


class UserChange(BaseModel):
    role: Role | None = None
    active: bool | None = None


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    days: int = Field(90, ge=1, le=admin.TOKEN_MAX_DAYS, description="Days until the token expires")


class TokenOut(BaseModel):
    id: int
    username: str
    name: str
    created: dt.datetime
    expires: dt.datetime | None
    state: str = Field(description="live, expired or revoked")


class NewToken(TokenOut):
    token: str = Field(description="Shown once: only its digest is kept")


class PasswordIn(BaseModel):
    current: str = Field(max_length=200)
    new: str = Field(min_length=8, max_length=200)


def _actor(c: Caller) -> admin.Actor:
    return admin.Actor(c.user_id, c.username, c.team_id)


def _user(u: admin.UserRow) -> dict[str, Any]:
    return {"id": u.id, "username": u.username, "role": u.role, "active": u.active, "created": u.created}


def _token(t: admin.TokenRow) -> dict[str, Any]:
    return {"id": t.id, "username": t.username, "name": t.name, "created": t.created, "expires": t.expires,
            "state": t.state}


@router.get("/teams", response_model=list[TeamOut])
def teams(c: Admin, st: StoreDep) -> list[dict[str, Any]]:
    """Every team: its name and number of active users (nothing of its work)."""
    with st.session() as s:
        return [{"id": t.id, "name": t.name, "created": t.created, "users": t.users} for t in admin.teams(s)]


@router.post("/teams", response_model=NewTeam, status_code=201)
def create_team(body: TeamIn, c: Admin, st: StoreDep) -> dict[str, Any]:
    """A new team with its first administrator; the new team's work is its own (the caller gets no access)."""
    with refusals(), st.session() as s:
        made = admin.create_team(s, _actor(c), body.name, body.admin_username, body.admin_password)
        t = next(t for t in admin.teams(s) if t.name == body.name.strip())
    return {"team": {"id": t.id, "name": t.name, "created": t.created, "users": t.users},
            "user": _user(made.user), "password": made.password}


@router.get("/users", response_model=list[UserOut])
def list_users(c: Admin, st: StoreDep) -> list[dict[str, Any]]:
    """The users of the administrator's team, active or not."""
    with st.session() as s:
        return [_user(u) for u in admin.team_users(s, c.team_id)]


@router.post("/users", response_model=Invited, status_code=201)
def invite(body: InviteIn, c: Admin, st: StoreDep) -> dict[str, Any]:
    """Invite a user to the administrator's team (a temporary password when none is given)."""
    with refusals(), st.session() as s:
        made = admin.invite(s, _actor(c), body.username, body.role, body.password)
    return {"user": _user(made.user), "password": made.password}


@router.patch("/users/{user_id}", response_model=UserOut, responses=NOT_FOUND)
def change_user(user_id: Id, body: UserChange, c: Admin, st: StoreDep) -> dict[str, Any]:
    """Change a user's role, or deactivate (every token and session stops) or reactivate them."""
    if body.role is None and body.active is None:
        raise HTTPException(422, "send role, active or both")
    with refusals(), st.session() as s:
        u = None
        if body.role is not None:
            u = admin.set_role(s, _actor(c), user_id, body.role)
        if body.active is not None:
            u = admin.set_active(s, _actor(c), user_id, body.active)
        assert u is not None
    return _user(u)


@router.post("/users/{user_id}/password", response_model=Invited, responses=NOT_FOUND)
def reset_password(user_id: Id, c: Admin, st: StoreDep,
                   password: Annotated[str, Body(embed=True, max_length=200)] = "") -> dict[str, Any]:
    """Set a user's password (a temporary one when none is given); their browser sessions end."""
    with refusals(), st.session() as s:
        made = admin.reset_password(s, _actor(c), user_id, password)
    return {"user": _user(made.user), "password": made.password}


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(c: Admin, st: StoreDep) -> list[dict[str, Any]]:
    """The team's API tokens, newest first: who, what for, when they expire, whether revoked."""
    with st.session() as s:
        return [_token(t) for t in admin.tokens(s, c.team_id)]


@router.post("/tokens", response_model=NewToken, status_code=201)
def create_token(body: TokenIn, c: Admin, st: StoreDep) -> dict[str, Any]:
    """A new API token of the administrator's, expiring after ``days``."""
    with refusals(), st.session() as s:
        row, token = admin.create_token(s, _actor(c), body.name, body.days)
    return {**_token(row), "token": token}


@router.post("/tokens/{token_id}/revoke", response_model=TokenOut, responses=NOT_FOUND)
def revoke_token(token_id: Id, c: Admin, st: StoreDep) -> dict[str, Any]:
    """Revoke one of the team's API tokens (it stops working within two seconds)."""
    with refusals(), st.session() as s:
        return _token(admin.revoke_token(s, _actor(c), token_id))


@me_router.post("/password", status_code=204, responses={422: {"description": "The current password is wrong"}})
def change_password(body: PasswordIn, c: Viewer, st: StoreDep) -> None:
    """Change your own password; your browser sessions end."""
    try:
        with st.session() as s:
            admin.change_password(s, c.user_id, body.current, body.new)
    except Invalid as e:
        raise HTTPException(422, str(e)) from None
