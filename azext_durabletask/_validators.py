# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Input checks. Each runs before any request and raises an error that names the flag and the rule."""
# One module on purpose: every check az runs before a request, found in one place (see CONTRIBUTING.md).
# pylint: disable=too-many-lines

from types import SimpleNamespace

from azure.cli.core.azclierror import (InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                       RequiredArgumentMissingError)

from azext_durabletask._resource import NAME_PATTERN, NAME_RULE

OPEN_ALLOWLIST = ['0.0.0.0/0']


def shown(value, limit=80):
    """A value as an error message quotes it: long ones shortened, so the error stays one readable line."""
    text = str(value)
    return text if len(text) <= limit else f'{text[:limit - 20]}...({len(text)} characters)'


def whole_number(value):
    """The int written as ASCII digits in `value` (at most 9: no huge numbers), else None. str.isdigit() is not
    enough: it accepts '²' and other digits int() refuses."""
    import re
    text = str(value).strip()
    return int(text) if re.fullmatch('[0-9]{1,9}', text) else None


# --- checks every command runs first (commands.py wraps each command's validator in `with_common_checks`) -----

# ARM's resource group rule: letters, digits and - _ . ( ), up to 90, not ending in a period.
_RESOURCE_GROUP = r'[-\w._()]{1,90}'


def with_common_checks(validator=None):
    """A command validator that first runs the checks every command needs (repeated options, `-g`, `--ids`), then
    `validator` (given `cmd` and/or `namespace`, as az core calls it)."""
    def validate(cmd, namespace):
        check_repeated_options(cmd)
        check_resource_group(namespace)
        check_ids_type(cmd, namespace)
        if validator is not None:
            from azure.cli.core.util import get_arg_list  # what az core uses to call a validator
            arguments = get_arg_list(validator)
            validator(**{name: value for name, value in (('cmd', cmd), ('namespace', namespace))
                         if name in arguments})
    return validate


def check_ids_before_parsing(_, args=None, **__):
    """A handler of az's EVENT_INVOKER_PRE_PARSE_ARGS: `--ids` values of another type, refused before az core turns
    them into names. Core fails on an id that lacks a part the command needs ('Argument --name cannot be derived')
    without naming --ids; an id with more parts passes core and is caught by check_ids_type."""
    from azext_durabletask._resource import ids_of_other_types, ids_types_for
    words = list(args or [])
    if not words or words[0] != 'durabletask' or '--ids' not in words:
        return
    command = ' '.join(word for word in words[:words.index(next(w for w in words if w.startswith('-')))])
    expected = ids_types_for(command)
    if not expected:
        return
    ids, collecting = [], False
    for word in words:
        if word == '--ids':
            collecting = True
        elif word.startswith('-'):
            collecting = False
        elif collecting and not word.lstrip().startswith(('[', '{')):  # JSON piped from another command: az's
            ids.extend(word.split())
    wrong = ids_of_other_types(ids, expected)
    if wrong:
        check_ids_type(SimpleNamespace(name=command), SimpleNamespace(_ids=[wrong[0][0]]))


# az's global options that take a value (not command arguments, so not in cmd.arguments): twice is as ambiguous.
_GLOBAL_VALUED_OPTIONS = (('_output', ('--output', '-o')), ('_query', ('--query',)))


def check_repeated_options(cmd):
    """Refuse an option given twice (argparse keeps the last one silently: `-n a -n b` would act on b). Aliases count
    as the same option (`-n a --name b`). az core keeps the option words of the command line in `safe_params`."""
    given = (cmd.cli_ctx.data or {}).get('safe_params') or []
    arguments = getattr(cmd, 'arguments', None) or {}
    option_to_dest = {option: dest for dest, options in _GLOBAL_VALUED_OPTIONS for option in options}
    for dest, argument in arguments.items():
        for option in argument.type.settings.get('options_list') or []:
            if isinstance(option, str):
                option_to_dest[option] = dest
    seen = {}
    for option in given:
        dest = option_to_dest.get(option)
        if dest is None:
            continue
        if dest in seen:
            first = seen[dest]
            also = '' if first == option else f' (also as {first})'
            raise MutuallyExclusiveArgumentError(
                f'{option} is given twice{also}: give it once (with several values where it takes them).')
        seen[dest] = option
    # --ids says which resource(s) on its own: az core would ignore -n/-s/-g with a warning and act on the ids.
    if '--ids' in given:
        named = [option for dest, option in seen.items()
                 if dest in arguments and arguments[dest].type.settings.get('id_part')]
        if named:
            raise MutuallyExclusiveArgumentError(f"--ids names the resource itself: omit {', '.join(named)}, or omit "
                                                 "--ids.")


def check_resource_group(namespace):
    """`-g ""` would list the whole subscription, and `-g a/b` would change the request's path: refuse both."""
    group = getattr(namespace, 'resource_group_name', None)
    if group is None or not isinstance(group, str):
        return
    import re
    if not re.fullmatch(_RESOURCE_GROUP, group) or group.endswith('.'):
        hint = ' (omit -g to mean all groups, where a command allows it)' if not group.strip() else ''
        raise InvalidArgumentValueError(
            f"--resource-group '{shown(group)}' is not a resource group name: use 1 to 90 letters, digits, or "
            f"- _ . ( ), not ending in a period{hint}.")


def check_ids_type(cmd, namespace):
    """Each `--ids` value must be the type the command addresses (see _resource.IDS_TYPES), before any request."""
    from azext_durabletask._resource import ids_of_other_types, ids_types_for
    ids = getattr(namespace, '_ids', None)
    expected = ids_types_for(getattr(cmd, 'name', ''))
    if not ids or not expected:
        return
    wrong = ids_of_other_types(ids, expected)
    if wrong:
        resource_id, kind = wrong[0]
        tail = resource_id if len(resource_id) <= 100 else '...' + resource_id[-97:]  # the end says what it is
        found = f'the id of a {kind}' if kind else 'not a resource id'
        raise InvalidArgumentValueError(
            f"--ids '{tail}' is {found}: this command takes the id of a {' or a '.join(expected)}.")


# --- confirmation of deletes and purges ----------------------------------------------------------------------

def has_terminal():
    """Whether a prompt can be answered: standard input open and a terminal (a pipeline has neither)."""
    import sys
    try:
        return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()
    except (OSError, ValueError):
        return False


def no_terminal_error(what):
    return RequiredArgumentMissingError(f'{what}: there is no terminal to confirm on (standard input is closed or not '
                                        'a terminal). Add --yes to go ahead without asking.')


