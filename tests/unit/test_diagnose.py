# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""taskhub diagnose's checks on given facts (no HTTP), the exit-code mechanism; scheduler delete --delete-task-hubs."""

import unittest
from types import SimpleNamespace
from unittest import mock

from azext_durabletask import diagnose as d

ENDPOINT = 'https://orders-abcd1234efgh5678.westus2.durabletask.io'
SITE = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/sites/func'
UAMI = ('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/'
        'Microsoft.ManagedIdentity/userAssignedIdentities/orders-id')


def scheduler(state='Succeeded', endpoint=ENDPOINT, allowlist=('0.0.0.0/0',), public=None, connections=(),
              location='westus2'):
    pecs = [SimpleNamespace(name=name, properties=SimpleNamespace(
        private_link_service_connection_state=SimpleNamespace(status=status))) for name, status in connections]
    return SimpleNamespace(location=location, properties=SimpleNamespace(
        provisioning_state=state, endpoint=endpoint, ip_allowlist=list(allowlist), public_network_access=public,
        private_endpoint_connections=pecs))


class _App:  # pylint: disable=too-few-public-methods
    kind_name, group, name, id, location = 'Function App', 'rg', 'func', SITE, 'westus2'

    def __init__(self, identities, runs_functions=True):
        self._identities, self.runs_functions = identities, runs_functions

    def identities(self):
        return self._identities

    @staticmethod
    def enable_identity_command():
        return 'az functionapp identity assign -g rg -n func'


SYSTEM = {'type': 'SystemAssigned', 'id': None, 'principalId': 'p-system', 'clientId': None}
USER = {'type': 'UserAssigned', 'id': UAMI, 'principalId': 'p-user', 'clientId': 'c-user'}


def facts(sched=None, client_ip=None, app=None, settings=None, hub=True):
    made = d._Facts(SimpleNamespace(cli_ctx=None), 'rg', 'orders', 'main', None,  # pylint: disable=protected-access
                    SITE if app else None, client_ip)
    made.scheduler = sched
    made.hub = SimpleNamespace(properties=SimpleNamespace(provisioning_state='Succeeded')) if hub else None
    made.app, made.app_settings = app, settings
    return made


def only(rows):
    assert len(rows) == 1, rows
    return rows[0]


class SchedulerStateTest(unittest.TestCase):

    def test_provisioning_shows_no_endpoint_and_says_how_to_wait(self):
        found = only(d.check_scheduler(facts(scheduler('Provisioning', endpoint='', allowlist=()))))
        self.assertEqual(found['result'], d.FAIL)
        self.assertIn('is Provisioning and has no endpoint yet', found['detail'])
        self.assertEqual(found['fix'], 'az durabletask scheduler wait -g rg -n orders --created')

    def test_updating_waits_for_the_update(self):
        found = only(d.check_scheduler(facts(scheduler('Updating', endpoint=''))))
        self.assertEqual(found['fix'], 'az durabletask scheduler wait -g rg -n orders --updated')

    def test_failed_is_recreated_and_deleting_waited_for(self):
        failed = facts(scheduler('Failed'))
        failed.scheduler.properties.sku = SimpleNamespace(name='Dedicated')
        self.assertEqual(only(d.check_scheduler(failed))['fix'],
                         'az durabletask scheduler delete -g rg -n orders --yes && az durabletask scheduler create '
                         '-g rg -n orders -l westus2 --sku-name Dedicated')
        deleting = only(d.check_scheduler(facts(scheduler('Deleting'))))
        self.assertTrue(deleting['fix'].startswith('az durabletask scheduler wait -g rg -n orders --deleted && '),
                        deleting)
        hub = facts(scheduler())
        hub.hub.properties.provisioning_state = 'Deleting'
        expected = ('az durabletask taskhub wait -g rg -s orders -n main --deleted && '
                    'az durabletask taskhub create -g rg -s orders -n main')
        self.assertEqual(only(d.check_task_hub(hub))['fix'], expected)

    def test_network_is_not_judged_while_provisioning(self):
        provisioning = facts(scheduler('Provisioning', endpoint='', allowlist=()))
        for check in (d.check_public_network_access, d.check_private_endpoints, d.check_ip_allowlist):
            self.assertEqual(only(check(provisioning))['result'], d.SKIPPED)


