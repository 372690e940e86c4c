# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""`az durabletask orchestration` against durabletask.testing's backend and a real worker (see backend.py)."""

import json
import uuid
from datetime import datetime, timedelta, timezone
from unittest import mock

import pytest

from tests.orchestration.backend import FAILURE_MESSAGE, LocalBackend, start_worker
from tests.orchestration.conftest import Az


def _id(prefix):
    return '{}-{}'.format(prefix, uuid.uuid4().hex[:8])


def _start(az, name, instance_id=None, data=None):
    args = ['start', '--name', name] + (['-i', instance_id] if instance_id else [])
    return az.json(*args, *(['--input', json.dumps(data)] if data is not None else []))['instanceId']


# --- the issue's "done when": find the failed orchestrations of the last hour, read why, purge them ------------

def test_find_failed_orchestrations_of_the_last_hour_read_why_and_purge_them():
    backend = LocalBackend().start()
    worker = start_worker(backend.address)
    try:
        az = Az(['--endpoint', backend.endpoint, '--task-hub', 'default'])
        completed = [_start(az, 'fan_out_fan_in', data=[1, 2, 3]) for _ in range(3)]
        failed = [_start(az, 'failing_order', data={'order': 42}) for _ in range(2)]
        waiting = _start(az, 'approval')
        for instance_id in completed + failed:
            az.wait_for(instance_id, 'Completed', 'Failed')
        az.wait_for(waiting, 'Running')

        found = az.json('list', '--status', 'Failed', '--created-after', '1h')
        assert sorted(item['instanceId'] for item in found) == sorted(failed)
        assert {item['runtimeStatus'] for item in found} == {'Failed'}
        table = az('list', '--status', 'Failed', '--created-after', '1h', '-o', 'table').stdout
        assert table.splitlines()[0].split() == ['InstanceId', 'Name', 'Status', 'Created', 'LastUpdated']
        assert all(instance_id in table for instance_id in failed) and completed[0] not in table

        for instance_id in failed:
            why = az.json('show', '-i', instance_id)['failureDetails']
            assert FAILURE_MESSAGE in why['message']
            assert why['innerFailure']['errorType'] == 'builtins.ValueError'
            assert why['innerFailure']['message'] == FAILURE_MESSAGE
            assert FAILURE_MESSAGE in az('show', '-i', instance_id, '-o', 'table').stdout

        purged = az.json('purge', '--status', 'Failed', '--created-after', '1h', '--yes')
        assert purged == {'deletedInstanceCount': 2, 'isComplete': True}
        assert az.json('list', '--status', 'Failed', '--created-after', '1h') == []
        left = az.json('list', '--created-after', '1h')
        assert sorted(item['instanceId'] for item in left) == sorted(completed + [waiting])
    finally:
        worker.stop()
        backend.stop()


# --- start, show, history ----------------------------------------------------------------------------------------

def test_start_runs_the_fan_out_fan_in_orchestration_and_show_reads_its_input_and_output(az):
    instance_id = _id('fan')
    started = az.json('start', '--name', 'fan_out_fan_in', '-i', instance_id, '--input', '[1, 2, 3, 4]')
    assert started['instanceId'] == instance_id and started['name'] == 'fan_out_fan_in'
    assert started['runtimeStatus'] in ('Pending', 'Running', 'Completed')
    state = az.wait_for(instance_id, 'Completed')
    assert state['input'] == [1, 2, 3, 4]
    assert state['output'] == 20
    assert state['failureDetails'] is None
    assert state['createdAt'].endswith('Z') and state['completedAt'].endswith('Z')


def test_start_reads_the_input_from_a_file(az, tmp_path):
    source = tmp_path / 'input.json'
    source.write_text('[5, 6]', encoding='utf-8')
    instance_id = az.json('start', '--name', 'fan_out_fan_in', '--input', '@' + str(source))['instanceId']
    assert az.wait_for(instance_id, 'Completed')['output'] == 22


def test_start_refuses_invalid_json_before_any_request(hub, az):
    calls = len(hub.calls)
    result = az('start', '--name', 'fan_out_fan_in', '--input', '{not json')
    assert result.exit_code != 0
    assert type(result.error).__name__ == 'InvalidArgumentValueError'
    assert '--input is not valid JSON' in str(result.error)
    assert len(hub.calls) == calls


