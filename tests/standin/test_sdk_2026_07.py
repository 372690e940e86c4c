"""The official client (azure-mgmt-durabletask 1.2.0b1) round-trips what 2026-07-01 adds, at 2026-07-01 (the
extension's stable client: configured for the preview, a per-call policy sends 2026-07-01) and at
2026-07-01-preview (the SDK's default): scheduler identity, restart, transparent data encryption with a Key Vault
key the identity may use, task hub capabilities."""

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.durabletask import models as m

from armstandin import constants as c
from armstandin.testing import running_standin
from azext_durabletask._client_factory import API_VERSION, PREVIEW_API_VERSION, _stable_api_version_policy

from .conftest import Raw, Recorder, dt_client, resource_client, sub_path

GROUP = 'rg-2026'
CRYPTO_ROLE = 'e147488a-f6f5-4113-8e2d-b22465e65bf6'
VAULT_API = '2023-07-01'


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    with running_standin(tmp_path_factory.mktemp('sdk2026'), EMULATOR_PROVISIONING_SECONDS=0.1,
                         EMULATOR_RETRY_AFTER=0, EMULATOR_PRINCIPAL_REPLICATION_SECONDS=0) as s:
        resource_client(s).resource_groups.create_or_update(GROUP, {'location': 'westus2'})
        yield s


def client_at(standin, api_version, recorder):
    if api_version == API_VERSION:
        return dt_client(standin, recorder, api_version=PREVIEW_API_VERSION,
                         per_call_policies=[_stable_api_version_policy()])
    return dt_client(standin, recorder, api_version=api_version)


def vault_path(name):
    return sub_path('resourceGroups', GROUP, 'providers/Microsoft.KeyVault/vaults', name)


