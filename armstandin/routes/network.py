"""Microsoft.Network/privateEndpoints: just enough for a private endpoint to ask a scheduler for a connection.

This is how a scheduler's private endpoint connection comes to exist in Azure, and so here: the network side
creates it. One PUT, as `az network private-endpoint create` sends it:

    az network private-endpoint create -g <group> -n <endpoint> --subnet <subnet id>
        --private-connection-resource-id <scheduler id> --group-id scheduler --connection-name <name>
        [--manual-request --request-message <text>]

adds the connection `<endpoint>.<uuid5 of the endpoint id>` (stable, so recordings replay) to the scheduler:
Pending, with the request message as its description, for a manual request (`manualPrivateLinkServiceConnections`);
Approved for an automatic one (`privateLinkServiceConnections`: the caller is taken to own the scheduler).

- GET /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Network/privateEndpoints[/{name}]
- PUT (200 replace, 201 create; synchronous, provisioningState Succeeded) and DELETE (200; 204 when absent) of one.
  DELETE also removes the scheduler's connection, as Azure does.
- GET shows each connection's state as the scheduler sees it (Approved/Rejected after approve/reject there;
  Disconnected once the scheduler's connection is deleted).

Virtual networks and subnets are not modelled: the subnet only has to be a well-formed subnet id.
"""

import re
import uuid

from ..arm import (ArmError, ArmRoute, api_version, bad_request, ctx, json_response, no_content,
                   normalise_location, page, read_json, register_renderer, resource_not_found)
from . import durabletask
from .providers import declare_provider, require_registered
from .resources import require_group, require_subscription

NS = 'Microsoft.Network'
ENDPOINT_TYPE = NS + '/privateEndpoints'
_CONNECTION_KINDS = ('privateLinkServiceConnections', 'manualPrivateLinkServiceConnections')
_SUBNET_ID = re.compile(r'^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.Network/virtualNetworks/'
                        r'[^/]+/subnets/[^/]+$', re.IGNORECASE)
_NAME = re.compile(r'^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_]$|^[a-zA-Z0-9]$')

declare_provider(NS, ['privateEndpoints'], api_versions=('2026-01-01', '2024-05-01', '2023-09-01'))


def _endpoint_id(sub, rg, name):
    return '/subscriptions/{}/resourceGroups/{}/providers/{}/privateEndpoints/{}'.format(sub, rg, NS, name)


def connection_name(endpoint_id):
    """The name of the scheduler's connection for an endpoint: `<endpoint>.<uuid5>`, stable for a given id."""
    return '{}.{}'.format(endpoint_id.rsplit('/', 1)[-1], uuid.uuid5(uuid.NAMESPACE_URL, endpoint_id.lower()))


def _context(request, write=False):
    sub = require_subscription(request)
    require_registered(request, NS, sub)
    api = api_version(request)
    rg = request.path_params['group']
    require_group(request, sub, rg, for_write=write)
    store, settings = ctx(request)
    return store, settings, api, sub, rg


# --- the requested connections ----------------------------------------------------------------------------

def _requested(body):
    """[(kind, connection name, target id, groupIds, requestMessage, where)] of the PUT body."""
    endpoint_props = body.get('properties')
    if not isinstance(endpoint_props, dict):
        raise bad_request("The property 'properties' is required and must be an object.", 'properties')
    subnet = endpoint_props.get('subnet', {}).get('id') if isinstance(endpoint_props.get('subnet'), dict) else None
    if not subnet or not _SUBNET_ID.fullmatch(subnet):
        raise bad_request("The property 'properties.subnet.id' must be a subnet id (/subscriptions/.../"
                          "virtualNetworks/<vnet>/subnets/<subnet>), got {!r}.".format(subnet), 'properties.subnet.id')
    requested = []
    for kind in _CONNECTION_KINDS:
        items = endpoint_props.get(kind) or []
        if not isinstance(items, list):
            raise bad_request("The property 'properties.{}' must be an array.".format(kind), 'properties.' + kind)
        for i, item in enumerate(items):
            where = 'properties.{}[{}]'.format(kind, i)
            props = (item or {}).get('properties') or {}
            target = props.get('privateLinkServiceId')
            if not isinstance(target, str) or not target:
                raise bad_request("The property '{}.properties.privateLinkServiceId' is required.".format(where),
                                  where + '.properties.privateLinkServiceId')
            requested.append((kind, (item or {}).get('name') or target.rsplit('/', 1)[-1], target,
                              props.get('groupIds') or [], props.get('requestMessage') or '', where))
    if len(requested) != 1:
        raise bad_request('A private endpoint connects to exactly one resource: give one entry in '
                          'privateLinkServiceConnections or manualPrivateLinkServiceConnections.', 'properties')
    return requested


