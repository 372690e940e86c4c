# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""A caller without Microsoft.Authorization/roleAssignments/write, live against a stand-in this test starts.

Recorded scenarios replay as one fixed login, so logging in as a second principal (the stand-in's seeded
`durabletask-ci-reader`, which has Reader only) is done here, with az in subprocesses.
"""

import os
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from armstandin import constants as c  # noqa: E402  pylint: disable=wrong-import-position
from armstandin.testing import running_standin  # noqa: E402  pylint: disable=wrong-import-position


class ForbiddenCallerTest(unittest.TestCase):

    def test_caller_who_may_not_write_role_assignments(self):
        with tempfile.TemporaryDirectory(prefix='dts-forbidden-') as tmp, \
                running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=0) as standin:
            config = os.path.join(tmp, 'az')
            standin.az_login(config, identity='sp')  # the CI login app: may write role assignments
            az = standin.az_cli(config, os.path.join(ROOT, '.local', 'extensions'))
            az.json('group', 'create', '-n', 'rg1', '-l', 'westus2', '-o', 'none')
            az.json('durabletask', 'scheduler', 'create', '-g', 'rg1', '-n', 'sched1', '-l', 'westus2',
                    '--sku-name', 'Consumption', '-o', 'none', '--only-show-errors')
            az.json('durabletask', 'taskhub', 'create', '-g', 'rg1', '-s', 'sched1', '-n', 'hub1', '-o', 'none',
                    '--only-show-errors')

            az.json('login', '--service-principal', '-u', c.READER_APP_ID, '-p', c.READER_APP_SECRET,
                    '--tenant', c.TENANT_ID, '-o', 'none')
            standin.clear_requests()
            denied = az.run('durabletask', 'role-assignment', 'create', '-g', 'rg1', '-s', 'sched1', '-t', 'hub1',
                            '--role', 'worker', '--assignee-object-id', c.WORKER_APP_OBJECT_ID,
                            '--assignee-principal-type', 'ServicePrincipal', '--only-show-errors')
            self.assertEqual(denied.returncode, 1, denied.stderr)
            self.assertNotIn('Traceback', denied.stderr)
            first_line = denied.stderr.splitlines()[0]
            self.assertTrue(first_line.startswith('ERROR: You may not create role assignments at /subscriptions/'),
                            denied.stderr)
            self.assertIn('Microsoft.Authorization/roleAssignments/write', first_line)
            self.assertIn('Owner, User Access Administrator', first_line)
            self.assertIn('az durabletask role-assignment create -g rg1 -s sched1 --task-hub-name hub1 --role worker '
                          '--assignee-object-id {} --assignee-principal-type ServicePrincipal'.format(
                              c.WORKER_APP_OBJECT_ID), denied.stderr)
            puts = [r for r in standin.requests() if r['method'] == 'PUT' and '/roleassignments/' in r['path'].lower()]
            self.assertEqual([r['status'] for r in puts], [403])

            # Reading is allowed: the reader still sees (no) assignments, in one call.
            listed = az.json('durabletask', 'role-assignment', 'list', '-g', 'rg1', '-s', 'sched1', '-o', 'tsv',
                             '--only-show-errors')
            self.assertIsNone(listed)


if __name__ == '__main__':
    unittest.main()
