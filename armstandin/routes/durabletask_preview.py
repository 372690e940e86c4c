"""Microsoft.DurableTask's 2026-07-01-preview groups: failover instances, detectors and task queues.

No public OpenAPI text exists for them: the contract is the official SDK azure-mgmt-durabletask 1.2.0b1 (its models,
URLs and accepted status codes). Everything Azure has not shown (long-running shapes, what a failover changes, which
detectors exist and what they find, the throughput limits) is a guess, listed in armstandin/FIDELITY.md
("2026-07-01-preview groups"). Long-running shapes follow what Azure records for the comparable 2026-02-01 operations
(armstandin/routes/durabletask/monitor.py serves their operationStatuses):
- PUT: 201 + Azure-AsyncOperation (no Location), the answer `Accepted`, the resource `Provisioning` meanwhile
  (Retry-After only when EMULATOR_RETRY_AFTER asks for it);
- DELETE: 202 + Location + Azure-AsyncOperation, `Deleting`, then gone; 204 when absent;
- PATCH of a task queue: 200, synchronous (as a 2026-02-01 scheduler PATCH);
- POST failover / forceFailoverAllowDataLoss: 202 + Location (operationResults, which answers the failover instance
  once done: the SDK's final state for a POST) + Azure-AsyncOperation.
Paths:
- .../schedulers/{s}/failoverInstances[/default[/failover|/forceFailoverAllowDataLoss]]
- .../schedulers/{s}/detectors[/{detectorId}]
- .../schedulers/{s}/taskHubs/{h}/taskQueues[/{queue}]
"""

from .. import constants as c
from ..arm import (ArmError, ArmRoute, api_version, bad_request, ctx, json_response, no_content, operation_urls, page,
                   read_json, register_renderer, render, retry_after, system_data)
from .durabletask import models as dtm
from .durabletask import monitor
from .durabletask import operations_list
from .providers import PROVIDERS, require_registered
from .resources import require_group, require_subscription

NS = c.DURABLETASK_NAMESPACE
PREVIEW_API = '2026-07-01-preview'
FAILOVER_TYPE = NS + '/schedulers/failoverInstances'
DETECTOR_TYPE = NS + '/schedulers/detectors'
TASK_QUEUE_TYPE = NS + '/schedulers/taskHubs/taskQueues'
FAILOVER_NAME = 'default'
# Guess: the SDK types actionsPerSecond as an integer and says nothing of limits.
THROUGHPUT_RANGE = (1, 10000)

# What `GET /providers/Microsoft.DurableTask/operations` lists for these types (names as ARM's convention makes them).
operations_list.OPERATIONS += [
    operations_list._operation(name, resource, operation, description)  # pylint: disable=protected-access
    for name, resource, operation, description in (
        ('schedulers/failoverInstances/read', 'Failover instances', 'Read failover instance',
         'Reads the failover instance of a scheduler.'),
        ('schedulers/failoverInstances/write', 'Failover instances', 'Write failover instance',
         'Pairs a scheduler with a partner scheduler for failover.'),
        ('schedulers/failoverInstances/delete', 'Failover instances', 'Delete failover instance',
         'Removes the failover instance of a scheduler.'),
        ('schedulers/failoverInstances/failover/action', 'Failover instances', 'Fail over',
         'Fails over gracefully to the partner scheduler.'),
        ('schedulers/failoverInstances/forceFailoverAllowDataLoss/action', 'Failover instances', 'Force failover',
         'Fails over to the partner scheduler at once; unreplicated data may be lost.'),
        ('schedulers/detectors/read', 'Detectors', 'Read detector', 'Runs and reads the detectors of a scheduler.'),
        ('schedulers/taskHubs/taskQueues/read', 'Task queues', 'Read task queue', 'Reads or lists task queues.'),
        ('schedulers/taskHubs/taskQueues/write', 'Task queues', 'Write task queue',
         'Creates or updates a task queue.'),
        ('schedulers/taskHubs/taskQueues/delete', 'Task queues', 'Delete task queue', 'Deletes a task queue.'),
    )]

