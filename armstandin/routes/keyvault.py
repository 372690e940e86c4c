"""Microsoft.KeyVault through ARM: the few calls the customer-managed-key path of a scheduler needs.

- PUT | GET | PATCH | DELETE /subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.KeyVault/vaults/{vault}
      PUT and PATCH answer at once (200, 201 when new), as Azure records vault writes; DELETE 200, 204 when absent
- GET /subscriptions/{s}[/resourceGroups/{g}]/providers/Microsoft.KeyVault/vaults
- PUT | GET .../vaults/{vault}/keys/{key}        create-if-not-exists (an existing key is answered unchanged)
- PUT .../vaults/{vault}/accessPolicies/{add|replace|remove}

A vault's data-plane URI is https://{vault}.vault.azure.net/ (the stand-in serves no data plane: `keyUri` is what
the scheduler's TDE setting names). Role definition "Key Vault Crypto Service Encryption User" is added to the
stand-in's Microsoft.Authorization catalogue here, with the area that uses it.

`key_access(store, key_uri, principal_id)` tells whether a principal may wrap and unwrap with a key (role at or
above the vault, or an access policy with get, wrapKey and unwrapKey): the DurableTask TDE route asks it.
"""

import re
import secrets

from .. import constants as c
from ..arm import (ArmError, ArmRoute, api_version, ctx, json_response, no_content, read_json,
                   register_renderer, require_location, resource_not_found, system_data)
from .authorization import ASSIGNMENT_TYPE, ROLE_DEFINITIONS, _BY_ID, _at_or_above, _role
from .providers import declare_provider
from .resources import list_in_scope, require_group, require_subscription

NS = 'Microsoft.KeyVault'
VAULT_TYPE = NS + '/vaults'
KEY_TYPE = NS + '/vaults/keys'
API_VERSIONS = ('2024-11-01', '2023-07-01', '2023-02-01', '2022-07-01')
VAULT_DNS_SUFFIX = '.vault.azure.net'
ROLE_CRYPTO_SERVICE_ENCRYPTION_USER = 'e147488a-f6f5-4113-8e2d-b22465e65bf6'
# What a service needs to use a key for encryption at rest, as an access policy grants it.
ENCRYPTION_KEY_PERMISSIONS = ('get', 'wrapkey', 'unwrapkey')

_VAULT_NAME = re.compile(r'^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$')
_KEY_NAME = re.compile(r'^[a-zA-Z0-9-]{1,127}$')
_KEY_TYPES = {'rsa': 'RSA', 'rsa-hsm': 'RSA-HSM', 'ec': 'EC', 'ec-hsm': 'EC-HSM'}
_RSA_SIZES = (2048, 3072, 4096)

declare_provider(NS, ['vaults', 'vaults/keys', 'vaults/accessPolicies', 'operations'], api_versions=API_VERSIONS,
                 locations=c.AZURE_LOCATIONS)

if ROLE_CRYPTO_SERVICE_ENCRYPTION_USER not in _BY_ID:
    _CRYPTO_ROLE = _role(
        ROLE_CRYPTO_SERVICE_ENCRYPTION_USER, 'Key Vault Crypto Service Encryption User',
        'Read metadata of keys and perform wrap/unwrap operations. Only works for key vaults that use the '
        "'Azure role-based access control' permission model.",
        actions=['Microsoft.EventGrid/eventSubscriptions/write', 'Microsoft.EventGrid/eventSubscriptions/read',
                 'Microsoft.EventGrid/eventSubscriptions/delete'],
        data_actions=['Microsoft.KeyVault/vaults/keys/read', 'Microsoft.KeyVault/vaults/keys/wrap/action',
                      'Microsoft.KeyVault/vaults/keys/unwrap/action'])
    ROLE_DEFINITIONS.append(_CRYPTO_ROLE)
    _BY_ID[ROLE_CRYPTO_SERVICE_ENCRYPTION_USER] = _CRYPTO_ROLE


def vault_id(sub, rg, name):
    return '/subscriptions/{}/resourceGroups/{}/providers/{}/vaults/{}'.format(sub, rg, NS, name)


def vault_uri(name):
    return 'https://{}{}/'.format(name.lower(), VAULT_DNS_SUFFIX)


