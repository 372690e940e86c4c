# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Parallel `retention-policy update`s never lose a rule while exiting 0 (issue 11): each PATCH carries the ETag it
read (If-Match), the stand-in answers 412 when another update came first, and the command reads, merges and tries
again. Live against a stand-in this test starts and stops."""

import os
import tempfile
import unittest

from armstandin.testing import running_standin

GROUP, SCHEDULER = 'etag-rg', 'etag-sched'


def quiet_cmd():
    from types import SimpleNamespace
    config = SimpleNamespace(getboolean=lambda *args, **kwargs: True)  # no progress bar
    return SimpleNamespace(cli_ctx=SimpleNamespace(only_show_errors=True, config=config))


class RacingPolicies:
    """The SDK's retention policy client against the stand-in, with other writers that each PATCH the policy right
    after our read (the window a concurrent `update` hits): deterministic, where racing processes are not."""

    def __init__(self, client, other_rules):
        self.client, self.other_rules, self.statuses = client, list(other_rules), []

    def get(self, *args, **kwargs):
        read = self.client.get(*args, **kwargs)
        if self.other_rules:
            from azext_durabletask.retention import build_retention_policy
            self.client.begin_update(GROUP, SCHEDULER, build_retention_policy(self.other_rules.pop(0))).result()
        return read

    def begin_update(self, *args, **kwargs):
        def keep_status(response):
            self.statuses.append(response.http_response.status_code)
        return self.client.begin_update(*args, raw_response_hook=keep_status, **kwargs)


class ConcurrentRetentionUpdateTest(unittest.TestCase):

    def test_a_write_between_read_and_patch_is_merged_not_lost(self):
        from azure.cli.core.azclierror import AzureResponseError
        from azure.mgmt.durabletask import DurableTaskMgmtClient
        from azext_durabletask import retention
        with tempfile.TemporaryDirectory(prefix='dts-etag-') as tmp, \
                running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=0) as standin:
            config_dir = os.path.join(tmp, 'azure')
            standin.az_login(config_dir)
            az = standin.az_cli(config_dir, os.environ['AZURE_EXTENSION_DIR'])
            az.json('group', 'create', '-n', GROUP, '-l', 'westus2', '-o', 'none')
            az.json('durabletask', 'scheduler', 'create', '-g', GROUP, '-n', SCHEDULER, '--sku-name', 'Dedicated',
                    '-o', 'none', '--only-show-errors')
            az.json('durabletask', 'retention-policy', 'create', '-g', GROUP, '-s', SCHEDULER, '-d', '30', '-o',
                    'none')
            sdk = DurableTaskMgmtClient(standin.credential(), standin.subscription_id, base_url=standin.url,
                                        connection_verify=standin.cert_path, polling_interval=0.05)

            # Another update adds Failed 7 after our read: our PATCH gets 412, and the retry keeps both rules.
            racing = RacingPolicies(sdk.retention_policies, [[(None, 30), ('Failed', 7)]])
            retention.update_retention_policy(quiet_cmd(), racing, GROUP, SCHEDULER, completed_days=1)
            merged = az.json('durabletask', 'retention-policy', 'show', '-g', GROUP, '-s', SCHEDULER)
            first_statuses = list(racing.statuses)

            # Writers that never stop: the command gives up loudly, and the policy is the last writer's.
            racing = RacingPolicies(sdk.retention_policies,
                                    [[(None, days)] for days in range(1, retention.UPDATE_ATTEMPTS + 1)])
            with self.assertRaisesRegex(AzureResponseError, 'kept changing'):
                retention.update_retention_policy(quiet_cmd(), racing, GROUP, SCHEDULER, canceled_days=2)
            last = az.json('durabletask', 'retention-policy', 'show', '-g', GROUP, '-s', SCHEDULER)

        self.assertEqual(first_statuses[0], 412)
        self.assertIn(first_statuses[-1], (200, 202))
        self.assertEqual({(r.get('orchestrationState') or 'Default', r['retentionPeriodInDays'])
                          for r in merged['properties']['retentionPolicies']},
                         {('Default', 30), ('Failed', 7), ('Completed', 1)})
        self.assertEqual(racing.statuses, [412] * retention.UPDATE_ATTEMPTS)
        self.assertEqual(last['properties']['retentionPolicies'],
                         [{'orchestrationState': None, 'retentionPeriodInDays': retention.UPDATE_ATTEMPTS}])

    def test_a_stale_etag_is_refused(self):
        with tempfile.TemporaryDirectory(prefix='dts-etag-') as tmp, \
                running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=0) as standin:
            config_dir = os.path.join(tmp, 'azure')
            standin.az_login(config_dir)
            az = standin.az_cli(config_dir, os.environ['AZURE_EXTENSION_DIR'])
            az.json('group', 'create', '-n', GROUP, '-l', 'westus2', '-o', 'none')
            az.json('durabletask', 'scheduler', 'create', '-g', GROUP, '-n', SCHEDULER, '--sku-name', 'Dedicated',
                    '-o', 'none', '--only-show-errors')
            az.json('durabletask', 'retention-policy', 'create', '-g', GROUP, '-s', SCHEDULER, '-d', '30', '-o',
                    'none')
            url = '/subscriptions/{}/resourceGroups/{}/providers/Microsoft.DurableTask/schedulers/{}/' \
                  'retentionPolicies/default?api-version=2026-02-01'.format(standin.subscription_id, GROUP, SCHEDULER)
            body = '{"properties": {"retentionPolicies": [{"retentionPeriodInDays": 5}]}}'
            stale = az.run('rest', '--method', 'patch', '--url', url, '--body', body, '--headers',
                           'If-Match="not-the-etag"')
            fresh = az.run('rest', '--method', 'patch', '--url', url, '--body', body, '--headers', 'If-Match=*')
        self.assertNotEqual(stale.returncode, 0)
        self.assertIn('PreconditionFailed', stale.stderr)
        self.assertEqual(fresh.returncode, 0, fresh.stderr)