PROVIDERS[NS]['resourceTypes'] += [
    {'resourceType': t, 'locations': list(c.DURABLETASK_LOCATIONS), 'apiVersions': [PREVIEW_API],
     'capabilities': 'None'}
    for t in ('schedulers/failoverInstances', 'schedulers/detectors', 'schedulers/taskHubs/taskQueues')]


def _name(resource_id):
    return resource_id.rsplit('/', 1)[-1]


def _context(request, resource_type, write=False):
    """ARM's checks, in its order; these types exist only at 2026-07-01-preview (ARM's answer for a type an
    api-version lacks: 400 NoRegisteredProviderFound)."""
    sub = require_subscription(request)
    require_registered(request, NS, sub)
    api = api_version(request)
    if api != PREVIEW_API:
        raise ArmError(400, 'NoRegisteredProviderFound',
                       "No registered resource provider found for location '{}' and API version '{}' for type "
                       "'{}'. The supported api-versions are '{}'.".format(
                           'global', api, resource_type.split('/', 1)[1], PREVIEW_API))
    rg = request.path_params['group']
    require_group(request, sub, rg, for_write=write)
    store, settings = ctx(request)
    scheduler = dtm.get_scheduler(request, store, sub, rg, api)  # its 404 as Azure words it at this api-version
    return store, settings, api, rg, scheduler


def _child_not_found(scheduler, path, rg):  # pylint: disable=unused-argument
    """A missing child, as Azure words it for a task hub (recorded, 2026-02-01): code and message only."""
    return ArmError(404, 'ResourceNotFound', "The resource '{}/{}/{}' could not be found.".format(
        dtm.SCHEDULER_TYPE, _name(scheduler.id), path), bare=True)


# --- long-running answers (Azure's shapes for the 2026-02-01 operations: routes/durabletask/monitor.py) -----------

def _new_operation(store, rid, action, seconds):
    return store.new_operation(rid, action, seconds, op_id=monitor.new_operation_id(rid))


def _begin_put(request, rid, rtype, body, location, api):
    """201, the resource `Accepted` in the answer and `Provisioning` meanwhile, Azure-AsyncOperation only."""
    store, settings = ctx(request)
    res = store.put(rid, rtype, body, state='Provisioning', seconds=settings.provisioning_seconds)
    op = _new_operation(store, rid, 'create', settings.provisioning_seconds)
    answer = render(request, res)
    answer['properties']['provisioningState'] = 'Accepted'
    return json_response(answer, status=201, headers={
        'Azure-AsyncOperation': monitor.status_url(request, op.id, location, api), **retry_after(settings)})


def _begin_delete(request, res, location, api, what):
    return monitor.begin_delete(request, res, location, api, what)


def _begin_action(request, res, action, location, api):
    """A POST action (failover): 202 + Azure-AsyncOperation (the status) + Location (the generic operationResults
    monitor, which answers the failover instance once done: the SDK's final state for a POST)."""
    store, settings = ctx(request)
    op = _new_operation(store, res.id, action, settings.provisioning_seconds)
    _, result_url = operation_urls(request, NS, location, op.id, api)
    return json_response(None, status=202, headers={
        'Location': result_url, 'Azure-AsyncOperation': monitor.status_url(request, op.id, location, api),
        **retry_after(settings)})


# --- failover instances ---------------------------------------------------------------------------------------------

def render_failover_instance(request, res):
    b = res.body
    busy_failing_over = res.busy and b.get('lastAction') in ('failover', 'forceFailover')
    return {'id': res.id, 'name': _name(res.id), 'type': FAILOVER_TYPE, 'systemData': b['systemData'],
            'properties': {'provisioningState': res.state,
                           'replicationRole': b['replicationRole'],
                           'failoverState': 'InProgress' if busy_failing_over else b['failoverState'],
                           'partnerSchedulerResourceId': b['partnerSchedulerResourceId'],
                           'partnerSchedulerLocation': b['partnerSchedulerLocation']}}