class UnreadableTest(unittest.TestCase):

    def test_forbidden_and_unauthorized(self):
        found = facts(scheduler())
        found.principal = SimpleNamespace(object_id='me-oid')
        found.errors['scheduler'] = SimpleNamespace(status_code=403, error=None, reason='Forbidden')
        with mock.patch('azext_durabletask._resource.current_subscription', return_value='sub'):
            row = only(d.check_scheduler(found))
        self.assertEqual(row['fix'], 'az role assignment create --role Reader --assignee me-oid --scope '
                                     '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.DurableTask/schedulers/'
                                     'orders')
        found.errors['scheduler'] = SimpleNamespace(status_code=401, error=None, reason='Unauthorized')
        self.assertEqual(only(d.check_scheduler(found))['fix'], 'az login')


class NetworkTest(unittest.TestCase):

    def test_empty_allow_list_denies_all(self):
        found = only(d.check_ip_allowlist(facts(scheduler(allowlist=()), client_ip='198.51.100.7')))
        self.assertEqual(found['result'], d.FAIL)
        self.assertEqual(found['fix'], 'az durabletask scheduler update -g rg -n orders --ip-allowlist 198.51.100.7/32')

    def test_open_inside_outside_unknown(self):
        self.assertEqual(only(d.check_ip_allowlist(facts(scheduler())))['result'], d.PASS)
        inside = facts(scheduler(allowlist=('2001:db8::/32', '203.0.113.0/24')), client_ip='2001:db8::5')
        self.assertEqual(only(d.check_ip_allowlist(inside))['result'], d.PASS)
        outside = only(d.check_ip_allowlist(facts(scheduler(allowlist=('203.0.113.0/24',)), client_ip='2001:db8::5')))
        self.assertEqual(outside['fix'], 'az durabletask scheduler update -g rg -n orders '
                                         '--ip-allowlist 203.0.113.0/24 2001:db8::5/128')
        unknown = only(d.check_ip_allowlist(facts(scheduler(allowlist=('203.0.113.0/24',)))))
        self.assertEqual(unknown['result'], d.WARNING)
        self.assertIn('--client-ip', unknown['detail'])

    def test_public_access_disabled_with_and_without_private_endpoints(self):
        alone = only(d.check_public_network_access(facts(scheduler(public='Disabled'))))
        self.assertEqual(alone['result'], d.FAIL)
        with_pe = facts(scheduler(public='Disabled', connections=[('pe1', 'Approved'), ('pe2', 'Pending')]))
        self.assertEqual(only(d.check_public_network_access(with_pe))['result'], d.WARNING)
        rows = {r['check']: r for r in d.check_private_endpoints(with_pe)}
        self.assertEqual(rows['private endpoint pe1']['result'], d.PASS)
        self.assertEqual(rows['private endpoint pe2']['result'], d.FAIL)
        self.assertEqual(rows['private endpoint pe2']['fix'],
                         'az durabletask scheduler private-endpoint-connection approve -g rg -s orders -n pe2')
        self.assertEqual(only(d.check_ip_allowlist(with_pe))['result'], d.SKIPPED)


class DataPlaneVerdictTest(unittest.TestCase):

    def test_a_refusal_is_blamed_on_the_network_when_the_network_explains_it(self):
        found = facts(scheduler(allowlist=('203.0.113.0/24',)), client_ip='127.0.0.1')
        found.probe = (d.FAIL, 'denied', 'PERMISSION_DENIED')
        row = only(d.check_data_plane(found))
        self.assertIn('ip allow list', row['detail'])
        self.assertIn('--ip-allowlist 203.0.113.0/24 127.0.0.1/32', row['fix'])

    def test_unreachable_and_unauthenticated(self):
        found = facts(scheduler())
        found.probe = (d.FAIL, 'connect failed', 'UNAVAILABLE')
        self.assertIn('cannot be reached', only(d.check_data_plane(found))['detail'])
        found.probe = (d.FAIL, 'bad token', 'UNAUTHENTICATED')
        self.assertEqual(only(d.check_data_plane(found))['fix'], 'az login')

    def test_only_the_callers_own_access_is_tried(self):
        found = facts(scheduler(), app=_App([SYSTEM]))
        self.assertEqual(only(d.check_data_plane(found))['result'], d.SKIPPED)


