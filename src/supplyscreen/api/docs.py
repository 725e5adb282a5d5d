"""The API's documentation pages, /docs (Swagger UI) and /redoc (ReDoc), from this server.

FastAPI's own pages load their scripts from a CDN: blank on a machine offline, and a script of
whatever version the CDN serves running on the application's origin. The scripts come here from
the installed ``fastapi-offline`` package (its licences are in the package), and the page's start
is a file of ours, so the pages work under the security policy that allows no inline script.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

HERE = Path(__file__).parent


def _assets() -> Path | None:
    """The folder of Swagger UI's and ReDoc's scripts in the installed package, if it is installed."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static"
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def _page(title: str, head: str, body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">{head}</head>{body}</html>')


def mount(app: FastAPI) -> None:
    """/docs and /redoc on ``app``; without the assets' package, a page saying what to install."""
    folder = _assets()
    spec = app.openapi_url or "/openapi.json"
    if folder is None:
        missing = _page("API documentation", "", "<body><p>The API's documentation pages need the service "
                        "extra: <code>pip install 'supplyscreen[service]'</code>. The API's description is at "
                        f'<a href="{spec}">{spec}</a>.</p></body>')

        @app.get("/docs", include_in_schema=False)
        @app.get("/redoc", include_in_schema=False)
        def no_docs() -> HTMLResponse:
            return HTMLResponse(missing, status_code=503)

        return
    app.mount("/docs-assets", StaticFiles(directory=str(folder)), name="docs-assets")
    app.mount("/docs-start", StaticFiles(directory=str(HERE / "static")), name="docs-start")
    swagger = _page(
        f"{app.title} · API", '<link rel="stylesheet" href="/docs-assets/swagger-ui.css">',
        f'<body data-openapi="{spec}"><div id="swagger-ui"></div>'
        '<script src="/docs-assets/swagger-ui-bundle.js"></script><script src="/docs-start/swagger-init.js"></script>'
        "</body>")
    redoc = _page(f"{app.title} · API", "", f'<body><redoc spec-url="{spec}"></redoc>'
                  '<script src="/docs-assets/redoc.standalone.js"></script></body>')

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(swagger)

    @app.get("/redoc", include_in_schema=False)
    def redoc_page() -> HTMLResponse:
        return HTMLResponse(redoc)
