# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
import unittest

from azext_durabletask import _format

SCHEDULER = {
    'id': '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/'
          'Microsoft.DurableTask/schedulers/sched1',
    'name': 'sched1', 'resourceGroup': 'rg1', 'location': 'westus2',
    'properties': {'provisioningState': 'Succeeded', 'endpoint': 'https://sched1-ab12cd34.westus2.durabletask.io',
                   'sku': {'name': 'Dedicated', 'capacity': 1, 'redundancyState': 'None'}},
}
HUB = {
    'id': SCHEDULER['id'] + '/taskHubs/hub1', 'name': 'hub1', 'resourceGroup': 'rg1',
    'properties': {'provisioningState': 'Provisioning', 'dashboardUrl': 'https://dashboard.durabletask.io/?x'},
}


class FormatTest(unittest.TestCase):

    def test_scheduler_row(self):
        self.assertEqual(list(_format.transform_scheduler(SCHEDULER).items()), [
            ('Name', 'sched1'), ('ResourceGroup', 'rg1'), ('Location', 'westus2'), ('State', 'Succeeded'),
            ('Sku', 'Dedicated'), ('Capacity', 1), ('Endpoint', 'https://sched1-ab12cd34.westus2.durabletask.io')])

    def test_scheduler_list_and_missing_properties(self):
        rows = _format.transform_scheduler_list([SCHEDULER, {'name': 'bare'}])
        self.assertEqual(rows[0]['Name'], 'sched1')
        self.assertEqual(rows[1], {'Name': 'bare', 'ResourceGroup': None, 'Location': None, 'State': None,
                                   'Sku': None, 'Capacity': None, 'Endpoint': None})

    def test_task_hub_row(self):
        self.assertEqual(list(_format.transform_task_hub(HUB).items()), [
            ('Name', 'hub1'), ('ResourceGroup', 'rg1'), ('Scheduler', 'sched1'), ('State', 'Provisioning'),
            ('Capabilities', ''), ('DashboardUrl', 'https://dashboard.durabletask.io/?x')])
        self.assertEqual(_format.transform_task_hub_list([HUB, {}])[1]['Scheduler'], None)
