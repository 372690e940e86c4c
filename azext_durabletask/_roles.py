# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Who gets which Durable Task role: the three built-in roles, and principals (users, apps, identities).

Role resolution is pure (no request). Principal resolution reuses az's own Graph lookups (the same code
`az role assignment create --assignee` runs) and reads user-assigned identities through ARM.
"""

import re
import uuid
from collections import namedtuple

from azure.cli.core.azclierror import InvalidArgumentValueError

Role = namedtuple('Role', 'alias name guid')

# Built-in roles of Microsoft.DurableTask; the ids are the same in every tenant and cloud.
ROLES = (
    Role('contributor', 'Durable Task Data Contributor', '0ad04412-c4d5-4796-b79c-f76d14c8d402'),
    Role('worker', 'Durable Task Worker', '80d0d6b0-f522-40a4-8886-a5a11720c375'),
    Role('reader', 'Durable Task Data Reader', 'd6a5505f-6ebb-45a4-896e-ac8274cfc0ac'),
)
ROLE_ALIASES = tuple(role.alias for role in ROLES)

# ARM's principalType values that a role assignment accepts.
PRINCIPAL_TYPES = ('User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device')

# Who may write role assignments, for the error a forbidden caller gets.
ASSIGNMENT_WRITERS = 'Owner, User Access Administrator or Role Based Access Control Administrator'

_GUID = r'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'
# Patterns, compiled (and cached by `re`) on first use: most commands load this module and never match them.
_GUID_PATTERN = f'^{_GUID}$'
_ROLE_DEFINITION_ID = (r'^(/subscriptions/[^/]+)?/providers/Microsoft\.Authorization/roleDefinitions/'
                       rf'(?P<guid>{_GUID})$')
_IDENTITY_ID = (r'^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/'
                r'Microsoft\.ManagedIdentity/userAssignedIdentities/[^/]+$')


def is_guid(value):
    """Whether `value` is exactly a GUID (no surrounding space or newline: the value is sent as it is)."""
    return bool(value) and bool(re.fullmatch(_GUID_PATTERN, value))


def is_identity_id(value):
    """Whether `value` is exactly the ARM id of a user-assigned managed identity."""
    return bool(value) and bool(re.fullmatch(_IDENTITY_ID, value, re.IGNORECASE))


# --- roles ---------------------------------------------------------------------------------------------------

def role_choices():
    names = ', '.join(f"'{role.name}'" for role in ROLES)
    return f"{', '.join(ROLE_ALIASES)} (or {names}, or a role definition id)"


def resolve_role(value, flag='--role'):
    """The Durable Task role named by an alias, a full name (any case), a GUID or a role definition id."""
    text = ' '.join((value or '').split())
    lowered = text.lower()
    match = re.fullmatch(_ROLE_DEFINITION_ID, text, re.IGNORECASE)
    guid = (match.group('guid') if match else text).lower()
    for role in ROLES:
        if lowered in (role.alias, role.name.lower()) or guid == role.guid:
            return role
    raise InvalidArgumentValueError(f"{flag} '{value}' is not a Durable Task role: use {role_choices()}.")


def role_definition_id(subscription_id, role):
    """The role definition id a role assignment refers to (the subscription-scoped form ARM returns)."""
    return f'/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleDefinitions/{role.guid}'


def role_of_definition(definition_id):
    """The Durable Task role behind a role definition id, or None for any other role."""
    match = re.fullmatch(_ROLE_DEFINITION_ID, (definition_id or '').strip(), re.IGNORECASE)
    guid = match.group('guid').lower() if match else None
    return next((role for role in ROLES if role.guid == guid), None)


def assignment_name(scope, role, principal_id):
    """A deterministic role assignment name: the same grant always gets the same name, so re-runs are
    idempotent even when two run at once. The subscription is left out of the key so recordings replay under
    another subscription id; a clash with an assignment elsewhere in the tenant falls back to a random name."""
    relative = re.sub(r'^/subscriptions/[^/]+', '', scope.strip(), flags=re.IGNORECASE).lower()
    key = f'{relative}|{role.guid}|{principal_id.lower()}'
    return str(uuid.uuid5(uuid.NAMESPACE_URL, key))


# --- principals ----------------------------------------------------------------------------------------------

Principal = namedtuple('Principal', 'object_id principal_type display_name')


def resolve_principal(cli_ctx, assignee=None, object_id=None, principal_type=None, need_type=True):
    """The principal to grant to: an object id as given (Graph only to learn a missing type, unless `need_type`
    is False), a user-assigned identity's resource id (through ARM), a UPN, app id or object id (through Graph,
    as az does), or else the signed-in account."""
    if object_id:
        if not principal_type and need_type:
            from azure.cli.command_modules.role.custom import _get_principal_type_from_object_id
            principal_type = _get_principal_type_from_object_id(cli_ctx, object_id)
        return Principal(object_id, principal_type, None)
    if assignee and is_identity_id(assignee):
        return identity_principal(cli_ctx, assignee)
    if assignee:
        return _graph_principal(cli_ctx, assignee)
    return signed_in_principal(cli_ctx)


def identity_principal(cli_ctx, identity_id, flag='--assignee'):
    """The service principal of a user-assigned managed identity, read through ARM (no Graph)."""
    identity = get_identity(cli_ctx, identity_id, flag)
    return Principal(identity.principal_id, 'ServicePrincipal', identity.name)


def get_identity(cli_ctx, identity_id, flag):
    """A user-assigned managed identity by resource id; a missing one is an error naming `flag`."""
    from azure.cli.core.azclierror import ResourceNotFoundError
    from azext_durabletask._client_factory import cf_user_assigned_identities
    from azext_durabletask._errors import service_errors
    from azext_durabletask._resource import parse_id
    parts = parse_id(identity_id)
    try:
        with service_errors():
            return cf_user_assigned_identities(cli_ctx, parts['subscription']).get(
                parts['resource_group'], parts['name'])
    except ResourceNotFoundError:
        raise ResourceNotFoundError(
            f"{flag} '{identity_id}': no such user-assigned identity. List them: az identity list -o table") from None


def _graph_principal(cli_ctx, assignee):
    from knack.util import CLIError
    from azure.cli.core.azclierror import ResourceNotFoundError
    from azure.cli.command_modules.role._msgrpah import GraphError
    from azure.cli.command_modules.role.custom import _resolve_object_id_and_type
    try:
        object_id, principal_type = _resolve_object_id_and_type(cli_ctx, assignee, fallback_to_object_id=True)
    except GraphError as ex:
        raise _graph_unreadable('--assignee', assignee, ex) from None
    except CLIError as ex:
        if type(ex) is not CLIError:  # pylint: disable=unidiomatic-typecheck
            raise  # login, network and other az errors keep their own text
        error = ResourceNotFoundError(
            f"--assignee '{assignee}': no user or service principal in the directory has that sign-in name, app id or "
            "object id.")
        error.set_recommendation(_assignee_not_found_hint(assignee))
        raise error from None
    return Principal(object_id, principal_type, assignee)


def _assignee_not_found_hint(assignee):
    """What to check for an --assignee the directory does not know, by what it looks like: a sign-in name is a
    user (never a service principal to create), a GUID may be an app id without a service principal."""
    text = assignee.strip()
    if '@' in text:
        return (f"'{text}' looks like a user's sign-in name: check the spelling and the tenant "
                f"(az ad user show --id {text}); a guest user signs in as name_domain#EXT#@tenant. "
                "Or give --assignee-object-id.")
    if is_guid(text):
        return (f"If '{text}' is an app id without a service principal: az ad sp create --id {text}. For a managed "
                "identity give its resource id (az identity show -g <group> -n <name> --query id -o tsv).")
    return ('Give a sign-in name (user@contoso.com), an app id or object id (a GUID), or a managed identity\'s '
            'resource id (az identity show -g <group> -n <name> --query id -o tsv).')


def signed_in_principal(cli_ctx):
    """The signed-in user or service principal, found through Graph like `az ad signed-in-user show`; for a
    managed identity login, or when Graph is not readable, the object id in the access token."""
    from knack.util import CLIError
    from azure.cli.core._profile import Profile
    from azure.cli.command_modules.role._msgrpah import GraphError
    from azure.cli.command_modules.role._client_factory import _graph_client_factory
    from azure.cli.command_modules.role.custom import _resolve_object_id_and_type
    user = Profile(cli_ctx=cli_ctx).get_subscription().get('user') or {}
    name, is_user = user.get('name'), user.get('type') == 'user'
    principal_type = 'User' if is_user else 'ServicePrincipal'
    problem = None
    if not user.get('assignedIdentityInfo'):  # `az login --identity` has no name to look up
        try:
            if is_user:
                me = _graph_client_factory(cli_ctx).signed_in_user_get()
                return Principal(me['id'], principal_type, me.get('userPrincipalName') or name)
            object_id, _ = _resolve_object_id_and_type(cli_ctx, name)
            return Principal(object_id, principal_type, name)
        except (GraphError, CLIError) as ex:
            if not isinstance(ex, GraphError) and type(ex) is not CLIError:  # pylint: disable=unidiomatic-typecheck
                raise
            problem = ex
    object_id = _token_object_id(cli_ctx)
    if not object_id:
        raise _graph_unreadable('the signed-in account', name, problem or 'no object id in the access token')
    return Principal(object_id, principal_type, name)


def _token_object_id(cli_ctx):
    """The `oid` claim of the ARM access token, or None."""
    import base64
    import json
    from azure.cli.core._profile import Profile
    try:
        token = Profile(cli_ctx=cli_ctx).get_raw_token()[0][1]
        payload = token.split('.')[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + '=' * (-len(payload) % 4)))
        return claims.get('oid')
    except Exception:  # pylint: disable=broad-except
        return None


def _graph_unreadable(what, value, ex):
    from azure.cli.core.azclierror import ForbiddenError
    error = ForbiddenError(f"Cannot look up {what} '{value}' in Microsoft Graph: {' '.join(str(ex).split())}")
    error.set_recommendation('Without Graph access, give the object id and its type: --assignee-object-id <object id> '
                             '--assignee-principal-type ServicePrincipal|User|Group')
    return error
