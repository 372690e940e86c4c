# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The seed walkthrough (scripts/demo), live against a stand-in this test starts and stops."""

import json
import os
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEDULERS = '/providers/microsoft.durabletask/schedulers'


class StandInRun:
    """scripts/az-local with its own state dir: the stand-in starts on first use and is stopped at the end."""

    def __init__(self, **emulator_env):
        self.state = tempfile.mkdtemp(prefix='dts-e2e-')
        self.env = dict(os.environ, ARMSTANDIN_STATE_DIR=self.state, EMULATOR_PROVISIONING_SECONDS='1',
                        DEMO_GROUP='e2e-rg', DEMO_SCHEDULER='e2e-scheduler', DEMO_TASKHUB='e2e-taskhub')
        self.env.pop('AZURE_CONFIG_DIR', None)  # az-local keeps its own profile in the state dir
        self.env.update(emulator_env)

    def run(self, *args, **kwargs):
        return subprocess.run(list(args), cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=600,
                              check=False, **kwargs)

    def az(self, *args, **kwargs):
        return self.run('scripts/az-local', *args, **kwargs)

    def requests(self):
        with open(os.path.join(self.state, 'requests.jsonl'), encoding='utf-8') as log:
            return [json.loads(line) for line in log if line.strip()]

    def stop(self):
        self.run('scripts/az-local', '--stop')


def _calls(requests, method, path_suffix, statuses=None):
    return [r for r in requests if r['method'] == method and r['path'].lower().endswith(path_suffix.lower())
            and (statuses is None or r['status'] in statuses)]


