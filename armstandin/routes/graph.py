"""Microsoft Graph v1.0, as much as az 2.91 needs for `--assignee` and `az ad signed-in-user show`.

- GET  /v1.0/me
- GET  /v1.0/users[?$filter=...], /v1.0/users/{id or UPN}
- GET  /v1.0/servicePrincipals[?$filter=...], /v1.0/servicePrincipals/{id}
- GET  /v1.0/applications[?$filter=...], /v1.0/applications/{id}
- GET  /v1.0/directoryObjects/{id}
- POST /v1.0/directoryObjects/getByIds   {"ids": [...], "types": [...]}

$filter: clauses joined by `and`: `<property> eq '<value>'` (userPrincipalName, displayName, mail, appId, id,
servicePrincipalType), `startswith(displayName,'<prefix>')`, `servicePrincipalNames/any(c:c eq '<value>')`.
Errors have Graph's shape ({"error": {"code", "message", "innerError"}}).
"""

import json
import re
import time
import uuid

from starlette.responses import JSONResponse

from .. import constants as c
from .. import directory
from ..arm import ArmRoute, caller, ctx

GRAPH_CONTEXT = 'https://graph.microsoft.com/v1.0/$metadata#'


def graph_error(status, code, message):
    return JSONResponse({'error': {'code': code, 'message': message, 'innerError': {
        'date': time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime()), 'request-id': str(uuid.uuid4()),
        'client-request-id': str(uuid.uuid4())}}}, status_code=status)


def _not_found(key):
    return graph_error(404, 'Request_ResourceNotFound',
                       "Resource '{}' does not exist or one of its queried reference-property objects are not "
                       "present.".format(key))


def _application_object_id(app_id):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, 'armstandin/application/' + app_id))


def render_user(p):
    return {'businessPhones': [], 'displayName': p['displayName'], 'givenName': p.get('givenName'),
            'jobTitle': None, 'mail': p['userPrincipalName'], 'mobilePhone': None, 'officeLocation': None,
            'preferredLanguage': None, 'surname': p.get('surname'), 'userPrincipalName': p['userPrincipalName'],
            'id': p['id']}


def render_service_principal(p):
    return {'id': p['id'], 'accountEnabled': True, 'alternativeNames': list(p.get('alternativeNames') or []),
            'appDisplayName': p['displayName'], 'appId': p['appId'], 'appOwnerOrganizationId': c.TENANT_ID,
            'displayName': p['displayName'], 'servicePrincipalNames': p['servicePrincipalNames'],
            'servicePrincipalType': p.get('servicePrincipalType', 'Application'), 'signInAudience': 'AzureADMyOrg',
            'tags': []}


def render_application(p):
    return {'id': _application_object_id(p['appId']), 'appId': p['appId'], 'displayName': p['displayName'],
            'identifierUris': [], 'signInAudience': 'AzureADMyOrg', 'passwordCredentials': [],
            'keyCredentials': [], 'publisherDomain': c.TENANT_DOMAIN}


def render_object(p):
    if p['kind'] == 'user':
        return {'@odata.type': '#microsoft.graph.user', **render_user(p)}
    return {'@odata.type': '#microsoft.graph.servicePrincipal', **render_service_principal(p)}


_CLAUSES = [
    (re.compile(r"^(\w+)\s+eq\s+'(.*)'$", re.I), lambda m, p: str(_prop(p, m.group(1))).lower() == _unq(m.group(2))),
    (re.compile(r"^startswith\(\s*(\w+)\s*,\s*'(.*)'\s*\)$", re.I),
     lambda m, p: str(_prop(p, m.group(1)) or '').lower().startswith(_unq(m.group(2)))),
    (re.compile(r"^servicePrincipalNames/any\(\s*(\w+)\s*:\s*\1\s+eq\s+'(.*)'\s*\)$", re.I),
     lambda m, p: _unq(m.group(2)) in [n.lower() for n in p.get('servicePrincipalNames', [])]),
]


def _unq(value):
    return value.replace("''", "'").lower()


def _prop(p, name):
    view = render_user(p) if p['kind'] == 'user' else render_service_principal(p)
    return next((v for k, v in view.items() if k.lower() == name.lower()), None)


def _matcher(flt):
    """A predicate for a $filter, or None when the filter is not supported."""
    if not flt:
        return lambda p: True
    tests = []
    for clause in re.split(r'\s+and\s+', flt.strip(), flags=re.I):
        clause = clause.strip()
        for pattern, test in _CLAUSES:
            m = pattern.fullmatch(clause)
            if m:
                tests.append((m, test))
                break
        else:
            return None
    return lambda p: all(test(m, p) for m, test in tests)


