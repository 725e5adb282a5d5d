"""Administration: teams, a team's users (invite, role, deactivate, password) and API tokens.

Every change is one audit record in the same transaction. An administrator acts on their own
team only: another team's user or token is "not found" (``screenings.NotFound``), as another
team's screening is. A team keeps at least one active administrator, so nobody can lock a team
out of its own administration. Logins that fail are recorded too (``login_failed``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplyscreen.service import users
from supplyscreen.service.errors import Invalid
from supplyscreen.service.screenings import NotFound
from supplyscreen.store import audit
from supplyscreen.store import models as m

# The longest an API token may be issued for: a year, the longest a pipeline's credentials should
# go unreviewed (and the waiver's longest term, for the same reason).
TOKEN_MAX_DAYS = 366
# Characters of a temporary password made for an invited user: 16 URL-safe characters carry 96 bits.
TEMPORARY_PASSWORD_BYTES = 12


@dataclass(frozen=True, slots=True)
class Actor:
    """Who asks: the administrator's id, name and team."""

    user_id: int
    username: str
    team_id: int


@dataclass(frozen=True, slots=True)
class TeamRow:
    id: int
    name: str
    created: dt.datetime
    users: int
    """Active users in the team."""


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    username: str
    role: str
    active: bool
    created: dt.datetime


@dataclass(frozen=True, slots=True)
class TokenRow:
    id: int
    username: str
    name: str
    created: dt.datetime
    expires: dt.datetime | None
    revoked: bool

    @property
    def state(self) -> str:
        """"revoked", "expired" or "live"."""
        if self.revoked:
            return "revoked"
        if self.expires is not None and _aware(self.expires) < m.utcnow():
            return "expired"
        return "live"


@dataclass(frozen=True, slots=True)
class Invited:
    user: UserRow
    password: str
    """The password to hand over: the one given, or a temporary one made here (shown once)."""


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo else t.replace(tzinfo=dt.UTC)  # SQLite drops the zone


def _user_row(u: m.User) -> UserRow:
    return UserRow(u.id, u.username, u.role, u.active, u.created)


def _name(text: str, what: str) -> str:
    name = text.strip()
    if not name or len(name) > 200:
        raise Invalid(f"a {what} name has 1 to 200 characters")
    if any(not c.isprintable() for c in name):
        raise Invalid(f"a {what} name has no control characters")
    return name


def teams(s: Session) -> list[TeamRow]:
    """Every team with its number of active users (names only: nothing of a team's work)."""
    counts: dict[int, int] = {team: n for team, n in s.execute(
        select(m.User.team_id, func.count()).where(m.User.active).group_by(m.User.team_id))}
    return [TeamRow(t.id, t.name, t.created, counts.get(t.id, 0))
            for t in s.scalars(select(m.Team).order_by(m.Team.name))]


def create_team(s: Session, actor: Actor, name: str, admin_username: str, admin_password: str = "") -> Invited:
    """A new team with its first administrator (its own team then runs it: the creator gets no
    access to it)."""
    name = _name(name, "team")
    if users.find_team(s, name) is not None:
        raise Invalid(f"a team called {name!r} exists")
    t = users.team(s, name)
    audit.append(s, actor.username, "team.created", f"team:{t.id}", {"team": name}, actor.team_id)
    return _invite(s, actor, t.id, admin_username, admin_password, "admin")


def team_users(s: Session, team_id: int) -> list[UserRow]:
    return [_user_row(u) for u in s.scalars(select(m.User).where(m.User.team_id == team_id).order_by(m.User.username))]


def invite(s: Session, actor: Actor, username: str, role: str, password: str = "") -> Invited:
    """A new user in the administrator's team; without a password, a temporary one to hand over."""
    return _invite(s, actor, actor.team_id, username, password, role)


def _invite(s: Session, actor: Actor, team_id: int, username: str, password: str, role: str) -> Invited:
    username = _name(username, "user")
    if role not in m.ROLES:
        raise Invalid(f"unknown role {role!r}; one of {', '.join(m.ROLES)}")
    password = password or secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)
    try:
        u = users.add_to_team(s, team_id, username, password, role, actor.username)
    except ValueError as e:  # Taken, or a password too short
        raise Invalid(str(e)) from None
    return Invited(_user_row(u), password)


def _member(s: Session, actor: Actor, user_id: int) -> m.User:
    u = s.get(m.User, user_id)
    if u is None or u.team_id != actor.team_id:
        raise NotFound(f"user {user_id}")
    return u


def _keeps_an_admin(s: Session, u: m.User, role: str, active: bool) -> None:
    """Refuse a change that would leave ``u``'s team without an active administrator."""
    if u.role != "admin" or not u.active or (role == "admin" and active):
        return
    others = s.scalar(select(func.count()).select_from(m.User).where(
        m.User.team_id == u.team_id, m.User.role == "admin", m.User.active, m.User.id != u.id))
    if not others:
        raise Invalid(f"{u.username} is the team's last active administrator; make another user an "
                      "administrator first")


