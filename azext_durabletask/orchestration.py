# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask orchestration: list, show, history, start, raise-event, suspend, resume, terminate, restart,
purge. Over the public gRPC protocol of a task hub (see _dataplane.py); inputs were checked by the validators."""

import json

from knack.log import get_logger

from azext_durabletask._dataplane import task_hub_session
from azext_durabletask._validators import FINISHED_ORCHESTRATION_STATUSES as FINISHED_STATUSES, parse_next_token

logger = get_logger(__name__)

# Service pages read while listing; the newest-first order is ours (the protocol does not define one).
_QUERY_PAGE_SIZE = 1000
# The protocol's status names and how az shows them.
STATUS_NAMES = {
    'RUNNING': 'Running', 'COMPLETED': 'Completed', 'CONTINUED_AS_NEW': 'ContinuedAsNew', 'FAILED': 'Failed',
    'CANCELED': 'Canceled', 'TERMINATED': 'Terminated', 'PENDING': 'Pending', 'SUSPENDED': 'Suspended',
}


# --- reading --------------------------------------------------------------------------------------------------

def list_orchestrations(cmd, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                        connection_string=None, status=None, created_after=None, created_before=None,
                        name=None, instance_id_prefix=None, max_items=None, next_token=None):
    import heapq
    position = parse_next_token(next_token) if next_token else None  # (seconds, nanos, instance id)
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint,
                          connection_string) as hub:
        query = _instance_query(hub, status, created_after, created_before, instance_id_prefix)
        if position:
            # The next page holds only instances created up to the last one shown: the service can skip newer ones.
            bound = _just_after(position[0], position[1])
            if not query.HasField('createdTimeTo') or bound < _timestamp_key(query.createdTimeTo):
                query.createdTimeTo.seconds, query.createdTimeTo.nanos = bound
        after = cursor_key(*position) if position else None
        matches = (state for state in _query_all(hub, query)
                   if (not name or state.name.lower() == name.lower()) and (after is None or sort_key(state) > after))
        if max_items is None:
            return [state_to_dict(hub, state) for state in sorted(matches, key=sort_key)]
        page = heapq.nsmallest(max_items + 1, matches, key=sort_key)  # memory bounded by the page
    if len(page) > max_items:
        page = page[:max_items]
        logger.warning('More orchestrations match. For the next page, add: --next-token %s',
                       encode_next_token(sort_key(page[-1])))
    return [state_to_dict(hub, state) for state in page]


def show_orchestration(cmd, instance_id, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                       endpoint=None, connection_string=None):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint,
                          connection_string) as hub:
        return state_to_dict(hub, _get_state(hub, instance_id, payloads=True), payloads=True)


def show_orchestration_history(cmd, instance_id, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                               endpoint=None, connection_string=None):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint,
                          connection_string) as hub:
        request = hub.pb.StreamInstanceHistoryRequest(instanceId=instance_id)
        events = [event for chunk in hub.stub.StreamInstanceHistory(request) for event in chunk.events]
        if not events:
            _get_state(hub, instance_id)  # an instance that has not run yet has no history; a missing one fails
        return [event_to_dict(event) for event in events]


# --- acting ---------------------------------------------------------------------------------------------------

def start_orchestration(cmd, name, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                        connection_string=None, input_value=None, instance_id=None):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string,
                          writes=True) as hub:
        if instance_id and _find_state(hub, instance_id) is not None:
            from azure.cli.core.azclierror import ValidationError
            error = ValidationError("Orchestration instance '{}' already exists in {}.".format(instance_id, hub.target))
            error.set_recommendation('Choose another --instance-id, or purge the old instance first: az durabletask '
                                     'orchestration purge {} -i {} --yes'.format(hub.target.args, instance_id))
            raise error
        new_id = hub.client.schedule_new_orchestration(name, input=input_value, instance_id=instance_id)
        return state_to_dict(hub, _get_state(hub, new_id, payloads=True), payloads=True)


def raise_orchestration_event(cmd, instance_id, event_name, resource_group_name=None, scheduler_name=None,
                              task_hub_name=None, endpoint=None, connection_string=None, event_data=None):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string,
                          writes=True) as hub:
        if _warn_if_finished(hub, instance_id, 'the event is dropped'):
            return
        hub.client.raise_orchestration_event(instance_id, event_name, data=event_data)


def suspend_orchestration(cmd, instance_id, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                          endpoint=None, connection_string=None, reason=None):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string,
                          writes=True) as hub:
        if not _warn_if_finished(hub, instance_id, 'there is nothing to suspend'):
            hub.client.suspend_orchestration(instance_id, reason=reason)


def resume_orchestration(cmd, instance_id, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                         endpoint=None, connection_string=None, reason=None):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string,
                          writes=True) as hub:
        if not _warn_if_finished(hub, instance_id, 'there is nothing to resume'):
            hub.client.resume_orchestration(instance_id, reason=reason)


def terminate_orchestration(cmd, instance_id, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                            endpoint=None, connection_string=None, reason=None, recursive=False):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string,
                          writes=True) as hub:
        if not _warn_if_finished(hub, instance_id, 'there is nothing to terminate'):
            # The reason becomes the instance's output, as in every Durable Task SDK.
            hub.client.terminate_orchestration(instance_id, output=reason, recursive=recursive)


def restart_orchestration(cmd, instance_id, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                          endpoint=None, connection_string=None, new_instance_id=False):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string,
                          writes=True) as hub:
        state = _get_state(hub, instance_id)
        _require_finished(hub, state, 'restarted')
        restarted = hub.client.restart_orchestration(instance_id, restart_with_new_instance_id=new_instance_id)
        return state_to_dict(hub, _get_state(hub, restarted, payloads=True), payloads=True)


def purge_orchestrations(cmd, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                         connection_string=None, instance_id=None, status=None, created_after=None,
                         created_before=None, recursive=False, yes=False):
    from azure.cli.core.util import user_confirmation
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string,
                          writes=True) as hub:
        if instance_id:
            state = _get_state(hub, instance_id)
            _require_finished(hub, state, 'purged')
            user_confirmation("Purge orchestration '{}' ({}) and its history from {}?".format(
                instance_id, status_name(hub, state.orchestrationStatus), hub.target), yes)
            result = hub.client.purge_orchestration(instance_id, recursive=recursive)
        else:
            if not yes:
                count = _count_finished(hub, status, created_after, created_before)
                if not count:
                    logger.warning('No finished orchestration in %s matches: nothing to purge.', hub.target)
                    return {'deletedInstanceCount': 0, 'isComplete': True}
                user_confirmation('Purge {} finished orchestration(s) ({}) and their history from {}?'.format(
                    count, describe_filter(status, created_after, created_before), hub.target), yes)
            result = _purge_by_filter(hub, status, created_after, created_before, recursive)
    return {'deletedInstanceCount': result.deleted_instance_count, 'isComplete': result.is_complete}


# --- helpers --------------------------------------------------------------------------------------------------

def _instance_query(hub, statuses, created_after, created_before, instance_id_prefix=None):
    """The protocol's query for the filters; payloads are not fetched (list shows none)."""
    query = hub.pb.InstanceQuery(maxInstanceCount=_QUERY_PAGE_SIZE, fetchInputsAndOutputs=False)
    query.runtimeStatus.extend(status_value(hub.pb, status) for status in statuses or [])
    if created_after:
        query.createdTimeFrom.FromDatetime(created_after)
    if created_before:
        query.createdTimeTo.FromDatetime(created_before)
    if instance_id_prefix:
        query.instanceIdPrefix.value = instance_id_prefix
    return query


