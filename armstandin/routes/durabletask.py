"""Microsoft.DurableTask (api-versions 2026-02-01 and 2025-11-01): every operation of the spec.

Schedulers, task hubs, the `default` retention policy, private endpoint connections, private link
resources and the operations list. Long-running operations follow the spec:
- PUT creating a resource: 201 + Azure-AsyncOperation + Retry-After, the resource `Provisioning`
  for EMULATOR_PROVISIONING_SECONDS; PUT replacing an existing one: 200, synchronous.
- PATCH: 202 + Location + Retry-After; the Location URL answers 202 until done, then 200 + resource.
- DELETE: 202 + Location + Retry-After (`Deleting`, then gone); 204 when the resource is absent.
While a create, update or delete runs, other writes to the resource get 409 AnotherOperationInProgress.
"""

import hashlib
import ipaddress
import json
import re
import time
from urllib.parse import quote

from .. import constants as c
from .. import lro
from ..dataplane import endpoint_of
from ..arm import (ArmError, ArmRoute, api_version, bad_request, ctx, iso, json_response, no_content,
                   normalise_location, page, read_json, register_renderer, resource_not_found, store_page,
                   system_data)
from .providers import declare_provider, require_registered
from .resources import require_group, require_subscription

NS = c.DURABLETASK_NAMESPACE
SCHEDULER_TYPE = NS + '/schedulers'
TASK_HUB_TYPE = NS + '/schedulers/taskHubs'
RETENTION_TYPE = NS + '/schedulers/retentionPolicies'
PEC_TYPE = NS + '/schedulers/privateEndpointConnections'
PRIVATE_LINK_TYPE = NS + '/schedulers/privateLinkResources'
PRIVATE_LINK_GROUP = 'scheduler'

declare_provider(NS, ['schedulers', 'schedulers/taskHubs', 'schedulers/retentionPolicies',
                      'schedulers/privateEndpointConnections', 'schedulers/privateLinkResources', 'operations',
                      'locations', 'locations/operationStatuses', 'locations/operationResults'],
                 api_versions=c.DURABLETASK_API_VERSIONS, locations=c.DURABLETASK_LOCATIONS,
                 registered=lambda settings: not settings.unregistered)

_NAME = re.compile(r'^[a-zA-Z0-9-]{3,64}$')
_SKUS = {'dedicated': 'Dedicated', 'consumption': 'Consumption'}
_NETWORK_ACCESS = {'enabled': 'Enabled', 'disabled': 'Disabled'}
_PURGEABLE = {s.lower(): s for s in ('Completed', 'Failed', 'Terminated', 'Canceled')}
_CONNECTION_STATUS = {s.lower(): s for s in ('Pending', 'Approved', 'Rejected')}


# --- ids ---------------------------------------------------------------------------------------------------

def scheduler_id(sub, rg, name):
    return '/subscriptions/{}/resourceGroups/{}/providers/{}/schedulers/{}'.format(sub, rg, NS, name)


def _name(resource_id):
    return resource_id.rsplit('/', 1)[-1]


def _parent_id(resource_id):
    return resource_id.rsplit('/', 2)[0]


def _group_of(resource_id):
    return resource_id.split('/')[4]


# --- validation -------------------------------------------------------------------------------------------

def validate_name(kind, name, target='name'):
    if not _NAME.fullmatch(name) or name.startswith('-') or name.endswith('-'):
        raise ArmError(400, 'InvalidResourceName',
                       "The {} name '{}' is invalid. It must be 3 to 64 characters long, contain only letters, "
                       "digits and hyphens (^[a-zA-Z0-9-]{{3,64}}$), and must not start or end with a "
                       "hyphen.".format(kind, name), target=target)


def _required(value, target):
    if value is None:
        raise bad_request("Required property '{}' is missing from the request body.".format(target), target)
    return value


def _object(value, target):
    if not isinstance(value, dict):
        raise bad_request("The property '{}' must be a JSON object.".format(target), target)
    return value


def _enum(value, choices, target):
    if not isinstance(value, str) or value.lower() not in choices:
        raise ArmError(400, 'InvalidParameter', "The value '{}' of '{}' is invalid. Allowed values: {}.".format(
            value, target, ', '.join(choices.values())), target=target)
    return choices[value.lower()]