@pytest.mark.parametrize('api_version', [API_VERSION, PREVIEW_API_VERSION])
def test_identity_restart_tde_capabilities_round_trip(standin, api_version):
    recorder = Recorder()
    client = client_at(standin, api_version, recorder)
    raw = Raw(standin)
    name = 'sched-' + api_version.replace('-', '')[:12]
    created = client.schedulers.begin_create_or_update(GROUP, name, m.Scheduler(
        location='westus2', identity=m.ManagedServiceIdentity(type='SystemAssigned'),
        properties=m.SchedulerProperties(ip_allowlist=['0.0.0.0/0'], sku=m.SchedulerSku(name='Dedicated')))).result()
    assert created.identity.type == 'SystemAssigned'
    principal = created.identity.principal_id
    assert principal and created.identity.tenant_id == c.TENANT_ID
    # Graph knows the new principal: it is a service principal of type ManagedIdentity.
    graph_headers = {'Authorization': 'Bearer ' + standin.token(scope=standin.url + '/.default')}  # Graph's audience
    graph = raw('GET', '/v1.0/servicePrincipals/' + principal, api=None, headers=graph_headers)
    assert graph.status_code == 200 and graph.json()['servicePrincipalType'] == 'ManagedIdentity'
    assert {r['url'].split('api-version=')[1].split('&')[0] for r in recorder.responses} == {api_version}

    updated = client.schedulers.begin_update(GROUP, name, m.SchedulerUpdate(tags={'k': 'v'})).result()
    assert updated.identity.principal_id == principal  # a PATCH without identity keeps it

    assert client.schedulers.restart(GROUP, name) is None
    restart = [r for r in recorder.responses if r['url'].split('?')[0].endswith('/restart')]
    assert [r['status'] for r in restart] == [204]

    # A key the identity may not use yet: refused; after the role is granted on the vault: accepted.
    vault = raw('PUT', vault_path(name[:20] + 'kv'), {'location': 'westus2', 'properties': {
        'tenantId': c.TENANT_ID, 'sku': {'family': 'A', 'name': 'standard'}, 'enablePurgeProtection': True}},
        api=VAULT_API)
    assert vault.status_code == 201 and vault.json()['properties']['enableSoftDelete'] is True
    key = raw('PUT', vault_path(name[:20] + 'kv') + '/keys/tde', {'properties': {'kty': 'RSA', 'keySize': 3072}},
              api=VAULT_API)
    key_uri = key.json()['properties']['keyUri']
    tde = m.TransparentDataEncryption(properties=m.TransparentDataEncryptionProperties(
        key_source='CustomerManaged', key_vault_key_uri=key_uri))
    with pytest.raises(HttpResponseError) as refused:
        client.transparent_data_encryptions.begin_create_or_replace(GROUP, name, tde).result()
    assert refused.value.error.code == 'KeyVaultAccessDenied'
    grant = raw('PUT', vault.json()['id'] + '/providers/Microsoft.Authorization/roleAssignments/'
                + '3c1b4f4e-8a49-4d0b-9d5e-{}'.format(('0' * 12 + str(len(api_version)))[-12:]),
                {'properties': {'roleDefinitionId': '/subscriptions/{}/providers/Microsoft.Authorization/'
                                                    'roleDefinitions/{}'.format(c.SUBSCRIPTION_ID, CRYPTO_ROLE),
                                'principalId': principal, 'principalType': 'ServicePrincipal'}}, api='2022-04-01')
    assert grant.status_code == 201, grant.text
    done = client.transparent_data_encryptions.begin_create_or_replace(GROUP, name, tde).result()
    assert done.properties.key_source == 'CustomerManaged' and done.properties.key_vault_key_uri == key_uri
    assert done.properties.provisioning_state == 'Succeeded'
    put = next(r for r in recorder.responses if r['method'] == 'PUT' and r['status'] == 201
               and '/transparentDataEncryptions/' in r['url'])
    assert 'azure-asyncoperation' in put['headers']
    assert [t.name for t in client.transparent_data_encryptions.list_by_scheduler(GROUP, name)] == ['default']
    assert client.transparent_data_encryptions.get(GROUP, name).properties.key_source == 'CustomerManaged'
    client.transparent_data_encryptions.begin_delete(GROUP, name).result()
    with pytest.raises(ResourceNotFoundError):
        client.transparent_data_encryptions.get(GROUP, name)

    hub = client.task_hubs.begin_create_or_update(GROUP, name, 'hub', m.TaskHub(properties=m.TaskHubProperties(
        capabilities=['ExtendedSessions', 'ExtendedSessions']))).result()
    assert hub.properties.capabilities == ['ExtendedSessions']
    assert client.task_hubs.get(GROUP, name, 'hub').properties.capabilities == ['ExtendedSessions']
    client.task_hubs.begin_delete(GROUP, name, 'hub').result()

    removed = client.schedulers.begin_update(GROUP, name, m.SchedulerUpdate(
        identity=m.ManagedServiceIdentity(type='None'))).result()
    assert removed.identity is None
    assert raw('GET', '/v1.0/servicePrincipals/' + principal, api=None, headers=graph_headers).status_code == 404
    client.schedulers.begin_delete(GROUP, name).result()


def test_older_api_versions_neither_take_nor_show_what_2026_07_adds(standin):
    raw = Raw(standin)
    path = sub_path('resourceGroups', GROUP, 'providers/Microsoft.DurableTask/schedulers/sched-old')
    body = {'location': 'westus2', 'identity': {'type': 'SystemAssigned'},
            'properties': {'ipAllowlist': [], 'sku': {'name': 'Consumption'}}}
    created = raw('PUT', path, body, api='2026-02-01')
    assert created.status_code == 201 and 'identity' not in created.json()
    assert 'identity' not in raw('GET', path, api=API_VERSION).json()
    restart = raw('POST', path + '/restart', api='2026-02-01')
    assert restart.status_code == 400 and restart.json()['error']['code'] == 'NoRegisteredProviderFound'
    # Customer-managed keys need a Dedicated scheduler.
    tde = raw('PUT', path + '/transparentDataEncryptions/default', {'properties': {
        'keySource': 'CustomerManaged', 'keyVaultKeyUri': 'https://kv.vault.azure.net/keys/k'}}, api=API_VERSION)
    assert tde.status_code == 400 and tde.json()['error']['code'] == 'CustomerManagedKeyNotSupported'
