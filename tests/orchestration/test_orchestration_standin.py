# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The whole chain, live against the local stand-in with EMULATOR_DATA_PLANE=1: az reads the scheduler's
endpoint from ARM, gets a token for https://durabletask.io from its login, and talks gRPC over TLS to the
task hub; roles decide, as in Azure. A real worker (the app's own identity, Durable Task Worker role) runs the
orchestrations. Ends with the issue's "done when": find the last hour's failures, read why, purge them."""

import os

import pytest

from armstandin import constants as c
from armstandin.testing import AzCli, running_standin
from tests.orchestration.backend import FAILURE_MESSAGE, start_worker

GROUP, SCHEDULER, HUB = 'orders-rg', 'orders-scheduler', 'orders'
TARGET = ['-g', GROUP, '-s', SCHEDULER, '--task-hub', HUB]


class _Az(AzCli):
    def orchestration(self, *args):
        return self.json('durabletask', 'orchestration', *args, *TARGET)


@pytest.fixture(scope='module')
def standin(tmp_path_factory):
    with running_standin(tmp_path_factory.mktemp('dataplane'), EMULATOR_DATA_PLANE=1,
                         EMULATOR_PROVISIONING_SECONDS=0) as running:
        yield running


def _app_channel(standin, endpoint, hub):
    """What the app uses: its own identity (orders-worker's client credentials), TLS to the endpoint."""
    from azext_durabletask._dataplane import TOKEN_SCOPE, TaskHubTarget, open_channel
    token = standin.credential(c.WORKER_APP_ID, c.WORKER_APP_SECRET).get_token(TOKEN_SCOPE).token
    return open_channel(TaskHubTarget(endpoint, hub, True), token)


def test_orchestrations_end_to_end_against_the_stand_in(standin, tmp_path, monkeypatch):
    import logging
    from durabletask.client import OrchestrationStatus, TaskHubGrpcClient
    config = tmp_path / 'azure'
    standin.az_login(config)
    az = _Az(dict(standin.az_env(config), AZURE_EXTENSION_DIR=os.environ['AZURE_EXTENSION_DIR'],
                  AZURE_CORE_COLLECT_TELEMETRY='no'))
    az.json('group', 'create', '-n', GROUP, '-l', 'westus2')
    scheduler = az.json('durabletask', 'scheduler', 'create', '-g', GROUP, '-n', SCHEDULER, '--sku-name', 'Dedicated')
    hub = az.json('durabletask', 'taskhub', 'create', '-g', GROUP, '-s', SCHEDULER, '-n', HUB)
    assert hub['properties']['provisioningState'] == 'Succeeded'
    endpoint = scheduler['properties']['endpoint']
    assert endpoint.startswith('https://127.0.0.1:')

    # Owner of the subscription is not enough: data needs a Durable Task role, as in Azure.
    denied = az.run('durabletask', 'orchestration', 'list', *TARGET)
    assert denied.returncode == 1
    assert 'ERROR: Permission denied on task hub' in denied.stderr
    assert "'Durable Task Data Reader' role" in denied.stderr
    assert 'az durabletask role-assignment create -g orders-rg -s orders-scheduler --task-hub orders --role reader' \
        in denied.stderr
    # The command the error recommends, as printed (the signed-in user, at task-hub scope).
    az.json('durabletask', 'role-assignment', 'create', '-g', 'orders-rg', '-s', 'orders-scheduler', '--task-hub',
            'orders', '--role', 'contributor')
    az.json('role', 'assignment', 'create', '--assignee', c.WORKER_APP_ID, '--role', 'Durable Task Worker',
            '--scope', scheduler['id'])  # the scheduler: all its hubs

    monkeypatch.setenv('REQUESTS_CA_BUNDLE', str(standin.cert_path))
    worker = start_worker(channel=_app_channel(standin, endpoint, HUB))
    app = TaskHubGrpcClient(channel=_app_channel(standin, endpoint, HUB), logger=logging.getLogger('standin-app'))
    try:
        failed = [az.orchestration('start', '--name', 'failing_order', '--input', '{"order": 42}')['instanceId'],
                  app.schedule_new_orchestration('failing_order', input={'order': 43})]
        done = app.schedule_new_orchestration('fan_out_fan_in', input=[1, 2, 3])
        waiting = app.schedule_new_orchestration('approval', instance_id='approval-1')
        for instance_id in failed + [done]:
            assert app.wait_for_orchestration_completion(instance_id, timeout=30) is not None
        assert app.wait_for_orchestration_start(waiting, timeout=30).runtime_status == OrchestrationStatus.RUNNING
        az.orchestration('raise-event', '-i', waiting, '--event-name', 'Approval', '--event-data', 'true')
        assert app.wait_for_orchestration_completion(waiting, timeout=30).get_output() == {'approved': True}
        history = az.orchestration('history', '-i', done)
        assert [event['eventType'] for event in history].count('TaskCompleted') == 3

        # Done when: the failed orchestrations of the last hour, why they failed, and gone.
        found = az.orchestration('list', '--status', 'Failed', '--created-after', '1h')
        assert sorted(item['instanceId'] for item in found) == sorted(failed)
        why = az.orchestration('show', '-i', failed[0])['failureDetails']
        assert why['innerFailure']['message'] == FAILURE_MESSAGE
        purged = az.orchestration('purge', '--status', 'Failed', '--created-after', '1h', '--yes')
        assert purged['deletedInstanceCount'] == 2
        assert sorted(item['instanceId'] for item in az.orchestration('list')) == sorted([done, waiting])

        # Another task hub of the same scheduler keeps its own orchestrations.
        az.json('durabletask', 'taskhub', 'create', '-g', GROUP, '-s', SCHEDULER, '-n', 'other')
        other = TaskHubGrpcClient(channel=_app_channel(standin, endpoint, 'other'),
                                  logger=logging.getLogger('standin-app'))
        assert other.get_all_orchestration_states() == []
        assert len(app.get_all_orchestration_states()) == 2
        other.close()
    finally:
        app.close()
        worker.stop()

    unknown = az.run('durabletask', 'orchestration', 'list', '-g', GROUP, '-s', SCHEDULER, '--task-hub', 'missing-hub')
    assert unknown.returncode == 3
    assert "ERROR: Task hub 'missing-hub' was not found" in unknown.stderr
    assert 'az durabletask taskhub list -g {} -s {}'.format(GROUP, SCHEDULER) in unknown.stderr
    # The endpoint came from ARM: az read the scheduler before each data-plane command.
    reads = [r for r in standin.requests() if r['method'] == 'GET' and r['status'] == 200
             and r['path'].lower().endswith('/schedulers/' + SCHEDULER)]
    assert len(reads) >= 8


def test_without_the_data_plane_the_endpoint_stays_realistic(tmp_path):
    with running_standin(tmp_path, EMULATOR_PROVISIONING_SECONDS=0) as standin:
        from azure.mgmt.durabletask import DurableTaskMgmtClient
        from azure.mgmt.resource import ResourceManagementClient
        credential = standin.credential()
        groups = ResourceManagementClient(credential, standin.subscription_id, base_url=standin.url,
                                          connection_verify=standin.cert_path)
        groups.resource_groups.create_or_update(GROUP, {'location': 'westus2'})
        client = DurableTaskMgmtClient(credential, standin.subscription_id, base_url=standin.url,
                                       connection_verify=standin.cert_path, polling_interval=0.1)
        created = client.schedulers.begin_create_or_update(GROUP, SCHEDULER, {
            'location': 'westus2', 'properties': {'ipAllowlist': ['0.0.0.0/0'], 'sku': {'name': 'Dedicated'}}
        }).result()
        assert created.properties.endpoint.endswith('.westus2.durabletask.io')
        # Azure's label: the first 15 characters of the name, '-', lower-case alphanumerics to 24 characters
        assert created.properties.endpoint.startswith('https://{}-'.format(SCHEDULER[:15]))
