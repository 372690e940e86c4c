"""What Azure does that the replayed recordings (test_real_recordings.py) do not reach, from the notes on Azure's
behaviour (/work/shared/notes/azure-as-recorded.md, facts marked recorded or documented): the view of a scheduler
while it provisions or updates, retention policies, ETag preconditions, api-versions, quotas, tags, names and
error texts."""

import time

import pytest

from armstandin import constants as c
from armstandin.testing import running_standin

from .conftest import Raw, scheduler_path

GROUP = 'rg-facts'
API = '2026-02-01'


@pytest.fixture(scope='module')
def raw(tmp_path_factory):
    with running_standin(tmp_path_factory.mktemp('facts'), EMULATOR_PROVISIONING_SECONDS=1.5) as standin:
        http = Raw(standin)
        assert http('PUT', '/subscriptions/{}/resourcegroups/{}'.format(c.SUBSCRIPTION_ID, GROUP),
                    {'location': 'westus2'}, api='2024-11-01').status_code in (200, 201)
        yield http


def scheduler_body(allow=('10.0.0.0/8',), sku='Consumption', **props):
    return {'location': 'westus2', 'properties': dict({'sku': {'name': sku}, 'ipAllowlist': list(allow)}, **props)}


def wait_succeeded(raw, path):
    deadline = time.time() + 20
    while time.time() < deadline:
        got = raw('GET', path)
        if got.status_code == 200 and got.json()['properties']['provisioningState'] == 'Succeeded':
            return got
        time.sleep(0.1)
    raise AssertionError('not Succeeded: ' + path)


def poll(raw, url):
    """[(status code, status)] of an Azure-AsyncOperation URL until it ends."""
    seen = []
    while not seen or seen[-1][1] not in ('Succeeded', 'Failed'):
        got = raw.session.get(url, headers=raw.headers, verify=raw.standin.cert_path, timeout=30)
        seen.append((got.status_code, got.json()['status']))
        if got.status_code == 202:
            url = got.headers['Azure-AsyncOperation']
        time.sleep(0.1)
    return seen


def test_a_provisioning_scheduler_has_no_endpoint_allow_list_or_type(raw):
    path = scheduler_path(GROUP, 'facts-new')
    put = raw('PUT', path, scheduler_body())
    assert put.status_code == 201 and 'Location' not in put.headers and 'Retry-After' not in put.headers
    assert put.json()['properties']['provisioningState'] == 'Accepted' and put.json()['properties']['endpoint']
    got = raw('GET', path).json()
    assert 'type' not in got
    assert got['properties']['provisioningState'] == 'Provisioning'
    assert got['properties']['endpoint'] == '' and got['properties']['ipAllowlist'] == []
    statuses = poll(raw, put.headers['Azure-AsyncOperation'])
    assert statuses[0] == (200, 'Accepted') and statuses[-1] == (200, 'Succeeded')
    assert {s for s in statuses[:-1]} <= {(200, 'Accepted'), (200, 'Provisioning')}
    done = raw('GET', path).json()
    assert done['type'] == 'microsoft.durabletask/schedulers' and done['properties']['ipAllowlist'] == ['10.0.0.0/8']


def test_put_over_a_scheduler_is_asynchronous_and_shows_the_old_allow_list(raw):
    path = scheduler_path(GROUP, 'facts-upd')
    raw('PUT', path, scheduler_body())
    endpoint = wait_succeeded(raw, path).json()['properties']['endpoint']
    put = raw('PUT', path, scheduler_body(allow=('192.168.0.0/16',)))
    assert put.status_code == 201 and 'Azure-AsyncOperation' in put.headers
    during = raw('GET', path).json()['properties']
    assert during['provisioningState'] == 'Updating' and during['endpoint'] == ''
    assert during['ipAllowlist'] == ['10.0.0.0/8']
    after = wait_succeeded(raw, path).json()['properties']
    assert after['ipAllowlist'] == ['192.168.0.0/16'] and after['endpoint'] == endpoint


def test_patch_is_synchronous_and_if_match_is_checked(raw):
    path = scheduler_path(GROUP, 'facts-etag')
    raw('PUT', path, scheduler_body())
    current = wait_succeeded(raw, path)
    etag = current.headers['ETag']
    stale = raw('PATCH', path, {'tags': {'a': 'b'}}, headers=dict(raw.headers, **{'If-Match': '"stale"'}))
    assert stale.status_code == 412 and stale.json() == {'error': {
        'code': 'PreconditionFailed',
        'message': 'The condition specified using HTTP conditional header(s) is not met.'}}
    patched = raw('PATCH', path, {'tags': {'a': 'b'}}, headers=dict(raw.headers, **{'If-Match': etag}))
    assert patched.status_code == 200 and patched.json()['tags'] == {'a': 'b'}
    assert patched.headers['ETag'] != etag
    assert raw('DELETE', path, headers=dict(raw.headers, **{'If-Match': etag})).status_code == 412
    assert raw('PUT', path, scheduler_body(), headers=dict(raw.headers, **{'If-Match': etag})).status_code == 412
    assert raw('DELETE', path, headers=dict(raw.headers, **{'If-Match': '*'})).status_code == 202


