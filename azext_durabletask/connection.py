# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask taskhub show-connection-string: what an app or a tool needs to reach a task hub.

The builders are pure functions (no request) so other commands, e.g. `scheduler attach`, use the same strings.
"""

import re
from urllib.parse import quote, urlencode

# The `Authentication=` values the Durable Task SDKs and the Azure Functions extension understand.
AUTHENTICATION_TYPES = ('DefaultAzure', 'ManagedIdentity', 'WorkloadIdentity', 'Environment', 'AzureCLI', 'None')
# Those that take a `ClientID=` (the client id of a user-assigned identity or of a federated app).
CLIENT_ID_AUTHENTICATION_TYPES = ('ManagedIdentity', 'WorkloadIdentity')

# The two app settings of an Azure Functions app that uses the Durable Task Scheduler backend.
FUNCTIONS_CONNECTION_SETTING = 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'
FUNCTIONS_TASK_HUB_SETTING = 'TASKHUB_NAME'

DASHBOARD = 'https://dashboard.durabletask.io/'


def normalize_authentication(value):
    """The canonical spelling of an `Authentication=` value given in any case; None when it is not one."""
    text = (value or '').strip().lower()
    return next((name for name in AUTHENTICATION_TYPES if name.lower() == text), None)


def build_connection_string(endpoint, task_hub=None, authentication='DefaultAzure', client_id=None):
    """`Endpoint=...;TaskHub=...;Authentication=...[;ClientID=...]`, the form the Durable Task SDKs parse.

    Without `task_hub` it is the Azure Functions form (the hub is the TASKHUB_NAME app setting there)."""
    auth = normalize_authentication(authentication)
    if not endpoint or ';' in endpoint:
        raise ValueError(f'endpoint must be a URL without ";": {endpoint!r}')
    if auth is None:
        raise ValueError(f"authentication must be one of {', '.join(AUTHENTICATION_TYPES)}: {authentication!r}")
    if client_id and auth not in CLIENT_ID_AUTHENTICATION_TYPES:
        raise ValueError(f"a client id applies only to {' and '.join(CLIENT_ID_AUTHENTICATION_TYPES)}")
    parts = ['Endpoint=' + endpoint.rstrip('/')]
    if task_hub:
        parts.append('TaskHub=' + task_hub)
    parts.append('Authentication=' + auth)
    if client_id:
        parts.append('ClientID=' + client_id)
    return ';'.join(parts)


def functions_app_settings(endpoint, task_hub, authentication='ManagedIdentity', client_id=None):
    """The two app settings an Azure Functions app reads: the connection string (without the hub) and the hub."""
    return {
        FUNCTIONS_CONNECTION_SETTING: build_connection_string(endpoint, None, authentication, client_id),
        FUNCTIONS_TASK_HUB_SETTING: task_hub,
    }


def dashboard_url(endpoint, task_hub, subscription_id, scheduler_name, tenant_id):
    """The form Azure gives a task hub's `dashboardUrl` (as recorded, escapes in lower case), for a hub that has
    none: `.../subscriptions/<sub>/schedulers/<scheduler>/taskhubs/<hub>?endpoint=<endpoint>&tenantId=<tenant>`."""
    query = urlencode({'endpoint': endpoint.rstrip('/'), **({'tenantId': tenant_id} if tenant_id else {})})
    query = re.sub('%[0-9A-F]{2}', lambda escape: escape.group(0).lower(), query)
    return (f"{DASHBOARD}subscriptions/{quote(subscription_id, safe='')}/schedulers/{quote(scheduler_name, safe='')}"
            f"/taskhubs/{quote(task_hub, safe='')}?{query}")


# States in which Azure shows `endpoint: ""`, and the `scheduler wait` condition that waits them out.
_BUSY_STATES = {'accepted': ('being created', '--created'), 'provisioning': ('being created', '--created'),
                'updating': ('being updated', '--updated')}


def ready_endpoint(scheduler, resource_group_name, scheduler_name):
    """The scheduler's endpoint (without a trailing slash). While Azure is creating or updating the scheduler its
    endpoint is "": say so and how to wait, rather than fail later on an empty address."""
    from azure.cli.core.azclierror import ValidationError
    properties = getattr(scheduler, 'properties', None)
    state = getattr(properties, 'provisioning_state', None)
    state = str(getattr(state, 'value', state) or '')
    busy = _BUSY_STATES.get(state.lower())
    if busy:
        raise ValidationError(
            f"Scheduler '{scheduler_name}' is still {busy[0]} (provisioningState: {state}); its endpoint is not ready. "
            f"Wait for it: az durabletask scheduler wait -g {resource_group_name} -n {scheduler_name} {busy[1]}")
    endpoint = getattr(properties, 'endpoint', None)
    if not endpoint:
        raise ValidationError(
            f"Scheduler '{scheduler_name}' has no endpoint (provisioningState: {state or 'unknown'}). "
            f"Check it: az durabletask scheduler show -g {resource_group_name} -n {scheduler_name}")
    return endpoint.rstrip('/')


def connection_details(endpoint, task_hub, dashboard, authentication='DefaultAzure', client_id=None):
    """Everything `show-connection-string` prints, from the scheduler's endpoint, the hub's name and its
    dashboard URL."""
    return {
        'endpoint': endpoint,
        'taskHub': task_hub,
        'dashboardUrl': dashboard,
        'authentication': normalize_authentication(authentication),
        'connectionString': build_connection_string(endpoint, task_hub, authentication, client_id),
        'functionsAppSettings': functions_app_settings(endpoint, task_hub, authentication, client_id),
    }


def read_endpoint(cli_ctx, resource_group_name, scheduler_name, task_hub_name=None):
    """(endpoint, the hub's dashboard URL or None) read from the resources: the endpoint has a hash suffix, it is
    never derived from the name. The scheduler is read first (it may still be provisioning); the task hub, when
    named, is read too so a missing hub fails here, not in the app."""
    from azext_durabletask._client_factory import cf_durabletask
    from azext_durabletask._errors import service_errors
    client = cf_durabletask(cli_ctx)
    with service_errors():
        scheduler = client.schedulers.get(resource_group_name, scheduler_name)
    endpoint = ready_endpoint(scheduler, resource_group_name, scheduler_name)
    with service_errors():
        hub = client.task_hubs.get(resource_group_name, scheduler_name, task_hub_name) if task_hub_name else None
    dashboard = getattr(hub.properties, 'dashboard_url', None) if hub is not None and hub.properties else None
    return endpoint, dashboard


def show_connection_string(cmd, resource_group_name, scheduler_name, task_hub_name, *, authentication='DefaultAzure',
                           client_id=None):
    endpoint, dashboard = read_endpoint(cmd.cli_ctx, resource_group_name, scheduler_name, task_hub_name)
    if not dashboard:
        from azure.cli.core._profile import Profile
        from azext_durabletask._resource import current_subscription
        subscription = current_subscription(cmd.cli_ctx)
        tenant = Profile(cli_ctx=cmd.cli_ctx).get_subscription(subscription).get('tenantId')
        dashboard = dashboard_url(endpoint, task_hub_name, subscription, scheduler_name, tenant)
    return connection_details(endpoint, task_hub_name, dashboard, authentication, client_id)
