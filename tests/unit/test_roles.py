# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Role and principal resolution (azext_durabletask/_roles.py); no HTTP: Graph and ARM are mocked."""
import unittest
from types import SimpleNamespace
from unittest import mock

from azure.cli.core.azclierror import ForbiddenError, InvalidArgumentValueError, ResourceNotFoundError

from azext_durabletask import _roles

SUB = '49398e88-3aa2-4466-8f5d-fab7e44c5108'
CONTRIBUTOR, WORKER, READER = _roles.ROLES
IDENTITY_ID = ('/subscriptions/{}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/'
               'orders-id'.format(SUB))
OBJECT_ID = '5fe6f8d6-2e74-40b1-ab40-c61254ba1e41'
CUSTOM = 'Microsoft.Authorization/roleDefinitions/'


class ResolveRoleTest(unittest.TestCase):

    def test_aliases_any_case(self):
        self.assertIs(_roles.resolve_role('worker'), WORKER)
        self.assertIs(_roles.resolve_role('Contributor'), CONTRIBUTOR)
        self.assertIs(_roles.resolve_role(' READER '), READER)

    def test_full_names_any_case_and_spacing(self):
        self.assertIs(_roles.resolve_role('Durable Task Data Contributor'), CONTRIBUTOR)
        self.assertIs(_roles.resolve_role('durable task  worker'), WORKER)
        self.assertIs(_roles.resolve_role('Durable Task Data Reader'), READER)

    def test_guid_and_role_definition_ids(self):
        self.assertIs(_roles.resolve_role('80D0D6B0-F522-40A4-8886-A5A11720C375'), WORKER)
        self.assertIs(_roles.resolve_role('/subscriptions/{}/providers/{}{}'.format(SUB, CUSTOM, READER.guid)), READER)
        self.assertIs(_roles.resolve_role('/providers/{}{}'.format(CUSTOM, CONTRIBUTOR.guid)), CONTRIBUTOR)

    def test_other_roles_are_refused_in_one_line_naming_the_flag_and_choices(self):
        for value in ('Owner', 'b24988ac-6180-42a0-ab88-20f7382dd24c', 'data contributor', '',
                      '/subscriptions/{}/providers/{}b24988ac-6180-42a0-ab88-20f7382dd24c'.format(SUB, CUSTOM)):
            with self.assertRaises(InvalidArgumentValueError) as caught:
                _roles.resolve_role(value, '--role-type')
            message = str(caught.exception)
            self.assertTrue(message.startswith("--role-type '{}' is not a Durable Task role".format(value)), message)
            self.assertIn('contributor, worker, reader', message)
            self.assertNotIn('\n', message)

    def test_definition_ids_round_trip(self):
        for role in _roles.ROLES:
            definition = _roles.role_definition_id(SUB, role)
            self.assertEqual(definition, '/subscriptions/{}/providers/{}{}'.format(SUB, CUSTOM, role.guid))
            self.assertIs(_roles.role_of_definition(definition), role)
            self.assertIs(_roles.role_of_definition(definition.upper()), role)
        self.assertIsNone(_roles.role_of_definition('/subscriptions/{}/providers/{}{}'.format(
            SUB, CUSTOM, '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')))
        self.assertIsNone(_roles.role_of_definition(None))

    def test_assignment_names_are_stable_guids_unique_per_grant(self):
        scope = '/subscriptions/{}/resourceGroups/rg/providers/Microsoft.DurableTask/schedulers/s'.format(SUB)
        name = _roles.assignment_name(scope, WORKER, OBJECT_ID)
        self.assertTrue(_roles.is_guid(name))
        self.assertEqual(name, _roles.assignment_name(scope.upper(), WORKER, OBJECT_ID.upper()))
        # the same in another subscription: recordings replay under the mocked subscription id
        self.assertEqual(name, _roles.assignment_name(scope.replace(SUB, '0' * 8 + '-0000-0000-0000-' + '0' * 12),
                                                      WORKER, OBJECT_ID))
        others = {_roles.assignment_name(scope, READER, OBJECT_ID),
                  _roles.assignment_name(scope + '/taskHubs/h', WORKER, OBJECT_ID),
                  _roles.assignment_name(scope, WORKER, '0f0b7fc7-48af-46d2-95d3-e3fb76cc9ab3')}
        self.assertEqual(len(others), 3)
        self.assertNotIn(name, others)

    def test_identity_ids(self):
        self.assertTrue(_roles.is_identity_id(IDENTITY_ID))
        self.assertTrue(_roles.is_identity_id(IDENTITY_ID.lower()))
        self.assertFalse(_roles.is_identity_id(IDENTITY_ID + '/extra'))
        self.assertFalse(_roles.is_identity_id('/subscriptions/{}/resourceGroups/rg1/providers/Microsoft.Web/sites/a'
                                               .format(SUB)))
        self.assertFalse(_roles.is_identity_id('dev@contoso.example'))