def confirm_delete(command_args):
    """The `confirmation` of every delete command (az core calls it unless --yes is given): the prompt names what
    goes; without a terminal it fails in one line with the --yes hint instead of a traceback or 'cancelled'."""
    keys = ('scheduler_name', 'task_hub_name', 'task_queue_name', 'private_endpoint_connection_name', 'role')
    names = [str(command_args[key]) for key in keys if command_args.get(key) is not None]
    group = command_args.get('resource_group_name')
    where = f" in resource group '{group}'" if group else ''
    what = f"Delete {'/'.join(names) or 'it'}{where}"
    if command_args.get('assignment_ids'):
        what = f"Delete {len(command_args['assignment_ids'])} role assignment(s)"
    return _confirm(what)


def confirm_failover_instance_delete(command_args):
    """`scheduler failover-instance delete`: the prompt says what goes (the pairing, not the scheduler)."""
    return _confirm(f"Remove the failover instance of scheduler '{command_args.get('scheduler_name')}' in resource "
                    f"group '{command_args.get('resource_group_name')}' (it stops replicating to its partner)")


def _confirm(what):
    from knack.prompting import NoTTYException, prompt_y_n
    if not has_terminal():
        raise no_terminal_error(what)
    try:
        return prompt_y_n(f'{what}? This cannot be undone.')
    except NoTTYException:
        raise no_terminal_error(what) from None


# --- names -------------------------------------------------------------------------------------------------

def check_name(value, flag, kind):
    if value is None:
        return
    if not NAME_PATTERN.fullmatch(value):
        raise InvalidArgumentValueError(
            f"{flag} '{shown(value)}' is not a valid {kind} name: use {NAME_RULE}. (The 3-45 alphanumeric rule of "
            "Durable Functions' Azure Storage backend does not apply to Durable Task Scheduler.)")


def name_validator(dest, flag, kind):
    """A validator that checks the name in `namespace.<dest>` (given as `flag`) against the service's rule."""
    def validate(namespace):
        check_name(getattr(namespace, dest, None), flag, kind)
    return validate


validate_scheduler_name = name_validator('scheduler_name', '--name', 'scheduler')
validate_parent_scheduler_name = name_validator('scheduler_name', '--scheduler-name', 'scheduler')
_validate_task_hub_name = name_validator('task_hub_name', '--name', 'task hub')


def validate_task_hub_names(namespace):
    validate_parent_scheduler_name(namespace)
    _validate_task_hub_name(namespace)


# --- SKU (the name is canonical already: az's enum type accepts any case) ---------------------------------

def parse_capacity(value, flag='--sku-capacity'):
    """Capacity units as an int in the service's range (scheduler.py owns it), or None when not given."""
    from azext_durabletask.scheduler import MAX_CAPACITY, MIN_CAPACITY
    if value is None:
        return None
    number = whole_number(value)
    if number is None or not MIN_CAPACITY <= number <= MAX_CAPACITY:
        raise InvalidArgumentValueError(
            f"{flag} '{shown(value)}' is not a capacity: use a whole number of capacity units from {MIN_CAPACITY} to "
            f"{MAX_CAPACITY} (3 for high availability).")
    return number


def validate_sku(namespace):
    """The capacity a Dedicated create gets when none is given (1) is chosen by create itself: a create that meets
    an existing scheduler keeps its capacity."""
    namespace.sku_capacity = parse_capacity(namespace.sku_capacity)
    if namespace.sku_name == 'Consumption' and namespace.sku_capacity is not None:
        raise MutuallyExclusiveArgumentError(
            '--sku-capacity does not apply to the Consumption SKU: it scales by itself and is billed per '
            'action. Omit --sku-capacity, or use --sku-name Dedicated.')


# --- allow list ----------------------------------------------------------------------------------------------

def parse_ip_allowlist(values, flag='--ip-allowlist'):
    """Space-separated values, or the bracketed form "[10.0.0.0/8,2001:db8::/32]"; None when not given."""
    import ipaddress
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    entries = []
    for value in values:
        text = value.strip()
        if text.startswith('[') and text.endswith(']'):
            text = text[1:-1]
        entries.extend(e.strip().strip('"\'') for e in text.replace(',', ' ').split())
    if not entries:
        raise InvalidArgumentValueError(
            f'{flag} is empty: an empty allow list blocks every caller. Give at least one IP address or CIDR range '
            '(0.0.0.0/0 allows any address).')
    for entry in entries:
        if '%' in entry:  # an IPv6 zone id (fe80::1%eth0) names a local interface: nothing a service can match
            raise InvalidArgumentValueError(f"{flag}: '{shown(entry)}' has a zone id (%...): drop it, the allow list "
                                            "takes addresses and CIDR ranges only.")
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise InvalidArgumentValueError(
                f"{flag}: '{shown(entry)}' is not an IPv4 or IPv6 address or CIDR range (e.g. 203.0.113.7, "
                "10.0.0.0/8, 2001:db8::/32).") from None
        if '/' in entry and network.network_address != ipaddress.ip_address(entry.split('/')[0]):
            raise InvalidArgumentValueError(
                f"{flag}: '{shown(entry)}' has host bits set, so the range it means is unclear: use {network} (the "
                f"whole range) or {entry.split('/')[0]} (the one address).")
    return entries


# --- tags ----------------------------------------------------------------------------------------------------

def parse_tags(values, flag='--tags'):
    """`k=v k2=v2`, or the shorthand "{k:v,k2:v2}"; "{}" and `""` clear the tags. None when not given."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    text = ' '.join(values).strip()
    if text in ('', '{}', '""', "''"):
        return {}
    if text.startswith('{'):
        if not text.endswith('}'):
            raise InvalidArgumentValueError(
                f"{flag} '{text}' is not valid shorthand: use \"{{key:value,key2:value2}}\" or key=value pairs.")
        pairs, separator = text[1:-1].split(','), ':'
    else:
        pairs, separator = values, '='
    tags = {}
    for pair in pairs:
        pair = pair.strip()
        if not pair:
            continue
        key, found, value = pair.partition(separator)
        key = key.strip().strip('"\'')
        if not key:
            raise InvalidArgumentValueError(f"{flag}: '{shown(pair)}' has no key: use key{separator}value.")
        if not found and separator == ':':
            raise InvalidArgumentValueError(f"{flag}: '{shown(pair)}' has no value: use key:value.")
        if key.lower() in (name.lower() for name in tags):  # ARM tag names ignore case: the second would win
            raise InvalidArgumentValueError(f"{flag}: tag '{shown(key)}' is given twice: give each tag once.")
        tags[key] = value.strip().strip('"\'')
    check_tag_limits(tags, flag)
    return tags


def check_tag_limits(tags, flag='--tags'):
    """ARM's limits on tags (scheduler.py holds them): refused here rather than by the service after a request."""
    from azext_durabletask.scheduler import MAX_TAG_NAME, MAX_TAG_VALUE, MAX_TAGS, TAG_NAME_FORBIDDEN
    if len(tags) > MAX_TAGS:
        raise InvalidArgumentValueError(f'{flag}: {len(tags)} tags given; a resource takes at most {MAX_TAGS}.')
    for key, value in tags.items():
        if len(key) > MAX_TAG_NAME:
            raise InvalidArgumentValueError(
                f"{flag}: tag name '{shown(key, 40)}' is longer than {MAX_TAG_NAME} characters.")
        forbidden = sorted({char for char in key if char in TAG_NAME_FORBIDDEN})
        if forbidden:
            raise InvalidArgumentValueError(f"{flag}: tag name '{shown(key, 40)}' contains {' '.join(forbidden)}: tag "
                                            f"names cannot contain any of {' '.join(TAG_NAME_FORBIDDEN)}.")
        if len(value) > MAX_TAG_VALUE:
            raise InvalidArgumentValueError(
                f"{flag}: the value of tag '{shown(key, 40)}' is longer than {MAX_TAG_VALUE} characters.")


