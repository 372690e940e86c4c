# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""`scheduler attach` with a lower role than the app holds ends with exactly the role asked for at that scope
(issue 11), live against a stand-in this test starts and stops."""

import json
import os
import tempfile
import unittest

from armstandin import constants as c
from armstandin.testing import running_standin


class AttachLowerRoleTest(unittest.TestCase):

    def test_attach_with_a_lower_role_removes_the_higher_one_and_shows_what_the_app_holds(self):
        with tempfile.TemporaryDirectory(prefix='dts-attach-') as tmp, \
                running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=0,
                                EMULATOR_PRINCIPAL_REPLICATION_SECONDS=0) as standin:
            config = os.path.join(tmp, 'az')
            standin.az_login(config)
            az = standin.az_cli(config, os.environ['AZURE_EXTENSION_DIR'])
            site = '/subscriptions/{}/resourceGroups/demo/providers/Microsoft.Web/sites/orders-func'.format(
                c.SUBSCRIPTION_ID)
            az.json('group', 'create', '-n', 'demo', '-l', 'westus2', '-o', 'none')
            az.json('durabletask', 'scheduler', 'create', '-g', 'demo', '-n', 'orders', '--sku-name', 'Consumption',
                    '-o', 'none', '--only-show-errors')
            az.json('durabletask', 'taskhub', 'create', '-g', 'demo', '-s', 'orders', '-n', 'main', '-o', 'none')
            az.json('rest', '--method', 'put', '--url', site + '?api-version=2024-11-01', '--body', json.dumps(
                {'location': 'westus2', 'kind': 'functionapp', 'identity': {'type': 'SystemAssigned'}}), '-o', 'none')
            attach = ('durabletask', 'scheduler', 'attach', '-g', 'demo', '-n', 'orders', '--task-hub-name', 'main',
                      '--target', site, '--role-type')
            first = az.json(*attach, 'contributor')
            lower = az.run(*attach, 'reader')
            second = json.loads(lower.stdout)
            principal = first['identity']['principalId']
            roles = az.json('durabletask', 'role-assignment', 'list', '-g', 'demo', '-s', 'orders', '-t', 'main',
                            '--assignee-object-id', principal)

        self.assertEqual(lower.returncode, 0, lower.stderr)
        self.assertEqual([h['role'] for h in first['roles']], ['Durable Task Data Contributor'])
        self.assertEqual(second['removedRoles'], ['Durable Task Data Contributor'])
        self.assertEqual([h['role'] for h in second['roles']], ['Durable Task Data Reader'])
        self.assertIn('Removed Durable Task Data Contributor', lower.stderr)
        self.assertEqual([r['roleDefinitionName'] for r in roles], ['Durable Task Data Reader'])
