"""TaskHubs_* operations, one handler each, named after its operationId."""

from ...arm import no_content, read_json, system_data
from . import models as m
from . import monitor
from . import responses as r
from . import since_2026_07

HUB_PATH = m.SCHEDULER_PATH + '/taskHubs/{hub}'


def _hub_id(parent, request):
    return '{}/taskHubs/{}'.format(parent.id, request.path_params['hub'])


async def task_hubs_list_by_scheduler(request):
    return r.list_children(request, m.TASK_HUB_TYPE, r.render_task_hub)


async def task_hubs_get(request):
    store, _, api, sub, rg = m.context(request)
    parent = m.get_scheduler(request, store, sub, rg, api)
    res = m.get_child(store, parent, 'taskHubs', request.path_params['hub'])
    return r.resource_response(request, r.render_task_hub(request, res), res)


async def task_hubs_create_or_update(request):
    """New: 201 `Accepted` + Azure-AsyncOperation. Existing (nothing to change): 200 with the hub."""
    store, _, api, sub, rg = m.context(request, write=True)
    parent = m.get_scheduler(request, store, sub, rg, api)
    name = request.path_params['hub']
    existing = store.get(_hub_id(parent, request))
    m.check_if_match(request, existing)
    m.validate_name('task hub', name)
    body = await read_json(request, required=False)
    if body.get('properties') is not None:
        m.json_object(body['properties'], 'properties')
    capabilities = since_2026_07.task_hub_capabilities(request, body.get('properties') or {}, existing)
    if existing is not None:
        m.refuse_if_busy(existing, 'task hub')
        res = store.update(existing.id, dict(existing.body, capabilities=capabilities,
                                             systemData=system_data(request, existing.body['systemData'])))
        return r.resource_response(request, r.render_task_hub(request, res, with_type=True), res)
    m.parent_ready(parent)
    m.check_task_hub_quota(store, sub, parent)
    return monitor.begin_create(request, _hub_id(parent, request), m.TASK_HUB_TYPE,
                                {'systemData': system_data(request), 'capabilities': capabilities},
                                parent.body['location'], api)


async def task_hubs_delete(request):
    store, _, api, sub, rg = m.context(request)
    parent = m.get_scheduler(request, store, sub, rg, api)
    existing = store.get(_hub_id(parent, request))
    if existing is None:
        return no_content(204)
    m.check_if_match(request, existing)
    return monitor.begin_delete(request, existing, parent.body['location'], api, 'task hub')


ROUTES = [
    ('TaskHubs_ListByScheduler', 'GET', m.SCHEDULER_PATH + '/taskHubs', task_hubs_list_by_scheduler),
    ('TaskHubs_Get', 'GET', HUB_PATH, task_hubs_get),
    ('TaskHubs_CreateOrUpdate', 'PUT', HUB_PATH, task_hubs_create_or_update),
    ('TaskHubs_Delete', 'DELETE', HUB_PATH, task_hubs_delete),
]
