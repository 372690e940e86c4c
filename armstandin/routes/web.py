"""Microsoft.Web: sites (Function Apps and web apps) with managed identity and app settings, as much as
`az durabletask scheduler attach` and its tests need.

- PUT    /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Web/sites/{name}
         {location, kind, identity, tags, properties: {serverFarmId, siteConfig: {appSettings: [{name, value}]}}}
- GET | PATCH (identity, tags, kind) | DELETE   (same)
- GET    .../providers/Microsoft.Web/sites                         list in a group
- POST   .../sites/{name}/config/appsettings/list                  {"properties": {name: value}}
- PUT    .../sites/{name}/config/appsettings                       replaces every setting (as Azure does)

Synchronous (no long-running operations): Azure answers these with 200 too.
"""

import re

from .. import constants as c
from ..arm import (ArmError, ArmRoute, api_version, ctx, json_response, read_json,
                   register_renderer, require_location, resource_not_found, system_data)
from .msi import apply_identity, delete_with_identity, render_identity_property
from .providers import declare_provider
from .resources import require_group, require_subscription

NS = 'Microsoft.Web'
SITE_TYPE = NS + '/sites'
_NAME = re.compile(r'^[a-zA-Z0-9][a-zA-Z0-9-]{0,58}[a-zA-Z0-9]$')

declare_provider(NS, ['sites', 'sites/config', 'serverFarms'], api_versions=('2024-11-01', '2023-12-01', '2022-09-01'),
                 locations=c.AZURE_LOCATIONS)


def site_id(sub, rg, name):
    return '/subscriptions/{}/resourceGroups/{}/providers/{}/sites/{}'.format(sub, rg, NS, name)


def render_site(request, res):
    b, name = res.body, res.id.rsplit('/', 1)[-1]
    return {
        'id': res.id, 'name': name, 'type': SITE_TYPE, 'kind': b['kind'], 'location': b['location'],
        'tags': b.get('tags') or {}, 'identity': render_identity_property(request, b.get('identity')),
        'properties': {'state': 'Running', 'enabled': True, 'hostNames': [name + '.azurewebsites.net'],
                       'defaultHostName': name + '.azurewebsites.net', 'serverFarmId': b.get('serverFarmId'),
                       'resourceGroup': res.id.split('/')[4], 'httpsOnly': True, 'provisioningState': 'Succeeded'},
    }


register_renderer(SITE_TYPE, render_site)


def _settings_body(res):
    return {'id': res.id + '/config/appsettings', 'name': 'appsettings', 'type': SITE_TYPE + '/config',
            'location': res.body['location'], 'properties': dict(res.body.get('appSettings') or {})}


def _context(request, write=False):
    api_version(request)
    sub = require_subscription(request)
    rg = request.path_params['group']
    require_group(request, sub, rg, for_write=write)
    store, _ = ctx(request)
    return store, sub, rg


def _existing(request, store, sub, rg):
    name = request.path_params['name']
    res = store.get(site_id(sub, rg, name))
    if res is None:
        raise resource_not_found(SITE_TYPE, name, rg)
    return res


async def site(request):
    method = request.method
    store, sub, rg = _context(request, write=method in ('PUT', 'PATCH'))
    name = request.path_params['name']
    rid = site_id(sub, rg, name)
    existing = store.get(rid)
    if method == 'GET':
        return json_response(render_site(request, _existing(request, store, sub, rg)))
    if method == 'DELETE':
        return delete_with_identity(request, store, existing)
    body = await read_json(request)
    if method == 'PATCH':
        existing = _existing(request, store, sub, rg)
        new = dict(existing.body, systemData=system_data(request, existing.body['systemData']))
        for key in ('tags', 'kind'):
            if body.get(key) is not None:
                new[key] = body[key]
        new['identity'] = apply_identity(request, body.get('identity'), existing.body.get('identity'), existing.id)
        return json_response(render_site(request, store.update(existing.id, new)))
    if not _NAME.fullmatch(name):
        raise ArmError(400, 'InvalidResourceName', "The site name '{}' is invalid: 2 to 60 letters, digits or "
                                                   "hyphens, not starting or ending with a hyphen.".format(name))
    location = require_location(body, SITE_TYPE)
    props = body.get('properties') or {}
    app_settings = {s['name']: s.get('value') for s in (props.get('siteConfig') or {}).get('appSettings') or []
                    if isinstance(s, dict) and s.get('name')}
    new = {'location': location, 'kind': body.get('kind') or 'app', 'tags': body.get('tags') or {},
           'serverFarmId': props.get('serverFarmId'),
           'appSettings': app_settings if existing is None else existing.body.get('appSettings') or {},
           'identity': apply_identity(request, body.get('identity'),
                                      existing.body.get('identity') if existing else None, rid),
           'systemData': system_data(request, existing.body['systemData'] if existing else None)}
    stored = store.put(existing.id if existing else rid, SITE_TYPE, new)
    return json_response(render_site(request, stored), status=200)


async def list_sites(request):
    store, sub, rg = _context(request)
    items = store.list(SITE_TYPE, under='/subscriptions/{}/resourceGroups/{}'.format(sub, rg))
    return json_response({'value': [render_site(request, r) for r in items]})


async def list_app_settings(request):
    store, sub, rg = _context(request)
    return json_response(_settings_body(_existing(request, store, sub, rg)))


async def put_app_settings(request):
    store, sub, rg = _context(request, write=True)
    existing = _existing(request, store, sub, rg)
    body = await read_json(request)
    settings = body.get('properties')
    if not isinstance(settings, dict) or not all(isinstance(v, str) for v in settings.values()):
        raise ArmError(400, 'BadRequest', "The property 'properties' must be an object of string values.",
                       target='properties')
    stored = store.update(existing.id, dict(existing.body, appSettings=settings))
    return json_response(_settings_body(stored))


def routes():
    group = '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Web/sites'
    return [
        ArmRoute(group, list_sites, methods=['GET']),
        ArmRoute(group + '/{name}', site, methods=['GET', 'PUT', 'PATCH', 'DELETE']),
        ArmRoute(group + '/{name}/config/appsettings/list', list_app_settings, methods=['POST']),
        ArmRoute(group + '/{name}/config/appsettings', put_app_settings, methods=['PUT']),
    ]