# --- whole commands ------------------------------------------------------------------------------------------

def validate_scheduler_create(cmd, namespace):
    validate_scheduler_name(namespace)
    if not namespace.sku_name:
        raise RequiredArgumentMissingError('--sku-name is required: Dedicated or Consumption.')
    validate_sku(namespace)
    namespace.ip_allowlist = parse_ip_allowlist(namespace.ip_allowlist)
    namespace.tags = parse_tags(namespace.tags)
    validate_identity_options(namespace)
    # Last: it reads the resource group (a request) when --location is omitted; bad input never gets this far.
    # A command-level validator replaces az's per-argument ones, so this one is called here.
    from azure.cli.core.commands.validators import get_default_location_from_resource_group
    get_default_location_from_resource_group(cmd, namespace)


def validate_scheduler_update(namespace):
    validate_scheduler_name(namespace)
    validate_sku(namespace)
    namespace.ip_allowlist = parse_ip_allowlist(namespace.ip_allowlist)
    namespace.tags = parse_tags(namespace.tags)
    validate_identity_options(namespace)
    # --set/--add/--remove arrive, in order, in `ordered_arguments` (az's generic update action)
    if all(getattr(namespace, name, None) in (None, False) for name in
           ('sku_name', 'sku_capacity', 'ip_allowlist', 'public_network_access', 'tags', 'mi_system_assigned',
            'mi_user_assigned', 'ordered_arguments')):
        raise RequiredArgumentMissingError(
            'Nothing to update: give at least one of --ip-allowlist, --sku-name, --sku-capacity, '
            '--public-network-access, --tags, --mi-system-assigned, --mi-user-assigned, --set, --add, --remove.')


# --- managed identities (identity.py) ----------------------------------------------------------------------

def check_user_assigned_ids(values, flag):
    """Each value is a user-assigned identity's resource id, or '[system]'."""
    from azext_durabletask._roles import is_identity_id
    from azext_durabletask.identity import SYSTEM_ELEMENT
    for value in values or []:
        if value.strip().lower() != SYSTEM_ELEMENT and not is_identity_id(value.strip()):
            raise InvalidArgumentValueError(
                f"{flag} '{shown(value)}' is not the resource id of a user-assigned identity (/subscriptions/<id>/"
                "resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>; az identity "
                "show --query id -o tsv). Use --system-assigned for the scheduler's own identity.")


def validate_identity_options(namespace):
    """`scheduler create/update`: --mi-user-assigned ids."""
    check_user_assigned_ids(getattr(namespace, 'mi_user_assigned', None), '--mi-user-assigned')


def validate_identity_change(namespace):
    """`scheduler identity assign/remove`: a scheduler name and at least one identity."""
    validate_scheduler_name(namespace)
    check_user_assigned_ids(namespace.user_assigned, '--user-assigned')
    if not namespace.system_assigned and namespace.user_assigned is None:
        raise RequiredArgumentMissingError(
            'Give --system-assigned, --user-assigned <identity id> ..., or both.')


# --- encryption at rest (encryption.py) and task hub capabilities (taskhub.py) -------------------------------

def check_key_uri(value, flag='--key-vault-key-uri'):
    from azext_durabletask.encryption import KEY_URI_RULE, parse_key_uri
    if value is not None and parse_key_uri(value) is None:
        raise InvalidArgumentValueError(f"{flag} '{shown(value)}' is not a Key Vault key URI: use {KEY_URI_RULE}.")


def _validate_key_source(namespace, creating):
    from azext_durabletask.encryption import CUSTOMER_MANAGED, MICROSOFT_MANAGED
    validate_parent_scheduler_name(namespace)
    check_key_uri(namespace.key_vault_key_uri)
    if namespace.key_source == CUSTOMER_MANAGED and creating and not namespace.key_vault_key_uri:
        raise RequiredArgumentMissingError('--key-vault-key-uri is required with --key-source CustomerManaged: '
                                           'https://<vault>.vault.azure.net/keys/<key>.')
    if namespace.key_source == MICROSOFT_MANAGED and namespace.key_vault_key_uri:
        raise MutuallyExclusiveArgumentError('--key-vault-key-uri applies only to --key-source CustomerManaged.')
    if namespace.key_source == MICROSOFT_MANAGED and namespace.grant:
        raise MutuallyExclusiveArgumentError('--grant applies only to customer-managed keys.')


def validate_tde_create(namespace):
    _validate_key_source(namespace, creating=True)


def validate_tde_update(namespace):
    _validate_key_source(namespace, creating=False)
    if namespace.key_source is None and namespace.key_vault_key_uri is None:
        raise RequiredArgumentMissingError('Nothing to update: give --key-source, --key-vault-key-uri or both.')


def validate_tde_check(namespace):
    validate_parent_scheduler_name(namespace)
    check_key_uri(namespace.key_vault_key_uri)


def validate_task_hub_create(namespace):
    validate_task_hub_names(namespace)
    values = namespace.capabilities
    if values is not None:
        names = [v.strip() for value in values for v in value.strip('[]').replace(',', ' ').split()]
        if not names:
            raise InvalidArgumentValueError('--capabilities is empty: give one or more capability names.')
        namespace.capabilities = list(dict.fromkeys(names))


# --- retention policies --------------------------------------------------------------------------------------

# The public extension's options, in the order rules are sent: (flag, namespace dest, orchestrationState; None is
# the default rule, for every state without its own).
RETENTION_OPTIONS = (
    ('--default-days', 'default_days', None),
    ('--completed-days', 'completed_days', 'Completed'),
    ('--failed-days', 'failed_days', 'Failed'),
    ('--terminated-days', 'terminated_days', 'Terminated'),
    ('--canceled-days', 'canceled_days', 'Canceled'),
)
RETENTION_STATES = ('Default', 'Completed', 'Failed', 'Terminated', 'Canceled')
MAX_RETENTION_DAYS = {'Dedicated': 90, 'Consumption': 30}
CONSUMPTION_MAX_RETENTION_DAYS = MAX_RETENTION_DAYS['Consumption']
_DAYS_RULE = 'a whole number of days from 0 (purge as soon as possible) to 90 (30 on the Consumption SKU)'


