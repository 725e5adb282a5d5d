"""The command line's faces, one module per area; ``supplyscreen.cli`` is the root that mounts them.

Each module has ``register(app)``, which adds its commands or groups to the root typer app. Nothing
but ``supplyscreen.cli`` imports these modules; they import the service and the library below them.
Heavy stacks (SQLAlchemy, FastAPI, uvicorn) load inside the commands, so ``check`` and ``match``
start without them.
"""