def _query_all(hub, query):
    """Every instance the query matches, page after page (the service's continuation tokens)."""
    while True:
        response = hub.stub.QueryInstances(hub.pb.QueryInstancesRequest(query=query))
        yield from response.orchestrationState
        token = response.continuationToken.value if response.HasField('continuationToken') else ''
        if not token or token == '0' or token == query.continuationToken.value:
            return
        query.continuationToken.value = token


def _count_finished(hub, statuses, created_after, created_before):
    """How many instances a purge by filter would delete (what the service purges: finished ones)."""
    query = _instance_query(hub, statuses or FINISHED_STATUSES, created_after, created_before)
    return sum(1 for _ in _query_all(hub, query))


def _purge_by_filter(hub, statuses, created_after, created_before, recursive):
    from durabletask.client import OrchestrationStatus
    return hub.client.purge_orchestrations_by(
        created_time_from=created_after, created_time_to=created_before,
        runtime_status=[OrchestrationStatus(status_value(hub.pb, status)) for status in statuses or []] or None,
        recursive=recursive)


def _find_state(hub, instance_id, payloads=False):
    response = hub.stub.GetInstance(hub.pb.GetInstanceRequest(instanceId=instance_id, getInputsAndOutputs=payloads))
    return response.orchestrationState if response.exists else None


def _get_state(hub, instance_id, payloads=False):
    state = _find_state(hub, instance_id, payloads)
    if state is None:
        from azure.cli.core.azclierror import ResourceNotFoundError
        error = ResourceNotFoundError("Orchestration instance '{}' was not found in {}.".format(
            instance_id, hub.target))
        error.set_recommendation('List its instances: az durabletask orchestration list {} -o table'.format(
            hub.target.args))
        raise error
    return state


def _warn_if_finished(hub, instance_id, consequence):
    """True (after a warning) when the instance has finished; fails when it does not exist."""
    state = _get_state(hub, instance_id)
    status = status_name(hub, state.orchestrationStatus)
    if status in FINISHED_STATUSES:
        logger.warning("Orchestration '%s' has already finished (%s): %s.", instance_id, status, consequence)
        return True
    return False


def _require_finished(hub, state, verb):
    status = status_name(hub, state.orchestrationStatus)
    if status not in FINISHED_STATUSES:
        from azure.cli.core.azclierror import ValidationError
        error = ValidationError("Orchestration '{}' is {}: only a finished orchestration (Completed, Failed or "
                                "Terminated) can be {}.".format(state.instanceId, status, verb))
        error.set_recommendation('Terminate it first: az durabletask orchestration terminate {} -i {}'.format(
            hub.target.args, state.instanceId))
        raise error


