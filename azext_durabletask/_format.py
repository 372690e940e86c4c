# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Output. `as_output` is every command's `transform`; table output (`-o table`): one transform per output shape,
applied to az's JSON (camelCase) form."""

import json
from collections import OrderedDict


def as_output(result):
    """An SDK model result as az's own todict() makes it, a step before az would: az asks of any result that is
    iterable but not a list or dict (an SDK model is a Mapping) whether it is a pager, and to ask it imports msrest
    and az's AAZ paging, 60 ms that no command here needs. The output is the same (todict of a dict is the dict)."""
    if not getattr(result, '_is_model', False):
        return result
    from azure.cli.core.commands import AzCliCommandInvoker
    from azure.cli.core.util import todict
    return todict(result, AzCliCommandInvoker.remove_additional_prop_layer)


def _properties(result):
    return result.get('properties') or {}


def transform_scheduler(result):
    properties = _properties(result)
    sku = properties.get('sku') or {}
    return OrderedDict([
        ('Name', result.get('name')),
        ('ResourceGroup', result.get('resourceGroup')),
        ('Location', result.get('location')),
        ('State', properties.get('provisioningState')),
        ('Sku', sku.get('name')),
        ('Capacity', sku.get('capacity')),
        ('Endpoint', properties.get('endpoint')),
    ])


def transform_scheduler_list(results):
    return [transform_scheduler(result) for result in results]


def transform_task_hub(result):
    properties = _properties(result)
    return OrderedDict([
        ('Name', result.get('name')),
        ('ResourceGroup', result.get('resourceGroup')),
        ('Scheduler', _parent_name(result.get('id'))),
        ('State', properties.get('provisioningState')),
        ('Capabilities', ', '.join(properties.get('capabilities') or [])),
        ('DashboardUrl', properties.get('dashboardUrl')),
    ])


def transform_task_hub_list(results):
    return [transform_task_hub(result) for result in results]


def _parent_name(resource_id):
    """The scheduler's name in a task hub id (.../schedulers/<name>/taskHubs/<hub>)."""
    from azext_durabletask._resource import parse_id
    return (parse_id(resource_id) or {}).get('name')


# --- identity and encryption (identity.py, encryption.py) ---------------------------------------------------

def transform_identity(result):
    result = result or {}
    users = result.get('userAssignedIdentities') or {}
    return OrderedDict([
        ('Type', result.get('type')),
        ('PrincipalId', result.get('principalId')),
        ('TenantId', result.get('tenantId')),
        ('UserAssigned', ', '.join(key.rsplit('/', 1)[-1] for key in users)),
    ])


def transform_tde(result):
    properties = _properties(result)
    return OrderedDict([
        ('Scheduler', _parent_name(result.get('id'))),
        ('ResourceGroup', result.get('resourceGroup')),
        ('KeySource', properties.get('keySource')),
        ('KeyVaultKeyUri', properties.get('keyVaultKeyUri')),
        ('State', properties.get('provisioningState')),
    ])


def transform_encryption_check(results):
    return [OrderedDict([('Requirement', r.get('requirement')), ('Status', r.get('status')),
                         ('Detail', r.get('detail')), ('Fix', r.get('fix') or '')]) for r in results]


# --- retention policies: one row per rule ------------------------------------------------------------------

def transform_retention_policy(result):
    rules = _properties(result).get('retentionPolicies') or []
    return [OrderedDict([('State', rule.get('orchestrationState') or 'Default'),
                         ('Days', rule.get('retentionPeriodInDays'))]) for rule in rules]


def transform_retention_policy_list(results):
    return [row for result in results for row in transform_retention_policy(result)]


# --- private endpoint connections and private link resources ----------------------------------------------

def transform_private_endpoint_connection(result):
    properties = _properties(result)
    state = properties.get('privateLinkServiceConnectionState') or {}
    endpoint_id = (properties.get('privateEndpoint') or {}).get('id') or ''
    return OrderedDict([
        ('Name', result.get('name')),
        ('Status', state.get('status')),
        ('Description', state.get('description')),
        ('PrivateEndpoint', endpoint_id.rstrip('/').split('/')[-1] or None),
        ('ProvisioningState', properties.get('provisioningState')),
    ])


def transform_private_endpoint_connection_list(results):
    return [transform_private_endpoint_connection(result) for result in results]


