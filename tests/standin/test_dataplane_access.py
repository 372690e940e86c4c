"""The data plane (EMULATOR_DATA_PLANE=1) admits a call as the service does: network settings (public network
access, IP allow list), a verified token for https://durabletask.io, an existing task hub, a data role; a deleted
task hub takes its orchestrations along and a deleted scheduler's endpoint stops answering."""

import time
import uuid

import grpc
import pytest

from armstandin import constants as c
from armstandin import dataplane, directory, tokens
from armstandin.testing import running_standin

from .conftest import Raw, scheduler_path, sub_path

GROUP = 'rg-dp'
# Dedicated: 25 task hubs per region and subscription (Consumption: 5)
SCHEDULER_BODY = {'location': 'westus2', 'properties': {'ipAllowlist': ['0.0.0.0/0'],
                                                        'sku': {'name': 'Dedicated', 'capacity': 1}}}
DATA_SCOPE = 'https://durabletask.io/.default'


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    with running_standin(tmp_path_factory.mktemp('dataplane-access'), EMULATOR_DATA_PLANE=1,
                         EMULATOR_PROVISIONING_SECONDS=0, EMULATOR_RETRY_AFTER=0) as s:
        owner = Raw(s)
        assert owner('PUT', sub_path('resourcegroups', GROUP), {'location': 'westus2'},
                     api='2024-11-01').status_code in (200, 201)
        yield s


