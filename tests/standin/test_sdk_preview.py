"""The official client (azure-mgmt-durabletask 1.2.0b1, api-version 2026-07-01-preview, its default) round-trips the
preview groups against the stand-in: failover instances, detectors and task queues (LRO shapes, paging, errors)."""

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.durabletask import models as m

from armstandin.testing import running_standin

from .conftest import Raw, Recorder, dt_client, resource_client, scheduler_path

GROUP = 'rg-preview'
PREVIEW = '2026-07-01-preview'


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    with running_standin(tmp_path_factory.mktemp('preview'), EMULATOR_PAGE_SIZE=2, EMULATOR_PROVISIONING_SECONDS=0.2,
                         EMULATOR_RETRY_AFTER=0) as s:
        resource_client(s).resource_groups.create_or_update(GROUP, {'location': 'westus2'})
        yield s


@pytest.fixture(scope='module')
def recorder():
    return Recorder()


@pytest.fixture(scope='module')
def client(standin, recorder):
    return dt_client(standin, recorder)


def _scheduler(client, name, location):
    return client.schedulers.begin_create_or_update(GROUP, name, m.Scheduler(
        location=location, properties=m.SchedulerProperties(ip_allowlist=['0.0.0.0/0'],
                                                            sku=m.SchedulerSku(name='Dedicated')))).result()


def _last(recorder, method, fragment):
    return [r for r in recorder.responses if r['method'] == method and fragment in r['url']][-1]


def test_client_default_is_the_preview_api_version(client):
    assert client._config.api_version == PREVIEW  # pylint: disable=protected-access


def test_failover_instance_lifecycle(client, recorder):
    primary = _scheduler(client, 'fo-primary', 'westus2')
    partner = _scheduler(client, 'fo-partner', 'eastus')
    assert client.detectors.get(GROUP, 'fo-primary', 'failoverReadiness').properties.status.status_id == 1
    created = client.failover_instances.begin_create_or_replace(GROUP, 'fo-primary', m.FailoverInstance(
        properties=m.FailoverInstanceProperties(partner_scheduler_resource_id=partner.id))).result()
    put = _last(recorder, 'PUT', '/failoverInstances/default')
    assert put['status'] == 201 and 'azure-asyncoperation' in put['headers'] and 'location' not in put['headers']
    assert 'api-version=' + PREVIEW in put['url']
    assert put['body']['properties']['provisioningState'] == 'Accepted'  # as Azure answers a create
    assert created.name == 'default' and created.properties.provisioning_state == 'Succeeded'
    assert created.properties.replication_role == 'Primary' and created.properties.failover_state == 'None'
    assert created.properties.partner_scheduler_location == 'eastus'
    assert created.id == primary.id + '/failoverInstances/default'

    assert [f.name for f in client.failover_instances.list_by_scheduler(GROUP, 'fo-primary')] == ['default']
    readiness = client.detectors.get(GROUP, 'fo-primary', 'failoverReadiness').properties
    assert readiness.status.status_id == 3 and 'fo-partner (eastus)' in readiness.status.message

    failed_over = client.failover_instances.begin_failover(GROUP, 'fo-primary').result()
    post = _last(recorder, 'POST', '/failoverInstances/default/failover')
    assert post['status'] == 202 and 'location' in post['headers'] and 'azure-asyncoperation' in post['headers']
    assert failed_over.properties.replication_role == 'Secondary'
    assert failed_over.properties.failover_state == 'Succeeded'

    forced = client.failover_instances.begin_force_failover_allow_data_loss(GROUP, 'fo-primary').result()
    assert _last(recorder, 'POST', '/forceFailoverAllowDataLoss')['status'] == 202
    assert forced.properties.replication_role == 'Primary'

    client.failover_instances.begin_delete(GROUP, 'fo-primary').result()
    delete = _last(recorder, 'DELETE', '/failoverInstances/default')
    assert delete['status'] == 202 and {'location', 'azure-asyncoperation'} <= set(delete['headers'])
    with pytest.raises(ResourceNotFoundError):
        client.failover_instances.get(GROUP, 'fo-primary')


def test_failover_partner_is_checked(client):
    _scheduler(client, 'fo-same-a', 'westus2')
    same_region = _scheduler(client, 'fo-same-b', 'westus2')
    with pytest.raises(HttpResponseError) as err:
        client.failover_instances.begin_create_or_replace(GROUP, 'fo-same-a', m.FailoverInstance(
            properties=m.FailoverInstanceProperties(partner_scheduler_resource_id=same_region.id)))
    assert err.value.status_code == 400 and 'another region' in err.value.error.message
    with pytest.raises(ResourceNotFoundError):
        client.failover_instances.begin_failover(GROUP, 'fo-same-a')


