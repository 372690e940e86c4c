# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""Retention policies: option checks, exact request bodies, the merge of `update`, the SKU limit, the table."""

import argparse
import json
import unittest
from types import SimpleNamespace
from unittest import mock

from azure.cli.core.azclierror import (InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                       RequiredArgumentMissingError, ResourceNotFoundError)

from azext_durabletask import _validators as v
from azext_durabletask import retention
from azext_durabletask._format import transform_retention_policy, transform_retention_policy_list

DAYS = ('default_days', 'completed_days', 'failed_days', 'terminated_days', 'canceled_days')


def namespace(**kwargs):
    values = dict({name: None for name in DAYS}, scheduler_name='sched-1', remove=None)
    values.update(kwargs)
    return argparse.Namespace(**values)


def wire(model):
    """What the SDK puts on the wire for a model."""
    from azure.mgmt.durabletask._utils.model_base import SdkJSONEncoder
    return json.loads(json.dumps(model, cls=SdkJSONEncoder, exclude_readonly=True))


def policy(*rules):
    """A policy as the SDK returns it, from (state or None, days) pairs."""
    from azure.mgmt.durabletask.models import RetentionPolicy
    details = [dict({'retentionPeriodInDays': days}, **({'orchestrationState': state} if state else {}))
               for state, days in rules]
    return RetentionPolicy({'id': '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DurableTask/schedulers/'
                                  'sched-1/retentionPolicies/default', 'name': 'default',
                            'properties': {'provisioningState': 'Succeeded', 'retentionPolicies': details}})


class DaysTest(unittest.TestCase):

    def test_whole_days_in_bounds(self):
        for text, days in (('0', 0), ('1', 1), (' 7 ', 7), ('30', 30), ('90', 90), ('007', 7), (45, 45)):
            self.assertEqual(v.parse_retention_days(text, '--failed-days'), days)
        self.assertIsNone(v.parse_retention_days(None, '--failed-days'))

    def test_anything_else_is_refused_naming_the_flag_and_rule(self):
        # The public extension silently dropped these; here each is an error before any request.
        for text in ('91', '365', '-1', '1.5', '7d', 'abc', '', ' ', '1e2', '²', '0x10', 'None', '1,5'):
            with self.assertRaisesRegex(InvalidArgumentValueError,
                                        r"^--completed-days '.*' is not a retention period: use a whole number of "
                                        r"days from 0 \(purge as soon as possible\) to 90 \(30 on the Consumption"):
                v.parse_retention_days(text, '--completed-days')

    def test_sku_limit(self):
        v.check_retention_days_for_sku([('--failed-days', 90)], 'Dedicated', 's')
        v.check_retention_days_for_sku([('--failed-days', 30)], 'Consumption', 's')
        v.check_retention_days_for_sku([('--failed-days', 90)], 'FutureSku', 's')  # left to the service
        with self.assertRaisesRegex(InvalidArgumentValueError,
                                    r"^--failed-days 31: scheduler 's' uses the Consumption SKU, which keeps "
                                    r"orchestrations at most 30 days\. Use 0 to 30\.$"):
            v.check_retention_days_for_sku([('--default-days', 3), ('--failed-days', 31)], 'consumption', 's')