register_renderer(FAILOVER_TYPE, render_failover_instance)


def _partner(store, scheduler, body):
    props = body.get('properties')
    if not isinstance(props, dict):
        raise bad_request("Required property 'properties' is missing from the request body.", 'properties')
    partner_id = props.get('partnerSchedulerResourceId')
    target = 'properties.partnerSchedulerResourceId'
    if not isinstance(partner_id, str) or not partner_id:
        raise bad_request("Required property '{}' is missing from the request body.".format(target), target)
    parts = partner_id.strip('/').split('/')
    if (len(parts) != 8 or parts[0].lower() != 'subscriptions' or parts[2].lower() != 'resourcegroups'
            or '/'.join(parts[4:7]).lower() != 'providers/microsoft.durabletask/schedulers'):
        raise ArmError(400, 'InvalidParameter', "The partner scheduler id '{}' is not the resource id of a "
                       "Microsoft.DurableTask scheduler.".format(partner_id), target=target)
    partner = store.get(partner_id)
    if partner is None:
        raise ArmError(400, 'InvalidParameter', "The partner scheduler '{}' was not found.".format(partner_id),
                       target=target)
    if partner.id.lower() == scheduler.id.lower():
        raise ArmError(400, 'InvalidParameter', 'A scheduler cannot be its own failover partner.', target=target)
    if partner.body['location'] == scheduler.body['location']:
        raise ArmError(400, 'InvalidParameter',
                       "The partner scheduler must be in another region than '{}'.".format(
                           scheduler.body['location']), target=target)
    if partner.body['sku']['name'] != scheduler.body['sku']['name']:
        raise ArmError(400, 'InvalidParameter', 'The partner scheduler must have the same SKU ({}).'.format(
            scheduler.body['sku']['name']), target=target)
    return partner


async def list_failover_instances(request):
    store, settings, _, _, scheduler = _context(request, FAILOVER_TYPE)
    items = store.list(FAILOVER_TYPE, under=scheduler.id)
    return json_response(page(request, items, settings, lambda r: render_failover_instance(request, r)))


async def failover_instance(request):
    method = request.method
    store, _, api, rg, scheduler = _context(request, FAILOVER_TYPE, write=method == 'PUT')
    name = request.path_params['instance']
    rid = '{}/failoverInstances/{}'.format(scheduler.id, name)
    existing = store.get(rid) if name.lower() == FAILOVER_NAME else None
    location = scheduler.body['location']
    if method == 'GET':
        if existing is None:
            raise _child_not_found(scheduler, 'failoverInstances/' + name, rg)
        return json_response(render_failover_instance(request, existing))
    if method == 'DELETE':
        if existing is None:
            return no_content(204)
        return _begin_delete(request, existing, location, api, 'failover instance')

    if name.lower() != FAILOVER_NAME:
        raise ArmError(400, 'InvalidResourceName', "The failover instance name '{}' is invalid: a scheduler has one "
                       "failover instance, named 'default'.".format(name), target='name')
    body = await read_json(request)
    partner = _partner(store, scheduler, body)
    if existing is not None:
        dtm.refuse_if_busy(existing, 'failover instance')
    if scheduler.state not in ('Succeeded', 'Updating'):
        raise ArmError(409, 'ParentResourceNotReady', "The scheduler '{}' is {}: child resources can be changed "
                       "only once it has succeeded.".format(_name(scheduler.id), scheduler.state.lower()))
    new = {'replicationRole': existing.body['replicationRole'] if existing else 'Primary',
           'failoverState': existing.body['failoverState'] if existing else 'None',
           'partnerSchedulerResourceId': partner.id, 'partnerSchedulerLocation': partner.body['location'],
           'lastAction': 'create',
           'systemData': system_data(request, existing.body['systemData'] if existing else None)}
    return _begin_put(request, '{}/failoverInstances/{}'.format(scheduler.id, FAILOVER_NAME), FAILOVER_TYPE, new,
                      location, api)


