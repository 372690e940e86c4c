"""Azure RBAC as ARM applies it before a provider sees a request: the action a request needs, and whether the
caller's role assignments (at or above the scope) grant it.

- `arm_action('PUT', '/subscriptions/s/resourceGroups/g/providers/Microsoft.DurableTask/schedulers/a')`
  -> 'Microsoft.DurableTask/schedulers/write'; DELETE -> '/delete'; POST `.../register` ->
  'Microsoft.DurableTask/register/action'; GET -> '/read'. Resource groups are
  'Microsoft.Resources/subscriptions/resourceGroups/...'. Extension resources (a role assignment on a
  scheduler) take the last provider's namespace: 'Microsoft.Authorization/roleAssignments/write'.
- `permitted(store, principal_id, action, scope)`: any role assigned to the principal at or above `scope` whose
  actions match the action and whose notActions do not (wildcards as in role definitions: `*`, `*/read`,
  `Microsoft.Authorization/*`); with `data=True` the dataActions/notDataActions instead.
"""

import fnmatch

from . import constants as c

ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments'
_VERBS = {'PUT': 'write', 'PATCH': 'write', 'DELETE': 'delete', 'GET': 'read', 'HEAD': 'read'}


def arm_action(method, path):
    """The RBAC action of an ARM request (None for paths outside subscriptions and providers)."""
    parts = [p for p in path.split('/') if p]
    if not parts:
        return None
    low = [p.lower() for p in parts]
    last_provider = max((i for i, p in enumerate(low[:-1]) if p == 'providers'), default=None)
    if last_provider is not None:
        namespace, rest = parts[last_provider + 1], parts[last_provider + 2:]
    elif low[0] == 'subscriptions':
        namespace, rest = 'Microsoft.Resources', parts
    else:
        return None
    # rest alternates type, name: types are the even positions; an odd length ends in a type or an action
    types = rest[0::2]
    if method == 'POST':
        if len(rest) % 2 == 1:
            return '/'.join([namespace] + types[:-1] + [types[-1], 'action'])
        return '/'.join([namespace] + types + ['action'])
    return '/'.join([namespace] + types + [_VERBS.get(method, 'write')])


def _matches(action, patterns):
    low = action.lower()
    return any(fnmatch.fnmatchcase(low, pattern.lower()) for pattern in patterns)


def _at_or_above(assignment_scope, scope):
    a, s = assignment_scope.lower().rstrip('/'), scope.lower().rstrip('/')
    return a in ('', s) or s.startswith(a + '/')


def role_grants(role, action, data=False):
    allowed, denied = ('dataActions', 'notDataActions') if data else ('actions', 'notActions')
    return any(_matches(action, permission.get(allowed, [])) and not _matches(action, permission.get(denied, []))
               for permission in role.get('permissions', []))


def permitted(store, principal_id, action, scope, data=False):
    from .routes.authorization import ROLE_DEFINITIONS
    roles = {role['id'].lower(): role for role in ROLE_DEFINITIONS}
    oid = (principal_id or '').lower()
    for assignment in store.list(ASSIGNMENT_TYPE):
        body = assignment.body
        if body['principalId'].lower() != oid or not _at_or_above(body['scope'], scope):
            continue
        role = roles.get(body['roleDefinitionId'].rstrip('/').rsplit('/', 1)[-1].lower())
        if role is not None and role_grants(role, action, data):
            return True
    return False


def authorization_failed_message(who, action, scope):
    """ARM's words. The client is named by its UPN for a user, by its object id for an application."""
    client = who.get('name') if who.get('type') == 'User' else who.get('oid')
    return ("The client '{}' with object id '{}' does not have authorization to perform action '{}' over scope '{}' "
            "or the scope is invalid. If access was recently granted, please refresh your credentials.".format(
                client, who.get('oid'), action, scope))


def subscription_scope():
    return '/subscriptions/' + c.SUBSCRIPTION_ID