def test_start_refuses_an_instance_id_that_exists(az):
    instance_id = _start(az, 'fan_out_fan_in', _id('dup'), [1])
    result = az('start', '--name', 'fan_out_fan_in', '-i', instance_id)
    assert result.exit_code == 1
    assert "Orchestration instance '{}' already exists".format(instance_id) in str(result.error)
    assert 'purge' in result.error.recommendations[0]


def test_show_of_a_missing_instance_exits_3_and_names_it(az):
    result = az('show', '-i', 'no-such-instance')
    assert result.exit_code == 3
    assert type(result.error).__name__ == 'ResourceNotFoundError'
    assert "'no-such-instance' was not found in task hub 'default'" in str(result.error)


def test_history_lists_the_events_in_order(az):
    instance_id = _start(az, 'fan_out_fan_in', _id('hist'), [1, 2, 3])
    az.wait_for(instance_id, 'Completed')
    events = az.json('history', '-i', instance_id)
    types = [event['eventType'] for event in events]
    assert types[:2] == ['OrchestratorStarted', 'ExecutionStarted']
    assert types[-1] == 'ExecutionCompleted'
    assert types.count('TaskScheduled') == 3 and types.count('TaskCompleted') == 3
    assert types.index('TaskScheduled') < types.index('TaskCompleted')
    assert events[1]['name'] == 'fan_out_fan_in' and events[1]['input'] == [1, 2, 3]
    assert sorted(event['result'] for event in events if event['eventType'] == 'TaskCompleted') == [2, 4, 6]
    assert events[-1]['result'] == 12
    table = az('history', '-i', instance_id, '-o', 'table').stdout.splitlines()
    assert table[0].split() == ['EventId', 'Timestamp', 'EventType', 'Name']  # az drops all-empty columns
    assert len(table) == 2 + len(events)


def test_history_of_a_failed_orchestration_shows_the_failed_task(az):
    instance_id = _start(az, 'failing_order', _id('fail'), {'order': 42})
    az.wait_for(instance_id, 'Failed')
    failed = [event for event in az.json('history', '-i', instance_id) if event['eventType'] == 'TaskFailed']
    assert len(failed) == 1
    assert failed[0]['failureDetails']['errorMessage'] == FAILURE_MESSAGE
    table = az('history', '-i', instance_id, '-o', 'table').stdout
    assert 'Failure' in table.splitlines()[0] and 'builtins.ValueError: ' + FAILURE_MESSAGE in table


def test_history_of_a_missing_instance_exits_3(az):
    result = az('history', '-i', 'no-such-instance')
    assert result.exit_code == 3 and 'no-such-instance' in str(result.error)


# --- events, suspend, resume, terminate, restart ------------------------------------------------------------------

def test_raise_event_completes_the_waiting_orchestration(az):
    instance_id = _start(az, 'approval', _id('approve'))
    waiting = az.wait_for(instance_id, 'Running')
    assert waiting['customStatus'] == 'waiting for approval'
    result = az('raise-event', '-i', instance_id, '--event-name', 'Approval', '--event-data', 'true')
    assert result.exit_code == 0 and result.stdout.strip() == ''
    assert az.wait_for(instance_id, 'Completed')['output'] == {'approved': True}


def test_raise_event_to_a_finished_orchestration_warns_and_sends_nothing(hub, az):
    instance_id = _start(az, 'fan_out_fan_in', _id('done'), [1])
    az.wait_for(instance_id, 'Completed')
    raised = sum(1 for method, _ in hub.calls if method.endswith('/RaiseEvent'))
    result = az('raise-event', '-i', instance_id, '--event-name', 'Approval')
    assert result.exit_code == 0
    assert 'has already finished (Completed)' in result.stderr
    assert sum(1 for method, _ in hub.calls if method.endswith('/RaiseEvent')) == raised