async def failover_action(request):
    store, settings, api, rg, scheduler = _context(request, FAILOVER_TYPE, write=True)
    name = request.path_params['instance']
    action = request.path_params['action']
    actions = {'failover': 'failover', 'forcefailoverallowdataloss': 'forceFailover'}
    if action.lower() not in actions:
        raise ArmError(404, 'NotFound', "The action '{}' is not supported.".format(action))
    existing = store.get('{}/failoverInstances/{}'.format(scheduler.id, name))
    if existing is None:
        raise _child_not_found(scheduler, 'failoverInstances/' + name, rg)
    dtm.refuse_if_busy(existing, 'failover instance')
    # Guess: a failover swaps the roles (this scheduler becomes Secondary, its partner Primary) and takes as long
    # as a provisioning; both kinds end the same here (the stand-in keeps no replication lag to lose).
    role = 'Secondary' if existing.body['replicationRole'] == 'Primary' else 'Primary'
    new = dict(existing.body, replicationRole=role, failoverState='Succeeded', lastAction=actions[action.lower()],
               systemData=system_data(request, existing.body['systemData']))
    store.update(existing.id, new, state='Updating', seconds=settings.provisioning_seconds)
    return _begin_action(request, existing, actions[action.lower()], scheduler.body['location'], api)


# --- detectors (read-only; computed from the scheduler's state at each read) -------------------------------------

_STATUS = {'Critical': 0, 'Warning': 1, 'Info': 2, 'Success': 3, 'None': 4}
_INSIGHT = 7  # DetectorRenderingType.INSIGHT
_TABLE = 1


def _insight_table(findings):
    """A dataset of insights: one row per finding (Status, Message, Recommendation)."""
    return {'table': {'tableName': 'insights',
                      'columns': [{'columnName': 'Status', 'dataType': 'String'},
                                  {'columnName': 'Message', 'dataType': 'String'},
                                  {'columnName': 'Recommendation', 'dataType': 'String'}],
                      'rows': [list(f) for f in findings]},
            'renderingProperties': {'type': _INSIGHT, 'title': 'Findings'}}


def _worst(findings):
    return min((f[0] for f in findings), key=lambda s: _STATUS[s], default='Success')


def _network_findings(request, scheduler):
    body = scheduler.body
    findings = []
    open_ranges = [r for r in body['ipAllowlist'] if r in ('0.0.0.0/0', '::/0')]
    if body.get('publicNetworkAccess') == 'Disabled':
        findings.append(('Info', 'Public network access is disabled: only private endpoints reach the scheduler.',
                         ''))
    elif open_ranges:
        findings.append(('Warning', 'The IP allow list admits any address ({}).'.format(', '.join(open_ranges)),
                         'Restrict it: az durabletask scheduler update --ip-allowlist <CIDR> ...'))
    elif not body['ipAllowlist']:
        findings.append(('Critical', 'The IP allow list is empty: every data-plane call is refused.',
                         'Add the callers\' ranges: az durabletask scheduler update --ip-allowlist <CIDR> ...'))
    else:
        findings.append(('Success', 'The IP allow list admits {} range(s).'.format(len(body['ipAllowlist'])), ''))
    return findings


def _failover_findings(request, scheduler):
    store, _ = ctx(request)
    instances = store.list(FAILOVER_TYPE, under=scheduler.id)
    if not instances:
        return [('Warning', 'No failover instance: a regional outage stops this scheduler.',
                 'az durabletask scheduler failover-instance create --partner-scheduler-id <id> ...')]
    b = instances[0].body
    return [('Success', 'Replicated to {} ({}); this scheduler is {}.'.format(
        _name(b['partnerSchedulerResourceId']), b['partnerSchedulerLocation'], b['replicationRole']), '')]


