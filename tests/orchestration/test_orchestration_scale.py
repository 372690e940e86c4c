# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Orchestrations at scale and in bulk (issue 13): newest-first listing that reads about what it shows, --stuck
and last-update filters, bulk actions by filter (dry run, confirmation, partial failure, re-run), rewind, export,
entities. Against durabletask.testing's backend; large hubs are seeded straight into its store (see backend.py)."""

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


@pytest.fixture
def seeded():
    """A backend without a worker and 5,000 completed instances created over 30 days (one every ~9 minutes)."""
    backend = LocalBackend().start()
    now = datetime.now(timezone.utc)
    ids = backend.backend.seed(5000, now - timedelta(minutes=5), 30 * 86400)
    yield backend, ids, Az(['--endpoint', backend.endpoint, '--task-hub', 'default'])
    backend.stop()


def _az_calls(hub):
    """Calls from az (they name the task hub; the worker's do not)."""
    return sum(1 for _, metadata in hub.calls if 'taskhub' in metadata)


def _token(result):
    return result.stderr.split('--next-token ')[1].split()[0] if '--next-token' in result.stderr else None


# --- listing that costs what it shows ----------------------------------------------------------------------------

def test_max_items_reads_about_n_instances_not_the_hub_and_pages_continue(seeded):
    backend, ids, az = seeded
    counting = backend.backend
    seen, token = [], None
    for _ in range(3):
        before = counting.instances_read
        result = az('list', '--max-items', '20', '-o', 'json', *(['--next-token', token] if token else []))
        assert result.exit_code == 0, result.error
        seen += [item['instanceId'] for item in json.loads(result.stdout)]
        assert counting.instances_read - before <= 3 * 20, counting.instances_read - before
        token = _token(result)
        assert token
    assert seen == ids[:60]  # newest first, no gap, no overlap


def test_max_items_on_a_dense_hub_still_returns_the_newest(tmp_path):
    backend = LocalBackend().start()
    try:
        ids = backend.backend.seed(3000, datetime.now(timezone.utc), 2.0)  # 3,000 within two seconds
        az = Az(['--endpoint', backend.endpoint, '--task-hub', 'default'])
        items = az.json('list', '--max-items', '25')
        assert [item['instanceId'] for item in items] == ids[:25]
        assert backend.backend.instances_read < 3000
    finally:
        backend.stop()


def test_unbounded_list_streams_every_instance_newest_first(seeded):
    _, ids, az = seeded
    result = az('list', '-o', 'json')
    assert result.exit_code == 0, result.error
    assert [item['instanceId'] for item in json.loads(result.stdout)] == ids
    table = az('list', '--created-after', '1d', '-o', 'table').stdout.splitlines()
    assert table[0].split() == ['InstanceId', 'Name', 'Status', 'Created', 'LastUpdated']
    assert [line.split()[0] for line in table[2:]] == ids[:len(table) - 2]
    assert 150 <= len(table) - 2 <= 175  # one day of instances created every ~9 minutes
    assert az.json('list', '--query', 'length(@)') == len(ids)
    tsv = az('list', '--prefix', ids[0], '-o', 'tsv').stdout
    assert tsv.split('\t')[0] == ids[0] and tsv.count('\n') == 1
    assert az('list', '--prefix', 'nothing-', '-o', 'json').stdout.strip() == '[]'


