# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The 2026-07-01-preview groups (failover-instance, detector, task-queue) and the public extension's parity items
(--max-items/--next-token, generic update, --no-wait with a value), recorded against the stand-in (see base.py).

test_list_paging is recorded with pages of 2: EMULATOR_PAGE_SIZE=2 scripts/record tests/scenario/
test_preview_scenario.py -k paging (the others with the default page size)."""

from unittest import mock

from azure.cli.core.azclierror import (InvalidArgumentValueError, ResourceNotFoundError,
                                       UnclassifiedUserFault)

from .base import DurableTaskScenarioTest

PREVIEW = 'api-version=2026-07-01-preview'


class PreviewScenarioTest(DurableTaskScenarioTest):

    def _names(self):
        self.kwargs.update({
            'rg': self.create_random_name('dts-rg-', 20),
            'scheduler': self.create_random_name('dts-sched-', 24),
            'partner': self.create_random_name('dts-part-', 24),
            'hub': self.create_random_name('hub-', 16),
            'queue': self.create_random_name('queue-', 16),
        })
        self.cmd('group create -n {rg} -l westus2')

    def _preview_urls(self, fragment):
        return [url for _, url, _ in self.sent if fragment.lower() in url.lower()]

    def test_failover_instance_lifecycle(self):
        self._names()
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Dedicated --ip-allowlist 0.0.0.0/0')
        partner = self.cmd('durabletask scheduler create -g {rg} -n {partner} -l eastus --sku-name Dedicated '
                           '--ip-allowlist 0.0.0.0/0').get_output_in_json()
        self.kwargs['partner_id'] = partner['id']

        # By name: the partner is in the same resource group; the body carries its full id and nothing else.
        self.cmd('durabletask scheduler failover-instance create -g {rg} -s {scheduler} --partner-scheduler-id '
                 '{partner}', checks=[
                     self.check('name', 'default'),
                     self.check('properties.provisioningState', 'Succeeded'),
                     self.check('properties.replicationRole', 'Primary'),
                     self.check('properties.failoverState', 'None'),
                     self.check('properties.partnerSchedulerResourceId', '{partner_id}'),
                     self.check('properties.partnerSchedulerLocation', 'eastus'),
                 ])
        self.assertEqual(self.sent_bodies('PUT', '/failoverInstances/default'),
                         [{'properties': {'partnerSchedulerResourceId': partner['id']}}])
        instance = self.cmd('durabletask scheduler failover-instance show -g {rg} -s {scheduler}').get_output_in_json()
        self.kwargs['instance_id'] = instance['id']
        self.cmd('durabletask scheduler failover-instance show --ids {instance_id}', checks=[
            self.check('properties.replicationRole', 'Primary')])
        self.cmd('durabletask scheduler failover-instance list -g {rg} -s {scheduler}', checks=[
            self.check('length(@)', 1), self.check('[0].name', 'default')])
        table = self.cmd('durabletask scheduler failover-instance show -g {rg} -s {scheduler} -o table').output
        self.assertRegex(table, r'Primary\s+None\s+{}\s+eastus'.format(self.kwargs['partner']))

        self.cmd('durabletask scheduler failover-instance failover -g {rg} -s {scheduler}', checks=[
            self.check('properties.replicationRole', 'Secondary'),
            self.check('properties.failoverState', 'Succeeded'),
        ])
        self.assertEqual(self.sent_bodies('POST', '/failoverInstances/default/failover'), [None])

        # Without --yes and without a terminal, force-failover refuses before sending the POST.
        with self.assertRaisesRegex(UnclassifiedUserFault, 'asks twice.*--yes'):
            self.cmd('durabletask scheduler failover-instance force-failover -g {rg} -s {scheduler}')
        self.assertEqual(self.sent_bodies('POST', '/forceFailoverAllowDataLoss'), [])
        self.cmd('durabletask scheduler failover-instance force-failover -g {rg} -s {scheduler} --yes --no-wait true')
        self.cmd('durabletask scheduler failover-instance wait -g {rg} -s {scheduler} --updated --interval 1')
        self.cmd('durabletask scheduler failover-instance show -g {rg} -s {scheduler}', checks=[
            self.check('properties.replicationRole', 'Primary')])
        self.assertEqual(self.sent_bodies('POST', '/forceFailoverAllowDataLoss'), [None])

        self.cmd('durabletask scheduler failover-instance delete -g {rg} -s {scheduler} --yes')
        self.assertEqual(self.sent_bodies('DELETE', '/failoverInstances/default'), [None])
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask scheduler failover-instance show -g {rg} -s {scheduler}')
        urls = self._preview_urls('/failoverInstances')
        self.assertTrue(urls and all(PREVIEW in url for url in urls), urls)

    def test_failover_instance_bad_partner(self):
        self._names()
        with self.assertRaisesRegex(InvalidArgumentValueError, '--partner-scheduler-id.*itself'):
            self.cmd('durabletask scheduler failover-instance create -g {rg} -s {scheduler} --partner {scheduler}')
        with self.assertRaisesRegex(InvalidArgumentValueError, '--partner-scheduler-id .* is not a scheduler'):
            self.cmd('durabletask scheduler failover-instance create -g {rg} -s {scheduler} --partner-scheduler-id '
                     '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/{rg}/providers/'
                     'Microsoft.Web/sites/app')
        self.assertEqual(self._preview_urls('/failoverInstances'), [])

    def test_detector_list_and_show(self):
        self._names()
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Dedicated --ip-allowlist 0.0.0.0/0')
        self.cmd('durabletask scheduler detector list -g {rg} -s {scheduler}', checks=[
            self.check('length(@)', 3),
            self.check("[?name=='networkAccess'].properties.status.statusId | [0]", 1),
            self.check("[?name=='failoverReadiness'].properties.metadata.category | [0]", 'Availability'),
        ])
        table = self.cmd('durabletask scheduler detector list -g {rg} -s {scheduler} -o table').output
        self.assertRegex(table, r'networkAccess\s+Network access\s+Connectivity\s+Warning\s+The IP allow list admits')
        self.cmd('durabletask scheduler detector show -g {rg} -s {scheduler} -n networkAccess', checks=[
            self.check('properties.dataset[0].table.columns[0].columnName', 'Status'),
            self.check('properties.dataset[0].table.rows[0][0]', 'Warning'),
        ])
        findings = self.cmd('durabletask scheduler detector show -g {rg} -s {scheduler} -n networkAccess '
                            '-o table').output.splitlines()
        self.assertEqual(findings[0].split(), ['Dataset', 'Status', 'Finding', 'Recommendation'])
        self.assertRegex(findings[2], r'^Findings\s+Warning\s+The IP allow list admits any address \(0\.0\.0\.0/0\)'
                                      r'\.\s+Restrict it: az durabletask scheduler update')

        self.cmd('durabletask scheduler update -g {rg} -n {scheduler} --ip-allowlist 10.0.0.0/8')
        self.cmd('durabletask scheduler detector show -g {rg} -s {scheduler} -n networkAccess', checks=[
            self.check('properties.status.statusId', 3)])
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask scheduler detector show -g {rg} -s {scheduler} -n no-such-detector')
        urls = self._preview_urls('/detectors')
        self.assertTrue(urls and all(PREVIEW in url for url in urls), urls)

    def test_task_queue_lifecycle(self):
        self._names()
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Dedicated --ip-allowlist 0.0.0.0/0')
        self.cmd('durabletask taskhub create -g {rg} -s {scheduler} -n {hub}')
        self.cmd('durabletask taskhub task-queue create -g {rg} -s {scheduler} --task-hub {hub} -n {queue} '
                 '--actions-per-second 100', checks=[
                     self.check('name', '{queue}'),
                     self.check('properties.throughput.actionsPerSecond', 100),
                     self.check('properties.provisioningState', 'Succeeded'),
                 ])
        self.assertEqual(self.sent_bodies('PUT', '/taskQueues/' + self.kwargs['queue']),
                         [{'properties': {'throughput': {'actionsPerSecond': 100}}}])
        queue = self.cmd('durabletask taskhub task-queue show -g {rg} -s {scheduler} -t {hub} -n {queue}'
                         ).get_output_in_json()
        self.kwargs['queue_id'] = queue['id']
        self.cmd('durabletask taskhub task-queue update --ids {queue_id} --throughput 5 --no-wait false', checks=[
            self.check('properties.throughput.actionsPerSecond', 5)])
        self.assertEqual(self.sent_bodies('PATCH', '/taskQueues/' + self.kwargs['queue']),
                         [{'properties': {'throughput': {'actionsPerSecond': 5}}}])
        table = self.cmd('durabletask taskhub task-queue list -g {rg} -s {scheduler} --task-hub {hub} -o table').output
        self.assertRegex(table, r'{queue}\s+{rg}\s+{hub}\s+5\s+Succeeded'.format(**self.kwargs))
        with self.assertRaisesRegex(InvalidArgumentValueError, '--actions-per-second'):
            self.cmd('durabletask taskhub task-queue update --ids {queue_id} --actions-per-second 0')

        self.cmd('durabletask taskhub task-queue delete -g {rg} -s {scheduler} -t {hub} -n {queue} --yes')
        self.assertEqual(self.sent_bodies('DELETE', '/taskQueues/' + self.kwargs['queue']), [None])
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask taskhub task-queue show -g {rg} -s {scheduler} -t {hub} -n {queue}')
        self.cmd('durabletask taskhub task-queue create -g {rg} -s {scheduler} -t {hub} -n {queue} --throughput 1 '
                 '--no-wait')
        self.cmd('durabletask taskhub task-queue wait -g {rg} -s {scheduler} -t {hub} -n {queue} --created '
                 '--interval 1')
        self.cmd('durabletask taskhub task-queue list -g {rg} -s {scheduler} -t {hub}', checks=[
            self.check('length(@)', 1), self.check('[0].properties.throughput.actionsPerSecond', 1)])
        urls = self._preview_urls('/taskQueues')
        self.assertTrue(urls and all(PREVIEW in url for url in urls), urls)

    def test_scheduler_generic_update_and_no_wait_value(self):
        self._names()
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Dedicated --ip-allowlist 0.0.0.0/0 '
                 '--no-wait false', checks=[self.check('properties.provisioningState', 'Succeeded')])
        self.cmd('durabletask scheduler update -g {rg} -n {scheduler} --add properties.ipAllowlist 10.1.0.0/16 '
                 '--set tags.env=prod', checks=[
                     self.check('properties.ipAllowlist', ['0.0.0.0/0', '10.1.0.0/16']),
                     self.check('tags', {'env': 'prod'}),
                 ])
        self.cmd('durabletask scheduler update -g {rg} -n {scheduler} --remove properties.ipAllowlist 0 '
                 '--set properties.sku.capacity=2', checks=[
                     self.check('properties.ipAllowlist', ['10.1.0.0/16']),
                     self.check('properties.sku.capacity', 2),
                 ])
        with self.assertRaisesRegex(InvalidArgumentValueError, "--set cannot change 'properties.endpoint'"):
            self.cmd('durabletask scheduler update -g {rg} -n {scheduler} --set properties.endpoint=x')
        # Options and generic update together: the options first, then --set; one minimal PATCH. --force-string
        # keeps 10 a string (tag values must be strings).
        self.cmd('durabletask scheduler update -g {rg} -n {scheduler} --public-network-access Disabled '
                 '--set tags.count=10 --force-string --no-wait true')
        self.cmd('durabletask scheduler wait -g {rg} -n {scheduler} --updated --interval 1')
        self.assertEqual(self.sent_bodies('PATCH', '/schedulers/' + self.kwargs['scheduler']), [
            {'tags': {'env': 'prod'}, 'properties': {'ipAllowlist': ['0.0.0.0/0', '10.1.0.0/16']}},
            {'properties': {'ipAllowlist': ['10.1.0.0/16'], 'sku': {'name': 'Dedicated', 'capacity': 2}}},
            {'tags': {'env': 'prod', 'count': '10'}, 'properties': {'publicNetworkAccess': 'Disabled'}},
        ])
        self.cmd('durabletask scheduler show -g {rg} -n {scheduler}', checks=[
            self.check('properties.publicNetworkAccess', 'Disabled'), self.check('tags.count', '10')])
        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes --no-wait 1')
        self.cmd('durabletask scheduler wait -g {rg} -n {scheduler} --deleted --interval 1')

    def test_list_paging(self):
        """--max-items stops inside a page or at its end, and the printed token resumes exactly there. Recorded with
        pages of 2 (scripts/record sets EMULATOR_PAGE_SIZE=2 for it), so the listing crosses pages."""
        self._names()
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Dedicated --ip-allowlist 0.0.0.0/0')
        hubs = ['hub-{}'.format(i) for i in range(5)]
        for hub in hubs:
            self.cmd('durabletask taskhub create -g {rg} -s {scheduler} -n ' + hub)

        first, token = self._list_with_token('durabletask taskhub list -g {rg} -s {scheduler} --max-items 3')
        self.assertEqual(first, hubs[:3])
        # Pages of 2: the token names the second page, after its first item.
        self.assertEqual((token['next_link'] is None, token['offset']), (False, 1))
        self.kwargs['token'] = token['encoded']
        rest, none = self._list_with_token('durabletask taskhub list -g {rg} -s {scheduler} --max-items 5 '
                                           '--next-token {token}')
        self.assertEqual((rest, none), (hubs[3:], None))

        two, token = self._list_with_token('durabletask taskhub list -g {rg} -s {scheduler} --max-items 2')
        self.assertEqual(two, hubs[:2])
        # Pages of 2: a full page, so the token is the next page's, from its start.
        self.assertEqual((token['next_link'] is None, token['offset']), (False, 0))
        self.kwargs['token'] = token['encoded']
        self.assertEqual(self._list_with_token('durabletask taskhub list -g {rg} -s {scheduler} --next-token '
                                               '{token}')[0], hubs[2:])
        self.assertEqual(self._list_with_token('durabletask taskhub list -g {rg} -s {scheduler}')[0], hubs)
        with self.assertRaisesRegex(InvalidArgumentValueError, '--max-items'):
            self.cmd('durabletask taskhub list -g {rg} -s {scheduler} --max-items 0')

        names, token = self._list_with_token('durabletask scheduler list -g {rg} --max-items 1')
        self.assertEqual((names, token), ([self.kwargs['scheduler']], None))  # only one: no token

    def _list_with_token(self, command):
        """(names listed, {'offset', 'next_link', 'encoded'} of the printed token or None)."""
        from azext_durabletask import _client_factory
        printed = []
        real = _client_factory._print_page_token  # pylint: disable=protected-access

        def capture(cli_ctx, next_link, offset):
            printed.append({'next_link': next_link, 'offset': offset,
                            'encoded': _client_factory.encode_page_token(next_link, offset)})
            return real(cli_ctx, next_link, offset)
        with mock.patch.object(_client_factory, '_print_page_token', capture):
            names = [item['name'] for item in self.cmd(command).get_output_in_json()]
        return names, (printed[0] if printed else None)
