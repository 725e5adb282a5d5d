"""Server-rendered pages (Jinja) on the same app and store as the API."""
