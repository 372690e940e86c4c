# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask scheduler: create, show, list, update, delete, restart."""

from knack.log import get_logger

from azext_durabletask._errors import service_errors
from azext_durabletask._existing import check_not_busy, read_existing
from azext_durabletask._lro import run_lro
from azext_durabletask._validators import OPEN_ALLOWLIST

logger = get_logger(__name__)


def build_scheduler(location, sku_name, sku_capacity=None,  # pylint: disable=too-many-positional-arguments
                    ip_allowlist=None, public_network_access=None, tags=None, identity=None):
    """The PUT body: only writable fields, no capacity for Consumption; `identity` a ManagedServiceIdentity."""
    from azure.mgmt.durabletask.models import Scheduler, SchedulerProperties, SchedulerSku
    sku = SchedulerSku(name=sku_name, capacity=sku_capacity if sku_name != 'Consumption' else None)
    properties = SchedulerProperties(ip_allowlist=ip_allowlist, sku=sku, public_network_access=public_network_access)
    return Scheduler(location=location, tags=tags, properties=properties, identity=identity)


def build_scheduler_update(sku_name=None, sku_capacity=None, ip_allowlist=None, public_network_access=None,
                           tags=None, *, identity=None):
    """The PATCH body: exactly the fields given, nothing else."""
    from azure.mgmt.durabletask.models import SchedulerPropertiesUpdate, SchedulerSkuUpdate, SchedulerUpdate
    properties = {}
    if sku_name is not None or sku_capacity is not None:
        properties['sku'] = SchedulerSkuUpdate(name=sku_name, capacity=sku_capacity)
    if ip_allowlist is not None:
        properties['ip_allowlist'] = ip_allowlist
    if public_network_access is not None:
        properties['public_network_access'] = public_network_access
    update = SchedulerUpdate(properties=SchedulerPropertiesUpdate(**properties) if properties else None)
    if tags is not None:
        update.tags = tags
    if identity is not None:
        update.identity = identity
    return update


# Limits the service and ARM set (see the project's notes, "Limits and rules"): checked before any request.
MIN_CAPACITY, MAX_CAPACITY = 1, 3
SCHEDULER_QUOTA = {'Dedicated': 25, 'Consumption': 10}  # per region and subscription
MAX_TAGS, MAX_TAG_NAME, MAX_TAG_VALUE = 50, 512, 256
TAG_NAME_FORBIDDEN = '<>%&\\?/'


def create_scheduler(cmd, client, resource_group_name, scheduler_name, sku_name, *, location=None, sku_capacity=None,
                     ip_allowlist=None, public_network_access=None, tags=None, mi_system_assigned=False,
                     mi_user_assigned=None, no_wait=False):
    from azext_durabletask.identity import requested_identity
    existing = read_existing(lambda: client.get(resource_group_name, scheduler_name))
    if existing is not None:
        if mi_system_assigned or mi_user_assigned:
            logger.warning("Scheduler '%s' already exists: --mi-system-assigned/--mi-user-assigned are not applied to "
                           "it (that would replace its identities); use az durabletask scheduler identity assign.",
                           scheduler_name)
        given = {'location': location, 'sku_name': sku_name, 'sku_capacity': sku_capacity,
                 'ip_allowlist': ip_allowlist, 'public_network_access': public_network_access, 'tags': tags}
        return _create_over_existing(cmd, client, existing, resource_group_name, scheduler_name, given=given,
                                     no_wait=no_wait)
    if sku_name == 'Dedicated' and sku_capacity is None:
        sku_capacity = MIN_CAPACITY
    if ip_allowlist is None:
        ip_allowlist = OPEN_ALLOWLIST
        logger.warning("No --ip-allowlist given: the scheduler accepts connections from any address (0.0.0.0/0); "
                       "callers still need a Durable Task role. To restrict it: az durabletask scheduler update "
                       "-g %s -n %s --ip-allowlist <CIDR> ...", resource_group_name, scheduler_name)
    body = build_scheduler(location, sku_name, sku_capacity, ip_allowlist, public_network_access, tags,
                           identity=requested_identity(mi_system_assigned, mi_user_assigned))
    return run_lro(cmd, lambda **polling: client.begin_create_or_update(resource_group_name, scheduler_name, body,
                                                                        **polling),
                   no_wait, message=f"Creating scheduler '{scheduler_name}'",
                   recommendations=_create_hints(sku_name, location))