def test_stuck_and_last_updated_filters():
    from durabletask.internal import orchestrator_service_pb2 as pb
    backend = LocalBackend().start()
    try:
        now = datetime.now(timezone.utc)
        seed = backend.backend.seed
        stuck = seed(3, now - timedelta(hours=5), 3600, prefix='stuck-', status=pb.ORCHESTRATION_STATUS_RUNNING,
                     updated_age_seconds=3 * 3600)
        pending = seed(2, now - timedelta(hours=5), 3600, prefix='pend-', status=pb.ORCHESTRATION_STATUS_PENDING,
                       updated_age_seconds=3 * 3600)
        seed(2, now - timedelta(hours=5), 3600, prefix='busy-', status=pb.ORCHESTRATION_STATUS_RUNNING,
             updated_age_seconds=0)
        old_done = seed(2, now - timedelta(hours=5), 3600, prefix='done-', updated_age_seconds=3 * 3600)
        az = Az(['--endpoint', backend.endpoint, '--task-hub', 'default'])
        found = az.json('list', '--stuck', '2h')
        assert sorted(item['instanceId'] for item in found) == sorted(stuck + pending)
        assert az.json('list', '--stuck', '4h') == []
        only_running = az.json('list', '--stuck', '2h', '--status', 'Running')
        assert sorted(item['instanceId'] for item in only_running) == sorted(stuck)
        before = az.json('list', '--last-updated-before', '2h')
        assert sorted(item['instanceId'] for item in before) == sorted(stuck + pending + old_done)
        after = az.json('list', '--last-updated-after', '1h')
        assert {item['instanceId'][:5] for item in after} == {'busy-'}
        paged = az.json('list', '--stuck', '2h', '--max-items', '2')
        assert len(paged) == 2
        dry = az.json('terminate', '--stuck', '2h', '--dry-run')
        assert dry['count'] == 5 and sorted(i['instanceId'] for i in dry['first']) == sorted(stuck + pending)
        assert az.json('suspend', '--last-updated-before', '2h', '--dry-run')['skipped'] == {'Completed': 2}
    finally:
        backend.stop()


@pytest.mark.parametrize('args, error, text', [
    (['list', '--stuck', 'forever'], 'InvalidArgumentValueError', "--stuck 'forever' is not a duration"),
    (['list', '--stuck', '1h', '--status', 'Failed'], 'InvalidArgumentValueError', '--stuck selects Pending'),
    (['list', '--last-updated-after', 'yesterday'], 'InvalidArgumentValueError', '--last-updated-after'),
    (['terminate'], 'RequiredArgumentMissingError', 'Say which orchestrations'),
    (['terminate', '-i', 'x', '--status', 'Running'], 'MutuallyExclusiveArgumentError', '-i/--instance-id acts on'),
    (['suspend', '--status', 'Running', '--max-concurrency', '0'], 'InvalidArgumentValueError',
     '--max-concurrency'),
    (['purge', '--prefix', 'x', '--max-concurrency', 'many'], 'InvalidArgumentValueError', '--max-concurrency'),
    (['export', '-f', '/no/such/folder/out.jsonl'], 'InvalidArgumentValueError', '--output-file'),
])
def test_bad_input_fails_with_one_line_naming_the_flag_before_any_request(hub, az, args, error, text):
    calls = _az_calls(hub)
    result = az(*args)
    assert result.exit_code != 0
    assert type(result.error).__name__ == error or error in result.stderr, (result.error, result.stderr)
    assert text in str(result.error) + result.stderr
    assert _az_calls(hub) == calls


# --- bulk actions ------------------------------------------------------------------------------------------------

@pytest.fixture
def fresh():
    backend = LocalBackend().start()
    worker = start_worker(backend.address)
    yield backend, Az(['--endpoint', backend.endpoint, '--task-hub', 'default'])
    worker.stop()
    backend.stop()


def _waiting(az, count, prefix):
    ids = [_start(az, 'approval', '{}{}'.format(prefix, index)) for index in range(count)]
    for instance_id in ids:
        az.wait_for(instance_id, 'Running')
    return ids


