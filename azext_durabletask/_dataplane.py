# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""A task hub's data plane: where it is, how to sign in to it, and its gRPC errors as one-line CLI errors.

The public contract is gRPC (`TaskHubSidecarService`); `durabletask-azuremanaged` does the work. grpc and
durabletask are imported inside functions, so loading the command table stays cheap.
"""

from collections import namedtuple
from contextlib import contextmanager
from urllib.parse import urlsplit

from azure.cli.core.azclierror import InvalidArgumentValueError, RequiredArgumentMissingError

from azext_durabletask.connection import AUTHENTICATION_TYPES, normalize_authentication, ready_endpoint

# The audience of Durable Task Scheduler's data plane: the public cloud's, and Azure US Government's (the Durable
# Task SDK picks the latter for regions starting usgov/usdod).
AUDIENCE = 'https://durabletask.io'
US_GOVERNMENT_AUDIENCE = 'https://durabletask.azure.us'
TOKEN_SCOPE = AUDIENCE + '/.default'
# A CLI call should fail rather than hang: every RPC gets this deadline unless it sets its own.
CALL_TIMEOUT_SECONDS = 60
# gRPC's default limit on a message a server accepts (4 MiB): a larger input or event is refused by the service after
# the connection was made. Checked before any request, with room left for the request's other fields.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
MESSAGE_OVERHEAD_BYTES = 64 * 1024

ConnectionString = namedtuple('ConnectionString', 'endpoint task_hub authentication client_id')


# --- connection strings and endpoints (no I/O) ---------------------------------------------------------------

def parse_endpoint(value, flag='--endpoint'):
    """`https://host[:port]` or `http://host[:port]` (trailing slash allowed), returned without the slash."""
    parts = urlsplit((value or '').strip().rstrip('/'))
    try:
        valid_port = parts.port is None or parts.port > 0
    except ValueError:  # not a number, or out of range
        valid_port = False
    if (parts.scheme.lower() not in ('http', 'https') or not parts.hostname or parts.path or parts.query
            or not valid_port):
        raise InvalidArgumentValueError(
            f"{flag} '{value}' is not an endpoint: use https://<scheduler endpoint> (az durabletask scheduler show "
            "--query properties.endpoint) or http://localhost:8080 for the DTS emulator.")
    return f'{parts.scheme.lower()}://{parts.netloc}'


def parse_connection_string(value, flag='--connection-string'):
    """`Endpoint=...;TaskHub=...;Authentication=...[;ClientID=...]` as a ConnectionString.

    Keys are case-insensitive; unknown keys are ignored (SDKs add their own). `authentication` is canonical
    (e.g. 'DefaultAzure', 'None'); a token is never allowed over plain http."""
    fields = {}
    for pair in (value or '').split(';'):
        if not pair.strip():
            continue
        key, found, item = pair.partition('=')
        if not found or not key.strip():
            raise InvalidArgumentValueError(
                f"{flag}: '{pair.strip()}' is not key=value. Example: \"Endpoint=https://myscheduler-abcd.westus2."
                "durabletask.io;TaskHub=mytaskhub;Authentication=DefaultAzure\".")
        fields[key.strip().lower()] = item.strip()
    if not fields.get('endpoint'):
        raise RequiredArgumentMissingError(f'{flag} has no Endpoint=...: it says where the scheduler is.')
    endpoint = parse_endpoint(fields['endpoint'], flag=f'{flag} Endpoint=')
    # Only None changes what az does: every other value means "a token", which az takes from its own login.
    authentication = fields.get('authentication') or 'DefaultAzure'
    canonical = normalize_authentication(authentication)
    if canonical is None:
        raise InvalidArgumentValueError(
            f"{flag}: Authentication={authentication} is not one of {', '.join(AUTHENTICATION_TYPES)}.")
    if canonical != 'None' and endpoint.startswith('http://'):
        raise InvalidArgumentValueError(
            f'{flag}: Authentication={canonical} sends a token, and a token is never sent over plain http. '
            'Use an https:// endpoint, or Authentication=None for a local backend such as the DTS emulator.')
    return ConnectionString(endpoint, fields.get('taskhub') or None, canonical, fields.get('clientid') or None)


# --- the target: which task hub, at which endpoint --------------------------------------------------------------

def token_audience(cloud, endpoint=None):
    """The data plane's token audience for az's current `cloud` and the scheduler's `endpoint`: Azure US
    Government's when either is in it (cloud name or ARM's usgovcloudapi.net; an endpoint host under azure.us or
    in a usgov/usdod region), else the public cloud's."""
    host = (urlsplit(endpoint or '').hostname or '').lower()
    labels = host.split('.')
    region = labels[1] if len(labels) > 3 else ''
    resource_manager = (getattr(getattr(cloud, 'endpoints', None), 'resource_manager', None) or '').lower()
    if (getattr(cloud, 'name', None) == 'AzureUSGovernment' or 'usgovcloudapi.net' in resource_manager
            or host.endswith('.azure.us') or region.startswith(('usgov', 'usdod'))):
        return US_GOVERNMENT_AUDIENCE
    return AUDIENCE