# --- rendering ---------------------------------------------------------------------------------------------------

def render_vault(request, res):  # pylint: disable=unused-argument
    b = res.body
    return {'id': res.id, 'name': res.id.rsplit('/', 1)[-1], 'type': VAULT_TYPE, 'location': b['location'],
            'tags': b.get('tags') or {}, 'systemData': b['systemData'], 'properties': b['properties']}


def render_key(request, res):  # pylint: disable=unused-argument
    b = res.body
    return {'id': res.id, 'name': res.id.rsplit('/', 1)[-1], 'type': KEY_TYPE, 'location': b['location'],
            'tags': b.get('tags') or {}, 'properties': b['properties']}


register_renderer(VAULT_TYPE, render_vault)
register_renderer(KEY_TYPE, render_key)


# --- vaults ------------------------------------------------------------------------------------------------------

def _bool(value, target, default):
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ArmError(400, 'BadRequest', "The property '{}' must be a boolean.".format(target), target=target)
    return value


def _vault_properties(props, current=None):
    current = current or {}
    merged = dict(current)
    merged['tenantId'] = props.get('tenantId') or current.get('tenantId') or c.TENANT_ID
    merged['sku'] = props.get('sku') or current.get('sku') or {'family': 'A', 'name': 'standard'}
    merged['enableSoftDelete'] = _bool(props.get('enableSoftDelete'), 'properties.enableSoftDelete',
                                       current.get('enableSoftDelete', True))
    if current.get('enableSoftDelete') and merged['enableSoftDelete'] is False:
        raise ArmError(400, 'BadRequest', 'Soft delete cannot be disabled once it is enabled.',
                       target='properties.enableSoftDelete')
    purge = _bool(props.get('enablePurgeProtection'), 'properties.enablePurgeProtection',
                  current.get('enablePurgeProtection'))
    if current.get('enablePurgeProtection') and purge is False:
        raise ArmError(400, 'BadRequest', 'Purge protection cannot be disabled once it is enabled.',
                       target='properties.enablePurgeProtection')
    if purge and not merged['enableSoftDelete']:
        raise ArmError(400, 'BadRequest', 'Purge protection needs soft delete enabled.',
                       target='properties.enablePurgeProtection')
    if purge is not None:
        merged['enablePurgeProtection'] = purge
    merged['enableRbacAuthorization'] = _bool(props.get('enableRbacAuthorization'),
                                              'properties.enableRbacAuthorization',
                                              current.get('enableRbacAuthorization', True))
    merged['softDeleteRetentionInDays'] = props.get('softDeleteRetentionInDays') or current.get(
        'softDeleteRetentionInDays', 90)
    policies = props.get('accessPolicies')
    merged['accessPolicies'] = _policies(policies) if policies is not None else current.get('accessPolicies', [])
    return merged


def _policies(values):
    if not isinstance(values, list):
        raise ArmError(400, 'BadRequest', "The property 'accessPolicies' must be an array.", target='accessPolicies')
    result = []
    for entry in values:
        if not isinstance(entry, dict) or not entry.get('objectId'):
            raise ArmError(400, 'BadRequest', 'Each access policy needs an objectId.', target='accessPolicies')
        permissions = entry.get('permissions') or {}
        result.append({'tenantId': entry.get('tenantId') or c.TENANT_ID, 'objectId': entry['objectId'],
                       'permissions': {k: [str(p) for p in permissions.get(k) or []]
                                       for k in ('keys', 'secrets', 'certificates', 'storage')}})
    return result


def _vault_context(request, write=False):
    api_version(request)
    sub = require_subscription(request)
    rg = request.path_params['group']
    require_group(request, sub, rg, for_write=write)
    store, settings = ctx(request)
    return store, settings, sub, rg


def _existing_vault(store, sub, rg, name):
    res = store.get(vault_id(sub, rg, name))
    if res is None:
        raise resource_not_found(VAULT_TYPE, name, rg)
    return res