def _target_scheduler(request, target, group_ids, where, endpoint_id):
    store, _ = ctx(request)
    scheduler = store.get(target)
    if scheduler is None or scheduler.type.lower() != durabletask.SCHEDULER_TYPE.lower() or \
            scheduler.state == 'Deleting':
        raise ArmError(400, 'InvalidResourceReference',
                       'Resource {} referenced by resource {} was not found. Please make sure that the referenced '
                       'resource exists, and that both resources are in the same region.'.format(target, endpoint_id),
                       target=where + '.properties.privateLinkServiceId')
    if [g.lower() for g in group_ids if isinstance(g, str)] != [durabletask.PRIVATE_LINK_GROUP]:
        raise ArmError(400, 'PrivateEndpointBadRequest',
                       "Call to {} failed: the group ids {} are not valid; use ['{}'] "
                       "(az durabletask scheduler private-link-resource list).".format(
                           durabletask.SCHEDULER_TYPE, group_ids, durabletask.PRIVATE_LINK_GROUP),
                       target=where + '.properties.groupIds')
    return scheduler


# --- rendering ------------------------------------------------------------------------------------------------

def render_endpoint(request, res):
    store, _ = ctx(request)
    b = res.body
    connections = {kind: [] for kind in _CONNECTION_KINDS}
    for link in b['connections']:
        pec = store.get(link['connectionId'])
        state = (pec.body['privateLinkServiceConnectionState'] if pec is not None else
                 {'status': 'Disconnected', 'description': 'The connection was removed by the resource owner.',
                  'actionsRequired': 'None'})
        connections[link['kind']].append({
            'id': '{}/{}/{}'.format(res.id, link['kind'], link['name']),
            'name': link['name'],
            'type': '{}/{}'.format(ENDPOINT_TYPE, link['kind']),
            'etag': b['etag'],
            'properties': {'provisioningState': 'Succeeded', 'privateLinkServiceId': link['target'],
                           'groupIds': [durabletask.PRIVATE_LINK_GROUP], 'requestMessage': link['requestMessage'],
                           'privateLinkServiceConnectionState': state},
        })
    name = res.id.rsplit('/', 1)[-1]
    return {
        'id': res.id, 'name': name, 'type': ENDPOINT_TYPE, 'location': b['location'], 'tags': b.get('tags') or {},
        'etag': b['etag'],
        'properties': {
            'provisioningState': res.state,
            'resourceGuid': b['resourceGuid'],
            'subnet': {'id': b['subnetId']},
            'networkInterfaces': [{'id': '{}/providers/{}/networkInterfaces/{}.nic.{}'.format(
                res.id.split('/providers/')[0], NS, name, b['resourceGuid'])}],
            'customNetworkInterfaceName': '',
            'ipConfigurations': [],
            'applicationSecurityGroups': [],
            'customDnsConfigs': [],
            **connections,
        },
    }


register_renderer(ENDPOINT_TYPE, render_endpoint)


# --- handlers ---------------------------------------------------------------------------------------------------

async def list_endpoints(request):
    store, settings, _, sub, rg = _context(request)
    items = store.list(ENDPOINT_TYPE, under='/subscriptions/{}/resourceGroups/{}'.format(sub, rg))
    return json_response(page(request, items, settings, lambda r: render_endpoint(request, r)))


async def endpoint(request):
    method = request.method
    store, _, _, sub, rg = _context(request, write=method == 'PUT')
    name = request.path_params['endpoint']
    rid = _endpoint_id(sub, rg, name)
    existing = store.get(rid)

    if method == 'GET':
        if existing is None:
            raise resource_not_found(ENDPOINT_TYPE, name, rg)
        return json_response(render_endpoint(request, existing))
    if method == 'DELETE':
        if existing is None:
            return no_content(204)
        for link in existing.body['connections']:
            store.delete(link['connectionId'])
        store.delete(rid)
        return no_content(200)

    if not _NAME.fullmatch(name):
        raise bad_request("The private endpoint name '{}' is invalid: 1 to 80 letters, digits, '_', '.' or '-', "
                          "starting with a letter or digit and ending with a letter, digit or '_'.".format(name),
                          'name', code='InvalidResourceName')
    body = await read_json(request)
    location = normalise_location(body.get('location'))
    if not location:
        raise bad_request("The property 'location' is required.", 'location', code='LocationRequired')
    [(kind, link_name, target, group_ids, message, where)] = _requested(body)
    scheduler = _target_scheduler(request, target, group_ids, where, rid)
    connection_id = '{}/privateEndpointConnections/{}'.format(scheduler.id, connection_name(rid))
    if store.get(connection_id) is None:
        manual = kind == 'manualPrivateLinkServiceConnections'
        durabletask.create_private_endpoint_connection(
            store, scheduler.id, connection_name(rid), rid, status='Pending' if manual else 'Approved',
            description=message if manual else 'Auto-Approved')
    new = {'location': location, 'tags': body.get('tags') or {}, 'subnetId': body['properties']['subnet']['id'],
           'etag': 'W/"{}"'.format(uuid.uuid4()),
           'resourceGuid': existing.body['resourceGuid'] if existing else str(uuid.uuid4()),
           'connections': [{'kind': kind, 'name': link_name, 'target': scheduler.id, 'requestMessage': message,
                            'connectionId': connection_id}]}
    res = store.put(rid, ENDPOINT_TYPE, new)
    return json_response(render_endpoint(request, res), status=200 if existing else 201)


def routes():
    group = '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Network'
    return [
        ArmRoute(group + '/privateEndpoints', list_endpoints, methods=['GET']),
        ArmRoute(group + '/privateEndpoints/{endpoint}', endpoint, methods=['GET', 'PUT', 'DELETE']),
    ]
