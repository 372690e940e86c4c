"""The directory (Entra ID) the stand-in knows: seeded users and service principals, plus any a
provider module adds at run time (e.g. a managed identity's service principal) via `add_principal`.

A principal is a plain dict:
    {'id': <object id>, 'kind': 'user' | 'servicePrincipal', 'displayName': ...,
     # users
     'userPrincipalName': ..., 'password': ...,
     # service principals
     'appId': ..., 'servicePrincipalType': 'Application' | 'ManagedIdentity', 'secret': ...,
     'servicePrincipalNames': [...], 'alternativeNames': [...]}
"""

import time

from . import constants as c

_KV_PREFIX = 'directory/'

SEEDED = (
    {'id': c.USER_OBJECT_ID, 'kind': 'user', 'displayName': c.USER_DISPLAY_NAME,
     'userPrincipalName': c.USER_UPN, 'givenName': 'Dev', 'surname': 'User', 'password': c.USER_PASSWORD},
    {'id': c.USER2_OBJECT_ID, 'kind': 'user', 'displayName': c.USER2_DISPLAY_NAME,
     'userPrincipalName': c.USER2_UPN, 'givenName': 'Ops', 'surname': 'User', 'password': c.USER_PASSWORD},
    {'id': c.LOGIN_APP_OBJECT_ID, 'kind': 'servicePrincipal', 'displayName': c.LOGIN_APP_DISPLAY_NAME,
     'appId': c.LOGIN_APP_ID, 'servicePrincipalType': 'Application', 'secret': c.LOGIN_APP_SECRET},
    {'id': c.WORKER_APP_OBJECT_ID, 'kind': 'servicePrincipal', 'displayName': c.WORKER_APP_DISPLAY_NAME,
     'appId': c.WORKER_APP_ID, 'servicePrincipalType': 'Application', 'secret': c.WORKER_APP_SECRET},
    {'id': c.READER_APP_OBJECT_ID, 'kind': 'servicePrincipal', 'displayName': c.READER_APP_DISPLAY_NAME,
     'appId': c.READER_APP_ID, 'servicePrincipalType': 'Application', 'secret': c.READER_APP_SECRET},
)


def _normalise(p):
    p = dict(p)
    if p['kind'] == 'servicePrincipal':
        names = list(p.get('servicePrincipalNames') or [])
        if p['appId'] not in names:
            names.insert(0, p['appId'])
        p['servicePrincipalNames'] = names
    return p


def all_principals(store=None):
    seeded = [_normalise(p) for p in SEEDED]
    added = [_normalise(v) for _, v in store.kv_list(_KV_PREFIX)] if store is not None else []
    return seeded + added


def add_principal(store, principal):
    """Add (or replace) a principal, e.g. the service principal of a new managed identity."""
    if principal.get('kind') not in ('user', 'servicePrincipal') or not principal.get('id'):
        raise ValueError('a principal needs an id and a kind of user or servicePrincipal')
    store.kv_set(_KV_PREFIX + principal['id'], principal)
    return _normalise(principal)


def remove_principal(store, object_id):
    store.kv_delete(_KV_PREFIX + object_id)


def _live(store):
    return all_principals(store)


def get(store, object_id):
    oid = (object_id or '').lower()
    return next((p for p in _live(store) if p['id'].lower() == oid), None)


def by_upn(store, upn):
    low = (upn or '').lower()
    return next((p for p in _live(store) if p.get('userPrincipalName', '').lower() == low), None)


def by_app_id(store, app_id):
    low = (app_id or '').lower()
    return next((p for p in _live(store) if p.get('appId', '').lower() == low), None)


def by_service_principal_name(store, name):
    low = (name or '').lower()
    return next((p for p in _live(store)
                 if any(n.lower() == low for n in p.get('servicePrincipalNames', []))), None)


def principal_type(p):
    """The ARM principalType of a principal: User, ServicePrincipal (apps and managed identities)."""
    return 'User' if p['kind'] == 'user' else 'ServicePrincipal'


# --- principals of new managed identities (routes/msi.py, checked by routes/authorization.py) ------------------

def replicated(p):
    """False while a just-made principal (a new managed identity's, `replicatedAt` in the future) is still
    unknown to Azure RBAC."""
    return time.time() >= p.get('replicatedAt', 0)
