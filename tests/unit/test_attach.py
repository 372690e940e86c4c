# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask scheduler attach (azext_durabletask/attach.py) against in-memory Web and Container Apps
clients: which identity, which settings, and that a re-run changes nothing."""
import unittest
from types import SimpleNamespace
from unittest import mock

from azure.cli.core.azclierror import ValidationError
from azure.mgmt.appcontainers.models import (Container, ContainerApp, EnvironmentVar, ManagedServiceIdentity,
                                             Template, UserAssignedIdentity)

from azext_durabletask import attach
from azext_durabletask._roles import ROLES

SUB = '49398e88-3aa2-4466-8f5d-fab7e44c5108'
RG = '/subscriptions/{}/resourceGroups/rg1'.format(SUB)
SITE = RG + '/providers/Microsoft.Web/sites/orders-func'
CONTAINER_APP = RG + '/providers/Microsoft.App/containerApps/orders-worker'
IDENTITY = RG + '/providers/Microsoft.ManagedIdentity/userAssignedIdentities/orders-id'
OTHER_IDENTITY = RG + '/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other-id'
ENDPOINT = 'https://sched1-ab12cd34.westus2.durabletask.io'
SYSTEM_PRINCIPAL = '11111111-1111-4111-8111-111111111111'
UAMI_PRINCIPAL, UAMI_CLIENT = '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'
CONTRIBUTOR, WORKER, _ = ROLES
HUB_SCOPE = RG + '/providers/Microsoft.DurableTask/schedulers/sched1/taskHubs/hub1'


class FakeWebApps:

    def __init__(self, identity=None, settings=None, kind='functionapp,linux'):
        self.site = SimpleNamespace(id=SITE, kind=kind, identity=identity)
        self.settings = dict(settings or {})
        self.settings_updates, self.patches = [], []

    def get(self, group, name):
        assert (group, name) == ('rg1', 'orders-func')
        return self.site

    def list_application_settings(self, group, name):
        return SimpleNamespace(properties=dict(self.settings))

    def update_application_settings(self, group, name, body):
        self.settings_updates.append(body)
        self.settings = dict(body['properties'])

    def update(self, group, name, body):
        self.patches.append(body)
        uami = {key: SimpleNamespace(principal_id=UAMI_PRINCIPAL, client_id=UAMI_CLIENT)
                for key in body['identity']['userAssignedIdentities']}
        self.site.identity = SimpleNamespace(type=body['identity']['type'], principal_id=None,
                                             user_assigned_identities=uami)
        return self.site


class FakeContainerApps:

    def __init__(self, app):
        self.app = app
        self.updates = []

    def get(self, group, name):
        assert (group, name) == ('rg1', 'orders-worker')
        return self.app

    def begin_update(self, group, name, body, polling=True):
        assert polling is not False  # attach waits for the app's update
        self.updates.append(body)
        if body.identity is not None:
            self.app.identity = body.identity
            for value in body.identity.user_assigned_identities.values():
                value.__dict__.update(principal_id=UAMI_PRINCIPAL, client_id=UAMI_CLIENT)
        if body.template is not None:
            self.app.template = body.template
        return SimpleNamespace(done=lambda: True, result=lambda: None, status=lambda: 'Succeeded')


class AttachTest(unittest.TestCase):

    def setUp(self):
        self.cmd = SimpleNamespace(cli_ctx=mock.Mock(only_show_errors=True))
        self.grants = []

        def grant(_, scope, role, principal):
            self.grants.append((scope, role, principal))
            return {'scope': scope, 'roleDefinitionName': role.name}, True
        patches = [mock.patch('azext_durabletask.access.grant', side_effect=grant),
                   mock.patch('azext_durabletask.access.keep_only_role',
                              side_effect=lambda _, scope, role, who: ([], [{'role': role.name, 'scope': scope}])),
                   mock.patch('azext_durabletask.connection.read_endpoint', return_value=(ENDPOINT, None)),
                   mock.patch('azext_durabletask._resource.current_subscription', return_value=SUB),
                   mock.patch('azext_durabletask._roles.get_identity', return_value=SimpleNamespace(
                       name='orders-id', principal_id=UAMI_PRINCIPAL, client_id=UAMI_CLIENT))]
        for patch in patches:
            patch.start()
            self.addCleanup(patch.stop)

    def attach(self, target, client, **kwargs):
        factory = 'azext_durabletask._client_factory.cf_web_apps' if target == SITE else \
            'azext_durabletask._client_factory.cf_container_apps'
        with mock.patch(factory, return_value=client):
            return attach.attach_scheduler(self.cmd, 'rg1', 'sched1', 'hub1', target, kwargs.pop('role', CONTRIBUTOR),
                                           **kwargs)

    def test_function_app_system_identity_then_rerun_changes_nothing(self):
        web = FakeWebApps(identity=SimpleNamespace(type='SystemAssigned', principal_id=SYSTEM_PRINCIPAL,
                                                   user_assigned_identities=None),
                          settings={'FUNCTIONS_WORKER_RUNTIME': 'python'})
        result = self.attach(SITE, web)
        scope, role, principal = self.grants[0]
        self.assertEqual((scope, role, principal.object_id, principal.principal_type),
                         (HUB_SCOPE, CONTRIBUTOR, SYSTEM_PRINCIPAL, 'ServicePrincipal'))
        self.assertEqual(web.settings, {
            'FUNCTIONS_WORKER_RUNTIME': 'python',
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'Endpoint={};Authentication=ManagedIdentity'.format(ENDPOINT),
            'TASKHUB_NAME': 'hub1'})
        self.assertEqual(result['changed'], ['roleAssignment', 'settings'])
        self.assertEqual(result['identity']['type'], 'SystemAssigned')

        with mock.patch('azext_durabletask.access.grant', return_value=({}, False)):
            again = self.attach(SITE, web)
        self.assertEqual(again['changed'], [])
        self.assertEqual(len(web.settings_updates), 1)

    def test_scheduler_scope(self):
        web = FakeWebApps(identity=SimpleNamespace(type='SystemAssigned', principal_id=SYSTEM_PRINCIPAL,
                                                   user_assigned_identities=None))
        self.attach(SITE, web, scope='scheduler')
        self.assertEqual(self.grants[0][0], HUB_SCOPE.rsplit('/taskHubs/', 1)[0])

    def test_no_identity_says_how_to_enable_one_and_changes_nothing(self):
        web = FakeWebApps(identity=None)
        with self.assertRaises(ValidationError) as caught:
            self.attach(SITE, web)
        self.assertEqual(str(caught.exception), "Function App 'orders-func' has no system-assigned managed identity.")
        self.assertIn('az functionapp identity assign -g rg1 -n orders-func', caught.exception.recommendations[0])
        self.assertEqual((self.grants, web.settings_updates), ([], []))

    def test_web_app_gets_webapp_command_and_sdk_form(self):
        web = FakeWebApps(identity=None, kind='app,linux')
        with self.assertRaises(ValidationError) as caught:
            self.attach(SITE, web)
        self.assertIn('az webapp identity assign', caught.exception.recommendations[0])

    def test_user_assigned_identity_is_attached_keeping_the_others(self):
        web = FakeWebApps(identity=SimpleNamespace(
            type='SystemAssigned, UserAssigned', principal_id=SYSTEM_PRINCIPAL,
            user_assigned_identities={OTHER_IDENTITY: SimpleNamespace(principal_id='x', client_id='y')}))
        result = self.attach(SITE, web, identity=IDENTITY)
        self.assertEqual(web.patches, [{'identity': {'type': 'SystemAssigned, UserAssigned', 'userAssignedIdentities':
                                                     {OTHER_IDENTITY: {}, IDENTITY: {}}}}])
        self.assertEqual(self.grants[0][2].object_id, UAMI_PRINCIPAL)
        self.assertTrue(web.settings['DURABLE_TASK_SCHEDULER_CONNECTION_STRING'].endswith(
            ';Authentication=ManagedIdentity;ClientID=' + UAMI_CLIENT))
        self.assertEqual(result['changed'], ['identity', 'roleAssignment', 'settings'])

    def test_user_assigned_identity_already_on_the_app_any_case(self):
        web = FakeWebApps(identity=SimpleNamespace(type='UserAssigned', principal_id=None, user_assigned_identities={
            IDENTITY.lower(): SimpleNamespace(principal_id=UAMI_PRINCIPAL, client_id=UAMI_CLIENT)}))
        result = self.attach(SITE, web, identity=IDENTITY)
        self.assertEqual(web.patches, [])
        self.assertEqual(result['identity']['clientId'], UAMI_CLIENT)

    def container_app(self, identity=None):
        env = [EnvironmentVar(name='TASKHUB_NAME', secret_ref='hub-secret'), EnvironmentVar(name='LOG', value='1')]
        template = Template(containers=[Container(name='worker', image='img', env=env),
                                        Container(name='sidecar', image='img2')], revision_suffix='v1')
        return ContainerApp(location='westus2', identity=identity, template=template)

    def test_container_app_env_on_every_container_sdk_form_then_rerun_changes_nothing(self):
        apps = FakeContainerApps(self.container_app(ManagedServiceIdentity(type='SystemAssigned')))
        apps.app.identity.__dict__['principal_id'] = SYSTEM_PRINCIPAL
        result = self.attach(CONTAINER_APP, apps, role=WORKER)
        self.assertEqual(len(apps.updates), 1)
        sent = apps.updates[0]
        self.assertIsNone(sent.template.revision_suffix)
        self.assertIsNone(sent.identity)
        expected = 'Endpoint={};TaskHub=hub1;Authentication=ManagedIdentity'.format(ENDPOINT)
        for container in sent.template.containers:
            env = {var.name: (var.value, var.secret_ref) for var in container.env}
            self.assertEqual(env['DURABLE_TASK_SCHEDULER_CONNECTION_STRING'], (expected, None))
            self.assertEqual(env['TASKHUB_NAME'], ('hub1', None))
        self.assertEqual({var.name: var.value for var in sent.template.containers[0].env}['LOG'], '1')
        self.assertEqual(result['changed'], ['roleAssignment', 'settings'])
        self.assertEqual(result['target'], CONTAINER_APP)

        with mock.patch('azext_durabletask.access.grant', return_value=({}, False)):
            again = self.attach(CONTAINER_APP, apps, role=WORKER)
        self.assertEqual((again['changed'], len(apps.updates)), ([], 1))

    def test_container_app_user_assigned_identity(self):
        apps = FakeContainerApps(self.container_app(None))
        result = self.attach(CONTAINER_APP, apps, identity=IDENTITY)
        identity_update = apps.updates[0]
        self.assertEqual(identity_update.identity.type, 'UserAssigned')
        self.assertEqual(list(identity_update.identity.user_assigned_identities), [IDENTITY])
        self.assertIsInstance(identity_update.identity.user_assigned_identities[IDENTITY], UserAssignedIdentity)
        self.assertEqual(result['identity'], {'type': 'UserAssigned', 'id': IDENTITY, 'principalId': UAMI_PRINCIPAL,
                                              'clientId': UAMI_CLIENT})
        self.assertEqual(result['changed'], ['identity', 'roleAssignment', 'settings'])

    def test_container_app_without_identity(self):
        apps = FakeContainerApps(self.container_app(None))
        with self.assertRaises(ValidationError) as caught:
            self.attach(CONTAINER_APP, apps)
        self.assertIn('az containerapp identity assign -g rg1 -n orders-worker --system-assigned',
                      caught.exception.recommendations[0])


if __name__ == '__main__':
    unittest.main()


class FakeAssignments:
    """Role assignments of one principal, as ARM lists them for a scope (at, above and below it)."""

    def __init__(self, *assignments):
        definition = '/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/{}'
        self.assignments = [SimpleNamespace(name='a{}'.format(i), scope=scope, principal_id=principal,
                                            role_definition_id=definition.format(SUB, role.guid))
                            for i, (scope, role, principal) in enumerate(assignments)]
        self.deleted = []

    def list_for_scope(self, scope, filter=None):  # pylint: disable=redefined-builtin
        self.filters = filter
        return [a for a in self.assignments
                if a.scope.lower().startswith(scope.lower()) or scope.lower().startswith(a.scope.lower() + '/')]

    def delete(self, scope, name):
        self.deleted.append((scope, name))
        self.assignments = [a for a in self.assignments if a.name != name]


class KeepOnlyRoleTest(unittest.TestCase):
    """`attach --role-type worker` on an app that holds contributor there ends with exactly worker (issue 11)."""

    def keep_only(self, fake, role, scope=HUB_SCOPE):
        from azext_durabletask import access
        from azext_durabletask._roles import Principal
        with mock.patch('azext_durabletask.access._assignments_client', return_value=fake):
            return access.keep_only_role(None, scope, role, Principal(SYSTEM_PRINCIPAL, 'ServicePrincipal', 'app'))

    def test_a_higher_role_at_the_scope_is_removed(self):
        fake = FakeAssignments((HUB_SCOPE, CONTRIBUTOR, SYSTEM_PRINCIPAL), (HUB_SCOPE, WORKER, SYSTEM_PRINCIPAL))
        removed, held = self.keep_only(fake, WORKER)
        self.assertEqual(removed, ['Durable Task Data Contributor'])
        self.assertEqual(fake.deleted, [(HUB_SCOPE, 'a0')])
        self.assertEqual(held, [{'role': 'Durable Task Worker', 'scope': HUB_SCOPE}])
        self.assertIn(SYSTEM_PRINCIPAL, fake.filters)

    def test_other_principals_scopes_and_roles_are_left_alone(self):
        scheduler_scope = HUB_SCOPE.rsplit('/taskHubs/', 1)[0]
        other_hub = scheduler_scope + '/taskHubs/hub2'
        fake = FakeAssignments((HUB_SCOPE, CONTRIBUTOR, UAMI_PRINCIPAL), (other_hub, CONTRIBUTOR, SYSTEM_PRINCIPAL),
                               (scheduler_scope, CONTRIBUTOR, SYSTEM_PRINCIPAL), (HUB_SCOPE, WORKER, SYSTEM_PRINCIPAL))
        removed, held = self.keep_only(fake, WORKER)
        self.assertEqual((removed, fake.deleted), ([], []))
        # Inherited from the scheduler: shown, not changed.
        self.assertEqual(held, [{'role': 'Durable Task Data Contributor', 'scope': scheduler_scope},
                                {'role': 'Durable Task Worker', 'scope': HUB_SCOPE}])

    def test_attach_reports_what_was_removed_and_what_the_app_holds(self):
        web = FakeWebApps(identity=SimpleNamespace(type='SystemAssigned', principal_id=SYSTEM_PRINCIPAL,
                                                   user_assigned_identities=None))
        removed = ['Durable Task Data Contributor']
        held = [{'role': 'Durable Task Worker', 'scope': HUB_SCOPE}]
        cmd = SimpleNamespace(cli_ctx=mock.Mock(only_show_errors=True))
        with mock.patch('azext_durabletask.access.grant', return_value=({'scope': HUB_SCOPE}, False)), \
                mock.patch('azext_durabletask.access.keep_only_role', return_value=(removed, held)), \
                mock.patch('azext_durabletask.connection.read_endpoint', return_value=(ENDPOINT, None)), \
                mock.patch('azext_durabletask._resource.current_subscription', return_value=SUB), \
                mock.patch('azext_durabletask._client_factory.cf_web_apps', return_value=web), \
                self.assertLogs('cli.azext_durabletask.attach', 'WARNING') as logs:
            result = attach.attach_scheduler(cmd, 'rg1', 'sched1', 'hub1', SITE, WORKER)
        self.assertEqual((result['roles'], result['removedRoles']), (held, removed))
        self.assertIn('removedRoles', result['changed'])
        self.assertIn('Removed Durable Task Data Contributor', logs.output[0])