class TaskHubTarget:  # pylint: disable=too-few-public-methods
    """Where requests go and how errors describe it. `resource_group`/`scheduler` are set when found via ARM."""

    def __init__(self, endpoint, task_hub, use_token, resource_group=None, scheduler=None):
        self.endpoint = endpoint
        self.task_hub = task_hub
        self.use_token = use_token
        self.resource_group = resource_group
        self.scheduler = scheduler
        self.audience = AUDIENCE

    @property
    def args(self):
        """The az arguments that address this task hub, for the commands errors recommend."""
        if self.scheduler:
            return f'-g {self.resource_group} -s {self.scheduler} --task-hub {self.task_hub}'
        return f'--endpoint {self.endpoint} --task-hub {self.task_hub}'

    def __str__(self):
        return f"task hub '{self.task_hub}' at {self.endpoint}"


def resolve_target(cmd, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None, *,
                   connection_string=None):
    """The task hub the arguments name (validated beforehand); the scheduler's endpoint is read from ARM."""
    if connection_string:
        parsed = parse_connection_string(connection_string)
        return TaskHubTarget(parsed.endpoint, task_hub_name or parsed.task_hub, parsed.authentication != 'None')
    if endpoint:
        endpoint = parse_endpoint(endpoint)
        return TaskHubTarget(endpoint, task_hub_name, endpoint.startswith('https://'))
    from azext_durabletask._client_factory import cf_schedulers
    from azext_durabletask._errors import service_errors
    with service_errors({404: 'List the schedulers you can see: az durabletask scheduler list -o table'}):
        scheduler = cf_schedulers(cmd.cli_ctx).get(resource_group_name, scheduler_name)
    endpoint = ready_endpoint(scheduler, resource_group_name, scheduler_name)
    return TaskHubTarget(endpoint, task_hub_name, endpoint.startswith('https://'), resource_group_name,
                         scheduler_name)


# --- the connection ------------------------------------------------------------------------------------------

class TaskHubSession:  # pylint: disable=too-few-public-methods
    """One open channel to a task hub: the SDK's client for actions, the generated stub for raw reads."""

    def __init__(self, target, channel):
        import logging
        from durabletask.azuremanaged.client import DurableTaskSchedulerClient  # pylint: disable=import-error
        from durabletask.internal import orchestrator_service_pb2 as pb  # pylint: disable=import-error
        from durabletask.internal.orchestrator_service_pb2_grpc import (  # pylint: disable=import-error
            TaskHubSidecarServiceStub)
        self.target = target
        self.pb = pb
        self.stub = TaskHubSidecarServiceStub(channel)
        # The channel carries the task hub and the token; our logger keeps the SDK's INFO lines for --verbose.
        self.client = DurableTaskSchedulerClient(host_address=target.endpoint, taskhub=target.task_hub,
                                                 token_credential=None, channel=channel,
                                                 logger=logging.getLogger(__name__))


