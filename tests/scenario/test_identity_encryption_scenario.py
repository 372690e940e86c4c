# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""What API 2026-07-01 adds: scheduler identities, restart, transparent data encryption with customer-managed
keys (checked, and granted with --grant), task hub capabilities. Recorded against the stand-in (see base.py).
The public extension's documented command lines for these run here as written (names substituted)."""

from azure.cli.core.azclierror import ResourceNotFoundError, ValidationError

from .base import DurableTaskScenarioTest

STABLE = 'api-version=2026-07-01'
VAULT_API = '2023-07-01'


class IdentityEncryptionScenarioTest(DurableTaskScenarioTest):

    def _names(self):
        self.kwargs.update({
            'rg': self.create_random_name('dts-rg-', 20),
            'scheduler': self.create_random_name('dts-sched-', 24),
            'identity': self.create_random_name('dts-id-', 16),
            'vault': self.create_random_name('dtskv', 16),
            'hub': self.create_random_name('hub-', 16),
        })
        self.cmd('group create -n {rg} -l westus2')

    def _durabletask_urls(self, since=0):
        return [url for _, url, _ in self.sent[since:] if '/providers/microsoft.durabletask/' in url.lower()]

    def test_scheduler_identity_and_restart(self):
        self._names()
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Dedicated --mi-system-assigned',
                 checks=[self.check('identity.type', 'SystemAssigned'),
                         self.check_pattern('identity.principalId', '^[0-9a-f-]{{36}}$')])
        [put] = self.sent_bodies('PUT', '/schedulers/' + self.kwargs['scheduler'])
        self.assertEqual(put['identity'], {'type': 'SystemAssigned'})
        self.assertTrue(all(STABLE + '&' in url or url.endswith(STABLE) for url in self._durabletask_urls()),
                        self._durabletask_urls())

        self.kwargs['identity_id'] = self.cmd('identity create -g {rg} -n {identity} -l westus2').get_output_in_json()[
            'id']
        start = len(self.sent)
        # The public extension's documented line.
        self.cmd('durabletask scheduler identity assign --resource-group {rg} --name {scheduler} --user-assigned '
                 '{identity_id}', checks=[
                     self.check('type', 'SystemAssigned,UserAssigned'),
                     self.check('length(userAssignedIdentities)', 1),
                 ])
        [patch] = self.sent_bodies('PATCH', '/schedulers/', since=start)
        self.assertEqual(patch, {'identity': {'type': 'SystemAssigned,UserAssigned',
                                              'userAssignedIdentities': {self.kwargs['identity_id']: {}}}})
        self.cmd('durabletask scheduler identity show -g {rg} -n {scheduler}', checks=[
            self.check('type', 'SystemAssigned,UserAssigned'),
        ])
        self.cmd('durabletask scheduler identity show -g {rg} -n {scheduler} -o table')

        start = len(self.sent)
        self.cmd('durabletask scheduler identity remove -g {rg} -n {scheduler} --system-assigned', checks=[
            self.check('type', 'UserAssigned'),
            self.check('principalId', None),
        ])
        self.cmd('durabletask scheduler identity remove -g {rg} -n {scheduler} --user-assigned', checks=[
            self.check('type', 'None'),
        ])
        self.assertEqual(self.sent_bodies('PATCH', '/schedulers/', since=start), [
            {'identity': {'type': 'UserAssigned', 'userAssignedIdentities': {self.kwargs['identity_id']: {}}}},
            {'identity': {'type': 'None'}},
        ])
        start = len(self.sent)
        self.cmd('durabletask scheduler update -g {rg} -n {scheduler} --mi-user-assigned {identity_id} '
                 '--mi-system-assigned', checks=[self.check('identity.type', 'SystemAssigned,UserAssigned')])
        [patch] = self.sent_bodies('PATCH', '/schedulers/', since=start)
        self.assertEqual(patch['identity']['type'], 'SystemAssigned,UserAssigned')
        self.cmd('durabletask scheduler identity wait -g {rg} -n {scheduler} --updated')
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask scheduler identity show -g {rg} -n missing-scheduler')

        start = len(self.sent)
        self.cmd('durabletask scheduler restart -g {rg} -n {scheduler} --yes')
        restarts = [(method, url, body) for method, url, body in self.sent[start:] if '/restart' in url]
        self.assertEqual(len(restarts), 1)
        self.assertEqual(restarts[0][0], 'POST')
        self.assertIn(STABLE, restarts[0][1])
        self.assertFalse(restarts[0][2])
        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')

    def _vault_url(self, suffix=''):
        return '/subscriptions/{{sub}}/resourceGroups/{{rg}}/providers/Microsoft.KeyVault/vaults/{{vault}}{}' \
               '?api-version={}'.format(suffix, VAULT_API)

    def test_transparent_data_encryption_customer_managed_key(self):
        self._names()
        # Fixed names: the role assignment's name is derived from its scope, which must replay as recorded.
        self.kwargs.update({'rg': 'dts-tde-rg', 'scheduler': 'dts-tde-sched', 'vault': 'dtstdevault',
                            'sub': self.get_subscription_id()})
        self.cmd('group create -n {rg} -l westus2')
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Dedicated')
        vault = self.cmd('rest --method put --url "{}" --body "{{{{\\"location\\": \\"westus2\\", \\"properties\\": '
                         '{{{{\\"sku\\": {{{{\\"family\\": \\"A\\", \\"name\\": \\"standard\\"}}}}}}}}}}}}"'.format(
                             self._vault_url())).get_output_in_json()
        self.kwargs['vault_id'] = vault['id']
        key = self.cmd('rest --method put --url "{}" --body "{{{{\\"properties\\": {{{{\\"kty\\": \\"RSA\\", '
                       '\\"keySize\\": 4096}}}}}}}}"'.format(self._vault_url('/keys/big'))).get_output_in_json()
        self.kwargs['big_key'] = key['properties']['keyUri']

        # What is missing, each with the command that fixes it.
        report = self.cmd('durabletask scheduler transparent-data-encryption check -g {rg} -s {scheduler} '
                          '--key-vault-key-uri {big_key}').get_output_in_json()
        status = {row['requirement']: row['status'] for row in report}
        self.assertEqual(status, {'Dedicated SKU': 'OK', 'managed identity': 'Missing', 'vault soft delete': 'OK',
                                  'vault purge protection': 'Missing', 'RSA 2048/3072 key': 'Missing',
                                  'key access for the identity': 'Missing'})
        fixes = {row['requirement']: row['fix'] for row in report}
        self.assertEqual(fixes['vault purge protection'],
                         'az keyvault update -g {rg} -n {vault} --enable-purge-protection true'.format(**self.kwargs))
        self.assertEqual(fixes['managed identity'], 'az durabletask scheduler identity assign -g {rg} -n {scheduler} '
                                                    '--system-assigned'.format(**self.kwargs))
        start = len(self.sent)
        with self.assertRaisesRegex(ValidationError, 'vault purge protection'):
            self.cmd('durabletask scheduler transparent-data-encryption create -g {rg} -s {scheduler} '
                     '--key-vault-key-uri {big_key} --grant')
        # Nothing granted while a requirement --grant cannot meet is missing.
        self.assertEqual([method for method, _, _ in self.sent[start:] if method != 'GET'], [])

        self.cmd('rest --method patch --url "{}" --body "{{{{\\"properties\\": {{{{\\"enablePurgeProtection\\": '
                 'true}}}}}}}}"'.format(self._vault_url()))
        key = self.cmd('rest --method put --url "{}" --body "{{{{\\"properties\\": {{{{\\"kty\\": \\"RSA\\", '
                       '\\"keySize\\": 3072}}}}}}}}"'.format(self._vault_url('/keys/tde'))).get_output_in_json()
        self.kwargs['key'] = key['properties']['keyUri']

        # One command: an identity for the scheduler, the role on the vault, then the key.
        start = len(self.sent)
        self.cmd('durabletask scheduler transparent-data-encryption create -g {rg} -s {scheduler} '
                 '--key-vault-key-uri {key} --grant', checks=[
                     self.check('properties.keySource', 'CustomerManaged'),
                     self.check('properties.keyVaultKeyUri', '{key}'),
                     self.check('properties.provisioningState', 'Succeeded'),
                 ])
        [identity] = self.sent_bodies('PATCH', '/schedulers/', since=start)
        self.assertEqual(identity, {'identity': {'type': 'SystemAssigned'}})
        # Retried while the new identity replicates (PrincipalNotFound), always the same assignment.
        grants = self.sent_bodies('PUT', '/providers/Microsoft.Authorization/roleAssignments/', since=start)
        grant = grants[-1]
        self.assertTrue(grants and all(body == grant for body in grants))
        self.assertTrue(grant['properties']['roleDefinitionId'].endswith('/e147488a-f6f5-4113-8e2d-b22465e65bf6'))
        self.assertEqual(grant['properties']['principalType'], 'ServicePrincipal')
        [tde] = self.sent_bodies('PUT', '/transparentDataEncryptions/default', since=start)
        self.assertEqual(tde, {'properties': {'keySource': 'CustomerManaged', 'keyVaultKeyUri': self.kwargs['key']}})
        report = self.cmd('durabletask scheduler transparent-data-encryption check -g {rg} -s {scheduler}') \
            .get_output_in_json()
        self.assertEqual({row['status'] for row in report}, {'OK'})

        start = len(self.sent)
        self.cmd('durabletask scheduler transparent-data-encryption update -g {rg} -s {scheduler} '
                 '--key-source MicrosoftManaged', checks=[self.check('properties.keySource', 'MicrosoftManaged')])
        self.assertEqual(self.sent_bodies('PUT', '/transparentDataEncryptions/default', since=start),
                         [{'properties': {'keySource': 'MicrosoftManaged'}}])
        # The public extension's documented line (its names substituted).
        self.cmd('durabletask scheduler transparent-data-encryption create --resource-group {rg} --scheduler-name '
                 '{scheduler} --key-source CustomerManaged --key-vault-key-uri {key}',
                 checks=[self.check('properties.keySource', 'CustomerManaged')])
        self.cmd('durabletask scheduler transparent-data-encryption show -g {rg} -s {scheduler}', checks=[
            self.check('name', 'default'),
            self.check('properties.keyVaultKeyUri', '{key}'),
        ])
        self.cmd('durabletask scheduler transparent-data-encryption show -g {rg} -s {scheduler} -o table')
        self.cmd('durabletask scheduler transparent-data-encryption delete -g {rg} -s {scheduler} --yes')
        self.cmd('durabletask scheduler transparent-data-encryption wait -g {rg} -s {scheduler} --deleted')
        with self.assertRaisesRegex(ResourceNotFoundError, 'ResourceNotFound'):
            self.cmd('durabletask scheduler transparent-data-encryption show -g {rg} -s {scheduler}')
        self.assertTrue(all(STABLE in url for url in self._durabletask_urls()))

    def test_taskhub_capabilities(self):
        self._names()
        self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Dedicated')
        start = len(self.sent)
        self.cmd('durabletask taskhub create -g {rg} --scheduler-name {scheduler} --name {hub} '
                 '--capabilities ExtendedSessions', checks=[
                     self.check('properties.capabilities', ['ExtendedSessions']),
                 ])
        [put] = self.sent_bodies('PUT', '/taskHubs/' + self.kwargs['hub'], since=start)
        self.assertEqual(put, {'properties': {'capabilities': ['ExtendedSessions']}})
        self.cmd('durabletask taskhub show -g {rg} -s {scheduler} -n {hub}', checks=[
            self.check('properties.capabilities', ['ExtendedSessions']),
        ])
        table = self.cmd('durabletask taskhub show -g {rg} -s {scheduler} -n {hub} -o table').output
        self.assertIn('Capabilities', table)
        self.assertIn('ExtendedSessions', table)
        self.cmd('durabletask taskhub delete -g {rg} -s {scheduler} -n {hub} --yes')
        self.cmd('durabletask scheduler delete -g {rg} -n {scheduler} --yes')

    def test_customer_managed_key_with_vault_access_policies(self):
        self._names()
        self.kwargs['sub'] = self.get_subscription_id()
        principal = self.cmd('durabletask scheduler create -g {rg} -n {scheduler} --sku-name Dedicated '
                             '--mi-system-assigned').get_output_in_json()['identity']['principalId']
        self.cmd('rest --method put --url "{}" --body "{{{{\\"location\\": \\"westus2\\", \\"properties\\": '
                 '{{{{\\"enableRbacAuthorization\\": false, \\"enablePurgeProtection\\": true}}}}}}}}"'.format(
                     self._vault_url()))
        key = self.cmd('rest --method put --url "{}" --body "{{{{\\"properties\\": {{{{\\"kty\\": \\"RSA\\"}}}}}}}}"'
                       .format(self._vault_url('/keys/tde'))).get_output_in_json()
        self.kwargs['key'] = key['properties']['keyUri']
        report = self.cmd('durabletask scheduler transparent-data-encryption check -g {rg} -s {scheduler} '
                          '--key-vault-key-uri {key}').get_output_in_json()
        [access] = [row for row in report if row['requirement'] == 'key access for the identity']
        self.assertEqual(access['status'], 'Missing')
        self.assertEqual(access['fix'], 'az keyvault set-policy -g {} -n {} --object-id {} --key-permissions get '
                                        'wrapKey unwrapKey'.format(self.kwargs['rg'], self.kwargs['vault'], principal))
        start = len(self.sent)
        self.cmd('durabletask scheduler transparent-data-encryption create -g {rg} -s {scheduler} '
                 '--key-vault-key-uri {key} --grant', checks=[self.check('properties.keySource', 'CustomerManaged')])
        [policy] = self.sent_bodies('PUT', '/accessPolicies/add', since=start)
        self.assertEqual(policy['properties']['accessPolicies'][0]['objectId'], principal)
        self.assertEqual(policy['properties']['accessPolicies'][0]['permissions'], {'keys': ['get', 'wrapKey',
                                                                                             'unwrapKey']})
        self.assertEqual(self.sent_bodies('PATCH', '/schedulers/', since=start), [])  # it had an identity