def parse_retention_days(value, flag):
    """Days as an int in 0..90, or None when not given. Unlike the public extension, a non-integer is refused,
    never dropped."""
    if value is None:
        return None
    days = whole_number(value)
    if days is None or days > MAX_RETENTION_DAYS['Dedicated']:
        raise InvalidArgumentValueError(f"{flag} '{shown(value)}' is not a retention period: use {_DAYS_RULE}.")
    return days


def check_retention_days_for_sku(days_by_flag, sku_name, scheduler_name):
    """Refuse [(flag, days)] above the maximum of the scheduler's SKU (an unknown SKU is left to the service)."""
    # str() of the SDK's enum is 'SchedulerSkuName.CONSUMPTION': compare and name the SKU by its value.
    sku = getattr(sku_name, 'value', sku_name) or ''
    name, limit = next(((name, days) for name, days in MAX_RETENTION_DAYS.items() if name.lower() == sku.lower()),
                       (None, None))
    for flag, days in days_by_flag:
        if limit is not None and days > limit:
            raise InvalidArgumentValueError(
                f"{flag} {days}: scheduler '{scheduler_name}' uses the {name} SKU, which keeps orchestrations at most "
                f"{limit} days. Use 0 to {limit}.")


def _parse_retention_options(namespace):
    for flag, dest, _ in RETENTION_OPTIONS:
        setattr(namespace, dest, parse_retention_days(getattr(namespace, dest, None), flag))
    return [flag for flag, dest, _ in RETENTION_OPTIONS if getattr(namespace, dest) is not None]


def validate_retention_create(namespace):
    validate_parent_scheduler_name(namespace)
    if not _parse_retention_options(namespace):
        raise RequiredArgumentMissingError(
            'Give at least one of --default-days, --completed-days, --failed-days, --terminated-days, --canceled-days.')


def validate_retention_update(namespace):
    validate_parent_scheduler_name(namespace)
    given = _parse_retention_options(namespace)
    removed = [state.lower() for state in namespace.remove or []]
    if not given and not removed:
        raise RequiredArgumentMissingError(
            'Nothing to update: give at least one of --default-days, --completed-days, --failed-days, '
            '--terminated-days, --canceled-days, --remove.')
    for flag in given:
        if flag[2:].split('-')[0] in removed:
            raise MutuallyExclusiveArgumentError(
                f"{flag} and --remove {flag[2:].split('-')[0]} contradict each other: set the rule or remove it, "
                "not both.")


# --- private endpoint connections ----------------------------------------------------------------------------

def validate_private_endpoint_connection(cmd, namespace):
    """--id (the option az's other private-endpoint-connection commands take), or -g, -s and -n."""
    from azext_durabletask._resource import PRIVATE_ENDPOINT_CONNECTION_TYPE, ids_of_other_types, parse_id
    connection_id = getattr(namespace, 'connection_id', None)
    if connection_id:
        parts = parse_id(connection_id) or {}
        if ids_of_other_types([connection_id], [PRIVATE_ENDPOINT_CONNECTION_TYPE]):
            raise InvalidArgumentValueError(
                f"--id '{shown(connection_id)}' is not the id of a scheduler's private endpoint connection: use "
                "/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.DurableTask/schedulers/<scheduler>/"
                "privateEndpointConnections/<name>.")
        named = [flag for flag, dest in (('--scheduler-name', 'scheduler_name'),
                                         ('--name', 'private_endpoint_connection_name'))
                 if getattr(namespace, dest, None)]
        if named:
            raise MutuallyExclusiveArgumentError(f"--id names the connection itself: omit {', '.join(named)}, or omit "
                                                 "--id.")
        # --id wins over -g (a configured default group must not make it an error).
        namespace.resource_group_name = parts['resource_group']
        namespace.scheduler_name = parts['name']
        namespace.private_endpoint_connection_name = parts['child_name_1']
        cmd.cli_ctx.data['subscription_id'] = parts['subscription']
    if hasattr(namespace, 'connection_id'):
        del namespace.connection_id
    missing = [flag for flag, dest in (('--resource-group', 'resource_group_name'),
                                       ('--scheduler-name', 'scheduler_name'),
                                       ('--name', 'private_endpoint_connection_name'))
               if not getattr(namespace, dest, None)]
    if missing:
        raise RequiredArgumentMissingError(
            f"Give --id, or all of --resource-group, --scheduler-name and --name (missing: {', '.join(missing)}).")
    validate_parent_scheduler_name(namespace)
    check_child_name(namespace.private_endpoint_connection_name, '--name', 'private endpoint connection')


def check_child_name(value, flag, kind):
    """Names the service makes (private endpoint connections, private link resources) have no published rule, but
    each is one segment of the request's path: no '/', no spaces or control characters, not empty."""
    import re
    if value is not None and not re.fullmatch(r'[^/\\?#%\s]{1,260}', value):
        raise InvalidArgumentValueError(f"{flag} '{shown(value)}' is not a {kind} name: it cannot be empty or contain "
                                        "/ \\ ? # % or spaces.")


def validate_private_link_resource(namespace):
    validate_parent_scheduler_name(namespace)
    check_child_name(getattr(namespace, 'private_link_resource_name', None), '--name', 'private link resource')


# --- orchestrations (the task hub's data plane; orchestration.py) --------------------------------------------

ORCHESTRATION_STATUSES = ('Running', 'Completed', 'ContinuedAsNew', 'Failed', 'Canceled', 'Terminated', 'Pending',
                          'Suspended')
FINISHED_ORCHESTRATION_STATUSES = ('Completed', 'Failed', 'Terminated', 'Canceled')
_AGE_UNITS = {'s': 1, 'm': 60, 'h': 3600, 'd': 86400, 'w': 604800}


def validate_task_hub_target(namespace):
    """One way to reach the task hub: -g/-s/--task-hub (or --ids), --endpoint with --task-hub, or
    --connection-string. (-g alone may come from `az config` defaults, so it never conflicts.)"""
    from azext_durabletask._dataplane import parse_connection_string, parse_endpoint
    connection_string, endpoint = namespace.connection_string, namespace.endpoint
    scheduler, hub = namespace.scheduler_name, namespace.task_hub_name
    if connection_string and (endpoint or scheduler):
        where = '--endpoint' if endpoint else '-s/--scheduler-name'
        raise MutuallyExclusiveArgumentError(f'--connection-string already says where the task hub is: drop {where}.')
    if endpoint and scheduler:
        raise MutuallyExclusiveArgumentError('--endpoint and -s/--scheduler-name both say where the task hub is: '
                                             'give one.')
    if connection_string:
        named = parse_connection_string(connection_string).task_hub
        if named and hub and named.lower() != hub.lower():
            raise MutuallyExclusiveArgumentError(f"--task-hub '{hub}' contradicts TaskHub={named} in "
                                                 "--connection-string: give one.")
        if not (named or hub):
            raise RequiredArgumentMissingError('--task-hub is required: --connection-string has no TaskHub=.')
    elif endpoint:
        parse_endpoint(endpoint)
        if not hub:
            raise RequiredArgumentMissingError('--task-hub is required with --endpoint (the DTS emulator\'s is '
                                               '"default").')
    elif scheduler:
        if not namespace.resource_group_name or not hub:
            missing = '-g/--resource-group' if not namespace.resource_group_name else '--task-hub'
            raise RequiredArgumentMissingError(f'{missing} is required with -s/--scheduler-name.')
        check_name(scheduler, '--scheduler-name', 'scheduler')
        check_name(hub, '--task-hub', 'task hub')
    else:
        raise RequiredArgumentMissingError(
            'Say which task hub: -g <group> -s <scheduler> --task-hub <hub>, or --endpoint <url> --task-hub <hub>, '
            'or --connection-string "Endpoint=<url>;TaskHub=<hub>;Authentication=DefaultAzure".')


