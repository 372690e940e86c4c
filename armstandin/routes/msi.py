"""Microsoft.ManagedIdentity: user-assigned identities, and the managed identities of other resources.

- PUT    /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}
- GET    (same)                                      200, or 404 ResourceNotFound
- PATCH  (same)                                      tags
- DELETE (same)                                      200, 204 when absent; its service principal leaves the directory
- GET    /subscriptions/{s}[/resourceGroups/{g}]/providers/Microsoft.ManagedIdentity/userAssignedIdentities

Every identity (user-assigned, or system-assigned on a site or container app) gets a service principal in the
directory (`directory.add_principal`, servicePrincipalType ManagedIdentity) that role assignments accept only
EMULATOR_PRINCIPAL_REPLICATION_SECONDS after it was made: until then their PUT answers 400 PrincipalNotFound,
as Azure does while a new identity replicates.

`apply_identity(...)` is what Microsoft.Web and Microsoft.App use for their `identity` property.
"""

import re
import time
import uuid

from .. import constants as c
from .. import directory
from ..arm import (ArmError, ArmRoute, api_version, ctx, json_response, no_content,
                   read_json, register_renderer, require_location, resource_not_found, system_data)
from .providers import declare_provider
from .resources import list_in_scope, require_group, require_subscription

NS = 'Microsoft.ManagedIdentity'
IDENTITY_TYPE = NS + '/userAssignedIdentities'
_NAME = re.compile(r'^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$')

declare_provider(NS, ['userAssignedIdentities', 'operations'],
                 api_versions=('2024-11-30', '2023-01-31', '2018-11-30'), locations=c.AZURE_LOCATIONS)


def identity_id(sub, rg, name):
    return '/subscriptions/{}/resourceGroups/{}/providers/{}/userAssignedIdentities/{}'.format(sub, rg, NS, name)


def replication_seconds(settings):
    return getattr(settings, 'principal_replication_seconds', 0.0)


def new_principal(store, settings, display_name, resource_id):
    """A managed identity's service principal, known to role assignments after the replication delay.
    Returns (object id, client id)."""
    object_id, client_id = str(uuid.uuid4()), str(uuid.uuid4())
    directory.add_principal(store, {
        'id': object_id, 'kind': 'servicePrincipal', 'displayName': display_name, 'appId': client_id,
        'servicePrincipalType': 'ManagedIdentity', 'alternativeNames': ['isExplicit=False', resource_id],
        'replicatedAt': time.time() + replication_seconds(settings)})
    return object_id, client_id


# --- user-assigned identities ----------------------------------------------------------------------------------

def render_identity(request, res):
    b = res.body
    return {'id': res.id, 'name': res.id.rsplit('/', 1)[-1], 'type': IDENTITY_TYPE, 'location': b['location'],
            'tags': b.get('tags') or {}, 'systemData': b['systemData'],
            'properties': {'tenantId': c.TENANT_ID, 'principalId': b['principalId'], 'clientId': b['clientId'],
                           'isolationScope': 'None'}}


register_renderer(IDENTITY_TYPE, render_identity)


async def identity(request):
    api_version(request)
    sub = require_subscription(request)
    rg = request.path_params['group']
    require_group(request, sub, rg, for_write=request.method in ('PUT', 'PATCH'))
    store, settings = ctx(request)
    name = request.path_params['name']
    rid = identity_id(sub, rg, name)
    existing = store.get(rid)
    if request.method == 'GET':
        if existing is None:
            raise resource_not_found(IDENTITY_TYPE, name, rg)
        return json_response(render_identity(request, existing))
    if request.method == 'DELETE':
        if existing is None:
            return no_content(204)
        directory.remove_principal(store, existing.body['principalId'])
        store.delete(existing.id)
        return json_response(render_identity(request, existing))
    body = await read_json(request)
    tags = body.get('tags')
    if tags is not None and not isinstance(tags, dict):
        raise ArmError(400, 'InvalidRequestContent', "The property 'tags' must be an object.", target='tags')
    if request.method == 'PATCH':
        if existing is None:
            raise resource_not_found(IDENTITY_TYPE, name, rg)
        new = dict(existing.body, systemData=system_data(request, existing.body['systemData']))
        if tags is not None:
            new['tags'] = tags
        return json_response(render_identity(request, store.update(existing.id, new)))
    if not _NAME.fullmatch(name):
        raise ArmError(400, 'InvalidResourceName', "The identity name '{}' is invalid: 3 to 128 letters, digits, "
                                                   "hyphens or underscores, starting with a letter or digit."
                       .format(name))
    location = require_location(body, IDENTITY_TYPE)
    if existing is not None:
        new = dict(existing.body, location=location, tags=tags or {},
                   systemData=system_data(request, existing.body['systemData']))
        return json_response(render_identity(request, store.update(existing.id, new)))
    principal_id, client_id = new_principal(store, settings, name, rid)
    stored = store.put(rid, IDENTITY_TYPE, {'location': location, 'tags': tags or {}, 'principalId': principal_id,
                                            'clientId': client_id, 'systemData': system_data(request)})
    return json_response(render_identity(request, stored), status=201)


