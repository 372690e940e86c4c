"""The official Microsoft.DurableTask client (azure-mgmt-durabletask) round-trips every operation against the
stand-in: LROs, paging, updates, deletes and ARM's errors, answered as Azure answers them (tests/real-azure)."""

import re

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.durabletask import models as m

from armstandin import constants as c
from armstandin.testing import running_standin

from .conftest import Raw, Recorder, dt_client, resource_client, scheduler_path, sub_path

GROUP = 'rg-sdk'


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    with running_standin(tmp_path_factory.mktemp('sdk'), EMULATOR_PAGE_SIZE=2, EMULATOR_PROVISIONING_SECONDS=0.2,
                         EMULATOR_FAIL_PROVISIONING='fail-.*') as s:
        resource_client(s).resource_groups.create_or_update(GROUP, {'location': 'westus2'})
        yield s


@pytest.fixture(scope='module')
def recorder():
    return Recorder()


@pytest.fixture(scope='module')
def client(standin, recorder):
    return dt_client(standin, recorder)


def new_scheduler(location='westus2', sku='Dedicated', capacity=None, allow=('0.0.0.0/0',)):
    return m.Scheduler(location=location, properties=m.SchedulerProperties(
        ip_allowlist=list(allow), sku=m.SchedulerSku(name=sku, capacity=capacity)))


def test_scheduler_create_get_update_list_delete(standin, client, recorder):
    poller = client.schedulers.begin_create_or_update(GROUP, 'sched-life', new_scheduler())
    created = poller.result()
    initial = next(r for r in recorder.responses if r['method'] == 'PUT' and r['url'].split('?')[0].endswith(
        '/schedulers/sched-life'))
    # Azure: 201, the body `Accepted`, Azure-AsyncOperation only (no Location, no Retry-After)
    assert initial['status'] == 201 and 'azure-asyncoperation' in initial['headers']
    assert 'location' not in initial['headers'] and 'retry-after' not in initial['headers']
    assert initial['body']['properties']['provisioningState'] == 'Accepted'
    statuses = [r['body']['status'] for r in recorder.responses if '/operationStatuses/' in r['url']]
    assert statuses[0] in ('Accepted', 'Provisioning') and statuses[-1] == 'Succeeded'

    assert created.properties.provisioning_state == 'Succeeded'
    assert created.type == 'microsoft.durabletask/schedulers'
    assert created.properties.sku.capacity == 1 and created.properties.sku.redundancy_state == 'None'
    assert re.fullmatch(r'https://sched-life-[a-z0-9]{13}\.westus2\.durabletask\.io', created.properties.endpoint)
    assert created.properties.public_network_access == 'Enabled'  # not sent: filled in from 2026-02-01
    assert created.properties.private_endpoint_connections is None  # absent when there are none
    assert created.system_data.created_by_type == 'Application'

    got = client.schedulers.get(GROUP, 'sched-life')
    assert got.properties.endpoint == created.properties.endpoint

    updated = client.schedulers.begin_update(GROUP, 'sched-life', m.SchedulerUpdate(
        tags={'env': 'test'}, properties=m.SchedulerPropertiesUpdate(
            sku=m.SchedulerSkuUpdate(capacity=3), ip_allowlist=['10.0.0.0/8', '2001:db8::1']))).result()
    assert updated.tags == {'env': 'test'} and updated.properties.sku.capacity == 3
    assert updated.properties.ip_allowlist == ['10.0.0.0/8', '2001:db8::1']
    patch = [r for r in recorder.responses if r['method'] == 'PATCH'][-1]
    assert patch['status'] == 200 and 'location' not in patch['headers']  # synchronous, as recorded

    # PUT on an existing scheduler: 201 and asynchronous; while it runs, `Updating`, no endpoint, the old allow list
    replaced = client.schedulers.begin_create_or_update(GROUP, 'sched-life', new_scheduler(capacity=2)).result()
    put = [r for r in recorder.responses if r['method'] == 'PUT'][-1]
    assert put['status'] == 201 and 'azure-asyncoperation' in put['headers']
    assert put['body']['properties']['provisioningState'] == 'Updating'
    assert put['body']['properties']['endpoint'] == ''
    assert put['body']['properties']['ipAllowlist'] == ['10.0.0.0/8', '2001:db8::1']
    assert replaced.properties.sku.capacity == 2 and replaced.tags == {}
    assert replaced.properties.ip_allowlist == ['0.0.0.0/0']
    assert replaced.properties.endpoint == created.properties.endpoint

    assert 'sched-life' in [s.name for s in client.schedulers.list_by_subscription()]
    assert 'sched-life' in [s.name for s in client.schedulers.list_by_resource_group(GROUP)]

    client.schedulers.begin_delete(GROUP, 'sched-life').result()
    delete = [r for r in recorder.responses if r['method'] == 'DELETE'][-1]
    assert delete['status'] == 202 and 'location' in delete['headers'] and 'azure-asyncoperation' in delete['headers']
    with pytest.raises(ResourceNotFoundError) as err:
        client.schedulers.get(GROUP, 'sched-life')
    assert err.value.error.code == 'ResourceNotFound'
    assert err.value.error.message == "The resource 'Microsoft.DurableTask/schedulers/sched-life' could not be found."
    # deleting what is not there: 204, no LRO
    client.schedulers.begin_delete(GROUP, 'sched-life').result()
    assert [r['status'] for r in recorder.responses if r['method'] == 'DELETE'][-1] == 204