def status_value(pb, name):
    """The protocol's enum value for an az status name ('Failed', 'ContinuedAsNew', ...)."""
    proto = next(key for key, value in STATUS_NAMES.items() if value == name)
    return pb.OrchestrationStatus.Value('ORCHESTRATION_STATUS_' + proto)


def status_name(hub, value):
    proto = hub.pb.OrchestrationStatus.Name(value)
    return STATUS_NAMES.get(proto[len('ORCHESTRATION_STATUS_'):], proto)


def sort_key(state):
    """Newest first; instance id breaks ties so pages never overlap or skip."""
    created = state.createdTimestamp
    return (-created.seconds, -created.nanos, _Descending(state.instanceId))


class _Descending(str):
    def __lt__(self, other):
        return str.__gt__(self, other)

    def __gt__(self, other):
        return str.__lt__(self, other)


def _timestamp_key(timestamp):
    return (timestamp.seconds, timestamp.nanos)


def cursor_key(seconds, nanos, instance_id):
    """The sort key of the instance a page ended at (what `--next-token` encodes)."""
    return (-seconds, -nanos, _Descending(instance_id))


def _just_after(seconds, nanos):
    """An exclusive upper bound that still includes (seconds, nanos). One microsecond later: backends may keep
    only microseconds, and instances created within it are filtered here anyway."""
    nanos += 1000
    return (seconds + 1, nanos - 10 ** 9) if nanos >= 10 ** 9 else (seconds, nanos)


def encode_next_token(key):
    """An opaque token for the instance a page ended at: the next page starts right after it."""
    import base64
    text = json.dumps([-key[0], -key[1], str(key[2])], separators=(',', ':'))
    return base64.urlsafe_b64encode(text.encode('utf-8')).decode('ascii').rstrip('=')


def describe_filter(status, created_after, created_before):
    parts = ['status ' + '/'.join(status)] if status else ['any finished status']
    if created_after:
        parts.append('created after ' + created_after.isoformat())
    if created_before:
        parts.append('created before ' + created_before.isoformat())
    return ', '.join(parts)


# --- output shapes (camelCase, like every az JSON output) -----------------------------------------------------

def _payload(value):
    """Payloads are JSON text on the wire: show them as JSON when they are, else as the text."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def _optional_string(message, field):
    return getattr(message, field).value if message.HasField(field) else None


def _time(message, field):
    return _timestamp_text(getattr(message, field)) if message.HasField(field) else None


def _timestamp_text(timestamp):
    """RFC 3339 (UTC), or None for the zero timestamp some backends leave in events they did not stamp."""
    return timestamp.ToJsonString() if (timestamp.seconds or timestamp.nanos) else None


def failure_to_dict(failure):
    if failure is None or not (failure.errorType or failure.errorMessage):
        return None
    return {
        'errorType': failure.errorType,
        'message': failure.errorMessage,
        'stackTrace': _optional_string(failure, 'stackTrace'),
        'innerFailure': failure_to_dict(failure.innerFailure) if failure.HasField('innerFailure') else None,
    }


def state_to_dict(hub, state, payloads=False):
    result = {
        'instanceId': state.instanceId,
        'name': state.name,
        'version': _optional_string(state, 'version'),
        'runtimeStatus': status_name(hub, state.orchestrationStatus),
        'createdAt': _time(state, 'createdTimestamp'),
        'lastUpdatedAt': _time(state, 'lastUpdatedTimestamp'),
        'completedAt': _time(state, 'completedTimestamp'),
        'scheduledStartAt': _time(state, 'scheduledStartTimestamp'),
        'executionId': _optional_string(state, 'executionId'),
        'parentInstanceId': _optional_string(state, 'parentInstanceId'),
        'customStatus': _payload(state.customStatus.value) if state.HasField('customStatus') else None,
        'failureDetails': failure_to_dict(state.failureDetails) if state.HasField('failureDetails') else None,
        'tags': dict(state.tags) or None,
    }
    if payloads:
        result['input'] = _payload(state.input.value) if state.HasField('input') else None
        result['output'] = _payload(state.output.value) if state.HasField('output') else None
    return result


# History fields that carry JSON payloads.
_PAYLOAD_FIELDS = ('input', 'result', 'output', 'data')


def event_to_dict(event):
    """A history event: id, time, type (e.g. TaskScheduled) and that type's fields, payloads as JSON."""
    from google.protobuf.json_format import MessageToDict
    kind = event.WhichOneof('eventType')
    details = MessageToDict(getattr(event, kind)) if kind else {}
    for field in _PAYLOAD_FIELDS:
        if isinstance(details.get(field), str):
            details[field] = _payload(details[field])
    result = {
        'eventId': event.eventId,
        'timestamp': _time(event, 'timestamp'),
        'eventType': (kind[0].upper() + kind[1:]) if kind else None,
    }
    result.update(details)
    return result
