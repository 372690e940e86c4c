# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The connection-string builders (azext_durabletask/connection.py): pure functions, no HTTP."""
import unittest
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

from azure.cli.core.azclierror import ValidationError

from azext_durabletask import connection

ENDPOINT = 'https://orders-ab12cd34.westus2.durabletask.io'
CLIENT_ID = 'c0ffee00-0000-4000-8000-000000000000'


def parse(connection_string):
    return dict(part.split('=', 1) for part in connection_string.split(';'))


class BuildConnectionStringTest(unittest.TestCase):

    def test_sdk_form(self):
        self.assertEqual(connection.build_connection_string(ENDPOINT, 'orders'),
                         'Endpoint={};TaskHub=orders;Authentication=DefaultAzure'.format(ENDPOINT))

    def test_every_authentication_type(self):
        for auth in connection.AUTHENTICATION_TYPES:
            self.assertEqual(parse(connection.build_connection_string(ENDPOINT, 'h', auth))['Authentication'], auth)

    def test_authentication_any_case_is_canonical(self):
        self.assertTrue(connection.build_connection_string(ENDPOINT, 'h', 'managedidentity')
                        .endswith(';Authentication=ManagedIdentity'))
        self.assertEqual(connection.normalize_authentication('AZURECLI'), 'AzureCLI')
        self.assertIsNone(connection.normalize_authentication('Password'))

    def test_client_id_for_managed_and_workload_identity(self):
        self.assertEqual(connection.build_connection_string(ENDPOINT, 'h', 'ManagedIdentity', CLIENT_ID),
                         'Endpoint={};TaskHub=h;Authentication=ManagedIdentity;ClientID={}'.format(ENDPOINT, CLIENT_ID))
        self.assertEqual(parse(connection.build_connection_string(ENDPOINT, 'h', 'WorkloadIdentity', CLIENT_ID))
                         ['ClientID'], CLIENT_ID)
        with self.assertRaises(ValueError):
            connection.build_connection_string(ENDPOINT, 'h', 'DefaultAzure', CLIENT_ID)

    def test_trailing_slash_is_dropped_and_bad_input_refused(self):
        self.assertTrue(connection.build_connection_string(ENDPOINT + '/', 'h').startswith(
            'Endpoint={};'.format(ENDPOINT)))
        for endpoint in ('', None, 'https://x;TaskHub=evil'):
            with self.assertRaises(ValueError):
                connection.build_connection_string(endpoint, 'h')
        with self.assertRaises(ValueError):
            connection.build_connection_string(ENDPOINT, 'h', 'Keys')

    def test_emulator_form(self):
        self.assertEqual(connection.build_connection_string('http://localhost:8080', 'default', 'None'),
                         'Endpoint=http://localhost:8080;TaskHub=default;Authentication=None')