def test_failed_provisioning(client, recorder):
    with pytest.raises(HttpResponseError) as err:
        client.schedulers.begin_create_or_update(GROUP, 'fail-sched', new_scheduler()).result()
    assert err.value.error.code == 'ProvisioningFailed'
    assert [r['body']['status'] for r in recorder.responses if '/operationStatuses/' in r['url']][-1] == 'Failed'
    assert client.schedulers.get(GROUP, 'fail-sched').properties.provisioning_state == 'Failed'
    client.schedulers.begin_delete(GROUP, 'fail-sched').result()


def test_task_hubs_page_and_block_scheduler_delete(standin, client):
    client.schedulers.begin_create_or_update(GROUP, 'sched-hubs', new_scheduler()).result()
    names = ['hub-{}'.format(i) for i in range(5)]
    for name in names:
        hub = client.task_hubs.begin_create_or_update(GROUP, 'sched-hubs', name, m.TaskHub(
            properties=m.TaskHubProperties())).result()
        assert hub.properties.provisioning_state == 'Succeeded'
    endpoint = client.schedulers.get(GROUP, 'sched-hubs').properties.endpoint
    assert hub.type is None  # Azure's task hub GET has no `type`
    assert hub.properties.dashboard_url == (
        'https://dashboard.durabletask.io/subscriptions/{}/schedulers/sched-hubs/taskhubs/hub-4?endpoint={}'
        '&tenantId={}'.format(c.SUBSCRIPTION_ID, endpoint.replace(':', '%3a').replace('/', '%2f'), c.TENANT_ID))

    standin.clear_requests()
    assert [h.name for h in client.task_hubs.list_by_scheduler(GROUP, 'sched-hubs')] == names
    pages = [r for r in standin.requests() if r['path'].endswith('/taskHubs') and r['method'] == 'GET']
    assert len(pages) == 3  # EMULATOR_PAGE_SIZE=2: 2 + 2 + 1
    assert [p['query'].get('$skiptoken') for p in pages] == [None, '2', '4']

    with pytest.raises(HttpResponseError) as err:
        client.schedulers.begin_delete(GROUP, 'sched-hubs')
    assert err.value.status_code == 409 and err.value.error.code == 'CannotDeleteResource'
    assert all(name in err.value.message for name in names)

    assert client.task_hubs.get(GROUP, 'sched-hubs', 'hub-0').name == 'hub-0'
    for name in names:
        client.task_hubs.begin_delete(GROUP, 'sched-hubs', name).result()
    assert list(client.task_hubs.list_by_scheduler(GROUP, 'sched-hubs')) == []
    client.schedulers.begin_delete(GROUP, 'sched-hubs').result()
    with pytest.raises(ResourceNotFoundError):
        client.task_hubs.get(GROUP, 'sched-hubs', 'hub-0')


