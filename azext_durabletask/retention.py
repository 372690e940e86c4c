# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask retention-policy: automatic purge of finished orchestrations.

A scheduler has at most one retention policy (the singleton `retentionPolicies/default`). It holds rules: one per
orchestration state (Completed, Failed, Terminated, Canceled) and a default rule, without a state, for the rest.
"""

from knack.log import get_logger

from azext_durabletask._errors import service_errors
from azext_durabletask._lro import run_lro
from azext_durabletask._validators import (CONSUMPTION_MAX_RETENTION_DAYS, RETENTION_OPTIONS,
                                           check_retention_days_for_sku)

logger = get_logger(__name__)

_NO_POLICY = {
    404: "Check the scheduler (az durabletask scheduler show -g <group> -n <scheduler>), or create a policy: "
         "az durabletask retention-policy create -g <group> -s <scheduler> --default-days 30",
}


def requested_rules(default_days=None, completed_days=None, failed_days=None, terminated_days=None,
                    canceled_days=None):
    """The rules the options ask for, in the order they are sent: [(flag, orchestrationState or None, days)]."""
    given = {'default_days': default_days, 'completed_days': completed_days, 'failed_days': failed_days,
             'terminated_days': terminated_days, 'canceled_days': canceled_days}
    return [(flag, state, given[dest]) for flag, dest, state in RETENTION_OPTIONS if given[dest] is not None]


def build_retention_policy(rules):
    """The request body (PUT and PATCH alike) for [(orchestrationState or None, days)]."""
    from azure.mgmt.durabletask.models import RetentionPolicy, RetentionPolicyDetails, RetentionPolicyProperties
    details = [RetentionPolicyDetails(retention_period_in_days=days, orchestration_state=state)
               for state, days in rules]
    return RetentionPolicy(properties=RetentionPolicyProperties(retention_policies=details))


def current_rules(policy):
    """[(orchestrationState or None, days)] of a policy read from the service, in the service's order."""
    properties = getattr(policy, 'properties', None)
    return [(rule.orchestration_state, rule.retention_period_in_days)
            for rule in (getattr(properties, 'retention_policies', None) or [])]


def merge_rules(current, requested, removed=()):
    """`current` with the requested states set and the removed ones dropped.

    Rules keep the service's order and spelling; new ones are appended in the options' order. A state is compared
    case-insensitively; None (the default rule) is removed as 'Default'."""
    def key(state):
        return (state or 'default').lower()

    wanted = {key(state): days for _, state, days in requested}
    dropped = {key(state) for state in removed}
    merged, seen = [], set()
    for state, days in current:
        if key(state) in dropped or key(state) in seen:
            continue
        seen.add(key(state))
        merged.append((state, wanted.get(key(state), days)))
    merged.extend((state, days) for _, state, days in requested if key(state) not in seen)
    return merged


def create_retention_policy(cmd, client, resource_group_name, scheduler_name, *, default_days=None, completed_days=None,
                            failed_days=None, terminated_days=None, canceled_days=None, no_wait=False):
    from azext_durabletask._existing import read_existing
    requested = requested_rules(default_days, completed_days, failed_days, terminated_days, canceled_days)
    _check_sku_limit(cmd, resource_group_name, scheduler_name, requested)
    rules = [(state, days) for _, state, days in requested]
    existing = read_existing(lambda: client.get(resource_group_name, scheduler_name))
    if existing is not None:  # create replaces the policy as a whole: say what goes
        current = current_rules(existing)
        if _same_rules(current, rules):
            logger.warning("The retention policy of '%s' already has these rules: nothing to change.", scheduler_name)
            return None if no_wait else existing
        logger.warning("Replacing the retention policy of '%s': its rules %s become %s. To change some rules and "
                       "keep the others, use az durabletask retention-policy update.", scheduler_name,
                       describe_rules(current) or '(none)', describe_rules(rules))
    body = build_retention_policy(rules)
    return run_lro(cmd, lambda **polling: client.begin_create_or_replace(resource_group_name, scheduler_name, body,
                                                                         **polling), no_wait,
                   message=f"Setting the retention policy of '{scheduler_name}'", recommendations=_NO_POLICY)


# How many times `update` re-reads and re-merges when another writer changed the policy in between (412).
UPDATE_ATTEMPTS = 5


class _PolicyChanged(Exception):
    """The policy's ETag no longer matched (412): someone else wrote it after we read it."""


def read_policy_with_etag(client, resource_group_name, scheduler_name):
    """(policy, its ETag or None): the ETag comes from the response's header."""
    def keep_etag(pipeline_response, deserialized, _):
        return deserialized, pipeline_response.http_response.headers.get('ETag')
    with service_errors(_NO_POLICY):
        return client.get(resource_group_name, scheduler_name, cls=keep_etag)


def _conditional_update(client, resource_group_name, scheduler_name, body, etag):
    """The `start` of run_lro for a PATCH on condition of `etag`; a 412 becomes _PolicyChanged (not a CLI error)."""
    from azure.core.exceptions import HttpResponseError
    conditions = {'headers': {'If-Match': etag}} if etag else {}

    def start(**polling):
        try:
            return client.begin_update(resource_group_name, scheduler_name, body, **conditions, **polling)
        except HttpResponseError as ex:
            if ex.status_code == 412:
                raise _PolicyChanged() from None
            raise
    return start