def parse_statuses(values, flag='--status', allowed=ORCHESTRATION_STATUSES):
    """Status names in any case, with or without hyphens ('continued-as-new'); None when not given."""
    if not values:
        return None
    by_key = {name.lower(): name for name in allowed}
    statuses = []
    for value in ([values] if isinstance(values, str) else values):
        for item in value.replace(',', ' ').split():
            name = by_key.get(item.replace('-', '').replace('_', '').lower())
            if name is None:
                raise InvalidArgumentValueError(f"{flag} '{item}' is not a status here: use {', '.join(allowed)}.")
            if name not in statuses:
                statuses.append(name)
    return statuses


def parse_time(value, flag):
    """ISO 8601 (no zone means UTC), or an age such as 30m, 1h, 2d, 1w (that long ago). An aware UTC datetime within
    what the service's timestamps hold (years 1 to 9999)."""
    import re
    from datetime import datetime, timedelta, timezone
    if value is None:
        return None
    text = value.strip()
    age = re.fullmatch(r'(\d{1,12}(?:\.\d{1,9})?)\s*([smhdw])', text, re.IGNORECASE)
    try:
        if age:
            return datetime.now(timezone.utc) - timedelta(
                seconds=float(age.group(1)) * _AGE_UNITS[age.group(2).lower()])
        moment = datetime.fromisoformat(text)
        return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
    except OverflowError:
        raise InvalidArgumentValueError(f"{flag} '{shown(value)}' is out of range: use a time between the years 1 "
                                        "and 9999, or a shorter age.") from None
    except ValueError:
        raise InvalidArgumentValueError(
            f"{flag} '{shown(value)}' is not a time: use ISO 8601 (2026-05-01T12:00:00Z; no zone means UTC) or an "
            "age such as 30m, 1h, 2d.") from None


def check_message_size(value, flag):
    """Refuse text the data plane would refuse for its size (gRPC's message limit), before connecting."""
    from azext_durabletask._dataplane import MAX_MESSAGE_BYTES, MESSAGE_OVERHEAD_BYTES
    size = len(value.encode('utf-8', errors='replace')) if isinstance(value, str) else 0
    if size > MAX_MESSAGE_BYTES - MESSAGE_OVERHEAD_BYTES:
        raise InvalidArgumentValueError(f"{flag} is {size:,} bytes: the data plane takes messages up to "
                                        f"{MAX_MESSAGE_BYTES // (1024 * 1024)} MiB (with the request's other fields). "
                                        "Pass a reference to the data instead.")


def parse_json_value(value, flag):
    """JSON text (az reads `@file` arguments for us); the parsed value, None when not given."""
    import json
    if value is None:
        return None
    if value.startswith('@'):  # az reads @file itself and leaves the text as it is when it cannot
        raise InvalidArgumentValueError(
            f"{flag}: cannot read the file '{shown(value[1:])}' (no such file, or not readable).")
    check_message_size(value, flag)

    def refuse_constant(name):  # Python's json accepts NaN and Infinity; JSON, and the SDKs reading it, do not
        raise ValueError(f'{name} is not JSON')
    try:
        return json.loads(value, parse_constant=refuse_constant)
    except (ValueError, RecursionError) as ex:
        reason = ' '.join(str(ex).split())[:80] if not isinstance(ex, RecursionError) else 'nested too deeply'
        raise InvalidArgumentValueError(
            f"{flag} is not valid JSON ({reason}). Quote a string as JSON ('\"text\"'), or give @file.json.") from None


# Bounds of the positions a --next-token holds: a protobuf Timestamp (years 1 to 9999, nanos below a second).
_TOKEN_MAX_SECONDS = 253402300799


def _next_token_fields(token, flag='--next-token'):
    import base64
    import binascii
    import json
    try:
        fields = json.loads(base64.urlsafe_b64decode(token + '=' * (-len(token) % 4)))
        seconds, nanos, instance_id = fields[:3]
        window = fields[3] if len(fields) == 4 else None

        def whole(number):  # bool is an int to Python, never to us
            return isinstance(number, int) and not isinstance(number, bool)
        if not (whole(seconds) and whole(nanos) and isinstance(instance_id, str) and len(fields) in (3, 4)
                and 0 <= seconds <= _TOKEN_MAX_SECONDS and 0 <= nanos < 10 ** 9 and 0 < len(instance_id) <= 1024
                and (window is None or (whole(window) and window > 0))):
            raise ValueError(token)
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise InvalidArgumentValueError(f'{flag} is not a token printed by `az durabletask orchestration list`: copy '
                                        'it from its last warning.') from None
    return seconds, nanos, instance_id, window


def parse_next_token(token, flag='--next-token'):
    """(seconds, nanos, instance id) from a token printed by `orchestration list`."""
    return _next_token_fields(token, flag)[:3]


def next_token_window(token):
    """The creation-time window width (nanoseconds) a token carries, or None."""
    return _next_token_fields(token)[3] if token else None


def parse_duration(value, flag):
    """A duration such as 30m, 2h, 1d, 1w (s, m, h, d, w) as a timedelta."""
    import re
    from datetime import timedelta
    if value is None:
        return None
    match = re.fullmatch(r'(\d+(?:\.\d+)?)\s*([smhdw])', value.strip(), re.IGNORECASE)
    if not match or float(match.group(1)) <= 0:
        raise InvalidArgumentValueError(f"{flag} '{value}' is not a duration: use a number and a unit, such as 30m, "
                                        "2h, 1d (s, m, h, d, w).")
    return timedelta(seconds=float(match.group(1)) * _AGE_UNITS[match.group(2).lower()])


def _validate_time_window(namespace):
    namespace.created_after = parse_time(namespace.created_after, '--created-after')
    namespace.created_before = parse_time(namespace.created_before, '--created-before')
    if namespace.created_after and namespace.created_before and namespace.created_after >= namespace.created_before:
        raise InvalidArgumentValueError('--created-after must be earlier than --created-before.')