def validate_tags(tags):
    if tags is None:
        return {}
    if not isinstance(tags, dict) or not all(isinstance(v, str) for v in tags.values()):
        raise bad_request("The property 'tags' must be an object of string values.", 'tags')
    return tags


def validate_ip_allowlist(values, target='properties.ipAllowlist'):
    if not isinstance(values, list):
        raise bad_request("The property '{}' must be an array of strings.".format(target), target)
    for i, entry in enumerate(values):
        item_target = '{}[{}]'.format(target, i)
        try:
            if not isinstance(entry, str):
                raise ValueError(entry)
            if '/' in entry:
                ipaddress.ip_network(entry, strict=False)
            else:
                ipaddress.ip_address(entry)
        except ValueError:
            raise ArmError(400, 'InvalidParameter',
                           "The IP allow list entry '{}' is invalid: each entry must be an IPv4 or IPv6 address or "
                           "a CIDR range (for example 10.0.0.0/24).".format(entry), target=item_target) from None
    return list(values)


def validate_sku(sku_name, capacity, target='properties.sku'):
    """(canonical name, capacity or None)."""
    name = _enum(sku_name, _SKUS, target + '.name')
    if capacity is not None and (isinstance(capacity, bool) or not isinstance(capacity, int)):
        raise bad_request("The property '{}.capacity' must be an integer.".format(target), target + '.capacity')
    if name == 'Consumption':
        if capacity is not None:
            raise ArmError(400, 'InvalidParameter',
                           'The Consumption SKU does not take a capacity: omit sku.capacity '
                           '(capacity units exist only for the Dedicated SKU).', target=target + '.capacity')
        return name, None
    low, high = c.DEDICATED_CAPACITY_RANGE
    capacity = low if capacity is None else capacity
    if not low <= capacity <= high:
        raise ArmError(400, 'InvalidParameter',
                       'The Dedicated SKU capacity must be between {} and {} capacity units, got {}.'.format(
                           low, high, capacity), target=target + '.capacity')
    return name, capacity


def validate_retention(policies, sku_name, target='properties.retentionPolicies'):
    if policies is None:
        return []
    if not isinstance(policies, list):
        raise bad_request("The property '{}' must be an array.".format(target), target)
    maximum = c.RETENTION_MAX_DAYS[sku_name]
    seen, result = set(), []
    for i, item in enumerate(policies):
        where = '{}[{}]'.format(target, i)
        _object(item, where)
        days = _required(item.get('retentionPeriodInDays'), where + '.retentionPeriodInDays')
        if isinstance(days, bool) or not isinstance(days, int):
            raise bad_request("The property '{}.retentionPeriodInDays' must be an integer.".format(where),
                              where + '.retentionPeriodInDays')
        if not 0 <= days <= maximum:  # 0: purge as soon as the orchestration finishes
            raise ArmError(400, 'InvalidParameter',
                           'The retention period must be between 0 and {} days for the {} SKU, got {}.'.format(
                               maximum, sku_name, days), target=where + '.retentionPeriodInDays')
        state = item.get('orchestrationState')
        if state is not None:
            state = _enum(state, _PURGEABLE, where + '.orchestrationState')
        if state in seen:
            raise ArmError(400, 'InvalidParameter', 'More than one retention policy applies to {}.'.format(
                'orchestrations in state ' + state if state else 'all orchestration states (no '
                'orchestrationState)'), target=where)
        seen.add(state)
        result.append({'retentionPeriodInDays': days, **({'orchestrationState': state} if state else {})})
    return result


# --- rendering ------------------------------------------------------------------------------------------------

def render_scheduler(request, res):
    store, _ = ctx(request)
    b = res.body
    sku = {'name': b['sku']['name']}
    if b['sku'].get('capacity') is not None:
        sku['capacity'] = b['sku']['capacity']
    sku['redundancyState'] = 'None'
    connections = store.list(PEC_TYPE, under=res.id)
    return {
        'id': res.id,
        'name': _name(res.id),
        'type': SCHEDULER_TYPE,
        'location': b['location'],
        'tags': b.get('tags') or {},
        'systemData': b['systemData'],
        'properties': {
            'provisioningState': res.state,
            'endpoint': endpoint_of(request, res),
            'ipAllowlist': b['ipAllowlist'],
            'sku': sku,
            'publicNetworkAccess': b['publicNetworkAccess'],
            'privateEndpointConnections': [render_connection(request, pec) for pec in connections],
        },
    }


