"""The Starlette application: routes of every provider module behind the front-door middleware."""

import os

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse

from . import dataplane, routes, tokens
from .arm import ArmError, error_body
from .config import DB_FILE, REQUEST_LOG_FILE, Settings, private_dir, private_file
from .middleware import StandinMiddleware
from .store import Store


async def _arm_error(request, exc):
    return exc.response()


async def _http_error(request, exc):
    path = request.url.path
    if exc.status_code == 405:
        body = error_body('MethodNotAllowed', "The method '{}' is not allowed on '{}'.".format(request.method, path))
    elif '/providers/' in path:
        body = error_body('InvalidResourceType', "The resource type of '{}' is not served by the ARM stand-in "
                                                 "(method {}).".format(path, request.method))
    else:
        body = error_body('NotFound', "The path '{}' is not served by the ARM stand-in.".format(path))
    return JSONResponse(body, status_code=exc.status_code)


async def _server_error(request, exc):
    return JSONResponse(error_body('InternalServerError', 'The ARM stand-in failed on this request ({}: {}); see '
                                   'server.log.'.format(type(exc).__name__, exc)), status_code=500)


def build_app(state_dir, settings=None):
    """An ASGI app keeping its state in `state_dir` (SQLite `standin.db`, `requests.jsonl`)."""
    settings = settings or Settings.from_env()
    private_dir(state_dir)
    signing_key = tokens.ensure_signing_key(state_dir)
    # SQLite gives its -wal and -shm files the database file's mode
    store = Store(private_file(os.path.join(state_dir, DB_FILE)))
    routes.seed(store)
    app = Starlette(routes=routes.all_routes(),
                    exception_handlers={ArmError: _arm_error, HTTPException: _http_error,
                                        Exception: _server_error})
    app.router.redirect_slashes = False
    app.state.store = store
    app.state.settings = settings
    app.state.signing_key = signing_key
    # EMULATOR_DATA_PLANE=1: gRPC endpoints
    app.state.dataplane = dataplane.from_env(state_dir, store, signing_key=signing_key)
    wrapped = StandinMiddleware(app, settings, private_file(os.path.join(state_dir, REQUEST_LOG_FILE)),
                                routes.public_patterns(), routes.graph_patterns(), signing_key, store)
    return wrapped
