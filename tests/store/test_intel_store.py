"""A team's articles and events in the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from supplyscreen.service import intel, screenings, users
from supplyscreen.service.verify import verify_chain
from supplyscreen.store import models as m

INTEL = Path(__file__).parent.parent / "assets" / "intel"


def _files() -> list[intel.Upload]:
    return [intel.Upload(p.name, p.read_bytes()) for p in sorted((INTEL / "batch").iterdir())
            if p.name in ("alpha_2031-03-04.txt", "beta_2031-03-05.html", "delta_2031-03-05.txt")]


def test_migrations_build_exactly_the_models(store) -> None:  # type: ignore[no-untyped-def]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import supplyscreen.service.cases  # noqa: F401  (its tables are in the same metadata)

    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), m.Base.metadata) == []


def test_events_follow_the_articles_and_keys_stay(store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as s:
        team = users.create_user(s, "red", "officer-red", "correct horse battery", "officer").team_id
        other = users.create_user(s, "blue", "officer-blue", "correct horse battery", "officer").team_id
    alpha, beta, delta = _files()
    (a,), _ = intel.add_articles(store, team, "officer-red", [alpha])
    with store.session() as s:
        (first,) = intel.events(s, team)
        key = first.key
        assert first.corroboration == 1 and first.jurisdiction == "CA"
    intel.add_articles(store, team, "officer-red", [beta, delta])
    with store.session() as s:
        ca = next(e for e in intel.events(s, team) if e.jurisdiction == "CA")
        assert ca.key == key and ca.corroboration == 3  # more outlets, same event, same key
        assert intel.events(s, other) == []
    with pytest.raises(screenings.NotFound):
        intel.delete_article(store, other, "officer-blue", a)
    intel.delete_article(store, team, "officer-red", a)
    with store.session() as s:
        ca = next(e for e in intel.events(s, team) if e.jurisdiction == "CA")
        assert ca.corroboration == 2
        v = verify_chain(s)
        assert v.ok, v.problem
        actions = [r.action for r in s.query(m.AuditRecord).order_by(m.AuditRecord.seq)]
        assert actions.count("intel.articles_added") == 2 and actions.count("intel.article_deleted") == 1


def test_a_team_keeps_a_bounded_number_of_articles(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(intel, "MAX_TEAM_ARTICLES", 2)
    with store.session() as s:
        team = users.create_user(s, "red", "officer-red", "correct horse battery", "officer").team_id
    with pytest.raises(intel.IntelError, match="at most 2"):
        intel.add_articles(store, team, "officer-red", _files())
    with store.session() as s:
        assert s.query(m.IntelArticle).count() == 0
