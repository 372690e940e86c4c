# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Clients, created through az's own factory so login, cloud, proxy and retry settings apply.

The SDK is imported here, inside functions, never at command-table load time.
"""


# The stable API every command sends, and the preview API of the preview-only groups.
API_VERSION = '2026-07-01'
PREVIEW_API_VERSION = '2026-07-01-preview'


def cf_durabletask(cli_ctx, *_):
    """The client for stable operations: every request it sends (LRO polls and next pages too) carries
    api-version API_VERSION.

    azure-mgmt-durabletask 1.2.0b1 checks each method against the client's configured api-version with a list
    of versions that has only 2026-02-01 and the previews (restart and TDE are 'added on 2026-05-01-preview'): a
    client configured with 2026-07-01 refuses them. So the client is configured with the preview version, which
    passes that check, and a per-call policy (azure-core's documented `per_call_policies`) sets the stable
    api-version on the wire. The models are the same at both versions."""
    return _client(cli_ctx, PREVIEW_API_VERSION, per_call_policies=[_stable_api_version_policy()])


def cf_durabletask_preview(cli_ctx, *_):
    """The client for preview-only operations (failover instances, detectors, task queues): PREVIEW_API_VERSION."""
    return _client(cli_ctx, PREVIEW_API_VERSION)


def _client(cli_ctx, api_version, **kwargs):
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azure.mgmt.durabletask import DurableTaskMgmtClient
    return get_mgmt_service_client(cli_ctx, DurableTaskMgmtClient, api_version=api_version, **kwargs)


def with_api_version(url, api_version):
    """`url` with its api-version query parameter set to `api_version` (added when absent); the rest untouched
    (next links carry opaque skip tokens that must not be re-encoded)."""
    import re
    if re.search(r'([?&])api-version=[^&#]*', url):
        return re.sub(r'([?&])api-version=[^&#]*', r'\g<1>api-version=' + api_version, url)
    return url + ('&' if '?' in url else '?') + 'api-version=' + api_version


def _stable_api_version_policy():
    from azure.core.pipeline.policies import SansIOHTTPPolicy

    class StableApiVersionPolicy(SansIOHTTPPolicy):
        def on_request(self, request):
            # Only Microsoft.DurableTask (its operation monitors too): the same pipeline reads Key Vault via ARM.
            if '/providers/microsoft.durabletask/' in request.http_request.url.lower():
                request.http_request.url = with_api_version(request.http_request.url, API_VERSION)

    return StableApiVersionPolicy()


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
    url = '{}?api-version={}'.format(path, API_VERSION)
    items = []
    while url:
        response = client.send_request(HttpRequest('GET', url))
        if response.status_code != 200:
            raise HttpResponseError(response=response, error_format=ARMErrorFormat)
        page = response.json()
        items.extend(page.get('value') or [])
        url = page.get('nextLink')
    return items


def arm_json(client, method, path, api_version, body=None):
    """One ARM request through the client's pipeline (login, retries, logging) for a provider the SDK does not
    cover (Microsoft.KeyVault), as JSON; ARM errors raise HttpResponseError."""
    from azure.core.exceptions import HttpResponseError
    from azure.core.rest import HttpRequest
    from azure.mgmt.core.exceptions import ARMErrorFormat
    url = path if '://' in path else '{}?api-version={}'.format(path, api_version)
    response = client.send_request(HttpRequest(method, url, json=body))
    if response.status_code >= 300:
        raise HttpResponseError(response=response, error_format=ARMErrorFormat)
    return response.json() if response.content else None


def list_arm_json(client, path, api_version):
    """Every item of an ARM list, following nextLink."""
    items, url = [], path
    while url:
        page = arm_json(client, 'GET', url, api_version)
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
