"""Microsoft.App: container apps with managed identity and template environment variables, as much as
`az durabletask scheduler attach` and its tests need.

- PUT    /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.App/containerApps/{name}
         {location, kind, identity, tags, properties: {environmentId, configuration, template: {containers: [
         {name, image, env: [{name, value | secretRef}]}], revisionSuffix, scale}}}
         200, synchronous (tests need a ready app at once)
- PATCH  (same)   identity, tags, properties.configuration, properties.template (replaced whole, as the SDK
         sends it); 202 + Location + Retry-After, then the app. A template change makes a new revision; a
         revisionSuffix that an earlier revision used is refused (400 ContainerAppRevisionSuffixConflict).
- GET | DELETE (same), GET .../providers/Microsoft.App/containerApps (list in a group)
"""

import re
import uuid

from .. import constants as c
from ..arm import (ArmError, ArmRoute, api_version, ctx, json_response, read_json,
                   register_renderer, require_location, resource_not_found, system_data)
from ..lro import begin_update
from .msi import apply_identity, delete_with_identity, render_identity_property
from .providers import declare_provider
from .resources import require_group, require_subscription

NS = 'Microsoft.App'
APP_TYPE = NS + '/containerApps'
_NAME = re.compile(r'^[a-z][a-z0-9-]{0,30}[a-z0-9]$')

declare_provider(NS, ['containerApps', 'managedEnvironments', 'locations', 'locations/containerappOperationStatuses'],
                 api_versions=('2025-01-01', '2024-03-01', '2023-05-01', '2022-10-01'), locations=c.AZURE_LOCATIONS)


def app_id(sub, rg, name):
    return '/subscriptions/{}/resourceGroups/{}/providers/{}/containerApps/{}'.format(sub, rg, NS, name)


def render_app(request, res):
    b, name = res.body, res.id.rsplit('/', 1)[-1]
    body = {
        'id': res.id, 'name': name, 'type': APP_TYPE, 'location': b['location'], 'tags': b.get('tags') or {},
        'identity': render_identity_property(request, b.get('identity'), separator=','),
        'systemData': b['systemData'],
        'properties': {
            'provisioningState': res.state if res.state != 'Updating' else 'InProgress',
            'runningStatus': 'Running', 'environmentId': b.get('environmentId'),
            'managedEnvironmentId': b.get('environmentId'), 'configuration': b.get('configuration') or {},
            'template': dict(b['template'], revisionSuffix=b['revisions'][-1]),
            'latestRevisionName': '{}--{}'.format(name, b['revisions'][-1]),
            'latestRevisionFqdn': '', 'outboundIpAddresses': ['20.0.0.1'],
        },
    }
    if b.get('kind'):
        body['kind'] = b['kind']
    return body


register_renderer(APP_TYPE, render_app)


def _template(value, revisions):
    """The template to store (without revisionSuffix) and the suffix of the revision it makes."""
    if not isinstance(value, dict) or not isinstance(value.get('containers'), list) or not value['containers']:
        raise ArmError(400, 'ContainerAppInvalidTemplate',
                       "The property 'properties.template.containers' must list at least one container.",
                       target='properties.template.containers')
    for i, container in enumerate(value['containers']):
        if not isinstance(container, dict) or not container.get('name') or not container.get('image'):
            raise ArmError(400, 'ContainerAppInvalidTemplate', 'Container {} needs a name and an image.'.format(i),
                           target='properties.template.containers[{}]'.format(i))
        for var in container.get('env') or []:
            if not isinstance(var, dict) or not var.get('name') or (var.get('value') is None) == (
                    var.get('secretRef') is None):
                raise ArmError(400, 'ContainerAppInvalidEnvVar', "Each environment variable of container '{}' needs "
                                                                 "a name and either a value or a secretRef."
                               .format(container['name']), target='properties.template.containers[{}].env'.format(i))
    suffix = value.get('revisionSuffix')
    if suffix and suffix in revisions:
        raise ArmError(400, 'ContainerAppRevisionSuffixConflict',
                       "Revision suffix '{}' is already used by an earlier revision: give a new revisionSuffix or "
                       "none.".format(suffix), target='properties.template.revisionSuffix')
    template = {k: v for k, v in value.items() if k != 'revisionSuffix'}
    return template, suffix or uuid.uuid4().hex[:7]


def _context(request, write=False):
    api = api_version(request)
    sub = require_subscription(request)
    rg = request.path_params['group']
    require_group(request, sub, rg, for_write=write)
    store, _ = ctx(request)
    return store, api, sub, rg


async def container_app(request):
    method = request.method
    store, api, sub, rg = _context(request, write=method in ('PUT', 'PATCH'))
    name = request.path_params['name']
    rid = app_id(sub, rg, name)
    existing = store.get(rid)
    if method == 'GET':
        if existing is None:
            raise resource_not_found(APP_TYPE, name, rg)
        return json_response(render_app(request, existing))
    if method == 'DELETE':
        return delete_with_identity(request, store, existing)
    body = await read_json(request)
    props = body.get('properties') or {}
    if method == 'PATCH':
        if existing is None:
            raise resource_not_found(APP_TYPE, name, rg)
        if existing.busy:
            raise ArmError(409, 'ContainerAppOperationInProgress',
                           "Cannot modify container app '{}' because another operation is in progress.".format(name))
        new = dict(existing.body, systemData=system_data(request, existing.body['systemData']))
        if body.get('tags') is not None:
            new['tags'] = body['tags']
        new['identity'] = apply_identity(request, body.get('identity'), existing.body.get('identity'), existing.id)
        if props.get('configuration') is not None:
            new['configuration'] = props['configuration']
        if props.get('template') is not None:
            new['template'], suffix = _template(props['template'], existing.body['revisions'])
            new['revisions'] = existing.body['revisions'] + [suffix]
        return begin_update(request, existing, new, namespace=NS, location=existing.body['location'], api=api)
    if not _NAME.fullmatch(name):
        raise ArmError(400, 'ContainerAppInvalidName', "Invalid ContainerApp name '{}': 2 to 32 lower case letters, "
                                                       "digits or hyphens, starting with a letter.".format(name))
    location = require_location(body, APP_TYPE)
    template, suffix = _template(props.get('template'), existing.body['revisions'] if existing else [])
    new = {'location': location, 'kind': body.get('kind'), 'tags': body.get('tags') or {},
           'environmentId': props.get('environmentId') or props.get('managedEnvironmentId'),
           'configuration': props.get('configuration') or {}, 'template': template,
           'revisions': (existing.body['revisions'] if existing else []) + [suffix],
           'identity': apply_identity(request, body.get('identity'),
                                      existing.body.get('identity') if existing else None, rid),
           'systemData': system_data(request, existing.body['systemData'] if existing else None)}
    stored = store.put(existing.id if existing else rid, APP_TYPE, new)
    return json_response(render_app(request, stored), status=200 if existing else 201)


async def list_apps(request):
    store, _, sub, rg = _context(request)
    items = store.list(APP_TYPE, under='/subscriptions/{}/resourceGroups/{}'.format(sub, rg))
    return json_response({'value': [render_app(request, r) for r in items]})


def routes():
    group = '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.App/containerApps'
    return [
        ArmRoute(group, list_apps, methods=['GET']),
        ArmRoute(group + '/{name}', container_app, methods=['GET', 'PUT', 'PATCH', 'DELETE']),
    ]