def update_retention_policy(cmd, client, resource_group_name, scheduler_name, *, default_days=None, completed_days=None,
                            failed_days=None, terminated_days=None, canceled_days=None, remove=None, no_wait=False):
    """PATCH is a JSON merge patch, and merge patch replaces a list as a whole: sending only the changed rules would
    drop the others. So read the policy, merge here, and PATCH the complete list, on condition that nobody wrote
    it meanwhile (If-Match: its ETag). When someone did (412), read, merge and try again: never a silent loss."""
    from azure.cli.core.azclierror import AzureResponseError, InvalidArgumentValueError
    requested = requested_rules(default_days, completed_days, failed_days, terminated_days, canceled_days)
    _check_sku_limit(cmd, resource_group_name, scheduler_name, requested)
    for attempt in range(1, UPDATE_ATTEMPTS + 1):
        policy, etag = read_policy_with_etag(client, resource_group_name, scheduler_name)
        rules = merge_rules(current_rules(policy), requested, [_state_of(name) for name in remove or []])
        if not rules:
            raise InvalidArgumentValueError(
                f"--remove would leave the retention policy of '{scheduler_name}' without rules: to stop purging, "
                f"delete it: az durabletask retention-policy delete -g {resource_group_name} -s {scheduler_name}")
        if not etag:
            logger.warning("The service sent no ETag for the retention policy of '%s': updating it without a "
                           "check for a concurrent change.", scheduler_name)
        try:
            return run_lro(cmd, _conditional_update(client, resource_group_name, scheduler_name,
                                                    build_retention_policy(rules), etag), no_wait,
                           message=f"Updating the retention policy of '{scheduler_name}'",
                           recommendations=_NO_POLICY)
        except _PolicyChanged:
            logger.warning("The retention policy of '%s' changed while this update was being written (attempt "
                           "%d of %d): reading it again and merging once more.", scheduler_name, attempt,
                           UPDATE_ATTEMPTS)
    error = AzureResponseError(
        f"The retention policy of '{scheduler_name}' kept changing while this update was being written "
        f"({UPDATE_ATTEMPTS} attempts): nothing was changed by this command.")
    error.set_recommendation('Check it, then run the update again: az durabletask retention-policy show '
                             f'-g {resource_group_name} -s {scheduler_name}')
    raise error


def show_retention_policy(client, resource_group_name, scheduler_name):
    with service_errors(_NO_POLICY):
        return client.get(resource_group_name, scheduler_name)


def list_retention_policies(client, resource_group_name, scheduler_name):
    with service_errors():
        return list(client.list_by_scheduler(resource_group_name, scheduler_name))


def delete_retention_policy(cmd, client, resource_group_name, scheduler_name, no_wait=False):
    return run_lro(cmd, lambda **polling: client.begin_delete(resource_group_name, scheduler_name, **polling),
                   no_wait,
                   message=f"Deleting the retention policy of '{scheduler_name}'")


def get_retention_policy_for_wait(cmd, client, resource_group_name, scheduler_name):
    """The raw getter for `wait`: it needs the service's 404 to notice a deletion."""
    from azext_durabletask._existing import read_for_wait
    return read_for_wait(cmd, lambda: client.get(resource_group_name, scheduler_name),
                         f"The retention policy of '{scheduler_name}'", 'default')


def describe_rules(rules):
    """Rules as a short text for one line: 'default 30 days, Failed 7 days'."""
    return ', '.join(f"{getattr(state, 'value', state) or 'default'} {days} day{'' if days == 1 else 's'}"
                     for state, days in rules)


def _same_rules(current, wanted):
    def normal(rules):
        return sorted(((getattr(state, 'value', state) or 'default').lower(), days) for state, days in rules)
    return normal(current) == normal(wanted)


def _state_of(name):
    """The orchestrationState of a --remove value (already checked against the choices): None for 'default'."""
    return None if name.lower() == 'default' else name.capitalize()


def _check_sku_limit(cmd, resource_group_name, scheduler_name, requested):
    """Refuse more days than the scheduler's SKU keeps, before the PUT/PATCH.

    The validator has already refused anything above 90 (the Dedicated maximum). Only a value from 31 to 90 depends
    on the SKU (Consumption keeps 30 days), and only then is the scheduler read: one GET buys an error that names
    the option and the SKU instead of the service's 400, and the common case costs no extra request."""
    if all(days <= CONSUMPTION_MAX_RETENTION_DAYS for _, _, days in requested):
        return
    from azext_durabletask._client_factory import cf_schedulers
    with service_errors():
        scheduler = cf_schedulers(cmd.cli_ctx).get(resource_group_name, scheduler_name)
    sku = getattr(getattr(scheduler.properties, 'sku', None), 'name', None) if scheduler.properties else None
    check_retention_days_for_sku([(flag, days) for flag, _, days in requested], sku, scheduler_name)