def test_retention_policy_put_200_delete_204_with_etag(raw):
    path = scheduler_path(GROUP, 'facts-ret')
    raw('PUT', path, scheduler_body())
    wait_succeeded(raw, path)
    policy = path + '/retentionPolicies/default'
    put = raw('PUT', policy, {'properties': {'retentionPolicies': [{'retentionPeriodInDays': 7}]}})
    assert put.status_code == 200 and put.json()['properties']['provisioningState'] == 'Succeeded'
    assert put.json()['type'] == 'microsoft.durabletask/schedulers/retentionpolicies' and put.headers['ETag']
    got = raw('GET', policy)
    assert 'type' not in got.json() and got.headers['ETag'] == put.headers['ETag']
    assert raw('PUT', policy, {'properties': {'retentionPolicies': []}},
               headers=dict(raw.headers, **{'If-Match': '"other"'})).status_code == 412
    assert raw('DELETE', policy).status_code == 204
    missing = raw('GET', policy)
    assert missing.status_code == 404 and missing.json() == {'error': {'code': 'ResourceNotFound', 'message': (
        "The resource 'Microsoft.DurableTask/schedulers/facts-ret/retentionPolicies/default' could not be found.")}}


def test_api_versions(raw):
    path = scheduler_path(GROUP, 'facts-none')
    for api in c.DURABLETASK_API_VERSIONS:
        assert raw('GET', path, api=api).status_code == 404, api
    bad = raw('GET', path, api='2023-01-01')
    assert bad.status_code == 400 and bad.json()['error']['code'] == 'NoRegisteredProviderFound'
    # before 2026-02-01: ARM's text for a missing scheduler
    old = raw('GET', path, api='2025-11-01').json()['error']['message']
    assert old.startswith("The Resource 'Microsoft.DurableTask/schedulers/facts-none' under resource group 'rg-facts'")
    assert raw('GET', path).json()['error']['message'] == \
        "The resource 'Microsoft.DurableTask/schedulers/facts-none' could not be found."


def test_public_network_access_only_when_sent_before_2026(raw):
    path = scheduler_path(GROUP, 'facts-pna')
    put = raw('PUT', path, scheduler_body(), api='2025-11-01')
    assert 'publicNetworkAccess' not in put.json()['properties']
    assert raw('GET', path).json()['properties']['publicNetworkAccess'] == 'Enabled'  # 2026-02-01 fills it in
    assert 'privateEndpointConnections' not in raw('GET', path).json()['properties']


def test_names_tags_and_redundancy_are_checked(raw):
    for name in ('ab', '-abc', 'abc-', 'a_b', 'abc%0A'):
        got = raw('PUT', scheduler_path(GROUP, name), scheduler_body())
        assert got.status_code == 400 and got.json()['error']['code'] == 'InvalidResourceName', name
    path = scheduler_path(GROUP, 'facts-tags')
    for tags, code in [({'t{}'.format(i): 'v' for i in range(51)}, 'InvalidTagCount'),
                       ({'a<b': 'v'}, 'InvalidTagNameCharacters'), ({'a/b': 'v'}, 'InvalidTagNameCharacters'),
                       ({'n' * 513: 'v'}, 'InvalidTagNameLength'), ({'n': 'v' * 257}, 'InvalidTagValueLength')]:
        got = raw('PUT', path, dict(scheduler_body(), tags=tags))
        assert got.status_code == 400 and got.json()['error']['code'] == code, code
    ok = raw('PUT', path, dict(scheduler_body(), tags={'t{}'.format(i): 'v' * 256 for i in range(50)}))
    assert ok.status_code == 201
    got = raw('PUT', scheduler_path(GROUP, 'facts-red'), scheduler_body(sku='Dedicated') | {'properties': {
        'sku': {'name': 'Dedicated', 'capacity': 1, 'redundancyState': 'Zone'}, 'ipAllowlist': []}})
    assert got.status_code == 400


def test_task_hub_quota_is_per_region_and_subscription(raw):
    paths = [scheduler_path(GROUP, 'facts-q1'), scheduler_path(GROUP, 'facts-q2')]
    for path in paths:
        raw('PUT', path, scheduler_body())
    for path in paths:
        wait_succeeded(raw, path)
    codes = [raw('PUT', '{}/taskHubs/hub{}'.format(paths[i % 2], i), {}).status_code for i in range(6)]
    assert codes == [201] * 5 + [409]  # Consumption: 5 task hubs per region and subscription, not per scheduler
    hub = raw('GET', paths[0] + '/taskHubs/hub0').json()
    assert 'type' not in hub
    assert hub['properties']['dashboardUrl'].startswith(
        'https://dashboard.durabletask.io/subscriptions/{}/schedulers/facts-q1/taskhubs/hub0?endpoint=https%3a%2f%2f'
        'facts-q1-'.format(c.SUBSCRIPTION_ID))
    assert hub['properties']['dashboardUrl'].endswith('&tenantId=' + c.TENANT_ID)
    blocked = raw('DELETE', paths[0])
    assert blocked.status_code == 409 and blocked.json()['error']['code'] == 'CannotDeleteResource'
    assert blocked.json()['error']['message'].startswith(
        "Cannot delete resource while nested resources exist. Some existing nested resource IDs include: '/subscr")


def test_retry_after_only_when_asked(tmp_path):
    with running_standin(tmp_path, EMULATOR_PROVISIONING_SECONDS=1, EMULATOR_RETRY_AFTER=1) as standin:
        http = Raw(standin)
        http('PUT', '/subscriptions/{}/resourcegroups/{}'.format(c.SUBSCRIPTION_ID, GROUP), {'location': 'westus2'},
             api='2024-11-01')
        put = http('PUT', scheduler_path(GROUP, 'facts-ra'), scheduler_body())
        assert put.status_code == 201 and put.headers['Retry-After'] == '1'
