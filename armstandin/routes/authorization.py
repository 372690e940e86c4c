"""Microsoft.Authorization: role definitions and role assignments at any scope (any api-version).

- GET    {scope}/providers/Microsoft.Authorization/roleDefinitions[?$filter=roleName eq '...' | type eq '...']
- GET    {scope}/providers/Microsoft.Authorization/roleDefinitions/{guid}
- PUT    {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}
- GET    {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}
- DELETE {scope}/providers/Microsoft.Authorization/roleAssignments/{guid}     (200 + body, 204 when absent)
- GET    {scope}/providers/Microsoft.Authorization/roleAssignments[?$filter=...]
      no filter: at, above and below the scope; atScope(): at and above; principalId eq '...' /
      assignedTo('...'): at, above and below, for that principal (no groups in this directory).

Role assignments are stored as resources under their scope, so deleting the scope (a scheduler, a
resource group) takes them along. Who may write them (Owner, User Access Administrator, any role whose actions
cover Microsoft.Authorization/roleAssignments/write) is checked at the front door (middleware.py, rbac.py).
"""

import re
import time

from .. import constants as c
from .. import directory
from ..arm import ArmError, ArmRoute, api_version, caller, ctx, iso, json_response, no_content, read_json
from .providers import PROVIDERS
from .resources import require_group, require_subscription

ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments'
DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions'
_PROVIDER = '/providers/Microsoft.Authorization'


def _role(role_id, name, description, actions=(), not_actions=(), data_actions=(), not_data_actions=()):
    return {'id': role_id, 'roleName': name, 'description': description,
            'permissions': [{'actions': list(actions), 'notActions': list(not_actions),
                             'dataActions': list(data_actions), 'notDataActions': list(not_data_actions)}]}


ROLE_DEFINITIONS = [
    _role(c.ROLE_OWNER, 'Owner', 'Grants full access to manage all resources, including the ability to assign roles '
          'in Azure RBAC.', actions=['*']),
    _role(c.ROLE_CONTRIBUTOR, 'Contributor', 'Grants full access to manage all resources, but does not allow you to '
          'assign roles in Azure RBAC.', actions=['*'],
          not_actions=['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write',
                       'Microsoft.Authorization/elevateAccess/Action']),
    _role(c.ROLE_READER, 'Reader', 'View all resources, but does not allow you to make any changes.',
          actions=['*/read']),
    _role(c.ROLE_USER_ACCESS_ADMINISTRATOR, 'User Access Administrator', 'Lets you manage user access to Azure '
          'resources.', actions=['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*']),
    _role(c.ROLE_DURABLE_TASK_DATA_CONTRIBUTOR, 'Durable Task Data Contributor',
          'Durable Task role for all data access operations.',
          data_actions=['Microsoft.DurableTask/schedulers/taskHubs/*']),
    _role(c.ROLE_DURABLE_TASK_WORKER, 'Durable Task Worker',
          'Used by worker applications to interact with the durable task service.',
          data_actions=['Microsoft.DurableTask/schedulers/taskHubs/read',
                        'Microsoft.DurableTask/schedulers/taskHubs/orchestrations/read',
                        'Microsoft.DurableTask/schedulers/taskHubs/orchestrations/write',
                        'Microsoft.DurableTask/schedulers/taskHubs/workers/*']),
    _role(c.ROLE_DURABLE_TASK_DATA_READER, 'Durable Task Data Reader',
          'Durable Task role to read all data.',
          data_actions=['Microsoft.DurableTask/schedulers/taskHubs/read',
                        'Microsoft.DurableTask/schedulers/taskHubs/orchestrations/read']),
]
_BY_ID = {r['id']: r for r in ROLE_DEFINITIONS}
_GUID = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')


# --- scopes -------------------------------------------------------------------------------------------------

def _scope(request):
    raw = request.path_params.get('scope')
    return '/' + raw.strip('/') if raw else '/'


def _subscription_of(scope):
    parts = scope.strip('/').split('/')
    return parts[1] if len(parts) >= 2 and parts[0].lower() == 'subscriptions' else None