def test_bulk_terminate_dry_run_confirmation_summary_and_rerun(fresh):
    backend, az = fresh
    prefix = _id('bulk') + '-'
    waiting = _waiting(az, 5, prefix)
    done = _start(az, 'fan_out_fan_in', prefix + 'done', [1])
    az.wait_for(done, 'Completed')

    dry = az.json('terminate', '--prefix', prefix, '--dry-run')
    assert dry['count'] == 5 and dry['skipped'] == {'Completed': 1}
    assert sorted(item['instanceId'] for item in dry['first']) == sorted(waiting)
    assert {az.status(i) for i in waiting} == {'Running'}

    with mock.patch('knack.prompting.prompt_y_n', return_value=False) as prompt, \
            mock.patch('azext_durabletask._validators.has_terminal', return_value=True):  # a terminal
        refused = az('terminate', '--prefix', prefix)
    assert prompt.call_args[0][0].startswith('Terminate 5 orchestration(s) in task hub')
    assert '1 others selected are skipped: 1 Completed' in prompt.call_args[0][0]
    assert refused.exit_code != 0 and {az.status(i) for i in waiting} == {'Running'}

    from knack.prompting import NoTTYException
    with mock.patch('knack.prompting.prompt_y_n', side_effect=NoTTYException):
        no_tty = az('terminate', '--prefix', prefix)
    assert no_tty.exit_code != 0 and '--yes' in str(no_tty.error)

    # One instance is busy: it fails with its reason; the others are done.
    backend.backend.refuse = {waiting[0]}
    summary = az.json('terminate', '--prefix', prefix, '--reason', 'bulk test', '--yes', '--max-concurrency', '2')
    assert summary['done'] == 4 and summary['skipped'] == {'Completed': 1}
    assert summary['failed'] == [{'instanceId': waiting[0], 'reason': '(UNAVAILABLE) instance {} is busy'.format(
        waiting[0])}]
    for instance_id in waiting[1:]:
        assert az.wait_for(instance_id, 'Terminated')['output'] == 'bulk test'

    # The same command again does only what is left.
    backend.backend.refuse = set()
    again = az('terminate', '--prefix', prefix, '--reason', 'bulk test', '--yes', '-o', 'table').stdout.splitlines()
    assert again[0].split() == ['Done', 'Skipped'] and again[2].split() == ['1', '1', 'Completed,', '4', 'Terminated']
    az.wait_for(waiting[0], 'Terminated')
    nothing = az('terminate', '--prefix', prefix, '--yes', '-o', 'json')
    assert json.loads(nothing.stdout)['done'] == 0 and 'No orchestration in' in nothing.stderr


def test_bulk_suspend_resume_and_raise_event_by_filter(fresh):
    _, az = fresh
    prefix = _id('sus') + '-'
    waiting = _waiting(az, 3, prefix)
    assert az.json('suspend', '--prefix', prefix, '--status', 'Running', '--yes')['done'] == 3
    for instance_id in waiting:
        az.wait_for(instance_id, 'Suspended')
    again = az.json('suspend', '--prefix', prefix, '--yes')
    assert again['done'] == 0 and again['skipped'] == {'Suspended': 3}
    table = az('suspend', '--prefix', prefix, '--dry-run', '-o', 'table').stdout.splitlines()
    assert table[0].split() == ['Count', 'Skipped'] and table[2].split() == ['0', '3', 'Suspended']
    assert az.json('resume', '--prefix', prefix, '--yes')['done'] == 3
    for instance_id in waiting:
        az.wait_for(instance_id, 'Running')
    raised = az.json('raise-event', '--prefix', prefix, '--name', 'approval', '--event-name', 'Approval',
                     '--event-data', 'true', '--yes')
    assert raised['done'] == 3
    for instance_id in waiting:
        assert az.wait_for(instance_id, 'Completed')['output'] == {'approved': True}