def validate_orchestration_instance(namespace):
    validate_task_hub_target(namespace)
    if not (namespace.instance_id or '').strip():
        raise RequiredArgumentMissingError('-i/--instance-id must not be empty.')
    check_message_size(getattr(namespace, 'reason', None), '--reason')


def _validate_selection(namespace, statuses=ORCHESTRATION_STATUSES):
    """The list filters, checked and parsed: status, creation and last-update windows, --stuck."""
    if hasattr(namespace, 'status'):
        namespace.status = parse_statuses(namespace.status, allowed=statuses)
    if hasattr(namespace, 'created_after'):
        _validate_time_window(namespace)
    stuck = getattr(namespace, 'stuck', None)
    if stuck is not None:
        namespace.stuck = parse_duration(stuck, '--stuck')
        others = [status for status in getattr(namespace, 'status', None) or [] if status not in ('Pending', 'Running')]
        if others:
            raise InvalidArgumentValueError(f"--stuck selects Pending or Running orchestrations; --status "
                                            f"{' '.join(others)} cannot be stuck: drop it or use Pending/Running.")
    if hasattr(namespace, 'last_updated_after'):
        namespace.last_updated_after = parse_time(namespace.last_updated_after, '--last-updated-after')
        namespace.last_updated_before = parse_time(namespace.last_updated_before, '--last-updated-before')
        if namespace.last_updated_after and namespace.last_updated_before and \
                namespace.last_updated_after >= namespace.last_updated_before:
            raise InvalidArgumentValueError('--last-updated-after must be earlier than --last-updated-before.')
    prefix = getattr(namespace, 'instance_id_prefix', None)
    if prefix is not None and not prefix.strip():
        raise InvalidArgumentValueError('--instance-id-prefix must not be empty: omit it to select every id.')


_SELECTION_FLAGS = (('--status', 'status'), ('--created-after', 'created_after'),
                    ('--created-before', 'created_before'), ('--name', 'name'),
                    ('--instance-id-prefix', 'instance_id_prefix'), ('--stuck', 'stuck'),
                    ('--last-updated-after', 'last_updated_after'), ('--last-updated-before', 'last_updated_before'))


def validate_orchestration_list(namespace):
    validate_task_hub_target(namespace)
    _validate_selection(namespace)
    if namespace.max_items is not None:
        number = whole_number(namespace.max_items)
        if number is None or number < 1:
            raise InvalidArgumentValueError(
                f"--max-items '{shown(namespace.max_items)}' must be a whole number, 1 or more.")
        namespace.max_items = number
    if namespace.next_token:
        parse_next_token(namespace.next_token)


def validate_orchestration_export(namespace):
    validate_task_hub_target(namespace)
    _validate_selection(namespace)
    if namespace.output_file is not None:
        import os
        if not namespace.output_file.strip() or os.path.isdir(namespace.output_file):
            raise InvalidArgumentValueError(f"--output-file '{namespace.output_file}' must name a file (it is appended "
                                            "to; instances already in it are skipped).")
        folder = os.path.dirname(os.path.abspath(namespace.output_file))
        if not os.path.isdir(folder):
            raise InvalidArgumentValueError(f"--output-file: the folder '{folder}' does not exist.")


def _one_or_many(namespace, one_instance, missing):
    """-i for one instance or the selection filters for many, never both, never neither; --max-concurrency 1-64."""
    filters = [flag for flag, dest in _SELECTION_FLAGS if getattr(namespace, dest, None)]
    if namespace.instance_id is not None:
        if filters:
            raise MutuallyExclusiveArgumentError(f"-i/--instance-id {one_instance}; {', '.join(filters)} select "
                                                 "many: give one or the other.")
        if not namespace.instance_id.strip():
            raise RequiredArgumentMissingError('-i/--instance-id must not be empty.')
    elif not filters:
        raise RequiredArgumentMissingError(missing)
    number = whole_number(getattr(namespace, 'max_concurrency', 8))
    if number is None or not 1 <= number <= 64:
        raise InvalidArgumentValueError(
            f"--max-concurrency '{shown(namespace.max_concurrency)}' must be a whole number from 1 to 64.")
    namespace.max_concurrency = number


def validate_orchestration_bulk(namespace):
    """-i for one instance, or the list filters for many (with --dry-run, --yes, --max-concurrency)."""
    validate_task_hub_target(namespace)
    _validate_selection(namespace)
    _one_or_many(namespace, 'acts on one instance',
                 'Say which orchestrations: -i/--instance-id, or filters such as --status, --created-after, --name, '
                 '--instance-id-prefix, --stuck.')
    check_message_size(getattr(namespace, 'reason', None), '--reason')
    # Many instances are confirmed on a prompt (after counting them): without a terminal, say so before connecting.
    if namespace.instance_id is None and not getattr(namespace, 'yes', False) and \
            not getattr(namespace, 'dry_run', False) and not has_terminal():
        raise no_terminal_error('Acting on the selected orchestrations')


def validate_orchestration_start(namespace):
    validate_task_hub_target(namespace)
    if not (namespace.name or '').strip():
        raise RequiredArgumentMissingError('--name must name the orchestrator (as the worker registered it).')
    if namespace.instance_id is not None and not namespace.instance_id.strip():
        raise InvalidArgumentValueError('-i/--instance-id must not be empty: omit it to get a new id.')
    namespace.input_value = parse_json_value(namespace.input_value, '--input')


def validate_orchestration_event(namespace):
    validate_orchestration_bulk(namespace)
    if not (namespace.event_name or '').strip():
        raise RequiredArgumentMissingError('--event-name must not be empty.')
    namespace.event_data = parse_json_value(namespace.event_data, '--event-data')


def validate_orchestration_purge(namespace):
    validate_task_hub_target(namespace)
    namespace.status = parse_statuses(namespace.status)
    unfinished = [status for status in namespace.status or [] if status not in FINISHED_ORCHESTRATION_STATUSES]
    if unfinished:
        raise InvalidArgumentValueError(f"--status {' '.join(unfinished)}: only finished orchestrations "
                                        f"({', '.join(FINISHED_ORCHESTRATION_STATUSES)}) can be purged; terminate the "
                                        "others first.")
    _validate_time_window(namespace)
    _one_or_many(namespace, 'purges one instance',
                 'Say what to purge: -i/--instance-id, or at least one of --status, --created-after, --created-before, '
                 '--name, --instance-id-prefix (every finished orchestration: --status Completed Failed Terminated).')
    # Before connecting: the prompt comes later. A dry run asks nothing.
    if not getattr(namespace, 'yes', False) and not getattr(namespace, 'dry_run', False) and not has_terminal():
        raise no_terminal_error('Purge')


# --- entities (entity.py) --------------------------------------------------------------------------------------

