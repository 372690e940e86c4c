# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask scheduler attach: connect a Function App or a Container App to a task hub in one command.

Three steps, each skipped when already done (so a re-run changes nothing): attach the named user-assigned
identity to the app, give the app's identity the role, and set the two settings the app reads.
"""

from knack.log import get_logger

from azext_durabletask._errors import service_errors
from azext_durabletask._resource import FUNCTION_APP_TYPE
from azext_durabletask.connection import (FUNCTIONS_CONNECTION_SETTING, FUNCTIONS_TASK_HUB_SETTING,
                                          build_connection_string, functions_app_settings)

logger = get_logger(__name__)


def attach_scheduler(cmd, resource_group_name,  # pylint: disable=too-many-positional-arguments
                     scheduler_name, task_hub_name, target, role_type, *, identity=None, scope='taskhub'):
    from azext_durabletask._resource import scheduler_scope
    from azext_durabletask._roles import Principal
    from azext_durabletask.access import grant
    from azext_durabletask.connection import read_endpoint
    # The scheduler first: while Azure creates or updates it there is no endpoint, and nothing should change.
    endpoint, _ = read_endpoint(cmd.cli_ctx, resource_group_name, scheduler_name, task_hub_name)
    app = _App.for_target(cmd, target)
    changed = []

    principal_id, client_id = app.identity_ids(identity)
    if principal_id is None:  # the named user-assigned identity is not on the app yet
        principal_id, client_id = app.add_identity(identity)
        changed.append('identity')

    role_scope = scheduler_scope(cmd, resource_group_name, scheduler_name,
                                 task_hub_name if scope == 'taskhub' else None)
    principal = Principal(principal_id, 'ServicePrincipal', app.name)
    assignment, created = grant(cmd.cli_ctx, role_scope, role_type, principal)
    if created:
        changed.append('roleAssignment')
    removed, held = _keep_only_role(cmd, app, role_scope, role_type, principal)
    if removed:
        changed.append('removedRoles')

    settings = app_settings(endpoint, task_hub_name, client_id, app.runs_functions)
    if app.set_settings(settings):
        changed.append('settings')
    return {
        'target': app.id,
        'identity': {'type': 'UserAssigned' if identity else 'SystemAssigned', 'id': identity,
                     'principalId': principal_id, 'clientId': client_id},
        'roleAssignment': assignment,
        'roles': held,  # every Durable Task role the app holds here, after this command
        'removedRoles': removed,
        'settings': settings,
        'changed': changed,
    }


def _keep_only_role(cmd, app, role_scope, role_type, principal):
    """The app ends with exactly `role_type` at `role_scope`; say what was removed and what it still inherits."""
    from azext_durabletask.access import keep_only_role
    removed, held = keep_only_role(cmd.cli_ctx, role_scope, role_type, principal)
    if not any(h['role'] == role_type.name and h['scope'].lower() == role_scope.lower() for h in held):
        held.append({'role': role_type.name, 'scope': role_scope})  # just granted: a list may not show it yet
    if removed:
        logger.warning("Removed %s from %s '%s' at %s: it now holds only %s there, as asked.", ', '.join(removed),
                       app.kind_name, app.name, role_scope, role_type.name)
    inherited = [h for h in held if h['scope'].lower() != role_scope.lower()]
    if inherited:
        logger.warning("%s '%s' also holds %s, inherited from above this scope (not changed by this command; "
                       "see az durabletask role-assignment list --include-inherited).", app.kind_name, app.name,
                       ', '.join(f"{h['role']} at {h['scope']}" for h in inherited))
    return removed, held


def app_settings(endpoint, task_hub, client_id=None, runs_functions=True):
    """The two settings for an app that signs in with its managed identity. Azure Functions reads the hub from
    TASKHUB_NAME; apps built on the Durable Task SDKs read it from the connection string."""
    if runs_functions:
        return functions_app_settings(endpoint, task_hub, 'ManagedIdentity', client_id)
    return {FUNCTIONS_CONNECTION_SETTING: build_connection_string(endpoint, task_hub, 'ManagedIdentity', client_id),
            FUNCTIONS_TASK_HUB_SETTING: task_hub}


def _has_system_identity(managed):
    kind = getattr(managed, 'type', None)
    return 'systemassigned' in str(getattr(kind, 'value', kind) or '').lower()


def read_app(cmd, target):
    """The Function App or Container App `target` (a resource id), read once: what `taskhub diagnose` inspects."""
    return _App.for_target(cmd, target)


class _App:
    """What attach needs from a target, whichever service hosts it."""
    kind_name = cli_group = None  # set by each kind of app

    def __init__(self, cmd, target, parts, resource):
        self.cmd, self.parts, self.resource = cmd, parts, resource
        self.id, self.name, self.group = resource.id or target, parts['name'], parts['resource_group']
        self.runs_functions = 'functionapp' in (getattr(resource, 'kind', None) or '').lower()

    @staticmethod
    def for_target(cmd, target):
        from azext_durabletask._resource import parse_app_id
        parts = parse_app_id(target)
        cls = _FunctionApp if parts['kind'] == FUNCTION_APP_TYPE else _ContainerApp
        client = cls.client(cmd.cli_ctx, parts['subscription'])
        with service_errors({404: f"Check --target: az {cls.cli_group} list -o table"}):
            resource = client.get(parts['resource_group'], parts['name'])
        return cls(cmd, target, parts, resource)

    def identity_ids(self, identity_id):
        """(principal id, client id) of the identity to use: the named user-assigned one (None, None when it is
        not on the app yet), else the system-assigned one. No identity at all is an error saying how to add one."""
        managed = getattr(self.resource, 'identity', None)
        if identity_id:
            user_assigned = getattr(managed, 'user_assigned_identities', None) or {}
            for key, value in user_assigned.items():
                if key.lower() == identity_id.lower() and getattr(value, 'principal_id', None):
                    return value.principal_id, value.client_id
            return None, None
        if getattr(managed, 'principal_id', None) and _has_system_identity(managed):
            return managed.principal_id, None
        raise self._no_identity_error(managed)

    def add_identity(self, identity_id):
        """Attach a user-assigned identity, keeping the others; returns its (principal id, client id)."""
        from azext_durabletask._roles import get_identity
        found = get_identity(self.cmd.cli_ctx, identity_id, '--identity')
        managed = getattr(self.resource, 'identity', None)
        keys = list((getattr(managed, 'user_assigned_identities', None) or {}).keys()) + [identity_id]
        system = _has_system_identity(managed)
        logger.warning("Attaching identity '%s' to %s '%s'.", found.name, self.kind_name, self.name)
        self._patch_identity('SystemAssigned,UserAssigned' if system else 'UserAssigned', keys)
        return found.principal_id, found.client_id

    @property
    def location(self):
        return getattr(self.resource, 'location', None)

    def identities(self):
        """The app's managed identities: [{type, id, principalId, clientId}], the system-assigned one first."""
        managed = getattr(self.resource, 'identity', None)
        found = []
        if getattr(managed, 'principal_id', None) and _has_system_identity(managed):
            found.append({'type': 'SystemAssigned', 'id': None, 'principalId': managed.principal_id,
                          'clientId': None})
        for key, value in (getattr(managed, 'user_assigned_identities', None) or {}).items():
            found.append({'type': 'UserAssigned', 'id': key, 'principalId': getattr(value, 'principal_id', None),
                          'clientId': getattr(value, 'client_id', None)})
        return found

    def read_settings(self):
        """The app's settings (Function App) or environment (Container App) as {name: value}."""
        raise NotImplementedError

    def _no_identity_error(self, managed):
        from azure.cli.core.azclierror import ValidationError
        user_assigned = list((getattr(managed, 'user_assigned_identities', None) or {}).keys())
        hint = ' (it has user-assigned ones: give one with --identity)' if user_assigned else ''
        error = ValidationError(f"{self.kind_name} '{self.name}' has no system-assigned managed identity{hint}.")
        error.set_recommendation('Enable one, then run this command again: ' + self.enable_identity_command())
        return error

    def enable_identity_command(self):
        raise NotImplementedError

    def _patch_identity(self, identity_type, keys):
        raise NotImplementedError

    def set_settings(self, settings):
        raise NotImplementedError