def test_rewind_one_failed_instance_and_many_by_filter(fresh):
    _, az = fresh
    prefix = _id('rew') + '-'
    ids = [_start(az, 'flaky_order', prefix + str(index), '{}{}'.format(prefix, index)) for index in range(3)]
    for instance_id in ids:
        assert FAILURE_MESSAGE in az.wait_for(instance_id, 'Failed')['failureDetails']['message']
    rewound = az.json('rewind', '-i', ids[0], '--reason', 'payment fixed')
    assert rewound['instanceId'] == ids[0]
    assert az.wait_for(ids[0], 'Completed')['output'] == 'charged {}'.format(ids[0])
    refused = az('rewind', '-i', ids[0])
    assert refused.exit_code == 1 and 'only a Failed orchestration can be rewound' in str(refused.error)
    summary = az.json('rewind', '--prefix', prefix, '--yes')
    assert summary['done'] == 2 and summary['skipped'] == {}  # the completed one is not Failed: not selected
    for instance_id in ids[1:]:
        az.wait_for(instance_id, 'Completed')


def test_restart_and_purge_by_filter(fresh):
    _, az = fresh
    prefix = _id('rp') + '-'
    failed = [_start(az, 'failing_order', prefix + str(index), {}) for index in range(2)]
    for instance_id in failed:
        az.wait_for(instance_id, 'Failed')
    assert az.json('restart', '--prefix', prefix, '--status', 'Failed', '--yes')['done'] == 2
    for instance_id in failed:
        az.wait_for(instance_id, 'Failed')
    dry = az.json('purge', '--prefix', prefix, '--dry-run')
    assert dry['count'] == 2 and sorted(i['instanceId'] for i in dry['first']) == sorted(failed)
    assert az.json('purge', '--prefix', prefix, '--yes')['deletedInstanceCount'] == 2
    assert az.json('list', '--prefix', prefix) == []
    assert az.json('purge', '--status', 'Failed', '--dry-run')['count'] == 0


# --- export --------------------------------------------------------------------------------------------------------

def test_export_round_trip_matches_show_and_resumes(fresh, tmp_path):
    _, az = fresh
    prefix = _id('exp') + '-'
    ids = [_start(az, 'fan_out_fan_in', prefix + str(index), [index, 1]) for index in range(4)]
    for instance_id in ids:
        az.wait_for(instance_id, 'Completed')
    target = tmp_path / 'archive.jsonl'
    result = az('export', '--prefix', prefix, '--include-history', '--include-payloads', '-f', str(target))
    assert result.exit_code == 0, result.error
    lines = target.read_text(encoding='utf-8').splitlines()
    assert len(lines) == 4
    for line in lines:
        record = json.loads(line)
        history = record.pop('history')
        assert record == az.json('show', '-i', record['instanceId'])
        assert history == az.json('history', '-i', record['instanceId'])

    # Interrupted after two lines and in the middle of a third: the re-run completes it, each instance once.
    target.write_text('\n'.join(lines[:2]) + '\n' + lines[2][:20], encoding='utf-8')
    again = az('export', '--prefix', prefix, '--include-history', '--include-payloads', '-f', str(target))
    assert 'Exported 2 orchestration(s)' in again.stderr and '2 already there were skipped' in again.stderr
    exported = [json.loads(line)['instanceId'] for line in target.read_text(encoding='utf-8').splitlines()]
    assert sorted(exported) == sorted(ids)

    bare = [json.loads(line) for line in az('export', '--prefix', prefix).stdout.splitlines()]
    assert sorted(item['instanceId'] for item in bare) == sorted(ids)
    assert all('input' not in item and 'history' not in item for item in bare)
    slim = json.loads(az('export', '--prefix', ids[0], '--include-history').stdout.splitlines()[0])
    assert slim['history'] and all('input' not in event and 'result' not in event for event in slim['history'])


# --- entities ------------------------------------------------------------------------------------------------------