async def list_identities(request):
    api_version(request)
    return list_in_scope(request, IDENTITY_TYPE, render_identity)


# --- the `identity` property of other resources --------------------------------------------------------------------

_TYPES = {'none': (False, False), 'systemassigned': (True, False), 'userassigned': (False, True),
          'systemassigned,userassigned': (True, True)}


def apply_identity(request, requested, current, resource_id):
    """The stored identity of a resource after a PUT or PATCH whose body has `identity`: {'system': object id or
    None, 'user': [identity ids]}. A new system-assigned identity gets a service principal; a removed one loses it.
    """
    store, settings = ctx(request)
    current = current or {'system': None, 'user': []}
    if requested is None:
        return current
    if not isinstance(requested, dict):
        raise ArmError(400, 'InvalidRequestContent', "The property 'identity' must be an object.", target='identity')
    kind = str(requested.get('type') or 'None').replace(' ', '').lower()
    if kind not in _TYPES:
        raise ArmError(400, 'InvalidIdentityType', "The identity type '{}' is invalid. Allowed: None, SystemAssigned, "
                                                   "UserAssigned, 'SystemAssigned, UserAssigned'.".format(
                                                       requested.get('type')), target='identity.type')
    system, user = _TYPES[kind]
    system_id = current['system']
    if system and not system_id:
        system_id, _ = new_principal(store, settings, resource_id.rsplit('/', 1)[-1], resource_id)
    elif not system and system_id:
        directory.remove_principal(store, system_id)
        system_id = None
    identities = []
    if user:
        for key in requested.get('userAssignedIdentities') or {}:
            found = store.get(key)
            if found is None or found.type.lower() != IDENTITY_TYPE.lower():
                raise ArmError(400, 'FailedIdentityOperation',
                               "Identity operation for resource '{}' failed: the user assigned identity '{}' was not "
                               "found.".format(resource_id, key), target='identity.userAssignedIdentities')
            identities.append(found.id)
        if not identities:
            raise ArmError(400, 'BadRequest', "The identity type '{}' needs at least one user assigned identity in "
                                              "'userAssignedIdentities'.".format(requested.get('type')))
    return {'system': system_id, 'user': identities}


def render_identity_property(request, stored, separator=', '):
    """The `identity` of a resource's response; `separator` joins the two types (Web: ', ', App: ',')."""
    store, _ = ctx(request)
    stored = stored or {'system': None, 'user': []}
    kinds = (['SystemAssigned'] if stored['system'] else []) + (['UserAssigned'] if stored['user'] else [])
    body = {'type': separator.join(kinds) or 'None'}
    if stored['system']:
        body.update(principalId=stored['system'], tenantId=c.TENANT_ID)
    if stored['user']:
        users = {}
        for key in stored['user']:
            found = store.get(key)
            if found is not None:
                users[found.id] = {'principalId': found.body['principalId'], 'clientId': found.body['clientId']}
        body['userAssignedIdentities'] = users
    return body


def routes():
    one = '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ManagedIdentity/' \
          'userAssignedIdentities'
    return [
        ArmRoute('/subscriptions/{subscription}/providers/Microsoft.ManagedIdentity/userAssignedIdentities',
                 list_identities, methods=['GET']),
        ArmRoute(one, list_identities, methods=['GET']),
        ArmRoute(one + '/{name}', identity, methods=['GET', 'PUT', 'PATCH', 'DELETE']),
    ]


def delete_with_identity(request, store, existing):
    """DELETE of an app that may hold identities: its system-assigned principal goes with it (204 when absent)."""
    if existing is None:
        return no_content(204)
    apply_identity(request, {'type': 'None'}, existing.body.get('identity'), existing.id)
    store.delete(existing.id)
    return no_content(200)