def test_suspend_holds_events_until_resume(az):
    instance_id = _start(az, 'approval', _id('suspend'))
    az.wait_for(instance_id, 'Running')
    assert az('suspend', '-i', instance_id, '--reason', 'supplier outage').exit_code == 0
    az.wait_for(instance_id, 'Suspended')
    assert az('raise-event', '-i', instance_id, '--event-name', 'Approval', '--event-data', 'false').exit_code == 0
    assert az.status(instance_id) == 'Suspended'
    assert az('resume', '-i', instance_id, '--reason', 'supplier back').exit_code == 0
    assert az.wait_for(instance_id, 'Completed')['output'] == {'approved': False}
    types = [event['eventType'] for event in az.json('history', '-i', instance_id)]
    assert types.index('ExecutionSuspended') < types.index('ExecutionResumed')


def test_terminate_records_the_reason_as_output(az):
    instance_id = _start(az, 'approval', _id('term'))
    az.wait_for(instance_id, 'Running')
    assert az('terminate', '-i', instance_id, '--reason', 'cancelled by test', '--recursive').exit_code == 0
    assert az.wait_for(instance_id, 'Terminated')['output'] == 'cancelled by test'


def test_terminate_of_a_missing_instance_says_so(az):
    result = az('terminate', '-i', 'no-such-instance')
    assert result.exit_code == 3 and "'no-such-instance' was not found" in str(result.error)


def test_restart_runs_a_failed_orchestration_again(az):
    instance_id = _start(az, 'failing_order', _id('restart'), {'order': 42})
    first = az.wait_for(instance_id, 'Failed')
    again = az.json('restart', '-i', instance_id)
    assert again['instanceId'] == instance_id
    second = az.wait_for(instance_id, 'Failed')
    assert second['input'] == {'order': 42} and second['createdAt'] > first['createdAt']
    renamed = az.json('restart', '-i', instance_id, '--new-instance-id')
    assert renamed['instanceId'] != instance_id
    assert az.wait_for(renamed['instanceId'], 'Failed')['input'] == {'order': 42}


def test_restart_of_a_running_orchestration_says_to_terminate_it_first(az):
    instance_id = _start(az, 'approval', _id('running'))
    az.wait_for(instance_id, 'Running')
    result = az('restart', '-i', instance_id)
    assert result.exit_code == 1
    assert 'is Running: only a finished orchestration' in str(result.error)
    assert 'orchestration terminate' in result.error.recommendations[0]


# --- purge -------------------------------------------------------------------------------------------------------

def test_purge_one_instance_removes_it(az):
    instance_id = _start(az, 'fan_out_fan_in', _id('purge'), [1])
    az.wait_for(instance_id, 'Completed')
    assert az.json('purge', '-i', instance_id, '--yes') == {'deletedInstanceCount': 1, 'isComplete': True}
    assert az('show', '-i', instance_id).exit_code == 3


def test_purge_refuses_a_running_instance(az):
    instance_id = _start(az, 'approval', _id('busy'))
    az.wait_for(instance_id, 'Running')
    result = az('purge', '-i', instance_id, '--yes')
    assert result.exit_code == 1 and 'is Running' in str(result.error)
    assert az.status(instance_id) == 'Running'


def test_purge_by_filter_says_how_many_and_asks_first():
    backend = LocalBackend().start()
    worker = start_worker(backend.address)
    try:
        az = Az(['--endpoint', backend.endpoint, '--task-hub', 'default'])
        done = [_start(az, 'fan_out_fan_in', data=[1]) for _ in range(3)]
        for instance_id in done:
            az.wait_for(instance_id, 'Completed')
        with mock.patch('knack.prompting.prompt_y_n', return_value=False) as prompt, \
                mock.patch('azext_durabletask._validators.has_terminal', return_value=True):  # a terminal
            refused = az('purge', '--status', 'Completed')
        assert 'Purge 3 finished orchestration(s) (status Completed)' in prompt.call_args[0][0]
        assert refused.exit_code == 1 and 'cancelled' in str(refused.error)
        assert len(az.json('list')) == 3
        with mock.patch('knack.prompting.prompt_y_n', return_value=True), \
                mock.patch('azext_durabletask._validators.has_terminal', return_value=True):
            assert az.json('purge', '--status', 'Completed')['deletedInstanceCount'] == 3
        assert az.json('list') == []
    finally:
        worker.stop()
        backend.stop()


