"""The application factory: the API, and the web pages when asked for."""

from __future__ import annotations

from fastapi import FastAPI

from supplyscreen import settings
from supplyscreen.api.deps import Buckets
from supplyscreen.api.limits import Limits
from supplyscreen.store.db import Store


def create_app(store: Store, web: bool = True, upload_limit: int | None = None,
               limits: Limits | None = None) -> FastAPI:
    from supplyscreen.api import intel
    from supplyscreen.api.case_routes import router as case_router
    from supplyscreen.api.routes import router

    app = FastAPI(title="supplyscreen", version="1", description=(
        "Screen ICT items, bills of materials and device inventories against supply-chain exclusion rules; "
        "review the findings; follow restriction events in the news; keep an audit trail."))
    app.state.store = store
    app.state.upload_limit = upload_limit or settings.load().upload_limit
    app.state.buckets = Buckets.of(limits or Limits())
    app.include_router(router)
    app.include_router(intel.router)
    app.include_router(case_router)
    if web:
        from supplyscreen.web import case_views
        from supplyscreen.web.views import mount

        mount(app)
        app.include_router(case_views.router)
    return app


def served_app() -> FastAPI:
    """The app of one `supplyscreen serve --workers N` worker process (uvicorn's factory).

    The supervising process has already migrated the store and marked interrupted screenings, so
    a worker only connects, then loads the registry, name index and default screener before it
    takes its first request (a cold one costs about a second).
    """
    from supplyscreen import library
    from supplyscreen.policy import DEFAULT_POLICY
    from supplyscreen.store import open_store, screenings

    _die_with_parent()
    st = open_store(migrate=False)
    screenings.warm_screener(library.load_registry(), DEFAULT_POLICY, None)
    library.match("Huawei Technologies")  # builds or loads the name index
    return create_app(st)


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the supervising process dies, even by SIGKILL: a worker
    left behind would finish a screening the restarted server has already marked interrupted."""
    import sys

    if not sys.platform.startswith("linux"):
        return
    import contextlib
    import ctypes
    import signal

    pr_set_pdeathsig = 1  # <linux/prctl.h>
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