def _create_hints(sku_name, location):
    """Hints for a create that the service refused, naming what was hit."""
    quota = SCHEDULER_QUOTA.get(sku_name)
    hints = {
        'resourcegroupnotfound': 'The resource group does not exist: create it first: az group create --name <group> '
                                 f"--location {location or '<region>'}",
    }
    if quota:
        region = location or 'a region'
        hints['quotaexceeded'] = (
            f'The quota hit is {sku_name} schedulers per region per subscription ({quota} in {region}). Delete unused '
            f'ones (az durabletask scheduler list --query "[?location==\'{region}\']" -o table), use another '
            'region, or request a quota increase.')
    return hints


def _sku_of(scheduler):
    sku = getattr(getattr(scheduler, 'properties', None), 'sku', None)
    name = getattr(sku, 'name', None)
    return str(getattr(name, 'value', name) or ''), getattr(sku, 'capacity', None)


def scheduler_changes(existing, *, location=None, sku_name=None, sku_capacity=None, ip_allowlist=None,
                      public_network_access=None, tags=None):
    """What a create over `existing` changes and keeps: ({field: new value} of the given options that differ,
    [descriptions of the settings kept because their option was not given])."""
    properties = getattr(existing, 'properties', None)
    current_sku, current_capacity = _sku_of(existing)
    current_allowlist = list(getattr(properties, 'ip_allowlist', None) or [])
    access = getattr(properties, 'public_network_access', None)
    current_access = str(getattr(access, 'value', access) or '')
    current_tags = dict(getattr(existing, 'tags', None) or {})
    changes, kept = {}, []
    if location and (getattr(existing, 'location', '') or '').replace(' ', '').lower() != \
            location.replace(' ', '').lower():
        from azure.cli.core.azclierror import InvalidArgumentValueError
        raise InvalidArgumentValueError(
            f"--location {location}: scheduler '{existing.name}' already exists in {existing.location}, and a "
            "scheduler cannot move. Omit --location, or choose another name.")
    if sku_name and sku_name.lower() != current_sku.lower():
        changes['sku_name'] = sku_name
    if sku_capacity is None:
        if current_capacity is not None:
            kept.append(f'capacity {current_capacity}')
    elif sku_capacity != current_capacity:
        changes['sku_capacity'] = sku_capacity
    if ip_allowlist is None:
        kept.append(f"allow list [{', '.join(current_allowlist)}]")
    elif sorted(ip_allowlist) != sorted(current_allowlist):
        changes['ip_allowlist'] = ip_allowlist
    if public_network_access is None:
        if current_access:
            kept.append(f'public network access {current_access}')
    elif public_network_access.lower() != current_access.lower():
        changes['public_network_access'] = public_network_access
    if tags is None:
        kept.append(f'{len(current_tags)} tag(s)' if current_tags else 'no tags')
    elif tags != current_tags:
        changes['tags'] = tags
    return changes, kept


def _create_over_existing(cmd, client, existing, resource_group_name, scheduler_name, *, given, no_wait):
    """A create of a scheduler that exists (a pipeline's re-run): keep every setting whose option was not given,
    change only the given ones (a PATCH of exactly those), and say so in one line. `given`: the create's options
    (keyword arguments of `scheduler_changes`)."""
    check_not_busy('Scheduler', scheduler_name, getattr(existing.properties, 'provisioning_state', None),
                   f'az durabletask scheduler wait -g {resource_group_name} -n {scheduler_name}')
    changes, kept = scheduler_changes(existing, **given)
    kept_text = f" (kept: {', '.join(kept)})" if kept else ''
    state = getattr(existing.properties, 'provisioning_state', None)
    if str(getattr(state, 'value', state) or '').lower() == 'failed':
        return _create_again(cmd, client, existing, resource_group_name, scheduler_name, changes=changes,
                             kept_text=kept_text, no_wait=no_wait)
    if not changes:
        logger.warning("Scheduler '%s' already exists as asked: nothing to change%s.", scheduler_name, kept_text)
        return None if no_wait else existing
    logger.warning("Scheduler '%s' already exists: changing only %s%s.", scheduler_name,
                   ', '.join('--' + name.replace('_', '-') for name in changes), kept_text)
    body = build_scheduler_update(**changes)
    return run_lro(cmd, lambda **polling: client.begin_update(resource_group_name, scheduler_name, body, **polling),
                   no_wait, message=f"Updating scheduler '{scheduler_name}'")