def test_detectors_report_the_schedulers_state(client):
    _scheduler(client, 'det-sched', 'westus2')
    detectors = list(client.detectors.list_by_scheduler(GROUP, 'det-sched'))  # pages of 2: follows nextLink
    assert {d.name for d in detectors} == {'networkAccess', 'failoverReadiness', 'taskHubs'}
    network = client.detectors.get(GROUP, 'det-sched', 'networkAccess')
    assert network.properties.status.status_id == 1  # Warning: 0.0.0.0/0 admits any address
    table = network.properties.dataset[0].table
    assert [c.column_name for c in table.columns] == ['Status', 'Message', 'Recommendation']
    assert table.rows[0][0] == 'Warning' and '0.0.0.0/0' in table.rows[0][1]
    assert network.properties.dataset[0].rendering_properties.type == 7

    client.schedulers.begin_update(GROUP, 'det-sched', m.SchedulerUpdate(
        properties=m.SchedulerPropertiesUpdate(ip_allowlist=['10.0.0.0/8']))).result()
    assert client.detectors.get(GROUP, 'det-sched', 'NETWORKACCESS').properties.status.status_id == 3
    with pytest.raises(ResourceNotFoundError):
        client.detectors.get(GROUP, 'det-sched', 'no-such-detector')


def test_task_queue_lifecycle(client, recorder):
    _scheduler(client, 'tq-sched', 'westus2')
    client.task_hubs.begin_create_or_update(GROUP, 'tq-sched', 'hub1', m.TaskHub(properties=m.TaskHubProperties())
                                            ).result()
    queue = client.task_queues.begin_create_or_update(GROUP, 'tq-sched', 'hub1', 'orders', m.TaskQueue(
        properties=m.TaskQueueProperties(throughput=m.TaskQueueThroughput(actions_per_second=50)))).result()
    assert _last(recorder, 'PUT', '/taskQueues/orders')['status'] == 201
    assert queue.properties.throughput.actions_per_second == 50 and queue.properties.provisioning_state == 'Succeeded'

    updated = client.task_queues.begin_update(GROUP, 'tq-sched', 'hub1', 'orders', m.TaskQueueUpdate(
        properties=m.TaskQueueProperties(throughput=m.TaskQueueThroughput(actions_per_second=200)))).result()
    assert _last(recorder, 'PATCH', '/taskQueues/orders')['status'] == 200
    assert updated.properties.throughput.actions_per_second == 200
    for name in ('queue-2', 'queue-3'):
        client.task_queues.begin_create_or_update(GROUP, 'tq-sched', 'hub1', name, m.TaskQueue(
            properties=m.TaskQueueProperties(throughput=m.TaskQueueThroughput(actions_per_second=1)))).result()
    names = [q.name for q in client.task_queues.list_by_task_hub(GROUP, 'tq-sched', 'hub1')]
    assert names == ['orders', 'queue-2', 'queue-3']

    with pytest.raises(HttpResponseError) as err:
        client.task_queues.begin_create_or_update(GROUP, 'tq-sched', 'hub1', 'bad', m.TaskQueue(
            properties=m.TaskQueueProperties(throughput=m.TaskQueueThroughput(actions_per_second=0))))
    assert err.value.error.target == 'properties.throughput.actionsPerSecond'

    client.task_queues.begin_delete(GROUP, 'tq-sched', 'hub1', 'orders').result()
    assert _last(recorder, 'DELETE', '/taskQueues/orders')['status'] == 202
    with pytest.raises(ResourceNotFoundError):
        client.task_queues.get(GROUP, 'tq-sched', 'hub1', 'orders')


def test_preview_types_refuse_a_stable_api_version(standin):
    raw = Raw(standin)
    response = raw('GET', scheduler_path(GROUP, 'det-sched') + '/detectors', api='2026-02-01')
    assert response.status_code == 400
    assert response.json()['error']['code'] == 'NoRegisteredProviderFound'


def test_operations_list_names_the_preview_actions(client):
    names = {operation.name for operation in client.operations.list()}
    assert {'Microsoft.DurableTask/schedulers/failoverInstances/forceFailoverAllowDataLoss/action',
            'Microsoft.DurableTask/schedulers/detectors/read',
            'Microsoft.DurableTask/schedulers/taskHubs/taskQueues/write'} <= names
