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


PREVIEW_API_VERSION = '2026-07-01-preview'


def cf_durabletask_preview(cli_ctx, *_):
    """The client at 2026-07-01-preview, for the preview-only groups (failover instances, detectors, task queues):
    the SDK refuses their methods on a client built for any other api-version."""
    from azure.cli.core.commands.client_factory import get_mgmt_service_client
    from azure.mgmt.durabletask import DurableTaskMgmtClient
    return get_mgmt_service_client(cli_ctx, DurableTaskMgmtClient, api_version=PREVIEW_API_VERSION)


def cf_failover_instances(cli_ctx, *_):
    return cf_durabletask_preview(cli_ctx).failover_instances


def cf_detectors(cli_ctx, *_):
    return cf_durabletask_preview(cli_ctx).detectors


def cf_task_queues(cli_ctx, *_):
    return cf_durabletask_preview(cli_ctx).task_queues


def list_json(client, path, max_items=None, next_token=None, cli_ctx=None):
    """Every item of the ARM list at `path` (no query), following nextLink, as the JSON the service sent (with
    `max_items` / `next_token`: az's paging, see `collect_pages`).

    Through the SDK client's pipeline (login, retries, logging), without SDK models: for a long list they cost more
    than the requests (2,000 task hubs: 0.4 s to build them, and as much again to turn them back into JSON)."""
    from azure.core.exceptions import HttpResponseError
    from azure.core.rest import HttpRequest
    from azure.mgmt.core.exceptions import ARMErrorFormat
    api_version = client._config.api_version  # pylint: disable=protected-access

    def get_page(url):
        response = client.send_request(HttpRequest('GET', url))
        if response.status_code != 200:
            raise HttpResponseError(response=response, error_format=ARMErrorFormat)
        return response.json()
    return collect_pages(get_page, '{}?api-version={}'.format(path, api_version), api_version, max_items, next_token,
                         cli_ctx)


def collect_pages(get_page, first_url, api_version, max_items=None, next_token=None, cli_ctx=None):
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


def with_api_version(url, api_version):
    """`url` with its api-version set to `api_version` (added when absent); the rest untouched: next links carry
    opaque skip tokens that must not be decoded and encoded again."""
    import re
    pattern = r'([?&])api-version=[^&#]*'
    if re.search(pattern, url):
        return re.sub(pattern, lambda match: match.group(1) + 'api-version=' + api_version, url)
    return url + ('&' if '?' in url else '?') + 'api-version=' + api_version


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
