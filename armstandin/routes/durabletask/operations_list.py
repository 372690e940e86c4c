"""Operations_List: what Microsoft.DurableTask can do (the `operations` list every provider serves)."""

from ...arm import ctx, json_response, page
from . import models as m

NS = m.NS


def _operation(name, resource, operation, description, data=False):
    return {'name': '{}/{}'.format(NS, name), 'isDataAction': data,
            'display': {'provider': 'Microsoft Durable Task', 'resource': resource, 'operation': operation,
                        'description': description},
            'origin': 'user' if data else 'user,system'}


OPERATIONS = [
    _operation('operations/read', 'Operations', 'List operations', 'Lists the operations of Microsoft.DurableTask.'),
    _operation('register/action', 'Microsoft.DurableTask', 'Register', 'Registers the subscription for '
               'Microsoft.DurableTask.'),
    _operation('locations/operationStatuses/read', 'Operation statuses', 'Read operation status',
               'Reads the status of an asynchronous operation.'),
    _operation('schedulers/read', 'Schedulers', 'Read scheduler', 'Reads a scheduler or lists schedulers.'),
    _operation('schedulers/write', 'Schedulers', 'Write scheduler', 'Creates or updates a scheduler.'),
    _operation('schedulers/delete', 'Schedulers', 'Delete scheduler', 'Deletes a scheduler.'),
    _operation('schedulers/taskHubs/read', 'Task hubs', 'Read task hub', 'Reads a task hub or lists task hubs.'),
    _operation('schedulers/taskHubs/write', 'Task hubs', 'Write task hub', 'Creates or updates a task hub.'),
    _operation('schedulers/taskHubs/delete', 'Task hubs', 'Delete task hub', 'Deletes a task hub.'),
    _operation('schedulers/retentionPolicies/read', 'Retention policies', 'Read retention policy',
               'Reads the retention policy of a scheduler.'),
    _operation('schedulers/retentionPolicies/write', 'Retention policies', 'Write retention policy',
               'Creates or updates the retention policy of a scheduler.'),
    _operation('schedulers/retentionPolicies/delete', 'Retention policies', 'Delete retention policy',
               'Deletes the retention policy of a scheduler.'),
    _operation('schedulers/privateEndpointConnections/read', 'Private endpoint connections',
               'Read private endpoint connection', 'Reads private endpoint connections of a scheduler.'),
    _operation('schedulers/privateEndpointConnections/write', 'Private endpoint connections',
               'Write private endpoint connection', 'Approves, rejects or updates a private endpoint connection.'),
    _operation('schedulers/privateEndpointConnections/delete', 'Private endpoint connections',
               'Delete private endpoint connection', 'Deletes a private endpoint connection.'),
    _operation('schedulers/privateLinkResources/read', 'Private link resources', 'Read private link resource',
               'Reads the private link resources of a scheduler.'),
    _operation('schedulers/taskHubs/orchestrations/read', 'Orchestrations', 'Read orchestrations',
               'Reads orchestration instances and their history.', data=True),
    _operation('schedulers/taskHubs/orchestrations/write', 'Orchestrations', 'Write orchestrations',
               'Schedules, raises events to, suspends, resumes, terminates and purges orchestrations.', data=True),
    _operation('schedulers/taskHubs/workers/action', 'Workers', 'Run as a worker',
               'Connects as a worker and runs orchestrations, activities and entities.', data=True),
]


async def operations_list(request):
    m.check_api_version(request)
    _, settings = ctx(request)
    return json_response(page(request, OPERATIONS, settings))


ROUTES = [
    ('Operations_List', 'GET', '/providers/Microsoft.DurableTask/operations', operations_list),
]