def _task_hub_rows(request, scheduler):
    store, _ = ctx(request)
    rows = []
    for hub in store.list(dtm.TASK_HUB_TYPE, under=scheduler.id):
        queues = store.list(TASK_QUEUE_TYPE, under=hub.id)
        rows.append([_name(hub.id), hub.state, len(queues),
                     sum(q.body['throughput']['actionsPerSecond'] for q in queues)])
    return rows


def _task_hub_dataset(request, scheduler):
    rows = _task_hub_rows(request, scheduler)
    return {'table': {'tableName': 'taskHubs',
                      'columns': [{'columnName': 'TaskHub', 'dataType': 'String'},
                                  {'columnName': 'State', 'dataType': 'String'},
                                  {'columnName': 'TaskQueues', 'dataType': 'Int32'},
                                  {'columnName': 'ActionsPerSecond', 'dataType': 'Int32'}],
                      'rows': rows},
            'renderingProperties': {'type': _TABLE, 'title': 'Task hubs'}}


def _task_hub_findings(request, scheduler):
    rows = _task_hub_rows(request, scheduler)
    if not rows:
        return [('Info', 'The scheduler has no task hub.', 'az durabletask taskhub create -s <scheduler> -n <hub>')]
    return [('Success', '{} task hub(s), {} task queue(s).'.format(len(rows), sum(r[2] for r in rows)), '')]


# id -> (name, category, description, findings function, extra datasets function or None)
DETECTORS = {
    'networkAccess': ('Network access', 'Connectivity',
                      'Checks whether apps can reach the scheduler: public access and the IP allow list.',
                      _network_findings, None),
    'failoverReadiness': ('Failover readiness', 'Availability',
                          'Checks whether the scheduler has a failover partner in another region.',
                          _failover_findings, None),
    'taskHubs': ('Task hubs', 'Configuration', 'Lists the task hubs and their task queues\' throughput.',
                 _task_hub_findings, _task_hub_dataset),
}
_DETECTOR_BY_LOWER = {key.lower(): key for key in DETECTORS}


def render_detector(request, scheduler, detector_id):
    title, category, description, findings_of, datasets_of = DETECTORS[detector_id]
    findings = findings_of(request, scheduler)
    worst = _worst(findings)
    datasets = [_insight_table(findings)] + ([datasets_of(request, scheduler)] if datasets_of else [])
    return {'id': '{}/detectors/{}'.format(scheduler.id, detector_id), 'name': detector_id, 'type': DETECTOR_TYPE,
            'properties': {'provisioningState': 'Succeeded',
                           'metadata': {'id': detector_id, 'name': title, 'description': description,
                                        'category': category, 'type': 'Detector', 'analysisTypes': [],
                                        'supportTopicList': []},
                           'dataset': datasets,
                           'status': {'statusId': _STATUS[worst],
                                      'message': next((f[1] for f in findings if f[0] == worst), '')}}}


async def list_detectors(request):
    _, settings, _, _, scheduler = _context(request, DETECTOR_TYPE)
    return json_response(page(request, list(DETECTORS), settings,
                              lambda detector_id: render_detector(request, scheduler, detector_id)))


async def detector(request):
    _, _, _, rg, scheduler = _context(request, DETECTOR_TYPE)
    detector_id = _DETECTOR_BY_LOWER.get(request.path_params['detector'].lower())
    if detector_id is None:
        raise _child_not_found(scheduler, 'detectors/' + request.path_params['detector'], rg)
    return json_response(render_detector(request, scheduler, detector_id))


# --- task queues --------------------------------------------------------------------------------------------------

def render_task_queue(request, res):
    return {'id': res.id, 'name': _name(res.id), 'type': TASK_QUEUE_TYPE, 'systemData': res.body['systemData'],
            'properties': {'provisioningState': res.state, 'throughput': dict(res.body['throughput'])}}


register_renderer(TASK_QUEUE_TYPE, render_task_queue)