@contextmanager
def task_hub_session(  # pylint: disable=too-many-positional-arguments
        cmd, resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None, connection_string=None,
        writes=False):
    """Open the task hub the arguments name; inside the block, gRPC errors become one-line CLI errors.

    `writes` says which role a permission error should recommend (Data Contributor, else Data Reader)."""
    from azext_durabletask._sdk import ensure_sdk
    ensure_sdk(cmd.cli_ctx)
    target = resolve_target(cmd, resource_group_name, scheduler_name, task_hub_name, endpoint,
                            connection_string=connection_string)
    target.audience = token_audience(cmd.cli_ctx.cloud, target.endpoint)
    channel = open_channel(target, _bearer_token(cmd, target.audience) if target.use_token else None, _user_agent())
    try:
        with grpc_errors(target, writes, cmd.cli_ctx):
            yield TaskHubSession(target, channel)
    finally:
        channel.close()


def open_channel(target, token=None, user_agent=None):
    """A gRPC channel to the target: TLS for https (trusting REQUESTS_CA_BUNDLE like the rest of az), plain for
    http; every call carries the task hub, the token and a deadline."""
    import os
    import grpc  # pylint: disable=import-error
    parts = urlsplit(target.endpoint)
    secure = parts.scheme == 'https'
    address = f'{parts.hostname}:{parts.port or (443 if secure else 80)}'
    if secure:
        roots = None
        bundle = os.environ.get('REQUESTS_CA_BUNDLE')
        if bundle and os.path.isfile(bundle):
            with open(bundle, 'rb') as f:
                roots = f.read()
        channel = grpc.secure_channel(address, grpc.ssl_channel_credentials(root_certificates=roots))
    else:
        channel = grpc.insecure_channel(address)
    metadata = [('taskhub', target.task_hub)]
    if token:
        metadata.append(('authorization', 'Bearer ' + token))
    if user_agent:
        metadata.append(('x-user-agent', user_agent))
    return grpc.intercept_channel(channel, _call_interceptor(metadata))


def _call_interceptor(metadata):
    import grpc  # pylint: disable=import-error

    class _Details(grpc.ClientCallDetails):  # pylint: disable=too-few-public-methods
        def __init__(self, details):
            self.method = details.method
            self.timeout = details.timeout if details.timeout is not None else CALL_TIMEOUT_SECONDS
            self.metadata = list(details.metadata or []) + metadata
            self.credentials = details.credentials
            self.wait_for_ready = details.wait_for_ready
            self.compression = getattr(details, 'compression', None)

    class _AddMetadata(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor):
        def intercept_unary_unary(self, continuation, client_call_details, request):
            return continuation(_Details(client_call_details), request)

        def intercept_unary_stream(self, continuation, client_call_details, request):
            return continuation(_Details(client_call_details), request)

    return _AddMetadata()


def _bearer_token(cmd, audience=AUDIENCE):
    """A token for the data plane from az's own login (user, service principal or managed identity)."""
    from azure.cli.core._profile import Profile
    from azure.cli.core.commands.client_factory import get_subscription_id
    credential, _, _ = Profile(cli_ctx=cmd.cli_ctx).get_login_credentials(
        subscription_id=get_subscription_id(cmd.cli_ctx))
    return credential.get_token(audience + '/.default').token


def _user_agent():
    from azure.cli.core import __version__ as cli_version
    return f'AZURECLI/{cli_version} az-durabletask'


# --- errors --------------------------------------------------------------------------------------------------

@contextmanager
def grpc_errors(target, writes=False, cli_ctx=None):
    """Turn gRPC errors raised inside the block into one-line CLI errors that name the task hub and the fix."""
    import grpc  # pylint: disable=import-error
    try:
        yield
    except grpc.RpcError as ex:
        raise rpc_error_to_cli_error(target, ex, writes, cli_ctx) from None


