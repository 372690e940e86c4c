# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Every long-running call goes through `run_lro`.

Microsoft.DurableTask sends no `Retry-After` on its operations, and azure-mgmt-core then waits its default 30 s
between polls: a create that takes 20 s would be noticed at 30 s. `polling_method()` polls every second at
first, then waits 5 % of the time already waited (at most 10 s), honours `Retry-After` when the service sends
one, and follows the new Azure-AsyncOperation/Location URLs the service hands out with each 202.
"""

# How often the terminal is refreshed while the SDK's poller thread waits on the service. The poller
# honours Retry-After; this only bounds how late we notice it has finished (az core checks every 0.5 s).
_TICK_SECONDS = 0.05

# Poll intervals when the service sends no Retry-After: from 1 s, growing with the time waited, never over 10 s.
MIN_POLL_SECONDS = 1.0
MAX_POLL_SECONDS = 10.0
_POLL_GROWTH = 0.05
# `az durabletask ... wait --interval` default (az's own is 30 s).
WAIT_INTERVAL_SECONDS = 2


def poll_interval(waited):
    """Seconds until the next poll after `waited` seconds without a Retry-After: late by at most 5 % (or 1 s)."""
    return min(MAX_POLL_SECONDS, max(MIN_POLL_SECONDS, waited * _POLL_GROWTH))


def polling_method():
    """A fresh ARM polling method with our intervals (one per operation: it keeps the operation's state)."""
    import time
    from azure.core.polling.base_polling import LocationPolling, StatusCheckPolling
    from azure.mgmt.core.polling.arm_polling import ARMPolling, AzureAsyncOperationPolling, BodyContentPolling

    class _FollowingAsyncOperationPolling(AzureAsyncOperationPolling):
        """Polls the newest Azure-AsyncOperation URL: Azure hands out a new one (and a new Location) with each
        202 of a delete, and azure-core would keep polling the first."""

        def get_status(self, pipeline_response):
            headers = pipeline_response.http_response.headers
            if headers.get('azure-asyncoperation'):
                self._async_url = headers['azure-asyncoperation']
            if headers.get('location'):
                self._location_url = headers['location']
            return super().get_status(pipeline_response)

    class _PromptARMPolling(ARMPolling):
        def __init__(self):
            super().__init__(timeout=MIN_POLL_SECONDS, lro_algorithms=[
                _FollowingAsyncOperationPolling(), LocationPolling(), BodyContentPolling(), StatusCheckPolling()])
            self._started = time.monotonic()

        def initialize(self, client, initial_response, deserialization_callback):
            self._started = time.monotonic()
            super().initialize(client, initial_response, deserialization_callback)

        def _extract_delay(self):
            # azure-core uses Retry-After when present, else self._timeout: make that our interval.
            self._timeout = poll_interval(time.monotonic() - self._started)
            return super()._extract_delay()

    return _PromptARMPolling()


def run_lro(cmd, start, no_wait=False, message='Running', recommendations=None):
    """Start a long-running operation with `start(polling=...)` (an SDK `begin_*` call that passes `polling` on)
    and return its result.

    With `no_wait`, return as soon as the service has accepted the request, and start no poller thread
    (`polling=False`, as az's sdk_no_wait does): nothing polls behind the caller's back. Otherwise wait here,
    showing progress, and return the final resource; service errors become one-line CLI errors."""
    from azure.core.exceptions import HttpResponseError
    from azext_durabletask._errors import how_to_check, service_errors
    from azext_durabletask._provider import is_missing_registration, register_provider
    with service_errors(recommendations, cli_ctx=cmd.cli_ctx):
        try:
            poller = start(polling=False if no_wait else polling_method())
        except HttpResponseError as ex:
            if not is_missing_registration(ex):
                raise
            register_provider(cmd.cli_ctx)
            poller = start(polling=False if no_wait else polling_method())
    if no_wait:
        return None
    # The service has accepted the change: an error from here on does not mean it failed.
    with service_errors(recommendations, cli_ctx=cmd.cli_ctx, accepted=how_to_check(cmd)):
        return _wait(cmd.cli_ctx, poller, message)


def start_progress(cli_ctx, message):
    """az's indeterminate progress indicator, begun; None when the user turned progress off."""
    if cli_ctx.only_show_errors or cli_ctx.config.getboolean('core', 'disable_progress_bar', False):
        return None
    hook = cli_ctx.get_progress_controller(det=False)
    hook.begin(message=message)
    return hook


def _wait(cli_ctx, poller, message):
    hook = start_progress(cli_ctx, message)
    try:
        while not poller.done():
            poller.wait(_TICK_SECONDS)
            if hook:
                hook.add(message=f'{message} ({poller.status()})')
        return poller.result()
    finally:
        if hook:
            hook.end()
