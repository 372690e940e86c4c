# --------------------------------------------------------------------------------------------
# Licensed under the MIT License. See License.txt in the project root for license information.
# --------------------------------------------------------------------------------------------
"""The orchestration commands' input checks: connection strings, endpoints, times, statuses, JSON, tokens,
and how the task hub is addressed. No request is sent by any of them."""

import argparse
import unittest
from datetime import datetime, timedelta, timezone

from azure.cli.core.azclierror import (InvalidArgumentValueError, MutuallyExclusiveArgumentError,
                                       RequiredArgumentMissingError)

from azext_durabletask import _validators as v
from azext_durabletask._dataplane import parse_connection_string, parse_endpoint
from azext_durabletask.connection import build_connection_string
from azext_durabletask.orchestration import cursor_key, encode_next_token


def target(**kwargs):
    values = dict(resource_group_name=None, scheduler_name=None, task_hub_name=None, endpoint=None,
                  connection_string=None)
    values.update(kwargs)
    return argparse.Namespace(**values)


class ConnectionStringTest(unittest.TestCase):

    def test_the_sdk_form(self):
        parsed = parse_connection_string('Endpoint=https://s-ab12.westus2.durabletask.io/;TaskHub=hub1;'
                                         'Authentication=ManagedIdentity;ClientID=1234')
        self.assertEqual(parsed, ('https://s-ab12.westus2.durabletask.io', 'hub1', 'ManagedIdentity', '1234'))

    def test_keys_and_authentication_in_any_case_and_unknown_keys_ignored(self):
        parsed = parse_connection_string(' endpoint = http://localhost:8080 ; TASKHUB=default;authentication=none;'
                                         'Extra=1;')
        self.assertEqual(parsed, ('http://localhost:8080', 'default', 'None', None))

    def test_the_functions_form_has_no_task_hub_and_authentication_defaults_to_a_token(self):
        parsed = parse_connection_string('Endpoint=https://s-ab12.westus2.durabletask.io')
        self.assertEqual((parsed.task_hub, parsed.authentication), (None, 'DefaultAzure'))

    def test_reads_what_the_builder_writes(self):
        for auth in ('DefaultAzure', 'ManagedIdentity', 'AzureCLI'):
            text = build_connection_string('https://s-ab12.westus2.durabletask.io', 'hub1', auth)
            self.assertEqual(parse_connection_string(text)[:3], ('https://s-ab12.westus2.durabletask.io', 'hub1', auth))

    def test_errors_name_the_flag(self):
        cases = [
            ('TaskHub=hub1', RequiredArgumentMissingError, '--connection-string has no Endpoint='),
            ('Endpoint=https://x.io;Authentication=Password', InvalidArgumentValueError,
             'Authentication=Password is not one of DefaultAzure'),
            ('Endpoint=https://x.io;garbage', InvalidArgumentValueError, "'garbage' is not key=value"),
            ('Endpoint=x.io;TaskHub=h', InvalidArgumentValueError, "--connection-string Endpoint= 'x.io' is not an"),
            ('Endpoint=http://x.io;Authentication=AzureCLI', InvalidArgumentValueError,
             'a token is never sent over plain http'),
        ]
        for text, error, message in cases:
            with self.assertRaises(error) as raised:
                parse_connection_string(text)
            self.assertIn(message, str(raised.exception))


class EndpointTest(unittest.TestCase):

    def test_valid_endpoints_are_normalised(self):
        self.assertEqual(parse_endpoint('HTTPS://s-ab12.westus2.durabletask.io/'),
                         'https://s-ab12.westus2.durabletask.io')
        self.assertEqual(parse_endpoint('http://127.0.0.1:8080'), 'http://127.0.0.1:8080')

    def test_invalid_endpoints(self):
        for value in ('s-ab12.westus2.durabletask.io', 'grpc://x:1', 'https://', 'https://x.io/v1/taskhubs',
                      'https://x.io?a=b', 'http://x:port', ''):
            with self.assertRaisesRegex(InvalidArgumentValueError, '^--endpoint '):
                parse_endpoint(value)


