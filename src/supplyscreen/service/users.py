"""Teams, users (argon2id password hashes) and tokens (API tokens and browser sessions)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplyscreen.store import audit
from supplyscreen.store import models as m

# argon2-cffi's defaults are RFC 9106's second recommendation (argon2id, 64 MiB, t=3, p=4).
_hasher = PasswordHasher()
# A browser session lasts a working day; API tokens last until revoked.
SESSION_HOURS = 12
# Hash to verify against when the user does not exist, so a login takes as long either way.
_DUMMY = _hasher.hash("not a password")


class Taken(ValueError):
    """The user name belongs to someone already (user names are unique across teams)."""


def role_at_least(role: str, needed: str) -> bool:
    return m.ROLES.index(role) >= m.ROLES.index(needed)


def team(s: Session, name: str) -> m.Team:
    t = s.scalar(select(m.Team).where(m.Team.name == name))
    if t is None:
        t = m.Team(name=name)
        s.add(t)
        s.flush()
    return t


def create_user(s: Session, team_name: str, username: str, password: str, role: str, actor: str = "system") -> m.User:
    if role not in m.ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(m.ROLES)}")
    if len(password) < 8:
        raise ValueError("a password has at least 8 characters")
    t = team(s, team_name)
    u = m.User(team_id=t.id, username=username, password_hash=_hasher.hash(password), role=role)
    s.add(u)
    s.flush()
    audit.append(s, actor, "user.created", f"user:{u.id}", {"username": username, "role": role, "team": t.name}, t.id)
    return u


def authenticate(s: Session, username: str, password: str) -> m.User | None:
    u = s.scalar(select(m.User).where(m.User.username == username))
    try:
        _hasher.verify(u.password_hash if u else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if u is None or not u.active:
        return None
    if _hasher.check_needs_rehash(u.password_hash):
        u.password_hash = _hasher.hash(password)
    return u


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def issue_token(s: Session, user: m.User, kind: str = "api", name: str = "",
                expires: dt.datetime | None = None) -> str:
    """A new random token; only its digest is stored, so the caller shows it once. A session
    expires after SESSION_HOURS; an API token at ``expires`` (never, without)."""
    token = ("sst_" if kind == "api" else "sss_") + secrets.token_urlsafe(32)
    if kind == "session":
        expires = m.utcnow() + dt.timedelta(hours=SESSION_HOURS)
    s.add(m.Token(user_id=user.id, kind=kind, name=name, digest=token_digest(token), expires=expires))
    if kind == "api":
        audit.append(s, user.username, "token.issued", f"user:{user.id}",
                     {"name": name, **({"expires": expires.isoformat()} if expires else {})}, user.team_id)
    s.flush()
    return token


def user_for_token(s: Session, token: str) -> m.User | None:
    """The active user a live token belongs to (one query: every API request asks)."""
    row = s.execute(select(m.Token.revoked, m.Token.expires, m.User).join(m.User, m.Token.user_id == m.User.id)
                    .where(m.Token.digest == token_digest(token))).first()
    if row is None:
        return None
    revoked, expires, user = row
    if revoked:
        return None
    if expires is not None:
        exp = expires if expires.tzinfo else expires.replace(tzinfo=dt.UTC)  # SQLite drops the zone
        if exp < m.utcnow():
            return None
    return user if user.active else None


def revoke(s: Session, token: str) -> None:
    t = s.scalar(select(m.Token).where(m.Token.digest == token_digest(token)))
    if t is not None:
        t.revoked = True


def add_to_team(s: Session, team_id: int, username: str, password: str, role: str, actor: str) -> m.User:
    """A new user in the team ``team_id`` (an administrator adding a colleague); Taken when the name is."""
    if s.scalar(select(m.User).where(m.User.username == username)) is not None:
        raise Taken(f"user {username!r} exists")
    return create_user(s, s.get_one(m.Team, team_id).name, username, password, role, actor)


def first_admin(s: Session, team_name: str, username: str, password: str) -> bool:
    """On a store with no users, create the first administrator; whether one was created."""
    from sqlalchemy import func

    if s.scalar(select(func.count()).select_from(m.User)):
        return False
    create_user(s, team_name, username, password, "admin")
    return True


def find_team(s: Session, name: str) -> m.Team | None:
    """The team called ``name``, or None."""
    return s.scalar(select(m.Team).where(m.Team.name == name))


def user_id_in(s: Session, team_id: int, username: str) -> int | None:
    """The id of the team's user called ``username`` (None for a name with no account)."""
    return s.scalar(select(m.User.id).where(m.User.username == username, m.User.team_id == team_id))
