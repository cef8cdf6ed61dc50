"""The ASGI application: middleware, error handling, and the three routers."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from civcas.errors import FieldError, IntakeError
from civcas.ledger.database import open_engine
from civcas.ledger.versions import EditConflict
from civcas.settings import match_rule, secure_cookies
from civcas.web.cache import LedgerFigures, PublicAnswers
from civcas.web.deps import SAFE_METHODS

STATIC = Path(__file__).with_name("static")
SECRET_VARIABLE = "CIVCAS_SECRET_KEY"
LOG = logging.getLogger("civcas.web")

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# Requests inside the app at once per process (`Admission`); the others wait, holding nothing.
# Python threads share one core, so more at once only make every request slower, and each holds
# a database connection meanwhile: with the default 40 threads the pool ran dry under load and
# requests failed after 30 s. Writes have their own places: behind a hundred readers, analysts
# waited seconds for each save. The pool has a connection for each, and one each for the
# revision check of the public cache.
READS_AT_ONCE = 8
WRITES_AT_ONCE = 2
POOL = {
    "pool_size": READS_AT_ONCE + WRITES_AT_ONCE,
    "max_overflow": READS_AT_ONCE + WRITES_AT_ONCE + 2,
}
SESSION_COOKIE = "civcas_session"
SESSION_MAX_AGE = 8 * 3600  # as long as a sign-in lasts on the server (accounts.SESSION_LIFETIME)
# Browsers that saw this over HTTPS use only HTTPS for the site (and its subdomains) for a year.
HSTS = "max-age=31536000; includeSubDomains"
# Swagger UI loads its own inline script and CDN-less assets; its page gets a looser policy.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """ASGI middleware setting the security headers on every response (a plain ASGI wrapper:
    Starlette's BaseHTTPMiddleware would cost every request a task and a stream).

    Over HTTPS (or always, with `secure`: a proxy in front ends TLS), answers also carry
    Strict-Transport-Security, and the session cookie is marked Secure even when the setting is
    off, so that a browser never sends it back over plain http."""

    def __init__(self, app: ASGIApp, secure: bool = False) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.update(SECURITY_HEADERS)
                if scope["path"] == "/api/docs":
                    headers["Content-Security-Policy"] = DOCS_CSP
                if https or self.secure:
                    headers["Strict-Transport-Security"] = HSTS
                if https and not self.secure:
                    message["headers"] = [
                        _secure_cookie(name, value) for name, value in headers.raw
                    ]
            await send(message)

        await self.app(scope, receive, with_headers)


class Admission:
    """ASGI middleware letting at most `reads` reading and `writes` writing requests into the
    app at once; the others wait their turn in their own queue (first come, first served)
    before any of them holds a connection."""

    def __init__(self, app: ASGIApp, reads: int, writes: int) -> None:
        self.app, self.limits = app, {"read": reads, "write": writes}
        self.queues: dict[str, anyio.Semaphore] = {}  # made in the server's event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        kind = "read" if scope["method"] in SAFE_METHODS else "write"
        if kind not in self.queues:
            self.queues[kind] = anyio.Semaphore(self.limits[kind])
        async with self.queues[kind]:
            await self.app(scope, receive, send)


def _secure_cookie(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    """A Set-Cookie header of the session cookie, marked Secure if it is not already."""
    if (
        name.lower() == b"set-cookie"
        and value.startswith(SESSION_COOKIE.encode() + b"=")
        and b"; secure" not in value.lower()
    ):
        return name, value + b"; secure"
    return name, value


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def problem(
    request: Request,
    status: int,
    message: str,
    headers: Mapping[str, str] | None = None,
    **extra: object,
) -> Response:
    """An error a person can act on: JSON for the API, a page for the browser."""
    if wants_json(request):
        return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)
    from civcas.web.templating import render

    page = render(request, "error.html", {"status": status, "message": message, **extra}, status)
    page.headers.update(headers or {})
    return page


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return problem(request, error.status_code, str(error.detail), error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or "request", "message": e["msg"]}
            for e in error.errors()
        ]
        first = problems[0] if problems else {"field": "request", "message": "invalid request"}
        return problem(request, 422, f"{first['field']}: {first['message']}", problems=problems)

    @app.exception_handler(FieldError)
    async def refused(request: Request, error: FieldError) -> Response:
        status = 409 if isinstance(error, EditConflict) else 400
        return problem(request, status, f"{error.field}: {error.message}", field=error.field)

    @app.exception_handler(IntakeError)
    async def refused_rows(request: Request, error: IntakeError) -> Response:
        problems = [
            {"location": e.location, "field": e.field, "message": e.reason} for e in error.errors
        ]
        message = "; ".join(f"{e.field}: {e.reason}" for e in error.errors)
        return problem(request, 422, message, problems=problems)

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception) -> Response:
        LOG.exception("unhandled error on %s", request.url.path)
        return problem(request, 500, "something went wrong on our side; it has been logged")


def create_app(
    database_url: str | None = None,
    secret_key: str | None = None,
    secure: bool | None = None,
) -> FastAPI:
    """The site for the ledger at `database_url` (resolved like the CLI's `--db`); `secure`
    (default: $CIVCAS_SECURE_COOKIES, off) marks the session cookie Secure and sends HSTS."""
    from civcas.web import api, pages, workspace
    from civcas.web.workspace_support import SignInLimit

    engine = open_engine(database_url, **POOL)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()  # close pooled connections when the server (or a test client) stops

    app = FastAPI(
        lifespan=lifespan,
        title="civcas",
        summary="Civilian-casualty allegations: the register, statements and tallies.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.engine = engine
    app.state.match_rule = match_rule()  # what `civcas match` applies, shown on the methodology
    # Failed sign-ins per name and address, in this process's memory (see SignInLimit).
    app.state.sign_in_limit = SignInLimit()
    app.state.ledger_figures = LedgerFigures()  # dashboard, statements, tallies
    secret = secret_key or os.environ.get(SECRET_VARIABLE) or secrets.token_urlsafe(32)
    secure = secure_cookies() if secure is None else secure
    app.add_middleware(PublicAnswers, engine=engine)  # inside the session middleware: reads it
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=secure,
    )

    app.add_middleware(SecurityHeaders, secure=secure)
    # Outermost: waiting requests hold nothing.
    app.add_middleware(Admission, reads=READS_AT_ONCE, writes=WRITES_AT_ONCE)

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> Response:
        """Swagger UI from the npm-installed copy: the docs work offline."""
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="civcas API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(workspace.router)
    app.include_router(pages.router)
    return app
