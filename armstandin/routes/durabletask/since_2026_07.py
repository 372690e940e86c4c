"""Microsoft.DurableTask 2026-07-01 (and 2026-07-01-preview): what it adds to 2026-02-01.

- schedulers: `identity` (ManagedServiceIdentity) on PUT, PATCH and in every response at these versions; a
  system-assigned identity gets a service principal that Graph and role assignments know (routes/msi.py).
- POST .../schedulers/{s}/restart: 204 (the spec's only success answer; synchronous). 409 while another
  operation runs on the scheduler or it is not Succeeded [guess, FIDELITY.md].
- .../schedulers/{s}/transparentDataEncryptions[/default]: GET list, GET, PUT (asynchronous: 201 +
  Azure-AsyncOperation, also when it replaces the setting [guess]), DELETE (202 + Location, 204 when absent).
  CustomerManaged needs a Dedicated scheduler, a managed identity, and a key the identity may get, wrap and unwrap
  when the key's vault is one the stand-in knows (400 otherwise) [guess: codes and wording].
- task hubs: `properties.capabilities` (strings) on PUT and in responses.
Older api-versions neither take nor show any of it. schedulers.py, task_hubs.py and responses.py call the hooks
below; the operations are an area (ROUTES) of the package.
"""

from ...arm import ArmError, json_response, no_content, page, read_json, system_data
from .. import keyvault
from ..msi import apply_identity, render_identity_property
from . import models as m
from . import monitor
from . import responses as r

NS = m.NS
TDE_TYPE = NS + '/schedulers/transparentDataEncryptions'
TDE_PATH = m.SCHEDULER_PATH + '/transparentDataEncryptions/default'
API_VERSIONS = ('2026-07-01', '2026-07-01-preview')
_KEY_SOURCES = {'microsoftmanaged': 'MicrosoftManaged', 'customermanaged': 'CustomerManaged'}


def at_new_version(request):
    return request.query_params.get('api-version') in API_VERSIONS


def _require_new_version(request, what):
    api = m.check_api_version(request)
    if api not in API_VERSIONS:
        raise ArmError(400, 'NoRegisteredProviderFound',
                       "No registered resource provider found for location and API version '{}' for {}. The "
                       "supported api-versions are '{}'.".format(api, what, ', '.join(API_VERSIONS)))
    return api


# --- hooks for routes/durabletask.py ------------------------------------------------------------------------------

def scheduler_identity(request, body, existing, resource_id, replace):
    """The stored identity after a PUT (`replace`: absent means none) or PATCH (absent means unchanged)."""
    current = existing.body.get('identity') if existing is not None else None
    if not at_new_version(request):
        return current
    requested = body.get('identity')
    if requested is None and replace:
        requested = {'type': 'None'} if current else None
    return apply_identity(request, requested, current, resource_id)


def render_scheduler_extras(request, res):
    """Top-level fields of a scheduler response at these versions."""
    stored = res.body.get('identity')
    if not at_new_version(request) or not stored or not (stored.get('system') or stored.get('user')):
        return {}
    return {'identity': render_identity_property(request, stored, separator=',')}


def task_hub_capabilities(request, props, existing):
    current = existing.body.get('capabilities') if existing is not None else None
    if not at_new_version(request) or props.get('capabilities') is None:
        return current
    values = props['capabilities']
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ArmError(400, 'InvalidRequestContent', "The property 'properties.capabilities' must be an array of "
                                                     "non-empty strings.", target='properties.capabilities')
    return list(dict.fromkeys(values))


def render_task_hub_extras(request, res):
    """Fields of a task hub's `properties` at these versions."""
    capabilities = res.body.get('capabilities')
    return {'capabilities': capabilities} if at_new_version(request) and capabilities else {}


# --- restart -------------------------------------------------------------------------------------------------------

async def schedulers_restart(request):
    _require_new_version(request, "'Microsoft.DurableTask/schedulers/restart'")
    store, _, api, sub, rg = m.context(request, write=True)
    scheduler = m.get_scheduler(request, store, sub, rg, api)
    m.refuse_if_busy(scheduler, 'scheduler')
    if scheduler.state != 'Succeeded':
        raise ArmError(409, 'SchedulerNotReady', "The scheduler '{}' is {}: only a scheduler that has succeeded can "
                                                 "restart.".format(scheduler.id.rsplit('/', 1)[-1],
                                                                   scheduler.state.lower()))
    store.update(scheduler.id, dict(scheduler.body, lastRestartAt=system_data(request)['lastModifiedAt']))
    return no_content(204)


# --- transparent data encryption -----------------------------------------------------------------------------------

def render_tde(request, res, provisioning_state=None):  # pylint: disable=unused-argument
    props = {'provisioningState': provisioning_state or res.state, 'keySource': res.body['keySource']}
    if res.body.get('keyVaultKeyUri'):
        props['keyVaultKeyUri'] = res.body['keyVaultKeyUri']
    return {'id': res.id, 'name': 'default', 'type': TDE_TYPE, 'systemData': res.body['systemData'],
            'properties': props}


r.add_renderer(TDE_TYPE, render_tde)


def _tde_parent(request, write=False):
    _require_new_version(request, "'{}'".format(TDE_TYPE))
    store, settings, api, sub, rg = m.context(request, write=write)
    return store, settings, api, rg, m.get_scheduler(request, store, sub, rg, api)