class TimeTest(unittest.TestCase):

    def test_iso_8601_is_utc_and_no_zone_means_utc(self):
        self.assertEqual(v.parse_time('2026-05-01T12:00:00Z', '--x'), datetime(2026, 5, 1, 12, tzinfo=timezone.utc))
        self.assertEqual(v.parse_time('2026-05-01T14:00:00+02:00', '--x'),
                         datetime(2026, 5, 1, 12, tzinfo=timezone.utc))
        self.assertEqual(v.parse_time('2026-05-01', '--x'), datetime(2026, 5, 1, tzinfo=timezone.utc))

    def test_ages_count_back_from_now(self):
        for text, age in (('30m', timedelta(minutes=30)), ('1h', timedelta(hours=1)), ('2d', timedelta(days=2)),
                          ('1W', timedelta(weeks=1)), ('90s', timedelta(seconds=90)), ('1.5h', timedelta(hours=1.5))):
            expected = datetime.now(timezone.utc) - age
            self.assertAlmostEqual(v.parse_time(text, '--x').timestamp(), expected.timestamp(), delta=2)

    def test_other_text_is_refused_with_the_flag(self):
        for text in ('yesterday', '1y', '-1h', '2026-13-01', 'h1'):
            with self.assertRaisesRegex(InvalidArgumentValueError, "^--created-after '.*' is not a time"):
                v.parse_time(text, '--created-after')


class StatusTest(unittest.TestCase):

    def test_any_case_hyphens_commas_and_no_duplicates(self):
        self.assertEqual(v.parse_statuses(['failed', 'continued-as-new', 'RUNNING,Failed']),
                         ['Failed', 'ContinuedAsNew', 'Running'])
        self.assertIsNone(v.parse_statuses(None))

    def test_unknown_status_lists_the_allowed_ones(self):
        with self.assertRaisesRegex(InvalidArgumentValueError, "^--status 'Done' is not a status here: use Running"):
            v.parse_statuses(['Done'])


class JsonAndTokenTest(unittest.TestCase):

    def test_json_values(self):
        self.assertEqual(v.parse_json_value('{"a": [1, 2]}', '--input'), {'a': [1, 2]})
        self.assertEqual(v.parse_json_value('"text"', '--input'), 'text')
        self.assertIsNone(v.parse_json_value(None, '--input'))
        with self.assertRaisesRegex(InvalidArgumentValueError, r'^--event-data is not valid JSON'):
            v.parse_json_value('text', '--event-data')

    def test_next_token_round_trip(self):
        key = cursor_key(1767225600, 123456000, 'order-42')
        self.assertEqual(v.parse_next_token(encode_next_token(key)), (1767225600, 123456000, 'order-42'))

    def test_foreign_tokens_are_refused(self):
        for token in ('garbage', 'WzEsMl0', encode_next_token(cursor_key(1, 2, 'x'))[:-3], '!!'):
            with self.assertRaisesRegex(InvalidArgumentValueError, '^--next-token is not a token'):
                v.parse_next_token(token)

    def test_pages_are_ordered_newest_first_then_by_descending_id(self):
        keys = [cursor_key(10, 0, 'a'), cursor_key(20, 0, 'a'), cursor_key(10, 5, 'a'), cursor_key(10, 0, 'b')]
        self.assertEqual(sorted(keys), [keys[1], keys[2], keys[3], keys[0]])


