# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Encryption at rest of a scheduler (2026-07-01): `scheduler transparent-data-encryption create | show | update |
delete | wait | check`, and the one-command path to customer-managed keys.

Before a customer-managed key is set, what the service needs is checked (Dedicated SKU; a managed identity; the key
vault with soft delete and purge protection; an RSA 2048 or 3072 key; the identity holding Key Vault Crypto Service
Encryption User, or get/wrapKey/unwrapKey in the vault's access policies). Key Vault is read through ARM
(Microsoft.KeyVault), never its data plane. What is missing is printed with the command that fixes it; `--grant`
does what can be granted (a system-assigned identity, the role or the access policy)."""

from knack.log import get_logger

from azext_durabletask._errors import service_errors
from azext_durabletask._lro import run_lro

logger = get_logger(__name__)

CUSTOMER_MANAGED, MICROSOFT_MANAGED = 'CustomerManaged', 'MicrosoftManaged'
KEY_SOURCES = (CUSTOMER_MANAGED, MICROSOFT_MANAGED)
KEY_VAULT_API_VERSION = '2023-07-01'
CRYPTO_ROLE_NAME = 'Key Vault Crypto Service Encryption User'
CRYPTO_ROLE_GUID = 'e147488a-f6f5-4113-8e2d-b22465e65bf6'
KEY_PERMISSIONS = ('get', 'wrapKey', 'unwrapKey')
RSA_KEY_TYPES = ('RSA', 'RSA-HSM')
RSA_KEY_SIZES = (2048, 3072)
# https://<vault>.vault.azure.net/keys/<key>[/<version>] (any cloud's vault DNS suffix)
KEY_URI_PATTERN = (r'^https://(?P<vault>[a-zA-Z0-9-]{3,24})\.vault\.[a-z0-9.]+(?::443)?/keys/'
                   r'(?P<key>[a-zA-Z0-9-]{1,127})(?:/(?P<version>[0-9a-fA-F]{32}))?/?$')
KEY_URI_RULE = 'https://<vault>.vault.azure.net/keys/<key>[/<version>]'


class Finding:  # pylint: disable=too-few-public-methods
    """One requirement's state: status OK | Missing | Unknown; `fix` the command that fixes it; `grant` what --grant
    can do about it ('identity' or 'access'), else None. (A plain class: this module is imported whenever the
    command table's arguments load, for KEY_SOURCES, and a namedtuple costs more to make.)"""
    __slots__ = ('requirement', 'status', 'detail', 'fix', 'grant')

    def __init__(self, requirement, status, detail, fix, grant):
        self.requirement, self.status, self.detail, self.fix, self.grant = requirement, status, detail, fix, grant

    def as_dict(self):
        return {name: getattr(self, name) for name in self.__slots__}


def parse_key_uri(uri):
    """(vault, key, version or None), or None when `uri` is not a Key Vault key URI."""
    import re
    match = re.fullmatch(KEY_URI_PATTERN, (uri or '').strip())
    return (match.group('vault'), match.group('key'), match.group('version')) if match else None


# --- commands ----------------------------------------------------------------------------------------------------

def create_tde(cmd, client, resource_group_name, scheduler_name, *, key_source=CUSTOMER_MANAGED,
               key_vault_key_uri=None, grant=False, no_wait=False):
    """`client`: the service client (cf_durabletask): the checks read the scheduler and Key Vault too."""
    from azext_durabletask._existing import read_existing
    existing = read_existing(lambda: client.transparent_data_encryptions.get(resource_group_name, scheduler_name))
    current = getattr(existing, 'properties', None)
    if current is not None:  # a re-run: say what a create over the setting keeps or replaces
        same = _value(current.key_source) == key_source and \
            (current.key_vault_key_uri or None) == (key_vault_key_uri or None)
        if same:
            logger.warning("Scheduler '%s' already has this encryption setting: nothing to change.", scheduler_name)
            return None if no_wait else existing
        logger.warning("Replacing the encryption setting of scheduler '%s' (%s%s).", scheduler_name,
                       _value(current.key_source), ', key ' + current.key_vault_key_uri
                       if current.key_vault_key_uri else '')
    if key_source == CUSTOMER_MANAGED:
        _ensure_requirements(cmd, client, resource_group_name, scheduler_name, key_vault_key_uri, grant=grant)
    return _put(cmd, client, resource_group_name, scheduler_name, key_source, key_vault_key_uri=key_vault_key_uri,
                no_wait=no_wait, message=f"Setting encryption of scheduler '{scheduler_name}'")


def update_tde(cmd, client, resource_group_name, scheduler_name, *, key_source=None, key_vault_key_uri=None,
               grant=False, no_wait=False):
    """The current setting with what is given changed (the API has no PATCH: a GET, then a PUT)."""
    with service_errors():
        current = client.transparent_data_encryptions.get(resource_group_name, scheduler_name).properties
    source = key_source or _value(current.key_source)
    uri = key_vault_key_uri or (current.key_vault_key_uri if source == CUSTOMER_MANAGED else None)
    if source == CUSTOMER_MANAGED:
        if not uri:
            from azure.cli.core.azclierror import RequiredArgumentMissingError
            raise RequiredArgumentMissingError('--key-vault-key-uri is required to switch to CustomerManaged keys.')
        _ensure_requirements(cmd, client, resource_group_name, scheduler_name, uri, grant=grant)
    return _put(cmd, client, resource_group_name, scheduler_name, source, key_vault_key_uri=uri, no_wait=no_wait,
                message=f"Updating encryption of scheduler '{scheduler_name}'")


def show_tde(client, resource_group_name, scheduler_name):
    """`client`: an ArmJsonClient (one GET, no SDK import)."""
    from azext_durabletask._client_factory import arm_json, scheduler_path
    with service_errors():
        return arm_json(client, 'GET', scheduler_path(client, resource_group_name, scheduler_name)
                        + '/transparentDataEncryptions/default')


def delete_tde(cmd, client, resource_group_name, scheduler_name, no_wait=False):
    return run_lro(cmd, lambda **polling: client.transparent_data_encryptions.begin_delete(
        resource_group_name, scheduler_name, **polling), no_wait,
        message=f"Removing the encryption setting of scheduler '{scheduler_name}'")


def get_tde_for_wait(cmd, client, resource_group_name, scheduler_name):
    """The raw getter for `wait`: it needs the service's 404 to notice a deletion."""
    from azext_durabletask._existing import read_for_wait
    return read_for_wait(cmd, lambda: client.transparent_data_encryptions.get(resource_group_name, scheduler_name),
                         f"The encryption setting of '{scheduler_name}'", 'default')


def check_tde(cmd, client, resource_group_name, scheduler_name, *, key_vault_key_uri=None, grant=False):
    """What a customer-managed key needs, each requirement with its state and fix; --grant grants what it can."""
    if not key_vault_key_uri:
        with service_errors({404: 'Give --key-vault-key-uri: the scheduler has no encryption setting yet.'}):
            key_vault_key_uri = client.transparent_data_encryptions.get(
                resource_group_name, scheduler_name).properties.key_vault_key_uri
        if not key_vault_key_uri:
            from azure.cli.core.azclierror import RequiredArgumentMissingError
            raise RequiredArgumentMissingError('Give --key-vault-key-uri: the scheduler uses Microsoft-managed keys.')
    findings = check_requirements(cmd, client, resource_group_name, scheduler_name, key_vault_key_uri)
    if grant:
        findings = _grant(cmd, client, resource_group_name, scheduler_name, key_vault_key_uri, findings=findings)
    missing = [f for f in findings if f.status != 'OK']
    if missing:
        logger.warning('%d of %d requirements are not met: see `fix`. %s', len(missing), len(findings),
                       '' if grant else 'Those with grant set are done by --grant.')
    return [f.as_dict() for f in findings]


def _put(cmd, client, resource_group_name, scheduler_name, key_source, *, key_vault_key_uri, no_wait, message):
    from azure.mgmt.durabletask.models import TransparentDataEncryption, TransparentDataEncryptionProperties
    body = TransparentDataEncryption(properties=TransparentDataEncryptionProperties(
        key_source=key_source, key_vault_key_uri=key_vault_key_uri if key_source == CUSTOMER_MANAGED else None))
    return run_lro(cmd, lambda **polling: client.transparent_data_encryptions.begin_create_or_replace(
        resource_group_name, scheduler_name, body, **polling), no_wait, message=message)


def _value(enum_or_text):
    return getattr(enum_or_text, 'value', enum_or_text)


# --- the requirements --------------------------------------------------------------------------------------------

def _ensure_requirements(cmd, client, resource_group_name, scheduler_name, key_uri, *, grant):
    findings = check_requirements(cmd, client, resource_group_name, scheduler_name, key_uri)
    # --grant changes nothing while something it cannot grant is missing: the command would fail anyway.
    if grant and not any(f.status == 'Missing' and not f.grant for f in findings):
        findings = _grant(cmd, client, resource_group_name, scheduler_name, key_uri, findings=findings)
    for finding in findings:
        if finding.status == 'Unknown':
            logger.warning('Not checked: %s (%s). The service checks it when the key is set.', finding.requirement,
                           finding.detail)
    missing = [f for f in findings if f.status == 'Missing']
    if missing:
        from azure.cli.core.azclierror import ValidationError
        reasons = '; '.join(f'{f.requirement} ({f.detail})' for f in missing)
        error = ValidationError(f"The key {key_uri} cannot encrypt scheduler '{scheduler_name}' yet: {reasons}.")
        fixes = [f.fix for f in missing if f.fix]
        if any(f.grant for f in missing) and not grant:
            grants = ' and '.join(sorted({_GRANT_WORDS[f.grant] for f in missing if f.grant}))
            fixes.append(f'Or add --grant to this command to {grants}.')
        error.set_recommendation('\n'.join(fixes))
        raise error


_GRANT_WORDS = {'identity': 'give the scheduler a system-assigned identity',
                'access': 'grant its identity the use of the key'}


def check_requirements(cmd, client, resource_group_name, scheduler_name, key_uri):
    """[Finding] for a customer-managed key `key_uri` on the scheduler, read through ARM only."""
    from azext_durabletask._resource import current_subscription
    vault_name, key_name, _ = parse_key_uri(key_uri)
    with service_errors():
        scheduler = client.schedulers.get(resource_group_name, scheduler_name)
    findings = [_sku_finding(scheduler, resource_group_name)]
    principals = _principals(scheduler)
    findings.append(Finding(
        'managed identity', 'OK' if principals else 'Missing',
        ', '.join(f'{p} ({kind})' for p, kind in principals) or 'the scheduler has none',
        None if principals else (f'az durabletask scheduler identity assign -g {resource_group_name} '
                                 f'-n {scheduler_name} --system-assigned'),
        None if principals else 'identity'))
    vault = _find_vault(client, current_subscription(cmd.cli_ctx), vault_name)
    if isinstance(vault, Finding):
        return findings + [vault]
    findings += _vault_findings(vault)
    findings.append(_key_finding(client, vault, key_name))
    findings.append(_access_finding(cmd, vault, principals))
    return findings


def _sku_finding(scheduler, resource_group_name):
    sku = _value(scheduler.properties.sku.name)
    if sku == 'Dedicated':
        return Finding('Dedicated SKU', 'OK', 'Dedicated', None, None)
    return Finding('Dedicated SKU', 'Missing', f'{sku} (the SKU cannot change)',
                   f'az durabletask scheduler create -g {resource_group_name} -n <new-scheduler> --sku-name Dedicated '
                   '--mi-system-assigned', None)


def _principals(scheduler):
    """[(object id, 'system-assigned' | identity name)] of the scheduler's managed identities."""
    identity = scheduler.identity
    if identity is None:
        return []
    found = [(identity.principal_id, 'system-assigned')] if identity.principal_id else []
    for resource_id, user in (identity.user_assigned_identities or {}).items():
        if user is not None and user.principal_id:
            found.append((user.principal_id, resource_id.rsplit('/', 1)[-1]))
    return found


def _find_vault(client, subscription_id, vault_name):
    """The vault (ARM JSON) named `vault_name` in the subscription, or an Unknown/Missing Finding."""
    from azure.core.exceptions import HttpResponseError
    from azext_durabletask._client_factory import list_json
    try:
        vaults = list_json(client, f'/subscriptions/{subscription_id}/providers/Microsoft.KeyVault/vaults',
                           KEY_VAULT_API_VERSION)
    except HttpResponseError as ex:
        return Finding('key vault', 'Unknown', f'vaults could not be listed: {ex.reason or ex.status_code}',
                       'Ask for Reader on the key vault, then run: az durabletask scheduler '
                       'transparent-data-encryption check', None)
    found = next((v for v in vaults if v['name'].lower() == vault_name.lower()), None)
    if found is None:
        return Finding('key vault', 'Unknown', f"no vault '{vault_name}' in subscription {subscription_id} "
                                               "(another subscription's vault cannot be checked)",
                       f'az keyvault show -n {vault_name}', None)
    return found


def _vault_args(vault):
    return f"-g {vault['id'].split('/')[4]} -n {vault['name']}"


def _vault_findings(vault):
    props = vault.get('properties') or {}
    soft = props.get('enableSoftDelete', True) is not False  # absent means on (the default since 2020)
    purge = bool(props.get('enablePurgeProtection'))
    return [
        Finding('vault soft delete', 'OK' if soft else 'Missing', 'on' if soft else 'off',
                None if soft else f'az keyvault update {_vault_args(vault)} --enable-soft-delete true', None),
        # Purge protection cannot be turned off once on: the fix is for the vault's owner to decide, not --grant.
        Finding('vault purge protection', 'OK' if purge else 'Missing', 'on' if purge else 'off',
                None if purge else f'az keyvault update {_vault_args(vault)} --enable-purge-protection true',
                None),
    ]


def _key_finding(client, vault, key_name):
    from azure.core.exceptions import HttpResponseError
    from azext_durabletask._client_factory import arm_json
    create = f"az keyvault key create --vault-name {vault['name']} -n <new-key> --kty RSA --size 3072"
    try:
        key = arm_json(client, 'GET', f"{vault['id']}/keys/{key_name}", KEY_VAULT_API_VERSION)
    except HttpResponseError as ex:
        if ex.status_code == 404:
            return Finding('RSA 2048/3072 key', 'Missing', f"no key '{key_name}' in vault {vault['name']}",
                           create.replace('<new-key>', key_name), None)
        return Finding('RSA 2048/3072 key', 'Unknown', f'the key could not be read: {ex.reason or ex.status_code}',
                       None, None)
    props = key.get('properties') or {}
    kind, size = props.get('kty'), props.get('keySize')
    missing_ops = [op for op in ('wrapKey', 'unwrapKey') if props.get('keyOps') and op not in props['keyOps']]
    if kind in RSA_KEY_TYPES and size in RSA_KEY_SIZES and not missing_ops:
        return Finding('RSA 2048/3072 key', 'OK', f'{kind} {size}', None, None)
    if missing_ops:
        return Finding('RSA 2048/3072 key', 'Missing', f"the key does not permit {' and '.join(missing_ops)}",
                       f"az keyvault key set-attributes --vault-name {vault['name']} -n {key_name} "
                       '--ops wrapKey unwrapKey', None)
    return Finding('RSA 2048/3072 key', 'Missing', f"the key is {kind} {size or ''}", create, None)


def _access_finding(cmd, vault, principals):
    """Whether one of the identities may get, wrap and unwrap with the vault's keys (by the vault's model)."""
    requirement = 'key access for the identity'
    if not principals:
        return Finding(requirement, 'Missing', 'no identity to grant it to yet', None, 'access')
    props = vault.get('properties') or {}
    principal = principals[0][0]
    if props.get('enableRbacAuthorization'):
        fix = _crypto_role_command(principal, vault['id'])
        holders = _crypto_role_holders(cmd, vault['id'], [p for p, _ in principals])
        if holders is None:
            return Finding(requirement, 'Unknown', 'role assignments on the vault could not be read', fix, 'access')
        if holders:
            return Finding(requirement, 'OK', f'{holders[0]} holds {CRYPTO_ROLE_NAME}', None, None)
        return Finding(requirement, 'Missing', f'{principal} lacks {CRYPTO_ROLE_NAME} on the vault', fix,
                       'access')
    wanted = {p.lower() for p in KEY_PERMISSIONS}
    for policy in props.get('accessPolicies') or []:
        granted = {p.lower() for p in (policy.get('permissions') or {}).get('keys') or []}
        if policy.get('objectId', '').lower() in {p.lower() for p, _ in principals} and (
                'all' in granted or wanted <= granted):
            return Finding(requirement, 'OK', f"{policy['objectId']} has get, wrapKey, unwrapKey", None,
                           None)
    return Finding(requirement, 'Missing', f'{principal} has no access policy with get, wrapKey, unwrapKey',
                   f"az keyvault set-policy {_vault_args(vault)} --object-id {principal} "
                   f"--key-permissions {' '.join(KEY_PERMISSIONS)}", 'access')


def _crypto_role_command(principal_id, vault_id):
    return (f'az role assignment create --role "{CRYPTO_ROLE_NAME}" --assignee-object-id {principal_id} '
            f'--assignee-principal-type ServicePrincipal --scope {vault_id}')


def _crypto_role_holders(cmd, vault_id, principal_ids):
    """The principals among `principal_ids` holding the crypto role at or above the vault; None when unreadable."""
    from azure.core.exceptions import HttpResponseError
    from azext_durabletask._client_factory import cf_authorization
    from azext_durabletask._resource import subscription_of
    assignments = cf_authorization(cmd.cli_ctx, subscription_of(vault_id)).role_assignments
    holders = []
    try:
        for principal in principal_ids:
            for assignment in assignments.list_for_scope(vault_id, filter=f"principalId eq '{principal}'"):
                scope = (assignment.scope or '').lower().rstrip('/')
                above = vault_id.lower() == scope or vault_id.lower().startswith(scope + '/')
                if above and (assignment.role_definition_id or '').lower().endswith('/' + CRYPTO_ROLE_GUID):
                    holders.append(principal)
                    break
    except HttpResponseError:
        return None
    return holders


# --- --grant -----------------------------------------------------------------------------------------------------

def _grant(cmd, client, resource_group_name, scheduler_name, key_uri, *, findings):
    """Do what --grant can (a system-assigned identity; the role or access policy), then check again."""
    todo = {f.grant for f in findings if f.grant and f.status != 'OK'}
    if not todo:
        return findings
    if 'identity' in todo:
        from azext_durabletask.identity import assign_identity
        logger.warning("Giving scheduler '%s' a system-assigned identity.", scheduler_name)
        assign_identity(cmd, client.schedulers, resource_group_name, scheduler_name, system_assigned=True)
    with service_errors():
        scheduler = client.schedulers.get(resource_group_name, scheduler_name)
    principals = _principals(scheduler)
    vault_name = parse_key_uri(key_uri)[0]
    from azext_durabletask._resource import current_subscription
    vault = _find_vault(client, current_subscription(cmd.cli_ctx), vault_name)
    if not isinstance(vault, Finding) and principals:
        access = _access_finding(cmd, vault, principals)
        if access.status != 'OK':
            _grant_access(cmd, client, vault, principals[0][0])
    return check_requirements(cmd, client, resource_group_name, scheduler_name, key_uri)


def _grant_access(cmd, client, vault, principal_id):
    from azext_durabletask._client_factory import arm_json
    if (vault.get('properties') or {}).get('enableRbacAuthorization'):
        from azext_durabletask._roles import Principal, Role
        from azext_durabletask.access import grant
        logger.warning('Granting %s to %s on key vault %s.', CRYPTO_ROLE_NAME, principal_id, vault['name'])
        from azure.cli.core.azclierror import ForbiddenError
        role = Role('crypto-service-encryption-user', CRYPTO_ROLE_NAME, CRYPTO_ROLE_GUID)
        try:
            grant(cmd.cli_ctx, vault['id'], role, Principal(principal_id, 'ServicePrincipal', None))
        except ForbiddenError as ex:
            # The shared grant's advice names a Durable Task command; this role is granted with az's own.
            ex.set_recommendation('Ask an Owner or User Access Administrator of the key vault to run: '
                                  f"{_crypto_role_command(principal_id, vault['id'])}")
            raise
        return
    logger.warning('Adding an access policy (keys: %s) for %s to key vault %s.', ', '.join(KEY_PERMISSIONS),
                   principal_id, vault['name'])
    body = {'properties': {'accessPolicies': [{'tenantId': vault['properties'].get('tenantId'),
                                               'objectId': principal_id,
                                               'permissions': {'keys': list(KEY_PERMISSIONS)}}]}}
    with service_errors():
        arm_json(client, 'PUT', vault['id'] + '/accessPolicies/add', KEY_VAULT_API_VERSION, body)
