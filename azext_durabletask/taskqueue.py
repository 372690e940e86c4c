# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask taskhub task-queue (preview, api-version 2026-07-01-preview): a task hub's task queues and the
rate at which each hands out work items (throughput, in actions per second)."""

from azext_durabletask._errors import service_errors
from azext_durabletask._lro import run_lro

_NO_TASK_QUEUE = {
    404: "Check the task hub and its queues: az durabletask taskhub task-queue list -g <group> -s <scheduler> "
         "--task-hub <hub> -o table",
}


def build_task_queue(actions_per_second):
    from azure.mgmt.durabletask.models import TaskQueue, TaskQueueProperties, TaskQueueThroughput
    return TaskQueue(properties=TaskQueueProperties(throughput=TaskQueueThroughput(
        actions_per_second=actions_per_second)))


def build_task_queue_update(actions_per_second):
    """The PATCH body: only the throughput."""
    from azure.mgmt.durabletask.models import TaskQueueProperties, TaskQueueThroughput, TaskQueueUpdate
    return TaskQueueUpdate(properties=TaskQueueProperties(throughput=TaskQueueThroughput(
        actions_per_second=actions_per_second)))


def create_task_queue(cmd, client, resource_group_name, scheduler_name, task_hub_name, *, task_queue_name,
                      actions_per_second, no_wait=False):
    body = build_task_queue(actions_per_second)
    return run_lro(cmd, lambda **polling: client.begin_create_or_update(
        resource_group_name, scheduler_name, task_hub_name, task_queue_name, body, **polling),
        no_wait, message=f"Creating task queue '{task_queue_name}'", recommendations=_NO_TASK_QUEUE)


def show_task_queue(client, resource_group_name, scheduler_name, task_hub_name, task_queue_name):
    with service_errors(_NO_TASK_QUEUE):
        return client.get(resource_group_name, scheduler_name, task_hub_name, task_queue_name)


def list_task_queues(client, resource_group_name, scheduler_name, task_hub_name):
    with service_errors(_NO_TASK_QUEUE):
        return list(client.list_by_task_hub(resource_group_name, scheduler_name, task_hub_name))


def update_task_queue(cmd, client, resource_group_name, scheduler_name, task_hub_name, *, task_queue_name,
                      actions_per_second=None, no_wait=False):
    body = build_task_queue_update(actions_per_second)
    return run_lro(cmd, lambda **polling: client.begin_update(
        resource_group_name, scheduler_name, task_hub_name, task_queue_name, body, **polling),
        no_wait, message=f"Updating task queue '{task_queue_name}'", recommendations=_NO_TASK_QUEUE)


def delete_task_queue(cmd, client, resource_group_name, scheduler_name, task_hub_name, *, task_queue_name,
                      no_wait=False):
    return run_lro(cmd, lambda **polling: client.begin_delete(
        resource_group_name, scheduler_name, task_hub_name, task_queue_name, **polling),
        no_wait, message=f"Deleting task queue '{task_queue_name}'")


def get_task_queue_for_wait(cmd, client, *, resource_group_name, scheduler_name, task_hub_name, task_queue_name):
    """The getter for `wait`: the service's 404 ends --deleted; otherwise there is nothing to wait for."""
    from azext_durabletask._existing import read_for_wait
    return read_for_wait(cmd, lambda: client.get(resource_group_name, scheduler_name, task_hub_name, task_queue_name),
                         'Task queue', task_queue_name)