def _throughput(props, current=None, required=True):
    target = 'properties.throughput'
    throughput = props.get('throughput')
    if throughput is None:
        if required and current is None:
            raise bad_request("Required property '{}' is missing from the request body.".format(target), target)
        return current
    if not isinstance(throughput, dict):
        raise bad_request("The property '{}' must be a JSON object.".format(target), target)
    value = throughput.get('actionsPerSecond')
    target += '.actionsPerSecond'
    if value is None:
        raise bad_request("Required property '{}' is missing from the request body.".format(target), target)
    low, high = THROUGHPUT_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ArmError(400, 'InvalidParameter', 'The throughput must be a whole number of actions per second from '
                       '{} to {}, got {}.'.format(low, high, value), target=target)
    return {'actionsPerSecond': value}


def _task_hub(store, scheduler, request, rg):
    hub = store.get('{}/taskHubs/{}'.format(scheduler.id, request.path_params['hub']))
    if hub is None:
        raise _child_not_found(scheduler, 'taskHubs/' + request.path_params['hub'], rg)
    return hub


async def list_task_queues(request):
    store, settings, _, rg, scheduler = _context(request, TASK_QUEUE_TYPE)
    hub = _task_hub(store, scheduler, request, rg)
    items = store.list(TASK_QUEUE_TYPE, under=hub.id)
    return json_response(page(request, items, settings, lambda r: render_task_queue(request, r)))


async def task_queue(request):
    method = request.method
    store, _, api, rg, scheduler = _context(request, TASK_QUEUE_TYPE, write=method in ('PUT', 'PATCH'))
    hub = _task_hub(store, scheduler, request, rg)
    name = request.path_params['queue']
    rid = '{}/taskQueues/{}'.format(hub.id, name)
    existing = store.get(rid)
    location = scheduler.body['location']
    missing = _child_not_found(scheduler, 'taskHubs/{}/taskQueues/{}'.format(_name(hub.id), name), rg)
    if method == 'GET':
        if existing is None:
            raise missing
        return json_response(render_task_queue(request, existing))
    if method == 'DELETE':
        if existing is None:
            return no_content(204)
        return _begin_delete(request, existing, location, api, 'task queue')

    body = await read_json(request)
    props = body.get('properties')
    if props is not None and not isinstance(props, dict):
        raise bad_request("The property 'properties' must be a JSON object.", 'properties')
    props = props or {}
    if method == 'PATCH':
        if existing is None:
            raise missing
        dtm.refuse_if_busy(existing, 'task queue')
        new = dict(existing.body, throughput=_throughput(props, existing.body['throughput'], required=False),
                   systemData=system_data(request, existing.body['systemData']))
        return json_response(render_task_queue(request, store.update(existing.id, new)))

    dtm.validate_name('task queue', name)
    throughput = _throughput(props)
    if existing is not None:
        dtm.refuse_if_busy(existing, 'task queue')
    if hub.busy:
        raise ArmError(409, 'ParentResourceNotReady', "The task hub '{}' is {}: its task queues can be changed only "
                       "once it has succeeded.".format(_name(hub.id), hub.state.lower()))
    new = {'throughput': throughput,
           'systemData': system_data(request, existing.body['systemData'] if existing else None)}
    return _begin_put(request, rid, TASK_QUEUE_TYPE, new, location, api)


def routes():
    one = ('/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.DurableTask'
           '/schedulers/{scheduler}')
    return [
        ArmRoute(one + '/failoverInstances', list_failover_instances, methods=['GET']),
        ArmRoute(one + '/failoverInstances/{instance}', failover_instance, methods=['GET', 'PUT', 'DELETE']),
        ArmRoute(one + '/failoverInstances/{instance}/{action}', failover_action, methods=['POST']),
        ArmRoute(one + '/detectors', list_detectors, methods=['GET']),
        ArmRoute(one + '/detectors/{detector}', detector, methods=['GET']),
        ArmRoute(one + '/taskHubs/{hub}/taskQueues', list_task_queues, methods=['GET']),
        ArmRoute(one + '/taskHubs/{hub}/taskQueues/{queue}', task_queue, methods=['GET', 'PUT', 'PATCH', 'DELETE']),
    ]