def _settle(raw, path, gone=False, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        answer = raw('GET', path)
        if (answer.status_code == 404) if gone else \
                answer.json().get('properties', {}).get('provisioningState') == 'Succeeded':
            return answer.json()
        time.sleep(0.05)
    raise AssertionError('{} did not settle'.format(path))


def _scheduler(standin, name, **props):
    """A scheduler with task hub 'hub1', the CI login app Durable Task Data Contributor on it; its endpoint."""
    raw = Raw(standin)
    path = scheduler_path(GROUP, name)
    body = {'location': 'westus2', 'properties': dict(SCHEDULER_BODY['properties'], **props)}
    assert raw('PUT', path, body).status_code in (200, 201)
    endpoint = _settle(raw, path)['properties']['endpoint']
    assert raw('PUT', path + '/taskHubs/hub1', {'properties': {}}).status_code in (200, 201)
    _settle(raw, path + '/taskHubs/hub1')
    role = '/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}'.format(
        c.SUBSCRIPTION_ID, c.ROLE_DURABLE_TASK_DATA_CONTRIBUTOR)
    assert raw('PUT', path + '/providers/Microsoft.Authorization/roleAssignments/' + str(uuid.uuid4()), {
        'properties': {'roleDefinitionId': role, 'principalId': c.LOGIN_APP_OBJECT_ID,
                       'principalType': 'ServicePrincipal'}}, api='2022-04-01').status_code == 201
    return path, endpoint


def _stub(standin, endpoint):
    from durabletask.internal import orchestrator_service_pb2_grpc as stubs
    with open(standin.cert_path, 'rb') as f:
        credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
    channel = grpc.secure_channel(endpoint[len('https://'):], credentials)
    return channel, stubs.TaskHubSidecarServiceStub(channel)


def _get(standin, endpoint, instance='i1', hub='hub1', token=None):
    """GetInstance: (exists, None) or (None, the gRPC error)."""
    from durabletask.internal import orchestrator_service_pb2 as pb
    channel, stub = _stub(standin, endpoint)
    token = token or standin.token(scope=DATA_SCOPE)
    try:
        answer = stub.GetInstance(pb.GetInstanceRequest(instanceId=instance), timeout=5,
                                  metadata=[('taskhub', hub), ('authorization', 'Bearer ' + token)])
        return answer.exists, None
    except grpc.RpcError as ex:
        return None, ex
    finally:
        channel.close()


def _start(standin, endpoint, instance='i1', hub='hub1'):
    from durabletask.internal import orchestrator_service_pb2 as pb
    channel, stub = _stub(standin, endpoint)
    try:
        stub.StartInstance(pb.CreateInstanceRequest(instanceId=instance, name='orders'), timeout=5,
                           metadata=[('taskhub', hub), ('authorization', 'Bearer ' + standin.token(scope=DATA_SCOPE))])
    finally:
        channel.close()


def test_a_verified_data_plane_token_is_needed(standin):
    _, endpoint = _scheduler(standin, 'dp-token')
    assert _get(standin, endpoint) == (False, None)
    login_app = next(p for p in directory.SEEDED if p['id'] == c.LOGIN_APP_OBJECT_ID)
    forged = tokens.mint_access_token(login_app, 'https://durabletask.io', b'0' * 64)
    expired = tokens.mint_access_token(login_app, 'https://durabletask.io', standin.signing_key(), lifetime=60,
                                       now=time.time() - 120)
    for token in (forged, expired, standin.token()):  # the last: an ARM token
        _, error = _get(standin, endpoint, token=token)
        assert error.code() == grpc.StatusCode.UNAUTHENTICATED, error


def test_a_missing_task_hub_is_not_found(standin):
    _, endpoint = _scheduler(standin, 'dp-missing')
    _, error = _get(standin, endpoint, hub='nohub')
    assert (error.code(), error.details()) == (grpc.StatusCode.NOT_FOUND, 'Task hub not found: nohub')


def test_public_network_access_disabled_blocks_the_public_endpoint(standin):
    path, endpoint = _scheduler(standin, 'dp-private')
    _start(standin, endpoint)
    raw = Raw(standin)
    assert raw('PATCH', path, {'properties': {'publicNetworkAccess': 'Disabled'}}).status_code in (200, 202)
    _settle(raw, path)
    _, error = _get(standin, endpoint)
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    assert error.details() == dataplane.DENIED.format(hub='hub1', scheduler='dp-private')
    assert raw('PATCH', path, {'properties': {'publicNetworkAccess': 'Enabled'}}).status_code in (200, 202)
    _settle(raw, path)
    assert _get(standin, endpoint) == (True, None)


def test_an_empty_allow_list_denies_every_call_with_the_same_text_as_a_missing_role(standin):
    path, endpoint = _scheduler(standin, 'dp-empty', ipAllowlist=[])
    _, error = _get(standin, endpoint)
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    by_address = error.details()

    raw = Raw(standin)
    assert raw('PATCH', path, {'properties': {'ipAllowlist': ['127.0.0.0/8']}}).status_code in (200, 202)
    _settle(raw, path)
    assert _get(standin, endpoint) == (False, None)
    worker = standin.token(c.WORKER_APP_ID, c.WORKER_APP_SECRET, scope=DATA_SCOPE)  # no data role
    _, error = _get(standin, endpoint, token=worker)
    assert error.code() == grpc.StatusCode.PERMISSION_DENIED
    assert error.details() == by_address  # the text does not tell which check refused


def test_deleting_a_task_hub_deletes_its_orchestrations(standin):
    path, endpoint = _scheduler(standin, 'dp-hubs')
    _start(standin, endpoint)
    assert _get(standin, endpoint) == (True, None)
    raw = Raw(standin)
    assert raw('DELETE', path + '/taskHubs/hub1').status_code in (200, 202, 204)
    _settle(raw, path + '/taskHubs/hub1', gone=True)
    assert _get(standin, endpoint)[1].code() == grpc.StatusCode.NOT_FOUND
    assert raw('PUT', path + '/taskHubs/hub1', {'properties': {}}).status_code in (200, 201)
    _settle(raw, path + '/taskHubs/hub1')
    assert _get(standin, endpoint) == (False, None)  # the same name, a new, empty hub


def test_a_deleted_schedulers_endpoint_stops_answering(standin):
    path, endpoint = _scheduler(standin, 'dp-gone')
    assert _get(standin, endpoint) == (False, None)
    raw = Raw(standin)
    assert raw('DELETE', path + '/taskHubs/hub1').status_code in (200, 202, 204)
    _settle(raw, path + '/taskHubs/hub1', gone=True)
    assert raw('DELETE', path).status_code in (200, 202, 204)
    _settle(raw, path, gone=True)
    deadline = time.time() + 5
    while True:
        _, error = _get(standin, endpoint)
        if error is not None and error.code() == grpc.StatusCode.UNAVAILABLE:
            break
        assert time.time() < deadline, 'the endpoint still answers: {}'.format(error)
        time.sleep(0.1)
    # a new scheduler of the same name gets a new, working endpoint
    _, again = _scheduler(standin, 'dp-gone')
    assert _get(standin, again) == (False, None)
