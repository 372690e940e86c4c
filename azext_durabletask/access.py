# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask role-assignment: Durable Task roles at scheduler and task-hub scope.

The scheduler has no keys: apps and people reach it only through these role assignments. `grant` is also what
`scheduler attach` uses.
"""

import time
import uuid

from knack.log import get_logger

from azext_durabletask._errors import error_code, service_errors, to_cli_error
from azext_durabletask._lro import start_progress
from azext_durabletask._resource import parse_id, parse_role_assignment_id, scheduler_scope, subscription_of
from azext_durabletask._roles import (ASSIGNMENT_WRITERS, assignment_name, resolve_principal, role_definition_id,
                                      role_of_definition)

logger = get_logger(__name__)

# How long a grant waits for a User or Group that Azure RBAC does not know yet (directory replication), and the
# pauses between attempts. A ServicePrincipal (apps, managed identities) is never waited for: with
# principalType ServicePrincipal ARM skips the directory lookup, so PrincipalNotFound then means a wrong id.
PROPAGATION_TIMEOUT_SECONDS = 60
_FIRST_PAUSE_SECONDS = 2
_MAX_PAUSE_SECONDS = 10

_SCOPE_MISSING = {
    404: 'Check the scheduler and task hub names: az durabletask taskhub list -g <group> -s <scheduler> -o table',
}


# --- commands ------------------------------------------------------------------------------------------------

def create_role_assignment(cmd, resource_group_name, scheduler_name, role, *, task_hub_name=None, assignee=None,
                           assignee_object_id=None, assignee_principal_type=None):
    scope = scheduler_scope(cmd, resource_group_name, scheduler_name, task_hub_name)
    principal = resolve_principal(cmd.cli_ctx, assignee, assignee_object_id, assignee_principal_type)
    assignment, _ = grant(cmd.cli_ctx, scope, role, principal)
    return assignment


def list_role_assignments(cmd, resource_group_name, scheduler_name, *, task_hub_name=None, role=None, assignee=None,
                          assignee_object_id=None, include_inherited=False):
    """Every Durable Task role assignment on the scheduler and its task hubs (or on one hub), in one call."""
    scope = scheduler_scope(cmd, resource_group_name, scheduler_name, task_hub_name)
    principal_id = None
    if assignee or assignee_object_id:
        principal_id = resolve_principal(cmd.cli_ctx, assignee, assignee_object_id, need_type=False).object_id
    client = _assignments_client(cmd.cli_ctx, scope)
    with service_errors(_SCOPE_MISSING):
        # Without a filter ARM returns the assignments at, above and below the scope: the hubs' come along.
        found = list(client.list_for_scope(scope))
    lowered = scope.lower()
    selected = []
    for assignment in found:
        assignment_scope = (assignment.scope or '').lower()
        inside = assignment_scope == lowered or assignment_scope.startswith(lowered + '/')
        if not inside and not (include_inherited and lowered.startswith(assignment_scope.rstrip('/') + '/')):
            continue
        found_role = role_of_definition(assignment.role_definition_id)
        if found_role is None or (role is not None and found_role != role):
            continue
        if principal_id and (assignment.principal_id or '').lower() != principal_id.lower():
            continue
        selected.append(assignment)
    names = _principal_names(cmd.cli_ctx, {a.principal_id for a in selected})
    views = [assignment_view(a, names.get(a.principal_id)) for a in selected]
    return sorted(views, key=lambda v: (len(v['scope']), v['scope'].lower(), v['roleDefinitionName'],
                                        v.get('principalName') or v['principalId']))


def delete_role_assignment(cmd, resource_group_name=None, scheduler_name=None, role=None, *, task_hub_name=None,
                           assignee=None, assignee_object_id=None, assignment_ids=None):
    if assignment_ids:
        for assignment_id in assignment_ids:
            scope, name = parse_role_assignment_id(assignment_id)
            with service_errors():
                _assignments_client(cmd.cli_ctx, scope).delete(scope, name)
        return
    scope = scheduler_scope(cmd, resource_group_name, scheduler_name, task_hub_name)
    principal = resolve_principal(cmd.cli_ctx, assignee, assignee_object_id, need_type=False)
    client = _assignments_client(cmd.cli_ctx, scope)
    matches = find_assignments(client, scope, role, principal.object_id)
    if not matches:
        logger.warning("Nothing to delete: %s has no '%s' role assignment at %s.",
                       principal.display_name or principal.object_id, role.name, scope)
    for assignment in matches:
        with service_errors():
            client.delete(scope, assignment.name)


# --- the grant, shared with `scheduler attach` ---------------------------------------------------------------

def grant(cli_ctx, scope, role, principal):
    """Give `principal` the Durable Task `role` at `scope`, once: an equal assignment that exists (made by any
    tool) is returned as it is. Returns (assignment view, created)."""
    client = _assignments_client(cli_ctx, scope)
    existing = find_assignments(client, scope, role, principal.object_id)
    if existing:
        logger.info('%s already has %s at %s', principal.object_id, role.name, scope)
        return assignment_view(existing[0], principal.display_name), False
    subscription = subscription_of(scope)
    body = {'properties': {'roleDefinitionId': role_definition_id(subscription, role),
                           'principalId': principal.object_id,
                           'principalType': principal.principal_type}}
    # The deterministic name first; if it is taken (an equal assignment made meanwhile, or a name clash elsewhere
    # in the tenant), return the equal one or try once more under a random name.
    for name in (assignment_name(scope, role, principal.object_id), str(uuid.uuid4())):
        created = _create_waiting_for_principal(cli_ctx, client, scope, name, body, principal=principal, role=role)
        if created is not None:
            break
        existing = find_assignments(client, scope, role, principal.object_id)
        if existing:
            return assignment_view(existing[0], principal.display_name), False
    else:
        from azure.cli.core.azclierror import AzureResponseError
        raise AzureResponseError(f'(RoleAssignmentExists) The role assignment exists, but not at {scope}: retry the '
                                 'command.')
    return assignment_view(created, principal.display_name), True


def keep_only_role(cli_ctx, scope, role, principal):
    """Make `role` the only Durable Task role `principal` holds exactly at `scope` (`scheduler attach` asks for one
    role: a higher one left in place would make the lower one meaningless). Returns (the role names removed there,
    [{'role', 'scope'}] of every Durable Task role it holds at or above `scope` afterwards)."""
    client = _assignments_client(cli_ctx, scope)
    with service_errors(_SCOPE_MISSING):
        found = list(client.list_for_scope(scope, filter=f"principalId eq '{principal.object_id}'"))
    lowered = scope.lower()
    removed, held = [], []
    for assignment in found:
        found_role = role_of_definition(assignment.role_definition_id)
        if found_role is None or (assignment.principal_id or '').lower() != principal.object_id.lower():
            continue
        assignment_scope = (assignment.scope or '').lower()
        if assignment_scope == lowered and found_role != role:
            with service_errors():
                client.delete(scope, assignment.name)
            removed.append(found_role.name)
        elif assignment_scope == lowered or lowered.startswith(assignment_scope.rstrip('/') + '/'):
            held.append({'role': found_role.name, 'scope': assignment.scope})
    return removed, sorted(held, key=lambda h: len(h['scope']))


def find_assignments(client, scope, role, principal_id):
    """The assignments of `role` to `principal_id` exactly at `scope` (not inherited ones)."""
    with service_errors(_SCOPE_MISSING):
        at_scope = list(client.list_for_scope(scope, filter='atScope()'))
    return [a for a in at_scope
            if (a.scope or '').lower() == scope.lower() and role_of_definition(a.role_definition_id) == role
            and (a.principal_id or '').lower() == principal_id.lower()]


def _create_waiting_for_principal(cli_ctx, client, scope, name, body, *, principal, role):
    """PUT the assignment; while ARM does not know a User or Group yet (PrincipalNotFound), retry for a bounded
    time, saying so once and showing progress. None when an equal assignment appeared meanwhile."""
    from azure.core.exceptions import HttpResponseError
    deadline = time.monotonic() + PROPAGATION_TIMEOUT_SECONDS
    pause, attempt, progress = _FIRST_PAUSE_SECONDS, 1, None
    waits = (principal.principal_type or '').lower() != 'serviceprincipal'
    try:
        while True:
            try:
                return client.create(scope, name, body)
            except HttpResponseError as ex:
                code = error_code(ex).lower()
                if code == 'roleassignmentexists':
                    return None
                if code != 'principalnotfound' or not waits or time.monotonic() + pause > deadline:
                    raise _grant_error(ex, scope, role, principal, waited=waits) from None
                if attempt == 1:
                    logger.warning('Waiting for directory replication: Azure RBAC does not know %s %s yet; retrying '
                                   'for up to %d seconds.', principal.principal_type or 'principal',
                                   principal.object_id, PROPAGATION_TIMEOUT_SECONDS)
                    progress = start_progress(cli_ctx, 'Waiting for directory replication')
                attempt += 1
                if progress:
                    progress.add(
                        message=f'Waiting for principal {principal.object_id} to replicate (attempt {attempt})')
                time.sleep(pause)
                pause = min(pause * 2, _MAX_PAUSE_SECONDS)
    finally:
        if progress:
            progress.end()


def _grant_error(ex, scope, role, principal, waited=True):
    """One line for the errors a grant meets, with the fix."""
    code = error_code(ex).lower()
    if code == 'principalnotfound' and not waited:
        return to_cli_error(ex, 'Azure does not look up a ServicePrincipal in the directory, so '
                                f'{principal.object_id} is not the object id of a service principal: check it (az ad '
                                'sp show --id <app id> --query id -o tsv; for a managed identity: az identity show '
                                '--ids <id> --query principalId -o tsv).')
    if code == 'principalnotfound':
        return to_cli_error(ex, f'The principal {principal.object_id} was not found after waiting '
                                f'{PROPAGATION_TIMEOUT_SECONDS} seconds. Check the object id; a new user or group can '
                                'take a few minutes to replicate: run the command again later.')
    if getattr(ex, 'status_code', None) == 403:
        from azure.cli.core.azclierror import ForbiddenError
        parts = parse_id(scope) or {}
        hub = f" --task-hub-name {parts['child_name_1']}" if parts.get('child_name_1') else ''
        error = ForbiddenError(
            f'You may not create role assignments at {scope}: that needs '
            f'Microsoft.Authorization/roleAssignments/write, which the {ASSIGNMENT_WRITERS} role grants.')
        error.set_recommendation(
            'Ask someone with one of those roles on the scheduler to run: az durabletask role-assignment create '
            f"-g {parts.get('resource_group')} -s {parts.get('name')}{hub} --role {role.alias} "
            f"--assignee-object-id {principal.object_id} "
            f"--assignee-principal-type {principal.principal_type or 'ServicePrincipal'}")
        return error
    return to_cli_error(ex, _SCOPE_MISSING.get(getattr(ex, 'status_code', None)))


# --- output --------------------------------------------------------------------------------------------------

def assignment_view(assignment, principal_name=None):
    """az's flat role assignment shape (as `az role assignment list` prints it), plus the role's name."""
    from azure.cli.command_modules.role.custom import _role_assignment_to_dict
    view = _role_assignment_to_dict(assignment)
    role = role_of_definition(view.get('roleDefinitionId'))
    view['roleDefinitionName'] = role.name if role else None
    view['principalName'] = principal_name
    return view


def _principal_names(cli_ctx, principal_ids):
    """Names from Graph in one call, as `az role assignment list` does (a user's sign-in name, else the display
    name: an app id says little); none when Graph is unreadable."""
    if not principal_ids:
        return {}
    from azure.core.exceptions import HttpResponseError
    from azure.cli.command_modules.role._client_factory import _graph_client_factory
    from azure.cli.command_modules.role._msgrpah import GraphError
    from azure.cli.command_modules.role.custom import _get_object_stubs
    try:
        stubs = _get_object_stubs(_graph_client_factory(cli_ctx), principal_ids)
    except (HttpResponseError, GraphError) as ex:
        logger.info('Principal names not resolved: %s', ex)
        return {}
    return {stub['id']: stub.get('userPrincipalName') or stub.get('displayName') for stub in stubs}


def _assignments_client(cli_ctx, scope):
    from azext_durabletask._client_factory import cf_authorization
    return cf_authorization(cli_ctx, subscription_of(scope)).role_assignments


# --- why a data-plane call was denied (orchestration commands) -----------------------------------------------

_OPEN_RANGES = ('0.0.0.0/0', '::/0')


def explain_denied(cli_ctx, resource_group, scheduler, task_hub, role):
    """The recommendation for a data plane's PERMISSION_DENIED on a task hub that ARM named. Two causes look alike
    (no Durable Task role; an address outside the scheduler's IP allow list), so a cause is named only when it was
    checked: the caller's role assignments that it can read, and the scheduler's allow list. `role` is the role
    the call needs (Data Contributor also covers reads)."""
    from azext_durabletask._resource import current_subscription, task_hub_id
    from azext_durabletask._roles import ROLES, signed_in_principal
    scope = task_hub_id(current_subscription(cli_ctx), resource_group, scheduler, task_hub)
    grant_command = (f'az durabletask role-assignment create -g {resource_group} -s {scheduler} --task-hub {task_hub} '
                     f'--role {role.alias}')
    sufficient = {role, ROLES[0]}  # ROLES[0]: Data Contributor, which allows every data operation
    has_role = None
    try:
        principal = signed_in_principal(cli_ctx)
        client = _assignments_client(cli_ctx, scope)
        held = [role_of_definition(a.role_definition_id) for a in client.list_for_scope(
            scope, filter=f"assignedTo('{principal.object_id}')")]
        has_role = any(found in sufficient for found in held)
    except Exception as ex:  # pylint: disable=broad-except
        logger.info('Role assignments not readable: %s', ex)
    allow_list, public_access = _network_access(cli_ctx, resource_group, scheduler)
    allow_open = None if allow_list is None else any(entry in _OPEN_RANGES for entry in allow_list)
    role_text = f"'{role.name}' role" + (f" (or '{ROLES[0].name}')" if role != ROLES[0] else '')
    found = []
    if has_role is False:
        found.append(f'you hold no {role_text} on this task hub or above; grant it (applies within minutes): '
                     f'{grant_command}')
    if allow_open is False:
        found.append(f"the scheduler admits only {', '.join(allow_list)}; if your address is outside it, add it "
                     f'(keeping those): az durabletask scheduler update -g {resource_group} -n {scheduler} '
                     f"--ip-allowlist {' '.join(allow_list)} <your address>")
    if public_access and public_access.lower() == 'disabled':
        found.append('public network access is disabled (only private endpoints reach it): az durabletask scheduler '
                     f'update -g {resource_group} -n {scheduler} --public-network-access Enabled')
    if found:
        unchecked = ['your roles' if has_role is None else None, 'the allow list' if allow_open is None else None]
        unchecked = [what for what in unchecked if what]
        return 'Checked: ' + '; and '.join(found) + (f". ({' and '.join(unchecked)} could not be read.)"
                                                     if unchecked else '.')
    if has_role and allow_open:
        return ('Checked: you hold a sufficient role, and the allow list admits any address. A role granted in the '
                'last minutes may not apply yet: wait a few minutes and retry.')
    return ("A missing role or the scheduler's IP allow list "
            f"({'your roles' if has_role is None else 'the allow list'} could not be checked). You need {role_text} on "
            f'the task hub or its scheduler: {grant_command} ; and your address in the allow list: az durabletask '
            f'scheduler show -g {resource_group} -n {scheduler} --query properties.ipAllowlist')


def _network_access(cli_ctx, resource_group, scheduler):
    """(IP allow list, public network access) of the scheduler, or (None, None) when it cannot be read."""
    try:
        from azext_durabletask._client_factory import cf_schedulers
        properties = cf_schedulers(cli_ctx).get(resource_group, scheduler).properties
        access = getattr(properties, 'public_network_access', None)
        return (list(getattr(properties, 'ip_allowlist', None) or []),
                str(getattr(access, 'value', access) or 'Enabled'))
    except Exception as ex:  # pylint: disable=broad-except
        logger.info('Scheduler not readable: %s', ex)
        return None, None