def _cli_ctx():
    return mock.Mock(name='cli_ctx')


class ResolvePrincipalTest(unittest.TestCase):

    def test_object_id_and_type_skip_graph(self):
        with mock.patch('azure.cli.command_modules.role._client_factory._graph_client_factory') as graph:
            principal = _roles.resolve_principal(_cli_ctx(), object_id=OBJECT_ID, principal_type='ServicePrincipal')
        self.assertEqual(principal, _roles.Principal(OBJECT_ID, 'ServicePrincipal', None))
        graph.assert_not_called()

    def test_object_id_without_type_asks_graph_for_the_type(self):
        with mock.patch('azure.cli.command_modules.role.custom._get_principal_type_from_object_id',
                        return_value='Group') as lookup:
            principal = _roles.resolve_principal(_cli_ctx(), object_id=OBJECT_ID)
        self.assertEqual(principal.principal_type, 'Group')
        lookup.assert_called_once()
        with mock.patch('azure.cli.command_modules.role.custom._get_principal_type_from_object_id') as lookup:
            self.assertIsNone(_roles.resolve_principal(_cli_ctx(), object_id=OBJECT_ID, need_type=False)
                              .principal_type)
        lookup.assert_not_called()

    def test_upn_app_id_and_object_id_go_through_azs_graph_lookup(self):
        with mock.patch('azure.cli.command_modules.role.custom._resolve_object_id_and_type',
                        return_value=(OBJECT_ID, 'User')) as lookup:
            principal = _roles.resolve_principal(_cli_ctx(), assignee='dev@contoso.example')
        self.assertEqual(principal, _roles.Principal(OBJECT_ID, 'User', 'dev@contoso.example'))
        self.assertEqual(lookup.call_args[0][1], 'dev@contoso.example')
        self.assertTrue(lookup.call_args[1]['fallback_to_object_id'])

    def test_unknown_assignee_is_one_line_not_found(self):
        from knack.util import CLIError
        with mock.patch('azure.cli.command_modules.role.custom._resolve_object_id_and_type',
                        side_effect=CLIError('Cannot find user or service principal in graph database')):
            with self.assertRaises(ResourceNotFoundError) as caught:
                _roles.resolve_principal(_cli_ctx(), assignee='nobody@contoso.example')
        self.assertIn("--assignee 'nobody@contoso.example': no user or service principal", str(caught.exception))
        self.assertNotIn('\n', str(caught.exception))
        # A sign-in name is a user: never told to create a service principal for it.
        self.assertNotIn('az ad sp create', caught.exception.recommendations[0])
        self.assertIn("looks like a user's sign-in name", caught.exception.recommendations[0])

    def test_unknown_app_id_is_told_how_to_create_its_service_principal(self):
        from knack.util import CLIError
        app_id = '6e9c6c7b-9a55-4b0c-8d1e-3f1f0e6a2b11'
        with mock.patch('azure.cli.command_modules.role.custom._resolve_object_id_and_type',
                        side_effect=CLIError('Cannot find user or service principal in graph database')):
            with self.assertRaises(ResourceNotFoundError) as caught:
                _roles.resolve_principal(_cli_ctx(), assignee=app_id)
        self.assertIn('az ad sp create --id ' + app_id, caught.exception.recommendations[0])

    def test_graph_refusal_points_to_object_id_options(self):
        from azure.cli.command_modules.role._msgrpah import GraphError
        with mock.patch('azure.cli.command_modules.role.custom._resolve_object_id_and_type',
                        side_effect=GraphError('Insufficient privileges to complete the operation.', None)):
            with self.assertRaises(ForbiddenError) as caught:
                _roles.resolve_principal(_cli_ctx(), assignee='orders-worker')
        self.assertIn('Insufficient privileges', str(caught.exception))
        self.assertIn('--assignee-object-id', caught.exception.recommendations[0])

    def test_user_assigned_identity_resolves_through_arm_not_graph(self):
        identity = SimpleNamespace(principal_id=OBJECT_ID, client_id='c0ffee00-0000-4000-8000-000000000000',
                                   name='orders-id')
        client = mock.Mock()
        client.get.return_value = identity
        with mock.patch('azext_durabletask._client_factory.cf_user_assigned_identities',
                        return_value=client) as factory, \
                mock.patch('azure.cli.command_modules.role.custom._resolve_object_id_and_type') as graph:
            principal = _roles.resolve_principal(_cli_ctx(), assignee=IDENTITY_ID)
        self.assertEqual(principal, _roles.Principal(OBJECT_ID, 'ServicePrincipal', 'orders-id'))
        self.assertEqual(factory.call_args[0][1], SUB)
        client.get.assert_called_once_with('rg1', 'orders-id')
        graph.assert_not_called()

    def test_missing_identity_names_the_flag(self):
        from azure.core.exceptions import ResourceNotFoundError as NotFound
        client = mock.Mock()
        client.get.side_effect = _http_error(NotFound, 404, 'ResourceNotFound', 'not found')
        with mock.patch('azext_durabletask._client_factory.cf_user_assigned_identities', return_value=client):
            with self.assertRaisesRegex(ResourceNotFoundError, r"^--identity '/subscriptions/.*': no such"):
                _roles.get_identity(_cli_ctx(), IDENTITY_ID, '--identity')

    def test_signed_in_user_via_graph_me(self):
        profile = mock.Mock()
        profile.get_subscription.return_value = {'user': {'type': 'user', 'name': 'dev@contoso.example'}}
        graph = mock.Mock()
        graph.signed_in_user_get.return_value = {'id': OBJECT_ID, 'userPrincipalName': 'dev@contoso.example'}
        with mock.patch('azure.cli.core._profile.Profile', return_value=profile), \
                mock.patch('azure.cli.command_modules.role._client_factory._graph_client_factory', return_value=graph):
            principal = _roles.resolve_principal(_cli_ctx())
        self.assertEqual(principal, _roles.Principal(OBJECT_ID, 'User', 'dev@contoso.example'))

    def test_signed_in_service_principal_via_its_app_id(self):
        profile = mock.Mock()
        profile.get_subscription.return_value = {'user': {'type': 'servicePrincipal', 'name': 'app-id'}}
        with mock.patch('azure.cli.core._profile.Profile', return_value=profile), \
                mock.patch('azure.cli.command_modules.role.custom._resolve_object_id_and_type',
                           return_value=(OBJECT_ID, None)) as lookup:
            principal = _roles.resolve_principal(_cli_ctx())
        self.assertEqual(principal[:2], (OBJECT_ID, 'ServicePrincipal'))
        self.assertEqual(lookup.call_args[0][1], 'app-id')

    def test_signed_in_without_graph_falls_back_to_the_token_oid(self):
        import base64
        import json
        from azure.cli.command_modules.role._msgrpah import GraphError
        claims = base64.urlsafe_b64encode(json.dumps({'oid': OBJECT_ID}).encode()).decode().rstrip('=')
        profile = mock.Mock()
        profile.get_subscription.return_value = {'user': {'type': 'user', 'name': 'dev@contoso.example'}}
        profile.get_raw_token.return_value = (('Bearer', 'e30.{}.sig'.format(claims), {}), SUB, 'tenant')
        graph = mock.Mock()
        graph.signed_in_user_get.side_effect = GraphError('Forbidden', None)
        with mock.patch('azure.cli.core._profile.Profile', return_value=profile), \
                mock.patch('azure.cli.command_modules.role._client_factory._graph_client_factory', return_value=graph):
            principal = _roles.resolve_principal(_cli_ctx())
        self.assertEqual(principal[:2], (OBJECT_ID, 'User'))