async def transparent_data_encryptions_list_by_scheduler(request):
    store, settings, _, _, parent = _tde_parent(request)
    return json_response(page(request, store.list(TDE_TYPE, under=parent.id), settings,
                              lambda r: render_tde(request, r)))


def _check_customer_key(store, scheduler, key_uri):
    name = scheduler.id.rsplit('/', 1)[-1]
    if scheduler.body['sku']['name'] != 'Dedicated':
        raise ArmError(400, 'CustomerManagedKeyNotSupported',
                       "Customer-managed keys need a Dedicated scheduler; '{}' is {}.".format(
                           name, scheduler.body['sku']['name']), target='properties.keySource')
    if not key_uri:
        raise ArmError(400, 'InvalidRequestContent', "'properties.keyVaultKeyUri' is required when the key source "
                                                     "is CustomerManaged.", target='properties.keyVaultKeyUri')
    if keyvault.parse_key_uri(key_uri) is None:
        raise ArmError(400, 'InvalidKeyVaultKeyUri', "The key URI '{}' is invalid: use "
                                                     "https://<vault>.vault.azure.net/keys/<key>[/<version>]."
                       .format(key_uri), target='properties.keyVaultKeyUri')
    identity = scheduler.body.get('identity') or {}
    principals = ([identity['system']] if identity.get('system') else []) + [
        store.get(uid).body['principalId'] for uid in identity.get('user', []) if store.get(uid) is not None]
    if not principals:
        raise ArmError(400, 'ManagedIdentityRequired',
                       "The scheduler '{}' has no managed identity: assign one that may use the key first.".format(
                           name), target='identity')
    vault, key = keyvault.find_key(store, key_uri)
    if vault is None:
        return  # a vault the stand-in does not know: accepted, as no access check can be made
    if key is None:
        raise ArmError(400, 'KeyVaultKeyNotFound', "The key '{}' was not found.".format(key_uri),
                       target='properties.keyVaultKeyUri')
    if not any(keyvault.key_access(store, vault, principal) for principal in principals):
        raise ArmError(400, 'KeyVaultAccessDenied',
                       "The managed identity of scheduler '{}' may not use the key '{}': it needs the Key Vault "
                       "Crypto Service Encryption User role, or get, wrapKey and unwrapKey in an access policy."
                       .format(name, key_uri), target='properties.keyVaultKeyUri')


async def transparent_data_encryptions_get(request):
    store, _, _, _, parent = _tde_parent(request)
    existing = m.get_child(store, parent, 'transparentDataEncryptions', 'default')
    return r.resource_response(request, render_tde(request, existing), existing)


async def transparent_data_encryptions_delete(request):
    store, _, api, _, parent = _tde_parent(request)
    existing = store.get(parent.id + '/transparentDataEncryptions/default')
    if existing is None:
        return no_content(204)
    return monitor.begin_delete(request, existing, parent.body['location'], api,
                                'transparent data encryption setting')


async def transparent_data_encryptions_create_or_replace(request):
    store, _, api, _, parent = _tde_parent(request, write=True)
    rid = parent.id + '/transparentDataEncryptions/default'
    existing = store.get(rid)
    location = parent.body['location']
    body = await read_json(request)
    props = body.get('properties')
    if not isinstance(props, dict):
        raise ArmError(400, 'InvalidRequestContent', "Required property 'properties' is missing from the request "
                                                     "body.", target='properties')
    source = props.get('keySource')
    if not isinstance(source, str) or source.lower() not in _KEY_SOURCES:
        raise ArmError(400, 'InvalidParameter', "The value '{}' of 'properties.keySource' is invalid. Allowed "
                                                "values: MicrosoftManaged, CustomerManaged.".format(source),
                       target='properties.keySource')
    source = _KEY_SOURCES[source.lower()]
    key_uri = props.get('keyVaultKeyUri')
    if source == 'CustomerManaged':
        _check_customer_key(store, parent, key_uri)
    elif key_uri:
        raise ArmError(400, 'InvalidParameter', "'properties.keyVaultKeyUri' applies only to the CustomerManaged "
                                                "key source.", target='properties.keyVaultKeyUri')
    if existing is not None:
        m.refuse_if_busy(existing, 'transparent data encryption setting')
    m.parent_ready(parent)
    new = {'keySource': source, 'keyVaultKeyUri': key_uri if source == 'CustomerManaged' else None,
           'systemData': system_data(request, existing.body['systemData'] if existing else None)}
    return monitor.begin_create(request, rid, TDE_TYPE, new, location, api,
                                busy_state='Updating' if existing else 'Provisioning',
                                answer_state='Updating' if existing else 'Accepted')


ROUTES = [
    ('Schedulers_Restart', 'POST', m.SCHEDULER_PATH + '/restart', schedulers_restart),
    ('TransparentDataEncryptions_ListByScheduler', 'GET', m.SCHEDULER_PATH + '/transparentDataEncryptions',
     transparent_data_encryptions_list_by_scheduler),
    ('TransparentDataEncryptions_Get', 'GET', TDE_PATH, transparent_data_encryptions_get),
    ('TransparentDataEncryptions_CreateOrReplace', 'PUT', TDE_PATH, transparent_data_encryptions_create_or_replace),
    ('TransparentDataEncryptions_Delete', 'DELETE', TDE_PATH, transparent_data_encryptions_delete),
]