class AppWiringTest(unittest.TestCase):

    def _row(self, check, identities, settings, runs_functions=True):
        return only(check(facts(scheduler(), app=_App(identities, runs_functions), settings=settings)))

    def test_no_identity(self):
        row = self._row(d.check_app_identity, [], {})
        self.assertEqual(row['fix'], 'az functionapp identity assign -g rg -n func')

    def test_user_assigned_identity_needs_its_client_id(self):
        row = self._row(d.check_app_connection_string, [USER], {
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'Endpoint={};Authentication=ManagedIdentity'.format(ENDPOINT)})
        self.assertEqual(row['result'], d.FAIL)
        self.assertIn('no ClientID=', row['detail'])
        self.assertTrue(row['fix'].endswith('--role-type contributor --identity ' + UAMI), row['fix'])
        good = self._row(d.check_app_connection_string, [USER], {
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'Endpoint={};Authentication=ManagedIdentity;ClientID=c-user'
                                                        .format(ENDPOINT)})
        self.assertEqual(good['result'], d.PASS)

    def test_another_endpoint_and_an_unusable_authentication(self):
        row = self._row(d.check_app_connection_string, [SYSTEM], {
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'Endpoint=https://other.westus2.durabletask.io;'
                                                        'Authentication=AzureCLI'})
        self.assertIn("is not this scheduler's endpoint", row['detail'])
        self.assertIn('Authentication=AzureCLI', row['detail'])

    def test_wrong_name_and_unreadable_references(self):
        row = self._row(d.check_app_connection_string, [SYSTEM], {
            'DTS_CONNECTION': 'Endpoint=https://127.0.0.1:5000;Authentication=ManagedIdentity'})
        self.assertIn("set under 'DTS_CONNECTION' instead", row['detail'])
        row = self._row(d.check_app_connection_string, [SYSTEM], {
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'secretref:dts'})
        self.assertEqual(row['result'], d.WARNING)
        self.assertIn('its value is not checked here', row['detail'])

    def test_a_client_id_of_no_identity_of_the_app(self):
        row = self._row(d.check_app_identity, [USER], {
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'Endpoint={};Authentication=ManagedIdentity;ClientID=other'
                                                        .format(ENDPOINT)})
        self.assertEqual(row['result'], d.FAIL)
        self.assertIn('ClientID=other', row['detail'])
        self.assertTrue(row['fix'].endswith('--identity ' + UAMI), row['fix'])

    def test_unparseable_and_host_override_of_the_setting_name(self):
        row = self._row(d.check_app_connection_string, [SYSTEM], {
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'garbage'})
        self.assertIn('does not parse', row['detail'])
        override = d._HOST_OVERRIDE + 'storageProvider__connectionStringName'  # pylint: disable=protected-access
        row = self._row(d.check_app_connection_string, [SYSTEM], {
            override: 'MY_DTS', 'MY_DTS': 'Endpoint={};Authentication=ManagedIdentity'.format(ENDPOINT)})
        self.assertEqual(row['result'], d.PASS)

    def test_task_hub_of_functions_and_of_sdk_apps(self):
        wrong = self._row(d.check_app_task_hub, [SYSTEM], {'TASKHUB_NAME': 'other'})
        self.assertEqual(wrong['detail'], "TASKHUB_NAME is 'other', not 'main'.")
        sdk = self._row(d.check_app_task_hub, [SYSTEM], {
            'DURABLE_TASK_SCHEDULER_CONNECTION_STRING': 'Endpoint={};TaskHub=main;Authentication=ManagedIdentity'
                                                        .format(ENDPOINT)}, runs_functions=False)
        self.assertEqual(sdk['result'], d.PASS)

    def test_another_backend(self):
        key = d._HOST_OVERRIDE + 'storageProvider__type'  # pylint: disable=protected-access
        row = self._row(d.check_app_backend, [SYSTEM], {key: 'netherite'})
        self.assertEqual(row['result'], d.FAIL)
        self.assertEqual(row['fix'], 'az functionapp config appsettings set -g rg -n func --settings {}=azureManaged'
                         .format(key))
        self.assertEqual(self._row(d.check_app_backend, [SYSTEM], {'SQLDB_Connection': 'x'})['result'], d.WARNING)

    def test_region(self):
        found = facts(scheduler(location='West US 2'), app=_App([SYSTEM]), settings={})
        self.assertEqual(only(d.check_app_region(found))['result'], d.PASS)
        found.scheduler.location = 'eastus'
        self.assertEqual(only(d.check_app_region(found))['result'], d.WARNING)


class DetectorsTest(unittest.TestCase):

    @staticmethod
    def _detector(name, status_id, message=None):
        return {'name': name, 'properties': {'metadata': {'name': name.title()},
                                             'status': {'statusId': status_id, 'message': message}}}

    def test_summary(self):
        found = facts(scheduler())
        self.assertEqual(only(d.check_detectors(found))['result'], d.SKIPPED)  # no preview client: not available
        found.detectors = [self._detector('throttling', 3), self._detector('capacity', 2)]
        healthy = only(d.check_detectors(found))
        self.assertEqual((healthy['result'], healthy['detail']), (d.PASS, '2 detector(s) ran: 1 Info, 1 Success.'))
        found.detectors.append(self._detector('errors', 0, 'Orchestrations fail with OutOfMemory.'))
        bad = only(d.check_detectors(found))
        self.assertEqual(bad['result'], d.WARNING)
        self.assertEqual(bad['detail'], 'Critical: Errors: Orchestrations fail with OutOfMemory.')
        self.assertEqual(bad['fix'], 'az durabletask scheduler detector list -g rg -s orders -o table')


