# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Registering Microsoft.DurableTask in a subscription that has never used it.

azure-mgmt-core's pipeline registers a missing provider by itself, but only when it can read the 409's
body, which it cannot on the first (streamed) response of a long-running call: a `create` as the first call
in a new subscription would fail. `run_lro` calls `register_provider` then, and retries once.
"""

import time

from azext_durabletask._resource import PROVIDER

_API_VERSION = '2021-04-01'
_TIMEOUT_SECONDS = 600


def is_missing_registration(ex):
    from azext_durabletask._errors import error_code
    return error_code(ex).lower() == 'missingsubscriptionregistration'


def register_provider(cli_ctx, timeout=_TIMEOUT_SECONDS):
    """Register the provider and wait until ARM says Registered (it can take minutes in Azure)."""
    from azure.core.rest import HttpRequest
    from knack.log import get_logger
    from azext_durabletask._client_factory import cf_durabletask
    from azext_durabletask._resource import current_subscription
    client = cf_durabletask(cli_ctx)
    path = f'/subscriptions/{current_subscription(cli_ctx)}/providers/{PROVIDER}'
    get_logger(__name__).warning('Registering the %s resource provider in this subscription (once)...', PROVIDER)
    client.send_request(HttpRequest('POST', path + '/register', params={'api-version': _API_VERSION})) \
        .raise_for_status()
    deadline = time.monotonic() + timeout
    while True:
        response = client.send_request(HttpRequest('GET', path, params={'api-version': _API_VERSION}))
        response.raise_for_status()
        if response.json().get('registrationState') == 'Registered':
            return
        if time.monotonic() > deadline:
            from azure.cli.core.azclierror import AzureResponseError
            raise AzureResponseError(f'{PROVIDER} is still registering. Wait, then retry: '
                                     f'az provider show --namespace {PROVIDER} --query registrationState')
        time.sleep(int(response.headers.get('Retry-After', 2)))
