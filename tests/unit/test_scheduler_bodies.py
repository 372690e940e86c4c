# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The exact bodies create and update send (ARM shape, no read-only fields, only what was given)."""

import json
import unittest

from azext_durabletask.scheduler import build_scheduler, build_scheduler_update


def wire(model):
    """What the SDK puts on the wire for a model."""
    from azure.mgmt.durabletask._utils.model_base import SdkJSONEncoder
    return json.loads(json.dumps(model, cls=SdkJSONEncoder, exclude_readonly=True))


class CreateBodyTest(unittest.TestCase):

    def test_dedicated(self):
        body = wire(build_scheduler('westus2', 'Dedicated', 1, ['0.0.0.0/0'], None, {'a': 'b'}))
        self.assertEqual(body, {'location': 'westus2', 'tags': {'a': 'b'},
                                'properties': {'ipAllowlist': ['0.0.0.0/0'],
                                               'sku': {'name': 'Dedicated', 'capacity': 1}}})

    def test_consumption_never_sends_capacity(self):
        body = wire(build_scheduler('westus2', 'Consumption', 2, ['10.0.0.0/8']))
        self.assertEqual(body['properties']['sku'], {'name': 'Consumption'})

    def test_public_network_access(self):
        body = wire(build_scheduler('eastus', 'Dedicated', 1, ['0.0.0.0/0'], 'Disabled'))
        self.assertEqual(body['properties']['publicNetworkAccess'], 'Disabled')

    def test_no_read_only_fields(self):
        text = json.dumps(wire(build_scheduler('westus2', 'Dedicated', 3, ['0.0.0.0/0'], 'Enabled', {})))
        for read_only in ('redundancyState', 'endpoint', 'provisioningState', 'systemData', 'id', 'privateEndpoint'):
            self.assertNotIn(read_only, text)


class UpdateBodyTest(unittest.TestCase):

    def test_only_given_fields(self):
        self.assertEqual(wire(build_scheduler_update(ip_allowlist=['10.0.0.0/8'])),
                         {'properties': {'ipAllowlist': ['10.0.0.0/8']}})
        self.assertEqual(wire(build_scheduler_update(sku_capacity=3)), {'properties': {'sku': {'capacity': 3}}})
        self.assertEqual(wire(build_scheduler_update(tags={})), {'tags': {}})
        self.assertEqual(wire(build_scheduler_update(public_network_access='Enabled')),
                         {'properties': {'publicNetworkAccess': 'Enabled'}})

    def test_sku_name_and_tags(self):
        self.assertEqual(wire(build_scheduler_update(sku_name='Consumption', tags={'x': '1'})),
                         {'tags': {'x': '1'}, 'properties': {'sku': {'name': 'Consumption'}}})