def _check_entity_name(value, flag='--name'):
    if not (value or '').strip() or '@' in value:
        raise InvalidArgumentValueError(f"{flag} '{value or ''}' is not an entity name: give the name the worker "
                                        "registered, without '@'.")


def validate_entity(namespace):
    validate_task_hub_target(namespace)
    _check_entity_name(namespace.name)
    if namespace.key is None or not namespace.key.strip():
        raise RequiredArgumentMissingError('--key must not be empty: the entity\'s key (e.g. the id of its user or '
                                           'account).')


def validate_entity_list(namespace):
    validate_task_hub_target(namespace)
    if namespace.name is not None:
        _check_entity_name(namespace.name)
        if namespace.instance_id_prefix:
            raise MutuallyExclusiveArgumentError('--name and --instance-id-prefix both filter by id: give one '
                                                 '(the ids are @name@key).')
    if namespace.instance_id_prefix is not None and not namespace.instance_id_prefix.strip():
        raise InvalidArgumentValueError('--instance-id-prefix must not be empty: omit it to list every entity.')
    namespace.last_modified_after = parse_time(namespace.last_modified_after, '--last-modified-after')
    namespace.last_modified_before = parse_time(namespace.last_modified_before, '--last-modified-before')
    if namespace.last_modified_after and namespace.last_modified_before and \
            namespace.last_modified_after >= namespace.last_modified_before:
        raise InvalidArgumentValueError('--last-modified-after must be earlier than --last-modified-before.')


def validate_entity_signal(namespace):
    validate_entity(namespace)
    if not (namespace.operation or '').strip():
        raise RequiredArgumentMissingError('--operation must name the entity operation to run.')
    namespace.input_value = parse_json_value(namespace.input_value, '--input')
    text = namespace.signal_time
    if text is not None and text.strip().lower().startswith('in '):
        namespace.signal_time = _parse_later(text)
    else:
        namespace.signal_time = parse_time(text, '--signal-time')


def _parse_later(value):
    """'in 10m': that long from now."""
    if value is None:
        return None
    from datetime import datetime, timezone
    return datetime.now(timezone.utc) + parse_duration(value.strip()[3:], '--signal-time')


# --- access: role assignments, connection strings, attach (access.py, connection.py, attach.py) --------------

_IDENTITY_ID_FORM = ('/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/'
                     'userAssignedIdentities/<name>')


def _validate_scope_names(namespace, scheduler_flag='--scheduler-name'):
    check_name(namespace.scheduler_name, scheduler_flag, 'scheduler')
    check_name(namespace.task_hub_name, '--task-hub-name', 'task hub')


def _validate_assignee(namespace):
    from azext_durabletask._roles import is_guid, is_identity_id
    assignee, object_id = namespace.assignee, namespace.assignee_object_id
    if assignee and object_id:
        raise MutuallyExclusiveArgumentError('--assignee and --assignee-object-id both name the principal: give one.')
    if getattr(namespace, 'assignee_principal_type', None) and not object_id:
        raise RequiredArgumentMissingError('--assignee-principal-type goes with --assignee-object-id.')
    if object_id is not None and not is_guid(object_id):
        raise InvalidArgumentValueError(f"--assignee-object-id '{shown(object_id)}' is not an object id (a GUID).")
    if object_id is not None and not object_id.strip('0-'):
        # No principal has the empty GUID: the grant would wait minutes for it to "replicate".
        raise InvalidArgumentValueError(f"--assignee-object-id {object_id} is the empty GUID, a placeholder: give the "
                                        "principal's object id.")
    if assignee is not None and not assignee.strip():
        raise InvalidArgumentValueError('--assignee is empty: omit it to grant yourself, the signed-in account.')
    if assignee and assignee.strip().startswith('/') and not is_identity_id(assignee):
        raise InvalidArgumentValueError(f"--assignee '{assignee}' is a resource id but not a user-assigned "
                                        f"identity's: use {_IDENTITY_ID_FORM}.")


def validate_role_assignment_create(namespace):
    from azext_durabletask._roles import resolve_role
    _validate_scope_names(namespace)
    namespace.role = resolve_role(namespace.role)
    _validate_assignee(namespace)


def validate_role_assignment_list(namespace):
    from azext_durabletask._roles import resolve_role
    _validate_scope_names(namespace)
    namespace.role = resolve_role(namespace.role) if namespace.role else None
    _validate_assignee(namespace)


def validate_role_assignment_delete(namespace):
    from azext_durabletask._resource import SCHEDULER_TYPE, TASK_HUB_TYPE, ids_of_other_types, parse_role_assignment_id
    from azext_durabletask._roles import resolve_role
    if namespace.assignment_ids:
        others = [flag for flag, dest in (('--scheduler-name', 'scheduler_name'), ('--task-hub-name', 'task_hub_name'),
                                          ('--role', 'role'), ('--assignee', 'assignee'),
                                          ('--assignee-object-id', 'assignee_object_id')) if getattr(namespace, dest)]
        if others:
            raise MutuallyExclusiveArgumentError(f"--ids names the assignments itself: omit {', '.join(others)}.")
        from azext_durabletask._roles import is_guid
        for assignment_id in namespace.assignment_ids:
            parsed = parse_role_assignment_id(assignment_id)
            if parsed is None:
                raise InvalidArgumentValueError(
                    f"--ids '{shown(assignment_id)}' is not a role assignment on a scheduler or task hub "
                    "(<scheduler or task hub id>/providers/Microsoft.Authorization/roleAssignments/<name>).")
            if not is_guid(parsed[1]):
                raise InvalidArgumentValueError(f"--ids: role assignment name '{shown(parsed[1])}' is not a GUID: copy "
                                                "the id that role-assignment list prints.")
            if ids_of_other_types([parsed[0]], [SCHEDULER_TYPE, TASK_HUB_TYPE]):
                raise InvalidArgumentValueError(f"--ids '{shown(assignment_id)}' is not on a scheduler or task hub: "
                                                "this command deletes Durable Task role assignments only.")
        return
    missing = [flag for flag, dest in (('--resource-group', 'resource_group_name'),
                                       ('--scheduler-name', 'scheduler_name'), ('--role', 'role'))
               if not getattr(namespace, dest)]
    if missing:
        raise RequiredArgumentMissingError(f"Give --ids, or {' and '.join(missing)} (with --task-hub-name for a task "
                                           "hub, --assignee for someone other than you).")
    _validate_scope_names(namespace)
    namespace.role = resolve_role(namespace.role)
    _validate_assignee(namespace)


