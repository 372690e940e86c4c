# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Clients, created through az's own factory so login, cloud, proxy and retry settings apply.

The SDK is imported here, inside functions, never at command-table load time.
"""


def cf_durabletask(cli_ctx, *_):
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azure.mgmt.durabletask import DurableTaskMgmtClient
    return get_mgmt_service_client(cli_ctx, DurableTaskMgmtClient)


def cf_schedulers(cli_ctx, *_):
    return cf_durabletask(cli_ctx).schedulers


def cf_task_hubs(cli_ctx, *_):
    return cf_durabletask(cli_ctx).task_hubs


def cf_retention_policies(cli_ctx, *_):
    return cf_durabletask(cli_ctx).retention_policies


def list_json(client, path):
    """Every item of the ARM list at `path` (no query), following nextLink, as the JSON the service sent.

    Through the SDK client's pipeline (login, retries, logging), without SDK models: for a long list they cost more
    than the requests (2,000 task hubs: 0.4 s to build them, and as much again to turn them back into JSON)."""
    from azure.core.exceptions import HttpResponseError
    from azure.core.rest import HttpRequest
    from azure.mgmt.core.exceptions import ARMErrorFormat
    url = '{}?api-version={}'.format(path, client._config.api_version)  # pylint: disable=protected-access
    items = []
    while url:
        response = client.send_request(HttpRequest('GET', url))
        if response.status_code != 200:
            raise HttpResponseError(response=response, error_format=ARMErrorFormat)
        page = response.json()
        items.extend(page.get('value') or [])
        url = page.get('nextLink')
    return items


# --- access: role assignments, identities and the apps `scheduler attach` configures -------------------------

def cf_authorization(cli_ctx, subscription_id=None):
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azure.cli.core.profiles import ResourceType
    return get_mgmt_service_client(cli_ctx, ResourceType.MGMT_AUTHORIZATION, subscription_id=subscription_id)


def cf_user_assigned_identities(cli_ctx, subscription_id=None):
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azure.cli.core.profiles import ResourceType
    return get_mgmt_service_client(cli_ctx, ResourceType.MGMT_MSI,
                                   subscription_id=subscription_id).user_assigned_identities


def cf_web_apps(cli_ctx, subscription_id=None):
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azure.cli.core.profiles import ResourceType
    return get_mgmt_service_client(cli_ctx, ResourceType.MGMT_APPSERVICE, subscription_id=subscription_id).web_apps


def cf_container_apps(cli_ctx, subscription_id=None):
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azure.cli.core.profiles import ResourceType
    return get_mgmt_service_client(cli_ctx, ResourceType.MGMT_APPCONTAINERS,
                                   subscription_id=subscription_id).container_apps
