# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Private endpoint connections and private link resources: --id handling, the approve/reject body, tables."""

import argparse
import json
import unittest
from unittest import mock

from azure.cli.core.azclierror import (InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                       RequiredArgumentMissingError)

from azext_durabletask import _validators as v
from azext_durabletask import network
from azext_durabletask._format import (transform_private_endpoint_connection,
                                       transform_private_endpoint_connection_list, transform_private_link_resource,
                                       transform_private_link_resource_list)

SCHEDULER_ID = ('/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/my-rg/providers/'
                'Microsoft.DurableTask/schedulers/my-sched')
CONNECTION_ID = SCHEDULER_ID + '/privateEndpointConnections/pe-1.0b6f'


def wire(model):
    from azure.mgmt.durabletask._utils.model_base import SdkJSONEncoder
    return json.loads(json.dumps(model, cls=SdkJSONEncoder, exclude_readonly=True))


def namespace(**kwargs):
    values = dict(connection_id=None, resource_group_name=None, scheduler_name=None,
                  private_endpoint_connection_name=None)
    values.update(kwargs)
    return argparse.Namespace(**values)


def fake_cmd():
    cmd = mock.MagicMock()
    cmd.cli_ctx.data = {'subscription_id': '00000000-0000-0000-0000-000000000000'}
    cmd.cli_ctx.only_show_errors = True
    return cmd


class ConnectionIdTest(unittest.TestCase):

    def test_id_fills_group_scheduler_name_and_subscription(self):
        cmd, ns = fake_cmd(), namespace(connection_id=CONNECTION_ID)
        v.validate_private_endpoint_connection(cmd, ns)
        self.assertEqual((ns.resource_group_name, ns.scheduler_name, ns.private_endpoint_connection_name),
                         ('my-rg', 'my-sched', 'pe-1.0b6f'))
        self.assertEqual(cmd.cli_ctx.data['subscription_id'], '11111111-1111-1111-1111-111111111111')
        self.assertFalse(hasattr(ns, 'connection_id'))  # an `extra`: the custom function does not take it

    def test_id_wins_over_a_default_group(self):
        ns = namespace(connection_id=CONNECTION_ID, resource_group_name='default-rg')
        v.validate_private_endpoint_connection(fake_cmd(), ns)
        self.assertEqual((ns.resource_group_name, ns.scheduler_name), ('my-rg', 'my-sched'))

    def test_id_with_names_is_refused(self):
        # Which one did the user mean? Two addresses for one connection are refused, never resolved silently.
        for names in (dict(scheduler_name='other'), dict(private_endpoint_connection_name='pec9')):
            with self.assertRaisesRegex(MutuallyExclusiveArgumentError, '^--id names the connection itself'):
                v.validate_private_endpoint_connection(fake_cmd(), namespace(connection_id=CONNECTION_ID, **names))

    def test_names_without_id(self):
        ns = namespace(resource_group_name='rg', scheduler_name='sched', private_endpoint_connection_name='c')
        v.validate_private_endpoint_connection(fake_cmd(), ns)
        self.assertEqual(ns.private_endpoint_connection_name, 'c')

    def test_missing_parts_are_named(self):
        with self.assertRaisesRegex(RequiredArgumentMissingError,
                                    r'^Give --id, or all of --resource-group, --scheduler-name and --name '
                                    r'\(missing: --scheduler-name, --name\)\.$'):
            v.validate_private_endpoint_connection(fake_cmd(), namespace(resource_group_name='rg'))

    def test_other_ids_are_refused(self):
        for wrong in (SCHEDULER_ID, SCHEDULER_ID + '/taskHubs/hub', 'pe-1',
                      CONNECTION_ID.replace('Microsoft.DurableTask', 'Microsoft.Storage'),
                      CONNECTION_ID + '/extra/thing'):
            with self.assertRaisesRegex(InvalidArgumentValueError,
                                        "^--id '.*' is not the id of a scheduler's private endpoint connection"):
                v.validate_private_endpoint_connection(fake_cmd(), namespace(connection_id=wrong))

    def test_scheduler_name_rule(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--scheduler-name 'a_b'"):
            v.validate_private_endpoint_connection(fake_cmd(), namespace(
                resource_group_name='rg', scheduler_name='a_b', private_endpoint_connection_name='c'))


class StateBodyTest(unittest.TestCase):

    def test_approve_with_description(self):
        self.assertEqual(wire(network.build_connection_state_update('Approved', 'ok for orders')), {
            'properties': {'privateLinkServiceConnectionState': {'status': 'Approved',
                                                                 'description': 'ok for orders'}}})

    def test_reject_without_description_sends_only_the_status(self):
        self.assertEqual(wire(network.build_connection_state_update('Rejected')),
                         {'properties': {'privateLinkServiceConnectionState': {'status': 'Rejected'}}})

    def test_approve_patches_the_connection(self):
        client = mock.MagicMock()
        poller = mock.MagicMock()
        poller.done.return_value = True
        poller.result.return_value = 'updated'
        client.begin_update_private_endpoint_connection.return_value = poller
        result = network.approve_private_endpoint_connection(fake_cmd(), client, 'rg', 'sched', 'c', 'why')
        self.assertEqual(result, 'updated')
        (rg, sched, name, body), _ = client.begin_update_private_endpoint_connection.call_args
        self.assertEqual((rg, sched, name), ('rg', 'sched', 'c'))
        self.assertEqual(wire(body)['properties']['privateLinkServiceConnectionState'],
                         {'status': 'Approved', 'description': 'why'})
        client.get_private_endpoint_connection.assert_not_called()  # PATCH, no read first


class TableTest(unittest.TestCase):

    def test_connection_row(self):
        result = {'name': 'pe-1.0b6f', 'properties': {
            'privateEndpoint': {'id': '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/'
                                      'privateEndpoints/pe-1'},
            'privateLinkServiceConnectionState': {'status': 'Pending', 'description': 'please'},
            'provisioningState': 'Succeeded', 'groupIds': ['scheduler']}}
        row = transform_private_endpoint_connection(result)
        self.assertEqual(list(row.items()), [('Name', 'pe-1.0b6f'), ('Status', 'Pending'),
                                             ('Description', 'please'), ('PrivateEndpoint', 'pe-1'),
                                             ('ProvisioningState', 'Succeeded')])
        self.assertEqual(transform_private_endpoint_connection_list([result]), [row])

    def test_connection_row_without_endpoint(self):
        row = transform_private_endpoint_connection({'name': 'c', 'properties': {}})
        self.assertIsNone(row['PrivateEndpoint'])
        self.assertIsNone(row['Status'])

    def test_private_link_resource_row(self):
        result = {'name': 'scheduler', 'properties': {'groupId': 'scheduler', 'requiredMembers': ['scheduler'],
                                                      'requiredZoneNames': ['privatelink.durabletask.io']}}
        self.assertEqual(list(transform_private_link_resource(result).items()), [
            ('Name', 'scheduler'), ('GroupId', 'scheduler'), ('RequiredMembers', 'scheduler'),
            ('RequiredZoneNames', 'privatelink.durabletask.io')])
        self.assertEqual(len(transform_private_link_resource_list([result, result])), 2)


if __name__ == '__main__':
    unittest.main()
