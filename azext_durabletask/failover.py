# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask scheduler failover-instance (preview, api-version 2026-07-01-preview).

A scheduler has at most one failover instance (`failoverInstances/default`): it pairs the scheduler with a partner
scheduler in another region. `failover` switches the roles gracefully; `force-failover` switches them at once, and
whatever the partner has not yet received is lost."""

from azext_durabletask._errors import service_errors
from azext_durabletask._lro import run_lro

_NO_FAILOVER_INSTANCE = {
    404: "Check the scheduler (az durabletask scheduler show -g <group> -n <scheduler>), or pair it first: "
         "az durabletask scheduler failover-instance create -g <group> -s <scheduler> --partner-scheduler-id <id>",
}


def build_failover_instance(partner_scheduler_id):
    """The PUT body: only the partner (everything else about a failover instance is read-only)."""
    from azure.mgmt.durabletask.models import FailoverInstance, FailoverInstanceProperties
    return FailoverInstance(properties=FailoverInstanceProperties(partner_scheduler_resource_id=partner_scheduler_id))


def create_failover_instance(cmd, client, resource_group_name, scheduler_name, *, partner_scheduler_id, no_wait=False):
    body = build_failover_instance(partner_scheduler_id)
    return run_lro(cmd, lambda **polling: client.begin_create_or_replace(resource_group_name, scheduler_name, body,
                                                                         **polling),
                   no_wait, message=f"Pairing scheduler '{scheduler_name}' for failover")


def show_failover_instance(client, resource_group_name, scheduler_name):
    with service_errors(_NO_FAILOVER_INSTANCE):
        return client.get(resource_group_name, scheduler_name)


def list_failover_instances(client, resource_group_name, scheduler_name):
    with service_errors():
        return list(client.list_by_scheduler(resource_group_name, scheduler_name))


def delete_failover_instance(cmd, client, resource_group_name, scheduler_name, no_wait=False):
    return run_lro(cmd, lambda **polling: client.begin_delete(resource_group_name, scheduler_name, **polling),
                   no_wait, message=f"Removing the failover instance of '{scheduler_name}'")


def failover(cmd, client, resource_group_name, scheduler_name, no_wait=False):
    return run_lro(cmd, lambda **polling: client.begin_failover(resource_group_name, scheduler_name, **polling),
                   no_wait, message=f"Failing over scheduler '{scheduler_name}'",
                   recommendations=_NO_FAILOVER_INSTANCE)


def force_failover(cmd, client, resource_group_name, scheduler_name, *, yes=False, no_wait=False):
    if not yes:
        _require_terminal()  # before reading anything: without a terminal the answer is known
        with service_errors(_NO_FAILOVER_INSTANCE):
            instance = client.get(resource_group_name, scheduler_name)
        for question in force_failover_questions(scheduler_name, instance):
            _confirm(question)
    return run_lro(cmd, lambda **polling: client.begin_force_failover_allow_data_loss(resource_group_name,
                                                                                      scheduler_name, **polling),
                   no_wait, message=f"Forcing the failover of scheduler '{scheduler_name}'",
                   recommendations=_NO_FAILOVER_INSTANCE)


def force_failover_questions(scheduler_name, instance):
    """The two questions `force-failover` asks, in words: what switches, then what data may be lost for good."""
    properties = getattr(instance, 'properties', None)
    partner_id = getattr(properties, 'partner_scheduler_resource_id', None) or ''
    partner = partner_id.rstrip('/').rsplit('/', 1)[-1] or 'its partner'
    where = getattr(properties, 'partner_scheduler_location', None)
    role = getattr(properties, 'replication_role', None)
    role = getattr(role, 'value', role) or 'unknown'  # the SDK's enum, as the word the service sent
    partner_text = f"'{partner}'" + (f' ({where})' if where else '')
    first = (f"Force a failover between scheduler '{scheduler_name}' (now {role}) and {partner_text} without waiting "
             f"for replication to catch up. Work that '{scheduler_name}' accepted but has not yet replicated is lost: "
             "orchestrations started, events raised, activity and sub-orchestration results, timers, and purges or "
             "terminations done in the last moments before the failover. Affected orchestrations resume from an "
             "earlier point or disappear. Continue?")
    second = ("Second confirmation: that lost work cannot be recovered, from either scheduler; apps may see "
              "orchestrations go back in time and activities run twice. A graceful failover "
              "(az durabletask scheduler failover-instance failover) loses nothing. Force the failover of "
              f"'{scheduler_name}' now?")
    return [first, second]


def _require_terminal():
    from knack.prompting import NoTTYException, verify_is_a_tty
    try:
        verify_is_a_tty()
    except NoTTYException:
        _no_terminal()


def _no_terminal():
    from azure.cli.core.azclierror import UnclassifiedUserFault
    raise UnclassifiedUserFault('force-failover asks twice for confirmation, and there is no terminal to ask on. To '
                                'force the failover anyway, add --yes.') from None


def _confirm(question):
    from azure.cli.core.azclierror import ManualInterrupt
    from knack.prompting import NoTTYException, prompt_y_n
    try:
        if not prompt_y_n(question, default='n'):
            raise ManualInterrupt('Force failover cancelled: nothing was changed.')
    except NoTTYException:
        _no_terminal()


def get_failover_instance_for_wait(cmd, client, resource_group_name, scheduler_name):
    """The getter for `wait`: the service's 404 ends --deleted; otherwise there is nothing to wait for."""
    from azext_durabletask._existing import read_for_wait
    return read_for_wait(cmd, lambda: client.get(resource_group_name, scheduler_name),
                         'Failover instance of scheduler', scheduler_name)
