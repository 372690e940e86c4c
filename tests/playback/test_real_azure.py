# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Our commands against Azure's own answers: az runs in-process (DummyCli) and every HTTP request is answered
from the real recordings in tests/real-azure (Az.DurableTask's tests, api 2026-02-01), not from the stand-in.

Requests are matched on method, path and query except `api-version`, each recorded answer served once in order
(tests/playback/replay.py). Sleeps are recorded, not slept: a command that would wait Azure's missing Retry-After
out with azure-mgmt-core's 30 s shows up as a requested interval over 10 s.

There are no retention policy recordings: retention create/show/delete are not played back here.
"""

import io
import json
import unittest

from azure.cli.core.mock import DummyCli
from azure.cli.testsdk.patches import patch_load_cached_subscriptions

from tests.playback.replay import Exchange, Replayer, SleepRecorder, load_recording
from tests.scenario.base import _patch_user_credential  # pylint: disable=protected-access

GROUP = 'ps-test-durable-task-4qx5'
SUBSCRIPTION = '814c847c-c7d5-4ee4-b491-8aaff9aac25f'


class RealAzurePlaybackTest(unittest.TestCase):

    def setUp(self):
        patch_load_cached_subscriptions(self)
        _patch_user_credential(self)

    def az(self, replayer, command):
        """(exit code, parsed JSON output or None, sleeps asked for) of `az <command> -o json`."""
        out, sleeps = io.StringIO(), SleepRecorder()
        with replayer.patch(), sleeps.patch():
            code = DummyCli().invoke(command.split() + ['-o', 'json', '--only-show-errors'], out_file=out)
        self.assertEqual(replayer.misses, [], 'requests the recording has no answer for')
        self.assertTrue(all(0 <= s <= 10 for s in sleeps.durations), sleeps.durations)
        text = out.getvalue().strip()
        return code, json.loads(text) if text else None, sleeps.durations

    def test_scheduler_create_then_delete_then_show_exits_3(self):
        replayer = Replayer(load_recording('Remove-AzDurableTaskScheduler', '+[NoContext]+Delete+'))
        code, created, sleeps = self.az(replayer, 'durabletask scheduler create -g {} -n test-scheduler-delete-8803 '
                                                  '-l northcentralus --sku-name Consumption --ip-allowlist 10.0.0.0/8'
                                        .format(GROUP))
        self.assertEqual(code, 0)
        self.assertEqual(created['properties']['provisioningState'], 'Succeeded')
        self.assertRegex(created['properties']['endpoint'], r'^https://test-scheduler--[a-z0-9]{8}\.northcentralus'
                                                            r'\.durabletask\.io$')
        put = [body for method, _, body in replayer.sent if method == 'PUT']
        self.assertEqual(put, [{'location': 'northcentralus', 'properties': {
            'ipAllowlist': ['10.0.0.0/8'], 'sku': {'name': 'Consumption'}}}])
        polls = [url for method, url, _ in replayer.sent if method == 'GET' and 'operationStatuses' in url]
        self.assertEqual(len(polls), 8)  # Azure answered Accepted/Provisioning 7 times, then Succeeded
        # A pause between polls: 1 s this early (Azure sent no Retry-After; azure-mgmt-core alone would wait 30 s).
        self.assertEqual(sleeps, [1.0] * 7)

        sent_before = len(replayer.sent)
        code, deleted, _ = self.az(replayer, 'durabletask scheduler delete -g {} -n test-scheduler-delete-8803 --yes'
                                   .format(GROUP))
        self.assertEqual((code, deleted), (0, None))
        delete_polls = [url for method, url, _ in replayer.sent[sent_before:] if method == 'GET']
        # Each 202 of the delete carried a new Azure-AsyncOperation URL: all were followed, none polled twice.
        self.assertEqual(len(delete_polls), 5)
        self.assertEqual(len(set(delete_polls)), 5)

        code, shown, _ = self.az(replayer, 'durabletask scheduler show -g {} -n test-scheduler-delete-8803'
                                 .format(GROUP))
        self.assertEqual((code, shown), (3, None))

    def test_scheduler_list_and_show(self):
        replayer = Replayer(load_recording('Get-AzDurableTaskScheduler'))
        code, listed, _ = self.az(replayer, 'durabletask scheduler list -g {}'.format(GROUP))
        self.assertEqual(code, 0)
        self.assertIn('ps-test-scheduler-2kcd', [s['name'] for s in listed])
        code, shown, _ = self.az(replayer, 'durabletask scheduler show -g {} -n ps-test-scheduler-2kcd'.format(GROUP))
        self.assertEqual(code, 0)
        self.assertEqual(shown['id'], '/subscriptions/{}/resourceGroups/{}/providers/Microsoft.DurableTask/schedulers/'
                                      'ps-test-scheduler-2kcd'.format(SUBSCRIPTION, GROUP))
        self.assertEqual(shown['properties']['publicNetworkAccess'], 'Disabled')

    def test_scheduler_update_is_one_patch_answered_with_the_scheduler(self):
        replayer = Replayer(load_recording('Update-AzDurableTaskScheduler', '+[NoContext]+UpdateExpanded+'))
        code, updated, sleeps = self.az(replayer, 'durabletask scheduler update -g {} -n ps-test-scheduler-2kcd '
                                                  '--public-network-access Disabled --tags Environment=Test'
                                        .format(GROUP))
        self.assertEqual(code, 0)
        self.assertEqual([(method, body) for method, _, body in replayer.sent], [
            ('PATCH', {'properties': {'publicNetworkAccess': 'Disabled'}, 'tags': {'Environment': 'Test'}})])
        # The scheduler, not an operation status.
        self.assertEqual(updated['name'], 'ps-test-scheduler-2kcd')
        self.assertEqual(updated['properties']['provisioningState'], 'Succeeded')
        self.assertEqual(updated['tags'], {'Environment': 'Test'})
        self.assertEqual(sleeps, [])

    def test_scheduler_wait_polls_every_2_seconds_not_30(self):
        recorded = load_recording('New-AzDurableTaskScheduler', '+[NoContext]+CreateExpanded+')
        put = recorded[0]
        final = next(e for e in recorded if e.method == 'GET' and e.uri == put.uri)
        # The scheduler as Azure showed it while creating (its PUT's answer, Accepted), twice, then Succeeded.
        replayer = Replayer([Exchange('GET', put.uri, 200, {}, put.body)] * 2 + [final])
        code, _, sleeps = self.az(replayer, 'durabletask scheduler wait -g {} -n test-scheduler-create-1277 --created'
                                  .format(GROUP))
        self.assertEqual(code, 0)
        self.assertEqual(len(replayer.sent), 3)
        self.assertEqual(sleeps, [2, 2])

    def test_taskhub_create_show_list_delete(self):
        replayer = Replayer(load_recording('Get-AzDurableTaskHub'))
        names = '-g {} -s ps-test-scheduler-2kcd -n ps-test-taskhub-ow0t'.format(GROUP)
        code, created, _ = self.az(replayer, 'durabletask taskhub create ' + names)
        self.assertEqual(code, 0)
        self.assertEqual(created['properties']['provisioningState'], 'Succeeded')
        self.assertEqual([(m, b) for m, _, b in replayer.sent if m == 'PUT'], [('PUT', {'properties': {}})])
        code, shown, _ = self.az(replayer, 'durabletask taskhub show ' + names)
        self.assertEqual(code, 0)
        self.assertTrue(shown['properties']['dashboardUrl'].startswith(
            'https://dashboard.durabletask.io/subscriptions/{}/schedulers/ps-test-scheduler-2kcd/taskhubs/'
            'ps-test-taskhub-ow0t?endpoint='.format(SUBSCRIPTION)))
        code, listed, _ = self.az(replayer, 'durabletask taskhub list -g {} -s ps-test-scheduler-2kcd'.format(GROUP))
        self.assertEqual(code, 0)
        self.assertEqual([hub['name'] for hub in listed], ['ps-test-taskhub-ow0t'])
        sent_before = len(replayer.sent)
        code, deleted, _ = self.az(replayer, 'durabletask taskhub delete --yes ' + names)
        self.assertEqual((code, deleted), (0, None))
        self.assertEqual([m for m, _, _ in replayer.sent[sent_before:]], ['DELETE', 'GET'])

    def test_show_connection_string_uses_the_endpoint_and_the_hubs_own_dashboard_url(self):
        scheduler = load_recording('Get-AzDurableTaskScheduler', '+[NoContext]+Get+')
        hub = load_recording('Get-AzDurableTaskHub', '+[NoContext]+Get+')
        replayer = Replayer(scheduler + hub)
        code, details, _ = self.az(replayer, 'durabletask taskhub show-connection-string -g {} -s '
                                             'ps-test-scheduler-2kcd -n ps-test-taskhub-ow0t'.format(GROUP))
        self.assertEqual(code, 0)
        endpoint = json.loads(scheduler[0].body)['properties']['endpoint']
        self.assertEqual(details['endpoint'], endpoint)
        self.assertEqual(details['connectionString'],
                         'Endpoint={};TaskHub=ps-test-taskhub-ow0t;Authentication=DefaultAzure'.format(endpoint))
        self.assertEqual(details['dashboardUrl'], json.loads(hub[0].body)['properties']['dashboardUrl'])

    def test_show_connection_string_builds_the_dashboard_url_when_the_hub_has_none(self):
        from azure.cli.testsdk.scenario_tests.const import MOCKED_SUBSCRIPTION_ID, MOCKED_TENANT_ID
        scheduler = load_recording('Get-AzDurableTaskScheduler', '+[NoContext]+Get+')
        hub = load_recording('Get-AzDurableTaskHub', '+[NoContext]+Get+')[0]
        body = json.loads(hub.body)
        del body['properties']['dashboardUrl']
        replayer = Replayer(scheduler + [Exchange(hub.method, hub.uri, hub.status, hub.headers, json.dumps(body))])
        code, details, _ = self.az(replayer, 'durabletask taskhub show-connection-string -g {} -s '
                                             'ps-test-scheduler-2kcd -n ps-test-taskhub-ow0t'.format(GROUP))
        self.assertEqual(code, 0)
        # The recorded form, for the signed-in subscription and tenant (playback's are all zeros).
        self.assertEqual(details['dashboardUrl'], 'https://dashboard.durabletask.io/subscriptions/{}/schedulers/'
                                                  'ps-test-scheduler-2kcd/taskhubs/ps-test-taskhub-ow0t?endpoint='
                                                  'https%3a%2f%2fps-test-schedul-bxghefg5.northcentralus.durabletask.io'
                                                  '&tenantId={}'.format(MOCKED_SUBSCRIPTION_ID, MOCKED_TENANT_ID))

    def test_taskhub_delete_then_show_exits_3(self):
        replayer = Replayer(load_recording('Remove-AzDurableTaskHub', '+[NoContext]+Delete+'))
        names = '-g {} -s ps-test-scheduler-2kcd -n ps-test-taskhub-ow0t'.format(GROUP)
        self.assertEqual(self.az(replayer, 'durabletask taskhub create ' + names)[0], 0)
        self.assertEqual(self.az(replayer, 'durabletask taskhub delete --yes ' + names)[:2], (0, None))
        self.assertEqual(self.az(replayer, 'durabletask taskhub show ' + names)[:2], (3, None))


class SchedulerNotReadyTest(unittest.TestCase):
    """Commands that need the endpoint, against a scheduler Azure is still creating: the recorded answer to its
    PUT (201, provisioningState Accepted) served as the GET."""

    def setUp(self):
        from azure.cli.testsdk.patches import patch_main_exception_handler
        patch_load_cached_subscriptions(self)
        _patch_user_credential(self)
        patch_main_exception_handler(self)  # the command's error is raised to the test

    def error_of(self, command):
        from azure.cli.testsdk.exceptions import CliExecutionError
        put = load_recording('New-AzDurableTaskScheduler', '+[NoContext]+CreateExpanded+$PUT')[0]
        self.assertEqual(json.loads(put.body)['properties']['provisioningState'], 'Accepted')
        replayer = Replayer([Exchange('GET', put.uri, 200, put.headers, put.body)])
        with replayer.patch(), self.assertRaises(CliExecutionError) as raised:
            DummyCli().invoke(command.split() + ['--only-show-errors'], out_file=io.StringIO())
        self.assertEqual([method for method, _, _ in replayer.sent], ['GET'])  # nothing after the scheduler
        return raised.exception.exception

    def check(self, error):
        from azure.cli.core.azclierror import ValidationError
        self.assertIsInstance(error, ValidationError)
        self.assertEqual(str(error), "Scheduler 'test-scheduler-create-1277' is still being created "
                                     "(provisioningState: Accepted); its endpoint is not ready. Wait for it: az "
                                     "durabletask scheduler wait -g {} -n test-scheduler-create-1277 --created"
                         .format(GROUP))

    def test_show_connection_string(self):
        self.check(self.error_of('durabletask taskhub show-connection-string -g {} -s test-scheduler-create-1277 '
                                 '-n hub1'.format(GROUP)))

    def test_orchestration_list(self):
        self.check(self.error_of('durabletask orchestration list -g {} -s test-scheduler-create-1277 --task-hub hub1'
                                 .format(GROUP)))

    def test_attach(self):
        app = ('/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Web/sites/orders'.format(SUBSCRIPTION, GROUP))
        self.check(self.error_of('durabletask scheduler attach -g {} -n test-scheduler-create-1277 --task-hub hub1 '
                                 '--target {} --role-type worker'.format(GROUP, app)))


if __name__ == '__main__':
    unittest.main()