def _check_scope(request, scope):
    """404 for a scope that does not exist: another subscription, a missing group, or a missing resource of a
    provider the stand-in serves."""
    parts = scope.strip('/').split('/')
    if scope == '/' or parts[0].lower() == 'providers':
        return
    sub = require_subscription(request, _subscription_of(scope) or parts[0])
    if len(parts) >= 4 and parts[2].lower() == 'resourcegroups':
        require_group(request, sub, parts[3])
    if len(parts) >= 8 and parts[4].lower() == 'providers':
        namespace = parts[5].lower()
        store, _ = ctx(request)
        if any(ns.lower() == namespace for ns in PROVIDERS) and not store.exists(scope):
            raise ArmError(404, 'ResourceNotFound',
                           "The Resource '{}' under resource group '{}' was not found. For more details please go "
                           "to https://aka.ms/ARMResourceNotFoundFix".format('/'.join(parts[5:]), parts[3]))


def _at_or_above(assignment_scope, scope):
    a, s = assignment_scope.lower().rstrip('/'), scope.lower().rstrip('/')
    return a == s or a == '' or s.startswith(a + '/')


def _below(assignment_scope, scope):
    a, s = assignment_scope.lower().rstrip('/'), scope.lower().rstrip('/')
    return a.startswith(s + '/') if s else True


# --- role definitions -------------------------------------------------------------------------------------------

def definition_id(scope, guid):
    sub = _subscription_of(scope)
    prefix = '/subscriptions/{}'.format(sub) if sub else ''
    return '{}{}/roleDefinitions/{}'.format(prefix, _PROVIDER, guid)


def render_definition(scope, role):
    return {
        'id': definition_id(scope, role['id']),
        'type': DEFINITION_TYPE,
        'name': role['id'],
        'properties': {
            'roleName': role['roleName'],
            'type': 'BuiltInRole',
            'description': role['description'],
            'assignableScopes': ['/'],
            'permissions': role['permissions'],
            'createdOn': '2015-02-02T21:55:09.8806423Z',
            'updatedOn': '2025-01-01T00:00:00.0000000Z',
            'createdBy': None,
            'updatedBy': None,
        },
    }


_DEF_FILTER = re.compile(r"^\s*(roleName|type)\s+eq\s+'(.*)'\s*$", re.IGNORECASE)


async def list_definitions(request):
    api_version(request)
    scope = _scope(request)
    _check_scope(request, scope)
    roles = ROLE_DEFINITIONS
    flt = request.query_params.get('$filter')
    if flt:
        m = _DEF_FILTER.fullmatch(flt)
        if not m:
            raise ArmError(400, 'InvalidFilterInQueryString', "The filter '{}' is not supported.".format(flt))
        key, value = m.group(1).lower(), m.group(2).replace("''", "'")
        if key == 'rolename':
            roles = [r for r in roles if r['roleName'].lower() == value.lower()]
        else:
            roles = [r for r in roles if value.lower() == 'builtinrole']
    return json_response({'value': [render_definition(scope, r) for r in roles]})


async def get_definition(request):
    api_version(request)
    scope = _scope(request)
    _check_scope(request, scope)
    role = _BY_ID.get(request.path_params['role'].lower())
    if role is None:
        raise ArmError(404, 'RoleDefinitionDoesNotExist',
                       "The specified role definition with ID '{}' does not exist.".format(
                           request.path_params['role']))
    return json_response(render_definition(scope, role))


# --- role assignments ---------------------------------------------------------------------------------------------

def assignment_id(scope, name):
    return '{}{}/roleAssignments/{}'.format('' if scope == '/' else scope, _PROVIDER, name)


def render_assignment(res):
    b = res.body
    return {
        'properties': {
            'roleDefinitionId': b['roleDefinitionId'],
            'principalId': b['principalId'],
            'principalType': b['principalType'],
            'scope': b['scope'],
            'condition': b.get('condition'),
            'conditionVersion': b.get('conditionVersion'),
            'createdOn': b['createdOn'],
            'updatedOn': b['updatedOn'],
            'createdBy': b['createdBy'],
            'updatedBy': b['updatedBy'],
            'delegatedManagedIdentityResourceId': b.get('delegatedManagedIdentityResourceId'),
            'description': b.get('description'),
        },
        'id': res.id,
        'type': ASSIGNMENT_TYPE,
        'name': res.id.rsplit('/', 1)[-1],
    }


def _assignment_name(request):
    name = request.path_params['name']
    if not _GUID.fullmatch(name):
        raise ArmError(400, 'InvalidRoleAssignmentId',
                       "The role assignment ID '{}' is not valid. The role assignment ID must be a GUID.".format(name))
    return name.lower()


