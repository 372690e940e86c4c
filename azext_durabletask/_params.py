# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
# pylint: disable=line-too-long, too-many-statements
"""Arguments. Option names of the public extension keep working (users' scripts use them)."""

from azure.cli.core.commands.parameters import get_enum_type, get_location_type, resource_group_name_type
from azure.cli.core.commands.validators import get_default_location_from_resource_group


def load_arguments(self, _):
    with self.argument_context('durabletask') as c:
        c.argument('resource_group_name', resource_group_name_type)

    with self.argument_context('durabletask scheduler') as c:
        c.argument('scheduler_name', options_list=['--name', '-n', '--scheduler-name'], id_part='name',
                   help='Name of the scheduler: 3 to 64 letters, digits or hyphens.')
        c.argument('sku_name', arg_type=get_enum_type(['Dedicated', 'Consumption']),
                   help='Pricing plan. Dedicated runs on reserved capacity units; Consumption scales by itself.')
        c.argument('sku_capacity', help='Capacity units of a Dedicated scheduler (default 1; 3 for high availability). Not for Consumption.')
        c.argument('ip_allowlist', nargs='+',
                   help='IPv4/IPv6 addresses or CIDR ranges allowed to connect, space-separated or "[a,b]". Default on create: 0.0.0.0/0 (any address; callers still need a role).')
        c.argument('public_network_access', arg_type=get_enum_type(['Enabled', 'Disabled']),
                   help='Whether the scheduler is reachable from public networks. Disabled leaves only private endpoints.')
        c.argument('tags', nargs='*',
                   help='Space-separated tags key=value, or the shorthand "{key:value,key2:value2}". Use "" or "{}" to clear.')

    with self.argument_context('durabletask scheduler create') as c:
        c.argument('scheduler_name', options_list=['--name', '-n', '--scheduler-name'], id_part=None,
                   help='Name of the new scheduler: 3 to 64 letters, digits or hyphens.')
        c.argument('location', arg_type=get_location_type(self.cli_ctx), validator=get_default_location_from_resource_group)

    with self.argument_context('durabletask scheduler list') as c:
        c.argument('resource_group_name', resource_group_name_type, required=False,
                   help='List only the schedulers in this resource group. Default: the whole subscription.')

    with self.argument_context('durabletask taskhub') as c:
        c.argument('scheduler_name', options_list=['--scheduler-name', '-s'], id_part='name',
                   help='Name of the scheduler that holds the task hub.')
        c.argument('task_hub_name', options_list=['--name', '-n', '--task-hub-name'], id_part='child_name_1',
                   help='Name of the task hub: 3 to 64 letters, digits or hyphens.')

    with self.argument_context('durabletask taskhub create') as c:
        c.argument('scheduler_name', options_list=['--scheduler-name', '-s'], id_part=None,
                   help='Name of the scheduler that will hold the task hub.')
        c.argument('task_hub_name', options_list=['--name', '-n', '--task-hub-name'], id_part=None,
                   help='Name of the new task hub: 3 to 64 letters, digits or hyphens.')

    with self.argument_context('durabletask taskhub list') as c:
        c.argument('scheduler_name', options_list=['--scheduler-name', '-s'], id_part=None)

    # --- retention policies (retention.py) ---
    with self.argument_context('durabletask retention-policy') as c:
        c.argument('scheduler_name', options_list=['--scheduler-name', '-s'], id_part='name',
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
        c.argument('scheduler_name', options_list=['--scheduler-name', '-s'], id_part=None,
                   help='Name of the scheduler the policy belongs to. An existing policy is replaced.')

    with self.argument_context('durabletask retention-policy list') as c:
        c.argument('scheduler_name', options_list=['--scheduler-name', '-s'], id_part=None)

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
