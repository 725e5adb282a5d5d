"""The administration pages: /admin (the team's users and API tokens, and the teams; the admin
role) and /account (your own password; any user). Each form posts with its CSRF token; what the
service refuses is shown on the error page with its reason. A new password or token is shown once,
on the page the form answers with (never in a URL)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from supplyscreen.service import admin, users
from supplyscreen.service.errors import Invalid
from supplyscreen.store import models as m
from supplyscreen.web.views import COOKIE, Id, _form_user, _store, _user, page

router = APIRouter(include_in_schema=False)


def _actor(user: dict[str, Any]) -> admin.Actor:
    return admin.Actor(user["id"], user["username"], user["team_id"])


def _admin_page(request: Request, user: dict[str, Any], shown: dict[str, str] | None = None,
                done: str = "") -> HTMLResponse:
    with _store(request).session() as s:
        ctx = {"members": admin.team_users(s, user["team_id"]), "tokens": admin.tokens(s, user["team_id"]),
               "teams": admin.teams(s)}
    return page(request, "admin.html", user, roles=m.ROLES, shown=shown, done=done,
                max_days=admin.TOKEN_MAX_DAYS, **ctx)


@router.get("/admin")
def admin_page(request: Request) -> HTMLResponse:
    return _admin_page(request, _user(request, "admin"))


async def _act(request: Request, fn: Any, done: str) -> HTMLResponse:
    """Run ``fn(session, actor, form)`` for an administrator's form; the admin page with what it showed."""
    user, form = await _form_user(request, "admin")
    try:
        with _store(request).session() as s:
            shown = fn(s, _actor(user), form)
    except Invalid as e:
        raise PermissionError(str(e)) from None
    return _admin_page(request, user, shown, done)


def _text(form: Any, name: str) -> str:
    return str(form.get(name) or "").strip()


@router.post("/admin/users")
async def invite(request: Request) -> Response:
    def fn(s: Any, actor: admin.Actor, form: Any) -> dict[str, str]:
        made = admin.invite(s, actor, _text(form, "username"), _text(form, "role"), str(form.get("password") or ""))
        return {"what": f"Password of {made.user.username}", "secret": made.password}

    return await _act(request, fn, "User invited.")


@router.post("/admin/users/{user_id}/role")
async def set_role(request: Request, user_id: Id) -> Response:
    return await _act(request, lambda s, a, f: admin.set_role(s, a, user_id, _text(f, "role")) and None,
                      "Role changed.")


@router.post("/admin/users/{user_id}/deactivate")
async def deactivate(request: Request, user_id: Id) -> Response:
    return await _act(request, lambda s, a, f: admin.set_active(s, a, user_id, False) and None, "User deactivated.")


@router.post("/admin/users/{user_id}/activate")
async def activate(request: Request, user_id: Id) -> Response:
    return await _act(request, lambda s, a, f: admin.set_active(s, a, user_id, True) and None, "User reactivated.")


@router.post("/admin/users/{user_id}/password")
async def reset_password(request: Request, user_id: Id) -> Response:
    def fn(s: Any, actor: admin.Actor, form: Any) -> dict[str, str]:
        made = admin.reset_password(s, actor, user_id)
        return {"what": f"New password of {made.user.username}", "secret": made.password}

    return await _act(request, fn, "Password reset.")


@router.post("/admin/tokens")
async def create_token(request: Request) -> Response:
    def fn(s: Any, actor: admin.Actor, form: Any) -> dict[str, str]:
        days = _text(form, "days")
        row, token = admin.create_token(s, actor, _text(form, "name"), int(days) if days.isdigit() else None)
        return {"what": f"API token {row.name!r}", "secret": token}

    return await _act(request, fn, "Token created.")


@router.post("/admin/tokens/{token_id}/revoke")
async def revoke_token(request: Request, token_id: Id) -> Response:
    return await _act(request, lambda s, a, f: admin.revoke_token(s, a, token_id) and None, "Token revoked.")


@router.post("/admin/teams")
async def create_team(request: Request) -> Response:
    def fn(s: Any, actor: admin.Actor, form: Any) -> dict[str, str]:
        made = admin.create_team(s, actor, _text(form, "name"), _text(form, "admin_username"))
        return {"what": f"Password of {made.user.username}, the first administrator of {_text(form, 'name')}",
                "secret": made.password}

    return await _act(request, fn, "Team created.")


@router.get("/account")
def account(request: Request) -> HTMLResponse:
    return page(request, "account.html", _user(request), done="")


@router.post("/account/password")
async def change_password(request: Request) -> Response:
    user, form = await _form_user(request, "viewer")
    new = str(form.get("new") or "")
    if new != str(form.get("again") or ""):
        raise PermissionError("the two new passwords differ")
    try:
        with _store(request).session() as s:
            admin.change_password(s, user["id"], str(form.get("current") or ""), new,
                                  users.token_digest(request.cookies.get(COOKIE, "")))
    except Invalid as e:
        raise PermissionError(str(e)) from None
    return page(request, "account.html", user, done="Password changed; your other sessions have ended.")