def render_task_hub(request, res):
    return {'id': res.id, 'name': _name(res.id), 'type': TASK_HUB_TYPE, 'systemData': res.body['systemData'],
            'properties': {'provisioningState': res.state, 'dashboardUrl': res.body['dashboardUrl']}}


def render_retention(request, res):
    return {'id': res.id, 'name': _name(res.id), 'type': RETENTION_TYPE, 'systemData': res.body['systemData'],
            'properties': {'provisioningState': res.state,
                           'retentionPolicies': res.body['retentionPolicies']}}


def render_connection(request, res):
    props = {'groupIds': [PRIVATE_LINK_GROUP],
             'privateLinkServiceConnectionState': res.body['privateLinkServiceConnectionState'],
             'provisioningState': res.state}
    if res.body.get('privateEndpointId'):
        props['privateEndpoint'] = {'id': res.body['privateEndpointId']}
    return {'id': res.id, 'name': _name(res.id), 'type': PEC_TYPE, 'systemData': res.body['systemData'],
            'properties': props}


def render_private_link(scheduler):
    return {'id': scheduler.id + '/privateLinkResources/' + PRIVATE_LINK_GROUP, 'name': PRIVATE_LINK_GROUP,
            'type': PRIVATE_LINK_TYPE,
            'properties': {'groupId': PRIVATE_LINK_GROUP, 'requiredMembers': [PRIVATE_LINK_GROUP],
                           'requiredZoneNames': ['privatelink.durabletask.io']}}


register_renderer(SCHEDULER_TYPE, render_scheduler)
register_renderer(TASK_HUB_TYPE, render_task_hub)
register_renderer(RETENTION_TYPE, render_retention)
register_renderer(PEC_TYPE, render_connection)


def endpoint_for(sub, rg, name, location, created):
    suffix = hashlib.sha256('{}/{}/{}/{}'.format(sub, rg, name, created).lower().encode()).hexdigest()[:8]
    return 'https://{}-{}.{}.durabletask.io'.format(name.lower(), suffix, location)


def dashboard_url(endpoint, hub):
    query = 'endpoint={}&taskhub={}'.format(quote(endpoint, safe=''), quote(hub, safe=''))
    return 'https://dashboard.durabletask.io/?' + query


# --- shared lifecycle ---------------------------------------------------------------------------------------------

def _context(request, write=False):
    """Checks every subscription-scoped call makes, in ARM's order. Returns (store, settings, api, sub, rg)."""
    sub = require_subscription(request)
    require_registered(request, NS, sub)
    api = api_version(request, c.DURABLETASK_API_VERSIONS)
    rg = request.path_params['group']
    require_group(request, sub, rg, for_write=write)
    store, settings = ctx(request)
    return store, settings, api, sub, rg


def _get_scheduler(request, store, sub, rg):
    name = request.path_params['scheduler']
    res = store.get(scheduler_id(sub, rg, name))
    if res is None:
        raise resource_not_found(SCHEDULER_TYPE, name, rg)
    return res


def _get_child(store, scheduler, segment, name, rtype, rg):
    res = store.get('{}/{}/{}'.format(scheduler.id, segment, name))
    if res is None:
        # ARM names a child as <provider>/schedulers/<scheduler>/<segment>/<name>: the parent's type, the full name
        raise resource_not_found(rtype.rsplit('/', 1)[0], '{}/{}/{}'.format(_name(scheduler.id), segment, name), rg)
    return res


def _parent_ready(scheduler):
    if scheduler.state not in ('Succeeded', 'Updating'):
        raise ArmError(409, 'ParentResourceNotReady',
                       "The scheduler '{}' is {}: child resources can be changed only once it has "
                       "succeeded.".format(_name(scheduler.id), scheduler.state.lower()))


def _start_create(request, rid, rtype, body, location, api, busy_state='Provisioning'):
    return lro.begin_create(request, rid, rtype, body, namespace=NS, location=location, api=api,
                            busy_state=busy_state)


def _start_update(request, res, body, location, api, state='Updating'):
    return lro.begin_update(request, res, body, namespace=NS, location=location, api=api, state=state)


def _start_delete(request, res, location, api):
    what = {SCHEDULER_TYPE: 'scheduler', TASK_HUB_TYPE: 'task hub', RETENTION_TYPE: 'retention policy',
            PEC_TYPE: 'private endpoint connection'}[res.type]
    return lro.begin_delete(request, res, namespace=NS, location=location, api=api, what=what)