def _is_user(p):
    return p['kind'] == 'user'


def _is_service_principal(p):
    return p['kind'] == 'servicePrincipal'


def _is_application(p):
    return _is_service_principal(p) and p.get('servicePrincipalType', 'Application') == 'Application'


def _list(request, select, render, context):
    store, _ = ctx(request)
    flt = request.query_params.get('$filter')
    match = _matcher(flt)
    if match is None:
        return graph_error(400, 'Request_UnsupportedQuery', "Unsupported query: '{}'.".format(flt))
    items = [render(p) for p in directory.all_principals(store) if select(p) and match(p)]
    return JSONResponse({'@odata.context': GRAPH_CONTEXT + context, 'value': items})


async def me(request):
    store, _ = ctx(request)
    p = directory.get(store, caller(request)['oid'])
    if p is None or p['kind'] != 'user':
        return graph_error(400, 'BadRequest', '/me request is only valid with delegated authentication flow.')
    return JSONResponse({'@odata.context': GRAPH_CONTEXT + 'users/$entity', **render_user(p)})


async def list_users(request):
    return _list(request, _is_user, render_user, 'users')


async def get_user(request):
    store, _ = ctx(request)
    key = request.path_params['key']
    p = directory.by_upn(store, key) if '@' in key else directory.get(store, key)
    if p is None or p['kind'] != 'user':
        return _not_found(key)
    return JSONResponse({'@odata.context': GRAPH_CONTEXT + 'users/$entity', **render_user(p)})


async def list_service_principals(request):
    return _list(request, _is_service_principal, render_service_principal, 'servicePrincipals')


async def get_service_principal(request):
    store, _ = ctx(request)
    key = request.path_params['key']
    p = directory.get(store, key)
    if p is None or p['kind'] != 'servicePrincipal':
        return _not_found(key)
    return JSONResponse({'@odata.context': GRAPH_CONTEXT + 'servicePrincipals/$entity',
                         **render_service_principal(p)})


async def list_applications(request):
    return _list(request, _is_application, render_application, 'applications')


async def get_application(request):
    store, _ = ctx(request)
    key = request.path_params['key'].lower()
    p = next((p for p in directory.all_principals(store)
              if _is_application(p) and _application_object_id(p['appId']) == key), None)
    if p is None:
        return _not_found(key)
    return JSONResponse({'@odata.context': GRAPH_CONTEXT + 'applications/$entity', **render_application(p)})


async def get_directory_object(request):
    store, _ = ctx(request)
    p = directory.get(store, request.path_params['key'])
    if p is None:
        return _not_found(request.path_params['key'])
    return JSONResponse({'@odata.context': GRAPH_CONTEXT + 'directoryObjects/$entity', **render_object(p)})


async def get_by_ids(request):
    store, _ = ctx(request)
    try:
        body = json.loads(await request.body() or b'{}')
    except ValueError:
        return graph_error(400, 'BadRequest', 'Invalid request body.')
    ids = body.get('ids') if isinstance(body, dict) else None
    if not isinstance(ids, list):
        return graph_error(400, 'Request_BadRequest', "The 'ids' parameter is required.")
    kinds = {t.lower() for t in body.get('types') or []}
    found = []
    for oid in ids:
        p = directory.get(store, str(oid))
        if p is None:
            continue
        kind = 'user' if p['kind'] == 'user' else 'serviceprincipal'
        if kinds and kind not in kinds and 'directoryobject' not in kinds:
            continue
        found.append(render_object(p))
    return JSONResponse({'@odata.context': GRAPH_CONTEXT + 'directoryObjects', 'value': found})


def routes():
    return [
        ArmRoute('/v1.0/me', me, methods=['GET']),
        ArmRoute('/v1.0/users', list_users, methods=['GET']),
        ArmRoute('/v1.0/users/{key}', get_user, methods=['GET']),
        ArmRoute('/v1.0/servicePrincipals', list_service_principals, methods=['GET']),
        ArmRoute('/v1.0/servicePrincipals/{key}', get_service_principal, methods=['GET']),
        ArmRoute('/v1.0/applications', list_applications, methods=['GET']),
        ArmRoute('/v1.0/applications/{key}', get_application, methods=['GET']),
        ArmRoute('/v1.0/directoryObjects/getByIds', get_by_ids, methods=['POST']),
        ArmRoute('/v1.0/directoryObjects/{key}', get_directory_object, methods=['GET']),
    ]


GRAPH_PATTERNS = (r'^/(v1\.0|beta)(/|$)',)