@pytest.mark.parametrize('args, error, text', [
    ([], 'RequiredArgumentMissingError', 'Say what to purge'),
    (['-i', 'x', '--status', 'Failed'], 'MutuallyExclusiveArgumentError', '-i/--instance-id purges one'),
    (['--status', 'Running'], 'InvalidArgumentValueError', 'only finished orchestrations'),
])
def test_purge_arguments_are_checked_before_any_request(hub, az, args, error, text):
    calls = len(hub.calls)
    result = az('purge', '--yes', *args)
    assert type(result.error).__name__ == error and text in str(result.error)
    assert len(hub.calls) == calls


# --- list: filters, order, pages ---------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def listed(hub):
    """Six instances under one prefix: three fan-outs, two failures, one waiting for an event."""
    az = Az(['--endpoint', hub.endpoint, '--task-hub', 'default'])
    prefix = _id('list') + '-'
    ids = {}
    for index, (name, data) in enumerate([('fan_out_fan_in', [1]), ('failing_order', {}), ('fan_out_fan_in', [2]),
                                          ('approval', None), ('failing_order', {}), ('fan_out_fan_in', [3])]):
        ids[prefix + str(index)] = name
        _start(az, name, prefix + str(index), data)
    for instance_id, name in ids.items():
        az.wait_for(instance_id, 'Running' if name == 'approval' else ('Failed' if 'failing' in name else 'Completed'))
    return prefix, ids


def test_list_is_newest_first_and_filters_by_prefix(az, listed):
    prefix, ids = listed
    items = az.json('list', '--prefix', prefix)
    assert [item['instanceId'] for item in items] == sorted(ids, reverse=True)
    assert [item['createdAt'] for item in items] == sorted((item['createdAt'] for item in items), reverse=True)
    assert all('input' not in item for item in items)


def test_list_filters_by_status_and_name(az, listed):
    prefix, ids = listed
    failed = az.json('list', '--prefix', prefix, '--status', 'failed')
    assert sorted(item['instanceId'] for item in failed) == sorted(i for i, n in ids.items() if n == 'failing_order')
    several = az.json('list', '--prefix', prefix, '--status', 'Running', 'Failed')
    assert len(several) == 3
    named = az.json('list', '--prefix', prefix, '--name', 'FAN_OUT_FAN_IN')
    assert {item['name'] for item in named} == {'fan_out_fan_in'} and len(named) == 3


def test_list_filters_by_creation_time(az, listed):
    prefix, ids = listed
    items = az.json('list', '--prefix', prefix)
    middle = items[2]['createdAt']
    newer = az.json('list', '--prefix', prefix, '--created-after', middle)
    older = az.json('list', '--prefix', prefix, '--created-before', middle)
    assert [i['instanceId'] for i in newer] == [i['instanceId'] for i in items[:3]]
    assert [i['instanceId'] for i in older] == [i['instanceId'] for i in items[3:]]
    tomorrow = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    assert az.json('list', '--prefix', prefix, '--created-after', tomorrow) == []
    assert len(az.json('list', '--prefix', prefix, '--created-after', '1d')) == len(ids)


def test_list_pages_with_max_items_and_next_token(az, listed):
    prefix, ids = listed
    seen, token, pages = [], None, 0
    while True:
        result = az('list', '--prefix', prefix, '--max-items', '4', *(['--next-token', token] if token else []))
        assert result.exit_code == 0, result.error
        page = [item['instanceId'] for item in json.loads(result.stdout)]
        seen += page
        pages += 1
        if '--next-token' not in result.stderr:
            break
        token = result.stderr.split('--next-token ')[1].split()[0]
    assert pages == 2
    assert seen == sorted(ids, reverse=True)  # complete, in order, no overlap


def test_list_pages_stay_put_when_new_orchestrations_start(az, listed):
    prefix, ids = listed
    first = az('list', '--prefix', prefix, '--max-items', '2')
    token = first.stderr.split('--next-token ')[1].split()[0]
    newer = _start(az, 'fan_out_fan_in', prefix + '9', [1])  # newer than everything listed so far
    try:
        second = json.loads(az('list', '--prefix', prefix, '--max-items', '2', '--next-token', token).stdout)
        assert [item['instanceId'] for item in second] == sorted(ids, reverse=True)[2:4]
    finally:
        az.wait_for(newer, 'Completed')
        az('purge', '-i', newer, '--yes')  # the other tests share these instances