async def vault(request):
    method = request.method
    store, _, sub, rg = _vault_context(request, write=method in ('PUT', 'PATCH'))
    name = request.path_params['vault']
    rid = vault_id(sub, rg, name)
    existing = store.get(rid)
    if method == 'GET':
        return json_response(render_vault(request, _existing_vault(store, sub, rg, name)))
    if method == 'DELETE':
        if existing is None:
            return no_content(204)
        for key in store.list(KEY_TYPE, under=existing.id):
            store.delete(key.id)
        store.delete(existing.id)
        return no_content(200)
    body = await read_json(request)
    props = body.get('properties') or {}
    if not isinstance(props, dict):
        raise ArmError(400, 'BadRequest', "The property 'properties' must be an object.", target='properties')
    if method == 'PATCH':
        if existing is None:
            raise resource_not_found(VAULT_TYPE, name, rg)
        new = dict(existing.body, properties=_vault_properties(props, existing.body['properties']),
                   systemData=system_data(request, existing.body['systemData']))
        if body.get('tags') is not None:
            new['tags'] = body['tags']
        return json_response(render_vault(request, store.update(rid, new)))
    if not _VAULT_NAME.match(name) or '--' in name:
        raise ArmError(400, 'VaultNameNotValid', "The vault name '{}' is invalid: 3 to 24 letters, digits and "
                                                 "hyphens, starting with a letter.".format(name))
    location = require_location(body, VAULT_TYPE)
    properties = _vault_properties(props, existing.body['properties'] if existing else None)
    properties['vaultUri'] = vault_uri(name)
    new = {'location': location, 'tags': body.get('tags') or {}, 'properties': properties,
           'systemData': system_data(request, existing.body['systemData'] if existing else None)}
    stored = store.put(rid, VAULT_TYPE, new)
    return json_response(render_vault(request, stored), status=200 if existing else 201)


async def list_vaults(request):
    api_version(request)
    return list_in_scope(request, VAULT_TYPE, render_vault)


async def access_policies(request):
    store, _, sub, rg = _vault_context(request, write=True)
    parent = _existing_vault(store, sub, rg, request.path_params['vault'])
    kind = request.path_params['kind'].lower()
    if kind not in ('add', 'replace', 'remove'):
        raise ArmError(400, 'BadRequest', "The access policy operation '{}' is invalid: add, replace or remove."
                       .format(kind))
    body = await read_json(request)
    given = _policies((body.get('properties') or {}).get('accessPolicies') or [])
    current = {p['objectId'].lower(): p for p in parent.body['properties'].get('accessPolicies', [])}
    for policy in given:
        key = policy['objectId'].lower()
        if kind == 'replace' or key not in current:
            current[key] = policy
        elif kind == 'add':
            merged = current[key]['permissions']
            for area, values in policy['permissions'].items():
                merged[area] = sorted(set(merged.get(area, [])) | set(values))
        else:
            removed = current[key]['permissions']
            for area, values in policy['permissions'].items():
                removed[area] = [v for v in removed.get(area, []) if v not in values]
    properties = dict(parent.body['properties'], accessPolicies=list(current.values()))
    store.update(parent.id, dict(parent.body, properties=properties))
    return json_response({'id': parent.id + '/accessPolicies/' + kind, 'type': NS + '/vaults/accessPolicies',
                          'properties': {'accessPolicies': list(current.values())}})


# --- keys --------------------------------------------------------------------------------------------------------