def _create_again(cmd, client, existing, resource_group_name, scheduler_name, *, changes, kept_text, no_wait):
    """A scheduler whose provisioning failed is created again (a PUT, as the first create), with its own settings
    where no option was given."""
    properties = existing.properties
    current_sku, current_capacity = _sku_of(existing)
    access = getattr(properties, 'public_network_access', None)
    sku_name = changes.get('sku_name') or current_sku
    body = build_scheduler(
        existing.location, sku_name, changes.get('sku_capacity', current_capacity or MIN_CAPACITY),
        changes.get('ip_allowlist') or list(getattr(properties, 'ip_allowlist', None) or []) or OPEN_ALLOWLIST,
        changes.get('public_network_access') or (str(getattr(access, 'value', access)) if access else None),
        changes['tags'] if 'tags' in changes else dict(existing.tags or {}))
    logger.warning("Scheduler '%s' exists but its provisioning failed: creating it again%s.", scheduler_name,
                   kept_text)
    return run_lro(cmd, lambda **polling: client.begin_create_or_update(resource_group_name, scheduler_name, body,
                                                                        **polling),
                   no_wait, message=f"Creating scheduler '{scheduler_name}'",
                   recommendations=_create_hints(sku_name, existing.location))


def show_scheduler(client, resource_group_name, scheduler_name):
    """`client`: an ArmJsonClient: one GET, the service's JSON as it is (no SDK import for a read)."""
    from azext_durabletask._client_factory import arm_json, scheduler_path
    with service_errors():
        return arm_json(client, 'GET', scheduler_path(client, resource_group_name, scheduler_name))


def list_schedulers(cmd, client, resource_group_name=None, max_items=None, next_token=None):
    """`client`: an ArmJsonClient: the list as the service's JSON (no SDK import), with az's --max-items paging."""
    from urllib.parse import quote
    from azext_durabletask._client_factory import API_VERSION, list_json
    from azext_durabletask._resource import PROVIDER
    path = f'/subscriptions/{client.subscription_id}'
    if resource_group_name:
        path += f"/resourceGroups/{quote(resource_group_name, safe='')}"
    with service_errors():
        return list_json(client, f'{path}/providers/{PROVIDER}/schedulers', API_VERSION, max_items,
                         next_token, cmd.cli_ctx)


def update_scheduler(cmd, client, resource_group_name, scheduler_name, *, sku_name=None, sku_capacity=None,
                     ip_allowlist=None, public_network_access=None, tags=None, mi_system_assigned=False,
                     mi_user_assigned=None, no_wait=False, properties_to_set=None, properties_to_add=None,
                     properties_to_remove=None, force_string=False, ordered_arguments=None):
    """PATCH exactly what the options change. With --set/--add/--remove (az's generic update, in the order given,
    after the other options), the scheduler is read, changed as asked, and only the fields that differ are sent."""
    # properties_to_*: declared for az's help and parser; their values arrive in order in `ordered_arguments`.
    del properties_to_set, properties_to_add, properties_to_remove
    current = None
    if mi_system_assigned or mi_user_assigned or ordered_arguments:
        with service_errors():
            current = client.get(resource_group_name, scheduler_name)
    identity = None
    if mi_system_assigned or mi_user_assigned:
        # Added to the identities the scheduler has (a PATCH replaces the whole identity); remove them with
        # `scheduler identity remove`.
        from azext_durabletask.identity import Identities, split_user_assigned
        in_list, user = split_user_assigned(mi_user_assigned)
        identity = Identities.of(current.identity).plus(mi_system_assigned or in_list, user).model()
    body = build_scheduler_update(sku_name, sku_capacity, ip_allowlist, public_network_access, tags, identity=identity)
    if ordered_arguments:
        body = generic_update_body(current, body, ordered_arguments, force_string)
    return run_lro(cmd, lambda **polling: client.begin_update(resource_group_name, scheduler_name, body, **polling),
                   no_wait, message=f"Updating scheduler '{scheduler_name}'")


# What a PATCH may carry (SchedulerUpdate): the rest of a scheduler is read-only or fixed at creation.
_PATCHABLE = ('tags', 'identity')
_PATCHABLE_PROPERTIES = ('ipAllowlist', 'sku', 'publicNetworkAccess')


