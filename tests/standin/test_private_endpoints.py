"""Microsoft.Network/privateEndpoints (armstandin/routes/network.py): a private endpoint asks a scheduler for a
connection, Pending for a manual request, Approved otherwise; both sides show the same state; deleting the
endpoint removes the connection. Also the DurableTask side's rules the extension relies on: a rejected
connection stays rejected, and a retention period may be 0 days."""

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.durabletask import models as m

from armstandin.testing import running_standin

from .conftest import Raw, dt_client, resource_client, sub_path

GROUP = 'rg-pe'
NETWORK_API = '2026-01-01'
SUBNET = sub_path('resourceGroups', GROUP, 'providers/Microsoft.Network/virtualNetworks/vnet/subnets/default')


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    with running_standin(tmp_path_factory.mktemp('pe'), EMULATOR_PROVISIONING_SECONDS=0.2,
                         EMULATOR_RETRY_AFTER=0) as s:
        resource_client(s).resource_groups.create_or_update(GROUP, {'location': 'westus2'})
        yield s


@pytest.fixture(scope='module')
def client(standin):
    return dt_client(standin)


@pytest.fixture(scope='module')
def scheduler_id(client):
    return client.schedulers.begin_create_or_update(GROUP, 'sched-pe', m.Scheduler(
        location='westus2', properties=m.SchedulerProperties(ip_allowlist=['0.0.0.0/0'],
                                                             sku=m.SchedulerSku(name='Dedicated')))).result().id


def endpoint_path(name):
    return sub_path('resourceGroups', GROUP, 'providers/Microsoft.Network/privateEndpoints', name)


def endpoint_body(target, manual=True, group_ids=('scheduler',), message='please approve', subnet=SUBNET):
    kind = 'manualPrivateLinkServiceConnections' if manual else 'privateLinkServiceConnections'
    return {'location': 'westus2', 'properties': {'subnet': {'id': subnet}, kind: [{
        'name': 'conn', 'properties': {'privateLinkServiceId': target, 'groupIds': list(group_ids),
                                       'requestMessage': message}}]}}


def put_endpoint(standin, name, body):
    return Raw(standin)('PUT', endpoint_path(name), body, api=NETWORK_API)


def connection_of(client, endpoint):
    [pec] = [c for c in client.schedulers.list_private_endpoint_connections(GROUP, 'sched-pe')
             if c.properties.private_endpoint.id.endswith('/' + endpoint)]
    return pec


def test_manual_request_is_pending_until_approved(standin, client, scheduler_id):
    response = put_endpoint(standin, 'pe-manual', endpoint_body(scheduler_id))
    assert response.status_code == 201, response.text
    created = response.json()
    [link] = created['properties']['manualPrivateLinkServiceConnections']
    assert link['properties']['privateLinkServiceConnectionState']['status'] == 'Pending'
    assert created['properties']['privateLinkServiceConnections'] == []

    pec = connection_of(client, 'pe-manual')
    assert pec.name.startswith('pe-manual.')
    assert pec.properties.private_link_service_connection_state.status == 'Pending'
    assert pec.properties.private_link_service_connection_state.description == 'please approve'
    assert pec.properties.group_ids == ['scheduler']
    # The same PUT again keeps the one connection and its name (stable for recordings).
    assert put_endpoint(standin, 'pe-manual', endpoint_body(scheduler_id)).status_code == 200
    assert connection_of(client, 'pe-manual').name == pec.name

    client.schedulers.begin_update_private_endpoint_connection(
        GROUP, 'sched-pe', pec.name, m.PrivateEndpointConnectionUpdate(
            properties=m.OptionalPropertiesUpdateableProperties(
                private_link_service_connection_state=m.PrivateLinkServiceConnectionState(status='Approved')))
    ).result()
    shown = Raw(standin)('GET', endpoint_path('pe-manual'), api=NETWORK_API).json()
    state = shown['properties']['manualPrivateLinkServiceConnections'][0]['properties'][
        'privateLinkServiceConnectionState']
    assert state['status'] == 'Approved'

    client.schedulers.begin_delete_private_endpoint_connection(GROUP, 'sched-pe', pec.name).result()
    shown = Raw(standin)('GET', endpoint_path('pe-manual'), api=NETWORK_API).json()
    assert shown['properties']['manualPrivateLinkServiceConnections'][0]['properties'][
        'privateLinkServiceConnectionState']['status'] == 'Disconnected'
    assert Raw(standin)('DELETE', endpoint_path('pe-manual'), api=NETWORK_API).status_code == 200
    assert Raw(standin)('DELETE', endpoint_path('pe-manual'), api=NETWORK_API).status_code == 204


def test_automatic_request_is_approved_and_leaves_with_the_endpoint(standin, client, scheduler_id):
    assert put_endpoint(standin, 'pe-auto', endpoint_body(scheduler_id, manual=False)).status_code == 201
    pec = connection_of(client, 'pe-auto')
    assert pec.properties.private_link_service_connection_state.status == 'Approved'
    assert Raw(standin)('DELETE', endpoint_path('pe-auto'), api=NETWORK_API).status_code == 200
    assert [c.name for c in client.schedulers.list_private_endpoint_connections(GROUP, 'sched-pe')] == []
    assert Raw(standin)('GET', endpoint_path('pe-auto'), api=NETWORK_API).status_code == 404


def test_a_rejected_connection_stays_rejected(standin, client, scheduler_id):
    put_endpoint(standin, 'pe-rejected', endpoint_body(scheduler_id))
    name = connection_of(client, 'pe-rejected').name

    def set_status(status):
        return client.schedulers.begin_update_private_endpoint_connection(
            GROUP, 'sched-pe', name, m.PrivateEndpointConnectionUpdate(
                properties=m.OptionalPropertiesUpdateableProperties(
                    private_link_service_connection_state=m.PrivateLinkServiceConnectionState(status=status)))
        ).result()

    assert set_status('Rejected').properties.private_link_service_connection_state.status == 'Rejected'
    with pytest.raises(HttpResponseError) as err:
        set_status('Approved')
    assert err.value.status_code == 400 and err.value.error.code == 'PrivateEndpointConnectionRejected'
    Raw(standin)('DELETE', endpoint_path('pe-rejected'), api=NETWORK_API)


@pytest.mark.parametrize('change, status, code', [
    ({'group_ids': ('vault',)}, 400, 'PrivateEndpointBadRequest'),
    ({'subnet': '/subscriptions/x/vnet'}, 400, 'InvalidRequestContent'),
    ({'target': 'missing'}, 400, 'InvalidResourceReference'),
])
def test_bad_requests(standin, scheduler_id, change, status, code):
    change = dict(change)
    target = scheduler_id.replace('sched-pe', 'sched-missing') if change.pop('target', None) else scheduler_id
    response = put_endpoint(standin, 'pe-bad', endpoint_body(target, **change))
    assert (response.status_code, response.json()['error']['code']) == (status, code)


def test_retention_of_zero_days(client, scheduler_id):
    policy = client.retention_policies.begin_create_or_replace(GROUP, 'sched-pe', m.RetentionPolicy(
        properties=m.RetentionPolicyProperties(retention_policies=[
            m.RetentionPolicyDetails(retention_period_in_days=0, orchestration_state='Completed')]))).result()
    assert policy.properties.retention_policies[0].retention_period_in_days == 0
    client.retention_policies.begin_delete(GROUP, 'sched-pe').result()