def transform_private_link_resource(result):
    properties = _properties(result)
    return OrderedDict([
        ('Name', result.get('name')),
        ('GroupId', properties.get('groupId')),
        ('RequiredMembers', ', '.join(properties.get('requiredMembers') or [])),
        ('RequiredZoneNames', ', '.join(properties.get('requiredZoneNames') or [])),
    ])


def transform_private_link_resource_list(results):
    return [transform_private_link_resource(result) for result in results]


# --- orchestrations (orchestration.py) -------------------------------------------------------------------------

def _seconds(timestamp):
    """'2026-05-01T12:00:00.123456Z' as '2026-05-01T12:00:00Z': a table needs no fractions."""
    return timestamp.split('.')[0].rstrip('Z') + 'Z' if timestamp else None


def _failure(details):
    """'ErrorType: message' on one line, or None."""
    if not details:
        return None
    message = ' '.join((details.get('message') or details.get('errorMessage') or '').split())
    error_type = details.get('errorType')
    return f'{error_type}: {message}' if error_type else message


def transform_orchestration_list(results):
    return [OrderedDict([
        ('InstanceId', result.get('instanceId')),
        ('Name', result.get('name')),
        ('Status', result.get('runtimeStatus')),
        ('Created', _seconds(result.get('createdAt'))),
        ('LastUpdated', _seconds(result.get('lastUpdatedAt'))),
    ]) for result in results]


def transform_orchestration(result):
    row = transform_orchestration_list([result])[0]
    row['Failure'] = _failure(result.get('failureDetails'))
    return row


def transform_orchestration_history(results):
    return [OrderedDict([
        ('EventId', result.get('eventId')),
        ('Timestamp', _seconds(result.get('timestamp'))),
        ('EventType', result.get('eventType')),
        ('Name', result.get('name')),
        ('Failure', _failure(result.get('failureDetails'))),
    ]) for result in results]


# --- access: role assignments, connection details, attach ---------------------------------------------------

def _scope_name(scope):
    """The last `type/name` of a scope: `taskHubs/orders`, `schedulers/prod`, `resourceGroups/rg`."""
    parts = [part for part in (scope or '').split('/') if part]
    return '/'.join(parts[-2:]) if len(parts) >= 2 else scope


def transform_role_assignment(result):
    return OrderedDict([
        ('Principal', result.get('principalName') or result.get('principalId')),
        ('PrincipalType', result.get('principalType')),
        ('Role', result.get('roleDefinitionName')),
        ('Scope', _scope_name(result.get('scope'))),
        ('Name', result.get('name')),
    ])


def transform_role_assignment_list(results):
    return [transform_role_assignment(result) for result in results]


def transform_connection_details(result):
    """Two columns, one row per value: the values are too long to sit side by side."""
    rows = [('Endpoint', result.get('endpoint')), ('TaskHub', result.get('taskHub')),
            ('DashboardUrl', result.get('dashboardUrl')), ('ConnectionString', result.get('connectionString'))]
    rows += [('Functions ' + name, value) for name, value in (result.get('functionsAppSettings') or {}).items()]
    return [OrderedDict([('Name', name), ('Value', value)]) for name, value in rows]


def transform_attach(result):
    assignment = result.get('roleAssignment') or {}
    identity = result.get('identity') or {}
    return OrderedDict([
        ('Target', _scope_name(result.get('target'))),
        ('Identity', identity.get('type')),
        ('PrincipalId', identity.get('principalId')),
        ('Role', assignment.get('roleDefinitionName')),
        ('Scope', _scope_name(assignment.get('scope'))),
        ('Holds', ', '.join(f"{held['role']} ({_scope_name(held['scope'])})"
                            for held in result.get('roles') or [])),
        ('Changed', ', '.join(result.get('changed') or []) or 'nothing'),
    ])


def transform_diagnose(results):
    """`taskhub diagnose`: one row per check, the fix last (it is the longest)."""
    return [OrderedDict([('Check', r.get('check')), ('Result', r.get('result')), ('Detail', r.get('detail')),
                         ('Fix', r.get('fix') or '')]) for r in results]


# --- entities (entity.py) ----------------------------------------------------------------------------------------

def transform_entity_list(results):
    rows = []
    for result in results:
        row = OrderedDict([
            ('Name', result.get('name')),
            ('Key', result.get('key')),
            ('LastModified', _seconds(result.get('lastModifiedAt'))),
            ('Backlog', result.get('backlogQueueSize')),
            ('LockedBy', result.get('lockedBy')),
        ])
        if 'state' in result:
            row['State'] = json.dumps(result['state'], separators=(',', ':')) if result['state'] is not None else None
        rows.append(row)
    return rows