def generic_update_body(current, body, ordered_arguments, force_string=False):
    """The PATCH body for `current` (the scheduler as read) changed by `body` (the other options' SchedulerUpdate)
    and then by az's generic update arguments [(option, values)]: `body` plus every patchable field the generic
    arguments changed, whole (a merge patch replaces lists; sku is sent whole so its name comes along)."""
    import copy
    from azure.mgmt.durabletask.models import Scheduler, SchedulerUpdate
    before = current.as_dict()
    instance = Scheduler(copy.deepcopy(before))
    # The options' changes first (as az's generic update runs the custom function before --set/--add/--remove).
    options = body.as_dict()
    for key, value in options.items():
        if key == 'properties':
            instance.setdefault('properties', {}).update(copy.deepcopy(value))
        else:
            instance[key] = copy.deepcopy(value)
    _apply_generic_update(instance, ordered_arguments, force_string)
    after = instance.as_dict()
    patch = dict(options)
    flag = option_of(ordered_arguments)
    patch.update(_changed(before, after, _PATCHABLE, flag, skip=('properties',)))
    changed = _changed(before.get('properties') or {}, after.get('properties') or {}, _PATCHABLE_PROPERTIES, flag,
                       prefix='properties.')
    if isinstance(changed.get('sku'), dict):
        changed['sku'] = {k: v for k, v in changed['sku'].items() if k != 'redundancyState'}
    if changed:
        patch['properties'] = dict(patch.get('properties') or {}, **changed)
    return SchedulerUpdate(patch)


def _apply_generic_update(instance, ordered_arguments, force_string):
    from azure.cli.core.azclierror import InvalidArgumentValueError
    from azure.cli.core.commands.arm import (add_properties, add_usage, remove_properties, remove_usage,
                                             set_properties, set_usage)
    from knack.util import CLIError
    for option, values in ordered_arguments:
        try:
            if option == '--set':
                for expression in values:
                    set_properties(instance, expression, force_string)
            elif option == '--add':
                add_properties(instance, values, force_string)
            elif option == '--remove':
                remove_properties(instance, values)
        except ValueError:
            usage = {'--set': set_usage, '--add': add_usage, '--remove': remove_usage}[option]
            raise InvalidArgumentValueError(f"{option} {' '.join(values)}: invalid syntax. Usage: {usage}") from None
        except CLIError as ex:
            # az lists the model's attributes as "Available options" (for these SDK models: ['Data']): say instead
            # what exists and what may change.
            if 'Available options' not in str(ex):
                raise
            reason = str(ex).split('. Available options', maxsplit=1)[0]
            raise InvalidArgumentValueError(f"{option} {' '.join(values)}: {reason}. A scheduler's properties that "
                                            f"may change: {_changeable()}.") from None


