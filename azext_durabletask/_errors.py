# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Service errors as one line each: the service's code and message, plus the fix where we know it."""

from contextlib import contextmanager

# What to do about the errors users meet most (see the project's notes: "What users ask for").
RECOMMENDATIONS = {
    'missingsubscriptionregistration':
        'Register the resource provider, then retry: az provider register --namespace Microsoft.DurableTask --wait',
    'locationnotavailableforresourcetype':
        'Choose a region that offers Durable Task Scheduler: az provider show --namespace Microsoft.DurableTask '
        '--query "resourceTypes[?resourceType==\'schedulers\'].locations" -o tsv',
    'quotaexceeded':
        'A quota was hit (per region and subscription: 25 Dedicated or 10 Consumption schedulers; 25 or 5 task hubs): '
        'the message above says which. Delete unused resources or choose another region.',
    'resourcegroupnotfound':
        'The resource group does not exist: check -g (az group list -o table), or create it: az group create '
        '--name <group> --location <region>',
    'anotheroperationinprogress':
        'Another operation on this resource is still running: wait for it (az durabletask <group> wait --created, '
        '--updated or --deleted, with the same -g/-n), then run the command again.',
    'authorizationfailed':
        'Ask an Owner or User Access Administrator of the scope for a role that allows this action.',
}

_ERROR_BY_STATUS = {
    400: 'BadRequestError',
    401: 'UnauthorizedError',
    403: 'ForbiddenError',
    404: 'ResourceNotFoundError',
}


def error_code(ex):
    """The ARM error code of an azure-core HttpResponseError, or '' when it has none."""
    error = getattr(ex, 'error', None)
    return (getattr(error, 'code', None) or '') if error else ''


def error_message(ex):
    error = getattr(ex, 'error', None)
    message = getattr(error, 'message', None) if error else None
    if not message:
        message = getattr(ex, 'reason', None) or str(ex).splitlines()[0]
    # ARM messages sometimes span lines; an error is one line.
    return ' '.join(str(message).split())


def to_cli_error(ex, recommendation=None):
    """An `azure.cli.core.azclierror` error for a service error: one line, status-specific class
    (404 is ResourceNotFoundError, so `show` exits 3)."""
    from azure.cli.core import azclierror
    status = getattr(ex, 'status_code', None)
    code = error_code(ex)
    cls_name = _ERROR_BY_STATUS.get(status)
    if cls_name is None:
        cls_name = 'AzureInternalError' if status and status >= 500 else 'AzureResponseError'
    text = f'({code}) {error_message(ex)}' if code else error_message(ex)
    error = getattr(azclierror, cls_name)(text)
    hint = recommendation or RECOMMENDATIONS.get(code.lower())
    if hint:
        error.set_recommendation(hint)
    return error


_WAIT_CONDITIONS = {'create': '--created', 'update': '--updated', 'delete': '--deleted', 'approve': '--updated',
                    'reject': '--updated'}


def how_to_check(cmd):
    """What to run to learn how an accepted operation ended: the group's `show`, or its `wait` (same options)."""
    words = (getattr(cmd, 'name', '') or '').split()
    verb, group = (words[-1], ' '.join(words[:-1])) if len(words) > 1 else ('', '')
    condition = _WAIT_CONDITIONS.get(verb)
    if not condition:
        return 'Check the resource, or run the same command again: it changes only what is not done yet.'
    return f'Check it with the same -g/-n options: az {group} show, or wait for it: az {group} wait {condition}'


def _endpoint(cli_ctx):
    try:
        return cli_ctx.cloud.endpoints.resource_manager
    except AttributeError:
        return 'Azure Resource Manager'


def connection_error(ex, cli_ctx=None, accepted=None):
    """One line for a connection that failed or dropped: the endpoint, whether the request may have been acted on,
    and what to do."""
    from azure.cli.core.azclierror import AzureConnectionError
    from azure.core.exceptions import ServiceResponseError
    reason = ' '.join(str(getattr(ex, 'message', None) or ex).split())[:160]
    sent = accepted or isinstance(ex, ServiceResponseError)  # a response error: the request had gone out
    outcome = 'dropped' if sent else 'failed'
    after = ' The operation may continue on the server.' if sent else ' Nothing was sent.'
    error = AzureConnectionError(f'The connection to {_endpoint(cli_ctx)} {outcome}: {reason}.{after}')
    error.set_recommendation(accepted or 'Check the network and the endpoint, then run the command again.')
    return error


@contextmanager
def service_errors(recommendations=None, cli_ctx=None, accepted=None):
    """Turn service errors raised inside the block into one-line CLI errors.

    `recommendations` maps an ARM error code (any case) or an HTTP status to a hint that overrides the
    general one, for errors whose fix depends on the command. `accepted`, for the part of a long-running operation
    after the service accepted it, says how to check the outcome: an error then may not mean the change failed."""
    from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError
    try:
        yield
    except HttpResponseError as ex:
        hints = {str(k).lower(): v for k, v in (recommendations or {}).items()}
        hint = hints.get(error_code(ex).lower()) or hints.get(str(getattr(ex, 'status_code', '')))
        error = to_cli_error(ex, hint)
        if accepted and getattr(ex, 'status_code', None) in (429, 500, 502, 503, 504):
            # Throttled or unavailable while following the operation: the change itself may well have been made.
            error = type(error)(f'The request was accepted, but following it failed ({error.error_msg}): '
                                'the operation may have completed or still be running.')
            error.set_recommendation(accepted)
        raise error from None
    except (ServiceRequestError, ServiceResponseError) as ex:
        raise connection_error(ex, cli_ctx, accepted) from None