def test_retention_policies(standin, client):
    client.schedulers.begin_create_or_update(GROUP, 'sched-ret', new_scheduler(sku='Consumption')).result()
    policy = client.retention_policies.begin_create_or_replace(GROUP, 'sched-ret', m.RetentionPolicy(
        properties=m.RetentionPolicyProperties(retention_policies=[
            m.RetentionPolicyDetails(retention_period_in_days=30),
            m.RetentionPolicyDetails(retention_period_in_days=3, orchestration_state='Failed')]))).result()
    assert policy.name == 'default' and policy.type == 'microsoft.durabletask/schedulers/retentionpolicies'
    assert [(p.retention_period_in_days, p.orchestration_state) for p in policy.properties.retention_policies] == [
        (30, None), (3, 'Failed')]

    updated = client.retention_policies.begin_update(GROUP, 'sched-ret', m.RetentionPolicy(
        properties=m.RetentionPolicyProperties(retention_policies=[
            m.RetentionPolicyDetails(retention_period_in_days=7, orchestration_state='Completed')]))).result()
    assert [p.retention_period_in_days for p in updated.properties.retention_policies] == [7]
    assert client.retention_policies.get(GROUP, 'sched-ret').properties.retention_policies[0].orchestration_state \
        == 'Completed'
    assert [p.name for p in client.retention_policies.list_by_scheduler(GROUP, 'sched-ret')] == ['default']

    with pytest.raises(HttpResponseError) as err:  # Consumption keeps at most 30 days
        client.retention_policies.begin_create_or_replace(GROUP, 'sched-ret', m.RetentionPolicy(
            properties=m.RetentionPolicyProperties(retention_policies=[
                m.RetentionPolicyDetails(retention_period_in_days=31)])))
    assert err.value.status_code == 400 and '30 days' in err.value.message

    client.retention_policies.begin_delete(GROUP, 'sched-ret').result()
    with pytest.raises(ResourceNotFoundError):
        client.retention_policies.get(GROUP, 'sched-ret')
    client.schedulers.begin_delete(GROUP, 'sched-ret').result()


def test_dedicated_retention_maximum(client):
    client.schedulers.begin_create_or_update(GROUP, 'sched-ret90', new_scheduler()).result()
    ok = client.retention_policies.begin_create_or_replace(GROUP, 'sched-ret90', m.RetentionPolicy(
        properties=m.RetentionPolicyProperties(retention_policies=[
            m.RetentionPolicyDetails(retention_period_in_days=90)]))).result()
    assert ok.properties.retention_policies[0].retention_period_in_days == 90
    with pytest.raises(HttpResponseError) as err:
        client.retention_policies.begin_update(GROUP, 'sched-ret90', m.RetentionPolicy(
            properties=m.RetentionPolicyProperties(retention_policies=[
                m.RetentionPolicyDetails(retention_period_in_days=91)])))
    assert err.value.status_code == 400 and '90 days' in err.value.message
    client.schedulers.begin_delete(GROUP, 'sched-ret90').result()  # takes the policy along


def test_private_links_and_endpoint_connections(client):
    client.schedulers.begin_create_or_update(GROUP, 'sched-net', new_scheduler()).result()
    links = list(client.schedulers.list_private_links(GROUP, 'sched-net'))
    assert [(link.name, link.properties.group_id) for link in links] == [('scheduler', 'scheduler')]
    assert client.schedulers.get_private_link(GROUP, 'sched-net', 'scheduler').properties.required_members == [
        'scheduler']
    with pytest.raises(ResourceNotFoundError):
        client.schedulers.get_private_link(GROUP, 'sched-net', 'other')

    pec = client.schedulers.begin_create_or_update_private_endpoint_connection(
        GROUP, 'sched-net', 'pec-1', m.PrivateEndpointConnection(properties=m.PrivateEndpointConnectionProperties(
            private_link_service_connection_state=m.PrivateLinkServiceConnectionState(status='Pending')))).result()
    assert pec.properties.provisioning_state == 'Succeeded'
    approved = client.schedulers.begin_update_private_endpoint_connection(
        GROUP, 'sched-net', 'pec-1', m.PrivateEndpointConnectionUpdate(
            properties=m.OptionalPropertiesUpdateableProperties(
                private_link_service_connection_state=m.PrivateLinkServiceConnectionState(
                    status='Approved', description='ok by test')))).result()
    assert approved.properties.private_link_service_connection_state.status == 'Approved'
    assert [p.name for p in client.schedulers.list_private_endpoint_connections(GROUP, 'sched-net')] == ['pec-1']
    shown = client.schedulers.get(GROUP, 'sched-net').properties.private_endpoint_connections
    assert [p.properties.private_link_service_connection_state.description for p in shown] == ['ok by test']
    client.schedulers.begin_delete_private_endpoint_connection(GROUP, 'sched-net', 'pec-1').result()
    with pytest.raises(ResourceNotFoundError):
        client.schedulers.get_private_endpoint_connection(GROUP, 'sched-net', 'pec-1')
    client.schedulers.begin_delete(GROUP, 'sched-net').result()


def test_operations_list(client):
    names = [op.name for op in client.operations.list()]
    assert 'Microsoft.DurableTask/schedulers/write' in names
    assert 'Microsoft.DurableTask/schedulers/taskHubs/delete' in names
    assert len(names) == len(set(names)) > 10