def _changed(before, after, patchable, flag, *, prefix='', skip=()):
    """{key: new value} of the keys whose value differs; an error naming the key when it may not be changed."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    changed = {}
    for key in sorted(set(before) | set(after)):
        if key in skip or before.get(key) == after.get(key):
            continue
        if key not in patchable:
            raise InvalidArgumentValueError(f"{flag} cannot change '{prefix}{key}': it is read-only or fixed at "
                                            f"creation. Changeable: {_changeable()}.")
        changed[key] = after.get(key)
    return changed


def option_of(ordered_arguments):
    return '/'.join(sorted({option for option, _ in ordered_arguments}))


def _changeable():
    return ', '.join(list(_PATCHABLE) + ['properties.' + key for key in _PATCHABLE_PROPERTIES])


def delete_scheduler(cmd, client, resource_group_name, scheduler_name, *, no_wait=False, delete_task_hubs=False):
    from azure.core.exceptions import HttpResponseError
    if delete_task_hubs:
        _delete_task_hubs(cmd, resource_group_name, scheduler_name)

    def start(**polling):
        try:
            return client.begin_delete(resource_group_name, scheduler_name, **polling)
        except HttpResponseError as ex:
            blocked = _task_hubs_remain(cmd, resource_group_name, scheduler_name) if ex.status_code == 409 else None
            if blocked:
                raise blocked from None
            raise
    result = run_lro(cmd, start, no_wait, message=f"Deleting scheduler '{scheduler_name}'")
    if no_wait and delete_task_hubs:
        logger.warning("Task hubs deleted; scheduler '%s' is still being deleted. Wait for it: az durabletask "
                       "scheduler wait -g %s -n %s --deleted", scheduler_name, resource_group_name, scheduler_name)
    return result


def _hub_names(cli_ctx, resource_group_name, scheduler_name):
    from azext_durabletask._client_factory import cf_task_hubs
    with service_errors():
        return [hub.name for hub in cf_task_hubs(cli_ctx).list_by_scheduler(resource_group_name, scheduler_name)]


def _delete_task_hubs(cmd, resource_group_name, scheduler_name):
    """Delete every task hub of the scheduler, in parallel, each waited on: the scheduler's delete is refused while
    one remains (even one still being deleted), so `--no-wait` applies to the scheduler only."""
    from concurrent.futures import ThreadPoolExecutor
    from azext_durabletask._client_factory import cf_task_hubs
    hubs = _hub_names(cmd.cli_ctx, resource_group_name, scheduler_name)
    if not hubs:
        return
    client = cf_task_hubs(cmd.cli_ctx)

    def delete(hub):
        try:
            run_lro(cmd, lambda **polling: client.begin_delete(resource_group_name, scheduler_name, hub, **polling),
                    message=f"Deleting task hub '{hub}'")
            return None
        except Exception as ex:  # pylint: disable=broad-except
            return ex
    with ThreadPoolExecutor(max_workers=min(8, len(hubs))) as pool:
        errors = [(hub, ex) for hub, ex in zip(hubs, pool.map(delete, hubs)) if ex is not None]
    if errors:
        from azure.cli.core.azclierror import AzureResponseError
        reasons = '; '.join(f'{hub}: {ex}' for hub, ex in errors)
        error = AzureResponseError(f"{len(errors)} of {len(hubs)} task hub(s) of scheduler '{scheduler_name}' were not "
                                   f"deleted ({reasons}); the scheduler is kept.")
        error.set_recommendation('Run the command again: az durabletask scheduler delete '
                                 f'-g {resource_group_name} -n {scheduler_name} --delete-task-hubs --yes')
        raise error
    logger.info('Deleted %d task hub(s) of %s: %s', len(hubs), scheduler_name, ', '.join(hubs))


def delete_confirmation(cli_ctx, command_args):
    """The prompt of `scheduler delete`: every delete's (`confirm_delete`), and with --delete-task-hubs one that
    names the hubs that go with the scheduler. Without a terminal it fails in one line with the --yes hint, before
    any request."""
    from knack.prompting import NoTTYException, prompt_y_n
    from azext_durabletask._validators import confirm_delete, has_terminal, no_terminal_error
    if not command_args.get('delete_task_hubs'):
        return confirm_delete(command_args)
    group, name = command_args.get('resource_group_name'), command_args.get('scheduler_name')
    what = f"Delete scheduler '{name}' and its task hubs"
    if not has_terminal():
        raise no_terminal_error(what)
    try:
        hubs = _hub_names(cli_ctx, group, name) if group and name else None
    except Exception:  # pylint: disable=broad-except
        hubs = None  # the command itself reports why the scheduler cannot be read
    if hubs is None:
        question = f"Delete scheduler '{name}' and all of its task hubs, with their orchestrations?"
    else:
        listed = f" ({', '.join(hubs)})" if hubs else ''
        question = f"Delete scheduler '{name}' and its {len(hubs)} task hub(s){listed}, with their orchestrations?"
    try:
        return prompt_y_n(question + ' This cannot be undone.')
    except NoTTYException:
        raise no_terminal_error(what) from None


def _task_hubs_remain(cmd, resource_group_name, scheduler_name):
    """The error for a delete refused because hubs remain: which hubs, and the commands that delete them."""
    from azure.cli.core.azclierror import AzureResponseError
    from azext_durabletask._client_factory import cf_task_hubs
    with service_errors():
        hubs = [hub.name for hub in cf_task_hubs(cmd.cli_ctx).list_by_scheduler(resource_group_name, scheduler_name)]
    if not hubs:
        return None
    error = AzureResponseError(
        f"Scheduler '{scheduler_name}' still has {len(hubs)} task hub(s): {', '.join(hubs)}. Delete them first.")
    error.set_recommendation('\n'.join(
        [f'az durabletask taskhub delete -g {resource_group_name} -s {scheduler_name} -n {hub} --yes'
         for hub in hubs] + ['Or delete them with the scheduler: az durabletask scheduler delete '
                             f'-g {resource_group_name} -n {scheduler_name} --delete-task-hubs --yes']))
    return error


def get_scheduler_for_wait(cmd, client, resource_group_name, scheduler_name):
    """The raw getter for `wait`: it needs the service's 404 to notice a deletion."""
    from azext_durabletask._existing import read_for_wait
    return read_for_wait(cmd, lambda: client.get(resource_group_name, scheduler_name), 'Scheduler', scheduler_name)


def restart_scheduler(client, resource_group_name, scheduler_name):
    """POST .../restart: the service answers 204 once the restart has begun."""
    with service_errors():
        client.restart(resource_group_name, scheduler_name)
    logger.warning("Scheduler '%s' is restarting: running orchestrations pause until it is back.", scheduler_name)