def _list(request, items, settings, render_fn):
    return json_response(page(request, items, settings, lambda r: render_fn(request, r)))


# --- schedulers -------------------------------------------------------------------------------------------------

async def list_schedulers_by_subscription(request):
    sub = require_subscription(request)
    require_registered(request, NS, sub)
    api_version(request, c.DURABLETASK_API_VERSIONS)
    store, settings = ctx(request)
    return _list(request, store.list(SCHEDULER_TYPE, under='/subscriptions/' + sub), settings, render_scheduler)


async def list_schedulers_by_group(request):
    store, settings, _, sub, rg = _context(request)
    items = store.list(SCHEDULER_TYPE, under='/subscriptions/{}/resourceGroups/{}'.format(sub, rg))
    return _list(request, items, settings, render_scheduler)


async def scheduler(request):
    method = request.method
    store, settings, api, sub, rg = _context(request, write=method in ('PUT', 'PATCH'))
    name = request.path_params['scheduler']
    rid = scheduler_id(sub, rg, name)
    existing = store.get(rid)

    if method == 'GET':
        if existing is None:
            raise resource_not_found(SCHEDULER_TYPE, name, rg)
        return json_response(render_scheduler(request, existing))

    if method == 'DELETE':
        if existing is None:
            return no_content(204)
        hubs = store.list(TASK_HUB_TYPE, under=existing.id)
        if hubs:
            names = ', '.join(_name(h.id) for h in hubs)
            raise ArmError(409, 'CannotDeleteResource',
                           "Cannot delete scheduler '{}' because it still has task hubs: {}. Delete the task hubs "
                           "first.".format(name, names))
        return _start_delete(request, existing, existing.body['location'], api)

    body = await read_json(request)
    if method == 'PATCH':
        if existing is None:
            raise resource_not_found(SCHEDULER_TYPE, name, rg)
        lro.refuse_if_busy(existing, 'scheduler')
        return _patch_scheduler(request, existing, body, api)
    return _put_scheduler(request, store, settings, api, sub, rg, name, existing, body)


def _put_scheduler(request, store, settings, api, sub, rg, name, existing, body):
    validate_name('scheduler', name)
    raw_location = _required(body.get('location'), 'location')
    location = normalise_location(raw_location)
    if location not in c.DURABLETASK_LOCATIONS:
        raise ArmError(400, 'LocationNotAvailableForResourceType',
                       "The provided location '{}' is not available for resource type '{}'. List of available "
                       "regions for the resource type is '{}'.".format(raw_location, SCHEDULER_TYPE,
                                                                       ','.join(c.DURABLETASK_LOCATIONS)),
                       target='location')
    tags = validate_tags(body.get('tags'))
    props = _object(_required(body.get('properties'), 'properties'), 'properties')
    sku_in = _object(_required(props.get('sku'), 'properties.sku'), 'properties.sku')
    sku_name, capacity = validate_sku(_required(sku_in.get('name'), 'properties.sku.name'), sku_in.get('capacity'))
    allowlist = validate_ip_allowlist(_required(props.get('ipAllowlist'), 'properties.ipAllowlist'))
    access = _enum(props.get('publicNetworkAccess') or 'Enabled', _NETWORK_ACCESS, 'properties.publicNetworkAccess')
    new = {'location': location, 'tags': tags, 'sku': {'name': sku_name, 'capacity': capacity},
           'ipAllowlist': allowlist, 'publicNetworkAccess': access}

    if existing is not None:
        lro.refuse_if_busy(existing, 'scheduler')
        if existing.body['location'] != location:
            raise ArmError(400, 'InvalidResourceLocation',
                           "The resource '{}' already exists in location '{}' in resource group '{}'. A resource "
                           "with the same name cannot be created in location '{}'. Please select a new resource "
                           "name.".format(name, existing.body['location'], rg, location))
        _same_sku_family(existing, sku_name)
        new.update(endpoint=existing.body['endpoint'],
                   systemData=system_data(request, existing.body['systemData']))
        if existing.state == 'Failed':  # a failed resource is provisioned again
            return _start_create(request, existing.id, SCHEDULER_TYPE, new, location, api)
        return json_response(render_scheduler(request, store.update(existing.id, new)))

    same = [s for s in store.list(SCHEDULER_TYPE, under='/subscriptions/' + sub)
            if s.body['location'] == location and s.body['sku']['name'] == sku_name]
    if len(same) >= c.SCHEDULER_QUOTA[sku_name]:
        raise ArmError(409, 'QuotaExceeded',
                       'The subscription already has {} {} schedulers in {}, the most allowed. Delete one or '
                       'request a quota increase.'.format(len(same), sku_name, location))
    rid = scheduler_id(sub, rg, name)
    new.update(endpoint=endpoint_for(sub, rg, name, location, time.time()), systemData=system_data(request))
    return _start_create(request, rid, SCHEDULER_TYPE, new, location, api)


