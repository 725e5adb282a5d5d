"""The application factory: the REST API (``api/``), and the web pages (``web/``) when asked for, on
one store, with the request limits, the trusted tokens and the screening processes they share."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import AsyncIterator, Iterator

import anyio
from fastapi import FastAPI

from supplyscreen import library, settings
from supplyscreen.api.deps import TrustedTokens
from supplyscreen.service import screenings
from supplyscreen.service.limits import Buckets, Limits, ScreeningBudget
from supplyscreen.service.pool import ScreeningPool
from supplyscreen.store.db import Store


def create_app(store: Store, web: bool = True, upload_limit: int | None = None,
               limits: Limits | None = None, screening_processes: int = 0, job_workers: int = 0,
               budget: ScreeningBudget | None = None) -> FastAPI:
    """The service on ``store``. With ``screening_processes`` the screenings run in that many
    processes of their own (started with the app, stopped with it), each screening within
    ``budget`` (the settings' by default); without, in threads here. ``job_workers`` threads here
    take queued jobs (queued screenings, portfolio re-screens, webhook deliveries;
    ``service/jobs.py``), as ``supplyscreen worker`` does on other hosts."""
    from supplyscreen.api import admin, docs, intel
    from supplyscreen.api.case_routes import router as case_router
    from supplyscreen.api.guard import Guard
    from supplyscreen.api.rescreen_routes import router as rescreen_router
    from supplyscreen.api.routes import router

    conf = settings.load()
    if budget is None:
        budget = ScreeningBudget(conf.screening_cpu_seconds, conf.screening_memory_mb << 20)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with background_jobs(store, job_workers):
            async with _pool(app):
                yield

    @contextlib.asynccontextmanager
    async def _pool(app: FastAPI) -> AsyncIterator[None]:
        if not screening_processes:
            # The registry now, not on the first events or registry page (1.3 s for a million-row
            # store's first events page, benchmarks/README.md); loaded once per process.
            await anyio.to_thread.run_sync(library.load_registry)
            yield
            return
        pool = ScreeningPool(store, screening_processes, budget)
        # On this thread, not a worker thread: Linux kills a screening process when the thread
        # that started it ends (the parent-death signal follows the thread), and this one serves
        # until the server stops. Nothing is served while they start.
        pool.start()
        screenings.warm_up()  # this process answers the registry, entity and match pages
        app.state.screening_pool = pool
        try:
            yield
        finally:
            app.state.screening_pool = None
            await anyio.to_thread.run_sync(pool.close)

    app = FastAPI(title="supplyscreen", version="1", lifespan=lifespan, docs_url=None, redoc_url=None, description=(
        "Screen ICT items, bills of materials and device inventories against supply-chain exclusion rules; "
        "review the findings; follow restriction events in the news; keep an audit trail."))
    app.state.store = store
    app.state.upload_limit = upload_limit or conf.upload_limit
    app.state.buckets = Buckets.of(limits or Limits())
    app.state.trusted_tokens = TrustedTokens()
    app.state.screening_pool = None
    app.include_router(router)
    app.include_router(intel.router)
    app.include_router(case_router)
    app.include_router(rescreen_router)
    app.include_router(admin.router)
    app.include_router(admin.me_router)
    docs.mount(app)
    # Outermost: who is asking, and how large the body is, before anything reads it.
    app.add_middleware(Guard, store=store, upload_limit=app.state.upload_limit)
    if web:
        from supplyscreen.web import admin_views, case_views, rescreen_views
        from supplyscreen.web.views import mount

        mount(app)
        app.include_router(case_views.router)
        app.include_router(rescreen_views.router)
        app.include_router(admin_views.router)
    return app


@contextlib.contextmanager
def background_jobs(store: Store, threads: int) -> Iterator[None]:
    """``threads`` job workers on this process for as long as the block runs."""
    if not threads:
        yield
        return
    from supplyscreen.service import jobs

    stop = threading.Event()
    workers = [threading.Thread(target=jobs.work, args=(store, f"{jobs.worker_name()}:{n}"),
                                kwargs={"stop": stop}, name=f"jobs-{n}", daemon=True) for n in range(threads)]
    for t in workers:
        t.start()
    try:
        yield
    finally:
        stop.set()
        for t in workers:
            t.join(timeout=60)  # a job in progress finishes, or its lease runs out for another worker
