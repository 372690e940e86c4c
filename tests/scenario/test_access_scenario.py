# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""az durabletask role-assignment, taskhub show-connection-string and scheduler attach, recorded against the
stand-in (see base.py). Recorded as the seeded user dev@contoso.example (the playback login is a user too).

The caller without Microsoft.Authorization/roleAssignments/write needs another login: that path is a live test,
tests/e2e/test_access_forbidden.py.
"""

import json

from azure.cli.core.azclierror import InvalidArgumentValueError, ResourceNotFoundError, ValidationError

from .base import DurableTaskScenarioTest

# Seeded in the stand-in's directory (armstandin/constants.py).
USER_UPN, USER_OBJECT_ID = 'dev@contoso.example', 'f6a2fd12-1505-421d-bb73-4fd6af1b358d'
USER2_UPN, USER2_OBJECT_ID = 'ops@contoso.example', '0f0b7fc7-48af-46d2-95d3-e3fb76cc9ab3'
WORKER_APP_ID, WORKER_APP_OBJECT_ID = '532d3883-a1a2-4e13-a422-e70f0f214408', '5fe6f8d6-2e74-40b1-ab40-c61254ba1e41'
READER, WORKER, CONTRIBUTOR = 'Durable Task Data Reader', 'Durable Task Worker', 'Durable Task Data Contributor'
WEB_API, APP_API = '2024-11-01', '2024-03-01'


class AccessScenarioTest(DurableTaskScenarioTest):

    def _graph_calls(self, since):
        return [url for _, url, _ in self.sent[since:] if '/v1.0/' in url]

    def _scheduler_and_hub(self, short_name):
        # Fixed names, not random ones: role assignment names are derived from the scope, and a random name is
        # replaced by a moniker in the cassette, so the replayed name would differ from the recorded one.
        self.kwargs.update({
            'rg': 'dts-acc-{}-rg'.format(short_name),
            'scheduler': 'dts-acc-{}'.format(short_name),
            'hub': 'hub-{}'.format(short_name),
            'sub': self.get_subscription_id(),
        })
        self.cmd('group create -n {rg} -l westus2')
        # Leave nothing behind: a subscription holds at most 5 Consumption task hubs per region, as in Azure.
        self.addCleanup(self.cmd, 'group delete -n {rg} --yes --no-wait')
        self.kwargs['endpoint'] = self.cmd(
            'durabletask scheduler create -g {rg} -n {scheduler} -l westus2 --sku-name Consumption').get_output_in_json(
        )['properties']['endpoint']
        self.cmd('durabletask taskhub create -g {rg} -s {scheduler} -n {hub}')
        self.kwargs['scheduler_id'] = ('/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.DurableTask/'
                                       'schedulers/{scheduler}'.format(**self.kwargs))
        self.kwargs['hub_id'] = self.kwargs['scheduler_id'] + '/taskHubs/' + self.kwargs['hub']

    # --- role assignments ----------------------------------------------------------------------------------------

    def test_role_assignment_signed_in_user_idempotent_list_delete(self):
        self._scheduler_and_hub('user')
        first = self.cmd('durabletask role-assignment create -g {rg} -s {scheduler} --task-hub-name {hub} '
                         '--role reader', checks=[
                             self.check('principalId', USER_OBJECT_ID),
                             self.check('principalType', 'User'),
                             self.check('principalName', USER_UPN),
                             self.check('roleDefinitionName', READER),
                             self.check('scope', '{hub_id}'),
                         ]).get_output_in_json()
        [body] = self.sent_bodies('PUT', '/roleAssignments/')
        self.assertEqual(body, {'properties': {
            'roleDefinitionId': '/subscriptions/{}/providers/Microsoft.Authorization/roleDefinitions/'
                                'd6a5505f-6ebb-45a4-896e-ac8274cfc0ac'.format(self.kwargs['sub']),
            'principalId': USER_OBJECT_ID, 'principalType': 'User'}})

        # A second identical grant returns the existing assignment and sends no write.
        self.cmd('durabletask role-assignment create -g {rg} -s {scheduler} -t {hub} --role "Durable Task Data Reader"',
                 checks=[self.check('name', first['name']), self.check('id', first['id'])])
        self.assertEqual(len(self.sent_bodies('PUT', '/roleAssignments/')), 1)

        self.cmd('durabletask role-assignment list -g {rg} -s {scheduler}', checks=[
            self.check('length(@)', 1),
            self.check('[0].principalName', USER_UPN),
            self.check('[0].roleDefinitionName', READER),
        ])
        self.cmd('durabletask role-assignment delete -g {rg} -s {scheduler} -t {hub} --role reader --yes')
        self.cmd('durabletask role-assignment list -g {rg} -s {scheduler}', checks=[self.check('length(@)', 0)])
        # Deleting what is not there is not an error.
        self.cmd('durabletask role-assignment delete -g {rg} -s {scheduler} -t {hub} --role reader --yes')

    def test_role_assignment_managed_identity_waits_for_replication(self):
        """Named for its cassette. A just-created identity is granted at once: principalType ServicePrincipal makes
        Azure skip the directory lookup, so there is nothing to wait for (one PUT, no retry)."""
        self._scheduler_and_hub('mi')
        self.kwargs['identity'] = 'id-' + self.kwargs['scheduler']
        identity = self.cmd('identity create -g {rg} -n {identity} -l westus2').get_output_in_json()
        self.kwargs['identity_id'] = identity['id']
        start = len(self.sent)
        self.cmd('durabletask role-assignment create -g {rg} -s {scheduler} -t {hub} --role worker '
                 '--assignee {identity_id}', checks=[
                     self.check('principalId', identity['principalId']),
                     self.check('principalType', 'ServicePrincipal'),
                     self.check('roleDefinitionName', WORKER),
                     self.check('scope', '{hub_id}'),
                 ])
        puts = [body for method, url, body in self.sent[start:]
                if method == 'PUT' and '/roleassignments/' in url.lower()]
        self.assertEqual(len(puts), 1)
        self.assertEqual(json.loads(puts[0])['properties']['principalType'], 'ServicePrincipal')
        self.assertEqual(self._graph_calls(start), [])

        listed = self.cmd('durabletask role-assignment list -g {rg} -s {scheduler} --assignee {identity_id}', checks=[
            self.check('length(@)', 1),
            self.check('[0].principalName', '{identity}'),
        ]).get_output_in_json()
        self.kwargs['assignment_id'] = listed[0]['id']
        self.cmd('durabletask role-assignment delete --ids {assignment_id} --yes')
        self.cmd('durabletask role-assignment list -g {rg} -s {scheduler}', checks=[self.check('length(@)', 0)])

    def test_role_assignment_object_id_skips_graph_and_list_filters(self):
        self._scheduler_and_hub('oid')
        self.kwargs.update(app=WORKER_APP_ID, app_object=WORKER_APP_OBJECT_ID, ops=USER2_UPN)
        start = len(self.sent)
        self.cmd('durabletask role-assignment create -g {rg} -s {scheduler} --role contributor '
                 '--assignee-object-id {app_object} --assignee-principal-type ServicePrincipal', checks=[
                     self.check('principalId', WORKER_APP_OBJECT_ID),
                     self.check('scope', '{scheduler_id}'),
                     self.check('roleDefinitionName', CONTRIBUTOR),
                 ])
        self.assertEqual(self._graph_calls(start), [],
                         'Microsoft Graph was called although the object id and type were given')

        # By app id and by UPN (resolved through Graph, as az role assignment create does).
        self.cmd('durabletask role-assignment create -g {rg} -s {scheduler} -t {hub} --role worker --assignee {app}',
                 checks=[self.check('principalId', WORKER_APP_OBJECT_ID)])
        self.cmd('durabletask role-assignment create -g {rg} -s {scheduler} -t {hub} --role reader --assignee {ops}',
                 checks=[self.check('principalId', USER2_OBJECT_ID), self.check('principalType', 'User')])

        self.cmd('durabletask role-assignment list -g {rg} -s {scheduler}', checks=[
            self.check('length(@)', 3),
            self.check('[0].scope', '{scheduler_id}'),
            self.check("sort([].roleDefinitionName)", sorted([CONTRIBUTOR, READER, WORKER])),
        ])
        self.cmd('durabletask role-assignment list -g {rg} -s {scheduler} -t {hub}',
                 checks=[self.check('length(@)', 2)])
        self.cmd('durabletask role-assignment list -g {rg} -s {scheduler} -t {hub} --include-inherited',
                 checks=[self.check('length(@)', 3)])
        self.cmd('durabletask role-assignment list -g {rg} -s {scheduler} --assignee-object-id {app_object}',
                 checks=[self.check('length(@)', 2), self.check('[0].principalName', 'orders-worker')])
        self.cmd('durabletask role-assignment list -g {rg} -s {scheduler} --role reader', checks=[
            self.check('length(@)', 1), self.check('[0].principalName', USER2_UPN)])

        self.cmd('durabletask role-assignment delete -g {rg} -s {scheduler} --role contributor '
                 '--assignee-object-id {app_object} --yes')
        self.cmd('durabletask role-assignment list -g {rg} -s {scheduler} --assignee-object-id {app_object}',
                 checks=[self.check('length(@)', 1), self.check('[0].roleDefinitionName', WORKER)])

    def test_role_assignment_unknown_role_and_principal(self):
        self._scheduler_and_hub('err')
        start = len(self.sent)
        with self.assertRaisesRegex(InvalidArgumentValueError, "--role 'Owner' is not a Durable Task role"):
            self.cmd('durabletask role-assignment create -g {rg} -s {scheduler} --role Owner')
        self.assertEqual(self.sent[start:], [])
        with self.assertRaisesRegex(ResourceNotFoundError, "--assignee 'nobody@contoso.example': no user"):
            self.cmd('durabletask role-assignment create -g {rg} -s {scheduler} --role reader '
                     '--assignee nobody@contoso.example')
        self.assertEqual(self.sent_bodies('PUT', '/roleAssignments/', start), [])

    # --- connection details ----------------------------------------------------------------------------------------

    def test_show_connection_string(self):
        self._scheduler_and_hub('conn')
        self.cmd('durabletask taskhub show-connection-string -g {rg} -s {scheduler} -n {hub}', checks=[
            self.check('endpoint', '{endpoint}'),
            self.check('taskHub', '{hub}'),
            self.check('connectionString', 'Endpoint={endpoint};TaskHub={hub};Authentication=DefaultAzure'),
            self.check('functionsAppSettings.DURABLE_TASK_SCHEDULER_CONNECTION_STRING',
                       'Endpoint={endpoint};Authentication=DefaultAzure'),
            self.check('functionsAppSettings.TASKHUB_NAME', '{hub}'),
            # the service's dashboardUrl (Azure's form: subscription, scheduler and hub in the path, tenantId)
            self.check_pattern('dashboardUrl', r'^https://dashboard\.durabletask\.io/subscriptions/[0-9a-f-]+/'
                                               r'schedulers/{scheduler}/taskhubs/{hub}\?endpoint=https%3a%2f%2f'),
            self.check_pattern('dashboardUrl', r'.*&tenantId=[0-9a-f-]+$'),
        ])
        self.kwargs['client'] = WORKER_APP_ID
        self.cmd('durabletask taskhub show-connection-string -g {rg} -s {scheduler} -n {hub} --auth managedidentity '
                 '--client-id {client}', checks=[
                     self.check('connectionString',
                                'Endpoint={endpoint};TaskHub={hub};Authentication=ManagedIdentity;ClientID={client}'),
                 ])
        self.cmd('durabletask taskhub show-connection-string -g {rg} -s {scheduler} -n {hub} --auth None', checks=[
            self.check('connectionString', 'Endpoint={endpoint};TaskHub={hub};Authentication=None')])
        with self.assertRaises(ResourceNotFoundError):
            self.cmd('durabletask taskhub show-connection-string -g {rg} -s {scheduler} -n no-such-hub')

    # --- attach -------------------------------------------------------------------------------------------------

    def _function_app(self, identity_type=None):
        self.kwargs['site'] = 'func-' + self.kwargs['scheduler']
        self.kwargs['site_id'] = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{site}'.format(
            **self.kwargs)
        identity = ', "identity": {{"type": "{}"}}'.format(identity_type) if identity_type else ''
        self.kwargs['site_body'] = ('{{"location": "westus2", "kind": "functionapp,linux"{}, "properties": '
                                    '{{"siteConfig": {{"appSettings": [{{"name": "FUNCTIONS_WORKER_RUNTIME", '
                                    '"value": "python"}}]}}}}}}'.format(identity))
        return self.cmd("rest --method put --url {site_id}?api-version=" + WEB_API + " --body '{site_body}'") \
            .get_output_in_json()

    def _app_settings(self):
        return self.cmd('rest --method post --url {site_id}/config/appsettings/list?api-version=' + WEB_API) \
            .get_output_in_json()['properties']

    def test_attach_function_app_system_identity(self):
        self._scheduler_and_hub('func')
        site = self._function_app('SystemAssigned')
        attach = ('durabletask scheduler attach -g {rg} -n {scheduler} --task-hub-name {hub} --role-type contributor '
                  '--target {site_id}')
        self.cmd(attach, checks=[
            self.check('identity.type', 'SystemAssigned'),
            self.check('identity.principalId', site['identity']['principalId']),
            self.check('roleAssignment.roleDefinitionName', CONTRIBUTOR),
            self.check('roleAssignment.scope', '{hub_id}'),
            self.check('changed', ['roleAssignment', 'settings']),
        ])
        self.assertEqual(self._app_settings(), {
            'FUNCTIONS_WORKER_RUNTIME': 'python',
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'Endpoint={};Authentication=ManagedIdentity'.format(
                self.kwargs['endpoint']),
            'TASKHUB_NAME': self.kwargs['hub']})

        # Re-running changes nothing: no role assignment and no settings are written again.
        writes = len(self.sent_bodies('PUT', '/roleAssignments/')) + len(self.sent_bodies('PUT', '/appsettings'))
        self.cmd(attach, checks=[self.check('changed', [])])
        self.assertEqual(len(self.sent_bodies('PUT', '/roleAssignments/')) +
                         len(self.sent_bodies('PUT', '/appsettings')), writes)

    def test_attach_function_app_user_identity_and_scheduler_scope(self):
        self._scheduler_and_hub('funcid')
        self._function_app()
        self.kwargs['identity'] = 'id-' + self.kwargs['scheduler']

        # No identity at all: the error says how to enable one, and nothing is changed.
        with self.assertRaisesRegex(ValidationError, 'has no system-assigned managed identity'):
            self.cmd('durabletask scheduler attach -g {rg} -n {scheduler} --task-hub-name {hub} --role-type worker '
                     '--target {site_id}')
        self.assertEqual(self.sent_bodies('PUT', '/roleAssignments/'), [])

        identity = self.cmd('identity create -g {rg} -n {identity} -l westus2').get_output_in_json()
        self.kwargs['identity_id'] = identity['id']
        self.cmd('durabletask scheduler attach -g {rg} -n {scheduler} --task-hub-name {hub} --role-type worker '
                 '--target {site_id} --identity {identity_id} --scope scheduler', checks=[
                     self.check('identity.type', 'UserAssigned'),
                     self.check('identity.principalId', identity['principalId']),
                     self.check('identity.clientId', identity['clientId']),
                     self.check('roleAssignment.scope', '{scheduler_id}'),
                     self.check('roleAssignment.roleDefinitionName', WORKER),
                     self.check('changed', ['identity', 'roleAssignment', 'settings']),
                 ])
        self.assertEqual(self._app_settings()['DURABLE_TASK_SCHEDULER_CONNECTION_STRING'],
                         'Endpoint={};Authentication=ManagedIdentity;ClientID={}'.format(
                             self.kwargs['endpoint'], identity['clientId']))
        self.cmd('rest --method get --url {site_id}?api-version=' + WEB_API, checks=[
            self.check('identity.type', 'UserAssigned'),
            self.check('keys(identity.userAssignedIdentities)', [identity['id']]),
        ])

    def test_attach_container_app(self):
        self._scheduler_and_hub('aca')
        self.kwargs['app'] = 'app-' + self.kwargs['scheduler']
        self.kwargs['app_id'] = ('/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/containerApps/{app}'
                                 .format(**self.kwargs))
        self.kwargs['app_body'] = ('{"location": "westus2", "properties": {"template": {"containers": ['
                                   '{"name": "worker", "image": "contoso.azurecr.io/orders:1", "env": ['
                                   '{"name": "LOG_LEVEL", "value": "info"}]}, '
                                   '{"name": "sidecar", "image": "contoso.azurecr.io/proxy:1"}]}}}')
        self.cmd("rest --method put --url {app_id}?api-version=" + APP_API + " --body '{app_body}'")
        with self.assertRaises(ValidationError) as caught:
            self.cmd('durabletask scheduler attach -g {rg} -n {scheduler} --task-hub-name {hub} --role-type worker '
                     '--target {app_id}')
        self.assertIn('az containerapp identity assign -g {rg} -n {app} --system-assigned'.format(**self.kwargs),
                      caught.exception.recommendations[0])

        self.kwargs['identity'] = 'id-' + self.kwargs['scheduler']
        identity = self.cmd('identity create -g {rg} -n {identity} -l westus2').get_output_in_json()
        self.kwargs['identity_id'] = identity['id']
        attach = ('durabletask scheduler attach -g {rg} -n {scheduler} --task-hub-name {hub} --role-type worker '
                  '--target {app_id} --identity {identity_id}')
        self.cmd(attach, checks=[
            self.check('identity.principalId', identity['principalId']),
            self.check('roleAssignment.scope', '{hub_id}'),
            self.check('changed', ['identity', 'roleAssignment', 'settings']),
        ])
        app = self.cmd('rest --method get --url {app_id}?api-version=' + APP_API).get_output_in_json()
        expected = {'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'Endpoint={};TaskHub={};Authentication=ManagedIdentity;'
                                                                'ClientID={}'.format(self.kwargs['endpoint'],
                                                                                     self.kwargs['hub'],
                                                                                     identity['clientId']),
                    'TASKHUB_NAME': self.kwargs['hub']}
        for container in app['properties']['template']['containers']:
            env = {var['name']: var.get('value') for var in container.get('env') or []}
            self.assertEqual({k: env.get(k) for k in expected}, expected, container['name'])
        self.assertEqual(app['properties']['template']['containers'][0]['env'][0],
                         {'name': 'LOG_LEVEL', 'value': 'info'})
        self.assertEqual(list(app['identity']['userAssignedIdentities']), [identity['id']])

        patches = len(self.sent_bodies('PATCH', '/containerApps/'))
        self.cmd(attach, checks=[self.check('changed', [])])
        self.assertEqual(len(self.sent_bodies('PATCH', '/containerApps/')), patches)
