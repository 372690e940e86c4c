"""Schedulers_* operations (spec: Microsoft.DurableTask/schedulers), one handler each, named after its operationId."""

from ...arm import ArmError, json_response, no_content, page, read_json, system_data
from . import models as m
from . import monitor
from . import responses as r
from . import since_2026_07


async def schedulers_list_by_subscription(request):
    sub = m.require_subscription(request)
    m.require_registered(request, m.NS, sub)
    m.check_api_version(request)
    store, settings = m.ctx(request)
    items = store.list(m.SCHEDULER_TYPE, under='/subscriptions/' + sub)
    return r.list_response(page(request, items, settings, lambda res: r.render_scheduler(request, res)))


async def schedulers_list_by_resource_group(request):
    store, settings, _, sub, rg = m.context(request)
    items = store.list(m.SCHEDULER_TYPE, under='/subscriptions/{}/resourceGroups/{}'.format(sub, rg))
    return json_response(page(request, items, settings, lambda res: r.render_scheduler(request, res)))


async def schedulers_get(request):
    store, _, api, sub, rg = m.context(request)
    res = m.get_scheduler(request, store, sub, rg, api)
    return r.resource_response(request, r.render_scheduler(request, res), res)


async def schedulers_create_or_update(request):
    """New: 201 `Accepted` (async). Existing: 201 `Updating` (async; the old body shows until done)."""
    store, _, api, sub, rg = m.context(request, write=True)
    name = request.path_params['scheduler']
    existing = store.get(m.scheduler_id(sub, rg, name))
    m.check_if_match(request, existing)
    m.validate_name('scheduler', name)
    body = await read_json(request)
    new = m.scheduler_body(body)
    location = new['location']
    if existing is not None:
        m.refuse_if_busy(existing, 'scheduler')
        if existing.body['location'] != location:
            raise ArmError(400, 'InvalidResourceLocation',
                           "The resource '{}' already exists in location '{}' in resource group '{}'. A resource "
                           "with the same name cannot be created in location '{}'. Please select a new resource "
                           "name.".format(name, existing.body['location'], rg, location))
        m.same_sku_family(existing, new['sku']['name'])
        new['identity'] = since_2026_07.scheduler_identity(request, body, existing, existing.id, True)
        new.update(endpoint=existing.body['endpoint'], systemData=system_data(request, existing.body['systemData']))
        if existing.state == 'Failed':  # a failed scheduler is provisioned again
            return monitor.begin_create(request, existing.id, m.SCHEDULER_TYPE, new, location, api)
        return monitor.begin_replace(request, existing, new, location, api)
    m.check_scheduler_quota(store, sub, location, new['sku']['name'])
    new['identity'] = since_2026_07.scheduler_identity(request, body, None, m.scheduler_id(sub, rg, name), True)
    new.update(endpoint=m.endpoint_for(sub, rg, name, location), systemData=system_data(request))
    return monitor.begin_create(request, m.scheduler_id(sub, rg, name), m.SCHEDULER_TYPE, new, location, api)


async def schedulers_update(request):
    """PATCH: 200 with the scheduler, synchronous (api 2026-02-01 as recorded)."""
    store, _, api, sub, rg = m.context(request, write=True)
    existing = m.get_scheduler(request, store, sub, rg, api)
    m.check_if_match(request, existing)
    m.refuse_if_busy(existing, 'scheduler')
    body = await read_json(request)
    new = m.patched_scheduler_body(existing, body)
    new['identity'] = since_2026_07.scheduler_identity(request, body, existing, existing.id, False)
    new['systemData'] = system_data(request, existing.body['systemData'])
    res = store.update(existing.id, new)
    return r.resource_response(request, r.render_scheduler(request, res), res)


async def schedulers_delete(request):
    store, _, api, sub, rg = m.context(request)
    existing = store.get(m.scheduler_id(sub, rg, request.path_params['scheduler']))
    if existing is None:
        return no_content(204)
    m.check_if_match(request, existing)
    hubs = store.list(m.TASK_HUB_TYPE, under=existing.id)
    if hubs:
        raise ArmError(409, 'CannotDeleteResource',
                       "Cannot delete resource while nested resources exist. Some existing nested resource IDs "
                       "include: '{}'. Please delete all nested resources before deleting this resource.".format(
                           "','".join(h.id for h in hubs[:5])), bare=True)
    return monitor.begin_delete(request, existing, existing.body['location'], api, 'scheduler')


ROUTES = [
    ('Schedulers_ListBySubscription', 'GET', m.SUBSCRIPTION_PATH + '/schedulers', schedulers_list_by_subscription),
    ('Schedulers_ListByResourceGroup', 'GET', m.GROUP_PATH + '/schedulers', schedulers_list_by_resource_group),
    ('Schedulers_Get', 'GET', m.SCHEDULER_PATH, schedulers_get),
    ('Schedulers_CreateOrUpdate', 'PUT', m.SCHEDULER_PATH, schedulers_create_or_update),
    ('Schedulers_Update', 'PATCH', m.SCHEDULER_PATH, schedulers_update),
    ('Schedulers_Delete', 'DELETE', m.SCHEDULER_PATH, schedulers_delete),
]
