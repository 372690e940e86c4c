# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask taskhub: create, show, list, delete."""

from knack.log import get_logger

from azext_durabletask._errors import service_errors
from azext_durabletask._lro import run_lro

logger = get_logger(__name__)

_SCHEDULER_MISSING = {
    404: "Check the scheduler: az durabletask scheduler list -o table. Create one with "
         "az durabletask scheduler create -g <group> -n <scheduler> --sku-name Dedicated",
    'resourcegroupnotfound': 'The resource group does not exist: check -g (az group list -o table).',
    # Task hubs per region per subscription [documented]: 25 on Dedicated, 5 on Consumption schedulers.
    'quotaexceeded': 'The quota hit is task hubs per region per subscription (25 with Dedicated schedulers, 5 with '
                     'Consumption). Delete unused hubs (az durabletask taskhub list -g <group> -s <scheduler> -o '
                     'table) or use another region.',
    'anotheroperationinprogress': 'The scheduler or task hub is busy with another operation: wait for it (az '
                                  'durabletask taskhub wait ... --created or --deleted), then retry.',
}


def create_task_hub(cmd, client, resource_group_name, scheduler_name, task_hub_name, *, capabilities=None,
                    no_wait=False):
    from azure.mgmt.durabletask.models import TaskHub, TaskHubProperties
    from azext_durabletask._existing import check_not_busy, read_existing
    existing = read_existing(lambda: client.get(resource_group_name, scheduler_name, task_hub_name))
    if existing is not None:  # a pipeline's re-run: change only what was given (its capabilities), else nothing
        check_not_busy('Task hub', task_hub_name, getattr(existing.properties, 'provisioning_state', None),
                       f'az durabletask taskhub wait -g {resource_group_name} -s {scheduler_name} -n {task_hub_name}')
        current = getattr(existing.properties, 'capabilities', None) or []
        if capabilities is None or _same_capabilities(current, capabilities):
            logger.warning("Task hub '%s' already exists in scheduler '%s': nothing to change.", task_hub_name,
                           scheduler_name)
            return None if no_wait else existing
        logger.warning("Task hub '%s' already exists in scheduler '%s': changing only --capabilities.",
                       task_hub_name, scheduler_name)
    body = TaskHub(properties=TaskHubProperties(capabilities=capabilities))
    return run_lro(cmd, lambda **polling: client.begin_create_or_update(resource_group_name, scheduler_name,
                                                                        task_hub_name, body, **polling),
                   no_wait, message=f"Creating task hub '{task_hub_name}'", recommendations=_SCHEDULER_MISSING)


def _same_capabilities(current, wanted):
    def names(items):
        return sorted(str(getattr(item, 'name', None) or (item.get('name') if isinstance(item, dict) else item) or '')
                      .lower() for item in items or [])
    return names(current) == names(wanted)


def show_task_hub(client, resource_group_name, scheduler_name, task_hub_name):
    """`client`: an ArmJsonClient (one GET, no SDK import)."""
    from azext_durabletask._client_factory import arm_json, scheduler_path
    with service_errors(_SCHEDULER_MISSING):
        return arm_json(client, 'GET',
                        f'{scheduler_path(client, resource_group_name, scheduler_name)}/taskHubs/{task_hub_name}')


def list_task_hubs(cmd, client, resource_group_name, scheduler_name, *, max_items=None, next_token=None):
    """`client`: an ArmJsonClient: a scheduler may hold thousands of hubs, listed as JSON (with az's --max-items
    paging)."""
    from azext_durabletask._client_factory import API_VERSION, list_json, scheduler_path
    with service_errors(_SCHEDULER_MISSING):
        return list_json(client, scheduler_path(client, resource_group_name, scheduler_name) + '/taskHubs',
                         API_VERSION, max_items, next_token, cmd.cli_ctx)


def delete_task_hub(cmd, client, resource_group_name, scheduler_name, task_hub_name, *, no_wait=False):
    return run_lro(cmd, lambda **polling: client.begin_delete(resource_group_name, scheduler_name, task_hub_name,
                                                              **polling),
                   no_wait, message=f"Deleting task hub '{task_hub_name}'")


def get_task_hub_for_wait(cmd, client, resource_group_name, scheduler_name, task_hub_name):
    """The raw getter for `wait`: it needs the service's 404 to notice a deletion."""
    from azext_durabletask._existing import read_for_wait
    return read_for_wait(cmd, lambda: client.get(resource_group_name, scheduler_name, task_hub_name), 'Task hub',
                         task_hub_name)
