# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Clear outcomes under faults and interruptions (issue 11), live against a stand-in this test starts and stops:
a connection to ARM that drops mid-operation, a create retried while the first is still provisioning, and deletes
and purges run without a terminal."""

import os
import subprocess
import sys
import tempfile
import time
import unittest

from armstandin.testing import running_standin

GROUP, SCHEDULER, HUB = 'faults-rg', 'faults-sched', 'faults-hub'


def _errors(stderr):
    return [line for line in stderr.splitlines() if line.startswith('ERROR:')]


class FaultsTest(unittest.TestCase):

    def test_a_dropped_connection_names_the_endpoint_and_says_the_operation_may_continue(self):
        with tempfile.TemporaryDirectory(prefix='dts-faults-') as tmp, \
                running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=30) as standin:
            config_dir = os.path.join(tmp, 'azure')
            standin.az_login(config_dir)
            az = standin.az_cli(config_dir, os.environ['AZURE_EXTENSION_DIR'])
            az.json('group', 'create', '-n', GROUP, '-l', 'westus2', '-o', 'none')
            create = subprocess.Popen(  # pylint: disable=consider-using-with
                [sys.executable, '-m', 'azure.cli', 'durabletask', 'scheduler', 'create', '-g', GROUP, '-n',
                 SCHEDULER, '--sku-name', 'Dedicated', '--ip-allowlist', '10.0.0.0/8', '-o', 'none'], env=az.env,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            deadline = time.monotonic() + 120
            while not any(r['method'] == 'PUT' and r['path'].lower().endswith('/schedulers/' + SCHEDULER)
                          and r['status'] == 201 for r in standin.requests()):
                self.assertLess(time.monotonic(), deadline, 'the create never reached the stand-in')
                time.sleep(0.1)
            standin.process.terminate()  # ARM goes away while the create is being followed
            standin.process.wait(timeout=30)
            _, stderr = create.communicate(timeout=120)
        self.assertNotEqual(create.returncode, 0)
        self.assertNotIn('Traceback', stderr)
        errors = _errors(stderr)
        self.assertEqual(len(errors), 1, stderr)
        self.assertIn('The connection to {}'.format(standin.url.rstrip('/')), errors[0])
        self.assertIn('may continue on the server', errors[0])
        self.assertIn('az durabletask scheduler wait --created', stderr)

    def test_a_create_retried_while_provisioning_says_wait_created(self):
        with tempfile.TemporaryDirectory(prefix='dts-faults-') as tmp, \
                running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=60) as standin:
            config_dir = os.path.join(tmp, 'azure')
            standin.az_login(config_dir)
            az = standin.az_cli(config_dir, os.environ['AZURE_EXTENSION_DIR'])
            az.json('group', 'create', '-n', GROUP, '-l', 'westus2', '-o', 'none')
            create = ('durabletask', 'scheduler', 'create', '-g', GROUP, '-n', SCHEDULER, '--sku-name', 'Dedicated',
                      '--ip-allowlist', '10.0.0.0/8', '--only-show-errors')
            az.json(*create, '--no-wait')
            before = len(standin.requests())
            retry = az.run(*create)
            writes = [r for r in standin.requests()[before:] if r['method'] in ('PUT', 'PATCH')]
        self.assertNotEqual(retry.returncode, 0)
        self.assertEqual(len(_errors(retry.stderr)), 1, retry.stderr)
        self.assertIn('still being provisioned', retry.stderr)
        self.assertIn('az durabletask scheduler wait -g {} -n {} --created'.format(GROUP, SCHEDULER), retry.stderr)
        self.assertEqual(writes, [])

    def test_deletes_and_purges_without_a_terminal_ask_for_yes(self):
        commands = (
            ('durabletask', 'scheduler', 'delete', '-g', GROUP, '-n', SCHEDULER),
            ('durabletask', 'taskhub', 'delete', '-g', GROUP, '-s', SCHEDULER, '-n', HUB),
            ('durabletask', 'retention-policy', 'delete', '-g', GROUP, '-s', SCHEDULER),
            ('durabletask', 'scheduler', 'private-endpoint-connection', 'delete', '-g', GROUP, '-s', SCHEDULER, '-n',
             'pec1'),
            ('durabletask', 'role-assignment', 'delete', '-g', GROUP, '-s', SCHEDULER, '--role', 'reader'),
            ('durabletask', 'orchestration', 'purge', '-g', GROUP, '-s', SCHEDULER, '--task-hub', HUB, '--status',
             'Completed'),
        )
        with tempfile.TemporaryDirectory(prefix='dts-faults-') as tmp, \
                running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=0) as standin:
            config_dir = os.path.join(tmp, 'azure')
            standin.az_login(config_dir)
            env = standin.az_cli(config_dir, os.environ['AZURE_EXTENSION_DIR']).env
            before = len(standin.requests())
            results = []
            for command in commands:
                for stdin in ('closed', 'devnull'):
                    run = subprocess.run(  # stdin closed: the child's fd 0 is closed before az starts
                        [sys.executable, '-m', 'azure.cli', *command], env=env, capture_output=True, text=True,
                        timeout=120, check=False,
                        stdin=subprocess.DEVNULL if stdin == 'devnull' else None,
                        preexec_fn=(lambda: os.close(0)) if stdin == 'closed' else None)
                    results.append((command, stdin, run))
            sent = standin.requests()[before:]
        for command, stdin, run in results:
            detail = '{} (stdin {})\n{}'.format(' '.join(command), stdin, run.stderr)
            self.assertNotEqual(run.returncode, 0, detail)
            self.assertNotIn('Traceback', run.stderr, detail)
            errors = _errors(run.stderr)
            self.assertEqual(len(errors), 1, detail)
            self.assertIn('--yes', errors[0], detail)
        self.assertEqual(sent, [])  # refused before any request
