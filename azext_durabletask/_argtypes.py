# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Each option that recurs across commands, declared once (as the `load` extension's argtypes and webpubsub's
`webpubsub_name_type`). An area's `_params.py` section uses these and overrides only its help or `id_part`.

Option spellings of the public extension stay accepted: users' scripts call `--scheduler-name` and
`--task-hub-name`."""

from azure.cli.core.commands.parameters import CLIArgumentType

from azext_durabletask._lro import WAIT_INTERVAL_SECONDS

# A scheduler addressed by the command itself (`scheduler show -n`), with `--ids` filling it in.
scheduler_name_type = CLIArgumentType(
    options_list=['--name', '-n', '--scheduler-name'], id_part='name',
    help='Name of the scheduler: 3 to 64 letters, digits or hyphens.')

# The scheduler that holds the resource a command addresses (task hubs, retention policies, connections...).
parent_scheduler_name_type = CLIArgumentType(
    options_list=['--scheduler-name', '-s'], id_part='name',
    help='Name of the scheduler that holds it.')

# A task hub addressed by the command itself (`taskhub show -n`).
task_hub_name_type = CLIArgumentType(
    options_list=['--name', '-n', '--task-hub-name'], id_part='child_name_1',
    help='Name of the task hub: 3 to 64 letters, digits or hyphens.')

# A task hub named beside a scheduler by commands about something else (roles, attach, orchestrations).
TASK_HUB_OPTIONS = ['--task-hub-name', '--task-hub', '-t']
task_hub_option_type = CLIArgumentType(
    options_list=TASK_HUB_OPTIONS, id_part='child_name_1',
    help='Name of the task hub.')

tags_type = CLIArgumentType(
    nargs='*',
    help='Space-separated tags key=value, or the shorthand "{key:value,key2:value2}". Use "" or "{}" to clear.')

# Commands that confirm on their own terms (the prompt states what will happen) declare --yes themselves.
yes_type = CLIArgumentType(
    options_list=['--yes', '-y'], action='store_true', help='Do not prompt for confirmation.')

# Data-plane commands reach a task hub by -g/-s/--task-hub, or by one of these two (Task Hub Address).
endpoint_type = CLIArgumentType(
    arg_group='Task Hub Address',
    help='The scheduler\'s endpoint, instead of -g/-s: an `https://` URL (a token from your az login) or the DTS '
         'emulator\'s plain `http://` URL (no token). Needs --task-hub.')
connection_string_type = CLIArgumentType(
    arg_group='Task Hub Address',
    help='Instead of -g/-s: a connection string `Endpoint=URL;TaskHub=HUB;Authentication=TYPE`. '
         'Authentication=None for local backends; any other type uses your az login.')

# The scheduler and hub of the data-plane commands (orchestration, entity): the endpoint is read from the scheduler.
dataplane_scheduler_name_type = CLIArgumentType(
    options_list=['--scheduler-name', '-s'], id_part='name',
    help='Name of the scheduler that holds the task hub; its endpoint is read from Azure. Or give --endpoint or '
         '--connection-string.')
dataplane_task_hub_type = CLIArgumentType(
    options_list=['--task-hub', '--task-hub-name'], id_part='child_name_1',
    help='Name of the task hub. With --connection-string, only when the string has no TaskHub=.')

instance_id_type = CLIArgumentType(
    options_list=['--instance-id', '-i'], help='Instance id of the orchestration.')

# `wait --interval`: az's default of 30 s would notice completion up to 30 s late.
wait_interval_type = CLIArgumentType(
    type=int, default=WAIT_INTERVAL_SECONDS, arg_group='Wait Condition', help='Polling interval in seconds.')

# Managed identities (identity.py): `scheduler create/update` spell them as az's other resources do
# (--mi-system-assigned); `scheduler identity assign/remove` take the public extension's --system-assigned too.
system_assigned_type = CLIArgumentType(
    options_list=['--system-assigned', '--mi-system-assigned'], action='store_true', arg_group='Managed Identity',
    help="The scheduler's system-assigned managed identity.")
user_assigned_type = CLIArgumentType(
    options_list=['--user-assigned', '--mi-user-assigned'], nargs='*', arg_group='Managed Identity',
    help='Resource ids of user-assigned managed identities, space-separated ("[system]" stands for the '
         'system-assigned one).')

# Customer-managed keys (encryption.py).
key_vault_key_uri_type = CLIArgumentType(
    options_list=['--key-vault-key-uri'],
    help='URI of the Key Vault key that encrypts the scheduler\'s data: `https://<vault>.vault.azure.net/keys/<key>` '
         '(a version at the end pins it). An RSA 2048 or 3072 key in a vault with purge protection.')
grant_type = CLIArgumentType(
    options_list=['--grant'], action='store_true',
    help='Grant what is missing and can be granted: a system-assigned identity for the scheduler, and the Key Vault '
         'Crypto Service Encryption User role on the vault (or get/wrapKey/unwrapKey in its access policies).')

# --- what every long-running command and every list takes ------------------------------------------------------

# As az's aaz commands (and the public extension) take it: `--no-wait` alone, or with a value (`--no-wait true`).
_BOOLEAN_WORDS = {'true': True, 't': True, 'yes': True, 'y': True, '1': True,
                  'false': False, 'f': False, 'no': False, 'n': False, '0': False}


def _boolean(value):
    import argparse
    word = str(value).strip().lower()
    if word not in _BOOLEAN_WORDS:
        raise argparse.ArgumentTypeError(f"'{value}' is not true or false (also accepted: yes/no, y/n, t/f, 1/0)")
    return _BOOLEAN_WORDS[word]


no_wait_type = CLIArgumentType(
    options_list=['--no-wait'], action='store', nargs='?', const=True, type=_boolean,
    help='Do not wait for the long-running operation to finish. Also takes a value: --no-wait true|false.')

# az's paging convention (aaz commands): --max-items, and a warning with the token of the next page.
max_items_type = CLIArgumentType(
    arg_group='Pagination',
    help='Total number of items to return in the command\'s output. If more are available, a token is printed '
         '(as a warning); give it to --next-token to continue.')
next_token_type = CLIArgumentType(
    arg_group='Pagination',
    help='Token to specify where to start paginating: the token printed by a previous command with --max-items.')
