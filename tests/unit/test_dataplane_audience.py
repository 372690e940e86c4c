# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The data plane's token audience follows the cloud: https://durabletask.io in the public cloud,
https://durabletask.azure.us in Azure US Government (as the Durable Task SDK chooses it)."""

import unittest
from types import SimpleNamespace
from unittest import mock

from azure.cli.core.cloud import AZURE_CHINA_CLOUD, AZURE_PUBLIC_CLOUD, AZURE_US_GOV_CLOUD, Cloud, CloudEndpoints

from azext_durabletask import _dataplane
from azext_durabletask._dataplane import token_audience

PUBLIC = 'https://durabletask.io'
US_GOV = 'https://durabletask.azure.us'


class TokenAudienceTest(unittest.TestCase):

    def test_public_cloud(self):
        self.assertEqual(token_audience(AZURE_PUBLIC_CLOUD, 'https://orders-ab12cd34.westus2.durabletask.io'), PUBLIC)
        self.assertEqual(token_audience(AZURE_PUBLIC_CLOUD), PUBLIC)

    def test_us_government_by_cloud_name(self):
        self.assertEqual(token_audience(AZURE_US_GOV_CLOUD), US_GOV)

    def test_us_government_by_resource_manager_suffix(self):
        registered = Cloud('MyGovCloud', endpoints=CloudEndpoints(
            resource_manager='https://management.usgovcloudapi.net/'))
        self.assertEqual(token_audience(registered), US_GOV)

    def test_us_government_by_endpoint_region_or_host(self):
        self.assertEqual(token_audience(AZURE_PUBLIC_CLOUD, 'https://orders-ab12cd34.usgovvirginia.durabletask.io'),
                         US_GOV)
        self.assertEqual(token_audience(AZURE_PUBLIC_CLOUD, 'https://orders-ab12cd34.usdodeast.durabletask.io'),
                         US_GOV)
        self.assertEqual(token_audience(None, 'https://orders-ab12cd34.usgovtexas.durabletask.azure.us'), US_GOV)

    def test_other_clouds_and_local_endpoints_keep_the_public_audience(self):
        self.assertEqual(token_audience(AZURE_CHINA_CLOUD), PUBLIC)
        self.assertEqual(token_audience(AZURE_PUBLIC_CLOUD, 'https://127.0.0.1:4433'), PUBLIC)

    def test_the_token_is_requested_for_the_audience(self):
        credential = mock.Mock()
        credential.get_token.return_value = SimpleNamespace(token='t')
        cmd = SimpleNamespace(cli_ctx=SimpleNamespace(cloud=AZURE_US_GOV_CLOUD))
        with mock.patch('azure.cli.core._profile.Profile') as profile, \
                mock.patch('azure.cli.core.commands.client_factory.get_subscription_id', return_value='sub'):
            profile.return_value.get_login_credentials.return_value = (credential, 'sub', 'tenant')
            token = _dataplane._bearer_token(cmd, token_audience(cmd.cli_ctx.cloud))  # pylint: disable=protected-access
        self.assertEqual(token, 't')
        credential.get_token.assert_called_once_with(US_GOV + '/.default')


if __name__ == '__main__':
    unittest.main()
