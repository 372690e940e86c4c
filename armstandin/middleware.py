"""What ARM's front door does before a provider sees a request, as one ASGI middleware:

1. normalise the path (`//` -> `/`, no trailing `/`);
2. fault injection (EMULATOR_FAULT_RATE, seeded): 429 or 503 + Retry-After, before anything else, for ARM
   requests only (not Entra ID, not Graph). POST and PATCH get 503, which azure-core retries for them;
   other methods 429 or 503;
3. authentication: ARM and Graph requests need `Authorization: Bearer <JWT>`, verified (tokens.py): signed
   with this state folder's key, not expired, for the seeded tenant and for this front door's audience (ARM:
   https://management.core.windows.net/ or https://management.azure.com; Graph: https://graph.microsoft.com or
   the stand-in's own URL). Else 401 with ARM's (or Graph's) error body. The caller ({'oid', 'name', 'type'})
   goes to `scope['state']['caller']`;
4. authorization (rbac.py): an ARM write (PUT, PATCH, DELETE, POST), and a read under a subscription, need a
   role assigned to the caller at or above the request's scope whose actions cover the request's action, else
   403 AuthorizationFailed in ARM's words (a Reader reads but does not write; a Contributor writes but not role
   assignments; a principal without a role reads nothing);
5. the request log: one JSON line per request in <state>/requests.jsonl (mode 0600)
   ({"time", "method", "path", "query", "body" (JSON or null), "status"}). App-setting values are secrets as
   often as not: a site's appsettings, `siteConfig.appSettings`, a container app's env and secret values are
   logged as REDACTED (the names stay).
"""

import json
import random
import re
import sys
import threading
import time
import traceback
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse

from . import constants as c
from .arm import error_body, iso
from . import rbac
from .tokens import ARM_AUDIENCES, GRAPH_AUDIENCES, TokenError, caller_from_claims, verify_access_token


_UNDER_SUBSCRIPTION = re.compile(r'^/subscriptions/[^/]+(/|$)', re.I)
REDACTED = '<redacted>'
_APP_SETTINGS_PATH = re.compile(r'/providers/microsoft\.web/sites/[^/]+(/slots/[^/]+)?/config/'
                                r'(appsettings|connectionstrings)$', re.I)
_SITE_PATH = re.compile(r'/providers/microsoft\.web/sites/[^/]+(/slots/[^/]+)?$', re.I)
_CONTAINER_APP_PATH = re.compile(r'/providers/microsoft\.app/(containerapps|jobs)/[^/]+$', re.I)


def _redact_pairs(items, key='value'):
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and key in item:
            item[key] = REDACTED


def redact_body(path, body):
    """`body` (parsed JSON) without app-setting values, for the request log."""
    if not isinstance(body, dict):
        return body
    props = body.get('properties')
    if _APP_SETTINGS_PATH.search(path) and isinstance(props, dict):
        body['properties'] = {name: (REDACTED if not isinstance(value, dict) else
                                     dict(value, value=REDACTED) if 'value' in value else value)
                              for name, value in props.items()}
    elif _SITE_PATH.search(path) and isinstance(props, dict):
        config = props.get('siteConfig')
        if isinstance(config, dict):
            _redact_pairs(config.get('appSettings'))
            _redact_pairs(config.get('connectionStrings'), 'connectionString')
    elif _CONTAINER_APP_PATH.search(path) and isinstance(props, dict):
        template = props.get('template') or {}
        for group in ('containers', 'initContainers'):
            for container in template.get(group) or [] if isinstance(template, dict) else []:
                if isinstance(container, dict):
                    _redact_pairs(container.get('env'))
        configuration = props.get('configuration') or {}
        if isinstance(configuration, dict):
            _redact_pairs(configuration.get('secrets'))
    return body


# Graph words its 401s itself (code InvalidAuthenticationToken for every reason).
_GRAPH_TOKEN_TEXTS = {
    'invalid': 'Access token validation failure.',
    'expired': 'Lifetime validation failed, the token is expired.',
    'audience': 'Access token validation failure. Invalid audience.',
    'tenant': 'Access token validation failure. Invalid issuer.',
}


