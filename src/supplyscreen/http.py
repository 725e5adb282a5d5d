"""What the two HTTP faces (``api/`` and ``web/``) share, so that neither imports the other.

The service's refusals as HTTP errors, the lane screenings run in, a bid file read from a multipart
form, and downloads. Everything here is about HTTP; what it serves comes from ``service/``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import anyio
from fastapi import HTTPException, Request, status
from fastapi.responses import Response, StreamingResponse
from starlette.datastructures import UploadFile as StarletteUpload

from supplyscreen.errors import PolicyError
from supplyscreen.service import cases, results, screenings
from supplyscreen.service.errors import Invalid
from supplyscreen.service.pool import PoolStopped
from supplyscreen.service.uploads import UploadRefused, check_upload

T = TypeVar("T")
# Screenings running at once in one server process. Screening is CPU work under one interpreter
# lock: more threads only interleave requests, so each finishes later and the slowest much later
# (50 clients, 2 workers: p99 4.4 s with FastAPI's 40 threads, 1.7-2.3 s with 2, benchmarks/README.md);
# two keep the core busy while the other waits on the database. The rest wait their turn in order.
SCREENING_THREADS = 2


@contextmanager
def refusals() -> Iterator[None]:
    """The service's refusals as HTTP statuses: not found 404, the case's state 409, a request it
    cannot take as given 422 (the web pages show them on their own pages)."""
    from supplyscreen.case.classify import ClassificationError
    from supplyscreen.case.representations import RepresentationError

    try:
        yield
    except screenings.NotFound as e:
        raise HTTPException(404, f"{e.args[0] if e.args else e} not found") from None
    except cases.CaseError as e:
        raise HTTPException(409, str(e)) from None
    except (ClassificationError, RepresentationError, PolicyError, Invalid) as e:
        raise HTTPException(422, str(e)) from None


async def in_screening_lane(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """``fn(store, *args)``: in a screening process when the server has them (``fn`` and the
    arguments then travel by pickle), else in a worker thread, at most SCREENING_THREADS at a
    time in this process. Either way in arrival order."""
    state = request.app.state
    pool = state.screening_pool
    if pool is not None:
        try:
            return await pool.run(fn, *args)
        except PoolStopped as e:
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(e)) from None
    lane = getattr(state, "screening_lane", None)
    if lane is None:  # made on first use, inside the running event loop
        lane = state.screening_lane = anyio.CapacityLimiter(SCREENING_THREADS)
    return await anyio.to_thread.run_sync(functools.partial(fn, state.store, *args), limiter=lane)


async def read_upload(request: Request, f: Any) -> tuple[str, bytes]:
    """An uploaded file's checked name and its bytes, read no further than the service's upload
    limit; a refused upload is the HTTP error it names (413, 415)."""
    limit = request.app.state.upload_limit
    data = await f.read(limit + 1)
    try:
        return check_upload(f.filename or "", f.content_type or "", data, limit), data
    except UploadRefused as e:
        raise HTTPException(e.status, str(e)) from None


async def read_bid_file(f: Any, role: str, limit: int) -> cases.BidFile | None:
    """A bid file from a multipart field after the upload checks; None for a field left empty
    (a browser sends a file input nobody filled as a part with no name and no bytes)."""
    if not isinstance(f, StarletteUpload):  # FastAPI's UploadFile subclasses it; forms hold Starlette's
        return None
    data = await f.read(limit + 1)
    if not f.filename and not data:
        return None
    try:
        name = check_upload(f.filename or "", f.content_type or "", data, limit)
    except UploadRefused as e:
        raise HTTPException(e.status, f"{f.filename}: {e}") from None
    return cases.BidFile(role, name, data)


def download(data: bytes | str, media_type: str, name: str, status_code: int = 200,
             headers: dict[str, str] | None = None) -> Response:
    """``data`` as a file the browser saves under ``name``."""
    return Response(data, status_code=status_code, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"', **(headers or {})})


def package_response(f: cases.PackageFile, status_code: int = 201) -> Response:
    """A consultation package as a download, with the consultation it was recorded as."""
    return download(f.data, f.media_type, f.name, status_code,
                    {"X-Consultation-Id": str(f.consultation_id), "X-Package-Sha256": f.json_sha256})


def export_response(store: Any, team_id: int, sid: int, format: str) -> Response:
    """A screening's full result as a download streamed from the store (CSV formula-safe, the CLI's
    JSON contract, or Parquet): the web process holds one batch of items at a time."""
    chunks, media_type, name = results.export(store, team_id, sid, format)
    return StreamingResponse(chunks, media_type=media_type,
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
