# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask scheduler: create, show, list, update, delete, restart."""

from knack.log import get_logger

from azext_durabletask._errors import service_errors
from azext_durabletask._lro import run_lro
from azext_durabletask._validators import OPEN_ALLOWLIST

logger = get_logger(__name__)


def build_scheduler(location, sku_name, sku_capacity=None, ip_allowlist=None, public_network_access=None,
                    tags=None, identity=None):
    """The PUT body: only writable fields, no capacity for Consumption; `identity` a ManagedServiceIdentity."""
    from azure.mgmt.durabletask.models import Scheduler, SchedulerProperties, SchedulerSku
    sku = SchedulerSku(name=sku_name, capacity=sku_capacity if sku_name != 'Consumption' else None)
    properties = SchedulerProperties(ip_allowlist=ip_allowlist, sku=sku, public_network_access=public_network_access)
    return Scheduler(location=location, tags=tags, properties=properties, identity=identity)


def build_scheduler_update(sku_name=None, sku_capacity=None, ip_allowlist=None, public_network_access=None,
                           tags=None, identity=None):
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


def create_scheduler(cmd, client, resource_group_name, scheduler_name, sku_name, location=None, sku_capacity=None,
                     ip_allowlist=None, public_network_access=None, tags=None, mi_system_assigned=False,
                     mi_user_assigned=None, no_wait=False):
    from azext_durabletask.identity import requested_identity
    if ip_allowlist is None:
        ip_allowlist = OPEN_ALLOWLIST
        logger.warning("No --ip-allowlist given: the scheduler accepts connections from any address (0.0.0.0/0); "
                       "callers still need a Durable Task role. To restrict it: az durabletask scheduler update "
                       "-g %s -n %s --ip-allowlist <CIDR> ...", resource_group_name, scheduler_name)
    body = build_scheduler(location, sku_name, sku_capacity, ip_allowlist, public_network_access, tags,
                           requested_identity(mi_system_assigned, mi_user_assigned))
    return run_lro(cmd, lambda **polling: client.begin_create_or_update(resource_group_name, scheduler_name, body,
                                                                        **polling),
                   no_wait, message="Creating scheduler '{}'".format(scheduler_name))


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
    path = '/subscriptions/{}'.format(client.subscription_id)
    if resource_group_name:
        path += '/resourceGroups/{}'.format(quote(resource_group_name, safe=''))
    with service_errors():
        return list_json(client, '{}/providers/{}/schedulers'.format(path, PROVIDER), API_VERSION, max_items,
                         next_token, cmd.cli_ctx)


def update_scheduler(cmd, client, resource_group_name, scheduler_name, sku_name=None, sku_capacity=None,
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
    body = build_scheduler_update(sku_name, sku_capacity, ip_allowlist, public_network_access, tags, identity)
    if ordered_arguments:
        body = generic_update_body(current, body, ordered_arguments, force_string)
    return run_lro(cmd, lambda **polling: client.begin_update(resource_group_name, scheduler_name, body, **polling),
                   no_wait, message="Updating scheduler '{}'".format(scheduler_name))


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
            raise InvalidArgumentValueError('{} {}: invalid syntax. Usage: {}'.format(
                option, ' '.join(values), usage)) from None
        except CLIError as ex:
            # az lists the model's attributes as "Available options" (for these SDK models: ['Data']): say instead
            # what exists and what may change.
            if 'Available options' not in str(ex):
                raise
            raise InvalidArgumentValueError("{} {}: {}. A scheduler's properties that may change: {}.".format(
                option, ' '.join(values), str(ex).split('. Available options')[0], _changeable())) from None


def _changed(before, after, patchable, flag, prefix='', skip=()):
    """{key: new value} of the keys whose value differs; an error naming the key when it may not be changed."""
    from azure.cli.core.azclierror import InvalidArgumentValueError
    changed = {}
    for key in sorted(set(before) | set(after)):
        if key in skip or before.get(key) == after.get(key):
            continue
        if key not in patchable:
            raise InvalidArgumentValueError("{} cannot change '{}{}': it is read-only or fixed at creation. "
                                            "Changeable: {}.".format(flag, prefix, key, _changeable()))
        changed[key] = after.get(key)
    return changed


def option_of(ordered_arguments):
    return '/'.join(sorted({option for option, _ in ordered_arguments}))


def _changeable():
    return ', '.join(list(_PATCHABLE) + ['properties.' + key for key in _PATCHABLE_PROPERTIES])


def delete_scheduler(cmd, client, resource_group_name, scheduler_name, no_wait=False):
    from azure.core.exceptions import HttpResponseError

    def start(**polling):
        try:
            return client.begin_delete(resource_group_name, scheduler_name, **polling)
        except HttpResponseError as ex:
            blocked = _task_hubs_remain(cmd, resource_group_name, scheduler_name) if ex.status_code == 409 else None
            if blocked:
                raise blocked from None
            raise
    return run_lro(cmd, start, no_wait, message="Deleting scheduler '{}'".format(scheduler_name))


def _task_hubs_remain(cmd, resource_group_name, scheduler_name):
    """The error for a delete refused because hubs remain: which hubs, and the commands that delete them."""
    from azure.cli.core.azclierror import AzureResponseError
    from azext_durabletask._client_factory import cf_task_hubs
    with service_errors():
        hubs = [hub.name for hub in cf_task_hubs(cmd.cli_ctx).list_by_scheduler(resource_group_name, scheduler_name)]
    if not hubs:
        return None
    error = AzureResponseError("Scheduler '{}' still has {} task hub(s): {}. Delete them first.".format(
        scheduler_name, len(hubs), ', '.join(hubs)))
    error.set_recommendation('\n'.join(
        'az durabletask taskhub delete -g {} -s {} -n {} --yes'.format(resource_group_name, scheduler_name, hub)
        for hub in hubs))
    return error


def get_scheduler_for_wait(client, resource_group_name, scheduler_name):
    """The raw getter for `wait`: it needs the service's 404 to notice a deletion."""
    return client.get(resource_group_name, scheduler_name)


def restart_scheduler(client, resource_group_name, scheduler_name):
    """POST .../restart: the service answers 204 once the restart has begun."""
    with service_errors():
        client.restart(resource_group_name, scheduler_name)
    logger.warning("Scheduler '%s' is restarting: running orchestrations pause until it is back.", scheduler_name)
