"""Microsoft.DurableTask: the rendering side. Turns stored resources into the bodies and headers Azure sends
(as recorded in tests/real-azure and the notes on Azure's behaviour):

- `type` is lower case where present, and absent from task hub GET/list items, retention policy GET/list items
  and a scheduler GET while it is provisioning;
- a provisioning scheduler shows `endpoint: ""` and `ipAllowlist: []`; an updating one `endpoint: ""` and its old
  allow list; `publicNetworkAccess` only when it was sent (filled with `Enabled` from api-version 2026-02-01);
  `privateEndpointConnections` only when there are some; `sku.redundancyState: "None"`, no capacity on
  Consumption;
- single resources carry `ETag` and `api-supported-versions` headers.
"""

from ...arm import ctx, iso, json_response, register_renderer, store_page
from ...dataplane import endpoint_of
from . import models as m

SUPPORTED_VERSIONS = ', '.join(m.API_VERSIONS)
_BUSY_CREATING = ('Accepted', 'Provisioning')


def _api(request):
    return request.query_params.get('api-version') or m.API_2026


def render_scheduler(request, res, provisioning_state=None):
    """`provisioning_state`: what the answer to the creating PUT says (`Accepted`), with the values as sent."""
    store, _ = ctx(request)
    b = res.body
    provisioning = provisioning_state is None and res.state in _BUSY_CREATING
    sku = {'name': b['sku']['name']}
    if b['sku'].get('capacity') is not None:
        sku['capacity'] = b['sku']['capacity']
    sku['redundancyState'] = 'None'
    if provisioning or res.state == 'Updating':
        endpoint = ''
    elif res.state == 'Succeeded':
        endpoint = endpoint_of(request, res)
    else:
        endpoint = b['endpoint']
    props = {'provisioningState': provisioning_state or res.state, 'endpoint': endpoint,
             'ipAllowlist': [] if provisioning else b['ipAllowlist'], 'sku': sku}
    access = b.get('publicNetworkAccess') or ('Enabled' if _api(request) >= m.API_2026 else None)
    if access is not None:
        props['publicNetworkAccess'] = access
    connections = store.list(m.PEC_TYPE, under=res.id)
    if connections:
        props['privateEndpointConnections'] = [render_connection(request, pec) for pec in connections]
    body = {'id': res.id, 'name': m.name_of(res.id)}
    if not provisioning:
        body['type'] = m.SCHEDULER_TYPE.lower()
    body.update({'location': b['location'], 'tags': b.get('tags') or {}, 'systemData': b['systemData'],
                 'properties': props})
    from .since_2026_07 import render_scheduler_extras  # pylint: disable=import-outside-toplevel,cyclic-import
    body.update(render_scheduler_extras(request, res))
    return body


def render_task_hub(request, res, provisioning_state=None, with_type=False):
    """`type` only in the answer to a PUT (as recorded)."""
    store, _ = ctx(request)
    scheduler_id = res.id.rsplit('/', 2)[0]
    parent = store.get(scheduler_id)
    endpoint = parent.body['endpoint'] if parent is not None else ''
    body = {'id': res.id, 'name': m.name_of(res.id)}
    if with_type or provisioning_state is not None:
        body['type'] = m.TASK_HUB_TYPE.lower()
    body.update({'systemData': res.body['systemData'], 'properties': {
        'provisioningState': provisioning_state or res.state,
        'dashboardUrl': m.dashboard_url(m.subscription_of(res.id), m.name_of(scheduler_id), m.name_of(res.id),
                                        endpoint)}})
    from .since_2026_07 import render_task_hub_extras  # pylint: disable=import-outside-toplevel,cyclic-import
    body['properties'].update(render_task_hub_extras(request, res))
    return body


def render_retention(request, res, provisioning_state=None, with_type=False):  # pylint: disable=unused-argument
    body = {'id': res.id, 'name': m.name_of(res.id)}
    if with_type or provisioning_state is not None:
        body['type'] = m.RETENTION_TYPE.lower()
    body.update({'systemData': res.body['systemData'], 'properties': {
        'provisioningState': provisioning_state or res.state, 'retentionPolicies': res.body['retentionPolicies']}})
    return body


def render_connection(request, res, provisioning_state=None):  # pylint: disable=unused-argument
    props = {'groupIds': [m.PRIVATE_LINK_GROUP],
             'privateLinkServiceConnectionState': res.body['privateLinkServiceConnectionState'],
             'provisioningState': provisioning_state or res.state}
    if res.body.get('privateEndpointId'):
        props['privateEndpoint'] = {'id': res.body['privateEndpointId']}
    return {'id': res.id, 'name': m.name_of(res.id), 'type': m.PEC_TYPE.lower(), 'systemData': res.body['systemData'],
            'properties': props}


def render_private_link(scheduler):
    return {'id': scheduler.id + '/privateLinkResources/' + m.PRIVATE_LINK_GROUP, 'name': m.PRIVATE_LINK_GROUP,
            'type': m.PRIVATE_LINK_TYPE.lower(),
            'properties': {'groupId': m.PRIVATE_LINK_GROUP, 'requiredMembers': [m.PRIVATE_LINK_GROUP],
                           'requiredZoneNames': ['privatelink.durabletask.io']}}


_RENDERERS = {m.SCHEDULER_TYPE.lower(): render_scheduler, m.TASK_HUB_TYPE.lower(): render_task_hub,
              m.RETENTION_TYPE.lower(): render_retention, m.PEC_TYPE.lower(): render_connection}
for _type, _fn in _RENDERERS.items():
    register_renderer(_type, _fn)  # for the generic operationResults monitor


def add_renderer(rtype, fn):
    """A resource type of another area (since_2026_07.py): `fn(request, res, provisioning_state=None)`."""
    _RENDERERS[rtype.lower()] = fn
    register_renderer(rtype, fn)


def render(request, res, provisioning_state=None):
    return _RENDERERS[res.type.lower()](request, res, provisioning_state=provisioning_state)


def resource_response(request, body, res, status=200, headers=None):  # pylint: disable=unused-argument
    """One resource: with its ETag and the provider's api-supported-versions."""
    return json_response(body, status=status, headers={'ETag': m.etag(res),
                                                       'api-supported-versions': SUPPORTED_VERSIONS,
                                                       **(headers or {})})


def list_response(body):
    return json_response(body, headers={'api-supported-versions': SUPPORTED_VERSIONS})


def list_children(request, rtype, render_fn):
    """GET of one kind of a scheduler's children: one page, reading only that page's rows."""
    store, settings, api, sub, rg = m.context(request)
    parent = m.get_scheduler(request, store, sub, rg, api)
    return list_response(store_page(request, store, rtype, parent.id, settings, lambda res: render_fn(request, res)))


def new_system_data(caller, now):
    """systemData of a resource made by another provider (a private endpoint's connection)."""
    stamp = iso(now)
    return {'createdBy': caller['name'], 'createdByType': caller['type'], 'createdAt': stamp,
            'lastModifiedBy': caller['name'], 'lastModifiedByType': caller['type'], 'lastModifiedAt': stamp}
