# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The connection-string builders (azext_durabletask/connection.py): pure functions, no HTTP."""
import unittest
from urllib.parse import parse_qs, urlparse

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

    def test_dashboard_url_quotes_endpoint_and_hub(self):
        url = connection.dashboard_url(ENDPOINT, 'orders hub')
        parsed = urlparse(url)
        self.assertEqual((parsed.scheme, parsed.netloc), ('https', 'dashboard.durabletask.io'))
        self.assertEqual(parse_qs(parsed.query), {'endpoint': [ENDPOINT], 'taskhub': ['orders hub']})

    def test_details_prefer_the_hubs_own_dashboard_url(self):
        details = connection.connection_details(ENDPOINT, 'orders', 'https://dashboard.example/x', 'AzureCLI')
        self.assertEqual(details['dashboardUrl'], 'https://dashboard.example/x')
        self.assertEqual(details['connectionString'],
                         'Endpoint={};TaskHub=orders;Authentication=AzureCLI'.format(ENDPOINT))
        self.assertEqual(details['functionsAppSettings']['DURABLE_TASK_SCHEDULER_CONNECTION_STRING'],
                         'Endpoint={};Authentication=AzureCLI'.format(ENDPOINT))
        self.assertEqual(connection.connection_details(ENDPOINT, 'orders')['dashboardUrl'],
                         connection.dashboard_url(ENDPOINT, 'orders'))


if __name__ == '__main__':
    unittest.main()
