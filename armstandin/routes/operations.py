"""Generic monitors of long-running operations, for every provider namespace.

- GET /subscriptions/{s}/providers/{ns}/locations/{loc}/operationStatuses/{id}
      (the Azure-AsyncOperation URL): {"id", "name", "resourceId", "status": InProgress|Succeeded|Failed, ...}
- GET /subscriptions/{s}/providers/{ns}/locations/{loc}/operationResults/{id}
- GET /subscriptions/{s}/operationresults/{id}   (resource group deletion)
      (Location URLs): 202 + Location + Retry-After while running; then the resource (200) for a create or
      update, 204 for a delete, or the error (with its status) for a failed operation.
"""

from ..arm import ArmError, ArmRoute, ctx, error_response, iso, json_response, no_content, render, retry_after
from .resources import require_subscription


def _operation(request):
    store, _ = ctx(request)
    require_subscription(request)
    op = store.get_operation(request.path_params['op'])
    if op is None:
        raise ArmError(404, 'OperationNotFound',
                       "The operation '{}' could not be found.".format(request.path_params['op']))
    return op


async def operation_status(request):
    _, settings = ctx(request)
    op = _operation(request)
    status = op.status()
    body = {
        'id': request.url.path,
        'name': op.id,
        'resourceId': op.resource_id,
        'status': status,
        'startTime': iso(op.started),
    }
    if status == 'InProgress':
        return json_response(body, headers=retry_after(settings))
    body['endTime'] = iso(op.until)
    body['percentComplete'] = 100
    if status == 'Failed' and op.error:
        body['error'] = op.error
    return json_response(body)


async def operation_result(request):
    store, settings = ctx(request)
    op = _operation(request)
    status = op.status()
    if status == 'InProgress':
        return no_content(202, headers={'Location': str(request.url), **retry_after(settings)})
    if status == 'Failed':
        error = op.error or {'code': 'OperationFailed', 'message': 'The operation failed.'}
        return error_response(400, error['code'], error['message'])
    if op.action == 'delete':
        return no_content(204)
    resource = store.get(op.resource_id)
    if resource is None:
        return no_content(204)
    return json_response(render(request, resource))


def routes():
    prefix = '/subscriptions/{subscription}/providers/{namespace}/locations/{location}'
    return [
        ArmRoute(prefix + '/operationStatuses/{op}', operation_status, methods=['GET']),
        ArmRoute(prefix + '/operationResults/{op}', operation_result, methods=['GET']),
        ArmRoute('/subscriptions/{subscription}/operationresults/{op}', operation_result, methods=['GET']),
    ]