def test_list_table_has_the_issue_columns(az, listed):
    prefix, _ = listed
    lines = az('list', '--prefix', prefix, '-o', 'table').stdout.splitlines()
    assert lines[0].split() == ['InstanceId', 'Name', 'Status', 'Created', 'LastUpdated']
    assert lines[2].split()[0] == prefix + '5' and lines[2].split()[2] == 'Completed'


@pytest.mark.parametrize('args, text', [
    (['--status', 'Broken'], "--status 'Broken' is not a status here"),
    (['--created-after', 'yesterday'], "--created-after 'yesterday' is not a time"),
    (['--created-after', '1h', '--created-before', '2h'], '--created-after must be earlier than --created-before'),
    (['--max-items', '0'], "--max-items '0' must be a whole number, 1 or more"),
    (['--next-token', 'garbage'], '--next-token is not a token printed by'),
])
def test_list_arguments_are_checked_before_any_request(hub, az, args, text):
    calls = len(hub.calls)
    result = az('list', *args)
    assert type(result.error).__name__ == 'InvalidArgumentValueError' and text in str(result.error)
    assert len(hub.calls) == calls


# --- how the task hub is addressed, and what goes wrong ---------------------------------------------------------

def test_every_call_carries_the_task_hub_and_no_token_over_http(hub):
    calls = len(hub.calls)
    assert Az(['--endpoint', hub.endpoint + '/', '--task-hub', 'hub-two']).json('list', '--prefix', 'none') == []
    sent = hub.calls[calls:]
    assert sent and all(metadata.get('taskhub') == 'hub-two' for _, metadata in sent)
    assert not any('authorization' in metadata for _, metadata in sent)
    assert all(metadata.get('x-user-agent', '').startswith('AZURECLI/') for _, metadata in sent)


def test_a_connection_string_with_authentication_none_reaches_the_hub(hub, az):
    instance_id = _start(az, 'fan_out_fan_in', _id('cs'), [1])
    connection = Az(['--connection-string', 'Endpoint={};TaskHub=default;Authentication=None'.format(hub.endpoint)])
    assert connection.json('show', '-i', instance_id)['instanceId'] == instance_id
    hub_given = Az(['--connection-string', 'Endpoint={};Authentication=None'.format(hub.endpoint),
                    '--task-hub', 'default'])
    assert hub_given.json('show', '-i', instance_id)['instanceId'] == instance_id


def test_the_scheduler_endpoint_is_read_from_azure_with_g_s_and_ids(hub, az):
    instance_id = _start(az, 'fan_out_fan_in', _id('arm'), [1])
    scheduler = mock.Mock()
    scheduler.properties.endpoint = hub.endpoint
    with mock.patch('azext_durabletask._client_factory.cf_schedulers') as schedulers:
        schedulers.return_value.get.return_value = scheduler
        by_name = Az(['-g', 'rg', '-s', 'sched-one', '--task-hub', 'default']).json('show', '-i', instance_id)
        hub_id = ('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg2/providers/'
                  'Microsoft.DurableTask/schedulers/sched-two/taskHubs/default')
        by_id = Az(['--ids', hub_id]).json('show', '-i', instance_id)
    assert by_name['instanceId'] == by_id['instanceId'] == instance_id
    assert [c.args for c in schedulers.return_value.get.call_args_list] == [('rg', 'sched-one'), ('rg2', 'sched-two')]


