# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask taskhub diagnose: why an app or a person cannot use a task hub, and the command that fixes it.

The facts are read first (in parallel: provider, scheduler, task hub, role assignments, principal, app), then each
check is a small function of those facts returning result rows: {check, result, detail, fix}. A failed row always
carries the exact command that fixes it. The data-plane call (one-item query with the caller's own token) comes
last: it needs the scheduler's endpoint, and its verdict is read against the ARM-side checks (role or network).

Exit code 1 when any check fails, after the rows are printed (`fail_after_output`).
"""

import ipaddress

from knack.log import get_logger

from azext_durabletask._resource import PROVIDER

logger = get_logger(__name__)

PASS, FAIL, WARNING, SKIPPED = 'pass', 'fail', 'warning', 'skipped'

OPEN_NETWORK = ('0.0.0.0/0', '::/0')
# How long the data-plane probe may take: a firewall that drops packets must not stall a diagnosis for a minute.
PROBE_TIMEOUT_SECONDS = 10
# What each Durable Task role lets its holder do (the built-in roles' data actions).
ROLE_ALLOWS = {'contributor': 'read, write, run workers, purge', 'worker': 'read, write, run workers',
               'reader': 'read'}
# App settings that mean the app's Durable Functions use another backend (or override the hub and connection).
_HOST_OVERRIDE = 'AzureFunctionsJobHost__extensions__durableTask__'
_OTHER_BACKEND_SETTINGS = {
    'EventHubsConnection': 'Netherite (Event Hubs)',
    'SQLDB_Connection': 'the MSSQL provider',
}


def row(check, result, detail, fix=None):
    return {'check': check, 'result': result, 'detail': detail, 'fix': fix}


# --- the command ---------------------------------------------------------------------------------------------

def diagnose_task_hub(cmd, resource_group_name, scheduler_name, task_hub_name, *, assignee=None, app=None,
                      client_ip=None, only_failures=False):
    facts = _Facts(cmd, resource_group_name, scheduler_name, task_hub_name, assignee, app, client_ip)
    facts.read()
    rows = []
    for check in (check_provider, check_scheduler, check_task_hub, check_public_network_access,
                  check_private_endpoints, check_ip_allowlist, check_roles, check_data_plane, check_app_identity,
                  check_app_connection_string, check_app_task_hub, check_app_backend, check_app_region,
                  check_detectors):
        rows.extend(check(facts))
    failed = [r for r in rows if r['result'] == FAIL]
    if failed:
        names = ', '.join(r['check'] for r in failed)
        fail_after_output(cmd.cli_ctx, f'{len(failed)} of {len(rows)} checks failed ({names}): '
                                       'run the command in the fix column of each.')
    return failed if only_failures else rows


def fail_after_output(cli_ctx, message):
    """Exit with code 1 after az has printed the result: az prints a command's result, then raises
    EVENT_CLI_SUCCESSFUL_EXECUTE inside the same try block; an error raised there is reported as any command error
    (one `ERROR:` line on stderr, exit code 1), so the rows stay on stdout in every output format."""
    from knack.events import EVENT_CLI_SUCCESSFUL_EXECUTE
    from azure.cli.core.azclierror import ValidationError

    def _raise(cli_ctx, **_):
        cli_ctx.unregister_event(EVENT_CLI_SUCCESSFUL_EXECUTE, _raise)
        raise ValidationError(message)
    cli_ctx.register_event(EVENT_CLI_SUCCESSFUL_EXECUTE, _raise)


# --- the facts -----------------------------------------------------------------------------------------------

class _Facts:  # pylint: disable=too-many-instance-attributes
    """Everything the checks look at, read once. A read that failed leaves its fact None and its error here."""

    def __init__(self, cmd, resource_group, scheduler_name,  # pylint: disable=too-many-positional-arguments
                 task_hub, assignee, app_id, client_ip):
        self.cmd, self.cli_ctx = cmd, cmd.cli_ctx
        self.group, self.scheduler_name, self.hub_name = resource_group, scheduler_name, task_hub
        self.assignee, self.app_id, self.client_ip = assignee, app_id, client_ip
        self.args = f'-g {resource_group} -s {scheduler_name}'
        self.registration = self.scheduler = self.hub = self.assignments = self.principal = None
        self.app = self.app_settings = self.detectors = None
        self.errors = {}
        self._clients, self._assignments_client, self._detectors_client = [], None, None
        self.probe = None  # (status, detail) of the data-plane call

    def read(self):
        from concurrent.futures import ThreadPoolExecutor
        self._prepare()
        # The first request alone: it signs in (MSAL's first use imports more) and warms the connection pool.
        self._try('registration', self._read_registration)
        readers = {'scheduler': self._read_scheduler, 'hub': self._read_hub, 'assignments': self._read_assignments}
        if self._detectors_client is not None:
            readers['detectors'] = lambda: read_detectors(self, self._detectors_client)
        if self.app_id:
            readers['app'] = self._read_app
        elif not self.assignee or not _is_identity_id(self.assignee):
            readers['principal'] = self._read_principal
        with ThreadPoolExecutor(max_workers=len(readers)) as pool:
            futures = {name: pool.submit(reader) for name, reader in readers.items()}
        for name, future in futures.items():
            try:
                setattr(self, name, future.result())
            except Exception as ex:  # pylint: disable=broad-except
                self.errors[name] = ex
                logger.info('diagnose: reading %s failed: %s', name, ex)
        if self.assignee and _is_identity_id(self.assignee):
            self._try('principal', self._read_principal)
        if self.app_id and self.app is not None:
            self._try('principal', self._app_principal)
        if self.endpoint and self.hub is not None and self.diagnoses_caller:
            self.probe = probe_data_plane(self)

    def _try(self, name, reader):
        try:
            setattr(self, name, reader())
        except Exception as ex:  # pylint: disable=broad-except
            self.errors[name] = ex

    @property
    def diagnoses_caller(self):
        """Whether the principal diagnosed is the signed-in account (the only one whose token we hold)."""
        return not self.assignee and not self.app_id

    @property
    def endpoint(self):
        properties = getattr(self.scheduler, 'properties', None)
        return ((getattr(properties, 'endpoint', None) or '').rstrip('/')) if properties else ''

    @property
    def scheduler_ready(self):
        return self.scheduler is not None and _state(self.scheduler) == 'Succeeded'

    def _prepare(self):
        """Import what the readers use and make their clients, here, in one thread: modules first imported by several
        threads at once can deadlock or be seen half-initialised. Each reader gets a client of its own."""
        from azure.core.exceptions import ResourceNotFoundError  # noqa: F401  pylint: disable=unused-import
        from azure.core.rest import HttpRequest  # noqa: F401  pylint: disable=unused-import
        from azext_durabletask._client_factory import cf_authorization, cf_durabletask
        from azext_durabletask._roles import resolve_principal  # noqa: F401  pylint: disable=unused-import
        from azext_durabletask.attach import read_app  # noqa: F401  pylint: disable=unused-import
        self._clients = [cf_durabletask(self.cli_ctx) for _ in range(3)]
        self._assignments_client = cf_authorization(self.cli_ctx).role_assignments
        self._detectors_client = detectors_client(self.cli_ctx)
        if self.app_id:
            from azext_durabletask._client_factory import cf_container_apps, cf_web_apps
            from azext_durabletask._resource import FUNCTION_APP_TYPE, parse_app_id
            parts = parse_app_id(self.app_id)
            (cf_web_apps if parts['kind'] == FUNCTION_APP_TYPE else cf_container_apps)(self.cli_ctx,
                                                                                       parts['subscription'])
        else:
            # The principal's lookups: az's role module and its Graph client.
            from azure.cli.command_modules.role import custom  # noqa: F401  pylint: disable=unused-import
            from azure.cli.command_modules.role._client_factory import _graph_client_factory
            _graph_client_factory(self.cli_ctx)

    def _client(self):
        return self._clients.pop()

    def _read_registration(self):
        from azure.core.rest import HttpRequest
        from azext_durabletask._resource import current_subscription
        response = self._client().send_request(HttpRequest(
            'GET', f'/subscriptions/{current_subscription(self.cli_ctx)}/providers/{PROVIDER}',
            params={'api-version': '2021-04-01'}))
        response.raise_for_status()
        return response.json().get('registrationState')

    def _read_scheduler(self):
        return _none_when_missing(lambda: self._client().schedulers.get(self.group, self.scheduler_name))

    def _read_hub(self):
        client = self._client()
        return _none_when_missing(lambda: client.task_hubs.get(self.group, self.scheduler_name, self.hub_name))

    def _read_assignments(self):
        """Role assignments at, above and below the scheduler (one call): the hub's come along."""
        from azext_durabletask._resource import scheduler_scope
        scope = scheduler_scope(self.cmd, self.group, self.scheduler_name)
        return _none_when_missing(lambda: list(self._assignments_client.list_for_scope(scope)))

    def _read_principal(self):
        from azext_durabletask._roles import resolve_principal
        return resolve_principal(self.cli_ctx, self.assignee, need_type=False)

    def _read_app(self):
        from azext_durabletask.attach import read_app
        app = read_app(self.cmd, self.app_id)
        self.app_settings = app.read_settings()
        return app

    def _app_principal(self):
        """The identity the app signs in with: the user-assigned one whose client id its connection string names,
        else its system-assigned one, else None."""
        from azext_durabletask._roles import Principal
        uses = app_identity(self.app, self.connection)
        return Principal(uses['principalId'], 'ServicePrincipal', self.app.name) if uses else None

    @property
    def connection_setting(self):
        """The name of the setting that holds the connection string (host.json's connectionStringName can be
        overridden by an app setting; Azure Functions reads it from there)."""
        from azext_durabletask.connection import FUNCTIONS_CONNECTION_SETTING
        settings = self.app_settings or {}
        return settings.get(_HOST_OVERRIDE + 'storageProvider__connectionStringName') or FUNCTIONS_CONNECTION_SETTING

    @property
    def connection(self):
        """The app's parsed connection string, or None when it is missing or does not parse."""
        from azure.cli.core.azclierror import AzCLIError
        from azext_durabletask._dataplane import parse_connection_string
        value = (self.app_settings or {}).get(self.connection_setting)
        try:
            return parse_connection_string(value, flag=self.connection_setting) if value else None
        except AzCLIError:
            return None

    def fix_attach_settings_hint(self):
        """What the connection string should be, in words, for a value that cannot be read."""
        return (f"Endpoint={self.endpoint or '<endpoint>'};"
                'Authentication=ManagedIdentity[;ClientID=<client id of the identity>]')

    def fix_attach(self):
        identity = ''
        uses = app_identity(self.app, self.connection) if self.app is not None else None
        if uses is None and self.app is not None:  # a ClientID= that names none of them: the app's only one, if so
            identities = self.app.identities()
            uses = identities[0] if len(identities) == 1 else None
        if uses and uses['type'] == 'UserAssigned':
            identity = f" --identity {uses['id']}"
        target = self.app.id if self.app else self.app_id
        return (f'az durabletask scheduler attach -g {self.group} -n {self.scheduler_name} '
                f'--task-hub-name {self.hub_name} --target {target} --role-type {app_role(self)}{identity}')


def _none_when_missing(read):
    from azure.core.exceptions import ResourceNotFoundError
    try:
        return read()
    except ResourceNotFoundError:
        return None


def _state(resource):
    properties = getattr(resource, 'properties', None)
    state = getattr(properties, 'provisioning_state', None) if properties else None
    return str(getattr(state, 'value', state)) if state else None


def _is_identity_id(value):
    from azext_durabletask._roles import is_identity_id
    return is_identity_id(value)


def _unreadable(check, facts, name):
    """The row of a fact that could not be read: sign in again (401), be given Reader on the scheduler (403, an
    Owner runs the fix), else see the request that failed."""
    from azext_durabletask._errors import error_message
    from azext_durabletask._resource import scheduler_scope
    ex = facts.errors.get(name)
    status = getattr(ex, 'status_code', None)
    if status == 401:
        fix = 'az login'
    elif status == 403:
        assignee = facts.principal.object_id if facts.principal and facts.diagnoses_caller else '<your sign-in name>'
        fix = (f'az role assignment create --role Reader --assignee {assignee} '
               f'--scope {scheduler_scope(facts.cmd, facts.group, facts.scheduler_name)}')
    else:
        fix = f'az durabletask scheduler show -g {facts.group} -n {facts.scheduler_name} --debug'
    return row(check, FAIL, f'Could not be read: {error_message(ex)}', fix)


# --- checks: resources ---------------------------------------------------------------------------------------

def check_provider(facts):
    if 'registration' in facts.errors:
        if facts.scheduler is not None:  # e.g. no read access at subscription scope: the scheduler answered
            return [row('provider', PASS, f'{PROVIDER} answers for the scheduler.')]
        if getattr(facts.errors['registration'], 'status_code', None) == 403:
            return [row('provider', SKIPPED, 'The subscription\'s providers are not readable with your access.')]
        return [_unreadable('provider', facts, 'registration')]
    if facts.registration == 'Registered':
        return [row('provider', PASS, f'{PROVIDER} is registered in the subscription.')]
    return [row('provider', FAIL, f"{PROVIDER} is {facts.registration or 'not known'} in the subscription.",
                f'az provider register --namespace {PROVIDER} --wait')]


def check_scheduler(facts):
    name, group = facts.scheduler_name, facts.group
    if 'scheduler' in facts.errors:
        return [_unreadable('scheduler', facts, 'scheduler')]
    if facts.scheduler is None:
        return [row('scheduler', FAIL, f"Scheduler '{name}' does not exist in resource group '{group}'.",
                    f'az durabletask scheduler create -g {group} -n {name} --sku-name Consumption')]
    state = _state(facts.scheduler)
    if state == 'Succeeded':
        return [row('scheduler', PASS, f"Scheduler '{name}' is ready at {facts.endpoint or '(no endpoint)'} "
                                       f"({facts.scheduler.location}).")]
    endpoint = ' and has no endpoint yet' if not facts.endpoint else ''
    sku = getattr(getattr(facts.scheduler.properties, 'sku', None), 'name', None) or 'Consumption'
    create = (f'az durabletask scheduler create -g {group} -n {name} -l {facts.scheduler.location} '
              f"--sku-name {getattr(sku, 'value', sku)}")
    if state == 'Failed':
        return [row('scheduler', FAIL,
                    f"Scheduler '{name}' failed to provision{endpoint}: delete it, then create it again.",
                    f'az durabletask scheduler delete -g {group} -n {name} --yes && {create}')]
    if state == 'Deleting':
        return [row('scheduler', FAIL, f"Scheduler '{name}' is being deleted.",
                    f'az durabletask scheduler wait -g {group} -n {name} --deleted && {create}')]
    condition = '--updated' if state == 'Updating' else '--created'
    return [row('scheduler', FAIL,
                f"Scheduler '{name}' is {state}{endpoint}: nothing can use it until it is Succeeded.",
                f'az durabletask scheduler wait -g {group} -n {name} {condition}')]


def check_task_hub(facts):
    if 'hub' in facts.errors:
        return [_unreadable('task hub', facts, 'hub')]
    create = f'az durabletask taskhub create {facts.args} -n {facts.hub_name}'
    if facts.hub is None:
        detail = f"Task hub '{facts.hub_name}' does not exist in scheduler '{facts.scheduler_name}'."
        return [row('task hub', FAIL, detail, create)]
    state = _state(facts.hub)
    if state == 'Deleting':
        return [row('task hub', FAIL, f"Task hub '{facts.hub_name}' is being deleted.",
                    f'az durabletask taskhub wait {facts.args} -n {facts.hub_name} --deleted && {create}')]
    if state == 'Failed':
        return [row('task hub', FAIL,
                    f"Task hub '{facts.hub_name}' failed to provision: delete it, then create it again.",
                    f'az durabletask taskhub delete {facts.args} -n {facts.hub_name} --yes && {create}')]
    if state != 'Succeeded':
        return [row('task hub', FAIL, f"Task hub '{facts.hub_name}' is {state}.",
                    f'az durabletask taskhub wait {facts.args} -n {facts.hub_name} --created')]
    return [row('task hub', PASS, f"Task hub '{facts.hub_name}' exists.")]


# --- checks: network -----------------------------------------------------------------------------------------

def _network_not_known(check, facts):
    """None when the scheduler's network settings can be judged; else the row that says why not. A scheduler being
    created or updated shows an empty endpoint and allow list (as Azure does): not a network problem."""
    if facts.scheduler is None:
        return row(check, SKIPPED, 'No scheduler to check.')
    if not facts.scheduler_ready:
        return row(check, SKIPPED, f'The scheduler is {_state(facts.scheduler)}: its network settings are not final.')
    return None


def _public_access(facts):
    value = getattr(facts.scheduler.properties, 'public_network_access', None)
    return str(getattr(value, 'value', value) or 'Enabled')


def _connections(facts):
    found = []
    for connection in getattr(facts.scheduler.properties, 'private_endpoint_connections', None) or []:
        properties = getattr(connection, 'properties', None)
        state = getattr(getattr(properties, 'private_link_service_connection_state', None), 'status', None)
        found.append((connection.name, str(getattr(state, 'value', state) or 'Unknown')))
    return found


def check_public_network_access(facts):
    skipped = _network_not_known('public network access', facts)
    if skipped:
        return [skipped]
    if _public_access(facts) != 'Disabled':
        return [row('public network access', PASS, 'Enabled: callers on public networks pass on to the allow list.')]
    approved = [name for name, state in _connections(facts) if state == 'Approved']
    fix = f'az durabletask scheduler update -g {facts.group} -n {facts.scheduler_name} --public-network-access Enabled'
    if approved:
        return [row('public network access', WARNING,
                    'Disabled: only callers inside a network with an approved private endpoint '
                    f"({', '.join(approved)}) get through.", fix)]
    return [row('public network access', FAIL,
                'Disabled, and no private endpoint connection is approved: no caller can reach the scheduler.', fix)]


def check_private_endpoints(facts):
    skipped = _network_not_known('private endpoints', facts)
    if skipped:
        return [skipped]
    connections = _connections(facts)
    if not connections:
        return [row('private endpoints', PASS, 'None.')]
    rows = []
    disabled = _public_access(facts) == 'Disabled'
    for name, state in connections:
        check = f'private endpoint {name}'
        if state == 'Approved':
            rows.append(row(check, PASS, 'Approved.'))
        elif state == 'Pending':
            rows.append(row(check, FAIL if disabled else WARNING,
                            'Pending: callers using this private endpoint are refused until it is approved.',
                            f'az durabletask scheduler private-endpoint-connection approve {facts.args} -n {name}'))
        else:
            rows.append(row(check, WARNING, f'{state}: this private endpoint carries no traffic.'))
    return rows


def check_ip_allowlist(facts):  # pylint: disable=too-many-return-statements
    skipped = _network_not_known('ip allow list', facts)
    if skipped:
        return [skipped]
    if _public_access(facts) == 'Disabled':
        return [row('ip allow list', SKIPPED, 'Public network access is disabled: the allow list does not apply.')]
    allowlist = list(getattr(facts.scheduler.properties, 'ip_allowlist', None) or [])
    update = f'az durabletask scheduler update -g {facts.group} -n {facts.scheduler_name} --ip-allowlist'
    caller = _client_network(facts.client_ip)
    if not allowlist:
        add = str(caller) if caller else '<your public IP>/32'
        return [row('ip allow list', FAIL, 'Empty: every caller is refused.', f'{update} {add}')]
    if any(entry in OPEN_NETWORK for entry in allowlist):
        return [row('ip allow list', PASS, f"Open to any address ({', '.join(allowlist)}).")]
    if caller is None:
        return [row('ip allow list', WARNING,
                    f"Only {', '.join(allowlist)} may connect; give --client-ip to check an address.")]
    if _inside(caller, allowlist):
        return [row('ip allow list', PASS, f"{facts.client_ip} is inside {', '.join(allowlist)}.")]
    return [row('ip allow list', FAIL,
                f"{facts.client_ip} is not inside {', '.join(allowlist)}: its calls are refused.",
                f"{update} {' '.join(allowlist)} {caller}")]


def _client_network(client_ip):
    if not client_ip:
        return None
    return ipaddress.ip_network(client_ip.strip(), strict=False)


def _inside(caller, allowlist):
    for entry in allowlist:
        try:
            network = ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            continue
        if network.version == caller.version and caller.subnet_of(network):
            return True
    return False


def network_fix(facts):
    """The fix of the first failed network check, or None when the ARM side shows no network problem."""
    for check in (check_public_network_access, check_ip_allowlist):
        for found in check(facts):
            if found['result'] == FAIL:
                return found
    return None


# --- checks: access ------------------------------------------------------------------------------------------

def held_roles(facts):
    """[(role, scope)] of the Durable Task roles the principal holds on the hub: at the hub, the scheduler, or
    above (directly assigned; roles through group membership are not listed here)."""
    from azext_durabletask._resource import scheduler_scope
    from azext_durabletask._roles import role_of_definition
    hub_scope = scheduler_scope(facts.cmd, facts.group, facts.scheduler_name, facts.hub_name).lower()
    held = []
    for assignment in facts.assignments or []:
        scope = (assignment.scope or '').rstrip('/').lower()
        if (assignment.principal_id or '').lower() != facts.principal.object_id.lower():
            continue
        if scope and scope != hub_scope and not hub_scope.startswith(scope + '/'):
            continue
        role = role_of_definition(assignment.role_definition_id)
        if role is not None:
            held.append((role, assignment.scope))
    return held


def _who(facts):
    if facts.app_id:
        return f"The app's identity ({facts.principal.object_id})"
    if facts.assignee:
        return f"'{facts.principal.display_name or facts.assignee}'"
    return f'You ({facts.principal.display_name or facts.principal.object_id})'


def app_role(facts):
    """The role an app needs: Azure Functions apps manage instances too (contributor); a Durable Task SDK app runs
    workers and starts orchestrations (worker)."""
    return 'contributor' if facts.app is None or facts.app.runs_functions else 'worker'


def role_fix(facts):
    if facts.app_id:
        return (f'az durabletask role-assignment create {facts.args} --task-hub {facts.hub_name} '
                f'--role {app_role(facts)} --assignee-object-id {facts.principal.object_id} '
                '--assignee-principal-type ServicePrincipal')
    assignee = f' --assignee {facts.assignee}' if facts.assignee else ''
    return f'az durabletask role-assignment create {facts.args} --task-hub {facts.hub_name} --role reader{assignee}'


def check_roles(facts):  # pylint: disable=too-many-return-statements
    check = 'role'
    if facts.scheduler is None:
        return [row(check, SKIPPED, 'No scheduler to check.')]
    if 'principal' in facts.errors:
        from azext_durabletask._errors import error_message
        return [row(check, FAIL, f"Could not find the principal: {error_message(facts.errors['principal'])}",
                    'az ad signed-in-user show' if facts.diagnoses_caller
                    else f'az ad sp show --id {facts.assignee or facts.app_id}')]
    if facts.principal is None:
        return [row(check, SKIPPED, 'The app could not be read.' if 'app' in facts.errors else
                    'The app has no identity to hold a role.')]
    if 'assignments' in facts.errors:
        return [_unreadable(check, facts, 'assignments')]
    held = held_roles(facts)
    if not held:
        if facts.probe and facts.probe[0] == PASS:
            return [row(check, WARNING, f'No Durable Task role is assigned to {_who(facts)} directly, yet the data '
                                        'plane accepted the token: a group membership grants it.')]
        verb = 'have' if facts.diagnoses_caller else 'has'
        return [row(check, FAIL, f"{_who(facts)} {verb} no Durable Task role on task hub '{facts.hub_name}'.",
                    role_fix(facts))]
    names = sorted({role.alias for role, _ in held})
    verb = 'hold' if facts.diagnoses_caller else 'holds'
    roles = ', '.join(f"{role.name} at {scope.rsplit('/providers/', 1)[-1] if '/providers/' in scope else scope}"
                      for role, scope in held)
    allows = '; '.join(f'{alias}: {ROLE_ALLOWS[alias]}' for alias in names)
    detail = f'{_who(facts)} {verb} {roles} ({allows}).'
    if facts.app_id and names == ['reader']:
        return [row(check, FAIL, detail + ' An app needs to run workers.', role_fix(facts))]
    if facts.app_id and 'contributor' not in names and facts.app.runs_functions:
        return [row(check, WARNING, detail + ' Azure Functions apps also purge and manage instances: contributor.',
                    role_fix(facts))]
    return [row(check, PASS, detail)]


def probe_data_plane(facts):
    """(result, detail, grpc status name) of a one-item query on the hub with the caller's own token."""
    try:
        from azext_durabletask._sdk import ensure_sdk
        ensure_sdk(facts.cli_ctx)
    except Exception as ex:  # pylint: disable=broad-except
        return SKIPPED, f'The Durable Task SDK is not available: {ex}', None
    import grpc  # pylint: disable=import-error
    from durabletask.internal import orchestrator_service_pb2 as pb  # pylint: disable=import-error
    from durabletask.internal.orchestrator_service_pb2_grpc import (  # pylint: disable=import-error
        TaskHubSidecarServiceStub)
    from azext_durabletask._dataplane import TaskHubTarget, _bearer_token, _user_agent, open_channel, token_audience
    target = TaskHubTarget(facts.endpoint, facts.hub_name, facts.endpoint.startswith('https://'), facts.group,
                           facts.scheduler_name)
    target.audience = token_audience(facts.cli_ctx.cloud, target.endpoint)
    try:
        channel = open_channel(target, _bearer_token(facts.cmd, target.audience) if target.use_token else None,
                               _user_agent())
    except Exception as ex:  # pylint: disable=broad-except
        return FAIL, f'No token for the data plane: {ex}', 'UNAUTHENTICATED'
    try:
        query = pb.InstanceQuery(maxInstanceCount=1, fetchInputsAndOutputs=False)
        response = TaskHubSidecarServiceStub(channel).QueryInstances(pb.QueryInstancesRequest(query=query),
                                                                     timeout=PROBE_TIMEOUT_SECONDS)
        return (PASS, f'A one-item query with your token succeeded ({len(response.orchestrationState)} instance(s) '
                'returned).', 'OK')
    except grpc.RpcError as ex:
        code = ex.code() if callable(getattr(ex, 'code', None)) else None
        details = ' '.join(str(ex.details() if callable(getattr(ex, 'details', None)) else ex).split())
        return FAIL, details, code.name if code else 'UNKNOWN'
    finally:
        channel.close()


def check_data_plane(facts):  # pylint: disable=too-many-return-statements
    check = 'data plane'
    if not facts.diagnoses_caller:
        return [row(check, SKIPPED, 'Only your own access can be tried (with your token): run diagnose without '
                                    '--assignee and --app for that.')]
    if facts.probe is None:
        return [row(check, SKIPPED, 'No endpoint or task hub to call.')]
    result, detail, status = facts.probe
    if result != FAIL:
        return [row(check, result, detail)]
    where = f' ({status} at {facts.endpoint})'
    if status == 'UNAUTHENTICATED':
        return [row(check, FAIL, f'The endpoint refused your credentials: {detail}{where}', 'az login')]
    if status == 'NOT_FOUND':
        return [row(check, FAIL, f'Task hub not found by the data plane: {detail}{where}',
                    f'az durabletask taskhub create {facts.args} -n {facts.hub_name}')]
    network = network_fix(facts)
    if network is not None:
        return [row(check, FAIL, f"Refused, and the network settings explain it ({network['check']}): {detail}{where}",
                    network['fix'])]
    if status in ('UNAVAILABLE', 'DEADLINE_EXCEEDED'):
        return [row(check, FAIL, f'The endpoint cannot be reached from here: {detail}{where}. A firewall, a proxy or '
                                 'DNS for a private endpoint may be in the way.',
                    f'az durabletask scheduler show -g {facts.group} -n {facts.scheduler_name} '
                    '--query "properties.{endpoint:endpoint, '
                    'publicNetworkAccess:publicNetworkAccess, ipAllowlist:ipAllowlist}"')]
    if status == 'PERMISSION_DENIED':
        if facts.principal is not None and not held_roles(facts):
            return [row(check, FAIL, f'Refused: you hold no Durable Task role on the hub: {detail}{where}',
                        role_fix(facts))]
        return [row(check, FAIL, 'Refused although you hold a role: a new role assignment takes a few minutes to '
                                 f'apply, or the IP allow list excludes your address: {detail}{where}',
                    f'az durabletask taskhub diagnose {facts.args} -n {facts.hub_name} --client-ip <your public IP>')]
    return [row(check, FAIL, f'{detail}{where}',
                f'az durabletask orchestration list {facts.args} --task-hub {facts.hub_name} --debug')]


# --- checks: the app (--app) ---------------------------------------------------------------------------------

def app_identity(app, connection):
    """The identity the app signs in with, as {type, id, principalId, clientId}: the user-assigned identity whose
    client id the connection string names, else the system-assigned one, else None."""
    identities = app.identities()
    client_id = (connection.client_id or '').lower() if connection else ''
    for identity in identities:
        if client_id and identity['type'] == 'UserAssigned' and (identity['clientId'] or '').lower() == client_id:
            return identity
    system = [i for i in identities if i['type'] == 'SystemAssigned']
    if system:
        return system[0]
    return identities[0] if len(identities) == 1 and not client_id else None


def _app_skipped(check, facts):
    if not facts.app_id:
        return [] if check != 'app identity' else []
    if 'app' in facts.errors:
        from azext_durabletask._errors import error_message
        return [row(check, FAIL, f"Could not read the app: {error_message(facts.errors['app'])}",
                    f'az resource show --ids {facts.app_id}')] if check == 'app identity' else []
    return None


def check_app_identity(facts):
    skipped = _app_skipped('app identity', facts)
    if skipped is not None:
        return skipped
    identities = facts.app.identities()
    if not identities:
        return [row('app identity', FAIL,
                    f"{facts.app.kind_name} '{facts.app.name}' has no managed identity: it cannot sign in to the "
                    'scheduler.', facts.app.enable_identity_command())]
    uses = app_identity(facts.app, facts.connection)
    if uses is None:
        return [row('app identity', FAIL, f'The connection string names ClientID={facts.connection.client_id} but no '
                                          'user-assigned identity of the app has that client id.',
                    facts.fix_attach())]
    kind = 'system-assigned' if uses['type'] == 'SystemAssigned' else 'user-assigned'
    client_id = f" (client id {uses['clientId']})" if uses['clientId'] else ''
    return [row('app identity', PASS, f"The app signs in as its {kind} identity {uses['principalId']}{client_id}.")]


def check_app_connection_string(facts):
    from azure.cli.core.azclierror import AzCLIError
    from azext_durabletask._dataplane import parse_connection_string
    from azext_durabletask.connection import CLIENT_ID_AUTHENTICATION_TYPES
    check = 'app connection string'
    if _app_skipped(check, facts) is not None:
        return []
    name, settings = facts.connection_setting, facts.app_settings or {}
    value = settings.get(name)
    fix = facts.fix_attach()
    if not value:
        look_alike = sorted(key for key, text in settings.items() if key != name and _looks_like_connection(text))
        names = ', '.join(f"'{key}'" for key in look_alike)
        found = f' A connection string is set under {names} instead: the app does not read that name.' \
            if look_alike else ''
        return [row(check, FAIL, f"The app has no '{name}' setting.{found}", fix)]
    if value.startswith(('secretref:', '@Microsoft.KeyVault(')):
        # A Container Apps secret or a Key Vault reference: its value is not readable here.
        return [row(check, WARNING, f"'{name}' is a reference ({value}): its value is not checked here; it must read "
                                    f'{facts.fix_attach_settings_hint()}.')]
    try:
        parsed = parse_connection_string(value, flag=name)
    except AzCLIError as ex:
        return [row(check, FAIL, f"'{name}' does not parse: {ex}", fix)]
    problems = []
    if parsed.endpoint.rstrip('/').lower() != facts.endpoint.lower() and facts.endpoint:
        problems.append(f"Endpoint={parsed.endpoint} is not this scheduler's endpoint {facts.endpoint}")
    uses = app_identity(facts.app, parsed)
    if parsed.authentication not in CLIENT_ID_AUTHENTICATION_TYPES + ('DefaultAzure',):
        problems.append(f'Authentication={parsed.authentication} cannot sign in as a managed identity in Azure')
    elif uses and uses['type'] == 'UserAssigned' and not parsed.client_id:
        problems.append('the app has no system-assigned identity, and no ClientID= names its user-assigned one')
    elif uses and uses['type'] == 'UserAssigned' and parsed.authentication == 'DefaultAzure':
        problems.append('Authentication=DefaultAzure does not take ClientID=: use ManagedIdentity')
    if problems:
        return [row(check, FAIL, f"'{name}': {'; '.join(problems)}.", fix)]
    client_id = ';ClientID=' + parsed.client_id if parsed.client_id else ''
    return [row(check, PASS,
                f"'{name}' points at this scheduler with Authentication={parsed.authentication}{client_id}.")]


def _looks_like_connection(text):
    lowered = str(text or '').lower()
    return 'endpoint=' in lowered and ('authentication=' in lowered or 'taskhub=' in lowered
                                       or 'durabletask' in lowered)


def check_app_task_hub(facts):
    from azext_durabletask.connection import FUNCTIONS_TASK_HUB_SETTING
    check = 'app task hub'
    if _app_skipped(check, facts) is not None:
        return []
    settings = facts.app_settings or {}
    override = settings.get(_HOST_OVERRIDE + 'hubName')
    connection = facts.connection
    # Azure Functions reads the hub from host.json (hubName: %TASKHUB_NAME% by convention) or its override;
    # SDK apps from TaskHub= in the connection string.
    if facts.app.runs_functions:
        found, source = override or settings.get(FUNCTIONS_TASK_HUB_SETTING), (
            _HOST_OVERRIDE + 'hubName' if override else FUNCTIONS_TASK_HUB_SETTING)
    else:
        found = (connection.task_hub if connection else None) or settings.get(FUNCTIONS_TASK_HUB_SETTING)
        source = 'TaskHub= of the connection string' if connection and connection.task_hub \
            else FUNCTIONS_TASK_HUB_SETTING
    if found == facts.hub_name or (found or '').lower() == facts.hub_name.lower():
        return [row(check, PASS, f"{source} is '{found}'.")]
    value = f"'{found}'" if found else 'not set'
    detail = f"{source} is {value}, not '{facts.hub_name}'."
    if not found and facts.app.runs_functions:
        detail += " (Unless host.json names the hub itself: attach sets TASKHUB_NAME, which host.json's " \
                  "hubName reads as %TASKHUB_NAME%.)"
    return [row(check, FAIL, detail, facts.fix_attach())]


def check_app_backend(facts):
    check = 'app backend'
    if _app_skipped(check, facts) is not None:
        return []
    settings = facts.app_settings or {}
    provider = settings.get(_HOST_OVERRIDE + 'storageProvider__type')
    if provider and provider.lower() != 'azuremanaged':
        key = _HOST_OVERRIDE + 'storageProvider__type'
        return [row(check, FAIL, f"{key}={provider} makes Durable Functions use another backend.",
                    f'az functionapp config appsettings set -g {facts.app.group} -n {facts.app.name} '
                    f'--settings {key}=azureManaged')]
    others = [f'{key} ({what})' for key, what in _OTHER_BACKEND_SETTINGS.items() if settings.get(key)]
    if others:
        return [row(check, WARNING, f"Settings of another backend are present: {', '.join(others)}. Make sure "
                                    'host.json names storageProvider type azureManaged.')]
    return [row(check, PASS, 'No setting points at another backend.')]


def check_app_region(facts):
    check = 'app region'
    if _app_skipped(check, facts) is not None or facts.scheduler is None:
        return []
    app_region = _region(facts.app.location)
    scheduler_region = _region(facts.scheduler.location)
    if app_region == scheduler_region:
        return [row(check, PASS, f'Both in {facts.scheduler.location}.')]
    return [row(check, WARNING, f'The app runs in {facts.app.location}, the scheduler in {facts.scheduler.location}: '
                                'every call crosses regions (latency, egress).')]


def _region(location):
    return (location or '').replace(' ', '').lower()


# --- checks: detectors ---------------------------------------------------------------------------------------

# DetectorStatusId (the service sends the number): Critical, Warning, Info, Success, None.
_DETECTOR_STATUS = {0: 'Critical', 1: 'Warning', 2: 'Info', 3: 'Success', 4: 'None'}


def detectors_client(cli_ctx):
    """The preview client's detectors, or None when this build of the extension has no preview client."""
    try:
        from azext_durabletask._client_factory import cf_durabletask_preview
    except ImportError:
        return None
    return cf_durabletask_preview(cli_ctx).detectors


def read_detectors(facts, client):
    """The scheduler's detectors as JSON (az's camelCase form), each with its status."""
    from azext_durabletask._format import as_output
    return [as_output(found) for found in client.list_by_scheduler(facts.group, facts.scheduler_name)]


def check_detectors(facts):
    check = 'detectors'
    if facts.scheduler is None:
        return [row(check, SKIPPED, 'No scheduler to ask.')]
    if facts.detectors is None and 'detectors' not in facts.errors:
        return [row(check, SKIPPED, "Not available: this build of the extension does not call the service's "
                                    'detectors (api 2026-07-01-preview).')]
    if 'detectors' in facts.errors:
        from azext_durabletask._errors import error_message
        ex = facts.errors['detectors']
        if getattr(ex, 'status_code', None) in (400, 404):  # an api-version or region without them
            return [row(check, SKIPPED, 'Not available: the service offers no detectors for this scheduler.')]
        return [row(check, SKIPPED, f'Not available: {error_message(ex)}')]
    findings = {}
    for detector in facts.detectors:
        properties = detector.get('properties') or {}
        status = properties.get('status') or {}
        name = _DETECTOR_STATUS.get(status.get('statusId'), status.get('statusId'))
        title = (properties.get('metadata') or {}).get('name') or detector.get('name') or 'a detector'
        message = ': ' + status['message'].rstrip('.') if status.get('message') else ''
        findings.setdefault(name, []).append(title + message)
    bad = [(level, text) for level in ('Critical', 'Warning') for text in findings.get(level, [])]
    counts = ', '.join(f'{len(found)} {level}' for level, found in sorted(findings.items(), key=str))
    if not bad:
        return [row(check, PASS, f"{len(facts.detectors)} detector(s) ran: {counts or 'none'}.")]
    return [row(check, WARNING, '; '.join(f'{level}: {text}' for level, text in bad) + '.',
                f'az durabletask scheduler detector list {facts.args} -o table')]