class ValidatorTest(unittest.TestCase):

    def test_create_parses_every_option(self):
        ns = namespace(default_days='30', completed_days='0', failed_days='90', terminated_days='7',
                       canceled_days='1')
        v.validate_retention_create(ns)
        self.assertEqual([getattr(ns, name) for name in DAYS], [30, 0, 90, 7, 1])

    def test_create_needs_a_rule(self):
        with self.assertRaisesRegex(RequiredArgumentMissingError, '^Give at least one of --default-days'):
            v.validate_retention_create(namespace())

    def test_create_checks_the_scheduler_name(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--scheduler-name 'a_b'"):
            v.validate_retention_create(namespace(scheduler_name='a_b', default_days='1'))

    def test_update_needs_something(self):
        with self.assertRaisesRegex(RequiredArgumentMissingError, '^Nothing to update: .*--remove'):
            v.validate_retention_update(namespace())

    def test_update_remove_alone_is_enough(self):
        v.validate_retention_update(namespace(remove=['Failed']))

    def test_update_set_and_remove_one_state_contradict(self):
        with self.assertRaisesRegex(MutuallyExclusiveArgumentError,
                                    '^--failed-days and --remove failed contradict each other'):
            v.validate_retention_update(namespace(failed_days='3', remove=['Completed', 'Failed']))
        with self.assertRaisesRegex(MutuallyExclusiveArgumentError, '^--default-days and --remove default'):
            v.validate_retention_update(namespace(default_days='3', remove=['Default']))

    def test_update_refuses_bad_days_first(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--terminated-days '100'"):
            v.validate_retention_update(namespace(terminated_days='100'))


class BodyTest(unittest.TestCase):

    def test_create_body_in_option_order(self):
        rules = retention.requested_rules(default_days=30, completed_days=0, failed_days=90, terminated_days=7,
                                          canceled_days=1)
        body = wire(retention.build_retention_policy([(state, days) for _, state, days in rules]))
        self.assertEqual(body, {'properties': {'retentionPolicies': [
            {'retentionPeriodInDays': 30},
            {'retentionPeriodInDays': 0, 'orchestrationState': 'Completed'},
            {'retentionPeriodInDays': 90, 'orchestrationState': 'Failed'},
            {'retentionPeriodInDays': 7, 'orchestrationState': 'Terminated'},
            {'retentionPeriodInDays': 1, 'orchestrationState': 'Canceled'},
        ]}})

    def test_zero_days_is_sent(self):
        rules = retention.requested_rules(completed_days=0)
        self.assertEqual(rules, [('--completed-days', 'Completed', 0)])

    def test_merge_keeps_other_states_and_their_order(self):
        current = [('Failed', 30), (None, 10), ('completed', 1)]
        requested = retention.requested_rules(completed_days=2, canceled_days=5)
        self.assertEqual(retention.merge_rules(current, requested),
                         [('Failed', 30), (None, 10), ('completed', 2), ('Canceled', 5)])

    def test_merge_removes(self):
        current = [(None, 10), ('Completed', 1), ('Failed', 30)]
        self.assertEqual(retention.merge_rules(current, [], [None, 'Failed']), [('Completed', 1)])
        self.assertEqual(retention.merge_rules(current, retention.requested_rules(default_days=4), ['Completed']),
                         [(None, 4), ('Failed', 30)])

    def test_merge_collapses_duplicates(self):
        self.assertEqual(retention.merge_rules([('Failed', 3), ('FAILED', 4)], []), [('Failed', 3)])


class FakeLro:  # pylint: disable=too-few-public-methods
    def __init__(self, result):
        self._result = result

    def done(self):
        return True

    def result(self):
        return self._result


def fake_cmd():
    cmd = mock.MagicMock()
    cmd.cli_ctx.only_show_errors = True
    return cmd


class EtagPolicies:
    """A retention policy behind an ETag, as the service keeps it: get() gives the ETag (through `cls`, as the SDK
    does), and a PATCH whose If-Match differs is answered 412. `others` are writes other callers make between our
    read and our PATCH (one per attempt)."""

    def __init__(self, current, others=()):
        self.policy, self.version, self.others = current, 1, list(others)
        self.patches = []

    def get(self, rg, name, cls=None):
        response = SimpleNamespace(http_response=SimpleNamespace(headers={'ETag': '"v{}"'.format(self.version)}))
        return cls(response, self.policy, {}) if cls else self.policy

    def begin_update(self, rg, name, body, headers=None, **_):
        from azure.core.exceptions import HttpResponseError
        self.patches.append(((rg, name, body), dict(headers or {})))
        if self.others:
            self.policy, self.version = self.others.pop(0), self.version + 1
        if (headers or {}).get('If-Match') != '"v{}"'.format(self.version):
            error = HttpResponseError('precondition failed')
            error.status_code = 412
            raise error
        self.policy, self.version = body, self.version + 1
        return FakeLro(body)


class UpdateTest(unittest.TestCase):
    """`update` reads the policy and PATCHes the whole merged list (the service replaces lists on PATCH), on the
    condition that nobody wrote it in between."""

    def _client(self, current, others=()):
        return EtagPolicies(current, others)

    def test_patch_body_keeps_unchanged_rules(self):
        client = self._client(policy((None, 30), ('Completed', 1), ('Failed', 60)))
        retention.update_retention_policy(fake_cmd(), client, 'rg', 'sched-1', failed_days=20, terminated_days=5)
        ((rg, name, body), headers), = client.patches
        self.assertEqual((rg, name, headers), ('rg', 'sched-1', {'If-Match': '"v1"'}))
        self.assertEqual(wire(body), {'properties': {'retentionPolicies': [
            {'retentionPeriodInDays': 30},
            {'retentionPeriodInDays': 1, 'orchestrationState': 'Completed'},
            {'retentionPeriodInDays': 20, 'orchestrationState': 'Failed'},
            {'retentionPeriodInDays': 5, 'orchestrationState': 'Terminated'},
        ]}})

    def test_patch_body_without_removed_rules(self):
        client = self._client(policy((None, 30), ('Completed', 1), ('Failed', 60)))
        retention.update_retention_policy(fake_cmd(), client, 'rg', 'sched-1', remove=['Default', 'Failed'])
        ((_, _, body), _), = client.patches
        self.assertEqual(wire(body), {'properties': {'retentionPolicies': [
            {'retentionPeriodInDays': 1, 'orchestrationState': 'Completed'}]}})

    def test_removing_every_rule_is_refused_before_patch(self):
        client = self._client(policy(('Completed', 1)))
        with self.assertRaisesRegex(InvalidArgumentValueError, '^--remove would leave .* delete it'):
            retention.update_retention_policy(fake_cmd(), client, 'rg', 'sched-1', remove=['Completed'])
        self.assertEqual(client.patches, [])

    def test_a_concurrent_write_is_merged_not_lost(self):
        # Another update added Failed 7 between our read and our PATCH: ours is refused (412), read again, merged.
        client = self._client(policy((None, 30)), others=[policy((None, 30), ('Failed', 7))])
        with self.assertLogs('cli.azext_durabletask.retention', 'WARNING') as logs:
            retention.update_retention_policy(fake_cmd(), client, 'rg', 'sched-1', completed_days=1)
        self.assertEqual(len(client.patches), 2)
        self.assertIn('changed while this update was being written', logs.output[0])
        self.assertEqual(wire(client.policy), {'properties': {'retentionPolicies': [
            {'retentionPeriodInDays': 30},
            {'retentionPeriodInDays': 7, 'orchestrationState': 'Failed'},
            {'retentionPeriodInDays': 1, 'orchestrationState': 'Completed'}]}})

    def test_a_policy_that_keeps_changing_fails_loudly(self):
        from azure.cli.core.azclierror import AzureResponseError
        others = [policy((None, days)) for days in range(1, retention.UPDATE_ATTEMPTS + 1)]
        client = self._client(policy((None, 30)), others=others)
        with self.assertLogs('cli.azext_durabletask.retention', 'WARNING'), \
                self.assertRaisesRegex(AzureResponseError, 'kept changing .* nothing was changed by this command'):
            retention.update_retention_policy(fake_cmd(), client, 'rg', 'sched-1', completed_days=1)
        self.assertEqual(len(client.patches), retention.UPDATE_ATTEMPTS)

    def test_missing_policy_is_a_not_found_error(self):
        from azure.core.exceptions import ResourceNotFoundError as SdkNotFound
        client = mock.MagicMock()
        client.get.side_effect = SdkNotFound('Not found')
        client.get.side_effect.status_code = 404
        with self.assertRaises(ResourceNotFoundError) as caught:
            retention.update_retention_policy(fake_cmd(), client, 'rg', 'sched-1', failed_days=3)
        self.assertIn('retention-policy create', caught.exception.recommendations[0])
        client.begin_update.assert_not_called()


class SkuCheckTest(unittest.TestCase):
    """The 30-day Consumption limit costs one GET of the scheduler, only when a value is above 30."""

    def _scheduler(self, sku):
        from azure.mgmt.durabletask.models import Scheduler
        return Scheduler({'location': 'westus2', 'properties': {'sku': {'name': sku}, 'ipAllowlist': []}})

    def _create(self, sku, **days):
        client = mock.MagicMock()
        client.begin_create_or_replace.side_effect = lambda rg, name, body, **_polling: FakeLro(body)
        schedulers = mock.MagicMock()
        schedulers.get.return_value = self._scheduler(sku)
        with mock.patch('azext_durabletask._client_factory.cf_schedulers', return_value=schedulers):
            retention.create_retention_policy(fake_cmd(), client, 'rg', 'sched-1', **days)
        return client, schedulers

    def test_up_to_30_days_needs_no_get(self):
        client, schedulers = self._create('Consumption', default_days=30, failed_days=0)
        schedulers.get.assert_not_called()
        client.begin_create_or_replace.assert_called_once()

    def test_over_30_on_dedicated_reads_the_sku_once(self):
        client, schedulers = self._create('Dedicated', default_days=31, failed_days=90)
        schedulers.get.assert_called_once_with('rg', 'sched-1')
        client.begin_create_or_replace.assert_called_once()

    def test_over_30_on_consumption_is_refused_before_put(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--failed-days 45: scheduler 'sched-1' uses the "
                                                               "Consumption SKU"):
            self._create('Consumption', default_days=10, failed_days=45)


class TableTest(unittest.TestCase):

    def test_one_row_per_rule(self):
        result = {'properties': {'retentionPolicies': [
            {'retentionPeriodInDays': 30}, {'retentionPeriodInDays': 0, 'orchestrationState': 'Completed'}]}}
        self.assertEqual([dict(row) for row in transform_retention_policy(result)],
                         [{'State': 'Default', 'Days': 30}, {'State': 'Completed', 'Days': 0}])
        self.assertEqual(list(transform_retention_policy(result)[0]), ['State', 'Days'])

    def test_empty_and_list(self):
        self.assertEqual(transform_retention_policy({'properties': {}}), [])
        self.assertEqual(transform_retention_policy_list([]), [])
        result = {'properties': {'retentionPolicies': [{'retentionPeriodInDays': 5, 'orchestrationState': 'Failed'}]}}
        self.assertEqual([dict(row) for row in transform_retention_policy_list([result])],
                         [{'State': 'Failed', 'Days': 5}])


if __name__ == '__main__':
    unittest.main()