class FunctionsAndDashboardTest(unittest.TestCase):

    def test_functions_settings_keep_the_hub_out_of_the_connection_string(self):
        settings = connection.functions_app_settings(ENDPOINT, 'orders')
        self.assertEqual(settings, {
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'Endpoint={};Authentication=ManagedIdentity'.format(ENDPOINT),
            'TASKHUB_NAME': 'orders'})

    def test_functions_settings_with_a_user_assigned_identity(self):
        settings = connection.functions_app_settings(ENDPOINT, 'orders', client_id=CLIENT_ID)
        self.assertEqual(parse(settings['DURABLE_TASK_SCHEDULER_CONNECTION_STRING']),
                         {'Endpoint': ENDPOINT, 'Authentication': 'ManagedIdentity', 'ClientID': CLIENT_ID})

    def test_dashboard_url_is_the_recorded_form(self):
        """Byte for byte what Azure put in a task hub's dashboardUrl (tests/real-azure, Get-AzDurableTaskHub)."""
        url = connection.dashboard_url('https://ps-test-schedul-bxghefg5.northcentralus.durabletask.io/',
                                       'ps-test-taskhub-ow0t', '814c847c-c7d5-4ee4-b491-8aaff9aac25f',
                                       'ps-test-scheduler-2kcd', '72f988bf-86f1-41af-91ab-2d7cd011db47')
        self.assertEqual(url, 'https://dashboard.durabletask.io/subscriptions/814c847c-c7d5-4ee4-b491-8aaff9aac25f/'
                              'schedulers/ps-test-scheduler-2kcd/taskhubs/ps-test-taskhub-ow0t?endpoint=https%3a%2f%2f'
                              'ps-test-schedul-bxghefg5.northcentralus.durabletask.io'
                              '&tenantId=72f988bf-86f1-41af-91ab-2d7cd011db47')

    def test_dashboard_url_quotes_names(self):
        url = connection.dashboard_url(ENDPOINT, 'orders hub', 'sub', 'orders', 'tenant')
        parsed = urlparse(url)
        self.assertEqual((parsed.scheme, parsed.netloc), ('https', 'dashboard.durabletask.io'))
        self.assertEqual(parsed.path, '/subscriptions/sub/schedulers/orders/taskhubs/orders%20hub')
        self.assertEqual(parse_qs(parsed.query), {'endpoint': [ENDPOINT], 'tenantId': ['tenant']})

    def test_details_carry_the_dashboard_url_given(self):
        details = connection.connection_details(ENDPOINT, 'orders', 'https://dashboard.example/x', 'AzureCLI')
        self.assertEqual(details['dashboardUrl'], 'https://dashboard.example/x')
        self.assertEqual(details['connectionString'],
                         'Endpoint={};TaskHub=orders;Authentication=AzureCLI'.format(ENDPOINT))
        self.assertEqual(details['functionsAppSettings']['DURABLE_TASK_SCHEDULER_CONNECTION_STRING'],
                         'Endpoint={};Authentication=AzureCLI'.format(ENDPOINT))


def scheduler(state, endpoint=''):
    return SimpleNamespace(properties=SimpleNamespace(provisioning_state=state, endpoint=endpoint))


class ReadyEndpointTest(unittest.TestCase):
    """Azure shows `endpoint: ""` while it creates or updates a scheduler: commands say so and how to wait."""

    def test_provisioning_and_accepted_say_wait_created(self):
        for state in ('Provisioning', 'Accepted', 'provisioning'):
            with self.assertRaises(ValidationError) as raised:
                connection.ready_endpoint(scheduler(state), 'rg1', 'orders')
            message = str(raised.exception)
            self.assertIn("Scheduler 'orders' is still being created (provisioningState: {})".format(state), message)
            self.assertTrue(message.endswith('az durabletask scheduler wait -g rg1 -n orders --created'), message)
            self.assertNotIn('\n', message)

    def test_updating_says_wait_updated_even_with_an_endpoint(self):
        with self.assertRaises(ValidationError) as raised:
            connection.ready_endpoint(scheduler('Updating', ENDPOINT), 'rg1', 'orders')
        self.assertIn('is still being updated', str(raised.exception))
        self.assertTrue(str(raised.exception).endswith('-g rg1 -n orders --updated'))

    def test_an_enum_state_reads_as_its_value(self):
        from azure.mgmt.durabletask.models import ProvisioningState
        with self.assertRaisesRegex(ValidationError, r'\(provisioningState: Updating\)'):
            connection.ready_endpoint(scheduler(ProvisioningState.UPDATING), 'rg1', 'orders')

    def test_succeeded_gives_the_endpoint_without_slash(self):
        self.assertEqual(connection.ready_endpoint(scheduler('Succeeded', ENDPOINT + '/'), 'rg1', 'orders'), ENDPOINT)

    def test_failed_without_endpoint_says_so(self):
        with self.assertRaisesRegex(ValidationError, r"^Scheduler 'orders' has no endpoint \(provisioningState: "
                                                     r"Failed\)"):
            connection.ready_endpoint(scheduler('Failed'), 'rg1', 'orders')


if __name__ == '__main__':
    unittest.main()
