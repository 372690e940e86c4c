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
        'Each subscription may have 25 Dedicated or 10 Consumption schedulers per region. Delete unused ones '
        '(az durabletask scheduler list -o table) or choose another region.',
    'resourcegroupnotfound': 'Create the resource group first: az group create --name <group> --location <region>',
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
    text = '({}) {}'.format(code, error_message(ex)) if code else error_message(ex)
    error = getattr(azclierror, cls_name)(text)
    hint = recommendation or RECOMMENDATIONS.get(code.lower())
    if hint:
        error.set_recommendation(hint)
    return error


@contextmanager
def service_errors(recommendations=None):
    """Turn service errors raised inside the block into one-line CLI errors.

    `recommendations` maps an ARM error code (any case) or an HTTP status to a hint that overrides the
    general one, for errors whose fix depends on the command."""
    from azure.core.exceptions import HttpResponseError
    try:
        yield
    except HttpResponseError as ex:
        hints = {str(k).lower(): v for k, v in (recommendations or {}).items()}
        hint = hints.get(error_code(ex).lower()) or hints.get(str(getattr(ex, 'status_code', '')))
        raise to_cli_error(ex, hint) from None