class _FunctionApp(_App):
    kind_name, cli_group = 'Function App', 'functionapp'

    @staticmethod
    def client(cli_ctx, subscription):
        from azext_durabletask._client_factory import cf_web_apps
        return cf_web_apps(cli_ctx, subscription)

    def enable_identity_command(self):
        group = 'functionapp' if self.runs_functions else 'webapp'
        return f'az {group} identity assign -g {self.group} -n {self.name}'

    def _patch_identity(self, identity_type, keys):
        client = self.client(self.cmd.cli_ctx, self.parts['subscription'])
        body = {'identity': {'type': identity_type.replace(',', ', '), 'userAssignedIdentities': {k: {} for k in keys}}}
        with service_errors():
            self.resource = client.update(self.group, self.name, body)

    def read_settings(self):
        client = self.client(self.cmd.cli_ctx, self.parts['subscription'])
        with service_errors():
            return dict(client.list_application_settings(self.group, self.name).properties or {})

    def set_settings(self, settings):
        """Merge into the app settings (the PUT replaces them all); False when they are already set."""
        client = self.client(self.cmd.cli_ctx, self.parts['subscription'])
        with service_errors():
            current = dict(client.list_application_settings(self.group, self.name).properties or {})
            if all(current.get(name) == value for name, value in settings.items()):
                return False
            current.update(settings)
            client.update_application_settings(self.group, self.name, {'properties': current})
        return True


