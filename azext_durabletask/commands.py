# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The command table: what exists and where it is implemented. Nothing heavy is imported here."""

from azure.cli.core.commands import CliCommandType

from azext_durabletask import _format
from azext_durabletask._client_factory import (
    cf_arm_json, cf_detectors, cf_durabletask, cf_failover_instances, cf_retention_policies, cf_schedulers,
    cf_task_hubs, cf_task_queues)
from azext_durabletask._validators import (
    check_ids_before_parsing, confirm_delete, confirm_failover_instance_delete, validate_attach, validate_detector,
    validate_diagnose, validate_entity, validate_entity_list, validate_entity_signal, validate_failover_create,
    validate_identity_change, validate_orchestration_bulk, validate_orchestration_event, validate_orchestration_export,
    validate_orchestration_instance, validate_orchestration_list, validate_orchestration_purge,
    validate_orchestration_start, validate_parent_scheduler_name, validate_private_endpoint_connection,
    validate_private_link_resource, validate_retention_create, validate_retention_update,
    validate_role_assignment_create, validate_role_assignment_delete, validate_role_assignment_list,
    validate_scheduler_create, validate_scheduler_list, validate_scheduler_name, validate_scheduler_update,
    validate_show_connection_string, validate_task_hub_create, validate_task_hub_list, validate_task_hub_names,
    validate_task_hub_target, validate_task_queue_create, validate_task_queue_names, validate_task_queue_update,
    validate_tde_check, validate_tde_create, validate_tde_update, with_common_checks)


def _custom(module, client_factory=None):
    return CliCommandType(operations_tmpl=f'azext_durabletask.{module}#{{}}', client_factory=client_factory,
                          transform=_format.as_output)


def _scheduler_delete_confirmation(cli_ctx):
    """The prompt names the task hubs that --delete-task-hubs deletes (a callable: az passes it the arguments)."""
    def confirm(command_args):
        from azext_durabletask.scheduler import delete_confirmation
        return delete_confirmation(cli_ctx, command_args)
    return confirm