def _all_assignments(store):
    return store.list(ASSIGNMENT_TYPE)


_PRINCIPAL_TYPES = ('User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device')


def _principal_type(store, principal_id, given_type):
    """The principalType to store. With principalType ServicePrincipal ARM skips the directory lookup, so a
    managed identity whose principal has not replicated yet can be assigned at once [D]; without principalType
    (and, a guess, for User and Group) it looks the principal up: PrincipalNotFound until it has replicated."""
    if given_type and given_type.lower() not in [t.lower() for t in _PRINCIPAL_TYPES]:
        raise ArmError(400, 'InvalidPrincipalType', "The principal type '{}' is not valid. Valid values: {}.".format(
            given_type, ', '.join(_PRINCIPAL_TYPES)), target='principalType')
    if given_type and given_type.lower() == 'serviceprincipal':
        if not _GUID.fullmatch(principal_id):
            raise ArmError(400, 'InvalidPrincipalId', "The principal ID '{}' is not valid.".format(principal_id))
        return 'ServicePrincipal'
    principal = directory.get(store, principal_id) if _GUID.fullmatch(principal_id) else None
    if principal is None or not directory.replicated(principal):
        raise ArmError(400, 'PrincipalNotFound',
                       "Principal {} does not exist in the directory {}. Check that you have the correct principal "
                       "ID. If you are creating this principal and then immediately assigning a role, this error "
                       "might be related to a replication delay. In this case, set the role assignment principalType "
                       "property to a value, such as ServicePrincipal, User, or Group.  See "
                       "https://aka.ms/docs-principaltype".format(principal_id.replace('"', ''), c.TENANT_ID))
    actual_type = directory.principal_type(principal)
    if given_type and given_type.lower() != actual_type.lower():
        raise ArmError(400, 'UnmatchedPrincipalType',
                       "The PrincipalId '{}' has type '{}' , which is different from specified PrincipalType "
                       "'{}'.".format(principal_id, actual_type, given_type))
    return actual_type


async def put_assignment(request):
    api_version(request)
    scope = _scope(request)
    _check_scope(request, scope)
    name = _assignment_name(request)
    store, _ = ctx(request)
    body = await read_json(request)
    props = body.get('properties')
    if not isinstance(props, dict):
        raise ArmError(400, 'InvalidRequestContent', "Required property 'properties' is missing.",
                       target='properties')
    role_ref = props.get('roleDefinitionId') or ''
    role_guid = role_ref.rstrip('/').rsplit('/', 1)[-1].lower()
    if role_guid not in _BY_ID:
        raise ArmError(400, 'RoleDefinitionDoesNotExist',
                       "The specified role definition with ID '{}' does not exist.".format(role_guid or role_ref))
    principal_id = (props.get('principalId') or '').lower()
    actual_type = _principal_type(store, principal_id, props.get('principalType'))
    role_definition_id = definition_id(scope, role_guid) if _subscription_of(scope) else \
        definition_id('/subscriptions/' + c.SUBSCRIPTION_ID, role_guid)
    rid = assignment_id(scope, name)

    same = [a for a in _all_assignments(store) if a.body['scope'].lower() == scope.lower()
            and a.body['principalId'] == principal_id
            and a.body['roleDefinitionId'].rsplit('/', 1)[-1].lower() == role_guid]
    existing = store.get(rid)
    if existing is not None:
        if existing.body['principalId'] == principal_id and \
                existing.body['roleDefinitionId'].rsplit('/', 1)[-1].lower() == role_guid:
            return json_response(render_assignment(existing), status=201)
        raise ArmError(400, 'RoleAssignmentUpdateNotPermitted',
                       'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.')
    if same:
        raise ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.')

    now = iso(time.time())
    who = caller(request)['oid']
    stored = store.put(rid, ASSIGNMENT_TYPE, {
        'roleDefinitionId': role_definition_id, 'principalId': principal_id, 'principalType': actual_type,
        'scope': scope, 'condition': props.get('condition'), 'conditionVersion': props.get('conditionVersion'),
        'description': props.get('description'),
        'delegatedManagedIdentityResourceId': props.get('delegatedManagedIdentityResourceId'),
        'createdOn': now, 'updatedOn': now, 'createdBy': who, 'updatedBy': who})
    return json_response(render_assignment(stored), status=201)