class WalkthroughTest(unittest.TestCase):

    def test_walkthrough_runs_and_reaches_the_stand_in(self):
        standin = StandInRun()
        self.addCleanup(standin.stop)
        demo = standin.run('scripts/demo')
        self.assertEqual(demo.returncode, 0, demo.stdout[-3000:] + demo.stderr[-3000:])
        self.assertIn('Demo succeeded', demo.stdout)
        self.assertIn('"name": "e2e-taskhub"', demo.stdout)
        self.assertIn('durabletask.io', demo.stdout)

        log = standin.requests()
        sched = '/resourcegroups/e2e-rg' + SCHEDULERS + '/e2e-scheduler'
        self.assertEqual(len(_calls(log, 'PUT', sched, {200, 201})), 1)
        self.assertEqual(len(_calls(log, 'PUT', sched + '/taskhubs/e2e-taskhub', {200, 201})), 1)
        self.assertTrue(_calls(log, 'GET', SCHEDULERS, {200}))                       # list by subscription
        self.assertTrue(_calls(log, 'GET', '/resourcegroups/e2e-rg' + SCHEDULERS, {200}))  # list by group
        self.assertTrue(_calls(log, 'GET', sched + '/taskhubs', {200}))
        self.assertEqual(len(_calls(log, 'DELETE', sched + '/taskhubs/e2e-taskhub', {202, 200, 204})), 1)
        self.assertEqual(len(_calls(log, 'DELETE', sched, {202, 200, 204})), 1)
        put = _calls(log, 'PUT', sched, {201})[0]
        self.assertEqual(put['body']['properties'], {'ipAllowlist': ['0.0.0.0/0'],
                                                     'sku': {'name': 'Dedicated', 'capacity': 1}})

        missing = standin.az('durabletask', 'scheduler', 'show', '-g', 'e2e-rg', '-n', 'e2e-scheduler')
        self.assertEqual(missing.returncode, 3, missing.stderr)
        self.assertEqual([line for line in missing.stderr.splitlines() if line.startswith('ERROR')],
                         [line for line in missing.stderr.splitlines() if 'ResourceNotFound' in line])

    def test_walkthrough_survives_throttling_and_outages(self):
        standin = StandInRun(EMULATOR_FAULT_RATE='0.3', EMULATOR_FAULT_SEED='7')
        self.addCleanup(standin.stop)
        demo = standin.run('scripts/demo')
        self.assertEqual(demo.returncode, 0, demo.stdout[-3000:] + demo.stderr[-3000:])
        self.assertIn('Demo succeeded', demo.stdout)

        log = standin.requests()
        faults = [r for r in log if r['status'] in (429, 503)]
        self.assertGreater(len(faults), 3)
        sched = '/resourcegroups/e2e-rg' + SCHEDULERS + '/e2e-scheduler'
        # Faults answer before anything happens, and az retries: each resource is created exactly once...
        self.assertEqual(len(_calls(log, 'PUT', sched, {200, 201})), 1)
        self.assertEqual(len(_calls(log, 'PUT', sched + '/taskhubs/e2e-taskhub', {200, 201})), 1)
        # ...and nothing is left behind.
        left = standin.az('durabletask', 'scheduler', 'list', '-g', 'e2e-rg', '--query', 'length(@)')
        self.assertEqual((left.returncode, left.stdout.strip()), (0, '0'), left.stderr)

    def test_delete_prompts_for_confirmation_as_the_seed_runs_it(self):
        standin = StandInRun()
        self.addCleanup(standin.stop)
        for args in (('group', 'create', '-n', 'e2e-rg', '-l', 'westus2'),
                     ('durabletask', 'scheduler', 'create', '-g', 'e2e-rg', '-n', 'e2e-scheduler',
                      '--sku-name', 'Consumption', '--ip-allowlist', '10.0.0.0/8'),
                     ('durabletask', 'taskhub', 'create', '-g', 'e2e-rg', '-s', 'e2e-scheduler', '-n', 'e2e-taskhub')):
            result = standin.az(*args)
            self.assertEqual(result.returncode, 0, result.stderr)

        # The seed's line has no --yes: on a terminal, az asks, and 'y' deletes.
        master, slave = os.openpty()
        try:
            os.write(master, b'y\n')
            result = standin.az('durabletask', 'taskhub', 'delete', '--resource-group', 'e2e-rg',
                                '--scheduler-name', 'e2e-scheduler', '--name', 'e2e-taskhub', stdin=slave)
        finally:
            os.close(slave)
            os.close(master)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(_calls(standin.requests(), 'DELETE', '/taskhubs/e2e-taskhub', {200, 202, 204})), 1)

        # Without a terminal and without --yes, nothing is sent.
        before = len(standin.requests())
        result = standin.az('durabletask', 'scheduler', 'delete', '-g', 'e2e-rg', '-n', 'e2e-scheduler',
                            stdin=subprocess.DEVNULL)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn('--yes', result.stderr)
        self.assertEqual(len(_calls(standin.requests()[before:], 'DELETE', '/schedulers/e2e-scheduler')), 0)


class ProviderRegistrationTest(unittest.TestCase):

    def test_create_registers_the_provider_in_a_new_subscription(self):
        standin = StandInRun(EMULATOR_UNREGISTERED='1')
        self.addCleanup(standin.stop)
        self.assertEqual(standin.az('group', 'create', '-n', 'e2e-rg', '-l', 'westus2').returncode, 0)
        # -l given: the create is the subscription's first Microsoft.DurableTask call.
        result = standin.az('durabletask', 'scheduler', 'create', '-g', 'e2e-rg', '-n', 'e2e-scheduler', '-l',
                            'westus2', '--sku-name', 'Consumption', '--ip-allowlist', '10.0.0.0/8',
                            '--query', 'properties.provisioningState', '-o', 'tsv')
        self.assertEqual((result.returncode, result.stdout.strip()), (0, 'Succeeded'), result.stderr)
        # create reads the scheduler first (a re-run keeps its settings): that GET meets the unregistered provider,
        # and azure-mgmt-core's ARM pipeline registers it (run_lro does when an LRO is the first call).
        self.assertIn('registering', result.stderr.lower())

        log = standin.requests()
        puts = [r['status'] for r in _calls(log, 'PUT', SCHEDULERS + '/e2e-scheduler')]
        self.assertEqual(puts[-1], 201)
        self.assertTrue(all(status == 409 for status in puts[:-1]), puts)
        self.assertEqual(len(_calls(log, 'POST', '/providers/microsoft.durabletask/register', {200})), 1)
