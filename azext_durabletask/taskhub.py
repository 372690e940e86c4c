# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask taskhub: create, show, list, delete."""

from azext_durabletask._errors import service_errors
from azext_durabletask._lro import run_lro

_SCHEDULER_MISSING = {
    404: "Check the scheduler: az durabletask scheduler list -o table. Create one with "
         "az durabletask scheduler create -g <group> -n <scheduler> --sku-name Dedicated",
}


def create_task_hub(cmd, client, resource_group_name, scheduler_name, task_hub_name, capabilities=None,
                    no_wait=False):
    from azure.mgmt.durabletask.models import TaskHub, TaskHubProperties
    body = TaskHub(properties=TaskHubProperties(capabilities=capabilities))
    return run_lro(cmd, lambda **polling: client.begin_create_or_update(resource_group_name, scheduler_name,
                                                                        task_hub_name, body, **polling),
                   no_wait, message="Creating task hub '{}'".format(task_hub_name), recommendations=_SCHEDULER_MISSING)


def show_task_hub(client, resource_group_name, scheduler_name, task_hub_name):
    """`client`: an ArmJsonClient (one GET, no SDK import)."""
    from azext_durabletask._client_factory import arm_json, scheduler_path
    with service_errors(_SCHEDULER_MISSING):
        return arm_json(client, 'GET', '{}/taskHubs/{}'.format(
            scheduler_path(client, resource_group_name, scheduler_name), task_hub_name))


def list_task_hubs(cmd, client, resource_group_name, scheduler_name, max_items=None, next_token=None):
    """`client`: an ArmJsonClient: a scheduler may hold thousands of hubs, listed as JSON (with az's --max-items
    paging)."""
    from azext_durabletask._client_factory import API_VERSION, list_json, scheduler_path
    with service_errors(_SCHEDULER_MISSING):
        return list_json(client, scheduler_path(client, resource_group_name, scheduler_name) + '/taskHubs',
                         API_VERSION, max_items, next_token, cmd.cli_ctx)


def delete_task_hub(cmd, client, resource_group_name, scheduler_name, task_hub_name, no_wait=False):
    return run_lro(cmd, lambda **polling: client.begin_delete(resource_group_name, scheduler_name, task_hub_name,
                                                              **polling),
                   no_wait, message="Deleting task hub '{}'".format(task_hub_name))


def get_task_hub_for_wait(client, resource_group_name, scheduler_name, task_hub_name):
    """The raw getter for `wait`: it needs the service's 404 to notice a deletion."""
    return client.get(resource_group_name, scheduler_name, task_hub_name)
