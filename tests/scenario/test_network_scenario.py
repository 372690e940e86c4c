# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Network access of a scheduler: --public-network-access, private endpoint connections (created Pending by
`az network private-endpoint create --manual-request`, then approved, rejected, deleted) and private link
resources. Recorded against the stand-in (see base.py; the Microsoft.Network side is armstandin/routes/network.py).
"""

from azure.cli.core.azclierror import (BadRequestError, InvalidArgumentValueError, RequiredArgumentMissingError,
                                       ResourceNotFoundError)

from .base import DurableTaskScenarioTest

STATE = 'properties.privateLinkServiceConnectionState'


class NetworkAccessScenarioTest(DurableTaskScenarioTest):

    def _scheduler(self, *options):
        self.kwargs.update({
            'rg': self.create_random_name('dts-rg-', 20),
            'scheduler': self.create_random_name('dts-sched-', 24),
            'location': 'westus2',
        })
        self.cmd('group create -n {rg} -l {location}')
        scheduler = self.cmd('durabletask scheduler create -g {rg} -n {scheduler} -l {location} '
                             '--ip-allowlist 0.0.0.0/0 ' + ' '.join(options)).get_output_in_json()
        self.kwargs['scheduler_id'] = scheduler['id']
        return scheduler

    def _endpoint(self, key, *options):
        """A private endpoint to the scheduler, created on the network side as users create one."""
        self.kwargs[key] = self.create_random_name('pe-', 12)
        self.cmd('network private-endpoint create -g {rg} -n {%s} --vnet-name vnet --subnet default '
                 '--private-connection-resource-id {scheduler_id} --group-id scheduler --connection-name {%s} %s'
                 % (key, key, ' '.join(options)))

    def test_public_network_access(self):
        scheduler = self._scheduler('--sku-name Consumption', '--public-network-access Disabled')
        self.assertEqual(scheduler['properties']['publicNetworkAccess'], 'Disabled')
        [put] = self.sent_bodies('PUT', '/schedulers/' + self.kwargs['scheduler'])
        self.assertEqual(put['properties'], {'ipAllowlist': ['0.0.0.0/0'], 'sku': {'name': 'Consumption'},
                                             'publicNetworkAccess': 'Disabled'})

        self.cmd('durabletask scheduler update -g {rg} -n {scheduler} --public-network-access enabled', checks=[
            self.check('properties.publicNetworkAccess', 'Enabled'),
            self.check('properties.ipAllowlist', ['0.0.0.0/0']),
        ])
        self.assertEqual(self.sent_bodies('PATCH', '/schedulers/' + self.kwargs['scheduler']),
                         [{'properties': {'publicNetworkAccess': 'Enabled'}}])
        self.cmd('durabletask scheduler show -g {rg} -n {scheduler}', checks=[
            self.check('properties.publicNetworkAccess', 'Enabled')])
        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')

    def test_private_link_resource(self):
        self._scheduler('--sku-name Dedicated')
        self.cmd('durabletask scheduler private-link-resource list -g {rg} -s {scheduler}', checks=[
            self.check('length(@)', 1),
            self.check('[0].name', 'scheduler'),
            self.check('[0].properties.groupId', 'scheduler'),
            self.check('[0].properties.requiredZoneNames', ['privatelink.durabletask.io']),
        ])
        table = self.cmd('durabletask scheduler private-link-resource show -g {rg} --resource-name {scheduler} '
                         '-n scheduler -o table').output.splitlines()
        self.assertEqual(table[0].split(), ['Name', 'GroupId', 'RequiredMembers', 'RequiredZoneNames'])
        self.assertEqual(table[2].split(), ['scheduler', 'scheduler', 'scheduler', 'privatelink.durabletask.io'])
        self.kwargs['link_id'] = self.kwargs['scheduler_id'] + '/privateLinkResources/scheduler'
        self.cmd('durabletask scheduler private-link-resource show --ids {link_id}', checks=[
            self.check('type', 'microsoft.durabletask/schedulers/privatelinkresources')])
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask scheduler private-link-resource show -g {rg} -s {scheduler} -n account')
        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')

    def test_private_endpoint_connection_lifecycle(self):
        self._scheduler('--sku-name Dedicated', '--public-network-access Disabled')

        # Refused before any request.
        with self.assertRaisesRegex(RequiredArgumentMissingError, r'Give --id, or all of .*\(missing: --name\)'):
            self.cmd('durabletask scheduler private-endpoint-connection show -g {rg} -s {scheduler}')
        with self.assertRaisesRegex(InvalidArgumentValueError, "is not the id of a scheduler's private endpoint"):
            self.cmd('durabletask scheduler private-endpoint-connection approve --id {scheduler_id}')

        self.cmd('durabletask scheduler private-endpoint-connection list -g {rg} -s {scheduler}',
                 checks=[self.check('length(@)', 0)])
        self._endpoint('pe1', '--manual-request', '--request-message "Orders app, please approve"')
        self._endpoint('pe2', '--manual-request')
        connections = self.cmd('durabletask scheduler private-endpoint-connection list -g {rg} -s {scheduler}',
                               checks=[self.check('length(@)', 2),
                                       self.check("[?{}.status=='Pending'] | length(@)".format(STATE), 2),
                                       self.check('[0].properties.groupIds', ['scheduler'])]).get_output_in_json()
        by_endpoint = {c['properties']['privateEndpoint']['id'].rsplit('/', 1)[-1]: c for c in connections}
        self.kwargs.update({'pec1': by_endpoint[self.kwargs['pe1']]['name'],
                            'pec1_id': by_endpoint[self.kwargs['pe1']]['id'],
                            'pec2': by_endpoint[self.kwargs['pe2']]['name'],
                            'pec2_id': by_endpoint[self.kwargs['pe2']]['id']})
        self.assertEqual(by_endpoint[self.kwargs['pe1']]['properties']['privateLinkServiceConnectionState']
                         ['description'], 'Orders app, please approve')

        self.cmd('durabletask scheduler private-endpoint-connection approve -g {rg} -s {scheduler} -n {pec1} '
                 '--description "Approved for orders"', checks=[
                     self.check('name', '{pec1}'),
                     self.check(STATE + '.status', 'Approved'),
                     self.check(STATE + '.description', 'Approved for orders'),
                 ])
        self.cmd('durabletask scheduler private-endpoint-connection reject --id {pec2_id}', checks=[
            self.check(STATE + '.status', 'Rejected')])
        self.assertEqual(self.sent_bodies('PATCH', '/privateEndpointConnections/'), [
            {'properties': {'privateLinkServiceConnectionState': {'status': 'Approved',
                                                                  'description': 'Approved for orders'}}},
            {'properties': {'privateLinkServiceConnectionState': {'status': 'Rejected'}}},
        ])
        with self.assertRaises(BadRequestError) as caught:
            self.cmd('durabletask scheduler private-endpoint-connection approve -g {rg} -s {scheduler} -n {pec2}')
        self.assertIn('PrivateEndpointConnectionRejected', str(caught.exception))
        self.assertIn('it cannot be approved again. Delete it', caught.exception.recommendations[0])

        self.cmd('durabletask scheduler private-endpoint-connection show -g {rg} --resource-name {scheduler} '
                 '-n {pec1}', checks=[self.check(STATE + '.status', 'Approved')])
        self.cmd('durabletask scheduler private-endpoint-connection show --ids {pec2_id}', checks=[
            self.check(STATE + '.status', 'Rejected')])
        table = self.cmd('durabletask scheduler private-endpoint-connection list -g {rg} -s {scheduler} -o table'
                         ).output.splitlines()
        self.assertEqual(table[0].split(), ['Name', 'Status', 'Description', 'PrivateEndpoint', 'ProvisioningState'])
        self.assertEqual(sorted(line.split()[1] for line in table[2:]), ['Approved', 'Rejected'])
        # Both sides agree: the scheduler lists its connections, the endpoint sees the approval.
        self.cmd('durabletask scheduler show -g {rg} -n {scheduler}', checks=[
            self.check('length(properties.privateEndpointConnections)', 2)])
        self.cmd('network private-endpoint show -g {rg} -n {pe1}', checks=[
            self.check('manualPrivateLinkServiceConnections[0].privateLinkServiceConnectionState.status',
                       'Approved')])

        self.cmd('durabletask scheduler private-endpoint-connection delete -g {rg} -s {scheduler} -n {pec2} --yes')
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask scheduler private-endpoint-connection show -g {rg} -s {scheduler} -n {pec2}')
        self.cmd('durabletask scheduler private-endpoint-connection delete --id {pec1_id} --yes --no-wait')
        self.cmd('durabletask scheduler private-endpoint-connection wait --id {pec1_id} --deleted')
        self.cmd('durabletask scheduler private-endpoint-connection list -g {rg} -s {scheduler}',
                 checks=[self.check('length(@)', 0)])
        self.cmd('network private-endpoint show -g {rg} -n {pe1}', checks=[
            self.check('manualPrivateLinkServiceConnections[0].privateLinkServiceConnectionState.status',
                       'Disconnected')])

        self.cmd('network private-endpoint delete -g {rg} -n {pe1}')
        self.cmd('network private-endpoint delete -g {rg} -n {pe2}')
        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')

    def test_private_endpoint_automatic_approval(self):
        self._scheduler('--sku-name Dedicated')
        self._endpoint('pe1')  # no --manual-request: the owner of both sides gets an approved connection
        self.cmd('durabletask scheduler private-endpoint-connection list -g {rg} -s {scheduler}', checks=[
            self.check('length(@)', 1),
            self.check('[0].' + STATE + '.status', 'Approved'),
        ])
        # Deleting the endpoint removes its connection from the scheduler.
        self.cmd('network private-endpoint delete -g {rg} -n {pe1}')
        self.cmd('durabletask scheduler private-endpoint-connection list -g {rg} -s {scheduler}',
                 checks=[self.check('length(@)', 0)])
        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')