@pytest.mark.parametrize('target, error, text', [
    ([], 'RequiredArgumentMissingError', 'Say which task hub'),
    (['--endpoint', 'http://127.0.0.1:1'], 'RequiredArgumentMissingError', '--task-hub is required with --endpoint'),
    (['--endpoint', 'ftp://x', '--task-hub', 'h'], 'InvalidArgumentValueError', "--endpoint 'ftp://x' is not an"),
    (['--endpoint', 'http://x:1', '-s', 'sched', '-g', 'g', '--task-hub', 'h'], 'MutuallyExclusiveArgumentError',
     '--endpoint and -s/--scheduler-name'),
    (['-s', 'sched', '--task-hub', 'h'], 'RequiredArgumentMissingError', '-g/--resource-group is required'),
    (['--connection-string', 'Endpoint=http://x:1;TaskHub=a;Authentication=None', '--task-hub', 'b'],
     'MutuallyExclusiveArgumentError', "--task-hub 'b' contradicts TaskHub=a"),
    (['--connection-string', 'Endpoint=http://x:1;Authentication=DefaultAzure;TaskHub=a'],
     'InvalidArgumentValueError', 'a token is never sent over plain http'),
])
def test_the_task_hub_address_is_checked_before_any_request(target, error, text):
    result = Az(target)('list')
    assert type(result.error).__name__ == error, result.error
    assert text in str(result.error)


def test_permission_denied_names_the_role_and_the_command_that_grants_it(hub):
    denied = Az(['--endpoint', hub.endpoint, '--task-hub', 'denied'])
    read = denied('list')
    assert read.exit_code == 1 and type(read.error).__name__ == 'ForbiddenError'
    assert "Permission denied on task hub 'denied' at {}".format(hub.endpoint) in str(read.error)
    assert "'Durable Task Data Reader' role" in read.error.recommendations[0]
    assert 'az durabletask role-assignment create' in read.error.recommendations[0]
    assert '--role reader' in read.error.recommendations[0]
    write = denied('start', '--name', 'fan_out_fan_in')
    assert "'Durable Task Data Contributor' role" in write.error.recommendations[0]
    assert '--role contributor' in write.error.recommendations[0]


def test_an_unknown_task_hub_says_so():
    backend = LocalBackend(hubs=['default']).start()
    try:
        result = Az(['--endpoint', backend.endpoint, '--task-hub', 'other'])('show', '-i', 'x')
        assert result.exit_code == 3
        assert "Task hub 'other' was not found at {}".format(backend.endpoint) in str(result.error)
        assert 'DTS_TASK_HUB_NAMES' in result.error.recommendations[0]
    finally:
        backend.stop()


def test_an_unreachable_endpoint_is_named(hub):
    backend = LocalBackend().start()
    endpoint = backend.endpoint
    backend.stop()  # nothing listens there any more
    result = Az(['--endpoint', endpoint, '--task-hub', 'default'])('list')
    assert result.exit_code == 1 and type(result.error).__name__ == 'AzureConnectionError'
    assert 'The endpoint {} cannot be reached'.format(endpoint) in str(result.error)


def test_the_real_az_prints_one_error_line_and_no_traceback(hub):
    import os
    import subprocess
    import sys
    result = subprocess.run([sys.executable, '-m', 'azure.cli', 'durabletask', 'orchestration', 'show', '-i', 'gone',
                             '--endpoint', hub.endpoint, '--task-hub', 'default'],
                            capture_output=True, text=True, env=dict(os.environ), check=False, timeout=120)
    assert result.returncode == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith('ERROR:')]
    assert errors == ["ERROR: Orchestration instance 'gone' was not found in task hub 'default' at {}."
                      .format(hub.endpoint)]
    assert 'Traceback' not in result.stderr and result.stdout == ''


def test_https_endpoints_use_tls_trusting_requests_ca_bundle_and_carry_the_az_token(tmp_path, monkeypatch):
    from armstandin.certs import ensure_certificate
    cert, key = ensure_certificate(str(tmp_path))
    backend = LocalBackend(tls=(cert, key)).start()
    try:
        secure = Az(['--endpoint', backend.endpoint, '--task-hub', 'default'])
        # The token az would get from its login (the stand-in's live test gets a real one).
        with mock.patch('azext_durabletask._dataplane._bearer_token', return_value='token-123') as token:
            monkeypatch.delenv('REQUESTS_CA_BUNDLE', raising=False)
            untrusted = secure('list')  # the self-signed certificate is not trusted yet
            assert type(untrusted.error).__name__ == 'AzureConnectionError', untrusted.error
            assert backend.calls == []
            monkeypatch.setenv('REQUESTS_CA_BUNDLE', cert)
            assert secure.json('list') == []
        assert token.call_count == 2
        assert backend.calls and backend.calls[-1][1]['authorization'] == 'Bearer token-123'
    finally:
        backend.stop()