class _ContainerApp(_App):
    kind_name, cli_group = 'Container App', 'containerapp'

    @staticmethod
    def client(cli_ctx, subscription):
        from azext_durabletask._client_factory import cf_container_apps
        return cf_container_apps(cli_ctx, subscription)

    def enable_identity_command(self):
        return f'az containerapp identity assign -g {self.group} -n {self.name} --system-assigned'

    def _patch_identity(self, identity_type, keys):
        from azure.mgmt.appcontainers.models import ContainerApp, ManagedServiceIdentity, UserAssignedIdentity
        identity = ManagedServiceIdentity(type=identity_type,
                                          user_assigned_identities={k: UserAssignedIdentity() for k in keys})
        self.resource = self._update(ContainerApp(location=self.resource.location, identity=identity),
                                     f"Attaching the identity to '{self.name}'")

    def read_settings(self):
        """Every container's variables (the first container that sets a name wins); a secret reference reads as
        `secretref:<name>`."""
        found = {}
        template = self.resource.template
        for container in (template.containers or []) if template else []:
            for var in container.env or []:
                found.setdefault(var.name, var.value if var.value is not None else f'secretref:{var.secret_ref}')
        return found

    def set_settings(self, settings):
        """Set the variables on every container of the template (a new revision); False when already set."""
        from azure.mgmt.appcontainers.models import ContainerApp, EnvironmentVar
        template = self.resource.template
        changed = False
        for container in (template.containers or []) if template else []:
            env = {var.name: var for var in container.env or []}
            for name, value in settings.items():
                if name in env and env[name].value == value and not env[name].secret_ref:
                    continue
                changed = True
                if name in env:
                    env[name].value, env[name].secret_ref = value, None
                else:
                    container.env = (container.env or []) + [EnvironmentVar(name=name, value=value)]
        if not changed:
            return False
        template.revision_suffix = None  # ARM refuses a new revision with the current suffix
        self._update(ContainerApp(location=self.resource.location, template=template),
                     f"Setting the environment of '{self.name}'")
        return True

    def _update(self, body, message):
        from azext_durabletask._lro import run_lro
        client = self.client(self.cmd.cli_ctx, self.parts['subscription'])
        run_lro(self.cmd, lambda **polling: client.begin_update(self.group, self.name, body, **polling),
                message=message)
        with service_errors():  # the PATCH's final response may carry no body: read the app again
            return client.get(self.group, self.name)