def _same_sku_family(existing, sku_name):
    if existing.body['sku']['name'] != sku_name:
        raise ArmError(400, 'InvalidParameter',
                       "The SKU of scheduler '{}' cannot change from {} to {}: create a new scheduler "
                       "instead.".format(_name(existing.id), existing.body['sku']['name'], sku_name),
                       target='properties.sku.name')


def _patch_scheduler(request, existing, body, api):
    new = dict(existing.body)
    if body.get('tags') is not None:
        new['tags'] = validate_tags(body['tags'])
    props = body.get('properties')
    if props is not None:
        _object(props, 'properties')
        if props.get('ipAllowlist') is not None:
            new['ipAllowlist'] = validate_ip_allowlist(props['ipAllowlist'])
        if props.get('publicNetworkAccess') is not None:
            new['publicNetworkAccess'] = _enum(props['publicNetworkAccess'], _NETWORK_ACCESS,
                                               'properties.publicNetworkAccess')
        if props.get('sku') is not None:
            sku_in = _object(props['sku'], 'properties.sku')
            sku_name = sku_in.get('name') or existing.body['sku']['name']
            capacity = sku_in['capacity'] if 'capacity' in sku_in else existing.body['sku'].get('capacity')
            sku_name, capacity = validate_sku(sku_name, capacity)
            _same_sku_family(existing, sku_name)
            new['sku'] = {'name': sku_name, 'capacity': capacity}
    new['systemData'] = system_data(request, existing.body['systemData'])
    return _start_update(request, existing, new, existing.body['location'], api)


# --- task hubs -------------------------------------------------------------------------------------------------

async def list_task_hubs(request):
    store, settings, _, sub, rg = _context(request)
    parent = _get_scheduler(request, store, sub, rg)
    return json_response(store_page(request, store, TASK_HUB_TYPE, parent.id, settings,
                                    lambda r: render_task_hub(request, r)))


async def task_hub(request):
    method = request.method
    store, settings, api, sub, rg = _context(request, write=method == 'PUT')
    parent = _get_scheduler(request, store, sub, rg)
    name = request.path_params['hub']
    rid = '{}/taskHubs/{}'.format(parent.id, name)
    existing = store.get(rid)
    location = parent.body['location']

    if method == 'GET':
        return json_response(render_task_hub(request, _get_child(store, parent, 'taskHubs', name, TASK_HUB_TYPE,
                                                                 rg)))
    if method == 'DELETE':
        if existing is None:
            return no_content(204)
        return _start_delete(request, existing, location, api)

    body = await read_json(request, required=False)
    validate_name('task hub', name)
    if body.get('properties') is not None:
        _object(body['properties'], 'properties')
    if existing is not None:
        lro.refuse_if_busy(existing, 'task hub')
        new = dict(existing.body, systemData=system_data(request, existing.body['systemData']))
        return json_response(render_task_hub(request, store.update(existing.id, new)))
    _parent_ready(parent)
    sku_name = parent.body['sku']['name']
    hubs = store.list(TASK_HUB_TYPE, under=parent.id)
    if len(hubs) >= c.TASK_HUB_QUOTA[sku_name]:
        raise ArmError(409, 'QuotaExceeded',
                       "The scheduler '{}' already has {} task hubs, the most a {} scheduler allows.".format(
                           _name(parent.id), len(hubs), sku_name))
    new = {'dashboardUrl': dashboard_url(parent.body['endpoint'], name), 'systemData': system_data(request)}
    return _start_create(request, rid, TASK_HUB_TYPE, new, location, api)


# --- retention policies ----------------------------------------------------------------------------------------

