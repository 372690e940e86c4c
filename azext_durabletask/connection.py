# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask taskhub show-connection-string: what an app or a tool needs to reach a task hub.

The builders are pure functions (no request) so other commands, e.g. `scheduler attach`, use the same strings.
"""

from urllib.parse import urlencode

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
        raise ValueError('endpoint must be a URL without ";": {!r}'.format(endpoint))
    if auth is None:
        raise ValueError('authentication must be one of {}: {!r}'.format(
            ', '.join(AUTHENTICATION_TYPES), authentication))
    if client_id and auth not in CLIENT_ID_AUTHENTICATION_TYPES:
        raise ValueError('a client id applies only to {}'.format(' and '.join(CLIENT_ID_AUTHENTICATION_TYPES)))
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


def dashboard_url(endpoint, task_hub):
    return '{}?{}'.format(DASHBOARD, urlencode({'endpoint': endpoint.rstrip('/'), 'taskhub': task_hub}))


def connection_details(endpoint, task_hub, dashboard=None, authentication='DefaultAzure', client_id=None):
    """Everything `show-connection-string` prints, from the scheduler's endpoint and the hub's name."""
    return {
        'endpoint': endpoint,
        'taskHub': task_hub,
        'dashboardUrl': dashboard or dashboard_url(endpoint, task_hub),
        'authentication': normalize_authentication(authentication),
        'connectionString': build_connection_string(endpoint, task_hub, authentication, client_id),
        'functionsAppSettings': functions_app_settings(endpoint, task_hub, authentication, client_id),
    }


def read_endpoint(cli_ctx, resource_group_name, scheduler_name, task_hub_name=None):
    """(endpoint, dashboard URL) read from the resources: the endpoint has a hash suffix, it is never derived
    from the name. The task hub, when named, is read too so a missing hub fails here, not in the app."""
    from azext_durabletask._client_factory import cf_durabletask
    from azext_durabletask._errors import service_errors
    client = cf_durabletask(cli_ctx)
    with service_errors():
        scheduler = client.schedulers.get(resource_group_name, scheduler_name)
        hub = client.task_hubs.get(resource_group_name, scheduler_name, task_hub_name) if task_hub_name else None
    endpoint = scheduler.properties.endpoint if scheduler.properties else None
    if not endpoint:
        from azure.cli.core.azclierror import ResourceNotFoundError
        raise ResourceNotFoundError(
            "Scheduler '{name}' has no endpoint yet (provisioning state: {state}). Wait for it: az durabletask "
            "scheduler wait -g {group} -n {name} --created".format(
                name=scheduler_name, group=resource_group_name,
                state=getattr(scheduler.properties, 'provisioning_state', None)))
    dashboard = hub.properties.dashboard_url if hub is not None and hub.properties else None
    return endpoint, dashboard


def show_connection_string(cmd, resource_group_name, scheduler_name, task_hub_name, authentication='DefaultAzure',
                           client_id=None):
    endpoint, dashboard = read_endpoint(cmd.cli_ctx, resource_group_name, scheduler_name, task_hub_name)
    return connection_details(endpoint, task_hub_name, dashboard, authentication, client_id)
