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


def create_task_hub(cmd, client, resource_group_name, scheduler_name, task_hub_name, no_wait=False):
    from azure.mgmt.durabletask.models import TaskHub, TaskHubProperties
    body = TaskHub(properties=TaskHubProperties())
    return run_lro(cmd, lambda **polling: client.begin_create_or_update(resource_group_name, scheduler_name,
                                                                        task_hub_name, body, **polling),
                   no_wait, message="Creating task hub '{}'".format(task_hub_name), recommendations=_SCHEDULER_MISSING)


def show_task_hub(client, resource_group_name, scheduler_name, task_hub_name):
    with service_errors():
        return client.get(resource_group_name, scheduler_name, task_hub_name)


def list_task_hubs(cmd, client, resource_group_name, scheduler_name, max_items=None, next_token=None):
    """`client` is the service client (cf_durabletask): a scheduler may hold thousands of hubs, listed as JSON
    (with az's --max-items paging)."""
    from urllib.parse import quote
    from azext_durabletask._client_factory import list_json
    from azext_durabletask._resource import current_subscription, scheduler_id
    path = scheduler_id(current_subscription(cmd.cli_ctx), quote(resource_group_name, safe=''), scheduler_name)
    with service_errors(_SCHEDULER_MISSING):
        return list_json(client, path + '/taskHubs', max_items, next_token, cmd.cli_ctx)


def delete_task_hub(cmd, client, resource_group_name, scheduler_name, task_hub_name, no_wait=False):
    return run_lro(cmd, lambda **polling: client.begin_delete(resource_group_name, scheduler_name, task_hub_name,
                                                              **polling),
                   no_wait, message="Deleting task hub '{}'".format(task_hub_name))


def get_task_hub_for_wait(client, resource_group_name, scheduler_name, task_hub_name):
    """The raw getter for `wait`: it needs the service's 404 to notice a deletion."""
    return client.get(resource_group_name, scheduler_name, task_hub_name)
