# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""armstandin/dataplane.py's rules (the live chain is in tests/orchestration/test_orchestration_standin.py)."""

import unittest

from armstandin import dataplane


class DataPlaneRulesTest(unittest.TestCase):

    def test_only_emulator_data_plane_turns_it_on(self):
        self.assertTrue(dataplane.enabled({'EMULATOR_DATA_PLANE': '1'}))
        self.assertTrue(dataplane.enabled({'EMULATOR_DATA_PLANE': 'True'}))
        self.assertFalse(dataplane.enabled({'EMULATOR_DATA_PLANE': '0'}))
        self.assertFalse(dataplane.enabled({}))
        self.assertIsNone(dataplane.from_env('/nonexistent', store=None, env={}))

    def test_each_call_needs_the_data_action_of_its_kind(self):
        self.assertEqual(dataplane.data_action('QueryInstances'),
                         'Microsoft.DurableTask/schedulers/taskHubs/orchestrations/read')
        self.assertEqual(dataplane.data_action('PurgeInstances'),
                         'Microsoft.DurableTask/schedulers/taskHubs/orchestrations/write')
        self.assertEqual(dataplane.data_action('GetWorkItems'),
                         'Microsoft.DurableTask/schedulers/taskHubs/workers/write')

    def test_the_ip_allow_list_admits_by_network_and_family(self):
        allowed = dataplane._allowed_address  # pylint: disable=protected-access
        self.assertTrue(allowed(['0.0.0.0/0'], 'ipv4:127.0.0.1:5555'))
        self.assertTrue(allowed(['127.0.0.0/8', '10.0.0.0/8'], 'ipv4:127.0.0.1:5555'))
        self.assertFalse(allowed(['10.0.0.0/8'], 'ipv4:127.0.0.1:5555'))
        self.assertFalse(allowed([], 'ipv4:127.0.0.1:5555'))  # an empty allow list denies everyone
        self.assertTrue(allowed(['::1/128'], 'ipv6:[::1]:5555'))
        self.assertFalse(allowed(['0.0.0.0/0'], 'ipv6:[::1]:5555'))


if __name__ == '__main__':
    unittest.main()
