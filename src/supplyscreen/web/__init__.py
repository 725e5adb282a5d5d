"""Server-rendered pages (Jinja) on the same app and store as the API. Pages call ``service/``; what
they share with the API is in ``supplyscreen.http``; they never import ``api/``."""