class StandinMiddleware:
    def __init__(self, app, settings, log_path, public_patterns, graph_patterns, signing_key, store):
        self.app = app
        self.store = store
        self.settings = settings
        self.signing_key = signing_key
        self.log_path = log_path
        self._public = [re.compile(p, re.I) for p in public_patterns]
        self._graph = [re.compile(p, re.I) for p in graph_patterns]
        self._rng = random.Random(settings.fault_seed)
        self._lock = threading.Lock()

    def kind(self, path):
        if any(p.search(path) for p in self._public):
            return 'public'
        if any(p.search(path) for p in self._graph):
            return 'graph'
        return 'arm'

    async def __call__(self, scope, receive, send):
        if scope['type'] != 'http':
            return await self.app(scope, receive, send)
        path = re.sub('/{2,}', '/', scope['path'])
        if len(path) > 1:
            path = path.rstrip('/')
        scope = dict(scope, path=path, raw_path=path.encode('utf-8'))
        scope.setdefault('state', {})

        chunks, more = [], True
        while more:
            message = await receive()
            if message['type'] != 'http.request':
                break
            chunks.append(message.get('body', b''))
            more = message.get('more_body', False)
        raw = b''.join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {'type': 'http.request', 'body': raw, 'more_body': False}
            return await receive()

        logged = {'done': False}

        async def capture(message):
            # log before the response leaves: a client that has its answer finds the line in the file
            if message['type'] == 'http.response.start' and not logged['done']:
                logged['done'] = True
                self._log(scope, raw, message['status'])
            await send(message)

        kind = self.kind(path)
        try:
            early = self._fault(scope, kind) or self._authenticate(scope, kind) or self._authorize(scope, kind)
            if early is not None:
                await early(scope, replay, capture)
            else:
                await self.app(scope, replay, capture)
        except Exception:  # pylint: disable=broad-except
            traceback.print_exc(file=sys.stderr)
            if not logged['done']:
                await JSONResponse(error_body('InternalServerError', 'The ARM stand-in failed on this request; '
                                              'see server.log.'), status_code=500)(scope, replay, capture)

    # --- faults -----------------------------------------------------------------------------------------

    def _fault(self, scope, kind):
        if kind != 'arm' or self.settings.fault_rate <= 0:
            return None
        with self._lock:
            hit = self._rng.random() < self.settings.fault_rate
            code = self._rng.choice((429, 503))
        if not hit:
            return None
        if scope['method'] in ('POST', 'PATCH'):
            code = 503  # azure-core retries POST/PATCH on 503 but not on 429
        retry = self.settings.retry_after_header(cap=1)
        if code == 429:
            body = error_body('SubscriptionRequestsThrottled',
                              "Number of '{}' requests for subscription '{}' exceeded the limit. Please try again "
                              "after '{}' seconds.".format(scope['method'], c.SUBSCRIPTION_ID, retry))
        else:
            body = error_body('ServiceUnavailable', 'The service is temporarily unavailable. Please retry the '
                                                    'request later.')
        return JSONResponse(body, status_code=code, headers={'Retry-After': retry})

    # --- authentication -----------------------------------------------------------------------------------

    def _authenticate(self, scope, kind):
        if kind == 'public':
            return None
        header = ''
        for name, value in scope.get('headers', []):
            if name.lower() == b'authorization':
                header = value.decode('latin-1')
        if not header:
            return self._unauthorized(kind, 'AuthenticationFailed',
                                      "Authentication failed. The 'Authorization' header is missing.")
        scheme, _, token = header.partition(' ')
        if scheme.lower() != 'bearer' or not token.strip():
            return self._unauthorized(kind, 'AuthenticationFailed', "Authentication failed. The 'Authorization' "
                                                                    "header is provided in an invalid format.")
        try:
            claims = verify_access_token(token.strip(), self.signing_key, self._audiences(scope, kind))
        except TokenError as ex:
            if kind == 'graph':
                return self._unauthorized(kind, 'InvalidAuthenticationToken', _GRAPH_TOKEN_TEXTS[ex.reason])
            return self._unauthorized(kind, ex.code, ex.message)
        scope['state']['caller'] = caller_from_claims(claims)
        scope['state']['claims'] = claims
        return None

    # --- authorization ------------------------------------------------------------------------------------

    _WRITES = ('PUT', 'PATCH', 'DELETE', 'POST')
    _READS = ('GET', 'HEAD')

    def _authorize(self, scope, kind):
        """Writes anywhere, and reads under a subscription (the subscription and tenant lists are not checked),
        need a role whose actions cover the request's action at or above its scope."""
        method, path = scope['method'], scope['path']
        if kind != 'arm':
            return None
        if method not in self._WRITES and not (method in self._READS and _UNDER_SUBSCRIPTION.match(path)):
            return None
        action = rbac.arm_action(method, path)
        who = scope['state']['caller']
        if action is None or rbac.permitted(self.store, who['oid'], action, path):
            return None
        return JSONResponse(error_body('AuthorizationFailed', rbac.authorization_failed_message(who, action, path)),
                            status_code=403)

    @staticmethod
    def _audiences(scope, kind):
        if kind != 'graph':
            return ARM_AUDIENCES
        host = next((value.decode('latin-1') for name, value in scope.get('headers', []) if name.lower() == b'host'),
                    '')
        own = 'https://' + host if host else None
        return GRAPH_AUDIENCES + ((own, own + '/') if own else ())

    @staticmethod
    def _unauthorized(kind, code, message):
        if kind == 'graph':
            from .routes.graph import graph_error
            return graph_error(401, 'InvalidAuthenticationToken', message)
        challenge = ('Bearer authorization_uri="https://login.windows.net/", error="invalid_token", '
                     'error_description="{}"'.format(message.replace('"', "'")))
        return JSONResponse(error_body(code, message), status_code=401, headers={'WWW-Authenticate': challenge})

    # --- request log -------------------------------------------------------------------------------------------

    def _log(self, scope, raw, status):
        try:
            body = redact_body(scope['path'], json.loads(raw)) if raw.strip() else None
        except ValueError:
            body = None
        query = dict(parse_qsl(scope.get('query_string', b'').decode('latin-1'), keep_blank_values=True))
        line = json.dumps({'time': iso(time.time()), 'method': scope['method'], 'path': scope['path'],
                           'query': query, 'body': body, 'status': status})
        with self._lock:
            with open(self.log_path, 'a', encoding='utf-8') as f:
                f.write(line + '\n')