def load_command_table(self, _):  # pylint: disable=too-many-statements
    with self.command_group('durabletask', is_preview=True):
        pass

    with self.command_group('durabletask scheduler', custom_command_type=_custom('scheduler', cf_schedulers),
                            client_factory=cf_schedulers) as g:
        g.custom_command('create', 'create_scheduler', supports_no_wait=True, validator=validate_scheduler_create)
        g.custom_show_command('show', 'show_scheduler', validator=validate_scheduler_name, client_factory=cf_arm_json,
                              table_transformer=_format.transform_scheduler)
        g.custom_command('list', 'list_schedulers', validator=validate_scheduler_list, client_factory=cf_arm_json,
                         table_transformer=_format.transform_scheduler_list)
        g.custom_command('update', 'update_scheduler', supports_no_wait=True, validator=validate_scheduler_update)
        g.custom_command('delete', 'delete_scheduler', supports_no_wait=True,
                         confirmation=_scheduler_delete_confirmation(self.cli_ctx), validator=validate_scheduler_name)
        g.custom_wait_command('wait', 'get_scheduler_for_wait', validator=validate_scheduler_name)
        g.custom_command('restart', 'restart_scheduler', validator=validate_scheduler_name, confirmation=(
            'Restart the scheduler? Running orchestrations, activities and entities are interrupted and resume from '
            'their last checkpoint.'))

    # Managed identities (2026-07-01).
    with self.command_group('durabletask scheduler identity', custom_command_type=_custom('identity', cf_schedulers),
                            client_factory=cf_schedulers) as g:
        g.custom_command('assign', 'assign_identity', supports_no_wait=True, validator=validate_identity_change,
                         table_transformer=_format.transform_identity)
        g.custom_command('remove', 'remove_identity', supports_no_wait=True, validator=validate_identity_change,
                         table_transformer=_format.transform_identity)
        g.custom_show_command('show', 'show_identity', validator=validate_scheduler_name, client_factory=cf_arm_json,
                              table_transformer=_format.transform_identity)
        g.custom_wait_command('wait', 'get_scheduler_for_wait', validator=validate_scheduler_name)

    # Encryption at rest, customer-managed keys (2026-07-01); the service client: checks read Key Vault via ARM.
    with self.command_group('durabletask scheduler transparent-data-encryption',
                            custom_command_type=_custom('encryption', cf_durabletask),
                            client_factory=cf_durabletask) as g:
        g.custom_command('create', 'create_tde', supports_no_wait=True, validator=validate_tde_create,
                         table_transformer=_format.transform_tde)
        g.custom_show_command('show', 'show_tde', validator=validate_parent_scheduler_name, client_factory=cf_arm_json,
                              table_transformer=_format.transform_tde)
        g.custom_command('update', 'update_tde', supports_no_wait=True, validator=validate_tde_update,
                         table_transformer=_format.transform_tde)
        g.custom_command('delete', 'delete_tde', supports_no_wait=True, confirmation=confirm_delete,
                         validator=validate_parent_scheduler_name)
        g.custom_wait_command('wait', 'get_tde_for_wait', validator=validate_parent_scheduler_name)
        g.custom_command('check', 'check_tde', validator=validate_tde_check,
                         table_transformer=_format.transform_encryption_check)

    with self.command_group('durabletask taskhub', custom_command_type=_custom('taskhub', cf_task_hubs),
                            client_factory=cf_task_hubs) as g:
        g.custom_command('create', 'create_task_hub', supports_no_wait=True, validator=validate_task_hub_create,
                         table_transformer=_format.transform_task_hub)
        g.custom_show_command('show', 'show_task_hub', validator=validate_task_hub_names, client_factory=cf_arm_json,
                              table_transformer=_format.transform_task_hub)
        g.custom_command('list', 'list_task_hubs', validator=validate_task_hub_list,
                         client_factory=cf_arm_json, table_transformer=_format.transform_task_hub_list)
        g.custom_command('delete', 'delete_task_hub', supports_no_wait=True, confirmation=confirm_delete,
                         validator=validate_task_hub_names)
        g.custom_wait_command('wait', 'get_task_hub_for_wait', validator=validate_task_hub_names)

    with self.command_group('durabletask retention-policy',
                            custom_command_type=_custom('retention', cf_retention_policies),
                            client_factory=cf_retention_policies) as g:
        g.custom_command('create', 'create_retention_policy', supports_no_wait=True,
                         validator=validate_retention_create, table_transformer=_format.transform_retention_policy)
        g.custom_show_command('show', 'show_retention_policy', validator=validate_parent_scheduler_name,
                              table_transformer=_format.transform_retention_policy)
        g.custom_command('list', 'list_retention_policies', validator=validate_parent_scheduler_name,
                         table_transformer=_format.transform_retention_policy_list)
        g.custom_command('update', 'update_retention_policy', supports_no_wait=True,
                         validator=validate_retention_update, table_transformer=_format.transform_retention_policy)
        g.custom_command('delete', 'delete_retention_policy', supports_no_wait=True, confirmation=confirm_delete,
                         validator=validate_parent_scheduler_name)
        g.custom_wait_command('wait', 'get_retention_policy_for_wait',
                              validator=validate_parent_scheduler_name)

    with self.command_group('durabletask scheduler private-endpoint-connection',
                            custom_command_type=_custom('network', cf_schedulers), client_factory=cf_schedulers) as g:
        g.custom_command('list', 'list_private_endpoint_connections', validator=validate_parent_scheduler_name,
                         table_transformer=_format.transform_private_endpoint_connection_list)
        g.custom_show_command('show', 'show_private_endpoint_connection',
                              validator=validate_private_endpoint_connection,
                              table_transformer=_format.transform_private_endpoint_connection)
        g.custom_command('approve', 'approve_private_endpoint_connection', supports_no_wait=True,
                         validator=validate_private_endpoint_connection,
                         table_transformer=_format.transform_private_endpoint_connection)
        g.custom_command('reject', 'reject_private_endpoint_connection', supports_no_wait=True,
                         validator=validate_private_endpoint_connection,
                         table_transformer=_format.transform_private_endpoint_connection)
        g.custom_command('delete', 'delete_private_endpoint_connection', supports_no_wait=True,
                         confirmation=confirm_delete,
                         validator=validate_private_endpoint_connection)
        g.custom_wait_command('wait', 'get_private_endpoint_connection_for_wait',
                              validator=validate_private_endpoint_connection)

    with self.command_group('durabletask scheduler private-link-resource',
                            custom_command_type=_custom('network', cf_schedulers), client_factory=cf_schedulers) as g:
        g.custom_command('list', 'list_private_link_resources', validator=validate_parent_scheduler_name,
                         table_transformer=_format.transform_private_link_resource_list)
        g.custom_show_command('show', 'show_private_link_resource', validator=validate_private_link_resource,
                              table_transformer=_format.transform_private_link_resource)

    # Preview (api-version 2026-07-01-preview): failover between regions, diagnostic detectors, task queues.
    with self.command_group('durabletask scheduler failover-instance', is_preview=True,
                            custom_command_type=_custom('failover', cf_failover_instances),
                            client_factory=cf_failover_instances) as g:
        g.custom_command('create', 'create_failover_instance', supports_no_wait=True,
                         validator=validate_failover_create, table_transformer=_format.transform_failover_instance)
        g.custom_show_command('show', 'show_failover_instance', validator=validate_parent_scheduler_name,
                              table_transformer=_format.transform_failover_instance)
        g.custom_command('list', 'list_failover_instances', validator=validate_parent_scheduler_name,
                         table_transformer=_format.transform_failover_instance_list)
        g.custom_command('delete', 'delete_failover_instance', supports_no_wait=True,
                         confirmation=confirm_failover_instance_delete,
                         validator=validate_parent_scheduler_name)
        g.custom_command('failover', 'failover', supports_no_wait=True, validator=validate_parent_scheduler_name,
                         table_transformer=_format.transform_failover_instance)
        # Its own --yes: it asks twice, and says what data may be lost.
        g.custom_command('force-failover', 'force_failover', supports_no_wait=True,
                         validator=validate_parent_scheduler_name,
                         table_transformer=_format.transform_failover_instance)
        g.custom_wait_command('wait', 'get_failover_instance_for_wait', validator=validate_parent_scheduler_name)

    with self.command_group('durabletask scheduler detector', is_preview=True,
                            custom_command_type=_custom('detector', cf_detectors), client_factory=cf_detectors) as g:
        g.custom_command('list', 'list_detectors', validator=validate_parent_scheduler_name,
                         table_transformer=_format.transform_detector_list)
        g.custom_show_command('show', 'show_detector', validator=validate_detector,
                              table_transformer=_format.transform_detector)

    with self.command_group('durabletask taskhub task-queue', is_preview=True,
                            custom_command_type=_custom('taskqueue', cf_task_queues),
                            client_factory=cf_task_queues) as g:
        g.custom_command('create', 'create_task_queue', supports_no_wait=True, validator=validate_task_queue_create,
                         table_transformer=_format.transform_task_queue)
        g.custom_show_command('show', 'show_task_queue', validator=validate_task_queue_names,
                              table_transformer=_format.transform_task_queue)
        g.custom_command('list', 'list_task_queues', validator=validate_task_queue_names,
                         table_transformer=_format.transform_task_queue_list)
        g.custom_command('update', 'update_task_queue', supports_no_wait=True, validator=validate_task_queue_update,
                         table_transformer=_format.transform_task_queue)
        g.custom_command('delete', 'delete_task_queue', supports_no_wait=True, confirmation=confirm_delete,
                         validator=validate_task_queue_names)
        g.custom_wait_command('wait', 'get_task_queue_for_wait', validator=validate_task_queue_names)

    # Data plane: a task hub's orchestration instances, over gRPC (no ARM client; the endpoint may come from ARM).
    with self.command_group('durabletask orchestration', custom_command_type=_custom('orchestration')) as g:
        g.custom_command('list', 'list_orchestrations', validator=validate_orchestration_list,
                         table_transformer=_format.transform_orchestration_list)
        g.custom_show_command('show', 'show_orchestration', validator=validate_orchestration_instance,
                              table_transformer=_format.transform_orchestration)
        g.custom_command('history', 'show_orchestration_history', validator=validate_orchestration_instance,
                         table_transformer=_format.transform_orchestration_history)
        g.custom_command('start', 'start_orchestration', validator=validate_orchestration_start,
                         table_transformer=_format.transform_orchestration)
        g.custom_command('raise-event', 'raise_orchestration_event', validator=validate_orchestration_event,
                         table_transformer=_format.transform_bulk_summary)
        g.custom_command('suspend', 'suspend_orchestration', validator=validate_orchestration_bulk,
                         table_transformer=_format.transform_bulk_summary)
        g.custom_command('resume', 'resume_orchestration', validator=validate_orchestration_bulk,
                         table_transformer=_format.transform_bulk_summary)
        g.custom_command('terminate', 'terminate_orchestration', validator=validate_orchestration_bulk,
                         table_transformer=_format.transform_bulk_summary)
        g.custom_command('restart', 'restart_orchestration', validator=validate_orchestration_bulk,
                         table_transformer=_format.transform_orchestration_or_summary)
        g.custom_command('rewind', 'rewind_orchestration', validator=validate_orchestration_bulk,
                         table_transformer=_format.transform_orchestration_or_summary)
        # Its own --yes: the prompt comes after validation and says what will be purged.
        g.custom_command('purge', 'purge_orchestrations', validator=validate_orchestration_purge,
                         table_transformer=_format.transform_bulk_summary)
        g.custom_command('export', 'export_orchestrations', validator=validate_orchestration_export)

    # Data plane: a task hub's durable entities, over the same gRPC protocol.
    with self.command_group('durabletask entity', custom_command_type=_custom('entity')) as g:
        g.custom_command('list', 'list_entities', validator=validate_entity_list,
                         table_transformer=_format.transform_entity_list)
        g.custom_show_command('show', 'show_entity', validator=validate_entity,
                              table_transformer=_format.transform_entity)
        g.custom_command('signal', 'signal_entity', validator=validate_entity_signal)
        g.custom_command('clean', 'clean_entities', validator=validate_task_hub_target)

    # Access: Durable Task roles (no keys exist), connection details, and attaching apps in one command.
    with self.command_group('durabletask role-assignment', custom_command_type=_custom('access')) as g:
        g.custom_command('create', 'create_role_assignment', validator=validate_role_assignment_create,
                         table_transformer=_format.transform_role_assignment)
        g.custom_command('list', 'list_role_assignments', validator=validate_role_assignment_list,
                         table_transformer=_format.transform_role_assignment_list)
        g.custom_command('delete', 'delete_role_assignment', confirmation=confirm_delete,
                         validator=validate_role_assignment_delete)

    with self.command_group('durabletask taskhub', custom_command_type=_custom('connection')) as g:
        g.custom_command('show-connection-string', 'show_connection_string',
                         validator=validate_show_connection_string,
                         table_transformer=_format.transform_connection_details)

    # Why an app or a person cannot use a task hub: every check in one table (exit code 1 when one fails).
    with self.command_group('durabletask taskhub', custom_command_type=_custom('diagnose')) as g:
        g.custom_command('diagnose', 'diagnose_task_hub', validator=validate_diagnose,
                         table_transformer=_format.transform_diagnose)

    with self.command_group('durabletask scheduler', custom_command_type=_custom('attach')) as g:
        g.custom_command('attach', 'attach_scheduler', validator=validate_attach,
                         table_transformer=_format.transform_attach)

    # Every command first refuses a repeated option, a bad -g and --ids of another resource type (issue 11).
    for command in self.command_table.values():
        command.validator = with_common_checks(command.validator)
    # --ids of another type, before az core parses ids into names (it would fail without naming --ids).
    from knack.events import EVENT_INVOKER_PRE_PARSE_ARGS
    self.cli_ctx.register_event(EVENT_INVOKER_PRE_PARSE_ARGS, check_ids_before_parsing)
