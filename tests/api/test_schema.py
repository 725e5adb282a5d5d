"""schemathesis against the OpenAPI schema: no 5xx on any generated request, and every status
returned is one the schema documents."""

from __future__ import annotations

import pytest

pytest.importorskip("schemathesis", reason="schemathesis is not installed")
pytest.importorskip("fastapi", reason="the service extra is not installed")

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import status_code_conformance

from supplyscreen.server import create_app
from supplyscreen.service import users
from supplyscreen.service.screenings import warm_up
from supplyscreen.store import open_store


def _app():  # type: ignore[no-untyped-def]
    import tempfile

    st = open_store(f"sqlite:///{tempfile.mkdtemp(prefix='supplyscreen-schema-')}/s.db")
    with st.session() as s:
        u = users.create_user(s, "t", "admin", "long enough pw", "admin")
        token = users.issue_token(s, u, "api", "schemathesis")
    return create_app(st, web=False), token


APP, TOKEN = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    # Load the registry before the first generated request: a cold load on a busy host took longer
    # than schemathesis's 10 s request timeout, and the test is about the schema, not start-up.
    warm_up()


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case) -> None:  # type: ignore[no-untyped-def]
    response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
    case.validate_response(response, checks=(status_code_conformance,))