def _user_record(s: Session, actor: Actor, action: str, u: m.User) -> None:
    audit.append(s, actor.username, action, f"user:{u.id}",
                 {"username": u.username, "role": u.role, "active": u.active, "team": u.team_id}, u.team_id)


def set_role(s: Session, actor: Actor, user_id: int, role: str) -> UserRow:
    if role not in m.ROLES:
        raise Invalid(f"unknown role {role!r}; one of {', '.join(m.ROLES)}")
    u = _member(s, actor, user_id)
    if u.role == role:
        return _user_row(u)
    _keeps_an_admin(s, u, role, u.active)
    u.role = role
    _user_record(s, actor, "user.role_changed", u)
    return _user_row(u)


def set_active(s: Session, actor: Actor, user_id: int, active: bool) -> UserRow:
    """Deactivate (every token and session of the user stops working) or reactivate a user."""
    u = _member(s, actor, user_id)
    if u.active == active:
        return _user_row(u)
    _keeps_an_admin(s, u, u.role, active)
    u.active = active
    if not active:
        for t in s.scalars(select(m.Token).where(m.Token.user_id == u.id, m.Token.revoked.is_(False))):
            t.revoked = True
    _user_record(s, actor, "user.activated" if active else "user.deactivated", u)
    return _user_row(u)


def reset_password(s: Session, actor: Actor, user_id: int, password: str = "") -> Invited:
    """A new password for a user of the team (a temporary one when none is given); their sessions end."""
    u = _member(s, actor, user_id)
    password = password or secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)
    _set_password(s, u, password)
    audit.append(s, actor.username, "password.reset", f"user:{u.id}", {"username": u.username}, u.team_id)
    return Invited(_user_row(u), password)


def change_password(s: Session, user_id: int, current: str, new: str, keep: str = "") -> None:
    """A user's own new password, given the current one; their other sessions end (all but the
    session whose token digest is ``keep``: the one asking)."""
    u = s.get_one(m.User, user_id)
    if users.authenticate(s, u.username, current) is None:
        raise Invalid("the current password is wrong")
    if new == current:
        raise Invalid("the new password is the current one")
    _set_password(s, u, new, keep)
    audit.append(s, u.username, "password.changed", f"user:{u.id}", {"username": u.username}, u.team_id)


def _set_password(s: Session, u: m.User, password: str, keep: str = "") -> None:
    if len(password) < 8:
        raise Invalid("a password has at least 8 characters")
    u.password_hash = users.hash_password(password)
    for t in s.scalars(select(m.Token).where(m.Token.user_id == u.id, m.Token.kind == "session",
                                             m.Token.revoked.is_(False), m.Token.digest != keep)):
        t.revoked = True


def tokens(s: Session, team_id: int) -> list[TokenRow]:
    """The team's API tokens, newest first (browser sessions are not listed)."""
    rows = s.execute(select(m.Token, m.User.username).join(m.User, m.Token.user_id == m.User.id)
                     .where(m.User.team_id == team_id, m.Token.kind == "api").order_by(m.Token.id.desc()))
    return [TokenRow(t.id, name, t.name, t.created, t.expires, t.revoked) for t, name in rows]


def create_token(s: Session, actor: Actor, name: str, days: int | None) -> tuple[TokenRow, str]:
    """A new API token of the administrator's, expiring after ``days`` (at most TOKEN_MAX_DAYS);
    the token itself is returned once, only its digest is kept."""
    name = _name(name, "token")
    if days is None or not 1 <= days <= TOKEN_MAX_DAYS:
        raise Invalid(f"a token expires after 1 to {TOKEN_MAX_DAYS} days")
    u = s.get_one(m.User, actor.user_id)
    expires = m.utcnow() + dt.timedelta(days=days)
    token = users.issue_token(s, u, "api", name, expires)
    t = s.scalar(select(m.Token).where(m.Token.digest == users.token_digest(token)))
    assert t is not None
    return TokenRow(t.id, u.username, t.name, t.created, t.expires, t.revoked), token


def revoke_token(s: Session, actor: Actor, token_id: int) -> TokenRow:
    row = s.execute(select(m.Token, m.User).join(m.User, m.Token.user_id == m.User.id)
                    .where(m.Token.id == token_id, m.Token.kind == "api")).first()
    if row is None or row[1].team_id != actor.team_id:
        raise NotFound(f"token {token_id}")
    t, u = row
    if not t.revoked:
        t.revoked = True
        audit.append(s, actor.username, "token.revoked", f"token:{t.id}", {"name": t.name, "user": u.username},
                     u.team_id)
    return TokenRow(t.id, u.username, t.name, t.created, t.expires, t.revoked)


def login_failed(s: Session, username: str, address: str, via: str) -> None:
    """Record a failed password login: the name tried (cut to the column's length), from where, how."""
    u = s.scalar(select(m.User).where(m.User.username == username))
    audit.append(s, "anonymous", "login.failed", f"user:{u.id}" if u else "user:?",
                 {"username": username[:200], "address": address[:100], "via": via}, u.team_id if u else None)
