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


def cf_failover_instances(cli_ctx, *_):
    return cf_durabletask_preview(cli_ctx).failover_instances


def cf_detectors(cli_ctx, *_):
    return cf_durabletask_preview(cli_ctx).detectors


def cf_task_queues(cli_ctx, *_):
    return cf_durabletask_preview(cli_ctx).task_queues


class ArmJsonClient:  # pylint: disable=too-few-public-methods
    """A bare ARM pipeline for reads, with what az gives every client (login, user agent, headers, retries, network
    logging) and no SDK: a `show` is one GET, and importing azure.mgmt.durabletask's models and operations costs more
    than the request. Made by az's own factory (`cf_arm_json`), used through `arm_json` / `list_json`."""

    def __init__(self, credential, subscription_id, base_url=None, **kwargs):  # pylint: disable=unused-argument
        from azure.core.pipeline import policies
        from azure.mgmt.core import ARMPipelineClient
        from azure.mgmt.core.policies import ARMHttpLoggingPolicy
        self.subscription_id = subscription_id
        pipeline = [
            policies.RequestIdPolicy(**kwargs),
            kwargs.get('headers_policy') or policies.HeadersPolicy(**kwargs),
            kwargs.get('user_agent_policy') or policies.UserAgentPolicy(**kwargs),
            policies.ProxyPolicy(**kwargs),
            policies.ContentDecodePolicy(**kwargs),
            policies.RedirectPolicy(**kwargs),
            policies.RetryPolicy(**kwargs),
            kwargs.get('authentication_policy'),
            kwargs.get('custom_hook_policy') or policies.CustomHookPolicy(**kwargs),
            kwargs.get('logging_policy') or policies.NetworkTraceLoggingPolicy(**kwargs),
            policies.DistributedTracingPolicy(**kwargs),
            policies.SensitiveHeaderCleanupPolicy(**kwargs),
            kwargs.get('http_logging_policy') or ARMHttpLoggingPolicy(**kwargs),
        ]
        self._client = ARMPipelineClient(base_url=base_url, policies=[p for p in pipeline if p is not None])

    def send_request(self, request, **kwargs):
        """As the SDK clients' send_request: a path is joined to the ARM endpoint; an absolute URL (a next link)
        is sent as it is."""
        request.url = self._client.format_url(request.url)
        return self._client.send_request(request, **kwargs)


def cf_arm_json(cli_ctx, *_):
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    return get_mgmt_service_client(cli_ctx, ArmJsonClient)


# scheduler.py and encryption.py pass them positionally
# pylint: disable-next=too-many-positional-arguments
def list_json(client, path, api_version=API_VERSION, max_items=None, next_token=None, cli_ctx=None):
    """Every item of the ARM list at `path` (no query), following nextLink, as the JSON the service sent (with
    `max_items` / `next_token`: az's paging, see `collect_pages`).

    Without SDK models: for a long list they cost more than the requests (2,000 task hubs: 0.4 s to build them,
    and as much again to turn them back into JSON)."""
    return collect_pages(lambda url: arm_json(client, 'GET', url, api_version), path, api_version, max_items,
                         next_token, cli_ctx=cli_ctx)


def collect_pages(get_page, first_url, api_version, max_items=None, next_token=None, *, cli_ctx=None):
    """The items of an ARM list whose first page is at `first_url`, `get_page(url)` giving each page's JSON.

    `max_items` / `next_token` (decoded by `decode_page_token`): az's aaz paging. At most `max_items` items, starting
    where the token says (its link sent with `api_version`); when more remain, the token of the next page is printed
    as a warning after the output, in aaz's form (base64 of {"next_link", "offset"}), so tokens of the public
    extension's commands work here too. A page is never fetched beyond the one where the output ends."""
    url = first_url
    link, offset = None, 0  # link: the page's URL as a token names it (None: the first page)
    if next_token:
        link, offset = next_token['next_link'], next_token['offset']
        url = with_api_version(link, api_version) if link else url
    items = []
    while url:
        page = get_page(url)
        values = (page.get('value') or [])[offset:]
        next_link = page.get('nextLink')
        if max_items is not None:
            room = max_items - len(items)
            if len(values) > room:  # the next page of output starts inside this page
                _print_page_token(cli_ctx, link, offset + room)
                return items + values[:room]
            if len(values) == room and next_link:
                _print_page_token(cli_ctx, next_link, 0)
                return items + values
        items.extend(values)
        url = link = next_link
        offset = 0
    return items


def scheduler_path(client, resource_group_name, scheduler_name):
    """The ARM path of a scheduler in an ArmJsonClient's subscription (the group quoted: it may hold any character)."""
    from urllib.parse import quote
    from azext_durabletask._resource import scheduler_id
    return scheduler_id(client.subscription_id, quote(resource_group_name, safe=''), scheduler_name)


def arm_json(client, method, path, api_version=API_VERSION, body=None):
    """One ARM request through a client's pipeline (an ArmJsonClient, or an SDK client for a provider the SDK does
    not cover, such as Microsoft.KeyVault), as the service's JSON; ARM errors raise HttpResponseError. `path`: an
    ARM path (api_version is added) or a next link."""
    from azure.core.exceptions import HttpResponseError
    from azure.core.rest import HttpRequest
    from azure.mgmt.core.exceptions import ARMErrorFormat
    url = path if '://' in path else f'{path}?api-version={api_version}'
    response = client.send_request(HttpRequest(method, url, json=body))
    if response.status_code >= 300:
        raise HttpResponseError(response=response, error_format=ARMErrorFormat)
    return response.json() if response.content else None


def encode_page_token(next_link, offset):
    import base64
    import json
    return base64.b64encode(json.dumps({'next_link': next_link, 'offset': offset}).encode('utf-8')).decode('utf-8')


def decode_page_token(token):
    """{'next_link', 'offset'} of a token printed with --max-items (ours or an aaz command's); ValueError if it is
    not one."""
    import base64
    import binascii
    import json
    try:
        value = json.loads(base64.b64decode(token.strip(), validate=True).decode('utf-8'))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValueError(token) from None
    if (not isinstance(value, dict) or not isinstance(value.get('offset'), int) or value['offset'] < 0
            or not isinstance(value.get('next_link'), (str, type(None)))):
        raise ValueError(token)
    return value


def _print_page_token(cli_ctx, next_link, offset):
    """After the output, as aaz does: `Token of next page: <token>`."""
    from knack.events import EVENT_CLI_SUCCESSFUL_EXECUTE
    from knack.log import get_logger
    token = encode_page_token(next_link, offset)

    def warn(*_, **__):
        get_logger(__name__).warning('Token of next page: %s', token)
    cli_ctx.register_event(EVENT_CLI_SUCCESSFUL_EXECUTE, warn)


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