class ManagedIdentityLoginTest(unittest.TestCase):

    def test_identity_login_uses_the_token_oid_without_graph(self):
        import base64
        import json
        claims = base64.urlsafe_b64encode(json.dumps({'oid': OBJECT_ID}).encode()).decode().rstrip('=')
        profile = mock.Mock()
        profile.get_subscription.return_value = {'user': {'type': 'servicePrincipal', 'name': 'systemAssignedIdentity',
                                                          'assignedIdentityInfo': 'MSI'}}
        profile.get_raw_token.return_value = (('Bearer', 'e30.{}.sig'.format(claims), {}), SUB, 'tenant')
        with mock.patch('azure.cli.core._profile.Profile', return_value=profile), \
                mock.patch('azure.cli.command_modules.role._client_factory._graph_client_factory') as graph, \
                mock.patch('azure.cli.command_modules.role.custom._resolve_object_id_and_type') as lookup:
            principal = _roles.resolve_principal(_cli_ctx())
        self.assertEqual(principal[:2], (OBJECT_ID, 'ServicePrincipal'))
        graph.assert_not_called()
        lookup.assert_not_called()


def _http_error(cls, status, code, message):
    error = cls(message='({}) {}'.format(code, message))
    error.status_code = status
    error.error = SimpleNamespace(code=code, message=message)
    return error


if __name__ == '__main__':
    unittest.main()
