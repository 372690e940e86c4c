# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""A `create` that meets an existing resource (a pipeline's re-run) keeps every setting it was not given, changes
only the given ones, and says so in one line (issue 11)."""
import unittest
from types import SimpleNamespace
from unittest import mock

from azure.cli.core.azclierror import InvalidArgumentValueError, ValidationError
from azure.core.exceptions import ResourceNotFoundError
from azure.mgmt.durabletask.models import (RetentionPolicy, RetentionPolicyDetails, RetentionPolicyProperties,
                                           Scheduler, SchedulerProperties, SchedulerSku)

from azext_durabletask import retention, scheduler, taskhub
from tests.unit.test_scheduler_bodies import wire


def existing_scheduler(state='Succeeded', capacity=3, allowlist=('10.0.0.0/8',), access='Disabled', tags=None):
    return Scheduler(location='westus2', tags={'team': 'orders', 'env': 'prod'} if tags is None else tags,
                     properties=SchedulerProperties(ip_allowlist=list(allowlist), public_network_access=access,
                                                    sku=SchedulerSku(name='Dedicated', capacity=capacity),
                                                    provisioning_state=state))


class FakeClient:
    """get() answers the resource (or 404); every write is recorded and answered by a poller that is done."""

    def __init__(self, resource=None):
        self.resource, self.writes = resource, []

    def get(self, *names):
        if self.resource is None:
            raise ResourceNotFoundError('not found')
        return self.resource

    def _write(self, method, *args, **kwargs):
        self.writes.append((method, args))
        return SimpleNamespace(done=lambda: True, result=lambda: args[-1], status=lambda: 'Succeeded',
                               wait=lambda *_: None)

    def begin_create_or_update(self, *args, **kwargs):
        return self._write('PUT', *args, **kwargs)

    def begin_update(self, *args, **kwargs):
        return self._write('PATCH', *args, **kwargs)

    def begin_create_or_replace(self, *args, **kwargs):
        return self._write('PUT', *args, **kwargs)


def quiet_cmd():
    config = SimpleNamespace(getboolean=lambda *args, **kwargs: True)  # progress off
    return SimpleNamespace(cli_ctx=SimpleNamespace(only_show_errors=True, config=config))


class SchedulerRerunTest(unittest.TestCase):

    def create(self, client, **given):
        args = dict(sku_name='Dedicated', location=None, sku_capacity=None, ip_allowlist=None,
                    public_network_access=None, tags=None)
        args.update(given)
        with self.assertLogs('cli.azext_durabletask.scheduler', 'WARNING') as logs:
            result = scheduler.create_scheduler(quiet_cmd(), client, 'rg1', 'sched1', **args)
        return result, logs.output

    def test_rerun_with_only_the_required_options_sends_nothing_and_keeps_everything(self):
        client = FakeClient(existing_scheduler())
        result, logs = self.create(client)
        self.assertEqual(client.writes, [])
        self.assertIs(result, client.resource)
        self.assertEqual(len(logs), 1)
        for kept in ('already exists', 'nothing to change', 'capacity 3', 'allow list [10.0.0.0/8]',
                     'public network access Disabled', '2 tag(s)'):
            self.assertIn(kept, logs[0])

    def test_rerun_changes_only_what_was_given(self):
        client = FakeClient(existing_scheduler())
        _, logs = self.create(client, tags={'team': 'billing'}, location='westus2')
        (method, args), = client.writes
        self.assertEqual(method, 'PATCH')
        self.assertEqual(wire(args[-1]), {'tags': {'team': 'billing'}})
        self.assertIn('changing only --tags', logs[0])
        self.assertIn('allow list [10.0.0.0/8]', logs[0])

    def test_rerun_with_the_same_values_in_another_order_changes_nothing(self):
        client = FakeClient(existing_scheduler(allowlist=('10.0.0.0/8', '203.0.113.0/24')))
        self.create(client, ip_allowlist=['203.0.113.0/24', '10.0.0.0/8'], sku_capacity=3,
                    public_network_access='disabled', tags={'env': 'prod', 'team': 'orders'})
        self.assertEqual(client.writes, [])

    def test_new_scheduler_gets_the_defaults(self):
        client = FakeClient(None)
        with self.assertLogs('cli.azext_durabletask.scheduler', 'WARNING'):
            scheduler.create_scheduler(quiet_cmd(), client, 'rg1', 'sched1', 'Dedicated', location='westus2')
        (method, args), = client.writes
        self.assertEqual(method, 'PUT')
        self.assertEqual(wire(args[-1])['properties'], {'ipAllowlist': ['0.0.0.0/0'],
                                                        'sku': {'name': 'Dedicated', 'capacity': 1}})

    def test_rerun_while_provisioning_says_wait_created(self):
        client = FakeClient(existing_scheduler(state='Provisioning'))
        with self.assertRaises(ValidationError) as caught:
            scheduler.create_scheduler(quiet_cmd(), client, 'rg1', 'sched1', 'Dedicated')
        self.assertIn('still being provisioned', str(caught.exception))
        self.assertEqual(caught.exception.recommendations,
                         ['az durabletask scheduler wait -g rg1 -n sched1 --created'])
        self.assertEqual(client.writes, [])

    def test_rerun_while_deleting_says_wait_deleted(self):
        client = FakeClient(existing_scheduler(state='Deleting'))
        with self.assertRaisesRegex(ValidationError, 'is being deleted'):
            scheduler.create_scheduler(quiet_cmd(), client, 'rg1', 'sched1', 'Dedicated')

    def test_rerun_in_another_region_is_refused(self):
        client = FakeClient(existing_scheduler())
        with self.assertRaisesRegex(InvalidArgumentValueError, '^--location eastus: .*already exists in westus2'):
            scheduler.create_scheduler(quiet_cmd(), client, 'rg1', 'sched1', 'Dedicated', location='eastus')


class TaskHubRerunTest(unittest.TestCase):

    def test_existing_hub_is_a_no_op_with_a_line(self):
        hub = SimpleNamespace(name='hub1', properties=SimpleNamespace(provisioning_state='Succeeded'))
        client = FakeClient(hub)
        with self.assertLogs('cli.azext_durabletask.taskhub', 'WARNING') as logs:
            result = taskhub.create_task_hub(quiet_cmd(), client, 'rg1', 'sched1', 'hub1')
        self.assertIs(result, hub)
        self.assertEqual(client.writes, [])
        self.assertIn("Task hub 'hub1' already exists", logs.output[0])

    def test_hub_being_deleted_is_told_to_wait(self):
        client = FakeClient(SimpleNamespace(name='hub1', properties=SimpleNamespace(provisioning_state='Deleting')))
        with self.assertRaises(ValidationError) as caught:
            taskhub.create_task_hub(quiet_cmd(), client, 'rg1', 'sched1', 'hub1')
        self.assertEqual(caught.exception.recommendations,
                         ['az durabletask taskhub wait -g rg1 -s sched1 -n hub1 --deleted'])


def policy(*rules):
    return RetentionPolicy(properties=RetentionPolicyProperties(retention_policies=[
        RetentionPolicyDetails(retention_period_in_days=days, orchestration_state=state) for state, days in rules]))


class RetentionCreateTest(unittest.TestCase):

    def create(self, client, **days):
        with self.assertLogs('cli.azext_durabletask.retention', 'WARNING') as logs:
            retention.create_retention_policy(quiet_cmd(), client, 'rg1', 'sched1', **days)
        return logs.output

    def test_create_over_a_policy_names_the_rules_it_replaces(self):
        client = FakeClient(policy((None, 30), ('Failed', 7)))
        logs = self.create(client, completed_days=1)
        self.assertEqual(len(client.writes), 1)
        self.assertIn('default 30 days, Failed 7 days become Completed 1 day', logs[0])
        self.assertIn('retention-policy update', logs[0])

    def test_create_with_the_same_rules_changes_nothing(self):
        client = FakeClient(policy(('Failed', 7), (None, 30)))
        logs = self.create(client, default_days=30, failed_days=7)
        self.assertEqual(client.writes, [])
        self.assertIn('nothing to change', logs[0])

    def test_first_create_says_nothing(self):
        client = FakeClient(None)
        with mock.patch.object(retention.logger, 'warning') as warning:
            retention.create_retention_policy(quiet_cmd(), client, 'rg1', 'sched1', default_days=30)
        warning.assert_not_called()
        self.assertEqual(len(client.writes), 1)


class FailedSchedulerRerunTest(unittest.TestCase):

    def test_a_failed_scheduler_is_created_again_with_its_own_settings(self):
        client = FakeClient(existing_scheduler(state='Failed'))
        with self.assertLogs('cli.azext_durabletask.scheduler', 'WARNING') as logs:
            scheduler.create_scheduler(quiet_cmd(), client, 'rg1', 'sched1', 'Dedicated', tags={'team': 'billing'})
        (method, args), = client.writes
        self.assertEqual(method, 'PUT')
        self.assertEqual(wire(args[-1]), {'location': 'westus2', 'tags': {'team': 'billing'}, 'properties': {
            'ipAllowlist': ['10.0.0.0/8'], 'publicNetworkAccess': 'Disabled', 'sku': {'name': 'Dedicated',
                                                                                      'capacity': 3}}})
        self.assertIn('provisioning failed: creating it again', logs.output[0])


class EncryptionRerunTest(unittest.TestCase):

    def test_the_same_setting_again_changes_nothing(self):
        from azext_durabletask import encryption
        current = SimpleNamespace(properties=SimpleNamespace(key_source='MicrosoftManaged', key_vault_key_uri=None))
        client = SimpleNamespace(transparent_data_encryptions=FakeClient(current))
        with self.assertLogs('cli.azext_durabletask.encryption', 'WARNING') as logs:
            result = encryption.create_tde(quiet_cmd(), client, 'rg1', 'sched1', key_source='MicrosoftManaged')
        self.assertIs(result, current)
        self.assertEqual(client.transparent_data_encryptions.writes, [])
        self.assertIn('nothing to change', logs.output[0])