class ExitCodeTest(unittest.TestCase):

    def test_failure_is_raised_after_the_output_once(self):
        from knack.events import EVENT_CLI_SUCCESSFUL_EXECUTE
        from azure.cli.core.azclierror import ValidationError
        from azure.cli.core.mock import DummyCli
        cli = DummyCli()
        d.fail_after_output(cli, '1 of 9 checks failed')
        with self.assertRaisesRegex(ValidationError, '1 of 9 checks failed'):
            cli.raise_event(EVENT_CLI_SUCCESSFUL_EXECUTE, result=None)
        cli.raise_event(EVENT_CLI_SUCCESSFUL_EXECUTE, result=None)  # unregistered: the next command is not failed


class DeleteTaskHubsTest(unittest.TestCase):

    def test_a_hub_that_is_not_deleted_keeps_the_scheduler(self):
        from azure.cli.core.azclierror import AzureResponseError
        from azext_durabletask import scheduler as module
        deleted = []

        def run_lro(_cmd, start, no_wait=False, message=None):  # pylint: disable=unused-argument
            return start()

        def begin_delete(_group, _scheduler, hub):
            if hub == 'b':
                raise AzureResponseError('(Conflict) busy')
            deleted.append(hub)
        client = mock.Mock()
        client.task_hubs.begin_delete.side_effect = begin_delete
        scheduler_client = mock.Mock()
        with mock.patch.object(module, '_hub_names', return_value=['a', 'b', 'c']), \
                mock.patch.object(module, 'run_lro', side_effect=run_lro), \
                mock.patch('azext_durabletask._client_factory.cf_task_hubs', return_value=client.task_hubs):
            with self.assertRaisesRegex(AzureResponseError, r"1 of 3 task hub\(s\) of scheduler 'orders' were not "
                                                            r"deleted \(b: \(Conflict\) busy\)"):
                module.delete_scheduler(SimpleNamespace(cli_ctx=None), scheduler_client, 'rg', 'orders',
                                        delete_task_hubs=True)
        self.assertEqual(sorted(deleted), ['a', 'c'])
        scheduler_client.begin_delete.assert_not_called()


class DeletePromptTest(unittest.TestCase):

    def test_the_prompt_names_the_hub_count(self):
        from azext_durabletask import scheduler as module
        args = {'resource_group_name': 'rg', 'scheduler_name': 'orders', 'delete_task_hubs': True}
        with mock.patch.object(module, '_hub_names', return_value=['a', 'b']), \
                mock.patch('sys.stdin', SimpleNamespace(closed=False, isatty=lambda: True)), \
                mock.patch('knack.prompting.prompt_y_n', return_value=True) as prompt:
            self.assertTrue(module.delete_confirmation(None, args))
        self.assertEqual(prompt.call_args[0][0],
                         "Delete scheduler 'orders' and its 2 task hub(s) (a, b), with their orchestrations? "
                         "This cannot be undone.")
        with mock.patch('knack.prompting.prompt_y_n', return_value=False) as prompt, \
                mock.patch('sys.stdin', SimpleNamespace(closed=False, isatty=lambda: True)):
            self.assertFalse(module.delete_confirmation(None, dict(args, delete_task_hubs=False)))
        # Without --delete-task-hubs: every delete's prompt.
        self.assertEqual(prompt.call_args[0][0], "Delete orders in resource group 'rg'? This cannot be undone.")

    def test_without_a_terminal_it_fails_before_any_request(self):
        from azure.cli.core.azclierror import RequiredArgumentMissingError
        from azext_durabletask import scheduler as module
        args = {'resource_group_name': 'rg', 'scheduler_name': 'orders', 'delete_task_hubs': True}
        for stdin in (None, SimpleNamespace(closed=True, isatty=lambda: True),
                      SimpleNamespace(closed=False, isatty=lambda: False)):
            with mock.patch.object(module, '_hub_names') as listed, mock.patch('sys.stdin', stdin):
                with self.assertRaisesRegex(RequiredArgumentMissingError, "scheduler 'orders' and its task hubs: "
                                                                          "there is no terminal.*Add --yes"):
                    module.delete_confirmation(None, args)
            listed.assert_not_called()


if __name__ == '__main__':
    unittest.main()
