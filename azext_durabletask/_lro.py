# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Every long-running call goes through `run_lro`."""

# How often the terminal is refreshed while the SDK's poller thread waits on the service. The poller
# honours Retry-After; this only bounds how late we notice it has finished (az core checks every 0.5 s).
_TICK_SECONDS = 0.05


def run_lro(cmd, start, no_wait=False, message='Running', recommendations=None):
    """Start a long-running operation with `start(**polling)` (an SDK `begin_*` call that passes `polling` on)
    and return its result.

    With `no_wait`, return as soon as the service has accepted the request, and start no poller thread
    (`polling=False`, as az's sdk_no_wait does): nothing polls behind the caller's back. Otherwise wait here,
    showing progress, and return the final resource; service errors become one-line CLI errors."""
    polling = {'polling': False} if no_wait else {}
    from azure.core.exceptions import HttpResponseError
    from azext_durabletask._errors import how_to_check, service_errors
    from azext_durabletask._provider import is_missing_registration, register_provider
    with service_errors(recommendations, cli_ctx=cmd.cli_ctx):
        try:
            poller = start(**polling)
        except HttpResponseError as ex:
            if not is_missing_registration(ex):
                raise
            register_provider(cmd.cli_ctx)
            poller = start(**polling)
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
                hook.add(message='{} ({})'.format(message, poller.status()))
        return poller.result()
    finally:
        if hook:
            hook.end()
