# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""`az durabletask taskhub diagnose`, live against a stand-in with its data plane on: one scenario per failure, each
produced for real, asserting the check that fails and the fix it prints; then the printed fixes are run as they
are, and diagnose passes (exit code 0). Also `scheduler delete --delete-task-hubs`."""

import json
import os
import shlex
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from armstandin import constants as c  # noqa: E402  pylint: disable=wrong-import-position
from armstandin.testing import running_standin  # noqa: E402  pylint: disable=wrong-import-position

EXTENSIONS = os.path.join(ROOT, '.local', 'extensions')
GROUP = '/subscriptions/{}/resourceGroups/diag'.format(c.SUBSCRIPTION_ID)
WEB_API, APP_API = '2024-11-01', '2024-03-01'


class _Diagnose:
    """Runs diagnose and the fixes it prints."""

    def __init__(self, test, az):
        self.test, self.az = test, az

    def run(self, scheduler, hub, *extra):
        result = self.az.run('durabletask', 'taskhub', 'diagnose', '-g', 'diag', '-s', scheduler, '-n', hub, *extra,
                             '-o', 'json', '--only-show-errors')
        self.test.assertNotIn('Traceback', result.stderr)
        rows = json.loads(result.stdout)
        return result, rows

    def failing(self, scheduler, hub, *extra):
        """The failed rows, by check; asserts exit code 1 with the rows still printed and a one-line summary."""
        result, rows = self.run(scheduler, hub, *extra)
        self.test.assertEqual(result.returncode, 1, result.stderr)
        failed = {r['check']: r for r in rows if r['result'] == 'fail'}
        self.test.assertTrue(failed, rows)
        self.test.assertIn('ERROR: {} of {} checks failed'.format(len(failed), len(rows)), result.stderr)
        for check in failed.values():
            self.test.assertTrue((check['fix'] or '').startswith('az '), check)
        return failed

    def passes(self, scheduler, hub, *extra):
        result, rows = self.run(scheduler, hub, *extra)
        self.test.assertEqual(result.returncode, 0, json.dumps(rows, indent=1) + result.stderr)
        self.test.assertEqual([r for r in rows if r['result'] == 'fail'], [])
        return {r['check']: r for r in rows}

    def run_fixes(self, failed):
        """Each distinct fix, in the order printed, exactly as printed."""
        done = []
        for check in failed.values():
            if check['fix'] in done:
                continue
            done.append(check['fix'])
            args = shlex.split(check['fix'])
            self.test.assertEqual(args[0], 'az')
            result = self.az.run(*args[1:], '-o', 'none', '--only-show-errors')
            self.test.assertEqual(result.returncode, 0, '{}\n{}'.format(check['fix'], result.stderr))


class DiagnoseTest(unittest.TestCase):
    """One stand-in for the scenarios whose scheduler provisions at once; each scenario has its own scheduler."""

    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory(prefix='dts-diagnose-')  # pylint: disable=consider-using-with
        cls._standin = running_standin(cls._tmp.name, EMULATOR_PROVISIONING_SECONDS=0, EMULATOR_DATA_PLANE=1,
                                       EMULATOR_PRINCIPAL_REPLICATION_SECONDS=0)
        cls.standin = cls._standin.__enter__()  # pylint: disable=unnecessary-dunder-call
        config = os.path.join(cls._tmp.name, 'az')
        cls.standin.az_login(config)  # the seeded user dev@contoso.example: Owner, no Durable Task role
        cls.az = cls.standin.az_cli(config, EXTENSIONS)
        cls.az.json('group', 'create', '-n', 'diag', '-l', 'westus2', '-o', 'none')

    @classmethod
    def tearDownClass(cls):
        cls._standin.__exit__(None, None, None)
        cls._tmp.cleanup()

    def setUp(self):
        self.diagnose = _Diagnose(self, self.az)

    def _scheduler_and_hub(self, scheduler, hub, *create_args):
        # Dedicated: Consumption allows 5 task hubs per region and subscription, fewer than these scenarios make.
        self.az.json('durabletask', 'scheduler', 'create', '-g', 'diag', '-n', scheduler, '-l', 'westus2',
                     '--sku-name', 'Dedicated', *create_args, '-o', 'none', '--only-show-errors')
        self.az.json('durabletask', 'taskhub', 'create', '-g', 'diag', '-s', scheduler, '-n', hub, '-o', 'none',
                     '--only-show-errors')

    def _grant_me(self, scheduler, hub='main'):
        self.az.json('durabletask', 'role-assignment', 'create', '-g', 'diag', '-s', scheduler, '-t', hub,
                     '--role', 'reader', '-o', 'none', '--only-show-errors')

    def test_user_without_a_role_then_healthy(self):
        self._scheduler_and_hub('no-role', 'main')
        failed = self.diagnose.failing('no-role', 'main')
        self.assertEqual(sorted(failed), ['data plane', 'role'])
        self.assertEqual(failed['role']['fix'],
                         'az durabletask role-assignment create -g diag -s no-role --task-hub main --role reader')
        self.assertIn('no Durable Task role', failed['data plane']['detail'])
        self.assertIn('PERMISSION_DENIED', failed['data plane']['detail'])
        # -o table and --only-failures: the failed rows with their fix are printed, and the exit code is still 1.
        table = self.az.run('durabletask', 'taskhub', 'diagnose', '-g', 'diag', '-s', 'no-role', '-n', 'main',
                            '--only-failures', '-o', 'table', '--only-show-errors')
        self.assertEqual(table.returncode, 1, table.stderr)
        lines = table.stdout.splitlines()
        self.assertEqual([line.split()[:2] for line in lines[2:]], [['role', 'fail'], ['data', 'plane']])
        self.assertTrue(lines[2].rstrip().endswith(failed['role']['fix']), lines[2])
        self.assertEqual(table.stderr.count('ERROR:'), 1, table.stderr)
        self.diagnose.run_fixes(failed)

        healthy = self.diagnose.passes('no-role', 'main')
        for check in ('provider', 'scheduler', 'task hub', 'public network access', 'private endpoints',
                      'ip allow list', 'role', 'data plane'):
            self.assertEqual(healthy[check]['result'], 'pass', healthy[check])
        self.assertIn('Durable Task Data Reader', healthy['role']['detail'])
        # The service's detectors are advisory: summarized (never a failure) where the service offers them, else
        # said to be not available (this stand-in may not serve 2026-07-01-preview detectors).
        detectors = healthy['detectors']
        self.assertIn(detectors['result'], ('pass', 'warning', 'skipped'), detectors)
        if detectors['result'] == 'skipped':
            self.assertTrue(detectors['detail'].startswith('Not available'), detectors)
        else:
            self.assertIn('detector', detectors['detail'].lower() + (detectors['fix'] or ''), detectors)

        # -o table: one line per check, the fix column; --only-failures on a healthy hub prints nothing.
        table = self.az.run('durabletask', 'taskhub', 'diagnose', '-g', 'diag', '-s', 'no-role', '-n', 'main',
                            '-o', 'table', '--only-show-errors')
        self.assertEqual(table.returncode, 0, table.stderr)
        self.assertEqual(table.stdout.split()[:4], ['Check', 'Result', 'Detail', 'Fix'])
        self.assertEqual(self.az.json('durabletask', 'taskhub', 'diagnose', '-g', 'diag', '-s', 'no-role', '-n',
                                      'main', '--only-failures', '-o', 'json', '--only-show-errors'), [])

    def test_allow_list_that_excludes_the_caller(self):
        self._scheduler_and_hub('narrow', 'main', '--ip-allowlist', '203.0.113.0/24')
        self._grant_me('narrow')
        failed = self.diagnose.failing('narrow', 'main', '--client-ip', '127.0.0.1')
        fix = 'az durabletask scheduler update -g diag -n narrow --ip-allowlist 203.0.113.0/24 127.0.0.1/32'
        self.assertEqual(failed['ip allow list']['fix'], fix)
        self.assertIn('127.0.0.1 is not inside 203.0.113.0/24', failed['ip allow list']['detail'])
        # The data plane refuses too, and the row names the network, not the role.
        self.assertIn('ip allow list', failed['data plane']['detail'])
        self.assertEqual(failed['data plane']['fix'], fix)
        self.assertNotIn('role', failed)
        self.diagnose.run_fixes(failed)
        self.assertEqual(self.diagnose.passes('narrow', 'main', '--client-ip', '127.0.0.1')['ip allow list']['result'],
                         'pass')

    def test_public_network_access_disabled(self):
        self._scheduler_and_hub('private', 'main', '--public-network-access', 'Disabled')
        self._grant_me('private')
        failed = self.diagnose.failing('private', 'main')
        self.assertEqual(failed['public network access']['fix'],
                         'az durabletask scheduler update -g diag -n private --public-network-access Enabled')
        self.assertIn('no private endpoint connection is approved', failed['public network access']['detail'])
        self.diagnose.run_fixes(failed)
        self.diagnose.passes('private', 'main')

    def test_missing_task_hub(self):
        self._scheduler_and_hub('hubless', 'main')
        self._grant_me('hubless')
        failed = self.diagnose.failing('hubless', 'orders')
        self.assertEqual(failed['task hub']['fix'], 'az durabletask taskhub create -g diag -s hubless -n orders')
        self.assertIn("Task hub 'orders' does not exist", failed['task hub']['detail'])
        self.diagnose.run_fixes(failed)
        self.diagnose.passes('hubless', 'orders')

    def _function_app(self, name, settings, identity='SystemAssigned'):
        site = GROUP + '/providers/Microsoft.Web/sites/' + name
        body = {'location': 'westus2', 'kind': 'functionapp,linux', 'identity': {'type': identity},
                'properties': {'siteConfig': {'appSettings': [{'name': k, 'value': v} for k, v in settings.items()]}}}
        return site, self.az.json('rest', '--method', 'put', '--url', site + '?api-version=' + WEB_API,
                                  '--body', json.dumps(body))

    def _endpoint(self, scheduler):
        return self.az.json('durabletask', 'scheduler', 'show', '-g', 'diag', '-n', scheduler, '--query',
                            'properties.endpoint', '-o', 'tsv', '--only-show-errors')

    def test_app_whose_identity_lacks_the_role(self):
        self._scheduler_and_hub('app-role', 'main')
        endpoint = self._endpoint('app-role')
        site, app = self._function_app('func-role', {
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'Endpoint={};Authentication=ManagedIdentity'.format(endpoint),
            'TASKHUB_NAME': 'main'})
        principal = app['identity']['principalId']
        failed = self.diagnose.failing('app-role', 'main', '--app', site)
        self.assertEqual(list(failed), ['role'])
        self.assertEqual(failed['role']['fix'],
                         'az durabletask role-assignment create -g diag -s app-role --task-hub main --role contributor '
                         '--assignee-object-id {} --assignee-principal-type ServicePrincipal'.format(principal))
        self.diagnose.run_fixes(failed)
        healthy = self.diagnose.passes('app-role', 'main', '--app', site)
        for check in ('app identity', 'app connection string', 'app task hub', 'app backend', 'app region', 'role'):
            self.assertEqual(healthy[check]['result'], 'pass', healthy[check])
        self.assertEqual(healthy['data plane']['result'], 'skipped')

    def test_app_with_a_wrong_setting_name(self):
        self._scheduler_and_hub('app-wiring', 'main')
        endpoint = self._endpoint('app-wiring')
        site, _ = self._function_app('func-wiring', {
            'DurableTaskSchedulerConnection': 'Endpoint={};Authentication=ManagedIdentity'.format(endpoint),
            'TASKHUB_NAME': 'main'})
        failed = self.diagnose.failing('app-wiring', 'main', '--app', site)
        attach = ('az durabletask scheduler attach -g diag -n app-wiring --task-hub-name main --target {} '
                  '--role-type contributor'.format(site))
        self.assertEqual(failed['app connection string']['fix'], attach)
        detail = failed['app connection string']['detail']
        self.assertIn("no 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING' setting", detail)
        self.assertIn("'DurableTaskSchedulerConnection'", detail)
        self.diagnose.run_fixes(failed)
        self.diagnose.passes('app-wiring', 'main', '--app', site)

    def test_container_app_with_a_user_assigned_identity_and_no_client_id(self):
        """An SDK app on Container Apps: the hub comes from TaskHub=, and a user-assigned identity needs ClientID=."""
        self._scheduler_and_hub('aca', 'main')
        endpoint = self._endpoint('aca')
        identity = self.az.json('identity', 'create', '-g', 'diag', '-n', 'aca-id', '-l', 'westus2')
        app = GROUP + '/providers/Microsoft.App/containerApps/aca-worker'
        body = {'location': 'westus2', 'identity': {'type': 'UserAssigned', 'userAssignedIdentities': {
            identity['id']: {}}}, 'properties': {'template': {'containers': [{'name': 'worker', 'image': 'x', 'env': [
                {'name': 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING',
                 'value': 'Endpoint={};TaskHub=main;Authentication=ManagedIdentity'.format(endpoint)}]}]}}}
        self.az.json('rest', '--method', 'put', '--url', app + '?api-version=' + APP_API, '--body', json.dumps(body),
                     '-o', 'none')
        failed = self.diagnose.failing('aca', 'main', '--app', app)
        self.assertEqual(sorted(failed), ['app connection string', 'role'])
        self.assertIn('no ClientID= names its user-assigned one', failed['app connection string']['detail'])
        self.assertEqual(failed['app connection string']['fix'],
                         'az durabletask scheduler attach -g diag -n aca --task-hub-name main --target {} --role-type '
                         'worker --identity {}'.format(app, identity['id']))
        self.assertIn('--role worker --assignee-object-id {}'.format(identity['principalId']), failed['role']['fix'])
        self.diagnose.run_fixes(failed)
        healthy = self.diagnose.passes('aca', 'main', '--app', app)
        self.assertIn(identity['clientId'], healthy['app connection string']['detail'])

    def test_another_users_access(self):
        self._scheduler_and_hub('other-user', 'main')
        failed = self.diagnose.failing('other-user', 'main', '--assignee', c.USER2_UPN)
        self.assertEqual(sorted(failed), ['role'])
        self.assertEqual(failed['role']['fix'], 'az durabletask role-assignment create -g diag -s other-user '
                                                '--task-hub main --role reader --assignee {}'.format(c.USER2_UPN))
        self.diagnose.run_fixes(failed)
        self.assertIn('Durable Task Data Reader', self.diagnose.passes(
            'other-user', 'main', '--assignee', c.USER2_UPN)['role']['detail'])

    def test_bad_input_is_refused_before_any_request(self):
        self.standin.clear_requests()
        result = self.az.run('durabletask', 'taskhub', 'diagnose', '-g', 'diag', '-s', 'x1x', '-n', 'main',
                             '--client-ip', 'not-an-ip')
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("ERROR: --client-ip 'not-an-ip' is not an IP address", result.stderr)
        self.assertEqual(self.standin.requests(), [])

    def test_delete_with_task_hubs(self):
        self._scheduler_and_hub('teardown', 'one')
        for hub in ('two', 'three'):
            self.az.json('durabletask', 'taskhub', 'create', '-g', 'diag', '-s', 'teardown', '-n', hub, '-o', 'none',
                         '--only-show-errors')
        refused = self.az.run('durabletask', 'scheduler', 'delete', '-g', 'diag', '-n', 'teardown', '--yes',
                              '--only-show-errors')
        self.assertEqual(refused.returncode, 1)
        self.assertIn("Scheduler 'teardown' still has 3 task hub(s)", refused.stderr)
        self.assertIn('az durabletask taskhub delete -g diag -s teardown -n one --yes', refused.stderr)
        self.assertIn('az durabletask scheduler delete -g diag -n teardown --delete-task-hubs --yes', refused.stderr)

        # On a terminal the prompt names the hubs that go; answering no sends no delete.
        master, slave = os.openpty()
        try:
            os.write(master, b'n\n')
            asked = subprocess.run([sys.executable, '-m', 'azure.cli', 'durabletask', 'scheduler', 'delete', '-g',
                                    'diag', '-n', 'teardown', '--delete-task-hubs', '--only-show-errors'],
                                   env=self.az.env, stdin=slave, capture_output=True, text=True, timeout=120,
                                   check=False)
        finally:
            os.close(slave)
            os.close(master)
        self.assertNotEqual(asked.returncode, 0)
        self.assertRegex(asked.stdout + asked.stderr,
                         r"Delete scheduler 'teardown' and its 3 task hub\(s\) \((one|two|three), (one|two|three), "
                         r"(one|two|three)\), with their orchestrations\?")
        # Without a terminal: one line with the --yes hint.
        piped = subprocess.run([sys.executable, '-m', 'azure.cli', 'durabletask', 'scheduler', 'delete', '-g', 'diag',
                                '-n', 'teardown', '--delete-task-hubs', '--only-show-errors'], env=self.az.env,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False)
        self.assertEqual(piped.returncode, 1, piped.stderr)
        self.assertIn("there is no terminal to confirm on", piped.stderr)
        self.assertIn('Add --yes', piped.stderr)

        self.standin.clear_requests()
        self.az.json('durabletask', 'scheduler', 'delete', '-g', 'diag', '-n', 'teardown', '--delete-task-hubs',
                     '--yes', '--only-show-errors')
        deletes = [r['path'].rsplit('/', 1)[-1] for r in self.standin.requests() if r['method'] == 'DELETE']
        self.assertEqual(sorted(deletes[:3]), ['one', 'three', 'two'])
        self.assertEqual(deletes[3:], ['teardown'])
        gone = self.az.run('durabletask', 'scheduler', 'show', '-g', 'diag', '-n', 'teardown')
        self.assertEqual(gone.returncode, 3, gone.stderr)

        # --no-wait: the hubs are deleted (the scheduler's delete is refused while one remains), the scheduler's
        # delete is left running, and the warning says so and how to wait.
        self._scheduler_and_hub('teardown2', 'one')
        started = self.az.run('durabletask', 'scheduler', 'delete', '-g', 'diag', '-n', 'teardown2',
                              '--delete-task-hubs', '--yes', '--no-wait')
        self.assertEqual(started.returncode, 0, started.stderr)
        self.assertIn("scheduler 'teardown2' is still being deleted", started.stderr)
        self.assertIn('az durabletask scheduler wait -g diag -n teardown2 --deleted', started.stderr)
        self.az.json('durabletask', 'scheduler', 'wait', '-g', 'diag', '-n', 'teardown2', '--deleted',
                     '--interval', '1', '--only-show-errors')


class ProvisioningTest(unittest.TestCase):
    """A scheduler still provisioning (created with --no-wait): its own stand-in, where provisioning takes a while."""

    def test_scheduler_still_provisioning(self):
        with tempfile.TemporaryDirectory(prefix='dts-diagnose-prov-') as tmp, \
                running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=6, EMULATOR_DATA_PLANE=1) as standin:
            config = os.path.join(tmp, 'az')
            standin.az_login(config)
            az = standin.az_cli(config, EXTENSIONS)
            diagnose = _Diagnose(self, az)
            az.json('group', 'create', '-n', 'diag', '-l', 'westus2', '-o', 'none')
            az.json('durabletask', 'scheduler', 'create', '-g', 'diag', '-n', 'slow', '-l', 'westus2', '--sku-name',
                    'Consumption', '--no-wait', '-o', 'none', '--only-show-errors')
            failed = diagnose.failing('slow', 'main')
            self.assertEqual(failed['scheduler']['fix'], 'az durabletask scheduler wait -g diag -n slow --created')
            # As Azure shows it while provisioning: no endpoint, an empty allow list.
            self.assertRegex(failed['scheduler']['detail'],
                             r"Scheduler 'slow' is (Provisioning|Accepted) and has no endpoint yet")
            self.assertEqual(failed['task hub']['fix'], 'az durabletask taskhub create -g diag -s slow -n main')
            # Not blamed on the network: an empty allow list while provisioning is what Azure shows.
            self.assertNotIn('ip allow list', failed)
            self.assertNotIn('public network access', failed)
            _, rows = diagnose.run('slow', 'main')
            self.assertEqual({r['check']: r['result'] for r in rows}['ip allow list'], 'skipped')
            diagnose.run_fixes(failed)
            diagnose.passes('slow', 'main')


if __name__ == '__main__':
    unittest.main()
