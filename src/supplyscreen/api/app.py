"""The application factory: the API, and the web pages when asked for."""

from __future__ import annotations

from fastapi import FastAPI

from supplyscreen import settings
from supplyscreen.store.db import Store


def create_app(store: Store, web: bool = True, upload_limit: int | None = None) -> FastAPI:
    from supplyscreen.api.routes import router

    app = FastAPI(title="supplyscreen", version="1", description=(
        "Screen ICT items, bills of materials and device inventories against supply-chain exclusion rules; "
        "review the findings; keep an audit trail."))
    app.state.store = store
    app.state.upload_limit = upload_limit or settings.load().upload_limit
    app.include_router(router)
    if web:
        from supplyscreen.web.views import mount

        mount(app)
    return app
