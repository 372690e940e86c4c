"""RetentionPolicies_* operations, one handler each, named after its operationId. A scheduler has one policy,
`default`. As recorded: PUT answers 200 synchronously (`Succeeded`), DELETE 204; the resource carries an ETag."""

from ...arm import ArmError, no_content, read_json, system_data
from . import models as m
from . import responses as r

POLICY_PATH = m.SCHEDULER_PATH + '/retentionPolicies/{policy}'


def _policy(request, store, parent):
    """(id, existing or None) of the policy the path names; only `default` exists."""
    name = request.path_params['policy']
    if name.lower() != 'default':
        return None, None
    rid = '{}/retentionPolicies/default'.format(parent.id)
    return rid, store.get(rid)


async def retention_policies_list_by_scheduler(request):
    return r.list_children(request, m.RETENTION_TYPE, r.render_retention)


async def retention_policies_get(request):
    store, _, api, sub, rg = m.context(request)
    parent = m.get_scheduler(request, store, sub, rg, api)
    _, existing = _policy(request, store, parent)
    if existing is None:
        raise m.child_not_found(parent, 'retentionPolicies', request.path_params['policy'])
    return r.resource_response(request, r.render_retention(request, existing), existing)


async def retention_policies_create_or_replace(request):
    store, _, api, sub, rg = m.context(request, write=True)
    parent = m.get_scheduler(request, store, sub, rg, api)
    rid, existing = _policy(request, store, parent)
    if rid is None:
        raise ArmError(400, 'InvalidResourceName',
                       "The retention policy name '{}' is invalid: a scheduler has one retention policy, named "
                       "'default'.".format(request.path_params['policy']), target='name')
    m.check_if_match(request, existing)
    body = await read_json(request)
    props = m.json_object(m.required(body.get('properties'), 'properties'), 'properties')
    policies = m.validate_retention(props.get('retentionPolicies'), parent.body['sku']['name'])
    if existing is not None:
        m.refuse_if_busy(existing, 'retention policy')
        res = store.update(existing.id, {'retentionPolicies': policies,
                                         'systemData': system_data(request, existing.body['systemData'])})
    else:
        m.parent_ready(parent)
        res = store.put(rid, m.RETENTION_TYPE, {'retentionPolicies': policies, 'systemData': system_data(request)})
    return r.resource_response(request, r.render_retention(request, res, with_type=True), res)


async def retention_policies_update(request):
    """PATCH: 200 synchronous, like the scheduler's (Azure's answer for this one is not recorded)."""
    store, _, api, sub, rg = m.context(request, write=True)
    parent = m.get_scheduler(request, store, sub, rg, api)
    _, existing = _policy(request, store, parent)
    if existing is None:
        raise m.child_not_found(parent, 'retentionPolicies', request.path_params['policy'])
    m.check_if_match(request, existing)
    m.refuse_if_busy(existing, 'retention policy')
    body = await read_json(request)
    new = dict(existing.body)
    props = body.get('properties')
    if props is not None and m.json_object(props, 'properties').get('retentionPolicies') is not None:
        new['retentionPolicies'] = m.validate_retention(props['retentionPolicies'], parent.body['sku']['name'])
    new['systemData'] = system_data(request, existing.body['systemData'])
    res = store.update(existing.id, new)
    return r.resource_response(request, r.render_retention(request, res, with_type=True), res)


async def retention_policies_delete(request):
    store, _, api, sub, rg = m.context(request)
    parent = m.get_scheduler(request, store, sub, rg, api)
    _, existing = _policy(request, store, parent)
    if existing is not None:
        m.check_if_match(request, existing)
        store.delete(existing.id)
    return no_content(204)


ROUTES = [
    ('RetentionPolicies_ListByScheduler', 'GET', m.SCHEDULER_PATH + '/retentionPolicies',
     retention_policies_list_by_scheduler),
    ('RetentionPolicies_Get', 'GET', POLICY_PATH, retention_policies_get),
    ('RetentionPolicies_CreateOrReplace', 'PUT', POLICY_PATH, retention_policies_create_or_replace),
    ('RetentionPolicies_Update', 'PATCH', POLICY_PATH, retention_policies_update),
    ('RetentionPolicies_Delete', 'DELETE', POLICY_PATH, retention_policies_delete),
]
