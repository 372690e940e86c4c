# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Reading a resource before writing it or waiting on it (issue 11): a `create` that meets an existing resource (a
pipeline's re-run) keeps it, one that meets a resource still being written says how to wait, and `wait --created`
on a resource that does not exist says so instead of polling for an hour."""

from azext_durabletask._errors import service_errors

# States in which a resource is still being written: a create or update now would race the one under way.
BUSY_STATES = ('accepted', 'provisioning', 'creating', 'updating', 'deleting')


def read_existing(get):
    """The resource `get()` returns, or None when the service answers 404 (any other error is raised as one line).
    Used by every `create` that may meet an existing resource: a pipeline's re-run must not reset it."""
    from azure.core.exceptions import ResourceNotFoundError
    with service_errors():
        try:
            return get()
        except ResourceNotFoundError:
            return None


def check_not_busy(kind, name, state, wait_command):
    """Refuse to write over a resource that is still being created, updated or deleted: say how to wait instead."""
    from azure.cli.core.azclierror import ValidationError
    state_text = str(getattr(state, 'value', state) or '')
    if state_text.lower() not in BUSY_STATES:
        return
    if state_text.lower() == 'deleting':
        error = ValidationError(f"{kind} '{name}' is being deleted (provisioning state: {state_text}): wait until it "
                                "is gone, then create it again.")
        error.set_recommendation(wait_command + ' --deleted')
    else:
        error = ValidationError(f"{kind} '{name}' already exists and is still being provisioned (state: {state_text}): "
                                "another create or update is under way. Wait for it instead of creating it again.")
        error.set_recommendation(wait_command + (' --created' if state_text.lower() != 'updating' else ' --updated'))
    raise error


def read_for_wait(cmd, get, kind, name):
    """The getter of a `wait` command. az's wait keeps polling a resource that answers 404 for --created, --updated,
    --exists and --custom until its timeout (an hour): a typo, or a help example's placeholder, would hang. A create
    makes the resource visible at once (provisioning), so a 404 then means there is nothing to wait for: say so.
    Only --deleted waits for a 404."""
    from azure.core.exceptions import ResourceNotFoundError
    try:
        return get()
    except ResourceNotFoundError:
        given = (getattr(getattr(cmd, 'cli_ctx', None), 'data', None) or {}).get('safe_params') or []
        if '--deleted' not in given:
            from azure.cli.core.azclierror import ResourceNotFoundError as NotFound
            error = NotFound(f"{kind} '{name}' does not exist, and nothing is creating it: nothing to wait for.")
            error.set_recommendation('Check the names (list them with -o table), or create it first.')
            raise error from None
        raise