class TargetTest(unittest.TestCase):

    def test_the_three_ways_pass(self):
        v.validate_task_hub_target(target(resource_group_name='rg', scheduler_name='sched-1', task_hub_name='hub1'))
        v.validate_task_hub_target(target(endpoint='http://localhost:8080', task_hub_name='default'))
        v.validate_task_hub_target(target(connection_string='Endpoint=http://localhost:8080;TaskHub=default;'
                                                            'Authentication=None'))
        # a default group (az config) does not conflict with an endpoint
        v.validate_task_hub_target(target(resource_group_name='rg', endpoint='http://x:1', task_hub_name='h'))

    def test_conflicts_and_gaps(self):
        cases = [
            (target(), RequiredArgumentMissingError, 'Say which task hub'),
            (target(connection_string='Endpoint=http://x:1;Authentication=None', endpoint='http://x:1'),
             MutuallyExclusiveArgumentError, 'drop --endpoint'),
            (target(connection_string='Endpoint=http://x:1;Authentication=None', scheduler_name='s-1'),
             MutuallyExclusiveArgumentError, 'drop -s/--scheduler-name'),
            (target(connection_string='Endpoint=http://x:1;Authentication=None'), RequiredArgumentMissingError,
             '--task-hub is required: --connection-string has no TaskHub='),
            (target(resource_group_name='rg', scheduler_name='sched-1'), RequiredArgumentMissingError,
             '--task-hub is required with -s/--scheduler-name'),
            (target(resource_group_name='rg', scheduler_name='s', task_hub_name='hub1'), InvalidArgumentValueError,
             "--scheduler-name 's' is not a valid scheduler name"),
            (target(resource_group_name='rg', scheduler_name='sched-1', task_hub_name='hub_1'),
             InvalidArgumentValueError, "--task-hub 'hub_1' is not a valid task hub name"),
        ]
        for namespace, error, message in cases:
            with self.assertRaises(error) as raised:
                v.validate_task_hub_target(namespace)
            self.assertIn(message, str(raised.exception))


class CommandValidatorTest(unittest.TestCase):

    def purge(self, **kwargs):
        values = dict(instance_id=None, status=None, created_after=None, created_before=None, yes=True)
        values.update(kwargs)
        namespace = target(endpoint='http://x:1', task_hub_name='h', **values)
        v.validate_orchestration_purge(namespace)
        return namespace

    def test_purge_without_yes_and_without_a_terminal_is_refused_before_connecting(self):
        from unittest import mock
        with mock.patch.object(v, 'has_terminal', return_value=False), \
                self.assertRaisesRegex(RequiredArgumentMissingError, 'no terminal .* Add --yes'):
            self.purge(status=['Completed'], yes=False)

    def test_purge_by_filter_parses_the_filter(self):
        namespace = self.purge(status=['failed', 'terminated'], created_after='1h')
        self.assertEqual(namespace.status, ['Failed', 'Terminated'])
        self.assertIsInstance(namespace.created_after, datetime)

    def test_purge_needs_one_instance_or_a_filter_of_finished_statuses(self):
        with self.assertRaisesRegex(RequiredArgumentMissingError, '^Say what to purge'):
            self.purge()
        with self.assertRaisesRegex(MutuallyExclusiveArgumentError, '--created-before select many'):
            self.purge(instance_id='x', created_before='1h')
        with self.assertRaisesRegex(InvalidArgumentValueError, '^--status Running Pending: only finished'):
            self.purge(status=['Running', 'Pending', 'Failed'])
        with self.assertRaisesRegex(RequiredArgumentMissingError, 'must not be empty'):
            self.purge(instance_id=' ')

    def test_list_checks_the_window_and_the_page_size(self):
        namespace = target(endpoint='http://x:1', task_hub_name='h', status=None, created_after='2h',
                           created_before='1h', max_items='25', next_token=None)
        v.validate_orchestration_list(namespace)
        self.assertEqual(namespace.max_items, 25)
        namespace.created_after, namespace.created_before = '1h', '2h'
        with self.assertRaisesRegex(InvalidArgumentValueError, 'earlier than --created-before'):
            v.validate_orchestration_list(namespace)

    def test_start_and_raise_event_parse_their_json(self):
        start = target(endpoint='http://x:1', task_hub_name='h', name='Flow', instance_id=None,
                       input_value='{"n": 1}')
        v.validate_orchestration_start(start)
        self.assertEqual(start.input_value, {'n': 1})
        event = target(endpoint='http://x:1', task_hub_name='h', instance_id='i', event_name=' ', event_data=None)
        with self.assertRaisesRegex(RequiredArgumentMissingError, '^--event-name must not be empty'):
            v.validate_orchestration_event(event)


if __name__ == '__main__':
    unittest.main()