def transform_entity(result):
    return transform_entity_list([result])[0]


def transform_bulk_summary(result):
    """A bulk action's summary (done, skipped by status, failed) or its dry run (count, first instances)."""
    if not isinstance(result, dict):
        return result
    skipped = ', '.join(f'{count} {status}'
                        for status, count in sorted((result.get('skipped') or {}).items()))
    if 'count' in result:
        return OrderedDict([('Count', result['count']), ('Skipped', skipped or None),
                            ('First', ' '.join(item.get('instanceId') for item in result.get('first') or []) or None)])
    if 'deletedInstanceCount' in result:
        return OrderedDict([('Deleted', result['deletedInstanceCount']), ('Complete', result.get('isComplete')),
                            ('Failed', len(result.get('failed') or []))])
    return OrderedDict([('Done', result.get('done')), ('Skipped', skipped or None),
                        ('Failed', '; '.join(f"{item['instanceId']}: {item['reason']}"
                                             for item in result.get('failed') or []) or None)])


def transform_orchestration_or_summary(result):
    """restart/rewind print the instance with -i, a summary with filters."""
    return transform_orchestration(result) if isinstance(result, dict) and 'instanceId' in result \
        else transform_bulk_summary(result)


# --- preview groups: failover instances, detectors, task queues ---------------------------------------------

def transform_failover_instance(result):
    properties = _properties(result)
    return OrderedDict([
        ('Scheduler', _parent_name(result.get('id'))),
        ('ResourceGroup', result.get('resourceGroup')),
        ('Role', properties.get('replicationRole')),
        ('FailoverState', properties.get('failoverState')),
        ('Partner', (properties.get('partnerSchedulerResourceId') or '').rstrip('/').rsplit('/', 1)[-1] or None),
        ('PartnerLocation', properties.get('partnerSchedulerLocation')),
        ('State', properties.get('provisioningState')),
    ])


def transform_failover_instance_list(results):
    return [transform_failover_instance(result) for result in results]


def _detector_status(properties):
    from azext_durabletask.detector import STATUS_NAMES
    status = properties.get('status') or {}
    return STATUS_NAMES.get(status.get('statusId'), status.get('statusId')), status.get('message')


def transform_detector_list(results):
    rows = []
    for result in results:
        properties = _properties(result)
        metadata = properties.get('metadata') or {}
        status, message = _detector_status(properties)
        rows.append(OrderedDict([('Name', result.get('name')), ('Title', metadata.get('name')),
                                 ('Category', metadata.get('category')), ('Status', status),
                                 ('Message', message)]))
    return rows


def transform_detector(result):
    """A detector's findings, one row each: insight datasets give (Status, Message, Recommendation) rows; any other
    table's rows are shown as `column=value` pairs under the dataset's title."""
    rows = []
    for dataset in _properties(result).get('dataset') or []:
        table = dataset.get('table') or {}
        rendering = dataset.get('renderingProperties') or {}
        title = rendering.get('title') or table.get('tableName')
        columns = [column.get('columnName') for column in table.get('columns') or []]
        for values in table.get('rows') or []:
            cells = OrderedDict(zip(columns, values))
            if 'Status' in cells and 'Message' in cells:
                finding, status = cells.get('Message'), cells.get('Status')
                action = cells.get('Recommendation') or ''
            else:
                finding, status, action = ', '.join(f'{k}={v}' for k, v in cells.items()), '', ''
            rows.append(OrderedDict([('Dataset', title), ('Status', status), ('Finding', finding),
                                     ('Recommendation', action)]))
    if not rows:
        status, message = _detector_status(_properties(result))
        rows.append(OrderedDict([('Dataset', None), ('Status', status), ('Finding', message),
                                 ('Recommendation', '')]))
    return rows


def transform_task_queue(result):
    properties = _properties(result)
    return OrderedDict([
        ('Name', result.get('name')),
        ('ResourceGroup', result.get('resourceGroup')),
        ('TaskHub', (parse_task_queue_parent(result.get('id')))),
        ('ActionsPerSecond', (properties.get('throughput') or {}).get('actionsPerSecond')),
        ('State', properties.get('provisioningState')),
    ])


def transform_task_queue_list(results):
    return [transform_task_queue(result) for result in results]


def parse_task_queue_parent(resource_id):
    """The task hub's name in a task queue id (.../taskHubs/<hub>/taskQueues/<queue>)."""
    from azext_durabletask._resource import parse_id
    return (parse_id(resource_id) or {}).get('child_name_1')