async def get_assignment(request):
    api_version(request)
    scope = _scope(request)
    store, _ = ctx(request)
    res = store.get(assignment_id(scope, request.path_params['name']))
    if res is None:
        raise ArmError(404, 'RoleAssignmentNotFound', 'The role assignment \'{}\' is not found.'.format(
            request.path_params['name']))
    return json_response(render_assignment(res))


async def delete_assignment(request):
    api_version(request)
    scope = _scope(request)
    store, _ = ctx(request)
    res = store.get(assignment_id(scope, request.path_params['name']))
    if res is None:
        return no_content(204)
    store.delete(res.id)
    return json_response(render_assignment(res))


_CLAUSE = re.compile(r"^\s*(?:(atScope)\(\)|principalId\s+eq\s+'([^']*)'|assignedTo\('([^']*)'\))\s*$",
                     re.IGNORECASE)


def _parse_filter(flt):
    """(at_scope_only, principal id or None)."""
    at_scope, principal = False, None
    if not flt:
        return at_scope, principal
    for clause in re.split(r'\s+and\s+', flt.strip(), flags=re.IGNORECASE):
        m = _CLAUSE.fullmatch(clause)
        if not m:
            raise ArmError(400, 'InvalidFilterInQueryString',
                           "The filter '{}' is not supported. Supported: atScope(), principalId eq '{{id}}', "
                           "assignedTo('{{id}}').".format(flt))
        if m.group(1):
            at_scope = True
        else:
            principal = (m.group(2) or m.group(3)).lower()
    return at_scope, principal


async def list_assignments(request):
    api_version(request)
    scope = _scope(request)
    _check_scope(request, scope)
    at_scope, principal = _parse_filter(request.query_params.get('$filter'))
    store, _ = ctx(request)
    result = []
    for a in _all_assignments(store):
        where = a.body['scope']
        if not (_at_or_above(where, scope) or (not at_scope and _below(where, scope))):
            continue
        if principal and a.body['principalId'] != principal:
            continue
        result.append(render_assignment(a))
    return json_response({'value': result})


def routes():
    ra = _PROVIDER + '/roleAssignments'
    rd = _PROVIDER + '/roleDefinitions'
    return [
        ArmRoute('/{scope:path}' + rd, list_definitions, methods=['GET']),
        ArmRoute('/{scope:path}' + rd + '/{role}', get_definition, methods=['GET']),
        ArmRoute(rd, list_definitions, methods=['GET']),
        ArmRoute(rd + '/{role}', get_definition, methods=['GET']),
        ArmRoute('/{scope:path}' + ra, list_assignments, methods=['GET']),
        ArmRoute('/{scope:path}' + ra + '/{name}', get_assignment, methods=['GET']),
        ArmRoute('/{scope:path}' + ra + '/{name}', put_assignment, methods=['PUT']),
        ArmRoute('/{scope:path}' + ra + '/{name}', delete_assignment, methods=['DELETE']),
    ]


# Seeded: the developer and the CI login app are Owners of the subscription, as on a real dev subscription.
SEEDED_ASSIGNMENTS = (
    ('989909a3-8f93-4254-bd8f-3e932df559da', c.USER_OBJECT_ID, 'User', c.ROLE_OWNER),
    ('f7106af1-879c-41a7-a267-ba9d00a997c9', c.LOGIN_APP_OBJECT_ID, 'ServicePrincipal', c.ROLE_OWNER),
    ('3c9f6a1e-5b7d-4e2f-a8c4-6d0b1e9f2a37', c.READER_APP_OBJECT_ID, 'ServicePrincipal', c.ROLE_READER),
)


def seed(store):
    scope = '/subscriptions/' + c.SUBSCRIPTION_ID
    stamp = '2025-01-01T00:00:00.000000Z'
    for name, principal, principal_type, role in SEEDED_ASSIGNMENTS:
        rid = assignment_id(scope, name)
        if store.get(rid) is None:
            store.put(rid, ASSIGNMENT_TYPE, {
                'roleDefinitionId': definition_id(scope, role), 'principalId': principal,
                'principalType': principal_type, 'scope': scope, 'createdOn': stamp, 'updatedOn': stamp,
                'createdBy': None, 'updatedBy': None})
