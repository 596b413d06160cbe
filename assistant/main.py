"""The FastAPI application: loads the index once at start-up and serves the API and the web pages."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError

from .admin import router as admin_router
from .api import router
from .chat_api import router as chat_router
from .engine import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from .errors import InputError, http_error_handler, input_error_handler, validation_handler
from .settings import Settings, get_settings
from .web_routes import install_web

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """The app. ``engine`` is loaded from settings at start-up unless one is given (tests)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "engine", None) is None:
            app.state.engine = Engine.from_settings(settings or get_settings())
        yield

    # No /docs or /redoc: FastAPI's pages load their UI from a CDN, and no page of ours may make a
    # third-party request. The machine-readable description stays at /openapi.json.
    app = FastAPI(title="Engagement-Assistent Kaufbeuren-aktiv", version="0.1.0", lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.engine = engine
    app.add_exception_handler(RequestValidationError, validation_handler)
    app.add_exception_handler(InputError, input_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)
    app.include_router(router)
    app.include_router(chat_router)
    app.include_router(admin_router)
    install_web(app, settings)  # pages, widget, staff login, archive search, security headers, CORS

    return app
