# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""How long-running operations are polled: Azure's Microsoft.DurableTask sends no Retry-After, and the SDK's
default would then wait 30 s between polls. The SDK client runs against scripted answers (tests/playback/replay.py)
and time.sleep is recorded, not slept."""

import json
import unittest

from azext_durabletask._lro import MAX_POLL_SECONDS, polling_method, poll_interval
from tests.playback.replay import Exchange, Replayer, SleepRecorder

ARM = 'https://management.azure.com'
SUB = '00000000-0000-0000-0000-000000000000'
SCHEDULER = '/subscriptions/{}/resourceGroups/rg/providers/Microsoft.DurableTask/schedulers/s1'.format(SUB)
STATUS = ARM + '/subscriptions/{}/providers/Microsoft.DurableTask/locations/WESTUS2/operationStatuses/'.format(SUB)


def scheduler_body(state, endpoint=''):
    return json.dumps({'id': SCHEDULER, 'name': 's1', 'location': 'westus2',
                       'properties': {'provisioningState': state, 'endpoint': endpoint, 'ipAllowlist': [],
                                      'sku': {'name': 'Consumption', 'redundancyState': 'None'}}})


def status_body(op, status):
    return json.dumps({'id': op, 'name': op, 'status': status, 'resourceId': SCHEDULER})


class _Credential:  # pylint: disable=too-few-public-methods
    @staticmethod
    def get_token(*_, **__):
        from azure.core.credentials import AccessToken
        return AccessToken('token', 2 ** 40)


def client():
    from azure.mgmt.durabletask import DurableTaskMgmtClient
    from azext_durabletask._client_factory import PREVIEW_API_VERSION, _stable_api_version_policy
    # As cf_durabletask makes it: every request at the stable api-version.
    return DurableTaskMgmtClient(_Credential(), SUB, base_url=ARM, api_version=PREVIEW_API_VERSION,
                                 per_call_policies=[_stable_api_version_policy()])


def run(exchanges, begin):
    """(result, replayer, sleeps) of `begin(client, polling)` run to completion against `exchanges`."""
    replayer, sleeps = Replayer(exchanges), SleepRecorder()
    with replayer.patch(), sleeps.patch():
        result = begin(client(), polling_method()).result()
    return result, replayer, sleeps.durations


class PollIntervalTest(unittest.TestCase):

    def test_starts_at_one_second_and_never_exceeds_ten(self):
        self.assertEqual(poll_interval(0), 1)
        self.assertEqual(poll_interval(20), 1)
        self.assertEqual(poll_interval(100), 5)
        self.assertEqual(poll_interval(3600), MAX_POLL_SECONDS)
        self.assertEqual(MAX_POLL_SECONDS, 10)


class PollingTest(unittest.TestCase):

    def test_create_without_retry_after_polls_every_second_not_every_thirty(self):
        url = ARM + SCHEDULER + '?api-version=2026-07-01'
        op = STATUS + 'op1?api-version=2026-07-01&t=1&h=a'
        answers = [Exchange('PUT', url, 201, {'Azure-AsyncOperation': op}, scheduler_body('Accepted'))]
        answers += [Exchange('GET', op, 200, {}, status_body('op1', state))
                    for state in ('Accepted', 'Provisioning', 'Provisioning', 'Succeeded')]
        answers.append(Exchange('GET', url, 200, {},
                                scheduler_body('Succeeded', 'https://s1-abc.westus2.durabletask.io')))
        from azure.mgmt.durabletask.models import Scheduler
        body = Scheduler(location='westus2')
        result, replayer, sleeps = run(
            answers, lambda c, p: c.schedulers.begin_create_or_update('rg', 's1', body, polling=p))
        self.assertEqual(result.properties.endpoint, 'https://s1-abc.westus2.durabletask.io')
        self.assertEqual(result.properties.provisioning_state, 'Succeeded')
        self.assertEqual(replayer.unserved(), [])
        self.assertEqual(len(sleeps), 3)
        self.assertTrue(all(0 < s <= 1.5 for s in sleeps), sleeps)

    def test_retry_after_is_honoured(self):
        url = ARM + SCHEDULER + '?api-version=2026-07-01'
        op = STATUS + 'op2?api-version=2026-07-01'
        answers = [Exchange('PUT', url, 201, {'Azure-AsyncOperation': op, 'Retry-After': '7'},
                            scheduler_body('Accepted')),
                   Exchange('GET', op, 200, {'Retry-After': '3'}, status_body('op2', 'Provisioning')),
                   Exchange('GET', op, 200, {}, status_body('op2', 'Succeeded')),
                   Exchange('GET', url, 200, {}, scheduler_body('Succeeded', 'https://s1-abc.westus2.durabletask.io'))]
        from azure.mgmt.durabletask.models import Scheduler
        _, _, sleeps = run(answers, lambda c, p: c.schedulers.begin_create_or_update('rg', 's1', Scheduler(
            location='westus2'), polling=p))
        self.assertEqual(sleeps, [3])

    def test_delete_follows_the_new_urls_of_each_202(self):
        """As recorded: every 202 of a delete's status carries new Azure-AsyncOperation and Location URLs, and
        only the newest are answered (the replayer serves each recorded URL once)."""
        url = ARM + SCHEDULER + '?api-version=2026-07-01'
        ops = [STATUS + 'op{}?api-version=2026-07-01&t={}'.format(n, n) for n in range(4)]
        locations = [STATUS + 'loc{}?api-version=2026-07-01'.format(n) for n in range(4)]
        answers = [Exchange('DELETE', url, 202, {'Azure-AsyncOperation': ops[0], 'Location': locations[0]}, 'null')]
        for n in range(3):
            answers.append(Exchange('GET', ops[n], 202, {'Azure-AsyncOperation': ops[n + 1],
                                                         'Location': locations[n + 1]},
                                    status_body('op', 'Deleting')))
        answers.append(Exchange('GET', ops[3], 200, {}, status_body('op', 'Succeeded')))
        result, replayer, sleeps = run(answers, lambda c, p: c.schedulers.begin_delete('rg', 's1', polling=p))
        self.assertIsNone(result)
        self.assertEqual([sent[1] for sent in replayer.sent], [url] + ops)
        self.assertTrue(all(s <= MAX_POLL_SECONDS for s in sleeps), sleeps)

    def test_run_lro_passes_our_polling_method_and_no_wait_passes_false(self):
        from types import SimpleNamespace
        from azext_durabletask._lro import run_lro
        cmd = SimpleNamespace(cli_ctx=SimpleNamespace(only_show_errors=True))
        seen = []

        def start(polling):
            seen.append(polling)
            return SimpleNamespace(done=lambda: True, result=lambda: 'done', status=lambda: 'Succeeded')
        self.assertEqual(run_lro(cmd, start), 'done')
        self.assertIsNone(run_lro(cmd, start, no_wait=True))
        from azure.mgmt.core.polling.arm_polling import ARMPolling
        self.assertIsInstance(seen[0], ARMPolling)
        self.assertIs(seen[1], False)

    def test_each_operation_gets_its_own_polling_state(self):
        self.assertIsNot(polling_method(), polling_method())


if __name__ == '__main__':
    unittest.main()