def rpc_error_to_cli_error(target, ex, writes=False, cli_ctx=None):
    """The CLI error for a gRPC error `ex` (anything with `code()` and `details()`) from `target`."""
    from azure.cli.core import azclierror
    import grpc  # pylint: disable=import-error
    code = ex.code() if callable(getattr(ex, 'code', None)) else None
    details = ' '.join(str((ex.details() if callable(getattr(ex, 'details', None)) else None) or ex).split())
    if code == grpc.StatusCode.PERMISSION_DENIED:
        from azext_durabletask._roles import resolve_role
        role = resolve_role('contributor' if writes else 'reader')
        error = azclierror.ForbiddenError(f'Permission denied on {target}: {details}')
        if cli_ctx is not None and target.scheduler:  # reached through ARM: the two likely causes can be checked
            from azext_durabletask.access import explain_denied
            error.set_recommendation(explain_denied(cli_ctx, target.resource_group, target.scheduler,
                                                    target.task_hub, role))
            return error
        alternative = '' if writes else f" (or '{resolve_role('contributor').name}')"
        error.set_recommendation(
            "A missing role or the scheduler's IP allow list (not checked: the task hub was not named through "
            f"Azure). It needs the '{role.name}' role{alternative} on the task hub or its scheduler (it takes a few "
            f"minutes to apply): {_grant_hint(target, role.alias)}; and the caller's address in the scheduler's IP "
            "allow list.")
        return error
    if code == grpc.StatusCode.UNAUTHENTICATED:
        error = azclierror.UnauthorizedError(f'{target.endpoint} refused the credentials: {details}')
        error.set_recommendation(
            f'Sign in again (az login); the token is requested for {target.audience}/.default.'
            if target.use_token else
            'This endpoint wants a token: use its https:// address, or Authentication=DefaultAzure in the '
            'connection string.')
        return error
    if code == grpc.StatusCode.NOT_FOUND and 'task hub' in details.lower().replace('taskhub', 'task hub'):
        return _task_hub_not_found(target, details)
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        what = f'did not answer within {CALL_TIMEOUT_SECONDS} s' \
            if code == grpc.StatusCode.DEADLINE_EXCEEDED else 'cannot be reached'
        error = azclierror.AzureConnectionError(
            f"The endpoint {target.endpoint} {what} (task hub '{target.task_hub}'): {details}")
        if target.scheduler:
            error.set_recommendation(
                "Check the scheduler's network settings: az durabletask scheduler show "
                f'-g {target.resource_group} -n {target.scheduler} --query '
                '"properties.{endpoint:endpoint, ipAllowlist:ipAllowlist, publicNetworkAccess:publicNetworkAccess}"')
        else:
            error.set_recommendation(
                'Check the address and that the backend runs (the DTS emulator listens on http://localhost:8080; '
                'a plain-gRPC backend needs http://, Azure needs https://).')
        return error
    cls = {
        grpc.StatusCode.NOT_FOUND: azclierror.ResourceNotFoundError,
        grpc.StatusCode.INVALID_ARGUMENT: azclierror.InvalidArgumentValueError,
        grpc.StatusCode.ALREADY_EXISTS: azclierror.ValidationError,
        grpc.StatusCode.FAILED_PRECONDITION: azclierror.ValidationError,
        grpc.StatusCode.INTERNAL: azclierror.AzureInternalError,
    }.get(code, azclierror.AzureResponseError)
    name = code.name if code is not None else 'UNKNOWN'
    return cls(f'({name}) {details}')


def _task_hub_not_found(target, details):
    from azure.cli.core.azclierror import ResourceNotFoundError
    error = ResourceNotFoundError(f"Task hub '{target.task_hub}' was not found at {target.endpoint}: {details}")
    if target.scheduler:
        error.set_recommendation('List its task hubs: az durabletask taskhub list '
                                 f'-g {target.resource_group} -s {target.scheduler} -o table')
    else:
        error.set_recommendation('Check --task-hub (the DTS emulator serves the hubs in DTS_TASK_HUB_NAMES, '
                                 'by default only "default").')
    return error


def _grant_hint(target, alias):
    """The command that grants the signed-in account `alias` on the hub (by name when the hub was named by ARM)."""
    if target.scheduler:
        return (f'az durabletask role-assignment create -g {target.resource_group} -s {target.scheduler} '
                f'--task-hub {target.task_hub} --role {alias}')
    return ('az durabletask role-assignment create -g <group> -s <scheduler> '
            f'--task-hub {target.task_hub} --role {alias}')
