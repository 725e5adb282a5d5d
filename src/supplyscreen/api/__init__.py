"""The REST API (FastAPI). ``create_app`` builds it on a store; pydantic lives only here."""
