# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask entity: list, show, signal, clean. A task hub's durable entities over the same gRPC protocol as
the orchestrations (see _dataplane.py); inputs were checked by the validators. An entity's instance id is
`@name@key`, the name in lower case (as every Durable Task SDK writes it)."""

import json

from knack.log import get_logger

from azext_durabletask._dataplane import task_hub_session

logger = get_logger(__name__)

_PAGE_SIZE = 500


def entity_id(name, key):
    return f'@{name.lower()}@{key}'


def list_entities(cmd, *, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                  connection_string=None, name=None, instance_id_prefix=None, last_modified_after=None,
                  last_modified_before=None, include_state=False, include_transient=False):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint,
                          connection_string) as hub:
        query = hub.pb.EntityQuery(includeState=include_state, includeTransient=include_transient)
        query.pageSize.value = _PAGE_SIZE
        prefix = instance_id_prefix or (entity_id(name, '') if name else None)
        if prefix:
            query.instanceIdStartsWith.value = prefix
        if last_modified_after:
            query.lastModifiedFrom.FromDatetime(last_modified_after)
        if last_modified_before:
            query.lastModifiedTo.FromDatetime(last_modified_before)
        results = []
        while True:
            response = hub.stub.QueryEntities(hub.pb.QueryEntitiesRequest(query=query))
            results.extend(entity_to_dict(entity, include_state) for entity in response.entities)
            token = response.continuationToken.value if response.HasField('continuationToken') else ''
            if not token or token == query.continuationToken.value:
                return results
            query.continuationToken.value = token


def show_entity(cmd, name, key, *, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                connection_string=None):
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint,
                          connection_string) as hub:
        instance_id = entity_id(name, key)
        response = hub.stub.GetEntity(hub.pb.GetEntityRequest(instanceId=instance_id, includeState=True))
        if not response.exists:
            from azure.cli.core.azclierror import ResourceNotFoundError
            error = ResourceNotFoundError(f"Entity '{instance_id}' was not found in {hub.target}.")
            error.set_recommendation(
                f'List its entities: az durabletask entity list {hub.target.args} --name {name} -o table')
            raise error
        return entity_to_dict(response.entity, True)


def signal_entity(cmd, name, key, operation, *, resource_group_name=None, scheduler_name=None, task_hub_name=None,
                  endpoint=None, connection_string=None, input_value=None, signal_time=None):
    import uuid
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string,
                          writes=True) as hub:
        request = hub.pb.SignalEntityRequest(instanceId=entity_id(name, key), name=operation,
                                             requestId=str(uuid.uuid4()))
        if input_value is not None:
            request.input.value = json.dumps(input_value)
        if signal_time is not None:
            request.scheduledTime.FromDatetime(signal_time)
        request.requestTime.GetCurrentTime()
        hub.stub.SignalEntity(request)
        return {'instanceId': request.instanceId, 'operation': operation, 'requestId': request.requestId,
                'scheduledTime': signal_time.isoformat().replace('+00:00', 'Z') if signal_time else None}


def clean_entities(cmd, *, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                   connection_string=None, keep_empty_entities=False, keep_orphaned_locks=False):
    """Remove entities with no state and no pending operations, and release locks held by orchestrations that no
    longer exist; page after page until the service says it is done."""
    with task_hub_session(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint, connection_string,
                          writes=True) as hub:
        request = hub.pb.CleanEntityStorageRequest(removeEmptyEntities=not keep_empty_entities,
                                                   releaseOrphanedLocks=not keep_orphaned_locks)
        removed = released = 0
        while True:
            response = hub.stub.CleanEntityStorage(request)
            removed += response.emptyEntitiesRemoved
            released += response.orphanedLocksReleased
            token = response.continuationToken.value if response.HasField('continuationToken') else ''
            if not token or token == request.continuationToken.value:
                return {'emptyEntitiesRemoved': removed, 'orphanedLocksReleased': released}
            request.continuationToken.value = token


def entity_to_dict(entity, include_state):
    from azext_durabletask.orchestration import _payload, _time
    _, name, key = (entity.instanceId.split('@', 2) + ['', ''])[:3] if entity.instanceId.startswith('@') \
        else ('', '', entity.instanceId)
    result = {
        'instanceId': entity.instanceId,
        'name': name,
        'key': key,
        'lastModifiedAt': _time(entity, 'lastModifiedTime'),
        'backlogQueueSize': entity.backlogQueueSize,
        'lockedBy': entity.lockedBy.value if entity.HasField('lockedBy') else None,
    }
    if include_state:
        result['state'] = _payload(entity.serializedState.value) if entity.HasField('serializedState') else None
    return result