@pytest.mark.parametrize('name', ['ab', '-abc', 'abc-', 'a_bc', 'x' * 65])
def test_bad_names_are_refused(client, name):
    with pytest.raises(HttpResponseError) as err:
        client.schedulers.begin_create_or_update(GROUP, name, new_scheduler())
    assert err.value.status_code == 400 and err.value.error.code == 'InvalidResourceName'
    assert '^[a-zA-Z0-9-]{3,64}$' in err.value.message


@pytest.mark.parametrize('scheduler, target', [
    (new_scheduler(sku='Consumption', capacity=1), 'properties.sku.capacity'),
    (new_scheduler(capacity=4), 'properties.sku.capacity'),
    (new_scheduler(capacity=0), 'properties.sku.capacity'),
    (new_scheduler(allow=['10.0.0.300']), 'properties.ipAllowlist[0]'),
    (new_scheduler(allow=['10.0.0.0/8', 'not-an-ip']), 'properties.ipAllowlist[1]'),
    (new_scheduler(location='atlantis'), 'location'),
])
def test_invalid_schedulers_are_refused(client, scheduler, target):
    with pytest.raises(HttpResponseError) as err:
        client.schedulers.begin_create_or_update(GROUP, 'sched-bad', scheduler)
    assert err.value.status_code == 400 and err.value.error.target == target


def test_required_fields_api_version_and_auth(standin):
    raw = Raw(standin)
    path = scheduler_path(GROUP, 'sched-raw')
    for body, target in [({'location': 'westus2', 'properties': {'ipAllowlist': []}}, 'properties.sku'),
                         ({'location': 'westus2', 'properties': {'sku': {'name': 'Dedicated'}}},
                          'properties.ipAllowlist'),
                         ({'location': 'westus2', 'properties': {'sku': {}, 'ipAllowlist': []}}, 'properties.sku.name'),
                         ({'properties': {'sku': {'name': 'Dedicated'}, 'ipAllowlist': []}}, 'location')]:
        r = raw('PUT', path, body)
        assert r.status_code == 400 and r.json()['error']['target'] == target, r.text

    r = raw('GET', path, api='2020-01-01')
    assert r.status_code == 400 and r.json()['error']['code'] == 'NoRegisteredProviderFound'
    assert "No registered resource provider found for location" in r.json()['error']['message']
    assert "API version '2020-01-01'" in r.json()['error']['message']
    for accepted in ('2024-10-01-preview', '2025-11-01', '2026-02-01', '2026-07-01', '2026-07-01-preview'):
        assert raw('GET', path, api=accepted).status_code == 404, accepted

    r = raw('GET', path, headers={})
    assert r.status_code == 401 and r.json()['error']['code'] == 'AuthenticationFailed'
    r = raw('GET', path, headers={'Authorization': 'Bearer not-a-jwt'})
    assert r.status_code == 401 and r.json()['error']['code'] == 'InvalidAuthenticationToken'

    # redundancyState must not be sent (documented); other read-only fields sent by a client are ignored
    r = raw('PUT', path, {'location': 'westus2', 'properties': {
        'sku': {'name': 'consumption', 'redundancyState': 'Zone'}, 'ipAllowlist': []}})
    assert r.status_code == 400 and r.json()['error']['target'] == 'properties.sku.redundancyState', r.text
    r = raw('PUT', path, {'location': 'westus2', 'properties': {
        'sku': {'name': 'consumption'}, 'ipAllowlist': [], 'endpoint': 'https://x', 'provisioningState': 'Succeeded'}})
    assert r.status_code == 201, r.text
    props = r.json()['properties']
    assert props['sku'] == {'name': 'Consumption', 'redundancyState': 'None'}
    assert props['endpoint'] != 'https://x' and props['provisioningState'] == 'Accepted'


def test_missing_group_and_resource(client):
    with pytest.raises(ResourceNotFoundError) as err:
        client.schedulers.get('no-such-group', 'sched')
    assert err.value.error.code == 'ResourceGroupNotFound'
    assert err.value.error.message == "Resource group 'no-such-group' could not be found."
    with pytest.raises(ResourceNotFoundError) as err:
        client.task_hubs.get(GROUP, 'no-such-scheduler', 'hub')
    assert err.value.error.code == 'ResourceNotFound'


