# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""ARM resource ids of Microsoft.DurableTask: the one place that builds and parses them."""

import re

PROVIDER = 'Microsoft.DurableTask'
SCHEDULER_TYPE = 'Microsoft.DurableTask/schedulers'
TASK_HUB_TYPE = 'Microsoft.DurableTask/schedulers/taskHubs'
RETENTION_POLICY_TYPE = 'Microsoft.DurableTask/schedulers/retentionPolicies'
PRIVATE_ENDPOINT_CONNECTION_TYPE = 'Microsoft.DurableTask/schedulers/privateEndpointConnections'
PRIVATE_LINK_RESOURCE_TYPE = 'Microsoft.DurableTask/schedulers/privateLinkResources'
TDE_TYPE = 'Microsoft.DurableTask/schedulers/transparentDataEncryptions'
FAILOVER_INSTANCE_TYPE = 'Microsoft.DurableTask/schedulers/failoverInstances'
DETECTOR_TYPE = 'Microsoft.DurableTask/schedulers/detectors'
TASK_QUEUE_TYPE = 'Microsoft.DurableTask/schedulers/taskHubs/taskQueues'

# What `--ids` addresses, by command group (the longest prefix of a command's name wins): an id of any other type
# is refused before any request. az core only takes the parts it needs (`name`, `child_name_1`) from any id, so
# without this a private endpoint connection's id would address its scheduler, and a delete would remove it.
IDS_TYPES = {
    'durabletask scheduler': (SCHEDULER_TYPE,),
    'durabletask scheduler private-endpoint-connection': (PRIVATE_ENDPOINT_CONNECTION_TYPE,),
    'durabletask scheduler private-link-resource': (PRIVATE_LINK_RESOURCE_TYPE,),
    'durabletask scheduler transparent-data-encryption': (TDE_TYPE,),
    # a scheduler has one failover instance: its id or the scheduler's address it
    'durabletask scheduler failover-instance': (FAILOVER_INSTANCE_TYPE, SCHEDULER_TYPE),
    'durabletask scheduler detector': (DETECTOR_TYPE,),
    'durabletask taskhub task-queue': (TASK_QUEUE_TYPE,),
    'durabletask taskhub': (TASK_HUB_TYPE,),
    'durabletask retention-policy': (RETENTION_POLICY_TYPE,),
    'durabletask orchestration': (TASK_HUB_TYPE,),
    'durabletask entity': (TASK_HUB_TYPE,),
    'durabletask role-assignment': (SCHEDULER_TYPE, TASK_HUB_TYPE),  # the scope of the assignment
}

# The service's rule for scheduler and task hub names (the OpenAPI pattern, plus no hyphen at either end).
# Always used with fullmatch: `$` would also match before a trailing newline ('sched\n').
NAME_PATTERN = re.compile(r'(?!-)[a-zA-Z0-9-]{3,64}(?<!-)')
NAME_RULE = '3 to 64 letters, digits or hyphens, not starting or ending with a hyphen'


def scheduler_id(subscription_id, resource_group, scheduler):
    return (f'/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/{PROVIDER}'
            f'/schedulers/{scheduler}')


def task_hub_id(subscription_id, resource_group, scheduler, task_hub):
    return f'{scheduler_id(subscription_id, resource_group, scheduler)}/taskHubs/{task_hub}'


def parse_id(resource_id):
    """The parts of an ARM id as a dict (`subscription`, `resource_group`, `namespace`, `type`, `name`,
    `child_type_1`, `child_name_1`, ...), or None when the text is not a valid ARM resource id."""
    from azure.mgmt.core.tools import is_valid_resource_id, parse_resource_id
    if not resource_id or not is_valid_resource_id(resource_id):
        return None
    return parse_resource_id(resource_id)


def resource_type(resource_id):
    """The full type of an ARM id ('Microsoft.DurableTask/schedulers/taskHubs' for a task hub), or None when the
    text is not a resource id."""
    parts = parse_id(resource_id)
    if not parts or not parts.get('namespace') or not parts.get('type'):
        return None
    types, level = [parts['namespace'], parts['type']], 1
    while parts.get(f'child_type_{level}'):
        types.append(parts[f'child_type_{level}'])
        level += 1
    return '/'.join(types)


# Commands whose --ids are their own argument, checked by their validator (role assignment ids).
OWN_IDS_COMMANDS = ('durabletask role-assignment delete',)


def ids_types_for(command_name):
    """The types `--ids` may name for a command (see IDS_TYPES), or None when the command's ids are its own."""
    if command_name in OWN_IDS_COMMANDS:
        return None
    group = max((prefix for prefix in IDS_TYPES if (command_name or '').startswith(prefix + ' ')), key=len,
                default=None)
    return IDS_TYPES[group] if group else None


def ids_of_other_types(ids, expected_types):
    """[(id, its type or None)] for each of `ids` that is not one of `expected_types` (compared ignoring case, as
    ARM does)."""
    expected = {t.lower() for t in expected_types}
    found = [(resource_id, resource_type(resource_id)) for resource_id in ids or []]
    return [(resource_id, kind) for resource_id, kind in found if (kind or '').lower() not in expected]


def subscription_of(resource_id):
    """The subscription id in an ARM id or scope (/subscriptions/<id>/...)."""
    return resource_id.split('/')[2]


def current_subscription(cli_ctx):
    from azure.cli.core.commands.client_factory import get_subscription_id
    return get_subscription_id(cli_ctx)


def scheduler_scope(cmd, resource_group, scheduler, task_hub=None):
    """The ARM id a role assignment is scoped to: the task hub when one is named, else the scheduler."""
    subscription = current_subscription(cmd.cli_ctx)
    if task_hub:
        return task_hub_id(subscription, resource_group, scheduler, task_hub)
    return scheduler_id(subscription, resource_group, scheduler)


# --- role assignments (access.py) ----------------------------------------------------------------------------

# Compiled (and cached by `re`) on first use: only `role-assignment delete` matches it.
_ROLE_ASSIGNMENT_ID = (r'(?P<scope>/subscriptions/.+)/providers/Microsoft\.Authorization/roleAssignments/'
                       r'(?P<name>[^/]+)')


def parse_role_assignment_id(assignment_id):
    """(scope, name) of a role assignment id on a scheduler or task hub, or None for any other text."""
    match = re.fullmatch(_ROLE_ASSIGNMENT_ID, (assignment_id or '').strip(), re.IGNORECASE)
    if not match or f'/providers/{PROVIDER}/schedulers/'.lower() not in match.group('scope').lower():
        return None
    return match.group('scope'), match.group('name')


# --- apps that `scheduler attach` configures (attach.py) -----------------------------------------------------

FUNCTION_APP_TYPE = 'Microsoft.Web/sites'
CONTAINER_APP_TYPE = 'Microsoft.App/containerApps'


def parse_app_id(resource_id):
    """The parts of a Function App (Microsoft.Web/sites) or Container App id, with `kind` set to its type in
    canonical case; None for any other id."""
    parts = parse_id(resource_id)
    if not parts or parts.get('child_name_1') or not parts.get('resource_group'):
        return None
    found = f"{parts.get('namespace')}/{parts.get('type')}".lower()
    kind = next((t for t in (FUNCTION_APP_TYPE, CONTAINER_APP_TYPE) if t.lower() == found), None)
    return dict(parts, kind=kind) if kind else None