def validate_show_connection_string(namespace):
    from azext_durabletask._roles import is_guid
    from azext_durabletask.connection import (AUTHENTICATION_TYPES, CLIENT_ID_AUTHENTICATION_TYPES,
                                              normalize_authentication)
    validate_task_hub_names(namespace)
    authentication = normalize_authentication(namespace.authentication)
    if authentication is None:
        raise InvalidArgumentValueError(f"--auth '{namespace.authentication}' is not an authentication type: use "
                                        f"{', '.join(AUTHENTICATION_TYPES)}.")
    namespace.authentication = authentication
    if namespace.client_id is not None:
        if authentication not in CLIENT_ID_AUTHENTICATION_TYPES:
            raise MutuallyExclusiveArgumentError(
                f"--client-id applies only to --auth {' or '.join(CLIENT_ID_AUTHENTICATION_TYPES)}.")
        if not is_guid(namespace.client_id):
            raise InvalidArgumentValueError(f"--client-id '{namespace.client_id}' is not a client id (a GUID).")


def validate_attach(namespace):
    from azext_durabletask._resource import parse_app_id
    from azext_durabletask._roles import is_identity_id, resolve_role
    _validate_scope_names(namespace, scheduler_flag='--name')
    if parse_app_id(namespace.target) is None:
        raise InvalidArgumentValueError(
            f"--target '{namespace.target}' is not a Function App or Container App id: use "
            "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Web/sites/<name> or "
            ".../Microsoft.App/containerApps/<name>.")
    namespace.role_type = resolve_role(namespace.role_type, '--role-type')
    if namespace.identity is not None and not is_identity_id(namespace.identity):
        raise InvalidArgumentValueError(
            f"--identity '{namespace.identity}' is not a user-assigned identity id: use {_IDENTITY_ID_FORM}.")


# --- taskhub diagnose (diagnose.py) --------------------------------------------------------------------------

def validate_diagnose(namespace):
    import ipaddress
    from azext_durabletask._resource import parse_app_id
    validate_task_hub_names(namespace)
    if namespace.app is not None and namespace.assignee is not None:
        raise MutuallyExclusiveArgumentError('--app and --assignee both name who is diagnosed: give one.')
    if namespace.app is not None and parse_app_id(namespace.app) is None:
        raise InvalidArgumentValueError(
            f"--app '{shown(namespace.app)}' is not a Function App or Container App id: use "
            "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Web/sites/<name> or "
            ".../Microsoft.App/containerApps/<name>.")
    if namespace.assignee is not None and not namespace.assignee.strip():
        raise InvalidArgumentValueError('--assignee is empty: give a sign-in name, app id, object id or '
                                        'user-assigned identity id.')
    if namespace.client_ip is not None:
        try:
            network = ipaddress.ip_network(namespace.client_ip.strip(), strict=False)
        except ValueError:
            network = None
        if network is None or '/' in namespace.client_ip and network.num_addresses > 1:
            raise InvalidArgumentValueError(
                f"--client-ip '{shown(namespace.client_ip)}' is not an IP address: use e.g. 203.0.113.7.")
        namespace.client_ip = str(network.network_address)


# --- paging (az's --max-items / --next-token) -----------------------------------------------------------------

def validate_paging(namespace):
    """--max-items: a whole number, 1 or more; --next-token: a token a command printed (decoded here)."""
    max_items = getattr(namespace, 'max_items', None)
    if max_items is not None:
        number = whole_number(max_items)
        if number is None or number < 1:
            raise InvalidArgumentValueError(f"--max-items '{shown(max_items)}' is not a number of items: use a whole "
                                            "number, 1 or more.")
        namespace.max_items = number
    token = getattr(namespace, 'next_token', None)
    if token is not None:
        from azext_durabletask._client_factory import decode_page_token
        try:
            namespace.next_token = decode_page_token(token)
        except ValueError:
            raise InvalidArgumentValueError(f"--next-token '{shown(token)}' is not a token of a next page: copy it "
                                            "from the 'Token of next page' warning of a command run with "
                                            "--max-items.") from None


def validate_scheduler_list(namespace):
    validate_paging(namespace)


def validate_task_hub_list(namespace):
    validate_parent_scheduler_name(namespace)
    validate_paging(namespace)


# --- preview groups: failover instances, detectors, task queues -------------------------------------------------

def validate_failover_create(cmd, namespace):
    """--partner-scheduler-id: a scheduler's resource id, or the name of a scheduler in the same resource group."""
    from azext_durabletask._resource import current_subscription, parse_id, scheduler_id
    validate_parent_scheduler_name(namespace)
    partner = (namespace.partner_scheduler_id or '').strip()
    if '/' not in partner:
        check_name(partner, '--partner-scheduler-id', 'scheduler')
        partner = scheduler_id(current_subscription(cmd.cli_ctx), namespace.resource_group_name, partner)
    parts = parse_id(partner)
    if not parts or parts.get('child_name_1') or (parts.get('namespace') or '').lower() != 'microsoft.durabletask' \
            or (parts.get('type') or '').lower() != 'schedulers':
        raise InvalidArgumentValueError(
            f"--partner-scheduler-id '{shown(namespace.partner_scheduler_id)}' is not a scheduler: give its resource "
            "id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.DurableTask/schedulers/<name>) or "
            "the name of a scheduler in the same resource group.")
    if parts['name'].lower() == (namespace.scheduler_name or '').lower() \
            and parts['resource_group'].lower() == (namespace.resource_group_name or '').lower():
        raise InvalidArgumentValueError('--partner-scheduler-id names the scheduler itself: a failover partner is '
                                        'another scheduler, in another region.')
    namespace.partner_scheduler_id = partner


def validate_detector(namespace):
    validate_parent_scheduler_name(namespace)
    name = getattr(namespace, 'detector_name', None)
    if name is not None and (not name.strip() or '/' in name):
        raise InvalidArgumentValueError(f"--name '{shown(name)}' is not a detector id: list them with "
                                        "az durabletask scheduler detector list.")


_validate_task_hub_option = name_validator('task_hub_name', '--task-hub', 'task hub')
_validate_task_queue_name = name_validator('task_queue_name', '--name', 'task queue')


def validate_task_queue_names(namespace):
    validate_parent_scheduler_name(namespace)
    _validate_task_hub_option(namespace)
    _validate_task_queue_name(namespace)


def _parse_actions_per_second(namespace, required):
    value = getattr(namespace, 'actions_per_second', None)
    if value is None:
        if required:
            raise RequiredArgumentMissingError('--actions-per-second is required: how many work items per second '
                                               'the queue hands out.')
        return
    number = whole_number(value)
    if number is None or number < 1:
        raise InvalidArgumentValueError(f"--actions-per-second '{shown(value)}' is not a throughput: use a whole "
                                        "number of actions per second, 1 or more.")
    namespace.actions_per_second = number


def validate_task_queue_create(namespace):
    validate_task_queue_names(namespace)
    _parse_actions_per_second(namespace, required=True)


def validate_task_queue_update(namespace):
    validate_task_queue_names(namespace)
    _parse_actions_per_second(namespace, required=False)
    if namespace.actions_per_second is None:
        raise RequiredArgumentMissingError('Nothing to update: give --actions-per-second.')
