# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""A new user's path, one command per step, live against a stand-in with its data plane on: create a scheduler
and a hub, print a connection string that the hub refuses until access is granted, grant yourself and a managed
identity, and attach a Function App. The connection string is proven by `orchestration list` using it."""

import json
import os
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from armstandin import constants as c  # noqa: E402  pylint: disable=wrong-import-position
from armstandin.testing import running_standin  # noqa: E402  pylint: disable=wrong-import-position


class NewUserWalkthroughTest(unittest.TestCase):

    def test_scheduler_hub_access_connection_string_attach(self):
        with tempfile.TemporaryDirectory(prefix='dts-access-') as tmp, \
                running_standin(tmp, EMULATOR_PROVISIONING_SECONDS=0, EMULATOR_DATA_PLANE=1,
                                EMULATOR_PRINCIPAL_REPLICATION_SECONDS=1) as standin:
            config = os.path.join(tmp, 'az')
            standin.az_login(config)  # the seeded user dev@contoso.example
            az = standin.az_cli(config, os.path.join(ROOT, '.local', 'extensions'))
            group = '/subscriptions/{}/resourceGroups/demo'.format(c.SUBSCRIPTION_ID)

            az.json('group', 'create', '-n', 'demo', '-l', 'westus2', '-o', 'none')
            az.json('durabletask', 'scheduler', 'create', '-g', 'demo', '-n', 'orders', '-l', 'westus2',
                    '--sku-name', 'Consumption', '-o', 'none')
            az.json('durabletask', 'taskhub', 'create', '-g', 'demo', '-s', 'orders', '-n', 'main', '-o', 'none')
            connection = az.json('durabletask', 'taskhub', 'show-connection-string', '-g', 'demo', '-s', 'orders',
                                 '-n', 'main', '--auth', 'AzureCLI', '--query', 'connectionString', '-o', 'tsv')
            self.assertRegex(connection, r'^Endpoint=https://[^;]+;TaskHub=main;Authentication=AzureCLI$')

            denied = az.run('durabletask', 'orchestration', 'list', '--connection-string', connection)
            self.assertNotEqual(denied.returncode, 0)
            self.assertIn('Durable Task Data Reader', denied.stderr)

            mine = az.json('durabletask', 'role-assignment', 'create', '-g', 'demo', '-s', 'orders', '-t', 'main',
                           '--role', 'reader')
            self.assertEqual(mine['principalId'], c.USER_OBJECT_ID)
            self.assertEqual(az.json('durabletask', 'orchestration', 'list', '--connection-string', connection,
                                     '-o', 'json'), [])

            identity = az.json('identity', 'create', '-g', 'demo', '-n', 'orders-id', '-l', 'westus2')
            granted = az.json('durabletask', 'role-assignment', 'create', '-g', 'demo', '-s', 'orders', '-t',
                              'main', '--role', 'worker', '--assignee', identity['id'])
            self.assertEqual(granted['principalId'], identity['principalId'])

            site = group + '/providers/Microsoft.Web/sites/orders-func'
            az.json('rest', '--method', 'put', '--url', site + '?api-version=2024-11-01', '--body', json.dumps(
                {'location': 'westus2', 'kind': 'functionapp', 'identity': {'type': 'SystemAssigned'}}), '-o', 'none')
            attached = az.json('durabletask', 'scheduler', 'attach', '-g', 'demo', '-n', 'orders', '--task-hub-name',
                               'main', '--role-type', 'contributor', '--target', site)
            self.assertEqual(attached['changed'], ['roleAssignment', 'settings'])
            self.assertEqual(attached['settings']['TASKHUB_NAME'], 'main')

            table = az.json('durabletask', 'role-assignment', 'list', '-g', 'demo', '-s', 'orders', '-o', 'table')
            for expected in ('dev@contoso.example', 'orders-id', 'orders-func', 'Durable Task Data Reader',
                             'Durable Task Worker', 'Durable Task Data Contributor', 'taskHubs/main'):
                self.assertIn(expected, table)


if __name__ == '__main__':
    unittest.main()
