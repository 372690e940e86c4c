"""Private endpoint connections and private link resources (the Schedulers_*PrivateEndpointConnection* and
Schedulers_*PrivateLink* operations), one handler each, named after its operationId."""

import time

from ...arm import no_content, page, read_json, system_data
from . import models as m
from . import monitor
from . import responses as r

CONNECTION_PATH = m.SCHEDULER_PATH + '/privateEndpointConnections/{connection}'
LINK_PATH = m.SCHEDULER_PATH + '/privateLinkResources/{link}'


def create_private_endpoint_connection(store, scheduler_resource_id, name, private_endpoint_id, status='Pending',
                                       description='', created_by=None):
    """For other provider modules (a private endpoint being created): add a connection, default Pending."""
    who = created_by or {'name': 'Microsoft.Network', 'type': 'Application'}
    body = {'privateEndpointId': private_endpoint_id,
            'privateLinkServiceConnectionState': {'status': status, 'description': description,
                                                  'actionsRequired': 'None'},
            'systemData': r.new_system_data(who, time.time())}
    return store.put('{}/privateEndpointConnections/{}'.format(scheduler_resource_id, name), m.PEC_TYPE, body)


def _connection_id(parent, request):
    return '{}/privateEndpointConnections/{}'.format(parent.id, request.path_params['connection'])


async def schedulers_list_private_endpoint_connections(request):
    return r.list_children(request, m.PEC_TYPE, r.render_connection)


async def schedulers_get_private_endpoint_connection(request):
    store, _, api, sub, rg = m.context(request)
    parent = m.get_scheduler(request, store, sub, rg, api)
    res = m.get_child(store, parent, 'privateEndpointConnections', request.path_params['connection'])
    return r.resource_response(request, r.render_connection(request, res), res)


async def schedulers_create_or_update_private_endpoint_connection(request):
    store, _, api, sub, rg = m.context(request, write=True)
    parent = m.get_scheduler(request, store, sub, rg, api)
    existing = store.get(_connection_id(parent, request))
    m.check_if_match(request, existing)
    body = await read_json(request)
    props = m.json_object(body.get('properties') if body.get('properties') is not None else {}, 'properties')
    state = m.connection_state(props, existing.body['privateLinkServiceConnectionState'] if existing else None)
    if existing is not None:
        m.refuse_if_busy(existing, 'private endpoint connection')
        res = store.update(existing.id, dict(existing.body, privateLinkServiceConnectionState=state,
                                             systemData=system_data(request, existing.body['systemData'])))
        return r.resource_response(request, r.render_connection(request, res), res)
    m.parent_ready(parent)
    return monitor.begin_create(request, _connection_id(parent, request), m.PEC_TYPE,
                                {'privateLinkServiceConnectionState': state, 'systemData': system_data(request)},
                                parent.body['location'], api, busy_state='Creating', answer_state='Creating')


async def schedulers_update_private_endpoint_connection(request):
    """PATCH: 200 synchronous, as the scheduler's PATCH (Azure's answer for connections is not recorded)."""
    store, _, api, sub, rg = m.context(request, write=True)
    parent = m.get_scheduler(request, store, sub, rg, api)
    existing = m.get_child(store, parent, 'privateEndpointConnections', request.path_params['connection'])
    m.check_if_match(request, existing)
    m.refuse_if_busy(existing, 'private endpoint connection')
    body = await read_json(request)
    props = m.json_object(body.get('properties') if body.get('properties') is not None else {}, 'properties')
    new = dict(existing.body, systemData=system_data(request, existing.body['systemData']))
    new['privateLinkServiceConnectionState'] = m.connection_state(props,
                                                                  existing.body['privateLinkServiceConnectionState'])
    res = store.update(existing.id, new)
    return r.resource_response(request, r.render_connection(request, res), res)


async def schedulers_delete_private_endpoint_connection(request):
    store, _, api, sub, rg = m.context(request)
    parent = m.get_scheduler(request, store, sub, rg, api)
    existing = store.get(_connection_id(parent, request))
    if existing is None:
        return no_content(204)
    m.check_if_match(request, existing)
    return monitor.begin_delete(request, existing, parent.body['location'], api, 'private endpoint connection')


async def schedulers_list_private_links(request):
    store, settings, api, sub, rg = m.context(request)
    parent = m.get_scheduler(request, store, sub, rg, api)
    return r.list_response(page(request, [parent], settings, r.render_private_link))


async def schedulers_get_private_link(request):
    store, _, api, sub, rg = m.context(request)
    parent = m.get_scheduler(request, store, sub, rg, api)
    name = request.path_params['link']
    if name.lower() != m.PRIVATE_LINK_GROUP:
        raise m.child_not_found(parent, 'privateLinkResources', name)
    return r.json_response(r.render_private_link(parent))


ROUTES = [
    ('Schedulers_ListPrivateEndpointConnections', 'GET', m.SCHEDULER_PATH + '/privateEndpointConnections',
     schedulers_list_private_endpoint_connections),
    ('Schedulers_GetPrivateEndpointConnection', 'GET', CONNECTION_PATH, schedulers_get_private_endpoint_connection),
    ('Schedulers_CreateOrUpdatePrivateEndpointConnection', 'PUT', CONNECTION_PATH,
     schedulers_create_or_update_private_endpoint_connection),
    ('Schedulers_UpdatePrivateEndpointConnection', 'PATCH', CONNECTION_PATH,
     schedulers_update_private_endpoint_connection),
    ('Schedulers_DeletePrivateEndpointConnection', 'DELETE', CONNECTION_PATH,
     schedulers_delete_private_endpoint_connection),
    ('Schedulers_ListPrivateLinks', 'GET', m.SCHEDULER_PATH + '/privateLinkResources', schedulers_list_private_links),
    ('Schedulers_GetPrivateLink', 'GET', LINK_PATH, schedulers_get_private_link),
]