async def list_retention_policies(request):
    store, settings, _, sub, rg = _context(request)
    parent = _get_scheduler(request, store, sub, rg)
    return _list(request, store.list(RETENTION_TYPE, under=parent.id), settings, render_retention)


async def retention_policy(request):
    method = request.method
    store, settings, api, sub, rg = _context(request, write=method in ('PUT', 'PATCH'))
    parent = _get_scheduler(request, store, sub, rg)
    name = request.path_params['policy']
    rid = '{}/retentionPolicies/{}'.format(parent.id, name)
    existing = store.get(rid) if name.lower() == 'default' else None
    location = parent.body['location']

    if method == 'GET':
        found = _get_child(store, parent, 'retentionPolicies', name, RETENTION_TYPE, rg)
        return json_response(render_retention(request, found), headers={'ETag': _retention_etag(found)})
    if method == 'DELETE':
        if existing is None:
            return no_content(204)
        return _start_delete(request, existing, location, api)
    _check_if_match(request, existing)

    if name.lower() != 'default':
        raise ArmError(400, 'InvalidResourceName',
                       "The retention policy name '{}' is invalid: a scheduler has one retention policy, named "
                       "'default'.".format(name), target='name')
    body = await read_json(request)
    sku_name = parent.body['sku']['name']
    if method == 'PATCH':
        if existing is None:
            raise resource_not_found(SCHEDULER_TYPE, '{}/retentionPolicies/{}'.format(_name(parent.id), name), rg)
        lro.refuse_if_busy(existing, 'retention policy')
        new = dict(existing.body)
        props = body.get('properties')
        if props is not None and _object(props, 'properties').get('retentionPolicies') is not None:
            new['retentionPolicies'] = validate_retention(props['retentionPolicies'], sku_name)
        new['systemData'] = system_data(request, existing.body['systemData'])
        return _start_update(request, existing, new, location, api)

    props = _object(_required(body.get('properties'), 'properties'), 'properties')
    policies = validate_retention(props.get('retentionPolicies'), sku_name)
    if existing is not None:
        lro.refuse_if_busy(existing, 'retention policy')
        new = {'retentionPolicies': policies, 'systemData': system_data(request, existing.body['systemData'])}
        return json_response(render_retention(request, store.update(existing.id, new)))
    _parent_ready(parent)
    new = {'retentionPolicies': policies, 'systemData': system_data(request)}
    return _start_create(request, '{}/retentionPolicies/default'.format(parent.id), RETENTION_TYPE, new, location,
                         api)


def _retention_etag(resource):
    """A strong ETag that changes with every write (the body holds systemData.lastModifiedAt)."""
    digest = hashlib.sha256(json.dumps(resource.body, sort_keys=True).encode('utf-8')).hexdigest()[:32]
    return '"{}"'.format(digest)


def _check_if_match(request, existing):
    """If-Match on a PUT/PATCH: 412 when the policy is missing or was written since the caller read it."""
    wanted = request.headers.get('if-match')
    if wanted is None:
        return
    if existing is None or (wanted.strip() != '*' and wanted.strip() != _retention_etag(existing)):
        raise ArmError(412, 'PreconditionFailed', 'The retention policy was changed since it was read (If-Match '
                                                  '{} does not match its ETag).'.format(wanted))


# --- private endpoint connections and private link resources ----------------------------------------------------

def create_private_endpoint_connection(store, scheduler_resource_id, name, private_endpoint_id, status='Pending',
                                       description='', created_by=None):
    """For other provider modules (a private endpoint being created): add a connection, default Pending."""
    caller = created_by or {'name': 'Microsoft.Network', 'type': 'Application'}
    stamp = iso(time.time())
    body = {'privateEndpointId': private_endpoint_id,
            'privateLinkServiceConnectionState': {'status': status, 'description': description,
                                                  'actionsRequired': 'None'},
            'systemData': {'createdBy': caller['name'], 'createdByType': caller['type'], 'createdAt': stamp,
                           'lastModifiedBy': caller['name'], 'lastModifiedByType': caller['type'],
                           'lastModifiedAt': stamp}}
    return store.put('{}/privateEndpointConnections/{}'.format(scheduler_resource_id, name), PEC_TYPE, body)