def test_entities_signal_show_list_and_clean(fresh):
    import time
    backend, _ = fresh
    az = Az(['--endpoint', backend.endpoint, '--task-hub', 'default'], group=('durabletask', 'entity'))
    key = _id('user')
    assert az.json('signal', '--name', 'Counter', '--key', key, '--operation', 'add', '--input', '5')['instanceId'] \
        == '@counter@' + key
    az.json('signal', '-n', 'counter', '-k', key, '--operation', 'add', '--input', '7')
    deadline = time.monotonic() + 10
    while True:
        shown = az('show', '-n', 'counter', '-k', key, '-o', 'json')
        if shown.exit_code == 0 and json.loads(shown.stdout)['state'] == 12 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    entity = json.loads(shown.stdout)
    assert entity['state'] == 12 and entity['name'] == 'counter' and entity['key'] == key
    listed = az.json('list', '--name', 'counter', '--include-state')
    assert [(item['key'], item['state']) for item in listed] == [(key, 12)]
    assert 'state' not in az.json('list', '--prefix', '@counter@')[0]
    assert az.json('list', '--last-modified-before', '1h') == []
    table = az('list', '--name', 'counter', '--include-state', '-o', 'table').stdout.splitlines()
    assert table[0].split() == ['Name', 'Key', 'LastModified', 'Backlog', 'State']  # az drops all-empty columns
    assert table[2].split()[0] == 'counter' and table[2].split()[-1] == '12'

    missing = az('show', '-n', 'counter', '-k', 'nobody')
    assert missing.exit_code == 3 and "'@counter@nobody' was not found" in str(missing.error)

    later = az.json('signal', '-n', 'counter', '-k', key, '--operation', 'add', '--input', '1',
                    '--signal-time', 'in 1s')
    assert later['scheduledTime'].endswith('Z')
    az.json('signal', '-n', 'counter', '-k', key, '--operation', 'reset')
    deadline = time.monotonic() + 10
    while az.json('show', '-n', 'counter', '-k', key)['state'] is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.5)  # the scheduled add has run by now
    assert az.json('show', '-n', 'counter', '-k', key)['state'] == 1
    az.json('signal', '-n', 'counter', '-k', key, '--operation', 'reset')
    while az.json('show', '-n', 'counter', '-k', key)['state'] is not None and time.monotonic() < deadline + 5:
        time.sleep(0.05)
    # A lock left by an orchestration that no longer exists (as after a purge): clean releases it.
    store = backend.backend
    with store._lock:  # pylint: disable=protected-access
        store._entities['@counter@' + key].locked_by = 'purged-orchestration'  # pylint: disable=protected-access
    assert az.json('show', '-n', 'counter', '-k', key)['lockedBy'] == 'purged-orchestration'
    cleaned = az.json('clean', '--keep-empty-entities')
    assert cleaned == {'emptyEntitiesRemoved': 0, 'orphanedLocksReleased': 1}
    assert az.json('show', '-n', 'counter', '-k', key)['lockedBy'] is None
    cleaned = az.json('clean')
    assert cleaned['emptyEntitiesRemoved'] == 1 and cleaned['orphanedLocksReleased'] == 0
    assert az('show', '-n', 'counter', '-k', key).exit_code == 3


@pytest.mark.parametrize('args, text', [
    (['show', '-n', '@counter', '-k', 'x'], "--name '@counter' is not an entity name"),
    (['show', '-n', 'counter', '-k', ' '], '--key must not be empty'),
    (['signal', '-n', 'counter', '-k', 'x', '--operation', 'add', '--input', '{bad'], '--input is not valid JSON'),
    (['signal', '-n', 'counter', '-k', 'x', '--operation', 'add', '--signal-time', 'in forever'],
     "--signal-time 'forever' is not a duration"),
    (['list', '--name', 'counter', '--prefix', '@c'], '--name and --instance-id-prefix'),
])
def test_entity_arguments_are_checked_before_any_request(hub, args, text):
    az = Az(['--endpoint', hub.endpoint, '--task-hub', 'default'], group=('durabletask', 'entity'))
    calls = _az_calls(hub)
    result = az(*args)
    assert result.exit_code != 0 and text in str(result.error)
    assert _az_calls(hub) == calls
