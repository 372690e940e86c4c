# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
# pylint: disable=line-too-long, too-many-statements
"""Arguments. Option names of the public extension keep working (users' scripts use them)."""

from azure.cli.core.commands.parameters import get_enum_type, get_location_type, resource_group_name_type

from azext_durabletask._argtypes import (
    connection_string_type, dataplane_scheduler_name_type, dataplane_task_hub_type, endpoint_type, grant_type,
    instance_id_type, key_vault_key_uri_type, max_items_type, next_token_type, no_wait_type,
    parent_scheduler_name_type, scheduler_name_type, system_assigned_type, tags_type, task_hub_name_type,
    task_hub_option_type, user_assigned_type, wait_interval_type, yes_type)


def load_arguments(self, _):
    with self.argument_context('durabletask') as c:
        c.argument('resource_group_name', resource_group_name_type)
        c.argument('no_wait', no_wait_type)
        c.argument('interval', wait_interval_type)  # every `wait` command

    with self.argument_context('durabletask scheduler') as c:
        c.argument('scheduler_name', scheduler_name_type)
        c.argument('sku_name', arg_type=get_enum_type(['Dedicated', 'Consumption']),
                   help='Pricing plan. Dedicated runs on reserved capacity units; Consumption scales by itself.')
        c.argument('sku_capacity', help='Capacity units of a Dedicated scheduler (default 1; 3 for high availability). Not for Consumption.')
        c.argument('ip_allowlist', nargs='+',
                   help='IPv4/IPv6 addresses or CIDR ranges allowed to connect, space-separated or "[a,b]". Default on create: 0.0.0.0/0 (any address; callers still need a role).')
        c.argument('public_network_access', arg_type=get_enum_type(['Enabled', 'Disabled']),
                   help='Whether the scheduler is reachable from public networks. Disabled leaves only private endpoints.')
        c.argument('tags', tags_type)

    with self.argument_context('durabletask scheduler create') as c:
        c.argument('scheduler_name', scheduler_name_type, id_part=None,
                   help='Name of the new scheduler: 3 to 64 letters, digits or hyphens.')
        c.argument('location', arg_type=get_location_type(self.cli_ctx),
                   help='Region of the scheduler. Default: the resource group\'s region.')

    with self.argument_context('durabletask scheduler delete') as c:
        c.argument('delete_task_hubs', action='store_true',
                   help='Delete the scheduler\'s task hubs first (in parallel, with their orchestrations), then the scheduler. With --no-wait, the hubs are still waited on.')

    for command in ('create', 'update'):
        with self.argument_context('durabletask scheduler ' + command) as c:
            c.argument('mi_system_assigned', system_assigned_type, options_list=['--mi-system-assigned'],
                       help='Give the scheduler a system-assigned managed identity (for customer-managed keys).')
            c.argument('mi_user_assigned', user_assigned_type, options_list=['--mi-user-assigned'], nargs='+',
                       help='Resource ids of user-assigned managed identities to give the scheduler, space-separated.' + (
                           ' Added to those it has.' if command == 'update' else ''))

    # --- managed identities (identity.py) ---
    with self.argument_context('durabletask scheduler identity') as c:
        c.argument('scheduler_name', scheduler_name_type)
        c.argument('system_assigned', system_assigned_type)
        c.argument('user_assigned', user_assigned_type)

    with self.argument_context('durabletask scheduler identity remove') as c:
        c.argument('user_assigned', user_assigned_type,
                   help='Resource ids of the user-assigned identities to remove, space-separated; without ids, every user-assigned identity.')

    # --- encryption at rest (encryption.py) ---
    from azext_durabletask.encryption import KEY_SOURCES
    with self.argument_context('durabletask scheduler transparent-data-encryption') as c:
        c.argument('scheduler_name', parent_scheduler_name_type)
        c.argument('key_vault_key_uri', key_vault_key_uri_type)
        c.argument('key_source', arg_type=get_enum_type(KEY_SOURCES),
                   help='Who manages the encryption key: CustomerManaged (your Key Vault key, --key-vault-key-uri) or MicrosoftManaged.')
        c.argument('grant', grant_type)

    with self.argument_context('durabletask scheduler transparent-data-encryption create') as c:
        c.argument('key_source', arg_type=get_enum_type(KEY_SOURCES), default='CustomerManaged',
                   help='Who manages the encryption key: CustomerManaged (default: your Key Vault key, --key-vault-key-uri) or MicrosoftManaged.')

    with self.argument_context('durabletask scheduler transparent-data-encryption check') as c:
        c.argument('key_vault_key_uri', key_vault_key_uri_type,
                   help='URI of the Key Vault key to check: `https://<vault>.vault.azure.net/keys/<key>`. Default: the key the scheduler uses now.')

    with self.argument_context('durabletask scheduler list') as c:
        c.argument('resource_group_name', resource_group_name_type, required=False,
                   help='List only the schedulers in this resource group. Default: the whole subscription.')
        c.argument('max_items', max_items_type)
        c.argument('next_token', next_token_type)

    with self.argument_context('durabletask scheduler update') as c:
        # az's generic update arguments, applied after the other options, in the order given (scheduler.py)
        from azure.cli.core.commands.command_operation import GenericUpdateCommandOperation
        ordered = GenericUpdateCommandOperation.OrderedArgsAction
        c.argument('properties_to_set', options_list=['--set'], nargs='+', action=ordered, arg_group='Generic Update',
                   metavar='KEY=VALUE', help='Update an object by specifying a property path and value to set.  Example: `--set property1.property2=<value>`.')
        c.argument('properties_to_add', options_list=['--add'], nargs='+', action=ordered, arg_group='Generic Update',
                   metavar='LIST KEY=VALUE', help='Add an object to a list of objects by specifying a path and key value pairs.  Example: `--add property.listProperty <key=value, string or JSON string>`.')
        c.argument('properties_to_remove', options_list=['--remove'], nargs='+', action=ordered, arg_group='Generic Update',
                   metavar='LIST INDEX', help='Remove a property or an element from a list.  Example: `--remove property.list <indexToRemove>` OR `--remove propertyToRemove`.')
        c.argument('force_string', action='store_true', arg_group='Generic Update',
                   help="When using 'set' or 'add', preserve string literals instead of attempting to convert to JSON.")
        c.ignore('ordered_arguments')

    with self.argument_context('durabletask taskhub') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, help='Name of the scheduler that holds the task hub.')
        c.argument('task_hub_name', task_hub_name_type)

    with self.argument_context('durabletask taskhub create') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, id_part=None,
                   help='Name of the scheduler that will hold the task hub.')
        c.argument('task_hub_name', task_hub_name_type, id_part=None,
                   help='Name of the new task hub: 3 to 64 letters, digits or hyphens.')

    with self.argument_context('durabletask taskhub create') as c:
        c.argument('capabilities', nargs='+',
                   help='Task hub capabilities to enable, space-separated (names as the service defines them).')

    with self.argument_context('durabletask taskhub list') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, id_part=None, help='Name of the scheduler.')
        c.argument('max_items', max_items_type)
        c.argument('next_token', next_token_type)

    # --- preview groups: failover instances, detectors, task queues (failover.py, detector.py, taskqueue.py) ---
    with self.argument_context('durabletask scheduler failover-instance') as c:
        c.argument('scheduler_name', parent_scheduler_name_type,
                   help='Name of the scheduler whose failover instance (at most one) it is.')
        c.argument('yes', yes_type)

    with self.argument_context('durabletask scheduler failover-instance create') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, id_part=None,
                   help='Name of the scheduler to pair (it starts as the primary).')
        # --partner-scheduler-resource-id: the property's name, as aaz would spell the option
        c.argument('partner_scheduler_id', options_list=['--partner-scheduler-id', '--partner',
                                                         '--partner-scheduler-resource-id'],
                   help='The partner scheduler, in another region: its resource id, or its name when it is in the same resource group.')

    with self.argument_context('durabletask scheduler failover-instance list') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, id_part=None, help='Name of the scheduler.')

    with self.argument_context('durabletask scheduler failover-instance force-failover') as c:
        c.argument('yes', yes_type, help='Do not ask the two confirmations (what data may be lost).')

    with self.argument_context('durabletask scheduler detector') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, help='Name of the scheduler.')
        c.argument('detector_name', options_list=['--name', '-n', '--detector-id'], id_part='child_name_1',
                   help='Id of the detector, as `detector list` prints it (its name).')

    with self.argument_context('durabletask scheduler detector list') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, id_part=None, help='Name of the scheduler.')

    with self.argument_context('durabletask taskhub task-queue') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, help='Name of the scheduler that holds the task hub.')
        c.argument('task_hub_name', task_hub_option_type, options_list=['--task-hub', '--task-hub-name', '-t'],
                   help='Name of the task hub that holds the queue.')
        c.argument('task_queue_name', options_list=['--name', '-n', '--task-queue-name'], id_part='child_name_2',
                   help='Name of the task queue: 3 to 64 letters, digits or hyphens.')
        c.argument('actions_per_second', options_list=['--actions-per-second', '--throughput'],
                   help='Throughput: how many work items per second the queue hands out (a whole number, 1 or more).')

    for command in ('create', 'list'):
        with self.argument_context('durabletask taskhub task-queue ' + command) as c:
            c.argument('scheduler_name', parent_scheduler_name_type, id_part=None,
                       help='Name of the scheduler that holds the task hub.')
            c.argument('task_hub_name', task_hub_option_type, options_list=['--task-hub', '--task-hub-name', '-t'],
                       id_part=None, help='Name of the task hub that holds the queue.')
            c.argument('task_queue_name', options_list=['--name', '-n', '--task-queue-name'], id_part=None,
                       help='Name of the new task queue: 3 to 64 letters, digits or hyphens.')

    # --- retention policies (retention.py) ---
    with self.argument_context('durabletask retention-policy') as c:
        c.argument('scheduler_name', parent_scheduler_name_type,
                   help='Name of the scheduler the policy belongs to (each scheduler has at most one).')
        days_rule = '0 (purge as soon as possible) to 90; at most 30 on the Consumption SKU.'
        c.argument('default_days', options_list=['--default-days', '-d'],
                   help='Days to keep finished orchestrations of every state without its own rule: ' + days_rule)
        c.argument('completed_days', options_list=['--completed-days', '-c'],
                   help='Days to keep completed orchestrations: ' + days_rule)
        c.argument('failed_days', options_list=['--failed-days', '-f'],
                   help='Days to keep failed orchestrations: ' + days_rule)
        c.argument('terminated_days', options_list=['--terminated-days', '-t'],
                   help='Days to keep terminated orchestrations: ' + days_rule)
        c.argument('canceled_days', options_list=['--canceled-days', '-x'],
                   help='Days to keep canceled orchestrations: ' + days_rule)

    with self.argument_context('durabletask retention-policy create') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, id_part=None,
                   help='Name of the scheduler the policy belongs to. An existing policy is replaced.')

    with self.argument_context('durabletask retention-policy list') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, id_part=None,
                   help='Name of the scheduler the policy belongs to.')

    with self.argument_context('durabletask retention-policy update') as c:
        c.argument('remove', nargs='+', arg_type=get_enum_type(['Default', 'Completed', 'Failed', 'Terminated', 'Canceled']),
                   help='Rules to remove, space-separated; orchestrations in those states then follow the default rule.')

    # --- private endpoint connections and private link resources (network.py) ---
    with self.argument_context('durabletask scheduler private-endpoint-connection') as c:
        c.argument('scheduler_name', options_list=['--scheduler-name', '-s', '--resource-name'], id_part='name',
                   required=False, help='Name of the scheduler. Required unless --id or --ids is given.')
        c.argument('resource_group_name', resource_group_name_type, required=False)
        c.argument('private_endpoint_connection_name', options_list=['--name', '-n'], id_part='child_name_1',
                   required=False, help='Name of the private endpoint connection. Required unless --id or --ids is given.')
        c.argument('description', help='Why the connection is approved or rejected; the private endpoint owner sees it.')
    for command in ('show', 'approve', 'reject', 'delete', 'wait'):
        with self.argument_context('durabletask scheduler private-endpoint-connection ' + command) as c:
            c.extra('connection_id', options_list=['--id'],
                    help='Id of the private endpoint connection, as other az private-endpoint-connection commands take it. Replaces -g, -s and -n.')

    with self.argument_context('durabletask scheduler private-endpoint-connection list') as c:
        c.argument('scheduler_name', options_list=['--scheduler-name', '-s', '--resource-name'], id_part=None,
                   required=True, help='Name of the scheduler.')
        c.argument('resource_group_name', resource_group_name_type, required=True)

    with self.argument_context('durabletask scheduler private-link-resource') as c:
        c.argument('scheduler_name', options_list=['--scheduler-name', '-s', '--resource-name'], id_part='name',
                   help='Name of the scheduler.')
        c.argument('private_link_resource_name', options_list=['--name', '-n'], id_part='child_name_1',
                   help='Name (group id) of the private link resource: scheduler.')

    with self.argument_context('durabletask scheduler private-link-resource list') as c:
        c.argument('scheduler_name', options_list=['--scheduler-name', '-s', '--resource-name'], id_part=None,
                   help='Name of the scheduler.')

    # --- orchestrations: a task hub's instances, over gRPC (orchestration.py) ---
    with self.argument_context('durabletask orchestration') as c:
        c.argument('scheduler_name', dataplane_scheduler_name_type)
        c.argument('task_hub_name', dataplane_task_hub_type)
        c.argument('endpoint', endpoint_type)
        c.argument('connection_string', connection_string_type)
        c.argument('instance_id', instance_id_type)
        c.argument('status', nargs='+',
                   help='Only orchestrations in these runtime statuses, space-separated: Running, Completed, ContinuedAsNew, Failed, Canceled, Terminated, Pending, Suspended.')
        c.argument('created_after', help='Only orchestrations created at or after this time: ISO 8601 (2026-05-01T12:00:00Z; no zone means UTC) or an age such as 30m, 1h, 2d.')
        c.argument('created_before', help='Only orchestrations created before this time: ISO 8601 or an age such as 30m, 1h, 2d.')
        c.argument('reason', help='Why: recorded with the instance.')
        c.argument('recursive', action='store_true', help='Also apply to the sub-orchestrations it started.')

    selecting = ('list', 'export', 'terminate', 'suspend', 'resume', 'restart', 'rewind', 'raise-event', 'purge')
    for command in selecting:
        with self.argument_context('durabletask orchestration ' + command) as c:
            c.argument('name', arg_group='Filter', help='Only orchestrations with this orchestrator name (any case).')
            c.argument('instance_id_prefix', options_list=['--instance-id-prefix', '--prefix'], arg_group='Filter',
                       help='Only orchestrations whose instance id starts with this text.')
            c.argument('status', nargs='+', arg_group='Filter',
                       help='Only orchestrations in these runtime statuses, space-separated: Running, Completed, ContinuedAsNew, Failed, Canceled, Terminated, Pending, Suspended.')
            c.argument('created_after', arg_group='Filter', help='Only orchestrations created at or after this time: ISO 8601 (2026-05-01T12:00:00Z; no zone means UTC) or an age such as 30m, 1h, 2d.')
            c.argument('created_before', arg_group='Filter', help='Only orchestrations created before this time: ISO 8601 or an age such as 30m, 1h, 2d.')
            if command not in ('restart', 'rewind', 'purge'):  # those act on finished orchestrations only
                c.argument('stuck', arg_group='Filter',
                           help='Only orchestrations Pending or Running and not updated for this long: a duration such as 30m, 2h, 1d.')
            c.argument('last_updated_after', arg_group='Filter', help='Only orchestrations last updated at or after this time: ISO 8601 or an age such as 30m, 1h, 2d.')
            c.argument('last_updated_before', arg_group='Filter', help='Only orchestrations last updated before this time: ISO 8601 or an age such as 30m, 1h, 2d.')
    for command in ('terminate', 'suspend', 'resume', 'restart', 'rewind', 'raise-event', 'purge'):
        with self.argument_context('durabletask orchestration ' + command) as c:
            c.argument('instance_id', instance_id_type,
                       help='The one orchestration to act on. Or select many with the Filter options.')
            c.argument('dry_run', action='store_true',
                       help='With filters: print how many orchestrations would be acted on and the first ones, and change nothing.')
            c.argument('yes', yes_type)
            c.argument('max_concurrency', help='With filters: at most this many requests in flight (1 to 64).', default=8)

    with self.argument_context('durabletask orchestration list') as c:
        # A list addresses no single resource: no --ids (azdev's no_ids_for_list_commands).
        c.argument('scheduler_name', dataplane_scheduler_name_type, id_part=None)
        c.argument('task_hub_name', dataplane_task_hub_type, id_part=None)
        c.argument('max_items', help='At most this many, newest first; a warning then prints the --next-token for the next page. Default: all, written as they are read.')
        c.argument('next_token', help='Continue a listing where the previous page ended (the token its warning printed).')

    with self.argument_context('durabletask orchestration export') as c:
        c.argument('output_file', options_list=['--output-file', '-f'],
                   help='Append to this file (instances already in it are skipped, so an interrupted export is run again as is). Default: standard output.')
        c.argument('include_history', action='store_true', help='Add each instance\'s history events (`history`).')
        c.argument('include_payloads', action='store_true',
                   help='Add inputs, outputs and event payloads (they can be large).')

    with self.argument_context('durabletask orchestration rewind') as c:
        c.argument('reason', help='Why it is rewound: recorded in its history.')

    with self.argument_context('durabletask orchestration start') as c:
        c.argument('name', help='Orchestrator name, as the worker registered it.')
        c.argument('input_value', options_list=['--input'], help='Input as JSON (a string must be quoted: \'"text"\'), or @file.json.')
        c.argument('instance_id', instance_id_type, help='Instance id for the new orchestration. Default: a new unique id.')

    with self.argument_context('durabletask orchestration raise-event') as c:
        c.argument('event_name', help='Name of the event the orchestration waits for.', required=True)
        c.argument('event_data', help='Data sent with the event, as JSON or @file.json.')

    with self.argument_context('durabletask orchestration terminate') as c:
        c.argument('reason', help='Why it is terminated: becomes the orchestration\'s output.')

    with self.argument_context('durabletask orchestration restart') as c:
        c.argument('new_instance_id', action='store_true',
                   help='Run the restarted orchestration under a new instance id instead of reusing this one.')

    with self.argument_context('durabletask orchestration purge') as c:
        c.argument('instance_id', instance_id_type,
                   help='Purge this one finished orchestration. Or select many with the Filter options.')
        c.argument('status', nargs='+', arg_group='Filter',
                   help='Purge finished orchestrations in these statuses: Completed, Failed, Terminated, Canceled.')

    # --- entities: a task hub's durable entities, over gRPC (entity.py) ---
    with self.argument_context('durabletask entity') as c:
        c.argument('scheduler_name', dataplane_scheduler_name_type)
        c.argument('task_hub_name', dataplane_task_hub_type)
        c.argument('endpoint', endpoint_type)
        c.argument('connection_string', connection_string_type)
        c.argument('name', options_list=['--name', '-n'], help='Entity name, as the worker registered it (any case).')
        c.argument('key', options_list=['--key', '-k'], help='Entity key: which instance of the entity (e.g. a user id).')

    with self.argument_context('durabletask entity list') as c:
        # A list addresses no single resource: no --ids (azdev's no_ids_for_list_commands).
        c.argument('scheduler_name', dataplane_scheduler_name_type, id_part=None)
        c.argument('task_hub_name', dataplane_task_hub_type, id_part=None)
        c.argument('name', options_list=['--name', '-n'], help='Only entities with this name (all their keys).')
        c.argument('instance_id_prefix', options_list=['--instance-id-prefix', '--prefix'],
                   help='Only entities whose instance id (@name@key) starts with this text, e.g. @counter@eu-.')
        c.argument('last_modified_after', help='Only entities modified at or after this time: ISO 8601 or an age such as 30m, 1h, 2d.')
        c.argument('last_modified_before', help='Only entities modified before this time: ISO 8601 or an age such as 30m, 1h, 2d.')
        c.argument('include_state', action='store_true', help='Add each entity\'s state (`state`).')
        c.argument('include_transient', action='store_true',
                   help='Also list entities with operations pending and no state yet.')

    with self.argument_context('durabletask entity signal') as c:
        c.argument('operation', options_list=['--operation', '--op'], help='The entity operation to run, e.g. add.')
        c.argument('input_value', options_list=['--input'], help='Operation input as JSON (a string must be quoted: \'"text"\'), or @file.json.')
        c.argument('signal_time', options_list=['--signal-time', '--scheduled-time'],
                   help='Run the operation at this time instead of now: ISO 8601, or "in 10m" (s, m, h, d, w from now).')

    with self.argument_context('durabletask entity clean') as c:
        c.argument('keep_empty_entities', action='store_true', help='Do not remove entities that have no state.')
        c.argument('keep_orphaned_locks', action='store_true',
                   help='Do not release locks held by orchestrations that no longer exist.')

    # --- access: role assignments, connection strings, attach (access.py, connection.py, attach.py) ---
    from azext_durabletask._roles import PRINCIPAL_TYPES, ROLE_ALIASES
    from azext_durabletask.connection import AUTHENTICATION_TYPES
    role_help = ('Durable Task role: contributor (Durable Task Data Contributor: all data operations), worker (Durable Task Worker: '
                 'run orchestrations, activities and entities) or reader (Durable Task Data Reader: read, list, dashboard); '
                 'the full name or role definition id also work.')
    with self.argument_context('durabletask role-assignment') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, help='Name of the scheduler.')
        c.argument('task_hub_name', task_hub_option_type,
                   help='Name of a task hub: the role applies to that hub only (least privilege). Omit for the scheduler and all its hubs.')
        c.argument('role', help=role_help)
        c.argument('assignee', help='Who: a user (sign-in name or object id), a service principal (app id or object id) or a user-assigned managed identity (resource id). Default: you, the signed-in account.')
        c.argument('assignee_object_id', help='Object id of the principal. With --assignee-principal-type, Microsoft Graph is not called (for callers that may not read it).')
        c.argument('assignee_principal_type', options_list=['--assignee-principal-type', '--principal-type'],
                   arg_type=get_enum_type(PRINCIPAL_TYPES), help='Type of the principal given by --assignee-object-id.')

    with self.argument_context('durabletask role-assignment list') as c:
        c.argument('scheduler_name', parent_scheduler_name_type, id_part=None, help='Name of the scheduler.')
        c.argument('task_hub_name', task_hub_option_type, id_part=None,
                   help='Only assignments on this task hub. Omit for the scheduler and all its hubs.')
        c.argument('role', help='Only this role: ' + ', '.join(ROLE_ALIASES) + ', a full name or a role definition id.')
        c.argument('assignee', help='Only this principal: sign-in name, app id, object id or user-assigned identity resource id.')
        c.argument('assignee_object_id', help='Only this principal, by object id (no Microsoft Graph lookup).')
        c.argument('include_inherited', action='store_true',
                   help='Also list Durable Task roles assigned above (resource group, subscription), which apply here too.')

    with self.argument_context('durabletask role-assignment delete') as c:
        c.argument('resource_group_name', resource_group_name_type, required=False)
        c.argument('scheduler_name', parent_scheduler_name_type, id_part=None,
                   help='Name of the scheduler. Required unless --ids is given.')
        c.argument('task_hub_name', task_hub_option_type, id_part=None,
                   help='Name of the task hub whose assignment to delete. Omit for a scheduler-wide assignment.')
        c.argument('role', help='The role to take away. Required unless --ids is given. ' + role_help)
        c.argument('assignee', help='Whose role: sign-in name, app id, object id or user-assigned identity resource id. Default: you, the signed-in account.')
        c.argument('assignment_ids', options_list=['--ids'], nargs='+',
                   help='Ids of role assignments to delete, space-separated (the `id` that create and list print). Replaces the other options.')

    with self.argument_context('durabletask taskhub show-connection-string') as c:
        c.argument('authentication', options_list=['--auth', '--authentication'], arg_type=get_enum_type(AUTHENTICATION_TYPES),
                   default='DefaultAzure',
                   help='How the app signs in: DefaultAzure (tries all), ManagedIdentity (in Azure; add --client-id for a user-assigned one), WorkloadIdentity (Kubernetes), Environment, AzureCLI (your az login), None (local emulator only).')
        c.argument('client_id', help='Client id (not object id) of the user-assigned managed identity or the federated app, for --auth ManagedIdentity or WorkloadIdentity.')

    with self.argument_context('durabletask scheduler attach') as c:
        c.argument('scheduler_name', scheduler_name_type, id_part=None, help='Name of the scheduler.')
        c.argument('task_hub_name', task_hub_option_type, id_part=None, help='Name of the task hub the app uses.')
        c.argument('target', help='Resource id of the Function App (Microsoft.Web/sites) or Container App (Microsoft.App/containerApps) to connect.')
        c.argument('role_type', options_list=['--role-type', '--role'], arg_type=get_enum_type(ROLE_ALIASES),
                   help='Role to give the app: contributor (all data operations; what Azure Functions apps need), worker (run orchestrations only) or reader.')
        c.argument('identity', help='Resource id of a user-assigned managed identity to use (attached to the app if it is not yet). Default: the app\'s system-assigned identity.')
        c.argument('scope', arg_type=get_enum_type(['taskhub', 'scheduler']), default='taskhub',
                   help='Where the role applies: the task hub only (least privilege) or the whole scheduler.')

    # --- taskhub diagnose (diagnose.py) ---
    with self.argument_context('durabletask taskhub diagnose') as c:
        c.argument('assignee', help='Diagnose this principal\'s access instead of yours: a user (sign-in name or object id), a service principal (app id or object id) or a user-assigned managed identity (resource id).')
        c.argument('app', help='Resource id of a Function App (Microsoft.Web/sites) or Container App (Microsoft.App/containerApps): check its identity, role and settings.')
        c.argument('client_ip', help='Public IP address the caller connects from: checked against the scheduler\'s IP allow list.')
        c.argument('only_failures', action='store_true', help='Print only the checks that failed.')
