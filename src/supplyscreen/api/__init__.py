"""The REST API (FastAPI routers); ``supplyscreen.server.create_app`` mounts it. Pydantic lives only
here. Endpoints call ``service/``; what they share with the web pages is in ``supplyscreen.http``."""