def test_deleting_the_group_deletes_its_schedulers(standin, client):
    resources = resource_client(standin)
    resources.resource_groups.create_or_update('rg-doomed', {'location': 'westus2'})
    client.schedulers.begin_create_or_update('rg-doomed', 'sched-doomed', new_scheduler()).result()
    client.task_hubs.begin_create_or_update('rg-doomed', 'sched-doomed', 'hub', m.TaskHub()).result()
    resources.resource_groups.begin_delete('rg-doomed').result()
    assert not resources.resource_groups.check_existence('rg-doomed')
    assert 'sched-doomed' not in [s.name for s in client.schedulers.list_by_subscription()]
    r = Raw(standin)('GET', sub_path('resourcegroups', 'rg-doomed'), api='2024-11-01')
    assert r.status_code == 404 and r.json()['error']['code'] == 'ResourceGroupNotFound'


def test_role_assignment_scopes_and_filters(standin):
    raw = Raw(standin)
    group_scope = sub_path('resourceGroups', GROUP)
    hub_scope = scheduler_path(GROUP, 'sched-rbac') + '/taskHubs/hub'
    dt_client(standin).schedulers.begin_create_or_update(GROUP, 'sched-rbac', new_scheduler()).result()
    dt_client(standin).task_hubs.begin_create_or_update(GROUP, 'sched-rbac', 'hub', m.TaskHub()).result()

    roles = raw('GET', hub_scope + '/providers/Microsoft.Authorization/roleDefinitions', api='2022-05-01-preview',
                **{'$filter': "roleName eq 'Durable Task Worker'"}).json()['value']
    assert [r['id'] for r in roles] == [sub_path('providers/Microsoft.Authorization/roleDefinitions',
                                                 c.ROLE_DURABLE_TASK_WORKER)]

    def assign(scope, name, principal, role=c.ROLE_DURABLE_TASK_WORKER):
        return raw('PUT', '{}/providers/Microsoft.Authorization/roleAssignments/{}'.format(scope, name), {
            'properties': {'roleDefinitionId': role, 'principalId': principal}}, api='2022-04-01')

    at_group = assign(group_scope, 'a1a1a1a1-0000-4000-8000-000000000001', c.WORKER_APP_OBJECT_ID)
    assert at_group.status_code == 201 and at_group.json()['properties']['principalType'] == 'ServicePrincipal'
    assert assign(hub_scope, 'a1a1a1a1-0000-4000-8000-000000000002', c.USER2_OBJECT_ID).status_code == 201
    again = assign(group_scope, 'a1a1a1a1-0000-4000-8000-000000000003', c.WORKER_APP_OBJECT_ID)
    assert again.status_code == 409 and again.json()['error']['code'] == 'RoleAssignmentExists'
    ghost = assign(group_scope, 'a1a1a1a1-0000-4000-8000-000000000004', 'a1a1a1a1-0000-4000-8000-0000000000ff')
    assert ghost.status_code == 400 and ghost.json()['error']['code'] == 'PrincipalNotFound'

    def listed(scope, flt=None):
        query = {'$filter': flt} if flt else {}
        body = raw('GET', scope + '/providers/Microsoft.Authorization/roleAssignments', api='2022-04-01', **query)
        return sorted((a['properties']['scope'], a['properties']['principalId']) for a in body.json()['value'])

    sub_scope = sub_path().rstrip('/')
    # atScope(): at and above (the seeded subscription Owners), not below
    assert (hub_scope, c.USER2_OBJECT_ID) not in listed(group_scope, 'atScope()')
    assert (sub_scope, c.USER_OBJECT_ID) in listed(group_scope, 'atScope()')
    assert (group_scope, c.WORKER_APP_OBJECT_ID) in listed(hub_scope, 'atScope()')
    # no filter: below too; principalId / assignedTo: that principal only, anywhere from the scope
    assert (hub_scope, c.USER2_OBJECT_ID) in listed(group_scope)
    assert listed(sub_scope, "principalId eq '{}'".format(c.USER2_OBJECT_ID)) == [(hub_scope, c.USER2_OBJECT_ID)]
    assert listed(hub_scope, "assignedTo('{}')".format(c.WORKER_APP_OBJECT_ID)) == [
        (group_scope, c.WORKER_APP_OBJECT_ID)]

    gone = raw('DELETE', at_group.json()['id'], api='2022-04-01')
    assert gone.status_code == 200 and gone.json()['name'] == 'a1a1a1a1-0000-4000-8000-000000000001'
    assert raw('DELETE', at_group.json()['id'], api='2022-04-01').status_code == 204
    # deleting the task hub takes its role assignments along
    dt_client(standin).task_hubs.begin_delete(GROUP, 'sched-rbac', 'hub').result()
    assert listed(group_scope, "principalId eq '{}'".format(c.USER2_OBJECT_ID)) == []
    dt_client(standin).schedulers.begin_delete(GROUP, 'sched-rbac').result()
