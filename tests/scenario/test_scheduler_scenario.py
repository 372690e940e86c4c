# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask scheduler and taskhub, recorded against the stand-in (see base.py)."""

from azure.cli.core.azclierror import AzureResponseError, ResourceNotFoundError

from .base import DurableTaskScenarioTest


class SchedulerScenarioTest(DurableTaskScenarioTest):

    def _names(self):
        self.kwargs.update({
            'rg': self.create_random_name('dts-rg-', 20),
            'scheduler': self.create_random_name('dts-sched-', 24),
            'hub': self.create_random_name('hub-', 16),
            'location': 'westus2',
        })
        self.cmd('group create -n {rg} -l {location}')

    def test_scheduler_create_show_list_update_delete(self):
        self._names()
        # The seed document's command line, as written (names substituted).
        created = self.cmd(
            'durabletask scheduler create --name "{scheduler}" --resource-group "{rg}" --location "{location}" '
            '--ip-allowlist "[0.0.0.0/0]" --sku-name "dedicated" --sku-capacity "1" '
            '--tags "{{department:research,development:true}}"', checks=[
                self.check('name', '{scheduler}'),
                self.check('location', '{location}'),
                self.check('properties.provisioningState', 'Succeeded'),
                self.check('properties.sku.name', 'Dedicated'),
                self.check('properties.sku.capacity', 1),
                self.check('properties.sku.redundancyState', 'None'),
                self.check('properties.ipAllowlist', ['0.0.0.0/0']),
                self.check('tags', {'department': 'research', 'development': 'true'}),
                self.check('resourceGroup', '{rg}'),
                # Azure's label: the first 15 characters of the name (dts-sched-xxxxx: playback renames only the
                # whole name), '-', lower-case alphanumerics to 24 characters
                self.check_pattern('properties.endpoint',
                                   r'^https://dts-sched-[0-9a-z]{{5}}-[0-9a-z]{{8}}\.westus2\.durabletask\.io$'),
            ]).get_output_in_json()
        self.assertEqual(len(created['properties']['endpoint'].split('//')[1].split('.')[0]), 24)
        [put] = self.sent_bodies('PUT', '/schedulers/' + self.kwargs['scheduler'])
        self.assertEqual(put, {
            'location': 'westus2',
            'tags': {'department': 'research', 'development': 'true'},
            'properties': {'ipAllowlist': ['0.0.0.0/0'], 'sku': {'name': 'Dedicated', 'capacity': 1}},
        })

        self.cmd('durabletask scheduler show -g {rg} -n {scheduler}', checks=[
            self.check('name', '{scheduler}'),
            self.check('type', 'microsoft.durabletask/schedulers'),  # lower case, as Azure answers
        ])
        self.cmd('durabletask scheduler list -g {rg}', checks=[
            self.check('length(@)', 1),
            self.check('[0].name', '{scheduler}'),
        ])
        self.cmd('durabletask scheduler list', checks=[
            self.check("length([?name=='{scheduler}'])", 1),
        ])

        self.cmd('durabletask scheduler update -g {rg} -n {scheduler} --ip-allowlist 10.0.0.0/8 2001:db8::/32 '
                 '--tags env=test', checks=[
                     self.check('properties.ipAllowlist', ['10.0.0.0/8', '2001:db8::/32']),
                     self.check('tags', {'env': 'test'}),
                     self.check('properties.sku.capacity', 1),
                 ])
        self.cmd('durabletask scheduler update -g {rg} -n {scheduler} --sku-capacity 3', checks=[
            self.check('properties.sku.capacity', 3),
            self.check('properties.ipAllowlist', ['10.0.0.0/8', '2001:db8::/32']),
        ])
        patches = self.sent_bodies('PATCH', '/schedulers/' + self.kwargs['scheduler'])
        self.assertEqual(patches, [
            {'tags': {'env': 'test'}, 'properties': {'ipAllowlist': ['10.0.0.0/8', '2001:db8::/32']}},
            {'properties': {'sku': {'capacity': 3}}},
        ])

        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask scheduler show -g {rg} -n {scheduler}')
        self.cmd('durabletask scheduler list -g {rg}', checks=[self.check('length(@)', 0)])

    def test_scheduler_consumption_and_no_wait(self):
        self._names()
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Consumption --no-wait')
        self.cmd('durabletask scheduler wait -g {rg} -n {scheduler} --created --interval 1')
        self.cmd('durabletask scheduler show -g {rg} -n {scheduler}', checks=[
            self.check('properties.sku.name', 'Consumption'),
            self.check('properties.provisioningState', 'Succeeded'),
            self.check('properties.ipAllowlist', ['0.0.0.0/0']),
        ])
        [put] = self.sent_bodies('PUT', '/schedulers/' + self.kwargs['scheduler'])
        self.assertEqual(put['properties'], {'ipAllowlist': ['0.0.0.0/0'], 'sku': {'name': 'Consumption'}})
        self.assertEqual(put['location'], 'westus2')  # from the resource group

        self.cmd('durabletask scheduler update -g {rg} -n {scheduler} --public-network-access Disabled', checks=[
            self.check('properties.publicNetworkAccess', 'Disabled'),
        ])
        self.cmd('durabletask scheduler delete --resource-group {rg} --scheduler-name {scheduler} --yes --no-wait')
        self.cmd('durabletask scheduler wait -g {rg} -n {scheduler} --deleted --interval 1')

    def test_taskhub_lifecycle_and_delete_blocked(self):
        self._names()
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Dedicated '
                 '--ip-allowlist 0.0.0.0/0')
        self.cmd('durabletask taskhub create --resource-group {rg} --scheduler-name {scheduler} --name {hub}', checks=[
            self.check('name', '{hub}'),
            self.check('properties.provisioningState', 'Succeeded'),
            self.check('type', None),  # Azure's task hub GET (the poller's final read) has no type
            self.check_pattern('properties.dashboardUrl',
                               r'^https://dashboard\.durabletask\.io/subscriptions/[0-9a-f-]+/schedulers/{scheduler}/'
                               r'taskhubs/{hub}\?endpoint=https%3a%2f%2f[^&]+&tenantId=[0-9a-f-]+$'),
        ])
        self.assertEqual(self.sent_bodies('PUT', '/taskHubs/' + self.kwargs['hub']), [{'properties': {}}])
        hub = self.cmd('durabletask taskhub show -g {rg} -s {scheduler} -n {hub}').get_output_in_json()
        self.kwargs['hub_id'] = hub['id']
        self.cmd('durabletask taskhub show --ids {hub_id}', checks=[self.check('name', '{hub}')])
        self.cmd('durabletask taskhub list --resource-group {rg} --scheduler-name {scheduler}', checks=[
            self.check('length(@)', 1),
            self.check('[0].name', '{hub}'),
        ])

        with self.assertRaisesRegex(AzureResponseError, "still has 1 task hub.*{}".format(self.kwargs['hub'])):
            self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')

        self.cmd('durabletask taskhub delete --resource-group {rg} --scheduler-name {scheduler} --name {hub} --yes')
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask taskhub show -g {rg} -s {scheduler} -n {hub}')
        self.cmd('durabletask taskhub create -g {rg} -s {scheduler} -n {hub} --no-wait')
        self.cmd('durabletask taskhub wait -g {rg} -s {scheduler} -n {hub} --created --interval 1')
        self.cmd('durabletask taskhub delete --ids {hub_id} --yes --no-wait')
        self.cmd('durabletask taskhub wait --ids {hub_id} --deleted --interval 1')
        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')
