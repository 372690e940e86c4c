# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Grant, list and delete logic of az durabletask role-assignment (azext_durabletask/access.py), against an
in-memory role assignments client; plus the access validators."""
import argparse
import unittest
from types import SimpleNamespace
from unittest import mock

from azure.core.exceptions import HttpResponseError
from azure.cli.core.azclierror import (ForbiddenError, InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                       RequiredArgumentMissingError)
from azure.mgmt.authorization.models import RoleAssignment

from azext_durabletask import _validators as v
from azext_durabletask import access
from azext_durabletask._roles import ROLES, Principal, role_definition_id

SUB = '49398e88-3aa2-4466-8f5d-fab7e44c5108'
SCHEDULER = '/subscriptions/{}/resourceGroups/rg1/providers/Microsoft.DurableTask/schedulers/sched1'.format(SUB)
HUB = SCHEDULER + '/taskHubs/hub1'
CONTRIBUTOR, WORKER, READER = ROLES
ALICE = Principal('f6a2fd12-1505-421d-bb73-4fd6af1b358d', 'User', 'dev@contoso.example')
BOB = Principal('0f0b7fc7-48af-46d2-95d3-e3fb76cc9ab3', 'User', 'ops@contoso.example')
OWNER_DEFINITION = '/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/' \
                   '8e3af657-a8ff-443c-a75c-2fe8c4bcb635'.format(SUB)


def http_error(status, code, message='failed'):
    error = HttpResponseError(message='({}) {}'.format(code, message))
    error.status_code = status
    error.error = SimpleNamespace(code=code, message=message)
    return error


def assignment(scope, role_definition, principal_id, name='a1'):
    return RoleAssignment({
        'id': '{}/providers/Microsoft.Authorization/roleAssignments/{}'.format(scope, name), 'name': name,
        'type': 'Microsoft.Authorization/roleAssignments',
        'properties': {'scope': scope, 'roleDefinitionId': role_definition, 'principalId': principal_id,
                       'principalType': 'User'}})


class FakeAssignments:
    """Role assignments as ARM keeps them: atScope() is at-or-above, no filter is at, above and below."""

    def __init__(self, existing=(), create_errors=()):
        self.items = list(existing)
        self.create_errors = list(create_errors)
        self.created, self.deleted, self.list_calls = [], [], []

    def list_for_scope(self, scope, filter=None):  # pylint: disable=redefined-builtin
        self.list_calls.append((scope, filter))
        lowered = scope.lower()
        for item in self.items:
            item_scope = item.scope.lower()
            above_or_at = lowered == item_scope or lowered.startswith(item_scope + '/')
            below = item_scope.startswith(lowered + '/')
            if above_or_at or (filter is None and below):
                yield item

    def create(self, scope, name, body):
        if self.create_errors:
            raise self.create_errors.pop(0)
        properties = body['properties']
        created = assignment(scope, properties['roleDefinitionId'], properties['principalId'], name)
        self.created.append((scope, name, body))
        self.items.append(created)
        return created

    def delete(self, scope, name):
        self.deleted.append((scope, name))


def cli_ctx():
    ctx = mock.Mock()
    ctx.only_show_errors = True
    return ctx


class GrantTest(unittest.TestCase):

    def grant(self, client, scope=HUB, role=WORKER, principal=ALICE):
        with mock.patch.object(access, '_assignments_client', return_value=client), \
                mock.patch('time.sleep') as sleep:
            result = access.grant(cli_ctx(), scope, role, principal)
        return result, sleep

    def test_creates_with_a_deterministic_name_and_full_body(self):
        client = FakeAssignments()
        (view, created), _ = self.grant(client)
        self.assertTrue(created)
        scope, name, body = client.created[0]
        self.assertEqual(scope, HUB)
        self.assertEqual(body, {'properties': {'roleDefinitionId': role_definition_id(SUB, WORKER),
                                               'principalId': ALICE.object_id, 'principalType': 'User'}})
        self.assertEqual(view['roleDefinitionName'], 'Durable Task Worker')
        self.assertEqual(view['principalName'], 'dev@contoso.example')
        self.assertEqual(client.list_calls, [(HUB, 'atScope()')])
        client2 = FakeAssignments()
        self.grant(client2)
        self.assertEqual(client2.created[0][1], name)

    def test_second_identical_grant_returns_the_existing_one_and_creates_nothing(self):
        existing = assignment(HUB, role_definition_id(SUB, WORKER).upper(), ALICE.object_id.upper(), name='by-portal')
        client = FakeAssignments([existing])
        (view, created), _ = self.grant(client)
        self.assertFalse(created)
        self.assertEqual(view['name'], 'by-portal')
        self.assertEqual(client.created, [])

    def test_other_role_or_inherited_or_other_principal_do_not_count(self):
        client = FakeAssignments([
            assignment(HUB, role_definition_id(SUB, READER), ALICE.object_id, 'r'),
            assignment(SCHEDULER, role_definition_id(SUB, WORKER), ALICE.object_id, 's'),
            assignment(HUB, role_definition_id(SUB, WORKER), BOB.object_id, 'b')])
        (_, created), _ = self.grant(client)
        self.assertTrue(created)

    def test_retries_while_the_principal_replicates(self):
        client = FakeAssignments(create_errors=[http_error(400, 'PrincipalNotFound')] * 3)
        (_, created), sleep = self.grant(client)
        self.assertTrue(created)
        self.assertEqual([c[0][0] for c in sleep.call_args_list], [2, 4, 8])

    def test_a_service_principal_is_not_waited_for(self):
        """principalType ServicePrincipal makes ARM skip the directory lookup: PrincipalNotFound means a wrong id."""
        app = Principal('5b1e2c3d-0000-4000-8000-00000000abcd', 'ServicePrincipal', 'orders-worker')
        client = FakeAssignments(create_errors=[http_error(400, 'PrincipalNotFound')] * 3)
        with self.assertRaises(Exception) as caught:
            self.grant(client, principal=app)
        self.assertEqual(len(client.create_errors), 2, 'retried a ServicePrincipal')
        self.assertIn('PrincipalNotFound', str(caught.exception))
        self.assertIn('not the object id of a service principal', caught.exception.recommendations[0])

    def test_a_service_principal_is_granted_with_its_type(self):
        app = Principal('5b1e2c3d-0000-4000-8000-00000000abcd', 'ServicePrincipal', 'orders-worker')
        client = FakeAssignments()
        (_, created), sleep = self.grant(client, principal=app)
        self.assertTrue(created)
        self.assertEqual(client.created[0][2]['properties']['principalType'], 'ServicePrincipal')
        sleep.assert_not_called()

    def test_waiting_for_a_user_says_so_once_and_is_capped(self):
        client = FakeAssignments(create_errors=[http_error(400, 'PrincipalNotFound')] * 1000)
        clock = iter(range(0, 100000))
        with mock.patch('time.monotonic', side_effect=lambda: next(clock)), \
                self.assertLogs('cli.azext_durabletask.access', 'WARNING') as logs:
            with self.assertRaises(Exception):
                self.grant(client)
        self.assertEqual(len(logs.records), 1)
        self.assertIn('Waiting for directory replication', logs.records[0].getMessage())
        self.assertEqual(access.PROPAGATION_TIMEOUT_SECONDS, 60)

    def test_gives_up_after_the_bound(self):
        client = FakeAssignments(create_errors=[http_error(400, 'PrincipalNotFound')] * 1000)
        clock = iter(range(0, 100000, 5))
        with mock.patch('time.monotonic', side_effect=lambda: next(clock)):
            with self.assertRaises(Exception) as caught:
                self.grant(client)
        self.assertIn('PrincipalNotFound', str(caught.exception))
        self.assertIn('after waiting {} seconds'.format(access.PROPAGATION_TIMEOUT_SECONDS),
                      caught.exception.recommendations[0])
        self.assertLess(len(client.create_errors), 1000 - 5)

    def test_race_with_another_run_returns_the_winner(self):
        client = FakeAssignments(create_errors=[http_error(409, 'RoleAssignmentExists')])
        original = client.list_for_scope
        calls = []

        def list_then_appear(scope, filter=None):  # pylint: disable=redefined-builtin
            calls.append(scope)
            if len(calls) == 2:
                client.items.append(assignment(HUB, role_definition_id(SUB, WORKER), ALICE.object_id, 'winner'))
            return original(scope, filter)
        client.list_for_scope = list_then_appear
        (view, created), _ = self.grant(client)
        self.assertFalse(created)
        self.assertEqual(view['name'], 'winner')

    def test_name_clash_elsewhere_falls_back_to_a_random_name(self):
        client = FakeAssignments(create_errors=[http_error(409, 'RoleAssignmentExists')])
        (view, created), _ = self.grant(client)
        self.assertTrue(created)
        self.assertEqual(len(client.created), 1)
        self.assertNotEqual(view['name'], access.assignment_name(HUB, WORKER, ALICE.object_id))

    def test_forbidden_caller_gets_one_line_naming_the_permission_and_the_roles(self):
        client = FakeAssignments(create_errors=[http_error(403, 'AuthorizationFailed', 'no write')])
        with self.assertRaises(ForbiddenError) as caught:
            self.grant(client)
        message = str(caught.exception)
        self.assertNotIn('\n', message)
        self.assertIn('Microsoft.Authorization/roleAssignments/write', message)
        self.assertIn('Owner, User Access Administrator', message)
        self.assertIn('az durabletask role-assignment create -g rg1 -s sched1 --task-hub-name hub1 --role worker '
                      '--assignee-object-id {} --assignee-principal-type User'.format(ALICE.object_id),
                      caught.exception.recommendations[0])


class ListAndDeleteTest(unittest.TestCase):

    def setUp(self):
        self.client = FakeAssignments([
            assignment(SCHEDULER, role_definition_id(SUB, CONTRIBUTOR), ALICE.object_id, 's-alice'),
            assignment(HUB, role_definition_id(SUB, WORKER), BOB.object_id, 'h-bob'),
            assignment(SCHEDULER + '/taskHubs/hub2', role_definition_id(SUB, READER), BOB.object_id, 'h2-bob'),
            assignment(SCHEDULER, OWNER_DEFINITION, ALICE.object_id, 'owner'),
            assignment('/subscriptions/{}/resourceGroups/rg1'.format(SUB), role_definition_id(SUB, READER),
                       ALICE.object_id, 'rg-alice'),
            assignment(SCHEDULER.replace('sched1', 'sched10'), role_definition_id(SUB, READER), ALICE.object_id,
                       'other-scheduler'),
        ])
        self.cmd = SimpleNamespace(cli_ctx=cli_ctx())
        patches = [mock.patch.object(access, '_assignments_client', return_value=self.client),
                   mock.patch.object(access, '_principal_names', return_value={BOB.object_id: 'ops@contoso.example'}),
                   mock.patch('azext_durabletask._resource.current_subscription', return_value=SUB)]
        for patch in patches:
            patch.start()
            self.addCleanup(patch.stop)

    def names(self, **kwargs):
        return [a['name'] for a in access.list_role_assignments(self.cmd, 'rg1', 'sched1', **kwargs)]

    def test_scheduler_and_all_its_hubs_in_one_call_only_durable_task_roles(self):
        self.assertEqual(self.names(), ['s-alice', 'h-bob', 'h2-bob'])
        self.assertEqual(self.client.list_calls, [(SCHEDULER, None)])

    def test_one_hub_and_filters(self):
        self.assertEqual(self.names(task_hub_name='hub1'), ['h-bob'])
        self.assertEqual(self.names(role=READER), ['h2-bob'])
        self.assertEqual(self.names(assignee_object_id=ALICE.object_id), ['s-alice'])
        self.assertEqual(self.names(task_hub_name='hub1', include_inherited=True), ['rg-alice', 's-alice', 'h-bob'])

    def test_view_has_names_for_the_table(self):
        views = access.list_role_assignments(self.cmd, 'rg1', 'sched1', task_hub_name='hub1')
        self.assertEqual((views[0]['roleDefinitionName'], views[0]['principalName']),
                         ('Durable Task Worker', 'ops@contoso.example'))

    def test_delete_by_principal_role_and_scope(self):
        with mock.patch.object(access, 'resolve_principal', return_value=BOB):
            access.delete_role_assignment(self.cmd, 'rg1', 'sched1', WORKER, task_hub_name='hub1',
                                          assignee='ops@contoso.example')
        self.assertEqual(self.client.deleted, [(HUB, 'h-bob')])

    def test_delete_of_nothing_warns_and_deletes_nothing(self):
        with mock.patch.object(access, 'resolve_principal', return_value=BOB), \
                mock.patch.object(access.logger, 'warning') as warning:
            access.delete_role_assignment(self.cmd, 'rg1', 'sched1', READER, task_hub_name='hub1')
        self.assertEqual(self.client.deleted, [])
        self.assertIn('Nothing to delete', warning.call_args[0][0])

    def test_delete_by_ids(self):
        ids = [HUB + '/providers/Microsoft.Authorization/roleAssignments/h-bob',
               SCHEDULER + '/providers/Microsoft.Authorization/roleAssignments/s-alice']
        access.delete_role_assignment(self.cmd, assignment_ids=ids)
        self.assertEqual(self.client.deleted, [(HUB, 'h-bob'), (SCHEDULER, 's-alice')])


def ns(**kwargs):
    values = dict(resource_group_name='rg1', scheduler_name='sched1', task_hub_name=None, role='worker',
                  assignee=None, assignee_object_id=None, assignee_principal_type=None)
    values.update(kwargs)
    return argparse.Namespace(**values)


class AccessValidatorTest(unittest.TestCase):

    def test_create_resolves_the_role(self):
        namespace = ns(role='Durable Task Data Reader')
        v.validate_role_assignment_create(namespace)
        self.assertIs(namespace.role, READER)

    def test_create_refusals_name_the_flag(self):
        cases = [
            (ns(role='Owner'), InvalidArgumentValueError, "^--role 'Owner' is not a Durable Task role"),
            (ns(task_hub_name='h_1'), InvalidArgumentValueError, '^--task-hub-name'),
            (ns(assignee='a@b.c', assignee_object_id=ALICE.object_id), MutuallyExclusiveArgumentError, '--assignee'),
            (ns(assignee_principal_type='User'), RequiredArgumentMissingError, '^--assignee-principal-type'),
            (ns(assignee_object_id='dev@contoso.example'), InvalidArgumentValueError, '^--assignee-object-id'),
            (ns(assignee='/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/sites/app'),
             InvalidArgumentValueError, "^--assignee '/subscriptions/.*' is a resource id but not"),
        ]
        for namespace, error, pattern in cases:
            with self.assertRaisesRegex(error, pattern):
                v.validate_role_assignment_create(namespace)

    def test_delete_needs_ids_or_scope_and_role(self):
        with self.assertRaisesRegex(RequiredArgumentMissingError, '^Give --ids, or --role'):
            v.validate_role_assignment_delete(ns(role=None, assignment_ids=None))
        with self.assertRaisesRegex(MutuallyExclusiveArgumentError, '^--ids .* omit --scheduler-name, --role'):
            v.validate_role_assignment_delete(ns(assignment_ids=[HUB + '/providers/Microsoft.Authorization/'
                                                                       'roleAssignments/x']))
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--ids '/subscriptions/.*' is not a role assignment"):
            v.validate_role_assignment_delete(ns(scheduler_name=None, role=None, assignment_ids=[
                '/subscriptions/{}/providers/Microsoft.Authorization/roleAssignments/x'.format(SUB)]))

    def test_connection_string_options(self):
        base = dict(scheduler_name='sched1', task_hub_name='hub1')
        namespace = argparse.Namespace(authentication='managedidentity', client_id=ALICE.object_id, **base)
        v.validate_show_connection_string(namespace)
        self.assertEqual(namespace.authentication, 'ManagedIdentity')
        with self.assertRaisesRegex(MutuallyExclusiveArgumentError, '^--client-id applies only to --auth'):
            v.validate_show_connection_string(argparse.Namespace(authentication='AzureCLI', client_id=ALICE.object_id,
                                                                 **base))
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--client-id 'abc' is not a client id"):
            v.validate_show_connection_string(argparse.Namespace(authentication='ManagedIdentity', client_id='abc',
                                                                 **base))

    def test_attach_options(self):
        site = '/subscriptions/{}/resourceGroups/rg1/providers/Microsoft.Web/sites/app1'.format(SUB)
        base = dict(scheduler_name='sched1', task_hub_name='hub1', target=site, role_type='worker', identity=None)
        namespace = argparse.Namespace(**base)
        v.validate_attach(namespace)
        self.assertIs(namespace.role_type, WORKER)
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--target '.*' is not a Function App or Container"):
            v.validate_attach(argparse.Namespace(**dict(base, target=site.replace('Web/sites', 'Compute/vms'))))
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--identity 'orders-id' is not a user-assigned"):
            v.validate_attach(argparse.Namespace(**dict(base, identity='orders-id')))


if __name__ == '__main__':
    unittest.main()
