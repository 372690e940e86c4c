"""What `az durabletask scheduler attach` and role assignments need from the stand-in, checked with the official
SDKs: user-assigned identities (Microsoft.ManagedIdentity), sites with identity and app settings (Microsoft.Web),
container apps with identity and template env (Microsoft.App), principal replication and the caller who may
not write role assignments (Microsoft.Authorization)."""

import time

import pytest
from azure.core.exceptions import HttpResponseError

from armstandin import constants as c
from armstandin.testing import running_standin

from .conftest import Raw, resource_client

GROUP = 'rg-access'
REPLICATION = 1.5


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    with running_standin(tmp_path_factory.mktemp('access'), EMULATOR_PROVISIONING_SECONDS=0.2,
                         EMULATOR_RETRY_AFTER=0, EMULATOR_PRINCIPAL_REPLICATION_SECONDS=REPLICATION) as s:
        resource_client(s).resource_groups.create_or_update(GROUP, {'location': 'westus2'})
        yield s


def _client(standin, cls, **kwargs):
    return cls(standin.credential(), standin.subscription_id, base_url=standin.url,
               connection_verify=standin.cert_path, polling_interval=0.05, **kwargs)


def _group_id(standin):
    return '/subscriptions/{}/resourceGroups/{}'.format(standin.subscription_id, GROUP)


def _assign(raw, scope, principal_id, name, principal_type='ServicePrincipal'):
    props = {'roleDefinitionId': '/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}'.format(
        c.SUBSCRIPTION_ID, c.ROLE_DURABLE_TASK_WORKER), 'principalId': principal_id}
    if principal_type:
        props['principalType'] = principal_type
    return raw('PUT', scope + '/providers/Microsoft.Authorization/roleAssignments/' + name, api='2022-04-01',
               body={'properties': props})


def test_user_assigned_identity_replicates_before_role_assignments_accept_it(standin):
    from azure.mgmt.msi import ManagedServiceIdentityClient
    identities = _client(standin, ManagedServiceIdentityClient).user_assigned_identities
    created = identities.create_or_update(GROUP, 'id-orders', {'location': 'westus2'})
    assert created.principal_id and created.client_id and created.tenant_id == c.TENANT_ID
    assert identities.get(GROUP, 'id-orders').principal_id == created.principal_id
    assert [i.name for i in identities.list_by_resource_group(GROUP)] == ['id-orders']

    raw = Raw(standin)
    # Without principalType ARM looks the principal up: not found until it has replicated.
    early = _assign(raw, _group_id(standin), created.principal_id, '6f2b8e7c-1d3a-4c5b-9e8f-0a1b2c3d4e5f', None)
    assert (early.status_code, early.json()['error']['code']) == (400, 'PrincipalNotFound')
    # With principalType ServicePrincipal it does not look: accepted at once.
    assert _assign(raw, '/subscriptions/' + c.SUBSCRIPTION_ID, created.principal_id,
                   '7a3c9f8d-2e4b-4d6c-8f9a-1b2c3d4e5f60').status_code == 201
    time.sleep(REPLICATION)
    assert _assign(raw, _group_id(standin), created.principal_id,
                   '6f2b8e7c-1d3a-4c5b-9e8f-0a1b2c3d4e5f', None).status_code == 201
    # Graph knows it as a managed identity's service principal.
    graph_token = standin.token(scope=standin.url + '/.default')  # Graph refuses ARM's audience
    graph = raw('GET', '/v1.0/servicePrincipals/' + created.principal_id, api=None,
                headers={'Authorization': 'Bearer ' + graph_token}).json()
    assert (graph['servicePrincipalType'], graph['appId']) == ('ManagedIdentity', created.client_id)


def test_site_identity_and_app_settings(standin):
    from azure.mgmt.web import WebSiteManagementClient
    from azure.mgmt.msi import ManagedServiceIdentityClient
    web = _client(standin, WebSiteManagementClient).web_apps
    site = web.begin_create_or_update(GROUP, 'func-orders', {
        'location': 'westus2', 'kind': 'functionapp,linux', 'identity': {'type': 'SystemAssigned'},
        'properties': {'siteConfig': {'appSettings': [{'name': 'A', 'value': '1'}]}}}).result()
    assert site.kind == 'functionapp,linux' and site.identity.principal_id
    assert web.list_application_settings(GROUP, 'func-orders').properties == {'A': '1'}
    web.update_application_settings(GROUP, 'func-orders', {'properties': {'A': '1', 'B': '2'}})
    assert web.list_application_settings(GROUP, 'func-orders').properties == {'A': '1', 'B': '2'}

    uami = _client(standin, ManagedServiceIdentityClient).user_assigned_identities.create_or_update(
        GROUP, 'id-func', {'location': 'westus2'})
    patched = web.update(GROUP, 'func-orders', {'identity': {'type': 'SystemAssigned, UserAssigned',
                                                             'userAssignedIdentities': {uami.id: {}}}})
    assert patched.identity.principal_id == site.identity.principal_id
    assert patched.identity.user_assigned_identities[uami.id].client_id == uami.client_id
    with pytest.raises(HttpResponseError) as missing:
        web.update(GROUP, 'func-orders', {'identity': {'type': 'UserAssigned', 'userAssignedIdentities': {
            uami.id.replace('id-func', 'id-nope'): {}}}})
    assert missing.value.status_code == 400


def test_container_app_identity_and_env_make_a_new_revision(standin):
    from azure.mgmt.appcontainers import ContainerAppsAPIClient
    from azure.mgmt.appcontainers import models as m
    apps = _client(standin, ContainerAppsAPIClient).container_apps
    app = apps.begin_create_or_update(GROUP, 'app-orders', m.ContainerApp(
        location='westus2', identity=m.ManagedServiceIdentity(type='SystemAssigned'),
        template=m.Template(containers=[m.Container(name='w', image='img:1', env=[
            m.EnvironmentVar(name='X', value='1')])]))).result()
    assert app.identity.principal_id and app.latest_revision_name.startswith('app-orders--')
    template = app.template
    template.containers[0].env.append(m.EnvironmentVar(name='Y', value='2'))
    with pytest.raises(HttpResponseError) as same_suffix:
        apps.begin_update(GROUP, 'app-orders', m.ContainerApp(location='westus2', template=template)).result()
    assert same_suffix.value.error.code == 'ContainerAppRevisionSuffixConflict'
    template.revision_suffix = None
    apps.begin_update(GROUP, 'app-orders', m.ContainerApp(location='westus2', template=template)).result()
    updated = apps.get(GROUP, 'app-orders')
    assert [(e.name, e.value) for e in updated.template.containers[0].env] == [('X', '1'), ('Y', '2')]
    assert updated.latest_revision_name != app.latest_revision_name
    assert updated.identity.principal_id == app.identity.principal_id


def test_caller_without_role_assignment_write_gets_403(standin):
    raw = Raw(standin)
    raw.headers = {'Authorization': 'Bearer ' + standin.token(c.READER_APP_ID, c.READER_APP_SECRET)}
    denied = _assign(raw, _group_id(standin), c.WORKER_APP_OBJECT_ID, '0c7d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f')
    assert denied.status_code == 403
    error = denied.json()['error']
    assert error['code'] == 'AuthorizationFailed'
    assert "'Microsoft.Authorization/roleAssignments/write'" in error['message']
    listed = raw('GET', _group_id(standin) + '/providers/Microsoft.Authorization/roleAssignments', api='2022-04-01')
    assert listed.status_code == 200
