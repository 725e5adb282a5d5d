"""What guards every request before its route runs: who is asking before the body is read, how
large a body may be, and the security headers of every response.

FastAPI reads (and spools to disk) a request's whole multipart body before the first dependency
runs, so a route's own token check came after 1 GiB had been received. This middleware looks at
the headers only: a request that sends a body and carries no live token (a bearer token on the
API, the session cookie on the web pages) is refused before a byte of the body is read, and so is
a body whose declared length is over the upload limit; a body without a declared length is cut
off where it passes that limit.
"""

from __future__ import annotations

from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from supplyscreen.service import users
from supplyscreen.store.db import Store

# Requests that send a body without being signed in: the logins themselves (small forms).
OPEN = ("/login", "/api/v1/auth/token")
# The body a login may send: a user name and a password fit many times over.
OPEN_BODY = 64 * 1024
# Multipart framing and a form's other fields around an upload of the limit's size.
FRAMING = 1024 * 1024
COOKIE = "supplyscreen_session"  # web/views.py sets it; the guard only reads it
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# The pages' own scripts and styles only: no inline script, no other origin, no framing (clickjacking).
# Inline style attributes remain (a few coloured warnings): styles cannot run code.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class Guard:
    """The ASGI middleware; ``upload_limit`` is the app's (bytes of one uploaded file)."""

    def __init__(self, app: ASGIApp, store: Store, upload_limit: int) -> None:
        self.app, self.store, self.upload_limit = app, store, upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        if scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        is_open = path in OPEN
        cap = OPEN_BODY if is_open else self.upload_limit + FRAMING
        if not is_open and not await self._signed_in(path, headers):
            if path.startswith("/api/"):
                await _refuse(send, 401, "a bearer token is required", {"www-authenticate": "Bearer"})
            else:
                await _refuse(send, 303, "sign in first", {"location": "/login"})
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            await _refuse(send, 413, f"the request body is {int(declared):,} bytes, over the limit of {cap:,}")
            return
        await self.app(scope, _capped(receive, cap), send)

    async def _signed_in(self, path: str, headers: dict[str, str]) -> bool:
        """Whether the request carries a live token: a bearer token, or the session cookie."""
        scheme, _, token = headers.get("authorization", "").partition(" ")
        token = token.strip() if scheme.lower() == "bearer" else ""
        if not token:
            token = _cookie(headers.get("cookie", ""), COOKIE)
        if not token:
            return False
        return await anyio.to_thread.run_sync(self._live, token)

    def _live(self, token: str) -> bool:
        with self.store.session() as s:
            return users.user_for_token(s, token) is not None


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        k, _, v = part.strip().partition("=")
        if k == name:
            return v.strip().strip('"')
    return ""


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            have = {k.lower() for k, _ in message.get("headers", [])}
            message["headers"] = [*message.get("headers", []), *(h for h in HEADERS if h[0] not in have)]
        await send(message)

    return sending


def _capped(receive: Receive, cap: int) -> Receive:
    """``receive`` that ends the request (as the client going away) once the body passes ``cap``:
    for bodies sent without a declared length."""
    got = 0

    async def receiving() -> Message:
        nonlocal got
        message = await receive()
        if message["type"] == "http.request":
            got += len(message.get("body", b""))
            if got > cap:
                return {"type": "http.disconnect"}
        return message

    return receiving


async def _refuse(send: Send, status: int, detail: str, extra: dict[str, str] | None = None) -> None:
    import json

    body = json.dumps({"detail": detail}).encode()
    headers: list[Any] = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                          (b"connection", b"close")]
    headers += [(k.encode(), v.encode()) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