def _connection_state(props, current=None):
    state = props.get('privateLinkServiceConnectionState')
    if state is None:
        if current is not None:
            return current
        _required(None, 'properties.privateLinkServiceConnectionState')
    _object(state, 'properties.privateLinkServiceConnectionState')
    merged = dict(current or {'status': 'Pending', 'description': '', 'actionsRequired': 'None'})
    if state.get('status') is not None:
        merged['status'] = _enum(state['status'], _CONNECTION_STATUS,
                                 'properties.privateLinkServiceConnectionState.status')
        # As for other private link providers (storage, key vault): rejection is final.
        if (current or {}).get('status') == 'Rejected' and merged['status'] != 'Rejected':
            raise ArmError(400, 'PrivateEndpointConnectionRejected',
                           'A rejected private endpoint connection cannot be set to {}.'.format(merged['status']),
                           target='properties.privateLinkServiceConnectionState.status')
    for key in ('description', 'actionsRequired'):
        if state.get(key) is not None:
            if not isinstance(state[key], str):
                raise bad_request("The property 'properties.privateLinkServiceConnectionState.{}' must be a "
                                  "string.".format(key), 'properties.privateLinkServiceConnectionState.' + key)
            merged[key] = state[key]
    return merged


async def list_connections(request):
    store, settings, _, sub, rg = _context(request)
    parent = _get_scheduler(request, store, sub, rg)
    return _list(request, store.list(PEC_TYPE, under=parent.id), settings, render_connection)


async def connection(request):
    method = request.method
    store, settings, api, sub, rg = _context(request, write=method in ('PUT', 'PATCH'))
    parent = _get_scheduler(request, store, sub, rg)
    name = request.path_params['connection']
    rid = '{}/privateEndpointConnections/{}'.format(parent.id, name)
    existing = store.get(rid)
    location = parent.body['location']

    if method == 'GET':
        return json_response(render_connection(request, _get_child(store, parent, 'privateEndpointConnections', name,
                                                                   PEC_TYPE, rg)))
    if method == 'DELETE':
        if existing is None:
            return no_content(204)
        return _start_delete(request, existing, location, api)

    body = await read_json(request)
    props = _object(body.get('properties') if body.get('properties') is not None else {}, 'properties')
    if method == 'PATCH':
        if existing is None:
            raise resource_not_found(SCHEDULER_TYPE, '{}/privateEndpointConnections/{}'.format(_name(parent.id), name),
                                     rg)
        lro.refuse_if_busy(existing, 'private endpoint connection')
        new = dict(existing.body)
        new['privateLinkServiceConnectionState'] = _connection_state(props, existing.body[
            'privateLinkServiceConnectionState'])
        new['systemData'] = system_data(request, existing.body['systemData'])
        # the connection state changes at once; the operation monitor still runs its course
        return _start_update(request, existing, new, location, api, state=None)

    state = _connection_state(props, existing.body['privateLinkServiceConnectionState'] if existing else None)
    if existing is not None:
        lro.refuse_if_busy(existing, 'private endpoint connection')
        new = dict(existing.body, privateLinkServiceConnectionState=state,
                   systemData=system_data(request, existing.body['systemData']))
        return json_response(render_connection(request, store.update(existing.id, new)))
    _parent_ready(parent)
    new = {'privateLinkServiceConnectionState': state, 'systemData': system_data(request)}
    return _start_create(request, rid, PEC_TYPE, new, location, api, busy_state='Creating')


async def list_private_links(request):
    store, settings, _, sub, rg = _context(request)
    parent = _get_scheduler(request, store, sub, rg)
    return json_response(page(request, [parent], settings, render_private_link))


async def private_link(request):
    store, _, _, sub, rg = _context(request)
    parent = _get_scheduler(request, store, sub, rg)
    name = request.path_params['link']
    if name.lower() != PRIVATE_LINK_GROUP:
        raise resource_not_found(SCHEDULER_TYPE, '{}/privateLinkResources/{}'.format(_name(parent.id), name), rg)
    return json_response(render_private_link(parent))


# --- operations -------------------------------------------------------------------------------------------------

def _operation(name, resource, operation, description, data=False):
    return {'name': '{}/{}'.format(NS, name), 'isDataAction': data,
            'display': {'provider': 'Microsoft Durable Task', 'resource': resource, 'operation': operation,
                        'description': description},
            'origin': 'user' if data else 'user,system'}