async def key_route(request):
    method = request.method
    store, _, sub, rg = _vault_context(request, write=method == 'PUT')
    parent = _existing_vault(store, sub, rg, request.path_params['vault'])
    name = request.path_params['key']
    rid = '{}/keys/{}'.format(parent.id, name)
    existing = store.get(rid)
    if method == 'GET':
        if existing is None:
            raise resource_not_found(VAULT_TYPE, '{}/keys/{}'.format(request.path_params['vault'], name), rg)
        return json_response(render_key(request, existing))
    if existing is not None:  # Keys_CreateIfNotExist
        return json_response(render_key(request, existing))
    if not _KEY_NAME.match(name):
        raise ArmError(400, 'BadRequest', "The key name '{}' is invalid: letters, digits and hyphens.".format(name))
    body = await read_json(request)
    props = body.get('properties') or {}
    kty = _KEY_TYPES.get(str(props.get('kty') or 'RSA').lower())
    if kty is None:
        raise ArmError(400, 'BadRequest', "The key type '{}' is invalid: RSA, RSA-HSM, EC or EC-HSM.".format(
            props.get('kty')), target='properties.kty')
    size = props.get('keySize')
    if kty.startswith('RSA'):
        size = 2048 if size is None else size
        if size not in _RSA_SIZES:
            raise ArmError(400, 'BadRequest', 'An RSA key size must be 2048, 3072 or 4096.',
                           target='properties.keySize')
    uri = '{}keys/{}'.format(parent.body['properties']['vaultUri'], name)
    version = secrets.token_hex(16)
    ops = props.get('keyOps') or ['encrypt', 'decrypt', 'sign', 'verify', 'wrapKey', 'unwrapKey']
    properties = {'kty': kty, 'keyOps': ops,
                  'attributes': {'enabled': True, 'recoveryLevel': _recovery_level(parent.body['properties'])},
                  'keyUri': uri, 'keyUriWithVersion': '{}/{}'.format(uri, version)}
    if kty.startswith('RSA'):
        properties['keySize'] = size
    else:
        properties['curveName'] = props.get('curveName') or 'P-256'
    stored = store.put(rid, KEY_TYPE, {'location': parent.body['location'], 'tags': body.get('tags') or {},
                                       'properties': properties})
    return json_response(render_key(request, stored))


def _recovery_level(vault_properties):
    if vault_properties.get('enablePurgeProtection'):
        return 'Recoverable'
    return 'Recoverable+Purgeable' if vault_properties.get('enableSoftDelete') else 'Purgeable'


# --- for other provider modules ----------------------------------------------------------------------------------

_KEY_URI = re.compile(r'^https://([a-zA-Z0-9-]+)\.vault\.azure\.net(?::443)?/keys/([a-zA-Z0-9-]+)'
                      r'(?:/([0-9a-fA-F]*))?/?$')


def parse_key_uri(uri):
    """(vault name, key name, version or None), or None when `uri` is not a Key Vault key URI."""
    match = _KEY_URI.match(uri or '')
    return (match.group(1).lower(), match.group(2), match.group(3) or None) if match else None


def find_key(store, key_uri):
    """(vault resource, key resource or None) for a key URI; (None, None) when no vault of that name exists."""
    parsed = parse_key_uri(key_uri)
    if parsed is None:
        return None, None
    vault_name, key_name, _ = parsed
    found = next((v for v in store.list(VAULT_TYPE) if v.id.rsplit('/', 1)[-1].lower() == vault_name), None)
    if found is None:
        return None, None
    return found, store.get('{}/keys/{}'.format(found.id, key_name))


def key_access(store, vault_res, principal_id):
    """Whether `principal_id` may get, wrap and unwrap keys of the vault, by the vault's permission model."""
    principal = (principal_id or '').lower()
    props = vault_res.body['properties']
    if props.get('enableRbacAuthorization'):
        role_suffix = '/roledefinitions/' + ROLE_CRYPTO_SERVICE_ENCRYPTION_USER
        return any(a.body['principalId'].lower() == principal
                   and a.body['roleDefinitionId'].lower().endswith(role_suffix)
                   and _at_or_above(a.body['scope'], vault_res.id)
                   for a in store.list(ASSIGNMENT_TYPE))
    for policy in props.get('accessPolicies', []):
        if policy['objectId'].lower() == principal:
            granted = {p.lower() for p in policy['permissions'].get('keys', [])}
            return 'all' in granted or set(ENCRYPTION_KEY_PERMISSIONS) <= granted
    return False


def routes():
    group = '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.KeyVault/vaults'
    one = group + '/{vault}'
    return [
        ArmRoute('/subscriptions/{subscription}/providers/Microsoft.KeyVault/vaults', list_vaults, methods=['GET']),
        ArmRoute(group, list_vaults, methods=['GET']),
        ArmRoute(one, vault, methods=['GET', 'PUT', 'PATCH', 'DELETE']),
        ArmRoute(one + '/keys/{key}', key_route, methods=['GET', 'PUT']),
        ArmRoute(one + '/accessPolicies/{kind}', access_policies, methods=['PUT']),
    ]