OPERATIONS = [
    _operation('operations/read', 'Operations', 'List operations', 'Lists the operations of Microsoft.DurableTask.'),
    _operation('register/action', 'Microsoft.DurableTask', 'Register', 'Registers the subscription for '
               'Microsoft.DurableTask.'),
    _operation('locations/operationStatuses/read', 'Operation statuses', 'Read operation status',
               'Reads the status of an asynchronous operation.'),
    _operation('schedulers/read', 'Schedulers', 'Read scheduler', 'Reads a scheduler or lists schedulers.'),
    _operation('schedulers/write', 'Schedulers', 'Write scheduler', 'Creates or updates a scheduler.'),
    _operation('schedulers/delete', 'Schedulers', 'Delete scheduler', 'Deletes a scheduler.'),
    _operation('schedulers/taskHubs/read', 'Task hubs', 'Read task hub', 'Reads a task hub or lists task hubs.'),
    _operation('schedulers/taskHubs/write', 'Task hubs', 'Write task hub', 'Creates or updates a task hub.'),
    _operation('schedulers/taskHubs/delete', 'Task hubs', 'Delete task hub', 'Deletes a task hub.'),
    _operation('schedulers/retentionPolicies/read', 'Retention policies', 'Read retention policy',
               'Reads the retention policy of a scheduler.'),
    _operation('schedulers/retentionPolicies/write', 'Retention policies', 'Write retention policy',
               'Creates or updates the retention policy of a scheduler.'),
    _operation('schedulers/retentionPolicies/delete', 'Retention policies', 'Delete retention policy',
               'Deletes the retention policy of a scheduler.'),
    _operation('schedulers/privateEndpointConnections/read', 'Private endpoint connections',
               'Read private endpoint connection', 'Reads private endpoint connections of a scheduler.'),
    _operation('schedulers/privateEndpointConnections/write', 'Private endpoint connections',
               'Write private endpoint connection', 'Approves, rejects or updates a private endpoint connection.'),
    _operation('schedulers/privateEndpointConnections/delete', 'Private endpoint connections',
               'Delete private endpoint connection', 'Deletes a private endpoint connection.'),
    _operation('schedulers/privateLinkResources/read', 'Private link resources', 'Read private link resource',
               'Reads the private link resources of a scheduler.'),
    _operation('schedulers/taskHubs/orchestrations/read', 'Orchestrations', 'Read orchestrations',
               'Reads orchestration instances and their history.', data=True),
    _operation('schedulers/taskHubs/orchestrations/write', 'Orchestrations', 'Write orchestrations',
               'Schedules, raises events to, suspends, resumes, terminates and purges orchestrations.', data=True),
    _operation('schedulers/taskHubs/workers/action', 'Workers', 'Run as a worker',
               'Connects as a worker and runs orchestrations, activities and entities.', data=True),
]


async def list_operations(request):
    api_version(request, c.DURABLETASK_API_VERSIONS)
    _, settings = ctx(request)
    return json_response(page(request, OPERATIONS, settings))


def routes():
    group = '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.DurableTask'
    one = group + '/schedulers/{scheduler}'
    return [
        ArmRoute('/providers/Microsoft.DurableTask/operations', list_operations, methods=['GET']),
        ArmRoute('/subscriptions/{subscription}/providers/Microsoft.DurableTask/schedulers',
                 list_schedulers_by_subscription, methods=['GET']),
        ArmRoute(group + '/schedulers', list_schedulers_by_group, methods=['GET']),
        ArmRoute(one, scheduler, methods=['GET', 'PUT', 'PATCH', 'DELETE']),
        ArmRoute(one + '/taskHubs', list_task_hubs, methods=['GET']),
        ArmRoute(one + '/taskHubs/{hub}', task_hub, methods=['GET', 'PUT', 'DELETE']),
        ArmRoute(one + '/retentionPolicies', list_retention_policies, methods=['GET']),
        ArmRoute(one + '/retentionPolicies/{policy}', retention_policy, methods=['GET', 'PUT', 'PATCH', 'DELETE']),
        ArmRoute(one + '/privateEndpointConnections', list_connections, methods=['GET']),
        ArmRoute(one + '/privateEndpointConnections/{connection}', connection,
                 methods=['GET', 'PUT', 'PATCH', 'DELETE']),
        ArmRoute(one + '/privateLinkResources', list_private_links, methods=['GET']),
        ArmRoute(one + '/privateLinkResources/{link}', private_link, methods=['GET']),
    ]
